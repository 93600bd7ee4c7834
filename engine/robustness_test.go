package engine_test

// Robustness tests from a review of the engine: each one pinned a bug in
// engine/, the pool wiring or a dialect backend (now fixed). They run
// against the real databases through internal/testdb.

import (
	"context"
	"log/slog"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/internal/testdb"
	"github.com/retort-go/retort/sqltype"
)

// sharedURL returns a URL a second Engine can open to see the same data:
// the isolated server database, or a SQLite file (an in-memory database is
// private to its Engine).
func sharedURL(t *testing.T, db *testdb.DB) string {
	if db.Dialect == "sqlite" {
		return "sqlite://" + filepath.Join(t.TempDir(), "review.db")
	}
	return db.URL
}

func sleepSQL(dialect string, seconds int) string {
	if dialect == "postgres" {
		return "SELECT pg_sleep(" + strconv.Itoa(seconds) + ")"
	}
	return "SELECT SLEEP(" + strconv.Itoa(seconds) + ")"
}

func count(t *testing.T, q engine.Querier, table string) int64 {
	t.Helper()
	n, err := engine.Scalar[int64](context.Background(), q, core.Text("SELECT count(*) FROM "+table))
	require.NoError(t, err)
	return n
}

// Tx.Commit and Tx.Rollback clear the connection's in-transaction flag and
// hand the connection back even when COMMIT/ROLLBACK was never sent (the
// context was already done). The next user of the pooled connection then
// runs inside the stale transaction: its autocommit statements never commit.
func TestEndingATransactionWithACancelledContextDoesNotPoolTheConnectionWithTheTransactionOpen(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		for _, end := range []string{"commit", "rollback"} {
			t.Run(end, func(t *testing.T) {
				ctx := context.Background()
				url := sharedURL(t, db)
				eng, err := engine.Open(ctx, url, engine.WithPool(engine.PoolConfig{MaxSize: 1}))
				require.NoError(t, err)
				defer eng.Close()
				other, err := engine.Open(ctx, url)
				require.NoError(t, err)
				defer other.Close()
				_, err = eng.Exec(ctx, core.Text("CREATE TABLE t_"+end+" (x INTEGER)"))
				require.NoError(t, err)
				table := "t_" + end

				tx, err := eng.Begin(ctx)
				require.NoError(t, err)
				_, err = tx.Exec(ctx, core.Text("INSERT INTO "+table+" VALUES (1)"))
				require.NoError(t, err)
				cancelled, cancel := context.WithCancel(ctx)
				cancel()
				if end == "commit" {
					require.Error(t, tx.Commit(cancelled), "nothing was committed")
				} else {
					require.NoError(t, tx.Rollback(cancelled), "ROLLBACK is sent even when the context is done")
				}

				// The only pooled connection; a statement outside any
				// transaction must commit on its own.
				_, err = eng.Exec(ctx, core.Text("INSERT INTO "+table+" VALUES (2)"))
				require.NoError(t, err)
				require.Equal(t, int64(1), count(t, other, table),
					"another session sees the autocommitted row (and not the one of the unfinished transaction)")
			})
		}
	})
}

// A statement whose context expires inside Engine.Transaction: the driver
// closes the connection, the engine marks it broken, and runTx's Rollback
// returns ErrDisconnect from Tx.active before Tx.end, so the lease is never
// released (until the garbage collector finds the Tx).
func TestATransactionWhoseStatementTimesOutReturnsItsConnectionToThePool(t *testing.T) {
	serverDialects(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		db := testdb.Open(t, dialect)
		eng, err := engine.Open(ctx, db.URL, engine.WithPool(engine.PoolConfig{MaxSize: 2}))
		require.NoError(t, err)
		defer eng.Close()

		err = eng.Transaction(ctx, func(tx *engine.Tx) error {
			short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
			defer cancel()
			_, err := tx.Exec(short, core.Text(sleepSQL(dialect, 3)))
			return err
		})
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.Zero(t, eng.PoolStats().InUse, "the broken connection was closed and its slot given back")
	})
}

