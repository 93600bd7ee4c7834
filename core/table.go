package core

import (
	"fmt"
	"github.com/retort-go/retort/sqltype"
	"reflect"
	"strings"
)

// Table is a database table: its name, columns, keys and indexes. Typed
// tables embed it in a struct of Column fields (see NewTable); dynamic
// tables are built with NewDynamicTable. Both are the same *Table underneath.
// A Table is read-only once defined and safe for concurrent use.
//
// A Table can also be an alias of another table (see Alias), which reads
// the same columns under another name in a FROM clause.
type Table struct {
	id      uint64
	md      *MetaData
	name    string
	schema  string
	comment string
	cols    []*ColumnDef

	colByName map[string]*ColumnDef
	pk        *PrimaryKeyConstraint
	fks       []*ForeignKeyConstraint
	uniques   []*UniqueConstraint
	checks    []*CheckConstraint
	indexes   []*TableIndex

	aliasOf *Table       // non-nil for an alias
	colRefs []*ColumnRef // the columns as read from this table or alias

	hasDefaults bool     // a column has a client-side INSERT default
	derived     *derived // for a subquery or CTE
}

// TableName returns the table's name (for an alias, the alias name).
func (t *Table) TableName() string { return t.name }

// SchemaName returns the table's schema, or "".
func (t *Table) SchemaName() string { return t.schema }

// FullName returns "schema.name" or "name".
func (t *Table) FullName() string {
	if t.schema != "" {
		return t.schema + "." + t.name
	}
	return t.name
}

// Comment returns the table comment.
func (t *Table) Comment() string { return t.comment }

// MetaData returns the MetaData the table belongs to.
func (t *Table) MetaData() *MetaData { return t.md }

// AliasOf returns the aliased table for an alias, or nil for a table.
func (t *Table) AliasOf() *Table { return t.aliasOf }

// Base returns the table itself, or the aliased table for an alias.
// (A subquery or CTE is its own base.)
func (t *Table) Base() *Table {
	if t.aliasOf != nil {
		return t.aliasOf
	}
	return t
}

// ID returns a number that identifies the table for the life of the process.
func (t *Table) ID() uint64 { return t.id }

// Columns returns the column definitions in declaration order.
func (t *Table) Columns() []*ColumnDef { return t.Base().cols }

// ColumnRefs returns the columns as expressions of this table or alias.
func (t *Table) ColumnRefs() []*ColumnRef { return t.colRefs }

// C returns the column named name for the dynamic path, as a Column[any]
// whose comparisons take any value. It panics if there is no such column;
// use Lookup to test.
func (t *Table) C(name string) Column[any] {
	r := t.Lookup(name)
	if r == nil {
		panic(&DefinitionError{Table: t.name, Column: name, Msg: "no such column"})
	}
	return Column[any]{ops[any]{n: r}}
}

// Lookup returns the column named name, or nil.
func (t *Table) Lookup(name string) *ColumnRef {
	c := t.Base().colByName[name]
	if c == nil {
		return nil
	}
	return t.colRefs[c.pos]
}

// PrimaryKey returns the primary key, or nil if the table has none.
func (t *Table) PrimaryKey() *PrimaryKeyConstraint { return t.Base().pk }

// ForeignKeys returns the table's foreign keys.
func (t *Table) ForeignKeys() []*ForeignKeyConstraint { return t.Base().fks }

// UniqueConstraints returns the table-level unique constraints.
func (t *Table) UniqueConstraints() []*UniqueConstraint { return t.Base().uniques }

// CheckConstraints returns the check constraints.
func (t *Table) CheckConstraints() []*CheckConstraint { return t.Base().checks }

// Indexes returns the table's indexes.
func (t *Table) Indexes() []*TableIndex { return t.Base().indexes }

// AutoincrementColumn returns the column the database numbers, or nil.
func (t *Table) AutoincrementColumn() *ColumnDef {
	for _, c := range t.Base().cols {
		if c.autoincrement {
			return c
		}
	}
	return nil
}

