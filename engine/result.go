package engine

import (
	"fmt"
	"iter"
	"strconv"

	"github.com/retort-go/retort/internal/sqlconv"
	"github.com/retort-go/retort/pool"
	"github.com/retort-go/retort/sqlcompile"
)

// Result is the rows a query returns, read one at a time. It holds its
// connection until it has been read to the end or closed, so always do one
// of the two (defer res.Close() is the habit). The methods that read
// everything (All, One, Scalars, ...) close it themselves. A Result is used
// by one goroutine.
//
//	res, err := eng.Query(ctx, q)
//	if err != nil { ... }
//	defer res.Close()
//	for res.Next() {
//		var id int64
//		var name string
//		if err := res.Scan(&id, &name); err != nil { ... }
//	}
//	if err := res.Err(); err != nil { ... }
type Result struct {
	e     *Engine
	rows  DriverRows
	cs    *sqlcompile.Compiled
	c     *dconn
	gen   uint64              // which of c's Results this is
	lease *pool.Lease[*dconn] // returned when the Result ends, if it borrowed one
	tx    *Tx                 // the transaction it runs in, told of errors
	owner any                 // the Conn or Tx it came from, kept reachable
	sql   string
	args  []any // for the DBError of an error met reading the rows
	// pooled is args' array when it is argsPool's, given back at finish.
	pooled *[]any
	err    error
	done   bool
	cols   []string
}

// live reports whether the Result's rows are still the connection's open
// rows: a Commit, Rollback or Close of its Tx or Conn closes them.
func (r *Result) live() bool { return r.c.rows != nil && r.c.rowsGen == r.gen }

// Columns returns the names of the result columns.
func (r *Result) Columns() []string {
	switch {
	case r.cols != nil:
	case !r.done && r.live():
		r.cols = r.rows.Columns()
	case r.cs != nil && r.cs.Columns != nil:
		// The driver's rows may serve another query by now.
		r.cols = make([]string, len(r.cs.Columns))
		for i, c := range r.cs.Columns {
			r.cols[i] = c.Name
		}
	}
	return r.cols
}

// numColumns returns the number of result columns without asking the
// driver for their names when the compiled statement knows them.
func (r *Result) numColumns() int {
	if r.cs != nil && r.cs.Columns != nil {
		return len(r.cs.Columns)
	}
	return len(r.Columns())
}

// Next advances to the next row. It returns false at the end or on an
// error (see Err); then the Result is closed and its connection returned.
// A Result whose transaction ended, or whose Conn was closed, before it was
// read to the end stops with an error matching ErrClosed.
func (r *Result) Next() bool {
	if r.done {
		return false
	}
	if !r.live() {
		r.finish()
		return false
	}
	if r.rows.Next() {
		return true
	}
	r.finish()
	return false
}

// errInterrupted is the error of a Result whose rows were closed under it.
var errInterrupted = fmt.Errorf("%w: the Result's transaction or connection ended before it was read to the end", ErrClosed)

// finish closes the rows and returns the connection.
func (r *Result) finish() {
	if r.done {
		return
	}
	if r.cs == nil || r.cs.Columns == nil {
		r.Columns() // keep the names: the driver's rows may be reused
	}
	r.done = true
	if r.live() {
		err := r.rows.Err()
		if cerr := r.rows.Close(); err == nil {
			err = cerr
		}
		r.c.rows = nil
		if err != nil {
			r.err = r.e.wrapError(r.c, err, r.sql, r.args)
			if r.tx != nil {
				r.tx.failed(r.err)
			}
		}
	} else {
		r.err = errInterrupted
	}
	putArgs(r.pooled, r.args)
	r.pooled, r.args = nil, nil
	if r.lease != nil {
		r.e.release(r.lease)
		r.lease = nil
	}
}

// Err returns the error that ended iteration, if any.
func (r *Result) Err() error { return r.err }

// Close closes the Result and returns its connection; reading is over.
// It returns the error that ended iteration, if any. Closing twice is a no-op.
func (r *Result) Close() error {
	r.finish()
	return r.err
}

// Scan stores the current row's columns into dest, one pointer per column.
// Values convert to the destination's type where that loses nothing
// (see docs/engine.md); NULL needs a pointer or sql.Null destination.
func (r *Result) Scan(dest ...any) error {
	if r.done || !r.live() {
		return ErrClosed
	}
	if r.cs != nil && len(r.cs.Columns) == len(dest) {
		var adapted []any // the caller's slice is left as it was
		for i, d := range dest {
			if a, ok := adaptDest(r.cs.Columns[i].Type, d); ok {
				if adapted == nil {
					adapted = append([]any(nil), dest...)
				}
				adapted[i] = a
			}
		}
		if adapted != nil {
			dest = adapted
		}
	}
	return r.rows.Scan(dest...)
}