// DeadlineExceeded is a net.Error, so the PostgreSQL and MySQL backends
// classify any statement refused for an expired context as a disconnect,
// even when nothing was sent and the connection is fine. The Conn is then
// unusable (ErrDisconnect) for the rest of its life.
func TestAnExpiredContextBeforeAStatementDoesNotBreakTheConn(t *testing.T) {
	serverDialects(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		db := testdb.Open(t, dialect)
		cn, err := db.Engine.Connect(ctx)
		require.NoError(t, err)
		defer cn.Close()

		expired, cancel := context.WithDeadline(ctx, time.Now().Add(-time.Second))
		defer cancel()
		_, err = cn.Exec(expired, core.Text("SELECT 1"))
		require.ErrorIs(t, err, context.DeadlineExceeded)

		_, err = cn.Exec(ctx, core.Text("SELECT 1"))
		require.NoError(t, err, "the connection was never touched")
	})
}

// A Tx begun on a Conn keeps running statements after the Conn is closed
// and its connection went back to the pool (rolled back): they run in
// autocommit mode on a pooled connection, which another goroutine may hold.
func TestATxFromAConnRefusesStatementsAfterTheConnIsClosed(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		eng, err := engine.Open(ctx, sharedURL(t, db), engine.WithPool(engine.PoolConfig{MaxSize: 1}))
		require.NoError(t, err)
		defer eng.Close()
		_, err = eng.Exec(ctx, core.Text("CREATE TABLE t (x INTEGER)"))
		require.NoError(t, err)

		cn, err := eng.Connect(ctx)
		require.NoError(t, err)
		tx, err := cn.Begin(ctx)
		require.NoError(t, err)
		require.NoError(t, cn.Close(), "rolls the transaction back and returns the connection")

		_, err = tx.Exec(ctx, core.Text("INSERT INTO t VALUES (1)"))
		require.Error(t, err, "the transaction ended when its Conn was closed")
		require.Zero(t, count(t, eng, "t"), "nothing was written outside the transaction")
	})
}

// A Result from Engine.Query that is dropped without Close is never
// reported or reclaimed: the pooled dconn points at it (dconn.open), the
// Result points at its Lease, so the Lease stays reachable from the pool
// and its leak cleanup never runs. The connection is lost for good.
func TestAResultDroppedWithoutCloseIsReportedAndItsConnectionReclaimed(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		var logs syncBuffer
		logger := slog.New(slog.NewTextHandler(&logs, nil))
		eng, err := engine.Open(ctx, db.URL, engine.WithLogger(logger),
			engine.WithPool(engine.PoolConfig{MaxSize: 1, AcquireTimeout: 200 * time.Millisecond}))
		require.NoError(t, err)
		defer eng.Close()
		leakResult(t, eng)
		deadline := time.Now().Add(3 * time.Second)
		for time.Now().Before(deadline) && !strings.Contains(logs.String(), "never released") {
			runtime.GC()
			time.Sleep(20 * time.Millisecond)
		}
		require.Contains(t, logs.String(), "never released", "the leak is reported")
		require.Contains(t, logs.String(), "leakResult", "with the stack that took it")
		_, err = eng.Exec(ctx, core.Text("SELECT 1"))
		require.NoError(t, err, "the pool got its slot back")
	})
}

//go:noinline
func leakResult(t *testing.T, eng *engine.Engine) {
	res, err := eng.Query(context.Background(), core.Text("SELECT 1"))
	require.NoError(t, err)
	_ = res // dropped without Close or reading it
}

// On PostgreSQL a failed statement aborts the transaction and a later
// COMMIT is answered with a ROLLBACK command tag, not an error. Tx.Commit
// ignores the tag, so Transaction reports success for work that was rolled
// back (pgx's own Tx.Commit returns ErrTxCommitRollback here).
func TestCommitDoesNotReportSuccessForATransactionTheServerRolledBack(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		eng := db.Engine
		_, err := eng.Exec(ctx, core.Text("CREATE TABLE u (x INTEGER PRIMARY KEY)"))
		require.NoError(t, err)
		_, err = eng.Exec(ctx, core.Text("INSERT INTO u VALUES (1)"))
		require.NoError(t, err)

		err = eng.Transaction(ctx, func(tx *engine.Tx) error {
			if _, err := tx.Exec(ctx, core.Text("INSERT INTO u VALUES (2)")); err != nil {
				return err
			}
			// An expected duplicate the caller chooses to ignore.
			_, err := tx.Exec(ctx, core.Text("INSERT INTO u VALUES (1)"))
			require.ErrorIs(t, err, engine.ErrUniqueViolation)
			return nil
		})
		if err == nil {
			require.Equal(t, int64(2), count(t, eng, "u"), "Transaction returned nil, so the row inserted in it must be there")
		}
	})
}

