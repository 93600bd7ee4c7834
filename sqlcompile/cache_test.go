package sqlcompile_test

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/internal/compilecases"
	"github.com/retort-go/retort/sqlcompile"
)

func TestStatementsThatDifferOnlyInValuesShareOneCacheEntry(t *testing.T) {
	cache := sqlcompile.NewCache(pgDialect, 10)

	cs1, args1, hit1, err := cache.Compile(core.Select(Users.ID).Where(Users.Name.Eq("sandy")))
	require.NoError(t, err)
	cs2, args2, hit2, err := cache.Compile(core.Select(Users.ID).Where(Users.Name.Eq("patrick")))
	require.NoError(t, err)

	require.False(t, hit1)
	require.True(t, hit2)
	require.Same(t, cs1, cs2)
	require.Equal(t, []any{"sandy"}, args1)
	require.Equal(t, []any{"patrick"}, args2)
	require.Equal(t, sqlcompile.CacheStats{Size: 1, Hits: 1, Misses: 1}, cache.Stats())
	require.Same(t, pgDialect, cache.Dialect())
}

// Each pair compiles to one structure with different values.
func TestEveryKindOfStatementHitsTheCacheWhenOnlyValuesChange(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b core.Statement
	}{
		{"IN lists of the same length", core.Select(Users.ID).Where(Users.ID.In(1, 2)), core.Select(Users.ID).Where(Users.ID.In(3, 4))},
		{"LIMIT and OFFSET", core.Select(Users.ID).Limit(1).Offset(2), core.Select(Users.ID).Limit(100).Offset(200)},
		{"INSERT rows", core.Insert(Users).Row(Users.Name.To("a"), Users.Active.To(true)), core.Insert(Users).Row(Users.Name.To("b"), Users.Active.To(false))},
		{"multi-row INSERT", core.Insert(Tags).Values(core.Values{Tags.Title: "a"}, core.Values{Tags.Title: "b"}), core.Insert(Tags).Values(core.Values{Tags.Title: "c"}, core.Values{Tags.Title: "d"})},
		{"UPDATE", core.Update(Users).Set(Users.Name.To("a")).Where(Users.ID.Eq(1)), core.Update(Users).Set(Users.Name.To("b")).Where(Users.ID.Eq(2))},
		{"DELETE", core.Delete(Users).Where(Users.ID.Eq(1)), core.Delete(Users).Where(Users.ID.Eq(2))},
		{"Text", core.Text("SELECT :a").Bind("a", 1), core.Text("SELECT :a").Bind("a", 2)},
		{"a join with values in ON", core.Select(Users.ID).From(Users.Join(Addresses, Users.ID.EqExpr(Addresses.UserID), Addresses.Email.Eq("a"))), core.Select(Users.ID).From(Users.Join(Addresses, Users.ID.EqExpr(Addresses.UserID), Addresses.Email.Eq("b")))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cache := sqlcompile.NewCache(sqliteDialect, 10)
			csA, argsA, _, err := cache.Compile(tc.a)
			require.NoError(t, err)
			csB, argsB, hit, err := cache.Compile(tc.b)
			require.NoError(t, err)
			require.True(t, hit)
			require.Same(t, csA, csB)
			require.NotEqual(t, argsA, argsB)
			_, want, err := sqlcompile.Compile(sqliteDialect, tc.b)
			require.NoError(t, err)
			require.Equal(t, want, argsB)
		})
	}
}

