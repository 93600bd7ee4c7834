package bench

import (
	"strconv"
	"testing"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/dialects/postgres"
	"github.com/retort-go/retort/sqlcompile"
)

// The compiler benchmarks need no database: they build and compile a
// typical SELECT (two conditions, ORDER BY, LIMIT) for the PostgreSQL
// dialect:
//
//	SELECT t.id, t.name, t.body, t.created_at, t.active, t.score FROM t
//	WHERE t.name = $1 AND t.active = $2 ORDER BY t.created_at DESC LIMIT $3
//
// Goals (the compiler issue): under 2µs per uncached compile and under
// 200ns per compile through the cache.

var (
	compileTable = core.NewTable[ItemTable](core.NewMetaData(), "bench_item")
	pgDialect    = postgres.NewDialect()
)

// compileNames are the values the statements vary by; made up front so no
// benchmark formats strings in its loop.
var compileNames = func() []string {
	out := make([]string, 64)
	for i := range out {
		out[i] = "name-" + strconv.Itoa(i)
	}
	return out
}()

// typicalSelect builds the benchmark's statement for the i-th values.
func typicalSelect(i int) *core.SelectStmt {
	T := compileTable
	return core.Select(T).
		Where(T.Name.Eq(compileNames[i%len(compileNames)]), T.Active.Eq(i%2 == 0)).
		OrderBy(T.CreatedAt.Desc()).
		Limit(int64(10 + i%50))
}

// prebuilt are statements of the one structure with different values, for
// the benchmarks that measure compiling alone.
func prebuilt() []*core.SelectStmt {
	out := make([]*core.SelectStmt, len(compileNames))
	for i := range out {
		out[i] = typicalSelect(i)
	}
	return out
}

var sinkSelect *core.SelectStmt

// BenchmarkBuildSelect measures building the statement alone (the
// generative builder: Select, Where, OrderBy, Limit), with new values each
// iteration.
func BenchmarkBuildSelect(b *testing.B) {
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		sinkSelect = typicalSelect(i)
		i++
	}
}

// BenchmarkCompileSelect measures compiling the statement:
//
//   - mode=uncached: sqlcompile.Compile on an already built statement
//     (key walk, SQL rendering, argument order, Args).
//   - mode=cached: a new statement built each iteration and compiled
//     through a warmed sqlcompile.Cache, as the Engine does per call;
//     subtract BenchmarkBuildSelect for the cache's own share.
//   - mode=cached-prebuilt: the cache alone, on already built statements
//     (key walk, map lookup, Args): the number to hold to the 200ns goal.
func BenchmarkCompileSelect(b *testing.B) {
	stmts := prebuilt()
	check := func(b *testing.B, cs *sqlcompile.Compiled, args []any, err error) {
		if err != nil {
			b.Fatal(err)
		}
		if len(args) != 3 || cs.NumArgs != 3 {
			b.Fatalf("%d args for %q", len(args), cs.SQL)
		}
	}

	b.Run("mode=uncached", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			cs, args, err := sqlcompile.Compile(pgDialect, stmts[i%len(stmts)])
			i++
			check(b, cs, args, err)
		}
	})
	warm := func(b *testing.B) *sqlcompile.Cache {
		c := sqlcompile.NewCache(pgDialect, 0)
		if _, _, _, err := c.Compile(typicalSelect(0)); err != nil {
			b.Fatal(err)
		}
		return c
	}
	b.Run("mode=cached", func(b *testing.B) {
		c := warm(b)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			cs, args, hit, err := c.Compile(typicalSelect(i))
			i++
			check(b, cs, args, err)
			if !hit {
				b.Fatal("cache miss")
			}
		}
	})
	b.Run("mode=cached-prebuilt", func(b *testing.B) {
		c := warm(b)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			cs, args, hit, err := c.Compile(stmts[i%len(stmts)])
			i++
			check(b, cs, args, err)
			if !hit {
				b.Fatal("cache miss")
			}
		}
	})
}

// TestCompiledSelect pins the SQL the compile benchmarks measure, so a
// change in what is compiled shows up here and not as a silent change in
// the numbers.
func TestCompiledSelect(t *testing.T) {
	cs, args, err := sqlcompile.Compile(pgDialect, typicalSelect(3))
	if err != nil {
		t.Fatal(err)
	}
	const want = "SELECT bench_item.id, bench_item.name, bench_item.body, bench_item.created_at, bench_item.active, bench_item.score" +
		" FROM bench_item WHERE bench_item.name = $1 AND bench_item.active = $2 ORDER BY bench_item.created_at DESC LIMIT $3"
	if cs.SQL != want {
		t.Errorf("SQL\n%s\nwant\n%s", cs.SQL, want)
	}
	if len(args) != 3 || args[0] != "name-3" || args[1] != false || args[2] != int64(13) {
		t.Errorf("args %#v", args)
	}
	c := sqlcompile.NewCache(pgDialect, 0)
	for i := range 3 {
		cs2, args2, hit, err := c.Compile(typicalSelect(i))
		if err != nil || cs2.SQL != want || hit != (i > 0) || args2[0] != compileNames[i] {
			t.Errorf("cached compile %d: hit=%v err=%v args=%v", i, hit, err, args2)
		}
	}
}
