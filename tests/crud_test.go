package tests

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/internal/testdb"
	"github.com/retort-go/retort/sqlcompile"
)

func TestInsertedRowsReadBackThroughEveryResultHelper(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		setup(t, db)
		eng := db.Engine
		all := core.Select(users).OrderBy(users.ID)

		us, err := engine.All[user](ctx, eng, all)
		require.NoError(t, err)
		require.Len(t, us, 3)
		require.Equal(t, []string{"spongebob", "sandy", "patrick"}, []string{us[0].Name, us[1].Name, us[2].Name})
		require.Equal(t, sql.Null[string]{V: "Sandy Cheeks", Valid: true}, us[1].Fullname)
		require.False(t, us[2].Fullname.Valid)
		require.True(t, us[0].Active, "server default")
		require.Equal(t, int32(0), us[0].Visits, "client default")
		require.WithinDuration(t, time.Now(), us[0].Created, time.Minute, "client default function")
		require.Nil(t, us[0].Updated)

		u, err := engine.One[user](ctx, eng, core.Select(users).Where(users.Name.Eq("sandy")))
		require.NoError(t, err)
		require.Equal(t, int64(2), u.ID)

		none, err := engine.OneOrNone[user](ctx, eng, core.Select(users).Where(users.Name.Eq("squidward")))
		require.NoError(t, err)
		require.Nil(t, none)

		first, err := engine.First[user](ctx, eng, all)
		require.NoError(t, err)
		require.Equal(t, "spongebob", first.Name)

		n, err := engine.Scalar[int64](ctx, eng, core.Select(core.Count()).From(users))
		require.NoError(t, err)
		require.Equal(t, int64(3), n)

		require.Equal(t, []string{"spongebob", "sandy", "patrick"}, names(t, eng))

		var streamed []string
		for u, err := range engine.Iter[user](ctx, eng, all) {
			require.NoError(t, err)
			streamed = append(streamed, u.Name)
		}
		require.Equal(t, []string{"spongebob", "sandy", "patrick"}, streamed)

		// The untyped path.
		res, err := eng.Query(ctx, core.Select(users.ID, users.Name).OrderBy(users.ID))
		require.NoError(t, err)
		rows, err := res.All()
		require.NoError(t, err)
		require.Len(t, rows, 3)
		require.Equal(t, []any{int64(1), "spongebob"}, rows[0].Values())
		v, ok := rows[2].Get("name")
		require.True(t, ok)
		require.Equal(t, "patrick", v)

		res, err = eng.Query(ctx, core.Select(users.ID, users.Name).OrderBy(users.ID))
		require.NoError(t, err)
		maps, err := res.Mappings()
		require.NoError(t, err)
		require.Equal(t, map[string]any{"id": int64(2), "name": "sandy"}, maps[1])

		res, err = eng.Query(ctx, core.Select(users.Name).OrderBy(users.ID.Desc()))
		require.NoError(t, err)
		scalars, err := res.Scalars()
		require.NoError(t, err)
		require.Equal(t, []any{"patrick", "sandy", "spongebob"}, scalars)

		res, err = eng.Query(ctx, core.Select(users.ID, users.Name).OrderBy(users.ID))
		require.NoError(t, err)
		var got []string
		for row, err := range res.Rows() {
			require.NoError(t, err)
			var id int64
			var name string
			require.NoError(t, row.Scan(&id, &name))
			got = append(got, name)
			if id == 2 {
				break // breaking out closes the Result
			}
		}
		require.Equal(t, []string{"spongebob", "sandy"}, got)

		res, err = eng.Query(ctx, all)
		require.NoError(t, err)
		count := 0
		for res.Next() {
			var u user
			require.NoError(t, res.ScanStruct(&u))
			count++
		}
		require.NoError(t, res.Err())
		require.Equal(t, 3, count)
		require.Zero(t, eng.PoolStats().InUse, "every Result returned its connection")
	})
}

