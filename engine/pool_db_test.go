package engine_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/internal/testdb"
	"github.com/retort-go/retort/pool"
	"github.com/retort-go/retort/sqltype"
)

// syncBuffer is a log sink safe for the pool's cleanup goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestAcquireTimesOutWithATypedErrorWhenEveryConnectionIsInUse(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		eng, err := engine.Open(ctx, db.URL, engine.WithPool(engine.PoolConfig{MaxSize: 2, AcquireTimeout: 100 * time.Millisecond}))
		require.NoError(t, err)
		defer eng.Close()
		a, err := eng.Connect(ctx)
		require.NoError(t, err)
		b, err := eng.Connect(ctx)
		require.NoError(t, err)

		start := time.Now()
		_, err = eng.Exec(ctx, core.Text("SELECT 1"))
		require.ErrorIs(t, err, engine.ErrPoolTimeout)
		var te *pool.TimeoutError
		require.ErrorAs(t, err, &te)
		require.Equal(t, int32(2), te.MaxSize)
		require.GreaterOrEqual(t, time.Since(start), 100*time.Millisecond)
		require.Equal(t, int64(1), eng.PoolStats().Timeouts)

		// The caller's own deadline is reported as such, not as a pool timeout.
		short, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
		defer cancel()
		_, err = eng.Exec(short, core.Text("SELECT 1"))
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.NotErrorIs(t, err, engine.ErrPoolTimeout)

		require.NoError(t, a.Close())
		_, err = eng.Exec(ctx, core.Text("SELECT 1"))
		require.NoError(t, err, "a released connection is handed out again")
		require.NoError(t, b.Close())
	})
}

// backendID returns the server's id for the connection behind q.
func backendID(t *testing.T, dialect string, q engine.Querier) int64 {
	t.Helper()
	sql := "SELECT pg_backend_pid()"
	if dialect == "mysql" {
		sql = "SELECT CONNECTION_ID()"
	}
	id, err := engine.Scalar[int64](context.Background(), q, core.Text(sql))
	require.NoError(t, err)
	return id
}

// kill ends server connections from another session, as an administrator
// or a failover would.
func kill(t *testing.T, dialect string, ids []int64) {
	t.Helper()
	admin := testdb.Admin(t, dialect)
	for _, id := range ids {
		var err error
		if dialect == "postgres" {
			_, err = engine.Scalar[bool](context.Background(), admin, core.Text("SELECT pg_terminate_backend(:pid)").Bind("pid", id))
		} else {
			_, err = admin.Exec(context.Background(), core.Text("KILL CONNECTION "+fmt.Sprint(id)))
		}
		require.NoError(t, err)
	}
	// Wait until the server has really closed them.
	time.Sleep(100 * time.Millisecond)
}

// openConns makes the pool open n connections and returns their server ids.
func openConns(t *testing.T, dialect string, eng *engine.Engine, n int) []int64 {
	t.Helper()
	var conns []*engine.Conn
	var ids []int64
	for range n {
		c, err := eng.Connect(context.Background())
		require.NoError(t, err)
		conns = append(conns, c)
		ids = append(ids, backendID(t, dialect, c))
	}
	for _, c := range conns {
		require.NoError(t, c.Close())
	}
	return ids
}

func serverDialects(t *testing.T, fn func(t *testing.T, dialect string)) {
	for _, d := range []string{"postgres", "mysql"} {
		t.Run(d, func(t *testing.T) { fn(t, d) })
	}
}

func TestADisconnectInvalidatesThePoolSoOlderConnectionsAreReplaced(t *testing.T) {
	serverDialects(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		db := testdb.Open(t, dialect)
		// No pre-ping: the dead connection is only found by using it.
		eng, err := engine.Open(ctx, db.URL, engine.WithPool(engine.PoolConfig{MaxSize: 3, PingAfterIdle: -1}))
		require.NoError(t, err)
		defer eng.Close()
		old := openConns(t, dialect, eng, 3)
		require.Equal(t, int32(3), eng.PoolStats().Idle)
		kill(t, dialect, old)

		_, err = eng.Exec(ctx, core.Text("SELECT 1"))
		require.ErrorIs(t, err, engine.ErrDisconnect, "the statement on a killed connection fails, it is not retried")
		require.ErrorIs(t, err, engine.ErrOperational)

		// Every other connection opened before the disconnect is replaced,
		// not handed out: the next statements all succeed.
		seen := map[int64]bool{}
		for range 3 {
			c, err := eng.Connect(ctx)
			require.NoError(t, err)
			id := backendID(t, dialect, c)
			require.NotContains(t, old, id)
			seen[id] = true
			defer c.Close()
		}
		require.Len(t, seen, 3)
		require.GreaterOrEqual(t, eng.PoolStats().ClosedInvalidated, int64(2))
	})
}

