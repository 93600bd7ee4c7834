package core

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// FKAction is a foreign key's ON DELETE / ON UPDATE action.
type FKAction uint8

// The referential actions. NoAction (the zero value) renders nothing.
const (
	NoAction FKAction = iota
	Cascade
	Restrict
	SetNull
	SetDefault
)

// SQL returns the action's SQL words, or "" for NoAction.
func (a FKAction) SQL() string {
	switch a {
	case Cascade:
		return "CASCADE"
	case Restrict:
		return "RESTRICT"
	case SetNull:
		return "SET NULL"
	case SetDefault:
		return "SET DEFAULT"
	}
	return ""
}

func parseFKAction(s string) (FKAction, error) {
	switch strings.ReplaceAll(strings.ToLower(s), " ", "") {
	case "cascade":
		return Cascade, nil
	case "restrict":
		return Restrict, nil
	case "setnull":
		return SetNull, nil
	case "setdefault":
		return SetDefault, nil
	case "noaction", "":
		return NoAction, nil
	}
	return NoAction, fmt.Errorf("unknown foreign key action %q", s)
}

// PrimaryKeyConstraint is a table's primary key.
type PrimaryKeyConstraint struct {
	name string
	cols []*ColumnDef
}

// Name returns the constraint name, or "" to let the database choose.
func (c *PrimaryKeyConstraint) Name() string { return c.name }

// Columns returns the key's columns in order.
func (c *PrimaryKeyConstraint) Columns() []*ColumnDef { return c.cols }

// ForeignKeyConstraint is a (possibly composite) foreign key. Its target is
// given by name and resolved within the MetaData the first time it is needed,
// so tables may be declared in any order.
type ForeignKeyConstraint struct {
	name     string
	table    *Table
	cols     []*ColumnDef
	refTable string // "name" or "schema.name"
	refCols  []string
	onDelete FKAction
	onUpdate FKAction

	once     sync.Once
	resolved *Table
	refDefs  []*ColumnDef
	err      error
}

// Name returns the constraint name, or "" to let the database choose.
func (c *ForeignKeyConstraint) Name() string { return c.name }

// Table returns the table holding the foreign key.
func (c *ForeignKeyConstraint) Table() *Table { return c.table }

// Columns returns the referencing columns.
func (c *ForeignKeyConstraint) Columns() []*ColumnDef { return c.cols }

// OnDelete returns the ON DELETE action.
func (c *ForeignKeyConstraint) OnDelete() FKAction { return c.onDelete }

// OnUpdate returns the ON UPDATE action.
func (c *ForeignKeyConstraint) OnUpdate() FKAction { return c.onUpdate }

// Target returns the referenced table and columns, resolving them on first
// use. An unknown table or column gives a *DefinitionError.
func (c *ForeignKeyConstraint) Target() (*Table, []*ColumnDef, error) {
	c.once.Do(func() {
		t := c.table.md.Table(c.refTable)
		if t == nil {
			c.err = &DefinitionError{Table: c.table.name, Column: c.cols[0].name,
				Msg: fmt.Sprintf("foreign key references unknown table %q", c.refTable)}
			return
		}
		refs := make([]*ColumnDef, len(c.refCols))
		for i, name := range c.refCols {
			rc := t.colByName[name]
			if rc == nil {
				c.err = &DefinitionError{Table: c.table.name, Column: c.cols[i].name,
					Msg: fmt.Sprintf("foreign key references unknown column %s.%s", t.name, name)}
				return
			}
			refs[i] = rc
		}
		if len(refs) == 0 {
			// A foreign key to a table without naming columns targets its primary key.
			if t.pk == nil || len(t.pk.cols) != len(c.cols) {
				c.err = &DefinitionError{Table: c.table.name, Column: c.cols[0].name,
					Msg: fmt.Sprintf("foreign key to %s names no columns and the primary key does not match", t.name)}
				return
			}
			refs = t.pk.cols
		}
		c.resolved, c.refDefs = t, refs
	})
	return c.resolved, c.refDefs, c.err
}

// UniqueConstraint is a table-level UNIQUE constraint.
type UniqueConstraint struct {
	name string
	cols []*ColumnDef
}

// Name returns the constraint name, or "" to let the database choose.
func (c *UniqueConstraint) Name() string { return c.name }

// Columns returns the constrained columns.
func (c *UniqueConstraint) Columns() []*ColumnDef { return c.cols }

// CheckConstraint is a CHECK constraint; its SQL text is written by the
// developer and rendered verbatim, as SQLAlchemy does.
type CheckConstraint struct {
	name string
	sql  string
}

// Name returns the constraint name, or "".
func (c *CheckConstraint) Name() string { return c.name }

// SQL returns the check expression text.
func (c *CheckConstraint) SQL() string { return c.sql }

