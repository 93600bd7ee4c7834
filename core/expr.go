package core

import (
	"github.com/retort-go/retort/sqltype"
	"reflect"
	"time"
)

// BinaryOp is the operator of a BinaryExpr.
type BinaryOp uint8

// The binary operators. The comparisons come first (see IsComparison).
const (
	OpEq BinaryOp = iota + 1
	OpNe
	OpLt
	OpLe
	OpGt
	OpGe
	OpLike
	OpNotLike
	OpILike             // case-insensitive LIKE (lower() LIKE lower() where not native)
	OpNotILike          // NOT ILIKE
	OpIsDistinctFrom    // IS DISTINCT FROM: != that treats NULLs as values
	OpIsNotDistinctFrom // IS NOT DISTINCT FROM
	OpContains          // array contains (PostgreSQL @>)
	OpContainedBy       // array is contained by (<@)
	OpOverlap           // arrays overlap (&&)
	OpAdd               // +
	OpSub               // -
	OpMul               // *
	OpDiv               // / (integer division for integer operands, on every dialect)
	OpMod               // %
	OpConcat            // string concatenation (|| or CONCAT)
)

// String returns the operator's standard SQL spelling.
func (op BinaryOp) String() string {
	switch op {
	case OpEq:
		return "="
	case OpNe:
		return "!="
	case OpLt:
		return "<"
	case OpLe:
		return "<="
	case OpGt:
		return ">"
	case OpGe:
		return ">="
	case OpLike:
		return "LIKE"
	case OpNotLike:
		return "NOT LIKE"
	case OpILike:
		return "ILIKE"
	case OpNotILike:
		return "NOT ILIKE"
	case OpIsDistinctFrom:
		return "IS DISTINCT FROM"
	case OpIsNotDistinctFrom:
		return "IS NOT DISTINCT FROM"
	case OpContains:
		return "@>"
	case OpContainedBy:
		return "<@"
	case OpOverlap:
		return "&&"
	case OpAdd:
		return "+"
	case OpSub:
		return "-"
	case OpMul:
		return "*"
	case OpDiv:
		return "/"
	case OpMod:
		return "%"
	case OpConcat:
		return "||"
	}
	return "?op?"
}

// IsComparison reports whether the operator yields a boolean.
func (op BinaryOp) IsComparison() bool { return op >= OpEq && op <= OpOverlap }

// BindParam is a value sent to the database as a parameter, never spliced
// into the SQL. sqltype.Type is the SQL type it is bound as (the column it is
// compared with or assigned to), or nil when unknown.
type BindParam struct {
	Value any
	Type  sqltype.Type
}

// Invalid stands where a nil or otherwise unusable expression was given;
// it carries the error, which compiling reports.
type Invalid struct {
	Err error
}

func invalid(msg string) *Invalid {
	return &Invalid{Err: &StatementError{Stmt: "expression", Msg: msg}}
}

// exprOrInvalid returns e's node, or an *Invalid for a nil e.
func exprOrInvalid(e Expr, what string) Node {
	if e == nil {
		return invalid("nil " + what)
	}
	return e.exprNode()
}

// Null is the SQL NULL literal.
type Null struct{}

// Literal is a constant rendered into the SQL text with the dialect's
// escaping, for DDL defaults and debugging output. Statements that are
// executed use BindParam for values; a Literal appears only where the
// program put one explicitly.
type Literal struct {
	Value any
}

// BinaryExpr is "Left Op Right". Escape, when not 0, is the ESCAPE
// character of a LIKE (StartsWith and friends escape wildcards with '/').
type BinaryExpr struct {
	Left   Node
	Op     BinaryOp
	Right  Node
	Escape byte
}

// BoolOp is AND or OR.
type BoolOp uint8

// The boolean connectives.
const (
	OpAnd BoolOp = iota + 1
	OpOr
)

// BoolExpr joins conditions with AND or OR.
type BoolExpr struct {
	Op   BoolOp
	Args []Node
}

// NotExpr is "NOT X".
type NotExpr struct {
	X Node
}

// InExpr is "X [NOT] IN (List...)" or, with Sub, "X [NOT] IN (SELECT ...)".
type InExpr struct {
	X    Node
	List []Node
	Sub  Node
	Not  bool
}

