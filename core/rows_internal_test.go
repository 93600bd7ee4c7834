package core

import (
	"testing"

	"github.com/stretchr/testify/require"
)

type rowsTestTable struct {
	Table
	ID    Column[int64]  `db:"id,pk"`
	Name  Column[string] `db:"name"`
	Score Column[int64]  `db:"score"`
}

type rowsDefaultTable struct {
	Table
	ID   Column[int64]  `db:"id,pk"`
	Name Column[string] `db:"name"`
	Tag  Column[string] `db:"tag"`
}

func (t *rowsDefaultTable) TableArgs() []TableArg {
	return []TableArg{Default(t.Tag, func() string { return "x" })}
}

// keyOf builds s's cache key and values.
func keyOf(t *testing.T, s Statement) (string, []any) {
	t.Helper()
	var k KeyBuilder
	require.NoError(t, k.Build(s))
	return string(k.Key()), append([]any(nil), k.Values()...)
}

func TestRowsOfPlainValuesKeyAndNodesMatchTheValuesForm(t *testing.T) {
	md := NewMetaData()
	tb := NewTable[rowsTestTable](md, "rows_t")
	plain := Insert(tb).Rows([]Expr{tb.Score, tb.Name}, []any{int64(1), "a"}, []any{int64(2), "b"})
	require.NoError(t, plain.Err())
	require.NotNil(t, plain.plain, "plain values stay values")
	viaMaps := Insert(tb).Values(Values{tb.Name: "a", tb.Score: int64(1)}, Values{tb.Name: "b", tb.Score: int64(2)})
	k1, v1 := keyOf(t, plain)
	k2, v2 := keyOf(t, viaMaps)
	require.Equal(t, k2, k1, "one cache entry for both forms")
	require.Equal(t, v2, v1, "values in the same order")

	// The compiler's view: nodes made on demand, in the values' order.
	var k KeyBuilder
	require.NoError(t, k.BuildNodes(plain))
	require.Len(t, k.Nodes(), 4)
	p := plain.Parts()
	require.Equal(t, []*ColumnDef{tb.Name.Def(), tb.Score.Def()}, p.Columns)
	require.Same(t, k.Nodes()[0], p.Rows[0][0], "Parts and the node walk share nodes")
	require.Equal(t, "a", p.Rows[0][0].(*BindParam).Value)

	// Adding rows after plain ones turns them into SetItems.
	more := plain.Row(tb.Name.To("c"), tb.Score.To(3))
	require.NoError(t, more.Err())
	require.Nil(t, more.plain)
	require.Len(t, more.Parts().Rows, 3)
	require.NotNil(t, plain.plain, "the first statement is unchanged")

	// What needs a node of its own is not kept plain.
	for _, s := range []*InsertStmt{
		Insert(tb).Rows([]Expr{tb.Name}, []any{Value("a")}),
		Insert(tb).Rows([]Expr{tb.Name, tb.ID}, []any{"a", nil}),
		Insert(NewTable[rowsDefaultTable](md, "rows_d")).Rows([]Expr{ColumnOf[string](md.Table("rows_d"), "name")}, []any{"a"}),
	} {
		require.NoError(t, s.Err())
		require.Nil(t, s.plain)
	}
}
