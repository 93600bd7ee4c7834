package sqlcompile_test

// Layer 1 of the tests (docs: STYLE.md, "Tests, in four layers"): compile
// tables. Each case holds one statement and, side by side, the SQL and
// arguments every dialect must produce, in the manner of SQLAlchemy's
// assert_compile(..., checkparams=...) and ent's builder_test.go.
//
// The expected strings are written by hand from what each database accepts
// and from SQLAlchemy's documented output, and each was checked against
// PostgreSQL 15, MariaDB 10.11 (for the MySQL strings too) and SQLite:
// prepared, or executed for DDL. Where Retort deliberately differs from SQLAlchemy, the string
// is still SQL the database accepts: positional placeholders instead of
// bind names, "JOIN" rather than MySQL's "INNER JOIN", no ASC keyword,
// count(*) AS count rather than count_1, "1 != 1" for an empty IN, a bare
// OFFSET on PostgreSQL (not LIMIT ALL OFFSET), no OFFSET 0 after a LIMIT on
// SQLite, and table constraints in the order PRIMARY KEY, FOREIGN KEY,
// UNIQUE, CHECK.

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/dialects/mysql"
	"github.com/retort-go/retort/dialects/postgres"
	"github.com/retort-go/retort/dialects/sqlite"
	"github.com/retort-go/retort/sqlcompile"
	"github.com/retort-go/retort/sqltype"
)

// The dialects under test. MariaDB is the MySQL dialect with MariaDB's
// capabilities; a case states MariaDB's output only where it differs.
var (
	pgDialect      = postgres.NewDialect()
	mysqlDialect   = mysql.NewDialect(false)
	mariadbDialect = mysql.NewDialect(true)
	sqliteDialect  = sqlite.NewDialect()
)

// want is what one dialect must produce for a statement: SQL and args, or
// an error (matched with errors.Is and, if given, a message fragment).
type want struct {
	sql    string
	args   []any
	err    error
	errMsg string
	// skip, when set, skips the dialect with this reason ("BUG: ..." for a
	// known bug outside sqlcompile, or why the case does not apply).
	skip string
}

// emits is the expected SQL and arguments.
func emits(sql string, args ...any) want { return want{sql: sql, args: args} }

// fails is an expected error: errors.Is(err, target), and msg in its text.
func fails(target error, msg string) want { return want{err: target, errMsg: msg} }

// skipped marks a dialect the case does not apply to.
func skipped(reason string) want { return want{skip: reason} }

// knownBug keeps the expectation a dialect should meet and skips it with
// the reason, for a bug outside sqlcompile.
func knownBug(reason string, w want) want { w.skip = "BUG: " + reason; return w }

// unsupported is the error for a construct the dialect cannot express.
func unsupported(construct string) want { return fails(sqlcompile.ErrUnsupported, construct) }

type compileCase struct {
	name string
	stmt func() core.Statement

	postgres want
	mysql    want
	mariadb  *want // nil: the same as mysql
	sqlite   want

	// columns, when set, are the names of the result columns (the same on
	// every dialect).
	columns []string

	// bug, when set, skips the whole case: a bug outside sqlcompile (in
	// core, which builds the statement) that the expectations describe the
	// fix of.
	bug string
}

// dialectRun pairs a dialect with the expectation for it.
type dialectRun struct {
	name string
	d    *sqlcompile.Dialect
	w    want
}

func (tc compileCase) runs() []dialectRun {
	maria := tc.mysql
	if tc.mariadb != nil {
		maria = *tc.mariadb
	}
	return []dialectRun{
		{"postgres", pgDialect, tc.postgres},
		{"mysql", mysqlDialect, tc.mysql},
		{"mariadb", mariadbDialect, maria},
		{"sqlite", sqliteDialect, tc.sqlite},
	}
}

// runCompileCases compiles every case for every dialect and checks the
// SQL, the args, the result columns and that the compiled-statement cache
// gives the same answer as a plain compile.
func runCompileCases(t *testing.T, cases []compileCase) {
	t.Helper()
	seen := map[string]bool{}
	for _, tc := range cases {
		require.False(t, seen[tc.name], "duplicate case name %q", tc.name)
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			if tc.bug != "" {
				t.Skip("BUG: " + tc.bug)
			}
			for _, r := range tc.runs() {
				t.Run(r.name, func(t *testing.T) {
					if r.w.skip != "" {
						t.Skip(r.w.skip)
					}
					checkCompile(t, r.d, tc.stmt(), r.w, tc.columns)
				})
			}
		})
	}
}

