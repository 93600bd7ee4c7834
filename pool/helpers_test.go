package pool_test

import (
	"bytes"
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/pool"
)

// fakeConn stands in for a database connection.
type fakeConn struct {
	id     int64
	closed atomic.Bool
	broken atomic.Bool // set when a ping on it failed
	pings  atomic.Int64
	resets atomic.Int64
}

// fakeServer opens fakeConns and counts them.
type fakeServer struct {
	nextID      atomic.Int64
	open        atomic.Int64
	maxOpen     atomic.Int64
	closes      atomic.Int64
	doubleClose atomic.Int64
}

func (s *fakeServer) connect(context.Context) (*fakeConn, error) {
	n := s.open.Add(1)
	for {
		m := s.maxOpen.Load()
		if n <= m || s.maxOpen.CompareAndSwap(m, n) {
			break
		}
	}
	return &fakeConn{id: s.nextID.Add(1)}, nil
}

func (s *fakeServer) close(c *fakeConn) {
	if c.closed.Swap(true) {
		s.doubleClose.Add(1)
		return
	}
	runtime.Gosched() // closing takes a moment: let others run before the count drops
	s.open.Add(-1)
	s.closes.Add(1)
}

// config returns a pool configuration backed by s.
func (s *fakeServer) config() pool.Config[*fakeConn] {
	return pool.Config[*fakeConn]{Connect: s.connect, Close: s.close}
}

// fakeClock is a settable clock; step, when set, is added after every read.
type fakeClock struct {
	mu   sync.Mutex
	t    time.Time
	step time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.t
	c.t = c.t.Add(c.step)
	return t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// newTestPool returns a pool closed when the test ends.
func newTestPool(t *testing.T, cfg pool.Config[*fakeConn]) *pool.Pool[*fakeConn] {
	t.Helper()
	p, err := pool.New(cfg)
	require.NoError(t, err)
	t.Cleanup(p.Close)
	return p
}

// newClockedPool returns a pool reading clock, closed when the test ends.
func newClockedPool(t *testing.T, cfg pool.Config[*fakeConn], clock *fakeClock) *pool.Pool[*fakeConn] {
	t.Helper()
	p, err := pool.NewWithClock(cfg, clock.Now)
	require.NoError(t, err)
	t.Cleanup(p.Close)
	return p
}

func mustAcquire(t *testing.T, p *pool.Pool[*fakeConn]) *pool.Lease[*fakeConn] {
	t.Helper()
	l, err := p.Acquire(context.Background())
	require.NoError(t, err)
	require.False(t, l.Value().closed.Load(), "Acquire handed out a closed connection")
	return l
}

// waitDrained waits until every connection of the closed pool p is closed.
func waitDrained(t *testing.T, p *pool.Pool[*fakeConn]) {
	t.Helper()
	select {
	case <-p.Drained():
	case <-time.After(10 * time.Second):
		t.Fatal("the pool's connections were not all closed")
	}
}

// logBuffer collects log output from several goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
