package sqlcompile

import (
	"fmt"

	"github.com/retort-go/retort/core"
)

func typeName(v any) string { return fmt.Sprintf("%T", v) }

// dmlWith writes the WITH clause in front of an UPDATE or DELETE (or an
// INSERT ... VALUES) that uses CTEs, where the dialect allows it.
func (c *Compiler) dmlWith(construct string) {
	if len(c.ctes) == 0 {
		return
	}
	if !c.d.DMLWith {
		c.Unsupported("WITH on "+construct, "use the CTE's query as a subquery")
		return
	}
	c.with()
}

func (c *Compiler) insertStmt(s *core.InsertStmt) {
	if err := s.Err(); err != nil {
		c.Fail(err)
		return
	}
	p := s.Parts()
	if len(c.ctes) > 0 {
		switch {
		case c.d.InsertWith:
			// In front of INSERT, the CTEs are seen by the SELECT, the
			// conflict clause and RETURNING alike.
			c.with()
		case p.Select == nil:
			c.Unsupported("WITH on INSERT ... VALUES", "use the CTE's query as a subquery")
			return
		}
	}
	c.sb.WriteString("INSERT INTO ")
	c.tableName(p.Table)
	c.scopes = append(c.scopes, []*core.Table{p.Table})
	defer func() { c.scopes = c.scopes[:len(c.scopes)-1] }()
	switch {
	case p.Select != nil:
		c.insertSelect(p)
	case len(p.Columns) == 0 && len(p.Rows) <= 1:
		if p.Conflict != nil && c.d.Upsert == UpsertOnConflict && !c.d.UpsertDefaultValues {
			c.Unsupported("ON CONFLICT after DEFAULT VALUES", "give a value for a column")
			return
		}
		c.sb.WriteString(c.d.EmptyInsert)
	case len(p.Columns) == 0:
		c.Unsupported("a multi-row INSERT of default values only", "insert the rows one by one")
		return
	default:
		if len(p.Rows) > 1 && !c.d.MultiRowInsert {
			c.Unsupported("multi-row INSERT", "")
			return
		}
		c.insertColumns(p.Columns, nil)
		c.sb.WriteString(" VALUES ")
		for r, row := range p.Rows {
			if r > 0 {
				c.sb.WriteString(", ")
			}
			c.sb.WriteByte('(')
			for i, v := range row {
				if i > 0 {
					c.sb.WriteString(", ")
				}
				c.value(v, p.Columns[i])
			}
			c.sb.WriteByte(')')
		}
	}
	c.returningSoon = len(p.Returning) > 0
	c.fromSelect = p.Select != nil
	c.onConflict(p.Table, p.Conflict)
	c.returning(p.Returning, c.d.InsertReturning, "INSERT ... RETURNING", false)
}

// insertColumns writes " (a, b, ...)" for cols and then more.
func (c *Compiler) insertColumns(cols []*core.ColumnDef, more []core.SetItem) {
	c.sb.WriteString(" (")
	for i, col := range cols {
		if i > 0 {
			c.sb.WriteString(", ")
		}
		c.WriteIdent(col.Name())
	}
	for i, it := range more {
		if i > 0 || len(cols) > 0 {
			c.sb.WriteString(", ")
		}
		c.WriteIdent(it.Col.Name())
	}
	c.sb.WriteByte(')')
}

// insertSelect writes "(cols) [WITH ...] SELECT ...". Client-side
// defaults of columns the SELECT does not fill are added to its list as
// parameters (cast to the column's type where the database would read an
// untyped parameter as text); a set operation is wrapped for that.
func (c *Compiler) insertSelect(p core.InsertParts) {
	c.insertColumns(p.Columns, p.Defaults)
	c.sb.WriteByte(' ')
	c.with()
	c.depth++
	defer func() { c.depth-- }()
	saved := c.scopes
	c.scopes = nil
	defer func() { c.scopes = saved }()
	sel, isSelect := p.Select.(*core.SelectStmt)
	needWhere := c.d.UpsertSelectNeedsWhere && p.Conflict != nil && !(isSelect && len(sel.Parts().Where) > 0)
	switch {
	case !needWhere && len(p.Defaults) == 0:
		c.query(p.Select)
	case !needWhere && isSelect:
		c.extraItems = p.Defaults
		c.selectStmt(sel)
	default:
		// Selected from, to add the defaults to a set operation's rows or
		// the WHERE an upsert's SELECT needs.
		c.sb.WriteString("SELECT anon.*")
		c.insertDefaults(p.Defaults)
		c.sb.WriteString(" FROM (")
		c.query(p.Select)
		c.sb.WriteString(") AS anon")
		if needWhere {
			c.sb.WriteString(" WHERE ")
			c.boolLiteral(true)
		}
	}
}

// insertDefaults writes ", value" for each default of INSERT ... SELECT.
func (c *Compiler) insertDefaults(defaults []core.SetItem) {
	for _, it := range defaults {
		c.sb.WriteString(", ")
		if c.d.CastUntypedBinds {
			name, err := c.castTypeName(it.Col.Type())
			if err != nil {
				c.Fail(err)
				return
			}
			c.sb.WriteString("CAST(")
			c.value(it.Value, it.Col)
			c.sb.WriteString(" AS ")
			c.sb.WriteString(name)
			c.sb.WriteByte(')')
			continue
		}
		c.value(it.Value, it.Col)
	}
}

