package orm

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/sqltype"
)

// Registry holds the mappings of one application: which struct maps onto
// which table. Register every mapping before the first Session uses the
// registry; after that a Registry is read-only and safe to share between
// goroutines (registering later is safe too, but a Session already running
// does not see a mapping made after it started using the type).
type Registry struct {
	mu     sync.RWMutex
	byType map[reflect.Type]*Mapper
	// config is set once the relationships are resolved (with the error
	// if that failed); a new mapping resets it.
	config atomic.Pointer[configResult]
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{byType: map[reflect.Type]*Mapper{}}
}

// mapperOf returns the mapper of struct type t, or nil.
func (r *Registry) mapperOf(t reflect.Type) *Mapper {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.byType[t]
}

// mapped is mapperOf with the error for a type the registry does not map.
func (r *Registry) mapped(t reflect.Type) (*Mapper, error) {
	if m := r.mapperOf(t); m != nil {
		return m, nil
	}
	return nil, fmt.Errorf("%w: %s is not mapped in the session's registry", ErrNotMapped, t)
}

// Mappers returns the registered mappers, in registration order is not
// promised; use Mapper.Table to tell them apart.
func (r *Registry) Mappers() []*Mapper {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]*Mapper, 0, len(r.byType))
	for _, m := range r.byType {
		out = append(out, m)
	}
	return out
}

// Mapper is the mapping of one struct type onto one table: which field
// holds which column, computed once when the mapping is registered.
type Mapper struct {
	reg   *Registry
	typ   reflect.Type // the struct type
	table *core.Table
	cols  []*fieldCol // in the table's column order
	pk    []*fieldCol // the primary key, in the constraint's order
	// autoinc is the column the database numbers, or nil.
	autoinc *fieldCol
	rels    []*relation
	version *fieldCol // the version counter (Versioned), or nil
	// postCols are the foreign key columns of PostUpdate relationships
	// held in this table (set when the registry is configured).
	postCols []*fieldCol
	deep     []*fieldCol // columns whose snapshot needs a clone (slices, pointers)
	props    []*propField
	dflt     *loadSet // what a query loads by default
	every    *loadSet // every column (Refresh)

	getOnce sync.Once
	get     *core.SelectStmt // selectAll by key, with the key values as parameters
	getKeys []string         // the parameters' names, in key order
	getArgs sync.Pool        // of *core.BoundStmt of get, reused: nothing keeps one after it ran

	updates sync.Map // column mask -> *preparedUpdate
	inserts sync.Map // column mask (bit 63: RETURNING) -> *preparedInsert
	names   []string // "v0", "v1", ...: parameter names of the columns
	kNames  []string // "k0", "k1", ...: parameter names of the key
}

// paramName is the parameter name of m.cols[i] in prepared statements.
func (m *Mapper) paramName(i int) string { return m.names[i] }

// keyParamName is the parameter name of the i-th key value.
func (m *Mapper) keyParamName(i int) string { return m.kNames[i] }

// fieldCol is one column mapped to one field.
type fieldCol struct {
	def   *core.ColumnDef
	col   core.Column[any] // for building statements on the dynamic path
	field string           // the Go field's name (dotted through embedded structs)
	index []int            // the field's index path
	typ   reflect.Type     // the field's type (the column's Go type)
	eq    func(a, b any) bool
	eqv   func(a, b reflect.Value) bool // eq on the fields themselves, without boxing
	clone func(v any) any               // a copy for snapshots: nothing shared with the field

	deferred bool // not loaded by default (Deferred)
	at       fieldAt
	expr     core.Expr // col as an Expr, boxed once
	pos      int       // the index in the mapper's cols
	// ref: statements may bind the field by its address (a *F) instead
	// of a boxed copy, which allocates nothing. Only for the types whose
	// value needs no check or conversion before the driver sees it
	// (see refType).
	ref bool
}

// arg returns what a statement binds for the field of the struct at base
// (v is the struct itself): a pointer to the field when fc.ref, else the
// field's value. A pointer is read when the statement executes, within
// the flush that built it.
func (fc *fieldCol) arg(base unsafe.Pointer, v reflect.Value) any {
	if fc.ref {
		return fc.at.ptr(unsafe.Add(base, fc.at.off))
	}
	return fc.at.valueAt(base, v, fc.index)
}

// refType reports whether a field of type t holding column def can be
// bound by address: t is the column's Go type and one Core keeps as a
// plain value without a check (strings, booleans, float64, and int64 for
// BIGINT, which needs no range check).
func refType(t reflect.Type, def *core.ColumnDef) bool {
	if t != def.GoType() || def.Type().Kind() == sqltype.KindCustom {
		return false
	}
	switch t {
	case reflect.TypeFor[string](), reflect.TypeFor[bool](), reflect.TypeFor[float64]():
		return true
	case reflect.TypeFor[int64]():
		return def.Type().Kind() == sqltype.KindBigInt
	}
	return false
}

