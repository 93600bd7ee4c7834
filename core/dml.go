package core

import (
	"fmt"
	"reflect"
	"slices"
	"sync"
	"time"

	"github.com/retort-go/retort/sqltype"
)

// Values maps columns to values (or expressions) for one row of an INSERT or
// the SET list of an UPDATE, on the dynamic path:
//
//	core.Insert(Users).Values(core.Values{Users.Name: "patrick"})
//
// Keys are columns (Column[T] or Table.C); values must fit the column's Go
// type, which is checked when the statement is compiled.
type Values map[Expr]any

// DefaultValue stands for a column's client-side default in an INSERT (or
// its update default in an UPDATE). The default function is called each time
// the statement is executed, so every execution gets a fresh value.
type DefaultValue struct {
	Col    *ColumnDef
	Update bool
}

// Call computes the default.
func (d *DefaultValue) Call() any {
	if d.Update {
		return d.Col.updateFn()
	}
	return d.Col.defaultFn()
}

// SetItem is one "column = value" of an INSERT row or UPDATE SET list; Value
// is a *BindParam, a *DefaultValue, *Null or an expression.
type SetItem struct {
	Col   *ColumnDef
	Value Node
}

// assignments turns a Values map into SetItems for table t.
func (m Values) assignments(t *Table, stmt string) ([]SetItem, error) {
	out := make([]SetItem, 0, len(m))
	for k, v := range m {
		if k == nil {
			return nil, &StatementError{Stmt: stmt, Msg: "nil column in Values"}
		}
		ref, ok := k.exprNode().(*ColumnRef)
		if !ok {
			return nil, &StatementError{Stmt: stmt, Msg: "Values keys must be columns"}
		}
		item, err := setItem(t, ref, v, stmt)
		if err != nil {
			return nil, err
		}
		out = append(out, item)
	}
	return out, nil
}

// checkAssignment checks that ref is a column of t and v fits it.
func checkAssignment(t *Table, ref *ColumnRef, v any, stmt string) error {
	if ref == nil || ref.Def.table != t {
		name := "?"
		if ref != nil {
			name = ref.Def.FullName()
		}
		return &StatementError{Stmt: stmt, Msg: fmt.Sprintf("column %s is not a column of %s", name, t.name)}
	}
	if err := CheckValue(ref.Def, v); err != nil {
		return &StatementError{Stmt: stmt, Msg: "bad value", Err: err}
	}
	return nil
}

func setItem(t *Table, ref *ColumnRef, v any, stmt string) (SetItem, error) {
	if e, ok := v.(Expr); ok && ref != nil && ref.Def.table == t {
		return SetItem{Col: ref.Def, Value: e.exprNode()}, nil
	}
	if n, ok := v.(Node); ok && ref != nil && ref.Def.table == t {
		return SetItem{Col: ref.Def, Value: n}, nil
	}
	if err := checkAssignment(t, ref, v, stmt); err != nil {
		return SetItem{}, err
	}
	if IsNullValue(v) {
		return SetItem{Col: ref.Def, Value: &Null{}}, nil
	}
	return SetItem{Col: ref.Def, Value: &BindParam{Value: v, Type: ref.Def.typ}}, nil
}

func assignmentItems(t *Table, as []Assignment, stmt string) ([]SetItem, error) {
	out := make([]SetItem, 0, len(as))
	for _, a := range as {
		if a.col == nil {
			return nil, &StatementError{Stmt: stmt, Msg: "zero Assignment (use Column.To)"}
		}
		var value any = a.val
		switch n := a.val.(type) {
		case *BindParam:
			value = n.Value
		case *Null:
			value = nil // checked like any value: NULL for a NOT NULL column is an error
		}
		if b, ok := a.val.(*BindParam); ok {
			// Column.To made this node, typed as the column: check the
			// value and keep the node.
			if err := checkAssignment(t, a.col, b.Value, stmt); err != nil {
				return nil, err
			}
			out = append(out, SetItem{Col: a.col.Def, Value: b})
			continue
		}
		if _, isExpr := value.(Node); !isExpr {
			item, err := setItem(t, a.col, value, stmt)
			if err != nil {
				return nil, err
			}
			out = append(out, item)
			continue
		}
		if a.col.Def.table != t {
			return nil, &StatementError{Stmt: stmt, Msg: fmt.Sprintf("column %s is not a column of %s", a.col.Def.FullName(), t.name)}
		}
		out = append(out, SetItem{Col: a.col.Def, Value: a.val})
	}
	return out, nil
}

