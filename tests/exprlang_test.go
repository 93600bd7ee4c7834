package tests

// Behaviour tests of the expression language: each construct is executed
// on every database and the rows that come back are asserted (values, order
// and counts), not only that the SQL runs. The data are chosen so that each
// assertion tells the right semantics from the plausible wrong ones: ties
// for rank against dense_rank, NULLs for IS DISTINCT FROM and NULLS
// FIRST/LAST, duplicates for UNION against UNION ALL and INTERSECT ALL, '%'
// and '_' in the data for the LIKE helpers, mixed case for ILIKE, non-ASCII
// text for length.
//
// Every step runs in a transaction that is rolled back, so steps do not
// see each other's changes. A construct a dialect cannot express must fail
// with sqlcompile.ErrUnsupported before anything is sent to the database.

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/internal/testdb"
	"github.com/retort-go/retort/sqlcompile"
	"github.com/retort-go/retort/sqltype"
)

// The schema. Every name starts with xl so nothing clashes with the other
// tests of the package.

type xlNodeTable struct {
	core.Table
	ID       core.Column[int64]           `db:"id,pk"`
	ParentID core.Column[sql.Null[int64]] `db:"parent_id,fk=xl_node.id"`
	Name     core.Column[string]          `db:"name,size=30"`
}

type xlDeptTable struct {
	core.Table
	ID    core.Column[int64]           `db:"id,pk"`
	Name  core.Column[string]          `db:"name,size=30"`
	Total core.Column[sql.Null[int64]] `db:"total"`
}

// xlEmpTable references xl_dept once, so joining the two infers the ON
// clause; manager_id has no foreign key (self-joins give the ON).
type xlEmpTable struct {
	core.Table
	ID        core.Column[int64]           `db:"id,pk"`
	DeptID    core.Column[sql.Null[int64]] `db:"dept_id,fk=xl_dept.id"`
	Name      core.Column[string]          `db:"name,size=30"`
	Salary    core.Column[int64]           `db:"salary"`
	Bonus     core.Column[sql.Null[int64]] `db:"bonus"`
	ManagerID core.Column[sql.Null[int64]] `db:"manager_id"`
}

type xlSaleTable struct {
	core.Table
	ID     core.Column[int64]  `db:"id,pk"`
	Region core.Column[string] `db:"region,size=10"`
	Day    core.Column[int64]  `db:"day"`
	Amount core.Column[int64]  `db:"amount"`
}

type xlBagTable struct {
	core.Table
	ID  core.Column[int64]           `db:"id,pk"`
	Grp core.Column[string]          `db:"grp,size=5"`
	V   core.Column[sql.Null[int64]] `db:"v"`
}

type xlWordTable struct {
	core.Table
	ID   core.Column[int64]            `db:"id,pk"`
	Word core.Column[string]           `db:"word,size=40"`
	Note core.Column[sql.Null[string]] `db:"note,size=10"`
}

type xlKVTable struct {
	core.Table
	ID   core.Column[int64]  `db:"id,pk"`
	K    core.Column[string] `db:"k,size=20"`
	V    core.Column[int64]  `db:"v"`
	Hits core.Column[int64]  `db:"hits,serverdefault=0"`
}

func (t *xlKVTable) TableArgs() []core.TableArg {
	return []core.TableArg{core.Unique("k").Named("uq_xl_kv_k")}
}

// xlEventTable has a client-side default: INSERT ... SELECT must fill it.
type xlEventTable struct {
	core.Table
	ID      core.Column[int64]  `db:"id,pk"`
	Title   core.Column[string] `db:"title,size=50"`
	Version core.Column[int64]  `db:"version"`
}

func (t *xlEventTable) TableArgs() []core.TableArg {
	return []core.TableArg{core.Default(t.Version, func() int64 { return 7 })}
}

// xlCounterTable is all defaults: a server default and a client default.
type xlCounterTable struct {
	core.Table
	ID    core.Column[int64]  `db:"id,pk"`
	Hits  core.Column[int64]  `db:"hits,serverdefault=7"`
	Label core.Column[string] `db:"label,size=10,default=none"`
}

type xlStatTable struct {
	core.Table
	ID     core.Column[int64] `db:"id,pk"`
	DeptID core.Column[int64] `db:"dept_id"`
	Total  core.Column[int64] `db:"total"`
}

type xlDocTable struct {
	core.Table
	ID   core.Column[int64]           `db:"id,pk"`
	Body core.Column[json.RawMessage] `db:"body"`
}

// xlPostTable has a PostgreSQL array column; it lives in its own MetaData,
// created on PostgreSQL only.
type xlPostTable struct {
	core.Table
	ID   core.Column[int64]    `db:"id,pk"`
	Tags core.Column[[]string] `db:"tags"`
}

var (
	xlMD       = core.NewMetaData()
	xlNodes    = core.NewTable[xlNodeTable](xlMD, "xl_node")
	xlDepts    = core.NewTable[xlDeptTable](xlMD, "xl_dept")
	xlEmps     = core.NewTable[xlEmpTable](xlMD, "xl_emp")
	xlSales    = core.NewTable[xlSaleTable](xlMD, "xl_sale")
	xlBag      = core.NewTable[xlBagTable](xlMD, "xl_bag")
	xlWords    = core.NewTable[xlWordTable](xlMD, "xl_word")
	xlKV       = core.NewTable[xlKVTable](xlMD, "xl_kv")
	xlEvents   = core.NewTable[xlEventTable](xlMD, "xl_event")
	xlCounters = core.NewTable[xlCounterTable](xlMD, "xl_counter")
	xlStats    = core.NewTable[xlStatTable](xlMD, "xl_stat")
	xlDocs     = core.NewTable[xlDocTable](xlMD, "xl_doc")

	xlPGMD  = core.NewMetaData()
	xlPosts = core.NewTable[xlPostTable](xlPGMD, "xl_post")
)

// Values of nullable columns.
func xlN(v int64) sql.Null[int64]   { return sql.Null[int64]{V: v, Valid: true} }
func xlS(s string) sql.Null[string] { return sql.Null[string]{V: s, Valid: true} }
func xlDeptRef() core.Expression[sql.Null[int64]] {
	return core.Typed[sql.Null[int64]](xlDepts.ID.Ref())
}

var (
	xlNull  = sql.Null[int64]{}
	xlNullS = sql.Null[string]{}
)

// xlSeed holds the rows of each table. The employees:
//
//	id name dept salary bonus manager
//	1  ann  1    300    10    -
//	2  bob  1    200    -     1
//	3  cat  1    200    5     1
//	4  dan  2    150    -     1
//	5  eve  2    100    0     4
//	6  fay  -    120    -     -
var xlSeed = map[*core.Table]func() core.Statement{
	&xlNodes.Table: func() core.Statement {
		ins := core.Insert(xlNodes)
		for _, n := range []struct {
			id     int64
			parent sql.Null[int64]
			name   string
		}{
			{1, xlNull, "root"}, {2, xlN(1), "a"}, {3, xlN(1), "b"}, {4, xlN(2), "a1"},
			{5, xlN(2), "a2"}, {6, xlN(3), "b1"}, {7, xlN(4), "a1x"}, {8, xlNull, "other"},
		} {
			ins = ins.Row(xlNodes.ID.To(n.id), xlNodes.ParentID.To(n.parent), xlNodes.Name.To(n.name))
		}
		return ins
	},
	&xlDepts.Table: func() core.Statement {
		return core.Insert(xlDepts).
			Row(xlDepts.ID.To(1), xlDepts.Name.To("eng"), xlDepts.Total.To(xlNull)).
			Row(xlDepts.ID.To(2), xlDepts.Name.To("ops"), xlDepts.Total.To(xlNull)).
			Row(xlDepts.ID.To(3), xlDepts.Name.To("hr"), xlDepts.Total.To(xlNull))
	},
	&xlEmps.Table: func() core.Statement {
		ins := core.Insert(xlEmps)
		for _, e := range []struct {
			id         int64
			dept       sql.Null[int64]
			name       string
			salary     int64
			bonus, mgr sql.Null[int64]
		}{
			{1, xlN(1), "ann", 300, xlN(10), xlNull},
			{2, xlN(1), "bob", 200, xlNull, xlN(1)},
			{3, xlN(1), "cat", 200, xlN(5), xlN(1)},
			{4, xlN(2), "dan", 150, xlNull, xlN(1)},
			{5, xlN(2), "eve", 100, xlN(0), xlN(4)},
			{6, xlNull, "fay", 120, xlNull, xlNull},
		} {
			ins = ins.Row(xlEmps.ID.To(e.id), xlEmps.DeptID.To(e.dept), xlEmps.Name.To(e.name),
				xlEmps.Salary.To(e.salary), xlEmps.Bonus.To(e.bonus), xlEmps.ManagerID.To(e.mgr))
		}
		return ins
	},
	&xlSales.Table: func() core.Statement {
		ins := core.Insert(xlSales)
		for i, s := range []struct {
			region      string
			day, amount int64
		}{
			{"east", 1, 10}, {"east", 2, 20}, {"east", 3, 20}, {"east", 4, 40}, {"east", 5, 50},
			{"west", 1, 5}, {"west", 2, 5}, {"west", 3, 30},
		} {
			ins = ins.Row(xlSales.ID.To(int64(i+1)), xlSales.Region.To(s.region), xlSales.Day.To(s.day), xlSales.Amount.To(s.amount))
		}
		return ins
	},
	// a: 1 2 2 3 NULL; b: 2 2 3 3 4; c: 2 4 5.
	&xlBag.Table: func() core.Statement {
		ins := core.Insert(xlBag)
		for i, r := range []struct {
			grp string
			v   sql.Null[int64]
		}{
			{"a", xlN(1)}, {"a", xlN(2)}, {"a", xlN(2)}, {"a", xlN(3)}, {"a", xlNull},
			{"b", xlN(2)}, {"b", xlN(2)}, {"b", xlN(3)}, {"b", xlN(3)}, {"b", xlN(4)},
			{"c", xlN(2)}, {"c", xlN(4)}, {"c", xlN(5)},
		} {
			ins = ins.Row(xlBag.ID.To(int64(i+1)), xlBag.Grp.To(r.grp), xlBag.V.To(r.v))
		}
		return ins
	},
	&xlWords.Table: func() core.Statement {
		ins := core.Insert(xlWords)
		for i, w := range xlWordRows {
			ins = ins.Row(xlWords.ID.To(int64(i+1)), xlWords.Word.To(w.word), xlWords.Note.To(w.note))
		}
		return ins
	},
	&xlKV.Table: func() core.Statement {
		return core.Insert(xlKV).
			Row(xlKV.ID.To(1), xlKV.K.To("a"), xlKV.V.To(10), xlKV.Hits.To(0)).
			Row(xlKV.ID.To(2), xlKV.K.To("b"), xlKV.V.To(20), xlKV.Hits.To(0))
	},
	&xlDocs.Table: func() core.Statement {
		return core.Insert(xlDocs).
			Row(xlDocs.ID.To(1), xlDocs.Body.To(json.RawMessage(`{"kind": "note", "author": {"name": "ann", "tags": ["x", "y"]}, "n": 3}`))).
			Row(xlDocs.ID.To(2), xlDocs.Body.To(json.RawMessage(`{"kind": "memo", "author": {"name": "bob", "tags": []}, "n": 4.5}`))).
			Row(xlDocs.ID.To(3), xlDocs.Body.To(json.RawMessage(`{"kind": "note", "author": {"name": "cat \"the\" cat"}, "n": null}`)))
	},
}

