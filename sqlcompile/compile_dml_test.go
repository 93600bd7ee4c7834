package sqlcompile_test

import (
	"database/sql"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/sqlcompile"
)

func insertCases() []compileCase {
	return []compileCase{
		{
			name: "Row inserts the assigned columns in table order",
			stmt: func() core.Statement {
				return core.Insert(Users).Row(Users.Active.To(true), Users.Name.To("sandy"))
			},
			postgres: emits("INSERT INTO user_account (name, active) VALUES ($1, $2)", "sandy", true),
			mysql:    emits("INSERT INTO user_account (name, active) VALUES (?, ?)", "sandy", true),
			sqlite:   emits("INSERT INTO user_account (name, active) VALUES (?, ?)", "sandy", true),
		},
		{
			name: "a Values map inserts its columns in table order",
			stmt: func() core.Statement {
				return core.Insert(Users).Values(core.Values{
					Users.Active: false, Users.Name: "patrick", Users.Fullname: nullString("Patrick Star"),
				})
			},
			postgres: emits("INSERT INTO user_account (name, fullname, active) VALUES ($1, $2, $3)", "patrick", nullString("Patrick Star"), false),
			mysql:    emits("INSERT INTO user_account (name, fullname, active) VALUES (?, ?, ?)", "patrick", nullString("Patrick Star"), false),
			sqlite:   emits("INSERT INTO user_account (name, fullname, active) VALUES (?, ?, ?)", "patrick", nullString("Patrick Star"), false),
		},
		{
			name: "a Values map on the dynamic path checks values against the column",
			stmt: func() core.Statement {
				return core.Insert(Tags).Values(core.Values{Tags.C("title"): "urgent"})
			},
			postgres: emits("INSERT INTO tag (title) VALUES ($1)", "urgent"),
			mysql:    emits("INSERT INTO tag (title) VALUES (?)", "urgent"),
			sqlite:   emits("INSERT INTO tag (title) VALUES (?)", "urgent"),
		},
		{
			name: "several rows make one multi-row VALUES with args row by row",
			stmt: func() core.Statement {
				return core.Insert(Users).Values(
					core.Values{Users.Name: "sandy", Users.Active: true},
					core.Values{Users.Name: "patrick", Users.Active: false},
				)
			},
			postgres: emits("INSERT INTO user_account (name, active) VALUES ($1, $2), ($3, $4)", "sandy", true, "patrick", false),
			mysql:    emits("INSERT INTO user_account (name, active) VALUES (?, ?), (?, ?)", "sandy", true, "patrick", false),
			sqlite:   emits("INSERT INTO user_account (name, active) VALUES (?, ?), (?, ?)", "sandy", true, "patrick", false),
		},
		{
			name: "rows added by Row and Values calls in turn are one statement",
			stmt: func() core.Statement {
				return core.Insert(Tags).Row(Tags.Title.To("red")).Values(core.Values{Tags.Title: "blue"}).Row(Tags.Title.To("green"))
			},
			postgres: emits("INSERT INTO tag (title) VALUES ($1), ($2), ($3)", "red", "blue", "green"),
			mysql:    emits("INSERT INTO tag (title) VALUES (?), (?), (?)", "red", "blue", "green"),
			sqlite:   emits("INSERT INTO tag (title) VALUES (?), (?), (?)", "red", "blue", "green"),
		},
		{
			name: "an explicit value for the autoincrement column is inserted",
			stmt: func() core.Statement {
				return core.Insert(Users).Row(Users.ID.To(7), Users.Name.To("squidward"), Users.Active.To(true))
			},
			postgres: emits("INSERT INTO user_account (id, name, active) VALUES ($1, $2, $3)", int64(7), "squidward", true),
			mysql:    emits("INSERT INTO user_account (id, name, active) VALUES (?, ?, ?)", int64(7), "squidward", true),
			sqlite:   emits("INSERT INTO user_account (id, name, active) VALUES (?, ?, ?)", int64(7), "squidward", true),
		},
		{
			name: "NULL for the autoincrement column is left out so the database numbers the row",
			stmt: func() core.Statement {
				return core.Insert(Users).Values(core.Values{Users.ID: nil, Users.Name: "sandy", Users.Active: true})
			},
			postgres: emits("INSERT INTO user_account (name, active) VALUES ($1, $2)", "sandy", true),
			mysql:    emits("INSERT INTO user_account (name, active) VALUES (?, ?)", "sandy", true),
			sqlite:   emits("INSERT INTO user_account (name, active) VALUES (?, ?)", "sandy", true),
		},
		{
			name: "NULL for a nullable column is the NULL keyword",
			stmt: func() core.Statement {
				return core.Insert(Users).Values(core.Values{Users.Name: "sandy", Users.Nickname: nil, Users.Active: true})
			},
			postgres: emits("INSERT INTO user_account (name, nickname, active) VALUES ($1, NULL, $2)", "sandy", true),
			mysql:    emits("INSERT INTO user_account (name, nickname, active) VALUES (?, NULL, ?)", "sandy", true),
			sqlite:   emits("INSERT INTO user_account (name, nickname, active) VALUES (?, NULL, ?)", "sandy", true),
		},
		{
			name: "a typed NULL assignment is the NULL keyword",
			stmt: func() core.Statement {
				return core.Insert(Users).Row(Users.Name.To("sandy"), Users.Fullname.To(sql.Null[string]{}), Users.Active.To(true))
			},
			postgres: emits("INSERT INTO user_account (name, fullname, active) VALUES ($1, NULL, $2)", "sandy", true),
			mysql:    emits("INSERT INTO user_account (name, fullname, active) VALUES (?, NULL, ?)", "sandy", true),
			sqlite:   emits("INSERT INTO user_account (name, fullname, active) VALUES (?, NULL, ?)", "sandy", true),
		},
		{
			name: "columns with a client default that the row does not set get the default",
			stmt: func() core.Statement {
				return core.Insert(Events).Row(Events.Title.To("launch"))
			},
			postgres: emits("INSERT INTO event (title, version) VALUES ($1, $2)", "launch", int64(1)),
			mysql:    emits("INSERT INTO event (title, version) VALUES (?, ?)", "launch", int64(1)),
			sqlite:   emits("INSERT INTO event (title, version) VALUES (?, ?)", "launch", int64(1)),
		},
		{
			name: "a value given for a column with a client default wins",
			stmt: func() core.Statement {
				return core.Insert(Events).Row(Events.Title.To("launch"), Events.Version.To(3))
			},
			postgres: emits("INSERT INTO event (title, version) VALUES ($1, $2)", "launch", int64(3)),
			mysql:    emits("INSERT INTO event (title, version) VALUES (?, ?)", "launch", int64(3)),
			sqlite:   emits("INSERT INTO event (title, version) VALUES (?, ?)", "launch", int64(3)),
		},
		{
			name: "every row of a multi-row insert gets its own default",
			stmt: func() core.Statement {
				return core.Insert(Events).Row(Events.Title.To("a")).Row(Events.Title.To("b"))
			},
			postgres: emits("INSERT INTO event (title, version) VALUES ($1, $2), ($3, $4)", "a", int64(1), "b", int64(1)),
			mysql:    emits("INSERT INTO event (title, version) VALUES (?, ?), (?, ?)", "a", int64(1), "b", int64(1)),
			sqlite:   emits("INSERT INTO event (title, version) VALUES (?, ?), (?, ?)", "a", int64(1), "b", int64(1)),
		},
		{
			name: "an insert with no rows inserts the client defaults",
			stmt: func() core.Statement {
				return core.Insert(Events)
			},
			postgres: emits("INSERT INTO event (version) VALUES ($1)", int64(1)),
			mysql:    emits("INSERT INTO event (version) VALUES (?)", int64(1)),
			sqlite:   emits("INSERT INTO event (version) VALUES (?)", int64(1)),
		},
		{
			name: "an expression value is written inline",
			stmt: func() core.Statement {
				return core.Insert(Events).Row(Events.Title.To("launch"), Events.CreatedAt.ToExpr(core.Now()))
			},
			postgres: emits("INSERT INTO event (title, version, created_at) VALUES ($1, $2, CURRENT_TIMESTAMP)", "launch", int64(1)),
			mysql:    emits("INSERT INTO event (title, version, created_at) VALUES (?, ?, CURRENT_TIMESTAMP(6))", "launch", int64(1)),
			sqlite:   emits("INSERT INTO event (title, version, created_at) VALUES (?, ?, CURRENT_TIMESTAMP)", "launch", int64(1)),
		},
		{
			name:     "a row of nothing but defaults is DEFAULT VALUES, or () VALUES () on MySQL",
			stmt:     func() core.Statement { return core.Insert(Counters) },
			postgres: emits("INSERT INTO counter DEFAULT VALUES"),
			mysql:    emits("INSERT INTO counter () VALUES ()"),
			sqlite:   emits("INSERT INTO counter DEFAULT VALUES"),
		},
		{
			name: "a row whose only value is NULL for the autoincrement column is DEFAULT VALUES",
			stmt: func() core.Statement {
				return core.Insert(Counters).Values(core.Values{Counters.ID: nil})
			},
			postgres: emits("INSERT INTO counter DEFAULT VALUES"),
			mysql:    emits("INSERT INTO counter () VALUES ()"),
			sqlite:   emits("INSERT INTO counter DEFAULT VALUES"),
		},
		{
			name: "several rows of nothing but defaults are an error",
			stmt: func() core.Statement {
				return core.Insert(Counters).Values(core.Values{}, core.Values{})
			},
			postgres: unsupported("multi-row INSERT of default values only"),
			mysql:    unsupported("multi-row INSERT of default values only"),
			sqlite:   unsupported("multi-row INSERT of default values only"),
		},
		{
			name: "RETURNING is unqualified and an error on MySQL but not MariaDB",
			stmt: func() core.Statement {
				return core.Insert(Users).Row(Users.Name.To("sandy"), Users.Active.To(true)).Returning(Users.ID)
			},
			postgres: emits("INSERT INTO user_account (name, active) VALUES ($1, $2) RETURNING id", "sandy", true),
			mysql:    unsupported("INSERT ... RETURNING"),
			mariadb:  ptr(emits("INSERT INTO user_account (name, active) VALUES (?, ?) RETURNING id", "sandy", true)),
			sqlite:   emits("INSERT INTO user_account (name, active) VALUES (?, ?) RETURNING id", "sandy", true),
			columns:  []string{"id"},
		},
		{
			name: "RETURNING a whole table returns every column",
			stmt: func() core.Statement {
				return core.Insert(Tags).Row(Tags.Title.To("urgent")).Returning(Tags)
			},
			postgres: emits("INSERT INTO tag (title) VALUES ($1) RETURNING id, title", "urgent"),
			mysql:    unsupported("INSERT ... RETURNING"),
			mariadb:  ptr(emits("INSERT INTO tag (title) VALUES (?) RETURNING id, title", "urgent")),
			sqlite:   emits("INSERT INTO tag (title) VALUES (?) RETURNING id, title", "urgent"),
			columns:  []string{"id", "title"},
		},
		{
			name: "RETURNING after DEFAULT VALUES",
			stmt: func() core.Statement {
				return core.Insert(Counters).Returning(Counters.ID)
			},
			postgres: emits("INSERT INTO counter DEFAULT VALUES RETURNING id"),
			mysql:    unsupported("INSERT ... RETURNING"),
			mariadb:  ptr(emits("INSERT INTO counter () VALUES () RETURNING id")),
			sqlite:   emits("INSERT INTO counter DEFAULT VALUES RETURNING id"),
		},
		{
			name: "rows that set different columns are an error",
			stmt: func() core.Statement {
				return core.Insert(Users).Values(
					core.Values{Users.Name: "sandy", Users.Active: true},
					core.Values{Users.Name: "patrick", Users.Active: true, Users.Nickname: ptr("pat")},
				)
			},
			postgres: fails(core.ErrStatement, "row 2 sets different columns than row 1"),
			mysql:    fails(core.ErrStatement, "row 2 sets different columns than row 1"),
			sqlite:   fails(core.ErrStatement, "row 2 sets different columns than row 1"),
		},
		{
			name: "a value of the wrong Go type is an error",
			stmt: func() core.Statement {
				return core.Insert(Users).Values(core.Values{Users.Name: 42})
			},
			postgres: fails(core.ErrValue, "user_account.name"),
			mysql:    fails(core.ErrValue, "user_account.name"),
			sqlite:   fails(core.ErrValue, "user_account.name"),
		},
		{
			name: "NULL for a NOT NULL column is an error",
			stmt: func() core.Statement {
				return core.Insert(Users).Values(core.Values{Users.Name: nil})
			},
			postgres: fails(core.ErrValue, "NOT NULL"),
			mysql:    fails(core.ErrValue, "NOT NULL"),
			sqlite:   fails(core.ErrValue, "NOT NULL"),
		},
		{
			name: "a column of another table is an error",
			stmt: func() core.Statement {
				return core.Insert(Users).Values(core.Values{Addresses.Email: "sandy@sqlalchemy.org"})
			},
			postgres: fails(core.ErrStatement, "address.email_address is not a column of user_account"),
			mysql:    fails(core.ErrStatement, "address.email_address is not a column of user_account"),
			sqlite:   fails(core.ErrStatement, "address.email_address is not a column of user_account"),
		},
		{
			name: "a column set twice in one row is an error",
			stmt: func() core.Statement {
				return core.Insert(Users).Row(Users.Name.To("a"), Users.Name.To("b"))
			},
			postgres: fails(core.ErrStatement, "set twice"),
			mysql:    fails(core.ErrStatement, "set twice"),
			sqlite:   fails(core.ErrStatement, "set twice"),
		},
		{
			name:     "a nil RETURNING item is an error",
			stmt:     func() core.Statement { return core.Insert(Tags).Row(Tags.Title.To("a")).Returning(nil) },
			postgres: fails(core.ErrStatement, "nil"),
			mysql:    fails(core.ErrStatement, "nil"),
			sqlite:   fails(core.ErrStatement, "nil"),
		},
		{
			name:     "an insert into no table is an error",
			stmt:     func() core.Statement { return core.Insert(nil) },
			postgres: fails(core.ErrStatement, "nil table"),
			mysql:    fails(core.ErrStatement, "nil table"),
			sqlite:   fails(core.ErrStatement, "nil table"),
		},
	}
}

