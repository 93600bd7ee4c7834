package core_test

import (
	"database/sql"
	"fmt"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/dialects/mysql"
	"github.com/retort-go/retort/dialects/postgres"
	"github.com/retort-go/retort/dialects/sqlite"
	"github.com/retort-go/retort/sqlcompile"
	"github.com/retort-go/retort/sqltype"
)

type UserTable struct {
	core.Table
	ID       core.Column[int64]            `db:"id,pk"`
	Name     core.Column[string]           `db:"name,size=30"`
	Fullname core.Column[sql.Null[string]] `db:"fullname"`
}

type AddressTable struct {
	core.Table
	ID     core.Column[int64]  `db:"id,pk"`
	UserID core.Column[int64]  `db:"user_id,fk=user_account.id"`
	Email  core.Column[string] `db:"email_address,size=100"`
}

var (
	md        = core.NewMetaData()
	Users     = core.NewTable[UserTable](md, "user_account")
	Addresses = core.NewTable[AddressTable](md, "address")
)

func show(s core.Statement) {
	for _, d := range []*sqlcompile.Dialect{postgres.NewDialect(), mysql.NewDialect(false), sqlite.NewDialect()} {
		cs, args, err := sqlcompile.Compile(d, s)
		if err != nil {
			fmt.Printf("%s: %v\n", d.Name, err)
			continue
		}
		fmt.Printf("%s: %s %v\n", d.Name, cs.SQL, args)
	}
}

func ExampleSelect() {
	show(core.Select(Users.Name, Addresses.Email).
		From(Users.Join(Addresses)). // ON inferred from the foreign key
		Where(Users.Name.In("spongebob", "sandy")).
		OrderBy(Users.ID.Asc()).
		Limit(10))
	// Output:
	// postgres: SELECT user_account.name, address.email_address FROM user_account JOIN address ON user_account.id = address.user_id WHERE user_account.name IN ($1, $2) ORDER BY user_account.id LIMIT $3 [spongebob sandy 10]
	// mysql: SELECT user_account.name, address.email_address FROM user_account JOIN address ON user_account.id = address.user_id WHERE user_account.name IN (?, ?) ORDER BY user_account.id LIMIT ? [spongebob sandy 10]
	// sqlite: SELECT user_account.name, address.email_address FROM user_account JOIN address ON user_account.id = address.user_id WHERE user_account.name IN (?, ?) ORDER BY user_account.id LIMIT ? [spongebob sandy 10]
}

func ExampleInsert() {
	show(core.Insert(Users).
		Row(Users.Name.To("spongebob"), Users.Fullname.To(sql.Null[string]{V: "Spongebob Squarepants", Valid: true})).
		Returning(Users.ID))
	// Output:
	// postgres: INSERT INTO user_account (name, fullname) VALUES ($1, $2) RETURNING id [spongebob {Spongebob Squarepants true}]
	// mysql: sqlcompile: mysql does not support INSERT ... RETURNING
	// sqlite: INSERT INTO user_account (name, fullname) VALUES (?, ?) RETURNING id [spongebob {Spongebob Squarepants true}]
}

func ExampleUpdate() {
	show(core.Update(Users).
		Set(Users.Fullname.To(sql.Null[string]{})).
		Where(core.Or(Users.Name.Eq("patrick"), Users.Fullname.IsNull())))
	// Output:
	// postgres: UPDATE user_account SET fullname = NULL WHERE user_account.name = $1 OR user_account.fullname IS NULL [patrick]
	// mysql: UPDATE user_account SET fullname = NULL WHERE user_account.name = ? OR user_account.fullname IS NULL [patrick]
	// sqlite: UPDATE user_account SET fullname = NULL WHERE user_account.name = ? OR user_account.fullname IS NULL [patrick]
}

func ExampleText() {
	show(core.Text("SELECT name FROM user_account WHERE id = :id OR name = :name").Bind("id", 5).Bind("name", "sandy"))
	// Output:
	// postgres: SELECT name FROM user_account WHERE id = $1 OR name = $2 [5 sandy]
	// mysql: SELECT name FROM user_account WHERE id = ? OR name = ? [5 sandy]
	// sqlite: SELECT name FROM user_account WHERE id = ? OR name = ? [5 sandy]
}

func ExampleNewDynamicTable() {
	dmd := core.NewMetaData()
	notes := core.NewDynamicTable(dmd, "note",
		core.ColumnSpec{Name: "id", Type: sqltypeBigInt, PrimaryKey: true},
		core.ColumnSpec{Name: "body", Type: sqltypeText, NotNull: true},
	)
	show(core.Select(notes.C("body")).Where(notes.C("id").Eq(int64(7))))
	// Output:
	// postgres: SELECT note.body FROM note WHERE note.id = $1 [7]
	// mysql: SELECT note.body FROM note WHERE note.id = ? [7]
	// sqlite: SELECT note.body FROM note WHERE note.id = ? [7]
}

var (
	sqltypeBigInt = sqltype.BigInt{}
	sqltypeText   = sqltype.Text{}
)
