// Package sqlconv converts values between Go and the drivers: Normalize
// reduces a bound Go value to a few canonical types before a dialect
// converts it for its driver, and Assign stores a value read from a
// database/sql-style driver into a destination pointer. The PostgreSQL
// dialect lets pgx scan; MySQL and SQLite use Assign.
package sqlconv

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"time"

	"github.com/retort-go/retort/core"
)

// Normalize returns v as one of: nil, int64, uint64 (only above
// math.MaxInt64), float64, bool, string, []byte, time.Time, core.Decimal,
// core.UUID, core.TimeOfDay, json.RawMessage, or — for a struct, map or
// slice that is none of those — v itself (a JSON document). Pointers are
// followed, sql.Null values and driver.Valuers are unwrapped, and named
// types are reduced to their underlying kind.
func Normalize(v any) (any, error) { return normalize(v, 0) }

func normalize(v any, depth int) (any, error) {
	if depth > 8 {
		return nil, fmt.Errorf("sqlconv: %T: Value methods nest too deeply", v)
	}
	switch x := v.(type) {
	case nil, int64, float64, bool, string, time.Time, core.Decimal, core.UUID, core.TimeOfDay, json.RawMessage:
		return v, nil
	case *string:
		// What the ORM binds a field by (its address); nil is NULL.
		if x == nil {
			return nil, nil
		}
		return *x, nil
	case *int64:
		if x == nil {
			return nil, nil
		}
		return *x, nil
	case *bool:
		if x == nil {
			return nil, nil
		}
		return *x, nil
	case *float64:
		if x == nil {
			return nil, nil
		}
		return *x, nil
	case []byte:
		if x == nil {
			return nil, nil
		}
		return x, nil
	case int:
		return int64(x), nil
	case int32:
		return int64(x), nil
	case int16:
		return int64(x), nil
	case int8:
		return int64(x), nil
	case uint8:
		return int64(x), nil
	case uint16:
		return int64(x), nil
	case uint32:
		return int64(x), nil
	case uint:
		return fromUint(uint64(x)), nil
	case uint64:
		return fromUint(x), nil
	case float32:
		return float64(x), nil
	case driver.Valuer:
		rv := reflect.ValueOf(v)
		if rv.Kind() == reflect.Pointer {
			if rv.IsNil() {
				return nil, nil
			}
			// *core.UUID, *core.Decimal, ...: their Value method would
			// reduce them to text (a dashed UUID, an unscaled decimal)
			// before the dialect sees what they are.
			if rv.Elem().Type().Implements(valuerType) {
				return normalize(rv.Elem().Interface(), depth+1)
			}
		}
		// sql.Null[T]: likewise, the value inside, not its Value text.
		if isSQLNull(rv.Type()) {
			if !rv.Field(1).Bool() {
				return nil, nil
			}
			return normalize(rv.Field(0).Interface(), depth+1)
		}
		dv, err := x.Value()
		if err != nil {
			return nil, err
		}
		return normalize(dv, depth+1)
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer:
		if rv.IsNil() {
			return nil, nil
		}
		return normalize(rv.Elem().Interface(), depth+1)
	case reflect.Bool:
		return rv.Bool(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return fromUint(rv.Uint()), nil
	case reflect.Float32, reflect.Float64:
		return rv.Float(), nil
	case reflect.String:
		return rv.String(), nil
	case reflect.Slice:
		if rv.Type().Elem().Kind() == reflect.Uint8 {
			if rv.IsNil() {
				return nil, nil
			}
			return rv.Bytes(), nil
		}
		if rv.IsNil() {
			return nil, nil
		}
	case reflect.Map:
		if rv.IsNil() {
			return nil, nil
		}
	case reflect.Array:
		if rv.Len() == 16 && rv.Type().Elem().Kind() == reflect.Uint8 {
			var u core.UUID
			reflect.Copy(reflect.ValueOf(&u).Elem(), rv)
			return u, nil
		}
	}
	return v, nil
}

var valuerType = reflect.TypeFor[driver.Valuer]()

func fromUint(u uint64) any {
	if u > math.MaxInt64 {
		return u
	}
	return int64(u)
}

// JSONText returns the JSON text for a value bound to a JSON column: a
// string, []byte or json.RawMessage is taken as JSON text already; anything
// else is encoded with encoding/json.
func JSONText(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case []byte:
		return string(x), nil
	case json.RawMessage:
		return string(x), nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("sqlconv: encoding %T as JSON: %w", v, err)
	}
	return string(b), nil
}

// NaiveUTC returns the wall clock of t as a time in UTC, for columns that
// store a timestamp without time zone.
func NaiveUTC(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}

// DateUTC returns the date of t (its wall-clock date) at midnight UTC.
func DateUTC(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
