package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"
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
	// Deferred takes no lock until the transaction first reads or writes
	// (SQLite's BEGIN DEFERRED); the other dialects always work so.
	Deferred bool
}

// TxOption sets a transaction option for Begin and Transaction.
type TxOption func(*TxOptions)

// WithIsolation sets the isolation level. SQLite is always serializable and
// accepts any level.
func WithIsolation(l IsolationLevel) TxOption { return func(o *TxOptions) { o.Isolation = l } }

// ReadOnly makes the transaction read-only (not enforced on SQLite).
func ReadOnly() TxOption { return func(o *TxOptions) { o.ReadOnly = true } }

// Deferred starts a transaction that takes its locks as it goes. On SQLite,
// where transactions otherwise begin IMMEDIATE (taking the one write lock
// up front), a deferred transaction lets other connections read and write
// until it writes itself; its first write then fails with "database is
// locked" if another connection is writing. The ORM's Session uses it, so
// sessions that only read do not shut each other out. Other dialects ignore
// it.
func Deferred() TxOption { return func(o *TxOptions) { o.Deferred = true } }

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
//
// When a statement fails in a way that leaves the transaction unusable (on
// PostgreSQL any error does, until the transaction or the savepoint it ran
// in is rolled back; on MySQL a deadlock and on SQLite an interrupted write
// roll the whole transaction back), the Tx refuses further statements with
// an error matching ErrTxAborted, and Commit rolls back and returns it.
type Tx struct {
	e      *Engine
	c      *dconn
	lease  *pool.Lease[*dconn] // returned when the root transaction ends, if the Tx borrowed it
	conn   *Conn               // the Conn it was begun on, kept reachable
	parent *Tx
	name   string // savepoint name; "" for the root
	done   bool
	abort  error // why the transaction (at this level) can no longer run statements
}

// ErrTxAborted matches the error of a statement, Commit or Release on a
// transaction that a failed statement left unusable; roll it back (or roll
// back to an enclosing savepoint).
var ErrTxAborted = errors.New("engine: transaction aborted by an earlier error; roll it back")

func begin(ctx context.Context, e *Engine, c *dconn, o TxOptions) (*Tx, error) {
	if c.inDBTx() {
		return nil, errors.New("engine: a transaction is already open on this connection; use Tx.Begin for a savepoint")
	}
	stmts, err := e.backend.BeginSQL(o)
	if err != nil {
		return nil, err
	}
	for i, s := range stmts {
		if err := e.execControl(ctx, c, s); err != nil {
			if i > 0 {
				// A session setting for the next transaction (MySQL's SET
				// TRANSACTION) is pending: never hand it to someone else.
				c.broken = true
			}
			return nil, err
		}
	}
	c.inTx = true
	return &Tx{e: e, c: c}, nil
}

func (tx *Tx) root() *Tx {
	t := tx
	for t.parent != nil {
		t = t.parent
	}
	return t
}

// check reports why statements cannot run on tx: it (or a parent) ended,
// the transaction was aborted at its level or above, or the connection is
// gone.
func (tx *Tx) check() error {
	for t := tx; t != nil; t = t.parent {
		if t.done {
			return ErrTxDone
		}
		if t.abort != nil {
			return fmt.Errorf("%w: %w", ErrTxAborted, t.abort)
		}
	}
	if !tx.c.usable() {
		return ErrDisconnect
	}
	return nil
}

// failed records an error from a statement run on tx: what it left unusable.
func (tx *Tx) failed(err error) {
	var dbe *DBError
	switch {
	case err == nil:
	case isContextErr(err):
		// The statement may have been interrupted half-way: on SQLite that
		// rolls the whole transaction back.
		tx.root().abort = err
	case errors.As(err, &dbe) && dbe.TxRolledBack:
		tx.root().abort = err
	case errors.As(err, &dbe) && dbe.TxFailed:
		tx.abort = err
	}
}

// Query runs a statement that returns rows inside the transaction. The
// Result must be read to the end or closed before the next statement.
func (tx *Tx) Query(ctx context.Context, s core.Statement) (*Result, error) {
	if err := tx.check(); err != nil {
		return nil, err
	}
	p, err := tx.e.prepareStmt(s)
	if err != nil {
		return nil, err
	}
	r, err := tx.e.query(ctx, tx.c, p, nil, tx, tx)
	tx.failed(err)
	return r, err
}

// Exec runs a statement that returns no rows inside the transaction.
func (tx *Tx) Exec(ctx context.Context, s core.Statement) (ExecResult, error) {
	if err := tx.check(); err != nil {
		return ExecResult{}, err
	}
	p, err := tx.e.prepareStmt(s)
	if err != nil {
		return ExecResult{}, err
	}
	res, err := tx.e.exec(ctx, tx.c, p)
	tx.failed(err)
	return res, err
}

