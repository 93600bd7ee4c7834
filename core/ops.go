package core

import "github.com/retort-go/retort/sqltype"

// ops holds the operators shared by Column[T] and Expression[T]; n is the
// node they apply to.
type ops[T any] struct {
	n Node
}

func (o ops[T]) exprNode() Node   { return o.n }
func (o ops[T]) selectNode() Node { return o.n }
func (o ops[T]) orderNode() Node  { return o.n }
func (ops[T]) valueOf(T)          {}

// Expression is a typed SQL expression whose values have Go type T: the
// result of an operator or function. It has the same comparison methods as
// Column. The zero value is not usable.
type Expression[T any] struct {
	ops[T]
}

// Condition is a boolean expression, as WHERE and ON take.
type Condition = Expression[bool]

func typed[T any](n Node) Expression[T] { return Expression[T]{ops[T]{n: n}} }

// Typed wraps an untyped node as an Expression[T]; use it to give a type to
// a node a tool built. The node is not checked.
func Typed[T any](n Node) Expression[T] { return typed[T](n) }

// bindFor makes the node for a value compared with or assigned to the
// expression n: a bound parameter carrying n's SQL type (type affinity), or
// NULL. An Expr passed through Column[any] stays an expression.
func bindFor(n Node, v any) Node {
	if e, ok := v.(Expr); ok {
		return e.exprNode()
	}
	if IsNullValue(v) {
		return &Null{}
	}
	return &BindParam{Value: v, Type: TypeOf(n)}
}

func (o ops[T]) compare(op BinaryOp, v T) Expression[bool] {
	r := bindFor(o.n, v)
	if _, isNull := r.(*Null); isNull {
		switch op {
		case OpEq:
			return typed[bool](&NullCheck{X: o.n})
		case OpNe:
			return typed[bool](&NullCheck{X: o.n, Not: true})
		}
	}
	return typed[bool](&BinaryExpr{Left: o.n, Op: op, Right: r})
}

func (o ops[T]) compareExpr(op BinaryOp, e TypedExpr[T]) Expression[bool] {
	return typed[bool](&BinaryExpr{Left: o.n, Op: op, Right: exprOrInvalid(e, "operand")})
}

// Eq is "x = v". Comparing with a NULL value (nil pointer, invalid sql.Null)
// renders "x IS NULL", as SQLAlchemy's == None does.
func (o ops[T]) Eq(v T) Expression[bool] { return o.compare(OpEq, v) }

// Ne is "x != v"; with a NULL value it renders "x IS NOT NULL".
func (o ops[T]) Ne(v T) Expression[bool] { return o.compare(OpNe, v) }

// Lt is "x < v".
func (o ops[T]) Lt(v T) Expression[bool] { return o.compare(OpLt, v) }

// Le is "x <= v".
func (o ops[T]) Le(v T) Expression[bool] { return o.compare(OpLe, v) }

// Gt is "x > v".
func (o ops[T]) Gt(v T) Expression[bool] { return o.compare(OpGt, v) }

// Ge is "x >= v".
func (o ops[T]) Ge(v T) Expression[bool] { return o.compare(OpGe, v) }

// EqExpr is "x = e" for another expression of the same type.
func (o ops[T]) EqExpr(e TypedExpr[T]) Expression[bool] { return o.compareExpr(OpEq, e) }

// NeExpr is "x != e".
func (o ops[T]) NeExpr(e TypedExpr[T]) Expression[bool] { return o.compareExpr(OpNe, e) }

// LtExpr is "x < e".
func (o ops[T]) LtExpr(e TypedExpr[T]) Expression[bool] { return o.compareExpr(OpLt, e) }

// LeExpr is "x <= e".
func (o ops[T]) LeExpr(e TypedExpr[T]) Expression[bool] { return o.compareExpr(OpLe, e) }

// GtExpr is "x > e".
func (o ops[T]) GtExpr(e TypedExpr[T]) Expression[bool] { return o.compareExpr(OpGt, e) }

// GeExpr is "x >= e".
func (o ops[T]) GeExpr(e TypedExpr[T]) Expression[bool] { return o.compareExpr(OpGe, e) }

// In is "x IN (v1, v2, ...)"; pass a slice with In(values...). An empty list
// is false for every row (and NotIn of one is true), as in SQLAlchemy.
func (o ops[T]) In(vs ...T) Expression[bool] { return o.in(vs, false) }

// NotIn is "x NOT IN (v1, v2, ...)".
func (o ops[T]) NotIn(vs ...T) Expression[bool] { return o.in(vs, true) }

func (o ops[T]) in(vs []T, not bool) Expression[bool] {
	list := make([]Node, len(vs))
	t := TypeOf(o.n)
	for i, v := range vs {
		if e, ok := any(v).(Expr); ok {
			list[i] = e.exprNode()
		} else if IsNullValue(v) {
			list[i] = &Null{}
		} else {
			list[i] = &BindParam{Value: v, Type: t}
		}
	}
	return typed[bool](&InExpr{X: o.n, List: list, Not: not})
}

// IsNull is "x IS NULL".
func (o ops[T]) IsNull() Expression[bool] { return typed[bool](&NullCheck{X: o.n}) }

// IsNotNull is "x IS NOT NULL".
func (o ops[T]) IsNotNull() Expression[bool] { return typed[bool](&NullCheck{X: o.n, Not: true}) }

// Like is "x LIKE pattern"; % and _ in pattern are wildcards.
func (o ops[T]) Like(pattern string) Expression[bool] {
	return typed[bool](&BinaryExpr{Left: o.n, Op: OpLike, Right: &BindParam{Value: pattern, Type: sqltype.Text{}}})
}

// NotLike is "x NOT LIKE pattern".
func (o ops[T]) NotLike(pattern string) Expression[bool] {
	return typed[bool](&BinaryExpr{Left: o.n, Op: OpNotLike, Right: &BindParam{Value: pattern, Type: sqltype.Text{}}})
}

// Asc orders by x ascending.
func (o ops[T]) Asc() *OrderBy { return &OrderBy{X: o.n} }

// Desc orders by x descending.
func (o ops[T]) Desc() *OrderBy { return &OrderBy{X: o.n, Desc: true} }

// Label names the expression in a SELECT list ("x AS name"); rows and
// struct scanning see it under that name.
func (o ops[T]) Label(name string) Expression[T] { return typed[T](&Label{X: o.n, Name: name}) }
