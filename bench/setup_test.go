package bench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/retort-go/retort/core"
	_ "github.com/retort-go/retort/dialects/postgres"
	"github.com/retort-go/retort/engine"
)

// defaultURL is the server the benchmarks use unless RETORT_BENCH_POSTGRES
// (or, failing that, RETORT_TEST_POSTGRES) names another.
const defaultURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// poolSize is the maximum size of both pools (pgxpool and Retort's), so
// neither side has more connections than the other.
const poolSize = 4

// seedRows is how many rows the SELECT benchmarks' tables hold.
const seedRows = 10_000

func serverURL() string {
	for _, k := range []string{"RETORT_BENCH_POSTGRES", "RETORT_TEST_POSTGRES"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return defaultURL
}

// clients are the three ways the benchmarks reach the server, made once per
// process: a pgxpool.Pool, a single pgx.Conn and a Retort Engine, all from
// the same URL (so the same pgx defaults: QueryExecModeCacheStatement,
// a 512-statement cache per connection).
type clients struct {
	pool *pgxpool.Pool
	conn *pgx.Conn
	eng  *engine.Engine
}

var (
	clientsOnce sync.Once
	shared      *clients
	sharedErr   error
)

func connect() (*clients, error) {
	clientsOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		url := serverURL()
		pcfg, err := pgxpool.ParseConfig(url)
		if err != nil {
			sharedErr = err
			return
		}
		pcfg.MaxConns = poolSize
		pool, err := pgxpool.NewWithConfig(ctx, pcfg)
		if err != nil {
			sharedErr = err
			return
		}
		if err := pool.Ping(ctx); err != nil {
			pool.Close()
			sharedErr = err
			return
		}
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			pool.Close()
			sharedErr = err
			return
		}
		eng, err := engine.Open(ctx, url, engine.WithPool(engine.PoolConfig{MaxSize: poolSize}))
		if err != nil {
			pool.Close()
			_ = conn.Close(ctx)
			sharedErr = err
			return
		}
		shared = &clients{pool: pool, conn: conn, eng: eng}
	})
	return shared, sharedErr
}

// TestMain closes the shared clients after the run.
func TestMain(m *testing.M) {
	code := m.Run()
	if shared != nil {
		shared.pool.Close()
		_ = shared.conn.Close(context.Background())
		_ = shared.eng.Close()
	}
	os.Exit(code)
}

// need returns the shared clients, or skips tb with the reason the server
// cannot be reached.
func need(tb testing.TB) *clients {
	tb.Helper()
	c, err := connect()
	if err != nil {
		tb.Skipf("PostgreSQL at %s is not reachable (set RETORT_BENCH_POSTGRES): %v", serverURL(), err)
	}
	return c
}

// uniqueName returns a table name no other run or benchmark uses.
func uniqueName(kind string) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("bench_%s_%d_%s", kind, os.Getpid(), hex.EncodeToString(b[:]))
}

// Item is the struct both sides scan rows into.
type Item struct {
	ID        int64     `db:"id"`
	Name      string    `db:"name"`
	Body      string    `db:"body"`
	CreatedAt time.Time `db:"created_at"`
	Active    bool      `db:"active"`
	Score     *int32    `db:"score"` // NULL in every third row
}

// ItemTable is Retort's typed table for the item tables; the DDL is in
// createItems.
type ItemTable struct {
	core.Table
	ID        core.Column[int64]     `db:"id,pk"`
	Name      core.Column[string]    `db:"name,size=64,notnull"`
	Body      core.Column[string]    `db:"body,notnull"`
	CreatedAt core.Column[time.Time] `db:"created_at,notnull"`
	Active    core.Column[bool]      `db:"active,notnull"`
	Score     core.Column[*int32]    `db:"score"`
}

const itemColumns = "id, name, body, created_at, active, score"