// Each pair differs in structure: sharing an entry would run the wrong SQL.
func TestStructuralChangesMissTheCache(t *testing.T) {
	base := core.Select(Users.ID).Where(Users.Name.Eq("sandy"))
	for _, tc := range []struct {
		name string
		a, b core.Statement
	}{
		{"another column", base, core.Select(Users.Name).Where(Users.Name.Eq("sandy"))},
		{"another column in WHERE", base, core.Select(Users.ID).Where(Users.Nickname.Eq(ptr("sandy")))},
		{"another operator", base, core.Select(Users.ID).Where(Users.Name.Ne("sandy"))},
		{"Like instead of Eq", base, core.Select(Users.ID).Where(Users.Name.Like("sandy"))},
		{"IN list length", core.Select(Users.ID).Where(Users.ID.In(1, 2)), core.Select(Users.ID).Where(Users.ID.In(1, 2, 3))},
		{"NOT IN instead of IN", core.Select(Users.ID).Where(Users.ID.In(1, 2)), core.Select(Users.ID).Where(Users.ID.NotIn(1, 2))},
		{"Eq with nil", core.Select(Users.ID).Where(Users.Nickname.Eq(ptr("x"))), core.Select(Users.ID).Where(Users.Nickname.Eq(nil))},
		{"a NULL inside IN", core.Select(Users.ID).Where(Users.Nickname.In(ptr("x"), ptr("y"))), core.Select(Users.ID).Where(Users.Nickname.In(ptr("x"), nil))},
		{"AND instead of OR", core.Select(Users.ID).Where(core.And(Users.Active, Users.Name.Eq("a"))), core.Select(Users.ID).Where(core.Or(Users.Active, Users.Name.Eq("a")))},
		{"a LIMIT", base, base.Limit(10)},
		{"an OFFSET instead of a LIMIT", base.Limit(10), base.Offset(10)},
		{"DESC", core.Select(Users.ID).OrderBy(Users.ID.Asc()), core.Select(Users.ID).OrderBy(Users.ID.Desc())},
		{"NULLS LAST", core.Select(Users.ID).OrderBy(Users.ID.Asc()), core.Select(Users.ID).OrderBy(Users.ID.Asc().NullsLast())},
		{"DISTINCT", base, base.Distinct()},
		{"a label name", core.Select(Users.ID.Label("a")), core.Select(Users.ID.Label("b"))},
		{"count DISTINCT", core.Select(core.Count(Users.ID)), core.Select(core.CountDistinct(Users.ID))},
		{"a LEFT JOIN", core.Select(Users.ID).From(Users.Join(Addresses)), core.Select(Users.ID).From(Users.LeftJoin(Addresses))},
		{"a literal's value", core.Select(core.LiteralOf("a")), core.Select(core.LiteralOf("b"))},
		{"another table with the same column names", core.Select(Tags.ID), core.Select(Counters.ID)},
		{"INSERT of other columns", core.Insert(Users).Row(Users.Name.To("a")), core.Insert(Users).Row(Users.Name.To("a"), Users.Active.To(true))},
		{"INSERT of more rows", core.Insert(Tags).Row(Tags.Title.To("a")), core.Insert(Tags).Row(Tags.Title.To("a")).Row(Tags.Title.To("b"))},
		{"INSERT with RETURNING", core.Insert(Tags).Row(Tags.Title.To("a")), core.Insert(Tags).Row(Tags.Title.To("a")).Returning(Tags.ID)},
		{"UPDATE of another column", core.Update(Users).Set(Users.Name.To("a")), core.Update(Users).Set(Users.Active.To(true))},
		{"UPDATE to NULL", core.Update(Users).Set(Users.Nickname.To(ptr("a"))), core.Update(Users).Set(Users.Nickname.To(nil))},
		{"another text", core.Text("SELECT :a").Bind("a", 1), core.Text("SELECT :a + 0").Bind("a", 1)},
		{"SELECT instead of DELETE", core.Delete(Users), core.Select(Users.ID)},
		// Two alias objects with one name are two FROM items: the inner
		// query of the first is not correlated, that of the second is.
		{"two aliases of one name instead of one alias", aliasedExists(false), aliasedExists(true)},
		// A literal is keyed by its value, never by a String method.
		{"a literal whose String hides its value", core.Select(core.LiteralOf(maskedString("alice"))), core.Select(core.LiteralOf(maskedString("bob")))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cache := sqlcompile.NewCache(pgDialect, 10)
			csA, _, _, err := cache.Compile(tc.a)
			require.NoError(t, err)
			csB, _, hit, err := cache.Compile(tc.b)
			require.NoError(t, err)
			require.False(t, hit)
			require.NotEqual(t, csA.SQL, csB.SQL)
			require.Equal(t, sqlcompile.CacheStats{Size: 2, Misses: 2}, cache.Stats())
		})
	}
}

func TestACachedEntryMapsArgsOntoMySQLsOffsetFirstOrder(t *testing.T) {
	cache := sqlcompile.NewCache(mariadbDialect, 10)
	page := func(name string, limit, offset int64) core.Statement {
		return core.Select(Users.ID).Where(Users.Name.Eq(name)).OrderBy(Users.ID).Limit(limit).Offset(offset)
	}

	cs1, args1, hit1, err := cache.Compile(page("sandy", 10, 20))
	require.NoError(t, err)
	cs2, args2, hit2, err := cache.Compile(page("patrick", 5, 7))
	require.NoError(t, err)

	require.False(t, hit1)
	require.True(t, hit2)
	require.Same(t, cs1, cs2)
	require.Equal(t, "SELECT user_account.id FROM user_account WHERE user_account.name = ? ORDER BY user_account.id LIMIT ?, ?", cs2.SQL)
	require.Equal(t, []any{"sandy", int64(20), int64(10)}, args1)
	require.Equal(t, []any{"patrick", int64(7), int64(5)}, args2)
	require.NotNil(t, cs2.ArgOrder, "the placeholder order differs from the canonical one")
	require.Equal(t, []any{"x", int64(3), int64(2)}, cs2.Args([]any{"x", int64(2), int64(3)}))
}

