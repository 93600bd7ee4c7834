package compilecases

import (
	"database/sql"

	"github.com/retort-go/retort/core"
)

func insertCases() []Case {
	return []Case{
		{
			Name: "Row inserts the assigned columns in table order",
			Stmt: func() core.Statement {
				return core.Insert(Users).Row(Users.Active.To(true), Users.Name.To("sandy"))
			},
			Postgres: emits("INSERT INTO user_account (name, active) VALUES ($1, $2)", "sandy", true),
			MySQL:    emits("INSERT INTO user_account (name, active) VALUES (?, ?)", "sandy", true),
			SQLite:   emits("INSERT INTO user_account (name, active) VALUES (?, ?)", "sandy", true),
		},
		{
			Name: "a Values map inserts its columns in table order",
			Stmt: func() core.Statement {
				return core.Insert(Users).Values(core.Values{
					Users.Active: false, Users.Name: "patrick", Users.Fullname: NullString("Patrick Star"),
				})
			},
			Postgres: emits("INSERT INTO user_account (name, fullname, active) VALUES ($1, $2, $3)", "patrick", NullString("Patrick Star"), false),
			MySQL:    emits("INSERT INTO user_account (name, fullname, active) VALUES (?, ?, ?)", "patrick", NullString("Patrick Star"), false),
			SQLite:   emits("INSERT INTO user_account (name, fullname, active) VALUES (?, ?, ?)", "patrick", NullString("Patrick Star"), false),
		},
		{
			Name: "a Values map on the dynamic path checks values against the column",
			Stmt: func() core.Statement {
				return core.Insert(Tags).Values(core.Values{Tags.C("title"): "urgent"})
			},
			Postgres: emits("INSERT INTO tag (title) VALUES ($1)", "urgent"),
			MySQL:    emits("INSERT INTO tag (title) VALUES (?)", "urgent"),
			SQLite:   emits("INSERT INTO tag (title) VALUES (?)", "urgent"),
		},
		{
			Name: "several rows make one multi-row VALUES with args row by row",
			Stmt: func() core.Statement {
				return core.Insert(Users).Values(
					core.Values{Users.Name: "sandy", Users.Active: true},
					core.Values{Users.Name: "patrick", Users.Active: false},
				)
			},
			Postgres: emits("INSERT INTO user_account (name, active) VALUES ($1, $2), ($3, $4)", "sandy", true, "patrick", false),
			MySQL:    emits("INSERT INTO user_account (name, active) VALUES (?, ?), (?, ?)", "sandy", true, "patrick", false),
			SQLite:   emits("INSERT INTO user_account (name, active) VALUES (?, ?), (?, ?)", "sandy", true, "patrick", false),
		},
		{
			Name: "rows added by Row and Values calls in turn are one statement",
			Stmt: func() core.Statement {
				return core.Insert(Tags).Row(Tags.Title.To("red")).Values(core.Values{Tags.Title: "blue"}).Row(Tags.Title.To("green"))
			},
			Postgres: emits("INSERT INTO tag (title) VALUES ($1), ($2), ($3)", "red", "blue", "green"),
			MySQL:    emits("INSERT INTO tag (title) VALUES (?), (?), (?)", "red", "blue", "green"),
			SQLite:   emits("INSERT INTO tag (title) VALUES (?), (?), (?)", "red", "blue", "green"),
		},
		{
			Name: "an explicit value for the autoincrement column is inserted",
			Stmt: func() core.Statement {
				return core.Insert(Users).Row(Users.ID.To(7), Users.Name.To("squidward"), Users.Active.To(true))
			},
			Postgres: emits("INSERT INTO user_account (id, name, active) VALUES ($1, $2, $3)", int64(7), "squidward", true),
			MySQL:    emits("INSERT INTO user_account (id, name, active) VALUES (?, ?, ?)", int64(7), "squidward", true),
			SQLite:   emits("INSERT INTO user_account (id, name, active) VALUES (?, ?, ?)", int64(7), "squidward", true),
		},
		{
			Name: "NULL for the autoincrement column is left out so the database numbers the row",
			Stmt: func() core.Statement {
				return core.Insert(Users).Values(core.Values{Users.ID: nil, Users.Name: "sandy", Users.Active: true})
			},
			Postgres: emits("INSERT INTO user_account (name, active) VALUES ($1, $2)", "sandy", true),
			MySQL:    emits("INSERT INTO user_account (name, active) VALUES (?, ?)", "sandy", true),
			SQLite:   emits("INSERT INTO user_account (name, active) VALUES (?, ?)", "sandy", true),
		},
		{
			Name: "NULL for a nullable column is the NULL keyword",
			Stmt: func() core.Statement {
				return core.Insert(Users).Values(core.Values{Users.Name: "sandy", Users.Nickname: nil, Users.Active: true})
			},
			Postgres: emits("INSERT INTO user_account (name, nickname, active) VALUES ($1, NULL, $2)", "sandy", true),
			MySQL:    emits("INSERT INTO user_account (name, nickname, active) VALUES (?, NULL, ?)", "sandy", true),
			SQLite:   emits("INSERT INTO user_account (name, nickname, active) VALUES (?, NULL, ?)", "sandy", true),
		},
		{
			Name: "a typed NULL assignment is the NULL keyword",
			Stmt: func() core.Statement {
				return core.Insert(Users).Row(Users.Name.To("sandy"), Users.Fullname.To(sql.Null[string]{}), Users.Active.To(true))
			},
			Postgres: emits("INSERT INTO user_account (name, fullname, active) VALUES ($1, NULL, $2)", "sandy", true),
			MySQL:    emits("INSERT INTO user_account (name, fullname, active) VALUES (?, NULL, ?)", "sandy", true),
			SQLite:   emits("INSERT INTO user_account (name, fullname, active) VALUES (?, NULL, ?)", "sandy", true),
		},
		{
			Name: "columns with a client default that the row does not set get the default",
			Stmt: func() core.Statement {
				return core.Insert(Events).Row(Events.Title.To("launch"))
			},
			Postgres: emits("INSERT INTO event (title, version) VALUES ($1, $2)", "launch", int64(1)),
			MySQL:    emits("INSERT INTO event (title, version) VALUES (?, ?)", "launch", int64(1)),
			SQLite:   emits("INSERT INTO event (title, version) VALUES (?, ?)", "launch", int64(1)),
		},
		{
			Name: "a value given for a column with a client default wins",
			Stmt: func() core.Statement {
				return core.Insert(Events).Row(Events.Title.To("launch"), Events.Version.To(3))
			},
			Postgres: emits("INSERT INTO event (title, version) VALUES ($1, $2)", "launch", int64(3)),
			MySQL:    emits("INSERT INTO event (title, version) VALUES (?, ?)", "launch", int64(3)),
			SQLite:   emits("INSERT INTO event (title, version) VALUES (?, ?)", "launch", int64(3)),
		},
		{
			Name: "every row of a multi-row insert gets its own default",
			Stmt: func() core.Statement {
				return core.Insert(Events).Row(Events.Title.To("a")).Row(Events.Title.To("b"))
			},
			Postgres: emits("INSERT INTO event (title, version) VALUES ($1, $2), ($3, $4)", "a", int64(1), "b", int64(1)),
			MySQL:    emits("INSERT INTO event (title, version) VALUES (?, ?), (?, ?)", "a", int64(1), "b", int64(1)),
			SQLite:   emits("INSERT INTO event (title, version) VALUES (?, ?), (?, ?)", "a", int64(1), "b", int64(1)),
		},
		{
			Name: "an insert with no rows inserts the client defaults",
			Stmt: func() core.Statement {
				return core.Insert(Events)
			},
			Postgres: emits("INSERT INTO event (version) VALUES ($1)", int64(1)),
			MySQL:    emits("INSERT INTO event (version) VALUES (?)", int64(1)),
			SQLite:   emits("INSERT INTO event (version) VALUES (?)", int64(1)),
			NoExec:   "event.title is NOT NULL without a default: the statement is the one asked for, but the row it makes is not valid for this table",
		},
		{
			Name: "an expression value is written inline",
			Stmt: func() core.Statement {
				return core.Insert(Events).Row(Events.Title.To("launch"), Events.CreatedAt.ToExpr(core.Now()))
			},
			Postgres: emits("INSERT INTO event (title, version, created_at) VALUES ($1, $2, CURRENT_TIMESTAMP)", "launch", int64(1)),
			MySQL:    emits("INSERT INTO event (title, version, created_at) VALUES (?, ?, CURRENT_TIMESTAMP(6))", "launch", int64(1)),
			SQLite:   emits("INSERT INTO event (title, version, created_at) VALUES (?, ?, CURRENT_TIMESTAMP)", "launch", int64(1)),
		},
		{
			Name:     "a row of nothing but defaults is DEFAULT VALUES, or () VALUES () on MySQL",
			Stmt:     func() core.Statement { return core.Insert(Counters) },
			Postgres: emits("INSERT INTO counter DEFAULT VALUES"),
			MySQL:    emits("INSERT INTO counter () VALUES ()"),
			SQLite:   emits("INSERT INTO counter DEFAULT VALUES"),
		},
		{
			Name: "a row whose only value is NULL for the autoincrement column is DEFAULT VALUES",
			Stmt: func() core.Statement {
				return core.Insert(Counters).Values(core.Values{Counters.ID: nil})
			},
			Postgres: emits("INSERT INTO counter DEFAULT VALUES"),
			MySQL:    emits("INSERT INTO counter () VALUES ()"),
			SQLite:   emits("INSERT INTO counter DEFAULT VALUES"),
		},
		{
			Name: "several rows of nothing but defaults are an error",
			Stmt: func() core.Statement {
				return core.Insert(Counters).Values(core.Values{}, core.Values{})
			},
			Postgres: unsupported("multi-row INSERT of default values only"),
			MySQL:    unsupported("multi-row INSERT of default values only"),
			SQLite:   unsupported("multi-row INSERT of default values only"),
		},
		{
			Name: "RETURNING is unqualified and an error on MySQL but not MariaDB",
			Stmt: func() core.Statement {
				return core.Insert(Users).Row(Users.Name.To("sandy"), Users.Active.To(true)).Returning(Users.ID)
			},
			Postgres: emits("INSERT INTO user_account (name, active) VALUES ($1, $2) RETURNING id", "sandy", true),
			MySQL:    unsupported("INSERT ... RETURNING"),
			MariaDB:  ptr(emits("INSERT INTO user_account (name, active) VALUES (?, ?) RETURNING id", "sandy", true)),
			SQLite:   emits("INSERT INTO user_account (name, active) VALUES (?, ?) RETURNING id", "sandy", true),
			Columns:  []string{"id"},
		},
		{
			Name: "RETURNING a whole table returns every column",
			Stmt: func() core.Statement {
				return core.Insert(Tags).Row(Tags.Title.To("urgent")).Returning(Tags)
			},
			Postgres: emits("INSERT INTO tag (title) VALUES ($1) RETURNING id, title", "urgent"),
			MySQL:    unsupported("INSERT ... RETURNING"),
			MariaDB:  ptr(emits("INSERT INTO tag (title) VALUES (?) RETURNING id, title", "urgent")),
			SQLite:   emits("INSERT INTO tag (title) VALUES (?) RETURNING id, title", "urgent"),
			Columns:  []string{"id", "title"},
		},
		{
			Name: "RETURNING after DEFAULT VALUES",
			Stmt: func() core.Statement {
				return core.Insert(Counters).Returning(Counters.ID)
			},
			Postgres: emits("INSERT INTO counter DEFAULT VALUES RETURNING id"),
			MySQL:    unsupported("INSERT ... RETURNING"),
			MariaDB:  ptr(emits("INSERT INTO counter () VALUES () RETURNING id")),
			SQLite:   emits("INSERT INTO counter DEFAULT VALUES RETURNING id"),
		},
		{
			Name: "rows that set different columns are an error",
			Stmt: func() core.Statement {
				return core.Insert(Users).Values(
					core.Values{Users.Name: "sandy", Users.Active: true},
					core.Values{Users.Name: "patrick", Users.Active: true, Users.Nickname: ptr("pat")},
				)
			},
			Postgres: fails(core.ErrStatement, "row 2 sets different columns than row 1"),
			MySQL:    fails(core.ErrStatement, "row 2 sets different columns than row 1"),
			SQLite:   fails(core.ErrStatement, "row 2 sets different columns than row 1"),
		},
		{
			Name: "a value of the wrong Go type is an error",
			Stmt: func() core.Statement {
				return core.Insert(Users).Values(core.Values{Users.Name: 42})
			},
			Postgres: fails(core.ErrValue, "user_account.name"),
			MySQL:    fails(core.ErrValue, "user_account.name"),
			SQLite:   fails(core.ErrValue, "user_account.name"),
		},
		{
			Name: "NULL for a NOT NULL column is an error",
			Stmt: func() core.Statement {
				return core.Insert(Users).Values(core.Values{Users.Name: nil})
			},
			Postgres: fails(core.ErrValue, "NOT NULL"),
			MySQL:    fails(core.ErrValue, "NOT NULL"),
			SQLite:   fails(core.ErrValue, "NOT NULL"),
		},
		{
			Name: "a column of another table is an error",
			Stmt: func() core.Statement {
				return core.Insert(Users).Values(core.Values{Addresses.Email: "sandy@sqlalchemy.org"})
			},
			Postgres: fails(core.ErrStatement, "address.email_address is not a column of user_account"),
			MySQL:    fails(core.ErrStatement, "address.email_address is not a column of user_account"),
			SQLite:   fails(core.ErrStatement, "address.email_address is not a column of user_account"),
		},
		{
			Name: "a column set twice in one row is an error",
			Stmt: func() core.Statement {
				return core.Insert(Users).Row(Users.Name.To("a"), Users.Name.To("b"))
			},
			Postgres: fails(core.ErrStatement, "set twice"),
			MySQL:    fails(core.ErrStatement, "set twice"),
			SQLite:   fails(core.ErrStatement, "set twice"),
		},
		{
			Name:     "a nil RETURNING item is an error",
			Stmt:     func() core.Statement { return core.Insert(Tags).Row(Tags.Title.To("a")).Returning(nil) },
			Postgres: fails(core.ErrStatement, "nil"),
			MySQL:    fails(core.ErrStatement, "nil"),
			SQLite:   fails(core.ErrStatement, "nil"),
		},
		{
			Name:     "an insert into no table is an error",
			Stmt:     func() core.Statement { return core.Insert(nil) },
			Postgres: fails(core.ErrStatement, "nil table"),
			MySQL:    fails(core.ErrStatement, "nil table"),
			SQLite:   fails(core.ErrStatement, "nil table"),
		},
	}
}

