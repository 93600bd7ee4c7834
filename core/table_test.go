package core_test

import (
	"database/sql"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/sqltype"
)

type mood string

func (mood) EnumValues() []string { return []string{"sad", "ok", "happy"} }

type everyTypeTable struct {
	core.Table
	ID       core.Column[int64]             `db:"id,pk"`
	Small    core.Column[int16]             `db:"small"`
	Medium   core.Column[int32]             `db:"medium"`
	Real     core.Column[float32]           `db:"real_value"`
	Double   core.Column[float64]           `db:"double_value"`
	Price    core.Column[core.Decimal]      `db:"price,type=numeric(20,6)"`
	Name     core.Column[string]            `db:"name,size=30"`
	Body     core.Column[string]            `db:"body"`
	Flag     core.Column[bool]              `db:"flag"`
	Day      core.Column[time.Time]         `db:"day,type=date"`
	At       core.Column[core.TimeOfDay]    `db:"at"`
	Naive    core.Column[time.Time]         `db:"naive,type=timestamp"`
	Instant  core.Column[time.Time]         `db:"instant"`
	Blob     core.Column[[]byte]            `db:"blob_value"`
	Doc      core.Column[json.RawMessage]   `db:"doc"`
	Settings core.Column[map[string]any]    `db:"settings,type=json"`
	Key      core.Column[core.UUID]         `db:"key_value"`
	Mood     core.Column[mood]              `db:"mood"`
	Note     core.Column[sql.Null[string]]  `db:"note,size=10"`
	Ptr      core.Column[*int64]            `db:"ptr"`
	Old      core.Column[sql.NullString]    `db:"old,size=5"`
	Ignored  string                         // not a column
	FieldKey core.Column[sql.Null[float64]] // name from the field
}

func TestTypedTablesDeriveSQLTypesAndNullabilityFromGoTypes(t *testing.T) {
	md := core.NewMetaData()
	tb := core.NewTable[everyTypeTable](md, "every")
	want := map[string]struct {
		typ      sqltype.Type
		nullable bool
	}{
		"id":           {sqltype.BigInt{}, false},
		"small":        {sqltype.SmallInt{}, false},
		"medium":       {sqltype.Integer{}, false},
		"real_value":   {sqltype.Float{}, false},
		"double_value": {sqltype.Double{}, false},
		"price":        {sqltype.Numeric{Precision: 20, Scale: 6}, false},
		"name":         {sqltype.String{Length: 30}, false},
		"body":         {sqltype.Text{}, false},
		"flag":         {sqltype.Boolean{}, false},
		"day":          {sqltype.Date{}, false},
		"at":           {sqltype.Time{}, false},
		"naive":        {sqltype.Timestamp{}, false},
		"instant":      {sqltype.Timestamp{TimeZone: true}, false},
		"blob_value":   {sqltype.Binary{}, false},
		"doc":          {sqltype.JSON{}, false},
		"settings":     {sqltype.JSON{}, false},
		"key_value":    {sqltype.UUID{}, false},
		"mood":         {sqltype.Enum{Name: "mood", Values: []string{"sad", "ok", "happy"}}, false},
		"note":         {sqltype.String{Length: 10}, true},
		"ptr":          {sqltype.BigInt{}, true},
		"old":          {sqltype.String{Length: 5}, true},
		"field_key":    {sqltype.Double{}, true},
	}
	cols := tb.Columns()
	require.Len(t, cols, len(want))
	for _, c := range cols {
		w, ok := want[c.Name()]
		require.True(t, ok, "unexpected column %s", c.Name())
		require.Equal(t, w.typ, c.Type(), c.Name())
		require.Equal(t, w.nullable, c.Nullable(), c.Name())
	}
	require.Equal(t, "id", tb.PrimaryKey().Columns()[0].Name())
	require.True(t, tb.ID.Def().Autoincrement(), "the single integer primary key autoincrements")
	require.Equal(t, "Price", tb.Price.Def().Field())
	require.Same(t, tb.Name.Def(), tb.C("name").Def(), "the dynamic path reaches the same column")
	require.Same(t, &tb.Table, md.Table("every"))
}

