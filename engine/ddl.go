package engine

import (
	"context"
	"fmt"
	"slices"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/sqltype"
)

var _ core.SchemaRunner = (*Engine)(nil)

// CreateAll creates md's tables, with their indexes, parents before
// children (core.MetaData.CreateAll calls it). With check-first (the
// default) tables that exist are skipped. Foreign keys that form cycles
// between tables are added afterwards with ALTER TABLE; SQLite, which
// cannot do that, accepts them in CREATE TABLE directly. On dialects with
// transactional DDL (PostgreSQL, SQLite) it all happens in one transaction,
// so a failure leaves nothing half-created; MySQL commits each statement.
func (e *Engine) CreateAll(ctx context.Context, md *core.MetaData, opts ...core.DDLOption) error {
	o, sorted, cycles, err := ddlPlan(md, opts)
	if err != nil {
		return err
	}
	d := e.dialect
	if len(cycles) > 0 && !d.AlterAddForeignKey && !d.ForwardForeignKeys {
		return fmt.Errorf("engine: tables have foreign key cycles and %s can neither add foreign keys later nor declare them early", d.Name)
	}
	return e.ddl(ctx, func(cn ddlConn) error {
		if err := e.createEnumTypes(ctx, cn, sorted, o.CheckFirst); err != nil {
			return err
		}
		var created []*core.Table
		for _, t := range sorted {
			if o.CheckFirst {
				exists, err := cn.hasTable(ctx, t)
				if err != nil {
					return err
				}
				if exists {
					continue
				}
			}
			ct := &core.CreateTable{Table: t}
			if !d.ForwardForeignKeys {
				for _, fk := range t.ForeignKeys() {
					if slices.Contains(cycles, fk) {
						ct.SkipForeignKeys = append(ct.SkipForeignKeys, fk)
					}
				}
			}
			if _, err := cn.Exec(ctx, ct); err != nil {
				return err
			}
			for _, ix := range t.Indexes() {
				if _, err := cn.Exec(ctx, &core.CreateIndex{Index: ix}); err != nil {
					return err
				}
			}
			created = append(created, t)
		}
		if d.ForwardForeignKeys {
			return nil
		}
		for _, fk := range cycles {
			if slices.Contains(created, fk.Table()) {
				if _, err := cn.Exec(ctx, &core.AddForeignKey{ForeignKey: fk, Name: core.DefaultForeignKeyName(fk)}); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// DropAll drops md's tables, children before parents (core.MetaData.DropAll
// calls it). With check-first (the default) tables that do not exist are
// skipped. Foreign keys in cycles are dropped first (PostgreSQL, MySQL); on
// SQLite foreign key enforcement is off while the tables are dropped.
// PostgreSQL enum types used by the dropped tables are dropped after them.
func (e *Engine) DropAll(ctx context.Context, md *core.MetaData, opts ...core.DDLOption) error {
	o, sorted, cycles, err := ddlPlan(md, opts)
	if err != nil {
		return err
	}
	slices.Reverse(sorted)
	d := e.dialect
	return e.ddl(ctx, func(cn ddlConn) error {
		var drop []*core.Table
		for _, t := range sorted {
			if o.CheckFirst {
				exists, err := cn.hasTable(ctx, t)
				if err != nil {
					return err
				}
				if !exists {
					continue
				}
			}
			drop = append(drop, t)
		}
		if len(cycles) > 0 && d.DeferForeignKeys != "" {
			if _, err := cn.Exec(ctx, core.Text(d.DeferForeignKeys)); err != nil {
				return err
			}
		}
		if len(cycles) > 0 && d.DropForeignKeyVerb != "" && d.AlterAddForeignKey {
			for _, fk := range cycles {
				if slices.Contains(drop, fk.Table()) {
					if _, err := cn.Exec(ctx, &core.DropForeignKey{ForeignKey: fk, Name: core.DefaultForeignKeyName(fk)}); err != nil {
						return err
					}
				}
			}
		}
		for _, t := range drop {
			if _, err := cn.Exec(ctx, &core.DropTable{Table: t}); err != nil {
				return err
			}
		}
		if d.NamedEnumTypes {
			for _, en := range enumTypes(drop) {
				if _, err := cn.Exec(ctx, &core.DropEnumType{Enum: en, IfExists: true}); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// ddlPlan resolves the options and sorts the tables they name (all of md's
// by default) parents first, with the foreign keys that form cycles.
func ddlPlan(md *core.MetaData, opts []core.DDLOption) (core.DDLOptions, []*core.Table, []*core.ForeignKeyConstraint, error) {
	o := core.ResolveDDLOptions(opts...)
	tables := o.Tables
	if tables == nil {
		tables = md.Tables()
	}
	sorted, cycles, err := core.SortTables(tables)
	return o, sorted, cycles, err
}

// ddlConn runs DDL on one connection, in a transaction where the dialect
// allows.
type ddlConn struct {
	Querier
	e *Engine
	c *dconn
}

func (cn ddlConn) hasTable(ctx context.Context, t *core.Table) (bool, error) {
	ok, err := cn.e.backend.HasTable(ctx, cn.c.DriverConn, t.SchemaName(), t.TableName())
	return ok, cn.e.wrapError(cn.c, err, "", nil)
}

func (e *Engine) ddl(ctx context.Context, fn func(ddlConn) error) error {
	conn, err := e.Connect(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if !e.dialect.TransactionalDDL {
		return fn(ddlConn{Querier: conn, e: e, c: conn.c})
	}
	return conn.Transaction(ctx, func(tx *Tx) error {
		return fn(ddlConn{Querier: tx, e: e, c: conn.c})
	})
}

// createEnumTypes creates the named enum types the tables use (PostgreSQL).
func (e *Engine) createEnumTypes(ctx context.Context, cn ddlConn, tables []*core.Table, checkFirst bool) error {
	if !e.dialect.NamedEnumTypes {
		return nil
	}
	eb, _ := e.backend.(EnumTypeBackend)
	for _, en := range enumTypes(tables) {
		if checkFirst && eb != nil {
			exists, err := eb.HasEnumType(ctx, cn.c.DriverConn, en.Name)
			if err != nil {
				return e.wrapError(cn.c, err, "", nil)
			}
			if exists {
				continue
			}
		}
		if _, err := cn.Exec(ctx, &core.CreateEnumType{Enum: en}); err != nil {
			return err
		}
	}
	return nil
}

// enumTypes lists the distinct enum types of the tables' columns.
func enumTypes(tables []*core.Table) []sqltype.Enum {
	var out []sqltype.Enum
	seen := map[string]bool{}
	for _, t := range tables {
		for _, c := range t.Columns() {
			if en, ok := sqltype.BaseType(c.Type()).(sqltype.Enum); ok && !seen[en.Name] {
				seen[en.Name] = true
				out = append(out, en)
			}
		}
	}
	return out
}
