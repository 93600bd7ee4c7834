package orm

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"sync"

	"github.com/retort-go/retort/core"
)

// Deferred leaves the named fields' columns out of the SELECTs that load
// objects (SQLAlchemy's deferred columns): a query loads them only with
// Undefer, and Refresh loads every column. An unloaded field holds its zero
// value; setting it to something else writes it at the next flush (setting
// it to zero cannot be told from leaving it alone).
func Deferred(fields ...string) MapOption { return deferOption(fields) }

type deferOption []string

func (o deferOption) applyMap(spec *mapSpec) error {
	spec.deferred = append(spec.deferred, o...)
	return nil
}

// ColumnProperty maps field to a SQL expression instead of a column (like
// SQLAlchemy's column_property): it is selected with the object and is
// read-only, never written or compared. The expression is usually a
// correlated scalar subquery or arithmetic on the table's columns; its
// value must scan into the field's type.
//
//	orm.Map[User](reg, &Users.Table, orm.ColumnProperty("AddressCount",
//		core.ScalarSubquery[int64](core.Select(core.Count()).From(Addresses).Where(Addresses.UserID.EqExpr(Users.ID)))))
func ColumnProperty(field string, expr core.SelectItem) MapOption {
	return propOption{field: field, expr: expr}
}

type propOption struct {
	field string
	expr  core.SelectItem
}

func (o propOption) applyMap(spec *mapSpec) error {
	if o.expr == nil {
		return fmt.Errorf("ColumnProperty %s needs an expression", o.field)
	}
	spec.props = append(spec.props, o)
	return nil
}

// propField is a field loaded from an expression.
type propField struct {
	field string
	index []int
	expr  core.SelectItem
	at    fieldAt
}

// loadSet is what a SELECT of objects reads: columns (in m.cols order)
// and expression fields.
type loadSet struct {
	cols  []*fieldCol
	props []*propField

	once sync.Once
	sel  *core.SelectStmt
}

// point aims dest at the fields that ls reads of the object ptr (a
// reflect.Value of type *T), in SELECT order.
func (ls *loadSet) point(dest []any, ptr reflect.Value) {
	base, v := ptr.UnsafePointer(), ptr.Elem()
	for i, fc := range ls.cols {
		dest[i] = fc.at.addr(base, v, fc.index)
	}
	for i, p := range ls.props {
		dest[len(ls.cols)+i] = p.at.addr(base, v, p.index)
	}
}

// selectStmt is the SELECT of ls's columns, with no FROM, WHERE or
// ORDER BY yet; built once, since statements are immutable values.
func (ls *loadSet) selectStmt() *core.SelectStmt {
	ls.once.Do(func() { ls.sel = core.Select(ls.items()...) })
	return ls.sel
}

func (ls *loadSet) items() []core.SelectItem {
	items := make([]core.SelectItem, 0, len(ls.cols)+len(ls.props))
	for _, fc := range ls.cols {
		items = append(items, fc.col)
	}
	for _, p := range ls.props {
		items = append(items, p.expr)
	}
	return items
}

// setup finishes the column side of a mapping: deferred columns,
// expression fields, and the default and full load sets.
func (m *Mapper) setupLoads(spec *mapSpec) error {
	for _, name := range spec.deferred {
		fc := m.fieldNamed(name)
		if fc == nil {
			return &MappingError{Struct: m.typ.Name(), Field: name, Msg: "Deferred names no mapped column field"}
		}
		if slices.Contains(m.pk, fc) {
			return &MappingError{Struct: m.typ.Name(), Field: name, Msg: "a primary key column cannot be deferred"}
		}
		fc.deferred = true
	}
	for _, p := range spec.props {
		f, ok := m.typ.FieldByName(p.field)
		if !ok {
			return &MappingError{Struct: m.typ.Name(), Field: p.field, Msg: "no such field for ColumnProperty"}
		}
		m.props = append(m.props, &propField{field: p.field, index: f.Index, expr: p.expr, at: newFieldAt(m.typ, f.Index)})
	}
	m.every = &loadSet{cols: m.cols, props: m.props}
	for i := range m.cols {
		m.names = append(m.names, "v"+strconv.Itoa(i))
	}
	for i := range m.pk {
		m.kNames = append(m.kNames, "k"+strconv.Itoa(i))
	}
	m.dflt = &loadSet{props: m.props}
	for _, fc := range m.cols {
		if !fc.deferred {
			m.dflt.cols = append(m.dflt.cols, fc)
		}
	}
	return nil
}

func (m *Mapper) fieldNamed(name string) *fieldCol {
	for _, fc := range m.cols {
		if fc.field == name {
			return fc
		}
	}
	return nil
}

// LoadOnly loads only the named fields' columns (and the key) for the
// query's objects; the others are left as for Deferred.
func LoadOnly(fields ...string) LoadOption { return LoadOption{only: fields} }

// Undefer loads the named deferred fields with the query's objects.
func Undefer(fields ...string) LoadOption { return LoadOption{undefer: fields} }

// querySet is the load set a query's options ask for.
func (m *Mapper) querySet(opts []LoadOption) (*loadSet, error) {
	ls := m.dflt
	var only, undefer []string
	for _, o := range opts {
		only = append(only, o.only...)
		undefer = append(undefer, o.undefer...)
	}
	if only == nil && undefer == nil {
		return ls, nil
	}
	for _, name := range append(slices.Clone(only), undefer...) {
		if m.fieldNamed(name) == nil {
			return nil, fmt.Errorf("orm: %s has no mapped column field %s", m.typ.Name(), name)
		}
	}
	out := &loadSet{props: m.props}
	for _, fc := range m.cols {
		in := !fc.deferred
		if only != nil {
			in = slices.Contains(m.pk, fc) || slices.Contains(only, fc.field)
		}
		if slices.Contains(undefer, fc.field) {
			in = true
		}
		if in {
			out.cols = append(out.cols, fc)
		}
	}
	return out, nil
}

// copyLoaded copies the loaded fields of ls from fresh into st's object,
// and into its snapshot, leaving the fields the SELECT did not read as
// they were (the user's values, and what the session last knew).
func (st *objState) copyLoaded(ls *loadSet, fresh reflect.Value) {
	for _, fc := range ls.cols {
		fc.get(st.obj()).Set(fc.get(fresh))
		if st.snap.IsValid() {
			f := fc.get(st.snap)
			f.Set(reflect.ValueOf(fc.clone(fc.get(fresh).Interface())))
		}
	}
	for _, p := range ls.props {
		st.obj().FieldByIndex(p.index).Set(fresh.FieldByIndex(p.index))
	}
}
