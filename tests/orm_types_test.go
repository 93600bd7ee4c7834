package tests

// The ORM's prepared statements bind values as their columns do: custom
// types convert, enums and NULLs go through, bad values are refused
// before anything is sent, on every dialect.

import (
	"database/sql"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/orm"
)

type otThing struct {
	ID    int64            `db:"id,pk"`
	Point rtPoint          `db:"point"`
	Cents rtCents          `db:"cents"`
	Mood  rtMood           `db:"mood"`
	Maybe sql.Null[rtMood] `db:"maybe"`
	Name  string           `db:"name,size=8"`
}

var (
	otyMD    = rtCustomMetaData()
	otyReg   = orm.NewRegistry()
	otThings = core.NewTable[otThingTable](otyMD, "ot_thing")
	_        = orm.Map[otThing](otyReg, &otThings.Table)
)

type otThingTable struct {
	core.Table
	ID    core.Column[int64]            `db:"id,pk"`
	Point core.Column[rtPoint]          `db:"point,type=rt_point"`
	Cents core.Column[rtCents]          `db:"cents,type=rt_cents"`
	Mood  core.Column[rtMood]           `db:"mood"`
	Maybe core.Column[sql.Null[rtMood]] `db:"maybe"`
	Name  core.Column[string]           `db:"name,size=8"`
}

func TestORMWritesCustomTypesEnumsAndNullsThroughItsPreparedStatements(t *testing.T) {
	orEachOn(t, otyMD, otyReg, func(t *testing.T, x *omEnv, s *orm.Session) {
		one := &otThing{Point: rtPoint{3, -4}, Cents: rtCents{1999}, Mood: "happy", Name: "one"}
		require.NoError(t, s.Add(one))
		require.NoError(t, s.Commit(x.ctx)) // one row: the prepared INSERT
		many := []*otThing{
			{Point: rtPoint{1, 1}, Cents: rtCents{1}, Mood: "ok", Maybe: sql.Null[rtMood]{V: "sad", Valid: true}, Name: "two"},
			{Point: rtPoint{2, 2}, Cents: rtCents{2}, Mood: "sad", Name: "three"},
		}
		for _, o := range many {
			require.NoError(t, s.Add(o))
		}
		require.NoError(t, s.Commit(x.ctx)) // several rows: one multi-row INSERT (or one by one)

		stored := func(id int64) (string, int64) {
			var p string
			var c int64
			res, err := x.Engine.Query(x.ctx, core.Text("SELECT point, cents FROM ot_thing WHERE id = :id").Bind("id", id))
			require.NoError(t, err)
			defer res.Close()
			require.True(t, res.Next())
			require.NoError(t, res.Scan(&p, &c))
			return p, c
		}
		p, c := stored(one.ID)
		require.Equal(t, "3,-4", p, "the custom type's ToDB ran")
		require.Equal(t, int64(1999), c)

		// A prepared UPDATE of the custom columns.
		one.Point, one.Cents, one.Maybe = rtPoint{5, 6}, rtCents{7}, sql.Null[rtMood]{V: "ok", Valid: true}
		require.NoError(t, s.Commit(x.ctx))
		p, c = stored(one.ID)
		require.Equal(t, "5,6", p)
		require.Equal(t, int64(7), c)

		// Get (a prepared SELECT by key) and Merge read them back.
		s2 := orm.NewSession(x.Engine, otyReg)
		defer s2.Close(x.ctx)
		got, err := orm.Get[otThing](x.ctx, s2, one.ID)
		require.NoError(t, err)
		require.Equal(t, *one, *got)
		m, err := orm.Merge(x.ctx, s2, &otThing{ID: many[1].ID, Point: rtPoint{9, 9}, Cents: rtCents{9}, Mood: "ok", Name: "merged"})
		require.NoError(t, err)
		require.Equal(t, "merged", m.Name)
		require.NoError(t, s2.Commit(x.ctx))
		p, _ = stored(many[1].ID)
		require.Equal(t, "9,9", p)

		// A value the custom type refuses stops the flush before the
		// statement is sent; nothing is written.
		bad := &otThing{Point: rtPoint{X: 2000000}, Mood: "ok", Name: "bad"}
		require.NoError(t, s.Add(bad))
		x.reset()
		err = s.Commit(x.ctx)
		require.ErrorContains(t, err, "out of range", "the custom type's ToDB error")
		require.Empty(t, x.writes())
		require.NoError(t, s.Rollback(x.ctx))
		one.Point = rtPoint{X: -2000000}
		err = s.Commit(x.ctx)
		require.ErrorContains(t, err, "out of range", "and on UPDATE")
		require.NoError(t, s.Rollback(x.ctx))
		n, err := engine.Scalar[int64](x.ctx, x.Engine, core.Select(core.Count()).From(otThings))
		require.NoError(t, err)
		require.Equal(t, int64(3), n)
	})
}