func TestMalformedDefinitionsAreDefinitionErrorsNamingTheField(t *testing.T) {
	type badTag struct {
		core.Table
		ID core.Column[int64] `db:"id,pk,frobnicate"`
	}
	type badType struct {
		core.Table
		ID   core.Column[int64]  `db:"id,pk"`
		Name core.Column[string] `db:"name,type=bigint"`
	}
	type noSQLType struct {
		core.Table
		ID core.Column[uint64] `db:"id,pk"`
	}
	type notEmbedded struct {
		ID core.Column[int64] `db:"id,pk"`
	}
	type badFK struct {
		core.Table
		ID  core.Column[int64] `db:"id,pk"`
		Ref core.Column[int64] `db:"ref,fk=nodot"`
	}
	type badDefault struct {
		core.Table
		ID core.Column[int64] `db:"id,pk,default=abc"`
	}
	type dup struct {
		core.Table
		A core.Column[int64] `db:"x"`
		B core.Column[int64] `db:"x"`
	}
	cases := []struct {
		name   string
		define func(md *core.MetaData) error
		field  string
	}{
		{"unknown tag option", func(md *core.MetaData) error { _, err := core.DefineTable[badTag](md, "t"); return err }, "ID"},
		{"type that does not fit the field", func(md *core.MetaData) error { _, err := core.DefineTable[badType](md, "t"); return err }, "Name"},
		{"Go type without a SQL type", func(md *core.MetaData) error { _, err := core.DefineTable[noSQLType](md, "t"); return err }, "ID"},
		{"struct without core.Table", func(md *core.MetaData) error { _, err := core.DefineTable[notEmbedded](md, "t"); return err }, ""},
		{"malformed foreign key", func(md *core.MetaData) error { _, err := core.DefineTable[badFK](md, "t"); return err }, "Ref"},
		{"default that does not parse", func(md *core.MetaData) error { _, err := core.DefineTable[badDefault](md, "t"); return err }, "ID"},
		{"duplicate column", func(md *core.MetaData) error { _, err := core.DefineTable[dup](md, "t"); return err }, "B"},
		{"unique on an unknown column", func(md *core.MetaData) error {
			_, err := core.DefineDynamicTable(md, "t", core.ColumnSpec{Name: "a", Type: sqltype.BigInt{}}, core.Unique("b"))
			return err
		}, ""},
		{"autoincrement on a text column", func(md *core.MetaData) error {
			_, err := core.DefineDynamicTable(md, "t", core.ColumnSpec{Name: "a", Type: sqltype.Text{}, PrimaryKey: true, Autoincrement: core.AutoincrementOn})
			return err
		}, ""},
		{"table with no columns", func(md *core.MetaData) error { _, err := core.DefineDynamicTable(md, "t"); return err }, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			md := core.NewMetaData()
			err := c.define(md)
			require.ErrorIs(t, err, core.ErrDefinition)
			var de *core.DefinitionError
			require.ErrorAs(t, err, &de)
			require.Equal(t, c.field, de.Field)
			require.Nil(t, md.Table("t"), "nothing was registered")
		})
	}

	require.PanicsWithError(t, `core: table t, field ID: unknown tag option "frobnicate"`, func() {
		core.NewTable[badTag](core.NewMetaData(), "t")
	})
}

func TestDefiningATableTwiceInOneMetaDataIsAnError(t *testing.T) {
	md := core.NewMetaData()
	core.NewDynamicTable(md, "t", core.ColumnSpec{Name: "a", Type: sqltype.BigInt{}})
	_, err := core.DefineDynamicTable(md, "t", core.ColumnSpec{Name: "a", Type: sqltype.BigInt{}})
	require.ErrorIs(t, err, core.ErrDefinition)
}

