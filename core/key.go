package core

import (
	"encoding/binary"
	"reflect"
	"strconv"
	"time"

	"github.com/retort-go/retort/sqltype"
)

// Cache keys. Each node's walk method declares, once, what identifies its
// structure (kind, columns, operators, child nodes) and which values it
// binds. From that one declaration the KeyBuilder derives a byte string that
// is equal for two statements exactly when they compile to the same SQL,
// and the bound values in a canonical order. Values never enter the key.

const (
	tagNil byte = iota
	tagTable
	tagAlias
	tagColumn
	tagBind
	tagNull
	tagLiteral
	tagBinary
	tagBool
	tagNot
	tagIn
	tagNullCheck
	tagFunc
	tagNow
	tagLabel
	tagOrderBy
	tagJoin
	tagSelect
	tagInsert
	tagUpdate
	tagDelete
	tagText
	tagTextParam
	tagDefault
	tagList
	tagUnary
	tagBetween
	tagCase
	tagCast
	tagBoolLit
	tagTuple
	tagRaw
	tagNamedParam
	tagScalarSub
	tagExists
	tagCompound
	tagJSONPath
	tagAnyAll
	tagExcluded
	tagDerived
	tagDerivedRef
	tagWindow
	tagLock
	tagConflict
	tagInvalid
	tagAliasRef
)

type keyWriter struct {
	buf       []byte
	vals      []any
	nodes     []Node
	nodesOnly bool // record the value nodes instead of the key and values
	nocache   bool
	err       error

	derived map[*Table]int // derived tables walked so far, numbered
	aliases map[*Table]int // aliases walked so far, numbered
	ctes    []*Table       // the CTEs met, each after those its body uses
	// collectCols records the column references met (expression indexes).
	collectCols bool
	cols        []*ColumnRef
	params      Params   // values of named parameters (WithParams)
	used        []string // the parameters met, from usedFrom on in the innermost WithParams (few: a list beats a map)
	usedFrom    int
}

func (w *keyWriter) tag(t byte)   { w.buf = append(w.buf, t) }
func (w *keyWriter) u64(v uint64) { w.buf = binary.AppendUvarint(w.buf, v) }
func (w *keyWriter) bool(b bool) {
	if b {
		w.buf = append(w.buf, 1)
	} else {
		w.buf = append(w.buf, 0)
	}
}
func (w *keyWriter) str(s string) { w.u64(uint64(len(s))); w.buf = append(w.buf, s...) }
func (w *keyWriter) noCache()     { w.nocache = true }
func (w *keyWriter) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

func (w *keyWriter) node(n Node) {
	if n == nil {
		w.tag(tagNil)
		return
	}
	n.walk(w)
}

func (w *keyWriter) list(ns []Node) {
	w.tag(tagList)
	w.u64(uint64(len(ns)))
	for _, n := range ns {
		w.node(n)
	}
}

func (w *keyWriter) from(t *Table) {
	if d := t.derived; d != nil {
		// A subquery or CTE is walked once; later references name it by
		// number (its values are collected once, where it is first met).
		if k, ok := w.derived[t]; ok {
			w.tag(tagDerivedRef)
			w.u64(uint64(k))
			return
		}
		if w.derived == nil {
			w.derived = map[*Table]int{}
		}
		w.derived[t] = len(w.derived)
		if d.err != nil {
			w.fail(d.err)
		}
		w.tag(tagDerived)
		w.tag(byte(d.kind))
		w.bool(d.lateral)
		w.bool(d.recursive)
		w.str(t.name)
		w.node(d.stmt)
		if d.kind == derivedCTE {
			// After its body, so a CTE comes after the CTEs it uses.
			w.ctes = append(w.ctes, t)
		}
		return
	}
	if t.aliasOf != nil {
		// Two aliases may share a name and a table and still be two FROM
		// items: an alias is known by when it was first met.
		if k, ok := w.aliases[t]; ok {
			w.tag(tagAliasRef)
			w.u64(uint64(k))
			return
		}
		if w.aliases == nil {
			w.aliases = map[*Table]int{}
		}
		w.aliases[t] = len(w.aliases)
		w.tag(tagAlias)
		w.str(t.name)
		if t.aliasOf.derived != nil {
			w.from(t.aliasOf) // by structure: it is made anew each build
		} else {
			w.u64(t.aliasOf.id)
		}
		return
	}
	w.tag(tagTable)
	w.u64(t.id)
}

// value records a bound value (or, in a nodes-only walk, the node it
// belongs to).
func (w *keyWriter) value(n Node, v any) {
	if w.nodesOnly {
		w.nodes = append(w.nodes, n)
		return
	}
	w.vals = append(w.vals, v)
}

