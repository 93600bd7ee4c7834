package pool_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestInvalidateClosesIdleConnectionsNowAndCheckedOutOnesWhenReleased(t *testing.T) {
	var srv fakeServer
	p := newTestPool(t, srv.config())
	idle, held, destroyed := mustAcquire(t, p), mustAcquire(t, p), mustAcquire(t, p)
	idle.Release()

	p.Invalidate()

	assert.True(t, idle.Value().closed.Load())
	assert.False(t, held.Value().closed.Load())
	held.Release()
	assert.True(t, held.Value().closed.Load())
	destroyed.Destroy()

	l := mustAcquire(t, p)
	defer l.Release()
	assert.Equal(t, int64(4), l.Value().id)
	s := p.Stats()
	assert.Equal(t, int64(2), s.ClosedInvalidated)
	assert.Equal(t, int64(3), s.Closed)
	assert.Equal(t, int32(1), s.Open)
}

func TestInvalidateLeavesConnectionsOpenedAfterwardsAlone(t *testing.T) {
	var srv fakeServer
	p := newTestPool(t, srv.config())
	before := mustAcquire(t, p)

	p.Invalidate()
	after := mustAcquire(t, p)
	after.Release()
	before.Release()

	assert.True(t, before.Value().closed.Load())
	assert.False(t, after.Value().closed.Load())
	again := mustAcquire(t, p)
	defer again.Release()
	assert.Same(t, after.Value(), again.Value())
	assert.Equal(t, int64(1), p.Stats().ClosedInvalidated)
}

func TestReleaseSkipsResetForAnInvalidatedConnection(t *testing.T) {
	var srv fakeServer
	cfg := srv.config()
	cfg.Reset = func(_ context.Context, c *fakeConn) error {
		c.resets.Add(1)
		return nil
	}
	p := newTestPool(t, cfg)
	l := mustAcquire(t, p)

	p.Invalidate()
	l.Release()

	assert.Equal(t, int64(0), l.Value().resets.Load())
	assert.True(t, l.Value().closed.Load())
}
