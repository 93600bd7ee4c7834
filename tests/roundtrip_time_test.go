package tests

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/internal/testdb"
)

// rtZone loads a named zone, failing the test when the system has no tz data.
func rtZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	require.NoError(t, err)
	return loc
}

// rtRequireUTCTime checks got is the instant want and is in time.UTC.
func rtRequireUTCTime(t *testing.T, want, got time.Time, msgAndArgs ...any) {
	t.Helper()
	require.True(t, want.Equal(got), "want %s, got %s %v", want.Format(time.RFC3339Nano), got.Format(time.RFC3339Nano), msgAndArgs)
	require.Same(t, time.UTC, got.Location(), "want location UTC, got %q %v", got.Location(), msgAndArgs)
}

// Dates.

type rtDateTable struct {
	core.Table
	ID  core.Column[int64]     `db:"id,pk"`
	Day core.Column[time.Time] `db:"day,type=date"`
}

type rtDateRow struct {
	ID  int64
	Day time.Time
}

func TestRoundTripKeepsDatesAsMidnightUTC(t *testing.T) {
	md := core.NewMetaData()
	tb := core.NewTable[rtDateTable](md, "rt_dates")
	ny := rtZone(t, "America/New_York")
	tokyo := rtZone(t, "Asia/Tokyo")
	cases := []struct {
		id       int64
		in, want time.Time
		text     string
	}{
		{1, time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC), time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC), "2024-01-02"},
		{2, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), "2024-02-29"},
		{3, time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC), "1000-01-01"},
		{4, time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), "9999-12-31"},
		{5, time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC), "1969-12-31"},
		{9, time.Time{}, time.Time{}, "0001-01-01"}, // Go's zero time
		// A time of day is dropped; the date is the one on the wall clock
		// of the value's own zone, never shifted to UTC first.
		{6, time.Date(2024, 1, 2, 15, 4, 5, 6000, time.UTC), time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC), "2024-01-02"},
		{7, time.Date(2024, 1, 2, 23, 30, 0, 0, ny), time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC), "2024-01-02"},
		{8, time.Date(2024, 1, 2, 0, 30, 0, 0, tokyo), time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC), "2024-01-02"},
	}
	raw := map[string]string{
		"sqlite":   "SELECT typeof(day) || ':' || CAST(day AS TEXT) FROM rt_dates WHERE id = :id",
		"postgres": "SELECT 'date:' || day::text FROM rt_dates WHERE id = :id",
		"mysql":    "SELECT CONCAT('date:', CAST(day AS CHAR)) FROM rt_dates WHERE id = :id",
	}
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		rtCreate(t, db, md)
		for _, c := range cases {
			rtExec(t, db, core.Insert(tb).Row(tb.ID.To(c.id), tb.Day.To(c.in)))
		}
		for _, c := range cases {
			byID := tb.ID.Eq(c.id)
			got, err := engine.One[rtDateRow](rtCtx, db.Engine, core.Select(tb).Where(byID))
			require.NoError(t, err)
			rtRequireUTCTime(t, c.want, got.Day, "row", c.id)

			day, err := engine.Scalar[time.Time](rtCtx, db.Engine, core.Select(tb.Day).Where(byID))
			require.NoError(t, err)
			rtRequireUTCTime(t, c.want, day, "scalar", c.id)

			m := rtUntyped(t, db, core.Select(tb).Where(byID))
			v, ok := m["day"].(time.Time)
			require.True(t, ok, "untyped date is %T", m["day"])
			rtRequireUTCTime(t, c.want, v, "untyped", c.id)

			// SQLite stores SQLAlchemy's 'YYYY-MM-DD' text.
			want := "date:" + c.text
			if db.Dialect == "sqlite" {
				want = "text:" + c.text
			}
			require.Equal(t, want, rtRawText(t, db, raw, "id", c.id))

			// The date is found by the same value it was written with.
			ids, err := engine.Scalars[int64](rtCtx, db.Engine, core.Select(tb.ID).Where(tb.Day.Eq(c.want)).OrderBy(tb.ID.Asc()))
			require.NoError(t, err)
			require.Contains(t, ids, c.id)
		}
	})
}

// Times of day.

type rtClockTable struct {
	core.Table
	ID    core.Column[int64]          `db:"id,pk"`
	Clock core.Column[core.TimeOfDay] `db:"clock"`
}