func TestInsertCompilesForEachDialect(t *testing.T) { runCompileCases(t, insertCases()) }

func updateCases() []compileCase {
	return []compileCase{
		{
			name: "Set assigns a value and WHERE is qualified",
			stmt: func() core.Statement {
				return core.Update(Users).Set(Users.Name.To("sandy")).Where(Users.ID.Eq(5))
			},
			postgres: emits("UPDATE user_account SET name = $1 WHERE user_account.id = $2", "sandy", int64(5)),
			mysql:    emits("UPDATE user_account SET name = ? WHERE user_account.id = ?", "sandy", int64(5)),
			sqlite:   emits("UPDATE user_account SET name = ? WHERE user_account.id = ?", "sandy", int64(5)),
		},
		{
			name: "a Values map sets its columns in table order and NULL inline",
			stmt: func() core.Statement {
				return core.Update(Users).
					Values(core.Values{Users.Active: false, Users.Fullname: sql.Null[string]{}}).
					Where(Users.Name.Eq("patrick"))
			},
			postgres: emits("UPDATE user_account SET fullname = NULL, active = $1 WHERE user_account.name = $2", false, "patrick"),
			mysql:    emits("UPDATE user_account SET fullname = NULL, active = ? WHERE user_account.name = ?", false, "patrick"),
			sqlite:   emits("UPDATE user_account SET fullname = NULL, active = ? WHERE user_account.name = ?", false, "patrick"),
		},
		{
			name: "Set and Values calls add up",
			stmt: func() core.Statement {
				return core.Update(Users).Set(Users.Active.To(true)).Values(core.Values{Users.Name: "sandy"})
			},
			postgres: emits("UPDATE user_account SET name = $1, active = $2", "sandy", true),
			mysql:    emits("UPDATE user_account SET name = ?, active = ?", "sandy", true),
			sqlite:   emits("UPDATE user_account SET name = ?, active = ?", "sandy", true),
		},
		{
			name: "an UPDATE without WHERE updates every row",
			stmt: func() core.Statement {
				return core.Update(Users).Set(Users.Active.To(false))
			},
			postgres: emits("UPDATE user_account SET active = $1", false),
			mysql:    emits("UPDATE user_account SET active = ?", false),
			sqlite:   emits("UPDATE user_account SET active = ?", false),
		},
		{
			name: "a column can be set from another column",
			stmt: func() core.Statement {
				return core.Update(Messages).Set(Messages.SenderID.ToExpr(Messages.RecipientID)).Where(Messages.ID.Eq(9))
			},
			postgres: emits("UPDATE message SET sender_id = message.recipient_id WHERE message.id = $1", int64(9)),
			mysql:    emits("UPDATE message SET sender_id = message.recipient_id WHERE message.id = ?", int64(9)),
			sqlite:   emits("UPDATE message SET sender_id = message.recipient_id WHERE message.id = ?", int64(9)),
		},
		{
			name: "columns with an update default that the statement does not set get it",
			stmt: func() core.Statement {
				return core.Update(Events).Set(Events.Title.To("relaunch")).Where(Events.ID.Eq(1))
			},
			postgres: emits("UPDATE event SET title = $1, updated_by = $2 WHERE event.id = $3", "relaunch", "sys-update", int64(1)),
			mysql:    emits("UPDATE event SET title = ?, updated_by = ? WHERE event.id = ?", "relaunch", "sys-update", int64(1)),
			sqlite:   emits("UPDATE event SET title = ?, updated_by = ? WHERE event.id = ?", "relaunch", "sys-update", int64(1)),
		},
		{
			name: "a value set for a column with an update default wins",
			stmt: func() core.Statement {
				return core.Update(Events).Set(Events.UpdatedBy.To("alice"), Events.Title.To("relaunch"))
			},
			postgres: emits("UPDATE event SET title = $1, updated_by = $2", "relaunch", "alice"),
			mysql:    emits("UPDATE event SET title = ?, updated_by = ?", "relaunch", "alice"),
			sqlite:   emits("UPDATE event SET title = ?, updated_by = ?", "relaunch", "alice"),
		},
		{
			name: "an insert default is not applied to UPDATE",
			stmt: func() core.Statement {
				return core.Update(Events).Set(Events.CreatedAt.ToExpr(core.Now()))
			},
			postgres: emits("UPDATE event SET updated_by = $1, created_at = CURRENT_TIMESTAMP", "sys-update"),
			mysql:    emits("UPDATE event SET updated_by = ?, created_at = CURRENT_TIMESTAMP(6)", "sys-update"),
			sqlite:   emits("UPDATE event SET updated_by = ?, created_at = CURRENT_TIMESTAMP", "sys-update"),
		},
		{
			name: "UPDATE RETURNING is an error on MySQL and on MariaDB",
			stmt: func() core.Statement {
				return core.Update(Users).Set(Users.Name.To("sandy")).Where(Users.ID.Eq(5)).Returning(Users.ID, Users.Name)
			},
			postgres: emits("UPDATE user_account SET name = $1 WHERE user_account.id = $2 RETURNING id, name", "sandy", int64(5)),
			mysql:    unsupported("mysql does not support UPDATE ... RETURNING"),
			mariadb:  ptr(unsupported("mariadb does not support UPDATE ... RETURNING")),
			sqlite:   emits("UPDATE user_account SET name = ? WHERE user_account.id = ? RETURNING id, name", "sandy", int64(5)),
			columns:  []string{"id", "name"},
		},
		{
			name:     "an UPDATE with nothing to set is an error",
			stmt:     func() core.Statement { return core.Update(Users).Where(Users.ID.Eq(1)) },
			postgres: fails(core.ErrStatement, "no columns to SET"),
			mysql:    fails(core.ErrStatement, "no columns to SET"),
			sqlite:   fails(core.ErrStatement, "no columns to SET"),
		},
		{
			name: "a column set twice is an error",
			stmt: func() core.Statement {
				return core.Update(Users).Set(Users.Name.To("a")).Set(Users.Name.To("b"))
			},
			postgres: fails(core.ErrStatement, "set twice"),
			mysql:    fails(core.ErrStatement, "set twice"),
			sqlite:   fails(core.ErrStatement, "set twice"),
		},
		{
			name: "setting a column of another table is an error",
			stmt: func() core.Statement {
				return core.Update(Users).Set(Addresses.Email.To("x@y.org"))
			},
			postgres: fails(core.ErrStatement, "not a column of user_account"),
			mysql:    fails(core.ErrStatement, "not a column of user_account"),
			sqlite:   fails(core.ErrStatement, "not a column of user_account"),
		},
	}
}