// Begin starts a nested transaction: a SAVEPOINT. Committing it releases
// the savepoint; rolling it back undoes only what was done since it began.
// Savepoints nest like a stack: ending one ends those begun after it.
func (tx *Tx) Begin(ctx context.Context) (*Tx, error) {
	if err := tx.check(); err != nil {
		return nil, err
	}
	tx.c.savept++
	name := "retort_sp_" + strconv.Itoa(tx.c.savept)
	if err := tx.e.execControl(ctx, tx.c, "SAVEPOINT "+name); err != nil {
		tx.failed(err)
		return nil, err
	}
	sp := &Tx{e: tx.e, c: tx.c, conn: tx.conn, parent: tx, name: name}
	tx.c.savepoints = append(tx.c.savepoints, sp)
	return sp, nil
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
// transaction also ends its open savepoints. A transaction a failed
// statement aborted is rolled back instead, and Commit returns an error
// matching ErrTxAborted; if COMMIT itself fails (or the context is done),
// the transaction is rolled back when the connection is returned.
func (tx *Tx) Commit(ctx context.Context) error {
	if tx.name != "" {
		return tx.endSavepoint(ctx, "RELEASE SAVEPOINT ")
	}
	if err := tx.endable(); err != nil {
		return err
	}
	aborted := tx.check()
	for _, sp := range tx.c.savepoints {
		if aborted == nil && sp.abort != nil {
			aborted = fmt.Errorf("%w: %w", ErrTxAborted, sp.abort)
		}
	}
	if errors.Is(aborted, ErrTxAborted) {
		_ = tx.endRoot(context.WithoutCancel(ctx), "ROLLBACK")
		return aborted
	}
	return tx.endRoot(ctx, "COMMIT")
}

// Rollback rolls the transaction back, or rolls back to the savepoint.
// ROLLBACK is sent even if ctx is done. Rolling back a transaction that
// already ended returns ErrTxDone.
func (tx *Tx) Rollback(ctx context.Context) error {
	if tx.name != "" {
		return tx.endSavepoint(ctx, "ROLLBACK TO SAVEPOINT ")
	}
	if err := tx.endable(); err != nil {
		return err
	}
	return tx.endRoot(context.WithoutCancel(ctx), "ROLLBACK")
}

// endable reports ErrTxDone for an ended transaction. A root transaction
// on a broken connection is ended (its connection closed) and reports
// ErrDisconnect.
func (tx *Tx) endable() error {
	for t := tx; t != nil; t = t.parent {
		if t.done {
			return ErrTxDone
		}
	}
	if tx.name == "" && !tx.c.usable() {
		tx.c.endTx()
		tx.done = true
		tx.releaseLease()
		return ErrDisconnect
	}
	return nil
}

// endRoot sends COMMIT or ROLLBACK and ends the transaction. The
// connection's transaction flag is cleared only when it succeeded; if not,
// the reset on return rolls back (or closes the connection).
func (tx *Tx) endRoot(ctx context.Context, sql string) error {
	tx.c.closeRows()
	err := tx.e.execControl(ctx, tx.c, sql)
	if err == nil {
		tx.c.endTx()
	} else {
		for _, sp := range tx.c.savepoints {
			sp.done = true
		}
	}
	tx.done = true
	tx.releaseLease()
	return err
}

// endSavepoint releases or rolls back to the savepoint, ending the
// savepoints begun after it.
func (tx *Tx) endSavepoint(ctx context.Context, verb string) error {
	if err := tx.endable(); err != nil {
		return err
	}
	if !tx.c.usable() {
		return ErrDisconnect
	}
	release := verb == "RELEASE SAVEPOINT "
	if release {
		if err := tx.check(); err != nil {
			// A failed savepoint cannot be released: the failure now
			// belongs to the enclosing level, which must roll back.
			tx.parent.abort = err
			tx.popSavepoint()
			return err
		}
	}
	tx.c.closeRows()
	tx.popSavepoint()
	err := tx.e.execControl(ctx, tx.c, verb+tx.name)
	if err != nil {
		tx.parent.failed(err)
	}
	return err
}

// popSavepoint marks tx and the savepoints begun after it done.
func (tx *Tx) popSavepoint() {
	i := slices.Index(tx.c.savepoints, tx)
	if i < 0 {
		tx.done = true
		return
	}
	for _, sp := range tx.c.savepoints[i:] {
		sp.done = true
	}
	tx.c.savepoints = tx.c.savepoints[:i]
}

// releaseLease returns a connection the transaction borrowed.
func (tx *Tx) releaseLease() {
	if tx.lease != nil {
		tx.e.release(tx.lease)
		tx.lease = nil
	}
	if tx.conn != nil && tx.conn.tx == tx {
		tx.conn.tx = nil
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
		if rerr := tx.Rollback(ctx); rerr != nil && !errors.Is(rerr, ErrTxDone) && !errors.Is(rerr, ErrDisconnect) {
			return errors.Join(err, rerr)
		}
		return err
	}
	return tx.Commit(ctx)
}
