package tests

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"math"
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/internal/testdb"
)

// rtDoc is a document stored in a JSON column.
type rtDoc struct {
	Name   string         `json:"name"`
	Tags   []string       `json:"tags"`
	Count  int64          `json:"count"`
	Ratio  float64        `json:"ratio"`
	Nested map[string]any `json:"nested"`
	Note   *string        `json:"note"`
	Price  core.Decimal   `json:"price"`
}

type rtJSONTable struct {
	core.Table
	ID    core.Column[int64]           `db:"id,pk"`
	Doc   core.Column[rtDoc]           `db:"doc,type=json"`
	Attrs core.Column[map[string]any]  `db:"attrs,type=json"`
	Raw   core.Column[json.RawMessage] `db:"raw"`
	Bin   core.Column[json.RawMessage] `db:"bin,type=jsonb"`
}

type rtJSONRow struct {
	ID    int64
	Doc   rtDoc
	Attrs map[string]any
	Raw   json.RawMessage
	Bin   json.RawMessage
}

// rtJSONValue decodes a JSON text for a comparison that ignores spacing,
// key order and how a number is spelled (which PostgreSQL's jsonb and MySQL
// normalise: 1e3 becomes 1000) but not its value: numbers are compared as
// exact rationals, never as float64.
func rtJSONValue(t *testing.T, text []byte) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(text))
	d.UseNumber()
	var v any
	require.NoError(t, d.Decode(&v), "not JSON: %q", text)
	return rtExactNumbers(t, v)
}

func rtExactNumbers(t *testing.T, v any) any {
	switch x := v.(type) {
	case json.Number:
		r, ok := new(big.Rat).SetString(string(x))
		require.True(t, ok, "JSON number %q", x)
		return "number:" + r.RatString()
	case []any:
		for i := range x {
			x[i] = rtExactNumbers(t, x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = rtExactNumbers(t, x[k])
		}
	}
	return v
}

// rtRequireSameDoc compares documents; the decimal by value and scale.
func rtRequireSameDoc(t *testing.T, want, got rtDoc, msgAndArgs ...any) {
	t.Helper()
	require.Equal(t, want.Price.String(), got.Price.String(), msgAndArgs...)
	want.Price, got.Price = core.Decimal{}, core.Decimal{}
	require.Equal(t, want, got, msgAndArgs...)
}

func rtRequireSameJSON(t *testing.T, want, got []byte, msgAndArgs ...any) {
	t.Helper()
	require.Equal(t, rtJSONValue(t, want), rtJSONValue(t, got), msgAndArgs...)
}

func TestRoundTripKeepsJSONDocumentsStructsMapsAndRawMessages(t *testing.T) {
	md := core.NewMetaData()
	tb := core.NewTable[rtJSONTable](md, "rt_json")
	note := "naïve 😀 \"quoted\" \\ \u0000-free \n newline"
	doc := rtDoc{
		Name:   "𝄞 unicode ünïcödé 日本",
		Tags:   []string{"a", "ü", ""},
		Count:  math.MaxInt64, // beyond float64: JSON numbers must not pass through one
		Ratio:  0.25,
		Nested: map[string]any{"k": []any{1.5, "two", nil, true}, "empty": map[string]any{}},
		Note:   &note,
		Price:  core.MustParseDecimal("12345678901234567890.123456789"),
	}
	attrs := map[string]any{"b": "x", "a": 1.5, "list": []any{"😀", false}}
	raw := json.RawMessage(`{ "z": 1, "a": [true, null, "😀"], "big": 12345678901234567890, "neg": -9223372036854775808, "s": "\u00e9\ud834\udd1e" }`)
	bin := json.RawMessage(`[1, {"nested": {"deeper": [[]]}}, "x", -0.5, 1e3]`)
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		rtCreate(t, db, md)
		rtExec(t, db, core.Insert(tb).Row(tb.ID.To(1), tb.Doc.To(doc), tb.Attrs.To(attrs), tb.Raw.To(raw), tb.Bin.To(bin)))
		rtExec(t, db, core.Insert(tb).Values(core.Values{tb.ID: int64(2), tb.Doc: rtDoc{}, tb.Attrs: map[string]any{}, tb.Raw: json.RawMessage(`[]`), tb.Bin: json.RawMessage(`"just a string"`)}))

		byID := tb.ID.Eq(1)
		got, err := engine.One[rtJSONRow](rtCtx, db.Engine, core.Select(tb).Where(byID))
		require.NoError(t, err)
		rtRequireSameDoc(t, doc, got.Doc)
		require.Equal(t, attrs, got.Attrs)
		rtRequireSameJSON(t, raw, got.Raw)
		rtRequireSameJSON(t, bin, got.Bin)

		d, err := engine.Scalar[rtDoc](rtCtx, db.Engine, core.Select(tb.Doc).Where(byID))
		require.NoError(t, err)
		rtRequireSameDoc(t, doc, d)
		r, err := engine.Scalar[json.RawMessage](rtCtx, db.Engine, core.Select(tb.Raw).Where(byID))
		require.NoError(t, err)
		rtRequireSameJSON(t, raw, r)

		// Untyped, every JSON column reads as its text (json.RawMessage),
		// numbers digit for digit.
		m := rtUntyped(t, db, core.Select(tb).Where(byID))
		docJSON, err := json.Marshal(doc)
		require.NoError(t, err)
		attrsJSON, err := json.Marshal(attrs)
		require.NoError(t, err)
		for col, want := range map[string][]byte{"doc": docJSON, "attrs": attrsJSON, "raw": raw, "bin": bin} {
			v, ok := m[col].(json.RawMessage)
			require.True(t, ok, "untyped %s is %T", col, m[col])
			rtRequireSameJSON(t, want, v, "untyped %s", col)
		}

		// The zero values are documents too, not NULL.
		got, err = engine.One[rtJSONRow](rtCtx, db.Engine, core.Select(tb).Where(tb.ID.Eq(2)))
		require.NoError(t, err)
		rtRequireSameDoc(t, rtDoc{}, got.Doc)
		require.NotNil(t, got.Attrs)
		require.Empty(t, got.Attrs)
		rtRequireSameJSON(t, []byte(`[]`), got.Raw)
		rtRequireSameJSON(t, []byte(`"just a string"`), got.Bin)
		require.Zero(t, rtCount(t, db, tb, tb.Doc.IsNull()))
	})
}

