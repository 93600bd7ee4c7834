package core

import (
	"fmt"
	"reflect"
	"strconv"

	"github.com/retort-go/retort/sqltype"
)

// Selectable is a statement that returns rows and can be used as a
// subquery: a SELECT, a set operation (UNION, ...), or Text with declared
// columns.
type Selectable interface {
	Statement
	// OutputColumns returns the columns the statement returns.
	OutputColumns() ([]SelectColumn, error)
}

func selectableNode(q Selectable) Node {
	if q == nil {
		return invalid("nil subquery")
	}
	return q
}

// SelectColumn is one column a SELECT returns: its name (a label where the
// name would repeat or there is none, SQLAlchemy's disambiguation: id,
// id_1; anon_1; count), the expression and its type.
type SelectColumn struct {
	Name string
	Node Node // the column's expression (*ColumnRef for a table's column)
	// Label says the SQL must say "AS Name" for the database to report
	// this name.
	Label bool
	Type  sqltype.Type
	// GoType is the Go type of a table column's values, or nil.
	GoType reflect.Type
}

// SelectColumns names the columns of a SELECT list: table items expand to
// their columns, labels keep their names, function calls are named after
// the function, other expressions anon_1, anon_2, ...; a name already
// taken gets a suffix (_1, _2, ...). Compilers write exactly these names.
func SelectColumns(items []Node) []SelectColumn {
	n := len(items)
	for _, it := range items {
		if t, ok := it.(*Table); ok {
			n += len(t.colRefs) - 1
		}
	}
	out := make([]SelectColumn, 0, n)
	anon := 0
	add := func(name string, n Node, label bool, gt reflect.Type) {
		if len(out) > 0 && taken(out, name) {
			for k := 1; ; k++ {
				if c := name + "_" + strconv.Itoa(k); !taken(out, c) {
					name = c
					break
				}
			}
			label = true
		}
		out = append(out, SelectColumn{Name: name, Node: n, Label: label, Type: TypeOf(n), GoType: gt})
	}
	for _, it := range items {
		switch n := it.(type) {
		case *Table:
			if len(out) == 0 {
				// A table's names are distinct: nothing to rename.
				for _, ref := range n.ColumnRefs() {
					out = append(out, SelectColumn{Name: ref.Def.name, Node: ref, Type: ref.Def.typ, GoType: ref.Def.goType})
				}
				continue
			}
			for _, ref := range n.ColumnRefs() {
				add(ref.Def.name, ref, false, ref.Def.goType)
			}
		case *ColumnRef:
			add(n.Def.name, n, false, n.Def.goType)
		case *Label:
			var gt reflect.Type
			if r, ok := n.X.(*ColumnRef); ok {
				gt = r.Def.goType
			}
			add(n.Name, n, true, gt)
		case *FuncCall:
			add(n.Name, n, true, nil)
		default:
			anon++
			add("anon_"+strconv.Itoa(anon), n, true, nil)
		}
	}
	return out
}

func taken(cols []SelectColumn, name string) bool {
	for _, c := range cols {
		if c.Name == name {
			return true
		}
	}
	return false
}

// derivedKind says what a derived table is.
type derivedKind uint8

const (
	derivedSubquery derivedKind = iota + 1
	derivedCTE
)

// derived is the source of a table made from a statement.
type derived struct {
	kind      derivedKind
	stmt      Node // a Selectable
	lateral   bool
	recursive bool
	err       error
}

// newDerived makes a table named name whose columns are q's output
// columns; the compiler renders it as a subquery or a CTE.
func newDerived(q Selectable, name string, d derived) *Table {
	t := &Table{id: newID(), name: name, derived: &d}
	if q == nil {
		d.err = &StatementError{Stmt: "subquery", Msg: "nil statement"}
		return t
	}
	if !isIdentLike(name) && name != "" {
		// Names are quoted when compiled; this only keeps them sensible.
		d.err = &StatementError{Stmt: "subquery", Msg: fmt.Sprintf("%q is not a usable name", name)}
	}
	cols, err := q.OutputColumns()
	if err != nil {
		d.err = err
	}
	t.setColumns(cols)
	return t
}

// setColumns gives a derived table one column per output column.
func (t *Table) setColumns(cols []SelectColumn) {
	t.colByName = make(map[string]*ColumnDef, len(cols))
	for i, c := range cols {
		gt := c.GoType
		if gt == nil {
			gt = anyType
		}
		typ := c.Type
		if typ == nil {
			typ = sqltype.Text{}
		}
		def := &ColumnDef{id: newID(), table: t, name: c.Name, pos: i, typ: typ, goType: gt, nullable: true}
		def.ref = &ColumnRef{Def: def, From: t}
		t.cols = append(t.cols, def)
		t.colRefs = append(t.colRefs, def.ref)
		t.colByName[c.Name] = def
	}
}

// Subquery makes q a derived table named name, to select from or join:
// "(SELECT ...) AS name". Its columns are q's output columns, read with C
// or ColumnOf.
//
//	sub := core.Subquery(core.Select(Orders.UserID, core.Count().Label("n")).GroupBy(Orders.UserID), "per_user")
//	q := core.Select(Users.Name, sub.C("n")).From(Users.Join(sub, Users.ID.EqExpr(core.ColumnOf[int64](sub, "user_id"))))
func Subquery(q Selectable, name string) *Table {
	return newDerived(q, name, derived{kind: derivedSubquery, stmt: q})
}

