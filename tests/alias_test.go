package tests

import (
	"context"
	"database/sql"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/internal/testdb"
)

type staffTable struct {
	core.Table
	ID        core.Column[int64]           `db:"id,pk"`
	Name      core.Column[string]          `db:"name,size=30"`
	ManagerID core.Column[sql.Null[int64]] `db:"manager_id,fk=staff.id"`
}

func TestAnAliasReadsTheSameTableTwiceInASelfJoin(t *testing.T) {
	md := core.NewMetaData()
	staff := core.NewTable[staffTable](md, "staff")
	boss := core.Alias(staff, "boss")
	require.Equal(t, "boss", boss.TableName())
	require.Same(t, &staff.Table, boss.AliasOf())
	require.Same(t, staff.Name.Def(), boss.Name.Def(), "the alias reads the same columns")

	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		require.NoError(t, md.CreateAll(ctx, db.Engine))
		_, err := db.Engine.Exec(ctx, core.Insert(staff).
			Row(staff.ID.To(1), staff.Name.To("krabs"), staff.ManagerID.To(sql.Null[int64]{})).
			Row(staff.ID.To(2), staff.Name.To("squidward"), staff.ManagerID.To(sql.Null[int64]{V: 1, Valid: true})).
			Row(staff.ID.To(3), staff.Name.To("spongebob"), staff.ManagerID.To(sql.Null[int64]{V: 2, Valid: true})))
		require.NoError(t, err)

		type pair struct {
			Name string
			Boss sql.Null[string]
		}
		q := core.Select(staff.Name, boss.Name.Label("boss")).
			From(staff.LeftJoin(boss, staff.ManagerID.EqExpr(core.Typed[sql.Null[int64]](boss.ID.Ref())))).
			OrderBy(staff.ID)
		sqlText, _, err := db.Engine.Compile(q)
		require.NoError(t, err)
		require.Contains(t, sqlText, "LEFT OUTER JOIN staff AS boss ON staff.manager_id = boss.id")
		got, err := engine.All[pair](ctx, db.Engine, q)
		require.NoError(t, err)
		require.Equal(t, []pair{
			{"krabs", sql.Null[string]{}},
			{"squidward", sql.Null[string]{V: "krabs", Valid: true}},
			{"spongebob", sql.Null[string]{V: "squidward", Valid: true}},
		}, got)

		// The join of a table with its own alias through a self-referencing
		// key is ambiguous: the ON clause must be given.
		_, err = db.Engine.Query(ctx, core.Select(staff.Name).From(staff.Join(boss)))
		require.ErrorIs(t, err, core.ErrStatement)

		_, err = db.Engine.Exec(ctx, core.Insert(boss).Row(boss.Name.To("x")))
		require.ErrorIs(t, err, core.ErrStatement, "an alias is read-only")
		_, err = db.Engine.Exec(ctx, core.Delete(boss))
		require.ErrorIs(t, err, core.ErrStatement)

		dyn := core.Alias(&staff.Table, "s2")
		n, err := engine.Scalar[int64](ctx, db.Engine, core.Select(core.Count()).From(dyn).Where(dyn.C("manager_id").IsNotNull()))
		require.NoError(t, err)
		require.Equal(t, int64(2), n)
	})
}
