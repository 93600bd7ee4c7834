package sqlcompile

import (
	"fmt"

	"github.com/retort-go/retort/core"
)

func typeName(v any) string { return fmt.Sprintf("%T", v) }

func (c *Compiler) insertStmt(s *core.InsertStmt) {
	if err := s.Err(); err != nil {
		c.Fail(err)
		return
	}
	p := s.Parts()
	c.sb.WriteString("INSERT INTO ")
	c.tableName(p.Table)
	switch {
	case len(p.Columns) == 0 && len(p.Rows) <= 1:
		c.sb.WriteString(c.d.EmptyInsert)
	case len(p.Columns) == 0:
		c.Unsupported("a multi-row INSERT of default values only", "insert the rows one by one")
		return
	default:
		if len(p.Rows) > 1 && !c.d.MultiRowInsert {
			c.Unsupported("multi-row INSERT", "")
			return
		}
		c.sb.WriteString(" (")
		for i, col := range p.Columns {
			if i > 0 {
				c.sb.WriteString(", ")
			}
			c.WriteIdent(col.Name())
		}
		c.sb.WriteString(") VALUES ")
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
	c.returning(p.Returning, c.d.InsertReturning, "INSERT ... RETURNING")
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

func (c *Compiler) returning(items []core.Node, supported bool, construct string) {
	if len(items) == 0 {
		return
	}
	if !supported {
		c.Unsupported(construct, "")
		return
	}
	c.sb.WriteString(" RETURNING ")
	saved := c.qualify
	c.qualify = false
	c.selectList(items)
	c.qualify = saved
}

func (c *Compiler) updateStmt(s *core.UpdateStmt) {
	if err := s.Err(); err != nil {
		c.Fail(err)
		return
	}
	p := s.Parts()
	c.sb.WriteString("UPDATE ")
	c.tableName(p.Table)
	c.sb.WriteString(" SET ")
	c.qualify = true
	for i, it := range p.Set {
		if i > 0 {
			c.sb.WriteString(", ")
		}
		c.WriteIdent(it.Col.Name())
		c.sb.WriteString(" = ")
		c.value(it.Value, it.Col)
	}
	c.where(" WHERE ", p.Where)
	c.returning(p.Returning, c.d.UpdateReturning, "UPDATE ... RETURNING")
}

func (c *Compiler) deleteStmt(s *core.DeleteStmt) {
	if err := s.Err(); err != nil {
		c.Fail(err)
		return
	}
	p := s.Parts()
	c.sb.WriteString("DELETE FROM ")
	c.tableName(p.Table)
	c.qualify = true
	c.where(" WHERE ", p.Where)
	c.returning(p.Returning, c.d.DeleteReturning, "DELETE ... RETURNING")
}
