// Package stddriver runs Retort's engine over a database/sql/driver
// connection used directly (no database/sql pool in between): MySQL's and
// SQLite's drivers. It keeps a cache of prepared statements per connection
// and converts values with internal/sqlconv.
package stddriver

import (
	"container/list"
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"

	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/internal/sqlconv"
)

// Conn is one driver connection with a prepared statement cache.
type Conn struct {
	c       driver.Conn
	size    int
	stmts   map[string]*list.Element
	lru     *list.List
	checker driver.NamedValueChecker
	// Convert, if set, turns a raw driver value of column i (with its
	// database type name) into the Go value Values reports.
	Convert func(dbType string, v driver.Value) any
}

type cachedStmt struct {
	sql  string
	stmt driver.Stmt
}

var _ engine.DriverConn = (*Conn)(nil)

// New wraps c, caching up to size prepared statements (LRU).
func New(c driver.Conn, size int) *Conn {
	cn := &Conn{c: c, size: size, stmts: map[string]*list.Element{}, lru: list.New()}
	cn.checker, _ = c.(driver.NamedValueChecker)
	return cn
}

// Raw returns the underlying driver connection.
func (c *Conn) Raw() driver.Conn { return c.c }

func (c *Conn) prepare(ctx context.Context, sql string) (driver.Stmt, error) {
	if el, ok := c.stmts[sql]; ok {
		c.lru.MoveToFront(el)
		return el.Value.(*cachedStmt).stmt, nil
	}
	var (
		st  driver.Stmt
		err error
	)
	if pc, ok := c.c.(driver.ConnPrepareContext); ok {
		st, err = pc.PrepareContext(ctx, sql)
	} else {
		st, err = c.c.Prepare(sql)
	}
	if err != nil {
		return nil, err
	}
	if c.size > 0 {
		c.stmts[sql] = c.lru.PushFront(&cachedStmt{sql: sql, stmt: st})
		for c.lru.Len() > c.size {
			old := c.lru.Remove(c.lru.Back()).(*cachedStmt)
			delete(c.stmts, old.sql)
			_ = old.stmt.Close()
		}
	}
	return st, nil
}

