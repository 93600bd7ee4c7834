package engine

import (
	"context"
	"errors"
	"io"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/pool"
	"github.com/retort-go/retort/sqlcompile"
	"github.com/retort-go/retort/sqltype"
)

// Engine is the entry point to one database: a dialect, a connection pool
// and a compiled-statement cache. It is safe for concurrent use; make one
// per database and share it. Statements run on it directly borrow a pooled
// connection for the duration of the call (or of the Result, for Query).
type Engine struct {
	backend Backend
	dialect *sqlcompile.Dialect
	cache   *sqlcompile.Cache
	pool    *pool.Pool[*dconn]
	cfg     config
	url     string // password masked
	closed  atomic.Bool
	plans   planCache
}

// Open connects to the database at url and returns an Engine. The scheme
// picks the dialect, whose package must be imported (for its registration):
//
//	import _ "github.com/retort-go/retort/dialects/sqlite"
//	eng, err := engine.Open(ctx, "sqlite://:memory:")
//
// Open makes one connection to check the URL and learn the server's
// version, so a wrong URL or an unreachable server fails here. Errors: a
// *URLError for a URL it cannot use, or the connection error.
func Open(ctx context.Context, url string, opts ...Option) (*Engine, error) {
	open, _, err := lookup(url)
	if err != nil {
		return nil, err
	}
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	backend, err := open(ctx, url)
	if err != nil {
		return nil, err
	}
	e := &Engine{backend: backend, cfg: cfg, url: redactURL(url)}
	pc := cfg.pool
	e.pool, err = pool.New(pool.Config[*dconn]{
		Connect:           e.connect,
		Close:             func(c *dconn) { _ = c.Close() },
		Ping:              func(ctx context.Context, c *dconn) error { return c.Ping(ctx) },
		Reset:             e.resetConn,
		NeedsReset:        needsReset,
		MaxSize:           pc.MaxSize,
		AcquireTimeout:    pc.AcquireTimeout,
		MaxLifetime:       pc.MaxLifetime,
		MaxLifetimeJitter: pc.MaxLifetimeJitter,
		MaxIdleTime:       pc.MaxIdleTime,
		PingAfterIdle:     pc.PingAfterIdle,
		Logger:            cfg.logger,
	})
	if err != nil {
		closeBackend(backend)
		return nil, err
	}
	lease, err := e.pool.Acquire(ctx)
	if err != nil {
		e.pool.Close()
		closeBackend(backend)
		return nil, err
	}
	d, err := backend.Init(ctx, lease.Value().DriverConn)
	if err != nil {
		lease.Destroy()
		e.pool.Close()
		closeBackend(backend)
		return nil, err
	}
	lease.Release()
	e.dialect = d
	e.cache = sqlcompile.NewCache(d, cfg.cacheSize)
	return e, nil
}

func closeBackend(b Backend) {
	if c, ok := b.(io.Closer); ok {
		_ = c.Close()
	}
}

func (e *Engine) connect(ctx context.Context) (*dconn, error) {
	c, err := e.backend.Connect(ctx)
	if err != nil {
		if isContextErr(err) {
			return nil, err
		}
		// A failed new connection says nothing about the pooled ones: it is
		// an operational error, and the pool is not invalidated.
		info := e.backend.Classify(err)
		info.Class, info.Disconnect = ClassOperational, false
		return nil, &DBError{ErrorInfo: info, Err: err}
	}
	return &dconn{DriverConn: c, engine: e, created: time.Now()}, nil
}

// Dialect returns the dialect statements are compiled for.
func (e *Engine) Dialect() *sqlcompile.Dialect { return e.dialect }

// String describes the engine: its URL with the password masked.
func (e *Engine) String() string { return "engine(" + e.url + ")" }

// PoolStats returns the connection pool's statistics.
func (e *Engine) PoolStats() pool.Stats { return e.pool.Stats() }

// CacheStats returns the compiled-statement cache's statistics.
func (e *Engine) CacheStats() sqlcompile.CacheStats { return e.cache.Stats() }

// Close closes the pool: idle connections now, borrowed ones when they are
// returned. Later calls fail with ErrClosed. It is safe to call twice.
func (e *Engine) Close() error {
	if e.closed.Swap(true) {
		return nil
	}
	e.pool.Close()
	closeBackend(e.backend)
	return nil
}

// Compile returns the SQL and arguments s would execute with on this
// engine's dialect, for inspection and logging.
func (e *Engine) Compile(s core.Statement) (string, []any, error) {
	p, err := e.prepareInto(s, nil)
	if err != nil {
		return "", nil, err
	}
	return p.cs.SQL, shownArgs(p.args), nil
}

// prepared is a compiled statement with the arguments of one execution.
type prepared struct {
	cs   *sqlcompile.Compiled
	args []any
	hit  bool
	// pooled holds args' array when it came from argsPool: putArgs gives
	// it back once the statement has run.
	pooled *[]any
}

// argsPool holds arrays of arguments. The drivers read the arguments
// while the statement is sent (none keeps them after Exec or Query
// returns), so an array is reused once its statement has run, unless
// someone else may hold it: hooks and echo get Execution.Args, and
// Compile's caller the arguments themselves, so then args are allocated.
var argsPool = sync.Pool{New: func() any { return new([]any) }}

