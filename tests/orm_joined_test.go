package tests

// Joined loading (orm.Joined): one statement with LEFT OUTER JOINs, rows
// de-duplicated into objects, on every dialect.

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/orm"
)

// seedJoined makes users u0..u(n-1); user i has i%3 addresses (so some
// have none), each with one order.
func seedJoined(t *testing.T, x *omEnv, s *orm.Session, n int) {
	t.Helper()
	for i := range n {
		u := &orUser{Name: fmt.Sprintf("u%02d", i)}
		for j := range i % 3 {
			u.Addresses = append(u.Addresses, &orAddr{Email: fmt.Sprintf("u%02d-%d@x", i, j), Orders: []*orOrder{{Total: int64(100*i + j)}}})
		}
		require.NoError(t, s.Add(u))
	}
	require.NoError(t, s.Commit(x.ctx))
	require.NoError(t, s.Close(x.ctx))
}

func TestJoinedLoadingReadsParentsAndChildrenInOneStatement(t *testing.T) {
	orEach(t, func(t *testing.T, x *omEnv, s *orm.Session) {
		seedJoined(t, x, s, 12)
		s2 := orm.NewSession(x.Engine, orReg)
		defer s2.Close(x.ctx)
		x.reset()
		users, err := orm.Select[orUser](s2).OrderBy(orUsers.Table().C("name")).Options(orm.Joined("Addresses")).All(x.ctx)
		require.NoError(t, err)
		sel := x.selects()
		require.Len(t, sel, 1, "one statement: %v", sel)
		require.Contains(t, sel[0], "LEFT OUTER JOIN or_addr AS orm_j1")
		require.Len(t, users, 12, "one object per user, though users with two addresses come in two rows")
		for i, u := range users {
			require.Equal(t, fmt.Sprintf("u%02d", i), u.Name, "the query's order is kept")
			require.True(t, s2.IsLoaded(u, "Addresses"))
			require.Len(t, u.Addresses, i%3, "users without addresses get an empty slice (the NULL side of the join)")
			for j, a := range u.Addresses {
				require.Equal(t, fmt.Sprintf("u%02d-%d@x", i, j), a.Email, "children in key order")
				require.Equal(t, u.ID, a.UserID)
				require.Equal(t, orm.Persistent, s2.StateOf(a))
			}
		}
		// The children are in the identity map: Get finds them without SQL.
		if a := users[2].Addresses[1]; a != nil {
			x.reset()
			got, err := orm.Get[orAddr](x.ctx, s2, a.ID)
			require.NoError(t, err)
			require.Same(t, a, got)
			require.Empty(t, x.selects())
		}
	})
}

func TestJoinedLoadingOfAManyToOneAndANestedPath(t *testing.T) {
	orEach(t, func(t *testing.T, x *omEnv, s *orm.Session) {
		seedJoined(t, x, s, 6)
		s2 := orm.NewSession(x.Engine, orReg)
		defer s2.Close(x.ctx)
		x.reset()
		addrs, err := orm.Select[orAddr](s2).OrderBy(orAddrs.Table().C("email")).Options(orm.Joined("User")).All(x.ctx)
		require.NoError(t, err)
		require.Len(t, x.selects(), 1)
		require.Len(t, addrs, 6) // 0+1+2+0+1+2
		for _, a := range addrs {
			require.NotNil(t, a.User)
			require.Equal(t, a.UserID, a.User.ID)
			require.True(t, strings.HasPrefix(a.Email, a.User.Name+"-"))
		}
		require.Same(t, addrs[1].User, addrs[2].User, "u02's two addresses share one user object")

		// Addresses joined, their orders loaded select-in: two statements.
		s3 := orm.NewSession(x.Engine, orReg)
		defer s3.Close(x.ctx)
		x.reset()
		users, err := orm.Select[orUser](s3).OrderBy(orUsers.Table().C("id")).Options(orm.Joined("Addresses.Orders")).All(x.ctx)
		require.NoError(t, err)
		require.Len(t, x.selects(), 2, "%v", x.selects())
		require.Len(t, users[5].Addresses, 2)
		for j, a := range users[5].Addresses {
			require.True(t, s3.IsLoaded(a, "Orders"))
			require.Len(t, a.Orders, 1)
			require.Equal(t, int64(500+j), a.Orders[0].Total)
		}
	})
}

