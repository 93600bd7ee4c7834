package sqlconv

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/retort-go/retort/core"
)

// Assign stores src, a value read from a database/sql-style driver (nil,
// int64, float64, bool, []byte, string or time.Time), into the variable dest
// points to. It converts what can be converted without loss: numbers from
// text, booleans from 0/1, times from the text forms SQLite and MySQL use,
// JSON text into structs, maps and slices, and NULL into pointers and
// sql.Null values. Anything else, including NULL into a plain value and an
// integer that does not fit, is an error naming both types.
func Assign(dest, src any) error {
	switch d := dest.(type) {
	case *any:
		if b, ok := src.([]byte); ok {
			src = cloneBytes(b)
		}
		*d = src
		return nil
	case *string:
		if s, ok := toString(src); ok {
			*d = s
			return nil
		}
	case *[]byte:
		switch s := src.(type) {
		case []byte:
			*d = cloneBytes(s)
			return nil
		case string:
			*d = []byte(s)
			return nil
		case nil:
			*d = nil
			return nil
		}
	case *int64:
		if n, ok, err := toInt(src, 64); ok {
			*d = n
			return err
		}
	case *int:
		if n, ok, err := toInt(src, strconv.IntSize); ok {
			*d = int(n)
			return err
		}
	case *int32:
		if n, ok, err := toInt(src, 32); ok {
			*d = int32(n)
			return err
		}
	case *float64:
		if f, ok, err := toFloat(src); ok {
			*d = f
			return err
		}
	case *bool:
		if b, ok, err := toBool(src); ok {
			*d = b
			return err
		}
	case *time.Time:
		if t, ok, err := toTime(src); ok {
			*d = t
			return err
		}
	case sql.Scanner:
		// database/sql's Null types scan with convertAssign, which cannot
		// read SQLite's text into a json.RawMessage or a time.Time; give
		// their value the conversions a plain destination gets.
		if !isSQLNull(reflect.TypeOf(dest).Elem()) {
			return d.Scan(src)
		}
	}
	return assignReflect(dest, src)
}

// isSQLNull reports whether t is sql.Null[T] or one of the older
// sql.NullString family: a value field first, then Valid.
func isSQLNull(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && t.PkgPath() == "database/sql" && strings.HasPrefix(t.Name(), "Null") &&
		t.NumField() == 2 && t.Field(1).Name == "Valid"
}

// cloneBytes copies b into a new slice that is never nil: src holding a
// []byte at all means the value was not NULL (NULL is a nil src), so empty
// bytes must stay distinguishable from NULL even if the driver gave a nil slice.
func cloneBytes(b []byte) []byte {
	return append(make([]byte, 0, len(b)), b...)
}

// toString renders the values a string destination accepts: text, numbers,
// booleans, times and Retort's own value types.
func toString(src any) (string, bool) {
	switch s := src.(type) {
	case string:
		return s, true
	case []byte:
		return string(s), true
	case int64:
		return strconv.FormatInt(s, 10), true
	case float64:
		return strconv.FormatFloat(s, 'g', -1, 64), true
	case bool:
		return strconv.FormatBool(s), true
	case time.Time:
		return s.Format(time.RFC3339Nano), true
	case core.Decimal:
		return s.String(), true
	case core.UUID:
		return s.String(), true
	case core.TimeOfDay:
		return s.String(), true
	}
	return "", false
}