func (c *Conn) named(args []any) ([]driver.NamedValue, error) {
	nv := make([]driver.NamedValue, len(args))
	for i, a := range args {
		nv[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
		if driver.IsValue(a) {
			continue
		}
		if c.checker != nil {
			if err := c.checker.CheckNamedValue(&nv[i]); err == nil {
				continue
			} else if !errors.Is(err, driver.ErrSkip) {
				return nil, err
			}
		}
		v, err := driver.DefaultParameterConverter.ConvertValue(a)
		if err != nil {
			return nil, fmt.Errorf("stddriver: argument %d: %w", i+1, err)
		}
		nv[i].Value = v
	}
	return nv, nil
}

// Exec runs a statement. Without arguments it runs directly (transaction
// control, DDL); with arguments it uses a cached prepared statement.
func (c *Conn) Exec(ctx context.Context, sql string, args []any) (engine.ExecResult, error) {
	var (
		res driver.Result
		err error
	)
	if len(args) == 0 {
		if ex, ok := c.c.(driver.ExecerContext); ok {
			res, err = ex.ExecContext(ctx, sql, nil)
			if !errors.Is(err, driver.ErrSkip) {
				return result(res, err)
			}
		}
	}
	nv, err := c.named(args)
	if err != nil {
		return engine.ExecResult{}, err
	}
	st, err := c.prepare(ctx, sql)
	if err != nil {
		return engine.ExecResult{}, err
	}
	if sc, ok := st.(driver.StmtExecContext); ok {
		res, err = sc.ExecContext(ctx, nv)
	} else {
		return engine.ExecResult{}, errors.New("stddriver: driver statement lacks ExecContext")
	}
	return result(res, err)
}

func result(res driver.Result, err error) (engine.ExecResult, error) {
	if err != nil {
		return engine.ExecResult{}, err
	}
	var out engine.ExecResult
	if n, err := res.RowsAffected(); err == nil {
		out.RowsAffected = n
	}
	if id, err := res.LastInsertId(); err == nil {
		out.LastInsertID, out.HasLastInsertID = id, true
	}
	return out, nil
}

// Query runs a statement that returns rows through a cached prepared statement.
func (c *Conn) Query(ctx context.Context, sql string, args []any) (engine.DriverRows, error) {
	nv, err := c.named(args)
	if err != nil {
		return nil, err
	}
	st, err := c.prepare(ctx, sql)
	if err != nil {
		return nil, err
	}
	sq, ok := st.(driver.StmtQueryContext)
	if !ok {
		return nil, errors.New("stddriver: driver statement lacks QueryContext")
	}
	r, err := sq.QueryContext(ctx, nv)
	if err != nil {
		return nil, err
	}
	cols := r.Columns()
	rows := &Rows{r: r, cols: cols, vals: make([]driver.Value, len(cols)), convert: c.Convert}
	if c.Convert != nil {
		if ct, ok := r.(driver.RowsColumnTypeDatabaseTypeName); ok {
			rows.dbTypes = make([]string, len(cols))
			for i := range cols {
				rows.dbTypes[i] = ct.ColumnTypeDatabaseTypeName(i)
			}
		}
	}
	return rows, nil
}

// IsValid reports whether the driver still considers the connection usable.
func (c *Conn) IsValid() bool {
	if v, ok := c.c.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

var _ engine.Validator = (*Conn)(nil)

// Ping checks the connection.
func (c *Conn) Ping(ctx context.Context) error {
	if p, ok := c.c.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	_, err := c.Exec(ctx, "SELECT 1", nil)
	return err
}

// Close closes the cached statements and the connection.
func (c *Conn) Close() error {
	for c.lru.Len() > 0 {
		_ = c.lru.Remove(c.lru.Back()).(*cachedStmt).stmt.Close()
	}
	clear(c.stmts)
	return c.c.Close()
}

// Rows reads a driver.Rows.
type Rows struct {
	r       driver.Rows
	cols    []string
	vals    []driver.Value
	dbTypes []string
	convert func(string, driver.Value) any
	err     error
	done    bool
}

var _ engine.DriverRows = (*Rows)(nil)

// Columns returns the column names.
func (r *Rows) Columns() []string { return r.cols }

// Next reads the next row.
func (r *Rows) Next() bool {
	if r.done {
		return false
	}
	if err := r.r.Next(r.vals); err != nil {
		r.done = true
		if err != io.EOF {
			r.err = err
		}
		return false
	}
	return true
}

// Scan converts the current row into dest.
func (r *Rows) Scan(dest ...any) error {
	if len(dest) != len(r.vals) {
		return fmt.Errorf("stddriver: %d destinations for %d columns", len(dest), len(r.vals))
	}
	for i, d := range dest {
		v := r.vals[i]
		if p, ok := d.(*any); ok && r.convert != nil && r.dbTypes != nil {
			// An untyped destination gets what Values gives (text as string).
			if b, isBytes := v.([]byte); isBytes {
				v = append(make([]byte, 0, len(b)), b...)
			}
			*p = r.convert(r.dbTypes[i], v)
			continue
		}
		if err := sqlconv.Assign(d, v); err != nil {
			return fmt.Errorf("column %s: %w", r.cols[i], err)
		}
	}
	return nil
}

// Values returns a copy of the current row.
func (r *Rows) Values() ([]any, error) {
	out := make([]any, len(r.vals))
	for i, v := range r.vals {
		if b, ok := v.([]byte); ok {
			v = append(make([]byte, 0, len(b)), b...) // empty stays empty, not nil (NULL)
		}
		if r.convert != nil && r.dbTypes != nil {
			out[i] = r.convert(r.dbTypes[i], v)
		} else {
			out[i] = v
		}
	}
	return out, nil
}

// Err returns the error that ended iteration.
func (r *Rows) Err() error { return r.err }

// Close closes the rows.
func (r *Rows) Close() error {
	r.done = true
	return r.r.Close()
}
