package tests

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/internal/testdb"
)

// Values at the edge of what a database accepts. They either round-trip
// exactly or are refused with an error that writes nothing; none is
// silently changed, except where a test below says so. Which dialect
// refuses what is part of the documented behaviour (docs/dialects.md).

// rtRefusedBy lists the dialects expected to refuse a value.
type rtRefusedBy map[string]bool

// rtRequireRefused checks err is a refusal: a core.ValueError (Retort saw
// it first) or a data error from the database.
func rtRequireRefused(t *testing.T, err error, what string) {
	t.Helper()
	require.Error(t, err, "%s should be refused", what)
	var dbe *engine.DBError
	require.True(t, errors.Is(err, core.ErrValue) || errors.As(err, &dbe) && dbe.Class == engine.ClassData,
		"%s: want core.ErrValue or a data error, got %v", what, err)
}

func TestRoundTripKeepsOrRefusesSpecialFloatsAsDocumentedPerDialect(t *testing.T) {
	md := core.NewMetaData()
	tb := core.NewTable[rtFloatTable](md, "rt_floats_special")
	cases := []struct {
		name    string
		v       float64
		refused rtRefusedBy
	}{
		// SQLite would store NaN as NULL; Retort refuses it there.
		{"NaN", math.NaN(), rtRefusedBy{"sqlite": true, "mysql": true}},
		{"+Inf", math.Inf(1), rtRefusedBy{"mysql": true}},
		{"-Inf", math.Inf(-1), rtRefusedBy{"mysql": true}},
	}
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		rtCreate(t, db, md)
		for i, c := range cases {
			id := int64(i + 1)
			_, err := db.Engine.Exec(rtCtx, core.Insert(tb).Row(tb.ID.To(id), tb.F32.To(float32(c.v)), tb.F64.To(c.v)))
			if c.refused[db.Dialect] {
				rtRequireRefused(t, err, c.name)
				require.Zero(t, rtCount(t, db, tb, tb.ID.Eq(id)))
				continue
			}
			require.NoError(t, err, c.name)
			got, err := engine.One[rtFloatRow](rtCtx, db.Engine, core.Select(tb).Where(tb.ID.Eq(id)))
			require.NoError(t, err)
			require.Equal(t, math.Float64bits(c.v), math.Float64bits(got.F64), c.name)
			require.Equal(t, math.Float32bits(float32(c.v)), math.Float32bits(got.F32), c.name)
		}

		// Negative zero keeps its sign only on PostgreSQL; elsewhere it
		// reads back as +0 (equal to it, as IEEE 754 says).
		negZero := math.Copysign(0, -1)
		rtExec(t, db, core.Insert(tb).Row(tb.ID.To(10), tb.F32.To(float32(negZero)), tb.F64.To(negZero)))
		got, err := engine.Scalar[float64](rtCtx, db.Engine, core.Select(tb.F64).Where(tb.ID.Eq(10)))
		require.NoError(t, err)
		require.Zero(t, got)
		require.Equal(t, db.Dialect == "postgres", math.Signbit(got), "sign of -0 read back")
	})
}

func TestRoundTripKeepsOrRefusesUnusualTextAsDocumentedPerDialect(t *testing.T) {
	md := core.NewMetaData()
	tb := core.NewTable[rtStringTable](md, "rt_strings_special")
	cases := []struct {
		name    string
		name40  string
		body    string
		refused rtRefusedBy
	}{
		// PostgreSQL's text cannot hold U+0000.
		{"a NUL character", "x", "nul\x00byte", rtRefusedBy{"postgres": true}},
		// Bytes that are not UTF-8 are kept only by SQLite.
		{"invalid UTF-8", "x", "bad \xff\xfe utf8", rtRefusedBy{"postgres": true, "mysql": true}},
		// SQLite does not enforce VARCHAR lengths.
		{"41 characters in a varchar(40)", strings.Repeat("x", 41), "", rtRefusedBy{"postgres": true, "mysql": true}},
		// MySQL's TEXT holds at most 65,535 bytes.
		{"70,000 bytes of text", "x", strings.Repeat("a", 70000), rtRefusedBy{"mysql": true}},
		{"65,535 bytes of text", "x", strings.Repeat("é", 65535/2) + "a", nil},
	}
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		rtCreate(t, db, md)
		for i, c := range cases {
			id := int64(i + 1)
			_, err := db.Engine.Exec(rtCtx, core.Insert(tb).Row(tb.ID.To(id), tb.Name.To(c.name40), tb.Body.To(c.body)))
			if c.refused[db.Dialect] {
				rtRequireRefused(t, err, c.name)
				require.Zero(t, rtCount(t, db, tb, tb.ID.Eq(id)))
				continue
			}
			require.NoError(t, err, c.name)
			got, err := engine.One[rtStringRow](rtCtx, db.Engine, core.Select(tb).Where(tb.ID.Eq(id)))
			require.NoError(t, err)
			require.Equal(t, rtStringRow{id, c.name40, c.body}, got, c.name)
		}
	})
}

func TestRoundTripKeepsOrRefusesLargeBinaryAsDocumentedPerDialect(t *testing.T) {
	md := core.NewMetaData()
	tb := core.NewTable[rtBlobTable](md, "rt_blobs_special")
	cases := []struct {
		name        string
		data, small []byte
		refused     rtRefusedBy
	}{
		// MySQL's BLOB holds at most 65,535 bytes.
		{"70,000 bytes", make([]byte, 70000), nil, rtRefusedBy{"mysql": true}},
		{"65,535 bytes", make([]byte, 65535), nil, nil},
		// Only MySQL has VARBINARY(n); the others store unbounded bytes.
		{"301 bytes in a size=300 column", nil, make([]byte, 301), rtRefusedBy{"mysql": true}},
	}
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		rtCreate(t, db, md)
		for i, c := range cases {
			id := int64(i + 1)
			_, err := db.Engine.Exec(rtCtx, core.Insert(tb).Row(tb.ID.To(id), tb.Data.To(c.data), tb.Small.To(c.small)))
			if c.refused[db.Dialect] {
				rtRequireRefused(t, err, c.name)
				require.Zero(t, rtCount(t, db, tb, tb.ID.Eq(id)))
				continue
			}
			require.NoError(t, err, c.name)
			got, err := engine.One[rtBlobRow](rtCtx, db.Engine, core.Select(tb).Where(tb.ID.Eq(id)))
			require.NoError(t, err)
			rtRequireBytes(t, c.data, got.Data, c.name)
			rtRequireBytes(t, c.small, got.Small, c.name)
		}
	})
}