func TestOneReportsNoRowsAndMultipleRows(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		setup(t, db)
		_, err := engine.One[user](ctx, db.Engine, core.Select(users).Where(users.Name.Eq("squidward")))
		require.ErrorIs(t, err, engine.ErrNoRows)
		require.ErrorIs(t, err, sql.ErrNoRows, "ErrNoRows matches database/sql's")
		_, err = engine.One[user](ctx, db.Engine, core.Select(users))
		require.ErrorIs(t, err, engine.ErrMultipleRows)
		_, err = engine.Scalar[string](ctx, db.Engine, core.Select(users.Name).Where(users.ID.Eq(99)))
		require.ErrorIs(t, err, sql.ErrNoRows)

		res, err := db.Engine.Query(ctx, core.Select(users))
		require.NoError(t, err)
		_, err = res.One()
		require.ErrorIs(t, err, engine.ErrMultipleRows)
		require.Zero(t, db.Engine.PoolStats().InUse)
	})
}

func TestInsertReturningGivesGeneratedKeysOrCompileErrorWhereUnsupported(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		setup(t, db)
		eng := db.Engine
		ins := core.Insert(users).
			Row(users.Name.To("squidward")).
			Row(users.Name.To("gary")).
			Returning(users.ID, users.Name, users.Active)
		type returned struct {
			ID     int64
			Name   string
			Active bool
		}
		got, err := engine.All[returned](ctx, eng, ins)
		if !eng.Dialect().InsertReturning {
			require.ErrorIs(t, err, sqlcompile.ErrUnsupported)
			require.Equal(t, []string{"spongebob", "sandy", "patrick"}, names(t, eng), "nothing was inserted")
			// Without RETURNING, the driver reports the new key of a single row.
			res, err := eng.Exec(ctx, core.Insert(users).Row(users.Name.To("squidward")))
			require.NoError(t, err)
			require.True(t, res.HasLastInsertID)
			require.Equal(t, int64(4), res.LastInsertID)
			return
		}
		require.NoError(t, err)
		require.Equal(t, []returned{{4, "squidward", true}, {5, "gary", true}}, got)
	})
}

func TestInsertOfNoRowsInsertsOneRowOfDefaults(t *testing.T) {
	type counterTable struct {
		core.Table
		ID    core.Column[int64]  `db:"id,pk"`
		Hits  core.Column[int64]  `db:"hits,serverdefault=7"`
		Label core.Column[string] `db:"label,size=10,default=none"`
	}
	md := core.NewMetaData()
	counters := core.NewTable[counterTable](md, "counter")
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		require.NoError(t, md.CreateAll(ctx, db.Engine))
		_, err := db.Engine.Exec(ctx, core.Insert(counters))
		require.NoError(t, err)
		type counter struct {
			ID    int64
			Hits  int64
			Label string
		}
		c, err := engine.One[counter](ctx, db.Engine, core.Select(counters))
		require.NoError(t, err)
		require.Equal(t, counter{1, 7, "none"}, c)
	})
}

func TestUpdateCountsRowsMatchedEvenWhenTheValueDoesNotChange(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		setup(t, db)
		// sandy's name is already sandy: MySQL would count 0 rows changed,
		// Retort's connections count rows matched (found rows) everywhere.
		res, err := db.Engine.Exec(ctx, core.Update(users).Set(users.Name.To("sandy")).Where(users.ID.Eq(2)))
		require.NoError(t, err)
		require.Equal(t, int64(1), res.RowsAffected)
		res, err = db.Engine.Exec(ctx, core.Update(users).Set(users.Visits.To(1)).Where(users.ID.In(1, 2, 3)))
		require.NoError(t, err)
		require.Equal(t, int64(3), res.RowsAffected)
	})
}