// sortItems orders set items by column position and rejects duplicates.
func sortItems(items []SetItem, stmt string) error {
	slices.SortFunc(items, func(a, b SetItem) int { return a.Col.pos - b.Col.pos })
	for i := 1; i < len(items); i++ {
		if items[i].Col == items[i-1].Col {
			return &StatementError{Stmt: stmt, Msg: "column " + items[i].Col.name + " is set twice"}
		}
	}
	return nil
}

// emptyDefaultRow is the default row of a table without client-side
// defaults (DEFAULT VALUES). It is shared and never modified: adding a row
// replaces it.
var emptyDefaultRow = [][]SetItem{nil}

// InsertStmt is an INSERT statement; like every statement it is immutable.
type InsertStmt struct {
	table       *Table
	rows        [][]SetItem // each sorted by column, defaults included
	explicit    bool        // rows were given (otherwise rows holds one row of defaults)
	selCols     []*ColumnDef
	sel         Node      // INSERT ... SELECT
	selDefaults []SetItem // defaults of the columns selCols leaves out
	conflict    *OnConflict
	returning   []Node
	err         error
	// plain holds the rows of a Rows call of plain values, kept as
	// values until a compiler needs nodes; rows is nil while it is set.
	plain *plainRows
}

// plainRows are rows of plain values for cols (in table order), row after
// row in vals. Their SetItems are made once, when first needed (compiling
// a statement the cache does not know); a cached statement's key and
// arguments come from the values directly.
type plainRows struct {
	cols  []*ColumnDef
	vals  []any
	once  sync.Once
	items [][]SetItem
}

func (p *plainRows) setItems() [][]SetItem {
	p.once.Do(func() {
		w := len(p.cols)
		n := len(p.vals) / w
		items := make([]SetItem, len(p.vals))
		binds := make([]BindParam, len(p.vals))
		p.items = make([][]SetItem, n)
		for r := range n {
			row := items[r*w : (r+1)*w : (r+1)*w]
			for i, c := range p.cols {
				b := &binds[r*w+i]
				b.Value, b.Type = p.vals[r*w+i], c.typ
				row[i] = SetItem{Col: c, Value: b}
			}
			p.items[r] = row
		}
	})
	return p.items
}

// rowsOf returns s's rows as SetItems.
func (s *InsertStmt) rowsOf() [][]SetItem {
	if s.plain != nil {
		return s.plain.setItems()
	}
	return s.rows
}

// InsertParts is the content of an InsertStmt for compilers. Every row sets
// the same Columns, in table order.
type InsertParts struct {
	Table     *Table
	Columns   []*ColumnDef
	Rows      [][]Node
	Returning []Node
	// Select, for INSERT ... SELECT: the statement, with Defaults for the
	// columns with client-side defaults it does not fill (compilers add
	// them to its SELECT list and to Columns).
	Select   Node
	Defaults []SetItem
	Conflict *OnConflict
}