func (t *Table) fromNode() FromNode { return t }
func (t *Table) selectNode() Node   { return t }
func (t *Table) tableDef() *Table   { return t }
func (t *Table) walk(w *keyWriter)  { w.from(t) }
func (t *Table) isFrom()            {}

// Join returns an INNER JOIN of t and right. With no on condition, the ON
// clause is inferred from the one foreign key between the two, as
// SQLAlchemy does; none or several give an error when the statement is compiled.
func (t *Table) Join(right FromItem, on ...TypedExpr[bool]) *Join {
	return newJoin(InnerJoin, t, right, on)
}

// LeftJoin returns a LEFT OUTER JOIN of t and right; see Join.
func (t *Table) LeftJoin(right FromItem, on ...TypedExpr[bool]) *Join {
	return newJoin(LeftJoin, t, right, on)
}

// RightJoin returns a RIGHT OUTER JOIN of t and right; see Join.
func (t *Table) RightJoin(right FromItem, on ...TypedExpr[bool]) *Join {
	return newJoin(RightJoin, t, right, on)
}

// FullJoin returns a FULL OUTER JOIN of t and right (not MySQL); see Join.
func (t *Table) FullJoin(right FromItem, on ...TypedExpr[bool]) *Join {
	return newJoin(FullJoin, t, right, on)
}

// CrossJoin returns a CROSS JOIN of t and right: every row with every row.
func (t *Table) CrossJoin(right FromItem) *Join { return newJoin(CrossJoin, t, right, nil) }

// TableLike is a table usable as the target of INSERT, UPDATE and DELETE: a
// *Table or a struct embedding one.
type TableLike interface {
	tableDef() *Table
}

// tableBuilder collects a table's definition and checks it.
type tableBuilder struct {
	t      *Table
	pkName string
	field  map[*ColumnDef]string
}

func (b *tableBuilder) errorf(col, msg string) error {
	return &DefinitionError{Table: b.t.name, Column: col, Field: b.field[b.t.colByName[col]], Msg: msg}
}

func (b *tableBuilder) columns(what string, names []string) ([]*ColumnDef, error) {
	cols := make([]*ColumnDef, 0, len(names))
	for _, n := range names {
		c := b.t.colByName[n]
		if c == nil {
			return nil, &DefinitionError{Table: b.t.name, Column: n, Msg: what + " names an unknown column"}
		}
		cols = append(cols, c)
	}
	return cols, nil
}

func newTableBuilder(md *MetaData, name string, into *Table) (*tableBuilder, error) {
	if md == nil {
		return nil, &DefinitionError{Table: name, Msg: "nil MetaData"}
	}
	schema := md.schema
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		schema, name = name[:i], name[i+1:]
	}
	if name == "" {
		return nil, &DefinitionError{Msg: "table name is empty"}
	}
	if into == nil {
		into = new(Table)
	}
	*into = Table{id: newID(), md: md, name: name, schema: schema, colByName: map[string]*ColumnDef{}}
	return &tableBuilder{t: into, field: map[*ColumnDef]string{}}, nil
}