func TestUpdateSetsOnlyMatchedRowsAndAppliesUpdateDefaults(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		setup(t, db)
		eng := db.Engine
		before := time.Now().Add(-time.Minute)
		_, err := eng.Exec(ctx, core.Update(users).
			Values(core.Values{users.Fullname: sql.Null[string]{V: "Patrick Star", Valid: true}, users.Visits: int32(5)}).
			Where(users.Name.Eq("patrick")))
		require.NoError(t, err)
		p, err := engine.One[user](ctx, eng, core.Select(users).Where(users.ID.Eq(3)))
		require.NoError(t, err)
		require.Equal(t, "Patrick Star", p.Fullname.V)
		require.Equal(t, int32(5), p.Visits)
		require.NotNil(t, p.Updated, "the update default ran")
		require.True(t, p.Updated.After(before))
		s, err := engine.One[user](ctx, eng, core.Select(users).Where(users.ID.Eq(1)))
		require.NoError(t, err)
		require.Nil(t, s.Updated, "rows the WHERE did not match are untouched")

		// Setting a column to its zero value is an update like any other.
		_, err = eng.Exec(ctx, core.Update(users).Set(users.Visits.To(0), users.Active.To(false)).Where(users.ID.Eq(3)))
		require.NoError(t, err)
		p, err = engine.One[user](ctx, eng, core.Select(users).Where(users.ID.Eq(3)))
		require.NoError(t, err)
		require.Equal(t, int32(0), p.Visits)
		require.False(t, p.Active)
	})
}

func TestUpdateReturningWorksWhereTheDialectHasIt(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		setup(t, db)
		upd := core.Update(users).Set(users.Visits.To(9)).Where(users.ID.Le(2)).Returning(users.ID)
		ids, err := engine.Scalars[int64](ctx, db.Engine, upd)
		if !db.Engine.Dialect().UpdateReturning {
			var ue *sqlcompile.UnsupportedError
			require.ErrorAs(t, err, &ue)
			require.Contains(t, ue.Error(), "UPDATE ... RETURNING")
			n, err := engine.Scalar[int64](ctx, db.Engine, core.Select(core.Count()).From(users).Where(users.Visits.Eq(9)))
			require.NoError(t, err)
			require.Zero(t, n, "nothing was updated")
			return
		}
		require.NoError(t, err)
		require.ElementsMatch(t, []int64{1, 2}, ids)
	})
}

func TestDeleteRemovesMatchedRowsAndCascades(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		setup(t, db)
		res, err := db.Engine.Exec(ctx, core.Delete(users).Where(users.Name.Eq("spongebob")))
		require.NoError(t, err)
		require.Equal(t, int64(1), res.RowsAffected)
		require.Equal(t, []string{"sandy", "patrick"}, names(t, db.Engine))
		emails, err := engine.Scalars[string](ctx, db.Engine, core.Select(addresses.Email))
		require.NoError(t, err)
		require.Equal(t, []string{"sandy@sqlalchemy.org"}, emails, "ON DELETE CASCADE removed spongebob's address")

		if db.Engine.Dialect().DeleteReturning {
			gone, err := engine.Scalars[string](ctx, db.Engine, core.Delete(users).Where(users.ID.Eq(3)).Returning(users.Name))
			require.NoError(t, err)
			require.Equal(t, []string{"patrick"}, gone)
		}
	})
}

