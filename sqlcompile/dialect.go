package sqlcompile

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/sqltype"
)

// Placeholder is how a dialect writes bound parameters.
type Placeholder uint8

// The placeholder styles the Go drivers use.
const (
	Question Placeholder = iota // ? (MySQL, SQLite)
	Dollar                      // $1, $2, ... (PostgreSQL)
)

// Dialect describes one SQL dialect to the compiler: data that says what
// the database can do (read by the compiler, the engine and the tests), and a
// few hooks for what it spells differently. A nil hook means the standard
// spelling. Dialect packages build one value; nothing else branches on the
// dialect's name.
type Dialect struct {
	// Name is "postgres", "mysql" or "sqlite"; Flavor refines it ("mariadb").
	Name   string
	Flavor string

	Placeholder Placeholder
	// IdentQuote is the identifier quote character: '"' or '`'.
	IdentQuote byte
	// Reserved holds the lower-case words that must be quoted as identifiers.
	Reserved *ReservedWords
	// MaxIdentLength is the longest identifier; generated names are
	// shortened to it, and a longer name given by the user is an error (a
	// database might cut it silently). It counts bytes, or characters
	// with IdentLengthInChars (MySQL).
	MaxIdentLength     int
	IdentLengthInChars bool
	// MaxParams is the most bound parameters one statement may have.
	MaxParams int

	// Capabilities.
	InsertReturning bool // INSERT ... RETURNING
	UpdateReturning bool // UPDATE ... RETURNING
	DeleteReturning bool // DELETE ... RETURNING
	MultiRowInsert  bool // INSERT ... VALUES (...), (...)
	NativeBoolean   bool // TRUE / FALSE literals (otherwise 1 / 0)
	NullsOrdering   bool // ORDER BY ... NULLS FIRST / LAST
	// AlterAddForeignKey: ALTER TABLE ADD CONSTRAINT ... FOREIGN KEY works,
	// so CreateAll can break foreign key cycles with it.
	AlterAddForeignKey bool
	// ForwardForeignKeys: CREATE TABLE may reference a table that does not
	// exist yet (SQLite checks foreign keys only when rows change).
	ForwardForeignKeys bool
	// TransactionalDDL: DDL can be rolled back, so CreateAll runs in one transaction.
	TransactionalDDL bool
	// ExpressionIndexes: an index may be over expressions (PostgreSQL,
	// SQLite).
	ExpressionIndexes bool
	// IndexIfNotExists: CREATE INDEX IF NOT EXISTS is accepted.
	IndexIfNotExists bool
	// NamedEnumTypes: enums are named types made with CREATE TYPE (PostgreSQL).
	NamedEnumTypes bool
	// BackslashEscapes: a backslash in a string literal escapes (MySQL).
	BackslashEscapes bool
	// ForeignKeySetDefault: ON DELETE/UPDATE SET DEFAULT is implemented
	// (InnoDB parses it but does not).
	ForeignKeySetDefault bool
	// ParenthesizedLOBDefaults: a DEFAULT for a TEXT, BLOB or JSON column
	// must be written as an expression in parentheses (MySQL 8).
	ParenthesizedLOBDefaults bool
	// SchemaOnIndexName: in CREATE INDEX the schema qualifies the index
	// name, not the table, and foreign keys name tables without a schema
	// (SQLite's attached databases).
	SchemaOnIndexName bool
	// NativeUUID: UUIDs are a native type written as dashed text; otherwise
	// they are stored as 32 hex digits.
	NativeUUID bool
	// FloatExponent: a float literal needs an exponent to be a float
	// (MySQL reads 0.1 as an exact DECIMAL, so 0.1 * 3 would be 0.3).
	FloatExponent bool
	// HexBytesPrefix opens a byte-string literal written as hex digits and a
	// closing quote; empty means X' (the SQL standard).
	HexBytesPrefix string

	// EmptyInsert follows "INSERT INTO t" for a row of defaults only:
	// " DEFAULT VALUES" or " () VALUES ()".
	EmptyInsert string
	// CurrentTimestamp is the SQL for core.Now.
	CurrentTimestamp string
	// TableSuffix follows the closing parenthesis of CREATE TABLE.
	TableSuffix string
	// AutoincrementKeyword is added after a column's constraints when it
	// autoincrements and the type name does not already say so.
	AutoincrementKeyword string
	// DropIndexOnTable: DROP INDEX name ON table (MySQL).
	DropIndexOnTable bool
	// DropForeignKeyVerb: "DROP CONSTRAINT" or "DROP FOREIGN KEY"; empty if
	// the dialect cannot drop one.
	DropForeignKeyVerb string
	// DeferForeignKeys, if set, is run inside DropAll's transaction when the
	// tables have foreign key cycles that cannot be dropped first, so
	// dropping them in turn does not fail on the references (SQLite).
	DeferForeignKeys string

	// Expressions.

	// NativeILike: ILIKE exists; otherwise lower(x) LIKE lower(y).
	NativeILike bool
	// ConcatFunc: strings concatenate with CONCAT(a, b) (MySQL), not ||.
	ConcatFunc bool
	// TightConcat: || and the JSON arrows bind more tightly than * and /
	// (SQLite), not between comparisons and + - as in PostgreSQL.
	TightConcat bool
	// IntDivOperator divides integers when "/" would not truncate: "DIV"
	// (MySQL); empty means "/".
	IntDivOperator string
	// NullSafeEqual is the operator for IS NOT DISTINCT FROM where the
	// dialect lacks it: "<=>" (MySQL) or "IS" (SQLite); empty: native.
	NullSafeEqual string
	// AggregateFilter: FILTER (WHERE ...) on aggregates; otherwise it is
	// emulated with CASE inside the aggregate.
	AggregateFilter bool
	// FuncNames renames generic functions: MySQL's length counts bytes, so
	// {"length": "CHAR_LENGTH"}.
	FuncNames map[string]string
	// RoundNumeric: round(x, n) needs x NUMERIC (PostgreSQL has no
	// round(double precision, integer)).
	RoundNumeric bool
	// Arrays: array types and operators (ANY, @>, &&) exist (PostgreSQL).
	Arrays bool
	// TupleInValues: tuple IN takes its rows as (VALUES (...), ...) (SQLite).
	TupleInValues bool

	// Queries.

	DistinctOn   bool // SELECT DISTINCT ON (...)
	RightJoin    bool
	FullJoin     bool
	Lateral      bool // LATERAL subqueries
	IntersectAll bool // INTERSECT ALL and EXCEPT ALL
	// ParenthesizedSelects: a SELECT in a set operation may be written in
	// parentheses (SQLite cannot: such members become subqueries).
	ParenthesizedSelects bool
	// Locking: FOR UPDATE is written at all (SQLite drops it: its
	// transactions lock the database). ShareLock spells FOR SHARE;
	// LockOf, LockNoWait and LockSkipLocked say which options work.
	Locking        bool
	ShareLock      string
	LockOf         bool
	LockNoWait     bool
	LockSkipLocked bool
	// LockRowsOnly: a lock cannot go with DISTINCT, GROUP BY, HAVING or a
	// set operation, whose rows are not a table's (PostgreSQL).
	LockRowsOnly bool
	// NoLimitInSubquery: an IN subquery cannot have LIMIT (MySQL); it is
	// wrapped in a derived table.
	NoLimitInSubquery bool
	// SealedDerived: a subquery in FROM cannot refer to the enclosing
	// query's tables (MariaDB; MySQL allows it since 8.0.14). Such a
	// reference is a compile error rather than an unknown column.
	SealedDerived bool
	// UpsertSelectNeedsWhere: in INSERT ... SELECT ... ON CONFLICT the
	// SELECT needs a WHERE, or the parser reads ON as a join's (SQLite).
	UpsertSelectNeedsWhere bool
	// DMLWith: UPDATE and DELETE may start with WITH (not MariaDB).
	DMLWith bool
	// InsertWith: INSERT may start with WITH (PostgreSQL, SQLite), and
	// does whenever it uses CTEs; otherwise INSERT ... SELECT puts it
	// before the SELECT (MySQL), where only the SELECT sees it.
	InsertWith bool
	// CastUntypedBinds: a parameter that nothing around it gives a type (in
	// a SELECT list, a CASE result, an operator between two parameters) is
	// read as text unless cast (PostgreSQL), so the compiler casts such
	// parameters of non-text types to their type.
	CastUntypedBinds bool

	// Changes.

	// Upsert is how INSERT's conflict clause is spelled.
	Upsert UpsertStyle
	// UpsertDefaultValues: ON CONFLICT may follow DEFAULT VALUES
	// (PostgreSQL; not SQLite).
	UpsertDefaultValues bool
	// ConflictOnConstraint: ON CONFLICT ON CONSTRAINT name (PostgreSQL).
	ConflictOnConstraint bool
	// MultiTableDML: UPDATE t, other SET ... and DELETE t FROM t, other
	// (MySQL) instead of UPDATE ... FROM and DELETE ... USING.
	MultiTableDML bool
	// UpdateFrom: UPDATE ... FROM exists (PostgreSQL, SQLite).
	UpdateFrom bool
	// DeleteUsing: DELETE ... USING exists (PostgreSQL); without it and
	// without MultiTableDML, Using becomes a correlated EXISTS.
	DeleteUsing bool
	// UpdateDeleteLimit: ORDER BY and LIMIT on UPDATE and DELETE (MySQL).
	UpdateDeleteLimit bool

	// Hooks.

	// TypeName returns the name of type t (for CAST and array literals).
	// Required.
	TypeName func(t sqltype.Type) (string, error)
	// CastType returns the type name CAST(x AS ...) takes; nil uses
	// ColumnType's names.
	CastType func(t sqltype.Type) (string, error)
	// JSONPath writes a JSON member access; nil: JSON paths are unsupported.
	JSONPath func(c *Compiler, n *core.JSONPathExpr)

	// ColumnType returns the DDL type of a column (including what makes it
	// autoincrement, where the type carries that). Required.
	ColumnType func(c *core.ColumnDef) (string, error)
	// LimitOffset writes the LIMIT/OFFSET clause; either may be nil. Nil
	// hook: " LIMIT x OFFSET y", offset alone as " OFFSET y".
	LimitOffset func(c *Compiler, limit, offset core.Node)
	// Unindexable reports why a column of type t cannot be part of a key
	// or index (MySQL: TEXT, BLOB and JSON; PostgreSQL: json), or "".
	// Nil: every type can.
	Unindexable func(t sqltype.Type) string
}

