package tests

// Layer 1 of the tests (docs: STYLE.md, "Tests, in four layers") on the
// real databases. sqlcompile's TestCompileCases checks that every case of
// the compile tables (internal/compilecases) compiles to the SQL the table
// states; this file executes that SQL on PostgreSQL, MariaDB and SQLite, so
// every expected string is proven to be SQL the database accepts, and the
// text the engine sends is proven to be the text of the table.
//
// How a case runs on each database:
//
//   - A case whose expectation is an error is compiled by the engine and
//     must fail with that error; nothing is sent ("documented compile
//     errors").
//   - DML, SELECT and text cases run one by one in a savepoint of one
//     transaction that holds the schema every case reads (the tables of
//     compilecases.MD and of every MetaData a case names) with three seeded
//     rows per table; the savepoint is rolled back after each case, so no
//     case sees another's writes. On PostgreSQL and SQLite the tables are
//     created inside that transaction too; MariaDB, which commits DDL,
//     creates them first in testdb's isolated database.
//   - DDL cases run one by one from an empty database, after the statements
//     that create what the case needs (ccDDLSetup: the tables a CREATE TABLE
//     references, the table and index a DROP INDEX drops, ...), derived from
//     the statement's type, never from the case's name. PostgreSQL and
//     SQLite roll each case back (DDL is transactional there); on MariaDB
//     every table of the isolated database and of the case schemas is
//     dropped before each case, on the harness's own connection, with
//     foreign_key_checks off only for that drop.
//   - Cases that name a schema ("sales") need it to exist, and the cases fix
//     its name. PostgreSQL creates it inside each transaction, so no other
//     session ever sees it (a concurrent run waits on the name until the
//     transaction rolls back). SQLite attaches an in-memory database under
//     that name on the harness's connection. MariaDB creates the database
//     under an advisory lock (GET_LOCK) that serializes concurrent runs,
//     with a comment that marks it as this harness's, and drops it at the
//     end; a marked leftover of a crashed run is dropped, an unmarked
//     database of that name fails the test rather than being touched.
//
// The "mysql" run is MySQL 8 syntax: there is no MySQL 8 server here, so it
// is skipped; MariaDB executes the "mariadb" run.

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/internal/compilecases"
	"github.com/retort-go/retort/internal/testdb"
	"github.com/retort-go/retort/sqlcompile"
	"github.com/retort-go/retort/sqltype"
)

// ccRunKey names one run of one case: the case's name and the run
// ("postgres", "mariadb", "sqlite").
type ccRunKey struct{ Case, Run string }

// knownFailures are runs whose expected SQL the real database rejects: the
// findings of this harness, each with a fragment of the database's error,
// kept until the case or the compiler is fixed. A listed run that fails
// differently, or starts to pass, fails the test, so the list cannot go
// stale.
var knownFailures = map[ccRunKey]string{}

// ccLive pairs each run a local server executes with testdb's name for it.
var ccLive = []struct{ run, db string }{
	{"postgres", "postgres"},
	{"mariadb", "mysql"},
	{"sqlite", "sqlite"},
}

const (
	ccNoMySQL8 = "the mysql run is MySQL 8 syntax and no MySQL 8 server runs here (MariaDB executes the mariadb run)"
	// ccSchemaMarker is the comment of the MariaDB databases this harness
	// creates for the case schemas.
	ccSchemaMarker = "retort compilecases harness: safe to drop"
	// ccSchemaLock serializes the runs that use the case schemas on one
	// MariaDB server.
	ccSchemaLock = "retort_compilecases_schemas"
	// ccSeedRows is the number of rows seeded into each table.
	ccSeedRows = 3
)

// ccCase is one case with the name of its group.
type ccCase struct {
	group string
	tc    compilecases.Case
}

func (c ccCase) name() string { return c.group + ": " + c.tc.Name }

// ccStmt builds the case's statement; a panic is returned as an error.
func ccStmt(tc compilecases.Case) (s core.Statement, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("building the statement panicked: %v", r)
		}
	}()
	return tc.Stmt(), nil
}

// ccItem is one case planned for one run.
type ccItem struct {
	ccCase
	want compilecases.Want
}

// ccTally counts what happened to the cases of one run.
type ccTally struct {
	run           string
	cases         int
	executed      int // ran on the database and succeeded
	rowStatements int // of those, statements that return rows
	withRows      int // of those, the ones that returned at least one
	compileErrors int // expected errors, raised at compile time
	known         int // knownFailures that failed as listed
	skipped       map[string]int
	failures      []string // executions the database refused
	notes         []string // tables the schema could not hold
}

