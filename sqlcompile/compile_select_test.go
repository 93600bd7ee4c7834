package sqlcompile_test

import (
	"database/sql"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/sqlcompile"
)

func selectCases() []compileCase {
	return []compileCase{
		{
			name: "explicit columns are qualified by their table and FROM is inferred",
			stmt: func() core.Statement { return core.Select(Users.ID, Users.Name) },

			postgres: emits("SELECT user_account.id, user_account.name FROM user_account"),
			mysql:    emits("SELECT user_account.id, user_account.name FROM user_account"),
			sqlite:   emits("SELECT user_account.id, user_account.name FROM user_account"),
			columns:  []string{"id", "name"},
		},
		{
			name: "a whole table selects all of its columns in declaration order",
			stmt: func() core.Statement { return core.Select(Users) },

			postgres: emits("SELECT user_account.id, user_account.name, user_account.fullname, user_account.nickname, user_account.active FROM user_account"),
			mysql:    emits("SELECT user_account.id, user_account.name, user_account.fullname, user_account.nickname, user_account.active FROM user_account"),
			sqlite:   emits("SELECT user_account.id, user_account.name, user_account.fullname, user_account.nickname, user_account.active FROM user_account"),
			columns:  []string{"id", "name", "fullname", "nickname", "active"},
		},
		{
			name: "FROM lists every table the columns and conditions read in order of first appearance",
			stmt: func() core.Statement {
				return core.Select(Users.Name).Where(Addresses.Email.Eq("spongebob@sqlalchemy.org"))
			},

			postgres: emits("SELECT user_account.name FROM user_account, address WHERE address.email_address = $1", "spongebob@sqlalchemy.org"),
			mysql:    emits("SELECT user_account.name FROM user_account, address WHERE address.email_address = ?", "spongebob@sqlalchemy.org"),
			sqlite:   emits("SELECT user_account.name FROM user_account, address WHERE address.email_address = ?", "spongebob@sqlalchemy.org"),
		},
		{
			name: "an explicit FROM comes first and tables it does not cover are added after it",
			stmt: func() core.Statement { return core.Select(Addresses.Email).From(Users) },

			postgres: emits("SELECT address.email_address FROM user_account, address"),
			mysql:    emits("SELECT address.email_address FROM user_account, address"),
			sqlite:   emits("SELECT address.email_address FROM user_account, address"),
		},
		{
			name: "a table given explicitly and read by a column is listed once",
			stmt: func() core.Statement { return core.Select(Users.Name).From(Users) },

			postgres: emits("SELECT user_account.name FROM user_account"),
			mysql:    emits("SELECT user_account.name FROM user_account"),
			sqlite:   emits("SELECT user_account.name FROM user_account"),
		},
		{
			name: "tables read only by ORDER BY or GROUP BY are in FROM too",
			stmt: func() core.Statement {
				return core.Select(core.Count()).GroupBy(Tags.Title).OrderBy(Tags.Title)
			},

			postgres: emits("SELECT count(*) AS count FROM tag GROUP BY tag.title ORDER BY tag.title"),
			mysql:    emits("SELECT count(*) AS count FROM tag GROUP BY tag.title ORDER BY tag.title"),
			sqlite:   emits("SELECT count(*) AS count FROM tag GROUP BY tag.title ORDER BY tag.title"),
		},
		{
			name: "a SELECT that reads no table has no FROM clause",
			stmt: func() core.Statement { return core.Select(core.Value(int64(1))) },

			postgres: emits("SELECT $1 AS anon_1", int64(1)),
			mysql:    emits("SELECT ? AS anon_1", int64(1)),
			sqlite:   emits("SELECT ? AS anon_1", int64(1)),
			columns:  []string{"anon_1"},
		},
		{
			name: "unnamed expressions are labelled anon_1, anon_2 in order",
			stmt: func() core.Statement {
				return core.Select(core.Value(int64(1)), core.LiteralOf("x"), core.Now()).From(Tags)
			},

			postgres: emits("SELECT $1 AS anon_1, 'x' AS anon_2, CURRENT_TIMESTAMP AS anon_3 FROM tag", int64(1)),
			mysql:    emits("SELECT ? AS anon_1, 'x' AS anon_2, CURRENT_TIMESTAMP(6) AS anon_3 FROM tag", int64(1)),
			sqlite:   emits("SELECT ? AS anon_1, 'x' AS anon_2, CURRENT_TIMESTAMP AS anon_3 FROM tag", int64(1)),
			columns:  []string{"anon_1", "anon_2", "anon_3"},
		},
		{
			name: "a NULL in the select list is the NULL keyword",
			stmt: func() core.Statement { return core.Select(Tags.ID, core.Value[*string](nil)) },

			postgres: emits("SELECT tag.id, NULL AS anon_1 FROM tag"),
			mysql:    emits("SELECT tag.id, NULL AS anon_1 FROM tag"),
			sqlite:   emits("SELECT tag.id, NULL AS anon_1 FROM tag"),
		},
		{
			name: "DISTINCT follows SELECT",
			stmt: func() core.Statement { return core.Select(Users.Name).Distinct() },

			postgres: emits("SELECT DISTINCT user_account.name FROM user_account"),
			mysql:    emits("SELECT DISTINCT user_account.name FROM user_account"),
			sqlite:   emits("SELECT DISTINCT user_account.name FROM user_account"),
		},
		{
			name: "Columns adds to the select list",
			stmt: func() core.Statement { return core.Select(Users.ID).Columns(Users.Name) },

			postgres: emits("SELECT user_account.id, user_account.name FROM user_account"),
			mysql:    emits("SELECT user_account.id, user_account.name FROM user_account"),
			sqlite:   emits("SELECT user_account.id, user_account.name FROM user_account"),
		},
		{
			name: "the dynamic path reads the same columns by name",
			stmt: func() core.Statement {
				return core.Select(Users.C("id")).Where(Users.C("name").Eq("sandy"))
			},

			postgres: emits("SELECT user_account.id FROM user_account WHERE user_account.name = $1", "sandy"),
			mysql:    emits("SELECT user_account.id FROM user_account WHERE user_account.name = ?", "sandy"),
			sqlite:   emits("SELECT user_account.id FROM user_account WHERE user_account.name = ?", "sandy"),
		},
		{
			name: "a SELECT with no columns is an error",
			stmt: func() core.Statement { return core.Select() },

			postgres: fails(core.ErrStatement, "no columns to select"),
			mysql:    fails(core.ErrStatement, "no columns to select"),
			sqlite:   fails(core.ErrStatement, "no columns to select"),
		},
		{
			name: "a nil column is an error",
			stmt: func() core.Statement { return core.Select(Users.ID, nil) },

			postgres: fails(core.ErrStatement, "nil item"),
			mysql:    fails(core.ErrStatement, "nil item"),
			sqlite:   fails(core.ErrStatement, "nil item"),
		},
		{
			name:     "a nil item added by Columns is an error",
			stmt:     func() core.Statement { return core.Select(Users.ID).Columns(nil) },
			postgres: fails(core.ErrStatement, "nil item"),
			mysql:    fails(core.ErrStatement, "nil item"),
			sqlite:   fails(core.ErrStatement, "nil item"),
		},
		{
			name:     "a nil GROUP BY expression is an error",
			stmt:     func() core.Statement { return core.Select(Users.ID).GroupBy(nil) },
			postgres: fails(core.ErrStatement, "nil"),
			mysql:    fails(core.ErrStatement, "nil"),
			sqlite:   fails(core.ErrStatement, "nil"),
		},
		{
			name:     "a nil ORDER BY item is an error",
			stmt:     func() core.Statement { return core.Select(Users.ID).OrderBy(nil) },
			postgres: fails(core.ErrStatement, "nil"),
			mysql:    fails(core.ErrStatement, "nil"),
			sqlite:   fails(core.ErrStatement, "nil"),
		},
		{
			name:     "Not of nil is an error",
			stmt:     func() core.Statement { return core.Select(Users.ID).Where(core.Not(nil)) },
			postgres: fails(core.ErrStatement, "nil"),
			mysql:    fails(core.ErrStatement, "nil"),
			sqlite:   fails(core.ErrStatement, "nil"),
		},
		{
			name: "a nil condition is an error",
			stmt: func() core.Statement { return core.Select(Users.ID).Where(nil) },

			postgres: fails(core.ErrStatement, "nil condition"),
			mysql:    fails(core.ErrStatement, "nil condition"),
			sqlite:   fails(core.ErrStatement, "nil condition"),
		},
	}
}

