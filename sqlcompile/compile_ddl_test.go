package sqlcompile_test

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

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

func TestShorteningNeverCutsACharacterInTwo(t *testing.T) {
	long := strings.Repeat("語", 30) // 90 bytes, 30 characters
	got := pgDialect.ShortenName("ix_" + long)
	require.True(t, utf8.ValidString(got), "%q", got)
	require.LessOrEqual(t, len(got), 63)
	require.Regexp(t, `_[0-9a-f]{8}$`, got)
	// 63 - 9 = 54 bytes for the name: "ix_" and 17 whole characters.
	require.Equal(t, "ix_"+strings.Repeat("語", 17), got[:len(got)-9])

	// MySQL counts characters: 64 of them fit, so nothing is cut here.
	require.Equal(t, "ix_"+long, mysqlDialect.ShortenName("ix_"+long))
	longer := strings.Repeat("語", 70)
	got = mysqlDialect.ShortenName(longer)
	require.True(t, utf8.ValidString(got))
	require.Equal(t, 64, utf8.RuneCountInString(got))
}

func TestNamesTheDatabaseWouldRejectOrCutAreCompileErrors(t *testing.T) {
	md := core.NewMetaData()
	nul := core.NewDynamicTable(md, "bad\x00name", core.ColumnSpec{Name: "id", Type: sqltype.BigInt{}, PrimaryKey: true})
	for _, d := range []*sqlcompile.Dialect{pgDialect, mysqlDialect, sqliteDialect} {
		_, _, err := sqlcompile.Compile(d, core.Select(nul))
		require.ErrorIs(t, err, core.ErrStatement, d.Name)
		require.ErrorContains(t, err, "NUL byte")
	}

	// 64 bytes: over PostgreSQL's limit, which would cut it with a notice.
	name := strings.Repeat("c", 64)
	wide := core.NewDynamicTable(md, "wide", core.ColumnSpec{Name: name, Type: sqltype.BigInt{}, PrimaryKey: true})
	_, _, err := sqlcompile.Compile(pgDialect, core.Select(wide))
	require.ErrorIs(t, err, core.ErrStatement)
	require.ErrorContains(t, err, "longer than postgres's limit of 63 bytes")
	_, _, err = sqlcompile.Compile(mysqlDialect, core.Select(wide))
	require.NoError(t, err, "64 characters fit MySQL")
	_, _, err = sqlcompile.Compile(sqliteDialect, core.Select(wide))
	require.NoError(t, err, "SQLite has no limit")

	// MySQL counts characters, not bytes: 64 three-byte characters fit.
	mb := core.NewDynamicTable(md, "mb", core.ColumnSpec{Name: strings.Repeat("語", 64), Type: sqltype.BigInt{}, PrimaryKey: true})
	_, _, err = sqlcompile.Compile(mysqlDialect, core.Select(mb))
	require.NoError(t, err)
	_, _, err = sqlcompile.Compile(pgDialect, core.Select(mb))
	require.ErrorContains(t, err, "limit of 63 bytes")
}