func (tl *ccTally) skip(reason string) { tl.skipped[reason]++ }

func (tl *ccTally) summary() string {
	var b strings.Builder
	nSkipped := 0
	for _, n := range tl.skipped {
		nSkipped += n
	}
	fmt.Fprintf(&b, "%s: %d cases: %d executed (%d returned rows, %d of them at least one row), %d documented compile errors, %d known failures, %d skipped",
		tl.run, tl.cases, tl.executed, tl.rowStatements, tl.withRows, tl.compileErrors, tl.known, nSkipped)
	reasons := make([]string, 0, len(tl.skipped))
	for r := range tl.skipped {
		reasons = append(reasons, r)
	}
	sort.Slice(reasons, func(i, j int) bool {
		if tl.skipped[reasons[i]] != tl.skipped[reasons[j]] {
			return tl.skipped[reasons[i]] > tl.skipped[reasons[j]]
		}
		return reasons[i] < reasons[j]
	})
	for _, r := range reasons {
		fmt.Fprintf(&b, "\n    %4d skipped: %s", tl.skipped[r], r)
	}
	for _, n := range tl.notes {
		fmt.Fprintf(&b, "\n    note: %s", n)
	}
	for _, f := range tl.failures {
		fmt.Fprintf(&b, "\n    FAILURE: %s", f)
	}
	return b.String()
}

// ccRecorder collects the SQL the engine sends for one statement: the
// engine's BeforeExecute hook appends to the recorder in the context.
type ccRecorder struct{ sql []string }

type ccRecorderKey struct{}

var ccHooks = engine.Hooks{BeforeExecute: func(ctx context.Context, ex *engine.Execution) {
	if r, ok := ctx.Value(ccRecorderKey{}).(*ccRecorder); ok {
		r.sql = append(r.sql, ex.SQL)
	}
}}

func ccRecording() (context.Context, *ccRecorder) {
	r := &ccRecorder{}
	return context.WithValue(context.Background(), ccRecorderKey{}, r), r
}

func TestEveryCompileCaseRunsOnItsDatabase(t *testing.T) {
	var cases []ccCase
	for _, g := range compilecases.Groups() {
		for _, tc := range g.Cases() {
			cases = append(cases, ccCase{g.Name, tc})
		}
	}
	require.NotEmpty(t, cases)
	tables := ccSchemaTables(t, cases)

	var (
		mu      sync.Mutex
		tallies = map[string]*ccTally{}
	)
	start := time.Now()
	t.Cleanup(func() {
		mysql := &ccTally{run: "mysql", cases: len(cases), skipped: map[string]int{ccNoMySQL8: len(cases)}}
		lines := []string{mysql.summary()}
		for _, l := range ccLive {
			if tl := tallies[l.run]; tl != nil {
				lines = append(lines, tl.summary())
			}
		}
		t.Logf("compile cases on the real databases (%v):\n%s", time.Since(start).Round(time.Millisecond), strings.Join(lines, "\n"))
	})

	t.Run("mysql", func(t *testing.T) { t.Skipf("%d cases: %s", len(cases), ccNoMySQL8) })
	for _, l := range ccLive {
		t.Run(l.run, func(t *testing.T) {
			t.Parallel()
			tl := &ccTally{run: l.run, cases: len(cases), skipped: map[string]int{}}
			mu.Lock()
			tallies[l.run] = tl
			mu.Unlock()
			ccRun(t, l.run, l.db, cases, tables, tl)
		})
	}
}

// ccSchemaTables returns the tables the cases read and write: those of
// compilecases.MD, compilecases.PGMD and of every MetaData holding a table a case's statement
// names, parents before children.
func ccSchemaTables(t *testing.T, cases []ccCase) []*core.Table {
	// PGMD's tables (arrays) are created where the database has them; the
	// others leave them out.
	mds := []*core.MetaData{compilecases.MD, compilecases.PGMD}
	for _, c := range cases {
		if c.tc.Bug != "" {
			continue
		}
		s, err := ccStmt(c.tc)
		if err != nil {
			continue // reported by the runs
		}
		if tb := ccTableOf(s); tb != nil && tb.MetaData() != nil && !slices.Contains(mds, tb.MetaData()) {
			mds = append(mds, tb.MetaData())
		}
	}
	var all []*core.Table
	seen := map[string]bool{}
	for _, md := range mds {
		for _, tb := range md.Tables() {
			if key := tb.SchemaName() + "." + tb.TableName(); !seen[key] {
				seen[key] = true
				all = append(all, tb)
			}
		}
	}
	sorted, _, err := core.SortTables(all)
	require.NoError(t, err)
	return sorted
}

