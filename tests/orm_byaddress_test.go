package tests

// The ORM binds string, int64 (BIGINT), bool and float64 fields by their
// address, so a flush copies none of them into an interface. These tests
// check what that must not change: the values written, what hooks and
// errors show, and pgx's other query modes.

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/internal/testdb"
	"github.com/retort-go/retort/orm"
)

// baGauge has a field of each type bound by address, and a 32-bit integer,
// which is not (its value is range-checked).
type baGauge struct {
	ID    int64   `db:"id,pk"`
	Label string  `db:"label,size=40,unique"`
	Note  string  `db:"note,type=text"`
	Count int64   `db:"count"`
	On    bool    `db:"on_"`
	Level float64 `db:"level"`
	Small int32   `db:"small"`
}

var (
	baMD     = core.NewMetaData()
	baReg    = orm.NewRegistry()
	baGauges = orm.Model[baGauge](baReg, baMD, "ba_gauge")
)

// baRecorder keeps the arguments of each INSERT and UPDATE.
type baRecorder struct{ args [][]any }

func (r *baRecorder) hooks() engine.Option {
	return engine.WithHooks(engine.Hooks{AfterExecute: func(_ context.Context, e *engine.Execution) {
		if len(e.SQL) > 6 && (e.SQL[:6] == "INSERT" || e.SQL[:6] == "UPDATE") {
			r.args = append(r.args, e.Args)
		}
	}})
}

// plainArg reports whether a is a value as the user wrote it, not a
// pointer or a driver's stand-in for one.
func plainArg(a any) bool {
	switch a.(type) {
	case nil, string, int64, bool, float64, []byte:
		return true
	}
	return false
}

func TestFieldsBoundByAddressAreWrittenAndShownAsValues(t *testing.T) {
	rec := &baRecorder{}
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		rec.args = nil
		require.NoError(t, db.Engine.CreateAll(ctx, baMD))
		s := orm.NewSession(db.Engine, baReg)
		defer s.Close(ctx)

		gs := []*baGauge{
			{Label: "a", Note: "it's \"quoted\"\nand long", Count: 1 << 40, On: true, Level: 0.1, Small: 7},
			{Label: "b", Note: "", Count: -5, On: false, Level: -2.5e10, Small: -7},
		}
		for _, g := range gs {
			require.NoError(t, s.Add(g))
		}
		require.NoError(t, s.Commit(ctx))
		one := &baGauge{Label: "c", Note: "one row", Count: 3, On: true, Level: 1.5, Small: 1}
		require.NoError(t, s.Add(one))
		require.NoError(t, s.Commit(ctx))

		// What hooks saw: the values themselves.
		require.NotEmpty(t, rec.args)
		for _, args := range rec.args {
			for _, a := range args {
				require.Truef(t, plainArg(a), "a hook sees %T %v, not the value", a, a)
			}
		}
		require.Contains(t, rec.args[0], "it's \"quoted\"\nand long")
		require.Contains(t, rec.args[0], int64(1<<40))

		// A change of each field, one object at a time (the prepared UPDATE).
		gs[0].Label, gs[0].Note, gs[0].Count, gs[0].On, gs[0].Level = "a2", "ü ✓", 0, false, 0
		require.NoError(t, s.Commit(ctx))

		// What the database holds, read in a new session.
		s2 := orm.NewSession(db.Engine, baReg)
		defer s2.Close(ctx)
		got, err := orm.Select[baGauge](s2).OrderBy(baGauges.Table().C("id").Asc()).All(ctx)
		require.NoError(t, err)
		require.Len(t, got, 3)
		for i, want := range []*baGauge{gs[0], gs[1], one} {
			require.Equal(t, *want, *got[i])
		}

		// An error shows the values too.
		rec.args = nil
		dup := &baGauge{Label: "b", Note: "dup", Count: 9}
		require.NoError(t, s.Add(dup))
		err = s.Commit(ctx)
		var dbe *engine.DBError
		require.True(t, errors.As(err, &dbe), "got %v", err)
		require.Contains(t, dbe.Args, "dup")
		for _, a := range dbe.Args {
			require.Truef(t, plainArg(a), "the error shows %T %v, not the value", a, a)
		}
		require.NoError(t, s.Rollback(ctx))

	}, rec.hooks())
}

// pgx's other query modes send parameters without asking the server for
// their types (or as text in the SQL): the fields bound by address must
// still arrive as their values.
func TestFieldsBoundByAddressUnderPgxQueryModes(t *testing.T) {
	for _, mode := range []string{"simple_protocol", "exec", "describe_exec", "cache_describe"} {
		t.Run(mode, func(t *testing.T) {
			base := testdb.Open(t, "postgres")
			u, err := url.Parse(base.URL)
			require.NoError(t, err)
			q := u.Query()
			q.Set("default_query_exec_mode", mode)
			u.RawQuery = q.Encode()
			ctx := context.Background()
			eng, err := engine.Open(ctx, u.String())
			require.NoError(t, err)
			defer eng.Close()
			require.NoError(t, eng.CreateAll(ctx, baMD))

			s := orm.NewSession(eng, baReg)
			defer s.Close(ctx)
			var gs []*baGauge
			for i := range 3 {
				g := &baGauge{Label: fmt.Sprint("g", i), Note: "o'clock\\", Count: int64(i) << 35, On: i%2 == 0, Level: float64(i) + 0.25, Small: int32(i)}
				gs = append(gs, g)
				require.NoError(t, s.Add(g))
			}
			require.NoError(t, s.Commit(ctx))
			gs[1].Note, gs[1].Count, gs[1].On, gs[1].Level = "changed", -1, true, -0.5
			require.NoError(t, s.Commit(ctx))

			s2 := orm.NewSession(eng, baReg)
			defer s2.Close(ctx)
			got, err := orm.Select[baGauge](s2).OrderBy(baGauges.Table().C("id").Asc()).All(ctx)
			require.NoError(t, err)
			require.Len(t, got, len(gs))
			for i := range gs {
				require.True(t, reflect.DeepEqual(*gs[i], *got[i]), "row %d: wrote %+v, read %+v", i, *gs[i], *got[i])
			}
		})
	}
}