// TableIndex is an index on a table.
type TableIndex struct {
	name   string
	table  *Table
	cols   []*ColumnDef
	exprs  []Node
	unique bool
}

// Name returns the index name.
func (i *TableIndex) Name() string { return i.name }

// Table returns the indexed table.
func (i *TableIndex) Table() *Table { return i.table }

// Columns returns the indexed columns in order; for an expression index,
// the columns its expressions read.
func (i *TableIndex) Columns() []*ColumnDef { return i.cols }

// Expressions returns the indexed expressions of an expression index
// (IndexOn), or nil for an index of columns.
func (i *TableIndex) Expressions() []Node { return i.exprs }

// Unique reports whether the index is unique.
func (i *TableIndex) Unique() bool { return i.unique }

// TableArg is a table-level definition given to NewTable, DefineTable or
// NewDynamicTable: a ColumnSpec, a constraint, an index or a column default.
type TableArg interface {
	apply(b *tableBuilder) error
}

// PrimaryKeyArg declares a (composite) primary key; see PrimaryKey.
type PrimaryKeyArg struct {
	name string
	cols []string
}

// PrimaryKey declares the table's primary key over the named columns, an
// alternative to marking each column.
func PrimaryKey(cols ...string) PrimaryKeyArg { return PrimaryKeyArg{cols: cols} }

// Named returns the constraint with a name.
func (a PrimaryKeyArg) Named(name string) PrimaryKeyArg { a.name = name; return a }

func (a PrimaryKeyArg) apply(b *tableBuilder) error {
	cols, err := b.columns("primary key", a.cols)
	if err != nil {
		return err
	}
	if len(cols) == 0 {
		return b.errorf("", "primary key names no columns")
	}
	for _, c := range cols {
		c.pk = true
		c.nullable = false
	}
	b.pkName = a.name
	return nil
}

// ForeignKeyArg declares a foreign key; see ForeignKey.
type ForeignKeyArg struct {
	name     string
	cols     []string
	refTable string
	refCols  []string
	onDelete FKAction
	onUpdate FKAction
}

// ForeignKey declares a (composite) foreign key over the named columns;
// complete it with References:
//
//	core.ForeignKey("order_id", "line").References("order_line", "order_id", "line").OnDelete(core.Cascade)
func ForeignKey(cols ...string) ForeignKeyArg { return ForeignKeyArg{cols: cols} }

// References names the target table ("name" or "schema.name") and columns;
// with no columns the target's primary key is used.
func (a ForeignKeyArg) References(table string, cols ...string) ForeignKeyArg {
	a.refTable, a.refCols = table, cols
	return a
}

// Named returns the constraint with a name.
func (a ForeignKeyArg) Named(name string) ForeignKeyArg { a.name = name; return a }

// OnDelete sets the ON DELETE action.
func (a ForeignKeyArg) OnDelete(act FKAction) ForeignKeyArg { a.onDelete = act; return a }

// OnUpdate sets the ON UPDATE action.
func (a ForeignKeyArg) OnUpdate(act FKAction) ForeignKeyArg { a.onUpdate = act; return a }

func (a ForeignKeyArg) apply(b *tableBuilder) error {
	cols, err := b.columns("foreign key", a.cols)
	if err != nil {
		return err
	}
	if len(cols) == 0 || a.refTable == "" {
		return b.errorf("", "foreign key needs columns and References(table, columns...)")
	}
	if len(a.refCols) != 0 && len(a.refCols) != len(cols) {
		return b.errorf(cols[0].name, fmt.Sprintf("foreign key has %d columns but references %d", len(cols), len(a.refCols)))
	}
	b.t.fks = append(b.t.fks, &ForeignKeyConstraint{
		name: a.name, table: b.t, cols: cols, refTable: a.refTable,
		refCols: a.refCols, onDelete: a.onDelete, onUpdate: a.onUpdate,
	})
	return nil
}

// UniqueArg declares a UNIQUE constraint; see Unique.
type UniqueArg struct {
	name string
	cols []string
}

// Unique declares a table-level UNIQUE constraint over the named columns.
func Unique(cols ...string) UniqueArg { return UniqueArg{cols: cols} }

// Named returns the constraint with a name.
func (a UniqueArg) Named(name string) UniqueArg { a.name = name; return a }

func (a UniqueArg) apply(b *tableBuilder) error {
	cols, err := b.columns("unique constraint", a.cols)
	if err != nil {
		return err
	}
	if len(cols) == 0 {
		return b.errorf("", "unique constraint names no columns")
	}
	b.t.uniques = append(b.t.uniques, &UniqueConstraint{name: a.name, cols: cols})
	return nil
}

// CheckArg declares a CHECK constraint; see Check.
type CheckArg struct {
	name string
	sql  string
}

