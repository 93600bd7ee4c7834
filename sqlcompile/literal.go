package sqlcompile

import (
	"encoding/hex"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/retort-go/retort/core"
)

// QuoteString returns s as a SQL string literal with the dialect's escaping:
// quotes doubled, and backslashes doubled where they escape (MySQL).
// A NUL byte cannot appear in a literal and is an error.
func (d *Dialect) QuoteString(s string) (string, error) {
	if strings.IndexByte(s, 0) >= 0 {
		return "", fmt.Errorf("sqlcompile: a string literal cannot hold a NUL byte")
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\'':
			b.WriteString("''")
		case '\\':
			if d.BackslashEscapes {
				b.WriteString(`\\`)
			} else {
				b.WriteByte('\\')
			}
		default:
			b.WriteByte(s[i])
		}
	}
	b.WriteByte('\'')
	return b.String(), nil
}

// Literal renders a Go value as a SQL literal for this dialect. It is for
// DDL defaults and for reading statements, never for executing values.
func (d *Dialect) Literal(v any) (string, error) {
	switch v := v.(type) {
	case nil:
		return "NULL", nil
	case bool:
		switch {
		case d.NativeBoolean && v:
			return "true", nil
		case d.NativeBoolean:
			return "false", nil
		case v:
			return "1", nil
		}
		return "0", nil
	case string:
		return d.QuoteString(v)
	case core.Decimal:
		return v.String(), nil
	case core.UUID:
		if d.NativeUUID {
			return d.QuoteString(v.String())
		}
		return d.QuoteString(v.Hex())
	case core.TimeOfDay:
		return d.QuoteString(v.String())
	case time.Time:
		return d.QuoteString(v.UTC().Format("2006-01-02 15:04:05.999999"))
	case []byte:
		if d.HexBytesPrefix == "" {
			return "X'" + hex.EncodeToString(v) + "'", nil
		}
		return d.HexBytesPrefix + hex.EncodeToString(v) + "'", nil
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(rv.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(rv.Uint(), 10), nil
	case reflect.Float32, reflect.Float64:
		f := rv.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return "", fmt.Errorf("sqlcompile: %v has no portable SQL literal", f)
		}
		lit := strconv.FormatFloat(f, 'g', -1, 64)
		if d.FloatExponent && !strings.ContainsAny(lit, "eE") {
			lit += "e0"
		}
		return lit, nil
	case reflect.String:
		return d.QuoteString(rv.String())
	case reflect.Bool:
		return d.Literal(rv.Bool())
	}
	return "", fmt.Errorf("sqlcompile: no SQL literal for a value of type %T", v)
}

func (c *Compiler) literal(v any) {
	s, err := c.d.Literal(v)
	if err != nil {
		c.Fail(err)
		return
	}
	c.sb.WriteString(s)
}