// ccTableOf returns the table a statement creates, drops, alters or writes,
// or nil.
func ccTableOf(s core.Statement) *core.Table {
	switch s := s.(type) {
	case *core.CreateTable:
		return s.Table
	case *core.DropTable:
		return s.Table
	case *core.CreateIndex:
		if s.Index != nil {
			return s.Index.Table()
		}
	case *core.DropIndex:
		if s.Index != nil {
			return s.Index.Table()
		}
	case *core.AddForeignKey:
		if s.ForeignKey != nil {
			return s.ForeignKey.Table()
		}
	case *core.DropForeignKey:
		if s.ForeignKey != nil {
			return s.ForeignKey.Table()
		}
	case interface{ Table() *core.Table }: // INSERT, UPDATE, DELETE
		return s.Table()
	}
	return nil
}

// ccEnv is one run's database and the one connection every case uses.
type ccEnv struct {
	run  string
	db   *testdb.DB
	eng  *engine.Engine
	d    *sqlcompile.Dialect
	conn *engine.Conn
	// schemas are the schemas the case tables live in.
	schemas []string
	// schemaInTx: schemas are created inside each transaction (PostgreSQL).
	schemaInTx bool
	// tables are the tables the DML cases run on.
	tables []*core.Table
	tally  *ccTally
}

func ccRun(t *testing.T, run, dbName string, cases []ccCase, tables []*core.Table, tl *ccTally) {
	ctx := context.Background()
	db := testdb.Open(t, dbName, engine.WithHooks(ccHooks))
	env := &ccEnv{run: run, db: db, eng: db.Engine, d: db.Engine.Dialect(), tally: tl}
	for _, tb := range tables {
		if s := tb.SchemaName(); s != "" && !slices.Contains(env.schemas, s) {
			env.schemas = append(env.schemas, s)
		}
	}
	conn, err := env.eng.Connect(ctx)
	require.NoError(t, err)
	env.conn = conn
	t.Cleanup(func() { _ = conn.Close() })

	// Plan: the engine must be on the dialect of the run.
	var compileErrs, dml, ddl []ccItem
	for _, c := range cases {
		var want compilecases.Want
		for _, r := range c.tc.Runs() {
			if r.Name == run {
				require.Equal(t, r.Dialect.Name, env.d.Name, "the engine's dialect")
				require.Equal(t, r.Dialect.Flavor, env.d.Flavor, "the engine's dialect flavor")
				want = r.Want
			}
		}
		it := ccItem{ccCase: c, want: want}
		switch {
		case c.tc.Bug != "":
			ccSkipped(t, tl, it, "BUG: "+c.tc.Bug)
		case want.Skip != "":
			ccSkipped(t, tl, it, want.Skip)
		case want.Err != nil || want.ErrMsg != "":
			compileErrs = append(compileErrs, it)
		case c.tc.NoExec != "":
			t.Run(it.name(), func(t *testing.T) {
				env.compileMatches(t, it)
				tl.skip("NoExec (compiled, not executed): " + c.tc.NoExec)
				t.Skip("NoExec: " + c.tc.NoExec)
			})
		case env.isDDL(it):
			ddl = append(ddl, it)
		default:
			dml = append(dml, it)
		}
	}

	for _, it := range compileErrs {
		t.Run(it.name(), func(t *testing.T) { env.compileError(t, it) })
	}
	env.openSchemas(t)
	env.dmlPhase(t, dml, tables)
	env.ddlPhase(t, ddl)
}

func ccSkipped(t *testing.T, tl *ccTally, it ccItem, reason string) {
	tl.skip(reason)
	t.Run(it.name(), func(t *testing.T) { t.Skip(reason) })
}

// isDDL reports whether the case's statement compiles to DDL on the run's
// dialect (by its Go type when it does not compile: the run reports that).
func (env *ccEnv) isDDL(it ccItem) bool {
	s, err := ccStmt(it.tc)
	if err != nil {
		return false
	}
	if cs, _, err := sqlcompile.Compile(env.d, s); err == nil {
		return cs.Kind == sqlcompile.KindDDL
	}
	_, err = ccDDLSetup(env.d, s)
	return err == nil
}

