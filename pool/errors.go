package pool

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrClosed is returned by [Pool.Acquire] once [Pool.Close] has been called,
// including to calls that were already waiting for a connection.
var ErrClosed = errors.New("pool: closed")

// ErrTimeout is matched, through [errors.Is], by the [*TimeoutError] that
// [Pool.Acquire] returns when no connection became free within
// [Config.AcquireTimeout].
var ErrTimeout = errors.New("pool: timed out waiting for a connection")

// TimeoutError reports that [Pool.Acquire] gave up after waiting
// [Config.AcquireTimeout] for a connection. It unwraps to [ErrTimeout].
// It is not returned when the caller's own context ends first: that error
// wraps the context's error instead.
type TimeoutError struct {
	// Waited is how long Acquire waited before giving up.
	Waited time.Duration
	// MaxSize is the pool's capacity.
	MaxSize int32
	// InUse is how many connections were checked out when Acquire gave up.
	InUse int32
}

var _ error = (*TimeoutError)(nil)

// Error describes the wait, for example
// "pool: timed out after 30s waiting for a connection (10 of 10 in use)".
func (e *TimeoutError) Error() string {
	waited := e.Waited
	if waited >= time.Millisecond {
		waited = waited.Round(time.Millisecond)
	}
	return fmt.Sprintf("pool: timed out after %s waiting for a connection (%d of %d in use)",
		waited, e.InUse, e.MaxSize)
}

// Unwrap returns [ErrTimeout], so that errors.Is(err, ErrTimeout) holds.
func (e *TimeoutError) Unwrap() error { return ErrTimeout }

// errWaitTimedOut is the cancellation cause of the context that bounds a wait
// by AcquireTimeout; it tells that timeout apart from the caller's own
// deadline, which cancels the same context with a different cause.
var errWaitTimedOut = errors.New("pool: acquire timeout elapsed")

// contextError wraps the error of the caller's finished context, adding its
// cancellation cause when that says more than the error itself.
func contextError(ctx context.Context) error {
	err := ctx.Err()
	if cause := context.Cause(ctx); cause != nil && cause != err {
		return fmt.Errorf("pool: gave up waiting for a connection: %w: %w", err, cause)
	}
	return fmt.Errorf("pool: gave up waiting for a connection: %w", err)
}
