package sqlconv_test

import (
	"database/sql"
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/internal/sqlconv"
	"github.com/retort-go/retort/sqltype"
)

type label string

func TestNormalizeReducesGoValuesToCanonicalOnes(t *testing.T) {
	n := int32(7)
	u := core.MustParseUUID("6ba7b810-9dad-11d1-80b4-00c04fd430c8")
	for _, c := range []struct {
		in, want any
	}{
		{int8(-3), int64(-3)}, {uint16(9), int64(9)}, {uint64(math.MaxUint64), uint64(math.MaxUint64)},
		{float32(1.5), 1.5}, {label("x"), "x"}, {&n, int64(7)}, {(*int32)(nil), nil},
		{sql.Null[string]{V: "s", Valid: true}, "s"}, {sql.Null[string]{}, nil}, {sql.NullInt64{Int64: 4, Valid: true}, int64(4)},
		{&u, u}, {sql.Null[core.UUID]{V: u, Valid: true}, u}, {[16]byte(u), u}, {[]byte(nil), nil},
		{json.RawMessage(`{}`), json.RawMessage(`{}`)}, {map[string]int{"a": 1}, map[string]int{"a": 1}},
	} {
		got, err := sqlconv.Normalize(c.in)
		require.NoError(t, err, "%T", c.in)
		require.Equal(t, c.want, got, "%T", c.in)
	}
}

func TestBindChecksWhatEveryDialectChecks(t *testing.T) {
	mood := sqltype.Enum{Name: "mood", Values: []string{"sad", "happy"}}
	_, _, err := sqlconv.Bind("angry", mood)
	require.ErrorIs(t, err, core.ErrValue)
	v, _, err := sqlconv.Bind(label("happy"), mood)
	require.NoError(t, err)
	require.Equal(t, "happy", v)

	v, _, err = sqlconv.Bind("6BA7B810-9DAD-11D1-80B4-00C04FD430C8", sqltype.UUID{})
	require.NoError(t, err)
	require.Equal(t, core.MustParseUUID("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), v)
	_, _, err = sqlconv.Bind("not-a-uuid", sqltype.UUID{})
	require.ErrorIs(t, err, core.ErrValue)

	_, _, err = sqlconv.Bind(uint64(math.MaxUint64), sqltype.BigInt{})
	require.ErrorIs(t, err, core.ErrValue)

	at := time.Date(2024, 1, 2, 3, 4, 5, 123456789, time.UTC)
	v, kind, err := sqlconv.Bind(at, sqltype.Timestamp{TimeZone: true})
	require.NoError(t, err)
	require.Equal(t, sqltype.KindTimestampTZ, kind)
	require.Equal(t, at.Truncate(time.Microsecond), v)

	v, _, err = sqlconv.Bind(struct{ A int }{1}, sqltype.JSON{})
	require.NoError(t, err)
	require.Equal(t, `{"A":1}`, v)
	v, _, err = sqlconv.Bind([]byte(`[1]`), sqltype.JSON{})
	require.NoError(t, err)
	require.Equal(t, `[1]`, v)
	_, _, err = sqlconv.Bind(struct{ A int }{1}, sqltype.BigInt{})
	require.ErrorIs(t, err, core.ErrValue, "a struct for an integer column")
}

func TestAssignConvertsDriverValuesWithoutLoss(t *testing.T) {
	var i16 int16
	require.NoError(t, sqlconv.Assign(&i16, int64(-32768)))
	require.Equal(t, int16(-32768), i16)
	require.Error(t, sqlconv.Assign(&i16, int64(40000)), "out of range")

	var b bool
	require.NoError(t, sqlconv.Assign(&b, int64(1)))
	require.True(t, b)
	require.Error(t, sqlconv.Assign(&b, int64(2)))

	var f float64
	require.NoError(t, sqlconv.Assign(&f, []byte("2.5")))
	require.Equal(t, 2.5, f)

	var tm time.Time
	require.NoError(t, sqlconv.Assign(&tm, "2024-01-02 03:04:05.000006"))
	require.Equal(t, time.Date(2024, 1, 2, 3, 4, 5, 6000, time.UTC), tm)
	require.NoError(t, sqlconv.Assign(&tm, "2024-01-02"))
	require.Equal(t, time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC), tm)

	var s string
	require.Error(t, sqlconv.Assign(&s, nil), "NULL needs a nullable destination")
	var ps *string
	require.NoError(t, sqlconv.Assign(&ps, nil))
	require.Nil(t, ps)
	require.NoError(t, sqlconv.Assign(&ps, []byte("x")))
	require.Equal(t, "x", *ps)
	var ns sql.Null[time.Time]
	require.NoError(t, sqlconv.Assign(&ns, "2024-01-02 03:04:05"))
	require.True(t, ns.Valid)

	var empty []byte
	require.NoError(t, sqlconv.Assign(&empty, []byte{}))
	require.NotNil(t, empty, "empty bytes are not NULL")

	var doc struct{ A []int }
	require.NoError(t, sqlconv.Assign(&doc, `{"A":[1,2]}`))
	require.Equal(t, []int{1, 2}, doc.A)

	var l label
	require.NoError(t, sqlconv.Assign(&l, []byte("named")))
	require.Equal(t, label("named"), l)

	var d core.Decimal
	require.NoError(t, sqlconv.Assign(&d, []byte("12.50")))
	require.Equal(t, "12.50", d.String())

	var ch chan int
	require.Error(t, sqlconv.Assign(&ch, int64(1)))
}