func checkCompile(t *testing.T, d *sqlcompile.Dialect, stmt core.Statement, w want, columns []string) {
	t.Helper()
	cs, args, err := sqlcompile.Compile(d, stmt)
	if w.err != nil || w.errMsg != "" {
		require.Error(t, err, "compiled to %q", sqlOf(cs))
		if w.err != nil {
			require.ErrorIs(t, err, w.err)
		}
		require.ErrorContains(t, err, w.errMsg)
		require.Nil(t, cs)

		// Errors are never cached: the cache returns the same error, twice.
		cache := sqlcompile.NewCache(d, 4)
		for range 2 {
			_, _, _, cerr := cache.Compile(stmt)
			require.Error(t, cerr)
			require.Equal(t, err.Error(), cerr.Error())
		}
		require.Zero(t, cache.Stats().Size)
		return
	}
	require.NoError(t, err)
	require.Equal(t, w.sql, cs.SQL)
	if len(w.args) == 0 {
		require.Empty(t, args)
	} else {
		require.Equal(t, w.args, args)
	}
	require.Equal(t, len(args), cs.NumArgs)
	require.Len(t, cs.ArgTypes, cs.NumArgs)
	requirePlaceholders(t, d, cs)
	requireValuesNotInSQL(t, cs.SQL, args)
	if columns != nil {
		names := make([]string, len(cs.Columns))
		for i, c := range cs.Columns {
			names[i] = c.Name
		}
		require.Equal(t, columns, names, "result column names")
	}

	// The same statement through a cache: a miss, then a hit with the
	// same SQL and args (DDL is never cached, so never a hit).
	cache := sqlcompile.NewCache(d, 4)
	for i := range 2 {
		ccs, cargs, hit, cerr := cache.Compile(stmt)
		require.NoError(t, cerr)
		require.Equal(t, cs.SQL, ccs.SQL)
		require.Equal(t, args, cargs)
		require.Equal(t, i == 1 && cs.Kind != sqlcompile.KindDDL, hit, "cache hit on compile %d", i+1)
	}
}

func sqlOf(cs *sqlcompile.Compiled) string {
	if cs == nil {
		return ""
	}
	return cs.SQL
}

// requirePlaceholders checks that the SQL holds exactly NumArgs
// placeholders in the dialect's style ($1, $2, ... in order for PostgreSQL).
// Text statements are skipped: their SQL may hold anything the user wrote.
func requirePlaceholders(t *testing.T, d *sqlcompile.Dialect, cs *sqlcompile.Compiled) {
	t.Helper()
	if cs.Kind == sqlcompile.KindText {
		return
	}
	if d.Placeholder == sqlcompile.Dollar {
		for i := 1; i <= cs.NumArgs; i++ {
			require.Contains(t, cs.SQL, fmt.Sprintf("$%d", i))
		}
		require.NotContains(t, cs.SQL, fmt.Sprintf("$%d", cs.NumArgs+1))
		return
	}
	require.Equal(t, cs.NumArgs, strings.Count(cs.SQL, "?"), "placeholders in %q", cs.SQL)
}

// requireValuesNotInSQL checks principle 3 of the design: bound values are
// never spliced into the SQL text.
func requireValuesNotInSQL(t *testing.T, sqlText string, args []any) {
	t.Helper()
	for _, a := range args {
		if s, ok := a.(string); ok && len(s) >= 3 {
			require.NotContains(t, sqlText, s, "a bound value appears in the SQL")
		}
	}
}

// createTable lays out CREATE TABLE the way the compiler does: one column
// or constraint per line, each indented by a tab, the closing parenthesis on
// a line of its own.
func createTable(head string, lines ...string) string {
	return head + " (\n\t" + strings.Join(lines, ",\n\t") + "\n)"
}

// mysqlTable is createTable with the table options MySQL's dialect adds.
func mysqlTable(head string, lines ...string) string {
	return createTable(head, lines...) + " DEFAULT CHARSET=utf8mb4"
}

func ptr[T any](v T) *T { return &v }