func toInt(src any, bits int) (int64, bool, error) {
	var n int64
	switch s := src.(type) {
	case int64:
		n = s
	case []byte, string:
		str := asString(s)
		v, err := strconv.ParseInt(strings.TrimSpace(str), 10, 64)
		if err != nil {
			return 0, true, fmt.Errorf("sqlconv: cannot read %q as an integer", str)
		}
		n = v
	case float64:
		if s != math.Trunc(s) || math.Abs(s) > 1<<62 {
			return 0, true, fmt.Errorf("sqlconv: %v is not an integer", s)
		}
		n = int64(s)
	case bool:
		if s {
			n = 1
		}
	case core.Decimal:
		// PostgreSQL's sum of integers is numeric: read it when it is whole.
		r := s.Rat()
		if !r.IsInt() || !r.Num().IsInt64() {
			return 0, true, fmt.Errorf("sqlconv: %s is not an integer that fits in int64", s)
		}
		n = r.Num().Int64()
	default:
		return 0, false, nil
	}
	if bits < 64 {
		lim := int64(1) << (bits - 1)
		if n < -lim || n >= lim {
			return 0, true, fmt.Errorf("sqlconv: %d does not fit in int%d", n, bits)
		}
	}
	return n, true, nil
}

func toUint(src any, bits int) (uint64, bool, error) {
	switch s := src.(type) {
	case int64:
		if s < 0 {
			return 0, true, fmt.Errorf("sqlconv: %d is negative", s)
		}
		return checkUint(uint64(s), bits)
	case []byte, string:
		str := asString(s)
		v, err := strconv.ParseUint(strings.TrimSpace(str), 10, 64)
		if err != nil {
			return 0, true, fmt.Errorf("sqlconv: cannot read %q as an unsigned integer", str)
		}
		return checkUint(v, bits)
	}
	return 0, false, nil
}

func checkUint(u uint64, bits int) (uint64, bool, error) {
	if bits < 64 && u >= uint64(1)<<bits {
		return 0, true, fmt.Errorf("sqlconv: %d does not fit in uint%d", u, bits)
	}
	return u, true, nil
}

func toFloat(src any) (float64, bool, error) {
	switch s := src.(type) {
	case float64:
		return s, true, nil
	case float32: // MySQL's FLOAT, read with the binary protocol
		return float64(s), true, nil
	case int64:
		return float64(s), true, nil
	case core.Decimal:
		// A float is approximate by choice: the nearest one.
		f, _ := s.Float64()
		return f, true, nil
	case []byte, string:
		str := asString(s)
		f, err := strconv.ParseFloat(strings.TrimSpace(str), 64)
		if err != nil {
			return 0, true, fmt.Errorf("sqlconv: cannot read %q as a number", str)
		}
		return f, true, nil
	}
	return 0, false, nil
}

// CheckFloat32 reports an error for a finite value beyond float32's range,
// which would otherwise become an infinity.
func CheckFloat32(f float64) error {
	if !math.IsInf(f, 0) && !math.IsNaN(f) && math.Abs(f) > math.MaxFloat32 {
		return fmt.Errorf("sqlconv: %g does not fit in a float32", f)
	}
	return nil
}

func toBool(src any) (bool, bool, error) {
	switch s := src.(type) {
	case bool:
		return s, true, nil
	case int64:
		if s != 0 && s != 1 {
			return false, true, fmt.Errorf("sqlconv: %d is not a boolean (0 or 1)", s)
		}
		return s == 1, true, nil
	case []byte, string:
		str := asString(s)
		b, err := strconv.ParseBool(str)
		if err != nil {
			return false, true, fmt.Errorf("sqlconv: cannot read %q as a boolean", str)
		}
		return b, true, nil
	}
	return false, false, nil
}

// timeLayouts are the text forms of dates and times the drivers return:
// Retort's own SQLite storage, SQLite's CURRENT_TIMESTAMP, MySQL's DATETIME,
// and RFC 3339 with or without a zone.
var timeLayouts = []string{
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999",
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999 -0700 MST",
	"2006-01-02 15:04",
	"2006-01-02",
}

// ParseTime reads a date or timestamp in one of the forms the drivers
// return; text without a zone is UTC.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range timeLayouts {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("sqlconv: cannot read %q as a time", s)
}

func toTime(src any) (time.Time, bool, error) {
	switch s := src.(type) {
	case time.Time:
		return s, true, nil
	case []byte, string:
		t, err := ParseTime(asString(s))
		return t, true, err
	}
	return time.Time{}, false, nil
}

