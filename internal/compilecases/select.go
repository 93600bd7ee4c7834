package compilecases

import (
	"database/sql"

	"github.com/retort-go/retort/core"
)

func selectCases() []Case {
	return []Case{
		{
			Name: "explicit columns are qualified by their table and FROM is inferred",
			Stmt: func() core.Statement { return core.Select(Users.ID, Users.Name) },

			Postgres: emits("SELECT user_account.id, user_account.name FROM user_account"),
			MySQL:    emits("SELECT user_account.id, user_account.name FROM user_account"),
			SQLite:   emits("SELECT user_account.id, user_account.name FROM user_account"),
			Columns:  []string{"id", "name"},
		},
		{
			Name: "a whole table selects all of its columns in declaration order",
			Stmt: func() core.Statement { return core.Select(Users) },

			Postgres: emits("SELECT user_account.id, user_account.name, user_account.fullname, user_account.nickname, user_account.active FROM user_account"),
			MySQL:    emits("SELECT user_account.id, user_account.name, user_account.fullname, user_account.nickname, user_account.active FROM user_account"),
			SQLite:   emits("SELECT user_account.id, user_account.name, user_account.fullname, user_account.nickname, user_account.active FROM user_account"),
			Columns:  []string{"id", "name", "fullname", "nickname", "active"},
		},
		{
			Name: "FROM lists every table the columns and conditions read in order of first appearance",
			Stmt: func() core.Statement {
				return core.Select(Users.Name).Where(Addresses.Email.Eq("spongebob@sqlalchemy.org"))
			},

			Postgres: emits("SELECT user_account.name FROM user_account, address WHERE address.email_address = $1", "spongebob@sqlalchemy.org"),
			MySQL:    emits("SELECT user_account.name FROM user_account, address WHERE address.email_address = ?", "spongebob@sqlalchemy.org"),
			SQLite:   emits("SELECT user_account.name FROM user_account, address WHERE address.email_address = ?", "spongebob@sqlalchemy.org"),
		},
		{
			Name: "an explicit FROM comes first and tables it does not cover are added after it",
			Stmt: func() core.Statement { return core.Select(Addresses.Email).From(Users) },

			Postgres: emits("SELECT address.email_address FROM user_account, address"),
			MySQL:    emits("SELECT address.email_address FROM user_account, address"),
			SQLite:   emits("SELECT address.email_address FROM user_account, address"),
		},
		{
			Name: "a table given explicitly and read by a column is listed once",
			Stmt: func() core.Statement { return core.Select(Users.Name).From(Users) },

			Postgres: emits("SELECT user_account.name FROM user_account"),
			MySQL:    emits("SELECT user_account.name FROM user_account"),
			SQLite:   emits("SELECT user_account.name FROM user_account"),
		},
		{
			Name: "tables read only by ORDER BY or GROUP BY are in FROM too",
			Stmt: func() core.Statement {
				return core.Select(core.Count()).GroupBy(Tags.Title).OrderBy(Tags.Title)
			},

			Postgres: emits("SELECT count(*) AS count FROM tag GROUP BY tag.title ORDER BY tag.title"),
			MySQL:    emits("SELECT count(*) AS count FROM tag GROUP BY tag.title ORDER BY tag.title"),
			SQLite:   emits("SELECT count(*) AS count FROM tag GROUP BY tag.title ORDER BY tag.title"),
		},
		{
			Name: "a SELECT that reads no table has no FROM clause",
			Stmt: func() core.Statement { return core.Select(core.Value(int64(1))) },

			Postgres: emits("SELECT CAST($1 AS BIGINT) AS anon_1", int64(1)),
			MySQL:    emits("SELECT ? AS anon_1", int64(1)),
			SQLite:   emits("SELECT ? AS anon_1", int64(1)),
			Columns:  []string{"anon_1"},
		},
		{
			Name: "unnamed expressions are labelled anon_1, anon_2 in order",
			Stmt: func() core.Statement {
				return core.Select(core.Value(int64(1)), core.LiteralOf("x"), core.Now()).From(Tags)
			},

			Postgres: emits("SELECT CAST($1 AS BIGINT) AS anon_1, 'x' AS anon_2, CURRENT_TIMESTAMP AS anon_3 FROM tag", int64(1)),
			MySQL:    emits("SELECT ? AS anon_1, 'x' AS anon_2, CURRENT_TIMESTAMP(6) AS anon_3 FROM tag", int64(1)),
			SQLite:   emits("SELECT ? AS anon_1, 'x' AS anon_2, CURRENT_TIMESTAMP AS anon_3 FROM tag", int64(1)),
			Columns:  []string{"anon_1", "anon_2", "anon_3"},
		},
		{
			Name: "a NULL in the select list is the NULL keyword",
			Stmt: func() core.Statement { return core.Select(Tags.ID, core.Value[*string](nil)) },

			Postgres: emits("SELECT tag.id, NULL AS anon_1 FROM tag"),
			MySQL:    emits("SELECT tag.id, NULL AS anon_1 FROM tag"),
			SQLite:   emits("SELECT tag.id, NULL AS anon_1 FROM tag"),
		},
		{
			Name: "DISTINCT follows SELECT",
			Stmt: func() core.Statement { return core.Select(Users.Name).Distinct() },

			Postgres: emits("SELECT DISTINCT user_account.name FROM user_account"),
			MySQL:    emits("SELECT DISTINCT user_account.name FROM user_account"),
			SQLite:   emits("SELECT DISTINCT user_account.name FROM user_account"),
		},
		{
			Name: "Columns adds to the select list",
			Stmt: func() core.Statement { return core.Select(Users.ID).Columns(Users.Name) },

			Postgres: emits("SELECT user_account.id, user_account.name FROM user_account"),
			MySQL:    emits("SELECT user_account.id, user_account.name FROM user_account"),
			SQLite:   emits("SELECT user_account.id, user_account.name FROM user_account"),
		},
		{
			Name: "the dynamic path reads the same columns by name",
			Stmt: func() core.Statement {
				return core.Select(Users.C("id")).Where(Users.C("name").Eq("sandy"))
			},

			Postgres: emits("SELECT user_account.id FROM user_account WHERE user_account.name = $1", "sandy"),
			MySQL:    emits("SELECT user_account.id FROM user_account WHERE user_account.name = ?", "sandy"),
			SQLite:   emits("SELECT user_account.id FROM user_account WHERE user_account.name = ?", "sandy"),
		},
		{
			Name: "a SELECT with no columns is an error",
			Stmt: func() core.Statement { return core.Select() },

			Postgres: fails(core.ErrStatement, "no columns to select"),
			MySQL:    fails(core.ErrStatement, "no columns to select"),
			SQLite:   fails(core.ErrStatement, "no columns to select"),
		},
		{
			Name: "a nil column is an error",
			Stmt: func() core.Statement { return core.Select(Users.ID, nil) },

			Postgres: fails(core.ErrStatement, "nil item"),
			MySQL:    fails(core.ErrStatement, "nil item"),
			SQLite:   fails(core.ErrStatement, "nil item"),
		},
		{
			Name:     "a nil item added by Columns is an error",
			Stmt:     func() core.Statement { return core.Select(Users.ID).Columns(nil) },
			Postgres: fails(core.ErrStatement, "nil item"),
			MySQL:    fails(core.ErrStatement, "nil item"),
			SQLite:   fails(core.ErrStatement, "nil item"),
		},
		{
			Name:     "a nil GROUP BY expression is an error",
			Stmt:     func() core.Statement { return core.Select(Users.ID).GroupBy(nil) },
			Postgres: fails(core.ErrStatement, "nil"),
			MySQL:    fails(core.ErrStatement, "nil"),
			SQLite:   fails(core.ErrStatement, "nil"),
		},
		{
			Name:     "a nil ORDER BY item is an error",
			Stmt:     func() core.Statement { return core.Select(Users.ID).OrderBy(nil) },
			Postgres: fails(core.ErrStatement, "nil"),
			MySQL:    fails(core.ErrStatement, "nil"),
			SQLite:   fails(core.ErrStatement, "nil"),
		},
		{
			Name:     "Not of nil is an error",
			Stmt:     func() core.Statement { return core.Select(Users.ID).Where(core.Not(nil)) },
			Postgres: fails(core.ErrStatement, "nil"),
			MySQL:    fails(core.ErrStatement, "nil"),
			SQLite:   fails(core.ErrStatement, "nil"),
		},
		{
			Name: "a nil condition is an error",
			Stmt: func() core.Statement { return core.Select(Users.ID).Where(nil) },

			Postgres: fails(core.ErrStatement, "nil condition"),
			MySQL:    fails(core.ErrStatement, "nil condition"),
			SQLite:   fails(core.ErrStatement, "nil condition"),
		},
	}
}