// serialTicketTable numbers its rows on the client: every INSERT calls the
// default function.
type serialTicketTable struct {
	core.Table
	ID     core.Column[int64]  `db:"id,pk"`
	Serial core.Column[int64]  `db:"serial"`
	Title  core.Column[string] `db:"title"`
}

var ticketSerial atomic.Int64

func (t *serialTicketTable) TableArgs() []core.TableArg {
	return []core.TableArg{core.Default(t.Serial, func() int64 { return ticketSerial.Add(1) })}
}

func TestACachedEntryGivesEachExecutionAFreshClientDefault(t *testing.T) {
	tickets := core.NewTable[serialTicketTable](core.NewMetaData(), "serial_ticket")
	cache := sqlcompile.NewCache(pgDialect, 10)
	insert := core.Insert(tickets).Row(tickets.Title.To("a"))
	start := ticketSerial.Load()
	for i := int64(1); i <= 3; i++ {
		cs, args, hit, err := cache.Compile(insert)
		require.NoError(t, err)
		require.Equal(t, i > 1, hit)
		require.Equal(t, "INSERT INTO serial_ticket (serial, title) VALUES ($1, $2)", cs.SQL)
		require.Equal(t, []any{start + i, "a"}, args)
	}
}

func TestDDLIsNeverCached(t *testing.T) {
	cache := sqlcompile.NewCache(pgDialect, 10)
	for _, stmt := range []core.Statement{
		&core.CreateTable{Table: &Users.Table},
		&core.DropTable{Table: &Users.Table},
		&core.CreateIndex{Index: compilecases.Index(compilecases.Product, "ix_product_name")},
		&core.DropIndex{Index: compilecases.Index(compilecases.Product, "ix_product_name")},
		&core.AddForeignKey{ForeignKey: Addresses.ForeignKeys()[0]},
		&core.DropForeignKey{ForeignKey: Addresses.ForeignKeys()[0]},
		&core.CreateEnumType{Enum: compilecases.MoodEnum},
		&core.DropEnumType{Enum: compilecases.MoodEnum},
	} {
		var first *sqlcompile.Compiled
		for range 2 {
			cs, args, hit, err := cache.Compile(stmt)
			require.NoError(t, err)
			require.False(t, hit)
			require.Empty(t, args)
			require.Equal(t, sqlcompile.KindDDL, cs.Kind)
			if first != nil {
				require.NotSame(t, first, cs)
				require.Equal(t, first.SQL, cs.SQL)
			}
			first = cs
		}
	}
	require.Equal(t, sqlcompile.CacheStats{}, cache.Stats())
}

func TestErrorsAreNotCached(t *testing.T) {
	cache := sqlcompile.NewCache(mariadbDialect, 10)
	stmt := core.Select(Users.ID).OrderBy(Users.ID).Limit(1).ForUpdate(core.LockOf(Users))
	for range 2 {
		_, _, hit, err := cache.Compile(stmt)
		require.ErrorIs(t, err, sqlcompile.ErrUnsupported)
		require.False(t, hit)
	}
	require.Zero(t, cache.Stats().Size)
}

// inList is a statement whose structure depends on n: an IN list of n values.
func inList(n int) core.Statement {
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = int64(i)
	}
	return core.Select(Users.ID).Where(Users.ID.In(ids...))
}

func TestEvictionKeepsTheCacheWithinItsSize(t *testing.T) {
	cache := sqlcompile.NewCache(sqliteDialect, 8)
	for n := 1; n <= 100; n++ {
		_, _, hit, err := cache.Compile(inList(n))
		require.NoError(t, err)
		require.False(t, hit)
		require.LessOrEqual(t, cache.Stats().Size, 8)
	}
	require.Equal(t, int64(100), cache.Stats().Misses)
}

