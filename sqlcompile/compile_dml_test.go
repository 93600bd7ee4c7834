package sqlcompile_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/sqlcompile"
)

func TestDMLStatementsNameTheirTargetTable(t *testing.T) {
	for _, stmt := range []core.Statement{
		core.Insert(Users).Row(Users.Name.To("a")),
		core.Update(Users).Set(Users.Name.To("a")),
		core.Delete(Users),
	} {
		cs, _, err := sqlcompile.Compile(sqliteDialect, stmt)
		require.NoError(t, err)
		require.Same(t, &Users.Table, cs.Table, cs.SQL)
	}
}

func TestCompiledStatementsSayWhetherTheyReturnRows(t *testing.T) {
	for _, tc := range []struct {
		stmt    core.Statement
		kind    sqlcompile.Kind
		returns bool
	}{
		{core.Select(Users.ID), sqlcompile.KindSelect, true},
		{core.Insert(Tags).Row(Tags.Title.To("a")), sqlcompile.KindInsert, false},
		{core.Insert(Tags).Row(Tags.Title.To("a")).Returning(Tags.ID), sqlcompile.KindInsert, true},
		{core.Update(Tags).Set(Tags.Title.To("a")), sqlcompile.KindUpdate, false},
		{core.Update(Tags).Set(Tags.Title.To("a")).Returning(Tags.ID), sqlcompile.KindUpdate, true},
		{core.Delete(Tags), sqlcompile.KindDelete, false},
		{core.Delete(Tags).Returning(Tags.ID), sqlcompile.KindDelete, true},
		// The compiler cannot tell what a text does; the engine finds out.
		{core.Text("DELETE FROM tag"), sqlcompile.KindText, true},
		{&core.DropTable{Table: &Tags.Table}, sqlcompile.KindDDL, false},
	} {
		cs, _, err := sqlcompile.Compile(sqliteDialect, tc.stmt)
		require.NoError(t, err)
		require.Equal(t, tc.kind, cs.Kind, cs.SQL)
		require.Equal(t, tc.returns, cs.Returns(), cs.SQL)
	}
}

// Statements are values: building on one leaves it as it was, so a base
// statement can be shared and extended in several directions.
func TestBuildingOnAStatementLeavesItUnchanged(t *testing.T) {
	compile := func(s core.Statement) (string, []any) {
		cs, args, err := sqlcompile.Compile(pgDialect, s)
		require.NoError(t, err)
		return cs.SQL, args
	}

	base := core.Select(Users.ID).Where(Users.Name.Eq("a"))
	baseSQL, baseArgs := compile(base)
	x := base.Where(Users.Active).OrderBy(Users.ID).Limit(1)
	y := base.Where(Users.ID.Gt(2)).Columns(Users.Name).Distinct()
	xSQL, xArgs := compile(x)
	ySQL, yArgs := compile(y)
	require.Equal(t, "SELECT user_account.id FROM user_account WHERE user_account.name = $1 AND user_account.active ORDER BY user_account.id LIMIT $2", xSQL)
	require.Equal(t, []any{"a", int64(1)}, xArgs)
	require.Equal(t, "SELECT DISTINCT user_account.id, user_account.name FROM user_account WHERE user_account.name = $1 AND user_account.id > $2", ySQL)
	require.Equal(t, []any{"a", int64(2)}, yArgs)
	againSQL, againArgs := compile(base)
	require.Equal(t, baseSQL, againSQL)
	require.Equal(t, baseArgs, againArgs)

	ins := core.Insert(Tags).Row(Tags.Title.To("a"))
	_, insB := compile(ins.Row(Tags.Title.To("b")))
	_, insC := compile(ins.Row(Tags.Title.To("c")).Returning(Tags.ID))
	_, insBase := compile(ins)
	require.Equal(t, []any{"a", "b"}, insB)
	require.Equal(t, []any{"a", "c"}, insC)
	require.Equal(t, []any{"a"}, insBase)

	upd := core.Update(Users).Set(Users.Name.To("a"))
	_, updB := compile(upd.Set(Users.Active.To(true)).Where(Users.ID.Eq(1)))
	_, updBase := compile(upd)
	require.Equal(t, []any{"a", true, int64(1)}, updB)
	require.Equal(t, []any{"a"}, updBase)
}