// On MySQL a cancelled statement makes the driver close the connection and
// return context.Canceled (not a disconnect, so the connection is not
// marked broken). runTx then sends ROLLBACK on the closed connection; the
// driver answers driver.ErrBadConn, classified as a disconnect, and the
// whole pool is invalidated because a caller cancelled its own statement.
func TestCancellingAStatementInATransactionDoesNotInvalidateThePool(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t, "mysql")
	eng, err := engine.Open(ctx, db.URL, engine.WithPool(engine.PoolConfig{MaxSize: 3, PingAfterIdle: -1}))
	require.NoError(t, err)
	defer eng.Close()
	openConns(t, "mysql", eng, 3)

	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	time.AfterFunc(200*time.Millisecond, cancel)
	err = eng.Transaction(cctx, func(tx *engine.Tx) error {
		_, err := tx.Exec(cctx, core.Text(sleepSQL("mysql", 3)))
		return err
	})
	require.ErrorIs(t, err, context.Canceled)
	require.NotErrorIs(t, err, engine.ErrDisconnect, "the caller cancelled; nothing was lost")
	require.Zero(t, eng.PoolStats().ClosedInvalidated, "the other connections are healthy and stay pooled")
}

// A failed attempt to open a new connection (here PostgreSQL's "too many
// connections for role", SQLSTATE 53300, wrapped in a *pgconn.ConnectError)
// is classified as a disconnect by Engine.connect's wrapError, which
// invalidates the pool: every healthy pooled connection is then closed —
// exactly when the server is short of connections.
func TestAFailedNewConnectionDoesNotInvalidateThePool(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t, "postgres")
	admin := testdb.Admin(t, "postgres")
	role := testdb.UniqueName("retort_role")
	_, err := admin.Exec(ctx, core.Text("CREATE ROLE "+role+" LOGIN CONNECTION LIMIT 2"))
	require.NoError(t, err)
	t.Cleanup(func() { _, _ = admin.Exec(context.Background(), core.Text("DROP ROLE "+role)) })
	url := strings.Replace(db.URL, "postgres@", role+"@", 1)

	eng, err := engine.Open(ctx, url, engine.WithPool(engine.PoolConfig{MaxSize: 3, PingAfterIdle: -1, AcquireTimeout: 2 * time.Second}))
	require.NoError(t, err)
	defer eng.Close()
	a, err := eng.Connect(ctx)
	require.NoError(t, err)
	b, err := eng.Connect(ctx)
	require.NoError(t, err)
	_, err = eng.Exec(ctx, core.Text("SELECT 1"))
	require.Error(t, err, "a third connection is refused by the server")
	require.NoError(t, a.Close())
	require.NoError(t, b.Close())
	require.Zero(t, eng.PoolStats().ClosedInvalidated, "the two working connections are not thrown away")
	require.Equal(t, int32(2), eng.PoolStats().Idle)
}

// On SQLite an interrupted write (the statement's context ended) rolls
// back the whole transaction, but the engine still believes it is open:
// the Tx's later statements run in autocommit mode and survive the
// Rollback, which fails with "no transaction is active".
func TestAnInterruptedStatementInASQLiteTransactionDoesNotLetLaterStatementsEscapeIt(t *testing.T) {
	db := testdb.Open(t, "sqlite")
	ctx := context.Background()
	eng := db.Engine
	_, err := eng.Exec(ctx, core.Text("CREATE TABLE t (x INTEGER)"))
	require.NoError(t, err)
	tx, err := eng.Begin(ctx)
	require.NoError(t, err)
	_, err = tx.Exec(ctx, core.Text("INSERT INTO t VALUES (1)"))
	require.NoError(t, err)
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	_, err = tx.Exec(short, core.Text("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 100000000) INSERT INTO t SELECT x FROM c"))
	require.ErrorIs(t, err, context.DeadlineExceeded)
	_, _ = tx.Exec(ctx, core.Text("INSERT INTO t VALUES (2)")) // refused, or part of the transaction
	_ = tx.Rollback(ctx)
	require.Zero(t, count(t, eng, "t"), "nothing done inside the rolled back transaction survives")
}

