package tests

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	mydialect "github.com/retort-go/retort/dialects/mysql"
	pgdialect "github.com/retort-go/retort/dialects/postgres"
	litedialect "github.com/retort-go/retort/dialects/sqlite"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/internal/testdb"
	"github.com/retort-go/retort/sqlcompile"
	"github.com/retort-go/retort/sqltype"
)

// Hostile identifiers: names that break SQL built by pasting names into
// text. Each is used as a table name and as a column name, with values
// holding the same text. They are at most identMaxNameBytes long, so that
// the index names Retort derives from two of them ("ix_<table>_<column>")
// stay within PostgreSQL's 63 bytes and are not shortened (shortening is
// tested on its own), and table names have no "." (Retort reads "a.b" as
// table b of schema a).
var identHostileNames = []string{
	`dq"uote`,
	`"`,
	"bq`tick",
	"`",
	`sq'uote`,
	`'); DROP TABLE t; --`,
	`x; DROP TABLE y; --`,
	`-- line comment`,
	`/* open`,
	`close */`,
	`# hash`,
	`/*!50000 versioned*/`, // a comment MySQL executes
	"select", "from", "order", "group", "user", "table", "key", "index",
	"MixedCase",
	"with space",
	" leading space",
	"1st place",
	"123",
	"$",
	"$1",  // PostgreSQL's placeholder
	"x$1", // Retort writes it bare: $ may continue a name everywhere
	"?",   // MySQL's and SQLite's placeholder
	"??",
	":name", // a named parameter of core.Text
	"@var",
	"%s%%",
	"100%",
	`back\slash`,
	`\`,
	`ends\`,
	`\'\"`,
	"naïve",
	"日本語",
	"😀 emoji",
	"e\u0301 combining",
	"zero\u200bwidth",
	"new\nline",
	"tab\there",
	"trailing ",
}

const identMaxNameBytes = 28

// identRefusal is how a database refuses a name: its error number as a
// table name and as a column name, and the start of its message.
type identRefusal struct {
	tableCode, columnCode, msg string
}

// identRefusedBy lists, per dialect, the names of identHostileNames the
// database cannot hold at all, with its error (checked by
// TestIdentifiersADatabaseCannotHoldAreRefusedWithItsOwnError).
var identRefusedBy = map[string]map[string]identRefusal{
	"mysql": {
		// MariaDB: "Database, table, and column names cannot end with space characters".
		"trailing ": {tableCode: "1103", columnCode: "1166", msg: "Incorrect "},
		// MariaDB identifiers are limited to the Basic Multilingual Plane.
		"😀 emoji": {tableCode: "1300", columnCode: "1300", msg: "Invalid utf8mb4 character string"},
	},
}

// identNamesFor returns the hostile names dialect d can hold.
func identNamesFor(d string) []string {
	var out []string
	for _, n := range identHostileNames {
		if _, refused := identRefusedBy[d][n]; !refused {
			out = append(out, n)
		}
	}
	return out
}

// identLabelStripsLeadingSpaces: MariaDB removes leading spaces from a
// column alias (warning 1466 "Leading spaces are removed from name"), so
// rows report a label " x" as "x". Column names keep theirs.
var identLabelStripsLeadingSpaces = map[string]bool{"mysql": true}

// identLabel returns the name rows report for a column labelled name.
func identLabel(dialect, name string) string {
	if identLabelStripsLeadingSpaces[dialect] {
		return strings.TrimLeft(name, " ")
	}
	return name
}

// identReservedBy lists the hostile names each database reserves: written
// bare they are a syntax error (checked by
// TestReservedWordsFailBareInTheDatabaseAndRetortQuotesThem), so Retort
// must quote them. The other plain lower-case words may be written bare.
var identReservedBy = map[string][]string{
	"sqlite":   {"select", "from", "order", "group", "table", "index"},
	"postgres": {"select", "from", "order", "group", "user", "table"},
	"mysql":    {"select", "from", "order", "group", "table", "key", "index"},
}

var identPlainWord = regexp.MustCompile(`^[a-z_][a-z0-9_$]*$`)

// identMustQuote reports whether name must be quoted on dialect d: it is
// reserved there or is not a plain lower-case word.
func identMustQuote(d, name string) bool {
	return !identPlainWord.MatchString(name) || slices.Contains(identReservedBy[d], name)
}

// identQuoted is name in the dialect's identifier quotes with embedded
// quote characters doubled: the only form a hostile name may take in SQL.
func identQuoted(d *sqlcompile.Dialect, name string) string {
	q := string(d.IdentQuote)
	return q + strings.ReplaceAll(name, q, q+q) + q
}

// identScan is SQL text taken apart.
type identScan struct {
	bare   string   // the text outside quoted identifiers and string literals
	idents []string // the quoted identifiers, unescaped
	strs   []string // the string literals, unescaped
}

// identSplit takes sql apart the way the database's tokenizer would: a
// quoted identifier or string literal runs to the next lone quote
// character (a doubled one is an escaped quote; in MySQL string literals a
// backslash escapes the next character).
func identSplit(d *sqlcompile.Dialect, sql string) (identScan, error) {
	var s identScan
	var bare strings.Builder
	for i := 0; i < len(sql); i++ {
		c := sql[i]
		if c != d.IdentQuote && c != '\'' {
			bare.WriteByte(c)
			continue
		}
		var tok strings.Builder
		j, closed := i+1, false
		for j < len(sql) {
			if c == '\'' && d.BackslashEscapes && sql[j] == '\\' && j+1 < len(sql) {
				tok.WriteByte(sql[j+1])
				j += 2
				continue
			}
			if sql[j] == c {
				if j+1 < len(sql) && sql[j+1] == c {
					tok.WriteByte(c)
					j += 2
					continue
				}
				closed = true
				break
			}
			tok.WriteByte(sql[j])
			j++
		}
		if !closed {
			return s, fmt.Errorf("unterminated %c opened at byte %d", c, i)
		}
		if c == '\'' {
			s.strs = append(s.strs, tok.String())
		} else {
			s.idents = append(s.idents, tok.String())
		}
		bare.WriteByte(' ')
		i = j
	}
	s.bare = bare.String()
	return s, nil
}

var (
	identWordRun  = regexp.MustCompile(`[A-Za-z0-9_$]+`)
	identWordName = regexp.MustCompile(`^[A-Za-z0-9_$]+$`)
	// identSubqueryName matches the names core.Subquery takes.
	identSubqueryName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
)

