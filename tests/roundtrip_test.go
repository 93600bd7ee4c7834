package tests

// The cross-dialect round-trip suite: every SQL type Retort maps is written
// and read back on SQLite, PostgreSQL and MySQL/MariaDB, through the typed
// path (engine.One into a struct, engine.Scalar into a value) and the
// untyped one (Result.All and Row.Values), and compared exactly. Where the
// storage format is part of the contract (SQLite's text forms, shared with
// SQLAlchemy), the raw stored value is read back too.
//
// This file holds the shared helpers and the integer, float, string and
// boolean tests; the other types live in roundtrip_*_test.go.

import (
	"context"
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/internal/testdb"
)

var rtCtx = context.Background()

// rtCreate creates md's tables in db.
func rtCreate(t *testing.T, db *testdb.DB, md *core.MetaData) {
	t.Helper()
	require.NoError(t, md.CreateAll(rtCtx, db.Engine))
}

// rtExec runs s and fails the test on an error.
func rtExec(t *testing.T, db *testdb.DB, s core.Statement) {
	t.Helper()
	_, err := db.Engine.Exec(rtCtx, s)
	require.NoError(t, err)
}

// rtUntyped reads the only row s returns through the untyped path
// (Result.All, Row.Values) and returns it by column name.
func rtUntyped(t *testing.T, db *testdb.DB, s core.Statement) map[string]any {
	t.Helper()
	res, err := db.Engine.Query(rtCtx, s)
	require.NoError(t, err)
	rows, err := res.All()
	require.NoError(t, err)
	require.Len(t, rows, 1)
	vals := rows[0].Values()
	cols := rows[0].Columns()
	require.Len(t, vals, len(cols))
	m := make(map[string]any, len(cols))
	for i, c := range cols {
		m[c] = vals[i]
	}
	return m
}

// rtCount returns the number of rows of tbl matching conds.
func rtCount(t *testing.T, db *testdb.DB, tbl core.FromItem, conds ...core.TypedExpr[bool]) int64 {
	t.Helper()
	n, err := engine.Scalar[int64](rtCtx, db.Engine, core.Select(core.Count()).From(tbl).Where(conds...))
	require.NoError(t, err)
	return n
}

// rtRawText runs one of the per-dialect SQL texts (keyed by db.Dialect)
// and returns its single text value, to look at what is stored.
func rtRawText(t *testing.T, db *testdb.DB, sqls map[string]string, binds ...any) string {
	t.Helper()
	q, ok := sqls[db.Dialect]
	require.True(t, ok, "no raw query for %s", db.Dialect)
	stmt := core.Text(q)
	for i := 0; i+1 < len(binds); i += 2 {
		stmt = stmt.Bind(binds[i].(string), binds[i+1])
	}
	s, err := engine.Scalar[string](rtCtx, db.Engine, stmt)
	require.NoError(t, err)
	return s
}

// rtSame returns the same SQL text for every dialect.
func rtSame(q string) map[string]string {
	return map[string]string{"sqlite": q, "postgres": q, "mysql": q}
}

// Integers.

type rtIntTable struct {
	core.Table
	ID  core.Column[int64] `db:"id,pk"`
	I16 core.Column[int16] `db:"i16"`
	I32 core.Column[int32] `db:"i32"`
	I64 core.Column[int64] `db:"i64"`
}

type rtIntRow struct {
	ID  int64
	I16 int16
	I32 int32
	I64 int64
}

