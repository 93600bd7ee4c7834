package tests

// Behaviour tests of ORM relationships: save-update cascade, foreign key
// synchronisation at flush, select-in loading and explicit loading, on
// every dialect.

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/internal/testdb"
	"github.com/retort-go/retort/orm"
)

type orUser struct {
	ID        int64     `db:"id,pk"`
	Name      string    `db:"name,size=30"`
	Addresses []*orAddr `db:"-"`
}

type orAddr struct {
	ID     int64      `db:"id,pk"`
	UserID int64      `db:"user_id,fk=or_user.id"`
	Email  string     `db:"email,size=60"`
	User   *orUser    `db:"-"`
	Orders []*orOrder `db:"-"`
}

type orOrder struct {
	ID     int64 `db:"id,pk"`
	AddrID int64 `db:"addr_id,fk=or_addr.id"`
	Total  int64 `db:"total"`
}

var (
	orMD  = core.NewMetaData()
	orReg = orm.NewRegistry()
	// The relationship fields are named as options; db:"-" keeps them
	// out of the declarative tables.
	orUsers  = orm.Model[orUser](orReg, orMD, "or_user", orm.HasMany("Addresses"))
	orAddrs  = orm.Model[orAddr](orReg, orMD, "or_addr", orm.BelongsTo("User"), orm.HasMany("Orders"))
	orOrders = orm.Model[orOrder](orReg, orMD, "or_order")
)

// orEach runs fn on every dialect with the or_ schema (see orEachOn).
func orEach(t *testing.T, fn func(t *testing.T, x *omEnv, s *orm.Session)) {
	t.Helper()
	orEachOn(t, orMD, orReg, fn)
}

// selects returns the SELECT statements sent.
func (x *omEnv) selects() []string {
	var out []string
	for _, s := range x.sent() {
		if strings.HasPrefix(s, "SELECT") {
			out = append(out, s)
		}
	}
	return out
}

func TestAddingAParentAddsItsChildrenAndGivesThemItsKey(t *testing.T) {
	orEach(t, func(t *testing.T, x *omEnv, s *orm.Session) {
		u := &orUser{Name: "spongebob", Addresses: []*orAddr{{Email: "sb@sea"}, {Email: "sb@krusty"}}}
		require.NoError(t, s.Add(u))
		x.reset()
		require.NoError(t, s.Commit(x.ctx))
		require.NotZero(t, u.ID)
		for _, a := range u.Addresses {
			require.Equal(t, orm.Persistent, s.StateOf(a), "save-update cascade")
			require.NotZero(t, a.ID)
			require.Equal(t, u.ID, a.UserID, "the parent's generated key is copied into the child")
		}
		w := x.writes()
		require.True(t, strings.HasPrefix(w[0], "INSERT INTO or_user"), "the parent first: %v", w)
		n, err := engine.Scalar[int64](x.ctx, x.Engine, core.Select(core.Count()).From(orAddrs.Table()).Where(orAddrs.Table().C("user_id").Eq(u.ID)))
		require.NoError(t, err)
		require.Equal(t, int64(2), n)
	})
}

func TestAChildAddedAloneBringsItsParent(t *testing.T) {
	orEach(t, func(t *testing.T, x *omEnv, s *orm.Session) {
		a := &orAddr{Email: "patrick@rock", User: &orUser{Name: "patrick"}}
		require.NoError(t, s.Add(a))
		require.NoError(t, s.Commit(x.ctx))
		require.Equal(t, orm.Persistent, s.StateOf(a.User))
		require.NotZero(t, a.User.ID)
		require.Equal(t, a.User.ID, a.UserID)
	})
}

func TestMovingAChildToAnotherParentUpdatesItsForeignKey(t *testing.T) {
	orEach(t, func(t *testing.T, x *omEnv, s *orm.Session) {
		a := &orAddr{Email: "shared@sea"}
		u1 := &orUser{Name: "one", Addresses: []*orAddr{a}}
		u2 := &orUser{Name: "two"}
		require.NoError(t, s.AddAll(u1, u2))
		require.NoError(t, s.Commit(x.ctx))
		require.Equal(t, u1.ID, a.UserID)

		u1.Addresses = nil
		u2.Addresses = append(u2.Addresses, a)
		x.reset()
		require.NoError(t, s.Commit(x.ctx))
		require.Equal(t, u2.ID, a.UserID)
		w := x.writes()
		require.Len(t, w, 1)
		require.Contains(t, w[0], "UPDATE or_addr SET user_id")
	})
}

