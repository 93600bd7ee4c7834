package engine

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/internal/sqlconv"
	"github.com/retort-go/retort/sqltype"
)

// Type processing of results. Drivers return what they return; where the
// SQL type of a result column is known, Retort converts to the Go value
// that type maps to, so all three dialects give the same answer: a Numeric
// comes back with its declared scale, a UUID stored as hex becomes a
// core.UUID, a custom type's value goes through its FromDB.

// adaptDest wraps a scan destination when the column's type needs
// processing the driver cannot do, and reports whether it did; otherwise
// it returns dest.
func adaptDest(t sqltype.Type, dest any) (any, bool) {
	if n, ok := dest.(*orNull); ok {
		inner, _ := adaptDest(t, n.dest)
		return &orNull{dest: inner, null: n.null}, true
	}
	if p, ok := dest.(*any); ok && t != nil {
		// An any gets what Values gives: the column type's Go value.
		return &anyScanner{t: t, dest: p}, true
	}
	switch t := t.(type) {
	case *sqltype.CustomType:
		return &customScanner{t: t, dest: dest}, true
	case sqltype.Numeric:
		if t.Precision > 0 {
			switch dest.(type) {
			case *core.Decimal, **core.Decimal, *sql.Null[core.Decimal]:
				return &decimalScanner{scale: t.Scale, dest: dest}, true
			}
		}
	case sqltype.UUID:
		if s, ok := dest.(*string); ok {
			return &uuidTextScanner{dest: s}, true
		}
	case sqltype.Double:
		if f, ok := dest.(*float32); ok {
			return &float32Scanner{dest: f}, true
		}
	}
	return dest, false
}

// anyScanner reads a value into an any the way Result.Values does, by
// the column's SQL type (a SQLite or MySQL boolean is a bool, not 1).
type anyScanner struct {
	t    sqltype.Type
	dest *any
}

func (s *anyScanner) Scan(src any) error {
	if b, ok := src.([]byte); ok {
		src = append([]byte(nil), b...) // the driver reuses its buffer
	}
	v, err := processValue(s.t, src)
	if err != nil {
		return err
	}
	*s.dest = v
	return nil
}

// float32Scanner reads a double into a float32 only if it fits (pgx would
// turn a large one into an infinity).
type float32Scanner struct{ dest *float32 }

func (s *float32Scanner) Scan(src any) error {
	var f float64
	if err := sqlconv.Assign(&f, src); err != nil {
		return err
	}
	if err := sqlconv.CheckFloat32(f); err != nil {
		return err
	}
	*s.dest = float32(f)
	return nil
}

// uuidTextScanner reads a UUID into a string in the canonical dashed form,
// whether the database stores it natively or as hex.
type uuidTextScanner struct{ dest *string }

func (s *uuidTextScanner) Scan(src any) error {
	var u core.UUID
	if err := u.Scan(src); err != nil {
		return err
	}
	*s.dest = u.String()
	return nil
}

func needsAdapt(t sqltype.Type, fieldType reflect.Type) bool {
	switch t := t.(type) {
	case *sqltype.CustomType:
		return true
	case sqltype.Numeric:
		return t.Precision > 0 && (fieldType == decimalType || fieldType == reflect.PointerTo(decimalType) || fieldType == nullDecimalType)
	case sqltype.UUID:
		return fieldType == reflect.TypeFor[string]()
	case sqltype.Double:
		return fieldType == reflect.TypeFor[float32]()
	}
	return false
}

var (
	decimalType     = reflect.TypeFor[core.Decimal]()
	nullDecimalType = reflect.TypeFor[sql.Null[core.Decimal]]()
)

// decimalScanner reads a decimal and gives it the column's scale, so
// "1.1" from SQLite's REAL storage reads as 1.10 in a NUMERIC(10,2) column.
type decimalScanner struct {
	scale int
	dest  any
}

