package sqltype_test

import (
	"errors"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/sqltype"
)

func TestParseReadsTheTypeNamesTagsUse(t *testing.T) {
	for in, want := range map[string]sqltype.Type{
		"bigint": sqltype.BigInt{}, "INT": sqltype.Integer{}, "smallint": sqltype.SmallInt{},
		"varchar(30)": sqltype.String{Length: 30}, "string": sqltype.String{},
		"numeric(20, 6)": sqltype.Numeric{Precision: 20, Scale: 6}, "decimal(5)": sqltype.Numeric{Precision: 5},
		"timestamp": sqltype.Timestamp{}, "timestamptz": sqltype.Timestamp{TimeZone: true}, "datetime": sqltype.Timestamp{},
		"jsonb": sqltype.JSON{Binary: true}, "varbinary(16)": sqltype.Binary{Length: 16}, "uuid": sqltype.UUID{},
		"double precision": sqltype.Double{}, "real": sqltype.Float{}, "text": sqltype.Text{}, "bool": sqltype.Boolean{},
	} {
		got, err := sqltype.Parse(in)
		require.NoError(t, err, in)
		require.Equal(t, want, got, in)
	}
	for _, bad := range []string{"", "blob(x)", "varchar(1,2)", "numeric(2,5)", "numeric(3", "frobnicate", "text(5)", "varchar(-1)"} {
		_, err := sqltype.Parse(bad)
		require.Error(t, err, bad)
	}
}

func TestKindsAndNamesDescribeEachType(t *testing.T) {
	require.Equal(t, sqltype.KindTimestampTZ, sqltype.Timestamp{TimeZone: true}.Kind())
	require.Equal(t, sqltype.KindTimestamp, sqltype.Timestamp{}.Kind())
	require.Equal(t, "numeric(10,2)", sqltype.Numeric{Precision: 10, Scale: 2}.String())
	require.Equal(t, "enum mood(sad|happy)", sqltype.Enum{Name: "mood", Values: []string{"sad", "happy"}}.String())
	require.True(t, sqltype.Enum{Values: []string{"a"}}.Has("a"))
	require.False(t, sqltype.Enum{Values: []string{"a"}}.Has("A"))
	require.Equal(t, "bigint", sqltype.KindBigInt.String())
}

func TestCustomTypesConvertAndRejectOtherGoTypes(t *testing.T) {
	type cents int64
	ct := sqltype.NewCustom("cents", sqltype.Text{},
		func(c cents) (string, error) { return strconv.FormatInt(int64(c), 10), nil },
		func(s string) (cents, error) { n, err := strconv.ParseInt(s, 10, 64); return cents(n), err })
	other := sqltype.NewCustom("cents", sqltype.Text{},
		func(c cents) (string, error) { return "", errors.New("refused") },
		func(s string) (cents, error) { return 0, nil })
	require.NotEqual(t, ct.ID(), other.ID(), "two custom types with one name stay apart")
	require.Equal(t, sqltype.Text{}, sqltype.BaseType(ct))
	require.Equal(t, sqltype.BigInt{}, sqltype.BaseType(sqltype.BigInt{}))

	v, err := ct.ToDB(cents(125))
	require.NoError(t, err)
	require.Equal(t, "125", v)
	back, err := ct.FromDB("125")
	require.NoError(t, err)
	require.Equal(t, cents(125), back)

	_, err = ct.ToDB(int64(125))
	require.ErrorIs(t, err, sqltype.ErrConversion, "an int64 is not cents")
	_, err = other.ToDB(cents(1))
	require.ErrorIs(t, err, sqltype.ErrConversion)
	require.ErrorContains(t, err, "refused")
	_, err = ct.FromDB("not a number")
	require.ErrorIs(t, err, sqltype.ErrConversion)
	require.Panics(t, func() { sqltype.NewCustom[int, int]("x", ct, nil, nil) }, "a custom type over a custom type")
}