func TestUpdateCompilesForEachDialect(t *testing.T) { runCompileCases(t, updateCases()) }

func deleteCases() []compileCase {
	return []compileCase{
		{
			name:     "DELETE with WHERE",
			stmt:     func() core.Statement { return core.Delete(Users).Where(Users.ID.Eq(5)) },
			postgres: emits("DELETE FROM user_account WHERE user_account.id = $1", int64(5)),
			mysql:    emits("DELETE FROM user_account WHERE user_account.id = ?", int64(5)),
			sqlite:   emits("DELETE FROM user_account WHERE user_account.id = ?", int64(5)),
		},
		{
			name:     "DELETE without WHERE deletes every row",
			stmt:     func() core.Statement { return core.Delete(Addresses) },
			postgres: emits("DELETE FROM address"),
			mysql:    emits("DELETE FROM address"),
			sqlite:   emits("DELETE FROM address"),
		},
		{
			name: "DELETE conditions are ANDed with the needed parentheses",
			stmt: func() core.Statement {
				return core.Delete(Users).Where(core.Or(Users.Name.Eq("a"), Users.Nickname.IsNull())).Where(core.Not(Users.Active))
			},
			postgres: emits("DELETE FROM user_account WHERE (user_account.name = $1 OR user_account.nickname IS NULL) AND NOT user_account.active", "a"),
			mysql:    emits("DELETE FROM user_account WHERE (user_account.name = ? OR user_account.nickname IS NULL) AND NOT user_account.active", "a"),
			sqlite:   emits("DELETE FROM user_account WHERE (user_account.name = ? OR user_account.nickname IS NULL) AND NOT user_account.active", "a"),
		},
		{
			name: "DELETE RETURNING is an error on MySQL but not MariaDB",
			stmt: func() core.Statement {
				return core.Delete(Users).Where(Users.Name.Like("s%")).Returning(Users.ID)
			},
			postgres: emits("DELETE FROM user_account WHERE user_account.name LIKE $1 RETURNING id", "s%"),
			mysql:    unsupported("DELETE ... RETURNING"),
			mariadb:  ptr(emits("DELETE FROM user_account WHERE user_account.name LIKE ? RETURNING id", "s%")),
			sqlite:   emits("DELETE FROM user_account WHERE user_account.name LIKE ? RETURNING id", "s%"),
		},
		{
			name:     "a DELETE from no table is an error",
			stmt:     func() core.Statement { return core.Delete(nil) },
			postgres: fails(core.ErrStatement, "nil table"),
			mysql:    fails(core.ErrStatement, "nil table"),
			sqlite:   fails(core.ErrStatement, "nil table"),
		},
	}
}

