package core

import "github.com/retort-go/retort/sqltype"

// SelectStmt is a SELECT statement. It is an immutable value: every method
// returns a new statement and leaves the receiver as it was, so statements
// can be kept in package variables and shared between goroutines.
type SelectStmt struct {
	items    []Node
	from     []FromNode
	where    []Node
	groupBy  []Node
	having   []Node
	orderBy  []Node
	limit    Node
	offset   Node
	distinct bool
	err      error
}

// SelectParts is the content of a SelectStmt, for compilers and tools. The
// slices are shared with the statement and must not be modified.
type SelectParts struct {
	Items    []Node     // columns, expressions, or *Table for all of its columns
	From     []FromNode // explicit FROM items; tables of columns not covered here are added by the compiler
	Where    []Node     // ANDed
	GroupBy  []Node
	Having   []Node // ANDed
	OrderBy  []Node // *OrderBy or expressions
	Limit    Node   // nil or a *BindParam
	Offset   Node
	Distinct bool
}

// Select starts a SELECT of the given columns, expressions or tables (a
// table selects all its columns). The FROM clause is inferred from the
// columns unless From is given, as in SQLAlchemy.
//
//	core.Select(Users.ID, Users.Name).Where(Users.Name.Like("s%")).OrderBy(Users.ID)
func Select(items ...SelectItem) *SelectStmt {
	s := &SelectStmt{items: make([]Node, 0, len(items))}
	for _, it := range items {
		if it == nil {
			s.err = &StatementError{Stmt: "select", Msg: "nil item in the column list"}
			continue
		}
		s.items = append(s.items, it.selectNode())
	}
	return s
}

func (s *SelectStmt) clone() *SelectStmt { c := *s; return &c }

// grow returns a copy of xs with room for more, so appending never writes
// into an array another statement shares.
func grow[T any](xs []T, more int) []T {
	out := make([]T, len(xs), len(xs)+more)
	copy(out, xs)
	return out
}

// Columns returns a statement with more items added to the SELECT list.
func (s *SelectStmt) Columns(items ...SelectItem) *SelectStmt {
	c := s.clone()
	c.items = grow(s.items, len(items))
	for _, it := range items {
		if it == nil {
			c.err = &StatementError{Stmt: "select", Msg: "nil item in the column list"}
			continue
		}
		c.items = append(c.items, it.selectNode())
	}
	return c
}

// From adds explicit FROM items: tables, aliases or joins.
func (s *SelectStmt) From(items ...FromItem) *SelectStmt {
	c := s.clone()
	c.from = grow(s.from, len(items))
	for _, it := range items {
		if it == nil {
			c.err = &StatementError{Stmt: "select", Msg: "nil FROM item"}
			continue
		}
		c.from = append(c.from, it.fromNode())
	}
	return c
}

// Where adds conditions, ANDed with any already given.
func (s *SelectStmt) Where(conds ...TypedExpr[bool]) *SelectStmt {
	c := s.clone()
	c.where = appendConds(s.where, conds, &c.err, "select")
	return c
}

// GroupBy adds GROUP BY expressions.
func (s *SelectStmt) GroupBy(exprs ...Expr) *SelectStmt {
	c := s.clone()
	c.groupBy = grow(s.groupBy, len(exprs))
	for _, e := range exprs {
		if e == nil {
			c.err = &StatementError{Stmt: "select", Msg: "nil expression in GROUP BY"}
			continue
		}
		c.groupBy = append(c.groupBy, e.exprNode())
	}
	return c
}

// Having adds HAVING conditions, ANDed.
func (s *SelectStmt) Having(conds ...TypedExpr[bool]) *SelectStmt {
	c := s.clone()
	c.having = appendConds(s.having, conds, &c.err, "select")
	return c
}

// OrderBy adds ORDER BY items: expressions (ascending) or x.Asc() / x.Desc().
func (s *SelectStmt) OrderBy(items ...OrderItem) *SelectStmt {
	c := s.clone()
	c.orderBy = grow(s.orderBy, len(items))
	for _, it := range items {
		if it == nil {
			c.err = &StatementError{Stmt: "select", Msg: "nil item in ORDER BY"}
			continue
		}
		c.orderBy = append(c.orderBy, it.orderNode())
	}
	return c
}

// Limit sets LIMIT n, sent as a bound parameter; a negative n is an error.
func (s *SelectStmt) Limit(n int64) *SelectStmt {
	c := s.clone()
	if n < 0 {
		c.err = &StatementError{Stmt: "select", Msg: "negative LIMIT"}
	}
	c.limit = &BindParam{Value: n, Type: sqltype.BigInt{}}
	return c
}

// Offset sets OFFSET n, sent as a bound parameter.
func (s *SelectStmt) Offset(n int64) *SelectStmt {
	c := s.clone()
	if n < 0 {
		c.err = &StatementError{Stmt: "select", Msg: "negative OFFSET"}
	}
	c.offset = &BindParam{Value: n, Type: sqltype.BigInt{}}
	return c
}

