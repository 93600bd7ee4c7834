package tests

import (
	"context"
	"database/sql"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/internal/testdb"
	"github.com/retort-go/retort/sqltype"
)

func requireTables(t *testing.T, eng *engine.Engine, exist bool, tables ...*core.Table) {
	t.Helper()
	for _, tb := range tables {
		ok, err := eng.HasTable(context.Background(), tb.SchemaName(), tb.TableName())
		require.NoError(t, err)
		require.Equal(t, exist, ok, "table %s", tb.TableName())
	}
}

func TestCreateAllCreatesTablesAndIndexesAndDropAllRemovesThem(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		eng := db.Engine
		require.NoError(t, suite.CreateAll(ctx, eng))
		requireTables(t, eng, true, &users.Table, &addresses.Table)

		// Check-first (the default) makes a second CreateAll a no-op;
		// without it, creating an existing table is an error.
		require.NoError(t, suite.CreateAll(ctx, eng))
		require.Error(t, suite.CreateAll(ctx, eng, core.WithoutCheckFirst()))

		// The column-level unique constraint is enforced.
		_, err := eng.Exec(ctx, core.Insert(users).Row(users.Name.To("a")).Row(users.Name.To("a")))
		require.ErrorIs(t, err, engine.ErrUniqueViolation)

		require.NoError(t, suite.DropAll(ctx, eng))
		requireTables(t, eng, false, &users.Table, &addresses.Table)
		require.NoError(t, suite.DropAll(ctx, eng), "dropping what is not there is a no-op")
		require.Error(t, suite.DropAll(ctx, eng, core.WithoutCheckFirst()))
	})
}

func TestCreateAllOrdersTablesByForeignKeyWhateverTheDefinitionOrder(t *testing.T) {
	md := core.NewMetaData()
	// Children declared before their parents.
	grandchild := core.NewDynamicTable(md, "grandchild",
		core.ColumnSpec{Name: "id", Type: sqltypeBigInt, PrimaryKey: true},
		core.ColumnSpec{Name: "child_id", Type: sqltypeBigInt, NotNull: true, ForeignKey: "child.id"})
	child := core.NewDynamicTable(md, "child",
		core.ColumnSpec{Name: "id", Type: sqltypeBigInt, PrimaryKey: true},
		core.ColumnSpec{Name: "parent_id", Type: sqltypeBigInt, NotNull: true, ForeignKey: "parent.id"})
	parent := core.NewDynamicTable(md, "parent",
		core.ColumnSpec{Name: "id", Type: sqltypeBigInt, PrimaryKey: true})
	sorted, cycles, err := md.SortedTables()
	require.NoError(t, err)
	require.Empty(t, cycles)
	require.Equal(t, []*core.Table{parent, child, grandchild}, sorted)

	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		require.NoError(t, md.CreateAll(ctx, db.Engine))
		_, err := db.Engine.Exec(ctx, core.Insert(parent).Values(core.Values{parent.C("id"): int64(1)}))
		require.NoError(t, err)
		_, err = db.Engine.Exec(ctx, core.Insert(child).Values(core.Values{child.C("id"): int64(1), child.C("parent_id"): int64(1)}))
		require.NoError(t, err)
		_, err = db.Engine.Exec(ctx, core.Insert(grandchild).Values(core.Values{grandchild.C("id"): int64(1), grandchild.C("child_id"): int64(2)}))
		require.ErrorIs(t, err, engine.ErrForeignKeyViolation)
		require.NoError(t, md.DropAll(ctx, db.Engine), "children are dropped before parents")
		requireTables(t, db.Engine, false, parent, child, grandchild)
	})
}

// A cycle: each department has a manager (an employee) and each employee a
// department.
type departmentTable struct {
	core.Table
	ID        core.Column[int64]           `db:"id,pk"`
	Name      core.Column[string]          `db:"name,size=40"`
	ManagerID core.Column[sql.Null[int64]] `db:"manager_id,fk=employee.id"`
}

type employeeTable struct {
	core.Table
	ID     core.Column[int64]  `db:"id,pk"`
	DeptID core.Column[int64]  `db:"dept_id,fk=department.id"`
	Name   core.Column[string] `db:"name,size=40"`
}

