package core

import (
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"github.com/retort-go/retort/sqltype"
	"math"
	"reflect"
	"strings"
	"time"
)

// EnumValuer is implemented by a Go string type whose column is an Enum:
//
//	type Mood string
//	func (Mood) EnumValues() []string { return []string{"sad", "ok", "happy"} }
//
// The PostgreSQL type name is the snake_case Go type name ("mood") unless the
// type also has an EnumName() string method.
type EnumValuer interface {
	EnumValues() []string
}

var (
	timeType      = reflect.TypeFor[time.Time]()
	decimalType   = reflect.TypeFor[Decimal]()
	uuidType      = reflect.TypeFor[UUID]()
	timeOfDayType = reflect.TypeFor[TimeOfDay]()
	rawJSONType   = reflect.TypeFor[json.RawMessage]()
	bytesType     = reflect.TypeFor[[]byte]()
	scannerType   = reflect.TypeFor[sql.Scanner]()
	valuerType    = reflect.TypeFor[driver.Valuer]()
	enumType      = reflect.TypeFor[EnumValuer]()
	anyType       = reflect.TypeFor[any]()
)

// nullableBase unwraps the ways Go spells a nullable value: *T, sql.Null[T]
// and the older sql.NullString family. It returns the underlying value type
// and whether t was such a wrapper.
func nullableBase(t reflect.Type) (reflect.Type, bool) {
	if t.Kind() == reflect.Pointer {
		return t.Elem(), true
	}
	if t.Kind() == reflect.Struct && t.PkgPath() == "database/sql" && strings.HasPrefix(t.Name(), "Null") {
		if f, ok := t.FieldByName("V"); ok { // sql.Null[T]
			return f.Type, true
		}
		if t.NumField() == 2 && t.Field(1).Name == "Valid" { // NullString, NullInt64, ...
			return t.Field(0).Type, true
		}
	}
	return t, false
}

// IsNullValue reports whether v is SQL NULL: nil, a nil pointer, or an
// invalid sql.Null value.
func IsNullValue(v any) bool {
	switch v.(type) {
	case nil:
		return true
	case int64, int, int32, string, bool, float64, time.Time, Decimal, UUID:
		return false
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Interface:
		return rv.IsNil()
	case reflect.Slice:
		return rv.IsNil() && rv.Type() == bytesType
	case reflect.Struct:
		t := rv.Type()
		if t.PkgPath() == "database/sql" && strings.HasPrefix(t.Name(), "Null") {
			if f := rv.FieldByName("Valid"); f.IsValid() && f.Kind() == reflect.Bool {
				return !f.Bool()
			}
		}
	}
	return false
}

// sqlTypeFor derives the SQL type of a Go type, as used when a struct tag
// names no type. base is the value type with any nullable wrapper removed.
func sqlTypeFor(t reflect.Type, size int) (typ sqltype.Type, base reflect.Type, nullable bool, err error) {
	base, nullable = nullableBase(t)
	if base.Implements(enumType) && base.Kind() == reflect.String {
		return enumFor(base), base, nullable, nil
	}
	switch base {
	case timeType:
		return sqltype.Timestamp{TimeZone: true}, base, nullable, nil
	case decimalType:
		return sqltype.Numeric{}, base, nullable, nil
	case uuidType:
		return sqltype.UUID{}, base, nullable, nil
	case timeOfDayType:
		return sqltype.Time{}, base, nullable, nil
	case rawJSONType:
		return sqltype.JSON{}, base, nullable, nil
	}
	switch base.Kind() {
	case reflect.Bool:
		return sqltype.Boolean{}, base, nullable, nil
	case reflect.Int8, reflect.Int16, reflect.Uint8:
		return sqltype.SmallInt{}, base, nullable, nil
	case reflect.Int32, reflect.Uint16:
		return sqltype.Integer{}, base, nullable, nil
	case reflect.Int, reflect.Int64, reflect.Uint32:
		return sqltype.BigInt{}, base, nullable, nil
	case reflect.Float32:
		return sqltype.Float{}, base, nullable, nil
	case reflect.Float64:
		return sqltype.Double{}, base, nullable, nil
	case reflect.String:
		if size > 0 {
			return sqltype.String{Length: size}, base, nullable, nil
		}
		return sqltype.Text{}, base, nullable, nil
	case reflect.Slice:
		if base.Elem().Kind() == reflect.Uint8 {
			return sqltype.Binary{Length: size}, base, nullable, nil
		}
		// []T is an array of T's type (PostgreSQL).
		if elem, _, _, err := sqlTypeFor(base.Elem(), size); err == nil && elem.Kind() != sqltype.KindArray && elem.Kind() != sqltype.KindBinary {
			return sqltype.Array{Elem: elem}, base, nullable, nil
		}
	case reflect.Uint, reflect.Uint64:
		return nil, base, nullable, fmt.Errorf("Go type %s has values no SQL integer holds; use int64 or set type= in the tag", base)
	}
	if reflect.PointerTo(base).Implements(scannerType) {
		return nil, base, nullable, fmt.Errorf("Go type %s scans itself; say which SQL type stores it with type= in the tag", base)
	}
	return nil, base, nullable, fmt.Errorf("no SQL type for Go type %s; set type= in the tag (type=json stores it as JSON)", base)
}