func TestSelectCompilesForEachDialect(t *testing.T) { runCompileCases(t, selectCases()) }

// whereCases are SELECT user_account.id FROM user_account WHERE <condition>.
func whereCases() []compileCase {
	sel := func(c core.TypedExpr[bool]) func() core.Statement {
		return func() core.Statement { return core.Select(Users.ID).Where(c) }
	}
	const (
		pgHead = "SELECT user_account.id FROM user_account WHERE "
		qHead  = "SELECT user_account.id FROM user_account WHERE " // mysql and sqlite
	)
	return []compileCase{
		{
			name:     "Eq compares with a bound value",
			stmt:     sel(Users.Name.Eq("sandy")),
			postgres: emits(pgHead+"user_account.name = $1", "sandy"),
			mysql:    emits(qHead+"user_account.name = ?", "sandy"),
			sqlite:   emits(qHead+"user_account.name = ?", "sandy"),
		},
		{
			name:     "Ne is !=",
			stmt:     sel(Users.Name.Ne("sandy")),
			postgres: emits(pgHead+"user_account.name != $1", "sandy"),
			mysql:    emits(qHead+"user_account.name != ?", "sandy"),
			sqlite:   emits(qHead+"user_account.name != ?", "sandy"),
		},
		{
			name:     "Lt is <",
			stmt:     sel(Users.ID.Lt(10)),
			postgres: emits(pgHead+"user_account.id < $1", int64(10)),
			mysql:    emits(qHead+"user_account.id < ?", int64(10)),
			sqlite:   emits(qHead+"user_account.id < ?", int64(10)),
		},
		{
			name:     "Le is <=",
			stmt:     sel(Users.ID.Le(10)),
			postgres: emits(pgHead+"user_account.id <= $1", int64(10)),
			mysql:    emits(qHead+"user_account.id <= ?", int64(10)),
			sqlite:   emits(qHead+"user_account.id <= ?", int64(10)),
		},
		{
			name:     "Gt is >",
			stmt:     sel(Users.ID.Gt(10)),
			postgres: emits(pgHead+"user_account.id > $1", int64(10)),
			mysql:    emits(qHead+"user_account.id > ?", int64(10)),
			sqlite:   emits(qHead+"user_account.id > ?", int64(10)),
		},
		{
			name:     "Ge is >=",
			stmt:     sel(Users.ID.Ge(10)),
			postgres: emits(pgHead+"user_account.id >= $1", int64(10)),
			mysql:    emits(qHead+"user_account.id >= ?", int64(10)),
			sqlite:   emits(qHead+"user_account.id >= ?", int64(10)),
		},
		{
			name:     "Eq with a NULL sql.Null value is IS NULL",
			stmt:     sel(Users.Fullname.Eq(sql.Null[string]{})),
			postgres: emits(pgHead + "user_account.fullname IS NULL"),
			mysql:    emits(qHead + "user_account.fullname IS NULL"),
			sqlite:   emits(qHead + "user_account.fullname IS NULL"),
		},
		{
			name:     "Eq with a nil pointer is IS NULL",
			stmt:     sel(Users.Nickname.Eq(nil)),
			postgres: emits(pgHead + "user_account.nickname IS NULL"),
			mysql:    emits(qHead + "user_account.nickname IS NULL"),
			sqlite:   emits(qHead + "user_account.nickname IS NULL"),
		},
		{
			name:     "Ne with a NULL value is IS NOT NULL",
			stmt:     sel(Users.Nickname.Ne(nil)),
			postgres: emits(pgHead + "user_account.nickname IS NOT NULL"),
			mysql:    emits(qHead + "user_account.nickname IS NOT NULL"),
			sqlite:   emits(qHead + "user_account.nickname IS NOT NULL"),
		},
		{
			name:     "Eq with a valid sql.Null value binds it",
			stmt:     sel(Users.Fullname.Eq(nullString("Sandy Cheeks"))),
			postgres: emits(pgHead+"user_account.fullname = $1", nullString("Sandy Cheeks")),
			mysql:    emits(qHead+"user_account.fullname = ?", nullString("Sandy Cheeks")),
			sqlite:   emits(qHead+"user_account.fullname = ?", nullString("Sandy Cheeks")),
		},
		{
			name:     "Eq on the dynamic path with nil is IS NULL",
			stmt:     sel(Users.C("nickname").Eq(nil)),
			postgres: emits(pgHead + "user_account.nickname IS NULL"),
			mysql:    emits(qHead + "user_account.nickname IS NULL"),
			sqlite:   emits(qHead + "user_account.nickname IS NULL"),
		},
		{
			name:     "an ordering comparison with NULL stays a comparison with NULL",
			stmt:     sel(Users.Nickname.Lt(nil)),
			postgres: emits(pgHead + "user_account.nickname < NULL"),
			mysql:    emits(qHead + "user_account.nickname < NULL"),
			sqlite:   emits(qHead + "user_account.nickname < NULL"),
		},
		{
			name: "EqExpr compares two columns and FROM lists both tables",
			stmt: func() core.Statement {
				return core.Select(Users.Name, Addresses.Email).Where(Users.ID.EqExpr(Addresses.UserID))
			},
			postgres: emits("SELECT user_account.name, address.email_address FROM user_account, address WHERE user_account.id = address.user_id"),
			mysql:    emits("SELECT user_account.name, address.email_address FROM user_account, address WHERE user_account.id = address.user_id"),
			sqlite:   emits("SELECT user_account.name, address.email_address FROM user_account, address WHERE user_account.id = address.user_id"),
		},
		{
			name:     "NeExpr LtExpr LeExpr GtExpr GeExpr compare two expressions",
			stmt:     sel(core.And(Users.ID.NeExpr(Users.ID), Users.ID.LtExpr(Users.ID), Users.ID.LeExpr(Users.ID), Users.ID.GtExpr(Users.ID), Users.ID.GeExpr(Users.ID))),
			postgres: emits(pgHead + "user_account.id != user_account.id AND user_account.id < user_account.id AND user_account.id <= user_account.id AND user_account.id > user_account.id AND user_account.id >= user_account.id"),
			mysql:    emits(qHead + "user_account.id != user_account.id AND user_account.id < user_account.id AND user_account.id <= user_account.id AND user_account.id > user_account.id AND user_account.id >= user_account.id"),
			sqlite:   emits(qHead + "user_account.id != user_account.id AND user_account.id < user_account.id AND user_account.id <= user_account.id AND user_account.id > user_account.id AND user_account.id >= user_account.id"),
		},
		{
			name:     "In binds one parameter per value",
			stmt:     sel(Users.Name.In("spongebob", "sandy", "patrick")),
			postgres: emits(pgHead+"user_account.name IN ($1, $2, $3)", "spongebob", "sandy", "patrick"),
			mysql:    emits(qHead+"user_account.name IN (?, ?, ?)", "spongebob", "sandy", "patrick"),
			sqlite:   emits(qHead+"user_account.name IN (?, ?, ?)", "spongebob", "sandy", "patrick"),
		},
		{
			name:     "NotIn is NOT IN",
			stmt:     sel(Users.ID.NotIn(1, 2)),
			postgres: emits(pgHead+"user_account.id NOT IN ($1, $2)", int64(1), int64(2)),
			mysql:    emits(qHead+"user_account.id NOT IN (?, ?)", int64(1), int64(2)),
			sqlite:   emits(qHead+"user_account.id NOT IN (?, ?)", int64(1), int64(2)),
		},
		{
			name:     "In with a slice spreads it",
			stmt:     sel(Users.ID.In([]int64{4, 5}...)),
			postgres: emits(pgHead+"user_account.id IN ($1, $2)", int64(4), int64(5)),
			mysql:    emits(qHead+"user_account.id IN (?, ?)", int64(4), int64(5)),
			sqlite:   emits(qHead+"user_account.id IN (?, ?)", int64(4), int64(5)),
		},
		{
			// SQLAlchemy renders "IN (NULL) AND (1 != 1)"; a plain false
			// condition is the same for every row, NULL ones included.
			name:     "In with an empty list is false for every row",
			stmt:     sel(Users.Name.In()),
			postgres: emits(pgHead + "1 != 1"),
			mysql:    emits(qHead + "1 != 1"),
			sqlite:   emits(qHead + "1 != 1"),
		},
		{
			name:     "NotIn with an empty list is true for every row",
			stmt:     sel(Users.Name.NotIn()),
			postgres: emits(pgHead + "1 = 1"),
			mysql:    emits(qHead + "1 = 1"),
			sqlite:   emits(qHead + "1 = 1"),
		},
		{
			name:     "a NULL in an IN list is the NULL keyword",
			stmt:     sel(Users.Nickname.In(nil, ptr("squidward"))),
			postgres: emits(pgHead+"user_account.nickname IN (NULL, $1)", ptr("squidward")),
			mysql:    emits(qHead+"user_account.nickname IN (NULL, ?)", ptr("squidward")),
			sqlite:   emits(qHead+"user_account.nickname IN (NULL, ?)", ptr("squidward")),
		},
		{
			name:     "IsNull is IS NULL",
			stmt:     sel(Users.Fullname.IsNull()),
			postgres: emits(pgHead + "user_account.fullname IS NULL"),
			mysql:    emits(qHead + "user_account.fullname IS NULL"),
			sqlite:   emits(qHead + "user_account.fullname IS NULL"),
		},
		{
			name:     "IsNotNull is IS NOT NULL",
			stmt:     sel(Users.Fullname.IsNotNull()),
			postgres: emits(pgHead + "user_account.fullname IS NOT NULL"),
			mysql:    emits(qHead + "user_account.fullname IS NOT NULL"),
			sqlite:   emits(qHead + "user_account.fullname IS NOT NULL"),
		},
		{
			name:     "Like binds the pattern",
			stmt:     sel(Users.Name.Like("s%")),
			postgres: emits(pgHead+"user_account.name LIKE $1", "s%"),
			mysql:    emits(qHead+"user_account.name LIKE ?", "s%"),
			sqlite:   emits(qHead+"user_account.name LIKE ?", "s%"),
		},
		{
			name:     "NotLike is NOT LIKE",
			stmt:     sel(Users.Name.NotLike("%bob")),
			postgres: emits(pgHead+"user_account.name NOT LIKE $1", "%bob"),
			mysql:    emits(qHead+"user_account.name NOT LIKE ?", "%bob"),
			sqlite:   emits(qHead+"user_account.name NOT LIKE ?", "%bob"),
		},
		{
			name:     "a boolean column is a condition by itself",
			stmt:     sel(Users.Active),
			postgres: emits(pgHead + "user_account.active"),
			mysql:    emits(qHead + "user_account.active"),
			sqlite:   emits(qHead + "user_account.active"),
		},
		{
			name:     "a boolean column compared with true binds the value",
			stmt:     sel(Users.Active.Eq(true)),
			postgres: emits(pgHead+"user_account.active = $1", true),
			mysql:    emits(qHead+"user_account.active = ?", true),
			sqlite:   emits(qHead+"user_account.active = ?", true),
		},
		{
			name:     "a value that looks like SQL is still only a bound value",
			stmt:     sel(Users.Name.Eq("x'; DROP TABLE user_account; --")),
			postgres: emits(pgHead+"user_account.name = $1", "x'; DROP TABLE user_account; --"),
			mysql:    emits(qHead+"user_account.name = ?", "x'; DROP TABLE user_account; --"),
			sqlite:   emits(qHead+"user_account.name = ?", "x'; DROP TABLE user_account; --"),
		},
		{
			name:     "a condition compared with a boolean column is parenthesised",
			stmt:     sel(Users.Active.EqExpr(Users.Name.Eq("sandy"))),
			postgres: emits(pgHead+"user_account.active = (user_account.name = $1)", "sandy"),
			mysql:    emits(qHead+"user_account.active = (user_account.name = ?)", "sandy"),
			sqlite:   emits(qHead+"user_account.active = (user_account.name = ?)", "sandy"),
		},
		{
			name:     "IS NULL of an OR is parenthesised",
			stmt:     sel(core.Or(Users.Name.Eq("a"), Users.Name.Eq("b")).IsNull()),
			postgres: emits(pgHead+"(user_account.name = $1 OR user_account.name = $2) IS NULL", "a", "b"),
			mysql:    emits(qHead+"(user_account.name = ? OR user_account.name = ?) IS NULL", "a", "b"),
			sqlite:   emits(qHead+"(user_account.name = ? OR user_account.name = ?) IS NULL", "a", "b"),
		},
	}
}

