package pool_test

import (
	"context"
	"log/slog"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/pool"
)

// acquireAndDrop acquires a connection, asks for leak tracking and drops the
// lease without releasing it.
//
//go:noinline
func acquireAndDrop(t *testing.T, p *pool.Pool[*fakeConn]) *fakeConn {
	l, err := p.Acquire(context.Background())
	require.NoError(t, err)
	l.TrackLeak(0)
	return l.Value()
}

// collectUntil runs the garbage collector until done reports true.
func collectUntil(t *testing.T, done func() bool) {
	t.Helper()
	require.Eventually(t, func() bool {
		runtime.GC()
		return done()
	}, 5*time.Second, 10*time.Millisecond)
}

func TestTrackLeakWarnsAndReclaimsAConnectionThatIsNeverReleased(t *testing.T) {
	var srv fakeServer
	var logs logBuffer
	cfg := srv.config()
	cfg.MaxSize = 1
	cfg.AcquireTimeout = 5 * time.Second
	cfg.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	p := newTestPool(t, cfg)

	leaked := acquireAndDrop(t, p)
	collectUntil(t, func() bool { return p.Stats().ClosedLeaked == 1 })

	out := logs.String()
	assert.Contains(t, out, "level=WARN")
	assert.Contains(t, out, "never released")
	assert.Contains(t, out, "TestTrackLeakWarnsAndReclaimsAConnectionThatIsNeverReleased")
	assert.Contains(t, out, "leak_test.go:")
	assert.True(t, leaked.closed.Load())
	l := mustAcquire(t, p) // the leaked connection's slot is free again
	defer l.Release()
	assert.NotSame(t, leaked, l.Value())
}

func TestReleaseStopsLeakTracking(t *testing.T) {
	var srv fakeServer
	var logs logBuffer
	cfg := srv.config()
	cfg.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	p := newTestPool(t, cfg)

	func() {
		l := mustAcquire(t, p)
		l.TrackLeak(0)
		l.Release()
	}()
	for range 3 {
		runtime.GC()
	}
	// A stopped cleanup never runs, so a leaked lease collected in the same
	// cycles is enough to show the collector has done its work.
	acquireAndDrop(t, p)
	collectUntil(t, func() bool { return p.Stats().ClosedLeaked > 0 })

	assert.Equal(t, int64(1), p.Stats().ClosedLeaked)
	assert.Equal(t, 1, strings.Count(logs.String(), "never released"))
}