// NullCheck is "X IS [NOT] NULL".
type NullCheck struct {
	X   Node
	Not bool
}

// FuncCall is a SQL function call "Name(Args...)"; Star renders "Name(*)".
// Filter adds FILTER (WHERE ...) to an aggregate, Over makes it a window
// function.
type FuncCall struct {
	Name     string
	Args     []Node
	Star     bool
	Distinct bool
	Type     sqltype.Type
	Filter   Node
	Over     *WindowClause
}

// CurrentTimestamp is the current date and time, rendered per dialect
// (CURRENT_TIMESTAMP, with the precision the dialect's timestamps need).
type CurrentTimestamp struct{}

// Label is "X AS Name" in a SELECT list; elsewhere it renders X.
type Label struct {
	X    Node
	Name string
}

// NullsOrder places NULLs first or last in an ORDER BY item.
type NullsOrder uint8

// The NULL orderings; NullsDefault leaves it to the database.
const (
	NullsDefault NullsOrder = iota
	NullsFirst
	NullsLast
)

// OrderBy is one ORDER BY item.
type OrderBy struct {
	X     Node
	Desc  bool
	Nulls NullsOrder
}

// NullsFirst returns the item with NULLS FIRST.
func (o *OrderBy) NullsFirst() *OrderBy { c := *o; c.Nulls = NullsFirst; return &c }

// NullsLast returns the item with NULLS LAST.
func (o *OrderBy) NullsLast() *OrderBy { c := *o; c.Nulls = NullsLast; return &c }

func (o *OrderBy) orderNode() Node { return o }

// Every expression node is an Expr, a SelectItem and an OrderItem.
func (n *ColumnRef) exprNode() Node        { return n }
func (n *ColumnRef) selectNode() Node      { return n }
func (n *ColumnRef) orderNode() Node       { return n }
func (n *BindParam) exprNode() Node        { return n }
func (n *BindParam) selectNode() Node      { return n }
func (n *BindParam) orderNode() Node       { return n }
func (n *Invalid) exprNode() Node          { return n }
func (n *Invalid) selectNode() Node        { return n }
func (n *Invalid) orderNode() Node         { return n }
func (n *Null) exprNode() Node             { return n }
func (n *Null) selectNode() Node           { return n }
func (n *Null) orderNode() Node            { return n }
func (n *Literal) exprNode() Node          { return n }
func (n *Literal) selectNode() Node        { return n }
func (n *Literal) orderNode() Node         { return n }
func (n *BinaryExpr) exprNode() Node       { return n }
func (n *BinaryExpr) selectNode() Node     { return n }
func (n *BinaryExpr) orderNode() Node      { return n }
func (n *BoolExpr) exprNode() Node         { return n }
func (n *BoolExpr) selectNode() Node       { return n }
func (n *BoolExpr) orderNode() Node        { return n }
func (n *NotExpr) exprNode() Node          { return n }
func (n *NotExpr) selectNode() Node        { return n }
func (n *NotExpr) orderNode() Node         { return n }
func (n *InExpr) exprNode() Node           { return n }
func (n *InExpr) selectNode() Node         { return n }
func (n *InExpr) orderNode() Node          { return n }
func (n *NullCheck) exprNode() Node        { return n }
func (n *NullCheck) selectNode() Node      { return n }
func (n *NullCheck) orderNode() Node       { return n }
func (n *FuncCall) exprNode() Node         { return n }
func (n *FuncCall) selectNode() Node       { return n }
func (n *FuncCall) orderNode() Node        { return n }
func (n *CurrentTimestamp) exprNode() Node { return n }
func (n *CurrentTimestamp) selectNode() Node {
	return n
}
func (n *CurrentTimestamp) orderNode() Node { return n }
func (n *Label) exprNode() Node             { return n }
func (n *Label) selectNode() Node           { return n }
func (n *Label) orderNode() Node            { return n }

