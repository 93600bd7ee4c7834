package pool

import "time"

// NewWithClock is New with a fake clock for lifetimes and idle times.
func NewWithClock[T any](cfg Config[T], now func() time.Time) (*Pool[T], error) {
	return newPool(cfg, now)
}

// RunHealthCheck runs one pass of the background check now.
func (p *Pool[T]) RunHealthCheck() { p.sweep() }

// Drained is closed once the pool is closed and every connection it opened
// has been closed.
func (p *Pool[T]) Drained() <-chan struct{} { return p.drained }

// ExpiresAt returns when the leased connection reaches its lifetime.
func (l *Lease[T]) ExpiresAt() time.Time { return l.c.expiresAt }