func TestAStatementInConstantUseStaysCachedWhileOthersComeAndGo(t *testing.T) {
	cache := sqlcompile.NewCache(sqliteDialect, 8)
	hot := core.Select(Users.Name).Where(Users.ID.Eq(1))
	const rounds = 200
	for n := 1; n <= rounds; n++ {
		_, _, hit, err := cache.Compile(hot)
		require.NoError(t, err)
		require.Equal(t, n > 1, hit, "round %d", n)
		_, _, _, err = cache.Compile(inList(n))
		require.NoError(t, err)
		require.LessOrEqual(t, cache.Stats().Size, 8)
	}
	require.Equal(t, sqlcompile.CacheStats{Size: cache.Stats().Size, Hits: rounds - 1, Misses: rounds + 1}, cache.Stats())
}

func TestANewCacheHoldsFiveHundredStatementsByDefault(t *testing.T) {
	for _, size := range []int{0, -1} {
		cache := sqlcompile.NewCache(sqliteDialect, size)
		for n := 1; n <= 500; n++ {
			_, _, _, err := cache.Compile(inList(n))
			require.NoError(t, err)
		}
		require.Equal(t, 500, cache.Stats().Size)
		_, _, _, err := cache.Compile(inList(501))
		require.NoError(t, err)
		require.LessOrEqual(t, cache.Stats().Size, 500)
	}
}

// A mix of statements for the concurrent tests: each builds a statement
// from i and says which args it must produce.
var concurrentMix = []func(i int) (core.Statement, []any){
	func(i int) (core.Statement, []any) {
		return core.Select(Users.ID).Where(Users.Name.Eq(fmt.Sprint("name-", i))), []any{fmt.Sprint("name-", i)}
	},
	func(i int) (core.Statement, []any) {
		l, o := int64(i%50+1), int64(i)
		return core.Select(Users.ID).Where(Users.Active).OrderBy(Users.ID).Limit(l).Offset(o), []any{o, l}
	},
	func(i int) (core.Statement, []any) {
		a, b := int64(i), int64(i+1)
		return core.Select(Users.ID).Where(Users.ID.In(a, b)), []any{a, b}
	},
	func(i int) (core.Statement, []any) {
		return core.Select(Users.ID).Where(Users.ID.In(int64(i))), []any{int64(i)}
	},
	func(i int) (core.Statement, []any) {
		return core.Insert(Events).Row(Events.Title.To(fmt.Sprint("e", i))), []any{fmt.Sprint("e", i), int64(1)}
	},
	func(i int) (core.Statement, []any) {
		return core.Update(Events).Set(Events.Title.To("t")).Where(Events.ID.Eq(int64(i))), []any{"t", "sys-update", int64(i)}
	},
	func(i int) (core.Statement, []any) {
		return core.Delete(Users).Where(Users.ID.Gt(int64(i))), []any{int64(i)}
	},
	func(i int) (core.Statement, []any) {
		return core.Text("SELECT :x, :y, :x").Bind("x", i).Bind("y", -i), []any{i, -i, i}
	},
	func(i int) (core.Statement, []any) {
		return &core.CreateTable{Table: &Users.Table}, nil
	},
	func(i int) (core.Statement, []any) {
		return core.Select(Users.Name, Addresses.Email).From(Users.Join(Addresses)).Where(Addresses.Email.Like(fmt.Sprint(i, "%"))),
			[]any{fmt.Sprint(i, "%")}
	},
}

// runConcurrentMix compiles the mix from many goroutines and checks every
// result against a plain compile; run it under go test -race.
func runConcurrentMix(t *testing.T, cache *sqlcompile.Cache, goroutines, iterations int) {
	t.Helper()
	wantSQL := make([]string, len(concurrentMix))
	for k, build := range concurrentMix {
		stmt, _ := build(0)
		cs, _, err := sqlcompile.Compile(cache.Dialect(), stmt)
		require.NoError(t, err)
		wantSQL[k] = cs.SQL
	}
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		failures []string
	)
	fail := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if len(failures) < 10 {
			failures = append(failures, fmt.Sprintf(format, args...))
		}
	}
	for g := range goroutines {
		wg.Go(func() {
			for i := range iterations {
				k := (g + i) % len(concurrentMix)
				stmt, wantArgs := concurrentMix[k](g*iterations + i)
				cs, args, _, err := cache.Compile(stmt)
				switch {
				case err != nil:
					fail("statement %d: %v", k, err)
				case cs.SQL != wantSQL[k]:
					fail("statement %d: SQL %q, want %q", k, cs.SQL, wantSQL[k])
				case !slices.Equal(args, wantArgs):
					fail("statement %d: args %v, want %v", k, args, wantArgs)
				}
			}
		})
	}
	wg.Wait()
	require.Empty(t, failures)
}