// identRequireQuoted checks that sql, sent with nargs arguments, keeps
// every hostile name (of all dialects) inside the dialect's quotes: the
// text outside quotes holds exactly nargs placeholders, no string literal
// (values are bound), no statement separator or comment marker and none of
// the names, except plain words the database does not reserve. Each name
// in present must appear, quoted with its quote characters doubled (or
// bare, if it is such a plain word).
func identRequireQuoted(t identTB, d *sqlcompile.Dialect, sql string, nargs int, present ...string) {
	t.Helper()
	s, err := identSplit(d, sql)
	require.NoError(t, err, "SQL: %s", sql)
	require.Empty(t, s.strs, "no value is spliced in as a literal; SQL: %s", sql)

	// Outside quotes: words (runs of letters, digits, _ and $) and
	// punctuation. A $ may continue a bare name ("ix_a$b"); a word that
	// starts with $ is a parameter (SQLite) and must be one of
	// PostgreSQL's $1..$n, in order.
	rest := s.bare
	words := map[string]bool{}
	var dollars []string
	for _, w := range identWordRun.FindAllString(rest, -1) {
		if strings.HasPrefix(w, "$") {
			require.Equal(t, sqlcompile.Dollar, d.Placeholder, "%q outside quotes; SQL: %s", w, sql)
			require.Regexp(t, `^\$[0-9]+$`, w, "outside quotes; SQL: %s", sql)
			dollars = append(dollars, w)
			continue
		}
		words[w] = true
	}
	if d.Placeholder == sqlcompile.Dollar {
		for i, p := range dollars {
			require.Equal(t, fmt.Sprintf("$%d", i+1), p, "placeholders are numbered in order; SQL: %s", sql)
		}
		require.Len(t, dollars, nargs, "placeholders; SQL: %s", sql)
	} else {
		require.Equal(t, nargs, strings.Count(rest, "?"), "placeholders; SQL: %s", sql)
		rest = strings.ReplaceAll(rest, "?", " ")
	}
	rest = identWordRun.ReplaceAllStringFunc(rest, func(w string) string {
		if strings.HasPrefix(w, "$") {
			return " "
		}
		return w
	})
	for _, bad := range []string{";", "--", "/*", "*/", "#", `"`, "`", "'", `\`, "?", "%", "@", ":", "\x00"} {
		require.NotContains(t, rest, bad, "outside quotes; SQL: %s", sql)
	}
	for _, name := range identHostileNames {
		switch {
		case !identMustQuote(d.Name, name):
		case identWordName.MatchString(name):
			require.False(t, words[name], "%q is written bare; SQL: %s", name, sql)
		default:
			require.NotContains(t, rest, name, "%q is written bare; SQL: %s", name, sql)
		}
	}
	for _, name := range present {
		if !identMustQuote(d.Name, name) && words[name] {
			continue
		}
		require.Contains(t, sql, identQuoted(d, name), "%q is quoted with its quotes doubled; SQL: %s", name, sql)
		require.Contains(t, s.idents, name, "%q is one quoted identifier; SQL: %s", name, sql)
	}
}

// identTB is what identRequireQuoted needs of a *testing.T (a fake in
// TestTheQuotingCheckCatchesNamesLeftUnquoted).
type identTB interface {
	require.TestingT
	Helper()
}

// identRecorder keeps every statement an engine sends, to check them all.
type identRecorder struct {
	mu     sync.Mutex
	paused bool
	sent   []identSent
}

type identSent struct {
	sql   string
	nargs int
}

func (r *identRecorder) option() engine.Option {
	return engine.WithHooks(engine.Hooks{BeforeExecute: func(_ context.Context, ex *engine.Execution) {
		r.mu.Lock()
		defer r.mu.Unlock()
		if !r.paused {
			r.sent = append(r.sent, identSent{ex.SQL, len(ex.Args)})
		}
	}})
}

// unchecked runs fn without recording: the test's own catalog queries.
func (r *identRecorder) unchecked(fn func()) {
	r.mu.Lock()
	r.paused = true
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.paused = false
		r.mu.Unlock()
	}()
	fn()
}

// requireAllQuoted checks every statement sent so far.
func (r *identRecorder) requireAllQuoted(t *testing.T, d *sqlcompile.Dialect) {
	t.Helper()
	r.mu.Lock()
	sent := slices.Clone(r.sent)
	r.mu.Unlock()
	require.NotEmpty(t, sent)
	for _, s := range sent {
		identRequireQuoted(t, d, s.sql, s.nargs)
	}
}

// identCompile compiles s for the engine's dialect, checks the names stay
// quoted (present must appear) and returns the arguments.
func identCompile(t *testing.T, eng *engine.Engine, s core.Statement, present ...string) []any {
	t.Helper()
	cs, args, err := sqlcompile.Compile(eng.Dialect(), s)
	require.NoError(t, err)
	identRequireQuoted(t, eng.Dialect(), cs.SQL, len(args), present...)
	return args
}

// identQuery compiles and checks s, runs it and returns the column names
// reported and the rows.
func identQuery(t *testing.T, eng *engine.Engine, s core.Statement, present ...string) ([]string, []engine.Row) {
	t.Helper()
	identCompile(t, eng, s, present...)
	res, err := eng.Query(context.Background(), s)
	require.NoError(t, err)
	cols := res.Columns()
	rows, err := res.All()
	require.NoError(t, err)
	return cols, rows
}

// identValues returns the values of rows.
func identValues(rows []engine.Row) [][]any {
	out := make([][]any, len(rows))
	for i, r := range rows {
		out[i] = r.Values()
	}
	return out
}

// identExec compiles and checks s, requires that the values in bound were
// sent as arguments, runs it and returns the rows affected.
func identExec(t *testing.T, eng *engine.Engine, s core.Statement, bound []string, present ...string) int64 {
	t.Helper()
	args := identCompile(t, eng, s, present...)
	for _, v := range bound {
		require.Contains(t, args, v, "the value is bound")
	}
	res, err := eng.Exec(context.Background(), s)
	require.NoError(t, err)
	return res.RowsAffected
}

// identRequireCode checks err is the database's error code (SQLSTATE or
// error number) with a message containing msg.
func identRequireCode(t *testing.T, err error, code, msg string) {
	t.Helper()
	var dbe *engine.DBError
	require.ErrorAs(t, err, &dbe)
	require.Equal(t, code, dbe.Code, "%v", err)
	require.ErrorContains(t, err, msg)
}

// identText returns v, a catalog value, as a string.
func identText(t *testing.T, v any) string {
	t.Helper()
	switch v := v.(type) {
	case string:
		return v
	case []byte:
		return string(v)
	}
	t.Fatalf("catalog value %#v is not text", v)
	return ""
}

// identCatalogRows runs a catalog query (names are bound parameters) and
// returns its rows as text.
func identCatalogRows(t *testing.T, db *testdb.DB, rec *identRecorder, sql string, params map[string]any) [][]string {
	t.Helper()
	var out [][]string
	rec.unchecked(func() {
		res, err := db.Engine.Query(context.Background(), core.Text(sql).BindMap(params))
		require.NoError(t, err, sql)
		rows, err := res.All()
		require.NoError(t, err, sql)
		for _, r := range rows {
			var row []string
			for _, v := range r.Values() {
				row = append(row, identText(t, v))
			}
			out = append(out, row)
		}
	})
	return out
}

func identFirsts(rows [][]string) []string {
	out := []string{}
	for _, r := range rows {
		out = append(out, r[0])
	}
	return out
}

// identCatalogTables returns the tables of the test database whose name
// the catalog finds equal to name (MariaDB's information_schema compares
// in its own collation, so the name is checked again byte for byte).
func identCatalogTables(t *testing.T, db *testdb.DB, rec *identRecorder, name string) []string {
	t.Helper()
	q := map[string]string{
		"sqlite":   "SELECT name FROM sqlite_master WHERE type = 'table' AND name = :name",
		"postgres": "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = :name",
		"mysql":    "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = :name",
	}[db.Dialect]
	return identFirsts(identCatalogRows(t, db, rec, q, map[string]any{"name": name}))
}

// identCatalogColumns returns the columns of table, in order.
func identCatalogColumns(t *testing.T, db *testdb.DB, rec *identRecorder, table string) []string {
	t.Helper()
	q := map[string]string{
		"sqlite":   "SELECT name FROM pragma_table_info(:t) ORDER BY cid",
		"postgres": "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = :t ORDER BY ordinal_position",
		"mysql":    "SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = :t ORDER BY ordinal_position",
	}[db.Dialect]
	return identFirsts(identCatalogRows(t, db, rec, q, map[string]any{"t": table}))
}

// identCatalogIndexes returns the columns of each index of table that is
// not the primary key.
func identCatalogIndexes(t *testing.T, db *testdb.DB, rec *identRecorder, table string) map[string][]string {
	t.Helper()
	q := map[string]string{
		"sqlite": `SELECT il.name, ii.name FROM pragma_index_list(:t) AS il, pragma_index_info(il.name) AS ii
WHERE il.origin = 'c' ORDER BY il.name, ii.seqno`,
		"postgres": `SELECT ic.relname, a.attname FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class tc ON tc.oid = i.indrelid
JOIN pg_namespace n ON n.oid = tc.relnamespace
JOIN pg_attribute a ON a.attrelid = tc.oid AND a.attnum = ANY (i.indkey)
WHERE n.nspname = current_schema() AND tc.relname = :t AND NOT i.indisprimary
ORDER BY ic.relname, a.attnum`,
		"mysql": `SELECT index_name, column_name FROM information_schema.statistics
WHERE table_schema = DATABASE() AND table_name = :t AND index_name <> 'PRIMARY'
ORDER BY index_name, seq_in_index`,
	}[db.Dialect]
	out := map[string][]string{}
	for _, r := range identCatalogRows(t, db, rec, q, map[string]any{"t": table}) {
		out[r[0]] = append(out[r[0]], r[1])
	}
	return out
}

// identCatalogForeignKeys returns the foreign keys of table as
// (column, referenced table, referenced column).
func identCatalogForeignKeys(t *testing.T, db *testdb.DB, rec *identRecorder, table string) [][]string {
	t.Helper()
	q := map[string]string{
		"sqlite": `SELECT "from", "table", "to" FROM pragma_foreign_key_list(:t)`,
		"postgres": `SELECT a.attname, rt.relname, ra.attname FROM pg_constraint c
JOIN pg_class ct ON ct.oid = c.conrelid
JOIN pg_namespace n ON n.oid = ct.relnamespace
JOIN pg_class rt ON rt.oid = c.confrelid
JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = c.confkey[1]
WHERE c.contype = 'f' AND n.nspname = current_schema() AND ct.relname = :t`,
		"mysql": `SELECT column_name, referenced_table_name, referenced_column_name FROM information_schema.key_column_usage
WHERE table_schema = DATABASE() AND table_name = :t AND referenced_table_name IS NOT NULL`,
	}[db.Dialect]
	return identCatalogRows(t, db, rec, q, map[string]any{"t": table})
}

// identDialects returns the dialects of testdb.Dialects, without servers
// (the test servers run MariaDB).
func identDialects() map[string]*sqlcompile.Dialect {
	return map[string]*sqlcompile.Dialect{
		"sqlite":   litedialect.NewDialect(),
		"postgres": pgdialect.NewDialect(),
		"mysql":    mydialect.NewDialect(true),
	}
}

func TestHostileNamesAreShortDistinctAndQuotedByEveryDialect(t *testing.T) {
	seen := map[string]bool{}
	for _, n := range identHostileNames {
		require.LessOrEqual(t, len(n), identMaxNameBytes, "%q", n)
		require.True(t, utf8.ValidString(n), "%q", n)
		require.NotContains(t, n, ".", "%q: a dot in a table name names a schema", n)
		// SQLite and MariaDB compare column names without case; MariaDB
		// also without accents, so "naïve" and "naive" would be one column.
		k := strings.ToLower(n)
		require.False(t, seen[k], "%q", n)
		seen[k] = true
	}
	for d, dl := range identDialects() {
		for _, n := range identHostileNames {
			if identMustQuote(d, n) {
				require.Equal(t, identQuoted(dl, n), dl.Quote(n), "%s: %q", d, n)
			}
		}
	}
}

// TestHostileIdentifiersRoundTripAsTableAndColumnNames pairs each hostile
// name with the next: a parent table named a (key column a, text column b)
// and a child table named b (key column b, column a referencing the parent,
// with an index), and runs DDL, INSERT, SELECT with WHERE, ORDER BY, a join,
// an alias and subqueries, UPDATE and DELETE through them.
func TestHostileIdentifiersRoundTripAsTableAndColumnNames(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			names := identNamesFor(d)
			for i, a := range names {
				b := names[(i+1)%len(names)]
				t.Run(fmt.Sprintf("%02d %+q", i, a), func(t *testing.T) {
					identRoundTrip(t, d, a, b)
				})
			}
		})
	}
}

func identRoundTrip(t *testing.T, dialect, a, b string) {
	ctx := context.Background()
	rec := &identRecorder{}
	db := testdb.Open(t, dialect, rec.option())
	eng := db.Engine
	d := eng.Dialect()

	md := core.NewMetaData()
	parent := core.NewDynamicTable(md, a,
		core.ColumnSpec{Name: a, Type: sqltype.BigInt{}, PrimaryKey: true},
		core.ColumnSpec{Name: b, Type: sqltype.String{Length: 200}})
	child := core.NewDynamicTable(md, b,
		core.ColumnSpec{Name: b, Type: sqltype.BigInt{}, PrimaryKey: true},
		core.ColumnSpec{Name: a, Type: sqltype.BigInt{}, NotNull: true, Index: true},
		core.ForeignKey(a).References(a, a))
	require.Len(t, child.Indexes(), 1)
	ix := child.Indexes()[0]
	require.Equal(t, "ix_"+b+"_"+a, ix.Name())
	require.Equal(t, ix.Name(), d.ShortenName(ix.Name()), "short enough to keep")

	// DDL.
	identCompile(t, eng, &core.CreateTable{Table: parent}, a, b)
	identCompile(t, eng, &core.CreateTable{Table: child}, a, b)
	identCompile(t, eng, &core.CreateIndex{Index: ix}, ix.Name(), a, b)
	require.NoError(t, md.CreateAll(ctx, eng))

	// The tables exist under their exact names, with their columns, the
	// index and the foreign key.
	require.Equal(t, []string{a}, identCatalogTables(t, db, rec, a))
	require.Equal(t, []string{b}, identCatalogTables(t, db, rec, b))
	require.Equal(t, []string{a, b}, identCatalogColumns(t, db, rec, a))
	require.Equal(t, []string{b, a}, identCatalogColumns(t, db, rec, b))
	require.Equal(t, []string{a}, identCatalogIndexes(t, db, rec, b)[ix.Name()], "index %q", ix.Name())
	require.Equal(t, [][]string{{a, a, a}}, identCatalogForeignKeys(t, db, rec, b))
	for _, n := range []string{a, b} {
		ok, err := eng.HasTable(ctx, "", n)
		require.NoError(t, err)
		require.True(t, ok, "HasTable(%q)", n)
	}

	// Values holding the same hostile text are bound.
	v1 := a
	v2 := "'" + b + "'"
	v3 := `x'); DELETE FROM "` + a + "`; -- \\"
	pa, pb := parent.C(a), parent.C(b)
	cb, ca := child.C(b), child.C(a)
	n := identExec(t, eng, core.Insert(parent).Values(
		core.Values{pa: int64(1), pb: v1},
		core.Values{pa: int64(2), pb: v2},
		core.Values{pa: int64(3), pb: v3}), []string{v1, v2, v3}, a, b)
	require.Equal(t, int64(3), n)
	n = identExec(t, eng, core.Insert(child).
		Row(cb.To(int64(10)), ca.To(int64(1))).
		Row(cb.To(int64(20)), ca.To(int64(1))).
		Row(cb.To(int64(30)), ca.To(int64(2))), nil, a, b)
	require.Equal(t, int64(3), n)

	// An upsert whose conflict target and excluded row are hostile names.
	upsert := func(v string) *core.InsertStmt {
		return core.Insert(parent).Values(core.Values{pa: int64(1), pb: v}).
			OnConflict(core.ConflictOn(pa).DoUpdate(pb.ToExpr(core.Excluded(pb))))
	}
	identExec(t, eng, upsert(v3), []string{v3}, a, b)
	_, rows := identQuery(t, eng, core.Select(pb).Where(pa.Eq(int64(1))), a, b)
	require.Equal(t, [][]any{{v3}}, identValues(rows))
	identExec(t, eng, upsert(v1), []string{v1}, a, b)

	// SELECT: the rows read back, under the hostile names.
	cols, rows := identQuery(t, eng, core.Select(parent).OrderBy(pa), a, b)
	require.Equal(t, []string{a, b}, cols)
	require.Len(t, rows, 3)
	for i, want := range []map[string]any{{a: int64(1), b: v1}, {a: int64(2), b: v2}, {a: int64(3), b: v3}} {
		require.Equal(t, []string{a, b}, rows[i].Columns())
		require.Equal(t, want, rows[i].Map())
		got, ok := rows[i].Get(b)
		require.True(t, ok)
		require.Equal(t, want[b], got)
	}

	// WHERE on a hostile column, with the hostile text as the value.
	for want, v := range map[int64]string{1: v1, 2: v2, 3: v3} {
		cols, rows = identQuery(t, eng, core.Select(pa).Where(pb.Eq(v)), a, b)
		require.Equal(t, []string{a}, cols)
		require.Equal(t, [][]any{{want}}, identValues(rows), "WHERE %q = %q", b, v)
	}
	cols, rows = identQuery(t, eng, core.Select(pb).Where(pa.Gt(int64(1)), pb.Ne(v3)), a, b)
	require.Equal(t, []string{b}, cols)
	require.Equal(t, [][]any{{v2}}, identValues(rows))

	// ORDER BY hostile columns.
	cols, rows = identQuery(t, eng, core.Select(cb, ca).OrderBy(ca.Desc(), cb), a, b)
	require.Equal(t, []string{b, a}, cols)
	require.Equal(t, [][]any{{int64(30), int64(2)}, {int64(10), int64(1)}, {int64(20), int64(1)}}, identValues(rows))

	// A join on the foreign key between the two tables (the ON clause is
	// inferred from it), with a hostile label.
	cols, rows = identQuery(t, eng, core.Select(cb, pb.Label(a)).From(child.Join(parent)).OrderBy(cb), a, b)
	require.Equal(t, []string{b, identLabel(dialect, a)}, cols)
	require.Equal(t, [][]any{{int64(10), v1}, {int64(20), v1}, {int64(30), v2}}, identValues(rows))

	// The parent under an alias named like the child table.
	alias := core.Alias(parent, b)
	cols, rows = identQuery(t, eng, core.Select(alias.C(a), alias.C(b)).Where(alias.C(a).Ge(int64(2))).OrderBy(alias.C(a)), a, b)
	require.Equal(t, []string{a, b}, cols)
	require.Equal(t, [][]any{{int64(2), v2}, {int64(3), v3}}, identValues(rows))
	// A self-join of the parent and its alias.
	cols, rows = identQuery(t, eng, core.Select(pa, alias.C(b).Label(b)).
		From(parent.Join(alias, pa.EqExpr(alias.C(a)))).Where(alias.C(b).Eq(v2)), a, b)
	require.Equal(t, []string{a, identLabel(dialect, b)}, cols)
	require.Equal(t, [][]any{{int64(2), v2}}, identValues(rows))

	// A derived table with a hostile count label. Retort takes only
	// identifier-like names for subqueries and CTEs ([A-Za-z_][A-Za-z0-9_.]*,
	// reserved words and capitals included): any other name is a statement
	// error before anything is sent.
	group := core.Select(ca, core.Count().Label(b)).From(child).GroupBy(ca)
	subName := a
	if !identSubqueryName.MatchString(a) {
		_, _, err := sqlcompile.Compile(d, core.Select(core.Subquery(group, a).C(a)).From(core.Subquery(group, a)))
		require.ErrorIs(t, err, core.ErrStatement)
		require.ErrorContains(t, err, "is not a usable name")
		subName = "MixedCase"
	}
	sub := core.Subquery(group, subName)
	q := core.Select(sub.C(a), sub.C(b)).From(sub).OrderBy(sub.C(a))
	if identLabel(dialect, b) != b {
		// MariaDB names the derived column without the leading spaces, so
		// the outer query cannot find it under the label it was given.
		identCompile(t, eng, q, a, b, subName)
		_, err := eng.Query(ctx, q)
		identRequireCode(t, err, "1054", "Unknown column")
	} else {
		cols, rows = identQuery(t, eng, q, a, b, subName)
		require.Equal(t, []string{a, b}, cols)
		require.Equal(t, [][]any{{int64(1), int64(2)}, {int64(2), int64(1)}}, identValues(rows))
	}
	// IN (SELECT ...) on the other table.
	cols, rows = identQuery(t, eng, core.Select(pb).Where(pa.InSelect(core.Select(ca).From(child))).OrderBy(pa), a, b)
	require.Equal(t, []string{b}, cols)
	require.Equal(t, [][]any{{v1}, {v2}}, identValues(rows))

	// UPDATE.
	v4 := b + `" updated; --`
	require.Equal(t, int64(1), identExec(t, eng, core.Update(parent).Set(pb.To(v4)).Where(pb.Eq(v3)), []string{v3, v4}, a, b))
	require.Equal(t, int64(1), identExec(t, eng, core.Update(child).Values(core.Values{ca: int64(2)}).Where(cb.Eq(int64(20))), nil, a, b))
	cols, rows = identQuery(t, eng, core.Select(pb).Where(pa.Eq(int64(3))), a, b)
	require.Equal(t, []string{b}, cols)
	require.Equal(t, [][]any{{v4}}, identValues(rows))

	// The foreign key between the two hostile tables is enforced.
	_, err := eng.Exec(ctx, core.Insert(child).Row(cb.To(int64(40)), ca.To(int64(99))))
	require.ErrorIs(t, err, engine.ErrForeignKeyViolation)
	_, err = eng.Exec(ctx, core.Delete(parent).Where(pa.Eq(int64(2))))
	require.ErrorIs(t, err, engine.ErrForeignKeyViolation)

	// DELETE.
	require.Equal(t, int64(2), identExec(t, eng, core.Delete(child).Where(ca.Eq(int64(2))), nil, a, b))
	require.Equal(t, int64(1), identExec(t, eng, core.Delete(parent).Where(pb.Eq(v4)), []string{v4}, a, b))
	cols, rows = identQuery(t, eng, core.Select(parent).OrderBy(pa), a, b)
	require.Equal(t, []string{a, b}, cols)
	require.Equal(t, [][]any{{int64(1), v1}, {int64(2), v2}}, identValues(rows))
	cnt, err := engine.Scalar[int64](ctx, eng, core.Select(core.Count()).From(child))
	require.NoError(t, err)
	require.Equal(t, int64(1), cnt)

	// DROP, and every statement sent kept the names quoted.
	require.NoError(t, md.DropAll(ctx, eng))
	require.Empty(t, identCatalogTables(t, db, rec, a))
	require.Empty(t, identCatalogTables(t, db, rec, b))
	rec.requireAllQuoted(t, d)
}

// TestForeignKeyCyclesBetweenHostileTablesAreAddedAndDroppedByName: two
// hostile tables that reference each other. Where the dialect can, CreateAll
// adds one key afterwards with ALTER TABLE under a name derived from the
// hostile names, and DropAll drops it by that name first.
func TestForeignKeyCyclesBetweenHostileTablesAreAddedAndDroppedByName(t *testing.T) {
	a, b := `x; DROP TABLE y; --`, "dq\"uote`bq'"
	md := core.NewMetaData()
	ta := core.NewDynamicTable(md, a,
		core.ColumnSpec{Name: a, Type: sqltype.BigInt{}, PrimaryKey: true},
		core.ColumnSpec{Name: b, Type: sqltype.BigInt{}},
		core.ForeignKey(b).References(b, b))
	tb := core.NewDynamicTable(md, b,
		core.ColumnSpec{Name: b, Type: sqltype.BigInt{}, PrimaryKey: true},
		core.ColumnSpec{Name: a, Type: sqltype.BigInt{}, NotNull: true},
		core.ForeignKey(a).References(a, a))
	_, cycle, err := md.SortedTables()
	require.NoError(t, err)
	require.NotEmpty(t, cycle)
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			rec := &identRecorder{}
			db := testdb.Open(t, dialect, rec.option())
			eng := db.Engine
			if eng.Dialect().AlterAddForeignKey {
				for _, fk := range cycle {
					name := core.DefaultForeignKeyName(fk)
					identCompile(t, eng, &core.AddForeignKey{ForeignKey: fk, Name: name}, a, b, name)
					identCompile(t, eng, &core.DropForeignKey{ForeignKey: fk, Name: name}, name)
				}
			}
			require.NoError(t, md.CreateAll(ctx, eng))
			require.Equal(t, [][]string{{b, b, b}}, identCatalogForeignKeys(t, db, rec, a))
			require.Equal(t, [][]string{{a, a, a}}, identCatalogForeignKeys(t, db, rec, b))

			identExec(t, eng, core.Insert(ta).Values(core.Values{ta.C(a): int64(1)}), nil, a)
			identExec(t, eng, core.Insert(tb).Values(core.Values{tb.C(b): int64(1), tb.C(a): int64(1)}), nil, a, b)
			identExec(t, eng, core.Update(ta).Values(core.Values{ta.C(b): int64(1)}).Where(ta.C(a).Eq(int64(1))), nil, a, b)
			_, err := eng.Exec(ctx, core.Update(ta).Values(core.Values{ta.C(b): int64(2)}).Where(ta.C(a).Eq(int64(1))))
			require.ErrorIs(t, err, engine.ErrForeignKeyViolation)
			_, err = eng.Exec(ctx, core.Insert(tb).Values(core.Values{tb.C(b): int64(2), tb.C(a): int64(2)}))
			require.ErrorIs(t, err, engine.ErrForeignKeyViolation)

			require.NoError(t, md.DropAll(ctx, eng))
			require.Empty(t, identCatalogTables(t, db, rec, a))
			require.Empty(t, identCatalogTables(t, db, rec, b))
			rec.requireAllQuoted(t, eng.Dialect())
		})
	}
}

