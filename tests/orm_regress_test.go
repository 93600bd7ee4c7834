package tests

// Regressions found by a review of the ORM: each failed before its fix.

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/orm"
)

// A commit of one new parent that adopts an existing child sends two
// statements (INSERT parent, UPDATE child) but runs them autocommitted:
// when the second fails, the first stays committed.
func TestACommitThatAdoptsAHeldChildIsOneTransaction(t *testing.T) {
	orEach(t, func(t *testing.T, x *omEnv, s *orm.Session) {
		a := &orAddr{Email: "a@x"}
		u1 := &orUser{Name: "one", Addresses: []*orAddr{a}}
		require.NoError(t, s.Add(u1))
		require.NoError(t, s.Commit(x.ctx))

		// Load u1 with its addresses again (commit expired them).
		us, err := orm.Select[orUser](s).Options(orm.SelectIn("Addresses")).All(x.ctx)
		require.NoError(t, err)
		require.Len(t, us, 1)
		u2 := &orUser{Name: "two", Addresses: []*orAddr{a}}
		u1.Addresses = nil
		require.NoError(t, s.Add(u2))
		// Someone else deletes the address: the UPDATE will match no row.
		_, err = x.Engine.Exec(x.ctx, core.Delete(orAddrs.Table()))
		require.NoError(t, err)
		x.reset()
		err = s.Commit(x.ctx)
		require.Error(t, err)
		require.NoError(t, s.Rollback(x.ctx))
		n, err := engine.Scalar[int64](x.ctx, x.Engine, core.Select(core.Count()).From(orUsers.Table()))
		require.NoError(t, err)
		require.Equal(t, int64(1), n, "the failed commit must not leave u2's row behind")
	})
}

func TestARefreshedReattachedObjectCanBeChangedAndCommitted(t *testing.T) {
	orEach(t, func(t *testing.T, x *omEnv, s *orm.Session) {
		u := &orUser{Name: "re"}
		require.NoError(t, s.Add(u))
		require.NoError(t, s.Commit(x.ctx))
		require.NoError(t, s.Expunge(u))
		require.NoError(t, s.Add(u)) // detached: attached again, no snapshot
		require.NoError(t, s.Refresh(x.ctx, u))
		u.Name = "changed"
		require.NoError(t, s.Commit(x.ctx))
	})
}

func TestAChildTakenFromALoadedSliceAndPointedElsewhereMoves(t *testing.T) {
	orEachOn(t, onMD, onReg, func(t *testing.T, x *omEnv, s *orm.Session) {
		a := &onNode{Name: "a", Children: []*onNode{{Name: "c"}}}
		b := &onNode{Name: "b"}
		require.NoError(t, s.AddAll(a, b))
		require.NoError(t, s.Commit(x.ctx))
		aID, bID, cID := a.ID, b.ID, a.Children[0].ID

		s2 := orm.NewSession(x.Engine, onReg)
		defer s2.Close(x.ctx)
		N := onNodes.Table()
		ga, err := orm.Select[onNode](s2).Where(N.C("id").Eq(aID)).Options(orm.SelectIn("Children")).One(x.ctx)
		require.NoError(t, err)
		gb, err := orm.Get[onNode](x.ctx, s2, bID)
		require.NoError(t, err)
		c := ga.Children[0]
		require.Same(t, ga, c.Parent)
		// Move c: out of a's slice, pointer to b (whose children are not loaded).
		ga.Children = nil
		c.Parent = gb
		require.NoError(t, s2.Commit(x.ctx))
		var pid *int64
		res, err := x.Engine.Query(x.ctx, core.Select(N.C("parent_id")).Where(N.C("id").Eq(cID)))
		require.NoError(t, err)
		require.True(t, res.Next())
		require.NoError(t, res.Scan(&pid))
		res.Close()
		require.Same(t, gb, c.Parent)
		require.NotNil(t, pid, "c was moved to b")
		require.Equal(t, bID, *pid)
	})
}

func TestJoinedWithLimitJoinsOnColumnsLoadOnlyLeftOut(t *testing.T) {
	orEach(t, func(t *testing.T, x *omEnv, s *orm.Session) {
		seedJoined(t, x, s, 6)
		s2 := orm.NewSession(x.Engine, orReg)
		defer s2.Close(x.ctx)
		addrs, err := orm.Select[orAddr](s2).Options(orm.LoadOnly("Email"), orm.Joined("User"), orm.Joined("Orders")).Limit(2).All(x.ctx)
		require.NoError(t, err)
		require.Len(t, addrs, 2)
		require.NotNil(t, addrs[0].User)
	})
}

func TestJoinedWithOffsetAlone(t *testing.T) {
	orEach(t, func(t *testing.T, x *omEnv, s *orm.Session) {
		seedJoined(t, x, s, 6)
		s2 := orm.NewSession(x.Engine, orReg)
		defer s2.Close(x.ctx)
		us, err := orm.Select[orUser](s2).OrderBy(orUsers.Table().C("name")).Offset(4).Options(orm.Joined("Addresses")).All(x.ctx)
		require.NoError(t, err)
		require.Len(t, us, 2)
		require.Equal(t, "u04", us[0].Name)
	})
}