// openSchemas makes the case schemas available on the run's connection:
// attached in-memory databases on SQLite, databases on MariaDB (under the
// lock, dropped at the end), nothing yet on PostgreSQL (created inside each
// transaction).
func (env *ccEnv) openSchemas(t *testing.T) {
	if len(env.schemas) == 0 {
		return
	}
	ctx := context.Background()
	switch env.d.Name {
	case "postgres":
		env.schemaInTx = true
	case "sqlite":
		for _, s := range env.schemas {
			_, err := env.conn.Exec(ctx, core.Text("ATTACH DATABASE ':memory:' AS "+env.d.Quote(s)))
			require.NoError(t, err)
			t.Cleanup(func() { _, _ = env.conn.Exec(ctx, core.Text("DETACH DATABASE "+env.d.Quote(s))) })
		}
	case "mysql":
		got, err := engine.Scalar[int64](ctx, env.conn, core.Text("SELECT GET_LOCK(:name, 120)").Bind("name", ccSchemaLock))
		require.NoError(t, err)
		require.EqualValues(t, 1, got, "GET_LOCK(%s): another run held it for two minutes", ccSchemaLock)
		t.Cleanup(func() {
			_, _ = engine.Scalar[any](ctx, env.conn, core.Text("SELECT RELEASE_LOCK(:name)").Bind("name", ccSchemaLock))
		})
		marker, err := env.d.QuoteString(ccSchemaMarker)
		require.NoError(t, err)
		for _, s := range env.schemas {
			comment, err := engine.OneOrNone[string](ctx, env.conn,
				core.Text("SELECT schema_comment FROM information_schema.schemata WHERE schema_name = :s").Bind("s", s))
			require.NoError(t, err)
			if comment != nil {
				require.Equal(t, ccSchemaMarker, *comment,
					"a database named %s exists on the MariaDB server and is not this harness's: the cases need that name", s)
				_, err := env.conn.Exec(ctx, core.Text("DROP DATABASE "+env.d.Quote(s)))
				require.NoError(t, err, "dropping the leftover of a crashed run")
			}
			_, err = env.conn.Exec(ctx, core.Text("CREATE DATABASE "+env.d.Quote(s)+" CHARACTER SET utf8mb4 COMMENT "+marker))
			require.NoError(t, err)
			t.Cleanup(func() {
				if _, err := env.conn.Exec(ctx, core.Text("DROP DATABASE "+env.d.Quote(s))); err != nil {
					t.Errorf("dropping the case schema %s: %v", s, err)
				}
			})
		}
	default:
		t.Fatalf("the harness does not know how %s makes a schema", env.d.Name)
	}
}

// createSchemas creates the schemas inside tx where schemas are
// transactional (PostgreSQL).
func (env *ccEnv) createSchemas(t *testing.T, tx *engine.Tx, schemas []string) {
	if !env.schemaInTx {
		return
	}
	for _, s := range schemas {
		_, err := tx.Exec(context.Background(), core.Text("CREATE SCHEMA "+env.d.Quote(s)))
		require.NoError(t, err, "CREATE SCHEMA %s (the cases fix the name; is it left on the server?)", s)
	}
}

// compileError checks a case that expects an error: the engine must refuse
// to compile it, with that error.
func (env *ccEnv) compileError(t *testing.T, it ccItem) {
	s, err := ccStmt(it.tc)
	require.NoError(t, err)
	sqlText, _, err := env.eng.Compile(s)
	require.Error(t, err, "the table expects a compile error on %s; the engine compiled %q", env.run, sqlText)
	if it.want.Err != nil {
		require.ErrorIs(t, err, it.want.Err)
	}
	require.ErrorContains(t, err, it.want.ErrMsg)
	env.tally.compileErrors++
}

// compileMatches compiles the case with the engine's dialect and checks the
// SQL and arguments against the table; it returns what compiled.
func (env *ccEnv) compileMatches(t *testing.T, it ccItem) (core.Statement, *sqlcompile.Compiled) {
	s, err := ccStmt(it.tc)
	require.NoError(t, err)
	cs, args, err := sqlcompile.Compile(env.d, s)
	require.NoError(t, err, "the table expects SQL on %s", env.run)
	require.Equal(t, it.want.SQL, cs.SQL, "the SQL compiled with the engine's dialect")
	if len(it.want.Args) == 0 {
		require.Empty(t, args)
	} else {
		require.Equal(t, it.want.Args, args)
	}
	return s, cs
}