// TestEveryHostileNameIsAColumnOfOneTable puts every hostile name in one
// table, so a name taken for a placeholder, a comment or the end of the
// statement would shift or swallow the values of the columns after it.
func TestEveryHostileNameIsAColumnOfOneTable(t *testing.T) {
	const table = "all`\"' quotes; --"
	const key = "#"
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			rec := &identRecorder{}
			db := testdb.Open(t, dialect, rec.option())
			eng := db.Engine

			// A dot is fine in a column name (only a table name reads it as a schema).
			names := append(identNamesFor(dialect), "dot.ted")
			specs := []core.TableArg{core.ColumnSpec{Name: key, Type: sqltype.BigInt{}, PrimaryKey: true}}
			for _, n := range names {
				specs = append(specs, core.ColumnSpec{Name: n, Type: sqltype.String{Length: 64}})
			}
			md := core.NewMetaData()
			tbl := core.NewDynamicTable(md, table, specs...)
			present := append([]string{table, key}, names...)
			identCompile(t, eng, &core.CreateTable{Table: tbl}, present...)
			require.NoError(t, md.CreateAll(ctx, eng))
			require.Equal(t, []string{table}, identCatalogTables(t, db, rec, table))
			require.Equal(t, append([]string{key}, names...), identCatalogColumns(t, db, rec, table))

			// Row r holds, in each column, text built from the column's name.
			value := func(n string, r int) string {
				switch r {
				case 1:
					return n
				case 2:
					return "'" + n + "'"
				case 3:
					return `\` + n + "\"`); --"
				}
				return fmt.Sprintf("updated %d %s", r, n)
			}
			row := func(r int) core.Values {
				v := core.Values{tbl.C(key): int64(r)}
				for _, n := range names {
					v[tbl.C(n)] = value(n, r)
				}
				return v
			}
			want := func(r, version int) map[string]any {
				m := map[string]any{key: int64(r)}
				for _, n := range names {
					m[n] = value(n, version)
				}
				return m
			}
			var bound []string
			for _, n := range names {
				bound = append(bound, value(n, 1), value(n, 2), value(n, 3))
			}
			require.Equal(t, int64(3), identExec(t, eng, core.Insert(tbl).Values(row(1), row(2), row(3)), bound, present...))

			requireRows := func(wants ...map[string]any) {
				t.Helper()
				cols, rows := identQuery(t, eng, core.Select(tbl).OrderBy(tbl.C(key)), present...)
				require.Equal(t, append([]string{key}, names...), cols)
				require.Len(t, rows, len(wants))
				for i, w := range wants {
					require.Equal(t, w, rows[i].Map())
				}
			}
			requireRows(want(1, 1), want(2, 2), want(3, 3))

			// WHERE on each column, with its own name and its quoted name as values.
			for _, n := range names {
				for r := 1; r <= 2; r++ {
					cols, rows := identQuery(t, eng, core.Select(tbl.C(key)).Where(tbl.C(n).Eq(value(n, r))), key, n)
					require.Equal(t, []string{key}, cols)
					require.Equal(t, [][]any{{int64(r)}}, identValues(rows), "WHERE %q = %q", n, value(n, r))
				}
			}
			// Every column at once, and ORDER BY DESC.
			var all []core.TypedExpr[bool]
			for _, n := range names {
				all = append(all, tbl.C(n).Ne(value(n, 1)))
			}
			_, rows := identQuery(t, eng, core.Select(tbl.C(key)).Where(all...).OrderBy(tbl.C(key).Desc()), present...)
			require.Equal(t, [][]any{{int64(3)}, {int64(2)}}, identValues(rows))

			// UPDATE of every column of row 3; rows 1 and 2 keep theirs.
			upd := row(4)
			delete(upd, tbl.C(key))
			require.Equal(t, int64(1), identExec(t, eng, core.Update(tbl).Values(upd).Where(tbl.C(key).Eq(int64(3))), nil, present...))
			requireRows(want(1, 1), want(2, 2), want(3, 4))

			// DELETE by the value of a placeholder-named column.
			require.Equal(t, int64(1), identExec(t, eng, core.Delete(tbl).Where(tbl.C("?").Eq(value("?", 2))), []string{value("?", 2)}, table, "?"))
			requireRows(want(1, 1), want(3, 4))

			// core.Text takes no parameter from inside quoted identifiers:
			// only :v here, though the names hold ":name", "?" and "$1".
			d := eng.Dialect()
			var sel []string
			for _, n := range names {
				sel = append(sel, d.Quote(n))
			}
			text := core.Text("SELECT "+strings.Join(sel, ", ")+" FROM "+d.Quote(table)+
				" WHERE "+d.Quote(":name")+" = :v AND "+d.Quote("?")+" <> :v").Bind("v", value(":name", 1))
			_, params := text.Chunks()
			require.Len(t, params, 2)
			for _, p := range params {
				require.Equal(t, "v", p.Name)
			}
			res, err := eng.Query(ctx, text)
			require.NoError(t, err)
			require.Equal(t, names, res.Columns())
			trows, err := res.All()
			require.NoError(t, err)
			require.Len(t, trows, 1)
			for _, n := range names {
				v, ok := trows[0].Get(n)
				require.True(t, ok, "%q", n)
				require.Equal(t, value(n, 1), identText(t, v), "%q", n)
			}

			require.NoError(t, md.DropAll(ctx, eng))
			require.Empty(t, identCatalogTables(t, db, rec, table))
			rec.requireAllQuoted(t, eng.Dialect())
		})
	}
}