func enumFor(t reflect.Type) sqltype.Enum {
	v := reflect.Zero(t).Interface()
	e := sqltype.Enum{Values: v.(EnumValuer).EnumValues()}
	if n, ok := v.(interface{ EnumName() string }); ok {
		e.Name = n.EnumName()
	} else {
		e.Name = SnakeCase(t.Name())
	}
	return e
}

// checkGoType reports whether values of Go type base can be stored in a
// column of type t.
func checkGoType(t sqltype.Type, base reflect.Type) error {
	if base.Implements(valuerType) && reflect.PointerTo(base).Implements(scannerType) &&
		base != decimalType && base != uuidType && base != timeOfDayType {
		return nil // the type converts itself
	}
	ok := false
	k := base.Kind()
	switch t.Kind() {
	case sqltype.KindSmallInt, sqltype.KindInteger, sqltype.KindBigInt:
		ok = isIntKind(k)
	case sqltype.KindFloat, sqltype.KindDouble:
		ok = k == reflect.Float32 || k == reflect.Float64
	case sqltype.KindNumeric:
		ok = base == decimalType || k == reflect.String || k == reflect.Float64 || isIntKind(k)
	case sqltype.KindString, sqltype.KindText, sqltype.KindEnum:
		ok = k == reflect.String
	case sqltype.KindBoolean:
		ok = k == reflect.Bool
	case sqltype.KindDate, sqltype.KindTimestamp, sqltype.KindTimestampTZ:
		ok = base == timeType
	case sqltype.KindTime:
		ok = base == timeOfDayType || k == reflect.String
	case sqltype.KindBinary:
		ok = k == reflect.Slice && base.Elem().Kind() == reflect.Uint8
	case sqltype.KindJSON:
		ok = true // encoding/json decides
	case sqltype.KindUUID:
		ok = base == uuidType || k == reflect.String || (k == reflect.Array && base.Len() == 16 && base.Elem().Kind() == reflect.Uint8)
	case sqltype.KindCustom:
		ok = base == t.(*sqltype.CustomType).GoType()
	case sqltype.KindArray:
		ok = k == reflect.Slice && base.Elem().Kind() != reflect.Uint8
	}
	if !ok {
		return fmt.Errorf("Go type %s cannot hold SQL type %s", base, t)
	}
	return nil
}