// onConflict writes an upsert's conflict clause.
func (c *Compiler) onConflict(table *core.Table, oc *core.OnConflict) {
	if oc == nil {
		return
	}
	// The existing row's columns are qualified: unqualified, PostgreSQL
	// finds them ambiguous with the excluded row's.
	saved := c.qualify
	c.qualify, c.inUpsert = true, true
	defer func() { c.qualify, c.inUpsert = saved, false }()
	switch c.d.Upsert {
	case UpsertOnConflict:
		c.sb.WriteString(" ON CONFLICT")
		switch {
		case oc.Constraint != "":
			if !c.d.ConflictOnConstraint {
				c.Unsupported("ON CONFLICT ON CONSTRAINT", "name the constraint's columns with ConflictOn")
				return
			}
			c.sb.WriteString(" ON CONSTRAINT ")
			c.WriteIdent(oc.Constraint)
		case len(oc.Columns) > 0:
			c.insertColumns(oc.Columns, nil)
			if oc.TargetWhere != nil {
				c.sb.WriteString(" WHERE ")
				c.unqualified(oc.TargetWhere)
			}
		case !oc.DoNothing:
			c.Fail(&core.StatementError{Stmt: "insert", Msg: "DoUpdate needs a conflict target (ConflictOn or ConflictOnConstraint)"})
			return
		}
		if oc.DoNothing {
			c.sb.WriteString(" DO NOTHING")
			return
		}
		c.sb.WriteString(" DO UPDATE SET ")
		c.setList(oc.Set, false)
		c.where(" WHERE ", nonNil(oc.Where))
	case UpsertDuplicateKey:
		// Any unique key triggers ON DUPLICATE KEY UPDATE: the target
		// cannot be said, only checked to be plain columns.
		switch {
		case oc.Constraint != "":
			c.Unsupported("a conflict target naming a constraint", "ON DUPLICATE KEY UPDATE reacts to every unique key")
			return
		case oc.TargetWhere != nil:
			c.Unsupported("a conflict target with a WHERE", "ON DUPLICATE KEY UPDATE reacts to every unique key")
			return
		case oc.Where != nil:
			c.Unsupported("DO UPDATE ... WHERE", "put the condition in the values with a CASE")
			return
		}
		c.sb.WriteString(" ON DUPLICATE KEY UPDATE ")
		if oc.DoNothing && c.returningSoon {
			c.Unsupported("DO NOTHING with RETURNING", "the no-op update that stands for DO NOTHING returns the rows it skipped")
			return
		}
		if oc.DoNothing {
			// Setting a column to itself changes nothing (and reports no
			// affected row): DO NOTHING, without INSERT IGNORE's
			// swallowing of other errors.
			col := firstKeyColumn(table, oc.Columns)
			if col == nil {
				c.Unsupported("DO NOTHING on a table without a key", "")
				return
			}
			// After INSERT ... SELECT a bare name could be the SELECT's.
			for i := range 2 {
				if i > 0 {
					c.sb.WriteString(" = ")
				}
				if c.fromSelect {
					c.tableName(table)
					c.sb.WriteByte('.')
				}
				c.WriteIdent(col.Name())
			}
			return
		}
		c.setList(oc.Set, c.fromSelect)
	default:
		c.Unsupported("upserts (ON CONFLICT)", "")
	}
}

func nonNil(n core.Node) []core.Node {
	if n == nil {
		return nil
	}
	return []core.Node{n}
}

// firstKeyColumn returns the first target column, or the first primary
// key column.
func firstKeyColumn(t *core.Table, target []*core.ColumnDef) *core.ColumnDef {
	if len(target) > 0 {
		return target[0]
	}
	if pk := t.PrimaryKey(); pk != nil && len(pk.Columns()) > 0 {
		return pk.Columns()[0]
	}
	return nil
}

// unqualified writes n with column names alone.
func (c *Compiler) unqualified(n core.Node) {
	saved := c.qualify
	c.qualify = false
	c.expr(n, precLowest)
	c.qualify = saved
}

// setList writes "a = x, b = y"; qualified names the table (MySQL's
// multi-table UPDATE).
func (c *Compiler) setList(items []core.SetItem, qualified bool) {
	for i, it := range items {
		if i > 0 {
			c.sb.WriteString(", ")
		}
		if qualified {
			c.tableName(it.Col.Table())
			c.sb.WriteByte('.')
		}
		c.WriteIdent(it.Col.Name())
		c.sb.WriteString(" = ")
		c.value(it.Value, it.Col)
	}
}

// value writes a value assigned to col: a parameter bound with the column's
// type, or an expression.
func (c *Compiler) value(v core.Node, col *core.ColumnDef) {
	if b, ok := v.(*core.BindParam); ok && b.Type == nil {
		c.WriteBind(b, col.Type())
		return
	}
	c.expr(v, precLowest)
}