func TestRoundTripKeepsIntegerExtremesOfEveryWidth(t *testing.T) {
	md := core.NewMetaData()
	tb := core.NewTable[rtIntTable](md, "rt_ints")
	rows := []rtIntRow{
		{1, math.MinInt16, math.MinInt32, math.MinInt64},
		{2, math.MaxInt16, math.MaxInt32, math.MaxInt64},
		{3, 0, 0, 0},
		{4, -1, -1, -1},
		{5, 1, 1, 1},
		// 2^53+1 is the first integer float64 cannot hold: it must never pass through a float.
		{6, math.MinInt16 + 1, math.MinInt32 + 1, 1<<53 + 1},
		{7, math.MaxInt16 - 1, math.MaxInt32 - 1, math.MaxInt64 - 1},
	}
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		rtCreate(t, db, md)
		for i, r := range rows {
			if i%2 == 0 {
				rtExec(t, db, core.Insert(tb).Row(tb.ID.To(r.ID), tb.I16.To(r.I16), tb.I32.To(r.I32), tb.I64.To(r.I64)))
			} else {
				rtExec(t, db, core.Insert(tb).Values(core.Values{tb.ID: r.ID, tb.I16: r.I16, tb.I32: r.I32, tb.I64: r.I64}))
			}
		}
		for _, want := range rows {
			byID := tb.ID.Eq(want.ID)
			got, err := engine.One[rtIntRow](rtCtx, db.Engine, core.Select(tb).Where(byID))
			require.NoError(t, err)
			require.Equal(t, want, got)

			i16, err := engine.Scalar[int16](rtCtx, db.Engine, core.Select(tb.I16).Where(byID))
			require.NoError(t, err)
			require.Equal(t, want.I16, i16)
			i32, err := engine.Scalar[int32](rtCtx, db.Engine, core.Select(tb.I32).Where(byID))
			require.NoError(t, err)
			require.Equal(t, want.I32, i32)
			i64, err := engine.Scalar[int64](rtCtx, db.Engine, core.Select(tb.I64).Where(byID))
			require.NoError(t, err)
			require.Equal(t, want.I64, i64)

			// The untyped path gives int64 for every integer width.
			m := rtUntyped(t, db, core.Select(tb).Where(byID))
			require.Equal(t, int64(want.I16), m["i16"])
			require.Equal(t, int64(want.I32), m["i32"])
			require.Equal(t, want.I64, m["i64"])

			// The extremes are found when bound in a WHERE clause too.
			ids, err := engine.Scalars[int64](rtCtx, db.Engine, core.Select(tb.ID).Where(tb.I64.Eq(want.I64), tb.I32.Eq(want.I32), tb.I16.Eq(want.I16)))
			require.NoError(t, err)
			require.Equal(t, []int64{want.ID}, ids)
		}
		// 2^53 and 2^53+1 are different numbers on every dialect.
		require.Zero(t, rtCount(t, db, tb, tb.I64.Eq(1<<53)))
	})
}

func TestRoundTripRejectsIntegersOutOfTheColumnsRangeAndWritesNothing(t *testing.T) {
	md := core.NewMetaData()
	tb := core.NewTable[rtIntTable](md, "rt_ints_range")
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		rtCreate(t, db, md)
		for _, v := range []core.Values{
			{tb.ID: int64(1), tb.I16: int64(math.MaxInt16 + 1), tb.I32: int32(0), tb.I64: int64(0)},
			{tb.ID: int64(1), tb.I16: int64(math.MinInt16 - 1), tb.I32: int32(0), tb.I64: int64(0)},
			{tb.ID: int64(1), tb.I16: int16(0), tb.I32: int64(math.MaxInt32 + 1), tb.I64: int64(0)},
			{tb.ID: int64(1), tb.I16: int16(0), tb.I32: int64(math.MinInt32 - 1), tb.I64: int64(0)},
			{tb.ID: int64(1), tb.I16: int16(0), tb.I32: int32(0), tb.I64: uint64(math.MaxInt64 + 1)},
		} {
			_, err := db.Engine.Exec(rtCtx, core.Insert(tb).Values(v))
			require.Error(t, err)
			require.True(t, errors.Is(err, core.ErrValue), "want core.ErrValue, got %v", err)
		}
		require.Zero(t, rtCount(t, db, tb))
	})
}

// Floats.

type rtFloatTable struct {
	core.Table
	ID  core.Column[int64]   `db:"id,pk"`
	F32 core.Column[float32] `db:"f32"`
	F64 core.Column[float64] `db:"f64"`
}

type rtFloatRow struct {
	ID  int64
	F32 float32
	F64 float64
}