func isIntKind(k reflect.Kind) bool {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// CheckValue reports whether v may be written to column c: nil (or another
// NULL) only if c is nullable, otherwise a value its Go type accepts. Integers
// of any size are accepted for integer columns if they are in range. It
// returns a *ValueError otherwise.
func CheckValue(c *ColumnDef, v any) error {
	if IsNullValue(v) {
		if !c.nullable && !c.autoincrement {
			return &ValueError{Column: c.FullName(), Want: "a value (the column is NOT NULL)", Got: "NULL"}
		}
		return nil
	}
	vt := reflect.TypeOf(v)
	if vt == c.goType || c.goType == anyType && c.typ.Kind() != sqltype.KindCustom {
		return rangeCheck(c, v)
	}
	base, _ := nullableBase(c.goType)
	if vt == base {
		return rangeCheck(c, v)
	}
	if c.typ.Kind() == sqltype.KindCustom {
		if vt == c.typ.(*sqltype.CustomType).GoType() {
			return nil
		}
		return &ValueError{Column: c.FullName(), Type: c.typ.String(), Want: c.typ.(*sqltype.CustomType).GoType().String(), Got: vt.String()}
	}
	if vb, _ := nullableBase(vt); vb == base {
		return rangeCheck(c, v)
	}
	if err := checkGoType(c.typ, vt); err == nil {
		return rangeCheck(c, v)
	}
	return &ValueError{Column: c.FullName(), Type: c.typ.String(), Want: c.goType.String(), Got: vt.String()}
}

// rangeCheck rejects integers that do not fit the column's SQL integer type.
// (Enum values are checked when they are bound, for every path.)
func rangeCheck(c *ColumnDef, v any) error {
	var lo, hi int64
	switch c.typ.Kind() {
	case sqltype.KindNumeric:
		return precisionCheck(c, v)
	case sqltype.KindSmallInt:
		lo, hi = math.MinInt16, math.MaxInt16
	case sqltype.KindInteger:
		lo, hi = math.MinInt32, math.MaxInt32
	case sqltype.KindBigInt:
		lo, hi = math.MinInt64, math.MaxInt64
	default:
		return nil
	}
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if n := rv.Int(); n < lo || n > hi {
			return &ValueError{Column: c.FullName(), Type: c.typ.String(), Want: fmt.Sprintf("an integer in [%d, %d]", lo, hi), Got: fmt.Sprint(n)}
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if n := rv.Uint(); n > uint64(hi) {
			return &ValueError{Column: c.FullName(), Type: c.typ.String(), Want: fmt.Sprintf("an integer in [%d, %d]", lo, hi), Got: fmt.Sprint(n)}
		}
	}
	return nil
}

// precisionCheck rejects a decimal with more digits before the point than
// a NUMERIC(p, s) column holds (p - s), after rounding to its scale. The
// servers refuse such values; SQLite would silently store them.
func precisionCheck(c *ColumnDef, v any) error {
	n, ok := c.typ.(sqltype.Numeric)
	if !ok || n.Precision == 0 {
		return nil
	}
	var d Decimal
	switch x := v.(type) {
	case Decimal:
		d = x
	case *Decimal:
		if x == nil {
			return nil
		}
		d = *x
	case sql.Null[Decimal]:
		d = x.V
	default:
		rv := reflect.ValueOf(v)
		switch rv.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			d = NewDecimal(rv.Int(), 0)
		default:
			return nil
		}
	}
	if d.Round(n.Scale).IntegerDigits() > n.Precision-n.Scale {
		return &ValueError{Column: c.FullName(), Type: n.String(), Want: fmt.Sprintf("at most %d digits before the decimal point", n.Precision-n.Scale), Got: d.String()}
	}
	return nil
}

// SnakeCase turns a Go name into a SQL one: "UserID" becomes "user_id",
// "HTTPServer" becomes "http_server".
func SnakeCase(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 4)
	rs := []rune(s)
	for i, r := range rs {
		upper := r >= 'A' && r <= 'Z'
		if upper {
			if i > 0 {
				prevLower := rs[i-1] >= 'a' && rs[i-1] <= 'z' || rs[i-1] >= '0' && rs[i-1] <= '9'
				nextLower := i+1 < len(rs) && rs[i+1] >= 'a' && rs[i+1] <= 'z'
				prevUpper := rs[i-1] >= 'A' && rs[i-1] <= 'Z'
				if prevLower || prevUpper && nextLower {
					b.WriteByte('_')
				}
			}
			b.WriteRune(r + ('a' - 'A'))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
