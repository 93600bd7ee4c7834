package tests

import (
	"encoding/hex"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/internal/testdb"
)

// Binary.

type rtBlobTable struct {
	core.Table
	ID    core.Column[int64]  `db:"id,pk"`
	Data  core.Column[[]byte] `db:"data,null"`
	Small core.Column[[]byte] `db:"small,size=300,null"`
}

type rtBlobRow struct {
	ID    int64
	Data  []byte
	Small []byte
}

// rtAllBytes returns every byte value once, in order.
func rtAllBytes() []byte {
	b := make([]byte, 256)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}

func TestRoundTripKeepsEveryByteValueAndTellsEmptyBytesFromNull(t *testing.T) {
	md := core.NewMetaData()
	tb := core.NewTable[rtBlobTable](md, "rt_blobs")
	all := rtAllBytes()
	reversed := make([]byte, len(all))
	for i, b := range all {
		reversed[len(all)-1-i] = b
	}
	big := make([]byte, 60000) // under MySQL's 64 KiB BLOB limit
	r := rand.New(rand.NewPCG(1, 2))
	for i := range big {
		big[i] = byte(r.UintN(256))
	}
	rows := []rtBlobRow{
		{1, all, reversed},
		{2, []byte{}, []byte{}}, // empty, not NULL
		{3, nil, nil},           // NULL
		{4, []byte{0}, []byte{0, 0, 0}},
		{5, big, []byte("\xff\xfe invalid UTF-8 \xc3\x28")},
	}
	hexOf := map[string]string{
		"sqlite":   "SELECT typeof(data) || ':' || CASE WHEN data IS NULL THEN 'null' ELSE lower(hex(data)) END FROM rt_blobs WHERE id = :id",
		"postgres": "SELECT pg_typeof(data)::text || ':' || CASE WHEN data IS NULL THEN 'null' ELSE encode(data, 'hex') END FROM rt_blobs WHERE id = :id",
		"mysql":    "SELECT CONCAT('blob:', CASE WHEN data IS NULL THEN 'null' ELSE lower(hex(data)) END) FROM rt_blobs WHERE id = :id",
	}
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		rtCreate(t, db, md)
		for i, r := range rows {
			if i%2 == 0 {
				rtExec(t, db, core.Insert(tb).Row(tb.ID.To(r.ID), tb.Data.To(r.Data), tb.Small.To(r.Small)))
			} else {
				rtExec(t, db, core.Insert(tb).Values(core.Values{tb.ID: r.ID, tb.Data: r.Data, tb.Small: r.Small}))
			}
		}
		for _, want := range rows {
			byID := tb.ID.Eq(want.ID)
			got, err := engine.One[rtBlobRow](rtCtx, db.Engine, core.Select(tb).Where(byID))
			require.NoError(t, err)
			rtRequireBytes(t, want.Data, got.Data, "data of row %d", want.ID)
			rtRequireBytes(t, want.Small, got.Small, "small of row %d", want.ID)

			data, err := engine.Scalar[[]byte](rtCtx, db.Engine, core.Select(tb.Data).Where(byID))
			require.NoError(t, err)
			rtRequireBytes(t, want.Data, data, "scalar data of row %d", want.ID)

			m := rtUntyped(t, db, core.Select(tb).Where(byID))
			for col, w := range map[string][]byte{"data": want.Data, "small": want.Small} {
				if w == nil {
					require.Nil(t, m[col], "untyped %s of row %d", col, want.ID)
					continue
				}
				b, ok := m[col].([]byte)
				require.True(t, ok, "untyped %s is %T", col, m[col])
				rtRequireBytes(t, w, b, "untyped %s of row %d", col, want.ID)
			}

			// What is stored: a blob (not text, not NULL for empty bytes).
			wantRaw := "null"
			if want.Data != nil {
				wantRaw = hex.EncodeToString(want.Data)
			}
			kind := map[string]string{"sqlite": "blob", "postgres": "bytea", "mysql": "blob"}[db.Dialect]
			if want.Data == nil && db.Dialect == "sqlite" {
				kind = "null"
			}
			require.Equal(t, kind+":"+wantRaw, rtRawText(t, db, hexOf, "id", want.ID), "row %d", want.ID)
		}
		// Empty bytes and NULL are told apart in SQL too.
		require.Equal(t, int64(1), rtCount(t, db, tb, tb.Data.IsNull()))
		ids, err := engine.Scalars[int64](rtCtx, db.Engine, core.Select(tb.ID).Where(tb.Data.Eq([]byte{})))
		require.NoError(t, err)
		require.Equal(t, []int64{2}, ids)
		ids, err = engine.Scalars[int64](rtCtx, db.Engine, core.Select(tb.ID).Where(tb.Data.Eq(all)))
		require.NoError(t, err)
		require.Equal(t, []int64{1}, ids)
	})
}