func TestConditionsCompileForEachDialect(t *testing.T) { runCompileCases(t, whereCases()) }

// boolCases check AND, OR and NOT: every parenthesis SQL needs, none it does not.
func boolCases() []compileCase {
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
	return []compileCase{
		{
			name:     "And joins conditions with AND",
			stmt:     sel(core.And(nameA, active)),
			postgres: emits(head+"user_account.name = $1 AND user_account.active", "a"),
			mysql:    emits(head+"user_account.name = ? AND user_account.active", "a"),
			sqlite:   emits(head+"user_account.name = ? AND user_account.active", "a"),
		},
		{
			name:     "Or joins conditions with OR",
			stmt:     sel(core.Or(nameA, nameB)),
			postgres: emits(head+"user_account.name = $1 OR user_account.name = $2", "a", "b"),
			mysql:    emits(head+"user_account.name = ? OR user_account.name = ?", "a", "b"),
			sqlite:   emits(head+"user_account.name = ? OR user_account.name = ?", "a", "b"),
		},
		{
			name:     "an OR inside an AND is parenthesised",
			stmt:     sel(core.And(core.Or(nameA, nameB), active)),
			postgres: emits(head+"(user_account.name = $1 OR user_account.name = $2) AND user_account.active", "a", "b"),
			mysql:    emits(head+"(user_account.name = ? OR user_account.name = ?) AND user_account.active", "a", "b"),
			sqlite:   emits(head+"(user_account.name = ? OR user_account.name = ?) AND user_account.active", "a", "b"),
		},
		{
			name:     "an AND inside an OR needs no parentheses",
			stmt:     sel(core.Or(core.And(nameA, active), idGt)),
			postgres: emits(head+"user_account.name = $1 AND user_account.active OR user_account.id > $2", "a", int64(7)),
			mysql:    emits(head+"user_account.name = ? AND user_account.active OR user_account.id > ?", "a", int64(7)),
			sqlite:   emits(head+"user_account.name = ? AND user_account.active OR user_account.id > ?", "a", int64(7)),
		},
		{
			name:     "nesting alternates parentheses only where OR sits under AND",
			stmt:     sel(core.Or(nameA, core.And(active, core.Or(nameB, idGt)))),
			postgres: emits(head+"user_account.name = $1 OR user_account.active AND (user_account.name = $2 OR user_account.id > $3)", "a", "b", int64(7)),
			mysql:    emits(head+"user_account.name = ? OR user_account.active AND (user_account.name = ? OR user_account.id > ?)", "a", "b", int64(7)),
			sqlite:   emits(head+"user_account.name = ? OR user_account.active AND (user_account.name = ? OR user_account.id > ?)", "a", "b", int64(7)),
		},
		{
			name:     "an AND inside an AND is flattened",
			stmt:     sel(core.And(nameA, core.And(active, idGt))),
			postgres: emits(head+"user_account.name = $1 AND user_account.active AND user_account.id > $2", "a", int64(7)),
			mysql:    emits(head+"user_account.name = ? AND user_account.active AND user_account.id > ?", "a", int64(7)),
			sqlite:   emits(head+"user_account.name = ? AND user_account.active AND user_account.id > ?", "a", int64(7)),
		},
		{
			name:     "an OR inside an OR is flattened",
			stmt:     sel(core.Or(core.Or(nameA, nameB), idGt)),
			postgres: emits(head+"user_account.name = $1 OR user_account.name = $2 OR user_account.id > $3", "a", "b", int64(7)),
			mysql:    emits(head+"user_account.name = ? OR user_account.name = ? OR user_account.id > ?", "a", "b", int64(7)),
			sqlite:   emits(head+"user_account.name = ? OR user_account.name = ? OR user_account.id > ?", "a", "b", int64(7)),
		},
		{
			name:     "And of one condition is that condition",
			stmt:     sel(core.And(nameA)),
			postgres: emits(head+"user_account.name = $1", "a"),
			mysql:    emits(head+"user_account.name = ?", "a"),
			sqlite:   emits(head+"user_account.name = ?", "a"),
		},
		{
			name:     "And of nothing is true",
			stmt:     sel(core.And()),
			postgres: emits(head + "1 = 1"),
			mysql:    emits(head + "1 = 1"),
			sqlite:   emits(head + "1 = 1"),
		},
		{
			name:     "Or of nothing is false",
			stmt:     sel(core.Or()),
			postgres: emits(head + "1 != 1"),
			mysql:    emits(head + "1 != 1"),
			sqlite:   emits(head + "1 != 1"),
		},
		{
			name:     "several conditions given to Where are ANDed",
			stmt:     sel(nameA, active),
			postgres: emits(head+"user_account.name = $1 AND user_account.active", "a"),
			mysql:    emits(head+"user_account.name = ? AND user_account.active", "a"),
			sqlite:   emits(head+"user_account.name = ? AND user_account.active", "a"),
		},
		{
			name: "an OR given to Where next to another condition is parenthesised",
			stmt: func() core.Statement {
				return core.Select(Users.ID).Where(core.Or(nameA, nameB)).Where(active)
			},
			postgres: emits(head+"(user_account.name = $1 OR user_account.name = $2) AND user_account.active", "a", "b"),
			mysql:    emits(head+"(user_account.name = ? OR user_account.name = ?) AND user_account.active", "a", "b"),
			sqlite:   emits(head+"(user_account.name = ? OR user_account.name = ?) AND user_account.active", "a", "b"),
		},
		{
			name:     "an OR alone in Where is not parenthesised",
			stmt:     sel(core.Or(nameA, active)),
			postgres: emits(head+"user_account.name = $1 OR user_account.active", "a"),
			mysql:    emits(head+"user_account.name = ? OR user_account.active", "a"),
			sqlite:   emits(head+"user_account.name = ? OR user_account.active", "a"),
		},
		{
			name:     "Not of a column needs no parentheses",
			stmt:     sel(core.Not(active)),
			postgres: emits(head + "NOT user_account.active"),
			mysql:    emits(head + "NOT user_account.active"),
			sqlite:   emits(head + "NOT user_account.active"),
		},
		{
			name:     "Not of an OR is parenthesised",
			stmt:     sel(core.Not(core.Or(nameA, nameB))),
			postgres: emits(head+"NOT (user_account.name = $1 OR user_account.name = $2)", "a", "b"),
			mysql:    emits(head+"NOT (user_account.name = ? OR user_account.name = ?)", "a", "b"),
			sqlite:   emits(head+"NOT (user_account.name = ? OR user_account.name = ?)", "a", "b"),
		},
		{
			name:     "Not of an AND is parenthesised",
			stmt:     sel(core.Not(core.And(nameA, active))),
			postgres: emits(head+"NOT (user_account.name = $1 AND user_account.active)", "a"),
			mysql:    emits(head+"NOT (user_account.name = ? AND user_account.active)", "a"),
			sqlite:   emits(head+"NOT (user_account.name = ? AND user_account.active)", "a"),
		},
		{
			// Standard SQL reads NOT a = b as NOT (a = b), but MySQL's
			// HIGH_NOT_PRECEDENCE mode reads it as (NOT a) = b: the
			// parentheses are needed.
			name:     "Not of a comparison is parenthesised",
			stmt:     sel(core.Not(nameA)),
			postgres: emits(head+"NOT (user_account.name = $1)", "a"),
			mysql:    emits(head+"NOT (user_account.name = ?)", "a"),
			sqlite:   emits(head+"NOT (user_account.name = ?)", "a"),
		},
		{
			name:     "Not inside an AND needs no parentheses",
			stmt:     sel(core.And(core.Not(active), nameA)),
			postgres: emits(head+"NOT user_account.active AND user_account.name = $1", "a"),
			mysql:    emits(head+"NOT user_account.active AND user_account.name = ?", "a"),
			sqlite:   emits(head+"NOT user_account.active AND user_account.name = ?", "a"),
		},
		{
			name:     "Not of an IN is parenthesised",
			stmt:     sel(core.Not(Users.ID.In(1, 2))),
			postgres: emits(head+"NOT (user_account.id IN ($1, $2))", int64(1), int64(2)),
			mysql:    emits(head+"NOT (user_account.id IN (?, ?))", int64(1), int64(2)),
			sqlite:   emits(head+"NOT (user_account.id IN (?, ?))", int64(1), int64(2)),
		},
		{
			name:     "an empty IN inside an AND keeps its meaning",
			stmt:     sel(core.And(Users.ID.In(), active)),
			postgres: emits(head + "1 != 1 AND user_account.active"),
			mysql:    emits(head + "1 != 1 AND user_account.active"),
			sqlite:   emits(head + "1 != 1 AND user_account.active"),
		},
		{
			// A label does not change what its expression binds to.
			name:     "a labelled OR inside an AND is parenthesised",
			stmt:     sel(core.And(core.Or(nameA, nameB).Label("either"), active)),
			postgres: emits(head+"(user_account.name = $1 OR user_account.name = $2) AND user_account.active", "a", "b"),
			mysql:    emits(head+"(user_account.name = ? OR user_account.name = ?) AND user_account.active", "a", "b"),
			sqlite:   emits(head+"(user_account.name = ? OR user_account.name = ?) AND user_account.active", "a", "b"),
		},
		{
			name:     "Not of a labelled comparison is parenthesised",
			stmt:     sel(core.Not(nameA.Label("is_a"))),
			postgres: emits(head+"NOT (user_account.name = $1)", "a"),
			mysql:    emits(head+"NOT (user_account.name = ?)", "a"),
			sqlite:   emits(head+"NOT (user_account.name = ?)", "a"),
		},
		{
			name: "HAVING conditions are ANDed and parenthesised like WHERE",
			stmt: func() core.Statement {
				return core.Select(Addresses.UserID, core.Count()).GroupBy(Addresses.UserID).
					Having(core.Or(core.Count().Gt(5), core.Count().Lt(2)), core.Count().Ne(3))
			},
			postgres: emits("SELECT address.user_id, count(*) AS count FROM address GROUP BY address.user_id HAVING (count(*) > $1 OR count(*) < $2) AND count(*) != $3", int64(5), int64(2), int64(3)),
			mysql:    emits("SELECT address.user_id, count(*) AS count FROM address GROUP BY address.user_id HAVING (count(*) > ? OR count(*) < ?) AND count(*) != ?", int64(5), int64(2), int64(3)),
			sqlite:   emits("SELECT address.user_id, count(*) AS count FROM address GROUP BY address.user_id HAVING (count(*) > ? OR count(*) < ?) AND count(*) != ?", int64(5), int64(2), int64(3)),
		},
	}
}