func TestDeleteCompilesForEachDialect(t *testing.T) { runCompileCases(t, deleteCases()) }

func TestDMLStatementsNameTheirTargetTable(t *testing.T) {
	for _, stmt := range []core.Statement{
		core.Insert(Users).Row(Users.Name.To("a")),
		core.Update(Users).Set(Users.Name.To("a")),
		core.Delete(Users),
	} {
		cs, _, err := sqlcompile.Compile(sqliteDialect, stmt)
		require.NoError(t, err)
		require.Same(t, &Users.Table, cs.Table, cs.SQL)
	}
}

func TestCompiledStatementsSayWhetherTheyReturnRows(t *testing.T) {
	for _, tc := range []struct {
		stmt    core.Statement
		kind    sqlcompile.Kind
		returns bool
	}{
		{core.Select(Users.ID), sqlcompile.KindSelect, true},
		{core.Insert(Tags).Row(Tags.Title.To("a")), sqlcompile.KindInsert, false},
		{core.Insert(Tags).Row(Tags.Title.To("a")).Returning(Tags.ID), sqlcompile.KindInsert, true},
		{core.Update(Tags).Set(Tags.Title.To("a")), sqlcompile.KindUpdate, false},
		{core.Update(Tags).Set(Tags.Title.To("a")).Returning(Tags.ID), sqlcompile.KindUpdate, true},
		{core.Delete(Tags), sqlcompile.KindDelete, false},
		{core.Delete(Tags).Returning(Tags.ID), sqlcompile.KindDelete, true},
		// The compiler cannot tell what a text does; the engine finds out.
		{core.Text("DELETE FROM tag"), sqlcompile.KindText, true},
		{&core.DropTable{Table: &Tags.Table}, sqlcompile.KindDDL, false},
	} {
		cs, _, err := sqlcompile.Compile(sqliteDialect, tc.stmt)
		require.NoError(t, err)
		require.Equal(t, tc.kind, cs.Kind, cs.SQL)
		require.Equal(t, tc.returns, cs.Returns(), cs.SQL)
	}
}

