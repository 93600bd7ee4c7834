package pool

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Defaults that [New] gives to zero fields of [Config].
const (
	defaultMaxSize           int32         = 10
	defaultAcquireTimeout    time.Duration = 30 * time.Second
	defaultPingAfterIdle     time.Duration = time.Second
	defaultHealthCheckPeriod time.Duration = time.Minute
	defaultResetTimeout      time.Duration = 5 * time.Second
)

// Config describes a [Pool]: how to open, check, reset and close one
// connection of type T, and the limits the pool keeps. Only Connect is
// required; zero values of the other fields select the defaults given with
// each field.
type Config[T any] struct {
	// Connect opens a new connection. It is required. Its context carries the
	// values of the Acquire that asked for the connection but is not canceled
	// when that Acquire gives up, so that a slow connect still fills the pool
	// for the next caller; it is canceled when the pool is closed.
	Connect func(ctx context.Context) (T, error)

	// Close closes one connection. Nil means connections need no closing.
	Close func(T)

	// Ping checks that a connection still works before it is handed out
	// after having been idle for PingAfterIdle (SQLAlchemy's pre-ping).
	// A failed ping destroys the connection and invalidates the pool (see
	// [Pool.Invalidate]). Nil disables pre-ping.
	Ping func(ctx context.Context, v T) error

	// Reset runs on every [Lease.Release], for example to roll back a
	// transaction left open, bounded by ResetTimeout. When it returns an
	// error the connection is destroyed instead of returned to the pool.
	// Nil means nothing is done.
	Reset func(ctx context.Context, v T) error

	// NeedsReset, if set, is asked first on every Release: when it reports
	// false, Reset is skipped, and so is the timer that bounds it. It must
	// be cheap; it lets the common release (nothing left open) cost nothing.
	NeedsReset func(v T) bool

	// MaxSize is the maximum number of open connections, counting idle,
	// checked-out and still connecting ones. Zero means 10.
	MaxSize int32

	// AcquireTimeout bounds how long [Pool.Acquire] waits for a connection
	// to become free (and for a pre-ping). Zero means 30
	// seconds; negative means waiting until the caller's
	// context is done.
	AcquireTimeout time.Duration

	// MaxLifetime is how long a connection may live. One older than its
	// lifetime is closed when it is checked out, returned, or found idle by
	// the background check, and replaced on demand. Zero means unlimited.
	MaxLifetime time.Duration

	// MaxLifetimeJitter spreads expiry: each connection lives MaxLifetime
	// plus a random duration in [0, MaxLifetimeJitter), chosen when it is
	// opened, so that connections opened together do not all expire
	// together. Ignored when MaxLifetime is zero.
	MaxLifetimeJitter time.Duration

	// MaxIdleTime is how long a connection may sit unused in the pool before
	// it is closed, at checkout or by the background check. Zero means
	// unlimited.
	MaxIdleTime time.Duration

	// PingAfterIdle is how long a connection must have been unused before
	// Acquire pings it. Zero means one second; negative disables
	// pre-ping.
	PingAfterIdle time.Duration

	// HealthCheckPeriod is how often a background goroutine closes idle
	// connections that are past MaxIdleTime or MaxLifetime or were
	// invalidated. Zero means one minute.
	HealthCheckPeriod time.Duration

	// ResetTimeout bounds each call of Reset. Zero means five
	// seconds.
	ResetTimeout time.Duration

	// Logger receives the warning about a leaked connection (see
	// [Lease.TrackLeak]) and a record for each connection closed after a
	// failed ping or reset. Nil means [slog.Default].
	Logger *slog.Logger
}

// withDefaults returns cfg with the zero fields that have a default filled
// in, or an error naming the first invalid field.
func (cfg Config[T]) withDefaults() (Config[T], error) {
	if cfg.Connect == nil {
		return cfg, errors.New("pool: Config.Connect is required")
	}
	for _, f := range []struct {
		name  string
		value int64
	}{
		{"MaxSize", int64(cfg.MaxSize)},
		{"MaxLifetime", int64(cfg.MaxLifetime)},
		{"MaxLifetimeJitter", int64(cfg.MaxLifetimeJitter)},
		{"MaxIdleTime", int64(cfg.MaxIdleTime)},
		{"HealthCheckPeriod", int64(cfg.HealthCheckPeriod)},
		{"ResetTimeout", int64(cfg.ResetTimeout)},
	} {
		if f.value < 0 {
			return cfg, fmt.Errorf("pool: Config.%s must not be negative, got %d", f.name, f.value)
		}
	}
	if cfg.MaxSize == 0 {
		cfg.MaxSize = defaultMaxSize
	}
	if cfg.AcquireTimeout == 0 {
		cfg.AcquireTimeout = defaultAcquireTimeout
	}
	if cfg.PingAfterIdle == 0 {
		cfg.PingAfterIdle = defaultPingAfterIdle
	}
	if cfg.HealthCheckPeriod == 0 {
		cfg.HealthCheckPeriod = defaultHealthCheckPeriod
	}
	if cfg.ResetTimeout == 0 {
		cfg.ResetTimeout = defaultResetTimeout
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return cfg, nil
}
