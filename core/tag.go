package core

import (
	"fmt"
	"github.com/retort-go/retort/sqltype"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// parseTag builds a ColumnSpec from a Column field's `db` tag. The grammar:
//
//	db:"name,option,option=value,..."
//
// name defaults to the snake_case field name. Options: pk, autoincrement,
// autoincrement=false, identity, null, notnull, unique, index, size=N,
// type=T (a type name such as bigint, varchar(20), numeric(20,6),
// timestamptz, json, or one registered with WithType), fk=table.column,
// ondelete=A, onupdate=A (cascade, restrict, setnull, setdefault, noaction),
// default=V (a literal of the Go type, for INSERT), and serverdefault=V (a
// literal rendered in the DDL, or current_timestamp).
func parseTag(md *MetaData, table string, f reflect.StructField, goType reflect.Type) (ColumnSpec, error) {
	fail := func(msg string, err error) (ColumnSpec, error) {
		return ColumnSpec{}, &DefinitionError{Table: table, Field: f.Name, Msg: msg, Err: err}
	}
	tag, _ := f.Tag.Lookup("db")
	parts := splitTag(tag)
	spec := ColumnSpec{Name: strings.TrimSpace(parts[0]), GoType: goType}
	if spec.Name == "" {
		spec.Name = SnakeCase(f.Name)
	}
	if spec.Name == "-" {
		return fail(`a Column field cannot be skipped with db:"-"; remove the field instead`, nil)
	}
	var (
		typeName, defaultLit, serverLit string
		hasDefault, hasServer           bool
		size                            int
		null, notNull                   bool
	)
	for _, p := range parts[1:] {
		key, val, hasVal := strings.Cut(strings.TrimSpace(p), "=")
		key = strings.ToLower(strings.TrimSpace(key))
		needVal := func() bool { return hasVal && val != "" }
		switch key {
		case "":
			continue
		case "pk", "primarykey":
			spec.PrimaryKey = true
		case "autoincrement":
			spec.Autoincrement = AutoincrementOn
			if hasVal {
				b, err := strconv.ParseBool(val)
				if err != nil {
					return fail("autoincrement= wants true or false", err)
				}
				if !b {
					spec.Autoincrement = AutoincrementOff
				}
			}
		case "identity":
			spec.Identity = true
		case "null":
			null = true
		case "notnull":
			notNull = true
		case "unique":
			spec.Unique = true
		case "index":
			spec.Index = true
		case "size":
			n, err := strconv.Atoi(val)
			if err != nil || n <= 0 {
				return fail(fmt.Sprintf("size=%q is not a positive integer", val), nil)
			}
			size = n
		case "type":
			if !needVal() {
				return fail("type= needs a type name", nil)
			}
			typeName = val
		case "fk":
			if !needVal() {
				return fail("fk= needs table.column", nil)
			}
			spec.ForeignKey = val
		case "ondelete", "onupdate":
			a, err := parseFKAction(val)
			if err != nil {
				return fail(key, err)
			}
			if key == "ondelete" {
				spec.OnDelete = a
			} else {
				spec.OnUpdate = a
			}
		case "default":
			defaultLit, hasDefault = val, true
		case "serverdefault":
			serverLit, hasServer = val, true
		case "comment":
			spec.Comment = val
		default:
			return fail(fmt.Sprintf("unknown tag option %q", key), nil)
		}
	}
	if null && notNull {
		return fail("both null and notnull", nil)
	}

	derived, base, nullable, derr := sqlTypeFor(goType, size)
	switch {
	case typeName != "":
		t := md.types[typeName]
		if t == nil {
			var err error
			if t, err = sqltype.Parse(typeName); err != nil {
				return fail("bad type=", err)
			}
		}
		if st, ok := t.(sqltype.String); ok && st.Length == 0 && size > 0 {
			t = sqltype.String{Length: size}
		}
		if err := checkGoType(t, base); err != nil {
			return fail("type= does not fit the field", err)
		}
		spec.Type = t
	case derr != nil:
		return fail("", derr)
	default:
		spec.Type = derived
	}
	spec.NotNull = !nullable
	if null {
		spec.NotNull = false
	}
	if notNull {
		spec.NotNull = true
	}
	if hasDefault {
		v, err := parseLiteral(defaultLit, base)
		if err != nil {
			return fail("bad default=", err)
		}
		spec.Default = func() any { return v }
	}
	if hasServer {
		if strings.EqualFold(serverLit, "current_timestamp") || strings.EqualFold(serverLit, "now()") {
			spec.ServerDefault = Now()
		} else {
			v, err := parseLiteral(serverLit, base)
			if err != nil {
				return fail("bad serverdefault=", err)
			}
			spec.ServerDefault = &Literal{Value: v}
		}
	}
	return spec, nil
}

// splitTag splits on commas that are not inside parentheses, so
// type=numeric(20,6) stays one option.
func splitTag(tag string) []string {
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(tag); i++ {
		switch tag[i] {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				parts = append(parts, tag[start:i])
				start = i + 1
			}
		}
	}
	return append(parts, tag[start:])
}

// parseLiteral reads a tag default for a column whose values have Go type t.
// Strings may be written bare or in single quotes.
func parseLiteral(s string, t reflect.Type) (any, error) {
	v := reflect.New(t).Elem()
	switch {
	case t == decimalType:
		return ParseDecimal(s)
	case t == timeType:
		tm, err := time.Parse(time.RFC3339Nano, s)
		return tm, err
	case t == uuidType:
		return ParseUUID(s)
	case t == timeOfDayType:
		return ParseTimeOfDay(s)
	}
	switch t.Kind() {
	case reflect.String:
		if len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'' {
			s = s[1 : len(s)-1]
		}
		v.SetString(s)
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return nil, err
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(s, 10, t.Bits())
		if err != nil {
			return nil, err
		}
		v.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, err := strconv.ParseUint(s, 10, t.Bits())
		if err != nil {
			return nil, err
		}
		v.SetUint(n)
	case reflect.Float32, reflect.Float64:
		f, err := strconv.ParseFloat(s, t.Bits())
		if err != nil {
			return nil, err
		}
		v.SetFloat(f)
	default:
		return nil, fmt.Errorf("a literal default for Go type %s cannot be written in a tag; use core.Default in TableArgs", t)
	}
	return v.Interface(), nil
}

// ColumnSpecOf returns the ColumnSpec that a plain struct field and its `db`
// tag describe, for a table named table in md: the grammar of NewTable's
// Column fields, with the field's own type as the column's Go type. The
// ORM's declarative mapping builds its tables from it. A field tagged
// db:"-" is an error here; callers skip such fields first.
func ColumnSpecOf(md *MetaData, table string, f reflect.StructField) (ColumnSpec, error) {
	if md == nil {
		return ColumnSpec{}, &DefinitionError{Table: table, Field: f.Name, Msg: "nil MetaData"}
	}
	return parseTag(md, table, f, f.Type)
}