// whereCases are SELECT user_account.id FROM user_account WHERE <condition>.
func whereCases() []Case {
	sel := func(c core.TypedExpr[bool]) func() core.Statement {
		return func() core.Statement { return core.Select(Users.ID).Where(c) }
	}
	const (
		pgHead = "SELECT user_account.id FROM user_account WHERE "
		qHead  = "SELECT user_account.id FROM user_account WHERE " // mysql and sqlite
	)
	return []Case{
		{
			Name:     "Eq compares with a bound value",
			Stmt:     sel(Users.Name.Eq("sandy")),
			Postgres: emits(pgHead+"user_account.name = $1", "sandy"),
			MySQL:    emits(qHead+"user_account.name = ?", "sandy"),
			SQLite:   emits(qHead+"user_account.name = ?", "sandy"),
		},
		{
			Name:     "Ne is !=",
			Stmt:     sel(Users.Name.Ne("sandy")),
			Postgres: emits(pgHead+"user_account.name != $1", "sandy"),
			MySQL:    emits(qHead+"user_account.name != ?", "sandy"),
			SQLite:   emits(qHead+"user_account.name != ?", "sandy"),
		},
		{
			Name:     "Lt is <",
			Stmt:     sel(Users.ID.Lt(10)),
			Postgres: emits(pgHead+"user_account.id < $1", int64(10)),
			MySQL:    emits(qHead+"user_account.id < ?", int64(10)),
			SQLite:   emits(qHead+"user_account.id < ?", int64(10)),
		},
		{
			Name:     "Le is <=",
			Stmt:     sel(Users.ID.Le(10)),
			Postgres: emits(pgHead+"user_account.id <= $1", int64(10)),
			MySQL:    emits(qHead+"user_account.id <= ?", int64(10)),
			SQLite:   emits(qHead+"user_account.id <= ?", int64(10)),
		},
		{
			Name:     "Gt is >",
			Stmt:     sel(Users.ID.Gt(10)),
			Postgres: emits(pgHead+"user_account.id > $1", int64(10)),
			MySQL:    emits(qHead+"user_account.id > ?", int64(10)),
			SQLite:   emits(qHead+"user_account.id > ?", int64(10)),
		},
		{
			Name:     "Ge is >=",
			Stmt:     sel(Users.ID.Ge(10)),
			Postgres: emits(pgHead+"user_account.id >= $1", int64(10)),
			MySQL:    emits(qHead+"user_account.id >= ?", int64(10)),
			SQLite:   emits(qHead+"user_account.id >= ?", int64(10)),
		},
		{
			Name:     "Eq with a NULL sql.Null value is IS NULL",
			Stmt:     sel(Users.Fullname.Eq(sql.Null[string]{})),
			Postgres: emits(pgHead + "user_account.fullname IS NULL"),
			MySQL:    emits(qHead + "user_account.fullname IS NULL"),
			SQLite:   emits(qHead + "user_account.fullname IS NULL"),
		},
		{
			Name:     "Eq with a nil pointer is IS NULL",
			Stmt:     sel(Users.Nickname.Eq(nil)),
			Postgres: emits(pgHead + "user_account.nickname IS NULL"),
			MySQL:    emits(qHead + "user_account.nickname IS NULL"),
			SQLite:   emits(qHead + "user_account.nickname IS NULL"),
		},
		{
			Name:     "Ne with a NULL value is IS NOT NULL",
			Stmt:     sel(Users.Nickname.Ne(nil)),
			Postgres: emits(pgHead + "user_account.nickname IS NOT NULL"),
			MySQL:    emits(qHead + "user_account.nickname IS NOT NULL"),
			SQLite:   emits(qHead + "user_account.nickname IS NOT NULL"),
		},
		{
			Name:     "Eq with a valid sql.Null value binds it",
			Stmt:     sel(Users.Fullname.Eq(NullString("Sandy Cheeks"))),
			Postgres: emits(pgHead+"user_account.fullname = $1", NullString("Sandy Cheeks")),
			MySQL:    emits(qHead+"user_account.fullname = ?", NullString("Sandy Cheeks")),
			SQLite:   emits(qHead+"user_account.fullname = ?", NullString("Sandy Cheeks")),
		},
		{
			Name:     "Eq on the dynamic path with nil is IS NULL",
			Stmt:     sel(Users.C("nickname").Eq(nil)),
			Postgres: emits(pgHead + "user_account.nickname IS NULL"),
			MySQL:    emits(qHead + "user_account.nickname IS NULL"),
			SQLite:   emits(qHead + "user_account.nickname IS NULL"),
		},
		{
			Name:     "an ordering comparison with NULL stays a comparison with NULL",
			Stmt:     sel(Users.Nickname.Lt(nil)),
			Postgres: emits(pgHead + "user_account.nickname < NULL"),
			MySQL:    emits(qHead + "user_account.nickname < NULL"),
			SQLite:   emits(qHead + "user_account.nickname < NULL"),
		},
		{
			Name: "EqExpr compares two columns and FROM lists both tables",
			Stmt: func() core.Statement {
				return core.Select(Users.Name, Addresses.Email).Where(Users.ID.EqExpr(Addresses.UserID))
			},
			Postgres: emits("SELECT user_account.name, address.email_address FROM user_account, address WHERE user_account.id = address.user_id"),
			MySQL:    emits("SELECT user_account.name, address.email_address FROM user_account, address WHERE user_account.id = address.user_id"),
			SQLite:   emits("SELECT user_account.name, address.email_address FROM user_account, address WHERE user_account.id = address.user_id"),
		},
		{
			Name:     "NeExpr LtExpr LeExpr GtExpr GeExpr compare two expressions",
			Stmt:     sel(core.And(Users.ID.NeExpr(Users.ID), Users.ID.LtExpr(Users.ID), Users.ID.LeExpr(Users.ID), Users.ID.GtExpr(Users.ID), Users.ID.GeExpr(Users.ID))),
			Postgres: emits(pgHead + "user_account.id != user_account.id AND user_account.id < user_account.id AND user_account.id <= user_account.id AND user_account.id > user_account.id AND user_account.id >= user_account.id"),
			MySQL:    emits(qHead + "user_account.id != user_account.id AND user_account.id < user_account.id AND user_account.id <= user_account.id AND user_account.id > user_account.id AND user_account.id >= user_account.id"),
			SQLite:   emits(qHead + "user_account.id != user_account.id AND user_account.id < user_account.id AND user_account.id <= user_account.id AND user_account.id > user_account.id AND user_account.id >= user_account.id"),
		},
		{
			Name:     "In binds one parameter per value",
			Stmt:     sel(Users.Name.In("spongebob", "sandy", "patrick")),
			Postgres: emits(pgHead+"user_account.name IN ($1, $2, $3)", "spongebob", "sandy", "patrick"),
			MySQL:    emits(qHead+"user_account.name IN (?, ?, ?)", "spongebob", "sandy", "patrick"),
			SQLite:   emits(qHead+"user_account.name IN (?, ?, ?)", "spongebob", "sandy", "patrick"),
		},
		{
			Name:     "NotIn is NOT IN",
			Stmt:     sel(Users.ID.NotIn(1, 2)),
			Postgres: emits(pgHead+"user_account.id NOT IN ($1, $2)", int64(1), int64(2)),
			MySQL:    emits(qHead+"user_account.id NOT IN (?, ?)", int64(1), int64(2)),
			SQLite:   emits(qHead+"user_account.id NOT IN (?, ?)", int64(1), int64(2)),
		},
		{
			Name:     "In with a slice spreads it",
			Stmt:     sel(Users.ID.In([]int64{4, 5}...)),
			Postgres: emits(pgHead+"user_account.id IN ($1, $2)", int64(4), int64(5)),
			MySQL:    emits(qHead+"user_account.id IN (?, ?)", int64(4), int64(5)),
			SQLite:   emits(qHead+"user_account.id IN (?, ?)", int64(4), int64(5)),
		},
		{
			// SQLAlchemy renders "IN (NULL) AND (1 != 1)"; a plain false
			// condition is the same for every row, NULL ones included.
			Name:     "In with an empty list is false for every row",
			Stmt:     sel(Users.Name.In()),
			Postgres: emits(pgHead + "1 != 1"),
			MySQL:    emits(qHead + "1 != 1"),
			SQLite:   emits(qHead + "1 != 1"),
		},
		{
			Name:     "NotIn with an empty list is true for every row",
			Stmt:     sel(Users.Name.NotIn()),
			Postgres: emits(pgHead + "1 = 1"),
			MySQL:    emits(qHead + "1 = 1"),
			SQLite:   emits(qHead + "1 = 1"),
		},
		{
			Name:     "a NULL in an IN list is the NULL keyword",
			Stmt:     sel(Users.Nickname.In(nil, ptr("squidward"))),
			Postgres: emits(pgHead+"user_account.nickname IN (NULL, $1)", ptr("squidward")),
			MySQL:    emits(qHead+"user_account.nickname IN (NULL, ?)", ptr("squidward")),
			SQLite:   emits(qHead+"user_account.nickname IN (NULL, ?)", ptr("squidward")),
		},
		{
			Name:     "IsNull is IS NULL",
			Stmt:     sel(Users.Fullname.IsNull()),
			Postgres: emits(pgHead + "user_account.fullname IS NULL"),
			MySQL:    emits(qHead + "user_account.fullname IS NULL"),
			SQLite:   emits(qHead + "user_account.fullname IS NULL"),
		},
		{
			Name:     "IsNotNull is IS NOT NULL",
			Stmt:     sel(Users.Fullname.IsNotNull()),
			Postgres: emits(pgHead + "user_account.fullname IS NOT NULL"),
			MySQL:    emits(qHead + "user_account.fullname IS NOT NULL"),
			SQLite:   emits(qHead + "user_account.fullname IS NOT NULL"),
		},
		{
			Name:     "Like binds the pattern",
			Stmt:     sel(Users.Name.Like("s%")),
			Postgres: emits(pgHead+"user_account.name LIKE $1", "s%"),
			MySQL:    emits(qHead+"user_account.name LIKE ?", "s%"),
			SQLite:   emits(qHead+"user_account.name LIKE ?", "s%"),
		},
		{
			Name:     "NotLike is NOT LIKE",
			Stmt:     sel(Users.Name.NotLike("%bob")),
			Postgres: emits(pgHead+"user_account.name NOT LIKE $1", "%bob"),
			MySQL:    emits(qHead+"user_account.name NOT LIKE ?", "%bob"),
			SQLite:   emits(qHead+"user_account.name NOT LIKE ?", "%bob"),
		},
		{
			Name:     "a boolean column is a condition by itself",
			Stmt:     sel(Users.Active),
			Postgres: emits(pgHead + "user_account.active"),
			MySQL:    emits(qHead + "user_account.active"),
			SQLite:   emits(qHead + "user_account.active"),
		},
		{
			Name:     "a boolean column compared with true binds the value",
			Stmt:     sel(Users.Active.Eq(true)),
			Postgres: emits(pgHead+"user_account.active = $1", true),
			MySQL:    emits(qHead+"user_account.active = ?", true),
			SQLite:   emits(qHead+"user_account.active = ?", true),
		},
		{
			Name:     "a value that looks like SQL is still only a bound value",
			Stmt:     sel(Users.Name.Eq("x'; DROP TABLE user_account; --")),
			Postgres: emits(pgHead+"user_account.name = $1", "x'; DROP TABLE user_account; --"),
			MySQL:    emits(qHead+"user_account.name = ?", "x'; DROP TABLE user_account; --"),
			SQLite:   emits(qHead+"user_account.name = ?", "x'; DROP TABLE user_account; --"),
		},
		{
			Name:     "a condition compared with a boolean column is parenthesised",
			Stmt:     sel(Users.Active.EqExpr(Users.Name.Eq("sandy"))),
			Postgres: emits(pgHead+"user_account.active = (user_account.name = $1)", "sandy"),
			MySQL:    emits(qHead+"user_account.active = (user_account.name = ?)", "sandy"),
			SQLite:   emits(qHead+"user_account.active = (user_account.name = ?)", "sandy"),
		},
		{
			Name:     "IS NULL of an OR is parenthesised",
			Stmt:     sel(core.Or(Users.Name.Eq("a"), Users.Name.Eq("b")).IsNull()),
			Postgres: emits(pgHead+"(user_account.name = $1 OR user_account.name = $2) IS NULL", "a", "b"),
			MySQL:    emits(qHead+"(user_account.name = ? OR user_account.name = ?) IS NULL", "a", "b"),
			SQLite:   emits(qHead+"(user_account.name = ? OR user_account.name = ?) IS NULL", "a", "b"),
		},
	}
}

