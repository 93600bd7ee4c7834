package core_test

// Runnable examples of the expression language (docs/core.md, "The expression language").
// Each runs on an in-memory SQLite database and prints the SQL SQLite
// receives and the rows that come back; the PostgreSQL-only ones print
// the PostgreSQL SQL.

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/dialects/postgres"
	_ "github.com/retort-go/retort/dialects/sqlite"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/sqlcompile"
	"github.com/retort-go/retort/sqltype"
)

type ShopCustomerTable struct {
	core.Table
	ID   core.Column[int64]            `db:"id,pk"`
	Name core.Column[string]           `db:"name,size=30,unique"`
	City core.Column[sql.Null[string]] `db:"city,size=30"`
}

type ShopOrderTable struct {
	core.Table
	ID         core.Column[int64]  `db:"id,pk"`
	CustomerID core.Column[int64]  `db:"customer_id,fk=customer.id"`
	Total      core.Column[int64]  `db:"total"`
	Status     core.Column[string] `db:"status,size=10"`
}

type ShopCategoryTable struct {
	core.Table
	ID       core.Column[int64]           `db:"id,pk"`
	ParentID core.Column[sql.Null[int64]] `db:"parent_id,fk=category.id"`
	Name     core.Column[string]          `db:"name,size=30"`
}

type ShopDocTable struct {
	core.Table
	ID   core.Column[int64]           `db:"id,pk"`
	Body core.Column[json.RawMessage] `db:"body"`
}

var (
	shop       = core.NewMetaData()
	Customers  = core.NewTable[ShopCustomerTable](shop, "customer")
	Orders     = core.NewTable[ShopOrderTable](shop, "orders")
	Categories = core.NewTable[ShopCategoryTable](shop, "category")
	Docs       = core.NewTable[ShopDocTable](shop, "doc")
)

// shopDB opens an in-memory SQLite database with the shop's tables and a
// few rows, and prints every statement's SQL as it runs.
func shopDB() (*engine.Engine, func()) {
	ctx := context.Background()
	eng, err := engine.Open(ctx, "sqlite://:memory:")
	if err != nil {
		panic(err)
	}
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	must(shop.CreateAll(ctx, eng))
	city := func(s string) sql.Null[string] { return sql.Null[string]{V: s, Valid: s != ""} }
	_, err = eng.Exec(ctx, core.Insert(Customers).
		Row(Customers.ID.To(1), Customers.Name.To("ada"), Customers.City.To(city("London"))).
		Row(Customers.ID.To(2), Customers.Name.To("grace"), Customers.City.To(city("New York"))).
		Row(Customers.ID.To(3), Customers.Name.To("linus"), Customers.City.To(city(""))))
	must(err)
	_, err = eng.Exec(ctx, core.Insert(Orders).Values(
		core.Values{Orders.ID: int64(10), Orders.CustomerID: int64(1), Orders.Total: int64(30), Orders.Status: "paid"},
		core.Values{Orders.ID: int64(11), Orders.CustomerID: int64(1), Orders.Total: int64(70), Orders.Status: "open"},
		core.Values{Orders.ID: int64(12), Orders.CustomerID: int64(2), Orders.Total: int64(50), Orders.Status: "paid"},
		core.Values{Orders.ID: int64(13), Orders.CustomerID: int64(2), Orders.Total: int64(50), Orders.Status: "paid"},
	))
	must(err)
	parent := func(id int64) sql.Null[int64] { return sql.Null[int64]{V: id, Valid: id != 0} }
	_, err = eng.Exec(ctx, core.Insert(Categories).
		Row(Categories.ID.To(1), Categories.ParentID.To(parent(0)), Categories.Name.To("books")).
		Row(Categories.ID.To(2), Categories.ParentID.To(parent(1)), Categories.Name.To("fiction")).
		Row(Categories.ID.To(3), Categories.ParentID.To(parent(2)), Categories.Name.To("crime")).
		Row(Categories.ID.To(4), Categories.ParentID.To(parent(1)), Categories.Name.To("poetry")))
	must(err)
	_, err = eng.Exec(ctx, core.Insert(Docs).
		Row(Docs.ID.To(1), Docs.Body.To(json.RawMessage(`{"kind": "note", "tags": ["a", "b"], "by": {"name": "ada"}}`))).
		Row(Docs.ID.To(2), Docs.Body.To(json.RawMessage(`{"kind": "todo", "tags": []}`))))
	must(err)
	return eng, func() { eng.Close() }
}