func TestSelectInLoadsHundredUsersWithAddressesAndOrdersInThreeStatements(t *testing.T) {
	orEach(t, func(t *testing.T, x *omEnv, s *orm.Session) {
		for i := range 100 {
			u := &orUser{Name: fmt.Sprintf("u%03d", i)}
			for j := range 2 {
				u.Addresses = append(u.Addresses, &orAddr{Email: fmt.Sprintf("u%03d-%d@x", i, j), Orders: []*orOrder{{Total: int64(i*10 + j)}}})
			}
			require.NoError(t, s.Add(u))
		}
		require.NoError(t, s.Commit(x.ctx))
		require.NoError(t, s.Close(x.ctx))

		s2 := orm.NewSession(x.Engine, orReg)
		defer s2.Close(x.ctx)
		x.reset()
		users, err := orm.Select[orUser](s2).OrderBy(orUsers.Table().C("id")).Options(orm.SelectIn("Addresses.Orders")).All(x.ctx)
		require.NoError(t, err)
		require.Len(t, x.selects(), 3, "users, their addresses, their orders: %v", x.selects())
		require.Len(t, users, 100)
		for i, u := range users {
			require.True(t, s2.IsLoaded(u, "Addresses"))
			require.Len(t, u.Addresses, 2)
			for j, a := range u.Addresses {
				require.Equal(t, fmt.Sprintf("u%03d-%d@x", i, j), a.Email)
				require.True(t, s2.IsLoaded(a, "Orders"))
				require.Len(t, a.Orders, 1)
				require.Equal(t, int64(i*10+j), a.Orders[0].Total)
			}
		}
	})
}

func TestSelectInOfAManyToOneGivesTheIdentityMapsParent(t *testing.T) {
	orEach(t, func(t *testing.T, x *omEnv, s *orm.Session) {
		u := &orUser{Name: "sandy", Addresses: []*orAddr{{Email: "a@tree"}, {Email: "b@tree"}}}
		require.NoError(t, s.Add(u))
		require.NoError(t, s.Commit(x.ctx))

		got, err := orm.Get[orUser](x.ctx, s, u.ID)
		require.NoError(t, err)
		x.reset()
		addrs, err := orm.Select[orAddr](s).Options(orm.SelectIn("User")).All(x.ctx)
		require.NoError(t, err)
		require.Len(t, x.selects(), 2)
		require.Len(t, addrs, 2)
		for _, a := range addrs {
			require.Same(t, got, a.User)
		}
	})
}

func TestLoadFetchesARelationshipOfSeveralObjectsInOneStatement(t *testing.T) {
	orEach(t, func(t *testing.T, x *omEnv, s *orm.Session) {
		u1 := &orUser{Name: "mr krabs", Addresses: []*orAddr{{Email: "k@krusty"}}}
		u2 := &orUser{Name: "pearl"}
		require.NoError(t, s.AddAll(u1, u2))
		require.NoError(t, s.Commit(x.ctx))
		require.NoError(t, s.Close(x.ctx))

		s2 := orm.NewSession(x.Engine, orReg)
		defer s2.Close(x.ctx)
		us, err := orm.Select[orUser](s2).OrderBy(orUsers.Table().C("id")).All(x.ctx)
		require.NoError(t, err)
		require.False(t, s2.IsLoaded(us[0], "Addresses"))
		require.Nil(t, us[0].Addresses)
		x.reset()
		require.NoError(t, s2.Load(x.ctx, "Addresses", us[0], us[1]))
		require.Len(t, x.selects(), 1)
		require.Len(t, us[0].Addresses, 1)
		require.NotNil(t, us[1].Addresses, "loaded and empty is an empty slice")
		require.Empty(t, us[1].Addresses)
		require.ErrorContains(t, s2.Load(x.ctx, "Nope", us[0]), `has no relationship "Nope"`)
	})
}

func TestRelationshipMappingErrors(t *testing.T) {
	reg := orm.NewRegistry()
	md := core.NewMetaData()
	type badParent struct {
		ID   int64  `db:"id,pk"`
		Kids string `db:"-"`
	}
	_, err := orm.DefineModel[badParent](reg, md, "bad_parent", orm.HasMany("Kids"))
	var me *orm.MappingError
	require.ErrorAs(t, err, &me)
	require.Equal(t, "Kids", me.Field)
	require.Contains(t, err.Error(), "HasMany needs a []*Struct field")

	type lonely struct {
		ID     int64     `db:"id,pk"`
		Others []*orUser `db:"-"`
	}
	orm.Model[lonely](reg, md, "lonely", orm.HasMany("Others"))
	s := orm.NewSession(nil, reg)
	err = s.Add(&lonely{})
	require.NoError(t, err)
	err = s.Flush(context.Background())
	require.ErrorAs(t, err, &me)
	require.Contains(t, err.Error(), "is not mapped in the registry")
}

// The cascade schema: kids go with their parent and when orphaned; pets
// (nullable key) are let go; toys are left to the database's ON DELETE
// CASCADE (passive deletes).

type ocParent struct {
	ID   int64    `db:"id,pk"`
	Name string   `db:"name,size=20"`
	Kids []*ocKid `db:"-"`
	Pets []*ocPet `db:"-"`
	Toys []*ocToy `db:"-"`
}

