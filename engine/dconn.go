package engine

import (
	"context"
	"errors"
	"time"
)

// dconn is a pooled connection and what the Engine knows of its state. It
// never points at a Result, Tx or Conn: those point at it, so dropping them
// lets the pool's leak tracking find the lease.
type dconn struct {
	DriverConn
	engine  *Engine
	created time.Time

	inTx   bool // a transaction is open on it
	broken bool // a disconnect was seen; never reuse

	// rows are the open rows of the current Result, if any; rowsGen numbers
	// Results so one can tell when its rows were closed under it.
	rows    DriverRows
	rowsGen uint64

	// savepoints are the open savepoints, outermost first; savept numbers them.
	savepoints []*Tx
	savept     int
}

// TxStatuser is implemented by driver connections that know whether the
// database has a transaction open on them (PostgreSQL), so a transaction
// begun with a user's own SQL is rolled back before the connection is
// pooled again.
type TxStatuser interface {
	InTransaction() bool
}

// usable reports whether the connection may run statements: not marked
// broken, and not given up on by its driver. While rows are open the
// driver's view is not asked: a connection reading rows is busy, not broken
// (MySQL's IsValid says false then).
func (c *dconn) usable() bool {
	if c.broken {
		return false
	}
	if c.rows != nil {
		return true
	}
	if v, ok := c.DriverConn.(Validator); ok && !v.IsValid() {
		c.broken = true
		return false
	}
	return true
}

// inDBTx reports whether a transaction is open, by the engine's account or
// the driver's.
func (c *dconn) inDBTx() bool {
	if c.inTx {
		return true
	}
	s, ok := c.DriverConn.(TxStatuser)
	return ok && s.InTransaction()
}

// closeRows closes the open Result's rows, if any; the Result notices.
func (c *dconn) closeRows() {
	if c.rows != nil {
		_ = c.rows.Close()
		c.rows = nil
	}
}

// endTx forgets the transaction and its savepoints.
func (c *dconn) endTx() {
	c.inTx = false
	for _, sp := range c.savepoints {
		sp.done = true
	}
	c.savepoints = nil
	c.savept = 0
}

// needsReset reports whether a connection going back to the pool has
// anything left open, or may be unusable; most releases have neither and
// skip resetConn (and the timer that bounds it).
func needsReset(c *dconn) bool {
	return c.rows != nil || !c.usable() || c.inDBTx()
}

// resetConn runs when a connection goes back to the pool: it closes open
// rows and rolls back a transaction left open, so the next user starts
// clean. An error makes the pool close the connection instead.
func (e *Engine) resetConn(ctx context.Context, c *dconn) error {
	c.closeRows()
	if !c.usable() {
		return errBroken
	}
	if c.inDBTx() {
		c.endTx()
		if _, err := c.Exec(ctx, "ROLLBACK", nil); err != nil {
			return err
		}
		e.echoControl(ctx, "ROLLBACK (reset on return)")
	}
	if !c.usable() || c.inDBTx() {
		return errBroken
	}
	return nil
}

var errBroken = errors.New("engine: connection is broken")

func isContextErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
