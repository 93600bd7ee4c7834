package core

import (
	"fmt"
	"strings"

	"github.com/retort-go/retort/sqltype"
)

// UnaryExpr is "-X".
type UnaryExpr struct {
	X Node
}

// BetweenExpr is "X [NOT] BETWEEN Lo AND Hi".
type BetweenExpr struct {
	X, Lo, Hi Node
	Not       bool
}

// CaseExpr is CASE: searched (Subject nil: CASE WHEN cond THEN ...) or
// simple (CASE subject WHEN value THEN ...).
type CaseExpr struct {
	Subject Node
	Whens   []CaseWhen
	Else    Node
	Type    sqltype.Type
}

// CaseWhen is one WHEN ... THEN ... of a CaseExpr.
type CaseWhen struct {
	When, Then Node
}

// CastExpr is CAST(X AS To).
type CastExpr struct {
	X  Node
	To sqltype.Type
}

// BoolLiteral is TRUE or FALSE, written as each dialect spells it.
type BoolLiteral struct {
	Value bool
}

// TupleExpr is a row value "(a, b, ...)", for tuple IN.
type TupleExpr struct {
	Items []Node
}

// RawExpr is an expression written as SQL text by the program, with named
// parameters, like Text for whole statements. Chunks and Params alternate
// as in TextStmt.
type RawExpr struct {
	SQL    string
	Chunks []string
	Params []*TextParam
	Values map[string]any
	Type   sqltype.Type
	Err    error
}

// NamedParam is a parameter whose value is given when the statement is
// executed (see WithParams), SQLAlchemy's bindparam("name").
type NamedParam struct {
	Name string
	Type sqltype.Type
}

// WindowClause is the OVER (...) clause of a window function.
type WindowClause struct {
	PartitionBy []Node
	OrderBy     []Node
	Frame       *Frame
}

// FrameMode is ROWS or RANGE.
type FrameMode uint8

// The frame modes.
const (
	FrameRows FrameMode = iota + 1
	FrameRange
)

// Frame is a window frame: "ROWS BETWEEN Start AND End".
type Frame struct {
	Mode       FrameMode
	Start, End FrameBound
}

// BoundKind says where a frame bound is.
type BoundKind uint8

// The frame bound kinds.
const (
	BoundUnboundedPreceding BoundKind = iota + 1
	BoundPreceding
	BoundCurrentRow
	BoundFollowing
	BoundUnboundedFollowing
)

// FrameBound is one end of a window frame; Offset (a bound parameter) is
// set for Preceding and Following.
type FrameBound struct {
	Kind   BoundKind
	Offset Node
}

func (n *UnaryExpr) exprNode() Node     { return n }
func (n *UnaryExpr) selectNode() Node   { return n }
func (n *UnaryExpr) orderNode() Node    { return n }
func (n *BetweenExpr) exprNode() Node   { return n }
func (n *BetweenExpr) selectNode() Node { return n }
func (n *BetweenExpr) orderNode() Node  { return n }
func (n *CaseExpr) exprNode() Node      { return n }
func (n *CaseExpr) selectNode() Node    { return n }
func (n *CaseExpr) orderNode() Node     { return n }
func (n *CastExpr) exprNode() Node      { return n }
func (n *CastExpr) selectNode() Node    { return n }
func (n *CastExpr) orderNode() Node     { return n }
func (n *BoolLiteral) exprNode() Node   { return n }
func (n *BoolLiteral) selectNode() Node { return n }
func (n *BoolLiteral) orderNode() Node  { return n }
func (n *TupleExpr) exprNode() Node     { return n }
func (n *TupleExpr) selectNode() Node   { return n }
func (n *TupleExpr) orderNode() Node    { return n }
func (n *RawExpr) exprNode() Node       { return n }
func (n *RawExpr) selectNode() Node     { return n }
func (n *RawExpr) orderNode() Node      { return n }
func (n *NamedParam) exprNode() Node    { return n }
func (n *NamedParam) selectNode() Node  { return n }
func (n *NamedParam) orderNode() Node   { return n }

// Arithmetic and string operators, on every typed expression. The Go
// compiler checks the other operand's type; SQL decides what the operator
// means for it (Concat is for strings, the rest for numbers).