type ocKid struct {
	ID       int64  `db:"id,pk"`
	ParentID int64  `db:"parent_id,fk=oc_parent.id"`
	Name     string `db:"name,size=20"`
}

type ocPet struct {
	ID       int64           `db:"id,pk"`
	ParentID sql.Null[int64] `db:"parent_id,fk=oc_parent.id"`
	Name     string          `db:"name,size=20"`
}

type ocToy struct {
	ID       int64  `db:"id,pk"`
	ParentID int64  `db:"parent_id,fk=oc_parent.id,ondelete=cascade"`
	Name     string `db:"name,size=20"`
}

var (
	ocMD      = core.NewMetaData()
	ocReg     = orm.NewRegistry()
	ocParents = orm.Model[ocParent](ocReg, ocMD, "oc_parent",
		orm.HasMany("Kids").Cascade(orm.CascadeDelete, orm.CascadeDeleteOrphan),
		orm.HasMany("Pets"),
		orm.HasMany("Toys").Cascade(orm.CascadeDelete).PassiveDeletes())
	ocKids = orm.Model[ocKid](ocReg, ocMD, "oc_kid")
	ocPets = orm.Model[ocPet](ocReg, ocMD, "oc_pet")
	ocToys = orm.Model[ocToy](ocReg, ocMD, "oc_toy")
)

// ocEach runs fn on every dialect with a parent holding two kids, a pet
// and two toys committed, and a fresh session to work in.
func ocEach(t *testing.T, fn func(t *testing.T, x *omEnv, s *orm.Session)) {
	t.Helper()
	orEachOn(t, ocMD, ocReg, func(t *testing.T, x *omEnv, s *orm.Session) {
		p := &ocParent{Name: "mom",
			Kids: []*ocKid{{Name: "k1"}, {Name: "k2"}},
			Pets: []*ocPet{{Name: "cat"}},
			Toys: []*ocToy{{Name: "ball"}, {Name: "kite"}}}
		require.NoError(t, s.Add(p))
		require.NoError(t, s.Commit(x.ctx))
		require.NoError(t, s.Close(x.ctx))
		s2 := orm.NewSession(x.Engine, ocReg)
		t.Cleanup(func() { _ = s2.Close(context.Background()) })
		x.reset()
		fn(t, x, s2)
	})
}

func ocCount(t *testing.T, x *omEnv, m *orm.Mapper) int64 {
	t.Helper()
	n, err := engine.Scalar[int64](x.ctx, x.Engine, core.Select(core.Count()).From(m.Table()))
	require.NoError(t, err)
	return n
}

func TestDeletingAParentCascadesLetsGoAndLeavesPassiveChildrenToTheDatabase(t *testing.T) {
	ocEach(t, func(t *testing.T, x *omEnv, s *orm.Session) {
		p, err := orm.Get[ocParent](x.ctx, s, 1)
		require.NoError(t, err)
		require.NoError(t, s.Load(x.ctx, "Pets", p)) // pets are let go only when loaded
		require.NoError(t, s.Delete(p))
		x.reset()
		require.NoError(t, s.Commit(x.ctx))
		writes, selects := x.writes(), x.selects()

		require.Zero(t, ocCount(t, x, ocParents))
		require.Zero(t, ocCount(t, x, ocKids), "the kids were loaded and deleted")
		require.Zero(t, ocCount(t, x, ocToys), "the toys went with ON DELETE CASCADE")
		require.Equal(t, int64(1), ocCount(t, x, ocPets), "the pet stays")
		pid, err := engine.Scalar[sql.Null[int64]](x.ctx, x.Engine, core.Select(ocPets.Table().C("parent_id")).From(ocPets.Table()))
		require.NoError(t, err)
		require.False(t, pid.Valid, "with its key set to NULL")

		var deletesToys bool
		for _, w := range writes {
			deletesToys = deletesToys || strings.HasPrefix(w, "DELETE FROM oc_toy")
		}
		require.False(t, deletesToys, "passive deletes: the toys were neither loaded nor deleted by the ORM")
		for _, q := range selects {
			require.NotContains(t, q, "FROM oc_toy")
		}
	})
}

func TestRemovingChildrenFromTheSliceDeletesOrphansOrLetsThemGo(t *testing.T) {
	ocEach(t, func(t *testing.T, x *omEnv, s *orm.Session) {
		p, err := orm.Select[ocParent](s).Options(orm.SelectIn("Kids"), orm.SelectIn("Pets")).One(x.ctx)
		require.NoError(t, err)
		require.Len(t, p.Kids, 2)
		gone := p.Kids[0]
		p.Kids = p.Kids[1:]
		p.Pets = nil
		require.NoError(t, s.Commit(x.ctx))
		require.Equal(t, orm.Detached, s.StateOf(gone), "delete-orphan deleted the kid")
		require.Equal(t, int64(1), ocCount(t, x, ocKids))
		require.Equal(t, int64(1), ocCount(t, x, ocPets))
		pid, err := engine.Scalar[sql.Null[int64]](x.ctx, x.Engine, core.Select(ocPets.Table().C("parent_id")).From(ocPets.Table()))
		require.NoError(t, err)
		require.False(t, pid.Valid, "the pet left the slice: its key is NULL")
	})
}

