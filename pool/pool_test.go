package pool_test

import (
	"context"
	"errors"
	"log/slog"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/pool"
)

func TestNewRequiresConnect(t *testing.T) {
	_, err := pool.New(pool.Config[*fakeConn]{})
	require.ErrorContains(t, err, "Connect")
}

func TestNewRejectsNegativeSizesAndDurations(t *testing.T) {
	var srv fakeServer
	for name, edit := range map[string]func(*pool.Config[*fakeConn]){
		"MaxSize":           func(c *pool.Config[*fakeConn]) { c.MaxSize = -1 },
		"MaxLifetime":       func(c *pool.Config[*fakeConn]) { c.MaxLifetime = -time.Second },
		"MaxLifetimeJitter": func(c *pool.Config[*fakeConn]) { c.MaxLifetimeJitter = -time.Second },
		"MaxIdleTime":       func(c *pool.Config[*fakeConn]) { c.MaxIdleTime = -time.Second },
		"HealthCheckPeriod": func(c *pool.Config[*fakeConn]) { c.HealthCheckPeriod = -time.Second },
		"ResetTimeout":      func(c *pool.Config[*fakeConn]) { c.ResetTimeout = -time.Second },
	} {
		t.Run(name, func(t *testing.T) {
			cfg := srv.config()
			edit(&cfg)
			_, err := pool.New(cfg)
			require.ErrorContains(t, err, name)
		})
	}
}

func TestNewOpensNoConnectionAndAppliesDefaults(t *testing.T) {
	var srv fakeServer
	p := newTestPool(t, srv.config())
	assert.Equal(t, int64(0), srv.open.Load())
	assert.Equal(t, pool.Stats{MaxSize: 10}, p.Stats())
}

func TestAcquireReusesAReleasedConnection(t *testing.T) {
	var srv fakeServer
	p := newTestPool(t, srv.config())

	first := mustAcquire(t, p)
	id := first.Value().id
	first.Release()
	second := mustAcquire(t, p)
	defer second.Release()

	assert.Equal(t, id, second.Value().id)
	assert.Equal(t, int64(1), srv.nextID.Load(), "connections opened")
}

func TestAcquireWaitsForAReleaseWhenMaxSizeConnectionsAreInUse(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var srv fakeServer
		cfg := srv.config()
		cfg.MaxSize = 2
		p := newTestPool(t, cfg)
		a, b := mustAcquire(t, p), mustAcquire(t, p)
		defer b.Release()

		got := make(chan *pool.Lease[*fakeConn])
		go func() {
			l, err := p.Acquire(context.Background())
			assert.NoError(t, err)
			got <- l
		}()
		synctest.Wait()
		select {
		case <-got:
			t.Fatal("Acquire returned while MaxSize connections were in use")
		default:
		}
		assert.Equal(t, int64(2), srv.open.Load())

		a.Release()
		c := <-got
		defer c.Release()
		assert.Equal(t, a.Value().id, c.Value().id)
		assert.Equal(t, int64(2), srv.maxOpen.Load())
	})
}

func TestAcquireWaitsThenTimesOutWhenAllConnectionsAreInUse(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var srv fakeServer
		cfg := srv.config()
		cfg.MaxSize = 1
		p := newTestPool(t, cfg)
		held := mustAcquire(t, p)
		defer held.Release()

		start := time.Now()
		_, err := p.Acquire(context.Background())

		require.ErrorIs(t, err, pool.ErrTimeout)
		assert.NotErrorIs(t, err, context.DeadlineExceeded)
		var timeout *pool.TimeoutError
		require.ErrorAs(t, err, &timeout)
		assert.Equal(t, pool.TimeoutError{Waited: 30 * time.Second, MaxSize: 1, InUse: 1}, *timeout)
		assert.EqualError(t, err, "pool: timed out after 30s waiting for a connection (1 of 1 in use)")
		assert.Equal(t, 30*time.Second, time.Since(start))
		assert.Equal(t, int64(1), p.Stats().Timeouts)
		assert.Equal(t, int64(0), p.Stats().CanceledAcquires)
	})
}

