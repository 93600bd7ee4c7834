package pool

import (
	"sync/atomic"
	"time"
)

// Stats is a snapshot of a pool's state and counters, returned by
// [Pool.Stats]. The gauges (Open, Idle, InUse, Constructing) are read
// together; the counters accumulate over the pool's life.
type Stats struct {
	// MaxSize is the pool's capacity.
	MaxSize int32
	// Open is how many connections the pool holds: Idle + InUse + Constructing.
	Open int32
	// Idle is how many open connections wait in the pool, unused.
	Idle int32
	// InUse is how many connections are checked out, including ones an
	// Acquire is still pinging or checking.
	InUse int32
	// Constructing is how many connections are being opened.
	Constructing int32

	// Acquires counts successful Acquire calls.
	Acquires int64
	// WaitedAcquires counts the successful Acquire calls that found no
	// usable idle connection and waited for one to be opened or released.
	WaitedAcquires int64
	// CanceledAcquires counts Acquire calls that ended because the caller's
	// context was done.
	CanceledAcquires int64
	// Timeouts counts Acquire calls that ended after AcquireTimeout.
	Timeouts int64
	// WaitTime is the total time the WaitedAcquires spent waiting.
	WaitTime time.Duration

	// Created counts connections opened.
	Created int64
	// Closed counts connections closed, for any reason; the counters below
	// split out some of those reasons.
	Closed int64
	// ClosedExpired counts connections closed past their MaxLifetime.
	ClosedExpired int64
	// ClosedIdle counts connections closed after being idle past MaxIdleTime.
	ClosedIdle int64
	// ClosedPingFailed counts connections closed because their pre-ping failed.
	ClosedPingFailed int64
	// ClosedInvalidated counts connections closed because the pool was
	// invalidated after they were opened.
	ClosedInvalidated int64
	// ClosedResetFailed counts connections closed because Reset failed.
	ClosedResetFailed int64
	// ClosedLeaked counts connections closed because their Lease was
	// garbage collected without being released (see [Lease.TrackLeak]).
	ClosedLeaked int64
}

// Stats returns a snapshot of the pool's gauges and counters. It works on a
// closed pool too.
func (p *Pool[T]) Stats() Stats {
	ps := p.res.Stat()
	s := &p.stats
	return Stats{
		MaxSize:      p.cfg.MaxSize,
		Open:         ps.TotalResources(),
		Idle:         ps.IdleResources(),
		InUse:        ps.AcquiredResources(),
		Constructing: ps.ConstructingResources(),

		Acquires:         s.acquires.Load(),
		WaitedAcquires:   s.waitedAcquires.Load(),
		CanceledAcquires: s.canceledAcquires.Load(),
		Timeouts:         s.timeouts.Load(),
		WaitTime:         time.Duration(s.waitTime.Load()),

		Created:           s.created.Load(),
		Closed:            s.closed.Load(),
		ClosedExpired:     s.closedExpired.Load(),
		ClosedIdle:        s.closedIdle.Load(),
		ClosedPingFailed:  s.closedPingFailed.Load(),
		ClosedInvalidated: s.closedInvalidated.Load(),
		ClosedResetFailed: s.closedResetFailed.Load(),
		ClosedLeaked:      s.closedLeaked.Load(),
	}
}

// counters are the pool's running totals behind [Stats].
type counters struct {
	acquires, waitedAcquires, canceledAcquires, timeouts atomic.Int64
	waitTime                                             atomic.Int64 // nanoseconds

	created, closed                                    atomic.Int64
	closedExpired, closedIdle, closedPingFailed        atomic.Int64
	closedInvalidated, closedResetFailed, closedLeaked atomic.Int64
}

// closeReason says why the pool closed a connection. reasonNone also means
// "usable" where a reason to close is being looked for.
type closeReason uint8

const (
	reasonNone        closeReason = iota // Lease.Destroy, or no reason
	reasonPoolClosed                     // the pool was closed
	reasonExpired                        // past MaxLifetime
	reasonIdle                           // idle past MaxIdleTime
	reasonPingFailed                     // pre-ping failed
	reasonInvalidated                    // opened before Invalidate
	reasonResetFailed                    // Reset failed
	reasonLeaked                         // Lease collected without Release
)

func (r closeReason) String() string {
	switch r {
	case reasonPoolClosed:
		return "pool closed"
	case reasonExpired:
		return "max lifetime"
	case reasonIdle:
		return "max idle time"
	case reasonPingFailed:
		return "ping failed"
	case reasonInvalidated:
		return "invalidated"
	case reasonResetFailed:
		return "reset failed"
	case reasonLeaked:
		return "leaked"
	}
	return "destroyed"
}

// reasonCounter returns the Stats counter kept for reason, or nil.
func (s *counters) reasonCounter(r closeReason) *atomic.Int64 {
	switch r {
	case reasonExpired:
		return &s.closedExpired
	case reasonIdle:
		return &s.closedIdle
	case reasonPingFailed:
		return &s.closedPingFailed
	case reasonInvalidated:
		return &s.closedInvalidated
	case reasonResetFailed:
		return &s.closedResetFailed
	case reasonLeaked:
		return &s.closedLeaked
	}
	return nil
}