func TestLettingGoOfAChildWhoseKeyCannotBeNullIsAnError(t *testing.T) {
	ocEach(t, func(t *testing.T, x *omEnv, s *orm.Session) {
		p, err := orm.Select[ocParent](s).Options(orm.SelectIn("Toys")).One(x.ctx)
		require.NoError(t, err)
		p.Toys = p.Toys[:1]
		err = s.Flush(x.ctx)
		require.ErrorContains(t, err, "its foreign key parent_id cannot be NULL")
		require.NoError(t, s.Rollback(x.ctx))
		require.Equal(t, int64(2), ocCount(t, x, ocToys))
	})
}

// A self-referential table: an adjacency list of nodes.
type onNode struct {
	ID       int64           `db:"id,pk"`
	ParentID sql.Null[int64] `db:"parent_id,fk=on_node.id"`
	Name     string          `db:"name,size=20"`
	Children []*onNode       `db:"-"`
	Parent   *onNode         `db:"-"`
}

var (
	onMD    = core.NewMetaData()
	onReg   = orm.NewRegistry()
	onNodes = orm.Model[onNode](onReg, onMD, "on_node",
		orm.HasMany("Children").BackPopulates("Parent").Cascade(orm.CascadeDelete),
		orm.BelongsTo("Parent").BackPopulates("Children"))
)

func TestATreeOfNewNodesIsInsertedParentsFirstAndDeletedLeavesFirst(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		require.NoError(t, db.Engine.CreateAll(ctx, onMD))
		s := orm.NewSession(db.Engine, onReg)
		defer s.Close(ctx)
		leaf := &onNode{Name: "leaf"}
		root := &onNode{Name: "root", Children: []*onNode{
			{Name: "a", Children: []*onNode{leaf, {Name: "leaf2"}}},
			{Name: "b"},
		}}
		require.NoError(t, s.Add(leaf)) // added before its parents
		require.NoError(t, s.Add(root))
		require.NoError(t, s.Commit(ctx))
		a := root.Children[0]
		require.False(t, root.ParentID.Valid)
		require.Equal(t, root.ID, a.ParentID.V)
		require.Equal(t, a.ID, leaf.ParentID.V)
		require.Same(t, a, leaf.Parent, "back-populated")
		N := onNodes.Table()
		n, err := engine.Scalar[int64](ctx, db.Engine, core.Select(core.Count()).From(N).Where(N.C("parent_id").Eq(a.ID)))
		require.NoError(t, err)
		require.Equal(t, int64(2), n)

		// A new branch under a persistent node, then the whole tree goes.
		a.Children = append(a.Children, &onNode{Name: "leaf3", Children: []*onNode{{Name: "deep"}}})
		require.NoError(t, s.Commit(ctx))
		require.NoError(t, s.Delete(root))
		require.NoError(t, s.Commit(ctx))
		n, err = engine.Scalar[int64](ctx, db.Engine, core.Select(core.Count()).From(N))
		require.NoError(t, err)
		require.Zero(t, n, "every node went with the root, children first")
	})
}

// Many-to-many: posts and tags through post_tag.
type omPost struct {
	ID    int64    `db:"id,pk"`
	Title string   `db:"title,size=40"`
	Tags  []*omTag `db:"-"`
}

type omTag struct {
	ID   int64  `db:"id,pk"`
	Name string `db:"name,size=20"`
}

type omPostTagTable struct {
	core.Table
	PostID core.Column[int64] `db:"post_id,pk,fk=mm_post.id"`
	TagID  core.Column[int64] `db:"tag_id,pk,fk=mm_tag.id"`
}

var (
	mmMD       = core.NewMetaData()
	mmReg      = orm.NewRegistry()
	mmPosts    = orm.Model[omPost](mmReg, mmMD, "mm_post", orm.ManyToMany("Tags", &mmPostTags.Table))
	mmTags     = orm.Model[omTag](mmReg, mmMD, "mm_tag")
	mmPostTags = core.NewTable[omPostTagTable](mmMD, "mm_post_tag")
)

