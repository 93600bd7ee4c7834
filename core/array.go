package core

import "github.com/retort-go/retort/sqltype"

// AnyAllExpr is "X op ANY (Array)" or "X op ALL (Array)" (PostgreSQL).
type AnyAllExpr struct {
	X     Node
	Op    BinaryOp
	Array Node
	All   bool
}

func (n *AnyAllExpr) exprNode() Node   { return n }
func (n *AnyAllExpr) selectNode() Node { return n }
func (n *AnyAllExpr) orderNode() Node  { return n }

// Array is a bound array value typed []T (PostgreSQL arrays).
func Array[T any](vs ...T) Expression[[]T] {
	return typed[[]T](&BindParam{Value: vs, Type: sqltype.Array{Elem: sqlTypeOf[T]()}})
}

// EqAny is "x = ANY (arr)": x equals some element (PostgreSQL).
func (o ops[T]) EqAny(arr TypedExpr[[]T]) Expression[bool] {
	return typed[bool](&AnyAllExpr{X: o.n, Op: OpEq, Array: exprOrInvalid(arr, "array")})
}

// NeAll is "x != ALL (arr)": x equals no element (PostgreSQL).
func (o ops[T]) NeAll(arr TypedExpr[[]T]) Expression[bool] {
	return typed[bool](&AnyAllExpr{X: o.n, Op: OpNe, Array: exprOrInvalid(arr, "array"), All: true})
}

// ArrayContains is "a @> b": a has every element of b (PostgreSQL).
func ArrayContains[T any](a, b TypedExpr[[]T]) Condition { return arrayOp(OpContains, a, b) }

// ArrayContainedBy is "a <@ b": every element of a is in b (PostgreSQL).
func ArrayContainedBy[T any](a, b TypedExpr[[]T]) Condition { return arrayOp(OpContainedBy, a, b) }

// ArrayOverlap is "a && b": a and b share an element (PostgreSQL).
func ArrayOverlap[T any](a, b TypedExpr[[]T]) Condition { return arrayOp(OpOverlap, a, b) }

func arrayOp[T any](op BinaryOp, a, b TypedExpr[[]T]) Condition {
	return typed[bool](&BinaryExpr{Left: exprOrInvalid(a, "array"), Op: op, Right: exprOrInvalid(b, "array")})
}
