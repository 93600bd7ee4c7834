package tests

// Joined loading reads the outer side through engine.OrNull: values convert
// as in every other load (a UUID held as text, a float32, custom types).

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/orm"
)

type rvParent struct {
	ID   int64      `db:"id,pk"`
	Kids []*rvChild `db:"-"`
}

type rvChild struct {
	ID       int64    `db:"id,pk"`
	ParentID int64    `db:"parent_id,fk=rv_parent.id"`
	U        string   `db:"u,type=uuid"`
	F        float32  `db:"f"`
	P        *rtPoint `db:"p,type=rt_point"`
	C        rtCents  `db:"c,type=rt_cents"`
}

var (
	rvMD      = rtCustomMetaData()
	rvReg     = orm.NewRegistry()
	rvParents = orm.Model[rvParent](rvReg, rvMD, "rv_parent", orm.HasMany("Kids"))
	_         = orm.Model[rvChild](rvReg, rvMD, "rv_child")
)

func TestJoinedLoadingConvertsValuesAsSelectInDoes(t *testing.T) {
	orEachOn(t, rvMD, rvReg, func(t *testing.T, x *omEnv, s *orm.Session) {
		p := &rvParent{Kids: []*rvChild{
			{U: "0b5b0f3a-1c2d-4e5f-8a9b-0c1d2e3f4a5b", F: 1.5, P: &rtPoint{1, 2}, C: rtCents{7}},
			{U: "1b5b0f3a-1c2d-4e5f-8a9b-0c1d2e3f4a5b", F: -2, C: rtCents{8}}, // P NULL
		}}
		require.NoError(t, s.AddAll(p, &rvParent{})) // the second parent has no kids: NULLs
		require.NoError(t, s.Commit(x.ctx))

		s1 := orm.NewSession(x.Engine, rvReg)
		defer s1.Close(x.ctx)
		a, err := orm.Select[rvParent](s1).OrderBy(rvParents.Table().C("id")).Options(orm.SelectIn("Kids")).All(x.ctx)
		require.NoError(t, err)
		s2 := orm.NewSession(x.Engine, rvReg)
		defer s2.Close(x.ctx)
		b, err := orm.Select[rvParent](s2).OrderBy(rvParents.Table().C("id")).Options(orm.Joined("Kids")).All(x.ctx)
		require.NoError(t, err)
		require.Len(t, b, 2)
		require.Len(t, b[0].Kids, 2)
		require.Empty(t, b[1].Kids)
		for i := range a[0].Kids {
			require.Equal(t, *a[0].Kids[i], *b[0].Kids[i], "joined and select-in read the same values")
		}
		require.Equal(t, "0b5b0f3a-1c2d-4e5f-8a9b-0c1d2e3f4a5b", b[0].Kids[0].U)
		require.Equal(t, &rtPoint{1, 2}, b[0].Kids[0].P)
		require.Nil(t, b[0].Kids[1].P)
		require.Equal(t, rtCents{8}, b[0].Kids[1].C)
	})
}