// run prints the SQL SQLite receives for q and then each row.
func run(eng *engine.Engine, q core.Statement) {
	ctx := context.Background()
	cs, _, err := sqlcompile.Compile(eng.Dialect(), q)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(cs.SQL)
	res, err := eng.Query(ctx, q)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	rows, err := res.All()
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	for _, r := range rows {
		var parts []string
		for _, v := range r.Values() {
			switch v := v.(type) {
			case []byte:
				parts = append(parts, string(v))
			case json.RawMessage:
				parts = append(parts, string(v))
			default:
				parts = append(parts, fmt.Sprint(v))
			}
		}
		fmt.Println(strings.Join(parts, " | "))
	}
}

// Arithmetic, concatenation, CASE, CAST and COALESCE: operators take Go
// values of the column's type, and the compiler adds the parentheses.
func Example_expressions() {
	eng, done := shopDB()
	defer done()
	run(eng, core.Select(
		Orders.ID,
		Orders.Total.Add(5).Mul(2).Label("doubled"),
		Orders.Total.Div(20).Label("twenties"),
		Orders.Status.Concat("!").Label("shout"),
		core.Case[string]().When(Orders.Total.Ge(50), "big").Else("small").Label("size"),
		core.Cast[string](Orders.Total, sqltype.Text{}).Label("as_text"),
	).Where(Orders.CustomerID.Eq(1)).OrderBy(Orders.ID))
	run(eng, core.Select(Customers.Name, core.Coalesce[string](Customers.City, core.Value("?")).Label("city")).OrderBy(Customers.ID))
	// Output:
	// SELECT orders.id, (orders.total + ?) * ? AS doubled, orders.total / ? AS twenties, orders.status || ? AS shout, CASE WHEN orders.total >= ? THEN ? ELSE ? END AS size, CAST(orders.total AS TEXT) AS as_text FROM orders WHERE orders.customer_id = ? ORDER BY orders.id
	// 10 | 70 | 1 | paid! | small | 30
	// 11 | 150 | 3 | open! | big | 70
	// SELECT customer.name, coalesce(customer.city, ?) AS city FROM customer ORDER BY customer.id
	// ada | London
	// grace | New York
	// linus | ?
}

// LIKE helpers escape % and _ in the value; ILike ignores case (lower()
// on MySQL and SQLite); IsDistinctFrom treats NULL as a value.
func Example_comparisons() {
	eng, done := shopDB()
	defer done()
	run(eng, core.Select(Customers.Name).Where(Customers.Name.IStartsWith("AD")))
	run(eng, core.Select(Customers.Name).Where(Customers.City.IsDistinctFrom(sql.Null[string]{V: "London", Valid: true})).OrderBy(Customers.ID))
	run(eng, core.Select(Orders.ID).Where(Orders.Total.Between(40, 60), core.Tuple(Orders.CustomerID, Orders.Status).In([]any{int64(2), "paid"})).OrderBy(Orders.ID))
	// Output:
	// SELECT customer.name FROM customer WHERE lower(customer.name) LIKE lower(?) ESCAPE '/'
	// ada
	// SELECT customer.name FROM customer WHERE customer.city IS NOT ? ORDER BY customer.id
	// grace
	// linus
	// SELECT orders.id FROM orders WHERE orders.total BETWEEN ? AND ? AND (orders.customer_id, orders.status) IN (VALUES (?, ?)) ORDER BY orders.id
	// 12
	// 13
}