func TestRoundTripTellsEmptyBytesFromNullInTextQueries(t *testing.T) {
	md := core.NewMetaData()
	tb := core.NewTable[rtBlobTable](md, "rt_blobs_text")
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		rtCreate(t, db, md)
		rtExec(t, db, core.Insert(tb).Row(tb.ID.To(1), tb.Data.To([]byte{}), tb.Small.To(nil)))
		// Scanning into typed destinations keeps the difference.
		var data, small []byte
		res, err := db.Engine.Query(rtCtx, core.Text("SELECT data, small FROM rt_blobs_text"))
		require.NoError(t, err)
		require.True(t, res.Next())
		require.NoError(t, res.Scan(&data, &small))
		require.NoError(t, res.Close())
		require.NotNil(t, data)
		require.Empty(t, data)
		require.Nil(t, small)

		// Without column types, the untyped path gives what the driver gives.
		m := rtUntyped(t, db, core.Text("SELECT data, small FROM rt_blobs_text"))
		require.Nil(t, m["small"])
		b, ok := m["data"].([]byte)
		require.True(t, ok, "empty bytes read as %T", m["data"])
		require.NotNil(t, b)
		require.Empty(t, b)
	})
}

// rtRequireBytes compares byte slices exactly, nil and empty being different.
func rtRequireBytes(t *testing.T, want, got []byte, msgAndArgs ...any) {
	t.Helper()
	if want == nil {
		require.Nil(t, got, msgAndArgs...)
		return
	}
	require.NotNil(t, got, msgAndArgs...)
	require.Equal(t, hex.EncodeToString(want), hex.EncodeToString(got), msgAndArgs...)
}

type rtStrictBlobTable struct {
	core.Table
	ID   core.Column[int64]  `db:"id,pk"`
	Data core.Column[[]byte] `db:"data"` // NOT NULL: a []byte column is not nullable by default
}

func TestRoundTripTakesEmptyBytesButNotNilInANotNullBinaryColumn(t *testing.T) {
	md := core.NewMetaData()
	tb := core.NewTable[rtStrictBlobTable](md, "rt_strict_blobs")
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		rtCreate(t, db, md)
		_, err := db.Engine.Exec(rtCtx, core.Insert(tb).Values(core.Values{tb.ID: int64(1), tb.Data: []byte(nil)}))
		require.Error(t, err)
		require.True(t, errors.Is(err, core.ErrValue), "got %v", err)
		require.Zero(t, rtCount(t, db, tb))

		rtExec(t, db, core.Insert(tb).Row(tb.ID.To(2), tb.Data.To([]byte{})))
		got, err := engine.Scalar[[]byte](rtCtx, db.Engine, core.Select(tb.Data))
		require.NoError(t, err)
		rtRequireBytes(t, []byte{}, got)
	})
}

func TestRoundTripRejectsNilBytesForANotNullColumnBeforeSendingThemThroughRow(t *testing.T) {
	md := core.NewMetaData()
	tb := core.NewTable[rtStrictBlobTable](md, "rt_strict_blobs_row")
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		rtCreate(t, db, md)
		_, err := db.Engine.Exec(rtCtx, core.Insert(tb).Row(tb.ID.To(1), tb.Data.To(nil)))
		require.Error(t, err)
		require.Zero(t, rtCount(t, db, tb))
		require.ErrorIs(t, err, core.ErrValue, "refused before anything is sent")
	})
}

// UUIDs.

type rtUUIDTable struct {
	core.Table
	ID core.Column[int64]     `db:"id,pk"`
	U  core.Column[core.UUID] `db:"u"`
}

type rtUUIDRow struct {
	ID int64
	U  core.UUID
}

