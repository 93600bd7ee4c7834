package tests

import (
	"database/sql"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/internal/testdb"
)

// Nullable columns in both Go spellings, sql.Null[T] and *T. Row 1 is all
// NULL, row 2 all zero values (0, "", false, the zero time, midnight, empty
// bytes, the nil UUID): they must never be mistaken for each other.

type rtNullTable struct {
	core.Table
	ID    core.Column[int64]                    `db:"id,pk"`
	I     core.Column[sql.Null[int64]]          `db:"i"`
	I16   core.Column[sql.Null[int16]]          `db:"i16"`
	S     core.Column[sql.Null[string]]         `db:"s,size=20"`
	Txt   core.Column[sql.Null[string]]         `db:"txt"`
	B     core.Column[sql.Null[bool]]           `db:"b"`
	F     core.Column[sql.Null[float64]]        `db:"f"`
	F32   core.Column[sql.Null[float32]]        `db:"f32"`
	D     core.Column[sql.Null[core.Decimal]]   `db:"d,type=numeric(12,3)"`
	At    core.Column[sql.Null[time.Time]]      `db:"at"`
	Wall  core.Column[sql.Null[time.Time]]      `db:"wall,type=timestamp"`
	Day   core.Column[sql.Null[time.Time]]      `db:"day,type=date"`
	Clock core.Column[sql.Null[core.TimeOfDay]] `db:"clock"`
	Bin   core.Column[sql.Null[[]byte]]         `db:"bin"`
	U     core.Column[sql.Null[core.UUID]]      `db:"u"`
	Mood  core.Column[sql.Null[rtMood]]         `db:"mood"`
}

type rtNullRow struct {
	ID    int64
	I     sql.Null[int64]
	I16   sql.Null[int16]
	S     sql.Null[string]
	Txt   sql.Null[string]
	B     sql.Null[bool]
	F     sql.Null[float64]
	F32   sql.Null[float32]
	D     sql.Null[core.Decimal]
	At    sql.Null[time.Time]
	Wall  sql.Null[time.Time]
	Day   sql.Null[time.Time]
	Clock sql.Null[core.TimeOfDay]
	Bin   sql.Null[[]byte]
	U     sql.Null[core.UUID]
	Mood  sql.Null[rtMood]
}

type rtPtrTable struct {
	core.Table
	ID    core.Column[int64]           `db:"id,pk"`
	I     core.Column[*int64]          `db:"i"`
	I16   core.Column[*int16]          `db:"i16"`
	S     core.Column[*string]         `db:"s,size=20"`
	Txt   core.Column[*string]         `db:"txt"`
	B     core.Column[*bool]           `db:"b"`
	F     core.Column[*float64]        `db:"f"`
	F32   core.Column[*float32]        `db:"f32"`
	D     core.Column[*core.Decimal]   `db:"d,type=numeric(12,3)"`
	At    core.Column[*time.Time]      `db:"at"`
	Wall  core.Column[*time.Time]      `db:"wall,type=timestamp"`
	Day   core.Column[*time.Time]      `db:"day,type=date"`
	Clock core.Column[*core.TimeOfDay] `db:"clock"`
	Bin   core.Column[*[]byte]         `db:"bin"`
	U     core.Column[*core.UUID]      `db:"u"`
	Mood  core.Column[*rtMood]         `db:"mood"`
}

type rtPtrRow struct {
	ID    int64
	I     *int64
	I16   *int16
	S     *string
	Txt   *string
	B     *bool
	F     *float64
	F32   *float32
	D     *core.Decimal
	At    *time.Time
	Wall  *time.Time
	Day   *time.Time
	Clock *core.TimeOfDay
	Bin   *[]byte
	U     *core.UUID
	Mood  *rtMood
}

// rtNullColumns are the nullable columns of both tables.
var rtNullColumns = []string{"i", "i16", "s", "txt", "b", "f", "f32", "d", "at", "wall", "day", "clock", "bin", "u", "mood"}

