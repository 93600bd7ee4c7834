package sqlcompile

import (
	"database/sql/driver"
	"fmt"
	"reflect"
	"strings"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/internal/sqlconv"
	"github.com/retort-go/retort/sqltype"
)

func init() { core.SetRenderer(render) }

// render is what statements' String methods return: the SQL in the
// generic dialect, with $n where values are bound, or the error.
func render(s core.Statement) string {
	cs, err := compileTree(generic, s, 0)
	if err != nil {
		return "<invalid statement: " + err.Error() + ">"
	}
	return cs.SQL
}

// generic is the dialect String renders in: standard SQL with every
// construct available, double-quoted identifiers and $n placeholders.
var generic = func() *Dialect {
	d := &Dialect{
		Name:                 "generic",
		Placeholder:          Dollar,
		IdentQuote:           '"',
		Reserved:             NewReservedWords(standardReserved),
		InsertReturning:      true,
		UpdateReturning:      true,
		DeleteReturning:      true,
		MultiRowInsert:       true,
		NativeBoolean:        true,
		NullsOrdering:        true,
		AlterAddForeignKey:   true,
		IndexIfNotExists:     true,
		NativeUUID:           true,
		EmptyInsert:          " DEFAULT VALUES",
		CurrentTimestamp:     "CURRENT_TIMESTAMP",
		DropForeignKeyVerb:   "DROP CONSTRAINT",
		ForeignKeySetDefault: true,
		NativeILike:          true,
		AggregateFilter:      true,
		Arrays:               true,
		DistinctOn:           true,
		RightJoin:            true,
		FullJoin:             true,
		Lateral:              true,
		IntersectAll:         true,
		ParenthesizedSelects: true,
		Locking:              true,
		ShareLock:            "FOR SHARE",
		LockOf:               true,
		LockNoWait:           true,
		LockSkipLocked:       true,
		DMLWith:              true,
		InsertWith:           true,
		Upsert:               UpsertOnConflict,
		ConflictOnConstraint: true,
		UpsertDefaultValues:  true,
		ExpressionIndexes:    true,
		UpdateFrom:           true,
		DeleteUsing:          true,
		JSONPath: func(c *Compiler, n *core.JSONPathExpr) {
			c.WriteOperand(n.X)
			if n.Text {
				c.WriteString(" #>> ")
			} else {
				c.WriteString(" #> ")
			}
			c.WriteOperand(n.PGPath)
		},
		TypeName:   genericTypeName,
		ColumnType: func(c *core.ColumnDef) (string, error) { return genericTypeName(c.Type()) },
	}
	return d
}()

// standardReserved holds the SQL standard's reserved words that also
// appear as names in practice; String quotes them.
var standardReserved = func() map[string]struct{} {
	m := map[string]struct{}{}
	for _, w := range strings.Fields(`all and any array as asc between both by case cast check collate
		column constraint create cross current_date current_time current_timestamp default
		delete desc distinct do else end except false fetch for foreign from full grant group
		having in inner insert intersect into is join lateral leading left like limit natural
		not null offset on only or order outer primary references returning right select
		table then to trailing true union unique update user using values when where window with`) {
		m[w] = struct{}{}
	}
	return m
}()

func genericTypeName(t sqltype.Type) (string, error) {
	t = sqltype.BaseType(t)
	switch t := t.(type) {
	case sqltype.Numeric:
		if t.Precision > 0 {
			return fmt.Sprintf("NUMERIC(%d, %d)", t.Precision, t.Scale), nil
		}
		return "NUMERIC", nil
	case sqltype.String:
		if t.Length > 0 {
			return fmt.Sprintf("VARCHAR(%d)", t.Length), nil
		}
		return "VARCHAR", nil
	case sqltype.Timestamp:
		if t.TimeZone {
			return "TIMESTAMP WITH TIME ZONE", nil
		}
		return "TIMESTAMP", nil
	case sqltype.Array:
		elem, err := genericTypeName(t.Elem)
		return elem + "[]", err
	case sqltype.Enum:
		if t.Name != "" {
			return t.Name, nil
		}
		return "VARCHAR", nil
	case nil:
		return "", fmt.Errorf("sqlcompile: no type")
	}
	return strings.ToUpper(t.String()), nil
}

// Generic returns the dialect String renders statements in: standard SQL
// with every construct available. It is for reading, not for a database.
func Generic() *Dialect { return generic }

// CompileLiteral renders s for dialect d with every bound value written as
// a literal in the dialect's syntax and escaping, SQLAlchemy's
// literal_binds: for logs, for reading, and for DDL scripts. Never execute
// its output with values that came from users; Compile binds them.
func CompileLiteral(d *Dialect, s core.Statement) (string, error) {
	kb := keyBuilders.Get().(*core.KeyBuilder)
	defer releaseKeyBuilder(kb)
	if err := kb.Build(s); err != nil {
		return "", err
	}
	values := append([]any(nil), kb.Values()...)
	nodes := keyBuilders.Get().(*core.KeyBuilder)
	defer releaseKeyBuilder(nodes)
	if err := nodes.BuildNodes(s); err != nil {
		return "", err
	}
	lit := make(map[core.Node]any, len(values))
	for i, n := range nodes.Nodes() {
		if _, seen := lit[n]; !seen {
			lit[n] = values[i]
		}
	}
	if d.ColumnType == nil {
		return "", fmt.Errorf("sqlcompile: dialect %s has no ColumnType hook", d.Name)
	}
	c := &Compiler{d: d, ctes: nodes.CTEs(), literals: lit}
	cs := &Compiled{}
	c.statement(s, cs)
	if c.err != nil {
		return "", c.err
	}
	return c.sb.String(), nil
}

// writeLiteral writes the value of a placeholder's node as a literal of
// type t (CompileLiteral).
func (c *Compiler) writeLiteral(n core.Node, t sqltype.Type) {
	var v any
	if c.literals != nil {
		v = c.literals[n]
	} else if b, ok := n.(*core.BindParam); ok {
		v = b.Value
	} else {
		c.Fail(fmt.Errorf("sqlcompile: %T cannot be written as a literal here", n))
		return
	}
	if ct, ok := t.(*sqltype.CustomType); ok && v != nil {
		dv, err := ct.ToDB(v)
		if err != nil {
			c.Fail(err)
			return
		}
		v = dv
	}
	if vr, ok := v.(driver.Valuer); ok {
		dv, err := vr.Value()
		if err != nil {
			c.Fail(err)
			return
		}
		v = dv
	}
	rv := reflect.ValueOf(v)
	if v != nil && rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() != reflect.Uint8 {
		// An array value (PostgreSQL): ARRAY[a, b].
		if !c.d.Arrays {
			c.Unsupported("array literals", "")
			return
		}
		c.sb.WriteString("ARRAY[")
		for i := 0; i < rv.Len(); i++ {
			if i > 0 {
				c.sb.WriteString(", ")
			}
			var et sqltype.Type
			if a, ok := sqltype.BaseType(t).(sqltype.Array); ok {
				et = a.Elem
			}
			c.literalValue(rv.Index(i).Interface(), et)
		}
		c.sb.WriteByte(']')
		return
	}
	c.literalValue(v, t)
}

func (c *Compiler) literalValue(v any, t sqltype.Type) {
	bv, _, err := sqlconv.Bind(v, sqltype.BaseType(t))
	if err != nil {
		c.Fail(err)
		return
	}
	c.literal(bv)
}