// get returns the field of the struct value v.
func (fc *fieldCol) get(v reflect.Value) reflect.Value {
	if len(fc.index) == 1 {
		return v.Field(fc.index[0])
	}
	return v.FieldByIndex(fc.index)
}

// Type returns the mapped struct type.
func (m *Mapper) Type() reflect.Type { return m.typ }

// Table returns the mapped table, for Core statements on mapped objects.
func (m *Mapper) Table() *core.Table { return m.table }

// String names the mapping: "User -> user_account".
func (m *Mapper) String() string { return m.typ.Name() + " -> " + m.table.TableName() }

// MapOption refines a mapping (relationships, deferred columns; see the
// functions returning it).
type MapOption interface {
	applyMap(*mapSpec) error
}

type mapSpec struct {
	rels     []Rel
	version  string
	deferred []string
	props    []propOption
}

// MappingError reports a mapping that cannot work, naming the struct and,
// where one is at fault, the field.
type MappingError struct {
	Struct string
	Field  string
	Msg    string
	Err    error
}

func (e *MappingError) Error() string {
	var b strings.Builder
	b.WriteString("orm: mapping ")
	b.WriteString(e.Struct)
	if e.Field != "" {
		b.WriteString(", field ")
		b.WriteString(e.Field)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *MappingError) Unwrap() error { return e.Err }

// Map maps the struct T onto a table declared in Core (SQLAlchemy's
// imperative mapping) and registers the mapping in reg. A field maps to the
// column named by its `db` tag, else to the column declared by the typed
// table field of the same name, else to the column named after the field in
// snake_case; db:"-" leaves a field out. Fields of embedded structs map as
// if they were T's own. It panics with a *MappingError on a bad mapping:
// no primary key, a field naming no column, a field whose type cannot hold
// its column, a type mapped twice. DefineMap returns the error instead.
//
//	orm.Map[User](reg, &Users.Table)
func Map[T any](reg *Registry, table *core.Table, opts ...MapOption) *Mapper {
	m, err := DefineMap[T](reg, table, opts...)
	if err != nil {
		panic(err)
	}
	return m
}

// DefineMap is Map, returning the error instead of panicking.
func DefineMap[T any](reg *Registry, table *core.Table, opts ...MapOption) (*Mapper, error) {
	rt := reflect.TypeFor[T]()
	if rt.Kind() != reflect.Struct {
		return nil, &MappingError{Struct: rt.String(), Msg: "only structs can be mapped"}
	}
	if reg == nil {
		return nil, &MappingError{Struct: rt.Name(), Msg: "nil Registry"}
	}
	if table == nil {
		return nil, &MappingError{Struct: rt.Name(), Msg: "nil table"}
	}
	return register(reg, rt, table.Base(), nil, opts)
}

// Model derives a table from the struct T itself and maps T onto it (the
// declarative form): every exported field is a column described by its
// `db` tag, with the grammar of core.NewTable's Column fields (name, pk,
// size=, fk=, null, unique, index, default=, ...); db:"-" leaves a field
// out. The table is defined in md under name, so CreateAll creates it and
// Core statements can use it through Mapper.Table. It panics with a
// *MappingError on a bad definition; DefineModel returns the error.
//
//	type User struct {
//		ID   int64  `db:"id,pk"`
//		Name string `db:"name,size=30"`
//	}
//	users := orm.Model[User](reg, md, "user_account")
func Model[T any](reg *Registry, md *core.MetaData, name string, opts ...MapOption) *Mapper {
	m, err := DefineModel[T](reg, md, name, opts...)
	if err != nil {
		panic(err)
	}
	return m
}

// DefineModel is Model, returning the error instead of panicking.
func DefineModel[T any](reg *Registry, md *core.MetaData, name string, opts ...MapOption) (*Mapper, error) {
	rt := reflect.TypeFor[T]()
	if rt.Kind() != reflect.Struct {
		return nil, &MappingError{Struct: rt.String(), Msg: "only structs can be mapped"}
	}
	if reg == nil {
		return nil, &MappingError{Struct: rt.Name(), Msg: "nil Registry"}
	}
	if md == nil {
		return nil, &MappingError{Struct: rt.Name(), Msg: "nil MetaData"}
	}
	var args []core.TableArg
	fields := map[string]string{} // column name -> field
	var walk func(t reflect.Type, prefix string) error
	walk = func(t reflect.Type, prefix string) error {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag, _ := f.Tag.Lookup("db")
			if strings.TrimSpace(strings.SplitN(tag, ",", 2)[0]) == "-" {
				continue
			}
			// An embedded struct's exported fields are T's, even when
			// the embedded type itself is unexported.
			if f.Anonymous && f.Type.Kind() == reflect.Struct && tag == "" {
				if err := walk(f.Type, prefix+f.Name+"."); err != nil {
					return err
				}
				continue
			}
			if !f.IsExported() {
				continue
			}
			spec, err := core.ColumnSpecOf(md, name, f)
			if err != nil {
				return &MappingError{Struct: rt.Name(), Field: prefix + f.Name, Msg: "bad column definition", Err: err}
			}
			if other, dup := fields[spec.Name]; dup {
				return &MappingError{Struct: rt.Name(), Field: prefix + f.Name, Msg: fmt.Sprintf("column %q is also field %s", spec.Name, other)}
			}
			fields[spec.Name] = prefix + f.Name
			args = append(args, spec)
		}
		return nil
	}
	if err := walk(rt, ""); err != nil {
		return nil, err
	}
	table, err := core.DefineDynamicTable(md, name, args...)
	if err != nil {
		return nil, &MappingError{Struct: rt.Name(), Msg: "cannot define table " + name, Err: err}
	}
	return register(reg, rt, table, fields, opts)
}