func TestTimeoutErrorRoundsTheWaitToMilliseconds(t *testing.T) {
	err := &pool.TimeoutError{Waited: 2*time.Second + 345678*time.Nanosecond, MaxSize: 10, InUse: 10}
	assert.EqualError(t, err, "pool: timed out after 2s waiting for a connection (10 of 10 in use)")
}

func TestAcquireReturnsTheCallersDeadlineErrorWhenItComesBeforeTheTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var srv fakeServer
		cfg := srv.config()
		cfg.MaxSize = 1
		p := newTestPool(t, cfg)
		held := mustAcquire(t, p)
		defer held.Release()

		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_, err := p.Acquire(ctx)

		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.NotErrorIs(t, err, pool.ErrTimeout)
		assert.Equal(t, int64(1), p.Stats().CanceledAcquires)
		assert.Equal(t, int64(0), p.Stats().Timeouts)
	})
}

func TestAcquireReturnsTheCallersCancellationAndItsCauseWhileWaiting(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var srv fakeServer
		cfg := srv.config()
		cfg.MaxSize = 1
		p := newTestPool(t, cfg)
		held := mustAcquire(t, p)
		defer held.Release()

		ctx, cancel := context.WithCancelCause(context.Background())
		errc := make(chan error)
		go func() {
			_, err := p.Acquire(ctx)
			errc <- err
		}()
		synctest.Wait()
		errShutdown := errors.New("shutting down")
		cancel(errShutdown)
		err := <-errc

		require.ErrorIs(t, err, context.Canceled)
		assert.ErrorIs(t, err, errShutdown)
		assert.NotErrorIs(t, err, pool.ErrTimeout)
		assert.Equal(t, int64(1), p.Stats().CanceledAcquires)
	})
}

func TestAcquireWithANegativeTimeoutWaitsUntilTheContextIsDone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var srv fakeServer
		cfg := srv.config()
		cfg.MaxSize = 1
		cfg.AcquireTimeout = -1
		p := newTestPool(t, cfg)
		held := mustAcquire(t, p)
		defer held.Release()

		start := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
		defer cancel()
		_, err := p.Acquire(ctx)

		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, time.Hour, time.Since(start))
	})
}

func TestAcquireWithADoneContextFailsEvenWhenAConnectionIsIdle(t *testing.T) {
	var srv fakeServer
	p := newTestPool(t, srv.config())
	mustAcquire(t, p).Release()

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := p.Acquire(ctx)

	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, int32(1), p.Stats().Idle)
}

func TestAcquireWrapsTheConnectError(t *testing.T) {
	errRefused := errors.New("connection refused")
	p := newTestPool(t, pool.Config[*fakeConn]{
		Connect: func(context.Context) (*fakeConn, error) { return nil, errRefused },
	})

	_, err := p.Acquire(context.Background())

	require.ErrorIs(t, err, errRefused)
	assert.ErrorContains(t, err, "pool: connect")
	assert.Equal(t, int32(0), p.Stats().Open)
}

func TestReleaseRunsResetAndReturnsTheConnection(t *testing.T) {
	var srv fakeServer
	cfg := srv.config()
	cfg.Reset = func(ctx context.Context, c *fakeConn) error {
		_, hasDeadline := ctx.Deadline()
		assert.True(t, hasDeadline, "Reset runs without a deadline")
		c.resets.Add(1)
		return nil
	}
	p := newTestPool(t, cfg)

	l := mustAcquire(t, p)
	c := l.Value()
	l.Release()

	assert.Equal(t, int64(1), c.resets.Load())
	again := mustAcquire(t, p)
	defer again.Release()
	assert.Same(t, c, again.Value())
}