// TypeOf returns the SQL type of an expression node, or nil when it is not
// known (a Null, an untyped parameter).
func TypeOf(n Node) sqltype.Type {
	switch n := n.(type) {
	case *ColumnRef:
		return n.Def.typ
	case *BindParam:
		return n.Type
	case *Literal:
		if t, _, _, err := sqlTypeFor(reflect.TypeOf(n.Value), 0); err == nil {
			return t
		}
	case *BinaryExpr:
		if n.Op.IsComparison() {
			return sqltype.Boolean{}
		}
		if n.Op == OpConcat {
			return sqltype.Text{}
		}
		return TypeOf(n.Left)
	case *BoolExpr, *NotExpr, *InExpr, *NullCheck:
		return sqltype.Boolean{}
	case *FuncCall:
		return n.Type
	case *CurrentTimestamp:
		return sqltype.Timestamp{TimeZone: true}
	case *Label:
		return TypeOf(n.X)
	case *UnaryExpr:
		return TypeOf(n.X)
	case *BetweenExpr, *BoolLiteral, *ExistsExpr, *AnyAllExpr:
		return sqltype.Boolean{}
	case *CaseExpr:
		return n.Type
	case *CastExpr:
		return n.To
	case *RawExpr:
		return n.Type
	case *NamedParam:
		return n.Type
	case *ExcludedRef:
		return n.Col.typ
	case *JSONPathExpr:
		if n.Text {
			return sqltype.Text{}
		}
		return sqltype.JSON{}
	case *ScalarSubqueryExpr:
		if q, ok := n.Select.(Selectable); ok {
			if cols, err := q.OutputColumns(); err == nil && len(cols) == 1 {
				return cols[0].Type
			}
		}
	}
	return nil
}

// And joins conditions with AND; with none it is true.
func And(conds ...TypedExpr[bool]) Condition { return boolJoin(OpAnd, conds) }

// Or joins conditions with OR; with none it is false.
func Or(conds ...TypedExpr[bool]) Condition { return boolJoin(OpOr, conds) }

func boolJoin(op BoolOp, conds []TypedExpr[bool]) Condition {
	args := make([]Node, 0, len(conds))
	for _, c := range conds {
		if c == nil {
			// Dropping it would widen the condition (And(nil) matching
			// every row); it is an error when compiled.
			args = append(args, invalid("nil condition in And/Or"))
			continue
		}
		n := c.exprNode()
		if b, ok := n.(*BoolExpr); ok && b.Op == op {
			args = append(args, b.Args...) // flatten a AND (b AND c)
			continue
		}
		args = append(args, n)
	}
	if len(args) == 1 {
		return typed[bool](args[0])
	}
	return typed[bool](&BoolExpr{Op: op, Args: args})
}

// Not negates a condition.
func Not(c TypedExpr[bool]) Condition {
	if c == nil {
		return typed[bool](&NotExpr{X: invalid("nil condition in Not")})
	}
	return typed[bool](&NotExpr{X: c.exprNode()})
}

// Count is count(*) with no argument, or count(e).
func Count(e ...Expr) Expression[int64] {
	if len(e) == 0 {
		return typed[int64](&FuncCall{Name: "count", Star: true, Type: sqltype.BigInt{}})
	}
	if len(e) > 1 {
		return typed[int64](invalid("Count takes one expression or none (count(*))"))
	}
	return typed[int64](&FuncCall{Name: "count", Args: []Node{exprOrInvalid(e[0], "argument to Count")}, Type: sqltype.BigInt{}})
}

// CountDistinct is count(DISTINCT e).
func CountDistinct(e Expr) Expression[int64] {
	return typed[int64](&FuncCall{Name: "count", Args: []Node{exprOrInvalid(e, "argument to CountDistinct")}, Distinct: true, Type: sqltype.BigInt{}})
}

// Now is the current timestamp (CURRENT_TIMESTAMP), usable in statements
// and as a server default.
func Now() Expression[time.Time] { return typed[time.Time](&CurrentTimestamp{}) }

// Value makes a bound parameter of a Go value, typed as T, for places where
// an expression is needed.
func Value[T any](v T) Expression[T] {
	if IsNullValue(v) {
		return typed[T](&Null{})
	}
	t, _, _, _ := sqlTypeFor(reflect.TypeFor[T](), 0)
	return typed[T](&BindParam{Value: v, Type: t})
}

// LiteralOf makes a literal rendered into the SQL text with the dialect's
// escaping, typically a server default. Prefer Value for anything executed.
func LiteralOf[T any](v T) Expression[T] { return typed[T](&Literal{Value: v}) }