// Lateral is Subquery for a LATERAL subquery, which may refer to the FROM
// items before it (PostgreSQL, MySQL 8.0.14+; not MariaDB or SQLite).
// Join it with core.True() as the condition when it needs none.
func Lateral(q Selectable, name string) *Table {
	return newDerived(q, name, derived{kind: derivedSubquery, stmt: q, lateral: true})
}

// CTE makes q a common table expression named name: statements that use
// it get "WITH name AS (...)" in front, once, however often and deep they
// refer to it.
func CTE(q Selectable, name string) *Table {
	return newDerived(q, name, derived{kind: derivedCTE, stmt: q})
}

// RecursiveCTE makes "WITH RECURSIVE name(cols) AS (anchor UNION ALL step)".
// step receives the CTE itself, to refer to the rows found so far:
//
//	tree := core.RecursiveCTE("tree", core.Select(Nodes.ID, Nodes.ParentID).Where(Nodes.ParentID.IsNull()),
//		func(tree *core.Table) core.Selectable {
//			return core.Select(Nodes.ID, Nodes.ParentID).From(Nodes.Join(tree, Nodes.ParentID.EqExpr(...)))
//		})
func RecursiveCTE(name string, anchor Selectable, step func(self *Table) Selectable) *Table {
	t := newDerived(anchor, name, derived{kind: derivedCTE, recursive: true})
	if anchor == nil || step == nil {
		t.derived.err = &StatementError{Stmt: "cte", Msg: "RecursiveCTE needs an anchor and a step"}
		return t
	}
	next := step(t)
	if next == nil {
		t.derived.err = &StatementError{Stmt: "cte", Msg: "the recursive step returned nil"}
		return t
	}
	t.derived.stmt = UnionAll(anchor, next)
	return t
}

// ColumnOf returns the column named name of t as a Column[T], typed for
// comparisons; mostly for the columns of subqueries and CTEs. A missing
// column gives a Column whose use is a statement error.
func ColumnOf[T any](t *Table, name string) Column[T] {
	if t == nil {
		return Column[T]{ops[T]{n: invalid("ColumnOf a nil table")}}
	}
	if r := t.Lookup(name); r != nil {
		return Column[T]{ops[T]{n: r}}
	}
	return Column[T]{ops[T]{n: invalid(fmt.Sprintf("%s has no column %q", t.name, name))}}
}

// Source returns the statement a subquery or CTE is made from, or nil for
// a table.
func (t *Table) Source() Node {
	if t.derived == nil {
		return nil
	}
	return t.derived.stmt
}

// IsCTE reports whether t is a common table expression.
func (t *Table) IsCTE() bool { return t.derived != nil && t.derived.kind == derivedCTE }

// IsSubquery reports whether t is a subquery in FROM.
func (t *Table) IsSubquery() bool { return t.derived != nil && t.derived.kind == derivedSubquery }

// IsLateral reports whether t is a LATERAL subquery.
func (t *Table) IsLateral() bool { return t.derived != nil && t.derived.lateral }

// IsRecursive reports whether t is a recursive CTE.
func (t *Table) IsRecursive() bool { return t.derived != nil && t.derived.recursive }

// DerivedErr returns the error found building a subquery or CTE.
func (t *Table) DerivedErr() error {
	if t.derived == nil {
		return nil
	}
	return t.derived.err
}

// ScalarSubqueryExpr is a subquery used as a value: "(SELECT ...)".
type ScalarSubqueryExpr struct {
	Select Node
}

// ExistsExpr is "[NOT] EXISTS (SELECT ...)".
type ExistsExpr struct {
	Select Node
	Not    bool
}

func (n *ScalarSubqueryExpr) exprNode() Node   { return n }
func (n *ScalarSubqueryExpr) selectNode() Node { return n }
func (n *ScalarSubqueryExpr) orderNode() Node  { return n }
func (n *ExistsExpr) exprNode() Node           { return n }
func (n *ExistsExpr) selectNode() Node         { return n }
func (n *ExistsExpr) orderNode() Node          { return n }

// ScalarSubquery uses q, which returns one column and at most one row, as a
// value typed T. Tables of the enclosing statement it refers to are not
// repeated in its FROM: it is correlated, as in SQLAlchemy.
//
//	core.Select(Users.Name, core.ScalarSubquery[int64](
//		core.Select(core.Count()).From(Addresses).Where(Addresses.UserID.EqExpr(Users.ID))).Label("n"))
func ScalarSubquery[T any](q Selectable) Expression[T] {
	return typed[T](&ScalarSubqueryExpr{Select: selectableNode(q)})
}

// Exists is "EXISTS (SELECT ...)", correlated like ScalarSubquery.
func Exists(q Selectable) Condition { return typed[bool](&ExistsExpr{Select: selectableNode(q)}) }

// NotExists is "NOT EXISTS (SELECT ...)".
func NotExists(q Selectable) Condition {
	return typed[bool](&ExistsExpr{Select: selectableNode(q), Not: true})
}

// InSelect is "x IN (SELECT ...)"; q returns one column.
func (o ops[T]) InSelect(q Selectable) Expression[bool] {
	return typed[bool](&InExpr{X: o.n, Sub: selectableNode(q)})
}

// NotInSelect is "x NOT IN (SELECT ...)".
func (o ops[T]) NotInSelect(q Selectable) Expression[bool] {
	return typed[bool](&InExpr{X: o.n, Sub: selectableNode(q), Not: true})
}