func (s *decimalScanner) Scan(src any) error {
	if src == nil {
		return sqlconv.Assign(s.dest, nil)
	}
	var d core.Decimal
	if f, ok := src.(float64); ok {
		v, err := core.DecimalFromFloat(f, s.scale)
		if err != nil {
			return err
		}
		d = v
	} else if err := d.Scan(src); err != nil {
		return err
	}
	d = d.Round(s.scale)
	switch p := s.dest.(type) {
	case *core.Decimal:
		*p = d
	case **core.Decimal:
		*p = &d
	case *sql.Null[core.Decimal]:
		*p = sql.Null[core.Decimal]{V: d, Valid: true}
	}
	return nil
}

// OrNull wraps a scan destination for a column that may be NULL where dest
// cannot hold NULL, such as the columns of the outer side of a LEFT OUTER
// JOIN: a NULL leaves dest as it was and sets *isNull; any other value sets
// *isNull false and goes into dest as Result.Scan converts it (custom
// types, numerics, UUIDs as text, ...).
func OrNull(dest any, isNull *bool) any { return &orNull{dest: dest, null: isNull} }

type orNull struct {
	dest any // the destination, adapted to the column's type once wrapped by adaptDest
	null *bool
}

// Scan implements sql.Scanner, for drivers and for Results that do not
// know their column types.
func (n *orNull) Scan(src any) error {
	if src == nil {
		*n.null = true
		return nil
	}
	*n.null = false
	if s, ok := n.dest.(sql.Scanner); ok {
		return s.Scan(src)
	}
	if b, ok := src.([]byte); ok {
		src = append([]byte(nil), b...) // the driver reuses its buffer
	}
	return sqlconv.Assign(n.dest, src)
}

// customScanner reads a custom type's database value and converts it.
type customScanner struct {
	t    *sqltype.CustomType
	dest any
}

func (s *customScanner) Scan(src any) error {
	if src == nil {
		return sqlconv.Assign(s.dest, nil)
	}
	v, err := fromCustom(s.t, src)
	if err != nil {
		return err
	}
	return storeGo(s.dest, v)
}

func fromCustom(t *sqltype.CustomType, src any) (any, error) {
	dbv := reflect.New(t.DBType())
	if err := sqlconv.Assign(dbv.Interface(), src); err != nil {
		return nil, err
	}
	return t.FromDB(dbv.Elem().Interface())
}

// storeGo stores a Go value of exactly the destination's type (or the type
// it wraps: *T, sql.Null[T]) into dest.
func storeGo(dest, v any) error {
	dv := reflect.ValueOf(dest)
	if dv.Kind() != reflect.Pointer || dv.IsNil() {
		return fmt.Errorf("engine: destination %T is not a non-nil pointer", dest)
	}
	target := dv.Elem()
	val := reflect.ValueOf(v)
	switch {
	case target.Type() == val.Type():
		target.Set(val)
	case target.Kind() == reflect.Pointer && target.Type().Elem() == val.Type():
		p := reflect.New(val.Type())
		p.Elem().Set(val)
		target.Set(p)
	case target.Kind() == reflect.Interface && val.Type().Implements(target.Type()):
		target.Set(val)
	default:
		if f := target.FieldByName("V"); target.Kind() == reflect.Struct && f.IsValid() && f.Type() == val.Type() {
			f.Set(val)
			target.FieldByName("Valid").SetBool(true)
			return nil
		}
		return fmt.Errorf("engine: cannot store %T in %s", v, target.Type())
	}
	return nil
}