func (w *keyWriter) typ(t sqltype.Type) {
	if t == nil {
		w.tag(0)
		return
	}
	w.tag(byte(t.Kind()))
	switch t := t.(type) {
	case sqltype.Numeric:
		w.u64(uint64(t.Precision))
		w.u64(uint64(t.Scale))
	case sqltype.String:
		w.u64(uint64(t.Length))
	case sqltype.Binary:
		w.u64(uint64(t.Length))
	case sqltype.JSON:
		w.bool(t.Binary)
	case sqltype.Enum:
		w.str(t.Name)
		w.u64(uint64(len(t.Values)))
		for _, v := range t.Values {
			w.str(v)
		}
	case *sqltype.CustomType:
		w.u64(t.ID()) // two custom types may share a name, not an id
	case sqltype.Array:
		w.typ(t.Elem)
	}
}

func (n *ColumnRef) walk(w *keyWriter) {
	if w.collectCols {
		w.cols = append(w.cols, n)
	}
	w.tag(tagColumn)
	if n.Def.table != nil && n.Def.table.derived != nil {
		// A subquery's or CTE's columns are made anew each time it is
		// built: they are known by position, the derived table by its
		// structure.
		w.u64(uint64(n.Def.pos))
	} else {
		w.u64(n.Def.id)
	}
	w.from(n.From)
}

func (n *BindParam) walk(w *keyWriter) {
	w.tag(tagBind)
	w.typ(n.Type)
	w.value(n, n.Value)
}

func (n *DefaultValue) walk(w *keyWriter) {
	w.tag(tagDefault)
	w.u64(n.Col.id)
	w.bool(n.Update)
	if w.nodesOnly {
		w.value(n, nil) // the default runs once per execution, in the value walk
		return
	}
	w.value(n, n.Call())
}

func (n *Null) walk(w *keyWriter) { w.tag(tagNull) }

func (n *Invalid) walk(w *keyWriter) { w.fail(n.Err) }

func (n *Literal) walk(w *keyWriter) {
	// The literal's text is part of the SQL, so it is part of the key.
	w.tag(tagLiteral)
	k, ok := literalKey(n.Value)
	if !ok {
		w.noCache() // rendered (or refused) by the dialect; not worth a key
	}
	w.str(k)
}

// literalKey spells a literal's value exactly, as the dialects render it:
// never through a String method, which may hide or round the value.
func literalKey(v any) (string, bool) {
	switch v := v.(type) {
	case nil:
		return "nil", true
	case Decimal:
		return "dec:" + v.String(), true
	case UUID:
		return "uuid:" + v.Hex(), true
	case TimeOfDay:
		return "tod:" + v.String(), true
	case time.Time:
		return "time:" + v.UTC().Format(time.RFC3339Nano), true
	case []byte:
		return "bytes:" + string(v), true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "int:" + strconv.FormatInt(rv.Int(), 10), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return "uint:" + strconv.FormatUint(rv.Uint(), 10), true
	case reflect.Float32, reflect.Float64:
		return "float:" + strconv.FormatFloat(rv.Float(), 'g', -1, 64), true
	case reflect.String:
		return "str:" + rv.String(), true
	case reflect.Bool:
		return "bool:" + strconv.FormatBool(rv.Bool()), true
	}
	return "", false
}

func (n *BinaryExpr) walk(w *keyWriter) {
	w.tag(tagBinary)
	w.tag(byte(n.Op))
	w.tag(n.Escape)
	w.node(n.Left)
	w.node(n.Right)
}

func (n *BoolExpr) walk(w *keyWriter) {
	w.tag(tagBool)
	w.tag(byte(n.Op))
	w.list(n.Args)
}

func (n *NotExpr) walk(w *keyWriter) { w.tag(tagNot); w.node(n.X) }

func (n *InExpr) walk(w *keyWriter) {
	w.tag(tagIn)
	w.bool(n.Not)
	w.node(n.X)
	w.list(n.List)
	w.node(n.Sub)
}

func (n *NullCheck) walk(w *keyWriter) { w.tag(tagNullCheck); w.bool(n.Not); w.node(n.X) }

func (n *FuncCall) walk(w *keyWriter) {
	w.tag(tagFunc)
	w.str(n.Name)
	w.bool(n.Star)
	w.bool(n.Distinct)
	w.typ(n.Type)
	w.list(n.Args)
	w.node(n.Filter)
	if n.Over == nil {
		w.tag(tagNil)
		return
	}
	w.tag(tagWindow)
	w.list(n.Over.PartitionBy)
	w.list(n.Over.OrderBy)
	if f := n.Over.Frame; f != nil {
		w.tag(byte(f.Mode))
		for _, b := range [2]FrameBound{f.Start, f.End} {
			w.tag(byte(b.Kind))
			w.node(b.Offset)
		}
	} else {
		w.tag(tagNil)
	}
}

func (n *UnaryExpr) walk(w *keyWriter) { w.tag(tagUnary); w.node(n.X) }

