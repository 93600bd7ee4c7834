package compilecases

import (
	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/sqltype"
)

const postgresOnly = "the text is PostgreSQL's own syntax"

func textCases() []Case {
	return []Case{
		{
			Name: "a named parameter becomes the dialect's placeholder",
			Stmt: func() core.Statement {
				return core.Text("SELECT name FROM user_account WHERE id = :id").Bind("id", 5)
			},
			Postgres: emits("SELECT name FROM user_account WHERE id = $1", 5),
			MySQL:    emits("SELECT name FROM user_account WHERE id = ?", 5),
			SQLite:   emits("SELECT name FROM user_account WHERE id = ?", 5),
		},
		{
			Name: "parameters bind in the order they appear, not the order they are bound",
			Stmt: func() core.Statement {
				return core.Text("SELECT id FROM user_account WHERE name = :name AND id > :min_id").
					Bind("min_id", 10).Bind("name", "sandy")
			},
			Postgres: emits("SELECT id FROM user_account WHERE name = $1 AND id > $2", "sandy", 10),
			MySQL:    emits("SELECT id FROM user_account WHERE name = ? AND id > ?", "sandy", 10),
			SQLite:   emits("SELECT id FROM user_account WHERE name = ? AND id > ?", "sandy", 10),
		},
		{
			Name: "a repeated parameter gets a placeholder and an argument each time",
			Stmt: func() core.Statement {
				return core.Text("SELECT id FROM message WHERE sender_id = :uid OR recipient_id = :uid").Bind("uid", 3)
			},
			Postgres: emits("SELECT id FROM message WHERE sender_id = $1 OR recipient_id = $2", 3, 3),
			MySQL:    emits("SELECT id FROM message WHERE sender_id = ? OR recipient_id = ?", 3, 3),
			SQLite:   emits("SELECT id FROM message WHERE sender_id = ? OR recipient_id = ?", 3, 3),
		},
		{
			Name: "BindMap binds several parameters",
			Stmt: func() core.Statement {
				return core.Text("SELECT id FROM user_account WHERE name = :name AND active = :active").
					BindMap(map[string]any{"name": "sandy", "active": true})
			},
			Postgres: emits("SELECT id FROM user_account WHERE name = $1 AND active = $2", "sandy", true),
			MySQL:    emits("SELECT id FROM user_account WHERE name = ? AND active = ?", "sandy", true),
			SQLite:   emits("SELECT id FROM user_account WHERE name = ? AND active = ?", "sandy", true),
		},
		{
			Name: "a text without parameters is passed through",
			Stmt: func() core.Statement {
				return core.Text("SELECT count(*) FROM user_account")
			},
			Postgres: emits("SELECT count(*) FROM user_account"),
			MySQL:    emits("SELECT count(*) FROM user_account"),
			SQLite:   emits("SELECT count(*) FROM user_account"),
		},
		{
			Name: "a PostgreSQL cast is not a parameter",
			Stmt: func() core.Statement {
				return core.Text("SELECT :v::integer + 1, '2024-01-02'::date").Bind("v", "41")
			},
			Postgres: emits("SELECT $1::integer + 1, '2024-01-02'::date", "41"),
			MySQL:    skipped(postgresOnly),
			SQLite:   skipped(postgresOnly),
		},
		{
			Name: "colons inside quoted strings and identifiers are not parameters",
			Stmt: func() core.Statement {
				return core.Text(`SELECT 'at 10:30 :not_a_param' AS "a:b", name FROM user_account WHERE name = :name AND name != 'it''s :x'`).
					Bind("name", "sandy")
			},
			Postgres: emits(`SELECT 'at 10:30 :not_a_param' AS "a:b", name FROM user_account WHERE name = $1 AND name != 'it''s :x'`, "sandy"),
			// MySQL reads "a:b" as a string, which is also a valid alias.
			MySQL:  emits(`SELECT 'at 10:30 :not_a_param' AS "a:b", name FROM user_account WHERE name = ? AND name != 'it''s :x'`, "sandy"),
			SQLite: emits(`SELECT 'at 10:30 :not_a_param' AS "a:b", name FROM user_account WHERE name = ? AND name != 'it''s :x'`, "sandy"),
		},
		{
			Name: "colons inside backquoted identifiers are not parameters",
			Stmt: func() core.Statement {
				return core.Text("SELECT name AS `x:y` FROM user_account WHERE id = :id").Bind("id", 1)
			},
			Postgres: skipped("backquotes quote identifiers on MySQL and SQLite only"),
			MySQL:    emits("SELECT name AS `x:y` FROM user_account WHERE id = ?", 1),
			SQLite:   emits("SELECT name AS `x:y` FROM user_account WHERE id = ?", 1),
		},
		{
			Name: "colons inside comments are not parameters",
			Stmt: func() core.Statement {
				return core.Text("SELECT id /* :c1 */ FROM user_account -- :c2\nWHERE id = :id").Bind("id", 1)
			},
			Postgres: emits("SELECT id /* :c1 */ FROM user_account -- :c2\nWHERE id = $1", 1),
			MySQL:    emits("SELECT id /* :c1 */ FROM user_account -- :c2\nWHERE id = ?", 1),
			SQLite:   emits("SELECT id /* :c1 */ FROM user_account -- :c2\nWHERE id = ?", 1),
		},
		{
			Name: "a comment at the very end is kept",
			Stmt: func() core.Statement {
				return core.Text("SELECT id FROM user_account WHERE id = :id -- :trailing").Bind("id", 1)
			},
			Postgres: emits("SELECT id FROM user_account WHERE id = $1 -- :trailing", 1),
			MySQL:    emits("SELECT id FROM user_account WHERE id = ? -- :trailing", 1),
			SQLite:   emits("SELECT id FROM user_account WHERE id = ? -- :trailing", 1),
		},
		{
			Name: "a colon after a word character is not a parameter",
			Stmt: func() core.Statement {
				return core.Text("SELECT (ARRAY[10, 20, 30])[1:n] FROM (SELECT 2 AS n) AS s WHERE s.n = :n").Bind("n", 2)
			},
			Postgres: emits("SELECT (ARRAY[10, 20, 30])[1:n] FROM (SELECT 2 AS n) AS s WHERE s.n = $1", 2),
			MySQL:    skipped(postgresOnly),
			SQLite:   skipped(postgresOnly),
		},
		{
			// An array slice with a column as its bound: "[1 :n]" would
			// otherwise be a parameter.
			Name: `an escaped colon is written as a colon`,
			Stmt: func() core.Statement {
				return core.Text(`SELECT (ARRAY[10, 20, 30])[1 \:n] FROM (SELECT 2 AS n) AS s WHERE s.n = :n`).Bind("n", 2)
			},
			Postgres: emits(`SELECT (ARRAY[10, 20, 30])[1 :n] FROM (SELECT 2 AS n) AS s WHERE s.n = $1`, 2),
			MySQL:    skipped(postgresOnly),
			SQLite:   skipped(postgresOnly),
		},
		{
			Name: "a bound value that looks like SQL is only an argument",
			Stmt: func() core.Statement {
				return core.Text("SELECT id FROM user_account WHERE name = :name").Bind("name", "'; DROP TABLE user_account; --")
			},
			Postgres: emits("SELECT id FROM user_account WHERE name = $1", "'; DROP TABLE user_account; --"),
			MySQL:    emits("SELECT id FROM user_account WHERE name = ?", "'; DROP TABLE user_account; --"),
			SQLite:   emits("SELECT id FROM user_account WHERE name = ?", "'; DROP TABLE user_account; --"),
		},
		{
			Name: "a parameter without a value is an error",
			Stmt: func() core.Statement {
				return core.Text("SELECT id FROM user_account WHERE id = :id AND name = :name").Bind("id", 1)
			},
			Postgres: fails(core.ErrStatement, "no value bound for parameter :name"),
			MySQL:    fails(core.ErrStatement, "no value bound for parameter :name"),
			SQLite:   fails(core.ErrStatement, "no value bound for parameter :name"),
		},
		{
			Name: "a value bound to a name the text does not use is an error",
			Stmt: func() core.Statement {
				return core.Text("SELECT id FROM user_account WHERE id = :id").Bind("id", 1).Bind("idd", 2).Bind("extra", 3)
			},
			Postgres: fails(core.ErrStatement, "values bound to names the text does not use: extra, idd"),
			MySQL:    fails(core.ErrStatement, "values bound to names the text does not use: extra, idd"),
			SQLite:   fails(core.ErrStatement, "values bound to names the text does not use: extra, idd"),
		},
		{
			Name:     "an unterminated quote is an error",
			Stmt:     func() core.Statement { return core.Text("SELECT 'oops FROM user_account") },
			Postgres: fails(core.ErrStatement, "unterminated ' quote"),
			MySQL:    fails(core.ErrStatement, "unterminated ' quote"),
			SQLite:   fails(core.ErrStatement, "unterminated ' quote"),
		},
		{
			Name:     "an unterminated block comment is an error",
			Stmt:     func() core.Statement { return core.Text("SELECT 1 /* :x") },
			Postgres: fails(core.ErrStatement, "unterminated /* comment"),
			MySQL:    fails(core.ErrStatement, "unterminated /* comment"),
			SQLite:   fails(core.ErrStatement, "unterminated /* comment"),
		},
	}
}