// boolCases check AND, OR and NOT: every parenthesis SQL needs, none it does not.
func boolCases() []Case {
	sel := func(conds ...core.TypedExpr[bool]) func() core.Statement {
		return func() core.Statement { return core.Select(Users.ID).Where(conds...) }
	}
	var (
		nameA  = Users.Name.Eq("a")
		nameB  = Users.Name.Eq("b")
		active = Users.Active
		idGt   = Users.ID.Gt(7)
	)
	const head = "SELECT user_account.id FROM user_account WHERE "
	return []Case{
		{
			Name:     "And joins conditions with AND",
			Stmt:     sel(core.And(nameA, active)),
			Postgres: emits(head+"user_account.name = $1 AND user_account.active", "a"),
			MySQL:    emits(head+"user_account.name = ? AND user_account.active", "a"),
			SQLite:   emits(head+"user_account.name = ? AND user_account.active", "a"),
		},
		{
			Name:     "Or joins conditions with OR",
			Stmt:     sel(core.Or(nameA, nameB)),
			Postgres: emits(head+"user_account.name = $1 OR user_account.name = $2", "a", "b"),
			MySQL:    emits(head+"user_account.name = ? OR user_account.name = ?", "a", "b"),
			SQLite:   emits(head+"user_account.name = ? OR user_account.name = ?", "a", "b"),
		},
		{
			Name:     "an OR inside an AND is parenthesised",
			Stmt:     sel(core.And(core.Or(nameA, nameB), active)),
			Postgres: emits(head+"(user_account.name = $1 OR user_account.name = $2) AND user_account.active", "a", "b"),
			MySQL:    emits(head+"(user_account.name = ? OR user_account.name = ?) AND user_account.active", "a", "b"),
			SQLite:   emits(head+"(user_account.name = ? OR user_account.name = ?) AND user_account.active", "a", "b"),
		},
		{
			Name:     "an AND inside an OR needs no parentheses",
			Stmt:     sel(core.Or(core.And(nameA, active), idGt)),
			Postgres: emits(head+"user_account.name = $1 AND user_account.active OR user_account.id > $2", "a", int64(7)),
			MySQL:    emits(head+"user_account.name = ? AND user_account.active OR user_account.id > ?", "a", int64(7)),
			SQLite:   emits(head+"user_account.name = ? AND user_account.active OR user_account.id > ?", "a", int64(7)),
		},
		{
			Name:     "nesting alternates parentheses only where OR sits under AND",
			Stmt:     sel(core.Or(nameA, core.And(active, core.Or(nameB, idGt)))),
			Postgres: emits(head+"user_account.name = $1 OR user_account.active AND (user_account.name = $2 OR user_account.id > $3)", "a", "b", int64(7)),
			MySQL:    emits(head+"user_account.name = ? OR user_account.active AND (user_account.name = ? OR user_account.id > ?)", "a", "b", int64(7)),
			SQLite:   emits(head+"user_account.name = ? OR user_account.active AND (user_account.name = ? OR user_account.id > ?)", "a", "b", int64(7)),
		},
		{
			Name:     "an AND inside an AND is flattened",
			Stmt:     sel(core.And(nameA, core.And(active, idGt))),
			Postgres: emits(head+"user_account.name = $1 AND user_account.active AND user_account.id > $2", "a", int64(7)),
			MySQL:    emits(head+"user_account.name = ? AND user_account.active AND user_account.id > ?", "a", int64(7)),
			SQLite:   emits(head+"user_account.name = ? AND user_account.active AND user_account.id > ?", "a", int64(7)),
		},
		{
			Name:     "an OR inside an OR is flattened",
			Stmt:     sel(core.Or(core.Or(nameA, nameB), idGt)),
			Postgres: emits(head+"user_account.name = $1 OR user_account.name = $2 OR user_account.id > $3", "a", "b", int64(7)),
			MySQL:    emits(head+"user_account.name = ? OR user_account.name = ? OR user_account.id > ?", "a", "b", int64(7)),
			SQLite:   emits(head+"user_account.name = ? OR user_account.name = ? OR user_account.id > ?", "a", "b", int64(7)),
		},
		{
			Name:     "And of one condition is that condition",
			Stmt:     sel(core.And(nameA)),
			Postgres: emits(head+"user_account.name = $1", "a"),
			MySQL:    emits(head+"user_account.name = ?", "a"),
			SQLite:   emits(head+"user_account.name = ?", "a"),
		},
		{
			Name:     "And of nothing is true",
			Stmt:     sel(core.And()),
			Postgres: emits(head + "1 = 1"),
			MySQL:    emits(head + "1 = 1"),
			SQLite:   emits(head + "1 = 1"),
		},
		{
			Name:     "Or of nothing is false",
			Stmt:     sel(core.Or()),
			Postgres: emits(head + "1 != 1"),
			MySQL:    emits(head + "1 != 1"),
			SQLite:   emits(head + "1 != 1"),
		},
		{
			Name:     "several conditions given to Where are ANDed",
			Stmt:     sel(nameA, active),
			Postgres: emits(head+"user_account.name = $1 AND user_account.active", "a"),
			MySQL:    emits(head+"user_account.name = ? AND user_account.active", "a"),
			SQLite:   emits(head+"user_account.name = ? AND user_account.active", "a"),
		},
		{
			Name: "an OR given to Where next to another condition is parenthesised",
			Stmt: func() core.Statement {
				return core.Select(Users.ID).Where(core.Or(nameA, nameB)).Where(active)
			},
			Postgres: emits(head+"(user_account.name = $1 OR user_account.name = $2) AND user_account.active", "a", "b"),
			MySQL:    emits(head+"(user_account.name = ? OR user_account.name = ?) AND user_account.active", "a", "b"),
			SQLite:   emits(head+"(user_account.name = ? OR user_account.name = ?) AND user_account.active", "a", "b"),
		},
		{
			Name:     "an OR alone in Where is not parenthesised",
			Stmt:     sel(core.Or(nameA, active)),
			Postgres: emits(head+"user_account.name = $1 OR user_account.active", "a"),
			MySQL:    emits(head+"user_account.name = ? OR user_account.active", "a"),
			SQLite:   emits(head+"user_account.name = ? OR user_account.active", "a"),
		},
		{
			Name:     "Not of a column needs no parentheses",
			Stmt:     sel(core.Not(active)),
			Postgres: emits(head + "NOT user_account.active"),
			MySQL:    emits(head + "NOT user_account.active"),
			SQLite:   emits(head + "NOT user_account.active"),
		},
		{
			Name:     "Not of an OR is parenthesised",
			Stmt:     sel(core.Not(core.Or(nameA, nameB))),
			Postgres: emits(head+"NOT (user_account.name = $1 OR user_account.name = $2)", "a", "b"),
			MySQL:    emits(head+"NOT (user_account.name = ? OR user_account.name = ?)", "a", "b"),
			SQLite:   emits(head+"NOT (user_account.name = ? OR user_account.name = ?)", "a", "b"),
		},
		{
			Name:     "Not of an AND is parenthesised",
			Stmt:     sel(core.Not(core.And(nameA, active))),
			Postgres: emits(head+"NOT (user_account.name = $1 AND user_account.active)", "a"),
			MySQL:    emits(head+"NOT (user_account.name = ? AND user_account.active)", "a"),
			SQLite:   emits(head+"NOT (user_account.name = ? AND user_account.active)", "a"),
		},
		{
			// Standard SQL reads NOT a = b as NOT (a = b), but MySQL's
			// HIGH_NOT_PRECEDENCE mode reads it as (NOT a) = b: the
			// parentheses are needed.
			Name:     "Not of a comparison is parenthesised",
			Stmt:     sel(core.Not(nameA)),
			Postgres: emits(head+"NOT (user_account.name = $1)", "a"),
			MySQL:    emits(head+"NOT (user_account.name = ?)", "a"),
			SQLite:   emits(head+"NOT (user_account.name = ?)", "a"),
		},
		{
			Name:     "Not inside an AND needs no parentheses",
			Stmt:     sel(core.And(core.Not(active), nameA)),
			Postgres: emits(head+"NOT user_account.active AND user_account.name = $1", "a"),
			MySQL:    emits(head+"NOT user_account.active AND user_account.name = ?", "a"),
			SQLite:   emits(head+"NOT user_account.active AND user_account.name = ?", "a"),
		},
		{
			Name:     "Not of an IN is parenthesised",
			Stmt:     sel(core.Not(Users.ID.In(1, 2))),
			Postgres: emits(head+"NOT (user_account.id IN ($1, $2))", int64(1), int64(2)),
			MySQL:    emits(head+"NOT (user_account.id IN (?, ?))", int64(1), int64(2)),
			SQLite:   emits(head+"NOT (user_account.id IN (?, ?))", int64(1), int64(2)),
		},
		{
			Name:     "an empty IN inside an AND keeps its meaning",
			Stmt:     sel(core.And(Users.ID.In(), active)),
			Postgres: emits(head + "1 != 1 AND user_account.active"),
			MySQL:    emits(head + "1 != 1 AND user_account.active"),
			SQLite:   emits(head + "1 != 1 AND user_account.active"),
		},
		{
			// A label does not change what its expression binds to.
			Name:     "a labelled OR inside an AND is parenthesised",
			Stmt:     sel(core.And(core.Or(nameA, nameB).Label("either"), active)),
			Postgres: emits(head+"(user_account.name = $1 OR user_account.name = $2) AND user_account.active", "a", "b"),
			MySQL:    emits(head+"(user_account.name = ? OR user_account.name = ?) AND user_account.active", "a", "b"),
			SQLite:   emits(head+"(user_account.name = ? OR user_account.name = ?) AND user_account.active", "a", "b"),
		},
		{
			Name:     "Not of a labelled comparison is parenthesised",
			Stmt:     sel(core.Not(nameA.Label("is_a"))),
			Postgres: emits(head+"NOT (user_account.name = $1)", "a"),
			MySQL:    emits(head+"NOT (user_account.name = ?)", "a"),
			SQLite:   emits(head+"NOT (user_account.name = ?)", "a"),
		},
		{
			Name: "HAVING conditions are ANDed and parenthesised like WHERE",
			Stmt: func() core.Statement {
				return core.Select(Addresses.UserID, core.Count()).GroupBy(Addresses.UserID).
					Having(core.Or(core.Count().Gt(5), core.Count().Lt(2)), core.Count().Ne(3))
			},
			Postgres: emits("SELECT address.user_id, count(*) AS count FROM address GROUP BY address.user_id HAVING (count(*) > $1 OR count(*) < $2) AND count(*) != $3", int64(5), int64(2), int64(3)),
			MySQL:    emits("SELECT address.user_id, count(*) AS count FROM address GROUP BY address.user_id HAVING (count(*) > ? OR count(*) < ?) AND count(*) != ?", int64(5), int64(2), int64(3)),
			SQLite:   emits("SELECT address.user_id, count(*) AS count FROM address GROUP BY address.user_id HAVING (count(*) > ? OR count(*) < ?) AND count(*) != ?", int64(5), int64(2), int64(3)),
		},
	}
}

