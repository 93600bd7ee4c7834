package sqlcompile

import (
	"fmt"
	"math"
	"slices"

	"github.com/retort-go/retort/core"
)

// query writes a statement that returns rows, as the body of a subquery,
// CTE or set operation member: a SELECT, a set operation or Text.
func (c *Compiler) query(n core.Node) {
	switch q := n.(type) {
	case *core.SelectStmt:
		c.selectStmt(q)
	case *core.CompoundSelect:
		c.compound(q)
	case *core.TextStmt:
		c.textStmt(q)
	case *core.Invalid:
		c.Fail(q.Err)
	default:
		c.Fail(fmt.Errorf("sqlcompile: %T cannot be a subquery", n))
	}
}

// subquery writes "(query)". A correlated subquery (in a WHERE, a column
// list, IN or EXISTS) leaves out of its FROM the tables of enclosing
// statements it refers to; one in FROM sees no enclosing FROM (see
// fromItem for LATERAL).
func (c *Compiler) subquery(n core.Node, correlate bool) {
	saved := c.scopes
	if !correlate {
		c.scopes = nil
	}
	c.depth++
	c.sb.WriteByte('(')
	c.query(n)
	c.sb.WriteByte(')')
	c.depth--
	c.scopes = saved
}

// with writes "WITH [RECURSIVE] name AS (...), ... " for the CTEs the
// statement uses, in dependency order.
func (c *Compiler) with() {
	if len(c.ctes) == 0 || c.withDone {
		return
	}
	c.withDone = true
	c.sb.WriteString("WITH ")
	for _, t := range c.ctes {
		if t.IsRecursive() {
			c.sb.WriteString("RECURSIVE ")
			break
		}
	}
	for i, t := range c.ctes {
		for _, u := range c.ctes[:i] {
			if u.TableName() == t.TableName() {
				c.Fail(&core.StatementError{Stmt: "select", Msg: fmt.Sprintf("two different CTEs are named %q", t.TableName())})
				return
			}
		}
	}
	saved := c.scopes
	c.scopes = nil
	c.depth++
	for i, t := range c.ctes {
		if i > 0 {
			c.sb.WriteString(", ")
		}
		if err := t.DerivedErr(); err != nil {
			c.Fail(err)
			return
		}
		c.WriteIdent(t.TableName())
		if t.IsRecursive() {
			c.sb.WriteByte('(')
			for j, col := range t.Columns() {
				if j > 0 {
					c.sb.WriteString(", ")
				}
				c.WriteIdent(col.Name())
			}
			c.sb.WriteByte(')')
		}
		c.sb.WriteString(" AS (")
		c.query(t.Source())
		c.sb.WriteByte(')')
	}
	c.depth--
	c.scopes = saved
	c.sb.WriteByte(' ')
}

func (c *Compiler) selectStmt(s *core.SelectStmt) {
	if err := s.Err(); err != nil {
		c.Fail(err)
		return
	}
	p := s.Parts()
	if len(p.Items) == 0 {
		c.Fail(&core.StatementError{Stmt: "select", Msg: "no columns to select"})
		return
	}
	extra := c.extraItems
	c.extraItems = nil
	froms := c.froms(p)
	if c.err != nil {
		return
	}
	// This SELECT's FROM is the scope its correlated subqueries see.
	c.scopes = append(c.scopes, leaves(froms))
	defer func() { c.scopes = c.scopes[:len(c.scopes)-1] }()
	c.qualify = true
	c.sb.WriteString("SELECT ")
	switch {
	case len(p.DistinctOn) > 0:
		if !c.d.DistinctOn {
			c.Unsupported("DISTINCT ON", "use a window function (row_number) in a subquery")
			return
		}
		c.sb.WriteString("DISTINCT ON (")
		c.exprList(p.DistinctOn)
		c.sb.WriteString(") ")
	case p.Distinct:
		c.sb.WriteString("DISTINCT ")
	}
	c.selectList(p.Items)
	c.insertDefaults(extra)
	if len(froms) > 0 {
		c.sb.WriteString(" FROM ")
		for i, f := range froms {
			if i > 0 {
				c.sb.WriteString(", ")
			}
			c.fromItem(f)
		}
	}
	c.where(" WHERE ", p.Where)
	if len(p.GroupBy) > 0 {
		c.sb.WriteString(" GROUP BY ")
		c.exprList(p.GroupBy)
	}
	c.where(" HAVING ", p.Having)
	c.orderBy(p.OrderBy, nil)
	c.limitOffset(p.Limit, p.Offset)
	c.lock(p.Lock, p, froms)
}