func (n *BetweenExpr) walk(w *keyWriter) {
	w.tag(tagBetween)
	w.bool(n.Not)
	w.node(n.X)
	w.node(n.Lo)
	w.node(n.Hi)
}

func (n *CaseExpr) walk(w *keyWriter) {
	w.tag(tagCase)
	w.typ(n.Type)
	w.node(n.Subject)
	w.u64(uint64(len(n.Whens)))
	for _, c := range n.Whens {
		w.node(c.When)
		w.node(c.Then)
	}
	w.node(n.Else)
}

func (n *CastExpr) walk(w *keyWriter) { w.tag(tagCast); w.typ(n.To); w.node(n.X) }

func (n *BoolLiteral) walk(w *keyWriter) { w.tag(tagBoolLit); w.bool(n.Value) }

func (n *TupleExpr) walk(w *keyWriter) { w.tag(tagTuple); w.list(n.Items) }

func (n *RawExpr) walk(w *keyWriter) {
	if n.Err != nil {
		w.fail(n.Err)
	}
	w.tag(tagRaw)
	w.typ(n.Type)
	w.str(n.SQL)
	for _, p := range n.Params {
		w.value(p, n.Values[p.Name])
	}
}

func (n *ScalarSubqueryExpr) walk(w *keyWriter) { w.tag(tagScalarSub); w.node(n.Select) }

func (n *ExistsExpr) walk(w *keyWriter) { w.tag(tagExists); w.bool(n.Not); w.node(n.Select) }

func (n *JSONPathExpr) walk(w *keyWriter) {
	w.tag(tagJSONPath)
	w.bool(n.Text)
	w.node(n.X)
	w.node(n.PGPath)
	w.node(n.Path)
}

func (n *AnyAllExpr) walk(w *keyWriter) {
	w.tag(tagAnyAll)
	w.tag(byte(n.Op))
	w.bool(n.All)
	w.node(n.X)
	w.node(n.Array)
}

func (n *ExcludedRef) walk(w *keyWriter) { w.tag(tagExcluded); w.u64(n.Col.id) }

func (c *CompoundSelect) walk(w *keyWriter) {
	if c.err != nil {
		w.fail(c.err)
	}
	w.tag(tagCompound)
	w.tag(byte(c.op))
	w.list(c.selects)
	w.list(c.orderBy)
	w.node(c.limit)
	w.node(c.offset)
}

func (l *Lock) walk(w *keyWriter) {
	if l == nil {
		w.tag(tagNil)
		return
	}
	w.tag(tagLock)
	w.tag(byte(l.Strength))
	w.bool(l.NoWait)
	w.bool(l.SkipLocked)
	w.u64(uint64(len(l.Of)))
	for _, t := range l.Of {
		w.from(t)
	}
}

func (oc *OnConflict) walk(w *keyWriter) {
	if oc == nil {
		w.tag(tagNil)
		return
	}
	w.tag(tagConflict)
	w.u64(uint64(len(oc.Columns)))
	for _, c := range oc.Columns {
		w.u64(c.id)
	}
	w.str(oc.Constraint)
	w.node(oc.TargetWhere)
	w.bool(oc.DoNothing)
	w.u64(uint64(len(oc.Set)))
	for _, it := range oc.Set {
		w.u64(it.Col.id)
		w.node(it.Value)
	}
	w.node(oc.Where)
}

func (n *CurrentTimestamp) walk(w *keyWriter) { w.tag(tagNow) }

func (n *Label) walk(w *keyWriter) { w.tag(tagLabel); w.str(n.Name); w.node(n.X) }

func (n *OrderBy) walk(w *keyWriter) {
	w.tag(tagOrderBy)
	w.bool(n.Desc)
	w.tag(byte(n.Nulls))
	w.node(n.X)
}

func (j *Join) walk(w *keyWriter) {
	if j.err != nil {
		w.fail(j.err)
	}
	w.tag(tagJoin)
	w.tag(byte(j.Kind))
	w.node(j.Left)
	w.node(j.Right)
	w.node(j.On)
}

func (s *SelectStmt) walk(w *keyWriter) {
	if s.err != nil {
		w.fail(s.err)
	}
	w.tag(tagSelect)
	w.bool(s.distinct)
	w.list(s.distinctOn)
	w.list(s.items)
	w.froms(s.from)
	w.list(s.where)
	w.list(s.groupBy)
	w.list(s.having)
	w.list(s.orderBy)
	w.node(s.limit)
	w.node(s.offset)
	s.lock.walk(w)
}

