package compilecases

// Layer 1 of the tests (docs: STYLE.MD, "Tests, in four layers"): compile
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
	"encoding/json"
	"strings"
	"time"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/dialects/mysql"
	"github.com/retort-go/retort/dialects/postgres"
	"github.com/retort-go/retort/dialects/sqlite"
	"github.com/retort-go/retort/sqlcompile"
	"github.com/retort-go/retort/sqltype"
)

// The dialects the cases are written for. MariaDB is the MySQL dialect
// with MariaDB's capabilities; a case states MariaDB's output only where
// it differs.
var (
	PG      = postgres.NewDialect()
	MySQL   = mysql.NewDialect(false)
	MariaDB = mysql.NewDialect(true)
	SQLite  = sqlite.NewDialect()
)

// Want is what one dialect must produce for a statement: SQL and args, or
// an error (matched with errors.Is and, if given, a message fragment).
type Want struct {
	SQL    string
	Args   []any
	Err    error
	ErrMsg string
	// Skip, when set, skips the dialect with this reason ("BUG: ..." for a
	// known bug outside sqlcompile, or why the case does not apply).
	Skip string
}

// emits is the expected SQL and arguments.
func emits(sql string, args ...any) Want { return Want{SQL: sql, Args: args} }

// fails is an expected error: errors.Is(err, target), and msg in its text.
func fails(target error, msg string) Want { return Want{Err: target, ErrMsg: msg} }

// skipped marks a dialect the case does not apply to.
func skipped(reason string) Want { return Want{Skip: reason} }

// knownBug keeps the expectation a dialect should meet and skips it with
// the reason, for a bug outside sqlcompile.
func knownBug(reason string, w Want) Want { w.Skip = "BUG: " + reason; return w }

// unsupported is the error for a construct the dialect cannot express.
func unsupported(construct string) Want { return fails(sqlcompile.ErrUnsupported, construct) }

// Case is one statement and what each dialect must make of it.
type Case struct {
	Name string
	Stmt func() core.Statement

	Postgres Want
	MySQL    Want
	MariaDB  *Want // nil: the same as MySQL
	SQLite   Want

	// Columns, when set, are the names of the result columns (the same on
	// every dialect).
	Columns []string

	// Bug, when set, skips the whole case: a bug outside sqlcompile (in
	// core, which builds the statement) that the expectations describe the
	// fix of.
	Bug string
	// NoExec, when set, says why the case is compiled but not executed on
	// the databases (the reason is part of the documentation).
	NoExec string
}

// Run pairs a dialect with the expectation for it.
type Run struct {
	Name    string
	Dialect *sqlcompile.Dialect
	Want    Want
}

// Runs returns the case's expectation for each dialect: postgres, mysql,
// mariadb, sqlite.
func (tc Case) Runs() []Run {
	maria := tc.MySQL
	if tc.MariaDB != nil {
		maria = *tc.MariaDB
	}
	return []Run{
		{"postgres", PG, tc.Postgres},
		{"mysql", MySQL, tc.MySQL},
		{"mariadb", MariaDB, maria},
		{"sqlite", SQLite, tc.SQLite},
	}
}

// Group is a named table of cases.
type Group struct {
	Name  string
	Cases func() []Case
}

// Groups returns every table of cases.
func Groups() []Group {
	return []Group{
		{"select", selectCases}, {"where", whereCases}, {"bool", boolCases}, {"order_limit", orderLimitCases},
		{"aggregate", aggregateCases}, {"join", joinCases}, {"expr", exprCases}, {"query", queryCases}, {"cte", cteCases}, {"set_op", setOpCases}, {"dml_more", dmlMoreCases}, {"text_more", textMoreCases},
		{"insert", insertCases}, {"update", updateCases}, {"delete", deleteCases}, {"text", textCases},
		{"create_table", createTableCases}, {"other_ddl", otherDDLCases}, {"schema", schemaCases}, {"quote", quoteCases},
	}
}

// All returns every case.
func All() []Case {
	var all []Case
	for _, g := range Groups() {
		all = append(all, g.Cases()...)
	}
	return all
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

func NullString(s string) sql.Null[string] { return sql.Null[string]{V: s, Valid: true} }

// MD holds the schema the cases use: SQLAlchemy's tutorial tables and a
// few more. PGMD holds tables only PostgreSQL can create (arrays).
var (
	MD   = core.NewMetaData()
	PGMD = core.NewMetaData()
)

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

// nodeTable is a tree: each node names its parent (recursive CTEs).
type nodeTable struct {
	core.Table
	ID       core.Column[int64]           `db:"id,pk"`
	ParentID core.Column[sql.Null[int64]] `db:"parent_id,fk=node.id"`
	Name     core.Column[string]          `db:"name,size=30"`
}

// docTable holds JSON documents.
type docTable struct {
	core.Table
	ID   core.Column[int64]           `db:"id,pk"`
	Body core.Column[json.RawMessage] `db:"body"`
}

// postTable has a PostgreSQL array column (in PGMD).
type postTable struct {
	core.Table
	ID   core.Column[int64]    `db:"id,pk"`
	Tags core.Column[[]string] `db:"tags"`
}

var (
	Nodes = core.NewTable[nodeTable](MD, "node")
	Docs  = core.NewTable[docTable](MD, "doc")
	Posts = core.NewTable[postTable](PGMD, "post")
)

var (
	Users      = core.NewTable[userTable](MD, "user_account")
	Addresses  = core.NewTable[addressTable](MD, "address")
	Deliveries = core.NewTable[deliveryTable](MD, "delivery")
	Messages   = core.NewTable[messageTable](MD, "message")
	Tags       = core.NewTable[tagTable](MD, "tag")
	Events     = core.NewTable[eventTable](MD, "event")
	Counters   = core.NewTable[counterTable](MD, "counter")

	// OrderLines has a named composite primary key; OrderLineNotes a named
	// composite foreign key to it with referential actions.
	OrderLines = core.NewDynamicTable(MD, "order_line",
		core.ColumnSpec{Name: "order_id", Type: sqltype.BigInt{}},
		core.ColumnSpec{Name: "line", Type: sqltype.Integer{}},
		core.ColumnSpec{Name: "qty", Type: sqltype.Integer{}, NotNull: true},
		core.PrimaryKey("order_id", "line").Named("pk_order_line"),
	)
	OrderLineNotes = core.NewDynamicTable(MD, "order_line_note",
		core.ColumnSpec{Name: "id", Type: sqltype.BigInt{}, PrimaryKey: true},
		core.ColumnSpec{Name: "order_id", Type: sqltype.BigInt{}, NotNull: true},
		core.ColumnSpec{Name: "line", Type: sqltype.Integer{}, NotNull: true},
		core.ColumnSpec{Name: "note", Type: sqltype.Text{}},
		core.ForeignKey("order_id", "line").References("order_line", "order_id", "line").
			Named("fk_note_line").OnDelete(core.Cascade).OnUpdate(core.Restrict),
	)
)
