package orm_test

import (
	"context"
	"fmt"

	"github.com/retort-go/retort/core"
	_ "github.com/retort-go/retort/dialects/sqlite"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/orm"
)

// Example walks through a session: add, commit, get through the identity
// map, change one field, and see the one UPDATE the flush sends.
func Example() {
	type User struct {
		ID     int64  `db:"id,pk"`
		Name   string `db:"name,size=30"`
		Visits int64  `db:"visits"`
	}
	ctx := context.Background()
	md := core.NewMetaData()
	reg := orm.NewRegistry()
	users := orm.Model[User](reg, md, "user_account")

	var sent []string
	hooks := engine.Hooks{BeforeExecute: func(_ context.Context, e *engine.Execution) {
		if e.SQL != "BEGIN" && e.SQL != "COMMIT" {
			sent = append(sent, e.SQL)
		}
	}}
	eng, err := engine.Open(ctx, "sqlite://:memory:", engine.WithHooks(hooks))
	if err != nil {
		panic(err)
	}
	defer eng.Close()
	if err := md.CreateAll(ctx, eng); err != nil {
		panic(err)
	}

	s := orm.NewSession(eng, reg)
	defer s.Close(ctx)
	sandy := &User{Name: "sandy", Visits: 3}
	patrick := &User{Name: "patrick"}
	_ = s.AddAll(sandy, patrick)
	fmt.Println(s.StateOf(sandy))
	sent = nil
	if err := s.Commit(ctx); err != nil {
		panic(err)
	}
	fmt.Println(s.StateOf(sandy), sandy.ID, patrick.ID)
	fmt.Println(sent[0]) // one INSERT for both rows

	u, _ := orm.Get[User](ctx, s, 1)
	fmt.Println(u == sandy) // the same pointer

	sandy.Visits = 0 // a zero value is a change like any other
	sent = nil
	if err := s.Commit(ctx); err != nil {
		panic(err)
	}
	fmt.Println(sent[0])

	n, _ := orm.Select[User](s).Where(users.Table().C("visits").Eq(int64(0))).Count(ctx)
	fmt.Println(n)
	// Output:
	// pending
	// persistent 1 2
	// INSERT INTO user_account (name, visits) VALUES (?, ?), (?, ?) RETURNING id
	// true
	// UPDATE user_account SET visits = ? WHERE user_account.id = ?
	// 2
}