func TestWhereClausesSelectTheRightRows(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		setup(t, db)
		eng := db.Engine
		sel := func(conds ...core.TypedExpr[bool]) []string {
			t.Helper()
			out, err := engine.Scalars[string](ctx, eng, core.Select(users.Name).Where(conds...).OrderBy(users.ID))
			require.NoError(t, err)
			return out
		}
		require.Equal(t, []string{"sandy"}, sel(users.ID.Eq(2)))
		require.Equal(t, []string{"spongebob", "patrick"}, sel(users.ID.Ne(2)))
		require.Equal(t, []string{"spongebob", "sandy"}, sel(users.ID.Lt(3)))
		require.Equal(t, []string{"sandy", "patrick"}, sel(users.ID.Ge(2)))
		require.Equal(t, []string{"sandy"}, sel(users.ID.Gt(1), users.ID.Le(2)), "several conditions are ANDed")
		require.Equal(t, []string{"spongebob", "patrick"}, sel(core.Or(users.ID.Eq(1), users.Name.Eq("patrick"))))
		require.Equal(t, []string{"sandy", "patrick"}, sel(core.Not(users.Name.Eq("spongebob"))))
		require.Equal(t, []string{"spongebob"}, sel(core.And(core.Or(users.ID.Eq(1), users.ID.Eq(2)), core.Not(users.Name.Like("sa%")))),
			"OR inside AND is parenthesised")
		require.Equal(t, []string{"spongebob", "patrick"}, sel(users.Name.In("spongebob", "patrick", "squidward")))
		require.Equal(t, []string{"sandy"}, sel(users.Name.NotIn("spongebob", "patrick")))
		require.Empty(t, sel(users.Name.In()), "IN of an empty list matches nothing")
		require.Equal(t, []string{"spongebob", "sandy", "patrick"}, sel(users.Name.NotIn()), "NOT IN of an empty list matches everything")
		require.Equal(t, []string{"patrick"}, sel(users.Fullname.IsNull()))
		require.Equal(t, []string{"patrick"}, sel(users.Fullname.Eq(sql.Null[string]{})), "Eq(NULL) is IS NULL")
		require.Equal(t, []string{"spongebob", "sandy"}, sel(users.Fullname.Ne(sql.Null[string]{})))
		require.Equal(t, []string{"spongebob", "sandy"}, sel(users.Name.Like("s%")))
		require.Equal(t, []string{"patrick"}, sel(users.Name.NotLike("s%")))
		require.Equal(t, []string{"spongebob", "sandy", "patrick"}, sel(users.Active), "a boolean column is a condition")
		require.Empty(t, sel(core.Not(users.Active)))

		page := func(limit, offset int64) []string {
			q := core.Select(users.Name).OrderBy(users.ID.Desc())
			if limit >= 0 {
				q = q.Limit(limit)
			}
			if offset >= 0 {
				q = q.Offset(offset)
			}
			out, err := engine.Scalars[string](ctx, eng, q)
			require.NoError(t, err)
			return out
		}
		require.Equal(t, []string{"patrick", "sandy"}, page(2, -1))
		require.Equal(t, []string{"sandy"}, page(1, 1))
		require.Equal(t, []string{"sandy", "spongebob"}, page(-1, 1), "OFFSET without LIMIT")
		require.Empty(t, page(0, -1))

		distinct, err := engine.Scalars[bool](ctx, eng, core.Select(users.Active).Distinct())
		require.NoError(t, err)
		require.Equal(t, []bool{true}, distinct)

		type perUser struct {
			UserID int64
			N      int64
		}
		counts, err := engine.All[perUser](ctx, eng, core.Select(addresses.UserID, core.Count().Label("n")).
			GroupBy(addresses.UserID).Having(core.Count().Gt(0)).OrderBy(addresses.UserID))
		require.NoError(t, err)
		require.Equal(t, []perUser{{1, 1}, {2, 1}}, counts)
	})
}

func TestJoinInfersTheOnClauseFromTheForeignKey(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		setup(t, db)
		type row struct {
			Name  string
			Email string `db:"email_address"`
		}
		got, err := engine.All[row](ctx, db.Engine, core.Select(users.Name, addresses.Email).
			From(users.Join(addresses)).OrderBy(users.ID))
		require.NoError(t, err)
		require.Equal(t, []row{{"spongebob", "spongebob@sqlalchemy.org"}, {"sandy", "sandy@sqlalchemy.org"}}, got)

		n, err := engine.Scalar[int64](ctx, db.Engine, core.Select(core.Count()).From(users.LeftJoin(addresses)))
		require.NoError(t, err)
		require.Equal(t, int64(3), n, "the left join keeps patrick")

		type idPair struct {
			ID   int64
			ID_1 int64 `db:"id_1"`
		}
		pairs, err := engine.All[idPair](ctx, db.Engine, core.Select(users.ID, addresses.ID).From(users.Join(addresses)).OrderBy(users.ID))
		require.NoError(t, err)
		require.Equal(t, []idPair{{1, 1}, {2, 2}}, pairs, "a second id column is labelled id_1")
	})
}

func TestTextStatementsBindNamedParameters(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		setup(t, db)
		q := core.Text(`SELECT id, name FROM user_account WHERE name = :name OR id = :id -- a :comment
ORDER BY id`).Bind("name", "patrick").Bind("id", 1)
		type row struct {
			ID   int64
			Name string
		}
		got, err := engine.All[row](ctx, db.Engine, q)
		require.NoError(t, err)
		require.Equal(t, []row{{1, "spongebob"}, {3, "patrick"}}, got)

		lit, err := engine.Scalar[string](ctx, db.Engine, core.Text("SELECT ':notaparam' FROM user_account WHERE id = :id").Bind("id", 1))
		require.NoError(t, err)
		require.Equal(t, ":notaparam", lit)

		_, err = db.Engine.Query(ctx, core.Text("SELECT :a"))
		require.ErrorIs(t, err, core.ErrStatement, "a parameter without a value")
		_, err = db.Engine.Query(ctx, core.Text("SELECT 1").Bind("x", 1))
		require.ErrorIs(t, err, core.ErrStatement, "a value for a parameter the text does not use")
	})
}

