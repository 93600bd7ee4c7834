package tests

import (
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/internal/testdb"
	"github.com/retort-go/retort/sqltype"
)

// Enums.

// rtMood is an enum: a Go string type listing its values.
type rtMood string

func (rtMood) EnumValues() []string {
	return []string{"sad", "ok", "happy", "it's complicated", "😀 ünïcode"}
}

// EnumName names the PostgreSQL type, which must not clash with another test's.
func (rtMood) EnumName() string { return "rt_mood" }

type rtEnumTable struct {
	core.Table
	ID    core.Column[int64]            `db:"id,pk"`
	Mood  core.Column[rtMood]           `db:"mood"`
	Maybe core.Column[sql.Null[rtMood]] `db:"maybe"`
}

type rtEnumRow struct {
	ID    int64
	Mood  rtMood
	Maybe sql.Null[rtMood]
}

func TestRoundTripKeepsEveryEnumValue(t *testing.T) {
	md := core.NewMetaData()
	tb := core.NewTable[rtEnumTable](md, "rt_enums")
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		rtCreate(t, db, md)
		var rows []rtEnumRow
		for i, v := range rtMood("").EnumValues() {
			r := rtEnumRow{ID: int64(i + 1), Mood: rtMood(v), Maybe: sql.Null[rtMood]{V: rtMood(v), Valid: i%2 == 0}}
			rows = append(rows, r)
			if i%2 == 0 {
				rtExec(t, db, core.Insert(tb).Row(tb.ID.To(r.ID), tb.Mood.To(r.Mood), tb.Maybe.To(r.Maybe)))
			} else {
				rtExec(t, db, core.Insert(tb).Values(core.Values{tb.ID: r.ID, tb.Mood: r.Mood, tb.Maybe: r.Maybe}))
			}
		}
		for _, want := range rows {
			byID := tb.ID.Eq(want.ID)
			got, err := engine.One[rtEnumRow](rtCtx, db.Engine, core.Select(tb).Where(byID))
			require.NoError(t, err)
			if !want.Maybe.Valid {
				want.Maybe.V = ""
			}
			require.Equal(t, want, got)

			mood, err := engine.Scalar[rtMood](rtCtx, db.Engine, core.Select(tb.Mood).Where(byID))
			require.NoError(t, err)
			require.Equal(t, want.Mood, mood)

			// Untyped, an enum is its string.
			m := rtUntyped(t, db, core.Select(tb).Where(byID))
			require.Equal(t, string(want.Mood), m["mood"])
			if want.Maybe.Valid {
				require.Equal(t, string(want.Maybe.V), m["maybe"])
			} else {
				require.Nil(t, m["maybe"])
			}

			ids, err := engine.Scalars[int64](rtCtx, db.Engine, core.Select(tb.ID).Where(tb.Mood.Eq(want.Mood)))
			require.NoError(t, err)
			require.Equal(t, []int64{want.ID}, ids)
		}
	})
}