// addColumn adds a column from its spec; goType is the Go type of the
// values (nil: derived from the SQL type, for dynamic tables).
func (b *tableBuilder) addColumn(s ColumnSpec, field string) (*ColumnDef, error) {
	t := b.t
	fail := func(msg string, err error) error {
		return &DefinitionError{Table: t.name, Field: field, Column: s.Name, Msg: msg, Err: err}
	}
	if s.Name == "" {
		return nil, fail("column name is empty", nil)
	}
	if t.colByName[s.Name] != nil {
		return nil, fail("duplicate column name", nil)
	}
	if s.Type == nil {
		return nil, fail("column has no type", nil)
	}
	goType := s.GoType
	if goType == nil {
		goType = anyType
		if ct, ok := s.Type.(*sqltype.CustomType); ok {
			goType = ct.GoType()
		}
	}
	c := &ColumnDef{
		id: newID(), table: t, name: s.Name, field: field, pos: len(t.cols), typ: s.Type,
		goType: goType, nullable: !s.NotNull && !s.PrimaryKey, pk: s.PrimaryKey,
		autoinc: s.Autoincrement, identity: s.Identity, defaultFn: s.Default,
		updateFn: s.UpdateDefault, comment: s.Comment,
	}
	if s.ServerDefault != nil {
		c.serverDefault = s.ServerDefault.exprNode()
	}
	c.ref = &ColumnRef{Def: c, From: t}
	t.cols = append(t.cols, c)
	t.colRefs = append(t.colRefs, c.ref)
	t.colByName[c.name] = c
	b.field[c] = field
	if s.ForeignKey != "" {
		dot := strings.LastIndexByte(s.ForeignKey, '.')
		if dot <= 0 || dot == len(s.ForeignKey)-1 {
			return nil, fail(fmt.Sprintf("foreign key %q is not table.column", s.ForeignKey), nil)
		}
		t.fks = append(t.fks, &ForeignKeyConstraint{
			table: t, cols: []*ColumnDef{c}, refTable: s.ForeignKey[:dot],
			refCols: []string{s.ForeignKey[dot+1:]}, onDelete: s.OnDelete, onUpdate: s.OnUpdate,
		})
	} else if s.OnDelete != NoAction || s.OnUpdate != NoAction {
		return nil, fail("ondelete/onupdate given without a foreign key", nil)
	}
	if s.Unique {
		t.uniques = append(t.uniques, &UniqueConstraint{cols: []*ColumnDef{c}})
	}
	if s.Index {
		t.indexes = append(t.indexes, &TableIndex{name: "ix_" + t.name + "_" + c.name, table: t, cols: []*ColumnDef{c}})
	}
	return c, nil
}

// apply makes a ColumnSpec a TableArg for NewDynamicTable.
func (s ColumnSpec) apply(b *tableBuilder) error {
	_, err := b.addColumn(s, "")
	return err
}

// finish resolves the primary key and autoincrement and registers the table.
func (b *tableBuilder) finish() error {
	t := b.t
	if len(t.cols) == 0 {
		return &DefinitionError{Table: t.name, Msg: "table has no columns"}
	}
	var pk []*ColumnDef
	for _, c := range t.cols {
		if c.pk {
			pk = append(pk, c)
		}
	}
	if len(pk) > 0 {
		t.pk = &PrimaryKeyConstraint{name: b.pkName, cols: pk}
	}
	hasFK := func(c *ColumnDef) bool {
		for _, fk := range t.fks {
			for _, fc := range fk.cols {
				if fc == c {
					return true
				}
			}
		}
		return false
	}
	isInt := func(c *ColumnDef) bool {
		switch sqltype.BaseType(c.typ).Kind() {
		case sqltype.KindSmallInt, sqltype.KindInteger, sqltype.KindBigInt:
			return true
		}
		return false
	}
	for _, c := range t.cols {
		switch {
		case c.autoinc == AutoincrementOn || c.identity:
			if !c.pk || !isInt(c) {
				return &DefinitionError{Table: t.name, Field: b.field[c], Column: c.name, Msg: "only an integer primary key column can autoincrement"}
			}
			if len(pk) > 1 {
				return &DefinitionError{Table: t.name, Field: b.field[c], Column: c.name, Msg: "autoincrement in a composite primary key is not portable (SQLite cannot do it)"}
			}
			c.autoincrement = true
		case c.autoinc == AutoincrementAuto:
			c.autoincrement = len(pk) == 1 && c.pk && isInt(c) && !hasFK(c) && c.defaultFn == nil && c.serverDefault == nil
		}
	}
	for _, c := range t.cols {
		t.hasDefaults = t.hasDefaults || c.defaultFn != nil
	}
	return t.md.add(t)
}

// NewTable defines a typed table named name in md from the struct T, which
// must embed core.Table and declare its columns as Column fields:
//
//	type UserTable struct {
//		core.Table
//		ID   core.Column[int64]  `db:"id,pk"`
//		Name core.Column[string] `db:"name,size=30"`
//	}
//	var Users = core.NewTable[UserTable](md, "user_account")
//
// The struct tag grammar is described in docs/core.md. If *T has a method
// TableArgs() []TableArg it is called once the columns exist, so it can
// declare constraints, indexes and defaults that refer to them; args are
// applied after it. NewTable panics with a *DefinitionError on a malformed
// definition; DefineTable returns the error instead.
func NewTable[T any](md *MetaData, name string, args ...TableArg) *T {
	t, err := DefineTable[T](md, name, args...)
	if err != nil {
		panic(err)
	}
	return t
}