// A DOUBLE value beyond float32's range read into a float32 becomes +Inf
// without an error on SQLite and MySQL (sqlconv.assignReflect SetFloat);
// docs/engine.md promises conversions only "when nothing is lost".
func TestReadingADoubleTooLargeForFloat32IsAnError(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		md := core.NewMetaData()
		tbl := core.NewDynamicTable(md, "d",
			core.ColumnSpec{Name: "id", Type: sqltype.BigInt{}, PrimaryKey: true},
			core.ColumnSpec{Name: "v", Type: sqltype.Double{}})
		require.NoError(t, md.CreateAll(ctx, db.Engine))
		_, err := db.Engine.Exec(ctx, core.Insert(tbl).Values(core.Values{tbl.C("v"): 1e300}))
		require.NoError(t, err)

		f, err := engine.Scalar[float32](ctx, db.Engine, core.Select(tbl.C("v")).From(tbl))
		if err == nil {
			require.False(t, math.IsInf(float64(f), 0), "1e300 silently became %v", f)
		}
	})
}

// sqlconv.Assign recurses forever for a *string (or *bool, or a named
// string/bool type) destination and a source type it has no case for:
// Assign falls through to assignReflect, whose reflect.String case calls
// Assign(&s, src) again. The goroutine's stack overflows and the process
// dies (a fatal error, not a panic). Row.Scan reaches it with the Go values
// Retort itself produces (core.Decimal, core.UUID); Result.Scan on SQLite
// and MySQL with plain driver values (float64 or time.Time into a bool).
// The cases run in a child process so the crash does not take the suite
// with it.
func TestScanningIntoAStringOrBoolFromAnUnsupportedValueIsAnErrorNotACrash(t *testing.T) {
	cases := []string{"RowScanDecimalIntoString", "RowScanUUIDIntoString", "ResultScanFloatIntoBool"}
	if c := os.Getenv("RETORT_REVIEW_CHILD"); c != "" {
		debug.SetMaxStack(64 << 20) // crash fast rather than after a 1 GB stack
		scanCrashCase(t, c)
		return
	}
	for _, c := range cases {
		t.Run(c, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()[:strings.IndexByte(t.Name(), '/')]+"$", "-test.v")
			cmd.Env = append(os.Environ(), "RETORT_REVIEW_CHILD="+c)
			out, err := cmd.CombinedOutput()
			s := string(out)
			if i := strings.Index(s, "fatal error"); i >= 0 {
				s = s[i:min(len(s), i+400)]
			} else if len(s) > 2000 {
				s = s[len(s)-2000:]
			}
			require.NoError(t, err, "the child process failed:\n%s", s)
		})
	}
}

func scanCrashCase(t *testing.T, c string) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		eng := db.Engine
		switch c {
		case "RowScanDecimalIntoString", "RowScanUUIDIntoString":
			md := core.NewMetaData()
			tbl := core.NewDynamicTable(md, "v",
				core.ColumnSpec{Name: "id", Type: sqltype.BigInt{}, PrimaryKey: true},
				core.ColumnSpec{Name: "d", Type: sqltype.Numeric{Precision: 10, Scale: 2}},
				core.ColumnSpec{Name: "u", Type: sqltype.UUID{}})
			require.NoError(t, md.CreateAll(ctx, eng))
			_, err := eng.Exec(ctx, core.Insert(tbl).Values(core.Values{
				tbl.C("d"): core.MustParseDecimal("1.50"),
				tbl.C("u"): core.MustParseUUID("0b6f9a52-5f38-4d5e-9c1b-0a8d1f2e3c4d"),
			}))
			require.NoError(t, err)
			col := tbl.C("d")
			if c == "RowScanUUIDIntoString" {
				col = tbl.C("u")
			}
			res, err := eng.Query(ctx, core.Select(col).From(tbl))
			require.NoError(t, err)
			row, err := res.One()
			require.NoError(t, err)
			var s string
			_ = row.Scan(&s) // an error or the text; anything but a crash
		case "ResultScanFloatIntoBool":
			res, err := eng.Query(ctx, core.Text("SELECT 1.5e0 AS x"))
			require.NoError(t, err)
			defer res.Close()
			require.True(t, res.Next())
			var b bool
			_ = res.Scan(&b) // an error; anything but a crash
		}
	})
}

