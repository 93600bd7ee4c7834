package orm

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
)

// joinedRel is one relationship a query loads by joining it in.
type joinedRel struct {
	rel   *relation
	alias *core.Table
	// nulls record which related columns of the row were NULL: a LEFT
	// OUTER JOIN gives NULLs where there is no related row, and the
	// columns are scanned through engine.OrNull into a new object.
	nulls []bool
	run   *objectRun
	cur   reflect.Value // the object the current row is scanned into
	rests []string      // the rest of dotted paths, loaded with select-in
}

// loadJoined runs the query of m's objects (ls, p) with the first
// relationship of each path LEFT OUTER JOINed in, and returns the objects,
// each once, in the order of their first row. The rest of a dotted path is
// loaded from the joined objects as SelectIn does.
func (s *Session) loadJoined(ctx context.Context, m *Mapper, ls *loadSet, p queryParts, paths []string) ([]*objState, error) {
	var js []*joinedRel
	for _, path := range paths {
		first, rest, _ := strings.Cut(path, ".")
		rel := m.relation(first)
		if rel == nil {
			return nil, fmt.Errorf("orm: %s has no relationship %q", m.typ.Name(), first)
		}
		if len(rel.target.props) > 0 {
			return nil, fmt.Errorf("orm: Joined(%q): %s has ColumnProperty fields, which a join does not load; use SelectIn", path, rel.target.typ.Name())
		}
		i := slices.IndexFunc(js, func(j *joinedRel) bool { return j.rel == rel })
		if i < 0 {
			js = append(js, &joinedRel{rel: rel})
			i = len(js) - 1
		}
		if rest != "" {
			js[i].rests = append(js[i].rests, rest)
		}
	}
	stmt, err := joinedStatement(m, ls, p, js)
	if err != nil {
		return nil, err
	}

	n := len(ls.cols) + len(ls.props)
	width := n
	for _, j := range js {
		width += len(j.rel.target.dflt.cols)
		j.nulls = make([]bool, len(j.rel.target.dflt.cols))
		j.run = newObjectRun(j.rel.target.typ, 16, 256)
	}
	dest := make([]any, width)
	objs := newObjectRun(m.typ, 16, 256)
	var fresh []reflect.Value
	kids := make([][]reflect.Value, len(js)) // per joined relationship, per row: a new object or the zero Value
	err = engine.Each(ctx, s.reader(), stmt, func(res *engine.Result) error {
		obj := objs.take()
		ls.point(dest[:n], obj)
		k := n
		for _, j := range js {
			j.cur = j.run.take()
			base, v := j.cur.UnsafePointer(), j.cur.Elem()
			for i, fc := range j.rel.target.dflt.cols {
				dest[k] = engine.OrNull(fc.at.addr(base, v, fc.index), &j.nulls[i])
				k++
			}
		}
		if err := res.Scan(dest...); err != nil {
			return fmt.Errorf("orm: loading %s: %w", m.typ, err)
		}
		fresh = append(fresh, obj)
		for i, j := range js {
			kids[i] = append(kids[i], j.related())
		}
		return nil
	})
	if err != nil {
		return nil, err
	}

	rowStates, err := s.mergeAll(ctx, m, ls, fresh)
	if err != nil {
		return nil, err
	}
	var parents []*objState // each once, in row order
	seen := map[*objState]bool{}
	for _, st := range rowStates {
		if !seen[st] {
			seen[st] = true
			parents = append(parents, st)
		}
	}
	for i, j := range js {
		target := j.rel.target
		var got []reflect.Value
		var rows []int
		for r, k := range kids[i] {
			if k.IsValid() {
				got = append(got, k)
				rows = append(rows, r)
			}
		}
		kidStates, err := s.mergeAll(ctx, target, target.dflt, got)
		if err != nil {
			return nil, err
		}
		of := map[*objState][]*objState{}
		pair := map[[2]*objState]bool{}
		var distinct []*objState
		inDistinct := map[*objState]bool{}
		for x, ks := range kidStates {
			parent := rowStates[rows[x]]
			if pair[[2]*objState{parent, ks}] {
				continue
			}
			pair[[2]*objState{parent, ks}] = true
			of[parent] = append(of[parent], ks)
			if !inDistinct[ks] {
				inDistinct[ks] = true
				distinct = append(distinct, ks)
			}
		}
		for _, st := range parents {
			s.setRelated(j.rel, st, of[st])
		}
		if len(j.rests) > 0 && len(distinct) > 0 {
			if err := s.loadPaths(ctx, target, distinct, j.rests); err != nil {
				return nil, err
			}
		}
	}
	return parents, nil
}

