package core_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
)

// Building a statement never panics on a nil operand: the statement
// carries the error, and compiling it reports core.ErrStatement.
func TestANilOperandIsAnErrorNotAPanic(t *testing.T) {
	var kb core.KeyBuilder
	for name, s := range map[string]core.Statement{
		"EqExpr":             core.Select(Users.ID).Where(Users.ID.EqExpr(nil)),
		"GeExpr":             core.Select(Users.ID).Where(Users.ID.GeExpr(nil)),
		"IsDistinctFromExpr": core.Select(Users.ID).Where(Users.ID.IsDistinctFromExpr(nil)),
		"AddExpr":            core.Select(Users.ID.AddExpr(nil)),
		"ToExpr":             core.Update(Users).Set(Users.Name.ToExpr(nil)),
	} {
		kb.Reset()
		require.ErrorIs(t, kb.Build(s), core.ErrStatement, name)
	}
}

// A Conflict is a value: conflicts derived from one base keep their own
// assignments.
func TestConflictsDerivedFromOneBaseAreIndependent(t *testing.T) {
	var kb core.KeyBuilder
	// Three assignments leave spare capacity in a grown slice.
	one := core.ConflictOn(Orders.ID).DoUpdate(Orders.CustomerID.To(1), Orders.Total.To(2), Orders.Status.To("s"))
	a := one.DoUpdate(Orders.ID.To(100))
	b := one.DoUpdate(Orders.ID.To(200))
	row := core.Insert(Orders).Row(Orders.ID.To(1), Orders.CustomerID.To(1), Orders.Total.To(1), Orders.Status.To("x"))
	require.NoError(t, kb.Build(row.OnConflict(a)))
	require.Contains(t, kb.Values(), int64(100))
	require.NotContains(t, kb.Values(), int64(200))
	kb.Reset()
	require.NoError(t, kb.Build(row.OnConflict(b)))
	require.Contains(t, kb.Values(), int64(200))
	require.NotContains(t, kb.Values(), int64(100))
}
