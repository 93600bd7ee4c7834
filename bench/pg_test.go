package bench

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
)

// The database benchmarks. Each operation is written once per
// implementation, as an impl (below), and run two ways:
//
//   - BenchmarkInsertReturning, BenchmarkSelectOne, BenchmarkSelectMany run
//     each implementation as its own sub-benchmark, named impl=<who>, so
//     benchstat can put them side by side (-col /impl). impl=pgxpool, the
//     first, is the baseline. These give ns/op, B/op and allocs/op.
//   - BenchmarkPaired* run the implementations in turn inside one loop,
//     timing each call, and report each one's median ns per call and the
//     ratios of the medians to pgxpool. Both sides then see the same
//     machine at the same moment, which on a small or shared machine makes
//     the ratio far steadier than comparing separate runs.
//
// The Retort side builds its statement inside the loop, as a program does:
// its cost includes building, compiling (through the engine's cache),
// binding, running and scanning.

// impl is one implementation of a benchmarked operation; i numbers the
// calls, so an implementation can vary its arguments.
type impl struct {
	name string
	op   func(i int) error
}

var (
	noteName = "note"
	noteBody = strings.Repeat("retort ", 14) // 98 bytes
)

var ctx = context.Background()

// insertImpls insert one row and read back its id. They share one table
// (see createNotes).
func insertImpls(tb testing.TB, c *clients) []impl {
	name, T := createNotes(tb, c)
	sql := "INSERT INTO " + name + " (name, body) VALUES ($1, $2) RETURNING id"
	return []impl{
		{"pgxpool", func(int) error {
			var id int64
			return c.pool.QueryRow(ctx, sql, noteName, noteBody).Scan(&id)
		}},
		{"pgxconn", func(int) error {
			var id int64
			return c.conn.QueryRow(ctx, sql, noteName, noteBody).Scan(&id)
		}},
		{"retort", func(int) error {
			id, err := engine.Scalar[int64](ctx, c.eng,
				core.Insert(T).Row(T.Name.To(noteName), T.Body.To(noteBody)).Returning(T.ID))
			if err == nil && id == 0 {
				err = errors.New("no id")
			}
			return err
		}},
	}
}

// oneID is the id the i-th call of the one-row benchmarks reads.
func oneID(i int) int64 { return int64(i%seedRows) + 1 }

func checkID(got, want int64) error {
	if got != want {
		return fmt.Errorf("got id %d, want %d", got, want)
	}
	return nil
}

// selectOneImpls read one row by primary key into an Item.
func selectOneImpls(tb testing.TB, c *clients) []impl {
	name, T := createItems(tb, c, "one", seedRows)
	sql := "SELECT " + itemColumns + " FROM " + name + " WHERE id = $1"
	return []impl{
		{"pgxpool", func(i int) error {
			var it Item
			id := oneID(i)
			if err := c.pool.QueryRow(ctx, sql, id).Scan(&it.ID, &it.Name, &it.Body, &it.CreatedAt, &it.Active, &it.Score); err != nil {
				return err
			}
			return checkID(it.ID, id)
		}},
		{"pgxconn", func(i int) error {
			var it Item
			id := oneID(i)
			if err := c.conn.QueryRow(ctx, sql, id).Scan(&it.ID, &it.Name, &it.Body, &it.CreatedAt, &it.Active, &it.Score); err != nil {
				return err
			}
			return checkID(it.ID, id)
		}},
		{"retort", func(i int) error {
			id := oneID(i)
			it, err := engine.One[Item](ctx, c.eng, core.Select(T).Where(T.ID.Eq(id)))
			if err != nil {
				return err
			}
			return checkID(it.ID, id)
		}},
	}
}

// manyRows is how many rows the SelectMany benchmarks read per query.
const manyRows = 100

// manyStart returns the id the i-th query of SelectMany starts after.
func manyStart(i int) int64 { return int64((i * manyRows) % (seedRows - manyRows)) }

func checkMany(n int) error {
	if n != manyRows {
		return fmt.Errorf("got %d rows, want %d", n, manyRows)
	}
	return nil
}

