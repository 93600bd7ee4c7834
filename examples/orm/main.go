// Command orm tells the story of SQLAlchemy's ORM tutorial with Retort:
// users with addresses are added, queried, changed, loaded with their
// relationships, and deleted with a cascade, on in-memory SQLite. It prints
// what it did and the statements each step sent.
//
//	go run ./examples/orm
package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log"
	"os"
	"strings"

	"github.com/retort-go/retort/core"
	_ "github.com/retort-go/retort/dialects/sqlite"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/orm"
)

// User is a row of user_account; its addresses are a relationship.
type User struct {
	ID        int64            `db:"id,pk"`
	Name      string           `db:"name,size=30,unique"`
	Fullname  sql.Null[string] `db:"fullname,size=100"`
	Addresses []*Address       `db:"-"`
}

// Address is a row of address; User points back to its owner.
type Address struct {
	ID     int64  `db:"id,pk"`
	Email  string `db:"email_address,size=100"`
	UserID int64  `db:"user_id,fk=user_account.id"`
	User   *User  `db:"-"`
}

var (
	md  = core.NewMetaData()
	reg = orm.NewRegistry()
	// The tables come from the structs (the declarative form).
	users = orm.Model[User](reg, md, "user_account",
		orm.HasMany("Addresses").BackPopulates("User").Cascade(orm.CascadeDelete, orm.CascadeDeleteOrphan))
	addresses = orm.Model[Address](reg, md, "address", orm.BelongsTo("User").BackPopulates("Addresses"))
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, w io.Writer) error {
	var sent []string
	hooks := engine.Hooks{BeforeExecute: func(_ context.Context, e *engine.Execution) {
		if e.SQL != "BEGIN" && e.SQL != "COMMIT" {
			sent = append(sent, e.SQL)
		}
	}}
	eng, err := engine.Open(ctx, "sqlite://:memory:", engine.WithHooks(hooks))
	if err != nil {
		return err
	}
	defer eng.Close()
	if err := md.CreateAll(ctx, eng); err != nil {
		return err
	}
	step := func(what string) {
		fmt.Fprintln(w, what)
		for _, s := range sent {
			fmt.Fprintln(w, "   ", s)
		}
		sent = nil
	}
	sent = nil

	s := orm.NewSession(eng, reg)
	defer s.Close(ctx)

	// Add: three users, two with addresses; one flush inserts them all.
	spongebob := &User{Name: "spongebob", Fullname: full("Spongebob Squarepants"),
		Addresses: []*Address{{Email: "spongebob@sqlalchemy.org"}}}
	sandy := &User{Name: "sandy", Fullname: full("Sandy Cheeks"),
		Addresses: []*Address{{Email: "sandy@sqlalchemy.org"}, {Email: "sandy@squirrelpower.org"}}}
	patrick := &User{Name: "patrick", Fullname: full("Patrick Star")}
	if err := s.AddAll(spongebob, sandy, patrick); err != nil {
		return err
	}
	if err := s.Commit(ctx); err != nil {
		return err
	}
	step(fmt.Sprintf("added users %d, %d, %d; sandy's first address has user_id %d:",
		spongebob.ID, sandy.ID, patrick.ID, sandy.Addresses[0].UserID))

	// Query: the identity map hands back the object we hold.
	U := users.Table()
	got, err := orm.Select[User](s).Where(U.C("name").Eq("spongebob")).One(ctx)
	if err != nil {
		return err
	}
	step(fmt.Sprintf("queried spongebob, the same object: %v", got == spongebob))

	// Change: only the changed column is written.
	sandy.Fullname = full("Sandy Squirrel")
	if err := s.Commit(ctx); err != nil {
		return err
	}
	step("renamed sandy:")

	// Load relationships in a fresh session: one query per level.
	s2 := orm.NewSession(eng, reg)
	defer s2.Close(ctx)
	all, err := orm.Select[User](s2).OrderBy(U.C("id")).Options(orm.SelectIn("Addresses")).All(ctx)
	if err != nil {
		return err
	}
	var lines []string
	for _, u := range all {
		var emails []string
		for _, a := range u.Addresses {
			emails = append(emails, a.Email)
		}
		lines = append(lines, fmt.Sprintf("%s [%s]", u.Name, strings.Join(emails, ", ")))
	}
	step("users with their addresses: " + strings.Join(lines, "; "))
	fmt.Fprintf(w, "the address points back to its user: %v\n", all[1].Addresses[0].User == all[1])

	// Patrick gets an address: appending it is enough.
	patrick2 := all[2]
	patrick2.Addresses = append(patrick2.Addresses, &Address{Email: "patrick@sqlalchemy.org"})
	// Sandy drops one (delete-orphan), then spongebob is deleted with his.
	sandy2 := all[1]
	sandy2.Addresses = sandy2.Addresses[:1]
	if err := s2.Delete(all[0]); err != nil {
		return err
	}
	if err := s2.Commit(ctx); err != nil {
		return err
	}
	step("gave patrick an address, dropped one of sandy's, deleted spongebob:")

	n, err := engine.Scalar[int64](ctx, eng, core.Select(core.Count()).From(addresses.Table()))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "addresses left: %d\n", n)
	return nil
}

func full(s string) sql.Null[string] { return sql.Null[string]{V: s, Valid: true} }
