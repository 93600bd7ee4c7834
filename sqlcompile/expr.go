package sqlcompile

import (
	"fmt"
	"slices"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/sqltype"
)

// Precedence levels: a child whose level is below what its parent needs is
// parenthesised, so users never have to add parentheses themselves. The
// order follows PostgreSQL's (and the SQL standard's): OR < AND < NOT <
// comparisons < other operators (||, @>, &&, ->) < + - < * / % < unary
// minus. SQLite binds || and its JSON arrows more tightly than * and /
// (Dialect.TightConcat): there the other operators sit at precTightConcat.
const (
	precLowest = iota
	precOr
	precAnd
	precNot
	precCompare
	precConcat
	precAdd
	precMul
	precTightConcat
	precUnary
	precAtom
)

// prec is precOf for this dialect.
func (c *Compiler) prec(n core.Node) int { return c.level(precOf(n)) }

// level moves the "other operators" level where this dialect puts it.
func (c *Compiler) level(p int) int {
	if p == precConcat && c.d.TightConcat {
		return precTightConcat
	}
	return p
}

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
	case *core.BinaryExpr:
		return binaryPrec(n.Op)
	case *core.InExpr, *core.NullCheck, *core.BetweenExpr, *core.AnyAllExpr:
		return precCompare
	case *core.UnaryExpr:
		return precUnary
	case *core.ExistsExpr:
		if n.Not {
			return precNot
		}
		return precAtom
	case *core.JSONPathExpr:
		// An operator (#>, ->) on PostgreSQL and SQLite.
		return precConcat
	case *core.Label:
		// A label outside a SELECT list writes its expression bare, so it
		// binds as that expression does.
		return precOf(n.X)
	}
	return precAtom
}

func binaryPrec(op core.BinaryOp) int {
	switch op {
	case core.OpAdd, core.OpSub:
		return precAdd
	case core.OpMul, core.OpDiv, core.OpMod:
		return precMul
	case core.OpConcat, core.OpContains, core.OpContainedBy, core.OpOverlap:
		// PostgreSQL's "other operators": one level, left-associative.
		return precConcat
	}
	return precCompare
}

// expr writes n, in parentheses if its precedence is below need.
func (c *Compiler) expr(n core.Node, need int) {
	if c.prec(n) < need {
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
	case *core.NamedParam:
		c.WriteBind(n, n.Type)
	case *core.Null:
		c.sb.WriteString("NULL")
	case *core.Invalid:
		c.Fail(n.Err)
	case *core.Literal:
		c.literal(n.Value)
	case *core.BoolLiteral:
		c.boolLiteral(n.Value)
	case *core.BinaryExpr:
		c.binaryExpr(n)
	case *core.UnaryExpr:
		c.negate(n.X)
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
	case *core.BetweenExpr:
		if c.untypedBind(n.X) && c.untypedBind(n.Lo) && c.untypedBind(n.Hi) {
			c.typedExpr(n.X, precCompare+1) // the bounds take its type
		} else {
			c.expr(n.X, precCompare+1)
		}
		if n.Not {
			c.sb.WriteString(" NOT")
		}
		c.sb.WriteString(" BETWEEN ")
		c.expr(n.Lo, precCompare+1)
		c.sb.WriteString(" AND ")
		c.expr(n.Hi, precCompare+1)
	case *core.FuncCall:
		c.funcCall(n)
	case *core.CaseExpr:
		c.caseExpr(n)
	case *core.CastExpr:
		c.castExpr(n)
	case *core.CurrentTimestamp:
		c.sb.WriteString(c.d.CurrentTimestamp)
	case *core.Label:
		// A label outside a SELECT list stands for its expression.
		c.exprBare(n.X)
	case *core.TextParam:
		c.WriteBind(n, nil)
	case *core.RawExpr:
		if n.Err != nil {
			c.Fail(n.Err)
			return
		}
		if len(n.Chunks) != len(n.Params)+1 {
			c.Fail(&core.StatementError{Stmt: "expression", Msg: "a RawExpr must be made with core.TextExpr"})
			return
		}
		c.sb.WriteByte('(')
		for i, p := range n.Params {
			c.sb.WriteString(n.Chunks[i])
			c.WriteBind(p, nil)
		}
		c.sb.WriteString(n.Chunks[len(n.Chunks)-1])
		c.sb.WriteByte(')')
	case *core.TupleExpr:
		if len(n.Items) == 0 {
			c.Fail(&core.StatementError{Stmt: "expression", Msg: "a tuple needs at least one item"})
			return
		}
		c.sb.WriteByte('(')
		c.exprList(n.Items)
		c.sb.WriteByte(')')
	case *core.ScalarSubqueryExpr:
		c.subquery(n.Select, true)
	case *core.ExistsExpr:
		if n.Not {
			c.sb.WriteString("NOT ")
		}
		c.sb.WriteString("EXISTS ")
		c.subquery(n.Select, true)
	case *core.JSONPathExpr:
		if c.d.JSONPath == nil {
			c.Unsupported("JSON paths", "")
			return
		}
		c.d.JSONPath(c, n)
	case *core.AnyAllExpr:
		if !c.d.Arrays {
			c.Unsupported("ANY/ALL over arrays", "use In with a list")
			return
		}
		c.expr(n.X, precCompare+1)
		c.sb.WriteByte(' ')
		c.sb.WriteString(n.Op.String())
		if n.All {
			c.sb.WriteString(" ALL (")
		} else {
			c.sb.WriteString(" ANY (")
		}
		c.expr(n.Array, precLowest)
		c.sb.WriteByte(')')
	case *core.ExcludedRef:
		c.excluded(n)
	case nil:
		c.Fail(fmt.Errorf("sqlcompile: nil expression"))
	default:
		c.Fail(fmt.Errorf("sqlcompile: no compile case for expression %T", n))
	}
}