func (o ops[T]) arith(op BinaryOp, v T) Expression[T] {
	if msg := operandMisuse(op, TypeOf(o.n)); msg != "" {
		return typed[T](invalid(msg))
	}
	return typed[T](&BinaryExpr{Left: o.n, Op: op, Right: bindFor(o.n, v)})
}

func (o ops[T]) arithExpr(op BinaryOp, e TypedExpr[T]) Expression[T] {
	if msg := operandMisuse(op, TypeOf(o.n)); msg != "" {
		return typed[T](invalid(msg))
	}
	return typed[T](&BinaryExpr{Left: o.n, Op: op, Right: exprOrInvalid(e, "operand")})
}

// operandMisuse explains why op cannot apply to a value of type t, or is
// "". Concatenation is for strings, bytes and arrays (a number would come
// back as text, which Expression[T] cannot say); arithmetic is not for
// strings (MySQL and SQLite would quietly read them as numbers).
func operandMisuse(op BinaryOp, t sqltype.Type) string {
	if t == nil {
		return ""
	}
	k := sqltype.BaseType(t).Kind()
	isString := k == sqltype.KindString || k == sqltype.KindText || k == sqltype.KindEnum
	switch op {
	case OpConcat:
		if !isString && k != sqltype.KindBinary && k != sqltype.KindArray {
			return "Concat joins strings, bytes or arrays, not " + k.String() + " values: cast the operand to a string first (core.Cast[string])"
		}
	case OpAdd, OpSub, OpMul, OpDiv, OpMod:
		if isString {
			return "arithmetic on " + k.String() + " values: use Concat to join strings"
		}
	}
	return ""
}

// Add is "x + v".
func (o ops[T]) Add(v T) Expression[T] { return o.arith(OpAdd, v) }

// Sub is "x - v".
func (o ops[T]) Sub(v T) Expression[T] { return o.arith(OpSub, v) }

// Mul is "x * v".
func (o ops[T]) Mul(v T) Expression[T] { return o.arith(OpMul, v) }

// Div is "x / v". Integers divide as integers (truncating, like Go) on
// every dialect: MySQL's DIV is used there.
func (o ops[T]) Div(v T) Expression[T] { return o.arith(OpDiv, v) }

// Mod is "x % v".
func (o ops[T]) Mod(v T) Expression[T] { return o.arith(OpMod, v) }

// AddExpr is "x + e".
func (o ops[T]) AddExpr(e TypedExpr[T]) Expression[T] { return o.arithExpr(OpAdd, e) }

// SubExpr is "x - e".
func (o ops[T]) SubExpr(e TypedExpr[T]) Expression[T] { return o.arithExpr(OpSub, e) }

// MulExpr is "x * e".
func (o ops[T]) MulExpr(e TypedExpr[T]) Expression[T] { return o.arithExpr(OpMul, e) }

// DivExpr is "x / e"; see Div.
func (o ops[T]) DivExpr(e TypedExpr[T]) Expression[T] { return o.arithExpr(OpDiv, e) }

// ModExpr is "x % e".
func (o ops[T]) ModExpr(e TypedExpr[T]) Expression[T] { return o.arithExpr(OpMod, e) }

// Neg is "-x".
func (o ops[T]) Neg() Expression[T] { return typed[T](&UnaryExpr{X: o.n}) }

// Concat is string concatenation: "x || v" (CONCAT(x, v) on MySQL).
func (o ops[T]) Concat(v T) Expression[T] { return o.arith(OpConcat, v) }

// ConcatExpr concatenates another expression.
func (o ops[T]) ConcatExpr(e TypedExpr[T]) Expression[T] { return o.arithExpr(OpConcat, e) }

// Between is "x BETWEEN lo AND hi" (both ends included).
func (o ops[T]) Between(lo, hi T) Expression[bool] {
	return typed[bool](&BetweenExpr{X: o.n, Lo: bindFor(o.n, lo), Hi: bindFor(o.n, hi)})
}

// NotBetween is "x NOT BETWEEN lo AND hi".
func (o ops[T]) NotBetween(lo, hi T) Expression[bool] {
	return typed[bool](&BetweenExpr{X: o.n, Lo: bindFor(o.n, lo), Hi: bindFor(o.n, hi), Not: true})
}

