package tests

// Many-to-many relationships of a table to itself, and both sides of a
// many-to-many declared with BackPopulates, on every dialect.

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/orm"
)

type mfUser struct {
	ID        int64     `db:"id,pk"`
	Name      string    `db:"name,size=20"`
	Following []*mfUser `db:"-"`
	Followers []*mfUser `db:"-"`
}

type mfFollowTable struct {
	core.Table
	FollowerID core.Column[int64] `db:"follower_id,pk,fk=mf_user.id"`
	FolloweeID core.Column[int64] `db:"followee_id,pk,fk=mf_user.id"`
}

var (
	mfMD      = core.NewMetaData()
	mfReg     = orm.NewRegistry()
	mfFollows = core.NewTable[mfFollowTable](mfMD, "mf_follow")
	mfUsers   = orm.Model[mfUser](mfReg, mfMD, "mf_user",
		orm.ManyToMany("Following", &mfFollows.Table).
			SecondaryKeys([]core.Expr{mfFollows.FollowerID}, []core.Expr{mfFollows.FolloweeID}).
			BackPopulates("Followers"),
		orm.ManyToMany("Followers", &mfFollows.Table).
			SecondaryKeys([]core.Expr{mfFollows.FolloweeID}, []core.Expr{mfFollows.FollowerID}).
			BackPopulates("Following"))
)

func mfNames(us []*mfUser) []string {
	out := []string{}
	for _, u := range us {
		out = append(out, u.Name)
	}
	return out
}

func TestManyToManyOfATableToItselfWithBothSidesBackPopulated(t *testing.T) {
	orEachOn(t, mfMD, mfReg, func(t *testing.T, x *omEnv, s *orm.Session) {
		a, b, c := &mfUser{Name: "a"}, &mfUser{Name: "b"}, &mfUser{Name: "c"}
		a.Following = []*mfUser{b, c}
		b.Following = []*mfUser{c}
		c.Followers = []*mfUser{a} // the same link as a -> c, from the other side
		require.NoError(t, s.AddAll(a, b, c))
		require.NoError(t, s.Commit(x.ctx))
		rows := func() int64 {
			n, err := engine.Scalar[int64](x.ctx, x.Engine, core.Select(core.Count()).From(mfFollows))
			require.NoError(t, err)
			return n
		}
		require.Equal(t, int64(3), rows(), "a->b, a->c (named from both sides, written once), b->c")
		require.Equal(t, []string{"a"}, mfNames(b.Followers), "back-populated")
		require.ElementsMatch(t, []string{"a", "b"}, mfNames(c.Followers))
		require.Empty(t, a.Followers)

		s2 := orm.NewSession(x.Engine, mfReg)
		defer s2.Close(x.ctx)
		us, err := orm.Select[mfUser](s2).OrderBy(mfUsers.Table().C("name")).
			Options(orm.SelectIn("Following"), orm.SelectIn("Followers")).All(x.ctx)
		require.NoError(t, err)
		ra, rb, rc := us[0], us[1], us[2]
		require.Equal(t, []string{"b", "c"}, mfNames(ra.Following))
		require.Equal(t, []string{"c"}, mfNames(rb.Following))
		require.Equal(t, []string{"a", "b"}, mfNames(rc.Followers))
		require.Same(t, rc, ra.Following[1])

		// a stops following c: one row goes, and c's loaded followers
		// follow.
		ra.Following = ra.Following[:1]
		x.reset()
		require.NoError(t, s2.Commit(x.ctx))
		require.Len(t, x.writes(), 1, "%v", x.writes())
		require.Equal(t, int64(2), rows())
		require.Equal(t, []string{"b"}, mfNames(rc.Followers))

		// c follows a, added on a's side (Followers): one row.
		ra.Followers = append(ra.Followers, rc)
		require.NoError(t, s2.Commit(x.ctx))
		require.Equal(t, int64(3), rows())
		require.Equal(t, []string{"a"}, mfNames(rc.Following))

		// Joined loading through the aliased secondary.
		s3 := orm.NewSession(x.Engine, mfReg)
		defer s3.Close(x.ctx)
		got, err := orm.Select[mfUser](s3).Where(mfUsers.Table().C("name").Eq("c")).Options(orm.Joined("Followers")).One(x.ctx)
		require.NoError(t, err)
		require.Equal(t, []string{"b"}, mfNames(got.Followers))

		_, err = orm.Select[mfUser](s3).Join("Following").All(x.ctx)
		require.ErrorContains(t, err, "needs an alias")
	})
}