// Insert starts an INSERT into t. Add rows with Row or Values; with none it
// inserts one row of defaults (DEFAULT VALUES). Columns with a client-side
// default that a row does not set get their default; a NULL given for an
// autoincrement column is left out, so the database numbers the row.
func Insert(t TableLike) *InsertStmt {
	if t == nil {
		return &InsertStmt{err: &StatementError{Stmt: "insert", Msg: "nil table"}}
	}
	tbl := t.tableDef()
	if tbl.aliasOf != nil {
		return &InsertStmt{err: &StatementError{Stmt: "insert", Msg: "cannot insert into an alias; use the table"}}
	}
	// Until a row is added, the statement inserts one row of defaults.
	if !tbl.hasDefaults {
		return &InsertStmt{table: tbl, rows: emptyDefaultRow}
	}
	return &InsertStmt{table: tbl, rows: [][]SetItem{withDefaults(tbl, nil, false)}}
}

func (s *InsertStmt) clone() *InsertStmt { c := *s; return &c }

// Row adds one row given as typed assignments:
//
//	core.Insert(Users).Row(Users.Name.To("sandy"), Users.Fullname.To(fullname))
func (s *InsertStmt) Row(assigns ...Assignment) *InsertStmt {
	c := s.clone()
	if c.err != nil {
		return c
	}
	items, err := assignmentItems(c.table, assigns, "insert")
	if err != nil {
		c.err = err
		return c
	}
	if s.explicit {
		c.rows, c.plain = grow(s.rowsOf(), 1), nil
	} else {
		c.rows = nil
	}
	c.explicit = true
	c.addRow(items)
	return c
}

// Values adds rows given as Values maps, one row per map.
func (s *InsertStmt) Values(rows ...Values) *InsertStmt {
	c := s.clone()
	if c.err != nil || len(rows) == 0 {
		return c
	}
	if s.explicit {
		c.rows, c.plain = grow(s.rowsOf(), len(rows)), nil // c's own array: rows are appended in place
	} else {
		c.rows = make([][]SetItem, 0, len(rows))
	}
	c.explicit = true
	for _, r := range rows {
		if c.err != nil {
			return c
		}
		items, err := r.assignments(c.table, "insert")
		if err != nil {
			c.err = err
			return c
		}
		c.addRow(items)
	}
	return c
}

// Rows adds rows of plain values: each row gives the values of cols, in
// cols' order. It is Values without a map per row, the cheap way to build
// a multi-row INSERT of many rows:
//
//	core.Insert(Users).Rows([]core.Expr{Users.Name, Users.Fullname},
//		[]any{"sandy", "Sandy Cheeks"},
//		[]any{"patrick", "Patrick Star"})
//
// Values are checked against their columns as with Values; a value may
// also be an expression. The rows' slices are not kept.
func (s *InsertStmt) Rows(cols []Expr, rows ...[]any) *InsertStmt {
	c := s.clone()
	if c.err != nil || len(rows) == 0 {
		return c
	}
	refs := c.rowsColumns(cols, "Rows")
	if refs == nil {
		return c
	}
	return c.addRows(refs, cols, rows)
}

// FlatRows is Rows with the rows' values one after another in vals,
// len(cols) to a row:
//
//	core.Insert(users).FlatRows(
//		[]core.Expr{users.Name, users.Fullname},
//		[]any{"sandy", "Sandy Cheeks", "patrick", "Patrick Star"})
//
// The statement keeps vals instead of copying the values out when it can
// (every value a plain one, the columns in the table's order): the caller
// must not change vals afterwards. It is for code that makes many rows of
// values at once, as the ORM's flush does.
func (s *InsertStmt) FlatRows(cols []Expr, vals []any) *InsertStmt {
	c := s.clone()
	if c.err != nil || len(vals) == 0 {
		return c
	}
	if len(cols) == 0 || len(vals)%len(cols) != 0 {
		c.err = &StatementError{Stmt: "insert", Msg: fmt.Sprintf("FlatRows has %d values for rows of %d columns", len(vals), len(cols))}
		return c
	}
	refs := c.rowsColumns(cols, "FlatRows")
	if refs == nil {
		return c
	}
	if !s.explicit {
		if p := plainFlat(c.table, refs, vals); p != nil {
			c.rows, c.plain, c.explicit = nil, p, true
			return c
		}
	}
	rows := make([][]any, len(vals)/len(cols))
	for r := range rows {
		rows[r] = vals[r*len(cols) : (r+1)*len(cols)]
	}
	return c.addRows(refs, cols, rows)
}