func TestManyToManyLinksLoadsAndUnlinksThroughTheSecondaryTable(t *testing.T) {
	orEachOn(t, mmMD, mmReg, func(t *testing.T, x *omEnv, s *orm.Session) {
		goTag, sqlTag, ormTag := &omTag{Name: "go"}, &omTag{Name: "sql"}, &omTag{Name: "orm"}
		p1 := &omPost{Title: "retort", Tags: []*omTag{goTag, sqlTag}}
		p2 := &omPost{Title: "sqlalchemy", Tags: []*omTag{sqlTag, ormTag}}
		require.NoError(t, s.AddAll(p1, p2))
		require.NoError(t, s.Commit(x.ctx))
		require.Equal(t, orm.Persistent, s.StateOf(ormTag), "tags come with their posts")
		links := func() int64 {
			n, err := engine.Scalar[int64](x.ctx, x.Engine, core.Select(core.Count()).From(mmPostTags))
			require.NoError(t, err)
			return n
		}
		require.Equal(t, int64(4), links())

		s2 := orm.NewSession(x.Engine, mmReg)
		defer s2.Close(x.ctx)
		x.reset()
		posts, err := orm.Select[omPost](s2).OrderBy(mmPosts.Table().C("id")).Options(orm.SelectIn("Tags")).All(x.ctx)
		require.NoError(t, err)
		require.Len(t, x.selects(), 2, "posts, then tags joined to post_tag")
		names := func(p *omPost) []string {
			var out []string
			for _, tg := range p.Tags {
				out = append(out, tg.Name)
			}
			return out
		}
		require.Equal(t, []string{"go", "sql"}, names(posts[0]))
		require.Equal(t, []string{"sql", "orm"}, names(posts[1]))
		require.Same(t, posts[0].Tags[1], posts[1].Tags[0], "one object per tag row")

		// Unlink sql from the first post, link a new tag, delete the second post.
		posts[0].Tags = []*omTag{posts[0].Tags[0], {Name: "new"}}
		require.NoError(t, s2.Delete(posts[1]))
		require.NoError(t, s2.Commit(x.ctx))
		require.Equal(t, int64(2), links(), "go and new on the first post; the second post's rows went with it")
		n, err := engine.Scalar[int64](x.ctx, x.Engine, core.Select(core.Count()).From(mmTags.Table()))
		require.NoError(t, err)
		require.Equal(t, int64(4), n, "tags are not deleted with the link")
	})
}

// orEachOn runs fn on every dialect with md created and a session of reg.
func orEachOn(t *testing.T, md *core.MetaData, reg *orm.Registry, fn func(t *testing.T, x *omEnv, s *orm.Session)) {
	t.Helper()
	var cur *omEnv
	hooks := engine.Hooks{BeforeExecute: func(_ context.Context, e *engine.Execution) {
		if x := cur; x != nil {
			x.mu.Lock()
			x.log = append(x.log, e.SQL)
			x.mu.Unlock()
		}
	}}
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		x := &omEnv{DB: db, ctx: context.Background(), t: t}
		require.NoError(t, db.Engine.CreateAll(x.ctx, md))
		cur = x
		defer func() { cur = nil }()
		s := orm.NewSession(db.Engine, reg)
		t.Cleanup(func() { _ = s.Close(context.Background()) })
		fn(t, x, s)
	}, engine.WithHooks(hooks))
}

func TestRaiseFailsAQueryThatDidNotLoadTheRelationship(t *testing.T) {
	orEach(t, func(t *testing.T, x *omEnv, s *orm.Session) {
		require.NoError(t, s.Add(&orUser{Name: "raiser", Addresses: []*orAddr{{Email: "r@x"}}}))
		require.NoError(t, s.Commit(x.ctx))
		s2 := orm.NewSession(x.Engine, orReg)
		defer s2.Close(x.ctx)
		_, err := orm.Select[orUser](s2).Options(orm.Raise("Addresses")).All(x.ctx)
		require.ErrorIs(t, err, orm.ErrNotLoaded)
		us, err := orm.Select[orUser](s2).Options(orm.SelectIn("Addresses"), orm.Raise("Addresses")).All(x.ctx)
		require.NoError(t, err)
		require.Len(t, us[0].Addresses, 1)
		_, err = orm.Select[orUser](s2).Options(orm.SelectIn("Addresses"), orm.Raise("Addresses.Orders")).All(x.ctx)
		require.ErrorIs(t, err, orm.ErrNotLoaded, "the second level was not loaded")
	})
}