// xlWordRows are the words, id = index + 1.
var xlWordRows = []struct {
	word string
	note sql.Null[string]
}{
	{"50% off", xlS("x")},      // 1: a literal %
	{"500 off", xlNullS},       // 2: matches 50% as a pattern only
	{"a_b", xlS("y")},          // 3: a literal _
	{"axb", xlNullS},           // 4: matches a_b as a pattern only
	{"Hello World", xlS("x")},  // 5
	{"HELLO there", xlNullS},   // 6
	{"naïve café", xlS("z")},   // 7: 10 characters, 12 bytes
	{"path/to", xlNullS},       // 8: the LIKE escape character
	{`it's "quoted"`, xlNullS}, // 9
	{`back\slash\`, xlNullS},   // 10
}

// xlEnv is one test database with the xl tables created and seeded.
type xlEnv struct {
	*testdb.DB
	ctx   context.Context
	execs *atomic.Int64 // statements sent to the database
}

// xlEach runs fn on every dialect with the given tables created and seeded.
func xlEach(t *testing.T, tables []*core.Table, fn func(t *testing.T, x *xlEnv)) {
	t.Helper()
	var execs atomic.Int64
	hooks := engine.Hooks{BeforeExecute: func(context.Context, *engine.Execution) { execs.Add(1) }}
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		x := &xlEnv{DB: db, ctx: context.Background(), execs: &execs}
		require.NoError(t, xlMD.CreateAll(x.ctx, db.Engine, core.OnlyTables(tables...)))
		for _, tb := range xlMD.Tables() { // parents first
			if seed := xlSeed[tb]; seed != nil && slices.Contains(tables, tb) {
				_, err := db.Engine.Exec(x.ctx, seed())
				require.NoError(t, err, "seeding %s", tb.TableName())
			}
		}
		fn(t, x)
	}, engine.WithHooks(hooks))
}

// step runs fn as a subtest inside a transaction that is rolled back.
func (x *xlEnv) step(t *testing.T, name string, fn func(t *testing.T, q engine.Querier)) {
	t.Helper()
	t.Run(name, func(t *testing.T) {
		tx, err := x.Engine.Begin(x.ctx)
		require.NoError(t, err)
		defer func() { _ = tx.Rollback(x.ctx) }()
		fn(t, tx)
	})
}

// unsupported runs fn and requires it to fail with ErrUnsupported without
// sending anything to the database.
func (x *xlEnv) unsupported(t *testing.T, what string, fn func() error) {
	t.Helper()
	before := x.execs.Load()
	err := fn()
	require.Error(t, err, "%s should be unsupported on %s", what, x.Dialect)
	require.True(t, errors.Is(err, sqlcompile.ErrUnsupported), "%s: want ErrUnsupported, got %v", what, err)
	require.Equal(t, before, x.execs.Load(), "%s: nothing may be sent to the database", what)
}

// xlKnownBug skips the rest of a step for a bug in the library, reported
// in the message.
func xlKnownBug(t *testing.T, format string, args ...any) {
	t.Helper()
	t.Skipf("BUG: "+format, args...)
}

func xlAll[T any](t *testing.T, q engine.Querier, s core.Statement) []T {
	t.Helper()
	out, err := engine.All[T](context.Background(), q, s)
	require.NoError(t, err)
	return out
}

func xlScalars[T any](t *testing.T, q engine.Querier, s core.Statement) []T {
	t.Helper()
	out, err := engine.Scalars[T](context.Background(), q, s)
	require.NoError(t, err)
	return out
}

func xlScalar[T any](t *testing.T, q engine.Querier, s core.Statement) T {
	t.Helper()
	out, err := engine.Scalar[T](context.Background(), q, s)
	require.NoError(t, err)
	return out
}

func xlExec(t *testing.T, q engine.Querier, s core.Statement) engine.ExecResult {
	t.Helper()
	res, err := q.Exec(context.Background(), s)
	require.NoError(t, err)
	return res
}

// xlSorted sorts nullable integers, NULL first, for results whose order
// SQL does not define.
func xlSorted(vs []sql.Null[int64]) []sql.Null[int64] {
	out := slices.Clone(vs)
	slices.SortFunc(out, func(a, b sql.Null[int64]) int {
		switch {
		case !a.Valid && !b.Valid:
			return 0
		case !a.Valid:
			return -1
		case !b.Valid:
			return 1
		}
		return int(a.V - b.V)
	})
	return out
}

// xlNs is a list of nullable integers; nil stands for NULL.
func xlNs(vs ...any) []sql.Null[int64] {
	out := make([]sql.Null[int64], len(vs))
	for i, v := range vs {
		if v != nil {
			out[i] = xlN(int64(v.(int)))
		}
	}
	return out
}

func xlSortedInts(vs []int64) []int64 {
	out := slices.Clone(vs)
	slices.Sort(out)
	return out
}

// xlEmpIDs selects the ids of the employees matching conds, in id order.
func xlEmpIDs(t *testing.T, q engine.Querier, conds ...core.TypedExpr[bool]) []int64 {
	t.Helper()
	return xlScalars[int64](t, q, core.Select(xlEmps.ID).Where(conds...).OrderBy(xlEmps.ID))
}

func xlWordIDs(t *testing.T, q engine.Querier, conds ...core.TypedExpr[bool]) []int64 {
	t.Helper()
	return xlScalars[int64](t, q, core.Select(xlWords.ID).Where(conds...).OrderBy(xlWords.ID))
}

// 1. WITH RECURSIVE.

func TestRecursiveCTEWalksATreeComputingDepthAndPath(t *testing.T) {
	xlEach(t, []*core.Table{&xlNodes.Table}, func(t *testing.T, x *xlEnv) {
		// The anchor's path is cast to TEXT: PostgreSQL requires the
		// recursive term's column types to match the anchor's, and name ||
		// '/' || name is TEXT while name is VARCHAR(30).
		tree := core.RecursiveCTE("xl_tree",
			core.Select(xlNodes.ID, xlNodes.Name, core.LiteralOf(int64(0)).Label("depth"),
				core.Cast[string](xlNodes.Name, sqltype.Text{}).Label("path")).
				Where(xlNodes.ParentID.IsNull()),
			func(self *core.Table) core.Selectable {
				return core.Select(xlNodes.ID, xlNodes.Name, core.ColumnOf[int64](self, "depth").Add(1),
					core.ColumnOf[string](self, "path").Concat("/").ConcatExpr(xlNodes.Name)).
					From(xlNodes.Join(self, xlNodes.ParentID.EqExpr(core.ColumnOf[sql.Null[int64]](self, "id"))))
			})
		type node struct {
			Name  string
			Depth int64
			Path  string
		}
		x.step(t, "the whole tree in path order", func(t *testing.T, q engine.Querier) {
			got := xlAll[node](t, q, core.Select(tree.C("name"), tree.C("depth"), tree.C("path")).OrderBy(tree.C("path")))
			require.Equal(t, []node{
				{"other", 0, "other"},
				{"root", 0, "root"},
				{"a", 1, "root/a"},
				{"a1", 2, "root/a/a1"},
				{"a1x", 3, "root/a/a1/a1x"},
				{"a2", 2, "root/a/a2"},
				{"b", 1, "root/b"},
				{"b1", 2, "root/b/b1"},
			}, got)
		})
		x.step(t, "filtered and aggregated in the outer query", func(t *testing.T, q engine.Querier) {
			depth := core.ColumnOf[int64](tree, "depth")
			type level struct {
				Depth int64
				N     int64
			}
			got := xlAll[level](t, q, core.Select(depth, core.Count().Label("n")).GroupBy(depth).OrderBy(depth))
			require.Equal(t, []level{{0, 2}, {1, 2}, {2, 3}, {3, 1}}, got)
			deepest := xlScalars[string](t, q, core.Select(tree.C("path")).Where(depth.Eq(3)))
			require.Equal(t, []string{"root/a/a1/a1x"}, deepest)
		})
		x.step(t, "a subtree from a chosen node", func(t *testing.T, q engine.Querier) {
			sub := core.RecursiveCTE("xl_sub",
				core.Select(xlNodes.ID, xlNodes.Name).Where(xlNodes.Name.Eq("a")),
				func(self *core.Table) core.Selectable {
					return core.Select(xlNodes.ID, xlNodes.Name).
						From(xlNodes.Join(self, xlNodes.ParentID.EqExpr(core.ColumnOf[sql.Null[int64]](self, "id"))))
				})
			got := xlScalars[string](t, q, core.Select(sub.C("name")).OrderBy(sub.C("id")))
			require.Equal(t, []string{"a", "a1", "a2", "a1x"}, got)
		})
	})
}

// 2. CTEs.

// xlTotals is the salary total and head count of each department.
func xlTotals() *core.Table {
	return core.CTE(core.Select(xlEmps.DeptID, core.Sum(xlEmps.Salary).Label("total"), core.Count().Label("n")).
		Where(xlEmps.DeptID.IsNotNull()).GroupBy(xlEmps.DeptID), "xl_totals")
}

func TestCTEsChainNestAndFeedInsertUpdateAndDelete(t *testing.T) {
	xlEach(t, []*core.Table{&xlDepts.Table, &xlEmps.Table, &xlStats.Table}, func(t *testing.T, x *xlEnv) {
		totals := xlTotals()
		totalDept := core.ColumnOf[sql.Null[int64]](totals, "dept_id")
		// big uses totals: the departments paying more than 300 in all.
		big := core.CTE(core.Select(totalDept).Where(core.ColumnOf[int64](totals, "total").Gt(300)), "xl_big")

		x.step(t, "a CTE joined to a table", func(t *testing.T, q engine.Querier) {
			type row struct {
				Name  string
				Total int64
				N     int64
			}
			got := xlAll[row](t, q, core.Select(xlDepts.Name, totals.C("total"), totals.C("n")).
				From(xlDepts.Join(totals, totalDept.EqExpr(xlDeptRef()))).OrderBy(xlDepts.ID))
			require.Equal(t, []row{{"eng", 700, 3}, {"ops", 250, 2}}, got, "hr has nobody and is not joined")
		})
		x.step(t, "a CTE built on another CTE", func(t *testing.T, q engine.Querier) {
			got := xlScalars[string](t, q, core.Select(xlDepts.Name).Where(xlDepts.ID.InSelect(core.Select(big.C("dept_id")))).OrderBy(xlDepts.ID))
			require.Equal(t, []string{"eng"}, got)
		})
		x.step(t, "a CTE used only inside a correlated subquery", func(t *testing.T, q engine.Querier) {
			got := xlScalars[string](t, q, core.Select(xlEmps.Name).
				Where(core.Exists(core.Select(totals.C("n")).Where(totalDept.EqExpr(xlEmps.DeptID), core.ColumnOf[int64](totals, "n").Gt(2)))).
				OrderBy(xlEmps.ID))
			require.Equal(t, []string{"ann", "bob", "cat"}, got)
		})
		x.step(t, "a CTE used twice under two names", func(t *testing.T, q engine.Querier) {
			other := core.Alias(totals, "xl_other")
			type pair struct {
				Small int64
				Large int64
			}
			got := xlAll[pair](t, q, core.Select(core.Typed[int64](totalDept.Ref()).Label("small"), core.ColumnOf[int64](other, "dept_id").Label("large")).
				From(totals.Join(other, core.ColumnOf[int64](totals, "n").LtExpr(core.ColumnOf[int64](other, "n")))))
			require.Equal(t, []pair{{2, 1}}, got)
		})
		x.step(t, "INSERT ... SELECT from a CTE", func(t *testing.T, q engine.Querier) {
			res := xlExec(t, q, core.Insert(xlStats).FromSelect(core.Select(totals.C("dept_id"), totals.C("total")), xlStats.DeptID, xlStats.Total))
			require.Equal(t, int64(2), res.RowsAffected)
			type stat struct {
				DeptID int64
				Total  int64
			}
			got := xlAll[stat](t, q, core.Select(xlStats.DeptID, xlStats.Total).OrderBy(xlStats.DeptID))
			require.Equal(t, []stat{{1, 700}, {2, 250}}, got)
		})
		bonuses := func(t *testing.T, q engine.Querier) []sql.Null[int64] {
			return xlScalars[sql.Null[int64]](t, q, core.Select(xlEmps.Bonus).OrderBy(xlEmps.ID))
		}
		x.step(t, "UPDATE with a CTE", func(t *testing.T, q engine.Querier) {
			upd := core.Update(xlEmps).Set(xlEmps.Bonus.To(xlN(99))).Where(xlEmps.DeptID.InSelect(core.Select(big.C("dept_id"))))
			if !x.Engine.Dialect().DMLWith {
				x.unsupported(t, "WITH on UPDATE", func() error { _, err := q.Exec(x.ctx, upd); return err })
				require.Equal(t, xlNs(10, nil, 5, nil, 0, nil), bonuses(t, q), "nothing was updated")
				return
			}
			res := xlExec(t, q, upd)
			require.Equal(t, int64(3), res.RowsAffected)
			require.Equal(t, xlNs(99, 99, 99, nil, 0, nil), bonuses(t, q))
		})
		x.step(t, "DELETE with a CTE", func(t *testing.T, q engine.Querier) {
			low := core.CTE(core.Select(xlEmps.ID).Where(xlEmps.Salary.Lt(130)), "xl_low")
			del := core.Delete(xlEmps).Where(xlEmps.ID.InSelect(core.Select(low.C("id"))))
			if !x.Engine.Dialect().DMLWith {
				x.unsupported(t, "WITH on DELETE", func() error { _, err := q.Exec(x.ctx, del); return err })
				require.Equal(t, []int64{1, 2, 3, 4, 5, 6}, xlEmpIDs(t, q), "nothing was deleted")
				return
			}
			res := xlExec(t, q, del)
			require.Equal(t, int64(2), res.RowsAffected)
			require.Equal(t, []int64{1, 2, 3, 4}, xlEmpIDs(t, q))
		})
		x.step(t, "a recursive CTE drives an UPDATE", func(t *testing.T, q engine.Querier) {
			// Everyone under ann, however deep: bob, cat, dan and eve (dan's).
			chain := core.RecursiveCTE("xl_chain", core.Select(xlEmps.ID).Where(xlEmps.Name.Eq("ann")),
				func(self *core.Table) core.Selectable {
					return core.Select(xlEmps.ID).From(xlEmps.Join(self, xlEmps.ManagerID.EqExpr(core.ColumnOf[sql.Null[int64]](self, "id"))))
				})
			upd := core.Update(xlEmps).Set(xlEmps.Bonus.To(xlN(1))).Where(xlEmps.ID.InSelect(core.Select(chain.C("id"))), xlEmps.Name.Ne("ann"))
			if !x.Engine.Dialect().DMLWith {
				x.unsupported(t, "WITH RECURSIVE on UPDATE", func() error { _, err := q.Exec(x.ctx, upd); return err })
				require.Equal(t, xlNs(10, nil, 5, nil, 0, nil), bonuses(t, q))
				return
			}
			xlExec(t, q, upd)
			require.Equal(t, xlNs(10, 1, 1, 1, 1, nil), bonuses(t, q))
		})
	})
}

// 3. Window functions.

func TestWindowFunctionsRankTiesLookAroundAndAccumulate(t *testing.T) {
	// east: day 1..5 amounts 10 20 20 40 50 (ids 1..5);
	// west: day 1..3 amounts 5 5 30 (ids 6..8).
	xlEach(t, []*core.Table{&xlSales.Table}, func(t *testing.T, x *xlEnv) {
		s := xlSales
		x.step(t, "row_number, rank and dense_rank over ties", func(t *testing.T, q engine.Querier) {
			w := core.PartitionBy(s.Region).OrderBy(s.Amount.Desc())
			type row struct {
				ID        int64
				Amount    int64
				Rn        int64
				Rank      int64
				DenseRank int64
			}
			got := xlAll[row](t, q, core.Select(s.ID, s.Amount,
				core.RowNumber().Over(core.PartitionBy(s.Region).OrderBy(s.Amount.Desc(), s.ID)).Label("rn"),
				core.Rank().Over(w), core.DenseRank().Over(w)).
				OrderBy(s.Region, s.Amount.Desc(), s.ID))
			require.Equal(t, []row{
				{5, 50, 1, 1, 1}, {4, 40, 2, 2, 2}, {2, 20, 3, 3, 3}, {3, 20, 4, 3, 3}, {1, 10, 5, 5, 4},
				{8, 30, 1, 1, 1}, {6, 5, 2, 2, 2}, {7, 5, 3, 2, 2},
			}, got)
		})
		x.step(t, "lag and lead with offsets, NULL past the partition's edge", func(t *testing.T, q engine.Querier) {
			w := core.PartitionBy(s.Region).OrderBy(s.Day)
			type row struct {
				ID    int64
				Prev  sql.Null[int64]
				Next2 sql.Null[int64]
			}
			got := xlAll[row](t, q, core.Select(s.ID, core.Lag(s.Amount, 1).Over(w).Label("prev"), core.Lead(s.Amount, 2).Over(w).Label("next2")).OrderBy(s.ID))
			want := []row{}
			prev := xlNs(nil, 10, 20, 20, 40, nil, 5, 5)
			next2 := xlNs(20, 40, 50, nil, nil, 30, nil, nil)
			for i := range prev {
				want = append(want, row{int64(i + 1), prev[i], next2[i]})
			}
			require.Equal(t, want, got)
		})
		x.step(t, "running sums: ROWS counts peers one by one, RANGE together", func(t *testing.T, q engine.Querier) {
			type row struct {
				ID      int64
				ByDay   int64
				Overall int64
				Rows    int64
				Range   int64
			}
			got := xlAll[row](t, q, core.Select(s.ID,
				core.Sum(s.Amount).Over(core.PartitionBy(s.Region).OrderBy(s.Day).Rows(core.UnboundedPreceding(), core.CurrentRow())).Label("by_day"),
				core.Sum(s.Amount).Over(core.OrderWindow(s.ID).Rows(core.UnboundedPreceding(), core.CurrentRow())).Label("overall"),
				core.Sum(s.Amount).Over(core.PartitionBy(s.Region).OrderBy(s.Amount, s.ID).Rows(core.UnboundedPreceding(), core.CurrentRow())).Label("rows"),
				core.Sum(s.Amount).Over(core.PartitionBy(s.Region).OrderBy(s.Amount).Range(core.UnboundedPreceding(), core.CurrentRow())).Label("range"),
			).OrderBy(s.ID))
			require.Equal(t, []row{
				{1, 10, 10, 10, 10}, {2, 30, 30, 30, 50}, {3, 50, 50, 50, 50}, {4, 90, 90, 90, 90}, {5, 140, 140, 140, 140},
				{6, 5, 145, 5, 10}, {7, 10, 150, 10, 10}, {8, 40, 180, 40, 40},
			}, got)
		})
		x.step(t, "a RANGE frame with an offset covers values, not rows", func(t *testing.T, q engine.Querier) {
			got := xlScalars[int64](t, q, core.Select(
				core.Sum(s.Amount).Over(core.PartitionBy(s.Region).OrderBy(s.Amount).Range(core.PrecedingBy(10), core.CurrentRow())).Label("near"),
			).OrderBy(s.ID))
			// east 10 20 20 40 50: each sums the amounts within 10 below it.
			require.Equal(t, []int64{10, 50, 50, 40, 90, 10, 10, 30}, got)
		})
		x.step(t, "a moving average over one row either side", func(t *testing.T, q engine.Querier) {
			avg := core.Avg(s.Amount).Over(core.PartitionBy(s.Region).OrderBy(s.Day).Rows(core.PrecedingBy(1), core.FollowingBy(1)))
			got := xlScalars[float64](t, q, core.Select(core.Round(avg, 2).Label("moving")).OrderBy(s.ID))
			want := []float64{15, 16.67, 26.67, 36.67, 45, 5, 13.33, 17.5}
			require.Len(t, got, len(want))
			for i := range want {
				require.InDelta(t, want[i], got[i], 1e-9, "row %d", i+1)
			}
		})
		x.step(t, "a count over the whole partition", func(t *testing.T, q engine.Querier) {
			type row struct {
				ID     int64
				Total  int64
				Remain int64
			}
			got := xlAll[row](t, q, core.Select(s.ID,
				core.Count().Over(core.PartitionBy(s.Region)).Label("total"),
				core.Count().Over(core.PartitionBy(s.Region).OrderBy(s.Day).Rows(core.CurrentRow(), core.UnboundedFollowing())).Label("remain"),
			).Where(s.Region.Eq("west")).OrderBy(s.ID))
			require.Equal(t, []row{{6, 3, 3}, {7, 3, 2}, {8, 3, 1}}, got)
		})
	})
}

// 4. Set operations.

func TestSetOperationsKeepOrDropDuplicatesNestAndOrderTheirResult(t *testing.T) {
	// a: 1 2 2 3 NULL; b: 2 2 3 3 4; c: 2 4 5.
	xlEach(t, []*core.Table{&xlBag.Table}, func(t *testing.T, x *xlEnv) {
		grp := func(g string) *core.SelectStmt { return core.Select(xlBag.V).Where(xlBag.Grp.Eq(g)) }
		a, b, c := grp("a"), grp("b"), grp("c")
		set := func(t *testing.T, q engine.Querier, s core.Statement) []sql.Null[int64] {
			t.Helper()
			return xlSorted(xlScalars[sql.Null[int64]](t, q, s))
		}
		x.step(t, "UNION drops duplicates, NULL included, UNION ALL keeps them", func(t *testing.T, q engine.Querier) {
			require.Equal(t, xlNs(nil, 1, 2, 3, 4), set(t, q, core.Union(a, b)))
			require.Len(t, set(t, q, core.UnionAll(a, b)), 10)
			require.Equal(t, xlNs(nil, 1, 2, 2, 2, 2, 3, 3, 3, 4), set(t, q, core.UnionAll(a, b)))
			require.Len(t, set(t, q, core.UnionAll(a, b, c)), 13)
		})
		x.step(t, "INTERSECT and EXCEPT", func(t *testing.T, q engine.Querier) {
			require.Equal(t, xlNs(2, 3), set(t, q, core.Intersect(a, b)))
			require.Equal(t, xlNs(nil, 1), set(t, q, core.Except(a, b)))
			require.Equal(t, xlNs(4), set(t, q, core.Except(b, a)))
			require.Equal(t, xlNs(nil, 1, 3), set(t, q, core.Except(a, c)))
		})
		x.step(t, "INTERSECT ALL and EXCEPT ALL count duplicates", func(t *testing.T, q engine.Querier) {
			if !x.Engine.Dialect().IntersectAll {
				x.unsupported(t, "INTERSECT ALL", func() error { _, err := q.Query(x.ctx, core.IntersectAll(a, b)); return err })
				x.unsupported(t, "EXCEPT ALL", func() error { _, err := q.Query(x.ctx, core.ExceptAll(a, c)); return err })
				return
			}
			require.Equal(t, xlNs(2, 2, 3), set(t, q, core.IntersectAll(a, b)))
			require.Equal(t, xlNs(nil, 1, 2, 3), set(t, q, core.ExceptAll(a, c)))
			require.Equal(t, xlNs(3, 4), set(t, q, core.ExceptAll(b, a)))
		})
		x.step(t, "nested set operations group as written", func(t *testing.T, q engine.Querier) {
			require.Equal(t, xlNs(2, 4), set(t, q, core.Intersect(core.Union(a, b), c)), "(a UNION b) INTERSECT c")
			require.Equal(t, xlNs(nil, 1), set(t, q, core.Except(a, core.UnionAll(b, c))), "a EXCEPT (b UNION ALL c)")
			require.Equal(t, xlNs(nil, 1, 2, 3, 4), set(t, q, core.Union(a, core.Intersect(b, c))), "a UNION (b INTERSECT c)")
			require.Equal(t, xlNs(2, 4, 5), set(t, q, core.Union(core.Except(b, a), c)), "(b EXCEPT a) UNION c")
		})
		x.step(t, "a member with its own ORDER BY and LIMIT", func(t *testing.T, q engine.Querier) {
			top2 := core.Select(xlBag.V).Where(xlBag.Grp.Eq("a"), xlBag.V.IsNotNull()).OrderBy(xlBag.V.Desc()).Limit(2)
			got := xlScalars[sql.Null[int64]](t, q, core.UnionAll(top2, c).OrderBy(xlBag.V))
			require.Equal(t, xlNs(2, 2, 3, 4, 5), got, "the member keeps its two largest values: 3 and 2")
		})
		x.step(t, "a nested set operation with its own ORDER BY and LIMIT", func(t *testing.T, q engine.Querier) {
			top2 := core.Union(a, b).OrderBy(xlBag.V.Desc().NullsLast()).Limit(2)
			require.Equal(t, xlNs(2, 3, 4, 4, 5), set(t, q, core.UnionAll(top2, c)), "4 and 3 from a UNION b, then c")
		})
		x.step(t, "ORDER BY, LIMIT and OFFSET apply to the combined rows", func(t *testing.T, q engine.Querier) {
			nonNull := core.Select(xlBag.V).Where(xlBag.Grp.Eq("a"), xlBag.V.IsNotNull())
			got := xlScalars[sql.Null[int64]](t, q, core.Union(nonNull, b).OrderBy(xlBag.V).Limit(2).Offset(1))
			require.Equal(t, xlNs(2, 3), got)
			got = xlScalars[sql.Null[int64]](t, q, core.Union(nonNull, b).OrderBy(xlBag.V.Desc()).Offset(3))
			require.Equal(t, xlNs(1), got, "OFFSET without LIMIT")
		})
		x.step(t, "NULLS FIRST and NULLS LAST on a set operation", func(t *testing.T, q engine.Querier) {
			v := xlBag.V
			order := func(o *core.OrderBy) []sql.Null[int64] {
				return xlScalars[sql.Null[int64]](t, q, core.Union(a, b).OrderBy(o))
			}
			require.Equal(t, xlNs(nil, 1, 2, 3, 4), order(v.Asc().NullsFirst()))
			require.Equal(t, xlNs(1, 2, 3, 4, nil), order(v.Asc().NullsLast()))
			require.Equal(t, xlNs(nil, 4, 3, 2, 1), order(v.Desc().NullsFirst()))
			require.Equal(t, xlNs(4, 3, 2, 1, nil), order(v.Desc().NullsLast()))
			got := xlScalars[sql.Null[int64]](t, q, core.Union(a, b).OrderBy(v.Desc().NullsLast()).Limit(2).Offset(1))
			require.Equal(t, xlNs(3, 2), got, "with LIMIT and OFFSET")
		})
		x.step(t, "a set operation as a derived table and in IN", func(t *testing.T, q engine.Querier) {
			u := core.Subquery(core.Union(a, b), "xl_u")
			require.Equal(t, int64(5), xlScalar[int64](t, q, core.Select(core.Count()).From(u)))
			// The outer query reads the bag through an alias: the same table
			// in both would correlate the subquery away.
			outer := core.Alias(xlBag, "xl_outer")
			ids := xlScalars[int64](t, q, core.Select(outer.ID).Where(outer.Grp.Eq("c"), outer.V.InSelect(core.Intersect(a, b))).OrderBy(outer.ID))
			require.Equal(t, []int64{11}, ids, "c's 2 is in a INTERSECT b")
		})
	})
}

// 5. Subqueries.

func TestSubqueriesCorrelateFilterAndServeAsDerivedTables(t *testing.T) {
	xlEach(t, []*core.Table{&xlDepts.Table, &xlEmps.Table}, func(t *testing.T, x *xlEnv) {
		e, d := xlEmps, xlDepts
		x.step(t, "a correlated scalar subquery in the column list", func(t *testing.T, q engine.Querier) {
			type row struct {
				Name string
				N    int64
				Top  sql.Null[int64]
			}
			n := core.ScalarSubquery[int64](core.Select(core.Count()).From(e).Where(e.DeptID.EqExpr(xlDeptRef())))
			top := core.ScalarSubquery[sql.Null[int64]](core.Select(core.Max(e.Salary)).Where(e.DeptID.EqExpr(xlDeptRef())))
			got := xlAll[row](t, q, core.Select(d.Name, n.Label("n"), top.Label("top")).OrderBy(d.ID))
			require.Equal(t, []row{{"eng", 3, xlN(300)}, {"ops", 2, xlN(150)}, {"hr", 0, xlNull}}, got)
		})
		x.step(t, "a scalar subquery compared in WHERE", func(t *testing.T, q engine.Querier) {
			avg := core.ScalarSubquery[int64](core.Select(core.Cast[int64](core.Avg(e.Salary), sqltype.BigInt{})).From(e))
			// The average salary is 1070/6 = 178.3: ann, bob and cat earn more.
			got := xlScalars[string](t, q, core.Select(d.Name).Where(core.Exists(core.Select(e.ID).Where(e.DeptID.EqExpr(xlDeptRef()), e.Salary.GtExpr(avg)))).OrderBy(d.ID))
			require.Equal(t, []string{"eng"}, got)
		})
		x.step(t, "EXISTS and NOT EXISTS are correlated", func(t *testing.T, q engine.Querier) {
			has := core.Select(e.ID).Where(e.DeptID.EqExpr(xlDeptRef()))
			require.Equal(t, []string{"eng", "ops"}, xlScalars[string](t, q, core.Select(d.Name).Where(core.Exists(has)).OrderBy(d.ID)))
			require.Equal(t, []string{"hr"}, xlScalars[string](t, q, core.Select(d.Name).Where(core.NotExists(has)).OrderBy(d.ID)))
		})
		x.step(t, "IN and NOT IN a subquery, and NOT IN meeting a NULL", func(t *testing.T, q engine.Querier) {
			ops := core.Select(d.ID).Where(d.Name.Eq("ops"))
			require.Equal(t, []int64{4, 5}, xlEmpIDs(t, q, e.DeptID.InSelect(ops)))
			require.Equal(t, []int64{1, 2, 3}, xlEmpIDs(t, q, e.DeptID.NotInSelect(ops)), "fay's NULL dept is neither in nor not in")
			mgr := core.Alias(e, "xl_mgr")
			managers := core.Select(mgr.ManagerID).Where(mgr.ManagerID.IsNotNull())
			require.Equal(t, []int64{1, 4}, xlEmpIDs(t, q, e.ID.InSelect(managers)))
			require.Equal(t, []int64{2, 3, 5, 6}, xlEmpIDs(t, q, e.ID.NotInSelect(managers)))
			require.Empty(t, xlEmpIDs(t, q, e.ID.NotInSelect(core.Select(mgr.ManagerID))), "NOT IN a list holding NULL is never true")
		})
		x.step(t, "IN a subquery with its own ORDER BY and LIMIT", func(t *testing.T, q engine.Querier) {
			top := core.Alias(e, "xl_top")
			stmt := core.Select(e.Name).Where(e.ID.InSelect(core.Select(top.ID).OrderBy(top.Salary.Desc(), top.ID).Limit(2))).OrderBy(e.ID)
			// MariaDB cannot LIMIT an IN subquery; it is selected from instead.
			got, err := engine.Scalars[string](x.ctx, q, stmt)
			require.NoError(t, err)
			require.Equal(t, []string{"ann", "bob"}, got)
		})
		x.step(t, "the top earner of each department through row_number in a derived table", func(t *testing.T, q engine.Querier) {
			ranked := core.Subquery(core.Select(e.Name, e.DeptID,
				core.RowNumber().Over(core.PartitionBy(e.DeptID).OrderBy(e.Salary.Desc(), e.ID)).Label("rn")), "xl_ranked")
			got := xlScalars[string](t, q, core.Select(ranked.C("name")).
				Where(core.ColumnOf[int64](ranked, "rn").Eq(1), core.ColumnOf[sql.Null[int64]](ranked, "dept_id").IsNotNull()).
				OrderBy(ranked.C("name")))
			require.Equal(t, []string{"ann", "dan"}, got)
		})
		x.step(t, "a derived table joined", func(t *testing.T, q engine.Querier) {
			tops := core.Subquery(core.Select(e.DeptID, core.Max(e.Salary).Label("top")).GroupBy(e.DeptID), "xl_tops")
			type row struct {
				Name string
				Top  int64
			}
			got := xlAll[row](t, q, core.Select(e.Name, tops.C("top")).
				From(e.Join(tops, e.DeptID.EqExpr(core.ColumnOf[sql.Null[int64]](tops, "dept_id")), e.Salary.EqExpr(core.ColumnOf[int64](tops, "top")))).
				OrderBy(e.Name))
			require.Equal(t, []row{{"ann", 300}, {"dan", 150}}, got, "fay's NULL dept joins nothing")
			most := xlScalar[int64](t, q, core.Select(core.Min(core.ColumnOf[int64](tops, "top")).Label("least")))
			require.Equal(t, int64(120), most, "the derived table alone in FROM")
		})
		x.step(t, "a subquery read twice under two names", func(t *testing.T, q engine.Querier) {
			per := core.Select(e.DeptID, core.Count().Label("n")).Where(e.DeptID.IsNotNull()).GroupBy(e.DeptID)
			a := core.Subquery(per, "xl_a")
			b := core.Alias(a, "xl_b")
			type pair struct {
				Smaller int64
				Larger  int64
			}
			got := xlAll[pair](t, q, core.Select(core.ColumnOf[int64](a, "dept_id").Label("smaller"), core.ColumnOf[int64](b, "dept_id").Label("larger")).
				From(a.Join(b, core.ColumnOf[int64](a, "n").LtExpr(core.ColumnOf[int64](b, "n")))))
			require.Equal(t, []pair{{2, 1}}, got)
		})
		x.step(t, "a shared alias correlates and a second alias of the same name does not, through the cache", func(t *testing.T, q engine.Querier) {
			// Both statements have one shape but for which alias object
			// the inner query names; the engine's cache must tell them apart.
			build := func(shared bool) core.Statement {
				outer := core.Alias(d, "xl_dd")
				inner := outer
				if !shared {
					inner = core.Alias(d, "xl_dd")
				}
				has := core.Select(e.ID).Where(e.DeptID.EqExpr(core.Cast[sql.Null[int64]](inner.ID, sqltype.BigInt{})))
				return core.Select(outer.Name).Where(core.Exists(has)).OrderBy(outer.ID)
			}
			require.Equal(t, []string{"eng", "ops", "hr"}, xlScalars[string](t, q, build(false)), "uncorrelated: every department")
			require.Equal(t, []string{"eng", "ops"}, xlScalars[string](t, q, build(true)), "correlated: departments with employees")
		})
		x.step(t, "LATERAL reads the FROM items before it", func(t *testing.T, q engine.Querier) {
			top2 := core.Lateral(core.Select(e.Name, e.Salary).Where(e.DeptID.EqExpr(xlDeptRef())).OrderBy(e.Salary.Desc(), e.ID).Limit(2), "xl_top2")
			stmt := core.Select(d.Name.Label("dept"), top2.C("name")).From(d.LeftJoin(top2, core.True())).
				OrderBy(d.ID, core.ColumnOf[int64](top2, "salary").Desc())
			if !x.Engine.Dialect().Lateral {
				x.unsupported(t, "LATERAL", func() error { _, err := q.Query(x.ctx, stmt); return err })
				return
			}
			type row struct {
				Dept string
				Name sql.Null[string]
			}
			got := xlAll[row](t, q, stmt)
			require.Equal(t, []row{{"eng", xlS("ann")}, {"eng", xlS("bob")}, {"ops", xlS("dan")}, {"ops", xlS("eve")}, {"hr", xlNullS}}, got)
		})
	})
}

// 6. Joins.

func TestJoinKindsReturnTheRowsTheirSemanticsPromise(t *testing.T) {
	xlEach(t, []*core.Table{&xlDepts.Table, &xlEmps.Table}, func(t *testing.T, x *xlEnv) {
		e, d := xlEmps, xlDepts
		type row struct {
			Name sql.Null[string]
			Dept sql.Null[string]
		}
		x.step(t, "an inner join with the ON inferred from the foreign key", func(t *testing.T, q engine.Querier) {
			got := xlAll[row](t, q, core.Select(e.Name, d.Name.Label("dept")).From(e.Join(d)).OrderBy(e.ID))
			require.Equal(t, []row{
				{xlS("ann"), xlS("eng")}, {xlS("bob"), xlS("eng")}, {xlS("cat"), xlS("eng")}, {xlS("dan"), xlS("ops")}, {xlS("eve"), xlS("ops")},
			}, got)
			sqlText, _, err := x.Engine.Compile(core.Select(e.Name).From(d.Join(e)))
			require.NoError(t, err)
			require.Contains(t, sqlText, "ON xl_dept.id = xl_emp.dept_id")
		})
		x.step(t, "LEFT and RIGHT outer joins keep the unmatched side", func(t *testing.T, q engine.Querier) {
			left := xlAll[row](t, q, core.Select(e.Name, d.Name.Label("dept")).From(e.LeftJoin(d)).OrderBy(e.ID))
			require.Len(t, left, 6)
			require.Equal(t, row{xlS("fay"), xlNullS}, left[5])
			stmt := core.Select(e.Name, d.Name.Label("dept")).From(e.RightJoin(d)).OrderBy(d.ID, e.ID)
			if !x.Engine.Dialect().RightJoin {
				x.unsupported(t, "RIGHT OUTER JOIN", func() error { _, err := q.Query(x.ctx, stmt); return err })
				return
			}
			got := xlAll[row](t, q, stmt)
			require.Equal(t, []row{
				{xlS("ann"), xlS("eng")}, {xlS("bob"), xlS("eng")}, {xlS("cat"), xlS("eng")}, {xlS("dan"), xlS("ops")}, {xlS("eve"), xlS("ops")},
				{xlNullS, xlS("hr")},
			}, got)
		})
		x.step(t, "FULL OUTER JOIN keeps both unmatched sides", func(t *testing.T, q engine.Querier) {
			stmt := core.Select(e.Name, d.Name.Label("dept")).From(e.FullJoin(d))
			if !x.Engine.Dialect().FullJoin {
				x.unsupported(t, "FULL OUTER JOIN", func() error { _, err := q.Query(x.ctx, stmt); return err })
				return
			}
			got := xlAll[row](t, q, stmt)
			require.ElementsMatch(t, []row{
				{xlS("ann"), xlS("eng")}, {xlS("bob"), xlS("eng")}, {xlS("cat"), xlS("eng")}, {xlS("dan"), xlS("ops")}, {xlS("eve"), xlS("ops")},
				{xlS("fay"), xlNullS}, {xlNullS, xlS("hr")},
			}, got)
		})
		x.step(t, "CROSS JOIN pairs every row with every row", func(t *testing.T, q engine.Querier) {
			d2 := core.Alias(d, "xl_d2")
			require.Equal(t, int64(18), xlScalar[int64](t, q, core.Select(core.Count()).From(e.CrossJoin(d))))
			type pair struct {
				Name  string
				Other string
			}
			got := xlAll[pair](t, q, core.Select(d.Name, d2.Name.Label("other")).From(d.CrossJoin(d2)).Where(d.ID.LtExpr(d2.ID)).OrderBy(d.ID, d2.ID))
			require.Equal(t, []pair{{"eng", "ops"}, {"eng", "hr"}, {"ops", "hr"}}, got)
		})
		x.step(t, "a self-join through an alias", func(t *testing.T, q engine.Querier) {
			mgr := core.Alias(e, "xl_mgr")
			type pair struct {
				Name    string
				Manager string
			}
			got := xlAll[pair](t, q, core.Select(e.Name, mgr.Name.Label("manager")).
				From(e.Join(mgr, e.ManagerID.EqExpr(core.Typed[sql.Null[int64]](mgr.ID.Ref())))).OrderBy(e.ID))
			require.Equal(t, []pair{{"bob", "ann"}, {"cat", "ann"}, {"dan", "ann"}, {"eve", "dan"}}, got)
		})
		x.step(t, "a chain of joins with an outer join after an inner one", func(t *testing.T, q engine.Querier) {
			mgr := core.Alias(e, "xl_mgr")
			type r struct {
				Name    string
				Dept    string
				Manager sql.Null[string]
			}
			got := xlAll[r](t, q, core.Select(e.Name, d.Name.Label("dept"), mgr.Name.Label("manager")).
				From(e.Join(d).LeftJoin(mgr, e.ManagerID.EqExpr(core.Typed[sql.Null[int64]](mgr.ID.Ref())))).
				Where(d.Name.Eq("eng")).OrderBy(e.ID))
			require.Equal(t, []r{{"ann", "eng", xlNullS}, {"bob", "eng", xlS("ann")}, {"cat", "eng", xlS("ann")}}, got)
		})
	})
}

// 7. Expressions.

func TestExpressionsComputeTheSameValuesOnEveryDatabase(t *testing.T) {
	xlEach(t, []*core.Table{&xlDepts.Table, &xlEmps.Table, &xlSales.Table, &xlWords.Table}, func(t *testing.T, x *xlEnv) {
		e := xlEmps
		ann := e.ID.Eq(1)
		x.step(t, "arithmetic follows precedence and parentheses", func(t *testing.T, q engine.Querier) {
			type row struct {
				A, B, C, D, E, F, G, H int64
			}
			got := xlAll[row](t, q, core.Select(
				e.Salary.Add(10).Mul(2).Label("a"),             // (300 + 10) * 2
				e.Salary.Mul(2).Add(10).Label("b"),             // 300 * 2 + 10
				e.Salary.SubExpr(e.Salary.Sub(100)).Label("c"), // 300 - (300 - 100)
				e.Salary.Sub(100).Sub(50).Label("d"),           // (300 - 100) - 50
				e.Salary.Add(1).Neg().Label("e"),               // -(300 + 1)
				e.Salary.Mod(7).Label("f"),                     // 300 % 7
				e.Salary.Sub(1).Div(7).Label("g"),              // (300 - 1) / 7, truncated
				e.Salary.DivExpr(e.ID.Add(1)).Label("h"),       // 300 / (1 + 1)
			).Where(ann))
			require.Equal(t, []row{{620, 610, 100, 150, -301, 6, 42, 150}}, got)
			require.Equal(t, []int64{1}, xlEmpIDs(t, q, e.Salary.Mul(2).Add(1).Gt(500)), "arithmetic in WHERE binds tighter than >")
		})
		x.step(t, "integer division truncates on every dialect", func(t *testing.T, q engine.Querier) {
			require.Equal(t, int64(3), xlScalar[int64](t, q, core.Select(core.LiteralOf(int64(7)).Div(2).Label("q"))), "7 / 2")
			type row struct{ Half, NegHalf, Rem int64 }
			got := xlAll[row](t, q, core.Select(xlSales.Amount.Div(2).Label("half"), xlSales.Amount.Neg().Div(2).Label("neg_half"),
				xlSales.Amount.Mod(3).Label("rem")).Where(xlSales.ID.Eq(6)))
			require.Equal(t, []row{{2, -2, 2}}, got, "5 / 2, -5 / 2 and 5 % 3")
		})
		x.step(t, "integer division of two bound values", func(t *testing.T, q engine.Querier) {
			got, err := engine.Scalar[int64](x.ctx, q, core.Select(core.Value[int64](7).Div(2).Label("q")))
			require.NoError(t, err)
			require.Equal(t, int64(3), got)
		})
		x.step(t, "concatenation of columns and values", func(t *testing.T, q engine.Querier) {
			got := xlScalars[string](t, q, core.Select(e.Name.Concat("@").ConcatExpr(xlDepts.Name).Label("who")).From(e.Join(xlDepts)).OrderBy(e.ID))
			require.Equal(t, []string{"ann@eng", "bob@eng", "cat@eng", "dan@ops", "eve@ops"}, got)
			named := xlScalars[sql.Null[string]](t, q, core.Select(xlWords.Note.Concat(xlS("!")).Label("n")).OrderBy(xlWords.ID).Limit(2))
			require.Equal(t, []sql.Null[string]{xlS("x!"), xlNullS}, named, "NULL concatenated is NULL")
		})
		x.step(t, "ILIKE ignores case", func(t *testing.T, q engine.Querier) {
			w := xlWords.Word
			require.Equal(t, []int64{5, 6}, xlWordIDs(t, q, w.ILike("hello%")))
			require.Equal(t, []int64{5}, xlWordIDs(t, q, w.ILike("%WORLD")))
			require.Equal(t, []int64{1, 2, 3, 4, 7, 8, 9, 10}, xlWordIDs(t, q, w.NotILike("HeLLo%")))
			require.Equal(t, []int64{5}, xlWordIDs(t, q, w.IStartsWith("HELLO w")))
			require.Equal(t, []int64{5, 6}, xlWordIDs(t, q, w.IContains("LlO")))
			require.Equal(t, []int64{6}, xlWordIDs(t, q, w.IEndsWith("THERE")))
		})
		x.step(t, "ILIKE ignores the case of non-ASCII letters too", func(t *testing.T, q engine.Querier) {
			w := xlWords.Word
			if x.Dialect == "sqlite" {
				// A documented limit (docs/dialects.md): SQLite's lower()
				// and LIKE fold ASCII letters only.
				require.Empty(t, xlWordIDs(t, q, w.ILike("%CAFÉ")))
				require.Equal(t, []int64{7}, xlWordIDs(t, q, w.ILike("%CAFé")), "ASCII letters still fold")
				return
			}
			require.Equal(t, []int64{7}, xlWordIDs(t, q, w.ILike("%CAFÉ")))
			require.Equal(t, []int64{7}, xlWordIDs(t, q, w.IStartsWith("NAÏVE")))
		})
		x.step(t, "StartsWith, EndsWith and Contains match % and _ literally", func(t *testing.T, q engine.Querier) {
			w := xlWords.Word
			require.Equal(t, []int64{1, 2}, xlWordIDs(t, q, w.Like("50%")), "as a pattern, % is a wildcard")
			require.Equal(t, []int64{1}, xlWordIDs(t, q, w.StartsWith("50%")))
			require.Equal(t, []int64{3, 4}, xlWordIDs(t, q, w.Like("a_b")), "as a pattern, _ is a wildcard")
			require.Equal(t, []int64{3}, xlWordIDs(t, q, w.Contains("_")))
			require.Equal(t, []int64{3}, xlWordIDs(t, q, w.EndsWith("_b")))
			require.Equal(t, []int64{1}, xlWordIDs(t, q, w.Contains("% o")))
			require.Equal(t, []int64{8}, xlWordIDs(t, q, w.StartsWith("path/")), "the escape character itself")
			require.Equal(t, []int64{10}, xlWordIDs(t, q, w.EndsWith(`\`)), "a backslash")
			require.Equal(t, []int64{10}, xlWordIDs(t, q, w.Contains(`k\s`)))
			require.Equal(t, []int64{9}, xlWordIDs(t, q, w.Contains(`'s "`)), "quotes")
			require.Empty(t, xlWordIDs(t, q, w.Contains("%%")))
		})
		x.step(t, "IS [NOT] DISTINCT FROM treats NULL as a value", func(t *testing.T, q engine.Querier) {
			b := e.Bonus // 10, NULL, 5, NULL, 0, NULL
			require.Equal(t, []int64{1, 3, 5}, xlEmpIDs(t, q, b.IsDistinctFrom(xlNull)))
			require.Equal(t, []int64{2, 4, 6}, xlEmpIDs(t, q, b.IsNotDistinctFrom(xlNull)))
			require.Equal(t, []int64{2, 3, 4, 5, 6}, xlEmpIDs(t, q, b.IsDistinctFrom(xlN(10))))
			require.Equal(t, []int64{3, 5}, xlEmpIDs(t, q, b.Ne(xlN(10))), "!= leaves the NULLs out")
			require.Equal(t, []int64{1}, xlEmpIDs(t, q, b.IsNotDistinctFrom(xlN(10))))
			// bonus against manager_id: only fay has both NULL.
			require.Equal(t, []int64{6}, xlEmpIDs(t, q, b.IsNotDistinctFromExpr(e.ManagerID)))
			require.Empty(t, xlEmpIDs(t, q, b.EqExpr(e.ManagerID)))
			require.Equal(t, []int64{1, 2, 3, 4, 5}, xlEmpIDs(t, q, b.IsDistinctFromExpr(e.ManagerID)))
		})
		x.step(t, "searched and simple CASE", func(t *testing.T, q engine.Querier) {
			band := core.Case[string]().When(e.Salary.Ge(200), "high").When(e.Salary.Ge(120), "mid").Else("low")
			require.Equal(t, []string{"high", "high", "high", "mid", "low", "mid"}, xlScalars[string](t, q, core.Select(band.Label("band")).OrderBy(e.ID)))
			dept := core.CaseOf[string](e.DeptID).When(xlN(1), "E").When(xlN(2), "O").Else("?")
			require.Equal(t, []string{"E", "E", "E", "O", "O", "?"}, xlScalars[string](t, q, core.Select(dept.Label("d")).OrderBy(e.ID)))
			noElse := core.Case[string]().When(e.Bonus.Gt(xlN(4)), "yes")
			require.Equal(t, []sql.Null[string]{xlS("yes"), xlNullS, xlS("yes"), xlNullS, xlNullS, xlNullS},
				xlScalars[sql.Null[string]](t, q, core.Select(noElse.Label("b")).OrderBy(e.ID)), "no ELSE is NULL")
			require.Equal(t, []int64{4, 6}, xlEmpIDs(t, q, band.Eq("mid")), "a CASE compared in WHERE")
		})
		x.step(t, "CAST and COALESCE", func(t *testing.T, q engine.Querier) {
			require.Equal(t, "300", xlScalar[string](t, q, core.Select(core.Cast[string](e.Salary, sqltype.Text{}).Label("s")).Where(ann)))
			require.Equal(t, "ann:300", xlScalar[string](t, q, core.Select(e.Name.Concat(":").ConcatExpr(core.Cast[string](e.Salary, sqltype.Text{})).Label("s")).Where(ann)))
			require.Equal(t, int64(42), xlScalar[int64](t, q, core.Select(core.Cast[int64](core.Value("42"), sqltype.BigInt{}).Label("n"))))
			require.Equal(t, []int64{10, -1, 5, -1, 0, -1}, xlScalars[int64](t, q, core.Select(core.Coalesce[int64](e.Bonus, core.Value[int64](-1)).Label("b")).OrderBy(e.ID)))
			require.Equal(t, []int64{10, 1, 5, 1, 0, 120}, xlScalars[int64](t, q, core.Select(core.Coalesce[int64](e.Bonus, e.ManagerID, e.Salary).Label("b")).OrderBy(e.ID)))
		})
		x.step(t, "BETWEEN includes both ends", func(t *testing.T, q engine.Querier) {
			require.Equal(t, []int64{2, 3, 4, 6}, xlEmpIDs(t, q, e.Salary.Between(120, 200)))
			require.Equal(t, []int64{1, 5}, xlEmpIDs(t, q, e.Salary.NotBetween(120, 200)))
			require.Equal(t, []int64{4, 6}, xlEmpIDs(t, q, e.Salary.Add(50).Between(170, 200)))
		})
		x.step(t, "tuple IN and empty IN lists", func(t *testing.T, q engine.Querier) {
			pair := core.Tuple(e.DeptID, e.Name)
			require.Equal(t, []int64{2, 5}, xlEmpIDs(t, q, pair.In([]any{int64(1), "bob"}, []any{int64(2), "eve"}, []any{int64(2), "bob"})))
			require.Equal(t, []int64{1, 3, 4, 6}, xlEmpIDs(t, q, pair.NotIn([]any{int64(1), "bob"}, []any{int64(2), "eve"})))
			require.Empty(t, xlEmpIDs(t, q, pair.In()))
			require.Equal(t, []int64{1, 2, 3, 4, 5, 6}, xlEmpIDs(t, q, pair.NotIn()))
			require.Empty(t, xlEmpIDs(t, q, e.Name.In()))
			require.Equal(t, []int64{1, 2, 3, 4, 5, 6}, xlEmpIDs(t, q, e.Name.NotIn()))
			require.Equal(t, []int64{2, 3}, xlEmpIDs(t, q, e.Name.In("bob", "cat", "zed")))
			names := []string{"ann", "fay"}
			require.Equal(t, []int64{2, 3, 4, 5}, xlEmpIDs(t, q, e.Name.NotIn(names...)))
			sub := core.Alias(e, "xl_sub")
			require.Equal(t, []int64{2, 3}, xlEmpIDs(t, q, pair.InSelect(core.Select(sub.DeptID, sub.Name).Where(sub.Salary.Eq(200)))), "tuple IN a subquery")
		})
		x.step(t, "FILTER on aggregates", func(t *testing.T, q engine.Querier) {
			type row struct {
				Rich int64
				Ops  int64
				All  int64
			}
			got := xlAll[row](t, q, core.Select(
				core.Count().Filter(e.Salary.Ge(200)).Label("rich"),
				core.Sum(e.Salary).Filter(e.DeptID.Eq(xlN(2))).Label("ops"),
				core.Count().Label("all"),
			))
			require.Equal(t, []row{{3, 250, 6}}, got)
			type grp struct {
				DeptID    int64
				WithBonus int64
				MaxBonus  sql.Null[int64]
			}
			groups := xlAll[grp](t, q, core.Select(e.DeptID,
				core.Count(e.ID).Filter(e.Bonus.IsNotNull()).Label("with_bonus"),
				core.Max(e.Bonus).Filter(e.Bonus.Lt(xlN(10))).Label("max_bonus"),
			).Where(e.DeptID.IsNotNull()).GroupBy(e.DeptID).OrderBy(e.DeptID))
			require.Equal(t, []grp{{1, 2, xlN(5)}, {2, 1, xlN(0)}}, groups)
		})
		x.step(t, "round, abs, avg", func(t *testing.T, q engine.Querier) {
			require.InDelta(t, 178.3, xlScalar[float64](t, q, core.Select(core.Round(core.Avg(e.Salary), 1).Label("r"))), 1e-9)
			require.InDelta(t, 178.333, xlScalar[float64](t, q, core.Select(core.Avg(e.Salary).Label("a"))), 1e-3)
			require.Equal(t, []int64{100, 0, 0, 50, 100, 80}, xlScalars[int64](t, q, core.Select(core.Abs(e.Salary.Sub(200)).Label("d")).OrderBy(e.ID)))
		})
		x.step(t, "round to tens and hundreds with negative digits", func(t *testing.T, q engine.Querier) {
			got := xlScalars[int64](t, q, core.Select(core.Round(e.Salary, -2).Label("r")).Where(e.ID.In(4, 6)).OrderBy(e.ID))
			if x.Dialect == "sqlite" {
				// A documented limit (docs/dialects.md): SQLite's round
				// takes negative digits as 0.
				require.Equal(t, []int64{150, 120}, got)
				return
			}
			require.Equal(t, []int64{200, 100}, got, "150 and 120")
		})
		x.step(t, "count of distinct values leaves NULL out", func(t *testing.T, q engine.Querier) {
			type row struct{ Salaries, Bonuses, Rows int64 }
			got := xlAll[row](t, q, core.Select(core.CountDistinct(e.Salary).Label("salaries"), core.CountDistinct(e.Bonus).Label("bonuses"), core.Count(e.Bonus).Label("rows")))
			require.Equal(t, []row{{5, 3, 3}}, got)
		})
		x.step(t, "the negation of a negative literal", func(t *testing.T, q engine.Querier) {
			stmt := core.Select(core.LiteralOf(int64(-5)).Neg().Label("v"), e.Name).Where(ann)
			sqlText, _, err := x.Engine.Compile(stmt)
			require.NoError(t, err)
			require.NotContains(t, sqlText, "--", "a comment would swallow the rest of the line")
			type row struct {
				V    int64
				Name string
			}
			require.Equal(t, []row{{5, "ann"}}, xlAll[row](t, q, stmt))
		})
		x.step(t, "the negation of a bound value", func(t *testing.T, q engine.Querier) {
			got, err := engine.Scalar[int64](x.ctx, q, core.Select(core.Value[int64](-5).Neg().Label("v")))
			require.NoError(t, err)
			require.Equal(t, int64(5), got)
			require.Equal(t, []int64{1, 2, 3, 4, 5, 6}, xlEmpIDs(t, q, e.Salary.GtExpr(core.Value[int64](-5).Neg())))
		})
		x.step(t, "length counts characters; lower and upper", func(t *testing.T, q engine.Querier) {
			w := xlWords
			require.Equal(t, []int64{7, 7, 10, 11}, xlScalars[int64](t, q, core.Select(core.Length(w.Word).Label("n")).Where(w.ID.In(1, 2, 7, 10)).OrderBy(w.ID)))
			require.Equal(t, []int64{7}, xlWordIDs(t, q, core.Length(w.Word).Eq(10)), "not 12, its length in bytes")
			require.Equal(t, "hello there", xlScalar[string](t, q, core.Select(core.Lower(w.Word)).Where(w.ID.Eq(6))))
			require.Equal(t, "HELLO WORLD", xlScalar[string](t, q, core.Select(core.Upper(w.Word)).Where(w.ID.Eq(5))))
			require.Equal(t, []int64{5, 6}, xlWordIDs(t, q, core.Lower(w.Word).StartsWith("hello")))
		})
		x.step(t, "named parameters take their values at execution", func(t *testing.T, q engine.Querier) {
			min := core.Param[int64]("min")
			stmt := core.Select(e.Name).Where(e.Salary.GeExpr(min), e.Salary.LtExpr(min.Mul(2))).OrderBy(e.ID)
			require.Equal(t, []string{"ann", "bob", "cat"}, xlScalars[string](t, q, core.WithParams(stmt, core.Params{"min": int64(200)})))
			require.Equal(t, []string{"bob", "cat", "dan"}, xlScalars[string](t, q, core.WithParams(stmt, core.Params{"min": int64(150)})))
			require.Equal(t, []string{"dan", "eve", "fay"}, xlScalars[string](t, q, core.WithParams(stmt, core.Params{"min": int64(100)})))
		})
		x.step(t, "NULLS FIRST and NULLS LAST on a SELECT", func(t *testing.T, q engine.Querier) {
			b := e.Bonus // ann 10, bob -, cat 5, dan -, eve 0, fay -
			order := func(o *core.OrderBy) []string {
				return xlScalars[string](t, q, core.Select(e.Name).OrderBy(o, e.ID))
			}
			require.Equal(t, []string{"bob", "dan", "fay", "eve", "cat", "ann"}, order(b.Asc().NullsFirst()))
			require.Equal(t, []string{"eve", "cat", "ann", "bob", "dan", "fay"}, order(b.Asc().NullsLast()))
			require.Equal(t, []string{"bob", "dan", "fay", "ann", "cat", "eve"}, order(b.Desc().NullsFirst()))
			require.Equal(t, []string{"ann", "cat", "eve", "bob", "dan", "fay"}, order(b.Desc().NullsLast()))
			got := xlScalars[string](t, q, core.Select(e.Name).OrderBy(b.Desc().NullsLast(), e.ID).Limit(2).Offset(2))
			require.Equal(t, []string{"eve", "bob"}, got, "with LIMIT and OFFSET")
		})
		x.step(t, "DISTINCT ON keeps the first row of each group", func(t *testing.T, q engine.Querier) {
			stmt := core.Select(e.DeptID, e.Name).DistinctOn(e.DeptID).Where(e.DeptID.IsNotNull()).OrderBy(e.DeptID, e.Salary.Desc())
			if !x.Engine.Dialect().DistinctOn {
				x.unsupported(t, "DISTINCT ON", func() error { _, err := q.Query(x.ctx, stmt); return err })
				return
			}
			type row struct {
				DeptID int64
				Name   string
			}
			require.Equal(t, []row{{1, "ann"}, {2, "dan"}}, xlAll[row](t, q, stmt))
		})
	})
}