// Named parameters take their values when the statement runs, so one
// statement (and its compiled form) serves every value.
func Example_namedParameters() {
	eng, done := shopDB()
	defer done()
	byStatus := core.Select(core.Count()).From(Orders).Where(Orders.Status.EqExpr(core.Param[string]("status")))
	for _, s := range []string{"paid", "open"} {
		n, err := engine.Scalar[int64](context.Background(), eng, core.WithParams(byStatus, core.Params{"status": s}))
		fmt.Println(s, n, err)
	}
	// Output:
	// paid 3 <nil>
	// open 1 <nil>
}

// Aggregates, FILTER (a CASE inside the aggregate on MySQL), GROUP BY and
// HAVING.
func Example_aggregates() {
	eng, done := shopDB()
	defer done()
	run(eng, core.Select(Customers.Name, core.Count().Label("orders"), core.Sum(Orders.Total).Filter(Orders.Status.Eq("paid")).Label("paid")).
		From(Customers.Join(Orders)).GroupBy(Customers.Name).Having(core.Count().Ge(2)).OrderBy(Customers.Name))
	// Output:
	// SELECT customer.name, count(*) AS orders, sum(orders.total) FILTER (WHERE orders.status = ?) AS paid FROM customer JOIN orders ON customer.id = orders.customer_id GROUP BY customer.name HAVING count(*) >= ? ORDER BY customer.name
	// ada | 2 | 30
	// grace | 2 | 100
}

// Correlated subqueries leave the enclosing query's tables out of their
// FROM, as SQLAlchemy does; EXISTS, IN and scalar subqueries.
func Example_subqueries() {
	eng, done := shopDB()
	defer done()
	spent := core.ScalarSubquery[int64](core.Select(core.Sum(Orders.Total)).Where(Orders.CustomerID.EqExpr(Customers.ID)))
	run(eng, core.Select(Customers.Name, core.Coalesce[int64](spent, core.Value(int64(0))).Label("spent")).OrderBy(Customers.ID))
	run(eng, core.Select(Customers.Name).Where(core.NotExists(core.Select(Orders.ID).Where(Orders.CustomerID.EqExpr(Customers.ID)))))
	// Output:
	// SELECT customer.name, coalesce((SELECT sum(orders.total) AS sum FROM orders WHERE orders.customer_id = customer.id), ?) AS spent FROM customer ORDER BY customer.id
	// ada | 100
	// grace | 100
	// linus | 0
	// SELECT customer.name FROM customer WHERE NOT EXISTS (SELECT orders.id FROM orders WHERE orders.customer_id = customer.id)
	// linus
}

// A derived table: a subquery in FROM, joined and read by column name.
func Example_derivedTable() {
	eng, done := shopDB()
	defer done()
	totals := core.Subquery(core.Select(Orders.CustomerID, core.Sum(Orders.Total).Label("total")).GroupBy(Orders.CustomerID), "totals")
	run(eng, core.Select(Customers.Name, totals.C("total")).
		From(Customers.LeftJoin(totals, Customers.ID.EqExpr(core.ColumnOf[int64](totals, "customer_id")))).
		OrderBy(core.ColumnOf[int64](totals, "total").Desc().NullsLast(), Customers.Name))
	// Output:
	// SELECT customer.name, totals.total FROM customer LEFT OUTER JOIN (SELECT orders.customer_id, sum(orders.total) AS total FROM orders GROUP BY orders.customer_id) AS totals ON customer.id = totals.customer_id ORDER BY totals.total DESC NULLS LAST, customer.name
	// ada | 100
	// grace | 100
	// linus | <nil>
}