// rowsColumns checks the columns given to Rows or FlatRows (what) and
// returns their references, or nil after setting c's error.
func (c *InsertStmt) rowsColumns(cols []Expr, what string) []*ColumnRef {
	refs := make([]*ColumnRef, len(cols))
	for i, k := range cols {
		if k == nil {
			c.err = &StatementError{Stmt: "insert", Msg: "nil column in " + what}
			return nil
		}
		ref, ok := k.exprNode().(*ColumnRef)
		if !ok || ref.Def.table != c.table {
			c.err = &StatementError{Stmt: "insert", Msg: what + " columns must be columns of the table"}
			return nil
		}
		refs[i] = ref
	}
	return refs
}

// addRows adds rows of values for the columns refs (cols as given) to c,
// a clone of s.
func (c *InsertStmt) addRows(refs []*ColumnRef, cols []Expr, rows [][]any) *InsertStmt {
	if !c.explicit {
		if p := plainOf(c.table, refs, rows); p != nil {
			c.rows, c.plain, c.explicit = nil, p, true
			return c
		}
	}
	if c.explicit {
		c.rows, c.plain = grow(c.rowsOf(), len(rows)), nil
	} else {
		c.rows = make([][]SetItem, 0, len(rows))
	}
	c.explicit = true
	// One array of items and one of parameters for all the rows; each
	// row's slice is capped so the defaults addRow appends stay in it.
	width := len(cols)
	for _, col := range c.table.cols {
		if col.defaultFn != nil {
			width++
		}
	}
	items := make([]SetItem, width*len(rows))
	binds := make([]BindParam, len(cols)*len(rows))
	for r, row := range rows {
		if len(row) != len(cols) {
			c.err = &StatementError{Stmt: "insert", Msg: fmt.Sprintf("row %d has %d values for %d columns", r+1, len(row), len(cols))}
			return c
		}
		its := items[r*width : r*width+len(cols) : (r+1)*width]
		for i, v := range row {
			ref := refs[i]
			switch x := v.(type) {
			case Expr:
				its[i] = SetItem{Col: ref.Def, Value: x.exprNode()}
				continue
			case Node:
				its[i] = SetItem{Col: ref.Def, Value: x}
				continue
			}
			if err := CheckValue(ref.Def, v); err != nil {
				c.err = &StatementError{Stmt: "insert", Msg: "bad value", Err: err}
				return c
			}
			if IsNullValue(v) {
				its[i] = SetItem{Col: ref.Def, Value: &Null{}}
				continue
			}
			b := &binds[r*len(cols)+i]
			b.Value, b.Type = v, ref.Def.typ
			its[i] = SetItem{Col: ref.Def, Value: b}
		}
		c.addRow(its)
		if c.err != nil {
			return c
		}
	}
	return c
}

// plainOf keeps rows as plain values when nothing in them needs a node of
// its own: every value a checked, non-NULL plain value, no column given
// twice or NULL for autoincrement, and no client-side default to add. It
// returns nil otherwise (Rows then makes SetItems).
func plainOf(t *Table, refs []*ColumnRef, rows [][]any) *plainRows {
	if len(refs) == 0 {
		return nil // rows of no columns: DEFAULT VALUES, through SetItems
	}
	cols := make([]*ColumnDef, len(refs))
	for i, r := range refs {
		cols[i] = r.Def
	}
	perm := make([]int, len(cols)) // perm[j]: the given column at table position j
	for i := range perm {
		perm[i] = i
	}
	slices.SortFunc(perm, func(a, b int) int { return cols[a].pos - cols[b].pos })
	for j := 1; j < len(perm); j++ {
		if cols[perm[j]] == cols[perm[j-1]] {
			return nil
		}
	}
	for _, c := range t.cols {
		if c.defaultFn != nil && !slices.Contains(cols, c) {
			return nil
		}
	}
	p := &plainRows{cols: make([]*ColumnDef, len(cols)), vals: make([]any, 0, len(cols)*len(rows))}
	for j, i := range perm {
		p.cols[j] = cols[i]
	}
	for _, row := range rows {
		if len(row) != len(cols) {
			return nil
		}
		for _, i := range perm {
			v := row[i]
			if !plainValue(cols[i], v) {
				return nil
			}
			p.vals = append(p.vals, v)
		}
	}
	return p
}

