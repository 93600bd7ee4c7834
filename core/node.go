package core

// Node is a concrete node of a statement tree: the values compilers switch
// on. Every node type is defined in this package (the set is sealed by the
// unexported method); the typed wrappers users handle, such as Column[T] and
// Expression[T], are not nodes themselves but give one through Expr.
//
// Node fields are exported for compilers and tools to read. They must not
// be modified: trees are shared between statements and goroutines.
type Node interface {
	// walk declares the node's structure once: it feeds the cache key and
	// collects bound values in a canonical order (see KeyBuilder).
	walk(w *keyWriter)
}

// Expr is a SQL expression: a column, a bound value, an operator or a
// function call. Any typed expression (Column[T], Expression[T]) is an Expr.
type Expr interface {
	exprNode() Node
}

// TypedExpr is an expression whose values have Go type T. Comparisons and
// assignments are checked by the Go compiler through it: a Column[int64]
// compares with an int64 or another TypedExpr[int64].
type TypedExpr[T any] interface {
	Expr
	valueOf(T)
}

// Statement is a complete SQL statement that an Engine can execute:
// SELECT, INSERT, UPDATE, DELETE, Text and DDL.
type Statement interface {
	Node
	statement()
}

// SelectItem is something a SELECT list can hold: an expression, or a table
// (all of its columns).
type SelectItem interface {
	selectNode() Node
}

// FromNode is a node usable in a FROM clause: *Table (a table or alias) or *Join.
type FromNode interface {
	Node
	isFrom()
}

// FromItem is something a FROM clause can hold: a table (typed or dynamic),
// an alias or a join.
type FromItem interface {
	fromNode() FromNode
}

// OrderItem is something ORDER BY can hold: an expression (ascending) or an
// *OrderBy made with Asc or Desc.
type OrderItem interface {
	orderNode() Node
}

// Nodes reports the node underlying an expression, select item, FROM item
// or order item; it lets tools and compilers reach the tree.
func NodeOf(x any) Node {
	switch v := x.(type) {
	case Node:
		return v
	case Expr:
		return v.exprNode()
	case FromItem:
		return v.fromNode()
	case SelectItem:
		return v.selectNode()
	case OrderItem:
		return v.orderNode()
	}
	return nil
}