// 8. Upserts.

type xlKVRow struct {
	ID   int64
	K    string
	V    int64
	Hits int64
}

func xlKVRows(t *testing.T, q engine.Querier) []xlKVRow {
	t.Helper()
	return xlAll[xlKVRow](t, q, core.Select(xlKV).OrderBy(xlKV.ID))
}

func TestUpsertsKeepOrUpdateTheExistingRowAsAsked(t *testing.T) {
	// kv: (1, a, 10, 0), (2, b, 20, 0); k is unique (uq_xl_kv_k).
	xlEach(t, []*core.Table{&xlDepts.Table, &xlEmps.Table, &xlKV.Table}, func(t *testing.T, x *xlEnv) {
		kv := xlKV
		seeded := []xlKVRow{{1, "a", 10, 0}, {2, "b", 20, 0}}
		row := func(id int64, k string, v int64) []core.Assignment {
			return []core.Assignment{kv.ID.To(id), kv.K.To(k), kv.V.To(v)}
		}
		x.step(t, "DO NOTHING keeps the existing row", func(t *testing.T, q engine.Querier) {
			xlExec(t, q, core.Insert(kv).Row(row(3, "a", 99)...).OnConflict(core.ConflictOn(kv.K).DoNothing()))
			require.Equal(t, seeded, xlKVRows(t, q))
			xlExec(t, q, core.Insert(kv).Row(row(1, "z", 99)...).OnConflict(core.AnyConflict().DoNothing()))
			require.Equal(t, seeded, xlKVRows(t, q), "a conflict on the primary key, no target")
			xlExec(t, q, core.Insert(kv).Row(row(4, "d", 40)...).OnConflict(core.ConflictOn(kv.K).DoNothing()))
			require.Equal(t, append(seeded, xlKVRow{4, "d", 40, 0}), xlKVRows(t, q), "a row without a conflict is inserted")
		})
		x.step(t, "DO UPDATE with the excluded values, in a multi-row INSERT", func(t *testing.T, q engine.Querier) {
			xlExec(t, q, core.Insert(kv).Row(row(3, "a", 11)...).Row(row(4, "c", 30)...).
				OnConflict(core.ConflictOn(kv.K).DoUpdate(kv.V.ToExpr(core.Excluded(kv.V)), kv.Hits.ToExpr(kv.Hits.Add(1)))))
			require.Equal(t, []xlKVRow{{1, "a", 11, 1}, {2, "b", 20, 0}, {4, "c", 30, 0}}, xlKVRows(t, q))
			xlExec(t, q, core.Insert(kv).Row(row(5, "a", 5)...).
				OnConflict(core.ConflictOn(kv.K).DoUpdate(kv.V.ToExpr(kv.V.AddExpr(core.Excluded(kv.V))), kv.Hits.ToExpr(kv.Hits.Add(1)))))
			require.Equal(t, []xlKVRow{{1, "a", 16, 2}, {2, "b", 20, 0}, {4, "c", 30, 0}}, xlKVRows(t, q), "the existing and the excluded value combined")
		})
		x.step(t, "DO UPDATE ... WHERE updates only the rows it allows", func(t *testing.T, q engine.Querier) {
			ins := core.Insert(kv).Row(row(3, "a", 5)...).Row(row(4, "b", 25)...).
				OnConflict(core.ConflictOn(kv.K).DoUpdate(kv.V.ToExpr(core.Excluded(kv.V))).Where(core.Excluded(kv.V).GtExpr(kv.V)))
			if x.Engine.Dialect().Upsert == sqlcompile.UpsertDuplicateKey { // ON DUPLICATE KEY UPDATE has no WHERE
				x.unsupported(t, "DO UPDATE ... WHERE", func() error { _, err := q.Exec(x.ctx, ins); return err })
				require.Equal(t, seeded, xlKVRows(t, q))
				return
			}
			xlExec(t, q, ins)
			require.Equal(t, []xlKVRow{{1, "a", 10, 0}, {2, "b", 25, 0}}, xlKVRows(t, q), "a keeps 10 > 5; b takes 25 > 20")
		})
		x.step(t, "ON CONFLICT ON CONSTRAINT", func(t *testing.T, q engine.Querier) {
			ins := core.Insert(kv).Row(row(3, "a", 1)...).
				OnConflict(core.ConflictOnConstraint("uq_xl_kv_k").DoUpdate(kv.V.ToExpr(core.Excluded(kv.V).Add(1000))))
			if !x.Engine.Dialect().ConflictOnConstraint {
				x.unsupported(t, "ON CONFLICT ON CONSTRAINT", func() error { _, err := q.Exec(x.ctx, ins); return err })
				require.Equal(t, seeded, xlKVRows(t, q))
				return
			}
			xlExec(t, q, ins)
			require.Equal(t, []xlKVRow{{1, "a", 1001, 0}, {2, "b", 20, 0}}, xlKVRows(t, q))
		})
		x.step(t, "an upsert with RETURNING", func(t *testing.T, q engine.Querier) {
			ins := core.Insert(kv).Row(row(3, "a", 12)...).Row(row(4, "e", 50)...).
				OnConflict(core.ConflictOn(kv.K).DoUpdate(kv.V.ToExpr(core.Excluded(kv.V)))).Returning(kv.ID, kv.K, kv.V)
			type ret struct {
				ID int64
				K  string
				V  int64
			}
			if !x.Engine.Dialect().InsertReturning {
				x.unsupported(t, "INSERT ... RETURNING", func() error { _, err := q.Query(x.ctx, ins); return err })
				require.Equal(t, seeded, xlKVRows(t, q))
				return
			}
			got := xlAll[ret](t, q, ins)
			require.ElementsMatch(t, []ret{{1, "a", 12}, {4, "e", 50}}, got, "the updated row and the inserted one")
			require.Equal(t, []xlKVRow{{1, "a", 12, 0}, {2, "b", 20, 0}, {4, "e", 50, 0}}, xlKVRows(t, q))
		})
		x.step(t, "DO NOTHING with RETURNING returns only the inserted rows", func(t *testing.T, q engine.Querier) {
			ins := core.Insert(kv).Row(row(6, "b", 1)...).Row(row(7, "n", 1)...).OnConflict(core.ConflictOn(kv.K).DoNothing()).Returning(kv.ID, kv.K)
			type ret struct {
				ID int64
				K  string
			}
			if !x.Engine.Dialect().InsertReturning {
				x.unsupported(t, "INSERT ... RETURNING", func() error { _, err := q.Query(x.ctx, ins); return err })
				return
			}
			if x.Dialect == "mysql" {
				// DO NOTHING is a no-op update there, which RETURNING would
				// report: refused rather than returning a skipped row.
				x.unsupported(t, "DO NOTHING with RETURNING", func() error { _, err := q.Query(x.ctx, ins); return err })
				return
			}
			got := xlAll[ret](t, q, ins)
			require.Equal(t, []xlKVRow{{1, "a", 10, 0}, {2, "b", 20, 0}, {7, "n", 1, 0}}, xlKVRows(t, q))
			require.Equal(t, []ret{{7, "n"}}, got)
		})
		x.step(t, "an upsert counts the rows it inserted or updated", func(t *testing.T, q engine.Querier) {
			res := xlExec(t, q, core.Insert(kv).Row(row(3, "a", 11)...).Row(row(4, "c", 30)...).
				OnConflict(core.ConflictOn(kv.K).DoUpdate(kv.V.ToExpr(core.Excluded(kv.V)))))
			skipped := xlExec(t, q, core.Insert(kv).Row(row(5, "a", 12)...).OnConflict(core.ConflictOn(kv.K).DoNothing()))
			require.Equal(t, []xlKVRow{{1, "a", 11, 0}, {2, "b", 20, 0}, {4, "c", 30, 0}}, xlKVRows(t, q))
			if x.Dialect == "mysql" {
				// A documented difference (docs/dialects.md): MySQL counts an
				// upsert's update twice, and with found-rows semantics its
				// no-op update as a row.
				require.Equal(t, int64(3), res.RowsAffected, "1 inserted + 2 for the updated row")
				require.Equal(t, int64(1), skipped.RowsAffected, "the no-op update found a row")
				return
			}
			require.Equal(t, int64(2), res.RowsAffected, "one row updated, one inserted")
			require.Equal(t, int64(0), skipped.RowsAffected, "DO NOTHING skipped the row")
		})
		x.step(t, "an upsert of INSERT ... SELECT", func(t *testing.T, q engine.Querier) {
			xlExec(t, q, core.Insert(kv).FromSelect(core.Select(xlEmps.ID, xlEmps.Name, xlEmps.Salary).Where(xlEmps.ID.Le(3)), kv.ID, kv.K, kv.V).
				OnConflict(core.ConflictOn(kv.ID).DoUpdate(kv.K.ToExpr(core.Excluded(kv.K)), kv.V.ToExpr(core.Excluded(kv.V)))))
			require.Equal(t, []xlKVRow{{1, "ann", 300, 0}, {2, "bob", 200, 0}, {3, "cat", 200, 0}}, xlKVRows(t, q))
		})
		x.step(t, "an upsert of INSERT ... SELECT without a WHERE", func(t *testing.T, q engine.Querier) {
			// SQLite reads "SELECT ... FROM t ON CONFLICT" as a join's ON
			// unless a WHERE comes between them.
			ins := core.Insert(kv).FromSelect(core.Select(xlEmps.ID, xlEmps.Name, xlEmps.Salary), kv.ID, kv.K, kv.V).
				OnConflict(core.ConflictOn(kv.ID).DoUpdate(kv.K.ToExpr(core.Excluded(kv.K))))
			_, err := q.Exec(x.ctx, ins)
			require.NoError(t, err)
			require.Equal(t, []xlKVRow{{1, "ann", 10, 0}, {2, "bob", 20, 0}, {3, "cat", 200, 0}, {4, "dan", 150, 0}, {5, "eve", 100, 0}, {6, "fay", 120, 0}}, xlKVRows(t, q))
		})
	})
}

