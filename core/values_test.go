package core_test

import (
	"encoding/json"
	"math/big"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
)

func TestDecimalKeepsEveryDigitAndItsScale(t *testing.T) {
	for in, want := range map[string]string{
		"0": "0", "-0": "0", "+1.10": "1.10", "007.50": "7.50", ".5": "0.5", "-.5": "-0.5", "5.": "5",
		"1e3": "1000", "1.5e-3": "0.0015", "-12.345E1": "-123.45",
		"123456789012345678901234567890.123456789": "123456789012345678901234567890.123456789",
	} {
		d, err := core.ParseDecimal(in)
		require.NoError(t, err, in)
		require.Equal(t, want, d.String(), in)
	}
	for _, bad := range []string{"", "-", "1.2.3", "abc", "NaN", "Infinity", "1e", "1,5", " 1"} {
		_, err := core.ParseDecimal(bad)
		require.ErrorIs(t, err, core.ErrDecimalSyntax, bad)
	}
	d := core.MustParseDecimal("-1234.5600")
	require.Equal(t, 4, d.Scale())
	require.Equal(t, -1, d.Sign())
	require.Equal(t, big.NewInt(-12345600), d.Coefficient())
	require.Equal(t, "-1234.5600", core.NewDecimal(-12345600, 4).String())
	require.Equal(t, "1200", core.NewDecimal(12, -2).String())
	require.True(t, core.MustParseDecimal("1.10").Equal(core.MustParseDecimal("1.1")))
	require.Equal(t, -1, core.MustParseDecimal("0.1").Cmp(core.MustParseDecimal("0.10000000000000000001")))
	require.True(t, core.MustParseDecimal("0.000").IsZero())
	require.Equal(t, "1.01", core.MustParseDecimal("1.005").Round(2).String(), "half away from zero")
	require.Equal(t, "-1.01", core.MustParseDecimal("-1.005").Round(2).String())
	require.Equal(t, "1.500", core.MustParseDecimal("1.5").Round(3).String())
	f, exact := core.MustParseDecimal("0.5").Float64()
	require.True(t, exact)
	require.Equal(t, 0.5, f)
	_, exact = core.MustParseDecimal("0.1").Float64()
	require.False(t, exact)

	fd, err := core.DecimalFromFloat(1.1, 2)
	require.NoError(t, err)
	require.Equal(t, "1.10", fd.String())

	b, err := json.Marshal(struct{ P core.Decimal }{core.MustParseDecimal("12345678901234567890.5")})
	require.NoError(t, err)
	require.JSONEq(t, `{"P": 12345678901234567890.5}`, string(b))
	var back struct{ P core.Decimal }
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, "12345678901234567890.5", back.P.String())
	require.NoError(t, json.Unmarshal([]byte(`{"P":"3.25"}`), &back))
	require.Equal(t, "3.25", back.P.String())

	var s core.Decimal
	require.NoError(t, s.Scan([]byte("9.99")))
	require.Equal(t, "9.99", s.String())
	require.NoError(t, s.Scan(int64(-3)))
	require.Equal(t, "-3", s.String())
	require.Error(t, s.Scan(nil), "NULL needs a nullable destination")
}

func TestUUIDParsesBothFormsAndFormatsCanonically(t *testing.T) {
	u := core.MustParseUUID("6BA7B810-9DAD-11D1-80B4-00C04FD430C8")
	require.Equal(t, "6ba7b810-9dad-11d1-80b4-00c04fd430c8", u.String())
	require.Equal(t, "6ba7b8109dad11d180b400c04fd430c8", u.Hex())
	v, err := core.ParseUUID(u.Hex())
	require.NoError(t, err)
	require.Equal(t, u, v)
	for _, bad := range []string{"", "6ba7b810-9dad-11d1-80b4", "6ba7b810x9dad-11d1-80b4-00c04fd430c8", "zzzzzzzz-9dad-11d1-80b4-00c04fd430c8"} {
		_, err := core.ParseUUID(bad)
		require.ErrorIs(t, err, core.ErrUUIDSyntax, bad)
	}
	r := core.NewUUID()
	require.Equal(t, byte(0x40), r[6]&0xf0, "version 4")
	require.Equal(t, byte(0x80), r[8]&0xc0, "RFC 4122 variant")
	require.NotEqual(t, r, core.NewUUID())
	a, b := core.NewUUIDv7(), core.NewUUIDv7()
	require.Equal(t, byte(0x70), a[6]&0xf0, "version 7")
	time.Sleep(2 * time.Millisecond)
	c := core.NewUUIDv7()
	require.Less(t, a.String()[:13], c.String()[:13]+"~", "later v7 UUIDs sort later")
	require.NotEqual(t, a, b)

	var s core.UUID
	require.NoError(t, s.Scan(u.Hex()))
	require.Equal(t, u, s)
	require.NoError(t, s.Scan(u[:]))
	require.Equal(t, u, s)
	require.True(t, core.UUID{}.IsZero())
}

func TestTimeOfDayParsesFormatsAndKeepsMicroseconds(t *testing.T) {
	tod := core.NewTimeOfDay(13, 4, 5, 6)
	require.Equal(t, "13:04:05.000006", tod.String())
	for in, want := range map[string]string{
		"13:04": "13:04:00.000000", "13:04:05": "13:04:05.000000", "13:04:05.5": "13:04:05.500000",
		"00:00:00.123456789": "00:00:00.123456", "24:00:00": "24:00:00.000000",
	} {
		v, err := core.ParseTimeOfDay(in)
		require.NoError(t, err, in)
		require.Equal(t, want, v.String(), in)
	}
	for _, bad := range []string{"", "1:2", "25:00", "12:60", "12:00:61", "24:00:01", "12:00:00.", "ab:cd"} {
		_, err := core.ParseTimeOfDay(bad)
		require.ErrorIs(t, err, core.ErrTimeOfDaySyntax, bad)
	}
	at := time.Date(2024, 1, 2, 3, 4, 5, 6789, time.UTC)
	require.Equal(t, "03:04:05.000006", core.TimeOfDayOf(at).String())
	require.Equal(t, 3*time.Hour+4*time.Minute+5*time.Second+6*time.Microsecond, core.TimeOfDayOf(at).Duration())
	require.Panics(t, func() { core.NewTimeOfDay(24, 0, 0, 0) })
}

func TestTextFindsNamedParametersButNotCastsQuotesOrComments(t *testing.T) {
	q := core.Text(`SELECT id::text, ':x' AS "a:b", ` + "`c:d`" + ` FROM t -- :y
WHERE a = :a /* :z */ AND b = :b AND c = :a AND d = 'it''s :q' AND e = \:lit`)
	chunks, params := q.Chunks()
	names := make([]string, len(params))
	for i, p := range params {
		names[i] = p.Name
	}
	require.Equal(t, []string{"a", "b", "a"}, names)
	require.Len(t, chunks, 4)
	require.Contains(t, chunks[3], "e = :lit", "an escaped colon is a plain colon")
	require.Contains(t, chunks[0], "id::text")

	require.ErrorIs(t, q.Err(), core.ErrStatement, "values are missing")
	require.NoError(t, q.Bind("a", 1).Bind("b", 2).Err())
	require.ErrorIs(t, q.BindMap(map[string]any{"a": 1, "b": 2, "c": 3}).Err(), core.ErrStatement, "c is not used")
	require.ErrorIs(t, core.Text("SELECT 'unterminated").Err(), core.ErrStatement)
}
