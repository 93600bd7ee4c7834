package tests

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/internal/testdb"
)

// The schema most behaviour tests share: users with addresses, as in
// SQLAlchemy's tutorial. Tables are definitions only; each test creates
// them in its own fresh database.

type userTable struct {
	core.Table
	ID       core.Column[int64]            `db:"id,pk"`
	Name     core.Column[string]           `db:"name,size=30,unique"`
	Fullname core.Column[sql.Null[string]] `db:"fullname,size=100"`
	Active   core.Column[bool]             `db:"active,serverdefault=true"`
	Visits   core.Column[int32]            `db:"visits,default=0"`
	Created  core.Column[time.Time]        `db:"created"`
	Updated  core.Column[*time.Time]       `db:"updated"`
}

// TableArgs gives created a client-side default and updated an update default.
func (t *userTable) TableArgs() []core.TableArg {
	return []core.TableArg{
		core.Default(t.Created, func() time.Time { return time.Now().UTC() }),
		core.OnUpdate(t.Updated, func() *time.Time { now := time.Now().UTC(); return &now }),
		core.Check("visits >= 0").Named("ck_visits_not_negative"),
	}
}

type addressTable struct {
	core.Table
	ID     core.Column[int64]  `db:"id,pk"`
	UserID core.Column[int64]  `db:"user_id,fk=user_account.id,ondelete=cascade,index"`
	Email  core.Column[string] `db:"email_address,size=100"`
}

var (
	suite     = core.NewMetaData()
	users     = core.NewTable[userTable](suite, "user_account")
	addresses = core.NewTable[addressTable](suite, "address")
)

// user is a row of user_account.
type user struct {
	ID       int64
	Name     string
	Fullname sql.Null[string]
	Active   bool
	Visits   int32
	Created  time.Time
	Updated  *time.Time
}

// setup creates the shared schema in db and inserts spongebob, sandy and
// patrick (ids 1, 2, 3) with an address each for the first two.
func setup(t *testing.T, db *testdb.DB) {
	t.Helper()
	ctx := context.Background()
	require.NoError(t, suite.CreateAll(ctx, db.Engine))
	_, err := db.Engine.Exec(ctx, core.Insert(users).
		Row(users.Name.To("spongebob"), users.Fullname.To(sql.Null[string]{V: "Spongebob Squarepants", Valid: true})).
		Row(users.Name.To("sandy"), users.Fullname.To(sql.Null[string]{V: "Sandy Cheeks", Valid: true})).
		Row(users.Name.To("patrick"), users.Fullname.To(sql.Null[string]{})))
	require.NoError(t, err)
	_, err = db.Engine.Exec(ctx, core.Insert(addresses).
		Row(addresses.UserID.To(1), addresses.Email.To("spongebob@sqlalchemy.org")).
		Row(addresses.UserID.To(2), addresses.Email.To("sandy@sqlalchemy.org")))
	require.NoError(t, err)
}

// names reads user names in id order.
func names(t *testing.T, q engine.Querier) []string {
	t.Helper()
	out, err := engine.Scalars[string](context.Background(), q, core.Select(users.Name).OrderBy(users.ID))
	require.NoError(t, err)
	return out
}