func TestForeignKeysResolveLazilyAndReportUnknownTargets(t *testing.T) {
	md := core.NewMetaData()
	child := core.NewDynamicTable(md, "child",
		core.ColumnSpec{Name: "id", Type: sqltype.BigInt{}, PrimaryKey: true},
		core.ColumnSpec{Name: "parent_id", Type: sqltype.BigInt{}, ForeignKey: "parent.id"})
	_, _, err := child.ForeignKeys()[0].Target()
	require.ErrorIs(t, err, core.ErrDefinition, "the parent does not exist yet")

	md2 := core.NewMetaData()
	child2 := core.NewDynamicTable(md2, "child",
		core.ColumnSpec{Name: "id", Type: sqltype.BigInt{}, PrimaryKey: true},
		core.ColumnSpec{Name: "parent_id", Type: sqltype.BigInt{}, ForeignKey: "parent.id"})
	parent := core.NewDynamicTable(md2, "parent", core.ColumnSpec{Name: "id", Type: sqltype.BigInt{}, PrimaryKey: true})
	target, cols, err := child2.ForeignKeys()[0].Target()
	require.NoError(t, err, "declared after the child")
	require.Same(t, parent, target)
	require.Equal(t, "id", cols[0].Name())
	require.False(t, child2.C("parent_id").Def().Autoincrement())
}

func TestSortedTablesPutParentsFirstAndReportCycles(t *testing.T) {
	md := core.NewMetaData()
	big := sqltype.BigInt{}
	a := core.NewDynamicTable(md, "a", core.ColumnSpec{Name: "id", Type: big, PrimaryKey: true},
		core.ColumnSpec{Name: "b_id", Type: big, ForeignKey: "b.id"})
	b := core.NewDynamicTable(md, "b", core.ColumnSpec{Name: "id", Type: big, PrimaryKey: true},
		core.ColumnSpec{Name: "a_id", Type: big, ForeignKey: "a.id"})
	c := core.NewDynamicTable(md, "c", core.ColumnSpec{Name: "id", Type: big, PrimaryKey: true},
		core.ColumnSpec{Name: "a_id", Type: big, ForeignKey: "a.id"},
		core.ColumnSpec{Name: "self_id", Type: big, ForeignKey: "c.id"})
	d := core.NewDynamicTable(md, "d", core.ColumnSpec{Name: "id", Type: big, PrimaryKey: true})
	sorted, cycles, err := md.SortedTables()
	require.NoError(t, err)
	require.Equal(t, []*core.Table{a, b, c, d}, sorted, "c is ready once a is created and was defined before d")
	require.Len(t, cycles, 2, "a<->b is a cycle; c's reference to itself is not")
	for _, fk := range cycles {
		require.Contains(t, []*core.Table{a, b}, fk.Table())
	}
}

func TestSortTablesExceptLeavesOutTheKeysItIsTold(t *testing.T) {
	md := core.NewMetaData()
	big := sqltype.BigInt{}
	// b references a, a references b: without a's key, b must follow a.
	b := core.NewDynamicTable(md, "b", core.ColumnSpec{Name: "id", Type: big, PrimaryKey: true},
		core.ColumnSpec{Name: "a_id", Type: big, ForeignKey: "a.id"})
	a := core.NewDynamicTable(md, "a", core.ColumnSpec{Name: "id", Type: big, PrimaryKey: true},
		core.ColumnSpec{Name: "b_id", Type: big, ForeignKey: "b.id"})
	sorted, cycles, err := core.SortTablesExcept([]*core.Table{b, a}, func(fk *core.ForeignKeyConstraint) bool { return fk.Table() == a })
	require.NoError(t, err)
	require.Equal(t, []*core.Table{a, b}, sorted)
	require.Empty(t, cycles, "the skipped key breaks the cycle")
	_, cycles, err = core.SortTables([]*core.Table{b, a})
	require.NoError(t, err)
	require.Len(t, cycles, 2)
}

func TestSnakeCaseNamesColumnsLikeSQLAlchemyUsersExpect(t *testing.T) {
	for in, want := range map[string]string{
		"ID": "id", "UserID": "user_id", "Name": "name", "HTTPServer": "http_server",
		"CreatedAt": "created_at", "ABC": "abc", "Email2": "email2", "already_snake": "already_snake",
	} {
		require.Equal(t, want, core.SnakeCase(in), in)
	}
}