// rtZeroValues are what the zero row reads back as on the untyped path,
// by column. The enum has no zero value, so its "zero" row holds "sad".
var rtZeroValues = map[string]any{
	"i": int64(0), "i16": int64(0), "s": "", "txt": "", "b": false, "f": float64(0), "f32": float64(0),
	"d": core.MustParseDecimal("0.000"), "at": time.Time{}, "wall": time.Time{}, "day": time.Time{},
	"clock": core.TimeOfDay{}, "bin": []byte{}, "u": core.UUID{}, "mood": "sad",
}

// rtRequireZeroValue checks one untyped value of the zero row.
func rtRequireZeroValue(t *testing.T, col string, got any) {
	t.Helper()
	want := rtZeroValues[col]
	require.NotNil(t, got, "%s: zero read back as NULL", col)
	switch w := want.(type) {
	case time.Time:
		g, ok := got.(time.Time)
		require.True(t, ok, "%s is %T", col, got)
		rtRequireUTCTime(t, w, g, col)
	case []byte:
		g, ok := got.([]byte)
		require.True(t, ok, "%s is %T", col, got)
		rtRequireBytes(t, w, g, col)
	default:
		require.Equal(t, want, got, col)
	}
}

// rtRequireZeroField checks one field of a struct read back from the zero
// row: a valid sql.Null or a non-nil pointer holding the zero value.
func rtRequireZeroField(t *testing.T, col string, field reflect.Value) {
	t.Helper()
	var v reflect.Value
	if field.Kind() == reflect.Pointer {
		require.False(t, field.IsNil(), "%s: zero read back as a nil pointer", col)
		v = field.Elem()
	} else {
		require.True(t, field.FieldByName("Valid").Bool(), "%s: zero read back as an invalid sql.Null", col)
		v = field.FieldByName("V")
	}
	switch x := v.Interface().(type) {
	case time.Time:
		rtRequireUTCTime(t, time.Time{}, x, col)
	case []byte:
		rtRequireBytes(t, []byte{}, x, col)
	case core.Decimal:
		require.Equal(t, "0.000", x.String(), col)
	case rtMood:
		require.Equal(t, rtMood("sad"), x, col)
	default:
		require.True(t, v.IsZero(), "%s: want the zero value, got %#v", col, x)
	}
}

// rtRequireNullFields checks every field of a struct read back from the
// NULL row is an invalid sql.Null or a nil pointer.
func rtRequireNullFields(t *testing.T, row any) {
	t.Helper()
	rv := reflect.ValueOf(row)
	for i := 0; i < rv.NumField(); i++ {
		f, name := rv.Field(i), rv.Type().Field(i).Name
		if name == "ID" {
			continue
		}
		if f.Kind() == reflect.Pointer {
			require.True(t, f.IsNil(), "%s: NULL read back as %v", name, f.Elem())
		} else {
			require.False(t, f.FieldByName("Valid").Bool(), "%s: NULL read back as %v", name, f.FieldByName("V"))
		}
	}
}

func rtRequireZeroFields(t *testing.T, row any) {
	t.Helper()
	rv := reflect.ValueOf(row)
	for i := 0; i < rv.NumField(); i++ {
		if name := rv.Type().Field(i).Name; name != "ID" {
			rtRequireZeroField(t, core.SnakeCase(name), rv.Field(i))
		}
	}
}

// rtRequireNullAndZeroApart checks, in SQL, that each column has exactly
// one NULL (row 1) and one non-NULL (row 2).
func rtRequireNullAndZeroApart(t *testing.T, db *testdb.DB, tb *core.Table) {
	t.Helper()
	for _, col := range rtNullColumns {
		ids, err := engine.Scalars[int64](rtCtx, db.Engine, core.Select(tb.C("id")).From(tb).Where(tb.C(col).IsNull()))
		require.NoError(t, err)
		require.Equal(t, []int64{1}, ids, "%s IS NULL", col)
		ids, err = engine.Scalars[int64](rtCtx, db.Engine, core.Select(tb.C("id")).From(tb).Where(tb.C(col).IsNotNull()))
		require.NoError(t, err)
		require.Equal(t, []int64{2}, ids, "%s IS NOT NULL", col)
	}
}