func TestIterLoadAndMergeGoThroughTheIdentityMap(t *testing.T) {
	orEach(t, func(t *testing.T, x *omEnv, s *orm.Session) {
		for i := range 5 {
			require.NoError(t, s.Add(&orUser{Name: fmt.Sprintf("it%d", i)}))
		}
		require.NoError(t, s.Commit(x.ctx))
		s2 := orm.NewSession(x.Engine, orReg)
		defer s2.Close(x.ctx)
		U := orUsers.Table()

		first, err := orm.Get[orUser](x.ctx, s2, 1)
		require.NoError(t, err)
		var seen []*orUser
		for u, err := range orm.Select[orUser](s2).OrderBy(U.C("id")).Iter(x.ctx) {
			require.NoError(t, err)
			seen = append(seen, u)
		}
		require.Len(t, seen, 5)
		require.Same(t, first, seen[0])

		loaded, err := orm.Load[orUser](x.ctx, s2, core.Text("SELECT name, id, 42 AS extra FROM or_user WHERE name = :n").Bind("n", "it3"))
		require.NoError(t, err)
		require.Len(t, loaded, 1)
		require.Same(t, seen[3], loaded[0], "Load finds the held object")
		_, err = orm.Load[orUser](x.ctx, s2, core.Text("SELECT id FROM or_user"))
		require.ErrorContains(t, err, `the result has no column "name"`)

		// Merge a detached copy with a change: the held object takes it.
		outside := &orUser{ID: seen[2].ID, Name: "renamed"}
		merged, err := orm.Merge(x.ctx, s2, outside)
		require.NoError(t, err)
		require.Same(t, seen[2], merged)
		require.Equal(t, "renamed", merged.Name)
		require.Equal(t, orm.Transient, s2.StateOf(outside), "the argument is not attached")
		// A key no row has: a new pending copy.
		fresh, err := orm.Merge(x.ctx, s2, &orUser{ID: 1000, Name: "newcomer"})
		require.NoError(t, err)
		require.Equal(t, orm.Pending, s2.StateOf(fresh))
		require.NoError(t, s2.Commit(x.ctx))
		name, err := engine.Scalar[string](x.ctx, x.Engine, core.Select(U.C("name")).Where(U.C("id").Eq(seen[2].ID)))
		require.NoError(t, err)
		require.Equal(t, "renamed", name)
		n, err := engine.Scalar[int64](x.ctx, x.Engine, core.Select(core.Count()).From(U))
		require.NoError(t, err)
		require.Equal(t, int64(6), n)
	})
}

func TestJoinAlongARelationshipFiltersByTheRelatedTable(t *testing.T) {
	orEach(t, func(t *testing.T, x *omEnv, s *orm.Session) {
		require.NoError(t, s.AddAll(
			&orUser{Name: "sea", Addresses: []*orAddr{{Email: "a@sea", Orders: []*orOrder{{Total: 5}}}, {Email: "b@sea"}}},
			&orUser{Name: "land", Addresses: []*orAddr{{Email: "c@land", Orders: []*orOrder{{Total: 50}}}}}))
		require.NoError(t, s.Commit(x.ctx))
		A, U := orAddrs.Table(), orUsers.Table()

		us, err := orm.Select[orUser](s).Join("Addresses").Where(A.C("email").Like("%@sea")).OrderBy(U.C("id")).All(x.ctx)
		require.NoError(t, err)
		require.Len(t, us, 2, "one row per matching address")
		require.Same(t, us[0], us[1])
		require.Equal(t, "sea", us[0].Name)

		n, err := orm.Select[orUser](s).Join("Addresses").Where(A.C("email").Eq("c@land")).Count(x.ctx)
		require.NoError(t, err)
		require.Equal(t, int64(1), n)

		// Two levels, and the many-to-one direction.
		O := orOrders.Table()
		rich, err := orm.Select[orAddr](s).Join("Orders").Where(O.C("total").Gt(int64(10))).One(x.ctx)
		require.NoError(t, err)
		require.Equal(t, "c@land", rich.Email)
		owners, err := orm.Select[orAddr](s).Join("User").Where(U.C("name").Eq("sea")).OrderBy(A.C("id")).All(x.ctx)
		require.NoError(t, err)
		require.Len(t, owners, 2)
		_, err = orm.Select[orUser](s).Join("Nope").All(x.ctx)
		require.ErrorContains(t, err, `no relationship "Nope" to join`)
	})
}

func TestJoinThroughAManyToMany(t *testing.T) {
	orEachOn(t, mmMD, mmReg, func(t *testing.T, x *omEnv, s *orm.Session) {
		require.NoError(t, s.AddAll(
			&omPost{Title: "a", Tags: []*omTag{{Name: "go"}}},
			&omPost{Title: "b", Tags: []*omTag{{Name: "sql"}}}))
		require.NoError(t, s.Commit(x.ctx))
		ps, err := orm.Select[omPost](s).Join("Tags").Where(mmTags.Table().C("name").Eq("sql")).All(x.ctx)
		require.NoError(t, err)
		require.Len(t, ps, 1)
		require.Equal(t, "b", ps[0].Title)
	})
}

// One-to-one: an account has at most one profile.
type ooAccount struct {
	ID      int64      `db:"id,pk"`
	Name    string     `db:"name,size=20"`
	Profile *ooProfile `db:"-"`
}

type ooProfile struct {
	ID        int64      `db:"id,pk"`
	AccountID int64      `db:"account_id,fk=oo_account.id"`
	Bio       string     `db:"bio,size=60"`
	Account   *ooAccount `db:"-"`
}