// TestMixedCaseNamesKeepTheirCase: a quoted name keeps its case. PostgreSQL
// and MariaDB (with lower_case_table_names=0, the Linux default) hold
// "MixedCase" and "mixedcase" as two tables; SQLite compares names without
// ASCII case, even quoted ones, and refuses the second.
func TestMixedCaseNamesKeepTheirCase(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		eng := db.Engine
		rec := &identRecorder{}
		define := func(name string) (*core.MetaData, *core.Table) {
			md := core.NewMetaData()
			return md, core.NewDynamicTable(md, name, core.ColumnSpec{Name: name, Type: sqltype.BigInt{}, PrimaryKey: true})
		}
		mdUpper, upper := define("MixedCase")
		require.NoError(t, mdUpper.CreateAll(ctx, eng))
		require.Equal(t, []string{"MixedCase"}, identCatalogTables(t, db, rec, "MixedCase"))
		require.Equal(t, []string{"MixedCase"}, identCatalogColumns(t, db, rec, "MixedCase"))
		require.Equal(t, int64(1), identExec(t, eng, core.Insert(upper).Values(core.Values{upper.C("MixedCase"): int64(1)}), nil, "MixedCase"))

		mdLower, lower := define("mixedcase")
		err := mdLower.CreateAll(ctx, eng)
		if db.Dialect == "sqlite" {
			identRequireCode(t, err, "1", "table mixedcase already exists")
			return
		}
		require.NoError(t, err)
		require.Equal(t, []string{"mixedcase"}, identCatalogTables(t, db, rec, "mixedcase"))
		require.Equal(t, int64(1), identExec(t, eng, core.Insert(lower).Values(core.Values{lower.C("mixedcase"): int64(2)}), nil, "mixedcase"))
		cols, rows := identQuery(t, eng, core.Select(upper), "MixedCase")
		require.Equal(t, []string{"MixedCase"}, cols)
		require.Equal(t, [][]any{{int64(1)}}, identValues(rows))
		cols, rows = identQuery(t, eng, core.Select(lower), "mixedcase")
		require.Equal(t, []string{"mixedcase"}, cols)
		require.Equal(t, [][]any{{int64(2)}}, identValues(rows))
	})
}

