package pool_test

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/pool"
)

func TestAcquireReplacesAConnectionPastItsMaxLifetime(t *testing.T) {
	var srv fakeServer
	clock := newFakeClock()
	cfg := srv.config()
	cfg.MaxLifetime = time.Hour
	p := newClockedPool(t, cfg, clock)
	old := mustAcquire(t, p)
	old.Release()

	clock.Advance(59 * time.Minute)
	same := mustAcquire(t, p)
	assert.Same(t, old.Value(), same.Value())
	same.Release()

	clock.Advance(time.Minute)
	fresh := mustAcquire(t, p)
	defer fresh.Release()

	assert.NotSame(t, old.Value(), fresh.Value())
	assert.True(t, old.Value().closed.Load())
	assert.Equal(t, int64(1), p.Stats().ClosedExpired)
	assert.Equal(t, clock.Now(), fresh.CreatedAt())
}

func TestReleaseDestroysAConnectionPastItsMaxLifetime(t *testing.T) {
	var srv fakeServer
	clock := newFakeClock()
	cfg := srv.config()
	cfg.MaxLifetime = time.Hour
	p := newClockedPool(t, cfg, clock)
	l := mustAcquire(t, p)

	clock.Advance(time.Hour)
	l.Release()

	assert.True(t, l.Value().closed.Load())
	s := p.Stats()
	assert.Equal(t, int64(1), s.ClosedExpired)
	assert.Equal(t, int32(0), s.Open)
}

func TestHealthCheckClosesIdleConnectionsPastTheirMaxLifetime(t *testing.T) {
	var srv fakeServer
	clock := newFakeClock()
	cfg := srv.config()
	cfg.MaxLifetime = time.Hour
	p := newClockedPool(t, cfg, clock)
	old := mustAcquire(t, p)
	clock.Advance(30 * time.Minute)
	young := mustAcquire(t, p)
	old.Release()
	young.Release()

	clock.Advance(30 * time.Minute)
	p.RunHealthCheck()

	assert.True(t, old.Value().closed.Load())
	assert.False(t, young.Value().closed.Load())
	s := p.Stats()
	assert.Equal(t, int64(1), s.ClosedExpired)
	assert.Equal(t, int32(1), s.Idle)
}

func TestMaxLifetimeJitterGivesEachConnectionItsOwnDeadline(t *testing.T) {
	var srv fakeServer
	clock := newFakeClock()
	cfg := srv.config()
	cfg.MaxSize = 16
	cfg.MaxLifetime = time.Hour
	cfg.MaxLifetimeJitter = 10 * time.Minute
	p := newClockedPool(t, cfg, clock)

	deadlines := map[time.Time]bool{}
	for range cfg.MaxSize {
		l := mustAcquire(t, p)
		defer l.Release()
		earliest := l.CreatedAt().Add(time.Hour)
		assert.False(t, l.ExpiresAt().Before(earliest), "expires before MaxLifetime")
		assert.True(t, l.ExpiresAt().Before(earliest.Add(10*time.Minute)), "expires after MaxLifetime+MaxLifetimeJitter")
		deadlines[l.ExpiresAt()] = true
	}

	assert.Greater(t, len(deadlines), 1, "every connection got the same deadline")
}

func TestAcquireClosesConnectionsIdleLongerThanMaxIdleTime(t *testing.T) {
	var srv fakeServer
	clock := newFakeClock()
	cfg := srv.config()
	cfg.MaxIdleTime = 10 * time.Minute
	p := newClockedPool(t, cfg, clock)
	l := mustAcquire(t, p)
	clock.Advance(time.Hour) // time checked out does not count as idle
	l.Release()

	clock.Advance(10 * time.Minute)
	same := mustAcquire(t, p)
	assert.Same(t, l.Value(), same.Value())
	same.Release()

	clock.Advance(10*time.Minute + 1)
	fresh := mustAcquire(t, p)
	defer fresh.Release()

	assert.NotSame(t, l.Value(), fresh.Value())
	assert.True(t, l.Value().closed.Load())
	assert.Equal(t, int64(1), p.Stats().ClosedIdle)
}

func TestHealthCheckClosesConnectionsIdleLongerThanMaxIdleTime(t *testing.T) {
	var srv fakeServer
	clock := newFakeClock()
	cfg := srv.config()
	cfg.MaxIdleTime = 10 * time.Minute
	p := newClockedPool(t, cfg, clock)
	stale, recent := mustAcquire(t, p), mustAcquire(t, p)
	stale.Release()
	clock.Advance(5 * time.Minute)
	recent.Release()

	clock.Advance(6 * time.Minute)
	p.RunHealthCheck()

	assert.True(t, stale.Value().closed.Load())
	assert.False(t, recent.Value().closed.Load())
	s := p.Stats()
	assert.Equal(t, int64(1), s.ClosedIdle)
	assert.Equal(t, int32(1), s.Idle)
}

func TestTheBackgroundCheckRunsEveryHealthCheckPeriod(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var srv fakeServer
		cfg := srv.config()
		cfg.HealthCheckPeriod = time.Minute
		cfg.MaxIdleTime = 5 * time.Minute
		p, err := pool.New(cfg)
		require.NoError(t, err)
		defer p.Close()
		l := mustAcquire(t, p)
		l.Release()

		time.Sleep(5*time.Minute + time.Second)
		synctest.Wait()
		assert.False(t, l.Value().closed.Load())

		time.Sleep(time.Minute)
		synctest.Wait()
		assert.True(t, l.Value().closed.Load())
		assert.Equal(t, int64(1), p.Stats().ClosedIdle)
	})
}

func TestHealthCheckKeepsTheOrderInWhichIdleConnectionsAreHandedOut(t *testing.T) {
	var srv fakeServer
	p := newTestPool(t, srv.config())
	a, b, c := mustAcquire(t, p), mustAcquire(t, p), mustAcquire(t, p)
	a.Release()
	b.Release()
	c.Release()

	p.RunHealthCheck()

	for _, want := range []*pool.Lease[*fakeConn]{c, b, a} {
		l := mustAcquire(t, p)
		defer l.Release()
		assert.Same(t, want.Value(), l.Value())
	}
}
