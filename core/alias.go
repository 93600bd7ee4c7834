package core

import (
	"fmt"
	"reflect"
)

// Alias returns t under another name in FROM clauses ("user_account AS u"),
// for self-joins and for reading one table twice in a statement. t is a
// typed table (the result has the same Column fields, reading from the
// alias) or a *Table:
//
//	manager := core.Alias(Employees, "manager")
//	q := core.Select(Employees.Name, manager.Name.Label("manager")).
//		From(Employees.Join(manager, Employees.ManagerID.EqExpr(manager.ID)))
//
// An alias is read-only: INSERT, UPDATE and DELETE need the table itself.
// It panics with a *DefinitionError if t is not a table.
func Alias[T any](t *T, name string) *T {
	if t == nil {
		panic(&DefinitionError{Msg: "Alias of a nil table"})
	}
	if tb, ok := any(t).(*Table); ok {
		a := new(Table)
		aliasInto(a, tb, name)
		return any(a).(*T)
	}
	rt := reflect.TypeFor[T]()
	if rt.Kind() != reflect.Struct {
		panic(&DefinitionError{Msg: fmt.Sprintf("Alias: %s is not a table struct", rt)})
	}
	src := reflect.ValueOf(t).Elem()
	p := new(T)
	dst := reflect.ValueOf(p).Elem()
	var alias *Table
	for i := 0; i < rt.NumField(); i++ {
		if f := rt.Field(i); f.Anonymous && f.Type == tableType {
			alias = dst.Field(i).Addr().Interface().(*Table)
			aliasInto(alias, src.Field(i).Addr().Interface().(*Table), name)
			break
		}
	}
	if alias == nil {
		panic(&DefinitionError{Msg: fmt.Sprintf("Alias: %s does not embed core.Table", rt)})
	}
	for i := 0; i < rt.NumField(); i++ {
		f := rt.Field(i)
		if f.Anonymous || !f.IsExported() {
			continue
		}
		from, ok := src.Field(i).Addr().Interface().(columnField)
		if !ok {
			continue
		}
		to := dst.Field(i).Addr().Interface().(columnField)
		if r := from.columnRef(); r != nil {
			to.initColumn(alias.colRefs[r.Def.pos])
		}
	}
	return p
}

// aliasInto makes dst an alias of base (or of what base aliases) named name.
func aliasInto(dst, base *Table, name string) {
	base = base.Base()
	if base.cols == nil {
		panic(&DefinitionError{Msg: "Alias of a table that was never defined"})
	}
	*dst = Table{id: newID(), md: base.md, name: name, aliasOf: base}
	dst.colRefs = make([]*ColumnRef, len(base.cols))
	for i, c := range base.cols {
		dst.colRefs[i] = &ColumnRef{Def: c, From: dst}
	}
}