type rtClockRow struct {
	ID    int64
	Clock core.TimeOfDay
}

func TestRoundTripKeepsTimesOfDayWithMicroseconds(t *testing.T) {
	md := core.NewMetaData()
	tb := core.NewTable[rtClockTable](md, "rt_clocks")
	cases := []rtClockRow{
		{1, core.NewTimeOfDay(0, 0, 0, 0)},
		{2, core.NewTimeOfDay(3, 4, 5, 6)},
		{3, core.NewTimeOfDay(23, 59, 59, 999999)},
		{4, core.NewTimeOfDay(12, 0, 0, 500000)},
		{5, core.NewTimeOfDay(0, 0, 0, 1)},
	}
	raw := map[string]string{
		"sqlite":   "SELECT typeof(clock) || ':' || CAST(clock AS TEXT) FROM rt_clocks WHERE id = :id",
		"postgres": "SELECT 'time:' || clock::text FROM rt_clocks WHERE id = :id",
		"mysql":    "SELECT CONCAT('time:', CAST(clock AS CHAR)) FROM rt_clocks WHERE id = :id",
	}
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		rtCreate(t, db, md)
		for i, c := range cases {
			if i%2 == 0 {
				rtExec(t, db, core.Insert(tb).Row(tb.ID.To(c.ID), tb.Clock.To(c.Clock)))
			} else {
				rtExec(t, db, core.Insert(tb).Values(core.Values{tb.ID: c.ID, tb.Clock: c.Clock}))
			}
		}
		for _, want := range cases {
			byID := tb.ID.Eq(want.ID)
			got, err := engine.One[rtClockRow](rtCtx, db.Engine, core.Select(tb).Where(byID))
			require.NoError(t, err)
			require.Equal(t, want, got)

			clock, err := engine.Scalar[core.TimeOfDay](rtCtx, db.Engine, core.Select(tb.Clock).Where(byID))
			require.NoError(t, err)
			require.Equal(t, want.Clock, clock)

			m := rtUntyped(t, db, core.Select(tb).Where(byID))
			require.Equal(t, want.Clock, m["clock"])

			ids, err := engine.Scalars[int64](rtCtx, db.Engine, core.Select(tb.ID).Where(tb.Clock.Eq(want.Clock)))
			require.NoError(t, err)
			require.Equal(t, []int64{want.ID}, ids)
		}
		// SQLite stores SQLAlchemy's 'HH:MM:SS.ffffff' text; the servers
		// print their TIME columns the same way (PostgreSQL drops a zero fraction).
		got := rtRawText(t, db, raw, "id", int64(2))
		want := map[string]string{"sqlite": "text:03:04:05.000006", "postgres": "time:03:04:05.000006", "mysql": "time:03:04:05.000006"}
		require.Equal(t, want[db.Dialect], got)
	})
}

func TestRoundTripKeepsTheEndOfDayTime(t *testing.T) {
	md := core.NewMetaData()
	tb := core.NewTable[rtClockTable](md, "rt_clocks_eod")
	eod, err := core.ParseTimeOfDay("24:00:00")
	require.NoError(t, err)
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		rtCreate(t, db, md)
		rtExec(t, db, core.Insert(tb).Row(tb.ID.To(1), tb.Clock.To(eod)))
		got, err := engine.Scalar[core.TimeOfDay](rtCtx, db.Engine, core.Select(tb.Clock))
		require.NoError(t, err)
		require.Equal(t, eod, got)
		require.Equal(t, 24*time.Hour, got.Duration())
	})
}

// Timestamps without time zone.

type rtWallTable struct {
	core.Table
	ID   core.Column[int64]     `db:"id,pk"`
	Wall core.Column[time.Time] `db:"wall,type=timestamp"`
}

type rtWallRow struct {
	ID   int64
	Wall time.Time
}