func TestPrePingReplacesAKilledIdleConnectionTransparently(t *testing.T) {
	serverDialects(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		db := testdb.Open(t, dialect)
		eng, err := engine.Open(ctx, db.URL, engine.WithPool(engine.PoolConfig{MaxSize: 2, PingAfterIdle: time.Millisecond}))
		require.NoError(t, err)
		defer eng.Close()
		old := openConns(t, dialect, eng, 2)
		kill(t, dialect, old)
		for range 4 {
			n, err := engine.Scalar[int64](ctx, eng, core.Text("SELECT 1"))
			require.NoError(t, err, "the ping finds the dead connection before the statement is sent")
			require.Equal(t, int64(1), n)
		}
		require.Positive(t, eng.PoolStats().ClosedPingFailed)
	})
}

func TestALeakedConnectionIsReportedWithTheStackThatTookIt(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		var logs syncBuffer
		logger := slog.New(slog.NewTextHandler(&logs, nil))
		eng, err := engine.Open(ctx, db.URL, engine.WithLogger(logger), engine.WithPool(engine.PoolConfig{MaxSize: 1, AcquireTimeout: 5 * time.Second}))
		require.NoError(t, err)
		defer eng.Close()
		leakConnection(t, eng)
		require.Eventually(t, func() bool {
			runtime.GC()
			return strings.Contains(logs.String(), "never released")
		}, 5*time.Second, 20*time.Millisecond)
		require.Contains(t, logs.String(), "leakConnection", "the warning names where the connection was taken")
		_, err = eng.Exec(ctx, core.Text("SELECT 1"))
		require.NoError(t, err, "the pool got its slot back")
	})
}

//go:noinline
func leakConnection(t *testing.T, eng *engine.Engine) {
	c, err := eng.Connect(context.Background())
	require.NoError(t, err)
	_ = c // dropped without Close
}

func TestTransactionRollsBackWhenFnExitsTheGoroutine(t *testing.T) {
	db := testdb.Open(t, "sqlite")
	ctx := context.Background()
	_, err := db.Engine.Exec(ctx, core.Text("CREATE TABLE t (x INTEGER)"))
	require.NoError(t, err)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = db.Engine.Transaction(ctx, func(tx *engine.Tx) error {
			_, _ = tx.Exec(ctx, core.Text("INSERT INTO t VALUES (1)"))
			runtime.Goexit() // what t.FailNow does
			return nil
		})
	}()
	<-done
	n, err := engine.Scalar[int64](ctx, db.Engine, core.Text("SELECT count(*) FROM t"))
	require.NoError(t, err)
	require.Zero(t, n)
	require.Zero(t, db.Engine.PoolStats().InUse)
}

// TestStressConcurrentStatementsTransactionsAndCancellations runs many
// goroutines against one engine with a small pool; run it with -race.
func TestStressConcurrentStatementsTransactionsAndCancellations(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		eng, err := engine.Open(ctx, db.URL, engine.WithPool(engine.PoolConfig{MaxSize: 4, AcquireTimeout: 30 * time.Second}))
		require.NoError(t, err)
		defer eng.Close()
		md := core.NewMetaData()
		counter := core.NewDynamicTable(md, "counter",
			core.ColumnSpec{Name: "id", Type: sqltypeBigInt, PrimaryKey: true},
			core.ColumnSpec{Name: "worker", Type: sqltypeBigInt, NotNull: true})
		require.NoError(t, md.CreateAll(ctx, eng))

		const workers, rounds = 16, 25
		var committed atomic.Int64
		var wg sync.WaitGroup
		errs := make(chan error, workers*rounds)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range rounds {
					switch i % 4 {
					case 0: // a committed insert
						err := eng.Transaction(ctx, func(tx *engine.Tx) error {
							_, err := tx.Exec(ctx, core.Insert(counter).Values(core.Values{counter.C("worker"): int64(w)}))
							return err
						})
						if err == nil {
							committed.Add(1)
						} else {
							errs <- err
						}
					case 1: // a rolled back insert
						err := eng.Transaction(ctx, func(tx *engine.Tx) error {
							if _, err := tx.Exec(ctx, core.Insert(counter).Values(core.Values{counter.C("worker"): int64(w)})); err != nil {
								return err
							}
							return errRollback
						})
						if !errors.Is(err, errRollback) {
							errs <- err
						}
					case 2: // a read
						if _, err := engine.Scalar[int64](ctx, eng, core.Select(core.Count()).From(counter)); err != nil {
							errs <- err
						}
					case 3: // a read abandoned by its caller
						cctx, cancel := context.WithCancel(ctx)
						res, err := eng.Query(cctx, core.Select(counter))
						cancel()
						if err == nil {
							res.Close()
						}
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}
		n, err := engine.Scalar[int64](ctx, eng, core.Select(core.Count()).From(counter))
		require.NoError(t, err)
		require.Equal(t, committed.Load(), n, "exactly the committed rows exist")
		require.Zero(t, eng.PoolStats().InUse)
		require.LessOrEqual(t, eng.PoolStats().Open, int32(4))
	})
}

var errRollback = errors.New("roll back")

var sqltypeBigInt = sqltype.BigInt{}