func (c *Compiler) boolLiteral(v bool) {
	switch {
	case c.d.NativeBoolean && v:
		c.sb.WriteString("true")
	case c.d.NativeBoolean:
		c.sb.WriteString("false")
	case v:
		c.sb.WriteString("1")
	default:
		c.sb.WriteString("0")
	}
}

// needsNumeric reports whether round(x, n) needs x cast to NUMERIC on
// PostgreSQL: x is a float, or of no known type.
func needsNumeric(t sqltype.Type) bool {
	if t == nil {
		return true
	}
	return !isIntegral(t) && sqltype.BaseType(t).Kind() != sqltype.KindNumeric
}

func isIntegral(t sqltype.Type) bool {
	switch sqltype.BaseType(t).(type) {
	case sqltype.SmallInt, sqltype.Integer, sqltype.BigInt:
		return true
	}
	return false
}

func (c *Compiler) binaryExpr(n *core.BinaryExpr) {
	prec := c.level(binaryPrec(n.Op))
	switch n.Op {
	case core.OpConcat:
		if c.d.ConcatFunc {
			c.sb.WriteString("CONCAT(")
			c.expr(n.Left, precLowest)
			c.sb.WriteString(", ")
			c.expr(n.Right, precLowest)
			c.sb.WriteByte(')')
			return
		}
	case core.OpILike, core.OpNotILike:
		if !c.d.NativeILike {
			c.sb.WriteString("lower(")
			c.expr(n.Left, precLowest)
			if n.Op == core.OpNotILike {
				c.sb.WriteString(") NOT LIKE lower(")
			} else {
				c.sb.WriteString(") LIKE lower(")
			}
			c.expr(n.Right, precLowest)
			c.sb.WriteByte(')')
			c.likeEscape(n.Escape)
			return
		}
	case core.OpIsDistinctFrom, core.OpIsNotDistinctFrom:
		switch c.d.NullSafeEqual {
		case "":
		case "IS":
			c.expr(n.Left, precCompare+1)
			if n.Op == core.OpIsDistinctFrom {
				c.sb.WriteString(" IS NOT ")
			} else {
				c.sb.WriteString(" IS ")
			}
			c.expr(n.Right, precCompare+1)
			return
		default:
			if n.Op == core.OpIsDistinctFrom {
				c.sb.WriteString("NOT (")
			}
			c.expr(n.Left, precCompare+1)
			c.sb.WriteByte(' ')
			c.sb.WriteString(c.d.NullSafeEqual)
			c.sb.WriteByte(' ')
			c.expr(n.Right, precCompare+1)
			if n.Op == core.OpIsDistinctFrom {
				c.sb.WriteByte(')')
			}
			return
		}
	case core.OpContains, core.OpContainedBy, core.OpOverlap:
		if !c.d.Arrays {
			c.Unsupported("array operators", "")
			return
		}
	}
	op := n.Op.String()
	if n.Op == core.OpDiv && c.d.IntDivOperator != "" && isIntegral(core.TypeOf(n.Left)) && isIntegral(core.TypeOf(n.Right)) {
		op = c.d.IntDivOperator
	}
	// Comparisons do not chain; arithmetic is left-associative.
	left, right := prec, prec+1
	if prec == precCompare {
		left = precCompare + 1
	}
	if n.Op == core.OpConcat || c.untypedBind(n.Left) && c.untypedBind(n.Right) {
		// "$1 * $2": neither side types the other. "x || $1": PostgreSQL
		// reads $1 as text, whatever the value is.
		c.typedExpr(n.Left, left)
		c.sb.WriteByte(' ')
		c.sb.WriteString(op)
		c.sb.WriteByte(' ')
		c.typedExpr(n.Right, right)
		return
	}
	c.expr(n.Left, left)
	c.sb.WriteByte(' ')
	c.sb.WriteString(op)
	c.sb.WriteByte(' ')
	c.expr(n.Right, right)
	c.likeEscape(n.Escape)
}