// UpsertStyle is how a dialect spells INSERT's conflict clause.
type UpsertStyle uint8

// The upsert styles.
const (
	UpsertNone         UpsertStyle = iota
	UpsertOnConflict               // ON CONFLICT (...) DO NOTHING / DO UPDATE (PostgreSQL, SQLite)
	UpsertDuplicateKey             // ON DUPLICATE KEY UPDATE (MySQL)
)

// Quote returns name as an identifier: bare when that is safe, otherwise
// in the dialect's quotes with embedded quotes doubled. A name is quoted when
// it is a reserved word, does not start with a lower-case letter or
// underscore, or has characters other than lower-case letters, digits, _ and $.
func (d *Dialect) Quote(name string) string {
	if !d.needsQuote(name) {
		return name
	}
	b := make([]byte, 0, len(name)+2)
	b = append(b, d.IdentQuote)
	for i := 0; i < len(name); i++ {
		if name[i] == d.IdentQuote {
			b = append(b, d.IdentQuote)
		}
		b = append(b, name[i])
	}
	return string(append(b, d.IdentQuote))
}

// plainIdent reports whether name can be written as it is: no quotes
// needed and within the length limit (it is ASCII, so bytes are
// characters).
func (d *Dialect) plainIdent(name string) bool {
	return !d.needsQuote(name) && (d.MaxIdentLength <= 0 || len(name) <= d.MaxIdentLength)
}

