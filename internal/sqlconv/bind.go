package sqlconv

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/sqltype"
)

// Bind does what every dialect does to a value bound as SQL type t (nil
// when unknown) before choosing its own representation: it normalizes the
// value, checks it (an enum value outside the set, a UUID that does not
// parse, an integer above int64), truncates times to microseconds, parses a
// UUID given as text into a core.UUID, and turns JSON documents into their
// text. The result is one of Normalize's canonical values (JSON as a
// string); errors are *core.ValueError. It also returns t's kind.
func Bind(v any, t sqltype.Type) (any, sqltype.TypeKind, error) {
	kind := sqltype.KindInvalid
	if t != nil {
		kind = t.Kind()
	}
	v, err := Normalize(v)
	if err != nil {
		return nil, kind, err
	}
	switch x := v.(type) {
	case nil, int64, float64, bool, core.Decimal, core.UUID, core.TimeOfDay:
		return v, kind, nil
	case string:
		switch kind {
		case sqltype.KindEnum:
			if e := t.(sqltype.Enum); !e.Has(x) {
				return nil, kind, &core.ValueError{Type: e.String(), Want: "one of " + strings.Join(e.Values, ", "), Got: strconv.Quote(x)}
			}
		case sqltype.KindUUID:
			// Stored as a core.UUID is, so both compare equal.
			u, err := core.ParseUUID(x)
			if err != nil {
				return nil, kind, &core.ValueError{Type: t.String(), Want: "a UUID", Got: strconv.Quote(x), Err: err}
			}
			return u, kind, nil
		}
		return v, kind, nil
	case []byte:
		if kind == sqltype.KindJSON {
			return string(x), kind, nil
		}
		return v, kind, nil
	case json.RawMessage:
		return string(x), kind, nil
	case uint64:
		return nil, kind, &core.ValueError{Type: typeString(t), Want: "an integer up to 9223372036854775807", Got: strconv.FormatUint(x, 10)}
	case time.Time:
		return x.Truncate(time.Microsecond), kind, nil
	}
	if kind == sqltype.KindArray && isScalarSlice(v) {
		// An array (PostgreSQL): the driver encodes slices of scalars.
		return v, kind, nil
	}
	if kind == sqltype.KindJSON || kind == sqltype.KindInvalid {
		s, err := JSONText(v)
		return s, kind, err
	}
	return nil, kind, &core.ValueError{Type: typeString(t), Got: fmt.Sprintf("%T", v), Want: "a value of the column's type"}
}

func typeString(t sqltype.Type) string {
	if t == nil {
		return ""
	}
	return t.String()
}

// isScalarSlice reports whether v is a slice of strings, integers, floats
// or booleans: an array value the drivers encode themselves.
func isScalarSlice(v any) bool {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice {
		return false
	}
	switch rv.Type().Elem().Kind() {
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint16, reflect.Uint32, reflect.Float32, reflect.Float64:
		return true
	}
	return false
}