// 9. INSERT, UPDATE and DELETE forms.

func TestDMLFormsChangeExactlyTheRowsTheyName(t *testing.T) {
	tables := []*core.Table{&xlDepts.Table, &xlEmps.Table, &xlKV.Table, &xlEvents.Table, &xlCounters.Table}
	xlEach(t, tables, func(t *testing.T, x *xlEnv) {
		e, d := xlEmps, xlDepts
		names := func(t *testing.T, q engine.Querier) []string {
			return xlScalars[string](t, q, core.Select(e.Name).OrderBy(e.ID))
		}
		x.step(t, "a multi-row INSERT", func(t *testing.T, q engine.Querier) {
			res := xlExec(t, q, core.Insert(xlKV).
				Row(xlKV.ID.To(3), xlKV.K.To("c"), xlKV.V.To(30)).
				Row(xlKV.ID.To(4), xlKV.K.To("d"), xlKV.V.To(40)).
				Values(core.Values{xlKV.ID: int64(5), xlKV.K: "e", xlKV.V: int64(50)}))
			require.Equal(t, int64(3), res.RowsAffected)
			require.Equal(t, []xlKVRow{{1, "a", 10, 0}, {2, "b", 20, 0}, {3, "c", 30, 0}, {4, "d", 40, 0}, {5, "e", 50, 0}}, xlKVRows(t, q))
		})
		type event struct {
			Title   string
			Version int64
		}
		events := func(t *testing.T, q engine.Querier) []event {
			return xlAll[event](t, q, core.Select(xlEvents.Title, xlEvents.Version).OrderBy(xlEvents.Title))
		}
		x.step(t, "INSERT ... SELECT fills in client-side defaults", func(t *testing.T, q engine.Querier) {
			res := xlExec(t, q, core.Insert(xlEvents).FromSelect(core.Select(e.Name).Where(e.DeptID.Eq(xlN(1))), xlEvents.Title))
			require.Equal(t, int64(3), res.RowsAffected)
			require.Equal(t, []event{{"ann", 7}, {"bob", 7}, {"cat", 7}}, events(t, q))
			xlExec(t, q, core.Insert(xlEvents).FromSelect(core.Union(core.Select(d.Name).Where(d.ID.Ge(2)), core.Select(e.Name).Where(e.ID.Eq(6))), xlEvents.Title))
			require.Equal(t, []event{{"ann", 7}, {"bob", 7}, {"cat", 7}, {"fay", 7}, {"hr", 7}, {"ops", 7}}, events(t, q), "from a set operation")
			xlExec(t, q, core.Insert(xlEvents).FromSelect(core.Select(e.Name, e.Salary).Where(e.ID.Eq(5)), xlEvents.Title, xlEvents.Version))
			require.Contains(t, events(t, q), event{"eve", 100}, "a column the SELECT fills gets no default")
		})
		x.step(t, "INSERT of defaults only", func(t *testing.T, q engine.Querier) {
			xlExec(t, q, core.Insert(xlCounters))
			xlExec(t, q, core.Insert(xlCounters))
			type counter struct {
				ID    int64
				Hits  int64
				Label string
			}
			require.Equal(t, []counter{{1, 7, "none"}, {2, 7, "none"}}, xlAll[counter](t, q, core.Select(xlCounters).OrderBy(xlCounters.ID)))
		})
		x.step(t, "UPDATE ... FROM another table", func(t *testing.T, q engine.Querier) {
			res := xlExec(t, q, core.Update(e).Set(e.Name.ToExpr(e.Name.Concat("@").ConcatExpr(d.Name))).
				From(d).Where(e.DeptID.EqExpr(xlDeptRef()), d.Name.Eq("ops")))
			require.Equal(t, int64(2), res.RowsAffected)
			require.Equal(t, []string{"ann", "bob", "cat", "dan@ops", "eve@ops", "fay"}, names(t, q))
		})
		x.step(t, "UPDATE ... FROM a derived table", func(t *testing.T, q engine.Querier) {
			per := core.Subquery(core.Select(e.DeptID, core.Count().Label("n")).Where(e.DeptID.IsNotNull()).GroupBy(e.DeptID), "xl_per")
			xlExec(t, q, core.Update(d).Set(d.Total.ToExpr(core.Typed[sql.Null[int64]](core.NodeOf(core.ColumnOf[int64](per, "n"))))).
				From(per).Where(core.ColumnOf[sql.Null[int64]](per, "dept_id").EqExpr(xlDeptRef())))
			require.Equal(t, xlNs(3, 2, nil), xlScalars[sql.Null[int64]](t, q, core.Select(d.Total).OrderBy(d.ID)))
		})
		x.step(t, "DELETE ... USING another table", func(t *testing.T, q engine.Querier) {
			res := xlExec(t, q, core.Delete(e).Using(d).Where(e.DeptID.EqExpr(xlDeptRef()), d.Name.Eq("ops")))
			require.Equal(t, int64(2), res.RowsAffected)
			require.Equal(t, []string{"ann", "bob", "cat", "fay"}, names(t, q))
		})
		x.step(t, "UPDATE ... FROM and DELETE ... USING an alias of the same table", func(t *testing.T, q engine.Querier) {
			mgr := core.Alias(e, "xl_mgr")
			mgrID := core.Typed[sql.Null[int64]](mgr.ID.Ref())
			xlExec(t, q, core.Update(e).Set(e.Bonus.ToExpr(core.Typed[sql.Null[int64]](mgr.Salary.Ref()))).From(mgr).Where(e.ManagerID.EqExpr(mgrID)))
			require.Equal(t, xlNs(10, 300, 300, 300, 150, nil), xlScalars[sql.Null[int64]](t, q, core.Select(e.Bonus).OrderBy(e.ID)), "each gets the manager's salary")
			res := xlExec(t, q, core.Delete(e).Using(mgr).Where(e.ManagerID.EqExpr(mgrID), mgr.Name.Eq("dan")))
			require.Equal(t, int64(1), res.RowsAffected)
			require.Equal(t, []string{"ann", "bob", "cat", "dan", "fay"}, names(t, q))
		})
		x.step(t, "RETURNING on UPDATE ... FROM, DELETE ... USING and INSERT ... SELECT", func(t *testing.T, q engine.Querier) {
			dl := x.Engine.Dialect()
			upd := core.Update(e).Set(e.Bonus.To(xlN(7))).From(d).Where(e.DeptID.EqExpr(xlDeptRef()), d.Name.Eq("ops")).Returning(e.ID)
			if dl.UpdateReturning && !dl.MultiTableDML {
				require.Equal(t, []int64{4, 5}, xlSortedInts(xlScalars[int64](t, q, upd)))
				require.Equal(t, xlNs(10, nil, 5, 7, 7, nil), xlScalars[sql.Null[int64]](t, q, core.Select(e.Bonus).OrderBy(e.ID)))
			} else {
				x.unsupported(t, "RETURNING on a multi-table UPDATE", func() error { _, err := q.Query(x.ctx, upd); return err })
			}
			del := core.Delete(e).Using(d).Where(e.DeptID.EqExpr(xlDeptRef()), d.Name.Eq("ops")).Returning(e.Name)
			if dl.DeleteReturning && !dl.MultiTableDML {
				gone := xlScalars[string](t, q, del)
				slices.Sort(gone)
				require.Equal(t, []string{"dan", "eve"}, gone)
				require.Equal(t, []string{"ann", "bob", "cat", "fay"}, names(t, q))
			} else {
				x.unsupported(t, "RETURNING on a multi-table DELETE", func() error { _, err := q.Query(x.ctx, del); return err })
				require.Equal(t, []string{"ann", "bob", "cat", "dan", "eve", "fay"}, names(t, q))
			}
			ins := core.Insert(xlEvents).FromSelect(core.Select(d.Name), xlEvents.Title).Returning(xlEvents.Title, xlEvents.Version)
			if dl.InsertReturning {
				got := xlAll[event](t, q, ins)
				slices.SortFunc(got, func(a, b event) int { return strings.Compare(a.Title, b.Title) })
				require.Equal(t, []event{{"eng", 7}, {"hr", 7}, {"ops", 7}}, got, "the client default is returned too")
			} else {
				x.unsupported(t, "INSERT ... RETURNING", func() error { _, err := q.Query(x.ctx, ins); return err })
			}
		})
		x.step(t, "UPDATE with a value from a correlated subquery", func(t *testing.T, q engine.Querier) {
			sum := core.ScalarSubquery[sql.Null[int64]](core.Select(core.Sum(e.Salary)).Where(e.DeptID.EqExpr(xlDeptRef())))
			res := xlExec(t, q, core.Update(d).Set(d.Total.ToExpr(sum)))
			require.Equal(t, int64(3), res.RowsAffected)
			require.Equal(t, xlNs(700, 250, nil), xlScalars[sql.Null[int64]](t, q, core.Select(d.Total).OrderBy(d.ID)))
		})
		x.step(t, "UPDATE and DELETE WHERE NOT EXISTS", func(t *testing.T, q engine.Querier) {
			xlExec(t, q, core.Update(d).Set(d.Total.To(xlN(0))).Where(core.NotExists(core.Select(e.ID).Where(e.DeptID.EqExpr(xlDeptRef())))))
			require.Equal(t, xlNs(nil, nil, 0), xlScalars[sql.Null[int64]](t, q, core.Select(d.Total).OrderBy(d.ID)))
			res := xlExec(t, q, core.Delete(d).Where(core.NotExists(core.Select(e.ID).Where(e.DeptID.EqExpr(xlDeptRef())))))
			require.Equal(t, int64(1), res.RowsAffected)
			require.Equal(t, []string{"eng", "ops"}, xlScalars[string](t, q, core.Select(d.Name).OrderBy(d.ID)))
		})
		x.step(t, "ORDER BY and LIMIT on UPDATE", func(t *testing.T, q engine.Querier) {
			upd := core.Update(e).Set(e.Bonus.To(xlN(1))).OrderBy(e.Salary.Desc(), e.ID).Limit(2)
			if !x.Engine.Dialect().UpdateDeleteLimit {
				x.unsupported(t, "ORDER BY and LIMIT on UPDATE", func() error { _, err := q.Exec(x.ctx, upd); return err })
				require.Equal(t, xlNs(10, nil, 5, nil, 0, nil), xlScalars[sql.Null[int64]](t, q, core.Select(e.Bonus).OrderBy(e.ID)))
				return
			}
			res := xlExec(t, q, upd)
			require.Equal(t, int64(2), res.RowsAffected)
			require.Equal(t, xlNs(1, 1, 5, nil, 0, nil), xlScalars[sql.Null[int64]](t, q, core.Select(e.Bonus).OrderBy(e.ID)), "ann and bob, the two best paid")
		})
		x.step(t, "ORDER BY and LIMIT on DELETE", func(t *testing.T, q engine.Querier) {
			del := core.Delete(e).Where(e.Salary.Lt(250)).OrderBy(e.Salary, e.ID).Limit(2)
			if !x.Engine.Dialect().UpdateDeleteLimit {
				x.unsupported(t, "ORDER BY and LIMIT on DELETE", func() error { _, err := q.Exec(x.ctx, del); return err })
				require.Equal(t, []string{"ann", "bob", "cat", "dan", "eve", "fay"}, names(t, q))
				return
			}
			res := xlExec(t, q, del)
			require.Equal(t, int64(2), res.RowsAffected)
			require.Equal(t, []string{"ann", "bob", "cat", "dan"}, names(t, q), "eve and fay, the two worst paid")
		})
		x.step(t, "RETURNING on INSERT, UPDATE and DELETE", func(t *testing.T, q engine.Querier) {
			dl := x.Engine.Dialect()
			type idName struct {
				ID   int64
				Name string
			}
			ins := core.Insert(e).Row(e.ID.To(7), e.Name.To("gus"), e.Salary.To(90)).Row(e.ID.To(8), e.Name.To("hal"), e.Salary.To(95)).Returning(e.ID, e.Name)
			if dl.InsertReturning {
				require.Equal(t, []idName{{7, "gus"}, {8, "hal"}}, xlAll[idName](t, q, ins))
			} else {
				x.unsupported(t, "INSERT ... RETURNING", func() error { _, err := q.Query(x.ctx, ins); return err })
				xlExec(t, q, core.Insert(e).Row(e.ID.To(7), e.Name.To("gus"), e.Salary.To(90)).Row(e.ID.To(8), e.Name.To("hal"), e.Salary.To(95)))
			}
			require.Equal(t, []string{"ann", "bob", "cat", "dan", "eve", "fay", "gus", "hal"}, names(t, q))

			type idSalary struct {
				ID     int64
				Salary int64
			}
			upd := core.Update(e).Set(e.Salary.ToExpr(e.Salary.Add(1))).Where(e.DeptID.Eq(xlN(2))).Returning(e.ID, e.Salary)
			if dl.UpdateReturning {
				require.ElementsMatch(t, []idSalary{{4, 151}, {5, 101}}, xlAll[idSalary](t, q, upd))
			} else {
				x.unsupported(t, "UPDATE ... RETURNING", func() error { _, err := q.Query(x.ctx, upd); return err })
				xlExec(t, q, core.Update(e).Set(e.Salary.ToExpr(e.Salary.Add(1))).Where(e.DeptID.Eq(xlN(2))))
			}
			require.Equal(t, []int64{151, 101}, xlScalars[int64](t, q, core.Select(e.Salary).Where(e.DeptID.Eq(xlN(2))).OrderBy(e.ID)))

			del := core.Delete(e).Where(e.Salary.Lt(100)).Returning(e.Name)
			if dl.DeleteReturning {
				gone := xlScalars[string](t, q, del)
				slices.Sort(gone)
				require.Equal(t, []string{"gus", "hal"}, gone)
			} else {
				x.unsupported(t, "DELETE ... RETURNING", func() error { _, err := q.Query(x.ctx, del); return err })
				xlExec(t, q, core.Delete(e).Where(e.Salary.Lt(100)))
			}
			require.Equal(t, []string{"ann", "bob", "cat", "dan", "eve", "fay"}, names(t, q))
		})
	})
}

