package engine

import (
	"context"
	"errors"
	"strconv"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/pool"
)

// IsolationLevel is a transaction isolation level.
type IsolationLevel uint8

// The isolation levels. LevelDefault keeps the database's default.
const (
	LevelDefault IsolationLevel = iota
	LevelReadUncommitted
	LevelReadCommitted
	LevelRepeatableRead
	LevelSerializable
)

// SQL returns the level as SQL words ("REPEATABLE READ"), or "" for LevelDefault.
func (l IsolationLevel) SQL() string {
	switch l {
	case LevelReadUncommitted:
		return "READ UNCOMMITTED"
	case LevelReadCommitted:
		return "READ COMMITTED"
	case LevelRepeatableRead:
		return "REPEATABLE READ"
	case LevelSerializable:
		return "SERIALIZABLE"
	}
	return ""
}

// TxOptions are the options of a transaction.
type TxOptions struct {
	Isolation IsolationLevel
	ReadOnly  bool
}

// TxOption sets a transaction option for Begin and Transaction.
type TxOption func(*TxOptions)

// WithIsolation sets the isolation level. SQLite is always serializable and
// accepts any level.
func WithIsolation(l IsolationLevel) TxOption { return func(o *TxOptions) { o.Isolation = l } }

// ReadOnly makes the transaction read-only (not enforced on SQLite).
func ReadOnly() TxOption { return func(o *TxOptions) { o.ReadOnly = true } }

func resolveTxOptions(opts []TxOption) TxOptions {
	var o TxOptions
	for _, f := range opts {
		f(&o)
	}
	return o
}

// Tx is a transaction, or a savepoint inside one (see Begin). Run
// statements on it with Query and Exec, then Commit or Rollback. A Tx is
// used by one goroutine at a time.
type Tx struct {
	e      *Engine
	c      *dconn
	lease  *pool.Lease[*dconn] // returned when the root transaction ends, if the Tx borrowed it
	parent *Tx
	name   string // savepoint name; "" for the root
	done   bool
}

func begin(ctx context.Context, e *Engine, c *dconn, o TxOptions) (*Tx, error) {
	if c.inTx {
		return nil, errors.New("engine: a transaction is already open on this connection; use Tx.Begin for a savepoint")
	}
	stmts, err := e.backend.BeginSQL(o)
	if err != nil {
		return nil, err
	}
	for _, s := range stmts {
		if err := e.execControl(ctx, c, s); err != nil {
			return nil, err
		}
	}
	c.inTx = true
	return &Tx{e: e, c: c}, nil
}

// active reports whether the transaction and all its parents are open.
func (tx *Tx) active() error {
	for t := tx; t != nil; t = t.parent {
		if t.done {
			return ErrTxDone
		}
	}
	if tx.c.broken {
		return ErrDisconnect
	}
	return nil
}

// Query runs a statement that returns rows inside the transaction. The
// Result must be read to the end or closed before the next statement.
func (tx *Tx) Query(ctx context.Context, s core.Statement) (*Result, error) {
	if err := tx.active(); err != nil {
		return nil, err
	}
	p, err := tx.e.prepareStmt(s)
	if err != nil {
		return nil, err
	}
	return tx.e.query(ctx, tx.c, p, nil)
}

// Exec runs a statement that returns no rows inside the transaction.
func (tx *Tx) Exec(ctx context.Context, s core.Statement) (ExecResult, error) {
	if err := tx.active(); err != nil {
		return ExecResult{}, err
	}
	p, err := tx.e.prepareStmt(s)
	if err != nil {
		return ExecResult{}, err
	}
	return tx.e.exec(ctx, tx.c, p)
}

// Begin starts a nested transaction: a SAVEPOINT. Committing it releases
// the savepoint; rolling it back undoes only what was done since it began.
func (tx *Tx) Begin(ctx context.Context) (*Tx, error) {
	if err := tx.active(); err != nil {
		return nil, err
	}
	tx.c.savept++
	name := "retort_sp_" + strconv.Itoa(tx.c.savept)
	if err := tx.e.execControl(ctx, tx.c, "SAVEPOINT "+name); err != nil {
		return nil, err
	}
	return &Tx{e: tx.e, c: tx.c, parent: tx, name: name}, nil
}

// Transaction runs fn in a savepoint of tx: released if fn returns nil,
// rolled back (to the savepoint) if fn fails or panics.
func (tx *Tx) Transaction(ctx context.Context, fn func(tx *Tx) error) error {
	sp, err := tx.Begin(ctx)
	if err != nil {
		return err
	}
	return runTx(ctx, sp, fn)
}

// Commit commits the transaction, or releases the savepoint. Committing a
// transaction also ends its open savepoints.
func (tx *Tx) Commit(ctx context.Context) error {
	return tx.finish(ctx, "RELEASE SAVEPOINT ", "COMMIT")
}

// Rollback rolls the transaction back, or rolls back to the savepoint.
// Rolling back a transaction that already ended returns ErrTxDone.
func (tx *Tx) Rollback(ctx context.Context) error {
	return tx.finish(ctx, "ROLLBACK TO SAVEPOINT ", "ROLLBACK")
}

// finish ends a savepoint with savepointVerb + its name, or the root
// transaction with rootSQL, after closing an open Result.
func (tx *Tx) finish(ctx context.Context, savepointVerb, rootSQL string) error {
	if err := tx.active(); err != nil {
		return err
	}
	if tx.c.open != nil {
		tx.c.open.finish()
	}
	if tx.name != "" {
		tx.done = true
		return tx.e.execControl(ctx, tx.c, savepointVerb+tx.name)
	}
	err := tx.e.execControl(ctx, tx.c, rootSQL)
	tx.end()
	return err
}

// end closes the root transaction and returns a borrowed connection.
func (tx *Tx) end() {
	tx.done = true
	tx.c.inTx = false
	tx.c.savept = 0
	if tx.lease != nil {
		tx.e.release(tx.lease)
		tx.lease = nil
	}
}

// runTx runs fn and commits, or rolls back on error, panic or
// runtime.Goexit (a test's t.FailNow inside fn).
func runTx(ctx context.Context, tx *Tx, fn func(tx *Tx) error) (err error) {
	returned := false
	defer func() {
		if returned {
			return
		}
		p := recover()
		_ = tx.Rollback(context.WithoutCancel(ctx))
		if p != nil {
			panic(p)
		}
	}()
	err = fn(tx)
	returned = true
	if err != nil {
		if rerr := tx.Rollback(context.WithoutCancel(ctx)); rerr != nil && !errors.Is(rerr, ErrTxDone) {
			return errors.Join(err, rerr)
		}
		return err
	}
	return tx.Commit(ctx)
}