func orderLimitCases() []Case {
	ordered := func() *core.SelectStmt { return core.Select(Users.ID).OrderBy(Users.ID) }
	return []Case{
		{
			Name:     "ORDER BY an expression is ascending without a keyword",
			Stmt:     func() core.Statement { return core.Select(Users.ID).OrderBy(Users.Name) },
			Postgres: emits("SELECT user_account.id FROM user_account ORDER BY user_account.name"),
			MySQL:    emits("SELECT user_account.id FROM user_account ORDER BY user_account.name"),
			SQLite:   emits("SELECT user_account.id FROM user_account ORDER BY user_account.name"),
		},
		{
			Name:     "Asc is the default order",
			Stmt:     func() core.Statement { return core.Select(Users.ID).OrderBy(Users.Name.Asc()) },
			Postgres: emits("SELECT user_account.id FROM user_account ORDER BY user_account.name"),
			MySQL:    emits("SELECT user_account.id FROM user_account ORDER BY user_account.name"),
			SQLite:   emits("SELECT user_account.id FROM user_account ORDER BY user_account.name"),
		},
		{
			Name:     "Desc adds DESC and items keep their order",
			Stmt:     func() core.Statement { return core.Select(Users.ID).OrderBy(Users.Name.Desc(), Users.ID) },
			Postgres: emits("SELECT user_account.id FROM user_account ORDER BY user_account.name DESC, user_account.id"),
			MySQL:    emits("SELECT user_account.id FROM user_account ORDER BY user_account.name DESC, user_account.id"),
			SQLite:   emits("SELECT user_account.id FROM user_account ORDER BY user_account.name DESC, user_account.id"),
		},
		{
			Name:     "NULLS FIRST is written where the database has it and emulated on MySQL by sorting on IS NULL first",
			Stmt:     func() core.Statement { return core.Select(Users.ID).OrderBy(Users.Nickname.Asc().NullsFirst()) },
			Postgres: emits("SELECT user_account.id FROM user_account ORDER BY user_account.nickname NULLS FIRST"),
			MySQL:    emits("SELECT user_account.id FROM user_account ORDER BY user_account.nickname IS NULL DESC, user_account.nickname"),
			SQLite:   emits("SELECT user_account.id FROM user_account ORDER BY user_account.nickname NULLS FIRST"),
		},
		{
			Name:     "NULLS LAST follows DESC",
			Stmt:     func() core.Statement { return core.Select(Users.ID).OrderBy(Users.Nickname.Desc().NullsLast()) },
			Postgres: emits("SELECT user_account.id FROM user_account ORDER BY user_account.nickname DESC NULLS LAST"),
			MySQL:    emits("SELECT user_account.id FROM user_account ORDER BY user_account.nickname IS NULL, user_account.nickname DESC"),
			SQLite:   emits("SELECT user_account.id FROM user_account ORDER BY user_account.nickname DESC NULLS LAST"),
		},
		{
			Name: "ORDER BY an aggregate repeats the expression",
			Stmt: func() core.Statement {
				return core.Select(Users.Name, core.Count()).GroupBy(Users.Name).OrderBy(core.Count().Desc())
			},
			Postgres: emits("SELECT user_account.name, count(*) AS count FROM user_account GROUP BY user_account.name ORDER BY count(*) DESC"),
			MySQL:    emits("SELECT user_account.name, count(*) AS count FROM user_account GROUP BY user_account.name ORDER BY count(*) DESC"),
			SQLite:   emits("SELECT user_account.name, count(*) AS count FROM user_account GROUP BY user_account.name ORDER BY count(*) DESC"),
		},
		{
			Name: "ORDER BY a labelled expression writes the expression",
			Stmt: func() core.Statement {
				n := Users.Name.Label("username")
				return core.Select(n).OrderBy(n)
			},
			Postgres: emits("SELECT user_account.name AS username FROM user_account ORDER BY user_account.name"),
			MySQL:    emits("SELECT user_account.name AS username FROM user_account ORDER BY user_account.name"),
			SQLite:   emits("SELECT user_account.name AS username FROM user_account ORDER BY user_account.name"),
		},
		{
			Name:     "LIMIT alone is a bound value",
			Stmt:     func() core.Statement { return ordered().Limit(10) },
			Postgres: emits("SELECT user_account.id FROM user_account ORDER BY user_account.id LIMIT $1", int64(10)),
			MySQL:    emits("SELECT user_account.id FROM user_account ORDER BY user_account.id LIMIT ?", int64(10)),
			SQLite:   emits("SELECT user_account.id FROM user_account ORDER BY user_account.id LIMIT ?", int64(10)),
		},
		{
			// SQLAlchemy: PostgreSQL "LIMIT ALL OFFSET"; OFFSET alone is
			// the same. MySQL needs a count: the largest one it takes.
			// SQLite needs a LIMIT before OFFSET: -1 is none.
			Name:     "OFFSET alone is spelt per dialect",
			Stmt:     func() core.Statement { return ordered().Offset(20) },
			Postgres: emits("SELECT user_account.id FROM user_account ORDER BY user_account.id OFFSET $1", int64(20)),
			MySQL:    emits("SELECT user_account.id FROM user_account ORDER BY user_account.id LIMIT ?, 18446744073709551615", int64(20)),
			SQLite:   emits("SELECT user_account.id FROM user_account ORDER BY user_account.id LIMIT -1 OFFSET ?", int64(20)),
		},
		{
			Name:     "LIMIT and OFFSET together put the offset first on MySQL and so its argument",
			Stmt:     func() core.Statement { return ordered().Limit(10).Offset(20) },
			Postgres: emits("SELECT user_account.id FROM user_account ORDER BY user_account.id LIMIT $1 OFFSET $2", int64(10), int64(20)),
			MySQL:    emits("SELECT user_account.id FROM user_account ORDER BY user_account.id LIMIT ?, ?", int64(20), int64(10)),
			SQLite:   emits("SELECT user_account.id FROM user_account ORDER BY user_account.id LIMIT ? OFFSET ?", int64(10), int64(20)),
		},
		{
			Name: "OFFSET given before LIMIT compiles the same",
			Stmt: func() core.Statement {
				return core.Select(Users.ID).Where(Users.Name.Eq("sandy")).Offset(20).Limit(10)
			},
			Postgres: emits("SELECT user_account.id FROM user_account WHERE user_account.name = $1 LIMIT $2 OFFSET $3", "sandy", int64(10), int64(20)),
			MySQL:    emits("SELECT user_account.id FROM user_account WHERE user_account.name = ? LIMIT ?, ?", "sandy", int64(20), int64(10)),
			SQLite:   emits("SELECT user_account.id FROM user_account WHERE user_account.name = ? LIMIT ? OFFSET ?", "sandy", int64(10), int64(20)),
		},
		{
			Name:     "a LIMIT of zero is kept",
			Stmt:     func() core.Statement { return ordered().Limit(0) },
			Postgres: emits("SELECT user_account.id FROM user_account ORDER BY user_account.id LIMIT $1", int64(0)),
			MySQL:    emits("SELECT user_account.id FROM user_account ORDER BY user_account.id LIMIT ?", int64(0)),
			SQLite:   emits("SELECT user_account.id FROM user_account ORDER BY user_account.id LIMIT ?", int64(0)),
		},
		{
			Name:     "a negative LIMIT is an error",
			Stmt:     func() core.Statement { return ordered().Limit(-1) },
			Postgres: fails(core.ErrStatement, "negative LIMIT"),
			MySQL:    fails(core.ErrStatement, "negative LIMIT"),
			SQLite:   fails(core.ErrStatement, "negative LIMIT"),
		},
		{
			Name:     "a negative OFFSET is an error",
			Stmt:     func() core.Statement { return ordered().Offset(-5) },
			Postgres: fails(core.ErrStatement, "negative OFFSET"),
			MySQL:    fails(core.ErrStatement, "negative OFFSET"),
			SQLite:   fails(core.ErrStatement, "negative OFFSET"),
		},
	}
}