// execute runs the case on q and checks that the engine sent exactly the
// expected SQL and the database accepted it.
func (env *ccEnv) execute(t *testing.T, q engine.Querier, it ccItem) {
	s, cs := env.compileMatches(t, it)
	if cs.Kind == sqlcompile.KindDelete && cs.Table != nil {
		env.clearReferencing(t, q, cs.Table)
	}
	ctx, rec := ccRecording()
	var runErr error
	stage := "executing"
	rows := -1
	if cs.Returns() {
		var res *engine.Result
		res, runErr = q.Query(ctx, s)
		if runErr == nil {
			cols := res.Columns()
			all, err := res.All()
			_ = res.Close()
			runErr, stage = err, "reading the rows"
			if err == nil {
				rows = len(all)
				if it.tc.Columns != nil {
					require.Equal(t, it.tc.Columns, cols, "the result columns the database reports")
				}
			}
		}
	} else {
		_, runErr = q.Exec(ctx, s)
	}
	if runErr != nil && len(rec.sql) == 0 {
		stage = "in the engine before sending"
	} else {
		require.Equal(t, []string{it.want.SQL}, rec.sql, "the SQL the engine sent")
	}

	key := ccRunKey{it.tc.Name, env.run}
	known, listed := knownFailures[key]
	switch {
	case runErr == nil && listed:
		t.Errorf("knownFailures lists this run (%q) but it succeeds now: remove it", known)
	case runErr == nil:
		env.tally.executed++
		if rows >= 0 {
			env.tally.rowStatements++
			if rows > 0 {
				env.tally.withRows++
			}
		}
	case listed && strings.Contains(runErr.Error(), known):
		env.tally.known++
		t.Skipf("KNOWN FAILURE (knownFailures): %s rejects the expected SQL: %v", env.run, runErr)
	default:
		env.tally.failures = append(env.tally.failures, fmt.Sprintf("%s | %s | SQL: %s | error %s: %v", it.tc.Name, env.run, it.want.SQL, stage, runErr))
		t.Errorf("%s: error %s the expected SQL of case %q\nSQL:   %s\nerror: %v", env.run, stage, it.tc.Name, it.want.SQL, runErr)
	}
}

// dmlPhase creates and seeds the schema in (or, without transactional DDL,
// before) one transaction and runs each case in a savepoint rolled back
// after it.
func (env *ccEnv) dmlPhase(t *testing.T, items []ccItem, tables []*core.Table) {
	ctx := context.Background()
	var (
		outer   *engine.Tx
		created []*core.Table
		err     error
	)
	if env.d.TransactionalDDL {
		outer, err = env.conn.Begin(ctx)
		require.NoError(t, err)
		env.createSchemas(t, outer, env.schemas)
		created = env.createTables(t, outer, tables)
	} else {
		created = env.createTables(t, env.conn, tables)
		outer, err = env.conn.Begin(ctx)
		require.NoError(t, err)
	}
	env.seed(t, outer, created)
	env.tables = created

	var broken error
	for _, it := range items {
		t.Run(it.name(), func(t *testing.T) {
			if broken != nil {
				t.Fatalf("the run's transaction broke in an earlier case: %v", broken)
			}
			sp, err := outer.Begin(ctx)
			require.NoError(t, err)
			defer func() {
				if err := sp.Rollback(ctx); err != nil {
					broken = err
				}
			}()
			env.execute(t, sp, it)
		})
	}
	require.NoError(t, outer.Rollback(ctx))
}

// clearReferencing deletes, children first, the rows of every table that
// references tb, directly or through other tables, so that a DELETE from tb
// (any of its seeded rows) is not refused by a foreign key: the seeded rows
// of a child point at rows of its parent.
func (env *ccEnv) clearReferencing(t *testing.T, q engine.Querier, tb *core.Table) {
	var order []*core.Table
	seen := map[*core.Table]bool{tb: true}
	var visit func(parent *core.Table)
	visit = func(parent *core.Table) {
		for _, child := range env.tables {
			if seen[child] {
				continue
			}
			for _, fk := range child.ForeignKeys() {
				if target, _, err := fk.Target(); err == nil && target == parent {
					seen[child] = true
					visit(child)
					order = append(order, child)
					break
				}
			}
		}
	}
	visit(tb)
	for _, child := range order {
		_, err := q.Exec(context.Background(), core.Delete(child))
		require.NoError(t, err, "clearing %s, which references %s", child.FullName(), tb.FullName())
	}
}