// 10. JSON.

func TestJSONPathsReadNestedMembersAndMissingOnesAsNull(t *testing.T) {
	// 1: {"kind": "note", "author": {"name": "ann", "tags": ["x", "y"]}, "n": 3}
	// 2: {"kind": "memo", "author": {"name": "bob", "tags": []}, "n": 4.5}
	// 3: {"kind": "note", "author": {"name": "cat \"the\" cat"}, "n": null}
	xlEach(t, []*core.Table{&xlDocs.Table}, func(t *testing.T, x *xlEnv) {
		body := xlDocs.Body
		text := func(t *testing.T, q engine.Querier, path ...any) []sql.Null[string] {
			t.Helper()
			return xlScalars[sql.Null[string]](t, q, core.Select(core.JSONGetText(body, path...).Label("v")).OrderBy(xlDocs.ID))
		}
		x.step(t, "nested keys and array indexes as text", func(t *testing.T, q engine.Querier) {
			require.Equal(t, []sql.Null[string]{xlS("ann"), xlS("bob"), xlS(`cat "the" cat`)}, text(t, q, "author", "name"), "strings lose their quotes and escapes")
			require.Equal(t, []sql.Null[string]{xlS("y"), xlNullS, xlNullS}, text(t, q, "author", "tags", 1))
			require.Equal(t, []sql.Null[string]{xlS("x"), xlNullS, xlNullS}, text(t, q, "author", "tags", 0))
		})
		x.step(t, "numbers as their JSON text", func(t *testing.T, q engine.Querier) {
			got := text(t, q, "n")
			require.Equal(t, []sql.Null[string]{xlS("3"), xlS("4.5")}, got[:2])
		})
		x.step(t, "numbers as text on the untyped path too", func(t *testing.T, q engine.Querier) {
			stmt := core.Select(core.JSONGetText(body, "n").Label("v")).Where(xlDocs.ID.Le(2)).OrderBy(xlDocs.ID)
			res, err := q.Query(x.ctx, stmt)
			require.NoError(t, err)
			got, err := res.Scalars()
			require.NoError(t, err)
			require.Equal(t, []any{"3", "4.5"}, got, "Result.Scalars")
			generic := xlScalars[any](t, q, stmt)
			require.Equal(t, []any{"3", "4.5"}, generic, "engine.Scalars[any]")
		})
		x.step(t, "a JSON null member as text is SQL NULL", func(t *testing.T, q engine.Querier) {
			got := text(t, q, "n")
			require.Equal(t, xlNullS, got[2])
		})
		x.step(t, "a missing key or index is NULL", func(t *testing.T, q engine.Querier) {
			require.Equal(t, []sql.Null[string]{xlNullS, xlNullS, xlNullS}, text(t, q, "missing"))
			require.Equal(t, []sql.Null[string]{xlNullS, xlNullS, xlNullS}, text(t, q, "author", "missing", "deeper"))
			require.Equal(t, []sql.Null[string]{xlNullS, xlNullS, xlNullS}, text(t, q, "author", "tags", 5))
			docs := xlScalars[sql.Null[[]byte]](t, q, core.Select(core.JSONGet(body, "nope").Label("v")).OrderBy(xlDocs.ID))
			require.Equal(t, []sql.Null[[]byte]{{}, {}, {}}, docs)
		})
		x.step(t, "members as JSON documents", func(t *testing.T, q engine.Querier) {
			got := xlScalars[sql.Null[[]byte]](t, q, core.Select(core.JSONGet(body, "author", "tags").Label("v")).OrderBy(xlDocs.ID))
			require.Len(t, got, 3)
			require.JSONEq(t, `["x", "y"]`, string(got[0].V))
			require.JSONEq(t, `[]`, string(got[1].V))
			require.False(t, got[2].Valid)
			author := xlScalar[json.RawMessage](t, q, core.Select(core.JSONGet(body, "author").Label("v")).Where(xlDocs.ID.Eq(2)))
			require.JSONEq(t, `{"name": "bob", "tags": []}`, string(author))
			name := xlScalar[json.RawMessage](t, q, core.Select(core.JSONGet(body, "author", "name").Label("v")).Where(xlDocs.ID.Eq(3)))
			require.JSONEq(t, `"cat \"the\" cat"`, string(name), "a string as JSON keeps its quotes")
		})
		x.step(t, "keys holding dots, quotes and non-ASCII letters are single keys", func(t *testing.T, q engine.Querier) {
			xlExec(t, q, core.Insert(xlDocs).Row(xlDocs.ID.To(4), xlDocs.Body.To(json.RawMessage(
				`{"a.b": "dotted", "a": {"b": "nested"}, "q\"k": "quoted", "$": "dollar", "ü k": "umlaut", "[0]": "brackets"}`))))
			one := func(path ...any) sql.Null[string] {
				return xlScalar[sql.Null[string]](t, q, core.Select(core.JSONGetText(body, path...).Label("v")).Where(xlDocs.ID.Eq(4)))
			}
			require.Equal(t, xlS("dotted"), one("a.b"))
			require.Equal(t, xlS("nested"), one("a", "b"))
			require.Equal(t, xlS("quoted"), one(`q"k`))
			require.Equal(t, xlS("dollar"), one("$"))
			require.Equal(t, xlS("umlaut"), one("ü k"))
			require.Equal(t, xlS("brackets"), one("[0]"))
		})
		x.step(t, "a text member compared in WHERE", func(t *testing.T, q engine.Querier) {
			ids := func(c core.TypedExpr[bool]) []int64 {
				return xlScalars[int64](t, q, core.Select(xlDocs.ID).Where(c).OrderBy(xlDocs.ID))
			}
			require.Equal(t, []int64{1, 3}, ids(core.JSONGetText(body, "kind").Eq("note")))
			require.Equal(t, []int64{2}, ids(core.JSONGetText(body, "author", "name").In("bob", "zed")))
			require.Equal(t, []int64{1}, ids(core.JSONGetText(body, "author", "tags", 1).Eq("y")))
			require.Equal(t, []int64{3}, ids(core.JSONGetText(body, "author", "name").StartsWith(`cat "`)))
			require.Empty(t, ids(core.JSONGetText(body, "missing").Eq("note")))
		})
	})
}