// Savepoints nest like a stack: rolling back to one ends those begun after
// it, whose later use is ErrTxDone, and the transaction goes on.
func TestSavepointsEndInStackOrder(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		_, err := db.Engine.Exec(ctx, core.Text("CREATE TABLE s (x INTEGER)"))
		require.NoError(t, err)
		tx, err := db.Engine.Begin(ctx)
		require.NoError(t, err)
		defer tx.Rollback(ctx)
		outer, err := tx.Begin(ctx)
		require.NoError(t, err)
		inner, err := tx.Begin(ctx) // begun after outer: nested inside it in SQL
		require.NoError(t, err)
		_, err = inner.Exec(ctx, core.Text("INSERT INTO s VALUES (1)"))
		require.NoError(t, err)
		require.NoError(t, outer.Rollback(ctx))
		_, err = inner.Exec(ctx, core.Text("INSERT INTO s VALUES (2)"))
		require.ErrorIs(t, err, engine.ErrTxDone, "rolling back outer ended inner")
		require.ErrorIs(t, inner.Commit(ctx), engine.ErrTxDone)
		_, err = tx.Exec(ctx, core.Text("INSERT INTO s VALUES (3)"))
		require.NoError(t, err)
		require.NoError(t, tx.Commit(ctx))
		require.Equal(t, int64(1), count(t, db.Engine, "s"))
	})
}

// A failed statement inside a savepoint leaves only that savepoint
// unusable: rolling back to it lets the transaction go on and commit.
func TestAFailedStatementInASavepointIsUndoneByRollingBackToIt(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		_, err := db.Engine.Exec(ctx, core.Text("CREATE TABLE k (x INTEGER PRIMARY KEY)"))
		require.NoError(t, err)
		err = db.Engine.Transaction(ctx, func(tx *engine.Tx) error {
			if _, err := tx.Exec(ctx, core.Text("INSERT INTO k VALUES (1)")); err != nil {
				return err
			}
			err := tx.Transaction(ctx, func(sp *engine.Tx) error {
				_, err := sp.Exec(ctx, core.Text("INSERT INTO k VALUES (1)"))
				require.ErrorIs(t, err, engine.ErrUniqueViolation)
				if db.Dialect == "postgres" {
					_, again := sp.Exec(ctx, core.Text("INSERT INTO k VALUES (5)"))
					require.ErrorIs(t, again, engine.ErrTxAborted, "PostgreSQL: the savepoint is failed until rolled back")
				}
				return err
			})
			require.ErrorIs(t, err, engine.ErrUniqueViolation)
			_, err = tx.Exec(ctx, core.Text("INSERT INTO k VALUES (2)"))
			return err
		})
		require.NoError(t, err)
		require.Equal(t, int64(2), count(t, db.Engine, "k"))
	})
}

// A Result whose transaction commits before it is read to the end stops
// with an error rather than looking complete.
func TestAResultCutShortByItsTransactionEndingReportsIt(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		tx, err := db.Engine.Begin(ctx)
		require.NoError(t, err)
		res, err := tx.Query(ctx, core.Text("SELECT 1 UNION ALL SELECT 2"))
		require.NoError(t, err)
		require.True(t, res.Next())
		require.NoError(t, tx.Commit(ctx))
		require.False(t, res.Next())
		require.ErrorIs(t, res.Err(), engine.ErrClosed)
		require.Zero(t, db.Engine.PoolStats().InUse)
	})
}

// Scanning into an untyped destination gives text as a string on every
// dialect (MySQL's driver hands out bytes).
func TestScanningTextIntoAnUntypedDestinationGivesAString(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		_, err := db.Engine.Exec(ctx, core.Text("CREATE TABLE w (s VARCHAR(10))"))
		require.NoError(t, err)
		_, err = db.Engine.Exec(ctx, core.Text("INSERT INTO w VALUES ('word')"))
		require.NoError(t, err)
		res, err := db.Engine.Query(ctx, core.Text("SELECT s FROM w"))
		require.NoError(t, err)
		defer res.Close()
		require.True(t, res.Next())
		var v any
		require.NoError(t, res.Scan(&v))
		require.Equal(t, "word", v)
	})
}
