package orm

import (
	"context"
	"fmt"
	"iter"
	"reflect"
	"slices"

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
	err   error
	loads []LoadOption
	joins []string // relationship names to join along, in order

	// The statement's parts; the SELECT list follows the column options.
	where         []core.TypedExpr[bool]
	order         []core.OrderItem
	limit, offset *int64
}

// Join joins the query's table to a relationship's table (ON the
// relationship's foreign key), so Where and OrderBy can use the related
// table's columns; a many-to-many goes through its secondary table. The
// query still returns T's objects, one per joined row (a user with two
// matching addresses comes back twice, as the same pointer).
//
//	orm.Select[User](s).Join("Addresses").Where(Addresses.Email.Like("%@sea"))
func (q *Query[T]) Join(relationship string) *Query[T] {
	c := *q
	c.joins = append(slices.Clone(q.joins), relationship)
	return &c
}

// loadSet is what the query's column options ask to load.
func (q *Query[T]) loadSet() (*loadSet, error) {
	if q.err != nil {
		return nil, q.err
	}
	return q.m.querySet(q.loads)
}

// built is the statement: the load set's columns, the joins, the parts.
func (q *Query[T]) built() (*core.SelectStmt, error) {
	ls, err := q.loadSet()
	if err != nil {
		return nil, err
	}
	p, err := q.parts()
	if err != nil {
		return nil, err
	}
	return p.apply(ls.selectStmt()), nil
}

// queryParts are a query's clauses other than its SELECT list.
type queryParts struct {
	from          core.FromItem // nil: the mapper's table alone
	where         []core.TypedExpr[bool]
	order         []core.OrderItem
	limit, offset *int64
}

// apply adds the parts to stmt.
func (p queryParts) apply(stmt *core.SelectStmt) *core.SelectStmt {
	if p.from != nil {
		stmt = stmt.From(p.from)
	}
	if len(p.where) > 0 {
		stmt = stmt.Where(p.where...)
	}
	if len(p.order) > 0 {
		stmt = stmt.OrderBy(p.order...)
	}
	if p.limit != nil {
		stmt = stmt.Limit(*p.limit)
	}
	if p.offset != nil {
		stmt = stmt.Offset(*p.offset)
	}
	return stmt
}

// parts gathers the query's clauses; the FROM follows its joins.
func (q *Query[T]) parts() (queryParts, error) {
	p := queryParts{where: q.where, order: q.order, limit: q.limit, offset: q.offset}
	if len(q.joins) == 0 {
		return p, nil
	}
	if err := q.s.reg.configure(); err != nil {
		return p, err
	}
	var from *core.Join
	for _, name := range q.joins {
		rel := q.m.relation(name)
		if rel == nil {
			return p, fmt.Errorf("orm: %s has no relationship %q to join", q.m.typ.Name(), name)
		}
		if rel.target == q.m {
			return p, fmt.Errorf("orm: Join(%q): joining a table to itself needs an alias, which Query.Join does not make yet; use a Core SELECT with core.Alias and orm.Load, or Joined to load it", name)
		}
		add := func(right core.FromItem, on []core.TypedExpr[bool]) {
			if from == nil {
				from = q.m.table.Join(right, on...)
			} else {
				from = from.Join(right, on...)
			}
		}
		var on []core.TypedExpr[bool]
		switch rel.kind {
		case oneToMany, manyToOne:
			for i, fc := range rel.childFK {
				on = append(on, fc.col.EqExpr(rel.parentPK[i].col))
			}
			add(rel.target.table, on)
		case manyToMany:
			for i, fc := range q.m.pk {
				on = append(on, rel.local[i].EqExpr(fc.col))
			}
			add(rel.secondary, on)
			var on2 []core.TypedExpr[bool]
			for i, fc := range rel.target.pk {
				on2 = append(on2, rel.remote[i].EqExpr(fc.col))
			}
			add(rel.target.table, on2)
		}
	}
	p.from = from
	return p, nil
}

// Select starts a query for objects of type T, which must be mapped in
// the session's registry (an error from the query's methods otherwise).
func Select[T any](s *Session) *Query[T] {
	m, err := s.reg.mapped(reflect.TypeFor[T]())
	if err != nil {
		return &Query[T]{s: s, err: err}
	}
	return &Query[T]{s: s, m: m}
}

// Where adds conditions, ANDed with those before.
func (q *Query[T]) Where(conds ...core.TypedExpr[bool]) *Query[T] {
	c := *q
	c.where = append(slices.Clone(q.where), conds...)
	return &c
}

// OrderBy adds ORDER BY items.
func (q *Query[T]) OrderBy(items ...core.OrderItem) *Query[T] {
	c := *q
	c.order = append(slices.Clone(q.order), items...)
	return &c
}

// Limit sets LIMIT.
func (q *Query[T]) Limit(n int64) *Query[T] {
	c := *q
	c.limit = &n
	return &c
}

