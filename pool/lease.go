package pool

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/puddle/v2"
)

// Lease is one checkout of a connection, returned by [Pool.Acquire]. It must
// end with [Lease.Release] or [Lease.Destroy]; until then the connection
// counts against MaxSize. A Lease is meant for one goroutine at a time,
// except that Release and Destroy may race: the first one wins.
type Lease[T any] struct {
	pool *Pool[T]
	res  *puddle.Resource[*conn[T]]
	c    *conn[T]
	done atomic.Bool
	leak *leakTrace[T] // nil unless TrackLeak was called
}

// Value returns the connection. It must not be used after the lease ends.
func (l *Lease[T]) Value() T { return l.c.value }

// CreatedAt returns when the connection was opened.
func (l *Lease[T]) CreatedAt() time.Time { return l.c.createdAt }

// Release ends the lease and returns the connection to the pool. It first
// runs Config.Reset, bounded by Config.ResetTimeout, unless
// Config.NeedsReset says there is nothing to reset. The connection is
// destroyed instead when the pool is closed, when the connection was
// invalidated or is past its lifetime (Reset is then skipped), or when Reset
// fails; a Reset failure is logged and counted in [Stats.ClosedResetFailed].
// Release and Destroy after the first call do nothing.
func (l *Lease[T]) Release() {
	if !l.end() {
		return
	}
	p, c := l.pool, l.c
	now := p.now()
	switch {
	case p.closed.Load():
		p.destroy(l.res, reasonPoolClosed, nil)
	case c.gen < p.gen.Load():
		p.destroy(l.res, reasonInvalidated, nil)
	case c.expired(now):
		p.destroy(l.res, reasonExpired, nil)
	default:
		if p.cfg.Reset != nil && (p.cfg.NeedsReset == nil || p.cfg.NeedsReset(c.value)) {
			ctx, cancel := context.WithTimeout(context.Background(), p.cfg.ResetTimeout)
			err := p.cfg.Reset(ctx, c.value)
			cancel()
			if err != nil {
				p.destroy(l.res, reasonResetFailed, err)
				return
			}
		}
		c.lastUsed = now
		p.put(l.res, c)
	}
}

// Destroy ends the lease and closes the connection instead of returning it,
// for use after an error that may have left it broken. Release and Destroy
// after the first call do nothing.
func (l *Lease[T]) Destroy() {
	if !l.end() {
		return
	}
	l.pool.destroy(l.res, reasonNone, nil)
}

// end marks the lease as ended and stops leak tracking. It reports false
// when the lease had already ended.
func (l *Lease[T]) end() bool {
	if !l.done.CompareAndSwap(false, true) {
		return false
	}
	if l.leak != nil {
		l.leak.cleanup.Stop()
	}
	return true
}

// maxLeakFrames bounds the stack TrackLeak records.
const maxLeakFrames = 32

// TrackLeak arranges for a warning if the lease is garbage collected without
// being released or destroyed. It records the calling goroutine's stack as
// program counters, turned into function names and file:line only if the
// warning is logged; skip 0 starts the stack at the function that called
// TrackLeak, skip 1 at its caller, and so on. If the Lease becomes
// unreachable while still open, the pool logs at [log/slog.LevelWarn] that a
// connection was never released, with that stack, closes the connection
// (counted in [Stats.ClosedLeaked]) and frees its slot. Release and Destroy
// cancel the tracking. Calling TrackLeak on an ended or already tracked
// lease does nothing. Leases that are never tracked pay nothing for it.
func (l *Lease[T]) TrackLeak(skip int) {
	if l.leak != nil || l.done.Load() {
		return
	}
	pcs := make([]uintptr, maxLeakFrames)
	n := runtime.Callers(skip+2, pcs) // skip runtime.Callers and TrackLeak
	t := &leakTrace[T]{pool: l.pool, res: l.res, pcs: pcs[:n]}
	// The cleanup's argument must not reach l, or l would never become
	// unreachable; t holds what reclaiming needs and nothing more.
	t.cleanup = runtime.AddCleanup(l, reclaimLeaked[T], t)
	l.leak = t
}

// leakTrace is what the pool needs to reclaim a leaked lease's connection.
type leakTrace[T any] struct {
	pool    *Pool[T]
	res     *puddle.Resource[*conn[T]]
	pcs     []uintptr
	cleanup runtime.Cleanup
}

// reclaimLeaked runs on the runtime's cleanup goroutine, which runs
// cleanups one at a time, so the possibly slow Close callback runs on a
// goroutine of its own.
func reclaimLeaked[T any](t *leakTrace[T]) {
	go t.pool.reclaim(t)
}

func (p *Pool[T]) reclaim(t *leakTrace[T]) {
	p.cfg.Logger.Warn("pool: a connection was never released (neither Lease.Release nor Lease.Destroy " +
		"was called before the Lease was garbage collected); closing it. It was acquired at:" +
		formatStack(t.pcs))
	p.destroy(t.res, reasonLeaked, nil)
}

// formatStack renders program counters as indented "function" and
// "file:line" lines, one pair per frame.
func formatStack(pcs []uintptr) string {
	var b strings.Builder
	frames := runtime.CallersFrames(pcs)
	for {
		f, more := frames.Next()
		if f.Function != "" || f.File != "" {
			fmt.Fprintf(&b, "\n\t%s\n\t\t%s:%d", f.Function, f.File, f.Line)
		}
		if !more {
			return b.String()
		}
	}
}