// ILike is a case-insensitive LIKE: native on PostgreSQL, lower(x) LIKE
// lower(pattern) elsewhere.
func (o ops[T]) ILike(pattern string) Expression[bool] {
	return typed[bool](&BinaryExpr{Left: o.n, Op: OpILike, Right: &BindParam{Value: pattern, Type: sqltype.Text{}}})
}

// NotILike is NOT ILIKE.
func (o ops[T]) NotILike(pattern string) Expression[bool] {
	return typed[bool](&BinaryExpr{Left: o.n, Op: OpNotILike, Right: &BindParam{Value: pattern, Type: sqltype.Text{}}})
}

// likeEscape is the escape character of the StartsWith family, as
// SQLAlchemy's autoescape uses.
const likeEscape = '/'

func escapeLike(s string) string {
	r := strings.NewReplacer("/", "//", "%", "/%", "_", "/_")
	return r.Replace(s)
}

func (o ops[T]) likePattern(op BinaryOp, pattern string) Expression[bool] {
	return typed[bool](&BinaryExpr{Left: o.n, Op: op, Right: &BindParam{Value: pattern, Type: sqltype.Text{}}, Escape: likeEscape})
}

// StartsWith is true when x begins with s; % and _ in s match themselves.
func (o ops[T]) StartsWith(s string) Expression[bool] {
	return o.likePattern(OpLike, escapeLike(s)+"%")
}

// EndsWith is true when x ends with s; % and _ in s match themselves.
func (o ops[T]) EndsWith(s string) Expression[bool] {
	return o.likePattern(OpLike, "%"+escapeLike(s))
}

// Contains is true when x contains s; % and _ in s match themselves.
func (o ops[T]) Contains(s string) Expression[bool] {
	return o.likePattern(OpLike, "%"+escapeLike(s)+"%")
}

// IStartsWith is StartsWith ignoring case.
func (o ops[T]) IStartsWith(s string) Expression[bool] {
	return o.likePattern(OpILike, escapeLike(s)+"%")
}

// IEndsWith is EndsWith ignoring case.
func (o ops[T]) IEndsWith(s string) Expression[bool] {
	return o.likePattern(OpILike, "%"+escapeLike(s))
}

// IContains is Contains ignoring case.
func (o ops[T]) IContains(s string) Expression[bool] {
	return o.likePattern(OpILike, "%"+escapeLike(s)+"%")
}

// IsDistinctFrom is "x IS DISTINCT FROM v": like !=, but NULL is a value
// (NULL is distinct from 1, not from NULL). MySQL: NOT (x <=> v).
func (o ops[T]) IsDistinctFrom(v T) Expression[bool] {
	return typed[bool](&BinaryExpr{Left: o.n, Op: OpIsDistinctFrom, Right: bindFor(o.n, v)})
}

// IsNotDistinctFrom is "x IS NOT DISTINCT FROM v": = with NULL as a value.
func (o ops[T]) IsNotDistinctFrom(v T) Expression[bool] {
	return typed[bool](&BinaryExpr{Left: o.n, Op: OpIsNotDistinctFrom, Right: bindFor(o.n, v)})
}

// IsDistinctFromExpr compares with another expression.
func (o ops[T]) IsDistinctFromExpr(e TypedExpr[T]) Expression[bool] {
	return o.compareExpr(OpIsDistinctFrom, e)
}

// IsNotDistinctFromExpr compares with another expression.
func (o ops[T]) IsNotDistinctFromExpr(e TypedExpr[T]) Expression[bool] {
	return o.compareExpr(OpIsNotDistinctFrom, e)
}

// Filter adds FILTER (WHERE cond) to an aggregate function (emulated with
// CASE on MySQL). On anything but a function call it is an error.
func (o ops[T]) Filter(cond TypedExpr[bool]) Expression[T] {
	f, ok := o.n.(*FuncCall)
	if !ok {
		return typed[T](invalid("Filter applies to aggregate functions"))
	}
	c := *f
	c.Filter = exprOrInvalid(cond, "filter condition")
	return typed[T](&c)
}