func asString(s any) string {
	if b, ok := s.([]byte); ok {
		return string(b)
	}
	return s.(string)
}

var (
	scannerType = reflect.TypeFor[sql.Scanner]()
	timeType    = reflect.TypeFor[time.Time]()
	rawJSONType = reflect.TypeFor[json.RawMessage]()
)

// assignReflect handles destinations by kind: pointers (NULL becomes nil),
// sql.Null values, named types, other integer sizes, and JSON documents.
func assignReflect(dest, src any) error {
	dv := reflect.ValueOf(dest)
	if dv.Kind() != reflect.Pointer || dv.IsNil() {
		return fmt.Errorf("sqlconv: destination %T is not a non-nil pointer", dest)
	}
	v := dv.Elem()
	t := v.Type()
	if t.Kind() == reflect.Pointer {
		if src == nil {
			v.SetZero()
			return nil
		}
		p := reflect.New(t.Elem())
		if err := Assign(p.Interface(), src); err != nil {
			return err
		}
		v.Set(p)
		return nil
	}
	if isSQLNull(t) {
		valid := v.FieldByName("Valid")
		if src == nil {
			v.SetZero()
			return nil
		}
		if err := Assign(v.Field(0).Addr().Interface(), src); err != nil {
			return err
		}
		valid.SetBool(true)
		return nil
	}
	if src == nil {
		return fmt.Errorf("sqlconv: cannot store NULL in %s (use a pointer or sql.Null)", t)
	}
	switch t.Kind() {
	case reflect.String:
		s, ok := toString(src)
		if !ok {
			break
		}
		v.SetString(s)
		return nil
	case reflect.Bool:
		b, ok, err := toBool(src)
		if !ok {
			break
		}
		if err == nil {
			v.SetBool(b)
		}
		return err
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok, err := toInt(src, t.Bits())
		if !ok {
			break
		}
		if err == nil {
			v.SetInt(n)
		}
		return err
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, ok, err := toUint(src, t.Bits())
		if !ok {
			break
		}
		if err == nil {
			v.SetUint(n)
		}
		return err
	case reflect.Float32:
		f, ok, err := toFloat(src)
		if !ok {
			break
		}
		if err == nil {
			err = CheckFloat32(f)
		}
		if err == nil {
			v.SetFloat(f)
		}
		return err
	case reflect.Float64:
		f, ok, err := toFloat(src)
		if !ok {
			break
		}
		if err == nil {
			v.SetFloat(f)
		}
		return err
	case reflect.Array:
		// [16]byte, a UUID's bytes: from the hex or dashed text that
		// MySQL and SQLite store, or from 16 raw bytes.
		if t.Len() == 16 && t.Elem().Kind() == reflect.Uint8 {
			var u core.UUID
			if err := u.Scan(src); err != nil {
				return fmt.Errorf("sqlconv: cannot store %T in %s: %w", src, t, err)
			}
			reflect.Copy(v, reflect.ValueOf(u[:]))
			return nil
		}
	}
	// JSON documents: text or bytes into a struct, map or slice.
	if s, ok := src.(string); ok {
		src = []byte(s)
	}
	if b, ok := src.([]byte); ok && isJSONTarget(t) {
		if t == rawJSONType {
			v.SetBytes(append([]byte(nil), b...))
			return nil
		}
		if err := json.Unmarshal(b, dest); err != nil {
			return fmt.Errorf("sqlconv: decoding JSON into %s: %w", t, err)
		}
		return nil
	}
	return fmt.Errorf("sqlconv: cannot store %T in %s", src, t)
}

func isJSONTarget(t reflect.Type) bool {
	if t == timeType || reflect.PointerTo(t).Implements(scannerType) {
		return false
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map, reflect.Slice, reflect.Interface:
		return true
	}
	return false
}
