package pool

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/puddle/v2"
)

// maxPingAttempts is how many connections in a row may fail their pre-ping
// before Acquire gives up and returns the last ping error.
const maxPingAttempts = 3

// Pool is a bounded pool of connections of type T. It is safe for concurrent
// use. Create one with [New], take connections with [Pool.Acquire], and end
// each [Lease] with [Lease.Release] or [Lease.Destroy].
type Pool[T any] struct {
	cfg Config[T]
	res *puddle.Pool[*conn[T]]
	now func() time.Time // the clock for lifetimes and idle times; time.Now outside tests

	// gen is the invalidation generation. A connection whose Connect began
	// in an earlier generation has been invalidated.
	gen atomic.Uint64

	// idle approximates how many connections sit in puddle's idle stack
	// after passing through put. Acquire only tries the allocation-free
	// fast path when it is positive, because puddle's TryAcquire on an
	// empty stack would start opening a connection in the background.
	idle atomic.Int32

	closed    atomic.Bool
	closing   context.Context // canceled by Close
	cancel    context.CancelFunc
	closeOnce sync.Once
	checkDone chan struct{} // closed when the background check has stopped
	drained   chan struct{} // closed when every connection has been closed after Close

	stats counters
}

// conn is what puddle stores for each connection: the value and the
// bookkeeping the pool needs. puddle keeps a pointer, so handing a resource
// around never copies T.
type conn[T any] struct {
	value     T
	gen       uint64
	createdAt time.Time
	expiresAt time.Time // zero when MaxLifetime is unlimited

	// lastUsed and idle change only while the connection is checked out of
	// puddle; puddle's mutex orders them between owners.
	lastUsed time.Time
	idle     bool // sitting in puddle's idle stack, counted in Pool.idle
}

// expired reports whether c has reached its lifetime at now.
func (c *conn[T]) expired(now time.Time) bool {
	return !c.expiresAt.IsZero() && !now.Before(c.expiresAt)
}

// New returns a pool configured by cfg, with defaults for its zero fields.
// It opens no connection; the first [Pool.Acquire] does. It starts the
// background check, which [Pool.Close] stops. New returns an error when
// cfg.Connect is nil or a size or duration that must not be negative is.
func New[T any](cfg Config[T]) (*Pool[T], error) {
	return newPool(cfg, time.Now)
}

func newPool[T any](cfg Config[T], now func() time.Time) (*Pool[T], error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	p := &Pool[T]{
		cfg:       cfg,
		now:       now,
		checkDone: make(chan struct{}),
		drained:   make(chan struct{}),
	}
	p.res, err = puddle.NewPool(&puddle.Config[*conn[T]]{
		Constructor: p.connect,
		Destructor:  p.destruct,
		MaxSize:     cfg.MaxSize,
	})
	if err != nil {
		return nil, fmt.Errorf("pool: %w", err)
	}
	p.closing, p.cancel = context.WithCancel(context.Background())
	go p.checkPeriodically()
	return p, nil
}

// Acquire returns a connection, reusing an idle one or opening a new one,
// and waits for one to be released when MaxSize are open. Idle connections
// that are invalidated, past their lifetime or idle for too long are closed
// on the way; one idle for PingAfterIdle is pinged first, and if the ping
// fails it is closed, the pool is invalidated and Acquire tries again.
//
// Acquire returns [ErrClosed] once the pool is closed, a [*TimeoutError] after
// waiting AcquireTimeout, an error wrapping ctx's error when ctx ends first,
// an error wrapping the Connect error when opening fails, and an error
// wrapping the last ping error after three connections in a row fail their
// ping.
func (p *Pool[T]) Acquire(ctx context.Context) (*Lease[T], error) {
	if p.closed.Load() {
		return nil, ErrClosed
	}
	if ctx.Err() != nil {
		p.stats.canceledAcquires.Add(1)
		return nil, contextError(ctx)
	}
	// The fast path hands out an idle connection that needs no ping or
	// replacement without the contexts and timer the slow path allocates.
	if p.idle.Load() > 0 {
		if res, err := p.res.TryAcquire(p.closing); err == nil {
			c := res.Value()
			p.take(c)
			if !p.closed.Load() && p.ready(c, p.now()) {
				p.stats.acquires.Add(1)
				return &Lease[T]{pool: p, res: res, c: c}, nil
			}
			return p.acquireSlow(ctx, res)
		}
	}
	return p.acquireSlow(ctx, nil)
}