func nullString(s string) sql.Null[string] { return sql.Null[string]{V: s, Valid: true} }

// The schema the cases use: SQLAlchemy's tutorial tables and a few more.
var md = core.NewMetaData()

type userTable struct {
	core.Table
	ID       core.Column[int64]            `db:"id,pk"`
	Name     core.Column[string]           `db:"name,size=30"`
	Fullname core.Column[sql.Null[string]] `db:"fullname"`
	Nickname core.Column[*string]          `db:"nickname,size=30"`
	Active   core.Column[bool]             `db:"active"`
}

type addressTable struct {
	core.Table
	ID     core.Column[int64]  `db:"id,pk"`
	UserID core.Column[int64]  `db:"user_id,fk=user_account.id"`
	Email  core.Column[string] `db:"email_address,size=100"`
}

// deliveryTable references address, so user_account -> address -> delivery chains.
type deliveryTable struct {
	core.Table
	ID        core.Column[int64]  `db:"id,pk"`
	AddressID core.Column[int64]  `db:"address_id,fk=address.id"`
	Note      core.Column[string] `db:"note"`
}

// messageTable has two foreign keys to user_account: joining it to users
// needs an explicit ON.
type messageTable struct {
	core.Table
	ID          core.Column[int64]  `db:"id,pk"`
	SenderID    core.Column[int64]  `db:"sender_id,fk=user_account.id"`
	RecipientID core.Column[int64]  `db:"recipient_id,fk=user_account.id"`
	Body        core.Column[string] `db:"body"`
}

// tagTable has no foreign key to anything.
type tagTable struct {
	core.Table
	ID    core.Column[int64]  `db:"id,pk"`
	Title core.Column[string] `db:"title,size=20"`
}

// eventTable has client-side defaults for INSERT and UPDATE and a server default.
type eventTable struct {
	core.Table
	ID        core.Column[int64]     `db:"id,pk"`
	Title     core.Column[string]    `db:"title,size=50"`
	Version   core.Column[int64]     `db:"version"`
	UpdatedBy core.Column[string]    `db:"updated_by,size=20,null"`
	CreatedAt core.Column[time.Time] `db:"created_at,serverdefault=current_timestamp"`
}

func (t *eventTable) TableArgs() []core.TableArg {
	return []core.TableArg{
		core.Default(t.Version, func() int64 { return 1 }),
		core.OnUpdate(t.UpdatedBy, func() string { return "sys-update" }),
	}
}

// counterTable has nothing but its autoincrement key: inserting into it
// is a row of defaults.
type counterTable struct {
	core.Table
	ID core.Column[int64] `db:"id,pk"`
}

var (
	Users      = core.NewTable[userTable](md, "user_account")
	Addresses  = core.NewTable[addressTable](md, "address")
	Deliveries = core.NewTable[deliveryTable](md, "delivery")
	Messages   = core.NewTable[messageTable](md, "message")
	Tags       = core.NewTable[tagTable](md, "tag")
	Events     = core.NewTable[eventTable](md, "event")
	Counters   = core.NewTable[counterTable](md, "counter")

	// OrderLines has a named composite primary key; OrderLineNotes a named
	// composite foreign key to it with referential actions.
	OrderLines = core.NewDynamicTable(md, "order_line",
		core.ColumnSpec{Name: "order_id", Type: sqltype.BigInt{}},
		core.ColumnSpec{Name: "line", Type: sqltype.Integer{}},
		core.ColumnSpec{Name: "qty", Type: sqltype.Integer{}, NotNull: true},
		core.PrimaryKey("order_id", "line").Named("pk_order_line"),
	)
	OrderLineNotes = core.NewDynamicTable(md, "order_line_note",
		core.ColumnSpec{Name: "id", Type: sqltype.BigInt{}, PrimaryKey: true},
		core.ColumnSpec{Name: "order_id", Type: sqltype.BigInt{}, NotNull: true},
		core.ColumnSpec{Name: "line", Type: sqltype.Integer{}, NotNull: true},
		core.ColumnSpec{Name: "note", Type: sqltype.Text{}},
		core.ForeignKey("order_id", "line").References("order_line", "order_id", "line").
			Named("fk_note_line").OnDelete(core.Cascade).OnUpdate(core.Restrict),
	)
)