func TestTheCacheIsSafeForConcurrentUse(t *testing.T) {
	cache := sqlcompile.NewCache(mysqlDialect, 100)
	const goroutines, iterations = 16, 400
	runConcurrentMix(t, cache, goroutines, iterations)

	st := cache.Stats()
	ddl := 0
	for g := range goroutines {
		for i := range iterations {
			if (g+i)%len(concurrentMix) == 8 {
				ddl++
			}
		}
	}
	require.Equal(t, int64(goroutines*iterations-ddl), st.Hits+st.Misses, "every cacheable compile is a hit or a miss")
	require.Equal(t, len(concurrentMix)-1, st.Size, "one entry per cacheable statement shape")
	require.GreaterOrEqual(t, st.Misses, int64(len(concurrentMix)-1))
}

func TestTheCacheIsSafeForConcurrentUseWhileEvicting(t *testing.T) {
	cache := sqlcompile.NewCache(mysqlDialect, 3)
	runConcurrentMix(t, cache, 16, 400)
	require.LessOrEqual(t, cache.Stats().Size, 3)
}

// The engine keeps per-statement data with SetMemo; concurrent callers must
// all see the one value stored first.
func TestMemoStoresOneValuePerKeyUnderConcurrency(t *testing.T) {
	cs, _, err := sqlcompile.Compile(pgDialect, core.Select(Users.ID))
	require.NoError(t, err)
	_, ok := cs.Memo("plan")
	require.False(t, ok)
	var made atomic.Int64
	results := make([]any, 32)
	var wg sync.WaitGroup
	for i := range results {
		wg.Go(func() {
			n := made.Add(1)
			results[i] = cs.SetMemo("plan", &n)
		})
	}
	wg.Wait()
	for _, r := range results {
		require.Same(t, results[0], r)
	}
	got, ok := cs.Memo("plan")
	require.True(t, ok)
	require.Same(t, results[0], got)
}

// A subquery or CTE is made anew each time a statement is built: its
// columns are new values, but the statement's structure, and so its cache
// key, is the same, and only the values differ.
func TestRebuiltSubqueriesAndCTEsHitTheCache(t *testing.T) {
	builders := map[string]func(n int64) core.Statement{
		"subquery": func(n int64) core.Statement {
			sq := core.Subquery(core.Select(Users.ID.Label("k")).Where(Users.ID.Gt(n)), "sq")
			return core.Select(core.ColumnOf[int64](sq, "k"))
		},
		"alias of a subquery": func(n int64) core.Statement {
			sq := core.Subquery(core.Select(Users.ID.Label("k")).Where(Users.ID.Gt(n)), "sq")
			a := core.Alias(sq, "a")
			return core.Select(core.ColumnOf[int64](a, "k"))
		},
		"CTE": func(n int64) core.Statement {
			c := core.CTE(core.Select(Users.ID).Where(Users.ID.Gt(n)), "c")
			return core.Select(c.C("id")).Where(core.ColumnOf[int64](c, "id").Lt(n + 10))
		},
	}
	for name, build := range builders {
		t.Run(name, func(t *testing.T) {
			cache := sqlcompile.NewCache(pgDialect, 8)
			var sqlText string
			for n := range int64(3) {
				cs, args, hit, err := cache.Compile(build(n))
				require.NoError(t, err)
				require.Equal(t, n > 0, hit, "build %d", n)
				require.Contains(t, args, n, "each build's own value")
				if n == 0 {
					sqlText = cs.SQL
				}
				require.Equal(t, sqlText, cs.SQL)
			}
			require.Equal(t, 1, cache.Stats().Size)
		})
	}
	// Two subqueries that differ in structure do not share an entry.
	cache := sqlcompile.NewCache(pgDialect, 8)
	a := core.Subquery(core.Select(Users.ID), "sq")
	b := core.Subquery(core.Select(Users.Name), "sq")
	_, _, _, err := cache.Compile(core.Select(a))
	require.NoError(t, err)
	cs, _, hit, err := cache.Compile(core.Select(b))
	require.NoError(t, err)
	require.False(t, hit)
	require.Contains(t, cs.SQL, "user_account.name")
}

// aliasedExists selects users with an address, through a correlated EXISTS
// on alias "u" when shared; otherwise the inner "u" is a second alias.
func aliasedExists(shared bool) core.Statement {
	outer := core.Alias(Users, "u")
	inner := outer
	if !shared {
		inner = core.Alias(Users, "u")
	}
	return core.Select(outer.Name).Where(core.Exists(core.Select(Addresses.ID).Where(Addresses.UserID.EqExpr(inner.ID))))
}

type maskedString string

func (maskedString) String() string { return "***" }