func (s *InsertStmt) walk(w *keyWriter) {
	if s.err != nil {
		w.fail(s.err)
		return
	}
	w.tag(tagInsert)
	w.u64(s.table.id)
	if p := s.plain; p != nil && !w.nodesOnly {
		// What the SetItems of p would write, straight from the values.
		n := len(p.vals) / len(p.cols)
		w.u64(uint64(n))
		for r := range n {
			w.u64(uint64(len(p.cols)))
			for i, c := range p.cols {
				w.u64(c.id)
				w.tag(tagBind)
				w.typ(c.typ)
				w.value(nil, p.vals[r*len(p.cols)+i])
			}
		}
	} else {
		rows := s.rowsOf()
		w.u64(uint64(len(rows)))
		for _, r := range rows {
			w.u64(uint64(len(r)))
			for _, it := range r {
				w.u64(it.Col.id)
				w.node(it.Value)
			}
		}
	}
	w.u64(uint64(len(s.selCols)))
	for _, c := range s.selCols {
		w.u64(c.id)
	}
	w.node(s.sel)
	w.u64(uint64(len(s.selDefaults)))
	for _, it := range s.selDefaults {
		w.node(it.Value)
	}
	s.conflict.walk(w)
	w.list(s.returning)
}

func (s *UpdateStmt) walk(w *keyWriter) {
	if err := s.Err(); err != nil {
		w.fail(err)
		return
	}
	w.tag(tagUpdate)
	w.u64(s.table.id)
	w.u64(uint64(len(s.full)))
	for _, it := range s.full {
		w.u64(it.Col.id)
		w.node(it.Value)
	}
	w.froms(s.from)
	w.list(s.where)
	w.list(s.orderBy)
	w.node(s.limit)
	w.list(s.returning)
}

func (s *DeleteStmt) walk(w *keyWriter) {
	if s.err != nil {
		w.fail(s.err)
		return
	}
	w.tag(tagDelete)
	w.u64(s.table.id)
	w.froms(s.using)
	w.list(s.where)
	w.list(s.orderBy)
	w.node(s.limit)
	w.list(s.returning)
}

func (w *keyWriter) froms(fs []FromNode) {
	w.u64(uint64(len(fs)))
	for _, f := range fs {
		w.node(f)
	}
}

func (t *TextStmt) walk(w *keyWriter) {
	if err := t.Err(); err != nil {
		w.fail(err)
		return
	}
	w.tag(tagText)
	w.str(t.sql)
	w.u64(uint64(len(t.columns)))
	for _, c := range t.columns {
		w.str(c.Name)
		w.typ(c.Type)
	}
	for _, p := range t.params {
		w.value(p, t.binds[p.Name])
	}
}

// KeyBuilder computes a statement's cache key and collects its bound values
// in canonical order. Compilers use it; reuse one with Reset to avoid
// allocating.
type KeyBuilder struct {
	w keyWriter
}

// Build walks s for its cache key and bound values (client-side defaults
// are computed here, once). It returns the first error recorded in s.
func (k *KeyBuilder) Build(s Statement) error {
	if s == nil {
		return &StatementError{Stmt: "statement", Msg: "nil statement"}
	}
	s.walk(&k.w)
	return k.w.err
}

// BuildNodes walks s for the node of each bound value, in the same order
// as Build's values; a compiler needs them to map its placeholders onto that
// order. Defaults are not called. Use a builder that has been Reset.
func (k *KeyBuilder) BuildNodes(s Statement) error {
	k.w.nodesOnly = true
	return k.Build(s)
}

// Key returns the cache key; it is valid until the next Reset.
func (k *KeyBuilder) Key() []byte { return k.w.buf }

// Values returns the bound values in canonical order.
func (k *KeyBuilder) Values() []any { return k.w.vals }

// Nodes returns the node of each value (after BuildNodes).
func (k *KeyBuilder) Nodes() []Node { return k.w.nodes }

// CTEs returns the common table expressions the statement uses anywhere,
// each listed once and after the CTEs its own body uses: the order of a
// WITH clause.
func (k *KeyBuilder) CTEs() []*Table { return k.w.ctes }

// Cacheable reports whether the statement may be cached (DDL may not).
func (k *KeyBuilder) Cacheable() bool { return !k.w.nocache }

// Reset clears the builder for reuse, keeping its buffers. Values from the
// previous build are dropped: copy them first if they are still needed.
func (k *KeyBuilder) Reset() {
	k.w.buf = k.w.buf[:0]
	clear(k.w.vals)
	k.w.vals = k.w.vals[:0]
	clear(k.w.nodes)
	k.w.nodes = k.w.nodes[:0]
	k.w.nodesOnly, k.w.nocache, k.w.err = false, false, nil
	k.w.derived, k.w.params = nil, nil
	clear(k.w.used)
	k.w.used, k.w.usedFrom = k.w.used[:0], 0
	clear(k.w.aliases) // kept for reuse: a statement with aliases rarely comes alone
	clear(k.w.ctes)
	k.w.ctes = k.w.ctes[:0]
}