// Over makes a function a window function: "f(...) OVER (...)".
func (o ops[T]) Over(w WindowSpec) Expression[T] {
	f, ok := o.n.(*FuncCall)
	if !ok {
		return typed[T](invalid("Over applies to functions"))
	}
	c := *f
	win := w.win
	c.Over = &win
	return typed[T](&c)
}

// Cast is CAST(x AS t), typed as T: the Go type the result scans into.
func Cast[T any](x Expr, t sqltype.Type) Expression[T] {
	if t == nil {
		return typed[T](invalid("Cast to a nil type"))
	}
	return typed[T](&CastExpr{X: exprOrInvalid(x, "expression to Cast"), To: t})
}

// True is the condition TRUE; False is FALSE.
func True() Condition { return typed[bool](&BoolLiteral{Value: true}) }

// False is the condition FALSE.
func False() Condition { return typed[bool](&BoolLiteral{Value: false}) }

// Param is a named parameter whose value is given at execution (see
// WithParams): the same statement can run with other values without being
// rebuilt.
func Param[T any](name string) Expression[T] {
	if !isIdentLike(name) {
		return typed[T](invalid(fmt.Sprintf("parameter name %q is not a name", name)))
	}
	t, _, _, _ := sqlTypeFor(typeFor[T](), 0)
	return typed[T](&NamedParam{Name: name, Type: t})
}

// Tuple is a row value of several expressions, for tuple IN:
//
//	core.Tuple(T.A, T.B).In([]any{1, "x"}, []any{2, "y"})
func Tuple(items ...Expr) TupleBuilder {
	t := &TupleExpr{Items: make([]Node, len(items))}
	for i, e := range items {
		t.Items[i] = exprOrInvalid(e, "tuple item")
	}
	return TupleBuilder{t: t}
}

// TupleBuilder builds conditions on a tuple; see Tuple.
type TupleBuilder struct{ t *TupleExpr }

func (b TupleBuilder) exprNode() Node   { return b.t }
func (b TupleBuilder) selectNode() Node { return b.t }

// In is "(a, b) IN ((v1, v2), ...)"; each row gives one value per item,
// bound with that item's type.
func (b TupleBuilder) In(rows ...[]any) Condition { return b.in(rows, false) }

// NotIn is "(a, b) NOT IN (...)".
func (b TupleBuilder) NotIn(rows ...[]any) Condition { return b.in(rows, true) }

func (b TupleBuilder) in(rows [][]any, not bool) Condition {
	list := make([]Node, len(rows))
	for i, r := range rows {
		if len(r) != len(b.t.Items) {
			return typed[bool](invalid(fmt.Sprintf("tuple IN row %d has %d values for %d items", i+1, len(r), len(b.t.Items))))
		}
		row := &TupleExpr{Items: make([]Node, len(r))}
		for j, v := range r {
			row.Items[j] = bindFor(b.t.Items[j], v)
		}
		list[i] = row
	}
	return typed[bool](&InExpr{X: b.t, List: list, Not: not})
}

// InSelect is "(a, b) IN (SELECT ...)".
func (b TupleBuilder) InSelect(q Selectable) Condition {
	return typed[bool](&InExpr{X: b.t, Sub: selectableNode(q)})
}

// TextExpr is an expression written as SQL by the program, typed as T,
// with named parameters bound from values (SQLAlchemy's literal_column /
// text() as a column):
//
//	core.TextExpr[int64]("extract(year from created_at)", nil)
func TextExpr[T any](sql string, values map[string]any) Expression[T] {
	chunks, params, err := parseText(sql)
	t, _, _, _ := sqlTypeFor(typeFor[T](), 0)
	n := &RawExpr{SQL: sql, Chunks: chunks, Params: params, Values: values, Type: t, Err: err}
	if err == nil {
		for _, p := range params {
			if _, ok := values[p.Name]; !ok {
				n.Err = &StatementError{Stmt: "expression", Msg: "no value bound for parameter :" + p.Name}
				break
			}
		}
	}
	return typed[T](n)
}

func isIdentLike(s string) bool {
	if s == "" || !isIdentStart(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isIdentChar(s[i]) && s[i] != '.' {
			return false
		}
	}
	return true
}