func TestAndOrNotAreParenthesisedExactlyWhereNeeded(t *testing.T) { runCompileCases(t, boolCases()) }

func orderLimitCases() []compileCase {
	ordered := func() *core.SelectStmt { return core.Select(Users.ID).OrderBy(Users.ID) }
	return []compileCase{
		{
			name:     "ORDER BY an expression is ascending without a keyword",
			stmt:     func() core.Statement { return core.Select(Users.ID).OrderBy(Users.Name) },
			postgres: emits("SELECT user_account.id FROM user_account ORDER BY user_account.name"),
			mysql:    emits("SELECT user_account.id FROM user_account ORDER BY user_account.name"),
			sqlite:   emits("SELECT user_account.id FROM user_account ORDER BY user_account.name"),
		},
		{
			name:     "Asc is the default order",
			stmt:     func() core.Statement { return core.Select(Users.ID).OrderBy(Users.Name.Asc()) },
			postgres: emits("SELECT user_account.id FROM user_account ORDER BY user_account.name"),
			mysql:    emits("SELECT user_account.id FROM user_account ORDER BY user_account.name"),
			sqlite:   emits("SELECT user_account.id FROM user_account ORDER BY user_account.name"),
		},
		{
			name:     "Desc adds DESC and items keep their order",
			stmt:     func() core.Statement { return core.Select(Users.ID).OrderBy(Users.Name.Desc(), Users.ID) },
			postgres: emits("SELECT user_account.id FROM user_account ORDER BY user_account.name DESC, user_account.id"),
			mysql:    emits("SELECT user_account.id FROM user_account ORDER BY user_account.name DESC, user_account.id"),
			sqlite:   emits("SELECT user_account.id FROM user_account ORDER BY user_account.name DESC, user_account.id"),
		},
		{
			name:     "NULLS FIRST is written where the database has it and an error on MySQL",
			stmt:     func() core.Statement { return core.Select(Users.ID).OrderBy(Users.Nickname.Asc().NullsFirst()) },
			postgres: emits("SELECT user_account.id FROM user_account ORDER BY user_account.nickname NULLS FIRST"),
			mysql:    unsupported("NULLS FIRST/LAST"),
			mariadb:  ptr(fails(sqlcompile.ErrUnsupported, "mariadb does not support NULLS FIRST/LAST")),
			sqlite:   emits("SELECT user_account.id FROM user_account ORDER BY user_account.nickname NULLS FIRST"),
		},
		{
			name:     "NULLS LAST follows DESC",
			stmt:     func() core.Statement { return core.Select(Users.ID).OrderBy(Users.Nickname.Desc().NullsLast()) },
			postgres: emits("SELECT user_account.id FROM user_account ORDER BY user_account.nickname DESC NULLS LAST"),
			mysql:    fails(sqlcompile.ErrUnsupported, "does not support NULLS FIRST/LAST"),
			sqlite:   emits("SELECT user_account.id FROM user_account ORDER BY user_account.nickname DESC NULLS LAST"),
		},
		{
			name: "ORDER BY an aggregate repeats the expression",
			stmt: func() core.Statement {
				return core.Select(Users.Name, core.Count()).GroupBy(Users.Name).OrderBy(core.Count().Desc())
			},
			postgres: emits("SELECT user_account.name, count(*) AS count FROM user_account GROUP BY user_account.name ORDER BY count(*) DESC"),
			mysql:    emits("SELECT user_account.name, count(*) AS count FROM user_account GROUP BY user_account.name ORDER BY count(*) DESC"),
			sqlite:   emits("SELECT user_account.name, count(*) AS count FROM user_account GROUP BY user_account.name ORDER BY count(*) DESC"),
		},
		{
			name: "ORDER BY a labelled expression writes the expression",
			stmt: func() core.Statement {
				n := Users.Name.Label("username")
				return core.Select(n).OrderBy(n)
			},
			postgres: emits("SELECT user_account.name AS username FROM user_account ORDER BY user_account.name"),
			mysql:    emits("SELECT user_account.name AS username FROM user_account ORDER BY user_account.name"),
			sqlite:   emits("SELECT user_account.name AS username FROM user_account ORDER BY user_account.name"),
		},
		{
			name:     "LIMIT alone is a bound value",
			stmt:     func() core.Statement { return ordered().Limit(10) },
			postgres: emits("SELECT user_account.id FROM user_account ORDER BY user_account.id LIMIT $1", int64(10)),
			mysql:    emits("SELECT user_account.id FROM user_account ORDER BY user_account.id LIMIT ?", int64(10)),
			sqlite:   emits("SELECT user_account.id FROM user_account ORDER BY user_account.id LIMIT ?", int64(10)),
		},
		{
			// SQLAlchemy: PostgreSQL "LIMIT ALL OFFSET"; OFFSET alone is
			// the same. MySQL needs a count: the largest one it takes.
			// SQLite needs a LIMIT before OFFSET: -1 is none.
			name:     "OFFSET alone is spelt per dialect",
			stmt:     func() core.Statement { return ordered().Offset(20) },
			postgres: emits("SELECT user_account.id FROM user_account ORDER BY user_account.id OFFSET $1", int64(20)),
			mysql:    emits("SELECT user_account.id FROM user_account ORDER BY user_account.id LIMIT ?, 18446744073709551615", int64(20)),
			sqlite:   emits("SELECT user_account.id FROM user_account ORDER BY user_account.id LIMIT -1 OFFSET ?", int64(20)),
		},
		{
			name:     "LIMIT and OFFSET together put the offset first on MySQL and so its argument",
			stmt:     func() core.Statement { return ordered().Limit(10).Offset(20) },
			postgres: emits("SELECT user_account.id FROM user_account ORDER BY user_account.id LIMIT $1 OFFSET $2", int64(10), int64(20)),
			mysql:    emits("SELECT user_account.id FROM user_account ORDER BY user_account.id LIMIT ?, ?", int64(20), int64(10)),
			sqlite:   emits("SELECT user_account.id FROM user_account ORDER BY user_account.id LIMIT ? OFFSET ?", int64(10), int64(20)),
		},
		{
			name: "OFFSET given before LIMIT compiles the same",
			stmt: func() core.Statement {
				return core.Select(Users.ID).Where(Users.Name.Eq("sandy")).Offset(20).Limit(10)
			},
			postgres: emits("SELECT user_account.id FROM user_account WHERE user_account.name = $1 LIMIT $2 OFFSET $3", "sandy", int64(10), int64(20)),
			mysql:    emits("SELECT user_account.id FROM user_account WHERE user_account.name = ? LIMIT ?, ?", "sandy", int64(20), int64(10)),
			sqlite:   emits("SELECT user_account.id FROM user_account WHERE user_account.name = ? LIMIT ? OFFSET ?", "sandy", int64(10), int64(20)),
		},
		{
			name:     "a LIMIT of zero is kept",
			stmt:     func() core.Statement { return ordered().Limit(0) },
			postgres: emits("SELECT user_account.id FROM user_account ORDER BY user_account.id LIMIT $1", int64(0)),
			mysql:    emits("SELECT user_account.id FROM user_account ORDER BY user_account.id LIMIT ?", int64(0)),
			sqlite:   emits("SELECT user_account.id FROM user_account ORDER BY user_account.id LIMIT ?", int64(0)),
		},
		{
			name:     "a negative LIMIT is an error",
			stmt:     func() core.Statement { return ordered().Limit(-1) },
			postgres: fails(core.ErrStatement, "negative LIMIT"),
			mysql:    fails(core.ErrStatement, "negative LIMIT"),
			sqlite:   fails(core.ErrStatement, "negative LIMIT"),
		},
		{
			name:     "a negative OFFSET is an error",
			stmt:     func() core.Statement { return ordered().Offset(-5) },
			postgres: fails(core.ErrStatement, "negative OFFSET"),
			mysql:    fails(core.ErrStatement, "negative OFFSET"),
			sqlite:   fails(core.ErrStatement, "negative OFFSET"),
		},
	}
}