// 11. PostgreSQL arrays.

func TestPostgresArraysRoundTripAndMatchWithArrayOperators(t *testing.T) {
	xlEach(t, []*core.Table{&xlEmps.Table, &xlDepts.Table}, func(t *testing.T, x *xlEnv) {
		if !x.Engine.Dialect().Arrays {
			x.step(t, "array operators are unsupported", func(t *testing.T, q engine.Querier) {
				x.unsupported(t, "= ANY", func() error {
					_, err := q.Query(x.ctx, core.Select(xlEmps.Name).Where(xlEmps.ID.EqAny(core.Array[int64](1, 2))))
					return err
				})
				x.unsupported(t, "!= ALL", func() error {
					_, err := q.Query(x.ctx, core.Select(xlEmps.Name).Where(xlEmps.ID.NeAll(core.Array[int64](1, 2))))
					return err
				})
				x.unsupported(t, "@>", func() error {
					_, err := q.Query(x.ctx, core.Select(xlEmps.Name).Where(core.ArrayContains(core.Array("a", "b"), core.Array("a"))))
					return err
				})
			})
			return
		}
		require.NoError(t, xlPGMD.CreateAll(x.ctx, x.Engine))
		p := xlPosts
		xlExec(t, x.Engine, core.Insert(p).
			Row(p.ID.To(1), p.Tags.To([]string{"go", "sql"})).
			Row(p.ID.To(2), p.Tags.To([]string{"go"})).
			Row(p.ID.To(3), p.Tags.To([]string{})).
			Row(p.ID.To(4), p.Tags.To([]string{"db", "orm", "sql", `it's "q"`})))
		ids := func(t *testing.T, q engine.Querier, c core.TypedExpr[bool]) []int64 {
			return xlScalars[int64](t, q, core.Select(p.ID).Where(c).OrderBy(p.ID))
		}
		x.step(t, "a []string column round-trips", func(t *testing.T, q engine.Querier) {
			got := xlScalars[[]string](t, q, core.Select(p.Tags).OrderBy(p.ID))
			require.Equal(t, [][]string{{"go", "sql"}, {"go"}, {}, {"db", "orm", "sql", `it's "q"`}}, got)
		})
		x.step(t, "= ANY and != ALL", func(t *testing.T, q engine.Querier) {
			require.Equal(t, []int64{1, 3}, ids(t, q, p.ID.EqAny(core.Array[int64](1, 3, 9))))
			require.Equal(t, []int64{2, 4}, ids(t, q, p.ID.NeAll(core.Array[int64](1, 3))))
			require.Empty(t, ids(t, q, p.ID.EqAny(core.Array[int64]())))
			require.Equal(t, []int64{1, 2}, ids(t, q, core.Value("go").EqAny(p.Tags)))
			require.Equal(t, []int64{2, 3}, ids(t, q, core.Value("sql").NeAll(p.Tags)), "!= ALL of an empty array is true")
		})
		x.step(t, "contains, contained by and overlap", func(t *testing.T, q engine.Querier) {
			require.Equal(t, []int64{1, 2}, ids(t, q, core.ArrayContains(p.Tags, core.Array("go"))))
			require.Equal(t, []int64{1}, ids(t, q, core.ArrayContains(p.Tags, core.Array("sql", "go"))))
			require.Equal(t, []int64{1, 2, 3}, ids(t, q, core.ArrayContainedBy(p.Tags, core.Array("go", "sql", "db"))))
			require.Equal(t, []int64{1, 4}, ids(t, q, core.ArrayOverlap(p.Tags, core.Array("sql", "orm"))))
			require.Equal(t, []int64{4}, ids(t, q, core.ArrayContains(p.Tags, core.Array(`it's "q"`))))
		})
		x.step(t, "array values written as literals", func(t *testing.T, q engine.Querier) {
			stmt := core.Select(p.ID).Where(core.Or(core.ArrayOverlap(p.Tags, core.Array(`it's "q"`, "go")), p.ID.EqAny(core.Array[int64](3)))).OrderBy(p.ID)
			lit, err := sqlcompile.CompileLiteral(x.Engine.Dialect(), stmt)
			require.NoError(t, err)
			require.Equal(t, []int64{1, 2, 3, 4}, xlScalars[int64](t, q, stmt))
			require.Equal(t, []int64{1, 2, 3, 4}, xlScalars[int64](t, q, core.Text(lit)), "literal SQL: %s", lit)
		})
		x.step(t, "an array column updated and compared whole", func(t *testing.T, q engine.Querier) {
			xlExec(t, q, core.Update(p).Set(p.Tags.To([]string{"x"})).Where(core.ArrayContains(p.Tags, core.Array("go"))))
			require.Equal(t, []int64{1, 2}, ids(t, q, p.Tags.Eq([]string{"x"})))
		})
	})
}

