package engine_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/retort-go/retort/core"
	_ "github.com/retort-go/retort/dialects/sqlite"
	"github.com/retort-go/retort/engine"
)

type ExampleUserTable struct {
	core.Table
	ID       core.Column[int64]            `db:"id,pk"`
	Name     core.Column[string]           `db:"name,size=30,unique"`
	Fullname core.Column[sql.Null[string]] `db:"fullname"`
}

var (
	exampleMD    = core.NewMetaData()
	exampleUsers = core.NewTable[ExampleUserTable](exampleMD, "user_account")
)

type ExampleUser struct {
	ID       int64
	Name     string
	Fullname sql.Null[string]
}

func Example() {
	ctx := context.Background()
	eng, err := engine.Open(ctx, "sqlite://:memory:")
	if err != nil {
		panic(err)
	}
	defer eng.Close()
	Users := exampleUsers
	if err := exampleMD.CreateAll(ctx, eng); err != nil {
		panic(err)
	}

	_, err = eng.Exec(ctx, core.Insert(Users).
		Row(Users.Name.To("spongebob"), Users.Fullname.To(sql.Null[string]{V: "Spongebob Squarepants", Valid: true})).
		Row(Users.Name.To("sandy"), Users.Fullname.To(sql.Null[string]{}))) // every row sets the same columns
	if err != nil {
		panic(err)
	}

	users, err := engine.All[ExampleUser](ctx, eng, core.Select(Users).OrderBy(Users.ID))
	if err != nil {
		panic(err)
	}
	for _, u := range users {
		fmt.Println(u.ID, u.Name, u.Fullname.Valid)
	}

	n, err := engine.Scalar[int64](ctx, eng, core.Select(core.Count()).From(Users).Where(Users.Name.Like("s%")))
	fmt.Println(n, err)

	_, err = eng.Exec(ctx, core.Insert(Users).Row(Users.Name.To("sandy")))
	fmt.Println(errors.Is(err, engine.ErrUniqueViolation))
	// Output:
	// 1 spongebob true
	// 2 sandy false
	// 2 <nil>
	// true
}

func ExampleEngine_Transaction() {
	ctx := context.Background()
	eng, _ := engine.Open(ctx, "sqlite://:memory:")
	defer eng.Close()
	Users := exampleUsers
	_ = exampleMD.CreateAll(ctx, eng)

	err := eng.Transaction(ctx, func(tx *engine.Tx) error {
		if _, err := tx.Exec(ctx, core.Insert(Users).Row(Users.Name.To("patrick"))); err != nil {
			return err
		}
		// A nested transaction is a savepoint: its failure undoes only its own work.
		err := tx.Transaction(ctx, func(sp *engine.Tx) error {
			_, _ = sp.Exec(ctx, core.Update(Users).Set(Users.Name.To("squidward")))
			return errors.New("never mind")
		})
		fmt.Println("savepoint:", err)
		return nil
	})
	fmt.Println("transaction:", err)

	names, _ := engine.Scalars[string](ctx, eng, core.Select(Users.Name))
	fmt.Println(names)
	// Output:
	// savepoint: never mind
	// transaction: <nil>
	// [patrick]
}

func ExampleResult() {
	ctx := context.Background()
	eng, _ := engine.Open(ctx, "sqlite://:memory:")
	defer eng.Close()
	Users := exampleUsers
	_ = exampleMD.CreateAll(ctx, eng)
	_, _ = eng.Exec(ctx, core.Insert(Users).Row(Users.Name.To("pearl")).Row(Users.Name.To("plankton")))

	res, err := eng.Query(ctx, core.Select(Users.ID, Users.Name).OrderBy(Users.ID.Desc()))
	if err != nil {
		panic(err)
	}
	defer res.Close()
	for res.Next() {
		var id int64
		var name string
		if err := res.Scan(&id, &name); err != nil {
			panic(err)
		}
		fmt.Println(id, name)
	}
	fmt.Println(res.Err())
	// Output:
	// 2 plankton
	// 1 pearl
	// <nil>
}
