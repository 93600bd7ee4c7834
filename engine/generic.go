package engine

import (
	"context"
	"iter"
	"reflect"
	"strconv"
	"unsafe"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/sqltype"
)

// Querier runs statements: *Engine, *Conn and *Tx are Queriers, and the
// typed helpers (All, One, ...) take any of them.
type Querier interface {
	Query(ctx context.Context, s core.Statement) (*Result, error)
	Exec(ctx context.Context, s core.Statement) (ExecResult, error)
}

var (
	_ Querier = (*Engine)(nil)
	_ Querier = (*Conn)(nil)
	_ Querier = (*Tx)(nil)
)

// query runs s on q; on an Engine the Result is not leak-tracked, since the
// helpers always close it before returning.
func query(ctx context.Context, q Querier, s core.Statement) (*Result, error) {
	if e, ok := q.(*Engine); ok {
		return e.queryStmt(ctx, s, false)
	}
	return q.Query(ctx, s)
}

// rowScanner scans rows into values of T: field by field for a struct,
// from the single column otherwise.
type rowScanner[T any] struct {
	r      *Result
	plan   *structPlan
	dests  []any
	col    sqltype.Type
	scalar bool
}

func newRowScanner[T any](r *Result) (*rowScanner[T], error) {
	t := reflect.TypeFor[T]()
	s := &rowScanner[T]{r: r}
	if isScalarType(t) {
		if n := r.numColumns(); n != 1 {
			return nil, &ScanError{Msg: "scanning into " + t.String() + " needs exactly one column, the query has " + strconv.Itoa(n)}
		}
		s.scalar = true
		s.dests = make([]any, 1)
		if r.cs != nil && len(r.cs.Columns) == 1 {
			s.col = r.cs.Columns[0].Type
		}
		return s, nil
	}
	p, err := r.plan(t)
	if err != nil {
		return nil, err
	}
	s.plan = p
	s.dests = make([]any, len(p.fields))
	return s, nil
}

func (s *rowScanner[T]) scan(dst *T) error {
	if s.scalar {
		s.dests[0], _ = adaptDest(s.col, any(dst))
		if err := s.r.rows.Scan(s.dests...); err != nil {
			return &ScanError{Column: s.r.Columns()[0], Err: err}
		}
		return nil
	}
	return s.r.scanStruct(s.plan, unsafe.Pointer(dst), s.dests)
}

// All runs s and returns every row as a T: a struct (columns matched to
// fields by name) or a single-column value such as int64 or string.
//
//	users, err := engine.All[User](ctx, eng, core.Select(Users).OrderBy(Users.ID))
func All[T any](ctx context.Context, q Querier, s core.Statement) ([]T, error) {
	r, err := query(ctx, q, s)
	if err != nil {
		return nil, err
	}
	return ScanAll[T](r)
}

// One runs s and returns its only row as a T; ErrNoRows (which matches
// sql.ErrNoRows) if there is none and ErrMultipleRows if there are more.
func One[T any](ctx context.Context, q Querier, s core.Statement) (T, error) {
	v, found, err := oneOrNone[T](ctx, q, s)
	if err == nil && !found {
		err = ErrNoRows
	}
	return v, err
}

// OneOrNone runs s and returns its only row, or nil if there is none;
// ErrMultipleRows if there are more.
func OneOrNone[T any](ctx context.Context, q Querier, s core.Statement) (*T, error) {
	v, found, err := oneOrNone[T](ctx, q, s)
	if err != nil || !found {
		return nil, err
	}
	return &v, nil
}

func oneOrNone[T any](ctx context.Context, q Querier, s core.Statement) (T, bool, error) {
	var v T
	r, err := query(ctx, q, s)
	if err != nil {
		return v, false, err
	}
	defer r.Close()
	sc, err := newRowScanner[T](r)
	if err != nil {
		return v, false, err
	}
	if !r.Next() {
		return v, false, r.Close()
	}
	if err := sc.scan(&v); err != nil {
		return v, false, err
	}
	if r.Next() {
		var zero T
		return zero, false, ErrMultipleRows
	}
	return v, true, r.Close()
}