var (
	ooMD       = core.NewMetaData()
	ooReg      = orm.NewRegistry()
	ooAccounts = orm.Model[ooAccount](ooReg, ooMD, "oo_account",
		orm.HasOne("Profile").BackPopulates("Account").Cascade(orm.CascadeDelete, orm.CascadeDeleteOrphan))
	ooProfiles = orm.Model[ooProfile](ooReg, ooMD, "oo_profile", orm.BelongsTo("Account").BackPopulates("Profile"))
)

func TestHasOneKeepsOneChildAndLoadsIt(t *testing.T) {
	orEachOn(t, ooMD, ooReg, func(t *testing.T, x *omEnv, s *orm.Session) {
		a := &ooAccount{Name: "squidward", Profile: &ooProfile{Bio: "clarinet"}}
		b := &ooAccount{Name: "plankton"}
		require.NoError(t, s.AddAll(a, b))
		require.NoError(t, s.Commit(x.ctx))
		require.Equal(t, a.ID, a.Profile.AccountID)
		require.Same(t, a, a.Profile.Account)

		s2 := orm.NewSession(x.Engine, ooReg)
		defer s2.Close(x.ctx)
		accts, err := orm.Select[ooAccount](s2).OrderBy(ooAccounts.Table().C("id")).Options(orm.SelectIn("Profile")).All(x.ctx)
		require.NoError(t, err)
		require.Equal(t, "clarinet", accts[0].Profile.Bio)
		require.Same(t, accts[0], accts[0].Profile.Account)
		require.Nil(t, accts[1].Profile)
		require.True(t, s2.IsLoaded(accts[1], "Profile"))

		// Replacing the profile deletes the orphaned one.
		accts[0].Profile = &ooProfile{Bio: "art"}
		require.NoError(t, s2.Commit(x.ctx))
		bios, err := engine.Scalars[string](x.ctx, x.Engine, core.Select(ooProfiles.Table().C("bio")))
		require.NoError(t, err)
		require.Equal(t, []string{"art"}, bios)
	})
}

// An association object: a membership row with its own data links a
// person and a club; its key is the two foreign keys.
type asPerson struct {
	ID          int64           `db:"id,pk"`
	Name        string          `db:"name,size=20"`
	Memberships []*asMembership `db:"-"`
}

type asClub struct {
	ID   int64  `db:"id,pk"`
	Name string `db:"name,size=20"`
}

type asMembership struct {
	PersonID int64     `db:"person_id,pk,fk=as_person.id"`
	ClubID   int64     `db:"club_id,pk,fk=as_club.id"`
	Role     string    `db:"role,size=20"`
	Person   *asPerson `db:"-"`
	Club     *asClub   `db:"-"`
}

var (
	asMD      = core.NewMetaData()
	asReg     = orm.NewRegistry()
	asPersons = orm.Model[asPerson](asReg, asMD, "as_person",
		orm.HasMany("Memberships").BackPopulates("Person").Cascade(orm.CascadeDelete, orm.CascadeDeleteOrphan))
	asClubs       = orm.Model[asClub](asReg, asMD, "as_club")
	asMemberships = orm.Model[asMembership](asReg, asMD, "as_membership",
		orm.BelongsTo("Person").BackPopulates("Memberships"), orm.BelongsTo("Club"))
)

func TestAnAssociationObjectLinksTwoTablesWithItsOwnData(t *testing.T) {
	orEachOn(t, asMD, asReg, func(t *testing.T, x *omEnv, s *orm.Session) {
		chess, sail := &asClub{Name: "chess"}, &asClub{Name: "sailing"}
		p := &asPerson{Name: "sandy", Memberships: []*asMembership{
			{Club: chess, Role: "captain"}, {Club: sail, Role: "member"}}}
		require.NoError(t, s.Add(p))
		require.NoError(t, s.Commit(x.ctx))
		for _, m := range p.Memberships {
			require.Equal(t, p.ID, m.PersonID)
			require.Equal(t, m.Club.ID, m.ClubID, "both keys come from the parents")
		}

		s2 := orm.NewSession(x.Engine, asReg)
		defer s2.Close(x.ctx)
		got, err := orm.Select[asPerson](s2).Options(orm.SelectIn("Memberships.Club")).One(x.ctx)
		require.NoError(t, err)
		require.Len(t, got.Memberships, 2)
		roles := map[string]string{}
		for _, m := range got.Memberships {
			roles[m.Club.Name] = m.Role
			require.Same(t, got, m.Person)
		}
		require.Equal(t, map[string]string{"chess": "captain", "sailing": "member"}, roles)

		// Change a role (composite key UPDATE), drop a membership (orphan).
		var keep *asMembership
		for _, m := range got.Memberships {
			if m.Club.Name == "chess" {
				keep = m
			}
		}
		keep.Role = "member"
		got.Memberships = []*asMembership{keep}
		require.NoError(t, s2.Commit(x.ctx))
		rows, err := engine.Scalars[string](x.ctx, x.Engine, core.Select(asMemberships.Table().C("role")))
		require.NoError(t, err)
		require.Equal(t, []string{"member"}, rows)
		m, err := orm.Get[asMembership](x.ctx, s2, got.ID, keep.ClubID)
		require.NoError(t, err)
		require.Same(t, keep, m, "Get by a composite key")
	})
}