func updateCases() []Case {
	return []Case{
		{
			Name: "Set assigns a value and WHERE is qualified",
			Stmt: func() core.Statement {
				return core.Update(Users).Set(Users.Name.To("sandy")).Where(Users.ID.Eq(5))
			},
			Postgres: emits("UPDATE user_account SET name = $1 WHERE user_account.id = $2", "sandy", int64(5)),
			MySQL:    emits("UPDATE user_account SET name = ? WHERE user_account.id = ?", "sandy", int64(5)),
			SQLite:   emits("UPDATE user_account SET name = ? WHERE user_account.id = ?", "sandy", int64(5)),
		},
		{
			Name: "a Values map sets its columns in table order and NULL inline",
			Stmt: func() core.Statement {
				return core.Update(Users).
					Values(core.Values{Users.Active: false, Users.Fullname: sql.Null[string]{}}).
					Where(Users.Name.Eq("patrick"))
			},
			Postgres: emits("UPDATE user_account SET fullname = NULL, active = $1 WHERE user_account.name = $2", false, "patrick"),
			MySQL:    emits("UPDATE user_account SET fullname = NULL, active = ? WHERE user_account.name = ?", false, "patrick"),
			SQLite:   emits("UPDATE user_account SET fullname = NULL, active = ? WHERE user_account.name = ?", false, "patrick"),
		},
		{
			Name: "Set and Values calls add up",
			Stmt: func() core.Statement {
				return core.Update(Users).Set(Users.Active.To(true)).Values(core.Values{Users.Name: "sandy"})
			},
			Postgres: emits("UPDATE user_account SET name = $1, active = $2", "sandy", true),
			MySQL:    emits("UPDATE user_account SET name = ?, active = ?", "sandy", true),
			SQLite:   emits("UPDATE user_account SET name = ?, active = ?", "sandy", true),
		},
		{
			Name: "an UPDATE without WHERE updates every row",
			Stmt: func() core.Statement {
				return core.Update(Users).Set(Users.Active.To(false))
			},
			Postgres: emits("UPDATE user_account SET active = $1", false),
			MySQL:    emits("UPDATE user_account SET active = ?", false),
			SQLite:   emits("UPDATE user_account SET active = ?", false),
		},
		{
			Name: "a column can be set from another column",
			Stmt: func() core.Statement {
				return core.Update(Messages).Set(Messages.SenderID.ToExpr(Messages.RecipientID)).Where(Messages.ID.Eq(9))
			},
			Postgres: emits("UPDATE message SET sender_id = message.recipient_id WHERE message.id = $1", int64(9)),
			MySQL:    emits("UPDATE message SET sender_id = message.recipient_id WHERE message.id = ?", int64(9)),
			SQLite:   emits("UPDATE message SET sender_id = message.recipient_id WHERE message.id = ?", int64(9)),
		},
		{
			Name: "columns with an update default that the statement does not set get it",
			Stmt: func() core.Statement {
				return core.Update(Events).Set(Events.Title.To("relaunch")).Where(Events.ID.Eq(1))
			},
			Postgres: emits("UPDATE event SET title = $1, updated_by = $2 WHERE event.id = $3", "relaunch", "sys-update", int64(1)),
			MySQL:    emits("UPDATE event SET title = ?, updated_by = ? WHERE event.id = ?", "relaunch", "sys-update", int64(1)),
			SQLite:   emits("UPDATE event SET title = ?, updated_by = ? WHERE event.id = ?", "relaunch", "sys-update", int64(1)),
		},
		{
			Name: "a value set for a column with an update default wins",
			Stmt: func() core.Statement {
				return core.Update(Events).Set(Events.UpdatedBy.To("alice"), Events.Title.To("relaunch"))
			},
			Postgres: emits("UPDATE event SET title = $1, updated_by = $2", "relaunch", "alice"),
			MySQL:    emits("UPDATE event SET title = ?, updated_by = ?", "relaunch", "alice"),
			SQLite:   emits("UPDATE event SET title = ?, updated_by = ?", "relaunch", "alice"),
		},
		{
			Name: "an insert default is not applied to UPDATE",
			Stmt: func() core.Statement {
				return core.Update(Events).Set(Events.CreatedAt.ToExpr(core.Now()))
			},
			Postgres: emits("UPDATE event SET updated_by = $1, created_at = CURRENT_TIMESTAMP", "sys-update"),
			MySQL:    emits("UPDATE event SET updated_by = ?, created_at = CURRENT_TIMESTAMP(6)", "sys-update"),
			SQLite:   emits("UPDATE event SET updated_by = ?, created_at = CURRENT_TIMESTAMP", "sys-update"),
		},
		{
			Name: "UPDATE RETURNING is an error on MySQL and on MariaDB",
			Stmt: func() core.Statement {
				return core.Update(Users).Set(Users.Name.To("sandy")).Where(Users.ID.Eq(5)).Returning(Users.ID, Users.Name)
			},
			Postgres: emits("UPDATE user_account SET name = $1 WHERE user_account.id = $2 RETURNING id, name", "sandy", int64(5)),
			MySQL:    unsupported("mysql does not support UPDATE ... RETURNING"),
			MariaDB:  ptr(unsupported("mariadb does not support UPDATE ... RETURNING")),
			SQLite:   emits("UPDATE user_account SET name = ? WHERE user_account.id = ? RETURNING id, name", "sandy", int64(5)),
			Columns:  []string{"id", "name"},
		},
		{
			Name:     "an UPDATE with nothing to set is an error",
			Stmt:     func() core.Statement { return core.Update(Users).Where(Users.ID.Eq(1)) },
			Postgres: fails(core.ErrStatement, "no columns to SET"),
			MySQL:    fails(core.ErrStatement, "no columns to SET"),
			SQLite:   fails(core.ErrStatement, "no columns to SET"),
		},
		{
			Name: "a column set twice is an error",
			Stmt: func() core.Statement {
				return core.Update(Users).Set(Users.Name.To("a")).Set(Users.Name.To("b"))
			},
			Postgres: fails(core.ErrStatement, "set twice"),
			MySQL:    fails(core.ErrStatement, "set twice"),
			SQLite:   fails(core.ErrStatement, "set twice"),
		},
		{
			Name: "setting a column of another table is an error",
			Stmt: func() core.Statement {
				return core.Update(Users).Set(Addresses.Email.To("x@y.org"))
			},
			Postgres: fails(core.ErrStatement, "not a column of user_account"),
			MySQL:    fails(core.ErrStatement, "not a column of user_account"),
			SQLite:   fails(core.ErrStatement, "not a column of user_account"),
		},
	}
}

