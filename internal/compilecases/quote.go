package compilecases

import (
	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/sqltype"
)

// OddNames is a table whose name and columns need quoting for different
// reasons: "user" is reserved on PostgreSQL only, "order" everywhere, "key"
// on MySQL and SQLite, "rank" on MySQL, "position" on PostgreSQL; mixed
// case, a leading digit, a space, embedded quote characters and non-ASCII
// letters need quotes everywhere; "a$b" and "_hidden" need none.
var (
	quoteMD  = core.NewMetaData()
	OddNames = core.NewDynamicTable(quoteMD, "user",
		core.ColumnSpec{Name: "id", Type: sqltype.BigInt{}, PrimaryKey: true},
		core.ColumnSpec{Name: "order", Type: sqltype.Integer{}},
		core.ColumnSpec{Name: "UserName", Type: sqltype.String{Length: 40}},
		core.ColumnSpec{Name: "2fa_code", Type: sqltype.String{Length: 6}},
		core.ColumnSpec{Name: "first name", Type: sqltype.String{Length: 40}},
		core.ColumnSpec{Name: `say "hi"`, Type: sqltype.Text{}},
		core.ColumnSpec{Name: "back`tick", Type: sqltype.Text{}},
		core.ColumnSpec{Name: "prénom", Type: sqltype.Text{}},
		core.ColumnSpec{Name: "a$b", Type: sqltype.Integer{}},
		core.ColumnSpec{Name: "_hidden", Type: sqltype.Integer{}},
		core.ColumnSpec{Name: "key", Type: sqltype.Integer{}},
		core.ColumnSpec{Name: "rank", Type: sqltype.Integer{}},
		core.ColumnSpec{Name: "position", Type: sqltype.Integer{}},
		core.Index("Ix Order", "order"),
	)
	// Evil is named by someone who hoped a name would become SQL.
	Evil = core.NewDynamicTable(quoteMD, `t"; DROP TABLE x; --`,
		core.ColumnSpec{Name: "c`; DROP TABLE y; --", Type: sqltype.Integer{}},
	)
)