func aggregateCases() []Case {
	return []Case{
		{
			Name:     "Count with no argument is count(*) named count",
			Stmt:     func() core.Statement { return core.Select(core.Count()).From(Users) },
			Postgres: emits("SELECT count(*) AS count FROM user_account"),
			MySQL:    emits("SELECT count(*) AS count FROM user_account"),
			SQLite:   emits("SELECT count(*) AS count FROM user_account"),
			Columns:  []string{"count"},
		},
		{
			Name:     "Count of a column counts its non-NULL values",
			Stmt:     func() core.Statement { return core.Select(core.Count(Users.Nickname)) },
			Postgres: emits("SELECT count(user_account.nickname) AS count FROM user_account"),
			MySQL:    emits("SELECT count(user_account.nickname) AS count FROM user_account"),
			SQLite:   emits("SELECT count(user_account.nickname) AS count FROM user_account"),
		},
		{
			Name:     "CountDistinct is count(DISTINCT x)",
			Stmt:     func() core.Statement { return core.Select(core.CountDistinct(Users.Name)) },
			Postgres: emits("SELECT count(DISTINCT user_account.name) AS count FROM user_account"),
			MySQL:    emits("SELECT count(DISTINCT user_account.name) AS count FROM user_account"),
			SQLite:   emits("SELECT count(DISTINCT user_account.name) AS count FROM user_account"),
		},
		{
			Name: "two counts are told apart as count and count_1",
			Stmt: func() core.Statement {
				return core.Select(core.Count(), core.CountDistinct(Users.Name)).From(Users)
			},
			Postgres: emits("SELECT count(*) AS count, count(DISTINCT user_account.name) AS count_1 FROM user_account"),
			MySQL:    emits("SELECT count(*) AS count, count(DISTINCT user_account.name) AS count_1 FROM user_account"),
			SQLite:   emits("SELECT count(*) AS count, count(DISTINCT user_account.name) AS count_1 FROM user_account"),
			Columns:  []string{"count", "count_1"},
		},
		{
			Name: "GROUP BY and HAVING follow WHERE",
			Stmt: func() core.Statement {
				return core.Select(Addresses.UserID, core.Count()).
					Where(Addresses.Email.Like("%@sqlalchemy.org")).
					GroupBy(Addresses.UserID).Having(core.Count().Gt(1))
			},
			Postgres: emits("SELECT address.user_id, count(*) AS count FROM address WHERE address.email_address LIKE $1 GROUP BY address.user_id HAVING count(*) > $2", "%@sqlalchemy.org", int64(1)),
			MySQL:    emits("SELECT address.user_id, count(*) AS count FROM address WHERE address.email_address LIKE ? GROUP BY address.user_id HAVING count(*) > ?", "%@sqlalchemy.org", int64(1)),
			SQLite:   emits("SELECT address.user_id, count(*) AS count FROM address WHERE address.email_address LIKE ? GROUP BY address.user_id HAVING count(*) > ?", "%@sqlalchemy.org", int64(1)),
		},
		{
			Name: "GROUP BY several expressions",
			Stmt: func() core.Statement {
				return core.Select(Users.Name, Users.Active, core.Count()).GroupBy(Users.Name, Users.Active)
			},
			Postgres: emits("SELECT user_account.name, user_account.active, count(*) AS count FROM user_account GROUP BY user_account.name, user_account.active"),
			MySQL:    emits("SELECT user_account.name, user_account.active, count(*) AS count FROM user_account GROUP BY user_account.name, user_account.active"),
			SQLite:   emits("SELECT user_account.name, user_account.active, count(*) AS count FROM user_account GROUP BY user_account.name, user_account.active"),
		},
		{
			Name: "Label names a column or an aggregate",
			Stmt: func() core.Statement {
				return core.Select(Users.Name.Label("username"), core.Count(Addresses.ID).Label("n_addresses")).
					From(Users.Join(Addresses)).GroupBy(Users.Name)
			},
			Postgres: emits("SELECT user_account.name AS username, count(address.id) AS n_addresses FROM user_account JOIN address ON user_account.id = address.user_id GROUP BY user_account.name"),
			MySQL:    emits("SELECT user_account.name AS username, count(address.id) AS n_addresses FROM user_account JOIN address ON user_account.id = address.user_id GROUP BY user_account.name"),
			SQLite:   emits("SELECT user_account.name AS username, count(address.id) AS n_addresses FROM user_account JOIN address ON user_account.id = address.user_id GROUP BY user_account.name"),
			Columns:  []string{"username", "n_addresses"},
		},
		{
			Name: "a label that is a reserved word is quoted",
			Stmt: func() core.Statement {
				return core.Select(Users.Name.Label("order"), Users.ID.Label("User"))
			},
			Postgres: emits(`SELECT user_account.name AS "order", user_account.id AS "User" FROM user_account`),
			MySQL:    emits("SELECT user_account.name AS `order`, user_account.id AS `User` FROM user_account"),
			SQLite:   emits(`SELECT user_account.name AS "order", user_account.id AS "User" FROM user_account`),
			Columns:  []string{"order", "User"},
		},
		{
			Name: "two tables with an id column give id and id_1",
			Stmt: func() core.Statement {
				return core.Select(Users.ID, Addresses.ID).From(Users.Join(Addresses))
			},
			Postgres: emits("SELECT user_account.id, address.id AS id_1 FROM user_account JOIN address ON user_account.id = address.user_id"),
			MySQL:    emits("SELECT user_account.id, address.id AS id_1 FROM user_account JOIN address ON user_account.id = address.user_id"),
			SQLite:   emits("SELECT user_account.id, address.id AS id_1 FROM user_account JOIN address ON user_account.id = address.user_id"),
			Columns:  []string{"id", "id_1"},
		},
		{
			Name: "two whole tables label only the repeated names",
			Stmt: func() core.Statement {
				return core.Select(Users, Addresses).From(Users.Join(Addresses))
			},
			Postgres: emits("SELECT user_account.id, user_account.name, user_account.fullname, user_account.nickname, user_account.active, address.id AS id_1, address.user_id, address.email_address FROM user_account JOIN address ON user_account.id = address.user_id"),
			MySQL:    emits("SELECT user_account.id, user_account.name, user_account.fullname, user_account.nickname, user_account.active, address.id AS id_1, address.user_id, address.email_address FROM user_account JOIN address ON user_account.id = address.user_id"),
			SQLite:   emits("SELECT user_account.id, user_account.name, user_account.fullname, user_account.nickname, user_account.active, address.id AS id_1, address.user_id, address.email_address FROM user_account JOIN address ON user_account.id = address.user_id"),
			Columns:  []string{"id", "name", "fullname", "nickname", "active", "id_1", "user_id", "email_address"},
		},
		{
			Name: "three id columns give id, id_1 and id_2",
			Stmt: func() core.Statement {
				return core.Select(Users.ID, Addresses.ID, Deliveries.ID).From(Users.Join(Addresses).Join(Deliveries))
			},
			Postgres: emits("SELECT user_account.id, address.id AS id_1, delivery.id AS id_2 FROM user_account JOIN address ON user_account.id = address.user_id JOIN delivery ON address.id = delivery.address_id"),
			MySQL:    emits("SELECT user_account.id, address.id AS id_1, delivery.id AS id_2 FROM user_account JOIN address ON user_account.id = address.user_id JOIN delivery ON address.id = delivery.address_id"),
			SQLite:   emits("SELECT user_account.id, address.id AS id_1, delivery.id AS id_2 FROM user_account JOIN address ON user_account.id = address.user_id JOIN delivery ON address.id = delivery.address_id"),
			Columns:  []string{"id", "id_1", "id_2"},
		},
		{
			Name: "a suffix already taken by a label is skipped",
			Stmt: func() core.Statement {
				return core.Select(Users.Name.Label("id_1"), Users.ID, Addresses.ID).From(Users.Join(Addresses))
			},
			Postgres: emits("SELECT user_account.name AS id_1, user_account.id, address.id AS id_2 FROM user_account JOIN address ON user_account.id = address.user_id"),
			MySQL:    emits("SELECT user_account.name AS id_1, user_account.id, address.id AS id_2 FROM user_account JOIN address ON user_account.id = address.user_id"),
			SQLite:   emits("SELECT user_account.name AS id_1, user_account.id, address.id AS id_2 FROM user_account JOIN address ON user_account.id = address.user_id"),
			Columns:  []string{"id_1", "id", "id_2"},
		},
		{
			Name: "a label that repeats a column name is renamed",
			Stmt: func() core.Statement {
				return core.Select(Users.ID, Users.Name.Label("id"))
			},
			Postgres: emits("SELECT user_account.id, user_account.name AS id_1 FROM user_account"),
			MySQL:    emits("SELECT user_account.id, user_account.name AS id_1 FROM user_account"),
			SQLite:   emits("SELECT user_account.id, user_account.name AS id_1 FROM user_account"),
			Columns:  []string{"id", "id_1"},
		},
	}
}

