// Package mysql is Retort's MySQL and MariaDB dialect, over
// github.com/go-sql-driver/mysql's connections used directly under Retort's
// own pool. Importing it registers the mysql:// URL scheme:
//
//	import _ "github.com/retort-go/retort/dialects/mysql"
//
//	eng, err := engine.Open(ctx, "mysql://user:pass@localhost:3306/app")
//
// It supports MySQL 8.0+ and MariaDB 10.5+; the server is detected on the
// first connection and the dialect's capabilities follow it (MariaDB has
// INSERT/DELETE ... RETURNING, MySQL has none).
//
// # Connections
//
// Connections are set up the way a careful user would do it by hand:
// found-rows semantics (an UPDATE's row count is the rows it matched, not
// the rows it changed, so optimistic locking works), utf8mb4, the strict
// TRADITIONAL sql_mode (bad values are errors, not warnings), the session
// time zone UTC, and DATETIME values read as time.Time. Query parameters of
// the URL are passed to the driver (for example tls=true or
// socket=/run/mysqld/mysqld.sock).
//
// # Values
//
// Timestamps are DATETIME(6): microseconds, no time zone; instants are
// stored in UTC. UUIDs are CHAR(32) hex, as SQLAlchemy stores them. MySQL has
// no native boolean: BOOL is TINYINT(1), read back as bool. VARCHAR needs a
// length and NUMERIC a precision here; a TEXT, BLOB or JSON column cannot
// be in a key. These are compile errors, not surprises at run time.
package mysql

import (
	"fmt"
	"strings"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/sqlcompile"
	"github.com/retort-go/retort/sqltype"
)

// reserved is reservedWords with its quick rejection table, built once.
var reserved = sqlcompile.NewReservedWords(reservedWords)

// NewDialect returns the MySQL dialect description; mariadb selects
// MariaDB's capabilities (RETURNING on INSERT and DELETE, IF [NOT] EXISTS on
// indexes).
func NewDialect(mariadb bool) *sqlcompile.Dialect {
	d := &sqlcompile.Dialect{
		Name:                 "mysql",
		Placeholder:          sqlcompile.Question,
		IdentQuote:           '`',
		Reserved:             reserved,
		MaxIdentLength:       64,
		IdentLengthInChars:   true,
		MaxParams:            65535,
		MultiRowInsert:       true,
		NativeBoolean:        true,
		AlterAddForeignKey:   true,
		BackslashEscapes:     true,
		EmptyInsert:          " () VALUES ()",
		CurrentTimestamp:     "CURRENT_TIMESTAMP(6)",
		TableSuffix:          " DEFAULT CHARSET=utf8mb4",
		AutoincrementKeyword: "AUTO_INCREMENT",
		DropIndexOnTable:     true,
		DropForeignKeyVerb:   "DROP FOREIGN KEY",
		LimitOffset:          limitOffset,
		Unindexable:          unindexable,
		ConcatFunc:           true,
		IntDivOperator:       "DIV",
		NullSafeEqual:        "<=>",
		FuncNames:            map[string]string{"length": "CHAR_LENGTH"},
		RightJoin:            true,
		IntersectAll:         true,
		ParenthesizedSelects: true,
		Locking:              true,
		ShareLock:            "FOR SHARE",
		LockOf:               true,
		LockNoWait:           true,
		LockSkipLocked:       true,
		Upsert:               sqlcompile.UpsertDuplicateKey,
		MultiTableDML:        true,
		UpdateDeleteLimit:    true,
		NoLimitInSubquery:    true,
		FloatExponent:        true,
		CastType:             castType,
		JSONPath:             jsonPath,
	}
	if mariadb {
		d.Flavor = "mariadb"
		d.InsertReturning = true
		d.DeleteReturning = true
		d.IndexIfNotExists = true
		// MariaDB has no LATERAL, no WITH in front of UPDATE and DELETE,
		// spells FOR SHARE the old way and cannot lock OF some tables.
		d.ShareLock = "LOCK IN SHARE MODE"
		d.LockOf = false
		d.SealedDerived = true
	} else {
		d.ParenthesizedLOBDefaults = true
		d.Lateral = true
		d.DMLWith = true
	}
	d.ColumnType = func(c *core.ColumnDef) (string, error) { return typeName(d, sqltype.BaseType(c.Type())) }
	d.TypeName = func(t sqltype.Type) (string, error) { return typeName(d, t) }
	return d
}

