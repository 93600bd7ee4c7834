// Package sqltype defines Retort's SQL column types: the generic types
// (BigInt, String, Numeric, Timestamp, JSON, UUID, Enum, ...) that each
// dialect renders in its own DDL, and custom types with their own value
// conversion (SQLAlchemy's TypeDecorator). Types are small immutable values.
package sqltype

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
)

// TypeKind names a generic SQL type. Compilers read it to render DDL and
// drivers read it to convert values; see the table in docs/core.md for what
// each kind becomes on each dialect.
type TypeKind uint8

// The generic SQL types.
const (
	KindInvalid     TypeKind = iota
	KindSmallInt             // 16-bit integer
	KindInteger              // 32-bit integer
	KindBigInt               // 64-bit integer
	KindFloat                // single-precision float
	KindDouble               // double-precision float
	KindNumeric              // exact decimal with precision and scale
	KindString               // VARCHAR(n)
	KindText                 // unbounded text
	KindBoolean              // true/false
	KindDate                 // calendar date
	KindTime                 // time of day, no zone
	KindTimestamp            // date and time, without time zone
	KindTimestampTZ          // date and time, an instant (with time zone)
	KindBinary               // bytes
	KindJSON                 // JSON document
	KindUUID                 // 128-bit UUID
	KindEnum                 // one of a fixed set of strings
	KindCustom               // a custom type; see NewCustom
	KindArray                // an array of another type (PostgreSQL)
)

var kindNames = [...]string{
	KindInvalid: "invalid", KindSmallInt: "smallint", KindInteger: "integer", KindBigInt: "bigint",
	KindFloat: "float", KindDouble: "double", KindNumeric: "numeric", KindString: "varchar",
	KindText: "text", KindBoolean: "boolean", KindDate: "date", KindTime: "time",
	KindTimestamp: "timestamp", KindTimestampTZ: "timestamptz", KindBinary: "binary",
	KindJSON: "json", KindUUID: "uuid", KindEnum: "enum", KindCustom: "custom",
	KindArray: "array",
}