// TestReservedWordsFailBareInTheDatabaseAndRetortQuotesThem grounds
// identReservedBy: the words it lists are a syntax error written bare, the
// other plain words are not, and Retort quotes at least the reserved ones.
func TestReservedWordsFailBareInTheDatabaseAndRetortQuotesThem(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		d := db.Engine.Dialect()
		for _, w := range identHostileNames {
			if !identPlainWord.MatchString(w) {
				continue
			}
			_, err := db.Engine.Exec(ctx, core.Text("CREATE TABLE "+w+" (x INTEGER)"))
			if slices.Contains(identReservedBy[db.Dialect], w) {
				require.ErrorIs(t, err, engine.ErrProgramming, "%q is reserved", w)
				require.Equal(t, identQuoted(d, w), d.Quote(w))
				continue
			}
			require.NoError(t, err, "%q is not reserved", w)
			_, err = db.Engine.Exec(ctx, core.Text("DROP TABLE "+w))
			require.NoError(t, err)
		}
	})
}

// TestIdentifiersADatabaseCannotHoldAreRefusedWithItsOwnError documents
// the names a database cannot take, with the error it gives: a NUL byte
// (no database), the names of identRefusedBy, leading spaces in a label
// (MariaDB drops them) and names longer than the identifier limit.
func TestIdentifiersADatabaseCannotHoldAreRefusedWithItsOwnError(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		eng := db.Engine
		d := eng.Dialect()

		t.Run("NUL byte", func(t *testing.T) {
			const name = "nul\x00byte"
			md := core.NewMetaData()
			tbl := core.NewDynamicTable(md, "nul_in_a_column",
				core.ColumnSpec{Name: "id", Type: sqltype.BigInt{}, PrimaryKey: true},
				core.ColumnSpec{Name: name, Type: sqltype.BigInt{}})
			// Every database refuses a NUL in a name (SQLite and MariaDB end
			// the text there; PostgreSQL finds the message malformed and
			// drops the connection): Retort refuses it when compiling, and
			// nothing is sent.
			err := md.CreateAll(ctx, eng, core.WithoutCheckFirst())
			require.ErrorIs(t, err, core.ErrStatement)
			require.ErrorContains(t, err, "holds a NUL byte")
			_, _, cerr := sqlcompile.Compile(d, &core.CreateTable{Table: tbl})
			require.ErrorIs(t, cerr, core.ErrStatement)
			ok, err := eng.HasTable(ctx, "", "nul_in_a_column")
			require.NoError(t, err, "the engine works on")
			require.False(t, ok)
		})

		for name, r := range identRefusedBy[db.Dialect] {
			t.Run(fmt.Sprintf("%+q", name), func(t *testing.T) {
				md := core.NewMetaData()
				core.NewDynamicTable(md, name, core.ColumnSpec{Name: "id", Type: sqltype.BigInt{}, PrimaryKey: true})
				identRequireCode(t, md.CreateAll(ctx, eng, core.WithoutCheckFirst()), r.tableCode, r.msg)

				md = core.NewMetaData()
				core.NewDynamicTable(md, "refused_column",
					core.ColumnSpec{Name: "id", Type: sqltype.BigInt{}, PrimaryKey: true},
					core.ColumnSpec{Name: name, Type: sqltype.BigInt{}})
				identRequireCode(t, md.CreateAll(ctx, eng), r.columnCode, r.msg)

				// With the check for an existing table first (the default),
				// the database's reason should still be what is reported.
				md = core.NewMetaData()
				core.NewDynamicTable(md, name, core.ColumnSpec{Name: "id", Type: sqltype.BigInt{}, PrimaryKey: true})
				identRequireCode(t, md.CreateAll(ctx, eng), r.tableCode, r.msg)
			})
		}

		t.Run("leading spaces in a label", func(t *testing.T) {
			const label = "  leading"
			res, err := eng.Query(ctx, core.Select(core.LiteralOf(int64(1)).Label(label)))
			require.NoError(t, err)
			require.Equal(t, []string{identLabel(db.Dialect, label)}, res.Columns())
			require.NoError(t, res.Close())
		})

		t.Run("identifier length limit", func(t *testing.T) {
			// The limits: PostgreSQL NAMEDATALEN-1 = 63 bytes, MariaDB 64
			// characters; SQLite has none.
			limit, unit := map[string]int{"sqlite": 200, "postgres": 63, "mysql": 64}[db.Dialect], "chars"
			if db.Dialect == "postgres" {
				limit, unit = 63, "bytes"
			}
			if db.Dialect != "sqlite" {
				require.Equal(t, limit, d.MaxIdentLength)
			}
			long := func(n int) string { // n units of 語 (3 bytes)
				if unit == "bytes" {
					return strings.Repeat("語", n/3)
				}
				return strings.Repeat("語", n)
			}
			rec := &identRecorder{}
			atLimit := long(limit)
			tableAtLimit := atLimit
			if db.Dialect == "mysql" {
				// MariaDB keeps a table in files named after it, with each
				// character outside [A-Za-z0-9_] written as @xxxx: a table
				// name of 64 such characters is too long a file name.
				md := core.NewMetaData()
				core.NewDynamicTable(md, atLimit, core.ColumnSpec{Name: "id", Type: sqltype.BigInt{}, PrimaryKey: true})
				identRequireCode(t, md.CreateAll(ctx, eng), "1005", `(errno: 36 "File name too long")`)
				tableAtLimit = strings.Repeat("T", limit)
			}
			md := core.NewMetaData()
			tbl := core.NewDynamicTable(md, tableAtLimit,
				core.ColumnSpec{Name: atLimit, Type: sqltype.BigInt{}, PrimaryKey: true})
			require.NoError(t, md.CreateAll(ctx, eng))
			require.Equal(t, []string{tableAtLimit}, identCatalogTables(t, db, rec, tableAtLimit))
			require.Equal(t, []string{atLimit}, identCatalogColumns(t, db, rec, tableAtLimit))
			require.Equal(t, int64(1), identExec(t, eng, core.Insert(tbl).Values(core.Values{tbl.C(atLimit): int64(7)}), nil, tableAtLimit, atLimit))
			cols, rows := identQuery(t, eng, core.Select(tbl), tableAtLimit, atLimit)
			require.Equal(t, []string{atLimit}, cols)
			require.Equal(t, [][]any{{int64(7)}}, identValues(rows))
			if db.Dialect == "sqlite" {
				return
			}

			over := long(limit + 3)
			md = core.NewMetaData()
			tbl = core.NewDynamicTable(md, "over_limit",
				core.ColumnSpec{Name: "id", Type: sqltype.BigInt{}, PrimaryKey: true},
				core.ColumnSpec{Name: over, Type: sqltype.BigInt{}})
			// Over the limit MariaDB refuses the name (1059) but PostgreSQL
			// cuts it to 63 bytes with a NOTICE the caller never sees, so
			// rows would come back under another name: Retort refuses it
			// when compiling, on both.
			err := md.CreateAll(ctx, eng)
			require.ErrorIs(t, err, core.ErrStatement)
			require.ErrorContains(t, err, fmt.Sprintf("limit of %d", limit))
			_, _, err = sqlcompile.Compile(d, core.Select(tbl.C(over)))
			require.ErrorIs(t, err, core.ErrStatement)
		})
	})
}