// plainFlat is plainOf for FlatRows: it keeps vals itself, so the columns
// must be in table order already. It returns nil otherwise.
func plainFlat(t *Table, refs []*ColumnRef, vals []any) *plainRows {
	cols := make([]*ColumnDef, len(refs))
	for i, r := range refs {
		cols[i] = r.Def
		if i > 0 && cols[i].pos <= cols[i-1].pos {
			return nil // out of order, or a column given twice
		}
	}
	for _, c := range t.cols {
		if c.defaultFn != nil && !slices.Contains(cols, c) {
			return nil
		}
	}
	for r := 0; r < len(vals); r += len(cols) {
		for i, c := range cols {
			if !plainValue(c, vals[r+i]) {
				return nil
			}
		}
	}
	return &plainRows{cols: cols, vals: vals}
}

// plainValue reports whether v can stay a plain value of column c: not an
// expression, not NULL, and a value CheckValue accepts. A value of exactly
// the column's Go type among the common ones needs no further check.
func plainValue(c *ColumnDef, v any) bool {
	switch v.(type) {
	case string, bool, float64, time.Time:
		if reflect.TypeOf(v) == c.goType {
			return true
		}
	case int64:
		if c.goType == reflect.TypeFor[int64]() && c.typ.Kind() == sqltype.KindBigInt {
			return true
		}
	case *string, *bool, *float64:
		// A pointer to a value of the column's type (the ORM binds
		// fields by address): the value is read when the statement runs.
		if !reflect.ValueOf(v).IsNil() && reflect.TypeOf(v).Elem() == c.goType {
			return true
		}
	case *int64:
		if v.(*int64) != nil && c.goType == reflect.TypeFor[int64]() && c.typ.Kind() == sqltype.KindBigInt {
			return true
		}
	case Expr, Node:
		return false
	}
	return !IsNullValue(v) && CheckValue(c, v) == nil
}

func (s *InsertStmt) addRow(items []SetItem) {
	// NULL for an autoincrement column means "number it".
	kept := items[:0]
	for _, it := range items {
		if _, isNull := it.Value.(*Null); isNull && it.Col.autoincrement {
			continue
		}
		kept = append(kept, it)
	}
	items = withDefaults(s.table, kept, false)
	if err := sortItems(items, "insert"); err != nil {
		s.err = err
		return
	}
	if len(s.rows) > 0 && !sameColumns(s.rows[0], items) {
		s.err = &StatementError{Stmt: "insert", Msg: fmt.Sprintf("row %d sets different columns than row 1; every row of a multi-row INSERT must set the same columns", len(s.rows)+1)}
		return
	}
	// s is a fresh clone whose rows array nobody else holds (see Row and
	// Values), so appending in place is safe and keeps Values linear.
	s.rows = append(s.rows, items)
}

// withDefaults appends a DefaultValue for each column with a client-side
// default (update defaults for UPDATE) that items does not set.
func withDefaults(t *Table, items []SetItem, update bool) []SetItem {
	out := items
	for _, c := range t.cols {
		fn := c.defaultFn
		if update {
			fn = c.updateFn
		}
		if fn == nil {
			continue
		}
		set := false
		for _, it := range items {
			if it.Col == c {
				set = true
				break
			}
		}
		if !set {
			out = append(out, SetItem{Col: c, Value: &DefaultValue{Col: c, Update: update}})
		}
	}
	return out
}

