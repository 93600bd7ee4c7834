package core

import "github.com/retort-go/retort/sqltype"

// CompoundOp is a set operation.
type CompoundOp uint8

// The set operations.
const (
	OpUnion CompoundOp = iota + 1
	OpUnionAll
	OpIntersect
	OpIntersectAll
	OpExcept
	OpExceptAll
)

// SQL returns the operator's SQL words.
func (op CompoundOp) SQL() string {
	switch op {
	case OpUnion:
		return "UNION"
	case OpUnionAll:
		return "UNION ALL"
	case OpIntersect:
		return "INTERSECT"
	case OpIntersectAll:
		return "INTERSECT ALL"
	case OpExcept:
		return "EXCEPT"
	case OpExceptAll:
		return "EXCEPT ALL"
	}
	return "?"
}

// CompoundSelect is a set operation over SELECTs (or other set
// operations): UNION, UNION ALL, INTERSECT, EXCEPT. Its ORDER BY and LIMIT
// apply to the result. It is an immutable value like every statement.
type CompoundSelect struct {
	op      CompoundOp
	selects []Node
	orderBy []Node
	limit   Node
	offset  Node
	err     error
}

// CompoundParts is the content of a CompoundSelect for compilers.
type CompoundParts struct {
	Op      CompoundOp
	Selects []Node // *SelectStmt or *CompoundSelect
	OrderBy []Node
	Limit   Node
	Offset  Node
}

func compound(op CompoundOp, qs []Selectable) *CompoundSelect {
	c := &CompoundSelect{op: op}
	if len(qs) < 2 {
		c.err = &StatementError{Stmt: op.SQL(), Msg: "needs at least two statements"}
	}
	for _, q := range qs {
		if q == nil {
			c.err = &StatementError{Stmt: op.SQL(), Msg: "nil statement"}
			continue
		}
		c.selects = append(c.selects, q)
	}
	return c
}

// Union is "a UNION b UNION ...": the distinct rows of all.
func Union(qs ...Selectable) *CompoundSelect { return compound(OpUnion, qs) }

// UnionAll is "a UNION ALL b ...": all rows of all.
func UnionAll(qs ...Selectable) *CompoundSelect { return compound(OpUnionAll, qs) }

// Intersect is "a INTERSECT b ...": the distinct rows in every one.
func Intersect(qs ...Selectable) *CompoundSelect { return compound(OpIntersect, qs) }

// IntersectAll is INTERSECT ALL (not SQLite).
func IntersectAll(qs ...Selectable) *CompoundSelect { return compound(OpIntersectAll, qs) }

// Except is "a EXCEPT b ...": the distinct rows of a not in the others.
func Except(qs ...Selectable) *CompoundSelect { return compound(OpExcept, qs) }

// ExceptAll is EXCEPT ALL (not SQLite).
func ExceptAll(qs ...Selectable) *CompoundSelect { return compound(OpExceptAll, qs) }

// OrderBy orders the combined rows. Items name result columns: give the
// columns of the first statement (or their labels); they are written by
// name.
func (c *CompoundSelect) OrderBy(items ...OrderItem) *CompoundSelect {
	d := *c
	d.orderBy = grow(c.orderBy, len(items))
	for _, it := range items {
		if it == nil {
			d.err = &StatementError{Stmt: c.op.SQL(), Msg: "nil item in ORDER BY"}
			continue
		}
		d.orderBy = append(d.orderBy, it.orderNode())
	}
	return &d
}

// Limit limits the combined rows.
func (c *CompoundSelect) Limit(n int64) *CompoundSelect {
	d := *c
	d.limit = limitParam(n, &d.err, c.op.SQL(), "LIMIT")
	return &d
}

// Offset skips combined rows.
func (c *CompoundSelect) Offset(n int64) *CompoundSelect {
	d := *c
	d.offset = limitParam(n, &d.err, c.op.SQL(), "OFFSET")
	return &d
}

// Parts returns the content for compilers.
func (c *CompoundSelect) Parts() CompoundParts {
	return CompoundParts{Op: c.op, Selects: c.selects, OrderBy: c.orderBy, Limit: c.limit, Offset: c.offset}
}

// Err returns the first error recorded while building the statement.
func (c *CompoundSelect) Err() error { return c.err }

// OutputColumns returns the first statement's columns, which name the result.
func (c *CompoundSelect) OutputColumns() ([]SelectColumn, error) {
	if c.err != nil {
		return nil, c.err
	}
	return c.selects[0].(Selectable).OutputColumns()
}

func (c *CompoundSelect) statement() {}

func limitParam(n int64, errp *error, stmt, clause string) Node {
	if n < 0 {
		*errp = &StatementError{Stmt: stmt, Msg: "negative " + clause}
	}
	return &BindParam{Value: n, Type: sqltype.BigInt{}}
}
