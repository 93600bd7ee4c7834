package sqlcompile_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/sqlcompile"
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

func quoteCases() []compileCase {
	return []compileCase{
		{
			name: "identifiers are quoted only when the dialect needs it",
			stmt: func() core.Statement {
				return core.Select(OddNames).Where(OddNames.C("order").Eq(1))
			},
			postgres: emits(`SELECT "user".id, "user"."order", "user"."UserName", "user"."2fa_code", "user"."first name", "user"."say ""hi""", "user"."back`+"`"+`tick", "user"."prénom", "user".a$b, "user"._hidden, "user".key, "user".rank, "user"."position" FROM "user" WHERE "user"."order" = $1`, 1),
			mysql:    emits("SELECT user.id, user.`order`, user.`UserName`, user.`2fa_code`, user.`first name`, user.`say \"hi\"`, user.`back``tick`, user.`prénom`, user.a$b, user._hidden, user.`key`, user.`rank`, user.position FROM user WHERE user.`order` = ?", 1),
			sqlite:   emits(`SELECT user.id, user."order", user."UserName", user."2fa_code", user."first name", user."say ""hi""", user."back`+"`"+`tick", user."prénom", user.a$b, user._hidden, user."key", user.rank, user.position FROM user WHERE user."order" = ?`, 1),
			columns:  []string{"id", "order", "UserName", "2fa_code", "first name", `say "hi"`, "back`tick", "prénom", "a$b", "_hidden", "key", "rank", "position"},
		},
		{
			name: "CREATE TABLE quotes names the same way",
			stmt: func() core.Statement { return &core.CreateTable{Table: OddNames} },
			postgres: emits(createTable(`CREATE TABLE "user"`,
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
			mysql: emits(mysqlTable("CREATE TABLE user",
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
			sqlite: emits(createTable("CREATE TABLE user",
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
			name: "INSERT and UPDATE quote column names",
			stmt: func() core.Statement {
				return core.Update(OddNames).Values(core.Values{OddNames.C("first name"): "Sandy", OddNames.C("key"): 2}).
					Where(OddNames.C("UserName").Eq("sandy"))
			},
			postgres: emits(`UPDATE "user" SET "first name" = $1, key = $2 WHERE "user"."UserName" = $3`, "Sandy", 2, "sandy"),
			mysql:    emits("UPDATE user SET `first name` = ?, `key` = ? WHERE user.`UserName` = ?", "Sandy", 2, "sandy"),
			sqlite:   emits(`UPDATE user SET "first name" = ?, "key" = ? WHERE user."UserName" = ?`, "Sandy", 2, "sandy"),
		},
		{
			name: "RETURNING quotes column names",
			stmt: func() core.Statement {
				return core.Insert(OddNames).Values(core.Values{OddNames.C("order"): 1}).Returning(OddNames.C("id"), OddNames.C("position"))
			},
			postgres: emits(`INSERT INTO "user" ("order") VALUES ($1) RETURNING id, "position"`, 1),
			mysql:    unsupported("INSERT ... RETURNING"),
			mariadb:  ptr(emits("INSERT INTO user (`order`) VALUES (?) RETURNING id, position", 1)),
			sqlite:   emits(`INSERT INTO user ("order") VALUES (?) RETURNING id, position`, 1),
		},
		{
			name:     "index names are quoted too",
			stmt:     func() core.Statement { return &core.CreateIndex{Index: index(OddNames, "Ix Order")} },
			postgres: emits(`CREATE INDEX "Ix Order" ON "user" ("order")`),
			mysql:    emits("CREATE INDEX `Ix Order` ON user (`order`)"),
			sqlite:   emits(`CREATE INDEX "Ix Order" ON user ("order")`),
		},
		{
			name: "a name that tries to end its quotes stays one identifier",
			stmt: func() core.Statement {
				return core.Select(Evil.C("c`; DROP TABLE y; --"))
			},
			postgres: emits(`SELECT "t""; DROP TABLE x; --"."c` + "`" + `; DROP TABLE y; --" FROM "t""; DROP TABLE x; --"`),
			mysql:    emits("SELECT `t\"; DROP TABLE x; --`.`c``; DROP TABLE y; --` FROM `t\"; DROP TABLE x; --`"),
			sqlite:   emits(`SELECT "t""; DROP TABLE x; --"."c` + "`" + `; DROP TABLE y; --" FROM "t""; DROP TABLE x; --"`),
		},
	}
}

func TestIdentifiersAreQuotedPerDialect(t *testing.T) { runCompileCases(t, quoteCases()) }

func TestQuoteFollowsEachDialectsReservedWords(t *testing.T) {
	for _, tc := range []struct {
		name                  string
		postgres, mysql, lite string
	}{
		{"user", `"user"`, "user", "user"},
		{"order", `"order"`, "`order`", `"order"`},
		{"select", `"select"`, "`select`", `"select"`},
		{"key", "key", "`key`", `"key"`},
		{"rank", "rank", "`rank`", "rank"},
		{"values", `"values"`, "`values`", `"values"`},
		{"name", "name", "name", "name"},
		{"Name", `"Name"`, "`Name`", `"Name"`},
		{"NAME", `"NAME"`, "`NAME`", `"NAME"`},
		{"9lives", `"9lives"`, "`9lives`", `"9lives"`},
		{"$cash", `"$cash"`, "`$cash`", `"$cash"`},
		{"two words", `"two words"`, "`two words`", `"two words"`},
		{"dash-ed", `"dash-ed"`, "`dash-ed`", `"dash-ed"`},
		{"dot.ted", `"dot.ted"`, "`dot.ted`", `"dot.ted"`},
		{`q"uote`, `"q""uote"`, "`q\"uote`", `"q""uote"`},
		{"b`ack", "\"b`ack\"", "`b``ack`", "\"b`ack\""},
		{"名前", `"名前"`, "`名前`", `"名前"`},
		{"snake_case_9", "snake_case_9", "snake_case_9", "snake_case_9"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.postgres, pgDialect.Quote(tc.name), "postgres")
			require.Equal(t, tc.mysql, mysqlDialect.Quote(tc.name), "mysql")
			require.Equal(t, tc.mysql, mariadbDialect.Quote(tc.name), "mariadb")
			require.Equal(t, tc.lite, sqliteDialect.Quote(tc.name), "sqlite")
		})
	}
}

// The parameter limits: PostgreSQL's and MySQL's protocols count
// parameters in 16 bits; SQLite's SQLITE_MAX_VARIABLE_NUMBER is 32766 by
// default since 3.32.
func TestMoreParametersThanTheDialectAllowsIsAnError(t *testing.T) {
	for _, tc := range []struct {
		name  string
		d     *sqlcompile.Dialect
		limit int
	}{
		{"postgres", pgDialect, 65535},
		{"mysql", mysqlDialect, 65535},
		{"mariadb", mariadbDialect, 65535},
		{"sqlite", sqliteDialect, 32766},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.limit, tc.d.MaxParams)
			ids := make([]int64, tc.limit)
			for i := range ids {
				ids[i] = int64(i)
			}
			cs, args, err := sqlcompile.Compile(tc.d, core.Select(Users.ID).Where(Users.ID.In(ids...)))
			require.NoError(t, err, "exactly the limit is allowed")
			require.Len(t, args, tc.limit)
			require.Equal(t, tc.limit, cs.NumArgs)

			_, _, err = sqlcompile.Compile(tc.d, core.Select(Users.ID).Where(Users.ID.In(append(ids, -1)...)))
			require.ErrorIs(t, err, sqlcompile.ErrUnsupported)
			var ue *sqlcompile.UnsupportedError
			require.ErrorAs(t, err, &ue)
			require.Contains(t, ue.Construct, "parameters in one statement")

			// A multi-row INSERT reaches the limit the same way, and the
			// cache does not keep what it could not compile.
			cache := sqlcompile.NewCache(tc.d, 4)
			_, _, _, err = cache.Compile(insertOverLimit(tc.limit))
			require.ErrorIs(t, err, sqlcompile.ErrUnsupported)
			require.Zero(t, cache.Stats().Size)
		})
	}
}

var insertsOverLimit = map[int]*core.InsertStmt{}

// insertOverLimit returns a multi-row INSERT of five values a row with one
// row more than limit parameters allow. Statements are values, so the
// dialects with the same limit share one (building a large multi-row
// INSERT is slow: core copies the rows for every row added).
func insertOverLimit(limit int) *core.InsertStmt {
	if s, ok := insertsOverLimit[limit]; ok {
		return s
	}
	rows := make([]core.Values, limit/5+1)
	for i := range rows {
		rows[i] = core.Values{Users.ID: int64(i + 1), Users.Name: "n", Users.Fullname: nullString("f"), Users.Nickname: ptr("k"), Users.Active: true}
	}
	s := core.Insert(Users).Values(rows...)
	insertsOverLimit[limit] = s
	return s
}