// textMoreCases: item 7: Text with typed columns as a subquery, a CTE and
// a column expression.
func textMoreCases() []Case {
	named := func() *core.TextStmt {
		return core.Text("SELECT id, name FROM user_account WHERE name LIKE :p").Bind("p", "s%").
			Columns(core.TextColumn{Name: "id", Type: sqltype.BigInt{}}, core.TextColumn{Name: "name", Type: sqltype.String{Length: 30}})
	}
	return []Case{
		{
			Name:     "a Text with declared columns reports them as the result columns",
			Stmt:     func() core.Statement { return named() },
			Postgres: emits("SELECT id, name FROM user_account WHERE name LIKE $1", "s%"),
			MySQL:    emits("SELECT id, name FROM user_account WHERE name LIKE ?", "s%"),
			SQLite:   emits("SELECT id, name FROM user_account WHERE name LIKE ?", "s%"),
			Columns:  []string{"id", "name"},
		},
		portable("a Text as a subquery in FROM, its values bound in place",
			func() core.Statement {
				t := core.Subquery(named(), "s")
				return core.Select(t.C("name")).Where(core.ColumnOf[int64](t, "id").Gt(1))
			},
			"SELECT s.name FROM (SELECT id, name FROM user_account WHERE name LIKE $1) AS s WHERE s.id > $2", "s%", int64(1)),
		portable("a Text as a CTE",
			func() core.Statement {
				t := core.CTE(named(), "s")
				return core.Select(Addresses.Email).From(Addresses.Join(t, Addresses.UserID.EqExpr(core.ColumnOf[int64](t, "id"))))
			},
			"WITH s AS (SELECT id, name FROM user_account WHERE name LIKE $1) SELECT address.email_address FROM address JOIN s ON address.user_id = s.id", "s%"),
		portable("a Text in IN",
			func() core.Statement {
				return core.Select(Users.Name).Where(Users.ID.InSelect(core.Text("SELECT user_id FROM address WHERE email_address LIKE :d").Bind("d", "%@x").
					Columns(core.TextColumn{Name: "user_id", Type: sqltype.BigInt{}})))
			},
			"SELECT user_account.name FROM user_account WHERE user_account.id IN (SELECT user_id FROM address WHERE email_address LIKE $1)", "%@x"),
		portable("a text expression as a column, typed",
			func() core.Statement {
				return core.Select(Users.Name, core.TextExpr[int64]("user_account.id * :k", map[string]any{"k": 10}).Label("scaled"))
			},
			"SELECT user_account.name, (user_account.id * $1) AS scaled FROM user_account", 10),
		{
			Name:     "a Text without declared columns cannot be a subquery",
			Stmt:     func() core.Statement { return core.Select(core.Subquery(core.Text("SELECT 1"), "s")) },
			Postgres: fails(core.ErrStatement, "declare them with Columns"),
			MySQL:    fails(core.ErrStatement, "declare them with Columns"),
			SQLite:   fails(core.ErrStatement, "declare them with Columns"),
		},
	}
}