func TestOrderByLimitAndOffsetCompileForEachDialect(t *testing.T) {
	runCompileCases(t, orderLimitCases())
}

func aggregateCases() []compileCase {
	return []compileCase{
		{
			name:     "Count with no argument is count(*) named count",
			stmt:     func() core.Statement { return core.Select(core.Count()).From(Users) },
			postgres: emits("SELECT count(*) AS count FROM user_account"),
			mysql:    emits("SELECT count(*) AS count FROM user_account"),
			sqlite:   emits("SELECT count(*) AS count FROM user_account"),
			columns:  []string{"count"},
		},
		{
			name:     "Count of a column counts its non-NULL values",
			stmt:     func() core.Statement { return core.Select(core.Count(Users.Nickname)) },
			postgres: emits("SELECT count(user_account.nickname) AS count FROM user_account"),
			mysql:    emits("SELECT count(user_account.nickname) AS count FROM user_account"),
			sqlite:   emits("SELECT count(user_account.nickname) AS count FROM user_account"),
		},
		{
			name:     "CountDistinct is count(DISTINCT x)",
			stmt:     func() core.Statement { return core.Select(core.CountDistinct(Users.Name)) },
			postgres: emits("SELECT count(DISTINCT user_account.name) AS count FROM user_account"),
			mysql:    emits("SELECT count(DISTINCT user_account.name) AS count FROM user_account"),
			sqlite:   emits("SELECT count(DISTINCT user_account.name) AS count FROM user_account"),
		},
		{
			name: "two counts are told apart as count and count_1",
			stmt: func() core.Statement {
				return core.Select(core.Count(), core.CountDistinct(Users.Name)).From(Users)
			},
			postgres: emits("SELECT count(*) AS count, count(DISTINCT user_account.name) AS count_1 FROM user_account"),
			mysql:    emits("SELECT count(*) AS count, count(DISTINCT user_account.name) AS count_1 FROM user_account"),
			sqlite:   emits("SELECT count(*) AS count, count(DISTINCT user_account.name) AS count_1 FROM user_account"),
			columns:  []string{"count", "count_1"},
		},
		{
			name: "GROUP BY and HAVING follow WHERE",
			stmt: func() core.Statement {
				return core.Select(Addresses.UserID, core.Count()).
					Where(Addresses.Email.Like("%@sqlalchemy.org")).
					GroupBy(Addresses.UserID).Having(core.Count().Gt(1))
			},
			postgres: emits("SELECT address.user_id, count(*) AS count FROM address WHERE address.email_address LIKE $1 GROUP BY address.user_id HAVING count(*) > $2", "%@sqlalchemy.org", int64(1)),
			mysql:    emits("SELECT address.user_id, count(*) AS count FROM address WHERE address.email_address LIKE ? GROUP BY address.user_id HAVING count(*) > ?", "%@sqlalchemy.org", int64(1)),
			sqlite:   emits("SELECT address.user_id, count(*) AS count FROM address WHERE address.email_address LIKE ? GROUP BY address.user_id HAVING count(*) > ?", "%@sqlalchemy.org", int64(1)),
		},
		{
			name: "GROUP BY several expressions",
			stmt: func() core.Statement {
				return core.Select(Users.Name, Users.Active, core.Count()).GroupBy(Users.Name, Users.Active)
			},
			postgres: emits("SELECT user_account.name, user_account.active, count(*) AS count FROM user_account GROUP BY user_account.name, user_account.active"),
			mysql:    emits("SELECT user_account.name, user_account.active, count(*) AS count FROM user_account GROUP BY user_account.name, user_account.active"),
			sqlite:   emits("SELECT user_account.name, user_account.active, count(*) AS count FROM user_account GROUP BY user_account.name, user_account.active"),
		},
		{
			name: "Label names a column or an aggregate",
			stmt: func() core.Statement {
				return core.Select(Users.Name.Label("username"), core.Count(Addresses.ID).Label("n_addresses")).
					From(Users.Join(Addresses)).GroupBy(Users.Name)
			},
			postgres: emits("SELECT user_account.name AS username, count(address.id) AS n_addresses FROM user_account JOIN address ON user_account.id = address.user_id GROUP BY user_account.name"),
			mysql:    emits("SELECT user_account.name AS username, count(address.id) AS n_addresses FROM user_account JOIN address ON user_account.id = address.user_id GROUP BY user_account.name"),
			sqlite:   emits("SELECT user_account.name AS username, count(address.id) AS n_addresses FROM user_account JOIN address ON user_account.id = address.user_id GROUP BY user_account.name"),
			columns:  []string{"username", "n_addresses"},
		},
		{
			name: "a label that is a reserved word is quoted",
			stmt: func() core.Statement {
				return core.Select(Users.Name.Label("order"), Users.ID.Label("User"))
			},
			postgres: emits(`SELECT user_account.name AS "order", user_account.id AS "User" FROM user_account`),
			mysql:    emits("SELECT user_account.name AS `order`, user_account.id AS `User` FROM user_account"),
			sqlite:   emits(`SELECT user_account.name AS "order", user_account.id AS "User" FROM user_account`),
			columns:  []string{"order", "User"},
		},
		{
			name: "two tables with an id column give id and id_1",
			stmt: func() core.Statement {
				return core.Select(Users.ID, Addresses.ID).From(Users.Join(Addresses))
			},
			postgres: emits("SELECT user_account.id, address.id AS id_1 FROM user_account JOIN address ON user_account.id = address.user_id"),
			mysql:    emits("SELECT user_account.id, address.id AS id_1 FROM user_account JOIN address ON user_account.id = address.user_id"),
			sqlite:   emits("SELECT user_account.id, address.id AS id_1 FROM user_account JOIN address ON user_account.id = address.user_id"),
			columns:  []string{"id", "id_1"},
		},
		{
			name: "two whole tables label only the repeated names",
			stmt: func() core.Statement {
				return core.Select(Users, Addresses).From(Users.Join(Addresses))
			},
			postgres: emits("SELECT user_account.id, user_account.name, user_account.fullname, user_account.nickname, user_account.active, address.id AS id_1, address.user_id, address.email_address FROM user_account JOIN address ON user_account.id = address.user_id"),
			mysql:    emits("SELECT user_account.id, user_account.name, user_account.fullname, user_account.nickname, user_account.active, address.id AS id_1, address.user_id, address.email_address FROM user_account JOIN address ON user_account.id = address.user_id"),
			sqlite:   emits("SELECT user_account.id, user_account.name, user_account.fullname, user_account.nickname, user_account.active, address.id AS id_1, address.user_id, address.email_address FROM user_account JOIN address ON user_account.id = address.user_id"),
			columns:  []string{"id", "name", "fullname", "nickname", "active", "id_1", "user_id", "email_address"},
		},
		{
			name: "three id columns give id, id_1 and id_2",
			stmt: func() core.Statement {
				return core.Select(Users.ID, Addresses.ID, Deliveries.ID).From(Users.Join(Addresses).Join(Deliveries))
			},
			postgres: emits("SELECT user_account.id, address.id AS id_1, delivery.id AS id_2 FROM user_account JOIN address ON user_account.id = address.user_id JOIN delivery ON address.id = delivery.address_id"),
			mysql:    emits("SELECT user_account.id, address.id AS id_1, delivery.id AS id_2 FROM user_account JOIN address ON user_account.id = address.user_id JOIN delivery ON address.id = delivery.address_id"),
			sqlite:   emits("SELECT user_account.id, address.id AS id_1, delivery.id AS id_2 FROM user_account JOIN address ON user_account.id = address.user_id JOIN delivery ON address.id = delivery.address_id"),
			columns:  []string{"id", "id_1", "id_2"},
		},
		{
			name: "a suffix already taken by a label is skipped",
			stmt: func() core.Statement {
				return core.Select(Users.Name.Label("id_1"), Users.ID, Addresses.ID).From(Users.Join(Addresses))
			},
			postgres: emits("SELECT user_account.name AS id_1, user_account.id, address.id AS id_2 FROM user_account JOIN address ON user_account.id = address.user_id"),
			mysql:    emits("SELECT user_account.name AS id_1, user_account.id, address.id AS id_2 FROM user_account JOIN address ON user_account.id = address.user_id"),
			sqlite:   emits("SELECT user_account.name AS id_1, user_account.id, address.id AS id_2 FROM user_account JOIN address ON user_account.id = address.user_id"),
			columns:  []string{"id_1", "id", "id_2"},
		},
		{
			name: "a label that repeats a column name is renamed",
			stmt: func() core.Statement {
				return core.Select(Users.ID, Users.Name.Label("id"))
			},
			postgres: emits("SELECT user_account.id, user_account.name AS id_1 FROM user_account"),
			mysql:    emits("SELECT user_account.id, user_account.name AS id_1 FROM user_account"),
			sqlite:   emits("SELECT user_account.id, user_account.name AS id_1 FROM user_account"),
			columns:  []string{"id", "id_1"},
		},
	}
}

