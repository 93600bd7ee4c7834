package sqlcompile

import (
	"strconv"

	"github.com/retort-go/retort/core"
)

func (c *Compiler) selectStmt(s *core.SelectStmt) {
	p := s.Parts()
	if len(p.Items) == 0 {
		c.Fail(&core.StatementError{Stmt: "select", Msg: "no columns to select"})
		return
	}
	froms := c.froms(p)
	c.qualify = true
	c.sb.WriteString("SELECT ")
	if p.Distinct {
		c.sb.WriteString("DISTINCT ")
	}
	c.selectList(p.Items)
	if len(froms) > 0 {
		c.sb.WriteString(" FROM ")
		for i, f := range froms {
			if i > 0 {
				c.sb.WriteString(", ")
			}
			c.from(f)
		}
	}
	c.where(" WHERE ", p.Where)
	if len(p.GroupBy) > 0 {
		c.sb.WriteString(" GROUP BY ")
		c.exprList(p.GroupBy)
	}
	c.where(" HAVING ", p.Having)
	if len(p.OrderBy) > 0 {
		c.sb.WriteString(" ORDER BY ")
		for i, o := range p.OrderBy {
			if i > 0 {
				c.sb.WriteString(", ")
			}
			c.orderItem(o)
		}
	}
	if p.Limit != nil || p.Offset != nil {
		if c.d.LimitOffset != nil {
			c.d.LimitOffset(c, p.Limit, p.Offset)
		} else {
			StandardLimitOffset(c, p.Limit, p.Offset)
		}
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

func (c *Compiler) orderItem(n core.Node) {
	o, ok := n.(*core.OrderBy)
	if !ok {
		c.expr(n, precLowest)
		return
	}
	c.expr(o.X, precLowest)
	if o.Desc {
		c.sb.WriteString(" DESC")
	}
	switch o.Nulls {
	case core.NullsFirst, core.NullsLast:
		if !c.d.NullsOrdering {
			c.Unsupported("NULLS FIRST/LAST", "order by an IS NULL expression first instead")
			return
		}
		if o.Nulls == core.NullsFirst {
			c.sb.WriteString(" NULLS FIRST")
		} else {
			c.sb.WriteString(" NULLS LAST")
		}
	}
}

// selectList writes a SELECT (or RETURNING) list and records the result
// columns. Columns keep their names; a name already used is given a label
// with a numeric suffix (id, id_1), and unnamed expressions get one
// (count, anon_1), so every result column can be told apart by name.
func (c *Compiler) selectList(items []core.Node) {
	c.names = nil
	c.cols = make([]ResultColumn, 0, len(items))
	anon := 0
	first := true
	sep := func() {
		if !first {
			c.sb.WriteString(", ")
		}
		first = false
	}
	for _, it := range items {
		switch n := it.(type) {
		case *core.Table:
			for _, ref := range n.ColumnRefs() {
				sep()
				c.column(ref)
				c.resultName(ref.Def.Name(), ref, false)
			}
		case *core.ColumnRef:
			sep()
			c.column(n)
			c.resultName(n.Def.Name(), n, false)
		case *core.Label:
			sep()
			c.expr(n.X, precLowest)
			c.resultName(n.Name, n, true)
		case *core.FuncCall:
			sep()
			c.expr(n, precLowest)
			c.resultName(n.Name, n, true)
		default:
			sep()
			c.expr(n, precLowest)
			anon++
			c.resultName("anon_"+strconv.Itoa(anon), n, true)
		}
	}
}

// resultName records a result column; a name already taken gets a suffix,
// and a label is written when the name differs from what the database
// would report by itself.
func (c *Compiler) resultName(name string, n core.Node, label bool) {
	if c.nameTaken(name) {
		for k := 1; ; k++ {
			candidate := name + "_" + strconv.Itoa(k)
			if !c.nameTaken(candidate) {
				name = candidate
				break
			}
		}
		label = true
	}
	if label {
		c.sb.WriteString(" AS ")
		c.WriteIdent(name)
	}
	c.cols = append(c.cols, ResultColumn{Name: name, Type: core.TypeOf(n)})
	if c.names != nil {
		c.names[name] = 0
	}
}

// nameTaken reports whether a result column already has name: a linear
// scan for the usual short lists, a map for long ones.
func (c *Compiler) nameTaken(name string) bool {
	if len(c.cols) < 16 {
		for _, col := range c.cols {
			if col.Name == name {
				return true
			}
		}
		return false
	}
	if c.names == nil {
		c.names = make(map[string]int, 2*len(c.cols))
		for _, col := range c.cols {
			c.names[col.Name] = 0
		}
	}
	_, taken := c.names[name]
	return taken
}

// from writes a FROM item.
func (c *Compiler) from(f core.FromNode) {
	switch f := f.(type) {
	case *core.Table:
		if base := f.AliasOf(); base != nil {
			c.tableName(base)
			c.sb.WriteString(" AS ")
			c.WriteIdent(f.TableName())
			return
		}
		c.tableName(f)
	case *core.Join:
		if err := f.Err(); err != nil {
			c.Fail(err)
			return
		}
		c.from(f.Left)
		switch f.Kind {
		case core.LeftJoin:
			c.sb.WriteString(" LEFT OUTER JOIN ")
		default:
			c.sb.WriteString(" JOIN ")
		}
		if _, nested := f.Right.(*core.Join); nested {
			c.sb.WriteByte('(')
			c.from(f.Right)
			c.sb.WriteByte(')')
		} else {
			c.from(f.Right)
		}
		c.sb.WriteString(" ON ")
		c.expr(f.On, precLowest)
	default:
		c.Unsupported("a FROM item of type "+typeName(f), "")
	}
}

// froms returns the FROM list: the explicit items, then every table the
// statement's columns read from that no explicit item covers, in order of
// first appearance (SQLAlchemy's inference).
func (c *Compiler) froms(p core.SelectParts) []core.FromNode {
	fs := fromSet{out: make([]core.FromNode, 0, len(p.From)+2)}
	for _, f := range p.From {
		fs.cover(f)
	}
	fs.out = append(fs.out, p.From...)
	for _, group := range [...][]core.Node{p.Items, p.Where, p.GroupBy, p.Having, p.OrderBy} {
		for _, n := range group {
			fs.tablesOf(n)
		}
	}
	return fs.out
}

// fromSet collects FROM items; the lists are short, so slices beat maps.
type fromSet struct {
	covered []*core.Table
	out     []core.FromNode
}

// cover marks the tables of an explicit FROM item as present.
func (fs *fromSet) cover(f core.FromNode) {
	switch f := f.(type) {
	case *core.Table:
		fs.covered = append(fs.covered, f)
	case *core.Join:
		fs.cover(f.Left)
		fs.cover(f.Right)
	}
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

// tablesOf adds the table or alias of every column n reads.
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
		for _, a := range n.Args {
			fs.tablesOf(a)
		}
	case *core.NotExpr:
		fs.tablesOf(n.X)
	case *core.InExpr:
		fs.tablesOf(n.X)
		for _, a := range n.List {
			fs.tablesOf(a)
		}
	case *core.NullCheck:
		fs.tablesOf(n.X)
	case *core.FuncCall:
		for _, a := range n.Args {
			fs.tablesOf(a)
		}
	case *core.Label:
		fs.tablesOf(n.X)
	case *core.OrderBy:
		fs.tablesOf(n.X)
	}
}