// TestGeneratedIndexNamesAreShortenedOnACharacterBoundary: the name
// Retort derives for an index ("ix_<table>_<column>") is shortened to the
// identifier limit with a hash; cut inside a multi-byte character it is no
// longer UTF-8 and the database refuses it.
func TestGeneratedIndexNamesAreShortenedOnACharacterBoundary(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		rec := &identRecorder{}
		d := db.Engine.Dialect()
		table, col := "日本語x", strings.Repeat("語", 20) // 10 and 60 bytes; "ix_" + table + "_" puts the cut mid-character
		md := core.NewMetaData()
		tbl := core.NewDynamicTable(md, table,
			core.ColumnSpec{Name: "id", Type: sqltype.BigInt{}, PrimaryKey: true},
			core.ColumnSpec{Name: col, Type: sqltype.BigInt{}, Index: true})
		ix := d.ShortenName(tbl.Indexes()[0].Name())
		require.True(t, utf8.ValidString(ix), "%q", ix)
		require.NoError(t, md.CreateAll(ctx, db.Engine))
		switch {
		case d.IdentLengthInChars:
			require.LessOrEqual(t, utf8.RuneCountInString(ix), d.MaxIdentLength)
		case d.MaxIdentLength > 0:
			require.LessOrEqual(t, len(ix), d.MaxIdentLength)
		}
		require.Equal(t, []string{col}, identCatalogIndexes(t, db, rec, table)[ix])
	})
}

