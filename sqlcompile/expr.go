package sqlcompile

import (
	"fmt"

	"github.com/retort-go/retort/core"
)

// Precedence levels: a child whose level is below what its parent needs is
// parenthesised, so users never have to add parentheses themselves.
const (
	precLowest = iota
	precOr
	precAnd
	precNot
	precCompare
	precAtom
)

func precOf(n core.Node) int {
	switch n := n.(type) {
	case *core.BoolExpr:
		if len(n.Args) == 0 {
			return precCompare
		}
		if len(n.Args) == 1 {
			return precOf(n.Args[0])
		}
		if n.Op == core.OpOr {
			return precOr
		}
		return precAnd
	case *core.NotExpr:
		return precNot
	case *core.BinaryExpr, *core.InExpr, *core.NullCheck:
		return precCompare
	case *core.Label:
		// A label outside a SELECT list writes its expression bare, so it
		// binds as that expression does.
		return precOf(n.X)
	}
	return precAtom
}

// expr writes n, in parentheses if its precedence is below need.
func (c *Compiler) expr(n core.Node, need int) {
	if precOf(n) < need {
		c.sb.WriteByte('(')
		c.exprBare(n)
		c.sb.WriteByte(')')
		return
	}
	c.exprBare(n)
}

func (c *Compiler) exprBare(n core.Node) {
	switch n := n.(type) {
	case *core.ColumnRef:
		c.column(n)
	case *core.BindParam:
		c.WriteBind(n, n.Type)
	case *core.DefaultValue:
		c.WriteBind(n, n.Col.Type())
	case *core.Null:
		c.sb.WriteString("NULL")
	case *core.Invalid:
		c.Fail(n.Err)
	case *core.Literal:
		c.literal(n.Value)
	case *core.BinaryExpr:
		c.expr(n.Left, precCompare+1)
		c.sb.WriteByte(' ')
		c.sb.WriteString(n.Op.String())
		c.sb.WriteByte(' ')
		c.expr(n.Right, precCompare+1)
	case *core.BoolExpr:
		c.boolExpr(n)
	case *core.NotExpr:
		c.sb.WriteString("NOT ")
		c.expr(n.X, precAtom)
	case *core.InExpr:
		c.inExpr(n)
	case *core.NullCheck:
		c.expr(n.X, precCompare+1)
		if n.Not {
			c.sb.WriteString(" IS NOT NULL")
		} else {
			c.sb.WriteString(" IS NULL")
		}
	case *core.FuncCall:
		c.sb.WriteString(n.Name)
		c.sb.WriteByte('(')
		switch {
		case n.Star:
			c.sb.WriteByte('*')
		default:
			if n.Distinct {
				c.sb.WriteString("DISTINCT ")
			}
			for i, a := range n.Args {
				if i > 0 {
					c.sb.WriteString(", ")
				}
				c.expr(a, precLowest)
			}
		}
		c.sb.WriteByte(')')
	case *core.CurrentTimestamp:
		c.sb.WriteString(c.d.CurrentTimestamp)
	case *core.Label:
		// A label outside a SELECT list stands for its expression.
		c.exprBare(n.X)
	case *core.TextParam:
		c.WriteBind(n, nil)
	case nil:
		c.Fail(fmt.Errorf("sqlcompile: nil expression"))
	default:
		c.Fail(fmt.Errorf("sqlcompile: no compile case for expression %T", n))
	}
}

func (c *Compiler) boolExpr(n *core.BoolExpr) {
	switch len(n.Args) {
	case 0:
		// AND of nothing is true, OR of nothing is false.
		if n.Op == core.OpAnd {
			c.sb.WriteString("1 = 1")
		} else {
			c.sb.WriteString("1 != 1")
		}
		return
	case 1:
		c.exprBare(n.Args[0])
		return
	}
	sep, prec := " AND ", precAnd
	if n.Op == core.OpOr {
		sep, prec = " OR ", precOr
	}
	for i, a := range n.Args {
		if i > 0 {
			c.sb.WriteString(sep)
		}
		c.expr(a, prec)
	}
}

func (c *Compiler) inExpr(n *core.InExpr) {
	if len(n.List) == 0 {
		// x IN () is false for every row, even a NULL x; NOT IN () is true.
		if n.Not {
			c.sb.WriteString("1 = 1")
		} else {
			c.sb.WriteString("1 != 1")
		}
		return
	}
	c.expr(n.X, precCompare+1)
	if n.Not {
		c.sb.WriteString(" NOT IN (")
	} else {
		c.sb.WriteString(" IN (")
	}
	for i, v := range n.List {
		if i > 0 {
			c.sb.WriteString(", ")
		}
		c.expr(v, precLowest)
	}
	c.sb.WriteByte(')')
}

// column writes a column reference, qualified by its table or alias when
// the statement reads from more than one place.
func (c *Compiler) column(n *core.ColumnRef) {
	if c.qualify {
		c.tableName(n.From)
		c.sb.WriteByte('.')
	}
	c.WriteIdent(n.Def.Name())
}

// tableName writes the name a FROM item is referred to by: an alias's
// name, or the (schema-qualified) table name.
func (c *Compiler) tableName(t *core.Table) {
	if t.AliasOf() == nil && t.SchemaName() != "" {
		c.WriteIdent(t.SchemaName())
		c.sb.WriteByte('.')
	}
	c.WriteIdent(t.TableName())
}