// processValue converts a value read without a typed destination to the Go
// type its SQL type maps to.
func processValue(t sqltype.Type, v any) (any, error) {
	if v == nil || t == nil {
		return v, nil
	}
	switch t.Kind() {
	case sqltype.KindCustom:
		return fromCustom(t.(*sqltype.CustomType), v)
	case sqltype.KindSmallInt, sqltype.KindInteger, sqltype.KindBigInt:
		var n int64
		return n, sqlconv.Assign(&n, v)
	case sqltype.KindFloat, sqltype.KindDouble:
		var f float64
		return f, sqlconv.Assign(&f, v)
	case sqltype.KindBoolean:
		var b bool
		return b, sqlconv.Assign(&b, v)
	case sqltype.KindNumeric:
		var d core.Decimal
		s := &decimalScanner{scale: -1, dest: &d}
		if n := t.(sqltype.Numeric); n.Precision > 0 {
			s.scale = n.Scale
		}
		if s.scale < 0 {
			return d, d.Scan(v)
		}
		return d, s.Scan(v)
	case sqltype.KindString, sqltype.KindText, sqltype.KindEnum:
		var s string
		return s, sqlconv.Assign(&s, v)
	case sqltype.KindDate, sqltype.KindTimestamp, sqltype.KindTimestampTZ:
		var tm time.Time
		return tm, sqlconv.Assign(&tm, v)
	case sqltype.KindTime:
		var tod core.TimeOfDay
		return tod, tod.Scan(v)
	case sqltype.KindUUID:
		var u core.UUID
		return u, u.Scan(v)
	case sqltype.KindJSON:
		switch x := v.(type) {
		case string:
			return json.RawMessage(x), nil
		case []byte:
			return json.RawMessage(append([]byte(nil), x...)), nil
		case json.RawMessage:
			return x, nil
		}
		b, err := json.Marshal(v)
		return json.RawMessage(b), err
	case sqltype.KindBinary:
		var b []byte
		return b, sqlconv.Assign(&b, v)
	}
	return v, nil
}

// Struct scanning. A plan maps each result column to a field of the
// destination struct; it is built once per (statement, struct type) and
// kept with the compiled statement (or, for Text, in the engine by column
// list), never recomputed per row.

type structPlan struct {
	fields []planField
	adapt  bool
}

type planField struct {
	offset  uintptr
	typ     reflect.Type
	ptrType unsafe.Pointer // the runtime type of *typ, for pointerTo
	colType sqltype.Type
	adapt   bool
}

// eface is the layout of an interface value holding a non-method type.
type eface struct {
	typ, data unsafe.Pointer
}

// ptrTypeOf returns the runtime type word of *t, computed once per plan
// field so scanning does not look it up per row (reflect.NewAt would).
func ptrTypeOf(t reflect.Type) unsafe.Pointer {
	proto := reflect.New(t).Interface()
	return (*eface)(unsafe.Pointer(&proto)).typ
}

// pointerTo returns p as an `any` holding a pointer of the field's type.
func (f *planField) pointerTo(p unsafe.Pointer) any {
	var v any
	e := (*eface)(unsafe.Pointer(&v))
	e.typ, e.data = f.ptrType, p
	return v
}

type planKey struct {
	t    reflect.Type
	cols string
}

// planCache keeps scan plans for statements without a compiled column
// list (Text), keyed by struct type and column names. It is bounded: when
// it grows past maxPlans (a program building Text with ever-new column
// lists), it starts over.
type planCache struct {
	m sync.Map
	n atomic.Int64
}

const maxPlans = 1000

func (c *planCache) store(key planKey, p *structPlan) {
	if c.n.Add(1) > maxPlans {
		c.m.Clear()
		c.n.Store(1)
	}
	c.m.Store(key, p)
}

// fieldInfo is a struct field reachable by a column name.
type fieldInfo struct {
	offset uintptr
	typ    reflect.Type
	depth  int
}

// structFields maps column names to the fields of t: the `db` tag's name,
// or the snake_case field name; embedded structs (not pointers) are
// flattened, and a shallower field wins a name.
func structFields(t reflect.Type) (map[string]fieldInfo, error) {
	out := map[string]fieldInfo{}
	var walk func(t reflect.Type, base uintptr, depth int) error
	walk = func(t reflect.Type, base uintptr, depth int) error {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := f.Tag.Get("db")
			name, _, _ := strings.Cut(tag, ",")
			if name == "-" {
				continue
			}
			if f.Anonymous && name == "" {
				ft := f.Type
				if ft.Kind() == reflect.Pointer {
					return fmt.Errorf("engine: %s embeds *%s; embed structs by value to scan into them", t, ft.Elem())
				}
				if ft.Kind() == reflect.Struct && !isScalarType(ft) {
					if err := walk(ft, base+f.Offset, depth+1); err != nil {
						return err
					}
					continue
				}
			}
			if !f.IsExported() {
				continue
			}
			if name == "" {
				name = core.SnakeCase(f.Name)
			}
			if old, ok := out[name]; ok && old.depth <= depth {
				continue
			}
			out[name] = fieldInfo{offset: base + f.Offset, typ: f.Type, depth: depth}
		}
		return nil
	}
	return out, walk(t, 0, 0)
}