func TestRoundTripTellsNullFromZeroValuesWithSQLNull(t *testing.T) {
	md := core.NewMetaData()
	tb := core.NewTable[rtNullTable](md, "rt_nulls")
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		rtCreate(t, db, md)
		rtExec(t, db, core.Insert(tb).Row(tb.ID.To(1),
			tb.I.To(sql.Null[int64]{}), tb.I16.To(sql.Null[int16]{}), tb.S.To(sql.Null[string]{}), tb.Txt.To(sql.Null[string]{}),
			tb.B.To(sql.Null[bool]{}), tb.F.To(sql.Null[float64]{}), tb.F32.To(sql.Null[float32]{}), tb.D.To(sql.Null[core.Decimal]{}),
			tb.At.To(sql.Null[time.Time]{}), tb.Wall.To(sql.Null[time.Time]{}), tb.Day.To(sql.Null[time.Time]{}),
			tb.Clock.To(sql.Null[core.TimeOfDay]{}), tb.Bin.To(sql.Null[[]byte]{}), tb.U.To(sql.Null[core.UUID]{}), tb.Mood.To(sql.Null[rtMood]{})))
		rtExec(t, db, core.Insert(tb).Values(core.Values{tb.ID: int64(2),
			tb.I: sql.Null[int64]{Valid: true}, tb.I16: sql.Null[int16]{Valid: true}, tb.S: sql.Null[string]{Valid: true}, tb.Txt: sql.Null[string]{Valid: true},
			tb.B: sql.Null[bool]{Valid: true}, tb.F: sql.Null[float64]{Valid: true}, tb.F32: sql.Null[float32]{Valid: true}, tb.D: sql.Null[core.Decimal]{Valid: true},
			tb.At: sql.Null[time.Time]{Valid: true}, tb.Wall: sql.Null[time.Time]{Valid: true}, tb.Day: sql.Null[time.Time]{Valid: true},
			tb.Clock: sql.Null[core.TimeOfDay]{Valid: true}, tb.Bin: sql.Null[[]byte]{V: []byte{}, Valid: true}, tb.U: sql.Null[core.UUID]{Valid: true},
			tb.Mood: sql.Null[rtMood]{V: "sad", Valid: true}}))

		null, err := engine.One[rtNullRow](rtCtx, db.Engine, core.Select(tb).Where(tb.ID.Eq(1)))
		require.NoError(t, err)
		rtRequireNullFields(t, null)
		zero, err := engine.One[rtNullRow](rtCtx, db.Engine, core.Select(tb).Where(tb.ID.Eq(2)))
		require.NoError(t, err)
		rtRequireZeroFields(t, zero)

		m := rtUntyped(t, db, core.Select(tb).Where(tb.ID.Eq(1)))
		for _, col := range rtNullColumns {
			require.Nil(t, m[col], "%s: NULL read back untyped as %#v", col, m[col])
		}
		m = rtUntyped(t, db, core.Select(tb).Where(tb.ID.Eq(2)))
		for _, col := range rtNullColumns {
			rtRequireZeroValue(t, col, m[col])
		}

		// Scalars into sql.Null keep the difference too.
		for id, valid := range map[int64]bool{1: false, 2: true} {
			i, err := engine.Scalar[sql.Null[int64]](rtCtx, db.Engine, core.Select(tb.I).Where(tb.ID.Eq(id)))
			require.NoError(t, err)
			require.Equal(t, sql.Null[int64]{Valid: valid}, i)
			s, err := engine.Scalar[sql.Null[string]](rtCtx, db.Engine, core.Select(tb.S).Where(tb.ID.Eq(id)))
			require.NoError(t, err)
			require.Equal(t, sql.Null[string]{Valid: valid}, s)
			d, err := engine.Scalar[sql.Null[core.Decimal]](rtCtx, db.Engine, core.Select(tb.D).Where(tb.ID.Eq(id)))
			require.NoError(t, err)
			require.Equal(t, valid, d.Valid)
			at, err := engine.Scalar[sql.Null[time.Time]](rtCtx, db.Engine, core.Select(tb.At).Where(tb.ID.Eq(id)))
			require.NoError(t, err)
			require.Equal(t, valid, at.Valid)
			b, err := engine.Scalar[sql.Null[[]byte]](rtCtx, db.Engine, core.Select(tb.Bin).Where(tb.ID.Eq(id)))
			require.NoError(t, err)
			require.Equal(t, valid, b.Valid)
		}

		rtRequireNullAndZeroApart(t, db, &tb.Table)

		// Comparing with a NULL value means IS NULL; with a zero value, = zero.
		ids, err := engine.Scalars[int64](rtCtx, db.Engine, core.Select(tb.ID).Where(tb.S.Eq(sql.Null[string]{})))
		require.NoError(t, err)
		require.Equal(t, []int64{1}, ids)
		ids, err = engine.Scalars[int64](rtCtx, db.Engine, core.Select(tb.ID).Where(tb.S.Eq(sql.Null[string]{Valid: true}), tb.I.Eq(sql.Null[int64]{Valid: true}), tb.B.Eq(sql.Null[bool]{Valid: true})))
		require.NoError(t, err)
		require.Equal(t, []int64{2}, ids)
	})
}