func TestBadValuesAreTypedErrorsAndWriteNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		setup(t, db)
		_, err := db.Engine.Exec(ctx, core.Insert(users).Values(core.Values{users.Name: 42}))
		require.ErrorIs(t, err, core.ErrStatement)
		require.ErrorIs(t, err, core.ErrValue)
		var ve *core.ValueError
		require.ErrorAs(t, err, &ve)
		require.Equal(t, "user_account.name", ve.Column)

		_, err = db.Engine.Exec(ctx, core.Insert(users).
			Row(users.Name.To("ok")).
			Row(users.Name.To("ok2"), users.Fullname.To(sql.Null[string]{V: "x", Valid: true})))
		require.ErrorIs(t, err, core.ErrStatement, "rows setting different columns")

		_, err = db.Engine.Exec(ctx, core.Insert(users).Values(core.Values{addresses.Email: "x"}))
		require.ErrorIs(t, err, core.ErrStatement, "a column of another table")

		_, err = db.Engine.Exec(ctx, core.Update(users).Where(users.ID.Eq(1)))
		require.ErrorIs(t, err, core.ErrStatement, "an UPDATE with nothing to set")

		_, err = db.Engine.Exec(ctx, core.Insert(users).Values(core.Values{users.Visits: int64(1) << 40, users.Name: "big"}))
		require.ErrorIs(t, err, core.ErrValue, "an int64 too large for an INTEGER column")

		require.Equal(t, []string{"spongebob", "sandy", "patrick"}, names(t, db.Engine), "nothing was written")
	})
}

func TestEngineErrorsForClosedEnginesAndUnknownSchemes(t *testing.T) {
	ctx := context.Background()
	_, err := engine.Open(ctx, "oracle://scott:tiger@db/orcl")
	require.ErrorIs(t, err, engine.ErrBadURL)
	require.NotContains(t, err.Error(), "tiger", "the password is masked")
	_, err = engine.Open(ctx, "no-scheme")
	require.ErrorIs(t, err, engine.ErrBadURL)

	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		eng, err := engine.Open(ctx, db.URL)
		require.NoError(t, err)
		require.NoError(t, eng.Close())
		require.NoError(t, eng.Close(), "closing twice is fine")
		_, err = eng.Exec(ctx, core.Insert(users).Row(users.Name.To("x")))
		require.ErrorIs(t, err, engine.ErrClosed)
		_, err = eng.Query(ctx, core.Select(users))
		require.ErrorIs(t, err, engine.ErrClosed)
		_, err = eng.Connect(ctx)
		require.True(t, errors.Is(err, engine.ErrClosed))
	})
}

