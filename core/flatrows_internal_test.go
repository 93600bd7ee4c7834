package core

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestFlatRowsKeepsPlainValuesInTableOrderWithoutACopy(t *testing.T) {
	md := NewMetaData()
	tb := NewTable[rowsTestTable](md, "flat_t")
	name, score := "a", int64(7)
	vals := []any{"x", int64(1), &name, &score}
	s := Insert(tb).FlatRows([]Expr{tb.Name, tb.Score}, vals)
	require.NoError(t, s.Err())
	require.NotNil(t, s.plain)
	require.Same(t, &vals[0], &s.plain.vals[0], "the statement keeps vals itself")

	// The same rows through Rows give the same key and values.
	rows := Insert(tb).Rows([]Expr{tb.Name, tb.Score}, []any{"x", int64(1)}, []any{&name, &score})
	k1, v1 := keyOf(t, s)
	k2, v2 := keyOf(t, rows)
	require.Equal(t, k2, k1)
	require.Equal(t, v2, v1)

	// Out of table order: still right, through a copy.
	swapped := Insert(tb).FlatRows([]Expr{tb.Score, tb.Name}, []any{int64(1), "x", score, name})
	require.NoError(t, swapped.Err())
	want := Insert(tb).Rows([]Expr{tb.Score, tb.Name}, []any{int64(1), "x"}, []any{score, name})
	k3, v3 := keyOf(t, swapped)
	k4, v4 := keyOf(t, want)
	require.Equal(t, k4, k3)
	require.Equal(t, v4, v3)

	// An expression among the values: nodes, as with Rows.
	withExpr := Insert(tb).FlatRows([]Expr{tb.Name, tb.Score}, []any{"y", tb.ID.Add(1)})
	require.NoError(t, withExpr.Err())
	require.Nil(t, withExpr.plain)
}

func TestFlatRowsRejectsARaggedValueList(t *testing.T) {
	md := NewMetaData()
	tb := NewTable[rowsTestTable](md, "flat_bad")
	s := Insert(tb).FlatRows([]Expr{tb.Name, tb.Score}, []any{"x", int64(1), "y"})
	var se *StatementError
	require.ErrorAs(t, s.Err(), &se)
	require.Contains(t, se.Msg, "3 values for rows of 2 columns")
	s = Insert(tb).FlatRows(nil, []any{"x"})
	require.ErrorAs(t, s.Err(), &se)
	s = Insert(tb).FlatRows([]Expr{nil}, []any{"x"})
	require.ErrorAs(t, s.Err(), &se)
	require.Contains(t, se.Msg, "nil column in FlatRows")
}