func TestReleaseSkipsResetWhenNeedsResetSaysThereIsNothingToDo(t *testing.T) {
	var srv fakeServer
	cfg := srv.config()
	var dirty atomic.Bool
	cfg.NeedsReset = func(*fakeConn) bool { return dirty.Load() }
	cfg.Reset = func(_ context.Context, c *fakeConn) error {
		c.resets.Add(1)
		return nil
	}
	p := newTestPool(t, cfg)

	l := mustAcquire(t, p)
	c := l.Value()
	l.Release()
	assert.Zero(t, c.resets.Load(), "a clean connection is returned without Reset")

	l = mustAcquire(t, p)
	dirty.Store(true)
	l.Release()
	assert.Equal(t, int64(1), c.resets.Load(), "a dirty one is reset")
}

func TestReleaseDestroysTheConnectionWhenResetFails(t *testing.T) {
	var srv fakeServer
	var logs logBuffer
	cfg := srv.config()
	cfg.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	cfg.Reset = func(context.Context, *fakeConn) error { return errors.New("rollback failed") }
	p := newTestPool(t, cfg)

	l := mustAcquire(t, p)
	c := l.Value()
	l.Release()

	assert.True(t, c.closed.Load())
	assert.Equal(t, int64(1), p.Stats().ClosedResetFailed)
	assert.Contains(t, logs.String(), "rollback failed")
	again := mustAcquire(t, p)
	defer again.Destroy()
	assert.NotSame(t, c, again.Value())
}

func TestResetIsBoundedByResetTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var srv fakeServer
		cfg := srv.config()
		cfg.ResetTimeout = 2 * time.Second
		cfg.Logger = slog.New(slog.DiscardHandler)
		cfg.Reset = func(ctx context.Context, _ *fakeConn) error {
			<-ctx.Done()
			return ctx.Err()
		}
		p := newTestPool(t, cfg)
		l := mustAcquire(t, p)

		start := time.Now()
		l.Release()

		assert.Equal(t, 2*time.Second, time.Since(start))
		assert.True(t, l.Value().closed.Load())
		assert.Equal(t, int64(1), p.Stats().ClosedResetFailed)
	})
}

func TestReleaseAndDestroyAreIdempotent(t *testing.T) {
	var srv fakeServer
	cfg := srv.config()
	cfg.MaxSize = 1
	p := newTestPool(t, cfg)

	l := mustAcquire(t, p)
	l.Release()
	l.Release()
	l.Destroy()
	assert.False(t, l.Value().closed.Load())

	held := mustAcquire(t, p)
	l.Release() // must not give held's connection back a second time
	assert.Equal(t, int32(1), p.Stats().InUse)

	held.Destroy()
	held.Destroy()
	held.Release()
	assert.Equal(t, int64(1), srv.closes.Load())
	assert.Equal(t, int64(0), srv.doubleClose.Load())
	assert.Equal(t, pool.Stats{MaxSize: 1, Acquires: 2, WaitedAcquires: 1, Created: 1, Closed: 1},
		withoutWaitTime(p.Stats()))
}

func TestDestroyClosesTheConnectionAndFreesItsSlot(t *testing.T) {
	var srv fakeServer
	cfg := srv.config()
	cfg.MaxSize = 1
	p := newTestPool(t, cfg)

	l := mustAcquire(t, p)
	l.Destroy()

	assert.True(t, l.Value().closed.Load())
	next := mustAcquire(t, p)
	defer next.Release()
	assert.NotEqual(t, l.Value().id, next.Value().id)
}

