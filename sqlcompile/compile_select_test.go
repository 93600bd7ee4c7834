package sqlcompile_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/sqlcompile"
)

func TestCompilingANilStatementIsAnError(t *testing.T) {
	_, _, err := sqlcompile.Compile(pgDialect, nil)
	require.ErrorIs(t, err, core.ErrStatement)
}

func TestResultColumnsCarryTheirSQLTypes(t *testing.T) {
	cs, _, err := sqlcompile.Compile(pgDialect, core.Select(Users.ID, Users.Name, core.Count(), Users.Active.Label("on")))
	require.NoError(t, err)
	require.Equal(t, sqlcompile.KindSelect, cs.Kind)
	require.Equal(t, []sqlcompile.ResultColumn{
		{Name: "id", Type: Users.ID.Def().Type()},
		{Name: "name", Type: Users.Name.Def().Type()},
		{Name: "count", Type: core.TypeOf(core.NodeOf(core.Count()))},
		{Name: "on", Type: Users.Active.Def().Type()},
	}, cs.Columns)
}

func TestPlaceholdersCarryTheSQLTypeOfWhatTheyMeet(t *testing.T) {
	stmt := core.Select(Users.ID).Where(Users.Name.Eq("sandy"), Users.ID.In(1, 2)).Limit(3)
	cs, _, err := sqlcompile.Compile(mysqlDialect, stmt)
	require.NoError(t, err)
	name, id := Users.Name.Def().Type(), Users.ID.Def().Type()
	require.Equal(t, 4, cs.NumArgs)
	require.Equal(t, name, cs.ArgTypes[0])
	require.Equal(t, id, cs.ArgTypes[1])
	require.Equal(t, id, cs.ArgTypes[2])
	require.Equal(t, "bigint", cs.ArgTypes[3].String(), "LIMIT is a BIGINT")
}

// MySQL's FILTER emulation moves the condition into the first argument: a
// function without one cannot be filtered, and must not lose its FILTER.
func TestFilterOnAFunctionWithoutArgumentsIsAnErrorWhereItIsEmulated(t *testing.T) {
	stmt := core.Select(core.Func[int64]("rank").Filter(Users.Active.Eq(true)).Label("r"))
	_, _, err := sqlcompile.Compile(mysqlDialect, stmt)
	require.ErrorIs(t, err, sqlcompile.ErrUnsupported)
	require.ErrorContains(t, err, "FILTER (WHERE ...) on a function without arguments")

	cs, _, err := sqlcompile.Compile(pgDialect, stmt)
	require.NoError(t, err)
	require.Equal(t, "SELECT rank() FILTER (WHERE user_account.active = $1) AS r FROM user_account", cs.SQL)
}