// register builds the mapping of rt onto table; fields, when given, says
// which field holds each column (the declarative form).
func register(reg *Registry, rt reflect.Type, table *core.Table, fields map[string]string, opts []MapOption) (*Mapper, error) {
	fail := func(field, msg string, err error) (*Mapper, error) {
		return nil, &MappingError{Struct: rt.Name(), Field: field, Msg: msg, Err: err}
	}
	var spec mapSpec
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o.applyMap(&spec); err != nil {
			return fail("", "bad option", err)
		}
	}
	m := &Mapper{reg: reg, typ: rt, table: table}
	if err := m.buildRelations(&spec); err != nil {
		return nil, err
	}
	isRel := func(index []int, name string) bool {
		if len(index) != 0 {
			return false
		}
		if m.relation(name) != nil {
			return true
		}
		for _, p := range spec.props {
			if p.field == name {
				return true
			}
		}
		return false
	}
	byCol := map[*core.ColumnDef]*fieldCol{}
	var walk func(t reflect.Type, index []int, prefix string) (*Mapper, error)
	walk = func(t reflect.Type, index []int, prefix string) (*Mapper, error) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if isRel(index, f.Name) {
				continue
			}
			path := append(append([]int(nil), index...), i)
			tag, _ := f.Tag.Lookup("db")
			name := strings.TrimSpace(strings.SplitN(tag, ",", 2)[0])
			if name == "-" {
				continue
			}
			if f.Anonymous && f.Type.Kind() == reflect.Struct && name == "" {
				if _, err := walk(f.Type, path, prefix+f.Name+"."); err != nil {
					return nil, err
				}
				continue
			}
			if !f.IsExported() {
				continue
			}
			def := columnFor(table, f, name, prefix, fields)
			if def == nil {
				return fail(prefix+f.Name, fmt.Sprintf("table %s has no column for it (name one with a db tag, or leave the field out with db:\"-\")", table.TableName()), nil)
			}
			if prev := byCol[def]; prev != nil {
				return fail(prefix+f.Name, fmt.Sprintf("column %s is already mapped to field %s", def.Name(), prev.field), nil)
			}
			if f.Type != def.GoType() {
				return fail(prefix+f.Name, fmt.Sprintf("a %s field cannot hold column %s, whose Go type is %s", f.Type, def.Name(), def.GoType()), nil)
			}
			fc := &fieldCol{def: def, col: table.C(def.Name()), field: prefix + f.Name, index: path, typ: f.Type, eq: equalFor(f.Type), eqv: equalValuesFor(f.Type), clone: cloneFor(f.Type)}
			fc.at = newFieldAt(rt, path)
			fc.ref = fc.at.flat && refType(f.Type, def)
			fc.expr = fc.col
			byCol[def] = fc
		}
		return nil, nil
	}
	if _, err := walk(rt, nil, ""); err != nil {
		return nil, err
	}
	for _, def := range table.Columns() {
		if fc := byCol[def]; fc != nil {
			fc.pos = len(m.cols)
			m.cols = append(m.cols, fc)
			if k := fc.typ.Kind(); k == reflect.Slice || k == reflect.Pointer {
				m.deep = append(m.deep, fc)
			}
		}
	}
	pk := table.PrimaryKey()
	if pk == nil || len(pk.Columns()) == 0 {
		return fail("", "table "+table.TableName()+" has no primary key, and the session needs one to know each row", nil)
	}
	if len(pk.Columns()) > maxKeyColumns {
		return fail("", fmt.Sprintf("primary keys of more than %d columns are not supported", maxKeyColumns), nil)
	}
	for _, def := range pk.Columns() {
		fc := byCol[def]
		if fc == nil {
			return fail("", "primary key column "+def.Name()+" has no field", nil)
		}
		m.pk = append(m.pk, fc)
		if def.Autoincrement() {
			m.autoinc = fc
		}
	}
	if err := m.setVersion(spec.version); err != nil {
		return nil, err
	}
	if err := m.setupLoads(&spec); err != nil {
		return nil, err
	}
	reg.mu.Lock()
	defer reg.mu.Unlock()
	if prev := reg.byType[rt]; prev != nil {
		return fail("", "already mapped onto "+prev.table.TableName(), nil)
	}
	reg.byType[rt] = m
	reg.config.Store(nil)
	return m, nil
}