func TestJoinedLoadingWithLimitCountsObjectsNotRows(t *testing.T) {
	orEach(t, func(t *testing.T, x *omEnv, s *orm.Session) {
		seedJoined(t, x, s, 9)
		s2 := orm.NewSession(x.Engine, orReg)
		defer s2.Close(x.ctx)
		U := orUsers.Table()
		x.reset()
		// u08, u07, u06, u05: addresses 2, 1, 0, 2 -> 5 joined rows.
		users, err := orm.Select[orUser](s2).OrderBy(U.C("name").Desc()).Limit(4).Options(orm.Joined("Addresses")).All(x.ctx)
		require.NoError(t, err)
		require.Len(t, x.selects(), 1)
		require.Contains(t, x.selects()[0], "orm_parent", "the users are limited in a subquery")
		var names []string
		for _, u := range users {
			names = append(names, u.Name)
		}
		require.Equal(t, []string{"u08", "u07", "u06", "u05"}, names)
		require.Len(t, users[0].Addresses, 2)
		require.Len(t, users[2].Addresses, 0)
		require.Len(t, users[3].Addresses, 2)

		// Offset, and First (a limit of one) with a to-many join.
		users, err = orm.Select[orUser](s2).OrderBy(U.C("name")).Offset(2).Limit(2).Options(orm.Joined("Addresses")).All(x.ctx)
		require.NoError(t, err)
		require.Len(t, users, 2)
		require.Equal(t, "u02", users[0].Name)
		require.Len(t, users[0].Addresses, 2)
		first, err := orm.Select[orUser](s2).Where(U.C("name").Eq("u05")).Options(orm.Joined("Addresses")).First(x.ctx)
		require.NoError(t, err)
		require.Len(t, first.Addresses, 2, "First limits users, not joined rows")
		one, err := orm.Select[orUser](s2).Where(U.C("name").Eq("u08")).Options(orm.Joined("Addresses")).One(x.ctx)
		require.NoError(t, err, "One sees one user, not two rows")
		require.Len(t, one.Addresses, 2)
	})
}

func TestJoinedLoadingOfASelfReferentialAndAManyToMany(t *testing.T) {
	orEachOn(t, onMD, onReg, func(t *testing.T, x *omEnv, s *orm.Session) {
		root := &onNode{Name: "root", Children: []*onNode{{Name: "a"}, {Name: "b"}}}
		require.NoError(t, s.Add(root))
		require.NoError(t, s.Commit(x.ctx))
		s2 := orm.NewSession(x.Engine, onReg)
		defer s2.Close(x.ctx)
		N := onNodes.Table()
		x.reset()
		got, err := orm.Select[onNode](s2).Where(N.C("name").Eq("root")).Options(orm.Joined("Children")).One(x.ctx)
		require.NoError(t, err)
		require.Len(t, x.selects(), 1, "a table joined to itself through an alias")
		require.Len(t, got.Children, 2)
		require.Equal(t, "a", got.Children[0].Name)
		require.Same(t, got, got.Children[1].Parent)
	})
	orEachOn(t, mmMD, mmReg, func(t *testing.T, x *omEnv, s *orm.Session) {
		sqlTag := &omTag{Name: "sql"}
		require.NoError(t, s.AddAll(
			&omPost{Title: "p1", Tags: []*omTag{{Name: "go"}, sqlTag}},
			&omPost{Title: "p2", Tags: []*omTag{sqlTag}},
			&omPost{Title: "p3"}))
		require.NoError(t, s.Commit(x.ctx))
		s2 := orm.NewSession(x.Engine, mmReg)
		defer s2.Close(x.ctx)
		x.reset()
		posts, err := orm.Select[omPost](s2).OrderBy(mmPosts.Table().C("title")).Options(orm.Joined("Tags")).All(x.ctx)
		require.NoError(t, err)
		require.Len(t, x.selects(), 1)
		require.Len(t, posts, 3)
		require.Len(t, posts[0].Tags, 2)
		require.Len(t, posts[1].Tags, 1)
		require.Len(t, posts[2].Tags, 0)
		require.Same(t, posts[0].Tags[1], posts[1].Tags[0], "one object per tag row")
	})
}