func sameColumns(a, b []SetItem) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Col != b[i].Col {
			return false
		}
	}
	return true
}

// FromSelect makes it INSERT INTO t (cols) SELECT ...: q's columns fill
// cols in order. Columns with client-side defaults that cols leaves out are
// filled with their defaults, as SQLAlchemy does.
func (s *InsertStmt) FromSelect(q Selectable, cols ...Expr) *InsertStmt {
	c := s.clone()
	if c.err != nil {
		return c
	}
	if q == nil {
		c.err = &StatementError{Stmt: "insert", Msg: "FromSelect of a nil statement"}
		return c
	}
	c.selCols = nil
	for _, e := range cols {
		ref, ok := NodeOf(e).(*ColumnRef)
		if !ok || ref.Def.table != s.table {
			c.err = &StatementError{Stmt: "insert", Msg: "FromSelect lists columns of the target table"}
			return c
		}
		c.selCols = append(c.selCols, ref.Def)
	}
	if out, err := q.OutputColumns(); err == nil && len(out) != len(cols) {
		c.err = &StatementError{Stmt: "insert", Msg: fmt.Sprintf("FromSelect names %d columns but the statement returns %d", len(cols), len(out))}
	}
	// The defaults are made once, here, so every walk of the statement
	// meets the same nodes.
	c.selDefaults = nil
	for _, it := range withDefaults(s.table, nil, false) {
		listed := false
		for _, l := range c.selCols {
			listed = listed || l == it.Col
		}
		if !listed {
			c.selDefaults = append(c.selDefaults, it)
		}
	}
	c.sel, c.rows, c.plain, c.explicit = q, nil, nil, true
	return c
}

// Returning adds a RETURNING clause (PostgreSQL, SQLite, MariaDB 10.5+);
// compiling it for a dialect without RETURNING is an error.
func (s *InsertStmt) Returning(items ...SelectItem) *InsertStmt {
	c := s.clone()
	c.returning = appendItems(s.returning, items, &c.err, "insert")
	return c
}

func appendItems(dst []Node, items []SelectItem, errp *error, stmt string) []Node {
	out := grow(dst, len(items))
	for _, it := range items {
		if it == nil {
			*errp = &StatementError{Stmt: stmt, Msg: "nil item in RETURNING"}
			continue
		}
		out = append(out, it.selectNode())
	}
	return out
}

// Parts returns the statement's content for compilers. A statement without
// rows gives one row of client-side defaults (possibly empty: DEFAULT VALUES).
func (s *InsertStmt) Parts() InsertParts {
	p := InsertParts{Table: s.table, Returning: s.returning, Conflict: s.conflict}
	if s.sel != nil {
		p.Select, p.Columns, p.Defaults = s.sel, s.selCols, s.selDefaults
		return p
	}
	rows := s.rowsOf()
	if len(rows) > 0 {
		for _, it := range rows[0] {
			p.Columns = append(p.Columns, it.Col)
		}
		p.Rows = make([][]Node, len(rows))
		for i, r := range rows {
			p.Rows[i] = make([]Node, len(r))
			for j, it := range r {
				p.Rows[i][j] = it.Value
			}
		}
	}
	return p
}

// Table returns the target table.
func (s *InsertStmt) Table() *Table { return s.table }

// Err returns the first error recorded while building the statement.
func (s *InsertStmt) Err() error { return s.err }

func (s *InsertStmt) statement() {}

// UpdateStmt is an UPDATE statement; like every statement it is immutable.
type UpdateStmt struct {
	table     *Table
	sets      []SetItem // explicit, sorted
	full      []SetItem // sets plus update defaults, sorted
	from      []FromNode
	where     []Node
	orderBy   []Node
	limit     Node
	returning []Node
	err       error
}