// limitOffset writes the LIMIT/OFFSET clause in the dialect's form.
func (c *Compiler) limitOffset(limit, offset core.Node) {
	if limit == nil && offset == nil {
		return
	}
	if c.d.LimitOffset != nil {
		c.d.LimitOffset(c, limit, offset)
	} else {
		StandardLimitOffset(c, limit, offset)
	}
}

// StandardLimitOffset writes " LIMIT x OFFSET y" (PostgreSQL's form).
func StandardLimitOffset(c *Compiler, limit, offset core.Node) {
	if limit != nil {
		c.sb.WriteString(" LIMIT ")
		c.WriteExpr(limit)
	}
	if offset != nil {
		c.sb.WriteString(" OFFSET ")
		c.WriteExpr(offset)
	}
}

// lock writes FOR UPDATE / FOR SHARE and its options as the dialect
// spells them. SQLite has no row locks (a write transaction locks the
// database), so there the clause is left out, as SQLAlchemy does.
func (c *Compiler) lock(l *core.Lock, p core.SelectParts, froms []core.FromNode) {
	if l == nil {
		return
	}
	if !c.d.Locking {
		if l.NoWait || l.SkipLocked {
			c.Unsupported("NOWAIT and SKIP LOCKED", "its transactions lock the whole database")
		}
		return
	}
	if c.d.LockRowsOnly && (p.Distinct || len(p.DistinctOn) > 0 || len(p.GroupBy) > 0 || len(p.Having) > 0) {
		c.Unsupported("FOR UPDATE or FOR SHARE with DISTINCT, GROUP BY or HAVING", "a lock needs rows of tables; lock them in a subquery")
		return
	}
	switch l.Strength {
	case core.LockShare:
		c.sb.WriteByte(' ')
		c.sb.WriteString(c.d.ShareLock)
	default:
		c.sb.WriteString(" FOR UPDATE")
	}
	if len(l.Of) > 0 {
		if !c.d.LockOf {
			c.Unsupported("FOR UPDATE OF", "it locks the rows of every table read")
			return
		}
		in := leaves(froms)
		c.sb.WriteString(" OF ")
		for i, t := range l.Of {
			if !slices.Contains(in, t) {
				c.Fail(&core.StatementError{Stmt: "select", Msg: "FOR UPDATE OF names " + t.TableName() + ", which the query does not read"})
				return
			}
			if i > 0 {
				c.sb.WriteString(", ")
			}
			c.WriteIdent(t.TableName())
		}
	}
	switch {
	case l.NoWait && l.SkipLocked:
		c.Fail(&core.StatementError{Stmt: "select", Msg: "NOWAIT and SKIP LOCKED exclude each other"})
	case l.NoWait:
		if !c.d.LockNoWait {
			c.Unsupported("NOWAIT", "")
			return
		}
		c.sb.WriteString(" NOWAIT")
	case l.SkipLocked:
		if !c.d.LockSkipLocked {
			c.Unsupported("SKIP LOCKED", "")
			return
		}
		c.sb.WriteString(" SKIP LOCKED")
	}
}

func (c *Compiler) where(keyword string, conds []core.Node) {
	if len(conds) == 0 {
		return
	}
	c.sb.WriteString(keyword)
	if len(conds) == 1 {
		c.expr(conds[0], precLowest)
		return
	}
	for i, w := range conds {
		if i > 0 {
			c.sb.WriteString(" AND ")
		}
		c.expr(w, precAnd)
	}
}

func (c *Compiler) exprList(ns []core.Node) {
	for i, n := range ns {
		if i > 0 {
			c.sb.WriteString(", ")
		}
		c.expr(n, precLowest)
	}
}

// orderBy writes " ORDER BY ..."; byName, if set, writes an item's
// expression (set operations order by result column name).
func (c *Compiler) orderBy(items []core.Node, byName func(core.Node)) {
	if len(items) == 0 {
		return
	}
	c.sb.WriteString(" ORDER BY ")
	for i, o := range items {
		if i > 0 {
			c.sb.WriteString(", ")
		}
		c.orderItem(o, byName)
	}
}

func (c *Compiler) orderItem(n core.Node, byName func(core.Node)) {
	x, desc, nulls := n, false, core.NullsDefault
	if o, ok := n.(*core.OrderBy); ok {
		x, desc, nulls = o.X, o.Desc, o.Nulls
	}
	write := func() {
		if byName != nil {
			byName(x)
		} else {
			c.expr(x, precLowest)
		}
	}
	if nulls != core.NullsDefault && !c.d.NullsOrdering {
		// MySQL puts NULLs first ascending and last descending; sorting
		// on "x IS NULL" first moves them where asked (SQLAlchemy's
		// recipe; the database cannot use an index for it).
		write()
		if nulls == core.NullsFirst {
			c.sb.WriteString(" IS NULL DESC, ")
		} else {
			c.sb.WriteString(" IS NULL, ")
		}
		nulls = core.NullsDefault
	}
	write()
	if desc {
		c.sb.WriteString(" DESC")
	}
	switch nulls {
	case core.NullsFirst:
		c.sb.WriteString(" NULLS FIRST")
	case core.NullsLast:
		c.sb.WriteString(" NULLS LAST")
	}
}