// Values returns the current row's values as Go values: with known column
// types they are the types Retort maps them to (int64, string, bool,
// time.Time, core.Decimal, core.UUID, ...), otherwise what the driver gives.
func (r *Result) Values() ([]any, error) {
	if r.done || !r.live() {
		return nil, ErrClosed
	}
	vals, err := r.rows.Values()
	if err != nil {
		return nil, err
	}
	if r.cs != nil && len(r.cs.Columns) == len(vals) {
		for i, v := range vals {
			if vals[i], err = processValue(r.cs.Columns[i].Type, v); err != nil {
				return nil, err
			}
		}
	}
	return vals, nil
}

// Row is one row read into memory, for the untyped path.
type Row struct {
	cols []string
	vals []any
}

// Columns returns the column names.
func (r Row) Columns() []string { return r.cols }

// Values returns the values in column order.
func (r Row) Values() []any { return r.vals }

// Get returns the value of the column named name and whether there is one.
func (r Row) Get(name string) (any, bool) {
	for i, c := range r.cols {
		if c == name {
			return r.vals[i], true
		}
	}
	return nil, false
}

// Map returns the row as a map from column name to value.
func (r Row) Map() map[string]any {
	m := make(map[string]any, len(r.cols))
	for i, c := range r.cols {
		m[c] = r.vals[i]
	}
	return m
}

// Scan stores the row's values into dest, converting as Result.Scan does.
func (r Row) Scan(dest ...any) error {
	if len(dest) != len(r.vals) {
		return &ScanError{Msg: "Row.Scan got " + strconv.Itoa(len(dest)) + " destinations for " + strconv.Itoa(len(r.vals)) + " columns"}
	}
	for i, d := range dest {
		if err := sqlconv.Assign(d, r.vals[i]); err != nil {
			return &ScanError{Column: r.cols[i], Err: err}
		}
	}
	return nil
}

func (r *Result) row() (Row, error) {
	vals, err := r.Values()
	if err != nil {
		return Row{}, err
	}
	return Row{cols: r.Columns(), vals: vals}, nil
}

// All reads every row and closes the Result.
func (r *Result) All() ([]Row, error) {
	defer r.Close()
	var out []Row
	for r.Next() {
		row, err := r.row()
		if err != nil {
			return nil, err
		}
		out = append(out, row)
	}
	return out, r.Close()
}

// One returns the only row: ErrNoRows if there is none, ErrMultipleRows if
// there are more. It closes the Result.
func (r *Result) One() (Row, error) {
	row, found, err := r.oneOrNone()
	if err == nil && !found {
		err = ErrNoRows
	}
	return row, err
}

// OneOrNone returns the only row, or nil if there is none;
// ErrMultipleRows if there are more. It closes the Result.
func (r *Result) OneOrNone() (*Row, error) {
	row, found, err := r.oneOrNone()
	if err != nil || !found {
		return nil, err
	}
	return &row, nil
}

func (r *Result) oneOrNone() (Row, bool, error) {
	defer r.Close()
	if !r.Next() {
		return Row{}, false, r.Close()
	}
	row, err := r.row()
	if err != nil {
		return Row{}, false, err
	}
	if r.Next() {
		return Row{}, false, ErrMultipleRows
	}
	return row, true, r.Close()
}

// First returns the first row, or nil if there is none, and closes the
// Result without reading the rest.
func (r *Result) First() (*Row, error) {
	defer r.Close()
	if !r.Next() {
		return nil, r.Close()
	}
	row, err := r.row()
	if err != nil {
		return nil, err
	}
	return &row, r.Close()
}

// Scalar returns the first column of the first row, or nil if there are
// no rows, and closes the Result.
func (r *Result) Scalar() (any, error) {
	row, err := r.First()
	if err != nil || row == nil {
		return nil, err
	}
	return row.vals[0], nil
}

// Scalars returns the first column of every row and closes the Result.
func (r *Result) Scalars() ([]any, error) {
	defer r.Close()
	var out []any
	for r.Next() {
		vals, err := r.Values()
		if err != nil {
			return nil, err
		}
		out = append(out, vals[0])
	}
	return out, r.Close()
}

// Mappings returns every row as a map from column name to value and
// closes the Result.
func (r *Result) Mappings() ([]map[string]any, error) {
	rows, err := r.All()
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, len(rows))
	for i, row := range rows {
		out[i] = row.Map()
	}
	return out, nil
}

// Rows iterates over the rows, streaming them; the Result is closed when
// the loop ends (also on break). An error ends the sequence with a zero
// Row and the error.
func (r *Result) Rows() iter.Seq2[Row, error] {
	return func(yield func(Row, error) bool) {
		defer r.Close()
		for r.Next() {
			row, err := r.row()
			if !yield(row, err) || err != nil {
				return
			}
		}
		if err := r.Close(); err != nil {
			yield(Row{}, err)
		}
	}
}

// ScanError reports a value that could not be stored in its destination.
type ScanError struct {
	Column string
	Msg    string
	Err    error
}

func (e *ScanError) Error() string {
	s := "engine: scan"
	if e.Column != "" {
		s += " column " + e.Column
	}
	if e.Msg != "" {
		s += ": " + e.Msg
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *ScanError) Unwrap() error { return e.Err }