// acquireSlow is Acquire when no idle connection was ready at once: it waits
// for or opens a connection, replaces unusable ones and pings idle ones,
// under a context bounded by AcquireTimeout and canceled by Close. res, when
// not nil, is an idle connection taken by the fast path that still needs
// checking.
func (p *Pool[T]) acquireSlow(ctx context.Context, res *puddle.Resource[*conn[T]]) (*Lease[T], error) {
	start := time.Now()
	wctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stop := context.AfterFunc(p.closing, func() { cancel(ErrClosed) })
	defer stop()
	if p.cfg.AcquireTimeout > 0 {
		var cancelTimeout context.CancelFunc
		wctx, cancelTimeout = context.WithTimeoutCause(wctx, p.cfg.AcquireTimeout, errWaitTimedOut)
		defer cancelTimeout()
	}

	waited := false
	pingFailures := 0
	for {
		if res == nil {
			if p.closed.Load() {
				return nil, ErrClosed
			}
			var err error
			if res, err = p.res.Acquire(wctx); err != nil {
				return nil, p.acquireError(ctx, wctx, start, err)
			}
			waited = true
			p.take(res.Value())
		}
		c := res.Value()
		if p.closed.Load() {
			p.destroy(res, reasonPoolClosed, nil)
			return nil, ErrClosed
		}
		now := p.now()
		if reason := p.unusable(c, now); reason != reasonNone {
			p.destroy(res, reason, nil)
			res = nil
			continue
		}
		if p.needsPing(c, now) {
			if err := p.cfg.Ping(wctx, c.value); err != nil {
				p.destroy(res, reasonPingFailed, err)
				res = nil
				if wctx.Err() != nil {
					return nil, p.acquireError(ctx, wctx, start, wctx.Err())
				}
				p.Invalidate()
				if pingFailures++; pingFailures == maxPingAttempts {
					return nil, fmt.Errorf("pool: %d connections in a row failed their pre-ping: %w", pingFailures, err)
				}
				continue
			}
		}
		if waited {
			p.stats.waitedAcquires.Add(1)
			p.stats.waitTime.Add(int64(time.Since(start)))
		}
		p.stats.acquires.Add(1)
		return &Lease[T]{pool: p, res: res, c: c}, nil
	}
}

// acquireError turns a failed wait under wctx (derived from the caller's
// ctx) into the error Acquire returns, counting timeouts and cancellations.
func (p *Pool[T]) acquireError(ctx, wctx context.Context, start time.Time, err error) error {
	if wctx.Err() == nil {
		if errors.Is(err, puddle.ErrClosedPool) || errors.Is(err, ErrClosed) {
			return ErrClosed
		}
		return fmt.Errorf("pool: connect: %w", err)
	}
	switch {
	case context.Cause(wctx) == errWaitTimedOut:
		p.stats.timeouts.Add(1)
		return &TimeoutError{
			Waited:  time.Since(start),
			MaxSize: p.cfg.MaxSize,
			InUse:   p.res.Stat().AcquiredResources(),
		}
	case ctx.Err() == nil: // canceled by Close
		return ErrClosed
	default:
		p.stats.canceledAcquires.Add(1)
		return contextError(ctx)
	}
}

// ready reports whether c, just taken from the idle stack, can be handed out
// without further work.
func (p *Pool[T]) ready(c *conn[T], now time.Time) bool {
	return p.unusable(c, now) == reasonNone && !p.needsPing(c, now)
}

// unusable returns why c must be closed rather than used, or reasonNone
// when it may be used.
func (p *Pool[T]) unusable(c *conn[T], now time.Time) closeReason {
	switch {
	case c.gen < p.gen.Load():
		return reasonInvalidated
	case c.expired(now):
		return reasonExpired
	case p.cfg.MaxIdleTime > 0 && now.Sub(c.lastUsed) > p.cfg.MaxIdleTime:
		return reasonIdle
	}
	return reasonNone
}

func (p *Pool[T]) needsPing(c *conn[T], now time.Time) bool {
	return p.cfg.Ping != nil && p.cfg.PingAfterIdle >= 0 && now.Sub(c.lastUsed) >= p.cfg.PingAfterIdle
}

// Invalidate closes every connection opened (or being opened) before the
// call, as SQLAlchemy does after a disconnect: idle ones now, checked-out
// ones when they are released, and none of them is handed out again.
// Connections opened afterwards are unaffected. Acquire calls it when a
// pre-ping fails.
func (p *Pool[T]) Invalidate() {
	p.gen.Add(1)
	p.sweep()
}

