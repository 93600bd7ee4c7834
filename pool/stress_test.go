package pool_test

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/pool"
)

func TestStressConcurrentAcquireReleaseDestroyInvalidateAndClose(t *testing.T) {
	const (
		maxSize  = 4
		workers  = 32
		duration = time.Second
	)
	var srv fakeServer
	cfg := srv.config()
	cfg.MaxSize = maxSize
	cfg.AcquireTimeout = 20 * time.Millisecond
	cfg.MaxLifetime = 20 * time.Millisecond
	cfg.MaxLifetimeJitter = 10 * time.Millisecond
	cfg.MaxIdleTime = 5 * time.Millisecond
	cfg.PingAfterIdle = time.Millisecond
	cfg.HealthCheckPeriod = 2 * time.Millisecond
	cfg.Logger = slog.New(slog.DiscardHandler)
	cfg.Ping = func(_ context.Context, c *fakeConn) error {
		if rand.N(20) == 0 {
			c.broken.Store(true)
			return errConnReset
		}
		return nil
	}
	cfg.Reset = func(context.Context, *fakeConn) error {
		if rand.N(20) == 0 {
			return errors.New("rollback failed")
		}
		return nil
	}
	p, err := pool.New(cfg)
	require.NoError(t, err)

	var (
		wg       sync.WaitGroup
		held     atomic.Int64 // leases currently checked out
		acquired atomic.Int64
	)
	for range workers {
		wg.Go(func() {
			for {
				ctx, cancel := context.WithTimeout(context.Background(), time.Duration(rand.N(30))*time.Millisecond)
				l, err := p.Acquire(ctx)
				cancel()
				switch {
				case errors.Is(err, pool.ErrClosed):
					return
				case errors.Is(err, pool.ErrTimeout), errors.Is(err, context.DeadlineExceeded), errors.Is(err, errConnReset):
					continue
				case err != nil:
					t.Errorf("unexpected Acquire error: %v", err)
					return
				}
				acquired.Add(1)
				if n := held.Add(1); n > maxSize {
					t.Errorf("%d leases held at once with MaxSize %d", n, maxSize)
				}
				c := l.Value()
				if c.closed.Load() || c.broken.Load() {
					t.Errorf("Acquire handed out connection %d: closed %v, failed its ping %v",
						c.id, c.closed.Load(), c.broken.Load())
				}
				switch rand.N(8) {
				case 0:
					runtime.Gosched()
				case 1:
					time.Sleep(time.Duration(rand.N(500)) * time.Microsecond)
				}
				held.Add(-1)
				switch rand.N(100) {
				case 0, 1, 2, 3, 4, 5, 6, 7, 8, 9:
					l.Destroy()
				case 10, 11, 12:
					p.Invalidate()
					l.Release()
				case 13:
					if rand.N(10) == 0 {
						l.TrackLeak(0) // and drop it
					} else {
						l.Release()
					}
				default:
					l.Release()
					l.Release()
				}
				if rand.N(16) == 0 { // let connections sit idle, to be pinged or expire
					time.Sleep(time.Duration(rand.N(3000)) * time.Microsecond)
				}
			}
		})
	}
	stopStats, statsDone := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(statsDone)
		for {
			select {
			case <-stopStats:
				return
			case <-time.After(time.Millisecond):
			}
			assert.LessOrEqual(t, p.Stats().Open, int32(maxSize))
			runtime.GC() // reclaims leaked leases, which hold slots until collected
		}
	}()

	time.Sleep(duration)
	p.Close()
	wg.Wait()
	close(stopStats)
	<-statsDone
	// Leases dropped with TrackLeak are reclaimed by the collector.
	require.Eventually(t, func() bool {
		runtime.GC()
		select {
		case <-p.Drained():
			return true
		default:
			return false
		}
	}, 10*time.Second, 10*time.Millisecond, "connections still open after Close")

	s := p.Stats()
	t.Logf("%d acquires, %d connections opened, %+v", acquired.Load(), srv.nextID.Load(), s)
	assert.Greater(t, acquired.Load(), int64(workers))
	assert.LessOrEqual(t, srv.maxOpen.Load(), int64(maxSize), "connections open at once")
	assert.Equal(t, int64(0), srv.open.Load(), "connections still open")
	assert.Equal(t, int64(0), srv.doubleClose.Load(), "connections closed twice")
	assert.Equal(t, srv.nextID.Load(), s.Created)
	assert.Equal(t, s.Created, s.Closed)
	assert.Equal(t, int32(0), s.Open)
}