func deleteCases() []Case {
	return []Case{
		{
			Name:     "DELETE with WHERE",
			Stmt:     func() core.Statement { return core.Delete(Users).Where(Users.ID.Eq(5)) },
			Postgres: emits("DELETE FROM user_account WHERE user_account.id = $1", int64(5)),
			MySQL:    emits("DELETE FROM user_account WHERE user_account.id = ?", int64(5)),
			SQLite:   emits("DELETE FROM user_account WHERE user_account.id = ?", int64(5)),
		},
		{
			Name:     "DELETE without WHERE deletes every row",
			Stmt:     func() core.Statement { return core.Delete(Addresses) },
			Postgres: emits("DELETE FROM address"),
			MySQL:    emits("DELETE FROM address"),
			SQLite:   emits("DELETE FROM address"),
		},
		{
			Name: "DELETE conditions are ANDed with the needed parentheses",
			Stmt: func() core.Statement {
				return core.Delete(Users).Where(core.Or(Users.Name.Eq("a"), Users.Nickname.IsNull())).Where(core.Not(Users.Active))
			},
			Postgres: emits("DELETE FROM user_account WHERE (user_account.name = $1 OR user_account.nickname IS NULL) AND NOT user_account.active", "a"),
			MySQL:    emits("DELETE FROM user_account WHERE (user_account.name = ? OR user_account.nickname IS NULL) AND NOT user_account.active", "a"),
			SQLite:   emits("DELETE FROM user_account WHERE (user_account.name = ? OR user_account.nickname IS NULL) AND NOT user_account.active", "a"),
		},
		{
			Name: "DELETE RETURNING is an error on MySQL but not MariaDB",
			Stmt: func() core.Statement {
				return core.Delete(Users).Where(Users.Name.Like("s%")).Returning(Users.ID)
			},
			Postgres: emits("DELETE FROM user_account WHERE user_account.name LIKE $1 RETURNING id", "s%"),
			MySQL:    unsupported("DELETE ... RETURNING"),
			MariaDB:  ptr(emits("DELETE FROM user_account WHERE user_account.name LIKE ? RETURNING id", "s%")),
			SQLite:   emits("DELETE FROM user_account WHERE user_account.name LIKE ? RETURNING id", "s%"),
		},
		{
			Name:     "a DELETE from no table is an error",
			Stmt:     func() core.Statement { return core.Delete(nil) },
			Postgres: fails(core.ErrStatement, "nil table"),
			MySQL:    fails(core.ErrStatement, "nil table"),
			SQLite:   fails(core.ErrStatement, "nil table"),
		},
	}
}