// createTables creates the tables (with their enum types and indexes) on q,
// leaving out, with a note, those the dialect cannot create; it returns the
// tables created. On a transaction each statement runs in a savepoint, so a
// refused one leaves the transaction usable.
func (env *ccEnv) createTables(t *testing.T, q engine.Querier, tables []*core.Table) []*core.Table {
	ctx := context.Background()
	enums := map[string]bool{}
	var created []*core.Table
	for _, tb := range tables {
		ct := &core.CreateTable{Table: tb}
		if _, _, err := sqlcompile.Compile(env.d, ct); err != nil {
			env.tally.notes = append(env.tally.notes, fmt.Sprintf("%s is not in the schema: %v", tb.FullName(), err))
			continue
		}
		missing := ""
		for _, fk := range tb.ForeignKeys() {
			target, _, err := fk.Target()
			switch {
			case err != nil:
				missing = err.Error()
			case target != tb && !slices.Contains(created, target):
				missing = "it references " + target.FullName() + ", which is not"
			}
		}
		if missing != "" {
			env.tally.notes = append(env.tally.notes, fmt.Sprintf("%s is not in the schema: %s", tb.FullName(), missing))
			continue
		}
		var stmts []core.Statement
		if env.d.NamedEnumTypes {
			for _, en := range ccEnums(tb) {
				if !enums[en.Name] {
					enums[en.Name] = true
					stmts = append(stmts, &core.CreateEnumType{Enum: en})
				}
			}
		}
		stmts = append(stmts, ct)
		ok := true
		for _, s := range stmts {
			if err := ccTry(ctx, q, s); err != nil {
				env.tally.notes = append(env.tally.notes, fmt.Sprintf("%s is not in the schema: %v", tb.FullName(), err))
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		created = append(created, tb)
		for _, ix := range tb.Indexes() {
			if err := ccTry(ctx, q, &core.CreateIndex{Index: ix}); err != nil {
				env.tally.notes = append(env.tally.notes, fmt.Sprintf("index %s of %s is not in the schema: %v", ix.Name(), tb.FullName(), err))
			}
		}
	}
	return created
}

// ccTry runs s on q; on a transaction, in a savepoint rolled back if s fails.
func ccTry(ctx context.Context, q engine.Querier, s core.Statement) error {
	tx, ok := q.(*engine.Tx)
	if !ok {
		_, err := q.Exec(ctx, s)
		return err
	}
	sp, err := tx.Begin(ctx)
	if err != nil {
		return err
	}
	if _, err := sp.Exec(ctx, s); err != nil {
		_ = sp.Rollback(ctx)
		return err
	}
	return sp.Commit(ctx)
}

func ccEnums(tb *core.Table) []sqltype.Enum {
	var out []sqltype.Enum
	for _, c := range tb.Columns() {
		if en, ok := sqltype.BaseType(c.Type()).(sqltype.Enum); ok {
			out = append(out, en)
		}
	}
	return out
}

// seed inserts ccSeedRows rows into every table, parents first. Row i
// (from 1) holds i in integer columns, so a foreign key of row i points at
// row i of its parent, whose generated key is i as well (the tables are
// new); strings are distinct per row, so a scalar subquery filtered on one
// finds one row; nullable columns are NULL in the last row, so IS NULL
// finds a row too.
func (env *ccEnv) seed(t *testing.T, tx *engine.Tx, tables []*core.Table) {
	ctx := context.Background()
	for _, tb := range tables {
		var rows []core.Values
		for i := 1; i <= ccSeedRows; i++ {
			row := core.Values{}
			for _, c := range tb.Columns() {
				if c == tb.AutoincrementColumn() {
					continue
				}
				v, ok := ccSeedValue(c, i)
				if !ok {
					t.Errorf("seeding %s: no value for column %s of type %s: teach ccSeedValue", tb.FullName(), c.Name(), c.Type())
					return
				}
				row[tb.C(c.Name())] = v
			}
			rows = append(rows, row)
		}
		var stmts []core.Statement
		if len(rows[0]) == 0 {
			for range rows { // rows of defaults only: one statement each
				stmts = append(stmts, core.Insert(tb))
			}
		} else {
			stmts = append(stmts, core.Insert(tb).Values(rows...))
		}
		for _, s := range stmts {
			if err := ccTry(ctx, tx, s); err != nil {
				t.Errorf("seeding %s: %v", tb.FullName(), err)
				break
			}
		}
	}
}

var ccWords = []string{"sandy", "spongebob", "patrick"}

// ccSeedValue returns the value of column c in seeded row i, and false if
// it has none for the column's type.
func ccSeedValue(c *core.ColumnDef, i int) (any, bool) {
	if c.Nullable() && i == ccSeedRows {
		return nil, true
	}
	var v any
	switch typ := sqltype.BaseType(c.Type()).(type) {
	case sqltype.SmallInt, sqltype.Integer, sqltype.BigInt:
		v = int64(i)
	case sqltype.Float, sqltype.Double:
		v = float64(i) + 0.5
	case sqltype.Numeric:
		v = core.MustParseDecimal(strconv.Itoa(i))
	case sqltype.String:
		s := ccWords[(i-1)%len(ccWords)]
		if typ.Length > 0 && len(s) > typ.Length {
			s = s[:max(typ.Length-1, 0)] + strconv.Itoa(i)
			s = s[len(s)-min(len(s), typ.Length):]
		}
		v = s
	case sqltype.Text:
		v = ccWords[(i-1)%len(ccWords)]
	case sqltype.Boolean:
		v = i != 2
	case sqltype.Date:
		v = time.Date(2024, 1, i, 0, 0, 0, 0, time.UTC)
	case sqltype.Time:
		v = core.NewTimeOfDay(12, i, 0, 0)
	case sqltype.Timestamp:
		v = time.Date(2024, 1, i, 12, 30, 0, 0, time.UTC)
	case sqltype.Binary:
		v = []byte{0xde, byte(i)}
	case sqltype.JSON:
		v = json.RawMessage(`{"n": ` + strconv.Itoa(i) + `}`)
	case sqltype.UUID:
		v = core.MustParseUUID(fmt.Sprintf("6ba7b810-9dad-11d1-80b4-00c04fd430c%d", i))
	case sqltype.Enum:
		v = typ.Values[(i-1)%len(typ.Values)]
	case sqltype.Array:
		if _, ok := sqltype.BaseType(typ.Elem).(sqltype.Text); ok {
			v = ccWords[:i]
		}
	}
	if ct, ok := c.Type().(*sqltype.CustomType); ok {
		v = reflect.Zero(ct.GoType()).Interface()
	}
	if v != nil && core.CheckValue(c, v) == nil {
		return v, true
	}
	if c.Nullable() {
		return nil, true
	}
	return nil, false
}

// ddlPhase runs each DDL case from an empty database after what it needs:
// in a transaction rolled back after it where DDL is transactional, after
// dropping every table otherwise.
func (env *ccEnv) ddlPhase(t *testing.T, items []ccItem) {
	ctx := context.Background()
	if !env.d.TransactionalDDL {
		env.dropAllTables(t)
		t.Cleanup(func() { env.dropAllTables(t) })
	}
	for _, it := range items {
		t.Run(it.name(), func(t *testing.T) {
			s, err := ccStmt(it.tc)
			require.NoError(t, err)
			setup, err := ccDDLSetup(env.d, s)
			require.NoError(t, err)
			if env.d.TransactionalDDL {
				tx, err := env.conn.Begin(ctx)
				require.NoError(t, err)
				defer func() { require.NoError(t, tx.Rollback(ctx)) }()
				env.createSchemas(t, tx, ccSchemasOf(append(setup, s)))
				env.runSetup(t, tx, setup)
				env.execute(t, tx, it)
				return
			}
			env.dropAllTables(t)
			env.runSetup(t, env.conn, setup)
			env.execute(t, env.conn, it)
		})
	}
}

func (env *ccEnv) runSetup(t *testing.T, q engine.Querier, setup []core.Statement) {
	for _, s := range setup {
		_, err := q.Exec(context.Background(), s)
		if err != nil {
			sqlText, _, _ := env.eng.Compile(s)
			require.NoError(t, err, "creating what the case needs: %s", sqlText)
		}
	}
}

// dropAllTables drops every table of the run's database and of the case
// schemas (MariaDB, whose DDL cannot be rolled back), with foreign key
// checks off for the drop only.
func (env *ccEnv) dropAllTables(t *testing.T) {
	ctx := context.Background()
	var names []string
	for _, s := range append([]string{env.db.Name}, env.schemas...) {
		got, err := engine.Scalars[string](ctx, env.conn,
			core.Text("SELECT table_name FROM information_schema.tables WHERE table_schema = :s").Bind("s", s))
		require.NoError(t, err)
		for _, n := range got {
			names = append(names, env.d.Quote(s)+"."+env.d.Quote(n))
		}
	}
	if len(names) == 0 {
		return
	}
	_, err := env.conn.Exec(ctx, core.Text("SET foreign_key_checks = 0"))
	require.NoError(t, err)
	_, dropErr := env.conn.Exec(ctx, core.Text("DROP TABLE "+strings.Join(names, ", ")))
	_, err = env.conn.Exec(ctx, core.Text("SET foreign_key_checks = 1"))
	require.NoError(t, dropErr)
	require.NoError(t, err)
}

// ccSchemasOf returns the schemas of the tables the statements name.
func ccSchemasOf(stmts []core.Statement) []string {
	var out []string
	for _, s := range stmts {
		if tb := ccTableOf(s); tb != nil && tb.SchemaName() != "" && !slices.Contains(out, tb.SchemaName()) {
			out = append(out, tb.SchemaName())
		}
		if fk, ok := s.(*core.AddForeignKey); ok && fk.ForeignKey != nil {
			if target, _, err := fk.ForeignKey.Target(); err == nil && target.SchemaName() != "" && !slices.Contains(out, target.SchemaName()) {
				out = append(out, target.SchemaName())
			}
		}
	}
	return out
}

// ccDDLSetup returns the statements that make, in an empty database, what a
// DDL statement needs: the tables a new table references; the table (and
// its parents) a DROP TABLE, CREATE INDEX or ALTER TABLE works on; the index
// a DROP INDEX drops, the foreign key a DROP FOREIGN KEY drops, the enum
// type a DROP TYPE drops; the enum types of a new table.
func ccDDLSetup(d *sqlcompile.Dialect, s core.Statement) ([]core.Statement, error) {
	b := &ccSetup{d: d, enums: map[string]bool{}, done: map[*core.Table]bool{}}
	var err error
	switch s := s.(type) {
	case *core.CreateTable:
		if s.Table == nil {
			return nil, nil
		}
		b.done[s.Table] = true
		for _, fk := range s.Table.ForeignKeys() {
			if err == nil {
				err = b.parent(fk, s.Table)
			}
		}
		b.enumsOf(s.Table)
	case *core.DropTable:
		if s.Table != nil {
			err = b.table(s.Table)
		}
	case *core.CreateIndex:
		if s.Index != nil {
			err = b.table(s.Index.Table())
		}
	case *core.DropIndex:
		// Without the table's foreign keys: InnoDB lets a new index serve
		// a foreign key on its columns and then refuses to drop it.
		if s.Index != nil {
			err = b.table(s.Index.Table(), s.Index.Table().ForeignKeys()...)
			b.stmts = append(b.stmts, &core.CreateIndex{Index: s.Index})
		}
	case *core.AddForeignKey:
		if s.ForeignKey != nil {
			err = b.table(s.ForeignKey.Table(), s.ForeignKey)
		}
	case *core.DropForeignKey:
		if s.ForeignKey != nil {
			err = b.table(s.ForeignKey.Table(), s.ForeignKey)
			b.stmts = append(b.stmts, &core.AddForeignKey{ForeignKey: s.ForeignKey, Name: s.Name})
		}
	case *core.CreateEnumType:
	case *core.DropEnumType:
		b.stmts = append(b.stmts, &core.CreateEnumType{Enum: s.Enum})
	default:
		return nil, fmt.Errorf("the harness does not know what a %T needs to exist: teach ccDDLSetup", s)
	}
	return b.stmts, err
}

// ccSetup accumulates the statements that create tables, parents first.
type ccSetup struct {
	d     *sqlcompile.Dialect
	enums map[string]bool
	done  map[*core.Table]bool
	stmts []core.Statement
}

func (b *ccSetup) enumsOf(tb *core.Table) {
	if !b.d.NamedEnumTypes {
		return
	}
	for _, en := range ccEnums(tb) {
		if !b.enums[en.Name] {
			b.enums[en.Name] = true
			b.stmts = append(b.stmts, &core.CreateEnumType{Enum: en})
		}
	}
}

// parent creates the table fk of child references.
func (b *ccSetup) parent(fk *core.ForeignKeyConstraint, child *core.Table) error {
	target, _, err := fk.Target()
	if err != nil {
		return err
	}
	if target == child {
		return nil
	}
	return b.table(target)
}

// table creates tb (without its indexes and without the foreign keys in
// skip) after the tables it references.
func (b *ccSetup) table(tb *core.Table, skip ...*core.ForeignKeyConstraint) error {
	if b.done[tb] {
		return nil
	}
	b.done[tb] = true
	for _, fk := range tb.ForeignKeys() {
		if err := b.parent(fk, tb); err != nil {
			return err
		}
	}
	b.enumsOf(tb)
	ct := &core.CreateTable{Table: tb}
	for _, fk := range skip {
		if fk.Table() == tb {
			ct.SkipForeignKeys = append(ct.SkipForeignKeys, fk)
		}
	}
	b.stmts = append(b.stmts, ct)
	return nil
}