// WITH RECURSIVE: the step receives the CTE itself to join to.
func Example_recursiveCTE() {
	eng, done := shopDB()
	defer done()
	tree := core.RecursiveCTE("tree",
		core.Select(Categories.ID, Categories.Name.Label("path")).Where(Categories.ParentID.IsNull()),
		func(tree *core.Table) core.Selectable {
			return core.Select(Categories.ID, core.ColumnOf[string](tree, "path").Concat("/").ConcatExpr(Categories.Name)).
				From(Categories.Join(tree, Categories.ParentID.EqExpr(core.ColumnOf[sql.Null[int64]](tree, "id"))))
		})
	run(eng, core.Select(tree.C("path")).OrderBy(tree.C("path")))
	// Output:
	// WITH RECURSIVE tree(id, path) AS (SELECT category.id, category.name AS path FROM category WHERE category.parent_id IS NULL UNION ALL SELECT category.id, tree.path || ? || category.name AS anon_1 FROM category JOIN tree ON category.parent_id = tree.id) SELECT tree.path FROM tree ORDER BY tree.path
	// books
	// books/fiction
	// books/fiction/crime
	// books/poetry
}

// CTEs are written once at the top, in dependency order, however deep they
// are used.
func Example_cte() {
	eng, done := shopDB()
	defer done()
	totals := core.CTE(core.Select(Orders.CustomerID, core.Sum(Orders.Total).Label("total")).GroupBy(Orders.CustomerID), "totals")
	best := core.CTE(core.Select(core.Max(core.ColumnOf[int64](totals, "total")).Label("top")), "best")
	run(eng, core.Select(Customers.Name).
		Where(Customers.ID.InSelect(core.Select(totals.C("customer_id")).Where(core.ColumnOf[int64](totals, "total").EqExpr(core.ScalarSubquery[int64](core.Select(best.C("top"))))))).
		OrderBy(Customers.Name))
	// Output:
	// WITH totals AS (SELECT orders.customer_id, sum(orders.total) AS total FROM orders GROUP BY orders.customer_id), best AS (SELECT max(totals.total) AS top FROM totals) SELECT customer.name FROM customer WHERE customer.id IN (SELECT totals.customer_id FROM totals WHERE totals.total = (SELECT best.top FROM best)) ORDER BY customer.name
	// ada
	// grace
}

// Set operations; ORDER BY and LIMIT apply to the combined rows and name
// the first SELECT's columns.
func Example_setOperations() {
	eng, done := shopDB()
	defer done()
	run(eng, core.Union(
		core.Select(Customers.Name.Label("word")),
		core.Select(Orders.Status),
	).OrderBy(Customers.Name.Label("word")).Limit(4))
	run(eng, core.Except(core.Select(Customers.ID), core.Select(Orders.CustomerID)))
	// Output:
	// SELECT customer.name AS word FROM customer UNION SELECT orders.status FROM orders ORDER BY word LIMIT ?
	// ada
	// grace
	// linus
	// open
	// SELECT customer.id FROM customer EXCEPT SELECT orders.customer_id FROM orders
	// 3
}

// Window functions: OVER with PARTITION BY, ORDER BY and frames.
func Example_windowFunctions() {
	eng, done := shopDB()
	defer done()
	byTotal := core.OrderWindow(Orders.Total.Desc())
	run(eng, core.Select(Orders.ID,
		core.RowNumber().Over(byTotal).Label("rn"),
		core.Rank().Over(byTotal).Label("rnk"),
		core.DenseRank().Over(byTotal).Label("dense"),
		core.Sum(Orders.Total).Over(core.PartitionBy(Orders.CustomerID).OrderBy(Orders.ID).Rows(core.UnboundedPreceding(), core.CurrentRow())).Label("running"),
		core.Lag(Orders.Total, 1).Over(core.OrderWindow(Orders.ID)).Label("prev"),
	).OrderBy(Orders.ID))
	// Output:
	// SELECT orders.id, row_number() OVER (ORDER BY orders.total DESC) AS rn, rank() OVER (ORDER BY orders.total DESC) AS rnk, dense_rank() OVER (ORDER BY orders.total DESC) AS dense, sum(orders.total) OVER (PARTITION BY orders.customer_id ORDER BY orders.id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running, lag(orders.total, ?) OVER (ORDER BY orders.id) AS prev FROM orders ORDER BY orders.id
	// 10 | 4 | 4 | 3 | 30 | <nil>
	// 11 | 1 | 1 | 1 | 100 | 30
	// 12 | 2 | 2 | 2 | 50 | 70
	// 13 | 3 | 2 | 2 | 100 | 50
}