func TestStatsCountConnectionsAcquiresAndWaits(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var srv fakeServer
		cfg := srv.config()
		cfg.MaxSize = 2
		cfg.AcquireTimeout = time.Minute
		p := newTestPool(t, cfg)

		a := mustAcquire(t, p) // opens a connection: a waited acquire
		b := mustAcquire(t, p) // opens another
		a.Release()
		c := mustAcquire(t, p) // reuses a's connection at once
		assert.Equal(t, pool.Stats{
			MaxSize: 2, Open: 2, InUse: 2,
			Acquires: 3, WaitedAcquires: 2, Created: 2,
		}, p.Stats())

		_, err := p.Acquire(context.Background()) // times out after a minute
		require.ErrorIs(t, err, pool.ErrTimeout)
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		_, err = p.Acquire(ctx) // the caller gives up after a second
		cancel()
		require.ErrorIs(t, err, context.DeadlineExceeded)

		got := make(chan *pool.Lease[*fakeConn])
		go func() {
			l, err := p.Acquire(context.Background())
			assert.NoError(t, err)
			got <- l
		}()
		time.Sleep(5 * time.Second)
		b.Release() // the waiter takes it after five seconds
		d := <-got
		c.Destroy()
		assert.Equal(t, pool.Stats{
			MaxSize: 2, Open: 1, InUse: 1,
			Acquires: 4, WaitedAcquires: 3, CanceledAcquires: 1, Timeouts: 1,
			WaitTime: 5 * time.Second, Created: 2, Closed: 1,
		}, p.Stats())

		d.Release()
		assert.Equal(t, int32(1), p.Stats().Idle)
		p.Close()
		s := p.Stats()
		assert.Equal(t, int32(0), s.Open)
		assert.Equal(t, int64(2), s.Closed)
	})
}

func TestCloseClosesIdleConnectionsNowAndCheckedOutOnesWhenReleased(t *testing.T) {
	var srv fakeServer
	p := newTestPool(t, srv.config())
	idle, held := mustAcquire(t, p), mustAcquire(t, p)
	idle.Release()

	p.Close()

	assert.True(t, idle.Value().closed.Load())
	assert.False(t, held.Value().closed.Load())
	held.Release()
	assert.True(t, held.Value().closed.Load())
	waitDrained(t, p)
	assert.Equal(t, int64(0), srv.open.Load())
	assert.Equal(t, pool.Stats{MaxSize: 10, Acquires: 2, WaitedAcquires: 2, Created: 2, Closed: 2},
		withoutWaitTime(p.Stats()))
}

func TestAcquireAfterCloseReturnsErrClosed(t *testing.T) {
	var srv fakeServer
	p := newTestPool(t, srv.config())
	mustAcquire(t, p).Release()

	p.Close()
	_, err := p.Acquire(context.Background())

	require.ErrorIs(t, err, pool.ErrClosed)
	assert.Equal(t, int64(1), srv.nextID.Load())
}

func TestCloseMakesWaitingAcquiresReturnErrClosed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var srv fakeServer
		cfg := srv.config()
		cfg.MaxSize = 1
		p := newTestPool(t, cfg)
		held := mustAcquire(t, p)

		errc := make(chan error)
		go func() {
			_, err := p.Acquire(context.Background())
			errc <- err
		}()
		synctest.Wait()
		p.Close()

		require.ErrorIs(t, <-errc, pool.ErrClosed)
		held.Release()
		waitDrained(t, p)
		assert.Equal(t, int64(0), srv.open.Load())
	})
}

func TestCloseIsIdempotent(t *testing.T) {
	var srv fakeServer
	p := newTestPool(t, srv.config())
	mustAcquire(t, p).Release()

	p.Close()
	p.Close()

	waitDrained(t, p)
	assert.Equal(t, int64(1), srv.closes.Load())
	assert.Equal(t, int64(0), srv.doubleClose.Load())
}

func TestAcquireAndReleaseOfAFreshIdleConnectionAllocateOnlyTheLease(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	var srv fakeServer
	cfg := srv.config()
	cfg.Ping = func(context.Context, *fakeConn) error { return nil }
	cfg.MaxLifetime = time.Hour
	p := newTestPool(t, cfg)
	mustAcquire(t, p).Release()
	ctx := context.Background()

	allocs := testing.AllocsPerRun(1000, func() {
		l, err := p.Acquire(ctx)
		if err != nil {
			panic(err)
		}
		l.Release()
	})

	assert.LessOrEqual(t, allocs, 1.0)
}

// withoutWaitTime zeroes the one Stats field that depends on real time.
func withoutWaitTime(s pool.Stats) pool.Stats {
	s.WaitTime = 0
	return s
}
