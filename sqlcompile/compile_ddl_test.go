package sqlcompile_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/internal/compilecases"
	"github.com/retort-go/retort/sqlcompile"
	"github.com/retort-go/retort/sqltype"
)

func TestDDLCompilesToKindDDLWithNoArgsAndNoRows(t *testing.T) {
	cs, args, err := sqlcompile.Compile(pgDialect, &core.CreateTable{Table: compilecases.Setting})
	require.NoError(t, err)
	require.Equal(t, sqlcompile.KindDDL, cs.Kind)
	require.Empty(t, args)
	require.False(t, cs.Returns())
}

// Generated names longer than the dialect allows are cut to the limit and
// end in a hash of the whole name, so two long names sharing a prefix stay
// different.
func TestLongConstraintNamesAreShortenedToTheDialectLimit(t *testing.T) {
	long := "fk_subscription_notification_preference_notification_channel_id_notification_channel"
	other := long + "s"
	hashed := regexp.MustCompile(`_[0-9a-f]{8}$`)
	for _, tc := range []struct {
		d     *sqlcompile.Dialect
		limit int
	}{{pgDialect, 63}, {mysqlDialect, 64}} {
		require.Equal(t, tc.limit, tc.d.MaxIdentLength)
		got := tc.d.ShortenName(long)
		require.Len(t, got, tc.limit)
		require.True(t, strings.HasPrefix(long, got[:tc.limit-9]), got)
		require.Regexp(t, hashed, got)
		require.NotEqual(t, got, tc.d.ShortenName(other))
		require.Equal(t, got, tc.d.ShortenName(long), "shortening is deterministic")
		require.Equal(t, "fk_short", tc.d.ShortenName("fk_short"))
	}
	require.Equal(t, long, sqliteDialect.ShortenName(long), "SQLite has no identifier limit")

	// The shortened name is what ALTER TABLE writes.
	md := core.NewMetaData()
	core.NewDynamicTable(md, "notification_channel", core.ColumnSpec{Name: "id", Type: sqltype.BigInt{}, PrimaryKey: true})
	pref := core.NewDynamicTable(md, "subscription_notification_preference",
		core.ColumnSpec{Name: "id", Type: sqltype.BigInt{}, PrimaryKey: true},
		core.ColumnSpec{Name: "notification_channel_id", Type: sqltype.BigInt{}, ForeignKey: "notification_channel.id"},
	)
	require.Equal(t, long, core.DefaultForeignKeyName(pref.ForeignKeys()[0]))
	cs, _, err := sqlcompile.Compile(pgDialect, &core.DropForeignKey{ForeignKey: pref.ForeignKeys()[0]})
	require.NoError(t, err)
	require.Equal(t, "ALTER TABLE subscription_notification_preference DROP CONSTRAINT "+pgDialect.ShortenName(long), cs.SQL)
}