func TestAggregatesLabelsAndResultNamesCompileForEachDialect(t *testing.T) {
	runCompileCases(t, aggregateCases())
}

func joinCases() []compileCase {
	const join = "FROM user_account JOIN address ON user_account.id = address.user_id"
	return []compileCase{
		{
			name: "the ON clause is inferred from the one foreign key",
			stmt: func() core.Statement {
				return core.Select(Users.Name, Addresses.Email).From(Users.Join(Addresses))
			},
			postgres: emits("SELECT user_account.name, address.email_address " + join),
			mysql:    emits("SELECT user_account.name, address.email_address " + join),
			sqlite:   emits("SELECT user_account.name, address.email_address " + join),
		},
		{
			name: "the foreign key is found from the other side of the join too",
			stmt: func() core.Statement {
				return core.Select(Addresses.Email).From(Addresses.Join(Users))
			},
			postgres: emits("SELECT address.email_address FROM address JOIN user_account ON user_account.id = address.user_id"),
			mysql:    emits("SELECT address.email_address FROM address JOIN user_account ON user_account.id = address.user_id"),
			sqlite:   emits("SELECT address.email_address FROM address JOIN user_account ON user_account.id = address.user_id"),
		},
		{
			name: "LeftJoin is LEFT OUTER JOIN",
			stmt: func() core.Statement {
				return core.Select(Users.Name, Addresses.Email).From(Users.LeftJoin(Addresses))
			},
			postgres: emits("SELECT user_account.name, address.email_address FROM user_account LEFT OUTER JOIN address ON user_account.id = address.user_id"),
			mysql:    emits("SELECT user_account.name, address.email_address FROM user_account LEFT OUTER JOIN address ON user_account.id = address.user_id"),
			sqlite:   emits("SELECT user_account.name, address.email_address FROM user_account LEFT OUTER JOIN address ON user_account.id = address.user_id"),
		},
		{
			name: "a chained join finds its foreign key among all the tables to its left",
			stmt: func() core.Statement {
				return core.Select(Users.Name, Deliveries.Note).From(Users.Join(Addresses).LeftJoin(Deliveries))
			},
			postgres: emits("SELECT user_account.name, delivery.note " + join + " LEFT OUTER JOIN delivery ON address.id = delivery.address_id"),
			mysql:    emits("SELECT user_account.name, delivery.note " + join + " LEFT OUTER JOIN delivery ON address.id = delivery.address_id"),
			sqlite:   emits("SELECT user_account.name, delivery.note " + join + " LEFT OUTER JOIN delivery ON address.id = delivery.address_id"),
		},
		{
			name: "an explicit ON chooses between two foreign keys",
			stmt: func() core.Statement {
				return core.Select(Users.Name, Messages.Body).From(Users.Join(Messages, Users.ID.EqExpr(Messages.SenderID)))
			},
			postgres: emits("SELECT user_account.name, message.body FROM user_account JOIN message ON user_account.id = message.sender_id"),
			mysql:    emits("SELECT user_account.name, message.body FROM user_account JOIN message ON user_account.id = message.sender_id"),
			sqlite:   emits("SELECT user_account.name, message.body FROM user_account JOIN message ON user_account.id = message.sender_id"),
		},
		{
			name: "several ON conditions are ANDed and bind in order before WHERE",
			stmt: func() core.Statement {
				return core.Select(Users.Name).
					From(Users.Join(Addresses, Users.ID.EqExpr(Addresses.UserID), Addresses.Email.Like("%@x.org"))).
					Where(Users.Name.Eq("sandy"))
			},
			postgres: emits("SELECT user_account.name FROM user_account JOIN address ON user_account.id = address.user_id AND address.email_address LIKE $1 WHERE user_account.name = $2", "%@x.org", "sandy"),
			mysql:    emits("SELECT user_account.name FROM user_account JOIN address ON user_account.id = address.user_id AND address.email_address LIKE ? WHERE user_account.name = ?", "%@x.org", "sandy"),
			sqlite:   emits("SELECT user_account.name FROM user_account JOIN address ON user_account.id = address.user_id AND address.email_address LIKE ? WHERE user_account.name = ?", "%@x.org", "sandy"),
		},
		{
			name: "an OR as the ON condition needs no parentheses",
			stmt: func() core.Statement {
				return core.Select(Users.Name, Messages.Body).From(Users.Join(Messages,
					core.Or(Users.ID.EqExpr(Messages.SenderID), Users.ID.EqExpr(Messages.RecipientID))))
			},
			postgres: emits("SELECT user_account.name, message.body FROM user_account JOIN message ON user_account.id = message.sender_id OR user_account.id = message.recipient_id"),
			mysql:    emits("SELECT user_account.name, message.body FROM user_account JOIN message ON user_account.id = message.sender_id OR user_account.id = message.recipient_id"),
			sqlite:   emits("SELECT user_account.name, message.body FROM user_account JOIN message ON user_account.id = message.sender_id OR user_account.id = message.recipient_id"),
		},
		{
			name: "a composite foreign key gives an ON clause per column",
			stmt: func() core.Statement {
				return core.Select(OrderLines.C("qty"), OrderLineNotes.C("note")).From(OrderLines.Join(OrderLineNotes))
			},
			postgres: emits("SELECT order_line.qty, order_line_note.note FROM order_line JOIN order_line_note ON order_line.order_id = order_line_note.order_id AND order_line.line = order_line_note.line"),
			mysql:    emits("SELECT order_line.qty, order_line_note.note FROM order_line JOIN order_line_note ON order_line.order_id = order_line_note.order_id AND order_line.line = order_line_note.line"),
			sqlite:   emits("SELECT order_line.qty, order_line_note.note FROM order_line JOIN order_line_note ON order_line.order_id = order_line_note.order_id AND order_line.line = order_line_note.line"),
		},
		{
			name: "a join whose right side is a join is parenthesised",
			stmt: func() core.Statement {
				return core.Select(Users.Name, Deliveries.Note).
					From(Users.Join(Addresses.Join(Deliveries), Users.ID.EqExpr(Addresses.UserID)))
			},
			postgres: emits("SELECT user_account.name, delivery.note FROM user_account JOIN (address JOIN delivery ON address.id = delivery.address_id) ON user_account.id = address.user_id"),
			mysql:    emits("SELECT user_account.name, delivery.note FROM user_account JOIN (address JOIN delivery ON address.id = delivery.address_id) ON user_account.id = address.user_id"),
			sqlite:   emits("SELECT user_account.name, delivery.note FROM user_account JOIN (address JOIN delivery ON address.id = delivery.address_id) ON user_account.id = address.user_id"),
		},
		{
			name: "tables a join does not cover are added after it",
			stmt: func() core.Statement {
				return core.Select(Users.Name, Tags.Title).From(Users.Join(Addresses))
			},
			postgres: emits("SELECT user_account.name, tag.title " + join + ", tag"),
			mysql:    emits("SELECT user_account.name, tag.title " + join + ", tag"),
			sqlite:   emits("SELECT user_account.name, tag.title " + join + ", tag"),
		},
		{
			name: "a join without a foreign key between the tables is an error",
			stmt: func() core.Statement {
				return core.Select(Users.Name).From(Users.Join(Tags))
			},
			postgres: fails(core.ErrStatement, "no foreign key between tag and the left side"),
			mysql:    fails(core.ErrStatement, "no foreign key between tag and the left side"),
			sqlite:   fails(core.ErrStatement, "no foreign key between tag and the left side"),
		},
		{
			name: "a join with two foreign keys between the tables is an error",
			stmt: func() core.Statement {
				return core.Select(Users.Name).From(Users.Join(Messages))
			},
			postgres: fails(core.ErrStatement, "more than one foreign key between message"),
			mysql:    fails(core.ErrStatement, "more than one foreign key between message"),
			sqlite:   fails(core.ErrStatement, "more than one foreign key between message"),
		},
		{
			name: "a nil ON condition is an error, not a join on nothing",
			stmt: func() core.Statement {
				return core.Select(Users.Name).From(Users.Join(Addresses, nil))
			},
			postgres: fails(core.ErrStatement, "nil condition"),
			mysql:    fails(core.ErrStatement, "nil condition"),
			sqlite:   fails(core.ErrStatement, "nil condition"),
		},
		{
			name: "a join to a join without ON is an error",
			stmt: func() core.Statement {
				return core.Select(Users.Name).From(Users.Join(Addresses.Join(Deliveries)))
			},
			postgres: fails(core.ErrStatement, "join of joins"),
			mysql:    fails(core.ErrStatement, "join of joins"),
			sqlite:   fails(core.ErrStatement, "join of joins"),
		},
		{
			name: "an error in the first join of a chain is reported",
			stmt: func() core.Statement {
				return core.Select(Users.Name).From(Users.Join(Tags).Join(Addresses))
			},
			postgres: fails(core.ErrStatement, "no foreign key between tag"),
			mysql:    fails(core.ErrStatement, "no foreign key between tag"),
			sqlite:   fails(core.ErrStatement, "no foreign key between tag"),
		},
	}
}