// UpdateParts is the content of an UpdateStmt for compilers; Set includes
// the update defaults of columns the statement does not set.
type UpdateParts struct {
	Table     *Table
	Set       []SetItem
	From      []FromNode // UPDATE ... FROM (MySQL: UPDATE t, other)
	Where     []Node
	OrderBy   []Node // MySQL
	Limit     Node   // MySQL
	Returning []Node
}

// Update starts an UPDATE of t. Without Where it updates every row.
func Update(t TableLike) *UpdateStmt {
	if t == nil {
		return &UpdateStmt{err: &StatementError{Stmt: "update", Msg: "nil table"}}
	}
	if t.tableDef().aliasOf != nil {
		return &UpdateStmt{err: &StatementError{Stmt: "update", Msg: "cannot update an alias; use the table"}}
	}
	return &UpdateStmt{table: t.tableDef()}
}

func (s *UpdateStmt) clone() *UpdateStmt { c := *s; return &c }

// Set adds typed assignments to the SET list.
func (s *UpdateStmt) Set(assigns ...Assignment) *UpdateStmt {
	c := s.clone()
	if c.err != nil {
		return c
	}
	items, err := assignmentItems(c.table, assigns, "update")
	c.addSets(items, err)
	return c
}

func (s *UpdateStmt) addSets(items []SetItem, err error) {
	if err == nil {
		s.sets = append(grow(s.sets, len(items)), items...)
		err = sortItems(s.sets, "update")
	}
	if err != nil {
		s.err = err
		return
	}
	s.full = withDefaults(s.table, append([]SetItem(nil), s.sets...), true)
	slices.SortStableFunc(s.full, func(a, b SetItem) int { return a.Col.pos - b.Col.pos })
}

// Values adds the columns of a Values map to the SET list.
func (s *UpdateStmt) Values(v Values) *UpdateStmt {
	c := s.clone()
	if c.err != nil {
		return c
	}
	items, err := v.assignments(c.table, "update")
	c.addSets(items, err)
	return c
}

// Where adds conditions, ANDed.
func (s *UpdateStmt) Where(conds ...TypedExpr[bool]) *UpdateStmt {
	c := s.clone()
	c.where = appendConds(s.where, conds, &c.err, "update")
	return c
}

// From adds other tables to update from: UPDATE t SET ... FROM other
// WHERE ... (PostgreSQL, SQLite), UPDATE t, other SET ... (MySQL). Join
// them in Where.
func (s *UpdateStmt) From(items ...FromItem) *UpdateStmt {
	c := s.clone()
	c.from = appendFroms(s.from, items, &c.err, "update")
	return c
}

// OrderBy orders the rows an UPDATE with Limit changes (MySQL only).
func (s *UpdateStmt) OrderBy(items ...OrderItem) *UpdateStmt {
	c := s.clone()
	c.orderBy = appendOrder(s.orderBy, items, &c.err, "update")
	return c
}

// Limit changes at most n rows (MySQL only; a compile error elsewhere).
func (s *UpdateStmt) Limit(n int64) *UpdateStmt {
	c := s.clone()
	c.limit = limitParam(n, &c.err, "update", "LIMIT")
	return c
}

// Returning adds a RETURNING clause (PostgreSQL and SQLite; not MySQL or
// MariaDB, where compiling it is an error).
func (s *UpdateStmt) Returning(items ...SelectItem) *UpdateStmt {
	c := s.clone()
	c.returning = appendItems(s.returning, items, &c.err, "update")
	return c
}

// Parts returns the statement's content for compilers.
func (s *UpdateStmt) Parts() UpdateParts {
	return UpdateParts{Table: s.table, Set: s.full, From: s.from, Where: s.where, OrderBy: s.orderBy, Limit: s.limit, Returning: s.returning}
}

// Table returns the target table.
func (s *UpdateStmt) Table() *Table { return s.table }

// Err returns the first error recorded while building the statement, or an
// error for an UPDATE with nothing to set.
func (s *UpdateStmt) Err() error {
	if s.err == nil && len(s.sets) == 0 {
		return &StatementError{Stmt: "update", Msg: "no columns to SET"}
	}
	return s.err
}

