// Command quickstart is Retort's first example: it declares two tables,
// creates them in an in-memory SQLite database, inserts and queries rows
// with Core statements, and runs a transaction whose savepoint rolls back.
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/retort-go/retort/core"
	_ "github.com/retort-go/retort/dialects/sqlite"
	"github.com/retort-go/retort/engine"
)

// UserTable declares the user_account table: one typed Column per column.
type UserTable struct {
	core.Table
	ID       core.Column[int64]            `db:"id,pk"`
	Name     core.Column[string]           `db:"name,size=30,unique"`
	Fullname core.Column[sql.Null[string]] `db:"fullname,size=100"`
}

// AddressTable declares the address table, whose user_id references user_account.
type AddressTable struct {
	core.Table
	ID     core.Column[int64]  `db:"id,pk"`
	UserID core.Column[int64]  `db:"user_id,fk=user_account.id,ondelete=cascade"`
	Email  core.Column[string] `db:"email_address,size=100"`
}

var (
	md        = core.NewMetaData()
	Users     = core.NewTable[UserTable](md, "user_account")
	Addresses = core.NewTable[AddressTable](md, "address")
)

// User is a plain struct that query results are scanned into, by column name.
type User struct {
	ID       int64
	Name     string
	Fullname sql.Null[string]
}

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, out io.Writer) error {
	eng, err := engine.Open(ctx, "sqlite://:memory:")
	if err != nil {
		return err
	}
	defer eng.Close()

	// CREATE TABLE for both tables, parents first.
	if err := md.CreateAll(ctx, eng); err != nil {
		return err
	}
	fmt.Fprintln(out, "created tables:", Users.TableName(), Addresses.TableName())

	// One INSERT of three rows; RETURNING gives back the generated ids.
	ids, err := engine.Scalars[int64](ctx, eng, core.Insert(Users).
		Row(Users.Name.To("spongebob"), Users.Fullname.To(sql.Null[string]{V: "Spongebob Squarepants", Valid: true})).
		Row(Users.Name.To("sandy"), Users.Fullname.To(sql.Null[string]{V: "Sandy Cheeks", Valid: true})).
		Row(Users.Name.To("patrick"), Users.Fullname.To(sql.Null[string]{})).
		Returning(Users.ID))
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "inserted users with ids", ids)

	// A Core SELECT: values become bound parameters, never SQL text.
	q := core.Select(Users).
		Where(Users.Name.In("spongebob", "sandy")).
		OrderBy(Users.ID)
	sqlText, args, err := eng.Compile(q)
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "query:", sqlText, args)
	users, err := engine.All[User](ctx, eng, q)
	if err != nil {
		return err
	}
	for _, u := range users {
		fmt.Fprintf(out, "  %d %s (%s)\n", u.ID, u.Name, u.Fullname.V)
	}

	// A transaction: the outer work commits, the savepoint rolls back.
	err = eng.Transaction(ctx, func(tx *engine.Tx) error {
		if _, err := tx.Exec(ctx, core.Insert(Addresses).
			Row(Addresses.UserID.To(ids[0]), Addresses.Email.To("spongebob@sqlalchemy.org"))); err != nil {
			return err
		}
		err := tx.Transaction(ctx, func(sp *engine.Tx) error {
			if _, err := sp.Exec(ctx, core.Update(Users).Set(Users.Name.To("squidward")).Where(Users.ID.Eq(ids[2]))); err != nil {
				return err
			}
			return errors.New("changed our mind")
		})
		fmt.Fprintln(out, "savepoint rolled back:", err)
		return nil
	})
	if err != nil {
		return err
	}

	name, err := engine.Scalar[string](ctx, eng, core.Select(Users.Name).Where(Users.ID.Eq(ids[2])))
	if err != nil {
		return err
	}
	n, err := engine.Scalar[int64](ctx, eng, core.Select(core.Count()).From(Addresses))
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "after the transaction: user %d is still %q; %d address committed\n", ids[2], name, n)

	// Constraint violations come back as typed errors.
	_, err = eng.Exec(ctx, core.Insert(Users).Row(Users.Name.To("sandy")))
	fmt.Fprintln(out, "duplicate name is a unique violation:", errors.Is(err, engine.ErrUniqueViolation))
	return nil
}