// related returns the related object the current row was scanned into,
// or the zero Value when the row has none (its key is NULL); the unused
// object goes back to the run.
func (j *joinedRel) related() reflect.Value {
	for i, fc := range j.rel.target.dflt.cols {
		if j.nulls[i] && slices.Contains(j.rel.target.pk, fc) {
			j.run.untake() // every column was NULL: the object is still zero
			return reflect.Value{}
		}
	}
	return j.cur
}

// joinedStatement is the SELECT of m's columns (ls) and the related
// columns of each of js, LEFT OUTER JOINed to m's table, with the query's
// parts. Related tables are aliased (orm_j1, orm_j2, ...), so a table
// joined twice, or joined to itself, stays apart. When a limit or offset
// would count joined rows of a to-many relationship, the parents are
// selected and limited in a subquery (orm_parent) first, numbered by the
// query's order so the outer SELECT keeps it.
func joinedStatement(m *Mapper, ls *loadSet, p queryParts, js []*joinedRel) (*core.SelectStmt, error) {
	toMany := false
	for _, j := range js {
		if j.rel.kind == oneToMany || j.rel.kind == manyToMany {
			toMany = true
		}
	}
	wrap := toMany && (p.limit != nil || p.offset != nil)
	var items []core.SelectItem
	var from core.FromItem
	var order []core.OrderItem
	parentCol := func(fc *fieldCol) core.Column[any] { return fc.col }
	if wrap {
		if len(ls.props) > 0 {
			return nil, fmt.Errorf("orm: Joined with Limit or Offset cannot load the ColumnProperty fields of %s; use SelectIn", m.typ.Name())
		}
		// The subquery carries the key and the foreign keys the joins use,
		// whether or not the load set reads them.
		var need []core.SelectItem
		have := slices.Clone(ls.cols)
		want := slices.Clone(m.pk)
		for _, j := range js {
			if j.rel.kind == manyToOne {
				want = append(want, j.rel.childFK...)
			}
		}
		for _, fc := range want {
			if !slices.Contains(have, fc) {
				have = append(have, fc)
				need = append(need, fc.col)
			}
		}
		need = append(need, core.RowNumber().Over(core.OrderWindow(p.order...)).Label("orm_rn"))
		inner := p.apply(ls.selectStmt().Columns(need...))
		sub := core.Subquery(inner, "orm_parent")
		parentCol = func(fc *fieldCol) core.Column[any] { return sub.C(fc.def.Name()) }
		for _, fc := range ls.cols {
			items = append(items, sub.C(fc.def.Name()))
		}
		from = sub
		order = append(order, sub.C("orm_rn"))
	} else {
		items = ls.items()
		from = p.from
		if from == nil {
			from = m.table
		}
		order = append(order, p.order...)
	}
	for _, fc := range m.pk {
		order = append(order, parentCol(fc))
	}
	for i, j := range js {
		rel := j.rel
		j.alias = core.Alias(rel.target.table, "orm_j"+strconv.Itoa(i+1))
		col := func(fc *fieldCol) core.Column[any] { return j.alias.C(fc.def.Name()) }
		var on []core.TypedExpr[bool]
		switch rel.kind {
		case oneToMany:
			for k, fc := range rel.childFK {
				on = append(on, col(fc).EqExpr(parentCol(rel.parentPK[k])))
			}
		case manyToOne:
			for k, fc := range rel.parentPK {
				on = append(on, col(fc).EqExpr(parentCol(rel.childFK[k])))
			}
		case manyToMany:
			sec := core.Alias(rel.secondary, "orm_j"+strconv.Itoa(i+1)+"s")
			var secOn []core.TypedExpr[bool]
			for k, fc := range m.pk {
				secOn = append(secOn, sec.C(rel.local[k].Name()).EqExpr(parentCol(fc)))
			}
			from = leftJoin(from, sec, secOn)
			for k, fc := range rel.target.pk {
				on = append(on, col(fc).EqExpr(sec.C(rel.remote[k].Name())))
			}
		}
		from = leftJoin(from, j.alias, on)
		for _, fc := range rel.target.dflt.cols {
			items = append(items, col(fc))
		}
		for _, fc := range rel.target.pk {
			order = append(order, col(fc))
		}
	}
	stmt := core.Select(items...).From(from)
	if !wrap { // else the subquery has them
		stmt = queryParts{where: p.where, limit: p.limit, offset: p.offset}.apply(stmt)
	}
	return stmt.OrderBy(order...), nil
}

// leftJoin is from LEFT OUTER JOIN right ON on.
func leftJoin(from core.FromItem, right core.FromItem, on []core.TypedExpr[bool]) core.FromItem {
	switch f := from.(type) {
	case *core.Join:
		return f.LeftJoin(right, on...)
	case *core.Table:
		return f.LeftJoin(right, on...)
	}
	panic(fmt.Sprintf("orm: cannot join to a %T", from))
}
