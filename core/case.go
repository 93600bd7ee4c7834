package core

// CaseBuilder builds a searched CASE expression typed T. It is an
// expression itself (the cases so far, no ELSE: NULL when nothing
// matches), and a value: each method returns a new builder.
//
//	core.Case[string]().
//		When(Users.Visits.Gt(100), "regular").
//		When(Users.Visits.Gt(0), "visitor").
//		Else("new")
type CaseBuilder[T any] struct {
	ops[T]
	c *CaseExpr
}

// Case starts a searched CASE: WHEN condition THEN result ...
func Case[T any]() CaseBuilder[T] {
	c := &CaseExpr{Type: sqlTypeOf[T]()}
	return CaseBuilder[T]{ops[T]{n: c}, c}
}

// CaseOf starts a simple CASE on subject: CASE subject WHEN value THEN ...
// Values are compared with subject (typed V); results are typed T.
func CaseOf[T, V any](subject TypedExpr[V]) SimpleCaseBuilder[T, V] {
	c := &CaseExpr{Subject: exprOrInvalid(subject, "CASE subject"), Type: sqlTypeOf[T]()}
	return SimpleCaseBuilder[T, V]{CaseBuilder[T]{ops[T]{n: c}, c}}
}

func (b CaseBuilder[T]) with(when, then Node) CaseBuilder[T] {
	c := *b.c
	c.Whens = append(grow(b.c.Whens, 1), CaseWhen{When: when, Then: then})
	return CaseBuilder[T]{ops[T]{n: &c}, &c}
}

func (b CaseBuilder[T]) result(v T) Node {
	if IsNullValue(v) {
		return &Null{}
	}
	return &BindParam{Value: v, Type: b.c.Type}
}

// When adds WHEN cond THEN v.
func (b CaseBuilder[T]) When(cond TypedExpr[bool], v T) CaseBuilder[T] {
	return b.with(exprOrInvalid(cond, "WHEN condition"), b.result(v))
}

// WhenExpr adds WHEN cond THEN e.
func (b CaseBuilder[T]) WhenExpr(cond TypedExpr[bool], e TypedExpr[T]) CaseBuilder[T] {
	return b.with(exprOrInvalid(cond, "WHEN condition"), exprOrInvalid(e, "THEN result"))
}

// Else finishes the CASE with ELSE v.
func (b CaseBuilder[T]) Else(v T) Expression[T] {
	c := *b.c
	c.Else = b.result(v)
	return typed[T](&c)
}

// ElseExpr finishes the CASE with ELSE e.
func (b CaseBuilder[T]) ElseExpr(e TypedExpr[T]) Expression[T] {
	c := *b.c
	c.Else = exprOrInvalid(e, "ELSE result")
	return typed[T](&c)
}

// SimpleCaseBuilder builds a simple CASE; see CaseOf.
type SimpleCaseBuilder[T, V any] struct {
	CaseBuilder[T]
}

// When adds WHEN value THEN v.
func (b SimpleCaseBuilder[T, V]) When(value V, v T) SimpleCaseBuilder[T, V] {
	return SimpleCaseBuilder[T, V]{b.with(bindFor(b.c.Subject, value), b.result(v))}
}

// WhenExpr adds WHEN value THEN e.
func (b SimpleCaseBuilder[T, V]) WhenExpr(value V, e TypedExpr[T]) SimpleCaseBuilder[T, V] {
	return SimpleCaseBuilder[T, V]{b.with(bindFor(b.c.Subject, value), exprOrInvalid(e, "THEN result"))}
}
