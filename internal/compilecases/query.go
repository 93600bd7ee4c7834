package compilecases

import (
	"database/sql"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/sqlcompile"
)

// perUser is "(SELECT user_id, count(*) AS n FROM address GROUP BY user_id)".
func perUser() *core.SelectStmt {
	return core.Select(Addresses.UserID, core.Count().Label("n")).GroupBy(Addresses.UserID)
}

// queryCases: item 2 of the expression language: DISTINCT ON, the join
// kinds, aliases, subqueries in FROM, scalar and correlated subqueries,
// EXISTS, LATERAL and row locking.
func queryCases() []Case {
	return []Case{
		{
			Name: "DISTINCT ON is PostgreSQL's",
			Stmt: func() core.Statement {
				return core.Select(Addresses.UserID, Addresses.Email).DistinctOn(Addresses.UserID).OrderBy(Addresses.UserID, Addresses.ID.Desc())
			},
			Postgres: emits("SELECT DISTINCT ON (address.user_id) address.user_id, address.email_address FROM address ORDER BY address.user_id, address.id DESC"),
			MySQL:    unsupported("DISTINCT ON"),
			SQLite:   unsupported("DISTINCT ON"),
		},
		portable("RightJoin is RIGHT OUTER JOIN with the inferred ON",
			func() core.Statement {
				return core.Select(Users.Name, Addresses.Email).From(Users.RightJoin(Addresses))
			},
			"SELECT user_account.name, address.email_address FROM user_account RIGHT OUTER JOIN address ON user_account.id = address.user_id"),
		{
			Name:     "FullJoin is FULL OUTER JOIN; MySQL has none",
			Stmt:     func() core.Statement { return core.Select(Users.Name, Addresses.Email).From(Users.FullJoin(Addresses)) },
			Postgres: emits("SELECT user_account.name, address.email_address FROM user_account FULL OUTER JOIN address ON user_account.id = address.user_id"),
			MySQL:    unsupported("FULL OUTER JOIN"),
			SQLite:   emits("SELECT user_account.name, address.email_address FROM user_account FULL OUTER JOIN address ON user_account.id = address.user_id"),
		},
		portable("CrossJoin has no ON",
			func() core.Statement { return core.Select(Users.Name, Tags.Title).From(Users.CrossJoin(Tags)) },
			"SELECT user_account.name, tag.title FROM user_account CROSS JOIN tag"),
		portable("a left join chained after a cross join",
			func() core.Statement {
				return core.Select(Users.Name, Tags.Title, Addresses.Email).From(Users.CrossJoin(Tags).LeftJoin(Addresses))
			},
			"SELECT user_account.name, tag.title, address.email_address FROM user_account CROSS JOIN tag LEFT OUTER JOIN address ON user_account.id = address.user_id"),
		portable("a self-join through an alias",
			func() core.Statement {
				other := core.Alias(Users, "other")
				return core.Select(Users.Name, other.Name.Label("other_name")).
					From(Users.Join(other, Users.Name.EqExpr(other.Name), Users.ID.LtExpr(other.ID)))
			},
			"SELECT user_account.name, other.name AS other_name FROM user_account JOIN user_account AS other ON user_account.name = other.name AND user_account.id < other.id"),
		portable("a subquery in FROM is named and its columns are read by name",
			func() core.Statement {
				sub := core.Subquery(perUser(), "per_user")
				return core.Select(Users.Name, sub.C("n")).
					From(Users.Join(sub, Users.ID.EqExpr(core.ColumnOf[int64](sub, "user_id"))))
			},
			"SELECT user_account.name, per_user.n FROM user_account JOIN (SELECT address.user_id, count(*) AS n FROM address GROUP BY address.user_id) AS per_user ON user_account.id = per_user.user_id"),
		portable("a subquery's values bind in the order they are written",
			func() core.Statement {
				sub := core.Subquery(core.Select(Addresses.UserID).Where(Addresses.Email.Like("%a%")), "a")
				return core.Select(Users.Name).Where(Users.ID.Gt(0)).
					From(Users.Join(sub, Users.ID.EqExpr(core.ColumnOf[int64](sub, "user_id"))))
			},
			"SELECT user_account.name FROM user_account JOIN (SELECT address.user_id FROM address WHERE address.email_address LIKE $1) AS a ON user_account.id = a.user_id WHERE user_account.id > $2",
			"%a%", int64(0)),
		portable("a subquery read twice through an alias",
			func() core.Statement {
				a := core.Subquery(perUser(), "a")
				b := core.Alias(a, "b")
				return core.Select(core.ColumnOf[int64](a, "user_id"), core.ColumnOf[int64](b, "user_id")).
					From(a.Join(b, core.ColumnOf[int64](a, "n").EqExpr(core.ColumnOf[int64](b, "n"))))
			},
			"SELECT a.user_id, b.user_id AS user_id_1 FROM (SELECT address.user_id, count(*) AS n FROM address GROUP BY address.user_id) AS a JOIN (SELECT address.user_id, count(*) AS n FROM address GROUP BY address.user_id) AS b ON a.n = b.n"),
		portable("a subquery's columns come into the FROM of the outer query by inference",
			func() core.Statement {
				sub := core.Subquery(perUser(), "per_user")
				return core.Select(core.Max(core.ColumnOf[int64](sub, "n")).Label("most"))
			},
			"SELECT max(per_user.n) AS most FROM (SELECT address.user_id, count(*) AS n FROM address GROUP BY address.user_id) AS per_user"),
		portable("a scalar subquery in the column list is correlated to the enclosing query",
			func() core.Statement {
				n := core.ScalarSubquery[int64](core.Select(core.Count()).Where(Addresses.UserID.EqExpr(Users.ID)))
				return core.Select(Users.Name, n.Label("addresses"))
			},
			"SELECT user_account.name, (SELECT count(*) AS count FROM address WHERE address.user_id = user_account.id) AS addresses FROM user_account"),
		portable("a correlated subquery with an explicit FROM",
			func() core.Statement {
				n := core.ScalarSubquery[int64](core.Select(core.Count()).From(Addresses).Where(Addresses.UserID.EqExpr(Users.ID)))
				return core.Select(Users.Name, n.Label("addresses")).Where(Users.ID.Gt(1))
			},
			"SELECT user_account.name, (SELECT count(*) AS count FROM address WHERE address.user_id = user_account.id) AS addresses FROM user_account WHERE user_account.id > $1",
			int64(1)),
		portable("a scalar subquery in WHERE",
			func() core.Statement {
				return core.Select(Users.Name).Where(Users.ID.LtExpr(core.ScalarSubquery[int64](core.Select(core.Max(Addresses.UserID)).Where(Addresses.Email.Ne("x")))))
			},
			"SELECT user_account.name FROM user_account WHERE user_account.id < (SELECT max(address.user_id) AS max FROM address WHERE address.email_address != $1)", "x"),
		{
			Name: "IN a subquery with LIMIT selects from it on MySQL, which cannot LIMIT an IN subquery",
			Stmt: func() core.Statement {
				return core.Select(Users.Name).Where(Users.ID.InSelect(core.Select(Addresses.UserID).OrderBy(Addresses.ID.Desc()).Limit(2)))
			},
			Postgres: emits("SELECT user_account.name FROM user_account WHERE user_account.id IN (SELECT address.user_id FROM address ORDER BY address.id DESC LIMIT $1)", int64(2)),
			MySQL:    emits("SELECT user_account.name FROM user_account WHERE user_account.id IN (SELECT * FROM (SELECT address.user_id FROM address ORDER BY address.id DESC LIMIT ?) AS anon_in)", int64(2)),
			SQLite:   emits("SELECT user_account.name FROM user_account WHERE user_account.id IN (SELECT address.user_id FROM address ORDER BY address.id DESC LIMIT ?)", int64(2)),
		},
		{
			// MySQL 8 sees the enclosing query from a derived table;
			// MariaDB does not, and would report an unknown column.
			Name: "a correlated IN subquery with LIMIT is an error on MariaDB",
			Stmt: func() core.Statement {
				return core.Select(Users.ID).Where(Users.ID.InSelect(core.Select(Addresses.UserID).Where(Addresses.Email.NeExpr(Users.Name)).OrderBy(Addresses.ID).Limit(2)))
			},
			Postgres: emits("SELECT user_account.id FROM user_account WHERE user_account.id IN (SELECT address.user_id FROM address WHERE address.email_address != user_account.name ORDER BY address.id LIMIT $1)", int64(2)),
			MySQL:    emits("SELECT user_account.id FROM user_account WHERE user_account.id IN (SELECT * FROM (SELECT address.user_id FROM address WHERE address.email_address != user_account.name ORDER BY address.id LIMIT ?) AS anon_in)", int64(2)),
			MariaDB:  ptr(unsupported("an IN subquery with LIMIT that refers to the enclosing query")),
			SQLite:   emits("SELECT user_account.id FROM user_account WHERE user_account.id IN (SELECT address.user_id FROM address WHERE address.email_address != user_account.name ORDER BY address.id LIMIT ?)", int64(2)),
		},
		{
			Name: "IN a set operation whose member has LIMIT selects from it on MySQL",
			Stmt: func() core.Statement {
				return core.Select(Users.ID).Where(Users.ID.InSelect(core.Union(core.Select(Addresses.UserID).OrderBy(Addresses.ID).Limit(1), core.Select(Addresses.UserID).Where(Addresses.ID.Eq(3)))))
			},
			Postgres: emits("SELECT user_account.id FROM user_account WHERE user_account.id IN ((SELECT address.user_id FROM address ORDER BY address.id LIMIT $1) UNION SELECT address.user_id FROM address WHERE address.id = $2)", int64(1), int64(3)),
			MySQL:    emits("SELECT user_account.id FROM user_account WHERE user_account.id IN (SELECT * FROM ((SELECT address.user_id FROM address ORDER BY address.id LIMIT ?) UNION SELECT address.user_id FROM address WHERE address.id = ?) AS anon_in)", int64(1), int64(3)),
			SQLite:   emits("SELECT user_account.id FROM user_account WHERE user_account.id IN (SELECT * FROM (SELECT address.user_id FROM address ORDER BY address.id LIMIT ?) UNION SELECT address.user_id FROM address WHERE address.id = ?)", int64(1), int64(3)),
		},
		{
			Name: "a subquery in FROM that refers to the enclosing query is an error on MariaDB",
			Stmt: func() core.Statement {
				s := core.Subquery(core.Select(Addresses.ID).Where(Addresses.UserID.EqExpr(Users.ID)), "s")
				return core.Select(Users.ID, core.ScalarSubquery[int64](core.Select(core.Count()).From(s)).Label("n"))
			},
			Postgres: emits("SELECT user_account.id, (SELECT count(*) AS count FROM (SELECT address.id FROM address WHERE address.user_id = user_account.id) AS s) AS n FROM user_account"),
			MySQL:    emits("SELECT user_account.id, (SELECT count(*) AS count FROM (SELECT address.id FROM address WHERE address.user_id = user_account.id) AS s) AS n FROM user_account"),
			MariaDB:  ptr(unsupported("a subquery in FROM that refers to the enclosing query")),
			SQLite:   emits("SELECT user_account.id, (SELECT count(*) AS count FROM (SELECT address.id FROM address WHERE address.user_id = user_account.id) AS s) AS n FROM user_account"),
		},
		portable("EXISTS is correlated",
			func() core.Statement {
				return core.Select(Users.Name).Where(core.Exists(core.Select(Addresses.ID).Where(Addresses.UserID.EqExpr(Users.ID))))
			},
			"SELECT user_account.name FROM user_account WHERE EXISTS (SELECT address.id FROM address WHERE address.user_id = user_account.id)"),
		portable("NOT EXISTS with a condition of its own",
			func() core.Statement {
				return core.Select(Users.Name).Where(Users.Active, core.NotExists(core.Select(Addresses.ID).Where(Addresses.UserID.EqExpr(Users.ID), Addresses.Email.Like("%@x"))))
			},
			"SELECT user_account.name FROM user_account WHERE user_account.active AND NOT EXISTS (SELECT address.id FROM address WHERE address.user_id = user_account.id AND address.email_address LIKE $1)", "%@x"),
		portable("correlation reaches through two levels",
			func() core.Statement {
				inner := core.Select(Deliveries.ID).Where(Deliveries.AddressID.EqExpr(Addresses.ID), Deliveries.Note.EqExpr(Users.Name))
				mid := core.Select(Addresses.ID).Where(Addresses.UserID.EqExpr(Users.ID), core.Exists(inner))
				return core.Select(Users.Name).Where(core.Exists(mid))
			},
			"SELECT user_account.name FROM user_account WHERE EXISTS (SELECT address.id FROM address WHERE address.user_id = user_account.id AND EXISTS (SELECT delivery.id FROM delivery WHERE delivery.address_id = address.id AND delivery.note = user_account.name))"),
		portable("a subquery in FROM is not correlated to its own query",
			func() core.Statement {
				sub := core.Subquery(core.Select(Users.ID).Where(Users.Active), "active_users")
				return core.Select(Users.Name).From(Users.Join(sub, Users.ID.EqExpr(core.ColumnOf[int64](sub, "id"))))
			},
			"SELECT user_account.name FROM user_account JOIN (SELECT user_account.id FROM user_account WHERE user_account.active) AS active_users ON user_account.id = active_users.id"),
		{
			Name: "a subquery that correlates away every table is an error",
			Stmt: func() core.Statement {
				return core.Select(Users.Name).Where(core.Exists(core.Select(Users.ID).Where(Users.Active)))
			},
			Postgres: fails(core.ErrStatement, "no FROM left after correlating"),
			MySQL:    fails(core.ErrStatement, "no FROM left after correlating"),
			SQLite:   fails(core.ErrStatement, "no FROM left after correlating"),
		},
		{
			Name: "LATERAL sees the FROM items before it",
			Stmt: func() core.Statement {
				last := core.Lateral(core.Select(Addresses.Email).Where(Addresses.UserID.EqExpr(Users.ID)).OrderBy(Addresses.ID.Desc()).Limit(1), "last")
				return core.Select(Users.Name, last.C("email_address")).From(Users.LeftJoin(last, core.True()))
			},
			Postgres: emits("SELECT user_account.name, last.email_address FROM user_account LEFT OUTER JOIN LATERAL (SELECT address.email_address FROM address WHERE address.user_id = user_account.id ORDER BY address.id DESC LIMIT $1) AS last ON true", int64(1)),
			MySQL:    emits("SELECT user_account.name, last.email_address FROM user_account LEFT OUTER JOIN LATERAL (SELECT address.email_address FROM address WHERE address.user_id = user_account.id ORDER BY address.id DESC LIMIT ?) AS last ON true", int64(1)),
			MariaDB:  ptr(unsupported("LATERAL")),
			SQLite:   unsupported("LATERAL"),
		},
		{
			Name:     "FOR UPDATE; SQLite locks the database and leaves it out",
			Stmt:     func() core.Statement { return core.Select(Users.Name).Where(Users.ID.Eq(1)).ForUpdate() },
			Postgres: emits("SELECT user_account.name FROM user_account WHERE user_account.id = $1 FOR UPDATE", int64(1)),
			MySQL:    emits("SELECT user_account.name FROM user_account WHERE user_account.id = ? FOR UPDATE", int64(1)),
			SQLite:   emits("SELECT user_account.name FROM user_account WHERE user_account.id = ?", int64(1)),
		},
		{
			Name:     "FOR SHARE is LOCK IN SHARE MODE on MariaDB",
			Stmt:     func() core.Statement { return core.Select(Users.Name).ForShare() },
			Postgres: emits("SELECT user_account.name FROM user_account FOR SHARE"),
			MySQL:    emits("SELECT user_account.name FROM user_account FOR SHARE"),
			MariaDB:  ptr(emits("SELECT user_account.name FROM user_account LOCK IN SHARE MODE")),
			SQLite:   emits("SELECT user_account.name FROM user_account"),
		},
		{
			Name:     "FOR UPDATE NOWAIT",
			Stmt:     func() core.Statement { return core.Select(Users.Name).ForUpdate(core.NoWait()) },
			Postgres: emits("SELECT user_account.name FROM user_account FOR UPDATE NOWAIT"),
			MySQL:    emits("SELECT user_account.name FROM user_account FOR UPDATE NOWAIT"),
			SQLite:   unsupported("NOWAIT and SKIP LOCKED"),
		},
		{
			Name: "FOR UPDATE SKIP LOCKED after LIMIT",
			Stmt: func() core.Statement {
				return core.Select(Users.Name).OrderBy(Users.ID).Limit(10).ForUpdate(core.SkipLocked())
			},
			Postgres: emits("SELECT user_account.name FROM user_account ORDER BY user_account.id LIMIT $1 FOR UPDATE SKIP LOCKED", int64(10)),
			MySQL:    emits("SELECT user_account.name FROM user_account ORDER BY user_account.id LIMIT ? FOR UPDATE SKIP LOCKED", int64(10)),
			SQLite:   unsupported("NOWAIT and SKIP LOCKED"),
		},
		{
			Name:     "FOR SHARE SKIP LOCKED",
			Stmt:     func() core.Statement { return core.Select(Users.Name).ForShare(core.SkipLocked()) },
			Postgres: emits("SELECT user_account.name FROM user_account FOR SHARE SKIP LOCKED"),
			MySQL:    emits("SELECT user_account.name FROM user_account FOR SHARE SKIP LOCKED"),
			MariaDB:  ptr(emits("SELECT user_account.name FROM user_account LOCK IN SHARE MODE SKIP LOCKED")),
			SQLite:   unsupported("NOWAIT and SKIP LOCKED"),
		},
		{
			Name: "FOR UPDATE OF one table of a join; MariaDB cannot say OF",
			Stmt: func() core.Statement {
				return core.Select(Users.Name, Addresses.Email).From(Users.Join(Addresses)).ForUpdate(core.LockOf(Users))
			},
			Postgres: emits("SELECT user_account.name, address.email_address FROM user_account JOIN address ON user_account.id = address.user_id FOR UPDATE OF user_account"),
			MySQL:    emits("SELECT user_account.name, address.email_address FROM user_account JOIN address ON user_account.id = address.user_id FOR UPDATE OF user_account"),
			MariaDB:  ptr(unsupported("FOR UPDATE OF")),
			SQLite:   emits("SELECT user_account.name, address.email_address FROM user_account JOIN address ON user_account.id = address.user_id"),
		},
		{
			Name:     "FOR UPDATE OF a table the query does not read is an error",
			Stmt:     func() core.Statement { return core.Select(Users.Name).ForUpdate(core.LockOf(Addresses)) },
			Postgres: fails(core.ErrStatement, "FOR UPDATE OF names address, which the query does not read"),
			MySQL:    fails(core.ErrStatement, "FOR UPDATE OF names address, which the query does not read"),
			MariaDB:  ptr(unsupported("FOR UPDATE OF")),
			SQLite:   emits("SELECT user_account.name FROM user_account"),
		},
		{
			Name:     "FOR UPDATE with DISTINCT is an error on PostgreSQL",
			Stmt:     func() core.Statement { return core.Select(Users.Name).Distinct().ForUpdate() },
			Postgres: unsupported("FOR UPDATE or FOR SHARE with DISTINCT, GROUP BY or HAVING"),
			MySQL:    emits("SELECT DISTINCT user_account.name FROM user_account FOR UPDATE"),
			SQLite:   emits("SELECT DISTINCT user_account.name FROM user_account"),
		},
		{
			Name:     "FOR SHARE with GROUP BY is an error on PostgreSQL",
			Stmt:     func() core.Statement { return core.Select(Users.Active).GroupBy(Users.Active).ForShare() },
			Postgres: unsupported("FOR UPDATE or FOR SHARE with DISTINCT, GROUP BY or HAVING"),
			MySQL:    emits("SELECT user_account.active FROM user_account GROUP BY user_account.active FOR SHARE"),
			MariaDB:  ptr(emits("SELECT user_account.active FROM user_account GROUP BY user_account.active LOCK IN SHARE MODE")),
			SQLite:   emits("SELECT user_account.active FROM user_account GROUP BY user_account.active"),
		},
		{
			Name: "FOR UPDATE in a set operation is an error on PostgreSQL",
			Stmt: func() core.Statement {
				return core.Union(core.Select(Users.Name).ForUpdate(), core.Select(Addresses.Email))
			},
			Postgres: unsupported("FOR UPDATE or FOR SHARE in a set operation"),
			MySQL:    emits("(SELECT user_account.name FROM user_account FOR UPDATE) UNION SELECT address.email_address FROM address"),
			SQLite:   emits("SELECT user_account.name FROM user_account UNION SELECT address.email_address FROM address"),
		},
		{
			Name: "LockOf a join is an error",
			Stmt: func() core.Statement {
				return core.Select(Users.Name, Addresses.Email).From(Users.Join(Addresses)).ForUpdate(core.LockOf(Users.Join(Addresses)))
			},
			Postgres: fails(core.ErrStatement, "LockOf takes tables"),
			MySQL:    fails(core.ErrStatement, "LockOf takes tables"),
			SQLite:   fails(core.ErrStatement, "LockOf takes tables"),
		},
		{
			Name:     "LockOf nil is an error",
			Stmt:     func() core.Statement { return core.Select(Users.Name).ForUpdate(core.LockOf(nil)) },
			Postgres: fails(core.ErrStatement, "LockOf takes tables"),
			MySQL:    fails(core.ErrStatement, "LockOf takes tables"),
			SQLite:   fails(core.ErrStatement, "LockOf takes tables"),
		},
		{
			Name: "a window frame that ends before it starts is an error",
			Stmt: func() core.Statement {
				return core.Select(core.Sum(Users.ID).Over(core.OrderWindow(Users.ID).Rows(core.CurrentRow(), core.PrecedingBy(1))))
			},
			Postgres: fails(core.ErrStatement, "the window frame ends before it starts"),
			MySQL:    fails(core.ErrStatement, "the window frame ends before it starts"),
			SQLite:   fails(core.ErrStatement, "the window frame ends before it starts"),
		},
		{
			Name:     "NOWAIT and SKIP LOCKED together are an error",
			Stmt:     func() core.Statement { return core.Select(Users.Name).ForUpdate(core.NoWait(), core.SkipLocked()) },
			Postgres: fails(core.ErrStatement, "exclude each other"),
			MySQL:    fails(core.ErrStatement, "exclude each other"),
			SQLite:   fails(core.ErrStatement, "exclude each other"),
		},
		portable("row_number over an ORDER BY",
			func() core.Statement {
				return core.Select(Users.Name, core.RowNumber().Over(core.OrderWindow(Users.ID)).Label("rn"))
			},
			"SELECT user_account.name, row_number() OVER (ORDER BY user_account.id) AS rn FROM user_account"),
		{
			Name: "rank and dense_rank over a partition; MySQL reserves their names",
			Stmt: func() core.Statement {
				w := core.PartitionBy(Addresses.UserID).OrderBy(Addresses.Email.Desc())
				return core.Select(Addresses.Email, core.Rank().Over(w), core.DenseRank().Over(w))
			},
			Postgres: emits("SELECT address.email_address, rank() OVER (PARTITION BY address.user_id ORDER BY address.email_address DESC) AS rank, dense_rank() OVER (PARTITION BY address.user_id ORDER BY address.email_address DESC) AS dense_rank FROM address"),
			MySQL:    emits("SELECT address.email_address, rank() OVER (PARTITION BY address.user_id ORDER BY address.email_address DESC) AS `rank`, dense_rank() OVER (PARTITION BY address.user_id ORDER BY address.email_address DESC) AS `dense_rank` FROM address"),
			SQLite:   emits("SELECT address.email_address, rank() OVER (PARTITION BY address.user_id ORDER BY address.email_address DESC) AS rank, dense_rank() OVER (PARTITION BY address.user_id ORDER BY address.email_address DESC) AS dense_rank FROM address"),
		},
		portable("lag and lead with an offset",
			func() core.Statement {
				w := core.OrderWindow(Users.ID)
				return core.Select(Users.ID, core.Lag(Users.Name, 1).Over(w).Label("prev"), core.Lead(Users.Name, 2).Over(w).Label("next2"))
			},
			"SELECT user_account.id, lag(user_account.name, $1) OVER (ORDER BY user_account.id) AS prev, lead(user_account.name, $2) OVER (ORDER BY user_account.id) AS next2 FROM user_account",
			int64(1), int64(2)),
		portable("a running sum over ROWS from the start to the current row",
			func() core.Statement {
				return core.Select(Users.ID, core.Sum(Users.ID).Over(core.OrderWindow(Users.ID).Rows(core.UnboundedPreceding(), core.CurrentRow())).Label("running"))
			},
			"SELECT user_account.id, sum(user_account.id) OVER (ORDER BY user_account.id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running FROM user_account"),
		portable("a moving window writes its offsets as integers",
			func() core.Statement {
				return core.Select(Users.ID, core.Avg(Users.ID).Over(core.OrderWindow(Users.ID).Rows(core.PrecedingBy(2), core.FollowingBy(1))).Label("moving"))
			},
			"SELECT user_account.id, avg(user_account.id) OVER (ORDER BY user_account.id ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING) AS moving FROM user_account"),
		portable("a RANGE frame to the end of the partition",
			func() core.Statement {
				return core.Select(Users.ID, core.Count().Over(core.PartitionBy(Users.Active).OrderBy(Users.ID).Range(core.CurrentRow(), core.UnboundedFollowing())).Label("rest"))
			},
			"SELECT user_account.id, count(*) OVER (PARTITION BY user_account.active ORDER BY user_account.id RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS rest FROM user_account"),
		portable("an aggregate over an empty window is the whole result",
			func() core.Statement {
				return core.Select(Users.ID, core.Count().Over(core.PartitionBy()).Label("total"))
			},
			"SELECT user_account.id, count(*) OVER () AS total FROM user_account"),
		portable("a window function ordered by it in the outer query",
			func() core.Statement {
				rn := core.RowNumber().Over(core.OrderWindow(Users.Name.Desc()))
				return core.Select(Users.ID, rn.Label("rn")).OrderBy(rn)
			},
			"SELECT user_account.id, row_number() OVER (ORDER BY user_account.name DESC) AS rn FROM user_account ORDER BY row_number() OVER (ORDER BY user_account.name DESC)"),
		{
			Name: "a window ordered NULLS LAST is emulated on MySQL",
			Stmt: func() core.Statement {
				return core.Select(Users.ID, core.RowNumber().Over(core.OrderWindow(Users.Nickname.Asc().NullsLast())).Label("rn"))
			},
			Postgres: emits("SELECT user_account.id, row_number() OVER (ORDER BY user_account.nickname NULLS LAST) AS rn FROM user_account"),
			MySQL:    emits("SELECT user_account.id, row_number() OVER (ORDER BY user_account.nickname IS NULL, user_account.nickname) AS rn FROM user_account"),
			SQLite:   emits("SELECT user_account.id, row_number() OVER (ORDER BY user_account.nickname NULLS LAST) AS rn FROM user_account"),
		},
		{
			Name: "a negative frame offset is an error",
			Stmt: func() core.Statement {
				return core.Select(core.Sum(Users.ID).Over(core.OrderWindow(Users.ID).Rows(core.PrecedingBy(-1), core.CurrentRow())))
			},
			Postgres: fails(core.ErrStatement, "cannot be negative"),
			MySQL:    fails(core.ErrStatement, "cannot be negative"),
			SQLite:   fails(core.ErrStatement, "cannot be negative"),
		},
		portable("GROUP BY with HAVING on an aggregate of a join",
			func() core.Statement {
				return core.Select(Users.Name, core.Count(Addresses.ID).Label("n")).From(Users.LeftJoin(Addresses)).
					GroupBy(Users.Name).Having(core.Count(Addresses.ID).Ge(1)).OrderBy(Users.Name)
			},
			"SELECT user_account.name, count(address.id) AS n FROM user_account LEFT OUTER JOIN address ON user_account.id = address.user_id GROUP BY user_account.name HAVING count(address.id) >= $1 ORDER BY user_account.name",
			int64(1)),
		{
			Name: "a nullable column compared with a CTE column of the same type",
			Stmt: func() core.Statement {
				roots := core.CTE(core.Select(Nodes.ID).Where(Nodes.ParentID.IsNull()), "roots")
				return core.Select(Nodes.Name).Where(Nodes.ParentID.InSelect(core.Select(core.ColumnOf[sql.Null[int64]](roots, "id"))))
			},
			Postgres: emits("WITH roots AS (SELECT node.id FROM node WHERE node.parent_id IS NULL) SELECT node.name FROM node WHERE node.parent_id IN (SELECT roots.id FROM roots)"),
			MySQL:    emits("WITH roots AS (SELECT node.id FROM node WHERE node.parent_id IS NULL) SELECT node.name FROM node WHERE node.parent_id IN (SELECT roots.id FROM roots)"),
			SQLite:   emits("WITH roots AS (SELECT node.id FROM node WHERE node.parent_id IS NULL) SELECT node.name FROM node WHERE node.parent_id IN (SELECT roots.id FROM roots)"),
		},
		{
			Name:     "INTERSECT ALL is not SQLite's",
			Stmt:     func() core.Statement { return core.IntersectAll(core.Select(Users.Name), core.Select(Tags.Title)) },
			Postgres: emits("SELECT user_account.name FROM user_account INTERSECT ALL SELECT tag.title FROM tag"),
			MySQL:    emits("SELECT user_account.name FROM user_account INTERSECT ALL SELECT tag.title FROM tag"),
			SQLite:   fails(sqlcompile.ErrUnsupported, "sqlite does not support INTERSECT ALL"),
		},
	}
}