func TestRoundTripRejectsAValueOutsideTheEnumAndWritesNothing(t *testing.T) {
	md := core.NewMetaData()
	tb := core.NewTable[rtEnumTable](md, "rt_enums_invalid")
	requireValueError := func(t *testing.T, err error, bad string) {
		t.Helper()
		require.Error(t, err)
		require.True(t, errors.Is(err, core.ErrValue), "want core.ErrValue, got %v", err)
		var ve *core.ValueError
		require.True(t, errors.As(err, &ve), "want a *core.ValueError, got %T", err)
		require.Equal(t, strconv.Quote(bad), ve.Got)
	}
	none := sql.Null[rtMood]{}
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		rtCreate(t, db, md)
		for _, c := range []struct {
			stmt *core.InsertStmt
			bad  string
		}{
			{core.Insert(tb).Row(tb.ID.To(1), tb.Mood.To("angry"), tb.Maybe.To(none)), "angry"},
			{core.Insert(tb).Values(core.Values{tb.ID: int64(1), tb.Mood: rtMood("angry"), tb.Maybe: none}), "angry"},
			{core.Insert(tb).Values(core.Values{tb.ID: int64(1), tb.Mood: "angry", tb.Maybe: none}), "angry"},
			{core.Insert(tb).Row(tb.ID.To(1), tb.Mood.To("ok"), tb.Maybe.To(sql.Null[rtMood]{V: "angry", Valid: true})), "angry"},
			// Case matters: "OK" is not "ok". The empty string is no value either.
			{core.Insert(tb).Row(tb.ID.To(1), tb.Mood.To("OK"), tb.Maybe.To(none)), "OK"},
			{core.Insert(tb).Row(tb.ID.To(1), tb.Mood.To(""), tb.Maybe.To(none)), ""},
			// In a multi-row INSERT one bad value stops every row.
			{core.Insert(tb).Row(tb.ID.To(1), tb.Mood.To("ok"), tb.Maybe.To(none)).Row(tb.ID.To(2), tb.Mood.To("angry"), tb.Maybe.To(none)), "angry"},
		} {
			_, err := db.Engine.Exec(rtCtx, c.stmt)
			requireValueError(t, err, c.bad)
			require.Zero(t, rtCount(t, db, tb))
		}

		// An UPDATE to a bad value changes nothing.
		rtExec(t, db, core.Insert(tb).Row(tb.ID.To(1), tb.Mood.To("ok"), tb.Maybe.To(sql.Null[rtMood]{})))
		_, err := db.Engine.Exec(rtCtx, core.Update(tb).Set(tb.Mood.To("angry")).Where(tb.ID.Eq(1)))
		requireValueError(t, err, "angry")
		mood, err := engine.Scalar[rtMood](rtCtx, db.Engine, core.Select(tb.Mood))
		require.NoError(t, err)
		require.Equal(t, rtMood("ok"), mood)
	})
}

// Custom types.

// rtPoint is stored through a custom type as the text "x,y".
type rtPoint struct{ X, Y int }

var rtPointType = sqltype.NewCustom[rtPoint, string]("rt_point", sqltype.String{Length: 50},
	func(p rtPoint) (string, error) {
		if p.X < -1000000 || p.X > 1000000 {
			return "", fmt.Errorf("x %d is out of range", p.X)
		}
		return strconv.Itoa(p.X) + "," + strconv.Itoa(p.Y), nil
	},
	func(s string) (rtPoint, error) {
		xs, ys, ok := strings.Cut(s, ",")
		if !ok {
			return rtPoint{}, fmt.Errorf("%q is not x,y", s)
		}
		x, err := strconv.Atoi(xs)
		if err != nil {
			return rtPoint{}, err
		}
		y, err := strconv.Atoi(ys)
		if err != nil {
			return rtPoint{}, err
		}
		return rtPoint{x, y}, nil
	})

// rtCents is a custom type over an integer column.
type rtCents struct{ N int64 }

var rtCentsType = sqltype.NewCustom[rtCents, int64]("rt_cents", sqltype.BigInt{},
	func(c rtCents) (int64, error) { return c.N, nil },
	func(n int64) (rtCents, error) { return rtCents{n}, nil })

type rtCustomTable struct {
	core.Table
	ID    core.Column[int64]   `db:"id,pk"`
	Point core.Column[rtPoint] `db:"point,type=rt_point"`
	Cents core.Column[rtCents] `db:"cents,type=rt_cents"`
}

type rtCustomRow struct {
	ID    int64
	Point rtPoint
	Cents rtCents
}

func rtCustomMetaData() *core.MetaData {
	return core.NewMetaData(core.WithType("rt_point", rtPointType), core.WithType("rt_cents", rtCentsType))
}

