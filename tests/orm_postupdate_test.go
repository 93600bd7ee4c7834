package tests

// PostUpdate: foreign keys that form a cycle, between tables or between
// rows, written by an UPDATE after the rows are in and cleared before
// they go, on every dialect.

import (
	"database/sql"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/orm"
)

// A widget has entries; one of them is its favourite: widget and entry
// reference each other.
type puWidget struct {
	ID         int64           `db:"id,pk"`
	Name       string          `db:"name,size=20"`
	FavoriteID sql.Null[int64] `db:"favorite_entry_id,fk=pu_entry.id"`
	Favorite   *puEntry        `db:"-"`
	Entries    []*puEntry      `db:"-"`
}

type puEntry struct {
	ID       int64           `db:"id,pk"`
	WidgetID sql.Null[int64] `db:"widget_id,fk=pu_widget.id"`
	Name     string          `db:"name,size=20"`
}

// Two people may be each other's buddy: rows of one table in a cycle.
type puPerson struct {
	ID      int64           `db:"id,pk"`
	Name    string          `db:"name,size=20"`
	BuddyID sql.Null[int64] `db:"buddy_id,fk=pu_person.id"`
	Buddy   *puPerson       `db:"-"`
}

var (
	puMD      = core.NewMetaData()
	puReg     = orm.NewRegistry()
	puWidgets = orm.Model[puWidget](puReg, puMD, "pu_widget",
		orm.BelongsTo("Favorite").PostUpdate(), orm.HasMany("Entries"))
	puEntries = orm.Model[puEntry](puReg, puMD, "pu_entry")
	puPeople  = orm.Model[puPerson](puReg, puMD, "pu_person", orm.BelongsTo("Buddy").PostUpdate())
)

func TestPostUpdateBreaksACycleBetweenTwoTables(t *testing.T) {
	orEachOn(t, puMD, puReg, func(t *testing.T, x *omEnv, s *orm.Session) {
		e1, e2 := &puEntry{Name: "e1"}, &puEntry{Name: "e2"}
		w := &puWidget{Name: "w", Entries: []*puEntry{e1, e2}, Favorite: e2}
		require.NoError(t, s.Add(w))
		x.reset()
		require.NoError(t, s.Commit(x.ctx))
		writes := x.writes()
		require.Len(t, writes, 3, "%v", writes)
		require.True(t, strings.HasPrefix(writes[0], "INSERT INTO pu_widget"), "the widget first, its favourite left NULL: %v", writes)
		require.NotContains(t, writes[0], "favorite_entry_id")
		require.True(t, strings.HasPrefix(writes[1], "INSERT INTO pu_entry"))
		require.True(t, strings.HasPrefix(writes[2], "UPDATE pu_widget SET favorite_entry_id"), "then the post-update: %v", writes)
		require.Equal(t, sql.Null[int64]{V: e2.ID, Valid: true}, w.FavoriteID)
		require.Equal(t, w.ID, e1.WidgetID.V)

		W := puWidgets.Table()
		fav := func() sql.Null[int64] {
			v, err := engine.Scalar[sql.Null[int64]](x.ctx, x.Engine, core.Select(W.C("favorite_entry_id")).Where(W.C("id").Eq(w.ID)))
			require.NoError(t, err)
			return v
		}
		require.Equal(t, e2.ID, fav().V)

		// A new favourite: one post-update.
		w.Favorite = e1
		x.reset()
		require.NoError(t, s.Commit(x.ctx))
		require.Len(t, x.writes(), 1)
		require.Equal(t, e1.ID, fav().V)
		require.False(t, s.IsModified(w))

		// Everything goes: the favourite is cleared first, then entries,
		// then the widget.
		for _, o := range []any{w, e1, e2} {
			require.NoError(t, s.Delete(o))
		}
		x.reset()
		require.NoError(t, s.Commit(x.ctx))
		writes = x.writes()
		require.True(t, strings.HasPrefix(writes[0], "UPDATE pu_widget SET favorite_entry_id"), "%v", writes)
		require.True(t, strings.HasPrefix(writes[len(writes)-1], "DELETE FROM pu_widget"), "%v", writes)
		n, err := engine.Scalar[int64](x.ctx, x.Engine, core.Select(core.Count()).From(puEntries.Table()))
		require.NoError(t, err)
		require.Zero(t, n)
	})
}

func TestPostUpdateBreaksACycleBetweenRowsOfOneTable(t *testing.T) {
	orEachOn(t, puMD, puReg, func(t *testing.T, x *omEnv, s *orm.Session) {
		a, b := &puPerson{Name: "a"}, &puPerson{Name: "b"}
		a.Buddy, b.Buddy = b, a
		require.NoError(t, s.AddAll(a, b))
		require.NoError(t, s.Commit(x.ctx))
		require.Equal(t, b.ID, a.BuddyID.V)
		require.Equal(t, a.ID, b.BuddyID.V)

		s2 := orm.NewSession(x.Engine, puReg)
		defer s2.Close(x.ctx)
		got, err := orm.Select[puPerson](s2).OrderBy(puPeople.Table().C("name")).Options(orm.SelectIn("Buddy")).All(x.ctx)
		require.NoError(t, err)
		require.Same(t, got[1], got[0].Buddy)
		require.Same(t, got[0], got[1].Buddy)

		require.NoError(t, s2.Delete(got[0]))
		require.NoError(t, s2.Delete(got[1]))
		require.NoError(t, s2.Commit(x.ctx), "the keys are cleared, then the rows deleted")
		n, err := engine.Scalar[int64](x.ctx, x.Engine, core.Select(core.Count()).From(puPeople.Table()))
		require.NoError(t, err)
		require.Zero(t, n)
	})
}

func TestPostUpdateNeedsANullableKey(t *testing.T) {
	type pnA struct {
		ID int64 `db:"id,pk"`
	}
	type pnB struct {
		ID  int64 `db:"id,pk"`
		AID int64 `db:"a_id,fk=pn_a.id"`
		A   *pnA  `db:"-"`
	}
	md, reg := core.NewMetaData(), orm.NewRegistry()
	orm.Model[pnA](reg, md, "pn_a")
	orm.Model[pnB](reg, md, "pn_b", orm.BelongsTo("A").PostUpdate())
	s := orm.NewSession(nil, reg)
	err := s.Add(&pnB{})
	if err == nil {
		err = s.Flush(t.Context())
	}
	require.ErrorContains(t, err, "PostUpdate needs foreign key column a_id to allow NULL")
}

func TestAReattachedObjectWritesItsPostUpdatedKeys(t *testing.T) {
	orEachOn(t, puMD, puReg, func(t *testing.T, x *omEnv, s *orm.Session) {
		e := &puEntry{Name: "e"}
		w := &puWidget{Name: "w", Entries: []*puEntry{e}, Favorite: e}
		require.NoError(t, s.Add(w))
		require.NoError(t, s.Commit(x.ctx))
		require.NoError(t, s.Expunge(w)) // detached

		w.Favorite, w.FavoriteID = nil, sql.Null[int64]{}
		require.NoError(t, s.Add(w)) // attached again: its row's values unknown
		require.NoError(t, s.Commit(x.ctx))
		W := puWidgets.Table()
		v, err := engine.Scalar[sql.Null[int64]](x.ctx, x.Engine, core.Select(W.C("favorite_entry_id")).Where(W.C("id").Eq(w.ID)))
		require.NoError(t, err)
		require.False(t, v.Valid, "the NULL the user set is written")
	})
}
