package compilecases

import (
	"github.com/retort-go/retort/core"
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