// First runs s and returns the first row as a T, or nil if there is none,
// without reading the rest.
func First[T any](ctx context.Context, q Querier, s core.Statement) (*T, error) {
	r, err := query(ctx, q, s)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	sc, err := newRowScanner[T](r)
	if err != nil {
		return nil, err
	}
	if !r.Next() {
		return nil, r.Close()
	}
	v := new(T)
	if err := sc.scan(v); err != nil {
		return nil, err
	}
	return v, r.Close()
}

// Scalar runs s and returns the first column of its first row as a T;
// ErrNoRows if there are no rows.
//
//	n, err := engine.Scalar[int64](ctx, eng, core.Select(core.Count()).From(Users))
func Scalar[T any](ctx context.Context, q Querier, s core.Statement) (T, error) {
	var v T
	r, err := query(ctx, q, s)
	if err != nil {
		return v, err
	}
	defer r.Close()
	if !r.Next() {
		if err := r.Close(); err != nil {
			return v, err
		}
		return v, ErrNoRows
	}
	var col sqltype.Type
	n := r.numColumns()
	if r.cs != nil && n > 0 && r.cs.Columns != nil {
		col = r.cs.Columns[0].Type
	}
	var one [1]any
	dests := one[:]
	if n > 1 {
		dests = make([]any, n)
		var skip any
		for i := range dests {
			dests[i] = &skip
		}
	}
	dests[0], _ = adaptDest(col, &v)
	if err := r.rows.Scan(dests...); err != nil {
		return v, &ScanError{Column: r.Columns()[0], Err: err}
	}
	return v, r.Close()
}

// Scalars runs s and returns its single column from every row as a []T.
func Scalars[T any](ctx context.Context, q Querier, s core.Statement) ([]T, error) {
	return All[T](ctx, q, s)
}

// Iter runs s and streams its rows as T values, for results too large to
// hold in memory. The query runs when the loop starts; breaking out of the
// loop closes it. An error ends the sequence with the zero T and the error.
//
//	for u, err := range engine.Iter[User](ctx, eng, q) { ... }
func Iter[T any](ctx context.Context, q Querier, s core.Statement) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		r, err := query(ctx, q, s)
		if err != nil {
			yield(zero, err)
			return
		}
		defer r.Close()
		sc, err := newRowScanner[T](r)
		if err != nil {
			yield(zero, err)
			return
		}
		for r.Next() {
			var v T
			if err := sc.scan(&v); err != nil {
				yield(zero, err)
				return
			}
			if !yield(v, nil) {
				return
			}
		}
		if err := r.Close(); err != nil {
			yield(zero, err)
		}
	}
}

// Each runs s and calls fn once for each row, with the Result positioned
// on it (fn reads the row with Scan or Values); it closes the Result before
// returning. fn's error stops the loop and is returned. Each is the
// cheapest way to read rows by hand: on an Engine the connection is not
// leak-tracked, since Each always gives it back.
func Each(ctx context.Context, q Querier, s core.Statement, fn func(r *Result) error) error {
	r, err := query(ctx, q, s)
	if err != nil {
		return err
	}
	defer r.Close()
	for r.Next() {
		if err := fn(r); err != nil {
			return err
		}
	}
	return r.Close()
}

// ScanAll reads the rest of an open Result into a []T and closes it.
func ScanAll[T any](r *Result) ([]T, error) {
	defer r.Close()
	sc, err := newRowScanner[T](r)
	if err != nil {
		return nil, err
	}
	var out []T
	for r.Next() {
		var zero T
		out = append(out, zero)
		if err := sc.scan(&out[len(out)-1]); err != nil {
			return nil, err
		}
	}
	return out, r.Close()
}