// Distinct makes it SELECT DISTINCT.
func (s *SelectStmt) Distinct() *SelectStmt {
	c := s.clone()
	c.distinct = true
	return c
}

// Parts returns the statement's content for compilers.
func (s *SelectStmt) Parts() SelectParts {
	return SelectParts{
		Items: s.items, From: s.from, Where: s.where, GroupBy: s.groupBy, Having: s.having,
		OrderBy: s.orderBy, Limit: s.limit, Offset: s.offset, Distinct: s.distinct,
	}
}

// Err returns the first error recorded while building the statement; the
// compiler returns it too.
func (s *SelectStmt) Err() error { return s.err }

func (s *SelectStmt) statement() {}

func appendConds(dst []Node, conds []TypedExpr[bool], errp *error, stmt string) []Node {
	out := grow(dst, len(conds))
	for _, c := range conds {
		if c == nil {
			*errp = &StatementError{Stmt: stmt, Msg: "nil condition"}
			continue
		}
		out = append(out, c.exprNode())
	}
	return out
}

// JoinKind is the kind of a Join.
type JoinKind uint8

// The join kinds.
const (
	InnerJoin JoinKind = iota + 1
	LeftJoin
)

// Join is "Left JOIN Right ON On" in a FROM clause.
type Join struct {
	Kind  JoinKind
	Left  FromNode
	Right FromNode
	On    Node
	err   error
}

func (j *Join) fromNode() FromNode { return j }
func (j *Join) isFrom()            {}

// Err returns the error found while building the join (for example an ON
// clause that could not be inferred).
func (j *Join) Err() error { return j.err }

// Join chains another INNER JOIN onto j; see Table.Join.
func (j *Join) Join(right FromItem, on ...TypedExpr[bool]) *Join {
	return newJoin(InnerJoin, j, right, on)
}

// LeftJoin chains a LEFT OUTER JOIN onto j.
func (j *Join) LeftJoin(right FromItem, on ...TypedExpr[bool]) *Join {
	return newJoin(LeftJoin, j, right, on)
}

func newJoin(kind JoinKind, left FromNode, right FromItem, on []TypedExpr[bool]) *Join {
	j := &Join{Kind: kind, Left: left}
	if right == nil {
		j.err = &StatementError{Stmt: "join", Msg: "nil join target"}
		return j
	}
	j.Right = right.fromNode()
	if lj, ok := left.(*Join); ok && lj.err != nil {
		j.err = lj.err
	}
	if len(on) > 0 {
		j.On = And(on...).exprNode()
		return j
	}
	rt, ok := j.Right.(*Table)
	if !ok {
		j.err = &StatementError{Stmt: "join", Msg: "cannot infer the ON clause for a join of joins; give one"}
		return j
	}
	cond, err := inferOn(left, rt)
	if err != nil {
		j.err = err
		return j
	}
	j.On = cond
	return j
}

// leafTables lists the tables and aliases of a FROM tree, left to right.
func leafTables(f FromNode, out []*Table) []*Table {
	switch f := f.(type) {
	case *Table:
		return append(out, f)
	case *Join:
		return leafTables(f.Right, leafTables(f.Left, out))
	}
	return out
}

// inferOn finds the one foreign key between right and the tables of left
// and makes the ON condition from it, as SQLAlchemy's join() does.
func inferOn(left FromNode, right *Table) (Node, error) {
	type match struct {
		fk          *ForeignKeyConstraint
		child, prnt *Table // the tables (or aliases) on each side
	}
	var found []match
	for _, lt := range leafTables(left, nil) {
		for _, pair := range [2][2]*Table{{right, lt}, {lt, right}} {
			child, parent := pair[0], pair[1]
			for _, fk := range child.Base().fks {
				target, _, err := fk.Target()
				if err != nil {
					return nil, err
				}
				if target == parent.Base() {
					found = append(found, match{fk, child, parent})
				}
			}
		}
	}
	switch {
	case len(found) == 0:
		return nil, &StatementError{Stmt: "join", Msg: "no foreign key between " + right.TableName() + " and the left side of the join; give the ON condition"}
	case len(found) > 1:
		return nil, &StatementError{Stmt: "join", Msg: "more than one foreign key between " + right.TableName() + " and the left side of the join; give the ON condition"}
	}
	m := found[0]
	_, refs, _ := m.fk.Target()
	conds := make([]Node, len(refs))
	for i, c := range m.fk.cols {
		conds[i] = &BinaryExpr{Left: m.prnt.colRefs[refs[i].pos], Op: OpEq, Right: m.child.colRefs[c.pos]}
	}
	if len(conds) == 1 {
		return conds[0], nil
	}
	return &BoolExpr{Op: OpAnd, Args: conds}, nil
}