// columnFor finds the column a field maps to.
func columnFor(table *core.Table, f reflect.StructField, tagName, prefix string, fields map[string]string) *core.ColumnDef {
	if fields != nil {
		for col, field := range fields {
			if field == prefix+f.Name {
				if r := table.Lookup(col); r != nil {
					return r.Def
				}
			}
		}
		return nil
	}
	if tagName != "" {
		if r := table.Lookup(tagName); r != nil {
			return r.Def
		}
		return nil
	}
	for _, def := range table.Columns() {
		if def.Field() == f.Name {
			return def
		}
	}
	if r := table.Lookup(core.SnakeCase(f.Name)); r != nil {
		return r.Def
	}
	return nil
}

// equalFor returns how to tell whether two values of type t differ, for
// change detection.
func equalFor(t reflect.Type) func(a, b any) bool {
	if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 {
		return func(a, b any) bool {
			x, y := reflect.ValueOf(a), reflect.ValueOf(b)
			return x.IsNil() == y.IsNil() && bytes.Equal(x.Bytes(), y.Bytes())
		}
	}
	if t.Comparable() && !hasPointers(t) {
		return func(a, b any) bool { return a == b }
	}
	return reflect.DeepEqual
}

// hasPointers reports whether == on t would compare addresses somewhere
// (pointers, or interfaces that may hold them).
func hasPointers(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Chan, reflect.Func, reflect.UnsafePointer, reflect.Slice:
		return true
	case reflect.Array:
		return hasPointers(t.Elem())
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if hasPointers(t.Field(i).Type) {
				return true
			}
		}
	}
	return false
}

// maxKeyColumns is the most primary key columns a mapped table may have.
const maxKeyColumns = 4

// cloneFor returns how to copy a value of type t so that changing the
// field in place (an element of a slice, the target of a pointer) leaves
// the copy as it was.
func cloneFor(t reflect.Type) func(any) any {
	switch t.Kind() {
	case reflect.Slice:
		return func(v any) any {
			rv := reflect.ValueOf(v)
			if rv.IsNil() {
				return v
			}
			c := reflect.MakeSlice(t, rv.Len(), rv.Len())
			reflect.Copy(c, rv)
			return c.Interface()
		}
	case reflect.Pointer:
		return func(v any) any {
			rv := reflect.ValueOf(v)
			if rv.IsNil() {
				return v
			}
			c := reflect.New(t.Elem())
			c.Elem().Set(rv.Elem())
			return c.Interface()
		}
	}
	return func(v any) any { return v }
}

// equalValuesFor is equalFor on reflect.Values: the common kinds compare
// without boxing.
func equalValuesFor(t reflect.Type) func(a, b reflect.Value) bool {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(a, b reflect.Value) bool { return a.Int() == b.Int() }
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return func(a, b reflect.Value) bool { return a.Uint() == b.Uint() }
	case reflect.Float32, reflect.Float64:
		return func(a, b reflect.Value) bool { return a.Float() == b.Float() }
	case reflect.String:
		return func(a, b reflect.Value) bool { return a.String() == b.String() }
	case reflect.Bool:
		return func(a, b reflect.Value) bool { return a.Bool() == b.Bool() }
	}
	if t == reflect.TypeFor[time.Time]() {
		return func(a, b reflect.Value) bool {
			x, y := a.Interface().(time.Time), b.Interface().(time.Time)
			return x.Equal(y) && x.Location() == y.Location()
		}
	}
	if t.Comparable() && !hasPointers(t) {
		return func(a, b reflect.Value) bool { return a.Equal(b) }
	}
	eq := equalFor(t)
	return func(a, b reflect.Value) bool { return eq(a.Interface(), b.Interface()) }
}