// Offset sets OFFSET.
func (q *Query[T]) Offset(n int64) *Query[T] {
	c := *q
	c.offset = &n
	return &c
}

// Statement returns the Core SELECT the query runs (nil if the query is
// in error: see All's error).
func (q *Query[T]) Statement() *core.SelectStmt {
	stmt, _ := q.built()
	return stmt
}

// All returns every object the query selects, in its order; an object the
// session already holds is returned as that same pointer, its unsaved
// changes kept (unless it was expired).
func (q *Query[T]) All(ctx context.Context) ([]*T, error) {
	return q.run(ctx)
}

// One returns the only object: engine.ErrNoRows when there is none,
// engine.ErrMultipleRows when there are more.
func (q *Query[T]) One(ctx context.Context) (*T, error) {
	got, err := q.Limit(2).run(ctx)
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
	got, err := q.Limit(2).run(ctx)
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
	got, err := q.Limit(1).run(ctx)
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
	err := q.s.usable()
	if err != nil {
		return 0, err
	}
	defer q.s.leave()
	if err := q.s.autoFlush(ctx); err != nil {
		return 0, err
	}
	stmt, err := q.built()
	if err != nil {
		return 0, err
	}
	return engine.Scalar[int64](ctx, q.s.reader(), core.Select(core.Count()).From(core.Subquery(stmt, "orm_count")))
}

func (q *Query[T]) run(ctx context.Context) ([]*T, error) {
	if q.err != nil {
		return nil, q.err
	}
	err := q.s.usable()
	if err != nil {
		return nil, err
	}
	defer q.s.leave()
	if err := q.s.autoFlush(ctx); err != nil {
		return nil, err
	}
	ls, err := q.loadSet()
	if err != nil {
		return nil, err
	}
	p, err := q.parts()
	if err != nil {
		return nil, err
	}
	var joined []string
	for _, l := range q.loads {
		if l.joined {
			joined = append(joined, l.path)
		}
	}
	var sts []*objState
	if len(joined) > 0 {
		if err := q.s.reg.configure(); err != nil {
			return nil, err
		}
		sts, err = q.s.loadJoined(ctx, q.m, ls, p, joined)
	} else {
		hint := 16
		if q.limit != nil {
			hint = int(*q.limit)
		}
		sts, _, err = q.s.loadRowsWith(ctx, q.m, ls, p.apply(ls.selectStmt()), nil, hint)
	}
	if err != nil {
		return nil, err
	}
	if len(q.loads) > 0 && len(sts) > 0 {
		if err := q.s.reg.configure(); err != nil {
			return nil, err
		}
		var paths []string
		for _, l := range q.loads {
			if !l.raise && !l.joined && l.path != "" {
				paths = append(paths, l.path)
			}
		}
		if len(paths) > 0 {
			if err := q.s.loadPaths(ctx, q.m, sts, paths); err != nil {
				return nil, err
			}
		}
		for _, l := range q.loads {
			if l.raise && l.path != "" {
				if err := q.s.checkLoaded(q.m, sts, l.path); err != nil {
					return nil, err
				}
			}
		}
	}
	out := make([]*T, 0, len(sts))
	for _, st := range sts {
		out = append(out, st.ptr.(*T))
	}
	return out, nil
}

// Iter streams the query's objects one row at a time, for results too
// large to hold: each object goes through the identity map as it is read.
// Loading options do not apply to Iter (they need the whole result); the
// session is busy until the loop ends.
//
//	for u, err := range orm.Select[User](s).Iter(ctx) { ... }
func (q *Query[T]) Iter(ctx context.Context) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		if q.err != nil {
			yield(nil, q.err)
			return
		}
		err := q.s.usable()
		if err != nil {
			yield(nil, err)
			return
		}
		defer q.s.leave()
		if err := q.s.autoFlush(ctx); err != nil {
			yield(nil, err)
			return
		}
		for _, l := range q.loads {
			if l.path != "" {
				yield(nil, fmt.Errorf("orm: relationship loading options need All, not Iter"))
				return
			}
		}
		m := q.m
		ls, err := q.loadSet()
		if err != nil {
			yield(nil, err)
			return
		}
		stmt, err := q.built()
		if err != nil {
			yield(nil, err)
			return
		}
		res, err := q.s.reader().Query(ctx, stmt)
		if err != nil {
			yield(nil, err)
			return
		}
		defer res.Close()
		dest := make([]any, len(ls.cols)+len(ls.props))
		objs := newObjectRun(m.typ, 1, 1) // one by one: the caller may keep few
		for res.Next() {
			p := objs.take()
			ls.point(dest, p)
			if err := res.Scan(dest...); err != nil {
				yield(nil, fmt.Errorf("orm: loading %s: %w", m.typ, err))
				return
			}
			st, err := q.s.mergeOne(ctx, m, ls, p, nil)
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(st.ptr.(*T), nil) {
				return
			}
		}
		if err := res.Err(); err != nil {
			yield(nil, err)
		}
	}
}
