package engine

import (
	"context"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/pool"
)

// Conn is one connection borrowed from the pool (Engine.Connect), for
// statements that must share a session. Statements outside a transaction
// commit on their own. Close returns the connection, rolling back a
// transaction left open. A Conn is used by one goroutine at a time.
type Conn struct {
	e     *Engine
	lease *pool.Lease[*dconn]
	c     *dconn
	tx    *Tx // the transaction begun on it, if one is open
}

func (cn *Conn) check() error {
	if cn.lease == nil {
		return ErrClosed
	}
	if !cn.c.usable() {
		return ErrDisconnect
	}
	return nil
}

// Query runs a statement that returns rows. The Result must be read to the
// end or closed before the next statement on this Conn.
func (cn *Conn) Query(ctx context.Context, s core.Statement) (*Result, error) {
	if err := cn.check(); err != nil {
		return nil, err
	}
	p, err := cn.e.prepareStmt(s)
	if err != nil {
		return nil, err
	}
	return cn.e.query(ctx, cn.c, p, nil, nil, cn)
}

// Exec runs a statement that returns no rows.
func (cn *Conn) Exec(ctx context.Context, s core.Statement) (ExecResult, error) {
	if err := cn.check(); err != nil {
		return ExecResult{}, err
	}
	p, err := cn.e.prepareStmt(s)
	if err != nil {
		return ExecResult{}, err
	}
	return cn.e.exec(ctx, cn.c, p)
}

// Begin starts a transaction on the connection.
func (cn *Conn) Begin(ctx context.Context, opts ...TxOption) (*Tx, error) {
	if err := cn.check(); err != nil {
		return nil, err
	}
	tx, err := begin(ctx, cn.e, cn.c, resolveTxOptions(opts))
	if err != nil {
		return nil, err
	}
	tx.conn = cn
	cn.tx = tx
	return tx, nil
}

// Transaction runs fn in a transaction on the connection: committed if fn
// returns nil, rolled back if it fails or panics.
func (cn *Conn) Transaction(ctx context.Context, fn func(tx *Tx) error, opts ...TxOption) error {
	tx, err := cn.Begin(ctx, opts...)
	if err != nil {
		return err
	}
	return runTx(ctx, tx, fn)
}

// InTransaction reports whether a transaction is open on the connection.
func (cn *Conn) InTransaction() bool { return cn.lease != nil && cn.c.inDBTx() }

// Close returns the connection to the pool; an open Result is closed and an
// open transaction rolled back first. Closing twice is a no-op.
func (cn *Conn) Close() error {
	if cn.lease == nil {
		return nil
	}
	if cn.tx != nil {
		cn.tx.done = true // rolled back by the reset; its statements must fail
		cn.tx = nil
	}
	cn.e.release(cn.lease)
	cn.lease = nil
	return nil
}