// TestIdentifierNamesRetortReadsSpecially: an empty name is a definition
// error; a dot in a table name separates the schema.
func TestIdentifierNamesRetortReadsSpecially(t *testing.T) {
	md := core.NewMetaData()
	_, err := core.DefineDynamicTable(md, "", core.ColumnSpec{Name: "id", Type: sqltype.BigInt{}})
	require.ErrorIs(t, err, core.ErrDefinition)
	_, err = core.DefineDynamicTable(md, "t", core.ColumnSpec{Name: "", Type: sqltype.BigInt{}})
	require.ErrorIs(t, err, core.ErrDefinition)

	tbl := core.NewDynamicTable(md, "dot.ted", core.ColumnSpec{Name: "dot.ted", Type: sqltype.BigInt{}})
	require.Equal(t, "dot", tbl.SchemaName())
	require.Equal(t, "ted", tbl.TableName())
	for _, d := range identDialects() {
		cs, _, err := sqlcompile.Compile(d, core.Select(tbl.C("dot.ted")))
		require.NoError(t, err)
		require.Contains(t, cs.SQL, identQuoted(d, "dot.ted"), "the column's dot is inside quotes")
	}
}

// identFakeT records a failed check instead of failing the test.
type identFakeT struct {
	failed bool
	msg    string
}

