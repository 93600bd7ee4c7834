package orm

import (
	"context"
	"fmt"
	"reflect"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
)

// Query selects objects of type T through a Session, with Core
// expressions for its conditions and ordering. Like Core statements it is
// a value: each method returns a new Query.
//
//	users, err := orm.Select[User](s).Where(Users.Name.Like("s%")).OrderBy(Users.ID).All(ctx)
type Query[T any] struct {
	s     *Session
	m     *Mapper
	stmt  *core.SelectStmt
	err   error
	loads []LoadOption
}

// Select starts a query for objects of type T, which must be mapped in
// the session's registry (an error from the query's methods otherwise).
func Select[T any](s *Session) *Query[T] {
	m := s.reg.mapperOf(reflect.TypeFor[T]())
	if m == nil {
		return &Query[T]{s: s, err: fmt.Errorf("%w: %s is not mapped in the session's registry", ErrNotMapped, reflect.TypeFor[T]())}
	}
	return &Query[T]{s: s, m: m, stmt: m.selectAll()}
}

func (q *Query[T]) with(stmt *core.SelectStmt) *Query[T] {
	c := *q
	c.stmt = stmt
	return &c
}

// Where adds conditions, ANDed with those before.
func (q *Query[T]) Where(conds ...core.TypedExpr[bool]) *Query[T] {
	if q.err != nil {
		return q
	}
	return q.with(q.stmt.Where(conds...))
}

// OrderBy adds ORDER BY items.
func (q *Query[T]) OrderBy(items ...core.OrderItem) *Query[T] {
	if q.err != nil {
		return q
	}
	return q.with(q.stmt.OrderBy(items...))
}

// Limit sets LIMIT.
func (q *Query[T]) Limit(n int64) *Query[T] {
	if q.err != nil {
		return q
	}
	return q.with(q.stmt.Limit(n))
}

// Offset sets OFFSET.
func (q *Query[T]) Offset(n int64) *Query[T] {
	if q.err != nil {
		return q
	}
	return q.with(q.stmt.Offset(n))
}

// Statement returns the Core SELECT the query runs.
func (q *Query[T]) Statement() *core.SelectStmt { return q.stmt }

// All returns every object the query selects, in its order; an object the
// session already holds is returned as that same pointer, its unsaved
// changes kept (unless it was expired).
func (q *Query[T]) All(ctx context.Context) ([]*T, error) {
	return q.run(ctx, q.stmt)
}

// One returns the only object: engine.ErrNoRows when there is none,
// engine.ErrMultipleRows when there are more.
func (q *Query[T]) One(ctx context.Context) (*T, error) {
	got, err := q.run(ctx, q.stmt.Limit(2))
	if err != nil {
		return nil, err
	}
	switch len(got) {
	case 0:
		return nil, engine.ErrNoRows
	case 1:
		return got[0], nil
	}
	return nil, engine.ErrMultipleRows
}

// OneOrNone returns the only object, or nil when there is none;
// engine.ErrMultipleRows when there are more.
func (q *Query[T]) OneOrNone(ctx context.Context) (*T, error) {
	got, err := q.run(ctx, q.stmt.Limit(2))
	if err != nil {
		return nil, err
	}
	switch len(got) {
	case 0:
		return nil, nil
	case 1:
		return got[0], nil
	}
	return nil, engine.ErrMultipleRows
}

// First returns the first object, or nil when there is none.
func (q *Query[T]) First(ctx context.Context) (*T, error) {
	got, err := q.run(ctx, q.stmt.Limit(1))
	if err != nil || len(got) == 0 {
		return nil, err
	}
	return got[0], nil
}

// Count returns how many rows the query selects (its LIMIT and OFFSET
// included), without loading them.
func (q *Query[T]) Count(ctx context.Context) (int64, error) {
	if q.err != nil {
		return 0, q.err
	}
	leave, err := q.s.usable()
	if err != nil {
		return 0, err
	}
	defer leave()
	if err := q.s.autoFlush(ctx); err != nil {
		return 0, err
	}
	return engine.Scalar[int64](ctx, q.s.reader(), core.Select(core.Count()).From(core.Subquery(q.stmt, "orm_count")))
}

func (q *Query[T]) run(ctx context.Context, stmt core.Statement) ([]*T, error) {
	if q.err != nil {
		return nil, q.err
	}
	leave, err := q.s.usable()
	if err != nil {
		return nil, err
	}
	defer leave()
	if err := q.s.autoFlush(ctx); err != nil {
		return nil, err
	}
	sts, err := q.s.loadRows(ctx, q.m, stmt)
	if err != nil {
		return nil, err
	}
	if len(q.loads) > 0 && len(sts) > 0 {
		if err := q.s.reg.configure(); err != nil {
			return nil, err
		}
		paths := make([]string, len(q.loads))
		for i, l := range q.loads {
			paths[i] = l.path
		}
		if err := q.s.loadPaths(ctx, q.m, sts, paths); err != nil {
			return nil, err
		}
	}
	out := make([]*T, 0, len(sts))
	for _, st := range sts {
		out = append(out, st.ptr.(*T))
	}
	return out, nil
}