func TestRoundTripConvertsCustomTypesBothWays(t *testing.T) {
	md := rtCustomMetaData()
	tb := core.NewTable[rtCustomTable](md, "rt_custom")
	rows := []rtCustomRow{
		{1, rtPoint{1, -2}, rtCents{1999}},
		{2, rtPoint{}, rtCents{}},
		{3, rtPoint{-1000000, 1 << 40}, rtCents{-9223372036854775808}},
	}
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		rtCreate(t, db, md)
		for i, r := range rows {
			if i%2 == 0 {
				rtExec(t, db, core.Insert(tb).Row(tb.ID.To(r.ID), tb.Point.To(r.Point), tb.Cents.To(r.Cents)))
			} else {
				rtExec(t, db, core.Insert(tb).Values(core.Values{tb.ID: r.ID, tb.Point: r.Point, tb.Cents: r.Cents}))
			}
		}
		for _, want := range rows {
			byID := tb.ID.Eq(want.ID)
			got, err := engine.One[rtCustomRow](rtCtx, db.Engine, core.Select(tb).Where(byID))
			require.NoError(t, err)
			require.Equal(t, want, got)

			p, err := engine.Scalar[rtPoint](rtCtx, db.Engine, core.Select(tb.Point).Where(byID))
			require.NoError(t, err)
			require.Equal(t, want.Point, p)

			// The untyped path converts too: it knows the column's type.
			m := rtUntyped(t, db, core.Select(tb).Where(byID))
			require.Equal(t, want.Point, m["point"])
			require.Equal(t, want.Cents, m["cents"])

			// What is stored is the underlying type's value.
			stored, err := engine.Scalar[string](rtCtx, db.Engine, core.Text("SELECT point FROM rt_custom WHERE id = :id").Bind("id", want.ID))
			require.NoError(t, err)
			require.Equal(t, fmt.Sprintf("%d,%d", want.Point.X, want.Point.Y), stored)

			// A comparison binds through the custom type as well.
			ids, err := engine.Scalars[int64](rtCtx, db.Engine, core.Select(tb.ID).Where(tb.Point.Eq(want.Point), tb.Cents.Eq(want.Cents)))
			require.NoError(t, err)
			require.Equal(t, []int64{want.ID}, ids)
		}
	})
}

func TestRoundTripRejectsAWrongGoTypeForACustomTypeAndWritesNothing(t *testing.T) {
	md := rtCustomMetaData()
	tb := core.NewTable[rtCustomTable](md, "rt_custom_invalid")
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		rtCreate(t, db, md)

		// A value of the wrong Go type, on the dynamic path.
		_, err := db.Engine.Exec(rtCtx, core.Insert(tb).Values(core.Values{tb.ID: int64(1), tb.Point: "1,2", tb.Cents: rtCents{1}}))
		require.Error(t, err)
		require.True(t, errors.Is(err, core.ErrValue), "want core.ErrValue, got %v", err)
		var ve *core.ValueError
		require.True(t, errors.As(err, &ve), "want a *core.ValueError, got %T", err)
		require.Equal(t, "string", ve.Got)
		require.Contains(t, ve.Want, "rtPoint")
		require.Zero(t, rtCount(t, db, tb))

		// The same through Table.C, which takes any value.
		_, err = db.Engine.Exec(rtCtx, core.Insert(tb).Values(core.Values{tb.ID: int64(1), tb.C("point"): 42, tb.Cents: rtCents{1}}))
		require.Error(t, err)
		require.True(t, errors.Is(err, core.ErrValue), "want core.ErrValue, got %v", err)
		require.Zero(t, rtCount(t, db, tb))

		// A comparison with a value of the wrong type fails before the
		// database sees it, with the custom type's conversion error.
		_, err = engine.All[rtCustomRow](rtCtx, db.Engine, core.Select(tb).Where(tb.C("point").Eq("1,2")))
		require.Error(t, err)
		require.True(t, errors.Is(err, core.ErrValue), "want core.ErrValue, got %v", err)
		require.True(t, errors.Is(err, sqltype.ErrConversion), "want sqltype.ErrConversion, got %v", err)
		var ce *sqltype.ConversionError
		require.True(t, errors.As(err, &ce))
		require.Equal(t, "rt_point", ce.Type)
		require.Equal(t, "string", ce.Got)

		// A value the conversion itself refuses writes nothing either.
		_, err = db.Engine.Exec(rtCtx, core.Insert(tb).Row(tb.ID.To(1), tb.Point.To(rtPoint{X: 2000000}), tb.Cents.To(rtCents{1})))
		require.Error(t, err)
		require.True(t, errors.Is(err, core.ErrValue), "want core.ErrValue, got %v", err)
		require.True(t, errors.Is(err, sqltype.ErrConversion), "want sqltype.ErrConversion, got %v", err)
		require.ErrorContains(t, err, "out of range")
		require.Zero(t, rtCount(t, db, tb))
	})
}