func TestRoundTripTellsNullFromZeroValuesWithPointers(t *testing.T) {
	md := core.NewMetaData()
	tb := core.NewTable[rtPtrTable](md, "rt_ptrs")
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		rtCreate(t, db, md)
		rtExec(t, db, core.Insert(tb).Row(tb.ID.To(1),
			tb.I.To(nil), tb.I16.To(nil), tb.S.To(nil), tb.Txt.To(nil), tb.B.To(nil), tb.F.To(nil), tb.F32.To(nil), tb.D.To(nil),
			tb.At.To(nil), tb.Wall.To(nil), tb.Day.To(nil), tb.Clock.To(nil), tb.Bin.To(nil), tb.U.To(nil), tb.Mood.To(nil)))
		var (
			i     int64
			i16   int16
			s     string
			txt   string
			b     bool
			f     float64
			f32   float32
			d     core.Decimal
			at    time.Time
			wall  time.Time
			day   time.Time
			clock core.TimeOfDay
			bin   = []byte{}
			u     core.UUID
			mood  = rtMood("sad")
		)
		rtExec(t, db, core.Insert(tb).Row(tb.ID.To(2),
			tb.I.To(&i), tb.I16.To(&i16), tb.S.To(&s), tb.Txt.To(&txt), tb.B.To(&b), tb.F.To(&f), tb.F32.To(&f32), tb.D.To(&d),
			tb.At.To(&at), tb.Wall.To(&wall), tb.Day.To(&day), tb.Clock.To(&clock), tb.Bin.To(&bin), tb.U.To(&u), tb.Mood.To(&mood)))

		null, err := engine.One[rtPtrRow](rtCtx, db.Engine, core.Select(tb).Where(tb.ID.Eq(1)))
		require.NoError(t, err)
		rtRequireNullFields(t, null)
		zero, err := engine.One[rtPtrRow](rtCtx, db.Engine, core.Select(tb).Where(tb.ID.Eq(2)))
		require.NoError(t, err)
		rtRequireZeroFields(t, zero)

		m := rtUntyped(t, db, core.Select(tb).Where(tb.ID.Eq(1)))
		for _, col := range rtNullColumns {
			require.Nil(t, m[col], "%s: NULL read back untyped as %#v", col, m[col])
		}
		m = rtUntyped(t, db, core.Select(tb).Where(tb.ID.Eq(2)))
		for _, col := range rtNullColumns {
			rtRequireZeroValue(t, col, m[col])
		}

		// Scalars into pointers keep the difference too.
		for id, valid := range map[int64]bool{1: false, 2: true} {
			pi, err := engine.Scalar[*int64](rtCtx, db.Engine, core.Select(tb.I).Where(tb.ID.Eq(id)))
			require.NoError(t, err)
			require.Equal(t, valid, pi != nil)
			ps, err := engine.Scalar[*string](rtCtx, db.Engine, core.Select(tb.Txt).Where(tb.ID.Eq(id)))
			require.NoError(t, err)
			require.Equal(t, valid, ps != nil)
			pd, err := engine.Scalar[*core.Decimal](rtCtx, db.Engine, core.Select(tb.D).Where(tb.ID.Eq(id)))
			require.NoError(t, err)
			require.Equal(t, valid, pd != nil)
			if valid {
				require.Equal(t, int64(0), *pi)
				require.Equal(t, "", *ps)
				require.Equal(t, "0.000", pd.String())
			}
			pu, err := engine.Scalar[*core.UUID](rtCtx, db.Engine, core.Select(tb.U).Where(tb.ID.Eq(id)))
			require.NoError(t, err)
			require.Equal(t, valid, pu != nil)
		}

		rtRequireNullAndZeroApart(t, db, &tb.Table)
	})
}

