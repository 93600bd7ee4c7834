package core

import (
	"encoding/binary"
	"fmt"
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
)

type keyWriter struct {
	buf       []byte
	vals      []any
	nodes     []Node
	nodesOnly bool // record the value nodes instead of the key and values
	nocache   bool
	err       error
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
	if t.aliasOf != nil {
		w.tag(tagAlias)
		w.u64(t.aliasOf.id)
		w.str(t.name)
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
	}
}

func (n *ColumnRef) walk(w *keyWriter) {
	w.tag(tagColumn)
	w.u64(n.Def.id)
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
	w.str(fmt.Sprintf("%T:%v", n.Value, n.Value))
}

func (n *BinaryExpr) walk(w *keyWriter) {
	w.tag(tagBinary)
	w.tag(byte(n.Op))
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
}

func (n *NullCheck) walk(w *keyWriter) { w.tag(tagNullCheck); w.bool(n.Not); w.node(n.X) }

func (n *FuncCall) walk(w *keyWriter) {
	w.tag(tagFunc)
	w.str(n.Name)
	w.bool(n.Star)
	w.bool(n.Distinct)
	w.typ(n.Type)
	w.list(n.Args)
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
	w.list(s.items)
	w.u64(uint64(len(s.from)))
	for _, f := range s.from {
		w.node(f)
	}
	w.list(s.where)
	w.list(s.groupBy)
	w.list(s.having)
	w.list(s.orderBy)
	w.node(s.limit)
	w.node(s.offset)
}

func (s *InsertStmt) walk(w *keyWriter) {
	if s.err != nil {
		w.fail(s.err)
		return
	}
	w.tag(tagInsert)
	w.u64(s.table.id)
	w.u64(uint64(len(s.rows)))
	for _, r := range s.rows {
		w.u64(uint64(len(r)))
		for _, it := range r {
			w.u64(it.Col.id)
			w.node(it.Value)
		}
	}
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
	w.list(s.where)
	w.list(s.returning)
}

func (s *DeleteStmt) walk(w *keyWriter) {
	if s.err != nil {
		w.fail(s.err)
		return
	}
	w.tag(tagDelete)
	w.u64(s.table.id)
	w.list(s.where)
	w.list(s.returning)
}

func (t *TextStmt) walk(w *keyWriter) {
	if err := t.Err(); err != nil {
		w.fail(err)
		return
	}
	w.tag(tagText)
	w.str(t.sql)
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
}