// Upserts: ON CONFLICT on PostgreSQL and SQLite, ON DUPLICATE KEY UPDATE on
// MySQL; Excluded is the row that was not inserted.
func Example_upsert() {
	eng, done := shopDB()
	defer done()
	ctx := context.Background()
	up := core.Insert(Customers).
		Row(Customers.ID.To(1), Customers.Name.To("ada"), Customers.City.To(sql.Null[string]{V: "Paris", Valid: true})).
		OnConflict(core.ConflictOn(Customers.ID).DoUpdate(Customers.City.ToExpr(core.Excluded(Customers.City))))
	fmt.Println(up)
	if _, err := eng.Exec(ctx, up); err != nil {
		fmt.Println(err)
	}
	keep := core.Insert(Customers).Row(Customers.ID.To(2), Customers.Name.To("grace")).OnConflict(core.ConflictOn(Customers.ID).DoNothing())
	if _, err := eng.Exec(ctx, keep); err != nil {
		fmt.Println(err)
	}
	run(eng, core.Select(Customers.Name, Customers.City).Where(Customers.ID.In(1, 2)).OrderBy(Customers.ID))
	// Output:
	// INSERT INTO customer (id, name, city) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET city = excluded.city
	// SELECT customer.name, customer.city FROM customer WHERE customer.id IN (?, ?) ORDER BY customer.id
	// ada | Paris
	// grace | New York
}

// INSERT ... SELECT, UPDATE ... FROM and DELETE ... USING (an EXISTS on
// SQLite, which has no USING).
func Example_dml() {
	eng, done := shopDB()
	defer done()
	ctx := context.Background()
	stmts := []core.Statement{
		core.Insert(Orders).FromSelect(
			core.Select(Customers.ID.Add(100), Customers.ID, core.LiteralOf(int64(0)), core.LiteralOf("new")).Where(Customers.City.IsNull()),
			Orders.ID, Orders.CustomerID, Orders.Total, Orders.Status),
		core.Update(Orders).Set(Orders.Status.To("vip")).From(Customers).
			Where(Orders.CustomerID.EqExpr(Customers.ID), Customers.City.Eq(sql.Null[string]{V: "London", Valid: true})),
		core.Delete(Orders).Using(Customers).Where(Orders.CustomerID.EqExpr(Customers.ID), Customers.Name.Eq("grace")),
	}
	for _, s := range stmts {
		cs, _, _ := sqlcompile.Compile(eng.Dialect(), s)
		fmt.Println(cs.SQL)
		if _, err := eng.Exec(ctx, s); err != nil {
			fmt.Println(err)
		}
	}
	run(eng, core.Select(Orders.ID, Orders.Status).OrderBy(Orders.ID))
	// Output:
	// INSERT INTO orders (id, customer_id, total, status) SELECT customer.id + ? AS anon_1, customer.id, 0 AS anon_2, 'new' AS anon_3 FROM customer WHERE customer.city IS NULL
	// UPDATE orders SET status = ? FROM customer WHERE orders.customer_id = customer.id AND customer.city = ?
	// DELETE FROM orders WHERE EXISTS (SELECT 1 FROM customer WHERE orders.customer_id = customer.id AND customer.name = ?)
	// SELECT orders.id, orders.status FROM orders ORDER BY orders.id
	// 10 | vip
	// 11 | vip
	// 103 | new
}