// selectList writes a SELECT (or RETURNING) list with the names
// core.SelectColumns gives, and records them as the result columns when it
// is the outermost statement's.
func (c *Compiler) selectList(items []core.Node) {
	if len(items) == 1 {
		if t, ok := items[0].(*core.Table); ok {
			c.tableColumns(t)
			return
		}
	}
	cols := core.SelectColumns(items)
	for i, col := range cols {
		if i > 0 {
			c.sb.WriteString(", ")
		}
		switch n := col.Node.(type) {
		case *core.ColumnRef:
			c.column(n)
		case *core.Label:
			c.typedExpr(n.X, precLowest)
		default:
			c.typedExpr(n, precLowest)
		}
		if col.Label {
			c.sb.WriteString(" AS ")
			c.WriteIdent(col.Name)
		}
	}
	if c.depth == 0 {
		c.cols = make([]ResultColumn, len(cols))
		for i, col := range cols {
			c.cols[i] = ResultColumn{Name: col.Name, Type: col.Type}
		}
	}
}

// fromItem writes a FROM item: a table, an alias, a subquery, a CTE's
// name, or a join.
func (c *Compiler) fromItem(f core.FromNode) {
	switch f := f.(type) {
	case *core.Table:
		c.fromTable(f)
	case *core.Join:
		c.join(f)
	default:
		c.Unsupported("a FROM item of type "+typeName(f), "")
	}
}

func (c *Compiler) fromTable(t *core.Table) {
	base := t.AliasOf()
	src := t
	if base != nil {
		src = base
	}
	if err := src.DerivedErr(); err != nil {
		c.Fail(err)
		return
	}
	switch {
	case src.IsSubquery():
		if src.IsLateral() {
			if !c.d.Lateral {
				c.Unsupported("LATERAL", "")
				return
			}
			c.sb.WriteString("LATERAL ")
			// A lateral subquery sees the FROM items of its SELECT.
			c.subquery(src.Source(), true)
		} else {
			// Any other subquery in FROM sees the enclosing statements'
			// FROM items but not its own SELECT's.
			saved := c.scopes
			if len(c.scopes) > 0 {
				c.scopes = c.scopes[:len(c.scopes)-1]
			}
			c.sealed("a subquery in FROM", func() { c.subquery(src.Source(), true) })
			c.scopes = saved
		}
		c.sb.WriteString(" AS ")
		c.WriteIdent(t.TableName())
		return
	case base != nil:
		c.tableName(base)
		c.sb.WriteString(" AS ")
		c.WriteIdent(t.TableName())
	default:
		c.tableName(t)
	}
}

func (c *Compiler) join(j *core.Join) {
	if err := j.Err(); err != nil {
		c.Fail(err)
		return
	}
	c.fromItem(j.Left)
	switch j.Kind {
	case core.LeftJoin:
		c.sb.WriteString(" LEFT OUTER JOIN ")
	case core.RightJoin:
		if !c.d.RightJoin {
			c.Unsupported("RIGHT OUTER JOIN", "swap the sides of a LEFT OUTER JOIN")
			return
		}
		c.sb.WriteString(" RIGHT OUTER JOIN ")
	case core.FullJoin:
		if !c.d.FullJoin {
			c.Unsupported("FULL OUTER JOIN", "UNION a LEFT and a RIGHT join")
			return
		}
		c.sb.WriteString(" FULL OUTER JOIN ")
	case core.CrossJoin:
		c.sb.WriteString(" CROSS JOIN ")
	default:
		c.sb.WriteString(" JOIN ")
	}
	if _, nested := j.Right.(*core.Join); nested {
		c.sb.WriteByte('(')
		c.fromItem(j.Right)
		c.sb.WriteByte(')')
	} else {
		c.fromItem(j.Right)
	}
	if j.Kind != core.CrossJoin {
		c.sb.WriteString(" ON ")
		c.expr(j.On, precLowest)
	}
}