func (f *identFakeT) Errorf(format string, args ...any) {
	f.failed = true
	f.msg = fmt.Sprintf(format, args...)
}
func (f *identFakeT) FailNow() { panic(f) }
func (f *identFakeT) Helper()  {}

// TestTheQuotingCheckCatchesNamesLeftUnquoted shows identRequireQuoted is
// not vacuous: it fails on SQL with a hostile name written bare, a quote
// not doubled, a spliced value or a stray placeholder.
func TestTheQuotingCheckCatchesNamesLeftUnquoted(t *testing.T) {
	ds := identDialects()
	check := func(d *sqlcompile.Dialect, sql string, nargs int, present ...string) (failed bool, msg string) {
		f := &identFakeT{}
		func() {
			defer func() {
				if r := recover(); r != nil && r != f {
					panic(r)
				}
			}()
			identRequireQuoted(f, d, sql, nargs, present...)
		}()
		return f.failed, f.msg
	}
	for _, tc := range []struct {
		dialect string
		sql     string
		nargs   int
		present []string
		ok      bool
	}{
		{"postgres", `SELECT "x; DROP TABLE y; --"."dq""uote", key FROM "select" WHERE "$1" = $1 AND "?" = $2`, 2, []string{`dq"uote`, "key", "select", "$1", "?"}, true},
		{"postgres", `SELECT user FROM t`, 0, nil, false}, // reserved by PostgreSQL
		{"mysql", "SELECT `bq``tick`, user, `dq\"uote` FROM `select` WHERE `?` = ? AND `$1` = ?", 2, []string{"bq`tick", "user", `dq"uote`, "$1"}, true},
		{"sqlite", `CREATE INDEX ix_$_x$1 ON "$" ("x$1")`, 0, []string{"$", "x$1"}, true},
		{"postgres", `SELECT "a" FROM t WHERE a = $1`, 1, []string{"naïve"}, false},                // missing
		{"postgres", `SELECT x; DROP TABLE y; -- FROM t`, 0, nil, false},                           // bare
		{"postgres", `SELECT "dq"uote" FROM t`, 0, nil, false},                                     // quote not doubled
		{"mysql", "SELECT `bq`tick` FROM t", 0, nil, false},                                        // quote not doubled
		{"sqlite", "SELECT `bq``tick` FROM t", 0, nil, false},                                      // the other dialect's quotes
		{"postgres", `SELECT $1 FROM t WHERE a = $1`, 1, nil, false},                               // "$1" bare
		{"sqlite", `SELECT ? FROM t WHERE a = ?`, 1, nil, false},                                   // "?" bare
		{"sqlite", `SELECT :name FROM t`, 0, nil, false},                                           // ":name" bare
		{"sqlite", `SELECT $ FROM t`, 0, nil, false},                                               // "$" bare
		{"postgres", `SELECT "a" FROM t WHERE a = 'x''; --'`, 0, nil, false},                       // a spliced value
		{"postgres", `SELECT select FROM t`, 0, nil, false},                                        // reserved word bare
		{"mysql", "SELECT `a` FROM `key`, key", 0, nil, false},                                     // reserved word bare
		{"postgres", `SELECT MixedCase FROM t`, 0, nil, false},                                     // folded to lower case
		{"postgres", "SELECT \"naïve\", 日本語 FROM t", 0, nil, false},                                // bare unicode
		{"postgres", `SELECT "a" FROM t WHERE a = $2`, 1, nil, false},                              // placeholders out of order
		{"mysql", "SELECT `a` FROM t # hash", 0, nil, false},                                       // comment
		{"postgres", "SELECT \"unterminated FROM t", 0, nil, false},                                // unbalanced quote
		{"mysql", `SELECT 'it\'s' FROM t`, 0, nil, false},                                          // a literal with a backslash escape
		{"postgres", `SELECT "with space", with space FROM t`, 0, []string{"with space"}, false},   // quoted once, bare once
		{"sqlite", "SELECT \"new\nline\" FROM t WHERE \"a\" = ?", 0, []string{"new\nline"}, false}, // wrong argument count
		{"postgres", `SELECT "a" FROM "t" AS "e` + "\u0301" + ` combining"`, 0, []string{"e\u0301 combining"}, true},
	} {
		failed, msg := check(ds[tc.dialect], tc.sql, tc.nargs, tc.present...)
		require.Equal(t, !tc.ok, failed, "%s: %s: %s", tc.dialect, tc.sql, msg)
	}
}
