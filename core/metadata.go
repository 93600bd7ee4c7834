package core

import (
	"context"
	"github.com/retort-go/retort/sqltype"
	"sort"
	"sync"
)

// MetaData is a collection of tables that reference each other: foreign key
// targets are looked up in it, and it creates and drops its tables together
// in dependency order. It is safe for concurrent use.
type MetaData struct {
	schema string
	types  map[string]sqltype.Type

	mu     sync.RWMutex
	tables map[string]*Table
	order  []*Table
}

// MetaDataOption configures NewMetaData.
type MetaDataOption func(*MetaData)

// WithSchema sets the schema of tables that name none (SQLAlchemy's MetaData(schema=)).
func WithSchema(schema string) MetaDataOption { return func(m *MetaData) { m.schema = schema } }

// WithType registers a type under a name usable in struct tags (type=name),
// typically a custom type made with NewCustomType.
func WithType(name string, t sqltype.Type) MetaDataOption {
	return func(m *MetaData) {
		if m.types == nil {
			m.types = map[string]sqltype.Type{}
		}
		m.types[name] = t
	}
}

// NewMetaData returns an empty MetaData.
func NewMetaData(opts ...MetaDataOption) *MetaData {
	m := &MetaData{tables: map[string]*Table{}}
	for _, o := range opts {
		o(m)
	}
	return m
}

// Schema returns the default schema, or "".
func (m *MetaData) Schema() string { return m.schema }

// Table returns the table named name ("name" or "schema.name"), or nil.
func (m *MetaData) Table(name string) *Table {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if t := m.tables[name]; t != nil {
		return t
	}
	if m.schema != "" {
		return m.tables[m.schema+"."+name]
	}
	return nil
}

// Tables returns the tables in the order they were defined.
func (m *MetaData) Tables() []*Table {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return append([]*Table(nil), m.order...)
}

func (m *MetaData) add(t *Table) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	key := t.FullName()
	if m.tables[key] != nil {
		return &DefinitionError{Table: t.name, Msg: "a table with this name is already defined in the MetaData"}
	}
	m.tables[key] = t
	m.order = append(m.order, t)
	return nil
}

// SortedTables returns the tables in foreign-key dependency order, parents
// first, keeping definition order among independent tables. Foreign keys
// that form cycles between tables cannot be ordered; they are returned in
// cycleFKs (a table referencing itself is not a cycle). Creating the tables
// without those keys and adding them afterwards with ALTER TABLE, as
// CreateAll does, works on every dialect that has ALTER ... ADD CONSTRAINT.
// An unresolvable foreign key target gives a *DefinitionError.
func (m *MetaData) SortedTables() (tables []*Table, cycleFKs []*ForeignKeyConstraint, err error) {
	return SortTables(m.Tables())
}

// SortTables orders the given tables as SortedTables does; foreign keys to
// tables outside the set are ignored.
func SortTables(all []*Table) (tables []*Table, cycleFKs []*ForeignKeyConstraint, err error) {
	return SortTablesExcept(all, nil)
}