// 12. Row locks.

func TestRowLocksSkipOrFailOnRowsAnotherTransactionHolds(t *testing.T) {
	xlEach(t, []*core.Table{&xlKV.Table, &xlDepts.Table, &xlEmps.Table}, func(t *testing.T, x *xlEnv) {
		ctx := x.ctx
		dl := x.Engine.Dialect()
		byID := core.Select(xlKV.K).Where(xlKV.ID.Eq(1)).ForUpdate()
		tx1, err := x.Engine.Begin(ctx)
		require.NoError(t, err)
		defer func() { _ = tx1.Rollback(ctx) }()
		require.Equal(t, []string{"a"}, xlScalars[string](t, tx1, byID), "the holder reads its row")

		if !dl.Locking {
			// SQLite locks the whole database: FOR UPDATE is accepted and
			// left out, and the options that need row locks are errors.
			sqlText, _, err := x.Engine.Compile(byID)
			require.NoError(t, err)
			require.NotContains(t, sqlText, "FOR UPDATE")
			require.Equal(t, []string{"a", "b"}, xlScalars[string](t, tx1, core.Select(xlKV.K).OrderBy(xlKV.ID).ForUpdate()))
			require.Equal(t, []string{"a"}, xlScalars[string](t, tx1, core.Select(xlKV.K).Where(xlKV.ID.Eq(1)).ForShare()))
			x.unsupported(t, "SKIP LOCKED", func() error {
				_, err := tx1.Query(ctx, core.Select(xlKV.K).ForUpdate(core.SkipLocked()))
				return err
			})
			x.unsupported(t, "NOWAIT", func() error {
				_, err := tx1.Query(ctx, core.Select(xlKV.K).ForUpdate(core.NoWait()))
				return err
			})
			return
		}
		require.True(t, dl.LockSkipLocked && dl.LockNoWait)

		tx2, err := x.Engine.Begin(ctx)
		require.NoError(t, err)
		defer func() { _ = tx2.Rollback(ctx) }()
		skipped := xlScalars[string](t, tx2, core.Select(xlKV.K).OrderBy(xlKV.ID).ForUpdate(core.SkipLocked()))
		require.Equal(t, []string{"b"}, skipped, "SKIP LOCKED passes over the row tx1 holds")
		first := xlScalars[string](t, tx2, core.Select(xlKV.K).OrderBy(xlKV.ID).Limit(1).ForUpdate(core.SkipLocked()))
		require.Equal(t, []string{"b"}, first, "a queue pop: the first row nobody holds")

		_, err = engine.Scalars[string](ctx, tx2, core.Select(xlKV.K).Where(xlKV.ID.Eq(1)).ForUpdate(core.NoWait()))
		require.Error(t, err, "NOWAIT fails at once on the row tx1 holds")
		var dbErr *engine.DBError
		require.ErrorAs(t, err, &dbErr)
		require.NoError(t, tx2.Rollback(ctx))

		// A shared lock admits other shared locks, not an exclusive one.
		tx4, err := x.Engine.Begin(ctx)
		require.NoError(t, err)
		defer func() { _ = tx4.Rollback(ctx) }()
		require.Equal(t, []string{"b"}, xlScalars[string](t, tx4, core.Select(xlKV.K).Where(xlKV.ID.Eq(2)).ForShare()))
		tx5, err := x.Engine.Begin(ctx)
		require.NoError(t, err)
		defer func() { _ = tx5.Rollback(ctx) }()
		require.Equal(t, []string{"b"}, xlScalars[string](t, tx5, core.Select(xlKV.K).Where(xlKV.ID.Eq(2)).ForShare(core.NoWait())))
		_, err = engine.Scalars[string](ctx, tx5, core.Select(xlKV.K).Where(xlKV.ID.Eq(2)).ForUpdate(core.NoWait()))
		require.Error(t, err, "FOR UPDATE NOWAIT on a row another transaction shares")
		require.NoError(t, tx5.Rollback(ctx))
		require.NoError(t, tx4.Rollback(ctx))

		// FOR UPDATE OF locks the rows of one table of a join only.
		lockOf := core.Select(xlEmps.Name).From(xlEmps.Join(xlDepts)).Where(xlEmps.ID.Eq(1)).ForUpdate(core.LockOf(xlEmps))
		tx6, err := x.Engine.Begin(ctx)
		require.NoError(t, err)
		defer func() { _ = tx6.Rollback(ctx) }()
		if !dl.LockOf {
			x.unsupported(t, "FOR UPDATE OF", func() error { _, err := tx6.Query(ctx, lockOf); return err })
		} else {
			require.Equal(t, []string{"ann"}, xlScalars[string](t, tx6, lockOf))
			tx7, err := x.Engine.Begin(ctx)
			require.NoError(t, err)
			defer func() { _ = tx7.Rollback(ctx) }()
			require.Equal(t, []string{"eng"}, xlScalars[string](t, tx7, core.Select(xlDepts.Name).Where(xlDepts.ID.Eq(1)).ForUpdate(core.NoWait())),
				"the joined department row is not locked")
			_, err = engine.Scalars[string](ctx, tx7, core.Select(xlEmps.Name).Where(xlEmps.ID.Eq(1)).ForUpdate(core.NoWait()))
			require.Error(t, err, "the employee row is")
			require.NoError(t, tx7.Rollback(ctx))
		}
		require.NoError(t, tx6.Rollback(ctx))

		// After tx1 lets go, the row can be locked.
		require.NoError(t, tx1.Rollback(ctx))
		tx3, err := x.Engine.Begin(ctx)
		require.NoError(t, err)
		defer func() { _ = tx3.Rollback(ctx) }()
		require.Equal(t, []string{"a"}, xlScalars[string](t, tx3, core.Select(xlKV.K).Where(xlKV.ID.Eq(1)).ForUpdate(core.NoWait())))
	})
}

