package compilecases

import (
	"github.com/retort-go/retort/core"
)

// dmlMoreCases: item 6: INSERT ... SELECT, upserts, UPDATE ... FROM and
// MySQL's multi-table UPDATE, DELETE ... USING and multi-table DELETE,
// correlated UPDATE values, ORDER BY and LIMIT on UPDATE and DELETE.
func dmlMoreCases() []Case {
	return []Case{
		portable("INSERT ... SELECT fills the listed columns",
			func() core.Statement {
				return core.Insert(Tags).FromSelect(core.Select(Users.ID.Add(1000), Users.Nickname).Where(Users.Nickname.IsNotNull()), Tags.ID, Tags.Title)
			},
			"INSERT INTO tag (id, title) SELECT user_account.id + $1 AS anon_1, user_account.nickname FROM user_account WHERE user_account.nickname IS NOT NULL",
			int64(1000)),
		{
			Name: "INSERT ... SELECT adds the client defaults the SELECT does not fill, cast on PostgreSQL",
			Stmt: func() core.Statement {
				return core.Insert(Events).FromSelect(core.Select(Tags.Title).Where(Tags.ID.Lt(3)), Events.Title)
			},
			Postgres: emits("INSERT INTO event (title, version) SELECT tag.title, CAST($1 AS BIGINT) FROM tag WHERE tag.id < $2", int64(1), int64(3)),
			MySQL:    emits("INSERT INTO event (title, version) SELECT tag.title, ? FROM tag WHERE tag.id < ?", int64(1), int64(3)),
			SQLite:   emits("INSERT INTO event (title, version) SELECT tag.title, ? FROM tag WHERE tag.id < ?", int64(1), int64(3)),
		},
		{
			Name: "INSERT ... SELECT of a set operation with defaults selects from it",
			Stmt: func() core.Statement {
				return core.Insert(Events).FromSelect(core.Union(core.Select(Tags.Title), core.Select(Users.Name)), Events.Title)
			},
			Postgres: emits("INSERT INTO event (title, version) SELECT anon.*, CAST($1 AS BIGINT) FROM (SELECT tag.title FROM tag UNION SELECT user_account.name FROM user_account) AS anon", int64(1)),
			MySQL:    emits("INSERT INTO event (title, version) SELECT anon.*, ? FROM (SELECT tag.title FROM tag UNION SELECT user_account.name FROM user_account) AS anon", int64(1)),
			SQLite:   emits("INSERT INTO event (title, version) SELECT anon.*, ? FROM (SELECT tag.title FROM tag UNION SELECT user_account.name FROM user_account) AS anon", int64(1)),
		},
		{
			Name: "INSERT ... SELECT with RETURNING",
			Stmt: func() core.Statement {
				return core.Insert(Tags).FromSelect(core.Select(Users.ID.Add(2000), Users.Name), Tags.ID, Tags.Title).Returning(Tags.ID)
			},
			Postgres: emits("INSERT INTO tag (id, title) SELECT user_account.id + $1 AS anon_1, user_account.name FROM user_account RETURNING id", int64(2000)),
			MySQL:    unsupported("INSERT ... RETURNING"),
			MariaDB:  ptr(emits("INSERT INTO tag (id, title) SELECT user_account.id + ? AS anon_1, user_account.name FROM user_account RETURNING id", int64(2000))),
			SQLite:   emits("INSERT INTO tag (id, title) SELECT user_account.id + ? AS anon_1, user_account.name FROM user_account RETURNING id", int64(2000)),
		},
		{
			Name: "INSERT ... SELECT naming fewer columns than the SELECT returns is an error",
			Stmt: func() core.Statement {
				return core.Insert(Tags).FromSelect(core.Select(Users.ID, Users.Name), Tags.ID)
			},
			Postgres: fails(core.ErrStatement, "names 1 columns but the statement returns 2"),
			MySQL:    fails(core.ErrStatement, "names 1 columns but the statement returns 2"),
			SQLite:   fails(core.ErrStatement, "names 1 columns but the statement returns 2"),
		},
		{
			Name: "ON CONFLICT DO NOTHING, ON DUPLICATE KEY UPDATE of the key to itself on MySQL",
			Stmt: func() core.Statement {
				return core.Insert(Tags).Row(Tags.ID.To(1), Tags.Title.To("dup")).OnConflict(core.ConflictOn(Tags.ID).DoNothing())
			},
			Postgres: emits("INSERT INTO tag (id, title) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING", int64(1), "dup"),
			MySQL:    emits("INSERT INTO tag (id, title) VALUES (?, ?) ON DUPLICATE KEY UPDATE id = id", int64(1), "dup"),
			SQLite:   emits("INSERT INTO tag (id, title) VALUES (?, ?) ON CONFLICT (id) DO NOTHING", int64(1), "dup"),
		},
		{
			Name: "ON CONFLICT DO NOTHING without a target",
			Stmt: func() core.Statement {
				return core.Insert(Tags).Row(Tags.ID.To(1), Tags.Title.To("dup")).OnConflict(core.AnyConflict().DoNothing())
			},
			Postgres: emits("INSERT INTO tag (id, title) VALUES ($1, $2) ON CONFLICT DO NOTHING", int64(1), "dup"),
			MySQL:    emits("INSERT INTO tag (id, title) VALUES (?, ?) ON DUPLICATE KEY UPDATE id = id", int64(1), "dup"),
			SQLite:   emits("INSERT INTO tag (id, title) VALUES (?, ?) ON CONFLICT DO NOTHING", int64(1), "dup"),
		},
		{
			Name: "DO UPDATE with the excluded row's value",
			Stmt: func() core.Statement {
				return core.Insert(Tags).Row(Tags.ID.To(1), Tags.Title.To("new")).
					OnConflict(core.ConflictOn(Tags.ID).DoUpdate(Tags.Title.ToExpr(core.Excluded(Tags.Title))))
			},
			Postgres: emits("INSERT INTO tag (id, title) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET title = excluded.title", int64(1), "new"),
			MySQL:    emits("INSERT INTO tag (id, title) VALUES (?, ?) ON DUPLICATE KEY UPDATE title = VALUES(title)", int64(1), "new"),
			SQLite:   emits("INSERT INTO tag (id, title) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET title = excluded.title", int64(1), "new"),
		},
		{
			Name: "DO UPDATE combining the existing and the excluded values",
			Stmt: func() core.Statement {
				return core.Insert(Events).Row(Events.ID.To(1), Events.Title.To("x"), Events.Version.To(5)).
					OnConflict(core.ConflictOn(Events.ID).DoUpdate(Events.Version.ToExpr(Events.Version.AddExpr(core.Excluded(Events.Version)))))
			},
			Postgres: emits("INSERT INTO event (id, title, version) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET version = event.version + excluded.version", int64(1), "x", int64(5)),
			MySQL:    emits("INSERT INTO event (id, title, version) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE version = event.version + VALUES(version)", int64(1), "x", int64(5)),
			SQLite:   emits("INSERT INTO event (id, title, version) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET version = event.version + excluded.version", int64(1), "x", int64(5)),
		},
		{
			Name: "DO UPDATE ... WHERE; MySQL cannot",
			Stmt: func() core.Statement {
				return core.Insert(Tags).Row(Tags.ID.To(1), Tags.Title.To("new")).
					OnConflict(core.ConflictOn(Tags.ID).DoUpdate(Tags.Title.ToExpr(core.Excluded(Tags.Title))).Where(Tags.Title.NeExpr(core.Excluded(Tags.Title))))
			},
			Postgres: emits("INSERT INTO tag (id, title) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET title = excluded.title WHERE tag.title != excluded.title", int64(1), "new"),
			MySQL:    unsupported("DO UPDATE ... WHERE"),
			SQLite:   emits("INSERT INTO tag (id, title) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET title = excluded.title WHERE tag.title != excluded.title", int64(1), "new"),
		},
		{
			Name: "ON CONFLICT ON CONSTRAINT is PostgreSQL's",
			Stmt: func() core.Statement {
				return core.Insert(OrderLines).Values(core.Values{OrderLines.C("order_id"): int64(1), OrderLines.C("line"): int32(1), OrderLines.C("qty"): int32(2)}).
					OnConflict(core.ConflictOnConstraint("pk_order_line").DoUpdate(OrderLines.C("qty").ToExpr(core.Excluded(OrderLines.C("qty")))))
			},
			Postgres: emits("INSERT INTO order_line (order_id, line, qty) VALUES ($1, $2, $3) ON CONFLICT ON CONSTRAINT pk_order_line DO UPDATE SET qty = excluded.qty", int64(1), int32(1), int32(2)),
			MySQL:    unsupported("a conflict target naming a constraint"),
			SQLite:   unsupported("ON CONFLICT ON CONSTRAINT"),
		},
		{
			Name: "a conflict target with the predicate of a partial index",
			Stmt: func() core.Statement {
				return core.Insert(Users).Row(Users.ID.To(1), Users.Name.To("sandy"), Users.Active.To(true)).
					OnConflict(core.ConflictOn(Users.ID).TargetWhere(Users.Active).DoNothing())
			},
			Postgres: emits("INSERT INTO user_account (id, name, active) VALUES ($1, $2, $3) ON CONFLICT (id) WHERE active DO NOTHING", int64(1), "sandy", true),
			MySQL:    unsupported("a conflict target with a WHERE"),
			SQLite:   emits("INSERT INTO user_account (id, name, active) VALUES (?, ?, ?) ON CONFLICT (id) WHERE active DO NOTHING", int64(1), "sandy", true),
		},
		{
			Name: "a multi-row upsert with RETURNING",
			Stmt: func() core.Statement {
				return core.Insert(Tags).Values(core.Values{Tags.ID: int64(1), Tags.Title: "a"}, core.Values{Tags.ID: int64(77), Tags.Title: "b"}).
					OnConflict(core.ConflictOn(Tags.ID).DoUpdate(Tags.Title.ToExpr(core.Excluded(Tags.Title)))).Returning(Tags.ID, Tags.Title)
			},
			Postgres: emits("INSERT INTO tag (id, title) VALUES ($1, $2), ($3, $4) ON CONFLICT (id) DO UPDATE SET title = excluded.title RETURNING id, title", int64(1), "a", int64(77), "b"),
			MySQL:    unsupported("INSERT ... RETURNING"),
			MariaDB:  ptr(emits("INSERT INTO tag (id, title) VALUES (?, ?), (?, ?) ON DUPLICATE KEY UPDATE title = VALUES(title) RETURNING id, title", int64(1), "a", int64(77), "b")),
			SQLite:   emits("INSERT INTO tag (id, title) VALUES (?, ?), (?, ?) ON CONFLICT (id) DO UPDATE SET title = excluded.title RETURNING id, title", int64(1), "a", int64(77), "b"),
		},
		{
			Name: "an upsert of INSERT ... SELECT",
			Stmt: func() core.Statement {
				return core.Insert(Tags).FromSelect(core.Select(Users.ID, Users.Name).Where(Users.ID.Lt(3)), Tags.ID, Tags.Title).
					OnConflict(core.ConflictOn(Tags.ID).DoUpdate(Tags.Title.ToExpr(core.Excluded(Tags.Title))))
			},
			Postgres: emits("INSERT INTO tag (id, title) SELECT user_account.id, user_account.name FROM user_account WHERE user_account.id < $1 ON CONFLICT (id) DO UPDATE SET title = excluded.title", int64(3)),
			MySQL:    emits("INSERT INTO tag (id, title) SELECT user_account.id, user_account.name FROM user_account WHERE user_account.id < ? ON DUPLICATE KEY UPDATE tag.title = VALUES(title)", int64(3)),
			// SQLite cannot tell ON CONFLICT from a join's ON after a
			// SELECT; it needs a WHERE there, which the SELECT has.
			SQLite: emits("INSERT INTO tag (id, title) SELECT user_account.id, user_account.name FROM user_account WHERE user_account.id < ? ON CONFLICT (id) DO UPDATE SET title = excluded.title", int64(3)),
		},
		{
			Name: "an upsert of a SELECT without WHERE gets one on SQLite",
			Stmt: func() core.Statement {
				return core.Insert(Tags).FromSelect(core.Select(Users.ID, Users.Name), Tags.ID, Tags.Title).
					OnConflict(core.ConflictOn(Tags.ID).DoNothing())
			},
			Postgres: emits("INSERT INTO tag (id, title) SELECT user_account.id, user_account.name FROM user_account ON CONFLICT (id) DO NOTHING"),
			// After a SELECT, MySQL finds a bare id ambiguous.
			MySQL:  emits("INSERT INTO tag (id, title) SELECT user_account.id, user_account.name FROM user_account ON DUPLICATE KEY UPDATE tag.id = tag.id"),
			SQLite: emits("INSERT INTO tag (id, title) SELECT anon.* FROM (SELECT user_account.id, user_account.name FROM user_account) AS anon WHERE 1 ON CONFLICT (id) DO NOTHING"),
		},
		{
			Name: "DO NOTHING with RETURNING cannot be emulated on MariaDB",
			Stmt: func() core.Statement {
				return core.Insert(Tags).Row(Tags.ID.To(1), Tags.Title.To("x")).OnConflict(core.ConflictOn(Tags.ID).DoNothing()).Returning(Tags.ID)
			},
			Postgres: emits("INSERT INTO tag (id, title) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING RETURNING id", int64(1), "x"),
			MySQL:    unsupported("DO NOTHING with RETURNING"),
			SQLite:   emits("INSERT INTO tag (id, title) VALUES (?, ?) ON CONFLICT (id) DO NOTHING RETURNING id", int64(1), "x"),
		},
		{
			Name: "a target predicate without target columns is an error",
			Stmt: func() core.Statement {
				return core.Insert(Tags).Row(Tags.ID.To(1), Tags.Title.To("x")).OnConflict(core.AnyConflict().TargetWhere(Tags.ID.Gt(0)).DoNothing())
			},
			Postgres: fails(core.ErrStatement, "TargetWhere needs the conflict target's columns"),
			MySQL:    fails(core.ErrStatement, "TargetWhere needs the conflict target's columns"),
			SQLite:   fails(core.ErrStatement, "TargetWhere needs the conflict target's columns"),
		},
		{
			Name: "DoUpdate setting a column twice is an error",
			Stmt: func() core.Statement {
				return core.Insert(Tags).Row(Tags.ID.To(1), Tags.Title.To("x")).OnConflict(core.ConflictOn(Tags.ID).DoUpdate(Tags.Title.To("a"), Tags.Title.To("b")))
			},
			Postgres: fails(core.ErrStatement, "DoUpdate sets tag.title twice"),
			MySQL:    fails(core.ErrStatement, "DoUpdate sets tag.title twice"),
			SQLite:   fails(core.ErrStatement, "DoUpdate sets tag.title twice"),
		},
		{
			Name: "an upsert of a row of defaults; SQLite has no ON CONFLICT after DEFAULT VALUES",
			Stmt: func() core.Statement {
				return core.Insert(Counters).OnConflict(core.AnyConflict().DoNothing())
			},
			Postgres: emits("INSERT INTO counter DEFAULT VALUES ON CONFLICT DO NOTHING"),
			MySQL:    emits("INSERT INTO counter () VALUES () ON DUPLICATE KEY UPDATE id = id"),
			SQLite:   unsupported("ON CONFLICT after DEFAULT VALUES"),
		},
		{
			Name: "DO UPDATE without a target is an error where the target is required",
			Stmt: func() core.Statement {
				return core.Insert(Tags).Row(Tags.ID.To(1), Tags.Title.To("x")).OnConflict(core.AnyConflict().DoUpdate(Tags.Title.To("y")))
			},
			Postgres: fails(core.ErrStatement, "DoUpdate needs a conflict target"),
			MySQL:    emits("INSERT INTO tag (id, title) VALUES (?, ?) ON DUPLICATE KEY UPDATE title = ?", int64(1), "x", "y"),
			SQLite:   fails(core.ErrStatement, "DoUpdate needs a conflict target"),
		},
		{
			Name: "an OnConflict with neither DoNothing nor DoUpdate is an error",
			Stmt: func() core.Statement {
				return core.Insert(Tags).Row(Tags.ID.To(1), Tags.Title.To("x")).OnConflict(core.ConflictOn(Tags.ID))
			},
			Postgres: fails(core.ErrStatement, "needs DoNothing or DoUpdate"),
			MySQL:    fails(core.ErrStatement, "needs DoNothing or DoUpdate"),
			SQLite:   fails(core.ErrStatement, "needs DoNothing or DoUpdate"),
		},
		{
			Name: "a conflict target of another table is an error",
			Stmt: func() core.Statement {
				return core.Insert(Tags).Row(Tags.ID.To(1), Tags.Title.To("x")).OnConflict(core.ConflictOn(Users.ID).DoNothing())
			},
			Postgres: fails(core.ErrStatement, "is not a column of tag"),
			MySQL:    fails(core.ErrStatement, "is not a column of tag"),
			SQLite:   fails(core.ErrStatement, "is not a column of tag"),
		},
		{
			Name: "UPDATE ... FROM, and MySQL's multi-table UPDATE",
			Stmt: func() core.Statement {
				return core.Update(Users).Set(Users.Nickname.ToExpr(core.Typed[*string](core.NodeOf(Addresses.Email)))).
					From(Addresses).Where(Addresses.UserID.EqExpr(Users.ID), Addresses.Email.Like("%@x.org"))
			},
			Postgres: emits("UPDATE user_account SET nickname = address.email_address FROM address WHERE address.user_id = user_account.id AND address.email_address LIKE $1", "%@x.org"),
			MySQL:    emits("UPDATE user_account, address SET user_account.nickname = address.email_address WHERE address.user_id = user_account.id AND address.email_address LIKE ?", "%@x.org"),
			SQLite:   emits("UPDATE user_account SET nickname = address.email_address FROM address WHERE address.user_id = user_account.id AND address.email_address LIKE ?", "%@x.org"),
		},
		{
			Name: "UPDATE ... FROM a subquery",
			Stmt: func() core.Statement {
				sub := core.Subquery(perUser(), "per_user")
				return core.Update(Users).Set(Users.Active.ToExpr(core.ColumnOf[int64](sub, "n").Gt(1))).
					From(sub).Where(core.ColumnOf[int64](sub, "user_id").EqExpr(Users.ID))
			},
			Postgres: emits("UPDATE user_account SET active = per_user.n > $1 FROM (SELECT address.user_id, count(*) AS n FROM address GROUP BY address.user_id) AS per_user WHERE per_user.user_id = user_account.id", int64(1)),
			MySQL:    emits("UPDATE user_account, (SELECT address.user_id, count(*) AS n FROM address GROUP BY address.user_id) AS per_user SET user_account.active = per_user.n > ? WHERE per_user.user_id = user_account.id", int64(1)),
			SQLite:   emits("UPDATE user_account SET active = per_user.n > ? FROM (SELECT address.user_id, count(*) AS n FROM address GROUP BY address.user_id) AS per_user WHERE per_user.user_id = user_account.id", int64(1)),
		},
		{
			Name: "UPDATE ... FROM with RETURNING qualifies its columns; none on a multi-table UPDATE",
			Stmt: func() core.Statement {
				return core.Update(Users).Set(Users.Active.To(true)).From(Addresses).Where(Addresses.UserID.EqExpr(Users.ID)).Returning(Users.ID)
			},
			Postgres: emits("UPDATE user_account SET active = $1 FROM address WHERE address.user_id = user_account.id RETURNING user_account.id", true),
			MySQL:    unsupported("RETURNING on a multi-table UPDATE"),
			SQLite:   emits("UPDATE user_account SET active = ? FROM address WHERE address.user_id = user_account.id RETURNING user_account.id", true),
			Columns:  []string{"id"},
		},
		portable("UPDATE with a value from a correlated subquery",
			func() core.Statement {
				latest := core.ScalarSubquery[string](core.Select(core.Max(Addresses.Email)).Where(Addresses.UserID.EqExpr(Users.ID)))
				return core.Update(Users).Set(Users.Name.ToExpr(core.Coalesce[string](latest, Users.Name)))
			},
			"UPDATE user_account SET name = coalesce((SELECT max(address.email_address) AS max FROM address WHERE address.user_id = user_account.id), user_account.name)"),
		portable("UPDATE WHERE EXISTS of a correlated subquery",
			func() core.Statement {
				return core.Update(Users).Set(Users.Active.To(false)).Where(core.NotExists(core.Select(Addresses.ID).Where(Addresses.UserID.EqExpr(Users.ID))))
			},
			"UPDATE user_account SET active = $1 WHERE NOT EXISTS (SELECT address.id FROM address WHERE address.user_id = user_account.id)", false),
		{
			Name: "UPDATE with ORDER BY and LIMIT is MySQL's",
			Stmt: func() core.Statement {
				return core.Update(Users).Set(Users.Active.To(false)).Where(Users.Active).OrderBy(Users.ID.Desc()).Limit(2)
			},
			Postgres: unsupported("ORDER BY and LIMIT on UPDATE"),
			MySQL:    emits("UPDATE user_account SET active = ? WHERE user_account.active ORDER BY user_account.id DESC LIMIT ?", false, int64(2)),
			SQLite:   unsupported("ORDER BY and LIMIT on UPDATE"),
		},
		{
			Name: "DELETE ... USING, MySQL's multi-table DELETE, and EXISTS on SQLite",
			Stmt: func() core.Statement {
				return core.Delete(Deliveries).Using(Addresses).Where(Deliveries.AddressID.EqExpr(Addresses.ID), Addresses.Email.Eq("gone@x.org"))
			},
			Postgres: emits("DELETE FROM delivery USING address WHERE delivery.address_id = address.id AND address.email_address = $1", "gone@x.org"),
			MySQL:    emits("DELETE delivery FROM delivery, address WHERE delivery.address_id = address.id AND address.email_address = ?", "gone@x.org"),
			SQLite:   emits("DELETE FROM delivery WHERE EXISTS (SELECT 1 FROM address WHERE delivery.address_id = address.id AND address.email_address = ?)", "gone@x.org"),
		},
		{
			Name: "DELETE ... USING a join",
			Stmt: func() core.Statement {
				return core.Delete(Deliveries).Using(Addresses.Join(Users)).Where(Deliveries.AddressID.EqExpr(Addresses.ID), Users.Name.Eq("nobody"))
			},
			Postgres: emits("DELETE FROM delivery USING address JOIN user_account ON user_account.id = address.user_id WHERE delivery.address_id = address.id AND user_account.name = $1", "nobody"),
			MySQL:    emits("DELETE delivery FROM delivery, address JOIN user_account ON user_account.id = address.user_id WHERE delivery.address_id = address.id AND user_account.name = ?", "nobody"),
			SQLite:   emits("DELETE FROM delivery WHERE EXISTS (SELECT 1 FROM address JOIN user_account ON user_account.id = address.user_id WHERE delivery.address_id = address.id AND user_account.name = ?)", "nobody"),
		},
		{
			Name: "DELETE ... USING with RETURNING",
			Stmt: func() core.Statement {
				return core.Delete(Deliveries).Using(Addresses).Where(Deliveries.AddressID.EqExpr(Addresses.ID), Addresses.ID.Eq(0)).Returning(Deliveries.ID)
			},
			Postgres: emits("DELETE FROM delivery USING address WHERE delivery.address_id = address.id AND address.id = $1 RETURNING delivery.id", int64(0)),
			MySQL:    unsupported("RETURNING on a multi-table DELETE"),
			SQLite:   emits("DELETE FROM delivery WHERE EXISTS (SELECT 1 FROM address WHERE delivery.address_id = address.id AND address.id = ?) RETURNING delivery.id", int64(0)),
			Columns:  []string{"id"},
		},
		portable("DELETE WHERE IN a subquery",
			func() core.Statement {
				return core.Delete(Deliveries).Where(Deliveries.AddressID.InSelect(core.Select(Addresses.ID).Where(Addresses.Email.Like("%@gone"))))
			},
			"DELETE FROM delivery WHERE delivery.address_id IN (SELECT address.id FROM address WHERE address.email_address LIKE $1)", "%@gone"),
		{
			Name: "DELETE with ORDER BY and LIMIT is MySQL's",
			Stmt: func() core.Statement {
				return core.Delete(Tags).Where(Tags.Title.Like("tmp%")).OrderBy(Tags.ID).Limit(10)
			},
			Postgres: unsupported("ORDER BY and LIMIT on DELETE"),
			MySQL:    emits("DELETE FROM tag WHERE tag.title LIKE ? ORDER BY tag.id LIMIT ?", "tmp%", int64(10)),
			SQLite:   unsupported("ORDER BY and LIMIT on DELETE"),
		},
		{
			Name: "ORDER BY and LIMIT on a multi-table DELETE is an error on MySQL",
			Stmt: func() core.Statement {
				return core.Delete(Deliveries).Using(Addresses).Where(Deliveries.AddressID.EqExpr(Addresses.ID)).Limit(1)
			},
			Postgres: unsupported("ORDER BY and LIMIT on DELETE"),
			MySQL:    unsupported("ORDER BY and LIMIT on a multi-table DELETE"),
			SQLite:   unsupported("ORDER BY and LIMIT on DELETE"),
		},
	}
}
