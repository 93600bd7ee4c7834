package core

import "github.com/retort-go/retort/sqltype"

// The DDL statements. They are plain values: build them with a composite
// literal (core.CreateTable{Table: t}) or let MetaData.CreateAll and DropAll
// issue them. DDL is compiled per dialect but never cached.

// CreateTable is CREATE TABLE for a table: columns, primary key, unique and
// check constraints and foreign keys (indexes are separate CreateIndex
// statements).
type CreateTable struct {
	Table       *Table
	IfNotExists bool
	// SkipForeignKeys lists foreign keys to leave out, to be added later
	// with AddForeignKey (how CreateAll breaks cycles).
	SkipForeignKeys []*ForeignKeyConstraint
}

// DropTable is DROP TABLE.
type DropTable struct {
	Table    *Table
	IfExists bool
}

// CreateIndex is CREATE [UNIQUE] INDEX.
type CreateIndex struct {
	Index       *TableIndex
	IfNotExists bool
}

// DropIndex is DROP INDEX.
type DropIndex struct {
	Index    *TableIndex
	IfExists bool
}

// AddForeignKey is ALTER TABLE ... ADD CONSTRAINT name FOREIGN KEY ....
// Name overrides the constraint's own name (CreateAll names unnamed keys it
// adds this way, so DropAll can drop them).
type AddForeignKey struct {
	ForeignKey *ForeignKeyConstraint
	Name       string
}

// DropForeignKey is ALTER TABLE ... DROP CONSTRAINT (DROP FOREIGN KEY on MySQL).
type DropForeignKey struct {
	ForeignKey *ForeignKeyConstraint
	Name       string
}

// CreateEnumType is PostgreSQL's CREATE TYPE name AS ENUM (...); other
// dialects have no named enum types and reject it.
type CreateEnumType struct {
	Enum sqltype.Enum
}

// DropEnumType is PostgreSQL's DROP TYPE.
type DropEnumType struct {
	Enum     sqltype.Enum
	IfExists bool
}

func (*CreateTable) statement()    {}
func (*DropTable) statement()      {}
func (*CreateIndex) statement()    {}
func (*DropIndex) statement()      {}
func (*AddForeignKey) statement()  {}
func (*DropForeignKey) statement() {}
func (*CreateEnumType) statement() {}
func (*DropEnumType) statement()   {}

// DDL is never cached: the walk only marks the statement as uncacheable.
func (*CreateTable) walk(w *keyWriter)    { w.noCache() }
func (*DropTable) walk(w *keyWriter)      { w.noCache() }
func (*CreateIndex) walk(w *keyWriter)    { w.noCache() }
func (*DropIndex) walk(w *keyWriter)      { w.noCache() }
func (*AddForeignKey) walk(w *keyWriter)  { w.noCache() }
func (*DropForeignKey) walk(w *keyWriter) { w.noCache() }
func (*CreateEnumType) walk(w *keyWriter) { w.noCache() }
func (*DropEnumType) walk(w *keyWriter)   { w.noCache() }

// DefaultForeignKeyName is the name CreateAll gives an unnamed foreign key
// it must add with ALTER TABLE: fk_<table>_<columns>_<target>. Dialects
// shorten names longer than their identifier limit.
func DefaultForeignKeyName(fk *ForeignKeyConstraint) string {
	if fk.name != "" {
		return fk.name
	}
	name := "fk_" + fk.table.name
	for _, c := range fk.cols {
		name += "_" + c.name
	}
	return name + "_" + fk.refTable
}