// Statements are values: building on one leaves it as it was, so a base
// statement can be shared and extended in several directions.
func TestBuildingOnAStatementLeavesItUnchanged(t *testing.T) {
	compile := func(s core.Statement) (string, []any) {
		cs, args, err := sqlcompile.Compile(pgDialect, s)
		require.NoError(t, err)
		return cs.SQL, args
	}

	base := core.Select(Users.ID).Where(Users.Name.Eq("a"))
	baseSQL, baseArgs := compile(base)
	x := base.Where(Users.Active).OrderBy(Users.ID).Limit(1)
	y := base.Where(Users.ID.Gt(2)).Columns(Users.Name).Distinct()
	xSQL, xArgs := compile(x)
	ySQL, yArgs := compile(y)
	require.Equal(t, "SELECT user_account.id FROM user_account WHERE user_account.name = $1 AND user_account.active ORDER BY user_account.id LIMIT $2", xSQL)
	require.Equal(t, []any{"a", int64(1)}, xArgs)
	require.Equal(t, "SELECT DISTINCT user_account.id, user_account.name FROM user_account WHERE user_account.name = $1 AND user_account.id > $2", ySQL)
	require.Equal(t, []any{"a", int64(2)}, yArgs)
	againSQL, againArgs := compile(base)
	require.Equal(t, baseSQL, againSQL)
	require.Equal(t, baseArgs, againArgs)

	ins := core.Insert(Tags).Row(Tags.Title.To("a"))
	_, insB := compile(ins.Row(Tags.Title.To("b")))
	_, insC := compile(ins.Row(Tags.Title.To("c")).Returning(Tags.ID))
	_, insBase := compile(ins)
	require.Equal(t, []any{"a", "b"}, insB)
	require.Equal(t, []any{"a", "c"}, insC)
	require.Equal(t, []any{"a"}, insBase)

	upd := core.Update(Users).Set(Users.Name.To("a"))
	_, updB := compile(upd.Set(Users.Active.To(true)).Where(Users.ID.Eq(1)))
	_, updBase := compile(upd)
	require.Equal(t, []any{"a", true, int64(1)}, updB)
	require.Equal(t, []any{"a"}, updBase)
}