func TestRoundTripKeepsUUIDsStoredAsLowerCaseHexWithoutNativeUUIDs(t *testing.T) {
	md := core.NewMetaData()
	tb := core.NewTable[rtUUIDTable](md, "rt_uuids")
	rows := []rtUUIDRow{
		{1, core.MustParseUUID("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11")},
		{2, core.UUID{}},
		{3, core.MustParseUUID("ffffffff-ffff-ffff-ffff-ffffffffffff")},
		{4, core.NewUUID()},
		{5, core.NewUUIDv7()},
		{6, core.MustParseUUID("00000000000000000000000000000001")},
	}
	raw := map[string]string{
		"sqlite":   "SELECT typeof(u) || ':' || CAST(u AS TEXT) FROM rt_uuids WHERE id = :id",
		"postgres": "SELECT pg_typeof(u)::text || ':' || u::text FROM rt_uuids WHERE id = :id",
		"mysql":    "SELECT CONCAT(CAST(u AS CHAR), ':', LENGTH(u)) FROM rt_uuids WHERE id = :id",
	}
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		rtCreate(t, db, md)
		for i, r := range rows {
			if i%2 == 0 {
				rtExec(t, db, core.Insert(tb).Row(tb.ID.To(r.ID), tb.U.To(r.U)))
			} else {
				rtExec(t, db, core.Insert(tb).Values(core.Values{tb.ID: r.ID, tb.U: r.U}))
			}
		}
		for _, want := range rows {
			byID := tb.ID.Eq(want.ID)
			got, err := engine.One[rtUUIDRow](rtCtx, db.Engine, core.Select(tb).Where(byID))
			require.NoError(t, err)
			require.Equal(t, want, got)

			u, err := engine.Scalar[core.UUID](rtCtx, db.Engine, core.Select(tb.U).Where(byID))
			require.NoError(t, err)
			require.Equal(t, want.U, u)

			m := rtUntyped(t, db, core.Select(tb).Where(byID))
			require.Equal(t, want.U, m["u"])

			ids, err := engine.Scalars[int64](rtCtx, db.Engine, core.Select(tb.ID).Where(tb.U.Eq(want.U)))
			require.NoError(t, err)
			require.Equal(t, []int64{want.ID}, ids)

			// 32 lower-case hex digits, as SQLAlchemy's Uuid stores them
			// where there is no native type.
			wantRaw := map[string]string{
				"sqlite":   "text:" + want.U.Hex(),
				"postgres": "uuid:" + want.U.String(),
				"mysql":    want.U.Hex() + ":32",
			}[db.Dialect]
			require.Equal(t, wantRaw, rtRawText(t, db, raw, "id", want.ID))
		}
		// Spelled out once, so the check above does not rest on UUID.Hex alone.
		if db.Dialect != "postgres" {
			require.Equal(t, "a0eebc999c0b4ef8bb6d6bb9bd380a11", rtRawText(t, db, rtSame("SELECT CAST(u AS CHAR(32)) FROM rt_uuids WHERE id = 1")))
		}
	})
}

type rtUUIDFormsTable struct {
	core.Table
	ID    core.Column[int64]    `db:"id,pk"`
	Str   core.Column[string]   `db:"str,type=uuid"`
	Array core.Column[[16]byte] `db:"arr,type=uuid"`
}

type rtUUIDFormsRow struct {
	ID    int64
	Str   string
	Array [16]byte `db:"arr"`
}

func TestRoundTripStoresUUIDsHeldAsStringsAndByteArraysLikeCoreUUIDs(t *testing.T) {
	md := core.NewMetaData()
	tb := core.NewTable[rtUUIDFormsTable](md, "rt_uuid_forms")
	u := core.MustParseUUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		rtCreate(t, db, md)
		// Written in the dashed upper-case form and as bytes.
		rtExec(t, db, core.Insert(tb).Row(tb.ID.To(1), tb.Str.To(strings.ToUpper(u.String())), tb.Array.To([16]byte(u))))

		// Text that is no UUID is refused before it is sent, on every dialect.
		for _, bad := range []string{"", "not-a-uuid", u.Hex() + "0", strings.Replace(u.String(), "a", "g", 1)} {
			_, err := db.Engine.Exec(rtCtx, core.Insert(tb).Row(tb.ID.To(2), tb.Str.To(bad), tb.Array.To([16]byte(u))))
			require.Error(t, err)
			require.True(t, errors.Is(err, core.ErrValue), "%q: want core.ErrValue, got %v", bad, err)
			require.True(t, errors.Is(err, core.ErrUUIDSyntax), "%q: want core.ErrUUIDSyntax, got %v", bad, err)
		}
		require.Equal(t, int64(1), rtCount(t, db, tb))

		// Stored like a core.UUID, so the two forms compare equal in SQL.
		raw := map[string]string{
			"sqlite":   "SELECT CAST(str AS TEXT) || ' ' || CAST(arr AS TEXT) FROM rt_uuid_forms",
			"postgres": "SELECT replace(str::text, '-', '') || ' ' || replace(arr::text, '-', '') FROM rt_uuid_forms",
			"mysql":    "SELECT CONCAT(str, ' ', arr) FROM rt_uuid_forms",
		}
		require.Equal(t, u.Hex()+" "+u.Hex(), rtRawText(t, db, raw))
		m := rtUntyped(t, db, core.Select(tb))
		require.Equal(t, u, m["str"])
		require.Equal(t, u, m["arr"])

		arr, err := engine.Scalar[[16]byte](rtCtx, db.Engine, core.Select(tb.Array))
		require.NoError(t, err)
		require.Equal(t, [16]byte(u), arr)

		s, err := engine.Scalar[string](rtCtx, db.Engine, core.Select(tb.Str))
		require.NoError(t, err)
		require.Equal(t, u.String(), s)
	})
}