func TestRoundTripKeepsNonZeroValuesInNullableColumns(t *testing.T) {
	md := core.NewMetaData()
	tb := core.NewTable[rtPtrTable](md, "rt_ptrs_values")
	ny := rtZone(t, "America/New_York")
	i, i16, s, txt, b, f, f32 := int64(-42), int16(-7), "😀 nullable", "𝄞 text", true, 2.5, float32(-0.75)
	d := core.MustParseDecimal("-123456789.125")
	at := time.Date(2024, 7, 1, 8, 0, 0, 1000, ny)
	wall := time.Date(2024, 7, 1, 8, 0, 0, 1000, ny)
	day := time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)
	clock := core.NewTimeOfDay(23, 59, 59, 999999)
	bin := rtAllBytes()
	u := core.NewUUID()
	mood := rtMood("😀 ünïcode")
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		rtCreate(t, db, md)
		rtExec(t, db, core.Insert(tb).Row(tb.ID.To(1),
			tb.I.To(&i), tb.I16.To(&i16), tb.S.To(&s), tb.Txt.To(&txt), tb.B.To(&b), tb.F.To(&f), tb.F32.To(&f32), tb.D.To(&d),
			tb.At.To(&at), tb.Wall.To(&wall), tb.Day.To(&day), tb.Clock.To(&clock), tb.Bin.To(&bin), tb.U.To(&u), tb.Mood.To(&mood)))
		got, err := engine.One[rtPtrRow](rtCtx, db.Engine, core.Select(tb))
		require.NoError(t, err)
		require.Equal(t, i, *got.I)
		require.Equal(t, i16, *got.I16)
		require.Equal(t, s, *got.S)
		require.Equal(t, txt, *got.Txt)
		require.Equal(t, b, *got.B)
		require.Equal(t, f, *got.F)
		require.Equal(t, f32, *got.F32)
		require.Equal(t, d.String(), got.D.String())
		rtRequireUTCTime(t, at, *got.At, "at")
		rtRequireUTCTime(t, time.Date(2024, 7, 1, 8, 0, 0, 1000, time.UTC), *got.Wall, "wall")
		rtRequireUTCTime(t, day, *got.Day, "day")
		require.Equal(t, clock, *got.Clock)
		rtRequireBytes(t, bin, *got.Bin)
		require.Equal(t, u, *got.U)
		require.Equal(t, mood, *got.Mood)

		// A pointer is stored exactly as the value it points to: the UUID
		// as hex where there is no native type, the decimal at its scale.
		raw := map[string]string{
			"sqlite":   "SELECT CAST(u AS TEXT) || ' ' || CAST(d AS TEXT) || ' ' || CAST(wall AS TEXT) FROM rt_ptrs_values",
			"postgres": "SELECT replace(u::text, '-', '') || ' ' || d::text || ' ' || to_char(wall, 'YYYY-MM-DD HH24:MI:SS.US') FROM rt_ptrs_values",
			"mysql":    "SELECT CONCAT(u, ' ', CAST(d AS CHAR), ' ', CAST(wall AS CHAR)) FROM rt_ptrs_values",
		}
		require.Equal(t, u.Hex()+" -123456789.125 2024-07-01 08:00:00.000001", rtRawText(t, db, raw))
		ids, err := engine.Scalars[int64](rtCtx, db.Engine, core.Select(tb.ID).Where(tb.U.Eq(&u), tb.D.Eq(&d), tb.Wall.Eq(&wall)))
		require.NoError(t, err)
		require.Equal(t, []int64{1}, ids)
	})
}