func TestRoundTripKeepsFloat32AndFloat64BitForBit(t *testing.T) {
	md := core.NewMetaData()
	tb := core.NewTable[rtFloatTable](md, "rt_floats")
	rows := []rtFloatRow{
		{1, 0, 0},
		{2, 0.1, 0.1},
		{3, 1.0 / 3, 1.0 / 3},
		{4, -2.5, -math.Pi},
		{5, math.MaxFloat32, math.MaxFloat64},
		{6, -math.MaxFloat32, -math.MaxFloat64},
		{7, 0x1p-126, 0x1p-1022}, // the smallest normal numbers
		{8, 16777216, 9007199254740992},
		{9, 1.17549421e-38, 1e-300},
		{10, 123456.79, 1.2345678901234567e+200},
	}
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		rtCreate(t, db, md)
		for _, r := range rows {
			rtExec(t, db, core.Insert(tb).Row(tb.ID.To(r.ID), tb.F32.To(r.F32), tb.F64.To(r.F64)))
		}
		for _, want := range rows {
			byID := tb.ID.Eq(want.ID)
			got, err := engine.One[rtFloatRow](rtCtx, db.Engine, core.Select(tb).Where(byID))
			require.NoError(t, err)
			require.Equal(t, math.Float32bits(want.F32), math.Float32bits(got.F32), "float32 %v read back as %v", want.F32, got.F32)
			require.Equal(t, math.Float64bits(want.F64), math.Float64bits(got.F64), "float64 %v read back as %v", want.F64, got.F64)

			f32, err := engine.Scalar[float32](rtCtx, db.Engine, core.Select(tb.F32).Where(byID))
			require.NoError(t, err)
			require.Equal(t, want.F32, f32)
			f64, err := engine.Scalar[float64](rtCtx, db.Engine, core.Select(tb.F64).Where(byID))
			require.NoError(t, err)
			require.Equal(t, want.F64, f64)

			// Untyped, both are float64; the REAL value widened exactly.
			m := rtUntyped(t, db, core.Select(tb).Where(byID))
			require.Equal(t, float64(want.F32), m["f32"])
			require.Equal(t, want.F64, m["f64"])

			// So does a text query, where Retort knows no column types.
			m = rtUntyped(t, db, core.Text("SELECT f32, f64 FROM rt_floats WHERE id = :id").Bind("id", want.ID))
			require.Equal(t, float64(want.F32), m["f32"])
			require.Equal(t, want.F64, m["f64"])
		}
	})
}

func TestRoundTripKeepsSubnormalFloats(t *testing.T) {
	md := core.NewMetaData()
	tb := core.NewTable[rtFloatTable](md, "rt_floats_subnormal")
	want := rtFloatRow{1, math.SmallestNonzeroFloat32, math.SmallestNonzeroFloat64}
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		rtCreate(t, db, md)
		rtExec(t, db, core.Insert(tb).Row(tb.ID.To(want.ID), tb.F32.To(want.F32), tb.F64.To(want.F64)))
		got, err := engine.One[rtFloatRow](rtCtx, db.Engine, core.Select(tb))
		require.NoError(t, err)
		require.Equal(t, want, got)
	})
}

// Strings.

type rtStringTable struct {
	core.Table
	ID   core.Column[int64]  `db:"id,pk"`
	Name core.Column[string] `db:"name,size=40"`
	Body core.Column[string] `db:"body"`
}

type rtStringRow struct {
	ID   int64
	Name string
	Body string
}

// rtStrings are the strings every text column must keep exactly.
var rtStrings = []string{
	"",
	"plain ascii",
	"héllo wörld ß ñ ø", // two-byte UTF-8
	"日本語のテキスト and 한국어",  // three-byte
	"😀🎉👍🏽 emoji with a skin tone",     // four-byte, with a modifier
	"𝄞 𝕏 𠜎 supplementary planes",      // four-byte, not emoji
	"e\u0301 combining acute",         // decomposed, must not be normalised
	"\u00e9 precomposed acute",        // its composed twin
	"O'Reilly \"quoted\" \\ % _ ; --", // SQL-looking characters
	"line1\nline2\r\n\ttab",
	"  padded with spaces  ",
	"zero\u200bwidth and \ufeffBOM",
	"مرحبا بالعالم",
}

