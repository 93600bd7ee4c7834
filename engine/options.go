package engine

import (
	"context"
	"log/slog"
	"time"
)

// Option configures Open.
type Option func(*config)

type config struct {
	echo       *slog.Logger
	logger     *slog.Logger
	hooks      Hooks
	pool       PoolConfig
	cacheSize  int
	hideParams bool
}

func defaultConfig() config {
	return config{pool: PoolConfig{MaxSize: 10, AcquireTimeout: 30 * time.Second}, cacheSize: 500}
}

// PoolConfig sizes and tunes the connection pool; zero fields keep the
// defaults: 10 connections, a 30 s acquire timeout, no lifetime or idle
// limit, a health check (ping) before handing out a connection idle for 1 s.
type PoolConfig struct {
	MaxSize           int32
	AcquireTimeout    time.Duration
	MaxLifetime       time.Duration // recycle connections older than this (the cure for server-side timeouts)
	MaxLifetimeJitter time.Duration // spread recycling out by up to this much per connection
	MaxIdleTime       time.Duration // close connections idle longer than this
	PingAfterIdle     time.Duration // ping a connection idle at least this long before use; negative: never
}

// WithPool sets the connection pool's configuration.
func WithPool(c PoolConfig) Option {
	return func(cfg *config) {
		d := defaultConfig().pool
		if c.MaxSize == 0 {
			c.MaxSize = d.MaxSize
		}
		if c.AcquireTimeout == 0 {
			c.AcquireTimeout = d.AcquireTimeout
		}
		cfg.pool = c
	}
}

// WithEcho logs every statement, with its arguments, duration and whether
// its compiled form came from the cache, to l at Info level (SQLAlchemy's
// echo=True).
func WithEcho(l *slog.Logger) Option { return func(c *config) { c.echo = l } }

// WithLogger sets where the pool's warnings go (a connection never
// released, connections closed after errors); slog.Default otherwise.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// WithHooks installs functions called around every statement execution.
func WithHooks(h Hooks) Option { return func(c *config) { c.hooks = h } }

// WithStatementCacheSize sets how many compiled statements the engine keeps
// (default 500).
func WithStatementCacheSize(n int) Option { return func(c *config) { c.cacheSize = n } }

// WithHideParameters keeps statement arguments out of errors and echo logs
// (SQLAlchemy's hide_parameters).
func WithHideParameters() Option { return func(c *config) { c.hideParams = true } }

// Hooks are called around each statement the engine sends, including
// transaction control. Before may not change the statement; it sees what is
// about to run. Both run on the calling goroutine and must be quick.
type Hooks struct {
	BeforeExecute func(ctx context.Context, ex *Execution)
	AfterExecute  func(ctx context.Context, ex *Execution)
}

// Execution describes one statement sent to the database.
type Execution struct {
	SQL    string
	Args   []any // nil when parameters are hidden
	Cached bool  // the compiled form came from the cache
	Start  time.Time
	// Set before AfterExecute:
	Duration     time.Duration
	RowsAffected int64 // for statements that return no rows
	Err          error

	raw bool // transaction control, not a compiled statement
}