func (d *Dialect) needsQuote(name string) bool {
	if name == "" {
		return true
	}
	c := name[0]
	if !(c >= 'a' && c <= 'z' || c == '_') {
		return true
	}
	for i := 1; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '$') {
			return true
		}
	}
	return d.Reserved.Has(name)
}

// ReservedWords is a set of lower-case reserved words. Most identifiers a
// statement names are not reserved; a table of (length, first byte, last
// byte) turns them away before the map is asked.
type ReservedWords struct {
	words map[string]struct{}
	sig   [32 * 27]uint32 // [min(len, 31)*27 + first] has bit last
}

// NewReservedWords makes the set of the given lower-case words.
func NewReservedWords(words map[string]struct{}) *ReservedWords {
	r := &ReservedWords{words: words}
	for w := range words {
		if i, bit, ok := reservedSig(w); ok {
			r.sig[i] |= bit
		}
	}
	return r
}

// reservedSig places a word made of [a-z0-9_$] starting with [a-z_].
func reservedSig(w string) (int, uint32, bool) {
	if w == "" {
		return 0, 0, false
	}
	first := sigIndex(w[0])
	last := sigIndex(w[len(w)-1])
	if first < 0 || first > 26 || last < 0 {
		return 0, 0, false
	}
	return min(len(w), 31)*27 + first, 1 << last, true
}