// createItems creates a uniquely named item table holding rows rows (ids
// 1..rows), drops it when tb ends, and returns its name and Retort's
// typed table for it.
func createItems(tb testing.TB, c *clients, kind string, rows int) (string, *ItemTable) {
	tb.Helper()
	ctx := context.Background()
	name := uniqueName(kind)
	ddl := fmt.Sprintf(`CREATE TABLE %s (
	id         BIGSERIAL PRIMARY KEY,
	name       VARCHAR(64) NOT NULL,
	body       TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	active     BOOLEAN NOT NULL,
	score      INTEGER
)`, name)
	if _, err := c.pool.Exec(ctx, ddl); err != nil {
		tb.Fatalf("create %s: %v", name, err)
	}
	tb.Cleanup(func() {
		if _, err := c.pool.Exec(context.Background(), "DROP TABLE IF EXISTS "+name); err != nil {
			tb.Errorf("drop %s: %v", name, err)
		}
	})
	if rows > 0 {
		seed := fmt.Sprintf(`INSERT INTO %s (name, body, created_at, active, score)
SELECT 'name-' || g,
       md5(g::text) || md5((g * 7)::text) || md5((g * 13)::text),
       timestamptz '2024-01-01 00:00:00+00' + g * interval '1 minute',
       g %% 2 = 0,
       CASE WHEN g %% 3 = 0 THEN NULL ELSE g END
FROM generate_series(1, %d) AS g`, name, rows)
		if _, err := c.pool.Exec(ctx, seed); err != nil {
			tb.Fatalf("seed %s: %v", name, err)
		}
		if _, err := c.pool.Exec(ctx, "ANALYZE "+name); err != nil {
			tb.Fatalf("analyze %s: %v", name, err)
		}
	}
	return name, core.NewTable[ItemTable](core.NewMetaData(), name)
}

// NoteTable is Retort's typed table for the INSERT benchmark's tables.
type NoteTable struct {
	core.Table
	ID   core.Column[int64]  `db:"id,pk"`
	Name core.Column[string] `db:"name,size=64,notnull"`
	Body core.Column[string] `db:"body,notnull"`
}

// createNotes creates an empty, uniquely named table for INSERT, dropped
// when tb ends. The table is UNLOGGED: each INSERT commits on its own, and
// on a logged table the WAL flush of every commit (~0.2ms here) dwarfs
// what the client does and would hide any difference between clients.
// RETORT_BENCH_LOGGED=1 uses a logged table, to see the end-to-end figure.
func createNotes(tb testing.TB, c *clients) (string, *NoteTable) {
	tb.Helper()
	name := uniqueName("ins")
	kind := "UNLOGGED TABLE"
	if os.Getenv("RETORT_BENCH_LOGGED") == "1" {
		kind = "TABLE"
	}
	ddl := fmt.Sprintf(`CREATE %s %s (
	id   BIGSERIAL PRIMARY KEY,
	name VARCHAR(64) NOT NULL,
	body TEXT NOT NULL
)`, kind, name)
	if _, err := c.pool.Exec(context.Background(), ddl); err != nil {
		tb.Fatalf("create %s: %v", name, err)
	}
	tb.Cleanup(func() {
		if _, err := c.pool.Exec(context.Background(), "DROP TABLE IF EXISTS "+name); err != nil {
			tb.Errorf("drop %s: %v", name, err)
		}
	})
	return name, core.NewTable[NoteTable](core.NewMetaData(), name)
}

// cpuMeter reports the CPU time this process (every thread: the client
// library, the runtime, the garbage collector) spends per operation, as the
// cpu-ns/op metric. Wall time (ns/op) includes the server and the scheduler
// handing the CPU back and forth between client and server, and on a small
// shared machine it swings by tens of percent from run to run; the client's
// own CPU time is what a client library changes, and it is far steadier.
type cpuMeter struct {
	b     *testing.B
	start time.Duration
}

// startCPU starts measuring; call it just before the b.Loop loop.
func startCPU(b *testing.B) cpuMeter { return cpuMeter{b: b, start: processCPU()} }

// report records cpu-ns/op; call it just after the loop.
func (m cpuMeter) report() {
	if m.b.N > 0 {
		m.b.ReportMetric(float64(processCPU()-m.start)/float64(m.b.N), "cpu-ns/op")
	}
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