// leaves lists the tables, aliases and subqueries of FROM items.
func leaves(fs []core.FromNode) []*core.Table {
	var out []*core.Table
	var walk func(core.FromNode)
	walk = func(f core.FromNode) {
		switch f := f.(type) {
		case *core.Table:
			out = append(out, f)
		case *core.Join:
			walk(f.Left)
			walk(f.Right)
		}
	}
	for _, f := range fs {
		walk(f)
	}
	return out
}

// scopeOf returns the index in scopes of the enclosing statement that has
// t as a FROM item, or -1.
func (c *Compiler) scopeOf(t *core.Table) int {
	for i, s := range c.scopes {
		for _, u := range s {
			if u == t {
				return i
			}
		}
	}
	return -1
}

// sealed writes a subquery that the dialect makes a derived table
// (SealedDerived): one that refers to the tables of enclosing statements
// is the error construct names.
func (c *Compiler) sealed(construct string, write func()) {
	if !c.d.SealedDerived {
		write()
		return
	}
	outside, saved := len(c.scopes), c.outerRef
	c.outerRef = math.MaxInt
	write()
	reached := c.outerRef
	c.outerRef = min(saved, reached)
	if reached < outside {
		c.Unsupported(construct+" that refers to the enclosing query", "a derived table cannot see it; use a join or a scalar subquery")
	}
}

// froms returns the FROM list: the explicit items, then every table the
// statement's columns read from that no explicit item covers, in order of
// first appearance (SQLAlchemy's inference). Inferred tables that are FROM
// items of an enclosing statement are left out: the subquery is correlated
// to them.
func (c *Compiler) froms(p core.SelectParts) []core.FromNode {
	fs := fromSet{out: make([]core.FromNode, 0, len(p.From)+2)}
	fs.covered = leaves(p.From)
	fs.out = append(fs.out, p.From...)
	for _, group := range [...][]core.Node{p.Items, p.Where, p.GroupBy, p.Having, p.OrderBy, p.DistinctOn} {
		for _, n := range group {
			fs.tablesOf(n)
		}
	}
	if len(c.scopes) == 0 || len(fs.out) == len(p.From) {
		return fs.out
	}
	kept := fs.out[:len(p.From)]
	for _, f := range fs.out[len(p.From):] {
		i := c.scopeOf(f.(*core.Table))
		if i < 0 {
			kept = append(kept, f)
		} else if i < c.outerRef {
			c.outerRef = i
		}
	}
	if len(kept) == 0 {
		c.Fail(&core.StatementError{Stmt: "select", Msg: "the subquery has no FROM left after correlating every table it reads to the enclosing statement; give it one with From"})
	}
	return kept
}

// fromSet collects FROM items; the lists are short, so slices beat maps.
type fromSet struct {
	covered []*core.Table
	out     []core.FromNode
}

// add appends t to the FROM list unless it is there already.
func (fs *fromSet) add(t *core.Table) {
	for _, c := range fs.covered {
		if c == t {
			return
		}
	}
	fs.covered = append(fs.covered, t)
	fs.out = append(fs.out, t)
}

// tablesOf adds the table, alias or derived table of every column n
// reads. Subqueries are not entered: their tables are their own.
func (fs *fromSet) tablesOf(n core.Node) {
	switch n := n.(type) {
	case *core.Table:
		fs.add(n)
	case *core.ColumnRef:
		fs.add(n.From)
	case *core.BinaryExpr:
		fs.tablesOf(n.Left)
		fs.tablesOf(n.Right)
	case *core.BoolExpr:
		fs.tablesOfAll(n.Args)
	case *core.NotExpr:
		fs.tablesOf(n.X)
	case *core.InExpr:
		fs.tablesOf(n.X)
		fs.tablesOfAll(n.List)
	case *core.NullCheck:
		fs.tablesOf(n.X)
	case *core.FuncCall:
		fs.tablesOfAll(n.Args)
		fs.tablesOf(n.Filter)
		if n.Over != nil {
			fs.tablesOfAll(n.Over.PartitionBy)
			fs.tablesOfAll(n.Over.OrderBy)
		}
	case *core.Label:
		fs.tablesOf(n.X)
	case *core.OrderBy:
		fs.tablesOf(n.X)
	case *core.UnaryExpr:
		fs.tablesOf(n.X)
	case *core.BetweenExpr:
		fs.tablesOf(n.X)
		fs.tablesOf(n.Lo)
		fs.tablesOf(n.Hi)
	case *core.CaseExpr:
		fs.tablesOf(n.Subject)
		for _, w := range n.Whens {
			fs.tablesOf(w.When)
			fs.tablesOf(w.Then)
		}
		fs.tablesOf(n.Else)
	case *core.CastExpr:
		fs.tablesOf(n.X)
	case *core.TupleExpr:
		fs.tablesOfAll(n.Items)
	case *core.JSONPathExpr:
		fs.tablesOf(n.X)
	case *core.AnyAllExpr:
		fs.tablesOf(n.X)
		fs.tablesOf(n.Array)
	}
}