func joinCases() []Case {
	const join = "FROM user_account JOIN address ON user_account.id = address.user_id"
	return []Case{
		{
			Name: "the ON clause is inferred from the one foreign key",
			Stmt: func() core.Statement {
				return core.Select(Users.Name, Addresses.Email).From(Users.Join(Addresses))
			},
			Postgres: emits("SELECT user_account.name, address.email_address " + join),
			MySQL:    emits("SELECT user_account.name, address.email_address " + join),
			SQLite:   emits("SELECT user_account.name, address.email_address " + join),
		},
		{
			Name: "the foreign key is found from the other side of the join too",
			Stmt: func() core.Statement {
				return core.Select(Addresses.Email).From(Addresses.Join(Users))
			},
			Postgres: emits("SELECT address.email_address FROM address JOIN user_account ON user_account.id = address.user_id"),
			MySQL:    emits("SELECT address.email_address FROM address JOIN user_account ON user_account.id = address.user_id"),
			SQLite:   emits("SELECT address.email_address FROM address JOIN user_account ON user_account.id = address.user_id"),
		},
		{
			Name: "LeftJoin is LEFT OUTER JOIN",
			Stmt: func() core.Statement {
				return core.Select(Users.Name, Addresses.Email).From(Users.LeftJoin(Addresses))
			},
			Postgres: emits("SELECT user_account.name, address.email_address FROM user_account LEFT OUTER JOIN address ON user_account.id = address.user_id"),
			MySQL:    emits("SELECT user_account.name, address.email_address FROM user_account LEFT OUTER JOIN address ON user_account.id = address.user_id"),
			SQLite:   emits("SELECT user_account.name, address.email_address FROM user_account LEFT OUTER JOIN address ON user_account.id = address.user_id"),
		},
		{
			Name: "a chained join finds its foreign key among all the tables to its left",
			Stmt: func() core.Statement {
				return core.Select(Users.Name, Deliveries.Note).From(Users.Join(Addresses).LeftJoin(Deliveries))
			},
			Postgres: emits("SELECT user_account.name, delivery.note " + join + " LEFT OUTER JOIN delivery ON address.id = delivery.address_id"),
			MySQL:    emits("SELECT user_account.name, delivery.note " + join + " LEFT OUTER JOIN delivery ON address.id = delivery.address_id"),
			SQLite:   emits("SELECT user_account.name, delivery.note " + join + " LEFT OUTER JOIN delivery ON address.id = delivery.address_id"),
		},
		{
			Name: "an explicit ON chooses between two foreign keys",
			Stmt: func() core.Statement {
				return core.Select(Users.Name, Messages.Body).From(Users.Join(Messages, Users.ID.EqExpr(Messages.SenderID)))
			},
			Postgres: emits("SELECT user_account.name, message.body FROM user_account JOIN message ON user_account.id = message.sender_id"),
			MySQL:    emits("SELECT user_account.name, message.body FROM user_account JOIN message ON user_account.id = message.sender_id"),
			SQLite:   emits("SELECT user_account.name, message.body FROM user_account JOIN message ON user_account.id = message.sender_id"),
		},
		{
			Name: "several ON conditions are ANDed and bind in order before WHERE",
			Stmt: func() core.Statement {
				return core.Select(Users.Name).
					From(Users.Join(Addresses, Users.ID.EqExpr(Addresses.UserID), Addresses.Email.Like("%@x.org"))).
					Where(Users.Name.Eq("sandy"))
			},
			Postgres: emits("SELECT user_account.name FROM user_account JOIN address ON user_account.id = address.user_id AND address.email_address LIKE $1 WHERE user_account.name = $2", "%@x.org", "sandy"),
			MySQL:    emits("SELECT user_account.name FROM user_account JOIN address ON user_account.id = address.user_id AND address.email_address LIKE ? WHERE user_account.name = ?", "%@x.org", "sandy"),
			SQLite:   emits("SELECT user_account.name FROM user_account JOIN address ON user_account.id = address.user_id AND address.email_address LIKE ? WHERE user_account.name = ?", "%@x.org", "sandy"),
		},
		{
			Name: "an OR as the ON condition needs no parentheses",
			Stmt: func() core.Statement {
				return core.Select(Users.Name, Messages.Body).From(Users.Join(Messages,
					core.Or(Users.ID.EqExpr(Messages.SenderID), Users.ID.EqExpr(Messages.RecipientID))))
			},
			Postgres: emits("SELECT user_account.name, message.body FROM user_account JOIN message ON user_account.id = message.sender_id OR user_account.id = message.recipient_id"),
			MySQL:    emits("SELECT user_account.name, message.body FROM user_account JOIN message ON user_account.id = message.sender_id OR user_account.id = message.recipient_id"),
			SQLite:   emits("SELECT user_account.name, message.body FROM user_account JOIN message ON user_account.id = message.sender_id OR user_account.id = message.recipient_id"),
		},
		{
			Name: "a composite foreign key gives an ON clause per column",
			Stmt: func() core.Statement {
				return core.Select(OrderLines.C("qty"), OrderLineNotes.C("note")).From(OrderLines.Join(OrderLineNotes))
			},
			Postgres: emits("SELECT order_line.qty, order_line_note.note FROM order_line JOIN order_line_note ON order_line.order_id = order_line_note.order_id AND order_line.line = order_line_note.line"),
			MySQL:    emits("SELECT order_line.qty, order_line_note.note FROM order_line JOIN order_line_note ON order_line.order_id = order_line_note.order_id AND order_line.line = order_line_note.line"),
			SQLite:   emits("SELECT order_line.qty, order_line_note.note FROM order_line JOIN order_line_note ON order_line.order_id = order_line_note.order_id AND order_line.line = order_line_note.line"),
		},
		{
			Name: "a join whose right side is a join is parenthesised",
			Stmt: func() core.Statement {
				return core.Select(Users.Name, Deliveries.Note).
					From(Users.Join(Addresses.Join(Deliveries), Users.ID.EqExpr(Addresses.UserID)))
			},
			Postgres: emits("SELECT user_account.name, delivery.note FROM user_account JOIN (address JOIN delivery ON address.id = delivery.address_id) ON user_account.id = address.user_id"),
			MySQL:    emits("SELECT user_account.name, delivery.note FROM user_account JOIN (address JOIN delivery ON address.id = delivery.address_id) ON user_account.id = address.user_id"),
			SQLite:   emits("SELECT user_account.name, delivery.note FROM user_account JOIN (address JOIN delivery ON address.id = delivery.address_id) ON user_account.id = address.user_id"),
		},
		{
			Name: "tables a join does not cover are added after it",
			Stmt: func() core.Statement {
				return core.Select(Users.Name, Tags.Title).From(Users.Join(Addresses))
			},
			Postgres: emits("SELECT user_account.name, tag.title " + join + ", tag"),
			MySQL:    emits("SELECT user_account.name, tag.title " + join + ", tag"),
			SQLite:   emits("SELECT user_account.name, tag.title " + join + ", tag"),
		},
		{
			Name: "a join without a foreign key between the tables is an error",
			Stmt: func() core.Statement {
				return core.Select(Users.Name).From(Users.Join(Tags))
			},
			Postgres: fails(core.ErrStatement, "no foreign key between tag and the left side"),
			MySQL:    fails(core.ErrStatement, "no foreign key between tag and the left side"),
			SQLite:   fails(core.ErrStatement, "no foreign key between tag and the left side"),
		},
		{
			Name: "a join with two foreign keys between the tables is an error",
			Stmt: func() core.Statement {
				return core.Select(Users.Name).From(Users.Join(Messages))
			},
			Postgres: fails(core.ErrStatement, "more than one foreign key between message"),
			MySQL:    fails(core.ErrStatement, "more than one foreign key between message"),
			SQLite:   fails(core.ErrStatement, "more than one foreign key between message"),
		},
		{
			Name: "a nil ON condition is an error, not a join on nothing",
			Stmt: func() core.Statement {
				return core.Select(Users.Name).From(Users.Join(Addresses, nil))
			},
			Postgres: fails(core.ErrStatement, "nil condition"),
			MySQL:    fails(core.ErrStatement, "nil condition"),
			SQLite:   fails(core.ErrStatement, "nil condition"),
		},
		{
			Name: "a join to a join without ON is an error",
			Stmt: func() core.Statement {
				return core.Select(Users.Name).From(Users.Join(Addresses.Join(Deliveries)))
			},
			Postgres: fails(core.ErrStatement, "join of joins"),
			MySQL:    fails(core.ErrStatement, "join of joins"),
			SQLite:   fails(core.ErrStatement, "join of joins"),
		},
		{
			Name: "an error in the first join of a chain is reported",
			Stmt: func() core.Statement {
				return core.Select(Users.Name).From(Users.Join(Tags).Join(Addresses))
			},
			Postgres: fails(core.ErrStatement, "no foreign key between tag"),
			MySQL:    fails(core.ErrStatement, "no foreign key between tag"),
			SQLite:   fails(core.ErrStatement, "no foreign key between tag"),
		},
	}
}
