package tests

// SQLAlchemy's ORM tutorial as a test on every dialect: users with
// addresses are added, queried, changed, loaded with their relationships
// and deleted with a cascade; each step asserts the rows and objects.

import (
	"context"
	"database/sql"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/internal/testdb"
	"github.com/retort-go/retort/orm"
)

type otUser struct {
	ID        int64            `db:"id,pk"`
	Name      string           `db:"name,size=30,unique"`
	Fullname  sql.Null[string] `db:"fullname,size=100"`
	Addresses []*otAddress     `db:"-"`
}

type otAddress struct {
	ID     int64   `db:"id,pk"`
	Email  string  `db:"email_address,size=100"`
	UserID int64   `db:"user_id,fk=ot_user.id"`
	User   *otUser `db:"-"`
}

var (
	otMD    = core.NewMetaData()
	otReg   = orm.NewRegistry()
	otUsers = orm.Model[otUser](otReg, otMD, "ot_user",
		orm.HasMany("Addresses").BackPopulates("User").Cascade(orm.CascadeDelete, orm.CascadeDeleteOrphan))
	otAddresses = orm.Model[otAddress](otReg, otMD, "ot_address", orm.BelongsTo("User").BackPopulates("Addresses"))
)

func otNull(s string) sql.Null[string] { return sql.Null[string]{V: s, Valid: true} }

func TestTheSQLAlchemyORMTutorialStory(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		require.NoError(t, db.Engine.CreateAll(ctx, otMD))
		U, A := otUsers.Table(), otAddresses.Table()
		count := func(tb *core.Table) int64 {
			n, err := engine.Scalar[int64](ctx, db.Engine, core.Select(core.Count()).From(tb))
			require.NoError(t, err)
			return n
		}

		// Add.
		s := orm.NewSession(db.Engine, otReg)
		defer s.Close(ctx)
		spongebob := &otUser{Name: "spongebob", Fullname: otNull("Spongebob Squarepants"),
			Addresses: []*otAddress{{Email: "spongebob@sqlalchemy.org"}}}
		sandy := &otUser{Name: "sandy", Fullname: otNull("Sandy Cheeks"),
			Addresses: []*otAddress{{Email: "sandy@sqlalchemy.org"}, {Email: "sandy@squirrelpower.org"}}}
		patrick := &otUser{Name: "patrick", Fullname: otNull("Patrick Star")}
		require.NoError(t, s.AddAll(spongebob, sandy, patrick))
		require.NoError(t, s.Commit(ctx))
		require.Equal(t, int64(3), count(U))
		require.Equal(t, int64(3), count(A))
		for _, a := range sandy.Addresses {
			require.Equal(t, sandy.ID, a.UserID)
			require.Same(t, sandy, a.User, "back-populated at flush")
		}

		// Query.
		got, err := orm.Select[otUser](s).Where(U.C("name").Eq("spongebob")).One(ctx)
		require.NoError(t, err)
		require.Same(t, spongebob, got)
		n, err := orm.Select[otUser](s).Where(U.C("name").In("sandy", "patrick")).Count(ctx)
		require.NoError(t, err)
		require.Equal(t, int64(2), n)

		// Change.
		sandy.Fullname = otNull("Sandy Squirrel")
		require.True(t, s.IsModified(sandy))
		require.NoError(t, s.Commit(ctx))
		full, err := engine.Scalar[string](ctx, db.Engine, core.Select(U.C("fullname")).Where(U.C("id").Eq(sandy.ID)))
		require.NoError(t, err)
		require.Equal(t, "Sandy Squirrel", full)

		// Load relationships in a new session.
		s2 := orm.NewSession(db.Engine, otReg)
		defer s2.Close(ctx)
		all, err := orm.Select[otUser](s2).OrderBy(U.C("id")).Options(orm.SelectIn("Addresses")).All(ctx)
		require.NoError(t, err)
		require.Len(t, all, 3)
		require.Len(t, all[0].Addresses, 1)
		require.Len(t, all[1].Addresses, 2)
		require.Empty(t, all[2].Addresses)
		require.Same(t, all[1], all[1].Addresses[1].User, "back-populated at load")
		addr, err := orm.Select[otAddress](s2).Where(A.C("email_address").Eq("sandy@sqlalchemy.org")).One(ctx)
		require.NoError(t, err)
		require.Same(t, all[1].Addresses[0], addr, "one object per row")

		// Give patrick an address, drop one of sandy's, delete spongebob.
		all[2].Addresses = append(all[2].Addresses, &otAddress{Email: "patrick@sqlalchemy.org"})
		dropped := all[1].Addresses[1]
		all[1].Addresses = all[1].Addresses[:1]
		require.NoError(t, s2.Delete(all[0]))
		require.NoError(t, s2.Commit(ctx))
		require.Equal(t, all[2].ID, all[2].Addresses[0].UserID)
		require.Equal(t, orm.Detached, s2.StateOf(dropped), "the orphan was deleted")
		require.Equal(t, int64(2), count(U))
		emails, err := engine.Scalars[string](ctx, db.Engine, core.Select(A.C("email_address")).OrderBy(A.C("email_address")))
		require.NoError(t, err)
		require.Equal(t, []string{"patrick@sqlalchemy.org", "sandy@sqlalchemy.org"}, emails)
	})
}
