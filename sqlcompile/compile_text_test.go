package sqlcompile_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/sqlcompile"
)

const postgresOnly = "the text is PostgreSQL's own syntax"

func textCases() []compileCase {
	return []compileCase{
		{
			name: "a named parameter becomes the dialect's placeholder",
			stmt: func() core.Statement {
				return core.Text("SELECT name FROM user_account WHERE id = :id").Bind("id", 5)
			},
			postgres: emits("SELECT name FROM user_account WHERE id = $1", 5),
			mysql:    emits("SELECT name FROM user_account WHERE id = ?", 5),
			sqlite:   emits("SELECT name FROM user_account WHERE id = ?", 5),
		},
		{
			name: "parameters bind in the order they appear, not the order they are bound",
			stmt: func() core.Statement {
				return core.Text("SELECT id FROM user_account WHERE name = :name AND id > :min_id").
					Bind("min_id", 10).Bind("name", "sandy")
			},
			postgres: emits("SELECT id FROM user_account WHERE name = $1 AND id > $2", "sandy", 10),
			mysql:    emits("SELECT id FROM user_account WHERE name = ? AND id > ?", "sandy", 10),
			sqlite:   emits("SELECT id FROM user_account WHERE name = ? AND id > ?", "sandy", 10),
		},
		{
			name: "a repeated parameter gets a placeholder and an argument each time",
			stmt: func() core.Statement {
				return core.Text("SELECT id FROM message WHERE sender_id = :uid OR recipient_id = :uid").Bind("uid", 3)
			},
			postgres: emits("SELECT id FROM message WHERE sender_id = $1 OR recipient_id = $2", 3, 3),
			mysql:    emits("SELECT id FROM message WHERE sender_id = ? OR recipient_id = ?", 3, 3),
			sqlite:   emits("SELECT id FROM message WHERE sender_id = ? OR recipient_id = ?", 3, 3),
		},
		{
			name: "BindMap binds several parameters",
			stmt: func() core.Statement {
				return core.Text("SELECT id FROM user_account WHERE name = :name AND active = :active").
					BindMap(map[string]any{"name": "sandy", "active": true})
			},
			postgres: emits("SELECT id FROM user_account WHERE name = $1 AND active = $2", "sandy", true),
			mysql:    emits("SELECT id FROM user_account WHERE name = ? AND active = ?", "sandy", true),
			sqlite:   emits("SELECT id FROM user_account WHERE name = ? AND active = ?", "sandy", true),
		},
		{
			name: "a text without parameters is passed through",
			stmt: func() core.Statement {
				return core.Text("SELECT count(*) FROM user_account")
			},
			postgres: emits("SELECT count(*) FROM user_account"),
			mysql:    emits("SELECT count(*) FROM user_account"),
			sqlite:   emits("SELECT count(*) FROM user_account"),
		},
		{
			name: "a PostgreSQL cast is not a parameter",
			stmt: func() core.Statement {
				return core.Text("SELECT :v::integer + 1, '2024-01-02'::date").Bind("v", "41")
			},
			postgres: emits("SELECT $1::integer + 1, '2024-01-02'::date", "41"),
			mysql:    skipped(postgresOnly),
			sqlite:   skipped(postgresOnly),
		},
		{
			name: "colons inside quoted strings and identifiers are not parameters",
			stmt: func() core.Statement {
				return core.Text(`SELECT 'at 10:30 :not_a_param' AS "a:b", name FROM user_account WHERE name = :name AND name != 'it''s :x'`).
					Bind("name", "sandy")
			},
			postgres: emits(`SELECT 'at 10:30 :not_a_param' AS "a:b", name FROM user_account WHERE name = $1 AND name != 'it''s :x'`, "sandy"),
			// MySQL reads "a:b" as a string, which is also a valid alias.
			mysql:  emits(`SELECT 'at 10:30 :not_a_param' AS "a:b", name FROM user_account WHERE name = ? AND name != 'it''s :x'`, "sandy"),
			sqlite: emits(`SELECT 'at 10:30 :not_a_param' AS "a:b", name FROM user_account WHERE name = ? AND name != 'it''s :x'`, "sandy"),
		},
		{
			name: "colons inside backquoted identifiers are not parameters",
			stmt: func() core.Statement {
				return core.Text("SELECT name AS `x:y` FROM user_account WHERE id = :id").Bind("id", 1)
			},
			postgres: skipped("backquotes quote identifiers on MySQL and SQLite only"),
			mysql:    emits("SELECT name AS `x:y` FROM user_account WHERE id = ?", 1),
			sqlite:   emits("SELECT name AS `x:y` FROM user_account WHERE id = ?", 1),
		},
		{
			name: "colons inside comments are not parameters",
			stmt: func() core.Statement {
				return core.Text("SELECT id /* :c1 */ FROM user_account -- :c2\nWHERE id = :id").Bind("id", 1)
			},
			postgres: emits("SELECT id /* :c1 */ FROM user_account -- :c2\nWHERE id = $1", 1),
			mysql:    emits("SELECT id /* :c1 */ FROM user_account -- :c2\nWHERE id = ?", 1),
			sqlite:   emits("SELECT id /* :c1 */ FROM user_account -- :c2\nWHERE id = ?", 1),
		},
		{
			name: "a comment at the very end is kept",
			stmt: func() core.Statement {
				return core.Text("SELECT id FROM user_account WHERE id = :id -- :trailing").Bind("id", 1)
			},
			postgres: emits("SELECT id FROM user_account WHERE id = $1 -- :trailing", 1),
			mysql:    emits("SELECT id FROM user_account WHERE id = ? -- :trailing", 1),
			sqlite:   emits("SELECT id FROM user_account WHERE id = ? -- :trailing", 1),
		},
		{
			name: "a colon after a word character is not a parameter",
			stmt: func() core.Statement {
				return core.Text("SELECT (ARRAY[10, 20, 30])[1:n] FROM (SELECT 2 AS n) AS s WHERE s.n = :n").Bind("n", 2)
			},
			postgres: emits("SELECT (ARRAY[10, 20, 30])[1:n] FROM (SELECT 2 AS n) AS s WHERE s.n = $1", 2),
			mysql:    skipped(postgresOnly),
			sqlite:   skipped(postgresOnly),
		},
		{
			// An array slice with a column as its bound: "[1 :n]" would
			// otherwise be a parameter.
			name: `an escaped colon is written as a colon`,
			stmt: func() core.Statement {
				return core.Text(`SELECT (ARRAY[10, 20, 30])[1 \:n] FROM (SELECT 2 AS n) AS s WHERE s.n = :n`).Bind("n", 2)
			},
			postgres: emits(`SELECT (ARRAY[10, 20, 30])[1 :n] FROM (SELECT 2 AS n) AS s WHERE s.n = $1`, 2),
			mysql:    skipped(postgresOnly),
			sqlite:   skipped(postgresOnly),
		},
		{
			name: "a bound value that looks like SQL is only an argument",
			stmt: func() core.Statement {
				return core.Text("SELECT id FROM user_account WHERE name = :name").Bind("name", "'; DROP TABLE user_account; --")
			},
			postgres: emits("SELECT id FROM user_account WHERE name = $1", "'; DROP TABLE user_account; --"),
			mysql:    emits("SELECT id FROM user_account WHERE name = ?", "'; DROP TABLE user_account; --"),
			sqlite:   emits("SELECT id FROM user_account WHERE name = ?", "'; DROP TABLE user_account; --"),
		},
		{
			name: "a parameter without a value is an error",
			stmt: func() core.Statement {
				return core.Text("SELECT id FROM user_account WHERE id = :id AND name = :name").Bind("id", 1)
			},
			postgres: fails(core.ErrStatement, "no value bound for parameter :name"),
			mysql:    fails(core.ErrStatement, "no value bound for parameter :name"),
			sqlite:   fails(core.ErrStatement, "no value bound for parameter :name"),
		},
		{
			name: "a value bound to a name the text does not use is an error",
			stmt: func() core.Statement {
				return core.Text("SELECT id FROM user_account WHERE id = :id").Bind("id", 1).Bind("idd", 2).Bind("extra", 3)
			},
			postgres: fails(core.ErrStatement, "values bound to names the text does not use: extra, idd"),
			mysql:    fails(core.ErrStatement, "values bound to names the text does not use: extra, idd"),
			sqlite:   fails(core.ErrStatement, "values bound to names the text does not use: extra, idd"),
		},
		{
			name:     "an unterminated quote is an error",
			stmt:     func() core.Statement { return core.Text("SELECT 'oops FROM user_account") },
			postgres: fails(core.ErrStatement, "unterminated ' quote"),
			mysql:    fails(core.ErrStatement, "unterminated ' quote"),
			sqlite:   fails(core.ErrStatement, "unterminated ' quote"),
		},
		{
			name:     "an unterminated block comment is an error",
			stmt:     func() core.Statement { return core.Text("SELECT 1 /* :x") },
			postgres: fails(core.ErrStatement, "unterminated /* comment"),
			mysql:    fails(core.ErrStatement, "unterminated /* comment"),
			sqlite:   fails(core.ErrStatement, "unterminated /* comment"),
		},
	}
}

func TestTextCompilesForEachDialect(t *testing.T) { runCompileCases(t, textCases()) }

func TestTextStatementsReturnRowsAndCarryNoTypes(t *testing.T) {
	cs, _, err := sqlcompile.Compile(pgDialect, core.Text("SELECT :a").Bind("a", 1))
	require.NoError(t, err)
	require.Equal(t, sqlcompile.KindText, cs.Kind)
	require.True(t, cs.Returns(), "the engine cannot tell whether a text returns rows")
	require.Equal(t, 1, cs.NumArgs)
	require.Nil(t, cs.ArgTypes[0])
}

func TestBindingATextDoesNotChangeTheOriginal(t *testing.T) {
	base := core.Text("SELECT :a")
	one := base.Bind("a", 1)
	two := base.Bind("a", 2)
	_, args1, err := sqlcompile.Compile(sqliteDialect, one)
	require.NoError(t, err)
	_, args2, err := sqlcompile.Compile(sqliteDialect, two)
	require.NoError(t, err)
	require.Equal(t, []any{1}, args1)
	require.Equal(t, []any{2}, args2)
	_, _, err = sqlcompile.Compile(sqliteDialect, base)
	require.ErrorIs(t, err, core.ErrStatement, "the unbound original still has no value")
}