// SortTablesExcept is SortTables leaving out the foreign keys skip reports
// (nil: none), such as keys a unit of work writes after the rows are in.
func SortTablesExcept(all []*Table, skip func(*ForeignKeyConstraint) bool) (tables []*Table, cycleFKs []*ForeignKeyConstraint, err error) {
	fks := func(t *Table) []*ForeignKeyConstraint {
		if skip == nil {
			return t.fks
		}
		var out []*ForeignKeyConstraint
		for _, fk := range t.fks {
			if !skip(fk) {
				out = append(out, fk)
			}
		}
		return out
	}
	index := make(map[*Table]int, len(all))
	for i, t := range all {
		index[t] = i
	}
	// deps[i] lists the tables table i references (its parents).
	deps := make([][]int, len(all))
	for i, t := range all {
		for _, fk := range fks(t) {
			target, _, err := fk.Target()
			if err != nil {
				return nil, nil, err
			}
			if j, ok := index[target]; ok && j != i {
				deps[i] = append(deps[i], j)
			}
		}
	}
	// Tarjan's strongly connected components: tables in one component with
	// more than one member reference each other in a cycle.
	comp := sccs(len(all), deps)
	for i, t := range all {
		for _, fk := range fks(t) {
			target, _, _ := fk.Target()
			if j, ok := index[target]; ok && j != i && comp[i] == comp[j] {
				cycleFKs = append(cycleFKs, fk)
			}
		}
	}
	// Kahn's algorithm over the references that are not part of a cycle,
	// always taking the earliest-defined ready table.
	indeg := make([]int, len(all))
	children := make([][]int, len(all))
	for i := range all {
		for _, j := range deps[i] {
			if comp[i] == comp[j] {
				continue
			}
			indeg[i]++
			children[j] = append(children[j], i)
		}
	}
	var ready []int
	for i := range all {
		if indeg[i] == 0 {
			ready = append(ready, i)
		}
	}
	for len(ready) > 0 {
		sort.Ints(ready)
		i := ready[0]
		ready = ready[1:]
		tables = append(tables, all[i])
		for _, c := range children[i] {
			if indeg[c]--; indeg[c] == 0 {
				ready = append(ready, c)
			}
		}
	}
	return tables, cycleFKs, nil
}

// sccs labels each node with its strongly connected component.
func sccs(n int, edges [][]int) []int {
	index, low, comp := make([]int, n), make([]int, n), make([]int, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i] = -1
	}
	var stack []int
	next, ncomp := 0, 0
	var visit func(v int)
	visit = func(v int) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		onStack[v] = true
		for _, w := range edges[v] {
			if index[w] < 0 {
				visit(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] == index[v] {
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				comp[w] = ncomp
				if w == v {
					break
				}
			}
			ncomp++
		}
	}
	for v := 0; v < n; v++ {
		if index[v] < 0 {
			visit(v)
		}
	}
	return comp
}

// SchemaRunner runs DDL for a MetaData against a database; engine.Engine
// implements it. core itself does no I/O.
type SchemaRunner interface {
	CreateAll(ctx context.Context, md *MetaData, opts ...DDLOption) error
	DropAll(ctx context.Context, md *MetaData, opts ...DDLOption) error
}

// DDLOptions control CreateAll and DropAll.
type DDLOptions struct {
	// CheckFirst skips tables that already exist (create) or do not (drop).
	// It is on by default.
	CheckFirst bool
	// Tables limits the operation to these tables; nil means all.
	Tables []*Table
}

// DDLOption adjusts DDLOptions.
type DDLOption func(*DDLOptions)

// WithoutCheckFirst makes CreateAll and DropAll issue every statement
// without checking what exists, so an existing table is an error.
func WithoutCheckFirst() DDLOption { return func(o *DDLOptions) { o.CheckFirst = false } }

// OnlyTables limits CreateAll and DropAll to the given tables.
func OnlyTables(tables ...*Table) DDLOption { return func(o *DDLOptions) { o.Tables = tables } }

// ResolveDDLOptions applies opts to the defaults.
func ResolveDDLOptions(opts ...DDLOption) DDLOptions {
	o := DDLOptions{CheckFirst: true}
	for _, f := range opts {
		f(&o)
	}
	return o
}

// CreateAll creates the tables (and their indexes) that do not exist yet,
// parents before children; r is usually an *engine.Engine.
func (m *MetaData) CreateAll(ctx context.Context, r SchemaRunner, opts ...DDLOption) error {
	return r.CreateAll(ctx, m, opts...)
}

// DropAll drops the tables that exist, children before parents.
func (m *MetaData) DropAll(ctx context.Context, r SchemaRunner, opts ...DDLOption) error {
	return r.DropAll(ctx, m, opts...)
}