type rtNullCustomTable struct {
	core.Table
	ID    core.Column[int64]             `db:"id,pk"`
	Point core.Column[sql.Null[rtPoint]] `db:"point,type=rt_point"`
	Cents core.Column[*rtCents]          `db:"cents,type=rt_cents"`
}

type rtNullCustomRow struct {
	ID    int64
	Point sql.Null[rtPoint]
	Cents *rtCents
}

func TestRoundTripKeepsNullableCustomTypes(t *testing.T) {
	md := rtCustomMetaData()
	tb := core.NewTable[rtNullCustomTable](md, "rt_custom_null")
	rows := []rtNullCustomRow{
		{1, sql.Null[rtPoint]{}, nil},
		{2, sql.Null[rtPoint]{V: rtPoint{3, 4}, Valid: true}, nil},
		{3, sql.Null[rtPoint]{}, &rtCents{0}},
		{4, sql.Null[rtPoint]{V: rtPoint{}, Valid: true}, &rtCents{-5}},
	}
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		rtCreate(t, db, md)
		// Reading: stored values written as text, converted by FromDB.
		rtExec(t, db, core.Text("INSERT INTO rt_custom_null (id, point, cents) VALUES (10, '7,-8', 9), (11, NULL, NULL)"))
		got, err := engine.One[rtNullCustomRow](rtCtx, db.Engine, core.Select(tb).Where(tb.ID.Eq(10)))
		require.NoError(t, err)
		require.Equal(t, sql.Null[rtPoint]{V: rtPoint{7, -8}, Valid: true}, got.Point)
		require.Equal(t, &rtCents{9}, got.Cents)
		got, err = engine.One[rtNullCustomRow](rtCtx, db.Engine, core.Select(tb).Where(tb.ID.Eq(11)))
		require.NoError(t, err)
		require.Equal(t, rtNullCustomRow{ID: 11}, got)

		// Writing.
		var failed []string
		for _, r := range rows {
			_, err := db.Engine.Exec(rtCtx, core.Insert(tb).Row(tb.ID.To(r.ID), tb.Point.To(r.Point), tb.Cents.To(r.Cents)))
			if err != nil {
				failed = append(failed, fmt.Sprintf("row %d: %v", r.ID, err))
			}
		}
		require.Empty(t, failed, "non-NULL values of nullable custom columns are written")
		for _, want := range rows {
			byID := tb.ID.Eq(want.ID)
			got, err := engine.One[rtNullCustomRow](rtCtx, db.Engine, core.Select(tb).Where(byID))
			require.NoError(t, err)
			require.Equal(t, want, got)
			m := rtUntyped(t, db, core.Select(tb).Where(byID))
			if want.Point.Valid {
				require.Equal(t, want.Point.V, m["point"])
			} else {
				require.Nil(t, m["point"])
			}
			if want.Cents != nil {
				require.Equal(t, *want.Cents, m["cents"])
			} else {
				require.Nil(t, m["cents"])
			}
		}
	})
}