func (s *UpdateStmt) statement() {}

// DeleteStmt is a DELETE statement; like every statement it is immutable.
type DeleteStmt struct {
	table     *Table
	using     []FromNode
	where     []Node
	orderBy   []Node
	limit     Node
	returning []Node
	err       error
}

// DeleteParts is the content of a DeleteStmt for compilers.
type DeleteParts struct {
	Table     *Table
	Using     []FromNode // DELETE ... USING (MySQL: DELETE t FROM t, other)
	Where     []Node
	OrderBy   []Node // MySQL
	Limit     Node   // MySQL
	Returning []Node
}

// Delete starts a DELETE from t. Without Where it deletes every row.
func Delete(t TableLike) *DeleteStmt {
	if t == nil {
		return &DeleteStmt{err: &StatementError{Stmt: "delete", Msg: "nil table"}}
	}
	if t.tableDef().aliasOf != nil {
		return &DeleteStmt{err: &StatementError{Stmt: "delete", Msg: "cannot delete from an alias; use the table"}}
	}
	return &DeleteStmt{table: t.tableDef()}
}

// Where adds conditions, ANDed.
func (s *DeleteStmt) Where(conds ...TypedExpr[bool]) *DeleteStmt {
	c := *s
	c.where = appendConds(s.where, conds, &c.err, "delete")
	return &c
}

// Returning adds a RETURNING clause (PostgreSQL, SQLite, MariaDB 10.5+).
func (s *DeleteStmt) Returning(items ...SelectItem) *DeleteStmt {
	c := *s
	c.returning = appendItems(s.returning, items, &c.err, "delete")
	return &c
}

// Parts returns the statement's content for compilers.
func (s *DeleteStmt) Parts() DeleteParts {
	return DeleteParts{Table: s.table, Using: s.using, Where: s.where, OrderBy: s.orderBy, Limit: s.limit, Returning: s.returning}
}

// Using adds other tables whose rows the WHERE may refer to: DELETE FROM t
// USING other WHERE ... (PostgreSQL), DELETE t FROM t, other WHERE ...
// (MySQL). SQLite has neither; there it becomes a correlated EXISTS.
func (s *DeleteStmt) Using(items ...FromItem) *DeleteStmt {
	c := *s
	c.using = appendFroms(s.using, items, &c.err, "delete")
	return &c
}

// OrderBy orders the rows a DELETE with Limit removes (MySQL only).
func (s *DeleteStmt) OrderBy(items ...OrderItem) *DeleteStmt {
	c := *s
	c.orderBy = appendOrder(s.orderBy, items, &c.err, "delete")
	return &c
}

// Limit removes at most n rows (MySQL only; a compile error elsewhere).
func (s *DeleteStmt) Limit(n int64) *DeleteStmt {
	c := *s
	c.limit = limitParam(n, &c.err, "delete", "LIMIT")
	return &c
}

func appendFroms(dst []FromNode, items []FromItem, errp *error, stmt string) []FromNode {
	out := grow(dst, len(items))
	for _, it := range items {
		if it == nil {
			*errp = &StatementError{Stmt: stmt, Msg: "nil FROM item"}
			continue
		}
		out = append(out, it.fromNode())
	}
	return out
}

func appendOrder(dst []Node, items []OrderItem, errp *error, stmt string) []Node {
	out := grow(dst, len(items))
	for _, it := range items {
		if it == nil {
			*errp = &StatementError{Stmt: stmt, Msg: "nil item in ORDER BY"}
			continue
		}
		out = append(out, it.orderNode())
	}
	return out
}

// Table returns the target table.
func (s *DeleteStmt) Table() *Table { return s.table }

// Err returns the first error recorded while building the statement.
func (s *DeleteStmt) Err() error { return s.err }

func (s *DeleteStmt) statement() {}
