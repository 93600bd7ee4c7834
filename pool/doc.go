// Package pool is a generic, bounded connection pool. It knows nothing about
// databases: the caller supplies callbacks to open, check, reset and close a
// connection of any type T, and the engine package builds its database pool
// on top. It is built on github.com/jackc/puddle/v2 and follows SQLAlchemy's
// QueuePool where that makes sense.
//
// # Checking out and returning
//
// [Pool.Acquire] returns a [Lease]: an idle connection if one is usable, a
// new one if fewer than [Config.MaxSize] are open, or else the next one
// released, waiting at most [Config.AcquireTimeout] (a [*TimeoutError],
// matching [ErrTimeout]) or until the caller's context ends (an error
// wrapping the context's error). Each lease ends with [Lease.Release], which
// runs [Config.Reset] and returns the connection, or [Lease.Destroy], which
// closes it.
//
// # Keeping connections healthy
//
// A connection is closed rather than handed out when it is older than
// [Config.MaxLifetime] (plus a per-connection jitter), has been idle longer
// than [Config.MaxIdleTime], or was invalidated. One idle for at least
// [Config.PingAfterIdle] is pinged before Acquire hands it out; when the
// ping fails the pool is invalidated, as SQLAlchemy does after a disconnect:
// [Pool.Invalidate] closes every connection opened before it, idle ones at
// once and checked-out ones when they come back. A background goroutine
// applies the same rules to idle connections every
// [Config.HealthCheckPeriod].
//
// # Leaks
//
// A lease that is garbage collected without being ended holds a slot
// forever. [Lease.TrackLeak] records where it was acquired; should the lease
// be collected while still open, the pool logs a warning with that stack
// and reclaims the slot.
//
// # Example
//
//	p, err := pool.New(pool.Config[*net.TCPConn]{
//		Connect: func(ctx context.Context) (*net.TCPConn, error) {
//			var d net.Dialer
//			c, err := d.DialContext(ctx, "tcp", "db.internal:5432")
//			if err != nil {
//				return nil, err
//			}
//			return c.(*net.TCPConn), nil
//		},
//		Close:       func(c *net.TCPConn) { c.Close() },
//		MaxSize:     4,
//		MaxLifetime: time.Hour,
//	})
//	if err != nil {
//		return err
//	}
//	defer p.Close()
//
//	lease, err := p.Acquire(ctx)
//	if err != nil {
//		return err
//	}
//	defer lease.Release()
//	conn := lease.Value()
//	// ... use conn; call lease.Destroy instead if it broke.
package pool