// sigIndex numbers a-z 0-25, '_' 26, digits 27, '$' 28.
func sigIndex(c byte) int {
	switch {
	case c >= 'a' && c <= 'z':
		return int(c - 'a')
	case c == '_':
		return 26
	case c >= '0' && c <= '9':
		return 27
	case c == '$':
		return 28
	}
	return -1
}

// Has reports whether name is one of the words.
func (r *ReservedWords) Has(name string) bool {
	if r == nil {
		return false
	}
	if i, bit, ok := reservedSig(name); ok && r.sig[i]&bit == 0 {
		return false
	}
	_, ok := r.words[name]
	return ok
}

// ShortenName cuts a generated constraint or index name to the dialect's
// identifier limit, keeping it unique with a hash of the whole name.
// The cut falls between characters, never inside one.
func (d *Dialect) ShortenName(name string) string {
	if d.MaxIdentLength <= 0 || d.identLength(name) <= d.MaxIdentLength {
		return name
	}
	var h uint32 = 2166136261
	for i := 0; i < len(name); i++ {
		h = (h ^ uint32(name[i])) * 16777619
	}
	suffix := "_" + hex8(h)
	keep := d.MaxIdentLength - len(suffix) // in the limit's unit
	end, used := 0, 0
	for i := 0; i < len(name); {
		_, size := utf8.DecodeRuneInString(name[i:])
		w := size
		if d.IdentLengthInChars {
			w = 1
		}
		if used+w > keep {
			break
		}
		used += w
		i += size
		end = i
	}
	return name[:end] + suffix
}

// CheckIdent reports why name cannot be an identifier on this dialect: a
// NUL byte, which no database accepts in a name, or a length over
// MaxIdentLength.
func (d *Dialect) CheckIdent(name string) error {
	if strings.IndexByte(name, 0) >= 0 {
		return &core.StatementError{Stmt: "identifier", Msg: fmt.Sprintf("the name %q holds a NUL byte", name)}
	}
	if d.MaxIdentLength > 0 && d.identLength(name) > d.MaxIdentLength {
		unit := "bytes"
		if d.IdentLengthInChars {
			unit = "characters"
		}
		return &core.StatementError{Stmt: "identifier", Msg: fmt.Sprintf("the name %q is longer than %s's limit of %d %s", name, d.displayName(), d.MaxIdentLength, unit)}
	}
	return nil
}

// identLength is the length of an identifier in the unit of
// MaxIdentLength: bytes, or characters with IdentLengthInChars.
func (d *Dialect) identLength(name string) int {
	if d.IdentLengthInChars {
		return utf8.RuneCountInString(name)
	}
	return len(name)
}

func hex8(h uint32) string {
	const digits = "0123456789abcdef"
	var b [8]byte
	for i := 7; i >= 0; i-- {
		b[i] = digits[h&15]
		h >>= 4
	}
	return string(b[:])
}