func (c *Compiler) likeEscape(esc byte) {
	if esc == 0 {
		return
	}
	c.sb.WriteString(" ESCAPE ")
	c.literal(string(esc))
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
	if n.Sub != nil {
		c.expr(n.X, precCompare+1)
		if n.Not {
			c.sb.WriteString(" NOT IN ")
		} else {
			c.sb.WriteString(" IN ")
		}
		if c.d.NoLimitInSubquery && hasLimit(n.Sub) {
			// MySQL cannot LIMIT an IN subquery, but can select from a
			// derived table that does.
			c.sb.WriteString("(SELECT * FROM ")
			c.sealed("an IN subquery with LIMIT", func() { c.subquery(n.Sub, true) })
			c.sb.WriteString(" AS anon_in)")
			return
		}
		c.subquery(n.Sub, true)
		return
	}
	if len(n.List) == 0 {
		// x IN () is false for every row, even a NULL x; NOT IN () is true.
		if n.Not {
			c.sb.WriteString("1 = 1")
		} else {
			c.sb.WriteString("1 != 1")
		}
		return
	}
	if c.untypedBind(n.X) && c.allUntyped(n.List) {
		c.typedExpr(n.X, precCompare+1) // the list takes its type
	} else {
		c.expr(n.X, precCompare+1)
	}
	if n.Not {
		c.sb.WriteString(" NOT IN (")
	} else {
		c.sb.WriteString(" IN (")
	}
	if _, tuple := n.X.(*core.TupleExpr); tuple && c.d.TupleInValues {
		c.sb.WriteString("VALUES ")
	}
	c.exprList(n.List)
	c.sb.WriteByte(')')
}

// funcCall writes f(args) [FILTER (WHERE ...)] [OVER (...)].
func (c *Compiler) funcCall(n *core.FuncCall) {
	name := n.Name
	if r, ok := c.d.FuncNames[name]; ok {
		name = r
	}
	c.sb.WriteString(name)
	c.sb.WriteByte('(')
	emulateFilter := n.Filter != nil && !c.d.AggregateFilter
	if emulateFilter && !n.Star && len(n.Args) == 0 {
		c.Unsupported("FILTER (WHERE ...) on a function without arguments", "the emulation puts a CASE inside the first argument")
		return
	}
	// f($1, $2): nothing types the parameters (coalesce, abs, round).
	castArgs := len(n.Args) > 0 && c.allUntyped(n.Args)
	switch {
	case n.Star && emulateFilter:
		// count(*) FILTER (WHERE c) is count(CASE WHEN c THEN 1 END).
		c.sb.WriteString("CASE WHEN ")
		c.expr(n.Filter, precLowest)
		c.sb.WriteString(" THEN 1 END")
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
			switch {
			case i == 0 && emulateFilter:
				// agg(x) FILTER (WHERE c) is agg(CASE WHEN c THEN x END):
				// aggregates skip NULLs.
				c.sb.WriteString("CASE WHEN ")
				c.expr(n.Filter, precLowest)
				c.sb.WriteString(" THEN ")
				c.expr(a, precLowest)
				c.sb.WriteString(" END")
			case i == 0 && name == "round" && len(n.Args) == 2 && c.d.RoundNumeric && needsNumeric(core.TypeOf(a)):
				c.sb.WriteString("CAST(")
				c.expr(a, precLowest)
				c.sb.WriteString(" AS NUMERIC)")
			case castArgs:
				c.typedExpr(a, precLowest)
			default:
				c.expr(a, precLowest)
			}
		}
	}
	c.sb.WriteByte(')')
	if n.Filter != nil && !emulateFilter {
		c.sb.WriteString(" FILTER (WHERE ")
		c.expr(n.Filter, precLowest)
		c.sb.WriteByte(')')
	}
	if n.Over != nil {
		c.window(n.Over)
	}
}

