package orm

import (
	"context"
	"fmt"
	"reflect"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
)

// Row is a row of a query of objects that selects more than the objects
// (Query.Columns): the object, and the values of the extra columns in
// their order, as Go values of their SQL types (the types
// engine.Result.Values gives).
type Row[T any] struct {
	Obj    *T
	Values []any
}

// RowQuery is a Query whose rows carry extra columns; see Query.Columns.
type RowQuery[T any] struct {
	q     *Query[T]
	items []core.SelectItem
}

// Columns returns a query whose rows hold, beside each object, the values
// of items: columns of joined tables, aggregates, scalar subqueries
// (SQLAlchemy's select(User, Address.email)). Each row is one Row; an
// object met in several rows is the same pointer in each.
//
//	rows, err := orm.Select[User](s).Join("Addresses").Columns(Addresses.Email).All(ctx)
//	// rows[i].Obj is a *User, rows[i].Values[0] the address's email
func (q *Query[T]) Columns(items ...core.SelectItem) *RowQuery[T] {
	return &RowQuery[T]{q: q, items: items}
}

// All returns every row, in the query's order.
func (r *RowQuery[T]) All(ctx context.Context) ([]Row[T], error) {
	q := r.q
	sts, vals, err := runParts(ctx, q, []*Mapper{q.m}, r.items)
	if err != nil {
		return nil, err
	}
	out := make([]Row[T], len(sts))
	for i, row := range sts {
		out[i] = Row[T]{Obj: row[0].ptr.(*T), Values: vals[i]}
	}
	return out, nil
}

// Pair is a row of SelectPairs: an object of each type, and the values of
// the query's extra columns (PairQuery.Columns).
type Pair[A, B any] struct {
	A      *A
	B      *B
	Values []any
}

// PairQuery selects two kinds of objects in each row; see SelectPairs.
type PairQuery[A, B any] struct {
	q     *Query[A]
	mb    *Mapper
	items []core.SelectItem
	err   error
}

// SelectPairs starts a query whose rows hold an object of A and an object
// of B, such as each user with each of its addresses (SQLAlchemy's
// select(User, Address).join(User.addresses)). B's table must be joined in
// with Join, along a relationship of A (directly or through earlier
// joins); both objects go through the identity map.
//
//	pairs, err := orm.SelectPairs[User, Address](s).Join("Addresses").Where(Addresses.Email.Like("%@sea")).All(ctx)
func SelectPairs[A, B any](s *Session) *PairQuery[A, B] {
	p := &PairQuery[A, B]{q: Select[A](s)}
	p.mb, p.err = s.reg.mapped(reflect.TypeFor[B]())
	return p
}

func (p *PairQuery[A, B]) with(q *Query[A]) *PairQuery[A, B] {
	c := *p
	c.q = q
	return &c
}

// Join joins along a relationship of A, as Query.Join.
func (p *PairQuery[A, B]) Join(relationship string) *PairQuery[A, B] {
	return p.with(p.q.Join(relationship))
}

// Where adds conditions, as Query.Where.
func (p *PairQuery[A, B]) Where(conds ...core.TypedExpr[bool]) *PairQuery[A, B] {
	return p.with(p.q.Where(conds...))
}

// OrderBy adds ORDER BY items, as Query.OrderBy.
func (p *PairQuery[A, B]) OrderBy(items ...core.OrderItem) *PairQuery[A, B] {
	return p.with(p.q.OrderBy(items...))
}

// Limit sets LIMIT (rows, that is pairs).
func (p *PairQuery[A, B]) Limit(n int64) *PairQuery[A, B] { return p.with(p.q.Limit(n)) }

// Offset sets OFFSET.
func (p *PairQuery[A, B]) Offset(n int64) *PairQuery[A, B] { return p.with(p.q.Offset(n)) }

// Columns adds extra columns to each row, as Query.Columns.
func (p *PairQuery[A, B]) Columns(items ...core.SelectItem) *PairQuery[A, B] {
	c := *p
	c.items = append(append([]core.SelectItem(nil), p.items...), items...)
	return &c
}

