package core

// SelectStmt is a SELECT statement. It is an immutable value: every method
// returns a new statement and leaves the receiver as it was, so statements
// can be kept in package variables and shared between goroutines.
type SelectStmt struct {
	items      []Node
	from       []FromNode
	where      []Node
	groupBy    []Node
	having     []Node
	orderBy    []Node
	limit      Node
	offset     Node
	distinct   bool
	distinctOn []Node
	lock       *Lock
	err        error
}

// SelectParts is the content of a SelectStmt, for compilers and tools. The
// slices are shared with the statement and must not be modified.
type SelectParts struct {
	Items      []Node     // columns, expressions, or *Table for all of its columns
	From       []FromNode // explicit FROM items; tables of columns not covered here are added by the compiler
	Where      []Node     // ANDed
	GroupBy    []Node
	Having     []Node // ANDed
	OrderBy    []Node // *OrderBy or expressions
	Limit      Node   // nil or a *BindParam
	Offset     Node
	Distinct   bool
	DistinctOn []Node // PostgreSQL's DISTINCT ON (...)
	Lock       *Lock  // FOR UPDATE / FOR SHARE, or nil
}

// LockStrength is the strength of a row lock.
type LockStrength uint8

// The lock strengths.
const (
	LockUpdate LockStrength = iota + 1 // FOR UPDATE
	LockShare                          // FOR SHARE (LOCK IN SHARE MODE on MariaDB)
)

// Lock is a SELECT's row locking clause.
type Lock struct {
	Strength   LockStrength
	NoWait     bool
	SkipLocked bool
	Of         []*Table

	err error // a bad LockOf
}

// LockOption refines ForUpdate and ForShare.
type LockOption func(*Lock)

// NoWait fails at once instead of waiting for a locked row.
func NoWait() LockOption { return func(l *Lock) { l.NoWait = true } }

// SkipLocked skips rows another transaction has locked.
func SkipLocked() LockOption { return func(l *Lock) { l.SkipLocked = true } }

// LockOf locks only the rows of the given tables (FOR UPDATE OF ...).
func LockOf(tables ...FromItem) LockOption {
	return func(l *Lock) {
		for _, t := range tables {
			var tb *Table
			if t != nil {
				tb, _ = t.fromNode().(*Table)
			}
			if tb == nil {
				// A join is not one table: name its tables.
				l.err = &StatementError{Stmt: "select", Msg: "LockOf takes tables, aliases or subqueries, not nil or a join"}
				return
			}
			l.Of = append(l.Of, tb)
		}
	}
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
	c.limit = limitParam(n, &c.err, "select", "LIMIT")
	return c
}

// Offset sets OFFSET n, sent as a bound parameter.
func (s *SelectStmt) Offset(n int64) *SelectStmt {
	c := s.clone()
	c.offset = limitParam(n, &c.err, "select", "OFFSET")
	return c
}

// DistinctOn makes it SELECT DISTINCT ON (exprs) (PostgreSQL only; a
// compile error elsewhere).
func (s *SelectStmt) DistinctOn(exprs ...Expr) *SelectStmt {
	c := s.clone()
	c.distinctOn = grow(s.distinctOn, len(exprs))
	for _, e := range exprs {
		c.distinctOn = append(c.distinctOn, exprOrInvalid(e, "DISTINCT ON expression"))
	}
	return c
}

// ForUpdate locks the selected rows for update (FOR UPDATE). SQLite, whose
// transactions lock the whole database, ignores it.
func (s *SelectStmt) ForUpdate(opts ...LockOption) *SelectStmt { return s.locking(LockUpdate, opts) }

// ForShare locks the selected rows against updates by others (FOR SHARE;
// LOCK IN SHARE MODE on MariaDB).
func (s *SelectStmt) ForShare(opts ...LockOption) *SelectStmt { return s.locking(LockShare, opts) }

func (s *SelectStmt) locking(st LockStrength, opts []LockOption) *SelectStmt {
	c := s.clone()
	l := &Lock{Strength: st}
	for _, o := range opts {
		o(l)
	}
	switch {
	case l.err != nil:
		c.err = l.err
	case l.NoWait && l.SkipLocked:
		c.err = &StatementError{Stmt: "select", Msg: "NOWAIT and SKIP LOCKED exclude each other"}
	}
	c.lock = l
	return c
}

// OutputColumns returns the columns the SELECT returns.
func (s *SelectStmt) OutputColumns() ([]SelectColumn, error) {
	if s.err != nil {
		return nil, s.err
	}
	return SelectColumns(s.items), nil
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
		DistinctOn: s.distinctOn, Lock: s.lock,
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
	RightJoin
	FullJoin
	CrossJoin
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

// RightJoin chains a RIGHT OUTER JOIN onto j.
func (j *Join) RightJoin(right FromItem, on ...TypedExpr[bool]) *Join {
	return newJoin(RightJoin, j, right, on)
}

// FullJoin chains a FULL OUTER JOIN onto j (not MySQL).
func (j *Join) FullJoin(right FromItem, on ...TypedExpr[bool]) *Join {
	return newJoin(FullJoin, j, right, on)
}

// CrossJoin chains a CROSS JOIN onto j: every row with every row.
func (j *Join) CrossJoin(right FromItem) *Join { return newJoin(CrossJoin, j, right, nil) }

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
	if kind == CrossJoin {
		return j
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