func (c *Compiler) window(w *core.WindowClause) {
	c.sb.WriteString(" OVER (")
	sep := ""
	if len(w.PartitionBy) > 0 {
		c.sb.WriteString("PARTITION BY ")
		c.exprList(w.PartitionBy)
		sep = " "
	}
	if len(w.OrderBy) > 0 {
		c.sb.WriteString(sep)
		c.sb.WriteString("ORDER BY ")
		for i, o := range w.OrderBy {
			if i > 0 {
				c.sb.WriteString(", ")
			}
			c.orderItem(o, nil)
		}
		sep = " "
	}
	if f := w.Frame; f != nil {
		if frameOrder(f.Start.Kind) > frameOrder(f.End.Kind) || f.Start.Kind == core.BoundUnboundedFollowing || f.End.Kind == core.BoundUnboundedPreceding {
			c.Fail(&core.StatementError{Stmt: "window", Msg: "the window frame ends before it starts"})
			return
		}
		c.sb.WriteString(sep)
		if f.Mode == core.FrameRange {
			c.sb.WriteString("RANGE BETWEEN ")
		} else {
			c.sb.WriteString("ROWS BETWEEN ")
		}
		c.frameBound(f.Start)
		c.sb.WriteString(" AND ")
		c.frameBound(f.End)
	}
	c.sb.WriteByte(')')
}

func (c *Compiler) frameBound(b core.FrameBound) {
	switch b.Kind {
	case core.BoundUnboundedPreceding:
		c.sb.WriteString("UNBOUNDED PRECEDING")
	case core.BoundCurrentRow:
		c.sb.WriteString("CURRENT ROW")
	case core.BoundUnboundedFollowing:
		c.sb.WriteString("UNBOUNDED FOLLOWING")
	case core.BoundPreceding, core.BoundFollowing:
		c.expr(b.Offset, precAtom)
		if b.Kind == core.BoundPreceding {
			c.sb.WriteString(" PRECEDING")
		} else {
			c.sb.WriteString(" FOLLOWING")
		}
	default:
		c.Fail(fmt.Errorf("sqlcompile: a window frame bound is missing"))
	}
}

func (c *Compiler) caseExpr(n *core.CaseExpr) {
	if len(n.Whens) == 0 {
		c.Fail(&core.StatementError{Stmt: "case", Msg: "CASE needs at least one WHEN"})
		return
	}
	c.sb.WriteString("CASE")
	if n.Subject != nil {
		c.sb.WriteByte(' ')
		c.expr(n.Subject, precLowest)
	}
	for _, w := range n.Whens {
		c.sb.WriteString(" WHEN ")
		c.expr(w.When, precLowest)
		c.sb.WriteString(" THEN ")
		c.typedExpr(w.Then, precLowest)
	}
	if n.Else != nil {
		c.sb.WriteString(" ELSE ")
		c.typedExpr(n.Else, precLowest)
	}
	c.sb.WriteString(" END")
}

func (c *Compiler) castExpr(n *core.CastExpr) {
	name, err := c.castTypeName(n.To)
	if err != nil {
		c.Fail(err)
		return
	}
	c.sb.WriteString("CAST(")
	c.expr(n.X, precLowest)
	c.sb.WriteString(" AS ")
	c.sb.WriteString(name)
	c.sb.WriteByte(')')
}

// castTypeName is the type a CAST takes on this dialect.
func (c *Compiler) castTypeName(t sqltype.Type) (string, error) {
	t = sqltype.BaseType(t)
	if c.d.CastType != nil {
		return c.d.CastType(t)
	}
	return c.d.TypeName(t)
}