func TestJoinedLoadingKeepsUnsavedChangesAndRefreshesExpiredObjects(t *testing.T) {
	orEach(t, func(t *testing.T, x *omEnv, s *orm.Session) {
		seedJoined(t, x, s, 3)
		s2 := orm.NewSession(x.Engine, orReg, orm.NoAutoflush())
		defer s2.Close(x.ctx)
		U := orUsers.Table()
		u, err := orm.Select[orUser](s2).Where(U.C("name").Eq("u02")).One(x.ctx)
		require.NoError(t, err)
		u.Name = "changed, not flushed"
		got, err := orm.Select[orUser](s2).Where(U.C("id").Eq(u.ID)).Options(orm.Joined("Addresses")).One(x.ctx)
		require.NoError(t, err)
		require.Same(t, u, got)
		require.Equal(t, "changed, not flushed", got.Name, "a query does not overwrite what the user changed")
		require.Len(t, got.Addresses, 2)

		// An expired object is refreshed in place by the joined query.
		_, err = x.Engine.Exec(x.ctx, core.Update(U).Values(core.Values{U.C("name"): "renamed"}).Where(U.C("id").Eq(u.ID)))
		require.NoError(t, err)
		require.NoError(t, s2.Expire(u))
		got, err = orm.Select[orUser](s2).Where(U.C("id").Eq(u.ID)).Options(orm.Joined("Addresses")).One(x.ctx)
		require.NoError(t, err)
		require.Same(t, u, got)
		require.Equal(t, "renamed", u.Name)

		// Raise after Joined passes: the relationship is loaded.
		_, err = orm.Select[orUser](s2).Options(orm.Joined("Addresses"), orm.Raise("Addresses")).All(x.ctx)
		require.NoError(t, err)
	})
}

func TestSelectPairsGivesTwoObjectsPerRowThroughTheIdentityMap(t *testing.T) {
	orEach(t, func(t *testing.T, x *omEnv, s *orm.Session) {
		seedJoined(t, x, s, 6)
		s2 := orm.NewSession(x.Engine, orReg)
		defer s2.Close(x.ctx)
		A := orAddrs.Table()
		x.reset()
		pairs, err := orm.SelectPairs[orUser, orAddr](s2).Join("Addresses").
			Where(A.C("email").Like("%-1@x")).OrderBy(A.C("email")).All(x.ctx)
		require.NoError(t, err)
		require.Len(t, x.selects(), 1)
		require.Len(t, pairs, 2) // u02-1, u05-1
		for i, want := range []string{"u02", "u05"} {
			require.Equal(t, want, pairs[i].A.Name)
			require.Equal(t, want+"-1@x", pairs[i].B.Email)
			require.Equal(t, pairs[i].A.ID, pairs[i].B.UserID)
			require.Equal(t, orm.Persistent, s2.StateOf(pairs[i].B))
		}

		all, err := orm.SelectPairs[orUser, orAddr](s2).Join("Addresses").OrderBy(A.C("email")).
			Columns(A.C("email")).All(x.ctx)
		require.NoError(t, err)
		require.Len(t, all, 6, "one pair per address; users without addresses drop out of the inner join")
		require.Same(t, all[1].A, all[2].A, "u01 has one address, u02 two: the second and third rows share u02")
		require.NotSame(t, all[1].B, all[2].B)
		require.Same(t, pairs[0].B, all[2].B, "the same row gives the same pointer across queries")
		require.Equal(t, all[3].B.Email, all[3].Values[0])

		_, err = orm.SelectPairs[orUser, orAddr](s2).All(x.ctx)
		require.ErrorContains(t, err, "needs a Join")
	})
}

func TestColumnsAddValuesBesideEachObject(t *testing.T) {
	orEach(t, func(t *testing.T, x *omEnv, s *orm.Session) {
		seedJoined(t, x, s, 5)
		s2 := orm.NewSession(x.Engine, orReg)
		defer s2.Close(x.ctx)
		U, A := orUsers.Table(), orAddrs.Table()
		count := core.ScalarSubquery[int64](core.Select(core.Count()).From(A).Where(A.C("user_id").EqExpr(U.C("id"))))
		rows, err := orm.Select[orUser](s2).OrderBy(U.C("name")).Columns(count.Label("n"), U.C("name")).All(x.ctx)
		require.NoError(t, err)
		require.Len(t, rows, 5)
		for i, r := range rows {
			require.Equal(t, fmt.Sprintf("u%02d", i), r.Obj.Name)
			require.Equal(t, []any{int64(i % 3), r.Obj.Name}, r.Values, "values typed by their SQL types")
		}
		// An object met again is the one the session holds.
		u, err := orm.Select[orUser](s2).Where(U.C("name").Eq("u03")).One(x.ctx)
		require.NoError(t, err)
		require.Same(t, u, rows[3].Obj)

		_, err = orm.Select[orUser](s2).Options(orm.SelectIn("Addresses")).Columns(count).All(x.ctx)
		require.ErrorContains(t, err, "apply to queries of objects alone")
	})
}