func (k TypeKind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Type is a SQL column type: one of the generic types below, or a custom type
// made with NewCustom. Types are small immutable values.
type Type interface {
	// Kind reports the generic type.
	Kind() TypeKind
	// String renders the type for messages (not for DDL, which is per dialect).
	String() string
}

// SmallInt is a 16-bit integer column (SMALLINT).
type SmallInt struct{}

// Integer is a 32-bit integer column (INTEGER).
type Integer struct{}

// BigInt is a 64-bit integer column (BIGINT).
type BigInt struct{}

// Float is a single-precision floating-point column (REAL / FLOAT).
type Float struct{}

// Double is a double-precision floating-point column (DOUBLE PRECISION / DOUBLE).
type Double struct{}

// Numeric is an exact decimal column. Precision 0 leaves both unspecified,
// which MySQL refuses (its DECIMAL would default to (10,0)).
type Numeric struct{ Precision, Scale int }

// String is a VARCHAR(Length) column. Length 0 renders VARCHAR without a
// length, which MySQL refuses.
type String struct{ Length int }

// Text is an unbounded text column (TEXT).
type Text struct{}

// Boolean is a true/false column (BOOLEAN; TINYINT(1) on MySQL, 0/1 on SQLite).
type Boolean struct{}

// Date is a calendar date column. Go values are time.Time at midnight UTC.
type Date struct{}

// Time is a time-of-day column without a date or zone; Go values are TimeOfDay.
type Time struct{}

// Timestamp is a date-and-time column. With TimeZone set it stores an instant
// (TIMESTAMP WITH TIME ZONE); without, the wall clock as given. See docs/dialects.md.
type Timestamp struct{ TimeZone bool }

// Binary is a byte-string column. Length 0 is unbounded (BYTEA / BLOB);
// otherwise VARBINARY(Length) where the dialect has it.
type Binary struct{ Length int }

// JSON is a JSON document column. Binary selects JSONB on PostgreSQL and is
// ignored elsewhere.
type JSON struct{ Binary bool }

// UUID is a 128-bit UUID column: native on PostgreSQL, CHAR(32) hex elsewhere.
type UUID struct{}

// Enum is a column holding one of Values. Name is the PostgreSQL type name
// (CREATE TYPE name AS ENUM ...); other dialects use an inline ENUM or a VARCHAR.
type Enum struct {
	Name   string
	Values []string
}

func (SmallInt) Kind() TypeKind { return KindSmallInt }
func (Integer) Kind() TypeKind  { return KindInteger }
func (BigInt) Kind() TypeKind   { return KindBigInt }
func (Float) Kind() TypeKind    { return KindFloat }
func (Double) Kind() TypeKind   { return KindDouble }
func (Numeric) Kind() TypeKind  { return KindNumeric }
func (String) Kind() TypeKind   { return KindString }
func (Text) Kind() TypeKind     { return KindText }
func (Boolean) Kind() TypeKind  { return KindBoolean }
func (Date) Kind() TypeKind     { return KindDate }
func (Time) Kind() TypeKind     { return KindTime }
func (JSON) Kind() TypeKind     { return KindJSON }
func (UUID) Kind() TypeKind     { return KindUUID }
func (Enum) Kind() TypeKind     { return KindEnum }
func (Binary) Kind() TypeKind   { return KindBinary }
func (t Timestamp) Kind() TypeKind {
	if t.TimeZone {
		return KindTimestampTZ
	}
	return KindTimestamp
}

func (SmallInt) String() string { return "smallint" }
func (Integer) String() string  { return "integer" }
func (BigInt) String() string   { return "bigint" }
func (Float) String() string    { return "float" }
func (Double) String() string   { return "double" }
func (t Numeric) String() string {
	if t.Precision == 0 {
		return "numeric"
	}
	return fmt.Sprintf("numeric(%d,%d)", t.Precision, t.Scale)
}
func (t String) String() string {
	if t.Length == 0 {
		return "varchar"
	}
	return fmt.Sprintf("varchar(%d)", t.Length)
}
func (Text) String() string    { return "text" }
func (Boolean) String() string { return "boolean" }
func (Date) String() string    { return "date" }
func (Time) String() string    { return "time" }
func (t Timestamp) String() string {
	if t.TimeZone {
		return "timestamptz"
	}
	return "timestamp"
}
func (t Binary) String() string {
	if t.Length == 0 {
		return "binary"
	}
	return fmt.Sprintf("varbinary(%d)", t.Length)
}
func (t JSON) String() string {
	if t.Binary {
		return "jsonb"
	}
	return "json"
}
func (UUID) String() string   { return "uuid" }
func (t Enum) String() string { return "enum " + t.Name + "(" + strings.Join(t.Values, "|") + ")" }

// Has reports whether v is one of the enum's values.
func (t Enum) Has(v string) bool {
	for _, x := range t.Values {
		if x == v {
			return true
		}
	}
	return false
}

// ErrConversion matches every *ConversionError with errors.Is.
var ErrConversion = errors.New("sqltype: bad value")

// ConversionError reports a value a custom type cannot convert: a Go value
// of the wrong type, or an error from the conversion function.
type ConversionError struct {
	Type string // the custom type's name
	Want string // the Go type expected
	Got  string // the Go type given
	Err  error
}

func (e *ConversionError) Error() string {
	s := "sqltype: " + e.Type + " wants " + e.Want + ", got " + e.Got
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *ConversionError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrConversion) true.
func (e *ConversionError) Is(target error) bool { return target == ErrConversion }

// Array is an array column of Elem values (PostgreSQL; the other dialects
// refuse it). Go values are slices, []int64 for Array{BigInt{}}.
type Array struct{ Elem Type }

// Kind reports KindArray.
func (Array) Kind() TypeKind { return KindArray }

func (t Array) String() string {
	if t.Elem == nil {
		return "array"
	}
	return t.Elem.String() + "[]"
}

// CustomType is a SQL type with its own conversion between a Go type and the
// value of an underlying generic type, like SQLAlchemy's TypeDecorator. Make
// one with NewCustom; the compiler renders Impl in DDL and drivers see
// only values of Impl.
type CustomType struct {
	id     uint64
	name   string
	impl   Type
	goType reflect.Type
	dbType reflect.Type
	toDB   func(any) (any, error)
	fromDB func(any) (any, error)
}

// NewCustom returns a custom type named name, stored as impl. toDB
// converts a Go value to the value written for impl (for example a string for
// Text); fromDB converts what the database returns, scanned as D, back to T.
// Binding a value that is not a T fails with a *ConversionError.
func NewCustom[T, D any](name string, impl Type, toDB func(T) (D, error), fromDB func(D) (T, error)) *CustomType {
	if impl == nil || impl.Kind() == KindCustom || impl.Kind() == KindInvalid {
		panic(fmt.Sprintf("sqltype: custom type %q needs a generic underlying type", name))
	}
	ct := &CustomType{
		id:     customIDs.Add(1),
		name:   name,
		impl:   impl,
		goType: reflect.TypeFor[T](),
		dbType: reflect.TypeFor[D](),
	}
	ct.toDB = func(v any) (any, error) {
		t, ok := v.(T)
		if !ok {
			return nil, &ConversionError{Type: name, Want: ct.goType.String(), Got: typeName(v)}
		}
		d, err := toDB(t)
		if err != nil {
			return nil, &ConversionError{Type: name, Want: ct.goType.String(), Got: typeName(v), Err: err}
		}
		return d, nil
	}
	ct.fromDB = func(src any) (any, error) {
		d, ok := src.(D)
		if !ok {
			return nil, &ConversionError{Type: name, Want: ct.dbType.String(), Got: typeName(src)}
		}
		t, err := fromDB(d)
		if err != nil {
			return nil, &ConversionError{Type: name, Want: ct.goType.String(), Got: typeName(src), Err: err}
		}
		return t, nil
	}
	return ct
}

// customIDs numbers custom types, which may share a name.
var customIDs atomic.Uint64

// ID returns a number that identifies the custom type for the life of the
// process (cache keys use it).
func (t *CustomType) ID() uint64 { return t.id }

// Kind reports KindCustom.
func (t *CustomType) Kind() TypeKind { return KindCustom }

// String returns the custom type's name.
func (t *CustomType) String() string { return t.name }

// Impl returns the generic type the values are stored as.
func (t *CustomType) Impl() Type { return t.impl }

// GoType returns the Go type the custom type converts from and to.
func (t *CustomType) GoType() reflect.Type { return t.goType }

// DBType returns the Go type the driver value is scanned as before FromDB.
func (t *CustomType) DBType() reflect.Type { return t.dbType }

// ToDB converts a Go value to the underlying type's value; a value of the
// wrong Go type gives a *ConversionError.
func (t *CustomType) ToDB(v any) (any, error) { return t.toDB(v) }

// FromDB converts a value scanned as DBType back to GoType.
func (t *CustomType) FromDB(src any) (any, error) { return t.fromDB(src) }

// BaseType returns t's underlying generic type: Impl for a custom type, t otherwise.
func BaseType(t Type) Type {
	if ct, ok := t.(*CustomType); ok {
		return ct.impl
	}
	return t
}

// Parse reads a type name as written in a struct tag: "bigint",
// "varchar(30)", "numeric(20,6)", "timestamptz" and so on.
func Parse(s string) (Type, error) {
	if elem, ok := strings.CutSuffix(strings.TrimSpace(s), "[]"); ok {
		et, err := Parse(elem)
		if err != nil {
			return nil, err
		}
		if et.Kind() == KindArray {
			return nil, fmt.Errorf("type %q: arrays of arrays are not supported", s)
		}
		return Array{Elem: et}, nil
	}
	name, args := s, []int(nil)
	if i := strings.IndexByte(s, '('); i >= 0 {
		if !strings.HasSuffix(s, ")") {
			return nil, fmt.Errorf("type %q: missing )", s)
		}
		name = s[:i]
		for _, a := range strings.Split(s[i+1:len(s)-1], ",") {
			n, err := strconv.Atoi(strings.TrimSpace(a))
			if err != nil || n < 0 {
				return nil, fmt.Errorf("type %q: bad argument %q", s, a)
			}
			args = append(args, n)
		}
	}
	name = strings.ToLower(strings.TrimSpace(name))
	nargs := func(max int) error {
		if len(args) > max {
			return fmt.Errorf("type %q takes at most %d arguments", s, max)
		}
		return nil
	}
	arg := func(i int) int {
		if i < len(args) {
			return args[i]
		}
		return 0
	}
	var t Type
	maxArgs := 0
	switch name {
	case "smallint", "int16":
		t = SmallInt{}
	case "int", "integer", "int32":
		t = Integer{}
	case "bigint", "int64":
		t = BigInt{}
	case "float", "real", "float32":
		t = Float{}
	case "double", "float64", "double precision":
		t = Double{}
	case "numeric", "decimal":
		maxArgs = 2
		t = Numeric{Precision: arg(0), Scale: arg(1)}
	case "varchar", "string":
		maxArgs = 1
		t = String{Length: arg(0)}
	case "text":
		t = Text{}
	case "bool", "boolean":
		t = Boolean{}
	case "date":
		t = Date{}
	case "time":
		t = Time{}
	case "timestamp", "datetime":
		t = Timestamp{}
	case "timestamptz":
		t = Timestamp{TimeZone: true}
	case "binary", "blob", "bytea":
		t = Binary{}
	case "varbinary":
		maxArgs = 1
		t = Binary{Length: arg(0)}
	case "json":
		t = JSON{}
	case "jsonb":
		t = JSON{Binary: true}
	case "uuid":
		t = UUID{}
	default:
		return nil, fmt.Errorf("unknown type %q", s)
	}
	if err := nargs(maxArgs); err != nil {
		return nil, err
	}
	if n, ok := t.(Numeric); ok && n.Scale > n.Precision {
		return nil, fmt.Errorf("type %q: scale is larger than precision", s)
	}
	return t, nil
}

func typeName(v any) string {
	if v == nil {
		return "nil"
	}
	return reflect.TypeOf(v).String()
}
