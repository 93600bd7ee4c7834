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

var errConnReset = errors.New("connection reset by peer")

// pingFailingUpTo returns a Ping that fails for connections whose id is at
// most *deadUpTo, as after a server restart, and marks them broken.
func pingFailingUpTo(deadUpTo *atomic.Int64) func(context.Context, *fakeConn) error {
	return func(_ context.Context, c *fakeConn) error {
		c.pings.Add(1)
		if c.id <= deadUpTo.Load() {
			c.broken.Store(true)
			return errConnReset
		}
		return nil
	}
}

func TestAcquirePingsOnlyConnectionsIdleForAtLeastPingAfterIdle(t *testing.T) {
	var srv fakeServer
	var dead atomic.Int64
	clock := newFakeClock()
	cfg := srv.config()
	cfg.Ping = pingFailingUpTo(&dead)
	p := newClockedPool(t, cfg, clock)
	l := mustAcquire(t, p)
	c := l.Value()
	assert.Equal(t, int64(0), c.pings.Load(), "a new connection was pinged")
	l.Release()

	clock.Advance(999 * time.Millisecond)
	mustAcquire(t, p).Release()
	assert.Equal(t, int64(0), c.pings.Load(), "a recently used connection was pinged")

	clock.Advance(time.Second)
	l = mustAcquire(t, p)
	defer l.Release()
	assert.Same(t, c, l.Value())
	assert.Equal(t, int64(1), c.pings.Load())
}

func TestAcquireReplacesAConnectionWhosePingFailsAndInvalidatesThePool(t *testing.T) {
	var srv fakeServer
	var dead atomic.Int64
	var logs logBuffer
	clock := newFakeClock()
	cfg := srv.config()
	cfg.Ping = pingFailingUpTo(&dead)
	cfg.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	p := newClockedPool(t, cfg, clock)
	a, b, held := mustAcquire(t, p), mustAcquire(t, p), mustAcquire(t, p)
	a.Release()
	b.Release()

	dead.Store(3) // the server restarted: every connection so far is broken
	clock.Advance(time.Minute)
	l := mustAcquire(t, p)

	assert.Equal(t, int64(4), l.Value().id, "Acquire handed out a connection opened before the restart")
	assert.Equal(t, int64(1), b.Value().pings.Load()+a.Value().pings.Load(), "pings before giving up on the old connections")
	assert.True(t, a.Value().closed.Load(), "idle connection survived the invalidation")
	assert.True(t, b.Value().closed.Load(), "connection whose ping failed is still open")
	assert.False(t, held.Value().closed.Load(), "checked-out connection closed under its user")
	assert.Contains(t, logs.String(), errConnReset.Error())

	held.Release()
	assert.True(t, held.Value().closed.Load(), "invalidated connection returned to the pool")
	l.Release()
	s := p.Stats()
	assert.Equal(t, int64(1), s.ClosedPingFailed)
	assert.Equal(t, int64(2), s.ClosedInvalidated)
	assert.Equal(t, int32(1), s.Open)
	assert.Equal(t, int64(4), s.Created)
}

func TestAcquireGivesUpAfterThreeConnectionsInARowFailTheirPing(t *testing.T) {
	var srv fakeServer
	clock := newFakeClock()
	clock.step = time.Second // every connection has been idle a second when it is checked
	cfg := srv.config()
	cfg.Logger = slog.New(slog.DiscardHandler)
	cfg.Ping = func(context.Context, *fakeConn) error { return errConnReset }
	p := newClockedPool(t, cfg, clock)

	_, err := p.Acquire(context.Background())

	require.ErrorIs(t, err, errConnReset)
	assert.ErrorContains(t, err, "pre-ping")
	assert.Equal(t, int64(3), srv.nextID.Load(), "connections opened")
	assert.Equal(t, int64(0), srv.open.Load())
	assert.Equal(t, int64(3), p.Stats().ClosedPingFailed)
}

func TestANegativePingAfterIdleDisablesPrePing(t *testing.T) {
	var srv fakeServer
	var dead atomic.Int64
	clock := newFakeClock()
	cfg := srv.config()
	cfg.Ping = pingFailingUpTo(&dead)
	cfg.PingAfterIdle = -1
	p := newClockedPool(t, cfg, clock)
	l := mustAcquire(t, p)
	l.Release()

	clock.Advance(time.Hour)
	again := mustAcquire(t, p)
	defer again.Release()

	assert.Same(t, l.Value(), again.Value())
	assert.Equal(t, int64(0), l.Value().pings.Load())
}

func TestAPingCutShortByTheAcquireTimeoutClosesTheConnectionWithoutInvalidating(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var srv fakeServer
		cfg := srv.config()
		cfg.AcquireTimeout = 5 * time.Second
		cfg.HealthCheckPeriod = time.Hour
		cfg.Logger = slog.New(slog.DiscardHandler)
		hang := true
		cfg.Ping = func(ctx context.Context, c *fakeConn) error {
			if !hang {
				return nil
			}
			<-ctx.Done()
			return ctx.Err()
		}
		p := newTestPool(t, cfg)
		a, b := mustAcquire(t, p), mustAcquire(t, p)
		a.Release()
		b.Release()
		time.Sleep(time.Minute)

		_, err := p.Acquire(context.Background())

		require.ErrorIs(t, err, pool.ErrTimeout)
		assert.True(t, b.Value().closed.Load())
		assert.False(t, a.Value().closed.Load())
		s := p.Stats()
		assert.Equal(t, int64(1), s.ClosedPingFailed)
		assert.Equal(t, int64(0), s.ClosedInvalidated)
		hang = false
		l := mustAcquire(t, p)
		defer l.Release()
		assert.Same(t, a.Value(), l.Value())
	})
}
