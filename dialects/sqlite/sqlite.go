// Package sqlite is Retort's SQLite dialect, over modernc.org/sqlite (pure
// Go, no cgo). Importing it registers the sqlite:// URL scheme:
//
//	import _ "github.com/retort-go/retort/dialects/sqlite"
//
//	eng, err := engine.Open(ctx, "sqlite://:memory:")   // in memory, shared by the pool
//	eng, err := engine.Open(ctx, "sqlite://app.db")     // relative path
//	eng, err := engine.Open(ctx, "sqlite:///tmp/app.db") // absolute path
//
// # Connections
//
// Every connection enforces foreign keys (PRAGMA foreign_keys=ON) and waits
// up to 5 s for a lock (busy_timeout); file databases use WAL journaling.
// An in-memory database is one database shared by every connection of the
// Engine (SQLite's memdb VFS) and lives until the Engine is closed.
// Transactions start with BEGIN IMMEDIATE, taking the write lock up front,
// so two transactions never deadlock upgrading a read lock; read-only ones
// use a plain BEGIN. SQLite is always serializable.
//
// # Storage
//
// Values are stored the way SQLAlchemy stores them, so databases are
// interchangeable: timestamps as text "2006-01-02 15:04:05.000000" (UTC for
// instants), dates as "2006-01-02", times as "15:04:05.000000", UUIDs as 32
// hex digits, booleans as 0/1, JSON as text. Numeric columns with a
// precision up to 15 use NUMERIC affinity and read back at their scale;
// wider or unbounded ones are declared DECIMAL_TEXT and stored as text so
// no digit is lost (they then compare as text). See docs/dialects.md.
package sqlite

import (
	"fmt"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/sqlcompile"
	"github.com/retort-go/retort/sqltype"
)

// reserved is reservedWords with its quick rejection table, built once.
var reserved = sqlcompile.NewReservedWords(reservedWords)

// NewDialect returns the SQLite dialect description the compiler uses.
func NewDialect() *sqlcompile.Dialect {
	return &sqlcompile.Dialect{
		TypeName:               typeName,
		NullSafeEqual:          "IS",
		AggregateFilter:        true,
		TupleInValues:          true,
		RightJoin:              true,
		FullJoin:               true,
		IntersectAll:           false,
		DMLWith:                true,
		InsertWith:             true,
		Upsert:                 sqlcompile.UpsertOnConflict,
		UpdateFrom:             true,
		UpsertSelectNeedsWhere: true,
		JSONPath:               jsonPath,
		Name:                   "sqlite",
		Placeholder:            sqlcompile.Question,
		IdentQuote:             '"',
		Reserved:               reserved,
		MaxParams:              32766,
		InsertReturning:        true,
		UpdateReturning:        true,
		DeleteReturning:        true,
		MultiRowInsert:         true,
		NativeBoolean:          false,
		TightConcat:            true,
		NullsOrdering:          true,
		ForwardForeignKeys:     true,
		TransactionalDDL:       true,
		IndexIfNotExists:       true,
		ExpressionIndexes:      true,
		EmptyInsert:            " DEFAULT VALUES",
		CurrentTimestamp:       "CURRENT_TIMESTAMP",
		DeferForeignKeys:       "PRAGMA defer_foreign_keys = ON",
		ForeignKeySetDefault:   true,
		SchemaOnIndexName:      true,
		ColumnType:             columnType,
		LimitOffset:            limitOffset,
	}
}

// maxExactNumeric is the widest precision SQLite's REAL storage keeps exactly.
const maxExactNumeric = 15

func columnType(c *core.ColumnDef) (string, error) {
	if c.Autoincrement() {
		// Only a column declared exactly INTEGER PRIMARY KEY is the rowid.
		return "INTEGER", nil
	}
	return typeName(sqltype.BaseType(c.Type()))
}

func typeName(t sqltype.Type) (string, error) {
	switch t := t.(type) {
	case sqltype.SmallInt:
		return "SMALLINT", nil
	case sqltype.Integer:
		return "INTEGER", nil
	case sqltype.BigInt:
		return "BIGINT", nil
	case sqltype.Float:
		return "REAL", nil
	case sqltype.Double:
		return "DOUBLE", nil
	case sqltype.Numeric:
		if t.Precision == 0 {
			return "DECIMAL_TEXT", nil
		}
		if t.Precision > maxExactNumeric {
			return fmt.Sprintf("DECIMAL_TEXT(%d, %d)", t.Precision, t.Scale), nil
		}
		return fmt.Sprintf("NUMERIC(%d, %d)", t.Precision, t.Scale), nil
	case sqltype.String:
		if t.Length == 0 {
			return "VARCHAR", nil
		}
		return fmt.Sprintf("VARCHAR(%d)", t.Length), nil
	case sqltype.Text:
		return "TEXT", nil
	case sqltype.Boolean:
		return "BOOLEAN", nil
	case sqltype.Date:
		return "DATE", nil
	case sqltype.Time:
		return "TIME", nil
	case sqltype.Timestamp:
		return "DATETIME", nil
	case sqltype.Binary:
		return "BLOB", nil
	case sqltype.JSON:
		return "JSON", nil
	case sqltype.UUID:
		return "CHAR(32)", nil
	case sqltype.Enum:
		n := 1
		for _, v := range t.Values {
			n = max(n, len(v))
		}
		return fmt.Sprintf("VARCHAR(%d)", n), nil
	}
	return "", fmt.Errorf("sqlite: no column type for %v", t)
}

// limitOffset writes SQLite's LIMIT/OFFSET; an OFFSET needs a LIMIT, and
// -1 means no limit.
func limitOffset(c *sqlcompile.Compiler, limit, offset core.Node) {
	c.WriteString(" LIMIT ")
	if limit != nil {
		c.WriteExpr(limit)
	} else {
		c.WriteString("-1")
	}
	if offset != nil {
		c.WriteString(" OFFSET ")
		c.WriteExpr(offset)
	}
}

// jsonPath writes json_extract(x, ?) (as JSON text) or x ->> ? (as an SQL
// value); the path is one bound '$."key"[0]' string. json_extract returns
// SQL values for scalars, so the JSON form uses "->", which keeps them
// JSON.
func jsonPath(c *sqlcompile.Compiler, n *core.JSONPathExpr) {
	c.WriteOperand(n.X)
	if n.Text {
		c.WriteString(" ->> ")
	} else {
		c.WriteString(" -> ")
	}
	c.WriteOperand(n.Path)
}