func TestRoundTripKeepsUnicodeStringsIncludingFourByteCharacters(t *testing.T) {
	md := core.NewMetaData()
	tb := core.NewTable[rtStringTable](md, "rt_strings")
	var rows []rtStringRow
	for i, s := range rtStrings {
		name := s
		if utf8.RuneCountInString(name) > 40 {
			name = string([]rune(name)[:40])
		}
		rows = append(rows, rtStringRow{int64(i + 1), name, s})
	}
	// varchar(40) counts characters, not bytes: forty 4-byte characters fit.
	rows = append(rows, rtStringRow{100, strings.Repeat("😀", 40), strings.Repeat("𝄞", 16000)})
	charLength := map[string]string{
		"sqlite":   "SELECT CAST(length(name) AS TEXT) || ',' || CAST(length(body) AS TEXT) FROM rt_strings WHERE id = :id",
		"postgres": "SELECT char_length(name)::text || ',' || char_length(body)::text FROM rt_strings WHERE id = :id",
		"mysql":    "SELECT CONCAT(CHAR_LENGTH(name), ',', CHAR_LENGTH(body)) FROM rt_strings WHERE id = :id",
	}
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		rtCreate(t, db, md)
		for _, r := range rows {
			rtExec(t, db, core.Insert(tb).Row(tb.ID.To(r.ID), tb.Name.To(r.Name), tb.Body.To(r.Body)))
		}
		for _, want := range rows {
			byID := tb.ID.Eq(want.ID)
			got, err := engine.One[rtStringRow](rtCtx, db.Engine, core.Select(tb).Where(byID))
			require.NoError(t, err)
			require.Equal(t, want, got)

			name, err := engine.Scalar[string](rtCtx, db.Engine, core.Select(tb.Name).Where(byID))
			require.NoError(t, err)
			require.Equal(t, want.Name, name)
			body, err := engine.Scalar[string](rtCtx, db.Engine, core.Select(tb.Body).Where(byID))
			require.NoError(t, err)
			require.Equal(t, want.Body, body)

			m := rtUntyped(t, db, core.Select(tb).Where(byID))
			require.Equal(t, want.Name, m["name"])
			require.Equal(t, want.Body, m["body"])

			// The database sees characters, not bytes: a double encoding
			// would read back the same but count differently.
			counts := rtRawText(t, db, charLength, "id", want.ID)
			require.Equal(t, strconv.Itoa(utf8.RuneCountInString(want.Name))+","+strconv.Itoa(utf8.RuneCountInString(want.Body)), counts)
		}
	})
}

// Booleans.

type rtBoolTable struct {
	core.Table
	ID   core.Column[int64] `db:"id,pk"`
	Flag core.Column[bool]  `db:"flag"`
}

type rtBoolRow struct {
	ID   int64
	Flag bool
}

func TestRoundTripKeepsBooleansStoredAsOneAndZeroWithoutNativeBooleans(t *testing.T) {
	md := core.NewMetaData()
	tb := core.NewTable[rtBoolTable](md, "rt_bools")
	rawFlag := map[string]string{
		"sqlite":   "SELECT typeof(flag) || ':' || CAST(flag AS TEXT) FROM rt_bools WHERE id = :id",
		"postgres": "SELECT pg_typeof(flag)::text || ':' || flag::text FROM rt_bools WHERE id = :id",
		"mysql":    "SELECT CONCAT(DATA_TYPE, ':', (SELECT CAST(flag AS CHAR) FROM rt_bools WHERE id = :id)) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'rt_bools' AND column_name = 'flag'",
	}
	wantRaw := map[string][2]string{ // false, true
		"sqlite":   {"integer:0", "integer:1"},
		"postgres": {"boolean:false", "boolean:true"},
		"mysql":    {"tinyint:0", "tinyint:1"},
	}
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		rtCreate(t, db, md)
		rtExec(t, db, core.Insert(tb).Row(tb.ID.To(1), tb.Flag.To(false)))
		rtExec(t, db, core.Insert(tb).Values(core.Values{tb.ID: int64(2), tb.Flag: true}))
		for _, want := range []rtBoolRow{{1, false}, {2, true}} {
			byID := tb.ID.Eq(want.ID)
			got, err := engine.One[rtBoolRow](rtCtx, db.Engine, core.Select(tb).Where(byID))
			require.NoError(t, err)
			require.Equal(t, want, got)
			flag, err := engine.Scalar[bool](rtCtx, db.Engine, core.Select(tb.Flag).Where(byID))
			require.NoError(t, err)
			require.Equal(t, want.Flag, flag)
			m := rtUntyped(t, db, core.Select(tb).Where(byID))
			require.Equal(t, want.Flag, m["flag"])

			i := 0
			if want.Flag {
				i = 1
			}
			require.Equal(t, wantRaw[db.Dialect][i], rtRawText(t, db, rawFlag, "id", want.ID))

			ids, err := engine.Scalars[int64](rtCtx, db.Engine, core.Select(tb.ID).Where(tb.Flag.Eq(want.Flag)))
			require.NoError(t, err)
			require.Equal(t, []int64{want.ID}, ids)
		}
	})
}
