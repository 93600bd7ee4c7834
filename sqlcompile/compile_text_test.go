package sqlcompile_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/sqlcompile"
)

func TestTextStatementsReturnRowsAndCarryNoTypes(t *testing.T) {
	cs, _, err := sqlcompile.Compile(pgDialect, core.Text("SELECT :a").Bind("a", 1))
	require.NoError(t, err)
	require.Equal(t, sqlcompile.KindText, cs.Kind)
	require.True(t, cs.Returns(), "the engine cannot tell whether a text returns rows")
	require.Equal(t, 1, cs.NumArgs)
	require.Nil(t, cs.ArgTypes[0])
}

func TestBindingATextDoesNotChangeTheOriginal(t *testing.T) {
	base := core.Text("SELECT :a")
	one := base.Bind("a", 1)
	two := base.Bind("a", 2)
	_, args1, err := sqlcompile.Compile(sqliteDialect, one)
	require.NoError(t, err)
	_, args2, err := sqlcompile.Compile(sqliteDialect, two)
	require.NoError(t, err)
	require.Equal(t, []any{1}, args1)
	require.Equal(t, []any{2}, args2)
	_, _, err = sqlcompile.Compile(sqliteDialect, base)
	require.ErrorIs(t, err, core.ErrStatement, "the unbound original still has no value")
}