type rtNullJSONTable struct {
	core.Table
	ID  core.Column[int64]                     `db:"id,pk"`
	Raw core.Column[sql.Null[json.RawMessage]] `db:"raw"`
	Doc core.Column[*rtDoc]                    `db:"doc,type=json"`
}

type rtNullJSONRow struct {
	ID  int64
	Raw sql.Null[json.RawMessage]
	Doc *rtDoc
}

func TestRoundTripTellsSQLNullFromJSONNull(t *testing.T) {
	md := core.NewMetaData()
	tb := core.NewTable[rtNullJSONTable](md, "rt_json_null")
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		rtCreate(t, db, md)
		// Row 1: SQL NULL. Row 2: the JSON document null and an empty struct.
		rtExec(t, db, core.Insert(tb).Row(tb.ID.To(1), tb.Raw.To(sql.Null[json.RawMessage]{}), tb.Doc.To(nil)))
		rtExec(t, db, core.Insert(tb).Row(tb.ID.To(2), tb.Raw.To(sql.Null[json.RawMessage]{V: json.RawMessage("null"), Valid: true}), tb.Doc.To(&rtDoc{})))

		got, err := engine.One[rtNullJSONRow](rtCtx, db.Engine, core.Select(tb).Where(tb.ID.Eq(1)))
		require.NoError(t, err)
		require.False(t, got.Raw.Valid)
		require.Nil(t, got.Doc)
		m := rtUntyped(t, db, core.Select(tb).Where(tb.ID.Eq(1)))
		require.Nil(t, m["raw"])
		require.Nil(t, m["doc"])

		got, err = engine.One[rtNullJSONRow](rtCtx, db.Engine, core.Select(tb).Where(tb.ID.Eq(2)))
		require.NoError(t, err)
		require.True(t, got.Raw.Valid)
		rtRequireSameJSON(t, []byte("null"), got.Raw.V)
		require.NotNil(t, got.Doc)
		rtRequireSameDoc(t, rtDoc{}, *got.Doc)
		m = rtUntyped(t, db, core.Select(tb).Where(tb.ID.Eq(2)))
		v, ok := m["raw"].(json.RawMessage)
		require.True(t, ok, "untyped JSON null is %T", m["raw"])
		rtRequireSameJSON(t, []byte("null"), v)

		require.Equal(t, int64(1), rtCount(t, db, tb, tb.Raw.IsNull()))
		require.Equal(t, int64(1), rtCount(t, db, tb, tb.Doc.IsNull()))
	})
}
