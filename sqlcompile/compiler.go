package sqlcompile

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/sqltype"
)

// ErrUnsupported matches every *UnsupportedError with errors.Is.
var ErrUnsupported = errors.New("sqlcompile: not supported by the dialect")

// UnsupportedError reports a construct the dialect cannot express. The
// compiler returns it instead of writing SQL the database would reject or,
// worse, read differently.
type UnsupportedError struct {
	Dialect   string
	Construct string
	Hint      string
}

func (e *UnsupportedError) Error() string {
	s := "sqlcompile: " + e.Dialect + " does not support " + e.Construct
	if e.Hint != "" {
		s += " (" + e.Hint + ")"
	}
	return s
}

// Is makes errors.Is(err, ErrUnsupported) true.
func (e *UnsupportedError) Is(target error) bool { return target == ErrUnsupported }

// Kind classifies a compiled statement.
type Kind uint8

// The statement kinds.
const (
	KindSelect Kind = iota + 1
	KindInsert
	KindUpdate
	KindDelete
	KindText
	KindDDL
)

// ResultColumn is one column of the rows a statement returns.
type ResultColumn struct {
	Name string
	Type sqltype.Type // nil when unknown (Text)
}

// Compiled is a statement compiled for one dialect: the SQL text and how to
// order its arguments. It holds no values, so it is shared by every
// execution of statements with the same structure; Args makes the argument
// list of one execution. It is immutable.
type Compiled struct {
	SQL  string
	Kind Kind
	// NumArgs is the number of placeholders.
	NumArgs int
	// ArgOrder[i] is the index, among the statement's values in canonical
	// order (core.KeyBuilder), of the value for placeholder i; nil when the
	// orders agree.
	ArgOrder []int
	// ArgTypes[i] is the SQL type placeholder i is bound as, or nil.
	ArgTypes []sqltype.Type
	// Columns describes the returned rows (SELECT, RETURNING); nil otherwise.
	Columns []ResultColumn
	// Table is the target of INSERT, UPDATE and DELETE.
	Table *core.Table

	memo sync.Map // see Memo
}

// Memo returns the value stored under key, if any. The engine keeps
// per-statement data here (such as scan plans), so it lives exactly as long
// as the compiled statement in the cache.
func (c *Compiled) Memo(key any) (any, bool) { return c.memo.Load(key) }

// SetMemo stores v under key unless a value is there already, and returns
// the stored value.
func (c *Compiled) SetMemo(key, v any) any {
	got, _ := c.memo.LoadOrStore(key, v)
	return got
}

// Args returns the arguments of one execution, in placeholder order, from
// the statement's values in canonical order.
func (c *Compiled) Args(values []any) []any {
	return c.AppendArgs(make([]any, 0, c.NumArgs), values)
}

// AppendArgs is Args appending to dst, which it returns (grown as needed).
func (c *Compiled) AppendArgs(dst, values []any) []any {
	n := len(dst)
	dst = slices.Grow(dst, c.NumArgs)[:n+c.NumArgs]
	args := dst[n:]
	if c.ArgOrder == nil {
		copy(args, values)
		return dst
	}
	for i, j := range c.ArgOrder {
		args[i] = values[j]
	}
	return dst
}

// Returns reports whether executing the statement produces rows.
func (c *Compiled) Returns() bool { return c.Columns != nil || c.Kind == KindText }

// Compiler writes one statement. Dialect hooks receive it to write their
// part; it collects the placeholders in writing order so nobody counts them
// by hand.
type Compiler struct {
	d     *Dialect
	sb    strings.Builder
	binds []core.Node
	types []sqltype.Type
	err   error

	// cols are the outermost statement's result columns.
	cols []ResultColumn
	// qualify says whether column references carry their table name.
	qualify bool
	// depth is 0 in the outermost statement, more in subqueries.
	depth int
	// scopes holds the FROM items of each enclosing statement, innermost
	// last, for correlation.
	scopes [][]*core.Table
	// outerRef is the lowest index into scopes that a correlated
	// reference has reached (see sealed); len(scopes) or more: none.
	outerRef int
	// ctes are the CTEs the statement uses, in WITH order.
	ctes     []*core.Table
	withDone bool
	// returningSoon: the INSERT being written has RETURNING.
	returningSoon bool
	// fromSelect: the INSERT being written is INSERT ... SELECT.
	fromSelect bool
	// inUpsert: the conflict clause is being written (Excluded is valid).
	inUpsert bool
	// extraItems are INSERT ... SELECT defaults for the next SELECT list.
	extraItems []core.SetItem
	// literals, when set, writes values as literals (CompileLiteral).
	literals map[core.Node]any
	// ddlLiterals writes bound values as literals, read from their nodes
	// (expression indexes: DDL takes no parameters).
	ddlLiterals bool
}