func TestCreateAllBreaksForeignKeyCyclesAndKeepsThemEnforced(t *testing.T) {
	md := core.NewMetaData()
	depts := core.NewTable[departmentTable](md, "department")
	emps := core.NewTable[employeeTable](md, "employee")
	_, cycles, err := md.SortedTables()
	require.NoError(t, err)
	require.Len(t, cycles, 2)

	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		eng := db.Engine
		require.NoError(t, md.CreateAll(ctx, eng))
		requireTables(t, eng, true, &depts.Table, &emps.Table)

		_, err := eng.Exec(ctx, core.Insert(depts).Row(depts.ID.To(1), depts.Name.To("krusty krab")))
		require.NoError(t, err)
		_, err = eng.Exec(ctx, core.Insert(emps).Row(emps.ID.To(1), emps.DeptID.To(1), emps.Name.To("krabs")))
		require.NoError(t, err)
		_, err = eng.Exec(ctx, core.Update(depts).Set(depts.ManagerID.To(sql.Null[int64]{V: 1, Valid: true})).Where(depts.ID.Eq(1)))
		require.NoError(t, err)
		// Both foreign keys of the cycle are enforced.
		_, err = eng.Exec(ctx, core.Update(depts).Set(depts.ManagerID.To(sql.Null[int64]{V: 42, Valid: true})).Where(depts.ID.Eq(1)))
		require.ErrorIs(t, err, engine.ErrForeignKeyViolation)
		_, err = eng.Exec(ctx, core.Insert(emps).Row(emps.ID.To(2), emps.DeptID.To(42), emps.Name.To("nobody")))
		require.ErrorIs(t, err, engine.ErrForeignKeyViolation)

		require.NoError(t, md.DropAll(ctx, eng), "rows reference each other; the cycle is dropped first")
		requireTables(t, eng, false, &depts.Table, &emps.Table)
	})
}

type compositeParentTable struct {
	core.Table
	Region core.Column[string] `db:"region,pk,size=8"`
	Code   core.Column[int32]  `db:"code,pk"`
	Label  core.Column[string] `db:"label,size=20"`
}

type compositeChildTable struct {
	core.Table
	ID     core.Column[int64]  `db:"id,pk"`
	Region core.Column[string] `db:"region,size=8"`
	Code   core.Column[int32]  `db:"code"`
}

func (t *compositeChildTable) TableArgs() []core.TableArg {
	return []core.TableArg{
		core.ForeignKey("region", "code").References("site", "region", "code").OnDelete(core.Cascade).Named("fk_item_site"),
		core.Index("ix_item_region_code", "region", "code").Unique(),
	}
}

func TestCompositeKeysAreCreatedAndEnforced(t *testing.T) {
	md := core.NewMetaData()
	sites := core.NewTable[compositeParentTable](md, "site")
	items := core.NewTable[compositeChildTable](md, "item")
	require.Nil(t, sites.AutoincrementColumn(), "a composite key does not autoincrement")
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		eng := db.Engine
		require.NoError(t, md.CreateAll(ctx, eng))
		_, err := eng.Exec(ctx, core.Insert(sites).
			Row(sites.Region.To("eu"), sites.Code.To(1), sites.Label.To("a")).
			Row(sites.Region.To("us"), sites.Code.To(1), sites.Label.To("b")))
		require.NoError(t, err)
		_, err = eng.Exec(ctx, core.Insert(sites).Row(sites.Region.To("eu"), sites.Code.To(1), sites.Label.To("dup")))
		require.ErrorIs(t, err, engine.ErrUniqueViolation)

		_, err = eng.Exec(ctx, core.Insert(items).Row(items.ID.To(1), items.Region.To("eu"), items.Code.To(1)))
		require.NoError(t, err)
		_, err = eng.Exec(ctx, core.Insert(items).Row(items.ID.To(2), items.Region.To("eu"), items.Code.To(2)))
		require.ErrorIs(t, err, engine.ErrForeignKeyViolation)
		_, err = eng.Exec(ctx, core.Insert(items).Row(items.ID.To(3), items.Region.To("eu"), items.Code.To(1)))
		require.ErrorIs(t, err, engine.ErrUniqueViolation, "the unique composite index")

		_, err = eng.Exec(ctx, core.Delete(sites).Where(sites.Region.Eq("eu")))
		require.NoError(t, err)
		n, err := engine.Scalar[int64](ctx, eng, core.Select(core.Count()).From(items))
		require.NoError(t, err)
		require.Zero(t, n, "ON DELETE CASCADE on the composite key")
	})
}

var sqltypeBigInt = sqltype.BigInt{}
