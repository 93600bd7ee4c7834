package compilecases

import (
	"database/sql"

	"github.com/retort-go/retort/core"
)

// tree is the recursive walk down from the roots of the node table.
func tree() *core.Table {
	return core.RecursiveCTE("tree",
		core.Select(Nodes.ID, Nodes.Name, core.LiteralOf(int64(0)).Label("depth")).Where(Nodes.ParentID.IsNull()),
		func(t *core.Table) core.Selectable {
			return core.Select(Nodes.ID, Nodes.Name, core.ColumnOf[int64](t, "depth").Add(1)).
				From(Nodes.Join(t, Nodes.ParentID.EqExpr(core.ColumnOf[sql.Null[int64]](t, "id"))))
		})
}

// counts is a CTE of address counts per user.
func counts() *core.Table { return core.CTE(perUser(), "counts") }

// cteCases: item 3: WITH, several CTEs, CTEs that use others, WITH
// RECURSIVE, and CTEs on INSERT, UPDATE and DELETE.
func cteCases() []Case {
	return []Case{
		portable("a CTE joined to a table",
			func() core.Statement {
				c := counts()
				return core.Select(Users.Name, c.C("n")).From(Users.Join(c, Users.ID.EqExpr(core.ColumnOf[int64](c, "user_id"))))
			},
			"WITH counts AS (SELECT address.user_id, count(*) AS n FROM address GROUP BY address.user_id) SELECT user_account.name, counts.n FROM user_account JOIN counts ON user_account.id = counts.user_id"),
		portable("a CTE used twice is defined once",
			func() core.Statement {
				c := counts()
				other := core.Alias(c, "other")
				return core.Select(core.ColumnOf[int64](c, "user_id")).
					From(c.Join(other, core.ColumnOf[int64](c, "n").LtExpr(core.ColumnOf[int64](other, "n"))))
			},
			"WITH counts AS (SELECT address.user_id, count(*) AS n FROM address GROUP BY address.user_id) SELECT counts.user_id FROM counts JOIN counts AS other ON counts.n < other.n"),
		portable("two CTEs, the second using the first, in dependency order",
			func() core.Statement {
				c := counts()
				busy := core.CTE(core.Select(core.ColumnOf[int64](c, "user_id")).Where(core.ColumnOf[int64](c, "n").Gt(1)), "busy")
				return core.Select(Users.Name).Where(Users.ID.InSelect(core.Select(busy.C("user_id"))))
			},
			"WITH counts AS (SELECT address.user_id, count(*) AS n FROM address GROUP BY address.user_id), busy AS (SELECT counts.user_id FROM counts WHERE counts.n > $1) SELECT user_account.name FROM user_account WHERE user_account.id IN (SELECT busy.user_id FROM busy)",
			int64(1)),
		portable("two independent CTEs keep the order they are met in",
			func() core.Statement {
				a := core.CTE(core.Select(Users.ID).Where(Users.Active), "a")
				b := core.CTE(core.Select(Tags.ID), "b")
				return core.Select(a.C("id"), b.C("id")).From(a.CrossJoin(b))
			},
			"WITH a AS (SELECT user_account.id FROM user_account WHERE user_account.active), b AS (SELECT tag.id FROM tag) SELECT a.id, b.id AS id_1 FROM a CROSS JOIN b"),
		portable("a CTE used only inside a subquery is hoisted to the top",
			func() core.Statement {
				c := counts()
				return core.Select(Users.Name).Where(core.Exists(core.Select(c.C("n")).Where(core.ColumnOf[int64](c, "user_id").EqExpr(Users.ID))))
			},
			"WITH counts AS (SELECT address.user_id, count(*) AS n FROM address GROUP BY address.user_id) SELECT user_account.name FROM user_account WHERE EXISTS (SELECT counts.n FROM counts WHERE counts.user_id = user_account.id)"),
		portable("a CTE's values bind before the query's",
			func() core.Statement {
				a := core.CTE(core.Select(Users.ID).Where(Users.Name.Ne("x")), "a")
				return core.Select(a.C("id")).Where(core.ColumnOf[int64](a, "id").Gt(3))
			},
			"WITH a AS (SELECT user_account.id FROM user_account WHERE user_account.name != $1) SELECT a.id FROM a WHERE a.id > $2", "x", int64(3)),
		portable("WITH RECURSIVE walks a tree from its roots",
			func() core.Statement {
				t := tree()
				return core.Select(t.C("name"), t.C("depth")).OrderBy(t.C("depth"), t.C("name"))
			},
			"WITH RECURSIVE tree(id, name, depth) AS (SELECT node.id, node.name, 0 AS depth FROM node WHERE node.parent_id IS NULL UNION ALL SELECT node.id, node.name, tree.depth + $1 AS anon_1 FROM node JOIN tree ON node.parent_id = tree.id) SELECT tree.name, tree.depth FROM tree ORDER BY tree.depth, tree.name",
			int64(1)),
		portable("a recursive CTE next to a plain one says RECURSIVE once",
			func() core.Statement {
				t := tree()
				c := counts()
				return core.Select(t.C("name"), c.C("n")).From(t.Join(c, core.ColumnOf[int64](t, "id").EqExpr(core.ColumnOf[int64](c, "user_id"))))
			},
			"WITH RECURSIVE tree(id, name, depth) AS (SELECT node.id, node.name, 0 AS depth FROM node WHERE node.parent_id IS NULL UNION ALL SELECT node.id, node.name, tree.depth + $1 AS anon_1 FROM node JOIN tree ON node.parent_id = tree.id), counts AS (SELECT address.user_id, count(*) AS n FROM address GROUP BY address.user_id) SELECT tree.name, counts.n FROM tree JOIN counts ON tree.id = counts.user_id",
			int64(1)),
		portable("a CTE with a set operation in it",
			func() core.Statement {
				names := core.CTE(core.Union(core.Select(Users.Name), core.Select(Tags.Title)), "names")
				return core.Select(core.Count()).From(names)
			},
			"WITH names AS (SELECT user_account.name FROM user_account UNION SELECT tag.title FROM tag) SELECT count(*) AS count FROM names"),
		portable("a CTE in front of a set operation",
			func() core.Statement {
				c := counts()
				return core.Union(core.Select(c.C("user_id")), core.Select(Users.ID))
			},
			"WITH counts AS (SELECT address.user_id, count(*) AS n FROM address GROUP BY address.user_id) SELECT counts.user_id FROM counts UNION SELECT user_account.id FROM user_account"),
		{
			Name: "INSERT ... SELECT from a CTE puts WITH before INSERT, or before the SELECT on MySQL",
			Stmt: func() core.Statement {
				c := counts()
				return core.Insert(Tags).FromSelect(core.Select(core.Cast[string](c.C("user_id"), Tags.Title.Def().Type()).Label("title")), Tags.Title)
			},
			Postgres: emits("WITH counts AS (SELECT address.user_id, count(*) AS n FROM address GROUP BY address.user_id) INSERT INTO tag (title) SELECT CAST(counts.user_id AS VARCHAR(20)) AS title FROM counts"),
			MySQL:    emits("INSERT INTO tag (title) WITH counts AS (SELECT address.user_id, count(*) AS n FROM address GROUP BY address.user_id) SELECT CAST(counts.user_id AS CHAR) AS title FROM counts"),
			SQLite:   emits("WITH counts AS (SELECT address.user_id, count(*) AS n FROM address GROUP BY address.user_id) INSERT INTO tag (title) SELECT CAST(counts.user_id AS VARCHAR(20)) AS title FROM counts"),
		},
		{
			// Inside the SELECT, the CTE would be out of the conflict
			// clause's sight on PostgreSQL and SQLite.
			Name: "a CTE of INSERT ... SELECT is seen by the upsert's values",
			Stmt: func() core.Statement {
				c := counts()
				top := core.ScalarSubquery[int64](core.Select(core.Max(core.ColumnOf[int64](c, "n"))))
				return core.Insert(Tags).FromSelect(core.Select(c.C("user_id"), core.Cast[string](c.C("n"), Tags.Title.Def().Type()).Label("title")), Tags.ID, Tags.Title).
					OnConflict(core.ConflictOn(Tags.ID).DoUpdate(Tags.Title.ToExpr(core.Cast[string](top, Tags.Title.Def().Type()))))
			},
			Postgres: emits("WITH counts AS (SELECT address.user_id, count(*) AS n FROM address GROUP BY address.user_id) INSERT INTO tag (id, title) SELECT counts.user_id, CAST(counts.n AS VARCHAR(20)) AS title FROM counts ON CONFLICT (id) DO UPDATE SET title = CAST((SELECT max(counts.n) AS max FROM counts) AS VARCHAR(20))"),
			MySQL:    emits("INSERT INTO tag (id, title) WITH counts AS (SELECT address.user_id, count(*) AS n FROM address GROUP BY address.user_id) SELECT counts.user_id, CAST(counts.n AS CHAR) AS title FROM counts ON DUPLICATE KEY UPDATE tag.title = CAST((SELECT max(counts.n) AS max FROM counts) AS CHAR)"),
			SQLite:   emits("WITH counts AS (SELECT address.user_id, count(*) AS n FROM address GROUP BY address.user_id) INSERT INTO tag (id, title) SELECT anon.* FROM (SELECT counts.user_id, CAST(counts.n AS VARCHAR(20)) AS title FROM counts) AS anon WHERE 1 ON CONFLICT (id) DO UPDATE SET title = CAST((SELECT max(counts.n) AS max FROM counts) AS VARCHAR(20))"),
		},
		{
			Name: "a CTE of INSERT ... SELECT is seen by RETURNING",
			Stmt: func() core.Statement {
				c := counts()
				top := core.ScalarSubquery[int64](core.Select(core.Max(core.ColumnOf[int64](c, "n"))))
				return core.Insert(Tags).FromSelect(core.Select(core.ColumnOf[int64](c, "user_id").Add(100).Label("id"), core.Cast[string](c.C("n"), Tags.Title.Def().Type()).Label("title")), Tags.ID, Tags.Title).
					Returning(Tags.ID, top.Label("top"))
			},
			Postgres: emits("WITH counts AS (SELECT address.user_id, count(*) AS n FROM address GROUP BY address.user_id) INSERT INTO tag (id, title) SELECT counts.user_id + $1 AS id, CAST(counts.n AS VARCHAR(20)) AS title FROM counts RETURNING id, (SELECT max(counts.n) AS max FROM counts) AS top", int64(100)),
			MySQL:    unsupported("INSERT ... RETURNING"),
			MariaDB:  ptr(emits("INSERT INTO tag (id, title) WITH counts AS (SELECT address.user_id, count(*) AS n FROM address GROUP BY address.user_id) SELECT counts.user_id + ? AS id, CAST(counts.n AS CHAR) AS title FROM counts RETURNING id, (SELECT max(counts.n) AS max FROM counts) AS top", int64(100))),
			SQLite:   emits("WITH counts AS (SELECT address.user_id, count(*) AS n FROM address GROUP BY address.user_id) INSERT INTO tag (id, title) SELECT counts.user_id + ? AS id, CAST(counts.n AS VARCHAR(20)) AS title FROM counts RETURNING id, (SELECT max(counts.n) AS max FROM counts) AS top", int64(100)),
		},
		{
			Name: "two different CTEs of one name are an error",
			Stmt: func() core.Statement {
				a := core.CTE(core.Select(Addresses.UserID), "dup")
				b := core.CTE(core.Select(Addresses.ID), "dup")
				return core.Select(a.C("user_id"), b.C("id"))
			},
			Postgres: fails(core.ErrStatement, `two different CTEs are named "dup"`),
			MySQL:    fails(core.ErrStatement, `two different CTEs are named "dup"`),
			SQLite:   fails(core.ErrStatement, `two different CTEs are named "dup"`),
		},
		{
			Name: "UPDATE with a CTE; MariaDB has no WITH on UPDATE",
			Stmt: func() core.Statement {
				c := counts()
				return core.Update(Users).Set(Users.Active.To(true)).Where(Users.ID.InSelect(core.Select(c.C("user_id"))))
			},
			Postgres: emits("WITH counts AS (SELECT address.user_id, count(*) AS n FROM address GROUP BY address.user_id) UPDATE user_account SET active = $1 WHERE user_account.id IN (SELECT counts.user_id FROM counts)", true),
			MySQL:    emits("WITH counts AS (SELECT address.user_id, count(*) AS n FROM address GROUP BY address.user_id) UPDATE user_account SET active = ? WHERE user_account.id IN (SELECT counts.user_id FROM counts)", true),
			MariaDB:  ptr(unsupported("WITH on UPDATE")),
			SQLite:   emits("WITH counts AS (SELECT address.user_id, count(*) AS n FROM address GROUP BY address.user_id) UPDATE user_account SET active = ? WHERE user_account.id IN (SELECT counts.user_id FROM counts)", true),
		},
		{
			Name: "DELETE with a CTE",
			Stmt: func() core.Statement {
				gone := core.CTE(core.Select(Tags.ID).Where(Tags.Title.Like("tmp%")), "gone")
				return core.Delete(Tags).Where(Tags.ID.InSelect(core.Select(gone.C("id"))))
			},
			Postgres: emits("WITH gone AS (SELECT tag.id FROM tag WHERE tag.title LIKE $1) DELETE FROM tag WHERE tag.id IN (SELECT gone.id FROM gone)", "tmp%"),
			MySQL:    emits("WITH gone AS (SELECT tag.id FROM tag WHERE tag.title LIKE ?) DELETE FROM tag WHERE tag.id IN (SELECT gone.id FROM gone)", "tmp%"),
			MariaDB:  ptr(unsupported("WITH on DELETE")),
			SQLite:   emits("WITH gone AS (SELECT tag.id FROM tag WHERE tag.title LIKE ?) DELETE FROM tag WHERE tag.id IN (SELECT gone.id FROM gone)", "tmp%"),
		},
		{
			Name: "INSERT ... VALUES with a CTE in a value; MySQL has no WITH on INSERT",
			Stmt: func() core.Statement {
				c := counts()
				return core.Insert(Tags).Row(Tags.ID.To(900), Tags.Title.ToExpr(core.ScalarSubquery[string](core.Select(core.Cast[string](core.Max(core.ColumnOf[int64](c, "n")), Tags.Title.Def().Type())))))
			},
			Postgres: emits("WITH counts AS (SELECT address.user_id, count(*) AS n FROM address GROUP BY address.user_id) INSERT INTO tag (id, title) VALUES ($1, (SELECT CAST(max(counts.n) AS VARCHAR(20)) AS anon_1 FROM counts))", int64(900)),
			MySQL:    unsupported("WITH on INSERT ... VALUES"),
			SQLite:   emits("WITH counts AS (SELECT address.user_id, count(*) AS n FROM address GROUP BY address.user_id) INSERT INTO tag (id, title) VALUES (?, (SELECT CAST(max(counts.n) AS VARCHAR(20)) AS anon_1 FROM counts))", int64(900)),
		},
		{
			Name: "a CTE's error is reported",
			Stmt: func() core.Statement {
				bad := core.CTE(core.Select(), "bad")
				return core.Select(bad)
			},
			Postgres: fails(core.ErrStatement, "no columns"),
			MySQL:    fails(core.ErrStatement, "no columns"),
			SQLite:   fails(core.ErrStatement, "no columns"),
		},
	}
}