func TestInsertRowsOfPlainValuesAndColumnTypedParams(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		setup(t, db)
		eng := db.Engine
		stmt := core.Insert(users).Rows([]core.Expr{users.Name, users.Fullname},
			[]any{"squidward", sql.Null[string]{V: "Squidward Tentacles", Valid: true}},
			[]any{"gary", nil},
			[]any{"larry", core.Upper(core.Value("larry"))}) // an expression as a value
		r, err := eng.Exec(ctx, stmt)
		require.NoError(t, err)
		require.Equal(t, int64(3), r.RowsAffected)
		us, err := engine.All[user](ctx, eng, core.Select(users).Where(users.ID.Gt(3)).OrderBy(users.ID))
		require.NoError(t, err)
		require.Len(t, us, 3)
		require.Equal(t, "squidward", us[0].Name)
		require.Equal(t, "Squidward Tentacles", us[0].Fullname.V)
		require.False(t, us[1].Fullname.Valid)
		require.Equal(t, int32(0), us[1].Visits, "client defaults fill the columns Rows leaves out")
		require.Equal(t, "LARRY", us[2].Fullname.V)

		// Plain values only: the same statement shape compiled once, then
		// served from the cache with new values each time.
		for round := range 3 {
			a, b := fmt.Sprintf("r%d-a", round), fmt.Sprintf("r%d-b", round)
			_, err := eng.Exec(ctx, core.Insert(users).Rows([]core.Expr{users.Fullname, users.Name, users.Visits},
				[]any{sql.Null[string]{V: a + "!", Valid: true}, a, int32(round)},
				[]any{sql.Null[string]{V: b + "!", Valid: true}, b, int32(10 + round)}))
			require.NoError(t, err)
			got, err := engine.All[user](ctx, eng, core.Select(users).Where(users.Name.In(a, b)).OrderBy(users.Name))
			require.NoError(t, err)
			require.Len(t, got, 2)
			require.Equal(t, a+"!", got[0].Fullname.V, "columns given out of table order keep their values")
			require.Equal(t, int32(round), got[0].Visits)
			require.Equal(t, int32(10+round), got[1].Visits)
		}

		for _, bad := range []*core.InsertStmt{
			core.Insert(users).Rows([]core.Expr{users.Name}, []any{"a", "b"}),
			core.Insert(users).Rows([]core.Expr{addresses.Email}, []any{"x"}),
			core.Insert(users).Rows([]core.Expr{users.Name}, []any{42}),
			core.Insert(users).Rows([]core.Expr{users.Name}, []any{nil}),
		} {
			require.Error(t, bad.Err(), "a wrong row length, a foreign column, a wrong type, NULL for NOT NULL")
		}

		// A column-typed parameter: one statement, run with new values.
		byName := core.Select(users.ID).Where(users.Name.EqExpr(users.Name.Param("n")))
		for name, id := range map[string]int64{"sandy": 2, "gary": 5} {
			got, err := engine.Scalar[int64](ctx, eng, core.WithParams(byName, core.Params{"n": name}))
			require.NoError(t, err)
			require.Equal(t, id, got)
		}
		_, err = engine.Scalar[int64](ctx, eng, core.WithParams(byName, core.Params{"n": "sandy", "extra": 1}))
		require.ErrorContains(t, err, "does not use: extra")
		_, err = engine.Scalar[int64](ctx, eng, core.WithParams(byName, core.Params{}))
		require.ErrorContains(t, err, `no value for parameter "n"`)
	})
}

func TestEachReadsEveryRowAndGivesTheConnectionBack(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		setup(t, db)
		eng := db.Engine
		var got []string
		err := engine.Each(ctx, eng, core.Select(users.Name).OrderBy(users.ID), func(r *engine.Result) error {
			var n string
			if err := r.Scan(&n); err != nil {
				return err
			}
			got = append(got, n)
			return nil
		})
		require.NoError(t, err)
		require.Equal(t, []string{"spongebob", "sandy", "patrick"}, got)
		require.Zero(t, eng.PoolStats().InUse)

		stop := errors.New("stop")
		calls := 0
		err = engine.Each(ctx, eng, core.Select(users.Name), func(r *engine.Result) error {
			calls++
			return stop
		})
		require.ErrorIs(t, err, stop, "fn's error ends the loop and comes back")
		require.Equal(t, 1, calls)
		require.Zero(t, eng.PoolStats().InUse, "the Result was closed early")
	})
}

func TestOrNullScansTheOuterSideOfALeftJoin(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		setup(t, db)
		q := core.Select(users.Name, addresses.Email).
			From(users.LeftJoin(addresses, addresses.UserID.EqExpr(users.ID))).OrderBy(users.ID)
		var got []string
		err := engine.Each(ctx, db.Engine, q, func(r *engine.Result) error {
			var name, email string
			var null bool
			email = "(untouched)"
			if err := r.Scan(&name, engine.OrNull(&email, &null)); err != nil {
				return err
			}
			got = append(got, fmt.Sprintf("%s %s %v", name, email, null))
			return nil
		})
		require.NoError(t, err)
		require.Equal(t, []string{
			"spongebob spongebob@sqlalchemy.org false",
			"sandy sandy@sqlalchemy.org false",
			"patrick (untouched) true",
		}, got)
	})
}