// returning writes RETURNING; its columns are qualified when the
// statement reads other tables (UPDATE ... FROM, DELETE ... USING), where
// a bare name could be ambiguous.
func (c *Compiler) returning(items []core.Node, supported bool, construct string, qualify bool) {
	if len(items) == 0 {
		return
	}
	if !supported {
		c.Unsupported(construct, "")
		return
	}
	c.sb.WriteString(" RETURNING ")
	saved := c.qualify
	c.qualify = qualify
	c.selectList(items)
	c.qualify = saved
}

func (c *Compiler) updateStmt(s *core.UpdateStmt) {
	if err := s.Err(); err != nil {
		c.Fail(err)
		return
	}
	p := s.Parts()
	c.dmlWith("UPDATE")
	multi := len(p.From) > 0 && c.d.MultiTableDML
	if len(p.From) > 0 && !multi && !c.d.UpdateFrom {
		c.Unsupported("UPDATE ... FROM", "use a correlated subquery in the values")
		return
	}
	scope := append([]*core.Table{p.Table}, leaves(p.From)...)
	c.scopes = append(c.scopes, scope)
	defer func() { c.scopes = c.scopes[:len(c.scopes)-1] }()
	c.qualify = true
	c.sb.WriteString("UPDATE ")
	c.tableName(p.Table)
	if multi {
		for _, f := range p.From {
			c.sb.WriteString(", ")
			c.fromItem(f)
		}
	}
	c.sb.WriteString(" SET ")
	c.setList(p.Set, multi)
	if len(p.From) > 0 && !multi {
		c.sb.WriteString(" FROM ")
		for i, f := range p.From {
			if i > 0 {
				c.sb.WriteString(", ")
			}
			c.fromItem(f)
		}
	}
	c.where(" WHERE ", p.Where)
	c.dmlOrderLimit(p.OrderBy, p.Limit, multi, "UPDATE")
	if multi && len(p.Returning) > 0 {
		c.Unsupported("RETURNING on a multi-table UPDATE", "")
		return
	}
	c.returning(p.Returning, c.d.UpdateReturning, "UPDATE ... RETURNING", len(p.From) > 0)
}

// dmlOrderLimit writes ORDER BY and LIMIT of an UPDATE or DELETE (MySQL,
// single-table statements only).
func (c *Compiler) dmlOrderLimit(order []core.Node, limit core.Node, multi bool, stmt string) {
	if len(order) == 0 && limit == nil {
		return
	}
	if !c.d.UpdateDeleteLimit {
		c.Unsupported("ORDER BY and LIMIT on "+stmt, "select the keys in a subquery")
		return
	}
	if multi {
		c.Unsupported("ORDER BY and LIMIT on a multi-table "+stmt, "")
		return
	}
	c.orderBy(order, nil)
	if limit != nil {
		c.sb.WriteString(" LIMIT ")
		c.WriteExpr(limit)
	}
}

func (c *Compiler) deleteStmt(s *core.DeleteStmt) {
	if err := s.Err(); err != nil {
		c.Fail(err)
		return
	}
	p := s.Parts()
	c.dmlWith("DELETE")
	scope := append([]*core.Table{p.Table}, leaves(p.Using)...)
	c.scopes = append(c.scopes, scope)
	defer func() { c.scopes = c.scopes[:len(c.scopes)-1] }()
	c.qualify = true
	multi := false
	switch {
	case len(p.Using) == 0:
		c.sb.WriteString("DELETE FROM ")
		c.tableName(p.Table)
		c.where(" WHERE ", p.Where)
	case c.d.DeleteUsing:
		c.sb.WriteString("DELETE FROM ")
		c.tableName(p.Table)
		c.sb.WriteString(" USING ")
		for i, f := range p.Using {
			if i > 0 {
				c.sb.WriteString(", ")
			}
			c.fromItem(f)
		}
		c.where(" WHERE ", p.Where)
	case c.d.MultiTableDML:
		multi = true
		c.sb.WriteString("DELETE ")
		c.tableName(p.Table)
		c.sb.WriteString(" FROM ")
		c.tableName(p.Table)
		for _, f := range p.Using {
			c.sb.WriteString(", ")
			c.fromItem(f)
		}
		c.where(" WHERE ", p.Where)
	default:
		// DELETE FROM t WHERE EXISTS (SELECT 1 FROM other WHERE ...):
		// the same rows, where DELETE takes one table only (SQLite).
		c.sb.WriteString("DELETE FROM ")
		c.tableName(p.Table)
		c.sb.WriteString(" WHERE EXISTS (SELECT 1 FROM ")
		for i, f := range p.Using {
			if i > 0 {
				c.sb.WriteString(", ")
			}
			c.fromItem(f)
		}
		c.where(" WHERE ", p.Where)
		c.sb.WriteByte(')')
	}
	c.dmlOrderLimit(p.OrderBy, p.Limit, multi, "DELETE")
	if multi && len(p.Returning) > 0 {
		c.Unsupported("RETURNING on a multi-table DELETE", "")
		return
	}
	c.returning(p.Returning, c.d.DeleteReturning, "DELETE ... RETURNING", len(p.Using) > 0)
}