type mbPost struct {
	ID    int64    `db:"id,pk"`
	Title string   `db:"title,size=20"`
	Tags  []*mbTag `db:"-"`
}

type mbTag struct {
	ID    int64     `db:"id,pk"`
	Name  string    `db:"name,size=20"`
	Posts []*mbPost `db:"-"`
}

type mbPostTagTable struct {
	core.Table
	PostID core.Column[int64] `db:"post_id,pk,fk=mb_post.id"`
	TagID  core.Column[int64] `db:"tag_id,pk,fk=mb_tag.id"`
}

var (
	mbMD       = core.NewMetaData()
	mbReg      = orm.NewRegistry()
	mbPostTags = core.NewTable[mbPostTagTable](mbMD, "mb_post_tag")
	mbPosts    = orm.Model[mbPost](mbReg, mbMD, "mb_post", orm.ManyToMany("Tags", &mbPostTags.Table).BackPopulates("Posts"))
	mbTags     = orm.Model[mbTag](mbReg, mbMD, "mb_tag", orm.ManyToMany("Posts", &mbPostTags.Table).BackPopulates("Tags"))
)

func TestBackPopulatedManyToManyWritesEachLinkOnce(t *testing.T) {
	orEachOn(t, mbMD, mbReg, func(t *testing.T, x *omEnv, s *orm.Session) {
		p := &mbPost{Title: "p"}
		tg := &mbTag{Name: "t"}
		p.Tags = []*mbTag{tg}
		tg.Posts = []*mbPost{p}
		q := &mbPost{Title: "q", Tags: []*mbTag{tg}}
		require.NoError(t, s.AddAll(p, q))
		require.NoError(t, s.Commit(x.ctx))
		n, err := engine.Scalar[int64](x.ctx, x.Engine, core.Select(core.Count()).From(mbPostTags))
		require.NoError(t, err)
		require.Equal(t, int64(2), n)
		require.Len(t, tg.Posts, 2, "q appears on the tag's side too")
		require.Same(t, q, tg.Posts[1])

		// Dropped from the tag's side: the post's loaded slice follows.
		tg.Posts = tg.Posts[:1]
		require.NoError(t, s.Commit(x.ctx))
		require.Empty(t, q.Tags)
		n, err = engine.Scalar[int64](x.ctx, x.Engine, core.Select(core.Count()).From(mbPostTags))
		require.NoError(t, err)
		require.Equal(t, int64(1), n)
	})
}

func TestManyToManyMappingErrors(t *testing.T) {
	type meA struct {
		ID   int64  `db:"id,pk"`
		Peer []*meA `db:"-"`
	}
	type meLinkTable struct {
		core.Table
		X core.Column[int64] `db:"x,pk,fk=me_a.id"`
		Y core.Column[int64] `db:"y,pk,fk=me_a.id"`
	}
	md, reg := core.NewMetaData(), orm.NewRegistry()
	link := core.NewTable[meLinkTable](md, "me_link")
	orm.Model[meA](reg, md, "me_a", orm.ManyToMany("Peer", &link.Table))
	err := orm.NewSession(nil, reg).Add(&meA{})
	if err == nil {
		err = orm.NewSession(nil, reg).Flush(t.Context())
	}
	require.ErrorContains(t, err, "needs SecondaryKeys")

	md2, reg2 := core.NewMetaData(), orm.NewRegistry()
	link2 := core.NewTable[meLinkTable](md2, "me_link")
	orm.Model[meA](reg2, md2, "me_a", orm.ManyToMany("Peer", &link2.Table).SecondaryKeys([]core.Expr{link2.X}, nil))
	err = orm.NewSession(nil, reg2).Flush(t.Context())
	require.ErrorContains(t, err, "SecondaryKeys: 0 columns")
}