// Back-populated pairs without orphan deletion: a child let go keeps its
// row with a NULL key; a child moved to another parent is in one slice.
type bpTeam struct {
	ID      int64       `db:"id,pk"`
	Name    string      `db:"name,size=20"`
	Players []*bpPlayer `db:"-"`
}

type bpPlayer struct {
	ID     int64           `db:"id,pk"`
	TeamID sql.Null[int64] `db:"team_id,fk=bp_team.id"`
	Name   string          `db:"name,size=20"`
	Team   *bpTeam         `db:"-"`
}

var (
	bpMD      = core.NewMetaData()
	bpReg     = orm.NewRegistry()
	bpTeams   = orm.Model[bpTeam](bpReg, bpMD, "bp_team", orm.HasMany("Players").BackPopulates("Team"))
	bpPlayers = orm.Model[bpPlayer](bpReg, bpMD, "bp_player", orm.BelongsTo("Team").BackPopulates("Players"))
)

func TestBackPopulatedChildrenLetGoOrMovedEndUpInOneSlice(t *testing.T) {
	orEachOn(t, bpMD, bpReg, func(t *testing.T, x *omEnv, s *orm.Session) {
		a := &bpTeam{Name: "a", Players: []*bpPlayer{{Name: "p1"}, {Name: "p2"}, {Name: "p3"}}}
		b := &bpTeam{Name: "b"}
		require.NoError(t, s.AddAll(a, b))
		require.NoError(t, s.Commit(x.ctx))
		p1, p2, p3 := a.Players[0], a.Players[1], a.Players[2]

		a.Players = []*bpPlayer{p3} // p1 let go, p2 moved
		b.Players = append(b.Players, p2)
		require.NoError(t, s.Commit(x.ctx))
		require.False(t, p1.TeamID.Valid, "let go: NULL key")
		require.Nil(t, p1.Team, "and no pointer back")
		require.Equal(t, b.ID, p2.TeamID.V)
		require.Same(t, b, p2.Team)
		require.Equal(t, []*bpPlayer{p3}, a.Players, "nothing came back into the old slice")
		require.Equal(t, []*bpPlayer{p2}, b.Players)

		require.NoError(t, s.Commit(x.ctx)) // a second flush changes nothing
		P := bpPlayers.Table()
		n, err := engine.Scalar[int64](x.ctx, x.Engine, core.Select(core.Count()).From(P).Where(P.C("team_id").IsNull()))
		require.NoError(t, err)
		require.Equal(t, int64(1), n)
		_ = bpTeams
	})
}

func TestAChildMovedByItsPointerLeavesTheOldParentsLoadedSlice(t *testing.T) {
	orEachOn(t, bpMD, bpReg, func(t *testing.T, x *omEnv, s *orm.Session) {
		p1, p2 := &bpPlayer{Name: "p1"}, &bpPlayer{Name: "p2"}
		a := &bpTeam{Name: "a", Players: []*bpPlayer{p1, p2}}
		b := &bpTeam{Name: "b", Players: []*bpPlayer{}}
		require.NoError(t, s.AddAll(a, b))
		require.NoError(t, s.Commit(x.ctx))

		p1.Team = b // only the pointer: a.Players still holds p1
		require.NoError(t, s.Commit(x.ctx))
		require.Equal(t, b.ID, p1.TeamID.V)
		require.Equal(t, []*bpPlayer{p2}, a.Players, "the old parent's slice lets go of it")
		require.Equal(t, []*bpPlayer{p1}, b.Players)

		p2.Team = nil // dissociated by its pointer
		require.NoError(t, s.Commit(x.ctx))
		require.False(t, p2.TeamID.Valid)
		require.Empty(t, a.Players)
		// Nothing left to write: both sides agree.
		x.reset()
		require.NoError(t, s.Commit(x.ctx))
		require.Empty(t, x.writes())
	})
}

func TestClearingAPointerWhoseKeyCannotBeNullIsAnError(t *testing.T) {
	orEach(t, func(t *testing.T, x *omEnv, s *orm.Session) {
		a := &orAddr{Email: "x@sea", User: &orUser{Name: "x"}}
		require.NoError(t, s.Add(a))
		require.NoError(t, s.Commit(x.ctx))
		a.User = nil
		x.reset()
		err := s.Commit(x.ctx)
		require.ErrorContains(t, err, "orAddr.User was set to nil, but its foreign key field UserID cannot hold NULL")
		require.Empty(t, x.writes(), "nothing was sent")
	})
}