// prepareStmt compiles s (through the cache) and converts its arguments
// for the driver, into a pooled array when nothing else sees them.
func (e *Engine) prepareStmt(s core.Statement) (prepared, error) {
	if e.cfg.hooks.BeforeExecute != nil || e.cfg.hooks.AfterExecute != nil || e.cfg.echo != nil {
		return e.prepareInto(s, nil)
	}
	buf := argsPool.Get().(*[]any)
	p, err := e.prepareInto(s, buf)
	if err != nil {
		putArgs(buf, nil)
	}
	return p, err
}

// putArgs gives back a pooled array (nil: none) whose statement has run.
func putArgs(buf *[]any, args []any) {
	if buf == nil {
		return
	}
	clear(args)
	*buf = args[:0]
	if cap(args) > 1<<16 { // do not keep a huge one
		*buf = nil
	}
	argsPool.Put(buf)
}

// prepareInto is prepareStmt with the arguments in *buf when buf is not
// nil.
func (e *Engine) prepareInto(s core.Statement, buf *[]any) (prepared, error) {
	if e.closed.Load() {
		return prepared{}, ErrClosed
	}
	var dst []any
	if buf != nil {
		dst = (*buf)[:0]
	}
	cs, args, hit, err := e.cache.CompileAppend(s, dst)
	if err != nil {
		return prepared{}, err
	}
	if buf != nil {
		*buf = args
	}
	for i, a := range args {
		if a == nil {
			continue
		}
		v, err := e.bindValue(a, cs.ArgTypes[i])
		if err != nil {
			return prepared{}, err
		}
		args[i] = v
	}
	return prepared{cs: cs, args: args, hit: hit, pooled: buf}, nil
}

func (e *Engine) bindValue(v any, t sqltype.Type) (any, error) {
	if ct, ok := t.(*sqltype.CustomType); ok {
		if core.IsNullValue(v) {
			return nil, nil
		}
		v = unwrapNullable(v, ct.GoType())
		dv, err := ct.ToDB(v)
		if err != nil {
			return nil, &core.ValueError{Type: ct.String(), Err: err}
		}
		v, t = dv, ct.Impl()
	}
	return e.backend.BindValue(v, t)
}

// unwrapNullable returns the value a *T or sql.Null[T] holds when T is
// want, so a nullable column of a custom type converts what it holds.
func unwrapNullable(v any, want reflect.Type) any {
	rv := reflect.ValueOf(v)
	if rv.Type() == want {
		return v
	}
	switch {
	case rv.Kind() == reflect.Pointer && rv.Type().Elem() == want:
		return rv.Elem().Interface()
	case rv.Kind() == reflect.Struct && rv.Type().PkgPath() == "database/sql":
		if f := rv.FieldByName("V"); f.IsValid() && f.Type() == want {
			return f.Interface()
		}
	}
	return v
}

// acquire borrows a connection from the pool.
func (e *Engine) acquire(ctx context.Context) (*pool.Lease[*dconn], error) {
	if e.closed.Load() {
		return nil, ErrClosed
	}
	l, err := e.pool.Acquire(ctx)
	if err != nil {
		if errors.Is(err, pool.ErrClosed) {
			return nil, ErrClosed
		}
		return nil, err
	}
	return l, nil
}

// release returns a borrowed connection, or closes it if it broke (the
// pool's Reset also checks the driver's own view).
func (e *Engine) release(l *pool.Lease[*dconn]) {
	if l.Value().broken {
		l.Destroy()
		return
	}
	l.Release()
}

// wrapError classifies an error from a statement sent on c and wraps it
// with the statement in a *DBError. Three separate decisions:
//   - c is marked broken when the dialect says it was disconnected or the
//     driver says it gave up on it (a cancelled statement makes drivers
//     close the connection);
//   - the pool is invalidated only when a statement sent on a connection
//     that looked healthy found it disconnected (a failover), never for the
//     caller's own cancellation;
//   - the caller's cancellation (a context error) is returned as it is.
func (e *Engine) wrapError(c *dconn, err error, sql string, args []any) error {
	if err == nil {
		return nil
	}
	var dbe *DBError
	if errors.As(err, &dbe) {
		return err
	}
	ctxErr := isContextErr(err)
	var info ErrorInfo
	if !ctxErr {
		info = e.backend.Classify(err)
	}
	wasUsable := !c.broken
	if info.Disconnect {
		c.broken = true
	}
	c.usable() // the driver's own view
	if ctxErr {
		return err
	}
	if info.Disconnect && wasUsable {
		e.pool.Invalidate()
	}
	if e.cfg.hideParams {
		args = nil
	}
	// A copy: the arguments' array may be reused once the statement is over.
	return &DBError{ErrorInfo: info, SQL: sql, Args: slices.Clone(shownArgs(args)), Err: err}
}