// selectManyImpls read 100 rows into a []Item. Every implementation sends
// the same statement shape, WHERE id > $1 ORDER BY id LIMIT $2 (Retort
// binds LIMIT as a parameter, so the raw SQL does too), and grows its
// slice from nil by append.
//
//   - pgxpool: Query and a Scan loop, scanning straight into the appended
//     element (the usual hand-written loop; each Scan call's variadic
//     []any escapes, one allocation a row).
//   - pgxpool-collect: pgx.CollectRows with pgx.RowToStructByName.
//   - pgxpool-reuse: the hand-tuned floor: as pgxpool, but one []any of
//     destinations is reused for every row.
//   - pgxconn: as pgxpool, on a single pgx.Conn.
//   - retort: engine.All[Item].
func selectManyImpls(tb testing.TB, c *clients) []impl {
	name, T := createItems(tb, c, "many", seedRows)
	sql := "SELECT " + itemColumns + " FROM " + name + " WHERE id > $1 ORDER BY id LIMIT $2"
	loop := func(rows pgx.Rows, err error) error {
		if err != nil {
			return err
		}
		defer rows.Close()
		var out []Item
		for rows.Next() {
			out = append(out, Item{})
			it := &out[len(out)-1]
			if err := rows.Scan(&it.ID, &it.Name, &it.Body, &it.CreatedAt, &it.Active, &it.Score); err != nil {
				return err
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return checkMany(len(out))
	}
	dests := make([]any, 6)
	return []impl{
		{"pgxpool", func(i int) error {
			return loop(c.pool.Query(ctx, sql, manyStart(i), int64(manyRows)))
		}},
		{"pgxpool-collect", func(i int) error {
			rows, err := c.pool.Query(ctx, sql, manyStart(i), int64(manyRows))
			if err != nil {
				return err
			}
			out, err := pgx.CollectRows(rows, pgx.RowToStructByName[Item])
			if err != nil {
				return err
			}
			return checkMany(len(out))
		}},
		{"pgxpool-reuse", func(i int) error {
			rows, err := c.pool.Query(ctx, sql, manyStart(i), int64(manyRows))
			if err != nil {
				return err
			}
			defer rows.Close()
			var out []Item
			for rows.Next() {
				out = append(out, Item{})
				it := &out[len(out)-1]
				dests[0], dests[1], dests[2], dests[3], dests[4], dests[5] = &it.ID, &it.Name, &it.Body, &it.CreatedAt, &it.Active, &it.Score
				if err := rows.Scan(dests...); err != nil {
					return err
				}
			}
			clear(dests)
			if err := rows.Err(); err != nil {
				return err
			}
			return checkMany(len(out))
		}},
		{"pgxconn", func(i int) error {
			return loop(c.conn.Query(ctx, sql, manyStart(i), int64(manyRows)))
		}},
		{"retort", func(i int) error {
			q := core.Select(T).Where(T.ID.Gt(manyStart(i))).OrderBy(T.ID.Asc()).Limit(manyRows)
			out, err := engine.All[Item](ctx, c.eng, q)
			if err != nil {
				return err
			}
			return checkMany(len(out))
		}},
	}
}

// runImpls runs each implementation as a sub-benchmark impl=<name>.
func runImpls(b *testing.B, impls []impl) {
	for _, im := range impls {
		b.Run("impl="+im.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			cpu := startCPU(b)
			for b.Loop() {
				if err := im.op(i); err != nil {
					b.Fatal(err)
				}
				i++
			}
			cpu.report()
		})
	}
}

// BenchmarkInsertReturning inserts one row and reads back its id.
func BenchmarkInsertReturning(b *testing.B) { runImpls(b, insertImpls(b, need(b))) }

// BenchmarkSelectOne reads one row by primary key into a struct.
func BenchmarkSelectOne(b *testing.B) { runImpls(b, selectOneImpls(b, need(b))) }

// BenchmarkSelectMany reads 100 rows into a slice of structs.
func BenchmarkSelectMany(b *testing.B) { runImpls(b, selectManyImpls(b, need(b))) }

// BenchmarkPairedInsertReturning is BenchmarkInsertReturning with the
// implementations interleaved; see runPaired.
func BenchmarkPairedInsertReturning(b *testing.B) { runPaired(b, insertImpls(b, need(b))) }

// BenchmarkPairedSelectOne is BenchmarkSelectOne interleaved.
func BenchmarkPairedSelectOne(b *testing.B) { runPaired(b, selectOneImpls(b, need(b))) }

// BenchmarkPairedSelectMany is BenchmarkSelectMany interleaved.
func BenchmarkPairedSelectMany(b *testing.B) {
	impls := selectManyImpls(b, need(b))
	keep := impls[:0]
	for _, im := range impls {
		if im.name == "pgxpool" || im.name == "pgxpool-reuse" || im.name == "retort" {
			keep = append(keep, im)
		}
	}
	runPaired(b, keep)
}

// TestSameResults checks that the two sides of each benchmark do the same
// work: the same rows come back, and Retort's SQL has the raw statement's shape.
func TestSameResults(t *testing.T) {
	c := need(t)
	name, T := createItems(t, c, "check", seedRows)

	// Every implementation runs without error.
	for _, set := range [][]impl{insertImpls(t, c), selectOneImpls(t, c), selectManyImpls(t, c)} {
		for _, im := range set {
			for i := range 3 {
				if err := im.op(i); err != nil {
					t.Errorf("%s call %d: %v", im.name, i, err)
				}
			}
		}
	}

	// One row.
	for _, id := range []int64{1, 2, 3, seedRows} {
		var want Item
		err := c.pool.QueryRow(ctx, "SELECT "+itemColumns+" FROM "+name+" WHERE id = $1", id).
			Scan(&want.ID, &want.Name, &want.Body, &want.CreatedAt, &want.Active, &want.Score)
		if err != nil {
			t.Fatal(err)
		}
		got, err := engine.One[Item](ctx, c.eng, core.Select(T).Where(T.ID.Eq(id)))
		if err != nil {
			t.Fatal(err)
		}
		if !sameItem(got, want) {
			t.Errorf("id %d: retort %s, pgx %s", id, fmtItem(got), fmtItem(want))
		}
	}

	// A hundred rows.
	rows, err := c.pool.Query(ctx, "SELECT "+itemColumns+" FROM "+name+" WHERE id > $1 ORDER BY id LIMIT $2", manyStart(7), int64(manyRows))
	if err != nil {
		t.Fatal(err)
	}
	want, err := pgx.CollectRows(rows, pgx.RowToStructByName[Item])
	if err != nil {
		t.Fatal(err)
	}
	q := core.Select(T).Where(T.ID.Gt(manyStart(7))).OrderBy(T.ID.Asc()).Limit(manyRows)
	got, err := engine.All[Item](ctx, c.eng, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != manyRows || len(want) != manyRows {
		t.Fatalf("retort %d rows, pgx %d rows", len(got), len(want))
	}
	nulls := 0
	for i := range want {
		if !sameItem(got[i], want[i]) {
			t.Errorf("row %d: retort %s, pgx %s", i, fmtItem(got[i]), fmtItem(want[i]))
		}
		if want[i].Score == nil {
			nulls++
		}
	}
	if nulls == 0 {
		t.Error("no NULL scores in the sample; the nullable column is not exercised")
	}
	sql, args, err := c.eng.Compile(q)
	if err != nil {
		t.Fatal(err)
	}
	wantSQL := fmt.Sprintf("SELECT %[1]s.id, %[1]s.name, %[1]s.body, %[1]s.created_at, %[1]s.active, %[1]s.score FROM %[1]s WHERE %[1]s.id > $1 ORDER BY %[1]s.id LIMIT $2", name)
	if sql != wantSQL || len(args) != 2 {
		t.Errorf("retort compiled\n%s %v\nwant\n%s [start 100]", sql, args, wantSQL)
	}

	// Insert returning.
	_, N := createNotes(t, c)
	for want := int64(1); want <= 3; want++ {
		id, err := engine.Scalar[int64](ctx, c.eng, core.Insert(N).Row(N.Name.To(noteName), N.Body.To(noteBody)).Returning(N.ID))
		if err != nil {
			t.Fatal(err)
		}
		if id != want {
			t.Errorf("insert returned id %d, want %d", id, want)
		}
	}
}

func sameItem(a, b Item) bool {
	if (a.Score == nil) != (b.Score == nil) || (a.Score != nil && *a.Score != *b.Score) {
		return false
	}
	return a.ID == b.ID && a.Name == b.Name && a.Body == b.Body && a.CreatedAt.Equal(b.CreatedAt) && a.Active == b.Active
}

func fmtItem(it Item) string {
	score := "NULL"
	if it.Score != nil {
		score = fmt.Sprint(*it.Score)
	}
	return fmt.Sprintf("{%d %q %q %s %t %s}", it.ID, it.Name, it.Body, it.CreatedAt.UTC().Format("2006-01-02T15:04:05Z07:00"), it.Active, score)
}