// Dialect returns the dialect being compiled for.
func (c *Compiler) Dialect() *Dialect { return c.d }

// WriteString appends SQL text.
func (c *Compiler) WriteString(s string) { c.sb.WriteString(s) }

// WriteIdent appends an identifier, quoted if it needs to be.
// A name with a NUL byte, or longer than the dialect's limit (which a
// database might cut silently, PostgreSQL does), is an error.
func (c *Compiler) WriteIdent(name string) {
	if c.d.plainIdent(name) {
		c.sb.WriteString(name)
		return
	}
	if err := c.d.CheckIdent(name); err != nil {
		c.Fail(err)
	}
	c.sb.WriteString(c.d.Quote(name))
}

// WriteExpr appends an expression.
func (c *Compiler) WriteExpr(n core.Node) { c.expr(n, precLowest) }

// WriteOperand appends an operand of a binary operator such as PostgreSQL's
// #> : parenthesised unless it binds at least as tightly.
func (c *Compiler) WriteOperand(n core.Node) { c.expr(n, c.level(precConcat)+1) }

// WriteBind appends a placeholder for a value node (a *core.BindParam,
// *core.DefaultValue or *core.TextParam) bound as type t.
func (c *Compiler) WriteBind(n core.Node, t sqltype.Type) {
	if c.literals != nil || c.ddlLiterals {
		c.writeLiteral(n, t)
		return
	}
	c.binds = append(c.binds, n)
	c.types = append(c.types, t)
	if c.d.Placeholder == Dollar {
		c.sb.WriteByte('$')
		c.sb.WriteString(strconv.Itoa(len(c.binds)))
		return
	}
	c.sb.WriteByte('?')
}

// Fail records an error; the first one wins and the statement is not used.
func (c *Compiler) Fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

// Unsupported records an *UnsupportedError for construct.
func (c *Compiler) Unsupported(construct, hint string) {
	c.Fail(&UnsupportedError{Dialect: c.d.displayName(), Construct: construct, Hint: hint})
}

func (d *Dialect) displayName() string {
	if d.Flavor != "" {
		return d.Flavor
	}
	return d.Name
}

// Compile compiles s for dialect d, without a cache, and returns the
// compiled statement and the arguments of this execution.
func Compile(d *Dialect, s core.Statement) (*Compiled, []any, error) {
	kb := keyBuilders.Get().(*core.KeyBuilder)
	defer releaseKeyBuilder(kb)
	if err := kb.Build(s); err != nil {
		return nil, nil, err
	}
	cs, err := compileTree(d, s, len(kb.Values()))
	if err != nil {
		return nil, nil, err
	}
	return cs, cs.Args(kb.Values()), nil
}

// compileTree renders s, which has nvals bound values, and maps its
// placeholders onto the canonical order of those values.
func compileTree(d *Dialect, s core.Statement, nvals int) (*Compiled, error) {
	if d.ColumnType == nil {
		return nil, fmt.Errorf("sqlcompile: dialect %s has no ColumnType hook", d.Name)
	}
	nodes := keyBuilders.Get().(*core.KeyBuilder)
	defer releaseKeyBuilder(nodes)
	if err := nodes.BuildNodes(s); err != nil {
		return nil, err
	}
	c := &Compiler{d: d, binds: make([]core.Node, 0, nvals), types: make([]sqltype.Type, 0, nvals), ctes: nodes.CTEs()}
	c.sb.Grow(256 + 16*nvals) // most statements fit: one allocation
	cs := &Compiled{}
	c.statement(s, cs)
	if c.err != nil {
		return nil, c.err
	}
	if d.MaxParams > 0 && len(c.binds) > d.MaxParams {
		return nil, &UnsupportedError{Dialect: d.displayName(), Construct: fmt.Sprintf("%d parameters in one statement", len(c.binds)),
			Hint: fmt.Sprintf("at most %d; split the statement", d.MaxParams)}
	}
	cs.SQL = c.sb.String()
	cs.NumArgs = len(c.binds)
	cs.ArgTypes = c.types
	cs.ArgOrder = argOrder(c.binds, nodes.Nodes())
	return cs, nil
}