func typeName(d *sqlcompile.Dialect, t sqltype.Type) (string, error) {
	switch t := t.(type) {
	case sqltype.SmallInt:
		return "SMALLINT", nil
	case sqltype.Integer:
		return "INTEGER", nil
	case sqltype.BigInt:
		return "BIGINT", nil
	case sqltype.Float:
		return "FLOAT", nil
	case sqltype.Double:
		return "DOUBLE", nil
	case sqltype.Numeric:
		if t.Precision == 0 {
			return "", fmt.Errorf("mysql: NUMERIC needs a precision and scale (MySQL's default DECIMAL(10,0) drops every fraction); use type=numeric(p,s)")
		}
		if t.Precision > 65 {
			return "", fmt.Errorf("mysql: NUMERIC precision %d is above MySQL's maximum of 65", t.Precision)
		}
		return fmt.Sprintf("NUMERIC(%d, %d)", t.Precision, t.Scale), nil
	case sqltype.String:
		if t.Length == 0 {
			return "", fmt.Errorf("mysql: VARCHAR requires a length; use size=N (or a text column)")
		}
		return fmt.Sprintf("VARCHAR(%d)", t.Length), nil
	case sqltype.Text:
		return "TEXT", nil
	case sqltype.Boolean:
		return "BOOL", nil
	case sqltype.Date:
		return "DATE", nil
	case sqltype.Time:
		return "TIME(6)", nil
	case sqltype.Timestamp:
		return "DATETIME(6)", nil
	case sqltype.Binary:
		if t.Length > 0 {
			return fmt.Sprintf("VARBINARY(%d)", t.Length), nil
		}
		return "BLOB", nil
	case sqltype.JSON:
		return "JSON", nil
	case sqltype.UUID:
		return "CHAR(32)", nil
	case sqltype.Enum:
		var b strings.Builder
		b.WriteString("ENUM(")
		for i, v := range t.Values {
			if i > 0 {
				b.WriteString(", ")
			}
			q, err := d.QuoteString(v)
			if err != nil {
				return "", err
			}
			b.WriteString(q)
		}
		b.WriteByte(')')
		return b.String(), nil
	}
	return "", fmt.Errorf("mysql: no column type for %v", t)
}

// limitOffset writes MySQL's "LIMIT offset, count"; an offset alone needs
// the largest count MySQL accepts.
func limitOffset(c *sqlcompile.Compiler, limit, offset core.Node) {
	c.WriteString(" LIMIT ")
	if offset != nil {
		c.WriteExpr(offset)
		c.WriteString(", ")
		if limit == nil {
			c.WriteString("18446744073709551615")
			return
		}
	}
	c.WriteExpr(limit)
}

// unindexable rejects TEXT, BLOB and JSON columns in keys, which MySQL can
// index only by a prefix.
func unindexable(t sqltype.Type) string {
	switch bt := t.(type) {
	case sqltype.Text, sqltype.JSON:
		return "give it a size (VARCHAR)"
	case sqltype.Binary:
		if bt.Length == 0 {
			return "give it a size (VARBINARY)"
		}
	}
	return ""
}

// castType returns the type CAST takes: MySQL's CAST knows only a few
// names (SIGNED, DECIMAL, CHAR, DATETIME, ...), not the column types.
func castType(t sqltype.Type) (string, error) {
	switch t := t.(type) {
	case sqltype.SmallInt, sqltype.Integer, sqltype.BigInt:
		return "SIGNED", nil
	case sqltype.Float:
		return "FLOAT", nil
	case sqltype.Double:
		return "DOUBLE", nil
	case sqltype.Numeric:
		if t.Precision == 0 {
			return "DECIMAL(65, 30)", nil
		}
		return fmt.Sprintf("DECIMAL(%d, %d)", t.Precision, t.Scale), nil
	case sqltype.String, sqltype.Text, sqltype.Enum:
		return "CHAR", nil
	case sqltype.UUID:
		return "CHAR(32)", nil
	case sqltype.Boolean:
		return "SIGNED", nil
	case sqltype.Date:
		return "DATE", nil
	case sqltype.Time:
		return "TIME(6)", nil
	case sqltype.Timestamp:
		return "DATETIME(6)", nil
	case sqltype.Binary:
		return "BINARY", nil
	case sqltype.JSON:
		return "JSON", nil
	}
	return "", fmt.Errorf("mysql: no CAST type for %v", t)
}

// jsonPath writes JSON_EXTRACT(x, ?) (as JSON) or
// JSON_UNQUOTE(NULLIF(JSON_EXTRACT(x, ?), JSON null)) (as text); the path
// is one bound '$."key"[0]' string.
//
// As text, a JSON null is SQL NULL, as on PostgreSQL and SQLite (unquoted
// it would be the string "null").
func jsonPath(c *sqlcompile.Compiler, n *core.JSONPathExpr) {
	if n.Text {
		c.WriteString("JSON_UNQUOTE(NULLIF(JSON_EXTRACT(")
	} else {
		c.WriteString("JSON_EXTRACT(")
	}
	c.WriteExpr(n.X)
	c.WriteString(", ")
	c.WriteExpr(n.Path)
	if n.Text {
		c.WriteString("), JSON_EXTRACT('null', '$')))")
	} else {
		c.WriteString(")")
	}
}