func TestCheckValueAcceptsCompatibleValuesAndRejectsOthers(t *testing.T) {
	md := core.NewMetaData()
	tb := core.NewTable[everyTypeTable](md, "every")
	require.NoError(t, core.CheckValue(tb.Medium.Def(), int32(5)))
	require.NoError(t, core.CheckValue(tb.Medium.Def(), 5), "an untyped int constant")
	require.ErrorIs(t, core.CheckValue(tb.Medium.Def(), int64(1)<<40), core.ErrValue)
	require.ErrorIs(t, core.CheckValue(tb.Small.Def(), 40000), core.ErrValue)
	require.ErrorIs(t, core.CheckValue(tb.Name.Def(), 5), core.ErrValue)
	require.ErrorIs(t, core.CheckValue(tb.Name.Def(), nil), core.ErrValue, "NULL for a NOT NULL column")
	require.NoError(t, core.CheckValue(tb.Note.Def(), nil))
	require.NoError(t, core.CheckValue(tb.Note.Def(), "plain string for a sql.Null[string] column"))
	require.NoError(t, core.CheckValue(tb.Ptr.Def(), (*int64)(nil)))
	require.NoError(t, core.CheckValue(tb.Settings.Def(), map[string]any{"a": 1}))
	require.NoError(t, core.CheckValue(tb.Mood.Def(), mood("happy")))
	require.NoError(t, core.CheckValue(tb.Price.Def(), core.MustParseDecimal("1.5")))
	require.ErrorIs(t, core.CheckValue(tb.Price.Def(), true), core.ErrValue)
}

func TestStatementsAreImmutableValues(t *testing.T) {
	md := core.NewMetaData()
	tb := core.NewTable[everyTypeTable](md, "every")
	base := core.Select(tb.ID).Where(tb.ID.Gt(1))
	a := base.Where(tb.Name.Eq("a")).OrderBy(tb.ID).Limit(1)
	b := base.Where(tb.Name.Eq("b"))
	require.Len(t, base.Parts().Where, 1, "deriving statements does not change the base")
	require.Len(t, a.Parts().Where, 2)
	require.Len(t, b.Parts().Where, 2)
	require.NotSame(t, a.Parts().Where[1], b.Parts().Where[1], "siblings do not share an appended slot")
	require.Nil(t, base.Parts().Limit)
	require.Empty(t, base.Parts().OrderBy)

	ins := core.Insert(tb).Row(tb.Name.To("x"))
	ins2 := ins.Row(tb.Name.To("y"))
	require.Len(t, ins.Parts().Rows, 1)
	require.Len(t, ins2.Parts().Rows, 2)

	upd := core.Update(tb).Set(tb.Name.To("x"))
	upd2 := upd.Set(tb.Flag.To(true))
	require.Len(t, upd.Parts().Set, 1)
	require.Len(t, upd2.Parts().Set, 2)
}

func TestBuildingABadStatementRecordsAnErrorInsteadOfPanicking(t *testing.T) {
	md := core.NewMetaData()
	tb := core.NewTable[everyTypeTable](md, "every")
	other := core.NewDynamicTable(md, "other", core.ColumnSpec{Name: "id", Type: sqltype.BigInt{}, PrimaryKey: true})
	err := core.Select(tb.ID).Limit(-1).Err()
	require.ErrorIs(t, err, core.ErrStatement)
	var se *core.StatementError
	require.True(t, errors.As(core.Insert(tb).Values(core.Values{other.C("id"): 1}).Err(), &se))
	require.Equal(t, "insert", se.Stmt)
	require.ErrorIs(t, core.Update(tb).Set(tb.Name.To("a"), tb.Name.To("b")).Err(), core.ErrStatement, "a column set twice")
	j := tb.Join(other)
	require.ErrorIs(t, j.Err(), core.ErrStatement, "no foreign key to infer the ON clause from")
}
