package tests

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/internal/testdb"
)

func TestSQLiteFileDatabasesUseWALAndEveryConnectionEnforcesForeignKeys(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "app db?#%.sqlite") // characters a URL and a file: URI must escape
	url := "sqlite://" + strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23", " ", "%20").Replace(path)
	eng, err := engine.Open(ctx, url, engine.WithPool(engine.PoolConfig{MaxSize: 3}))
	require.NoError(t, err)
	defer eng.Close()
	mode, err := engine.Scalar[string](ctx, eng, core.Text("PRAGMA journal_mode"))
	require.NoError(t, err)
	require.Equal(t, "wal", mode)
	// Hold connections so the pragmas are checked on several of them.
	for range 3 {
		cn, err := eng.Connect(ctx)
		require.NoError(t, err)
		defer cn.Close()
		fk, err := engine.Scalar[int64](ctx, cn, core.Text("PRAGMA foreign_keys"))
		require.NoError(t, err)
		require.Equal(t, int64(1), fk)
		busy, err := engine.Scalar[int64](ctx, cn, core.Text("PRAGMA busy_timeout"))
		require.NoError(t, err)
		require.Equal(t, int64(5000), busy)
	}
	require.FileExists(t, path)
}

func TestSQLiteInMemoryDatabaseIsSharedByThePoolAndGoneWithTheEngine(t *testing.T) {
	ctx := context.Background()
	eng, err := engine.Open(ctx, "sqlite://:memory:", engine.WithPool(engine.PoolConfig{MaxSize: 2}))
	require.NoError(t, err)
	a, err := eng.Connect(ctx)
	require.NoError(t, err)
	b, err := eng.Connect(ctx)
	require.NoError(t, err)
	_, err = a.Exec(ctx, core.Text("CREATE TABLE shared (x INTEGER)"))
	require.NoError(t, err)
	_, err = b.Exec(ctx, core.Text("INSERT INTO shared VALUES (1)"))
	require.NoError(t, err, "the second connection sees the table the first made")
	require.NoError(t, a.Close())
	require.NoError(t, b.Close())
	require.NoError(t, eng.Close())

	other, err := engine.Open(ctx, "sqlite://:memory:")
	require.NoError(t, err)
	defer other.Close()
	_, err = other.Exec(ctx, core.Text("SELECT * FROM shared"))
	require.ErrorIs(t, err, engine.ErrProgramming, "another engine has its own database")
}

func TestMySQLConnectionsAreStrictUTF8mb4UTCAndCountFoundRows(t *testing.T) {
	db := testdb.Open(t, "mysql")
	ctx := context.Background()
	type settings struct {
		SQLMode  string `db:"sql_mode"`
		TimeZone string `db:"time_zone"`
		Charset  string `db:"charset"`
	}
	s, err := engine.One[settings](ctx, db.Engine, core.Text(
		"SELECT @@SESSION.sql_mode AS sql_mode, @@SESSION.time_zone AS time_zone, @@SESSION.character_set_connection AS charset"))
	require.NoError(t, err)
	require.Contains(t, s.SQLMode, "STRICT_ALL_TABLES")
	require.Contains(t, s.SQLMode, "NO_ZERO_DATE")
	require.Equal(t, "+00:00", s.TimeZone)
	require.Equal(t, "utf8mb4", s.Charset)

	// Strict mode: a value too long for its column is an error, not a
	// silent truncation with a warning.
	_, err = db.Engine.Exec(ctx, core.Text("CREATE TABLE short_text (s VARCHAR(3))"))
	require.NoError(t, err)
	_, err = db.Engine.Exec(ctx, core.Text("INSERT INTO short_text VALUES (:s)").Bind("s", "toolong"))
	require.ErrorIs(t, err, engine.ErrData)
	require.True(t, strings.Contains(err.Error(), "1406"), err.Error())
}