func quoteCases() []Case {
	return []Case{
		{
			Name: "identifiers are quoted only when the dialect needs it",
			Stmt: func() core.Statement {
				return core.Select(OddNames).Where(OddNames.C("order").Eq(1))
			},
			Postgres: emits(`SELECT "user".id, "user"."order", "user"."UserName", "user"."2fa_code", "user"."first name", "user"."say ""hi""", "user"."back`+"`"+`tick", "user"."prénom", "user".a$b, "user"._hidden, "user".key, "user".rank, "user"."position" FROM "user" WHERE "user"."order" = $1`, 1),
			MySQL:    emits("SELECT user.id, user.`order`, user.`UserName`, user.`2fa_code`, user.`first name`, user.`say \"hi\"`, user.`back``tick`, user.`prénom`, user.a$b, user._hidden, user.`key`, user.`rank`, user.position FROM user WHERE user.`order` = ?", 1),
			SQLite:   emits(`SELECT user.id, user."order", user."UserName", user."2fa_code", user."first name", user."say ""hi""", user."back`+"`"+`tick", user."prénom", user.a$b, user._hidden, user."key", user.rank, user.position FROM user WHERE user."order" = ?`, 1),
			Columns:  []string{"id", "order", "UserName", "2fa_code", "first name", `say "hi"`, "back`tick", "prénom", "a$b", "_hidden", "key", "rank", "position"},
		},
		{
			Name: "CREATE TABLE quotes names the same way",
			Stmt: func() core.Statement { return &core.CreateTable{Table: OddNames} },
			Postgres: emits(createTable(`CREATE TABLE "user"`,
				"id BIGSERIAL NOT NULL",
				`"order" INTEGER`,
				`"UserName" VARCHAR(40)`,
				`"2fa_code" VARCHAR(6)`,
				`"first name" VARCHAR(40)`,
				`"say ""hi""" TEXT`,
				`"back`+"`"+`tick" TEXT`,
				`"prénom" TEXT`,
				"a$b INTEGER",
				"_hidden INTEGER",
				"key INTEGER",
				"rank INTEGER",
				`"position" INTEGER`,
				"PRIMARY KEY (id)")),
			MySQL: emits(mysqlTable("CREATE TABLE user",
				"id BIGINT NOT NULL AUTO_INCREMENT",
				"`order` INTEGER",
				"`UserName` VARCHAR(40)",
				"`2fa_code` VARCHAR(6)",
				"`first name` VARCHAR(40)",
				"`say \"hi\"` TEXT",
				"`back``tick` TEXT",
				"`prénom` TEXT",
				"a$b INTEGER",
				"_hidden INTEGER",
				"`key` INTEGER",
				"`rank` INTEGER",
				"position INTEGER",
				"PRIMARY KEY (id)")),
			SQLite: emits(createTable("CREATE TABLE user",
				"id INTEGER NOT NULL",
				`"order" INTEGER`,
				`"UserName" VARCHAR(40)`,
				`"2fa_code" VARCHAR(6)`,
				`"first name" VARCHAR(40)`,
				`"say ""hi""" TEXT`,
				`"back`+"`"+`tick" TEXT`,
				`"prénom" TEXT`,
				"a$b INTEGER",
				"_hidden INTEGER",
				`"key" INTEGER`,
				"rank INTEGER",
				"position INTEGER",
				"PRIMARY KEY (id)")),
		},
		{
			Name: "INSERT and UPDATE quote column names",
			Stmt: func() core.Statement {
				return core.Update(OddNames).Values(core.Values{OddNames.C("first name"): "Sandy", OddNames.C("key"): 2}).
					Where(OddNames.C("UserName").Eq("sandy"))
			},
			Postgres: emits(`UPDATE "user" SET "first name" = $1, key = $2 WHERE "user"."UserName" = $3`, "Sandy", 2, "sandy"),
			MySQL:    emits("UPDATE user SET `first name` = ?, `key` = ? WHERE user.`UserName` = ?", "Sandy", 2, "sandy"),
			SQLite:   emits(`UPDATE user SET "first name" = ?, "key" = ? WHERE user."UserName" = ?`, "Sandy", 2, "sandy"),
		},
		{
			Name: "RETURNING quotes column names",
			Stmt: func() core.Statement {
				return core.Insert(OddNames).Values(core.Values{OddNames.C("order"): 1}).Returning(OddNames.C("id"), OddNames.C("position"))
			},
			Postgres: emits(`INSERT INTO "user" ("order") VALUES ($1) RETURNING id, "position"`, 1),
			MySQL:    unsupported("INSERT ... RETURNING"),
			MariaDB:  ptr(emits("INSERT INTO user (`order`) VALUES (?) RETURNING id, position", 1)),
			SQLite:   emits(`INSERT INTO user ("order") VALUES (?) RETURNING id, position`, 1),
		},
		{
			Name:     "index names are quoted too",
			Stmt:     func() core.Statement { return &core.CreateIndex{Index: Index(OddNames, "Ix Order")} },
			Postgres: emits(`CREATE INDEX "Ix Order" ON "user" ("order")`),
			MySQL:    emits("CREATE INDEX `Ix Order` ON user (`order`)"),
			SQLite:   emits(`CREATE INDEX "Ix Order" ON user ("order")`),
		},
		{
			Name: "a name that tries to end its quotes stays one identifier",
			Stmt: func() core.Statement {
				return core.Select(Evil.C("c`; DROP TABLE y; --"))
			},
			Postgres: emits(`SELECT "t""; DROP TABLE x; --"."c` + "`" + `; DROP TABLE y; --" FROM "t""; DROP TABLE x; --"`),
			MySQL:    emits("SELECT `t\"; DROP TABLE x; --`.`c``; DROP TABLE y; --` FROM `t\"; DROP TABLE x; --`"),
			SQLite:   emits(`SELECT "t""; DROP TABLE x; --"."c` + "`" + `; DROP TABLE y; --" FROM "t""; DROP TABLE x; --"`),
		},
	}
}