func TestRoundTripKeepsTheWallClockOfTimestampsWithoutTimeZone(t *testing.T) {
	md := core.NewMetaData()
	tb := core.NewTable[rtWallTable](md, "rt_walls")
	ny := rtZone(t, "America/New_York")
	plus0530 := time.FixedZone("", 5*3600+30*60)
	cases := []struct {
		id       int64
		in, want time.Time
		text     string
	}{
		{1, time.Date(2024, 1, 2, 3, 4, 5, 6000, time.UTC), time.Date(2024, 1, 2, 3, 4, 5, 6000, time.UTC), "2024-01-02 03:04:05.000006"},
		// The wall clock is kept whatever the zone: no conversion to UTC.
		{2, time.Date(2024, 7, 1, 12, 30, 0, 500000000, ny), time.Date(2024, 7, 1, 12, 30, 0, 500000000, time.UTC), "2024-07-01 12:30:00.500000"},
		{3, time.Date(2024, 1, 2, 0, 15, 0, 0, plus0530), time.Date(2024, 1, 2, 0, 15, 0, 0, time.UTC), "2024-01-02 00:15:00.000000"},
		// Nanoseconds are truncated to microseconds, not rounded.
		{4, time.Date(2024, 1, 2, 3, 4, 5, 123456789, time.UTC), time.Date(2024, 1, 2, 3, 4, 5, 123456000, time.UTC), "2024-01-02 03:04:05.123456"},
		{5, time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC), "1000-01-01 00:00:00.000000"},
		{6, time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC), "9999-12-31 23:59:59.999999"},
		{7, time.Date(1969, 12, 31, 23, 59, 59, 999999000, time.UTC), time.Date(1969, 12, 31, 23, 59, 59, 999999000, time.UTC), "1969-12-31 23:59:59.999999"},
		// A wall clock that does not exist in New York (the spring-forward gap) is still a valid naive timestamp.
		{8, time.Date(2024, 3, 10, 2, 30, 0, 0, time.UTC), time.Date(2024, 3, 10, 2, 30, 0, 0, time.UTC), "2024-03-10 02:30:00.000000"},
		{9, time.Time{}, time.Time{}, "0001-01-01 00:00:00.000000"}, // Go's zero time
	}
	raw := map[string]string{
		"sqlite":   "SELECT typeof(wall) || ':' || CAST(wall AS TEXT) FROM rt_walls WHERE id = :id",
		"postgres": "SELECT 'ts:' || to_char(wall, 'YYYY-MM-DD HH24:MI:SS.US') FROM rt_walls WHERE id = :id",
		"mysql":    "SELECT CONCAT('ts:', CAST(wall AS CHAR)) FROM rt_walls WHERE id = :id",
	}
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		rtCreate(t, db, md)
		for _, c := range cases {
			rtExec(t, db, core.Insert(tb).Row(tb.ID.To(c.id), tb.Wall.To(c.in)))
		}
		for _, c := range cases {
			byID := tb.ID.Eq(c.id)
			got, err := engine.One[rtWallRow](rtCtx, db.Engine, core.Select(tb).Where(byID))
			require.NoError(t, err)
			rtRequireUTCTime(t, c.want, got.Wall, "row", c.id)

			wall, err := engine.Scalar[time.Time](rtCtx, db.Engine, core.Select(tb.Wall).Where(byID))
			require.NoError(t, err)
			rtRequireUTCTime(t, c.want, wall, "scalar", c.id)

			m := rtUntyped(t, db, core.Select(tb).Where(byID))
			v, ok := m["wall"].(time.Time)
			require.True(t, ok, "untyped timestamp is %T", m["wall"])
			rtRequireUTCTime(t, c.want, v, "untyped", c.id)

			// SQLite stores SQLAlchemy's text with six fractional digits.
			want := "ts:" + c.text
			if db.Dialect == "sqlite" {
				want = "text:" + c.text
			}
			require.Equal(t, want, rtRawText(t, db, raw, "id", c.id))

			// Found again by the value as written (its wall clock).
			ids, err := engine.Scalars[int64](rtCtx, db.Engine, core.Select(tb.ID).Where(tb.Wall.Eq(c.in)))
			require.NoError(t, err)
			require.Equal(t, []int64{c.id}, ids)
		}
	})
}

// Timestamps with time zone.

type rtInstantTable struct {
	core.Table
	ID core.Column[int64]     `db:"id,pk"`
	At core.Column[time.Time] `db:"at"` // a time.Time column is TIMESTAMP WITH TIME ZONE by default
}

type rtInstantRow struct {
	ID int64
	At time.Time
}