// 13. Text with declared columns.

func TestTextWithDeclaredColumnsIsATypedSubqueryAndCTE(t *testing.T) {
	xlEach(t, []*core.Table{&xlDepts.Table, &xlEmps.Table}, func(t *testing.T, x *xlEnv) {
		paid := func() *core.TextStmt {
			return core.Text("SELECT id, dept_id, name, salary FROM xl_emp WHERE salary >= :min").Bind("min", 150).
				Columns(core.TextColumn{Name: "id", Type: sqltype.BigInt{}}, core.TextColumn{Name: "dept_id", Type: sqltype.BigInt{}},
					core.TextColumn{Name: "name", Type: sqltype.String{Length: 30}}, core.TextColumn{Name: "salary", Type: sqltype.BigInt{}})
		}
		x.step(t, "a Text as a subquery in FROM", func(t *testing.T, q engine.Querier) {
			s := core.Subquery(paid(), "xl_s")
			got := xlScalars[string](t, q, core.Select(s.C("name")).Where(core.ColumnOf[int64](s, "salary").Lt(250)).OrderBy(core.ColumnOf[int64](s, "id")))
			require.Equal(t, []string{"bob", "cat", "dan"}, got)
		})
		x.step(t, "a Text as a CTE joined to a table", func(t *testing.T, q engine.Querier) {
			c := core.CTE(paid(), "xl_paid")
			type row struct {
				Name string
				N    int64
			}
			got := xlAll[row](t, q, core.Select(xlDepts.Name, core.Count().Label("n")).
				From(xlDepts.Join(c, xlDepts.ID.EqExpr(core.ColumnOf[int64](c, "dept_id")))).
				GroupBy(xlDepts.Name).OrderBy(xlDepts.Name))
			require.Equal(t, []row{{"eng", 3}, {"ops", 1}}, got)
		})
		x.step(t, "a Text in IN", func(t *testing.T, q engine.Querier) {
			sub := core.Text("SELECT manager_id FROM xl_emp WHERE manager_id IS NOT NULL AND name != :skip").Bind("skip", "eve").
				Columns(core.TextColumn{Name: "manager_id", Type: sqltype.BigInt{}})
			require.Equal(t, []int64{1}, xlEmpIDs(t, q, xlEmps.ID.InSelect(sub)))
		})
		x.step(t, "declared column types decide the Go values", func(t *testing.T, q engine.Querier) {
			typed := core.Text("SELECT id, salary > :cut AS rich, name FROM xl_emp WHERE id <= :n ORDER BY id").Bind("cut", 150).Bind("n", 2).
				Columns(core.TextColumn{Name: "id", Type: sqltype.BigInt{}}, core.TextColumn{Name: "rich", Type: sqltype.Boolean{}},
					core.TextColumn{Name: "name", Type: sqltype.String{Length: 30}})
			res, err := q.Query(x.ctx, typed)
			require.NoError(t, err)
			rows, err := res.All()
			require.NoError(t, err)
			require.Len(t, rows, 2)
			require.Equal(t, []any{int64(1), true, "ann"}, rows[0].Values(), "a comparison declared Boolean is a bool, even where the database returns 1")
			require.Equal(t, []any{int64(2), true, "bob"}, rows[1].Values())
			type row struct {
				ID   int64
				Rich bool
				Name string
			}
			require.Equal(t, []row{{1, true, "ann"}, {2, true, "bob"}}, xlAll[row](t, q, typed))
			s := core.Subquery(typed, "xl_t")
			require.Equal(t, []string{"ann", "bob"}, xlScalars[string](t, q, core.Select(s.C("name")).Where(core.ColumnOf[bool](s, "rich")).OrderBy(s.C("id"))))
		})
		x.step(t, "scanning into any gives the same values as the untyped path", func(t *testing.T, q engine.Querier) {
			stmt := core.Select(xlEmps.Salary.Gt(150).Label("rich")).Where(xlEmps.ID.Le(2)).OrderBy(xlEmps.ID)
			res, err := q.Query(x.ctx, stmt)
			require.NoError(t, err)
			untyped, err := res.Scalars()
			require.NoError(t, err)
			require.Equal(t, []any{true, true}, untyped, "Result.Scalars")
			generic := xlScalars[any](t, q, stmt)
			require.Equal(t, []any{true, true}, generic, "engine.Scalars[any]")
		})
	})
}

// 14. String and CompileLiteral.

func TestLiteralSQLReturnsTheSameRowsAsTheBoundStatement(t *testing.T) {
	xlEach(t, []*core.Table{&xlDepts.Table, &xlEmps.Table, &xlWords.Table, &xlDocs.Table}, func(t *testing.T, x *xlEnv) {
		type word struct {
			ID   int64
			Word string
			Note sql.Null[string]
		}
		type emp struct {
			Name   string
			Double int64
			Band   string
			Bonus  sql.Null[int64]
		}
		e, w := xlEmps, xlWords
		cases := []struct {
			name string
			stmt core.Statement
			run  func(t *testing.T, q engine.Querier, s core.Statement) any
		}{
			{"quotes, backslashes and LIKE escapes in strings",
				core.Select(w.ID, w.Word, w.Note).Where(core.Or(
					w.Word.In(`it's "quoted"`, `back\slash\`, "50% off"),
					w.Word.Contains(`\s`), w.Word.StartsWith("a_"),
				)).OrderBy(w.ID),
				func(t *testing.T, q engine.Querier, s core.Statement) any { return xlAll[word](t, q, s) }},
			{"a string literal ending in a backslash, selected back",
				core.Select(w.Word.Concat(`\'"`).Label("word")).Where(w.ID.Eq(10)),
				func(t *testing.T, q engine.Querier, s core.Statement) any { return xlScalars[string](t, q, s) }},
			{"numbers, NULL, CASE, BETWEEN, LIMIT and OFFSET",
				core.Select(e.Name, e.Salary.Mul(2).Label("double"),
					core.Case[string]().When(e.Salary.Ge(200), "it's high").Else(`low\`).Label("band"), e.Bonus).
					Where(e.Salary.Between(100, 300), e.Bonus.IsDistinctFrom(xlN(10)), e.Name.Ne("x'y")).
					OrderBy(e.Salary.Desc(), e.ID).Limit(3).Offset(1),
				func(t *testing.T, q engine.Querier, s core.Statement) any { return xlAll[emp](t, q, s) }},
			{"booleans and a subquery",
				core.Select(e.Name).Where(core.Or(core.False(), core.And(core.True(), e.DeptID.InSelect(core.Select(xlDepts.ID).Where(xlDepts.Name.Eq("ops")))))).OrderBy(e.ID),
				func(t *testing.T, q engine.Querier, s core.Statement) any { return xlScalars[string](t, q, s) }},
			{"floating-point values keep their type",
				core.Select(e.Name, core.Cast[float64](e.Salary, sqltype.Double{}).Mul(0.1).Label("tenth")).Where(e.ID.Le(2)).OrderBy(e.ID),
				func(t *testing.T, q engine.Querier, s core.Statement) any {
					type r struct {
						Name  string
						Tenth float64
					}
					return xlAll[r](t, q, s)
				}},
			{"floating-point arithmetic of two values",
				core.Select(core.Value(0.1).Mul(3).Label("f")),
				func(t *testing.T, q engine.Querier, s core.Statement) any { return xlScalars[float64](t, q, s) }},
			{"JSON paths",
				core.Select(xlDocs.ID, core.JSONGetText(xlDocs.Body, "author", "name").Label("name")).
					Where(core.JSONGetText(xlDocs.Body, "kind").Eq("note"), core.JSONGetText(xlDocs.Body, "author", "tags", 1).IsNull()),
				func(t *testing.T, q engine.Querier, s core.Statement) any {
					type r struct {
						ID   int64
						Name string
					}
					return xlAll[r](t, q, s)
				}},
			{"negative numbers",
				core.Select(e.Name, e.Salary.Sub(-1).Label("up"), e.Salary.Mul(-2).Label("neg")).Where(e.Salary.Gt(-1), e.ID.Eq(1)),
				func(t *testing.T, q engine.Querier, s core.Statement) any {
					type r struct {
						Name    string
						Up, Neg int64
					}
					return xlAll[r](t, q, s)
				}},
		}
		for _, c := range cases {
			x.step(t, c.name, func(t *testing.T, q engine.Querier) {
				require.NotEmpty(t, c.stmt.(interface{ String() string }).String())
				lit, err := sqlcompile.CompileLiteral(x.Engine.Dialect(), c.stmt)
				require.NoError(t, err)
				require.NotContains(t, lit, ":", "Text would read a colon as a parameter")
				bound := c.run(t, q, c.stmt)
				require.NotEmpty(t, bound)
				literal := c.run(t, q, core.Text(lit))
				require.Equal(t, bound, literal, "literal SQL: %s", lit)
			})
		}
		x.step(t, "String renders a readable statement with placeholders", func(t *testing.T, q engine.Querier) {
			s := core.Select(w.ID).Where(w.Word.Eq("it's")).String()
			require.Contains(t, s, "SELECT xl_word.id FROM xl_word WHERE xl_word.word = ")
			require.NotContains(t, s, "it's", "values stay out of String")
		})
	})
}