// argOrder maps each placeholder's node to its position among the canonical
// nodes; nil when they are already in the same order.
func argOrder(emitted, canonical []core.Node) []int {
	if len(emitted) == len(canonical) {
		same := true
		for i := range emitted {
			if emitted[i] != canonical[i] {
				same = false
				break
			}
		}
		if same {
			return nil
		}
	}
	pos := make(map[core.Node]int, len(canonical))
	for i := len(canonical) - 1; i >= 0; i-- {
		pos[canonical[i]] = i
	}
	order := make([]int, len(emitted))
	for i, n := range emitted {
		j, ok := pos[n]
		if !ok {
			panic(fmt.Sprintf("sqlcompile: placeholder for %T has no value in the key walk", n))
		}
		order[i] = j
	}
	return order
}

func (c *Compiler) statement(s core.Statement, cs *Compiled) {
	switch s := s.(type) {
	case *core.BoundStmt:
		if err := s.Err(); err != nil {
			c.Fail(err)
			return
		}
		c.statement(s.Stmt, cs)
	case *core.SelectStmt:
		cs.Kind = KindSelect
		c.with()
		c.selectStmt(s)
		cs.Columns = c.cols
	case *core.CompoundSelect:
		cs.Kind = KindSelect
		c.with()
		c.compound(s)
		cs.Columns = c.cols
	case *core.InsertStmt:
		cs.Kind = KindInsert
		cs.Table = s.Table()
		c.insertStmt(s)
		cs.Columns = c.cols
	case *core.UpdateStmt:
		cs.Kind = KindUpdate
		cs.Table = s.Table()
		c.updateStmt(s)
		cs.Columns = c.cols
	case *core.DeleteStmt:
		cs.Kind = KindDelete
		cs.Table = s.Table()
		c.deleteStmt(s)
		cs.Columns = c.cols
	case *core.TextStmt:
		cs.Kind = KindText
		c.textStmt(s)
		if cols := s.DeclaredColumns(); len(cols) > 0 {
			cs.Columns = make([]ResultColumn, len(cols))
			for i, col := range cols {
				cs.Columns[i] = ResultColumn{Name: col.Name, Type: col.Type}
			}
		}
	case *core.CreateTable:
		cs.Kind = KindDDL
		c.createTable(s)
	case *core.DropTable:
		cs.Kind = KindDDL
		c.dropTable(s)
	case *core.CreateIndex:
		cs.Kind = KindDDL
		c.createIndex(s)
	case *core.DropIndex:
		cs.Kind = KindDDL
		c.dropIndex(s)
	case *core.AddForeignKey:
		cs.Kind = KindDDL
		c.addForeignKey(s)
	case *core.DropForeignKey:
		cs.Kind = KindDDL
		c.dropForeignKey(s)
	case *core.CreateEnumType:
		cs.Kind = KindDDL
		c.createEnumType(s)
	case *core.DropEnumType:
		cs.Kind = KindDDL
		c.dropEnumType(s)
	case nil:
		c.Fail(errors.New("sqlcompile: nil statement"))
	default:
		c.Fail(fmt.Errorf("sqlcompile: no compile case for statement %T", s))
	}
}

func (c *Compiler) textStmt(s *core.TextStmt) {
	if err := s.Err(); err != nil {
		c.Fail(err)
		return
	}
	chunks, params := s.Chunks()
	for i, p := range params {
		c.sb.WriteString(chunks[i])
		c.WriteBind(p, nil)
	}
	c.sb.WriteString(chunks[len(chunks)-1])
}