func (c *Compiler) excluded(n *core.ExcludedRef) {
	if !c.inUpsert {
		c.Fail(&core.StatementError{Stmt: "expression", Msg: "core.Excluded is for the values and WHERE of an upsert's DoUpdate"})
		return
	}
	switch c.d.Upsert {
	case UpsertDuplicateKey:
		c.sb.WriteString("VALUES(")
		c.WriteIdent(n.Col.Name())
		c.sb.WriteByte(')')
	case UpsertOnConflict:
		c.sb.WriteString("excluded.")
		c.WriteIdent(n.Col.Name())
	default:
		c.Unsupported("upserts", "")
	}
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

// tableName writes the name a FROM item is referred to by: an alias's,
// a subquery's or CTE's name, or the (schema-qualified) table name.
func (c *Compiler) tableName(t *core.Table) {
	if t.AliasOf() == nil && t.Source() == nil && t.SchemaName() != "" {
		c.WriteIdent(t.SchemaName())
		c.sb.WriteByte('.')
	}
	c.WriteIdent(t.TableName())
}

// untypedBind reports whether n is a parameter of a non-text type in a
// place where the database would not infer its type (CastUntypedBinds).
func (c *Compiler) untypedBind(n core.Node) bool {
	if !c.d.CastUntypedBinds {
		return false
	}
	var t sqltype.Type
	switch b := n.(type) {
	case *core.BindParam:
		t = b.Type
	case *core.NamedParam:
		t = b.Type
	case *core.Label:
		return c.untypedBind(b.X)
	default:
		return false
	}
	if t == nil {
		return false
	}
	switch sqltype.BaseType(t).Kind() {
	case sqltype.KindString, sqltype.KindText, sqltype.KindEnum:
		return false // unknown parameters are read as text anyway
	}
	return true
}

// allUntyped reports whether every node of ns is an untyped parameter.
func (c *Compiler) allUntyped(ns []core.Node) bool {
	for _, n := range ns {
		if !c.untypedBind(n) {
			return false
		}
	}
	return true
}

// typedExpr writes n, cast to its type if it is a parameter the database
// could not type from its place.
func (c *Compiler) typedExpr(n core.Node, need int) {
	if !c.untypedBind(n) {
		c.expr(n, need)
		return
	}
	if l, ok := n.(*core.Label); ok {
		n = l.X
	}
	name, err := c.castTypeName(core.TypeOf(n))
	if err != nil {
		c.Fail(err)
		return
	}
	c.sb.WriteString("CAST(")
	c.exprBare(n)
	c.sb.WriteString(" AS ")
	c.sb.WriteString(name)
	c.sb.WriteByte(')')
}

// negate writes "-x". An operand that itself starts with a minus (a
// negative literal, another negation) is parenthesised: "--5" would be a
// comment.
func (c *Compiler) negate(x core.Node) {
	c.sb.WriteByte('-')
	pos := c.sb.Len()
	c.typedExpr(x, precUnary+1)
	if s := c.sb.String(); len(s) > pos && s[pos] == '-' {
		c.sb.Reset()
		c.sb.WriteString(s[:pos])
		c.sb.WriteByte('(')
		c.sb.WriteString(s[pos:])
		c.sb.WriteByte(')')
	}
}

// hasLimit reports whether a subquery, or a member of a set operation,
// has its own LIMIT or OFFSET.
func hasLimit(n core.Node) bool {
	switch q := n.(type) {
	case *core.SelectStmt:
		p := q.Parts()
		return p.Limit != nil || p.Offset != nil
	case *core.CompoundSelect:
		p := q.Parts()
		if p.Limit != nil || p.Offset != nil {
			return true
		}
		return slices.ContainsFunc(p.Selects, hasLimit)
	}
	return false
}

// frameOrder places a frame bound kind on the line from UNBOUNDED
// PRECEDING to UNBOUNDED FOLLOWING.
func frameOrder(k core.BoundKind) int {
	switch k {
	case core.BoundUnboundedPreceding:
		return 0
	case core.BoundPreceding:
		return 1
	case core.BoundCurrentRow:
		return 2
	case core.BoundFollowing:
		return 3
	}
	return 4
}