func TestJoinsCompileForEachDialect(t *testing.T) { runCompileCases(t, joinCases()) }

func TestCompilingANilStatementIsAnError(t *testing.T) {
	_, _, err := sqlcompile.Compile(pgDialect, nil)
	require.ErrorIs(t, err, core.ErrStatement)
}

func TestResultColumnsCarryTheirSQLTypes(t *testing.T) {
	cs, _, err := sqlcompile.Compile(pgDialect, core.Select(Users.ID, Users.Name, core.Count(), Users.Active.Label("on")))
	require.NoError(t, err)
	require.Equal(t, sqlcompile.KindSelect, cs.Kind)
	require.Equal(t, []sqlcompile.ResultColumn{
		{Name: "id", Type: Users.ID.Def().Type()},
		{Name: "name", Type: Users.Name.Def().Type()},
		{Name: "count", Type: core.TypeOf(core.NodeOf(core.Count()))},
		{Name: "on", Type: Users.Active.Def().Type()},
	}, cs.Columns)
}

func TestPlaceholdersCarryTheSQLTypeOfWhatTheyMeet(t *testing.T) {
	stmt := core.Select(Users.ID).Where(Users.Name.Eq("sandy"), Users.ID.In(1, 2)).Limit(3)
	cs, _, err := sqlcompile.Compile(mysqlDialect, stmt)
	require.NoError(t, err)
	name, id := Users.Name.Def().Type(), Users.ID.Def().Type()
	require.Equal(t, 4, cs.NumArgs)
	require.Equal(t, name, cs.ArgTypes[0])
	require.Equal(t, id, cs.ArgTypes[1])
	require.Equal(t, id, cs.ArgTypes[2])
	require.Equal(t, "bigint", cs.ArgTypes[3].String(), "LIMIT is a BIGINT")
}