// Text with declared columns is a subquery like any other.
func Example_textSubquery() {
	eng, done := shopDB()
	defer done()
	big := core.Text("SELECT customer_id, total FROM orders WHERE total > :min").Bind("min", 40).
		Columns(core.TextColumn{Name: "customer_id", Type: sqltype.BigInt{}}, core.TextColumn{Name: "total", Type: sqltype.BigInt{}})
	t := core.Subquery(big, "big")
	run(eng, core.Select(Customers.Name, core.Count().Label("n")).
		From(Customers.Join(t, Customers.ID.EqExpr(core.ColumnOf[int64](t, "customer_id")))).
		GroupBy(Customers.Name).OrderBy(Customers.Name))
	// Output:
	// SELECT customer.name, count(*) AS n FROM customer JOIN (SELECT customer_id, total FROM orders WHERE total > ?) AS big ON customer.id = big.customer_id GROUP BY customer.name ORDER BY customer.name
	// ada | 1
	// grace | 2
}

// JSON members by path: as JSON, or as text to compare.
func Example_json() {
	eng, done := shopDB()
	defer done()
	run(eng, core.Select(Docs.ID, core.JSONGet(Docs.Body, "tags", 0).Label("tag"), core.JSONGetText(Docs.Body, "by", "name").Label("author")).
		Where(core.JSONGetText(Docs.Body, "kind").Eq("note")))
	// Output:
	// SELECT doc.id, doc.body -> ? AS tag, doc.body ->> ? AS author FROM doc WHERE doc.body ->> ? = ?
	// 1 | "a" | ada
}

// String renders a statement for reading; CompileLiteral writes the values
// in with the dialect's escaping, for logs and scripts (never to execute
// user data).
func Example_debugging() {
	q := core.Select(Customers.Name).Where(Customers.Name.Eq("o'brien"), Customers.ID.Gt(2)).Limit(5)
	fmt.Println(q)
	lit, err := sqlcompile.CompileLiteral(postgres.NewDialect(), q)
	fmt.Println(lit, err)
	// Output:
	// SELECT customer.name FROM customer WHERE customer.name = $1 AND customer.id > $2 LIMIT $3
	// SELECT customer.name FROM customer WHERE customer.name = 'o''brien' AND customer.id > 2 LIMIT 5 <nil>
}

// PostgreSQL's own constructs, compiled: DISTINCT ON, arrays, LATERAL and
// row locks. Other dialects return *sqlcompile.UnsupportedError.
func Example_postgresOnly() {
	pg := postgres.NewDialect()
	latest := core.Lateral(core.Select(Orders.Total).Where(Orders.CustomerID.EqExpr(Customers.ID)).OrderBy(Orders.ID.Desc()).Limit(1), "latest")
	for _, q := range []core.Statement{
		core.Select(Orders.CustomerID, Orders.Total).DistinctOn(Orders.CustomerID).OrderBy(Orders.CustomerID, Orders.Total.Desc()),
		core.Select(Customers.Name).Where(Customers.ID.EqAny(core.Array[int64](1, 2))),
		core.Select(Customers.Name, latest.C("total")).From(Customers.LeftJoin(latest, core.True())),
		core.Select(Orders.ID).Where(Orders.Status.Eq("open")).ForUpdate(core.SkipLocked()),
	} {
		cs, args, err := sqlcompile.Compile(pg, q)
		fmt.Println(cs.SQL, args, err)
	}
	// Output:
	// SELECT DISTINCT ON (orders.customer_id) orders.customer_id, orders.total FROM orders ORDER BY orders.customer_id, orders.total DESC [] <nil>
	// SELECT customer.name FROM customer WHERE customer.id = ANY ($1) [[1 2]] <nil>
	// SELECT customer.name, latest.total FROM customer LEFT OUTER JOIN LATERAL (SELECT orders.total FROM orders WHERE orders.customer_id = customer.id ORDER BY orders.id DESC LIMIT $1) AS latest ON true [1] <nil>
	// SELECT orders.id FROM orders WHERE orders.status = $1 FOR UPDATE SKIP LOCKED [open] <nil>
}