func (fs *fromSet) tablesOfAll(ns []core.Node) {
	for _, n := range ns {
		fs.tablesOf(n)
	}
}

// compound writes a set operation. Members that carry their own ORDER BY,
// LIMIT or set operation are parenthesised; where the dialect cannot do
// that (SQLite) they become "SELECT * FROM (...)" subqueries.
func (c *Compiler) compound(s *core.CompoundSelect) {
	if err := s.Err(); err != nil {
		c.Fail(err)
		return
	}
	p := s.Parts()
	if (p.Op == core.OpIntersectAll || p.Op == core.OpExceptAll) && !c.d.IntersectAll {
		c.Unsupported(p.Op.SQL(), "")
		return
	}
	// The first member names the result; record its columns only.
	depth := c.depth
	for i, m := range p.Selects {
		if q, ok := m.(*core.SelectStmt); ok && c.d.LockRowsOnly && q.Parts().Lock != nil {
			c.Unsupported("FOR UPDATE or FOR SHARE in a set operation", "a lock needs rows of tables; lock them in a subquery")
			return
		}
		if i > 0 {
			c.sb.WriteByte(' ')
			c.sb.WriteString(p.Op.SQL())
			c.sb.WriteByte(' ')
			c.depth = depth + 1
		}
		if !c.needsGrouping(m) {
			c.query(m)
			continue
		}
		if c.d.ParenthesizedSelects {
			c.sb.WriteByte('(')
			c.query(m)
			c.sb.WriteByte(')')
			continue
		}
		c.sb.WriteString("SELECT * FROM (")
		saved := c.depth
		c.depth++
		c.query(m)
		c.depth = saved
		c.sb.WriteByte(')')
		if c.depth == 0 {
			if q, ok := m.(core.Selectable); ok {
				if out, err := q.OutputColumns(); err == nil {
					c.cols = make([]ResultColumn, len(out))
					for j, col := range out {
						c.cols[j] = ResultColumn{Name: col.Name, Type: col.Type}
					}
				}
			}
		}
	}
	c.depth = depth
	first, _ := p.Selects[0].(core.Selectable)
	var out []core.SelectColumn
	if first != nil {
		out, _ = first.OutputColumns()
	}
	c.orderBy(p.OrderBy, func(x core.Node) { c.resultColumnName(x, out) })
	c.limitOffset(p.Limit, p.Offset)
}

// tableColumns writes the select list of SELECT t: its columns, under
// their own names (distinct within a table), as core.SelectColumns would.
func (c *Compiler) tableColumns(t *core.Table) {
	refs := t.ColumnRefs()
	for i, r := range refs {
		if i > 0 {
			c.sb.WriteString(", ")
		}
		c.column(r)
	}
	if c.depth == 0 {
		c.cols = make([]ResultColumn, len(refs))
		for i, r := range refs {
			c.cols[i] = ResultColumn{Name: r.Def.Name(), Type: r.Def.Type()}
		}
	}
}

// needsGrouping reports whether a set operation member must be grouped:
// a nested set operation, or a SELECT with ORDER BY, LIMIT or a lock the
// dialect writes.
func (c *Compiler) needsGrouping(m core.Node) bool {
	switch m := m.(type) {
	case *core.CompoundSelect:
		return true
	case *core.SelectStmt:
		p := m.Parts()
		return len(p.OrderBy) > 0 || p.Limit != nil || p.Offset != nil || p.Lock != nil && c.d.Locking
	}
	return false
}

// resultColumnName writes, for an ORDER BY of a set operation, the name of
// the result column x is: a column or label of the first member.
func (c *Compiler) resultColumnName(x core.Node, out []core.SelectColumn) {
	for _, col := range out {
		if col.Node == x || sameColumn(col.Node, x) {
			c.WriteIdent(col.Name)
			return
		}
	}
	if l, ok := x.(*core.Label); ok {
		for _, col := range out {
			if col.Name == l.Name {
				c.WriteIdent(col.Name)
				return
			}
		}
	}
	c.Fail(&core.StatementError{Stmt: "set operation", Msg: "ORDER BY of a set operation must name a column of its first SELECT"})
}

func sameColumn(a, b core.Node) bool {
	ra, ok1 := a.(*core.ColumnRef)
	rb, ok2 := b.(*core.ColumnRef)
	return ok1 && ok2 && ra.Def == rb.Def && ra.From == rb.From
}