func buildPlan(t reflect.Type, cols []string, types []sqltype.Type) (*structPlan, error) {
	fields, err := structFields(t)
	if err != nil {
		return nil, err
	}
	p := &structPlan{fields: make([]planField, len(cols))}
	for i, c := range cols {
		f, ok := fields[c]
		if !ok {
			return nil, &ScanError{Column: c, Msg: fmt.Sprintf("%s has no field for this column (name a field %q or tag it db:%q)", t, c, c)}
		}
		var ct sqltype.Type
		if types != nil {
			ct = types[i]
		}
		pf := planField{offset: f.offset, typ: f.typ, ptrType: ptrTypeOf(f.typ), colType: ct, adapt: needsAdapt(ct, f.typ)}
		p.adapt = p.adapt || pf.adapt
		p.fields[i] = pf
	}
	return p, nil
}

// plan returns the scan plan of struct type t for r's columns.
func (r *Result) plan(t reflect.Type) (*structPlan, error) {
	if r.cs != nil && r.cs.Columns != nil {
		if v, ok := r.cs.Memo(t); ok {
			return v.(*structPlan), nil
		}
		types := make([]sqltype.Type, len(r.cs.Columns))
		for i, c := range r.cs.Columns {
			types[i] = c.Type
		}
		p, err := buildPlan(t, r.Columns(), types)
		if err != nil {
			return nil, err
		}
		return r.cs.SetMemo(t, p).(*structPlan), nil
	}
	cols := r.Columns()
	key := planKey{t: t, cols: strings.Join(cols, "\x00")}
	if v, ok := r.e.plans.m.Load(key); ok {
		return v.(*structPlan), nil
	}
	p, err := buildPlan(t, cols, nil)
	if err != nil {
		return nil, err
	}
	r.e.plans.store(key, p)
	return p, nil
}

// scanStruct scans the current row into the struct at base using p.
func (r *Result) scanStruct(p *structPlan, base unsafe.Pointer, dests []any) error {
	for i := range p.fields {
		f := &p.fields[i]
		ptr := f.pointerTo(unsafe.Add(base, f.offset))
		if f.adapt {
			ptr, _ = adaptDest(f.colType, ptr)
		}
		dests[i] = ptr
	}
	if err := r.rows.Scan(dests...); err != nil {
		return &ScanError{Err: err}
	}
	return nil
}

// ScanStruct stores the current row into the struct dest points to,
// matching columns to fields by name (the `db` tag or the snake_case field
// name). A column without a field is an error; fields without a column are
// left alone.
func (r *Result) ScanStruct(dest any) error {
	if r.done || !r.live() {
		return ErrClosed
	}
	v := reflect.ValueOf(dest)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return &ScanError{Msg: fmt.Sprintf("ScanStruct needs a non-nil pointer to a struct, got %T", dest)}
	}
	p, err := r.plan(v.Elem().Type())
	if err != nil {
		return err
	}
	return r.scanStruct(p, v.UnsafePointer(), make([]any, len(p.fields)))
}

var scannerType = reflect.TypeFor[sql.Scanner]()

// isScalarType reports whether values of t are scanned from one column
// rather than mapped field by field.
func isScalarType(t reflect.Type) bool {
	if t.Kind() != reflect.Struct {
		return true
	}
	if t == reflect.TypeFor[time.Time]() || reflect.PointerTo(t).Implements(scannerType) {
		return true
	}
	return t.PkgPath() == "database/sql" && strings.HasPrefix(t.Name(), "Null")
}