func TestRoundTripKeepsTheInstantOfTimestampsWithTimeZoneAndReadsThemInUTC(t *testing.T) {
	md := core.NewMetaData()
	tb := core.NewTable[rtInstantTable](md, "rt_instants")
	ny := rtZone(t, "America/New_York")
	plus0530 := time.FixedZone("IST", 5*3600+30*60)
	minus0930 := time.FixedZone("", -(9*3600 + 30*60))
	cases := []struct {
		id       int64
		in, want time.Time
		utcText  string
	}{
		{1, time.Date(2024, 1, 2, 3, 4, 5, 6000, time.UTC), time.Date(2024, 1, 2, 3, 4, 5, 6000, time.UTC), "2024-01-02 03:04:05.000006"},
		// Summer time in New York is UTC-4, winter time UTC-5.
		{2, time.Date(2024, 7, 1, 8, 0, 0, 6000, ny), time.Date(2024, 7, 1, 12, 0, 0, 6000, time.UTC), "2024-07-01 12:00:00.000006"},
		{3, time.Date(2024, 1, 15, 22, 30, 0, 0, ny), time.Date(2024, 1, 16, 3, 30, 0, 0, time.UTC), "2024-01-16 03:30:00.000000"},
		{4, time.Date(2024, 1, 2, 0, 15, 0, 0, plus0530), time.Date(2024, 1, 1, 18, 45, 0, 0, time.UTC), "2024-01-01 18:45:00.000000"},
		{5, time.Date(2024, 12, 31, 20, 0, 0, 0, minus0930), time.Date(2025, 1, 1, 5, 30, 0, 0, time.UTC), "2025-01-01 05:30:00.000000"},
		{6, time.Date(2024, 1, 2, 3, 4, 5, 999999999, time.UTC), time.Date(2024, 1, 2, 3, 4, 5, 999999000, time.UTC), "2024-01-02 03:04:05.999999"},
		{7, time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC), "1000-01-01 00:00:00.000000"},
		{8, time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC), "9999-12-31 23:59:59.999999"},
		{9, time.Unix(-1, 1000).In(ny), time.Date(1969, 12, 31, 23, 59, 59, 1000, time.UTC), "1969-12-31 23:59:59.000001"},
		{10, time.Time{}, time.Time{}, "0001-01-01 00:00:00.000000"}, // Go's zero time
	}
	raw := map[string]string{
		"sqlite":   "SELECT typeof(at) || ':' || CAST(at AS TEXT) FROM rt_instants WHERE id = :id",
		"postgres": "SELECT 'ts:' || to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') FROM rt_instants WHERE id = :id",
		"mysql":    "SELECT CONCAT('ts:', CAST(at AS CHAR)) FROM rt_instants WHERE id = :id",
	}
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		rtCreate(t, db, md)
		for i, c := range cases {
			if i%2 == 0 {
				rtExec(t, db, core.Insert(tb).Row(tb.ID.To(c.id), tb.At.To(c.in)))
			} else {
				rtExec(t, db, core.Insert(tb).Values(core.Values{tb.ID: c.id, tb.At: c.in}))
			}
		}
		for _, c := range cases {
			byID := tb.ID.Eq(c.id)
			got, err := engine.One[rtInstantRow](rtCtx, db.Engine, core.Select(tb).Where(byID))
			require.NoError(t, err)
			rtRequireUTCTime(t, c.want, got.At, "row", c.id)

			at, err := engine.Scalar[time.Time](rtCtx, db.Engine, core.Select(tb.At).Where(byID))
			require.NoError(t, err)
			rtRequireUTCTime(t, c.want, at, "scalar", c.id)

			m := rtUntyped(t, db, core.Select(tb).Where(byID))
			v, ok := m["at"].(time.Time)
			require.True(t, ok, "untyped timestamptz is %T", m["at"])
			rtRequireUTCTime(t, c.want, v, "untyped", c.id)

			// SQLite and MySQL store the instant as its UTC wall clock;
			// SQLite's text is SQLAlchemy's, without an offset.
			want := "ts:" + c.utcText
			if db.Dialect == "sqlite" {
				want = "text:" + c.utcText
			}
			require.Equal(t, want, rtRawText(t, db, raw, "id", c.id))

			// The same instant in any zone finds the row.
			for _, loc := range []*time.Location{time.UTC, ny, plus0530, minus0930} {
				ids, err := engine.Scalars[int64](rtCtx, db.Engine, core.Select(tb.ID).Where(tb.At.Eq(c.want.In(loc))))
				require.NoError(t, err)
				require.Equal(t, []int64{c.id}, ids, "instant %s", c.want.In(loc))
			}
		}
	})
}