// TableArgser is implemented by typed table structs that declare
// table-level arguments referring to their own columns.
type TableArgser interface {
	TableArgs() []TableArg
}

var tableType = reflect.TypeFor[Table]()

// DefineTable is NewTable returning a *DefinitionError instead of panicking.
func DefineTable[T any](md *MetaData, name string, args ...TableArg) (*T, error) {
	rt := reflect.TypeFor[T]()
	if rt.Kind() != reflect.Struct {
		return nil, &DefinitionError{Table: name, Msg: fmt.Sprintf("%s is not a struct", rt)}
	}
	p := new(T)
	rv := reflect.ValueOf(p).Elem()
	var into *Table
	for i := 0; i < rt.NumField(); i++ {
		if f := rt.Field(i); f.Anonymous && f.Type == tableType {
			into = rv.Field(i).Addr().Interface().(*Table)
			break
		}
	}
	if into == nil {
		return nil, &DefinitionError{Table: name, Msg: fmt.Sprintf("%s does not embed core.Table", rt)}
	}
	b, err := newTableBuilder(md, name, into)
	if err != nil {
		return nil, err
	}
	for i := 0; i < rt.NumField(); i++ {
		f := rt.Field(i)
		if f.Anonymous || !f.IsExported() {
			continue
		}
		cf, ok := rv.Field(i).Addr().Interface().(columnField)
		if !ok {
			continue // not a column: ignored
		}
		spec, err := parseTag(md, b.t.name, f, cf.goValueType())
		if err != nil {
			return nil, err
		}
		c, err := b.addColumn(spec, f.Name)
		if err != nil {
			return nil, err
		}
		cf.initColumn(c.ref)
	}
	if ta, ok := any(p).(TableArgser); ok {
		for _, a := range ta.TableArgs() {
			if err := a.apply(b); err != nil {
				return nil, err
			}
		}
	}
	for _, a := range args {
		if a == nil {
			continue
		}
		if _, isCol := a.(ColumnSpec); isCol {
			return nil, &DefinitionError{Table: name, Msg: "typed tables declare columns as fields, not ColumnSpec arguments"}
		}
		if err := a.apply(b); err != nil {
			return nil, err
		}
	}
	if err := b.finish(); err != nil {
		return nil, err
	}
	return p, nil
}

// NewDynamicTable defines a table at run time from ColumnSpecs and other
// TableArgs, for schemas known only then (reflection, tools). Columns are
// read through Table.C. It panics with a *DefinitionError on a malformed
// definition; DefineDynamicTable returns the error instead.
//
//	t := core.NewDynamicTable(md, "note",
//		core.ColumnSpec{Name: "id", Type: core.BigInt{}, PrimaryKey: true},
//		core.ColumnSpec{Name: "body", Type: core.Text{}, NotNull: true},
//	)
func NewDynamicTable(md *MetaData, name string, args ...TableArg) *Table {
	t, err := DefineDynamicTable(md, name, args...)
	if err != nil {
		panic(err)
	}
	return t
}

// DefineDynamicTable is NewDynamicTable returning the error instead of panicking.
func DefineDynamicTable(md *MetaData, name string, args ...TableArg) (*Table, error) {
	b, err := newTableBuilder(md, name, nil)
	if err != nil {
		return nil, err
	}
	// Columns first, so constraints may name columns listed after them.
	for _, a := range args {
		if s, ok := a.(ColumnSpec); ok {
			if err := s.apply(b); err != nil {
				return nil, err
			}
		}
	}
	for _, a := range args {
		if _, ok := a.(ColumnSpec); ok || a == nil {
			continue
		}
		if err := a.apply(b); err != nil {
			return nil, err
		}
	}
	if err := b.finish(); err != nil {
		return nil, err
	}
	return b.t, nil
}