// Check declares a CHECK constraint whose SQL text is rendered verbatim. The
// text is part of the program, never user input.
func Check(sql string) CheckArg { return CheckArg{sql: sql} }

// Named returns the constraint with a name.
func (a CheckArg) Named(name string) CheckArg { a.name = name; return a }

func (a CheckArg) apply(b *tableBuilder) error {
	if strings.TrimSpace(a.sql) == "" {
		return b.errorf("", "check constraint has no SQL")
	}
	b.t.checks = append(b.t.checks, &CheckConstraint{name: a.name, sql: a.sql})
	return nil
}

// IndexArg declares an index; see Index.
type IndexArg struct {
	name   string
	cols   []string
	exprs  []Expr
	unique bool
}

// Index declares an index with the given name over the named columns.
func Index(name string, cols ...string) IndexArg { return IndexArg{name: name, cols: cols} }

// IndexOn declares an expression index: over expressions of the table's
// columns, such as a JSON member, given in TableArgs:
//
//	func (t *DocTable) TableArgs() []core.TableArg {
//		return []core.TableArg{core.IndexOn("ix_doc_kind", core.JSONGetText(t.Body, "kind"))}
//	}
//
// Values in the expressions are written into the DDL as literals. PostgreSQL
// and SQLite have expression indexes; on MySQL and MariaDB creating one is
// a compile error (index a generated column there).
func IndexOn(name string, exprs ...Expr) IndexArg { return IndexArg{name: name, exprs: exprs} }

// Unique returns the index as a unique index.
func (a IndexArg) Unique() IndexArg { a.unique = true; return a }

func (a IndexArg) apply(b *tableBuilder) error {
	if len(a.exprs) > 0 {
		return a.applyExprs(b)
	}
	cols, err := b.columns("index", a.cols)
	if err != nil {
		return err
	}
	if len(cols) == 0 || a.name == "" {
		return b.errorf("", "index needs a name and columns")
	}
	b.t.indexes = append(b.t.indexes, &TableIndex{name: a.name, table: b.t, cols: cols, unique: a.unique})
	return nil
}

func (a IndexArg) applyExprs(b *tableBuilder) error {
	if a.name == "" || len(a.cols) > 0 {
		return b.errorf("", "an expression index needs a name and only expressions")
	}
	ix := &TableIndex{name: a.name, table: b.t, unique: a.unique}
	for _, e := range a.exprs {
		if e == nil {
			return b.errorf("", "nil expression in index "+a.name)
		}
		n := e.exprNode()
		w := keyWriter{collectCols: true}
		n.walk(&w)
		if w.err != nil {
			return &DefinitionError{Table: b.t.name, Msg: "index " + a.name, Err: w.err}
		}
		for _, r := range w.cols {
			if r.Def.table != b.t {
				return b.errorf(r.Def.name, "index "+a.name+" reads a column of another table")
			}
			if !slices.Contains(ix.cols, r.Def) {
				ix.cols = append(ix.cols, r.Def)
			}
		}
		ix.exprs = append(ix.exprs, n)
	}
	if len(ix.cols) == 0 {
		return b.errorf("", "index "+a.name+" reads no column")
	}
	b.t.indexes = append(b.t.indexes, ix)
	return nil
}

// DefaultArg sets a column's client-side default; see Default.
type DefaultArg struct {
	col    *ColumnRef
	insert func() any
	update func() any
	server Node
}

// Default gives col a client-side default: fn is called for each INSERT
// that sets no value for the column (SQLAlchemy's Column(default=fn)).
func Default[T any](col Column[T], fn func() T) DefaultArg {
	return DefaultArg{col: col.columnRef(), insert: func() any { return fn() }}
}

// OnUpdate gives col a client-side value for UPDATE: fn is called for each
// UPDATE that sets no value for the column (SQLAlchemy's onupdate=).
func OnUpdate[T any](col Column[T], fn func() T) DefaultArg {
	return DefaultArg{col: col.columnRef(), update: func() any { return fn() }}
}

// ServerDefault gives col a DEFAULT clause in its DDL: a Literal for a
// constant, Now for the current time, or another expression.
func ServerDefault[T any](col Column[T], e TypedExpr[T]) DefaultArg {
	return DefaultArg{col: col.columnRef(), server: e.exprNode()}
}

func (a DefaultArg) apply(b *tableBuilder) error {
	if a.col == nil || a.col.Def.table != b.t {
		return b.errorf("", "default given for a column of another table (use the columns of the table being defined)")
	}
	c := a.col.Def
	if a.insert != nil {
		c.defaultFn = a.insert
	}
	if a.update != nil {
		c.updateFn = a.update
	}
	if a.server != nil {
		c.serverDefault = a.server
	}
	return nil
}