func TestRoundTripStoresSQLNullValuesExactlyAsThePlainValues(t *testing.T) {
	md := core.NewMetaData()
	tb := core.NewTable[rtNullTable](md, "rt_nulls_values")
	u := core.MustParseUUID("0123456789abcdef0123456789ABCDEF")
	d := core.MustParseDecimal("1.5")
	wall := time.Date(2024, 1, 2, 3, 4, 5, 6000, rtZone(t, "Asia/Tokyo"))
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		rtCreate(t, db, md)
		rtExec(t, db, core.Insert(tb).Values(core.Values{tb.ID: int64(1),
			tb.U: sql.Null[core.UUID]{V: u, Valid: true}, tb.D: sql.Null[core.Decimal]{V: d, Valid: true}, tb.Wall: sql.Null[time.Time]{V: wall, Valid: true}}))
		raw := map[string]string{
			"sqlite":   "SELECT CAST(u AS TEXT) || ' ' || CAST(d AS TEXT) || ' ' || CAST(wall AS TEXT) FROM rt_nulls_values",
			"postgres": "SELECT replace(u::text, '-', '') || ' ' || d::text || ' ' || to_char(wall, 'YYYY-MM-DD HH24:MI:SS.US') FROM rt_nulls_values",
			"mysql":    "SELECT CONCAT(u, ' ', CAST(d AS CHAR), ' ', CAST(wall AS CHAR)) FROM rt_nulls_values",
		}
		// SQLite keeps a NUMERIC(12,3) as a REAL, which prints as 1.5.
		wantD := map[string]string{"sqlite": "1.5", "postgres": "1.500", "mysql": "1.500"}[db.Dialect]
		require.Equal(t, "0123456789abcdef0123456789abcdef "+wantD+" 2024-01-02 03:04:05.000006", rtRawText(t, db, raw))
		got, err := engine.One[rtNullRow](rtCtx, db.Engine, core.Select(tb))
		require.NoError(t, err)
		require.Equal(t, sql.Null[core.UUID]{V: u, Valid: true}, got.U)
		require.Equal(t, "1.500", got.D.V.String())
		rtRequireUTCTime(t, time.Date(2024, 1, 2, 3, 4, 5, 6000, time.UTC), got.Wall.V)
		ids, err := engine.Scalars[int64](rtCtx, db.Engine, core.Select(tb.ID).Where(tb.U.Eq(sql.Null[core.UUID]{V: u, Valid: true}), tb.D.Eq(sql.Null[core.Decimal]{V: d, Valid: true})))
		require.NoError(t, err)
		require.Equal(t, []int64{1}, ids)
	})
}