// All returns every pair, in the query's order.
func (p *PairQuery[A, B]) All(ctx context.Context) ([]Pair[A, B], error) {
	if p.err != nil {
		return nil, p.err
	}
	if p.q.err == nil {
		if err := p.q.s.reg.configure(); err != nil {
			return nil, err
		}
		joined := false
		m := p.q.m
		for _, name := range p.q.joins {
			if rel := m.relation(name); rel != nil && rel.target == p.mb {
				joined = true
			}
		}
		if !joined {
			return nil, fmt.Errorf("orm: SelectPairs[%s, %s] needs a Join along a relationship of %s to %s", m.typ.Name(), p.mb.typ.Name(), m.typ.Name(), p.mb.typ.Name())
		}
	}
	sts, vals, err := runParts(ctx, p.q, []*Mapper{p.q.m, p.mb}, p.items)
	if err != nil {
		return nil, err
	}
	out := make([]Pair[A, B], len(sts))
	for i, row := range sts {
		out[i] = Pair[A, B]{A: row[0].ptr.(*A), B: row[1].ptr.(*B), Values: vals[i]}
	}
	return out, nil
}

// runParts runs q with the columns of ms (q's own load set for the
// first, the default for the others) and then items in the SELECT list,
// and returns each row's objects and extra values.
func runParts[T any](ctx context.Context, q *Query[T], ms []*Mapper, items []core.SelectItem) ([][]*objState, [][]any, error) {
	if q.err != nil {
		return nil, nil, q.err
	}
	for _, l := range q.loads {
		if l.path != "" {
			return nil, nil, fmt.Errorf("orm: relationship loading options (%q) apply to queries of objects alone; load with Session.Load", l.path)
		}
	}
	if err := q.s.usable(); err != nil {
		return nil, nil, err
	}
	defer q.s.leave()
	if err := q.s.autoFlush(ctx); err != nil {
		return nil, nil, err
	}
	first, err := q.loadSet()
	if err != nil {
		return nil, nil, err
	}
	p, err := q.parts()
	if err != nil {
		return nil, nil, err
	}
	sets := make([]*loadSet, len(ms))
	var list []core.SelectItem
	for i, m := range ms {
		sets[i] = m.dflt
		if i == 0 {
			sets[i] = first
		}
		list = append(list, sets[i].items()...)
	}
	list = append(list, items...)
	stmt := p.apply(core.Select(list...))
	if p.from == nil {
		stmt = stmt.From(q.m.table)
	}

	var dest []any
	offs := make([]int, len(ms))
	for i, ls := range sets {
		offs[i] = len(dest)
		dest = append(dest, make([]any, len(ls.cols)+len(ls.props))...)
	}
	extra := len(dest)
	dest = append(dest, make([]any, len(items))...)
	runs := make([]*objectRun, len(ms))
	fresh := make([][]reflect.Value, len(ms))
	for i, m := range ms {
		runs[i] = newObjectRun(m.typ, 16, 256)
	}
	var vals [][]any
	err = engine.Each(ctx, q.s.reader(), stmt, func(res *engine.Result) error {
		for i, ls := range sets {
			obj := runs[i].take()
			ls.point(dest[offs[i]:offs[i]+len(ls.cols)+len(ls.props)], obj)
			fresh[i] = append(fresh[i], obj)
		}
		row := make([]any, len(items))
		for k := range row {
			dest[extra+k] = &row[k]
		}
		if err := res.Scan(dest...); err != nil {
			return fmt.Errorf("orm: loading %s: %w", q.m.typ, err)
		}
		vals = append(vals, row)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	out := make([][]*objState, len(vals))
	for i := range out {
		out[i] = make([]*objState, len(ms))
	}
	for i, m := range ms {
		sts, err := q.s.mergeAll(ctx, m, sets[i], fresh[i])
		if err != nil {
			return nil, nil, err
		}
		for r, st := range sts {
			out[r][i] = st
		}
	}
	return out, vals, nil
}