// setOpCases: item 4: UNION, UNION ALL, INTERSECT, EXCEPT, nested, with
// ORDER BY and LIMIT, grouped as each dialect needs.
func setOpCases() []Case {
	return []Case{
		portable("UNION of two SELECTs",
			func() core.Statement { return core.Union(core.Select(Users.Name), core.Select(Tags.Title)) },
			"SELECT user_account.name FROM user_account UNION SELECT tag.title FROM tag"),
		portable("UNION ALL of three with ORDER BY the first member's column and LIMIT",
			func() core.Statement {
				return core.UnionAll(core.Select(Users.Name), core.Select(Tags.Title), core.Select(Addresses.Email)).OrderBy(Users.Name.Desc()).Limit(5)
			},
			"SELECT user_account.name FROM user_account UNION ALL SELECT tag.title FROM tag UNION ALL SELECT address.email_address FROM address ORDER BY name DESC LIMIT $1",
			int64(5)),
		portable("ORDER BY a label of the first member",
			func() core.Statement {
				word := Users.Name.Label("word")
				return core.Union(core.Select(word), core.Select(Tags.Title)).OrderBy(word)
			},
			"SELECT user_account.name AS word FROM user_account UNION SELECT tag.title FROM tag ORDER BY word"),
		{
			Name: "OFFSET on a set operation is spelt per dialect",
			Stmt: func() core.Statement {
				return core.Union(core.Select(Users.Name), core.Select(Tags.Title)).OrderBy(Users.Name).Limit(2).Offset(1)
			},
			Postgres: emits("SELECT user_account.name FROM user_account UNION SELECT tag.title FROM tag ORDER BY name LIMIT $1 OFFSET $2", int64(2), int64(1)),
			MySQL:    emits("SELECT user_account.name FROM user_account UNION SELECT tag.title FROM tag ORDER BY name LIMIT ?, ?", int64(1), int64(2)),
			SQLite:   emits("SELECT user_account.name FROM user_account UNION SELECT tag.title FROM tag ORDER BY name LIMIT ? OFFSET ?", int64(2), int64(1)),
		},
		{
			Name: "a set operation ordered NULLS FIRST is emulated on MySQL",
			Stmt: func() core.Statement {
				return core.Union(core.Select(Users.Nickname), core.Select(Users.Name)).OrderBy(Users.Nickname.Asc().NullsFirst())
			},
			Postgres: emits("SELECT user_account.nickname FROM user_account UNION SELECT user_account.name FROM user_account ORDER BY nickname NULLS FIRST"),
			MySQL:    emits("SELECT user_account.nickname FROM user_account UNION SELECT user_account.name FROM user_account ORDER BY nickname IS NULL DESC, nickname"),
			SQLite:   emits("SELECT user_account.nickname FROM user_account UNION SELECT user_account.name FROM user_account ORDER BY nickname NULLS FIRST"),
		},
		portable("INTERSECT",
			func() core.Statement { return core.Intersect(core.Select(Users.ID), core.Select(Addresses.UserID)) },
			"SELECT user_account.id FROM user_account INTERSECT SELECT address.user_id FROM address"),
		portable("EXCEPT",
			func() core.Statement { return core.Except(core.Select(Users.ID), core.Select(Addresses.UserID)) },
			"SELECT user_account.id FROM user_account EXCEPT SELECT address.user_id FROM address"),
		{
			Name:     "EXCEPT ALL",
			Stmt:     func() core.Statement { return core.ExceptAll(core.Select(Users.ID), core.Select(Addresses.UserID)) },
			Postgres: emits("SELECT user_account.id FROM user_account EXCEPT ALL SELECT address.user_id FROM address"),
			MySQL:    emits("SELECT user_account.id FROM user_account EXCEPT ALL SELECT address.user_id FROM address"),
			SQLite:   unsupported("EXCEPT ALL"),
		},
		{
			Name: "a nested set operation is parenthesised, or a subquery on SQLite",
			Stmt: func() core.Statement {
				return core.Intersect(core.Union(core.Select(Users.ID), core.Select(Tags.ID)), core.Select(Addresses.UserID))
			},
			Postgres: emits("(SELECT user_account.id FROM user_account UNION SELECT tag.id FROM tag) INTERSECT SELECT address.user_id FROM address"),
			MySQL:    emits("(SELECT user_account.id FROM user_account UNION SELECT tag.id FROM tag) INTERSECT SELECT address.user_id FROM address"),
			SQLite:   emits("SELECT * FROM (SELECT user_account.id FROM user_account UNION SELECT tag.id FROM tag) INTERSECT SELECT address.user_id FROM address"),
		},
		{
			Name: "a nested set operation on the right",
			Stmt: func() core.Statement {
				return core.Except(core.Select(Users.ID), core.UnionAll(core.Select(Tags.ID), core.Select(Addresses.UserID)))
			},
			Postgres: emits("SELECT user_account.id FROM user_account EXCEPT (SELECT tag.id FROM tag UNION ALL SELECT address.user_id FROM address)"),
			MySQL:    emits("SELECT user_account.id FROM user_account EXCEPT (SELECT tag.id FROM tag UNION ALL SELECT address.user_id FROM address)"),
			SQLite:   emits("SELECT user_account.id FROM user_account EXCEPT SELECT * FROM (SELECT tag.id FROM tag UNION ALL SELECT address.user_id FROM address)"),
		},
		{
			Name: "a member with its own ORDER BY and LIMIT is grouped",
			Stmt: func() core.Statement {
				return core.UnionAll(core.Select(Users.Name).OrderBy(Users.ID.Desc()).Limit(2), core.Select(Tags.Title))
			},
			Postgres: emits("(SELECT user_account.name FROM user_account ORDER BY user_account.id DESC LIMIT $1) UNION ALL SELECT tag.title FROM tag", int64(2)),
			MySQL:    emits("(SELECT user_account.name FROM user_account ORDER BY user_account.id DESC LIMIT ?) UNION ALL SELECT tag.title FROM tag", int64(2)),
			SQLite:   emits("SELECT * FROM (SELECT user_account.name FROM user_account ORDER BY user_account.id DESC LIMIT ?) UNION ALL SELECT tag.title FROM tag", int64(2)),
			Columns:  []string{"name"},
		},
		portable("a set operation as a subquery in FROM",
			func() core.Statement {
				ids := core.Subquery(core.Union(core.Select(Users.ID), core.Select(Addresses.UserID)), "ids")
				return core.Select(core.Count()).From(ids)
			},
			"SELECT count(*) AS count FROM (SELECT user_account.id FROM user_account UNION SELECT address.user_id FROM address) AS ids"),
		portable("IN a set operation",
			func() core.Statement {
				return core.Select(Users.Name).Where(Users.ID.InSelect(core.Union(core.Select(Addresses.UserID), core.Select(Messages.SenderID))))
			},
			"SELECT user_account.name FROM user_account WHERE user_account.id IN (SELECT address.user_id FROM address UNION SELECT message.sender_id FROM message)"),
		portable("the values of the members bind in order",
			func() core.Statement {
				return core.Union(core.Select(Users.Name).Where(Users.ID.Gt(1)), core.Select(Tags.Title).Where(Tags.ID.Lt(9))).Limit(3)
			},
			"SELECT user_account.name FROM user_account WHERE user_account.id > $1 UNION SELECT tag.title FROM tag WHERE tag.id < $2 LIMIT $3",
			int64(1), int64(9), int64(3)),
		{
			Name: "ORDER BY a column that is not in the first SELECT is an error",
			Stmt: func() core.Statement {
				return core.Union(core.Select(Users.Name), core.Select(Tags.Title)).OrderBy(Tags.Title)
			},
			Postgres: fails(core.ErrStatement, "must name a column of its first SELECT"),
			MySQL:    fails(core.ErrStatement, "must name a column of its first SELECT"),
			SQLite:   fails(core.ErrStatement, "must name a column of its first SELECT"),
		},
		{
			Name:     "a set operation of one statement is an error",
			Stmt:     func() core.Statement { return core.Union(core.Select(Users.Name)) },
			Postgres: fails(core.ErrStatement, "needs at least two statements"),
			MySQL:    fails(core.ErrStatement, "needs at least two statements"),
			SQLite:   fails(core.ErrStatement, "needs at least two statements"),
		},
	}
}