// exec runs a prepared statement that returns no rows on c.
func (e *Engine) exec(ctx context.Context, c *dconn, p prepared) (ExecResult, error) {
	if c.rows != nil {
		return ExecResult{}, ErrConnBusy
	}
	ex := e.startExecution(ctx, p.cs.SQL, p.args, p.hit, false)
	res, err := c.Exec(ctx, p.cs.SQL, p.args)
	err = e.wrapError(c, err, p.cs.SQL, p.args)
	if ex != nil {
		ex.RowsAffected = res.RowsAffected
		e.endExecution(ctx, ex, err)
	}
	putArgs(p.pooled, p.args)
	return res, err
}

// query runs a prepared statement that returns rows on c; the Result owns
// lease when it is not nil, and keeps owner (the Conn or Tx it came from)
// reachable while it is.
func (e *Engine) query(ctx context.Context, c *dconn, p prepared, lease *pool.Lease[*dconn], tx *Tx, owner any) (*Result, error) {
	if c.rows != nil {
		return nil, ErrConnBusy
	}
	ex := e.startExecution(ctx, p.cs.SQL, p.args, p.hit, false)
	rows, err := c.Query(ctx, p.cs.SQL, p.args)
	if err != nil {
		err = e.wrapError(c, err, p.cs.SQL, p.args)
		e.endExecution(ctx, ex, err)
		putArgs(p.pooled, p.args)
		return nil, err
	}
	e.endExecution(ctx, ex, nil)
	c.rowsGen++
	c.rows = rows
	r := &Result{e: e, rows: rows, cs: p.cs, c: c, gen: c.rowsGen, lease: lease, tx: tx, owner: owner, sql: p.cs.SQL, args: p.args, pooled: p.pooled}
	return r, nil
}

// execControl runs transaction control SQL (BEGIN, COMMIT, SAVEPOINT ...).
func (e *Engine) execControl(ctx context.Context, c *dconn, sql string) error {
	if c.rows != nil {
		return ErrConnBusy
	}
	ex := e.startExecution(ctx, sql, nil, false, true)
	_, err := c.Exec(ctx, sql, nil)
	err = e.wrapError(c, err, sql, nil)
	e.endExecution(ctx, ex, err)
	return err
}

// Query compiles and runs a statement that returns rows on a pooled
// connection, which the Result holds until it is read to the end or closed.
// Always Close the Result (or read it to the end); an unreleased connection
// is reported with the stack that took it.
func (e *Engine) Query(ctx context.Context, s core.Statement) (*Result, error) {
	return e.queryStmt(ctx, s, true)
}

func (e *Engine) queryStmt(ctx context.Context, s core.Statement, track bool) (*Result, error) {
	p, err := e.prepareStmt(s)
	if err != nil {
		return nil, err
	}
	l, err := e.acquire(ctx)
	if err != nil {
		return nil, err
	}
	if track {
		l.TrackLeak(2) // the caller of Query
	}
	r, err := e.query(ctx, l.Value(), p, l, nil, nil)
	if err != nil {
		e.release(l)
		return nil, err
	}
	return r, nil
}

// Exec compiles and runs a statement on a pooled connection and returns
// what it reports (rows affected, last insert id).
func (e *Engine) Exec(ctx context.Context, s core.Statement) (ExecResult, error) {
	p, err := e.prepareStmt(s)
	if err != nil {
		return ExecResult{}, err
	}
	l, err := e.acquire(ctx)
	if err != nil {
		return ExecResult{}, err
	}
	defer e.release(l)
	return e.exec(ctx, l.Value(), p)
}

// Connect borrows a connection for a sequence of statements (and
// transactions) on the same session. Close it to return it to the pool.
func (e *Engine) Connect(ctx context.Context) (*Conn, error) {
	l, err := e.acquire(ctx)
	if err != nil {
		return nil, err
	}
	l.TrackLeak(1)
	return &Conn{e: e, lease: l, c: l.Value()}, nil
}

// Begin borrows a connection and starts a transaction on it; Commit or
// Rollback returns the connection.
func (e *Engine) Begin(ctx context.Context, opts ...TxOption) (*Tx, error) {
	l, err := e.acquire(ctx)
	if err != nil {
		return nil, err
	}
	l.TrackLeak(1)
	tx, err := begin(ctx, e, l.Value(), resolveTxOptions(opts))
	if err != nil {
		e.release(l)
		return nil, err
	}
	tx.lease = l
	return tx, nil
}

// Transaction runs fn in a transaction: it commits if fn returns nil and
// rolls back if fn returns an error or panics (the panic continues after
// the rollback).
func (e *Engine) Transaction(ctx context.Context, fn func(tx *Tx) error, opts ...TxOption) error {
	tx, err := e.Begin(ctx, opts...)
	if err != nil {
		return err
	}
	return runTx(ctx, tx, fn)
}

// HasTable reports whether a table named name exists in schema ("" for the
// default schema).
func (e *Engine) HasTable(ctx context.Context, schema, name string) (bool, error) {
	l, err := e.acquire(ctx)
	if err != nil {
		return false, err
	}
	defer e.release(l)
	ok, err := e.backend.HasTable(ctx, l.Value().DriverConn, schema, name)
	if err != nil {
		return false, e.wrapError(l.Value(), err, "", nil)
	}
	return ok, nil
}