// Close closes the pool: idle connections now, checked-out ones when they are
// released or destroyed. Acquire calls waiting for a connection, and every
// later one, return [ErrClosed]. Close stops the background check before it
// returns. Calling Close again does nothing.
func (p *Pool[T]) Close() {
	p.closeOnce.Do(func() {
		p.closed.Store(true)
		p.cancel()
		<-p.checkDone
		p.sweep()
		// puddle's Close waits for checked-out connections to come back, so
		// it runs on its own; it also closes any connection released into
		// the idle stack by a Release that raced with this Close.
		go func() {
			p.res.Close()
			close(p.drained)
		}()
	})
}

// checkPeriodically runs the background check every HealthCheckPeriod until
// the pool is closed.
func (p *Pool[T]) checkPeriodically() {
	defer close(p.checkDone)
	ticker := time.NewTicker(p.cfg.HealthCheckPeriod)
	defer ticker.Stop()
	for {
		select {
		case <-p.closing.Done():
			return
		case <-ticker.C:
			p.sweep()
		}
	}
}

// sweep takes every idle connection it can, closes those that are unusable
// (all of them once the pool is closed) and puts the rest back without
// touching when they were last used.
func (p *Pool[T]) sweep() {
	idle := p.res.AcquireAllIdle()
	if len(idle) == 0 {
		return
	}
	now := p.now()
	// idle is in the order puddle would hand the connections out; putting
	// them back from the last one keeps that order, so the least used
	// connections stay at the bottom of the stack and can age out.
	for i := len(idle) - 1; i >= 0; i-- {
		res := idle[i]
		c := res.Value()
		p.take(c)
		if p.closed.Load() {
			p.destroy(res, reasonPoolClosed, nil)
		} else if reason := p.unusable(c, now); reason != reasonNone {
			p.destroy(res, reason, nil)
		} else {
			p.put(res, c)
		}
	}
}

// connect is puddle's constructor: it opens a connection and stamps it with
// the generation current when opening began, its creation time and its
// jittered expiry.
func (p *Pool[T]) connect(ctx context.Context) (*conn[T], error) {
	if p.closed.Load() {
		return nil, ErrClosed
	}
	gen := p.gen.Load()
	v, err := p.cfg.Connect(ctx)
	if err != nil {
		return nil, err
	}
	now := p.now()
	c := &conn[T]{value: v, gen: gen, createdAt: now, lastUsed: now}
	if p.cfg.MaxLifetime > 0 {
		lifetime := p.cfg.MaxLifetime
		if p.cfg.MaxLifetimeJitter > 0 {
			lifetime += rand.N(p.cfg.MaxLifetimeJitter)
		}
		c.expiresAt = now.Add(lifetime)
	}
	p.stats.created.Add(1)
	return c, nil
}

// destruct is puddle's destructor. puddle only calls it for connections it
// closes itself, which happens only once the pool is closed; everywhere else
// the pool closes connections through destroy.
func (p *Pool[T]) destruct(c *conn[T]) {
	p.closeConn(c, reasonPoolClosed, nil)
}

// take notes that c, just acquired from puddle, has left the idle stack.
func (p *Pool[T]) take(c *conn[T]) {
	if c.idle {
		c.idle = false
		p.idle.Add(-1)
	}
}

// put returns a checked-out connection to puddle's idle stack.
func (p *Pool[T]) put(res *puddle.Resource[*conn[T]], c *conn[T]) {
	c.idle = true
	res.ReleaseUnused() // the pool keeps its own lastUsed
	p.idle.Add(1)
}

// destroy closes a checked-out connection, then gives its slot back to
// puddle. Closing first means the Connect and Close callbacks never see
// more than MaxSize connections open at once.
func (p *Pool[T]) destroy(res *puddle.Resource[*conn[T]], reason closeReason, cause error) {
	p.closeConn(res.Value(), reason, cause)
	res.Hijack()
}

func (p *Pool[T]) closeConn(c *conn[T], reason closeReason, cause error) {
	if cause != nil {
		p.cfg.Logger.Warn("pool: closing a connection after an error",
			"reason", reason.String(), "err", cause)
	}
	if p.cfg.Close != nil {
		p.cfg.Close(c.value)
	}
	p.stats.closed.Add(1)
	if n := p.stats.reasonCounter(reason); n != nil {
		n.Add(1)
	}
}
