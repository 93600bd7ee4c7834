package core

import "fmt"

// OnConflict is an INSERT's conflict clause: PostgreSQL's and SQLite's
// ON CONFLICT (target) DO NOTHING / DO UPDATE SET ... WHERE ..., and
// MySQL's ON DUPLICATE KEY UPDATE (which any unique key triggers: the
// target cannot be said there).
type OnConflict struct {
	Columns     []*ColumnDef // the conflict target's columns
	Constraint  string       // or a constraint name (PostgreSQL)
	TargetWhere Node         // the partial index's predicate
	DoNothing   bool
	Set         []SetItem // DO UPDATE SET
	Where       Node      // DO UPDATE ... WHERE
}

// Conflict builds an OnConflict; it is a value, each method returns a new
// one. Finish it with DoNothing or DoUpdate and give it to Insert.OnConflict.
type Conflict struct {
	oc  OnConflict
	err error
}

// ConflictOn targets the unique index or constraint over cols.
func ConflictOn(cols ...Expr) Conflict {
	var c Conflict
	for _, e := range cols {
		ref, ok := NodeOf(e).(*ColumnRef)
		if !ok {
			c.err = &StatementError{Stmt: "insert", Msg: "a conflict target lists columns"}
			continue
		}
		c.oc.Columns = append(c.oc.Columns, ref.Def)
	}
	return c
}

// ConflictOnConstraint targets the named constraint (PostgreSQL only).
func ConflictOnConstraint(name string) Conflict {
	return Conflict{oc: OnConflict{Constraint: name}}
}

// AnyConflict has no target: any unique violation (DO NOTHING only on
// PostgreSQL and SQLite).
func AnyConflict() Conflict { return Conflict{} }

// TargetWhere adds the predicate of a partial unique index to the target.
func (c Conflict) TargetWhere(cond TypedExpr[bool]) Conflict {
	c.oc.TargetWhere = exprOrInvalid(cond, "conflict target predicate")
	return c
}

// DoNothing skips the conflicting row.
func (c Conflict) DoNothing() Conflict {
	c.oc.DoNothing = true
	c.oc.Set = nil
	return c
}

// DoUpdate updates the existing row; refer to the row that was to be
// inserted with Excluded.
func (c Conflict) DoUpdate(assigns ...Assignment) Conflict {
	c.oc.DoNothing = false
	// A new array: conflicts derived from one base must not share it.
	c.oc.Set = append(make([]SetItem, 0, len(c.oc.Set)+len(assigns)), c.oc.Set...)
	for _, a := range assigns {
		if a.col == nil {
			c.err = &StatementError{Stmt: "insert", Msg: "zero Assignment in DoUpdate"}
			continue
		}
		for _, it := range c.oc.Set {
			if it.Col == a.col.Def {
				c.err = &StatementError{Stmt: "insert", Msg: fmt.Sprintf("DoUpdate sets %s twice", a.col.Def.FullName())}
			}
		}
		c.oc.Set = append(c.oc.Set, SetItem{Col: a.col.Def, Value: a.val})
	}
	return c
}

// Where limits DO UPDATE to existing rows that satisfy cond (not MySQL).
func (c Conflict) Where(cond TypedExpr[bool]) Conflict {
	c.oc.Where = exprOrInvalid(cond, "DO UPDATE condition")
	return c
}

// OnConflict adds a conflict clause to the INSERT (an upsert):
//
//	core.Insert(Users).Row(Users.Name.To("sandy"), Users.Visits.To(1)).
//		OnConflict(core.ConflictOn(Users.Name).DoUpdate(Users.Visits.ToExpr(core.Excluded(Users.Visits))))
func (s *InsertStmt) OnConflict(c Conflict) *InsertStmt {
	d := s.clone()
	if c.err != nil {
		d.err = c.err
	}
	if !c.oc.DoNothing && len(c.oc.Set) == 0 {
		d.err = &StatementError{Stmt: "insert", Msg: "OnConflict needs DoNothing or DoUpdate"}
	}
	if c.oc.TargetWhere != nil && len(c.oc.Columns) == 0 {
		d.err = &StatementError{Stmt: "insert", Msg: "TargetWhere needs the conflict target's columns (ConflictOn)"}
	}
	for _, col := range c.oc.Columns {
		if col.table != s.table {
			d.err = &StatementError{Stmt: "insert", Msg: fmt.Sprintf("conflict target column %s is not a column of %s", col.FullName(), s.table.name)}
		}
	}
	for _, it := range c.oc.Set {
		if it.Col.table != s.table {
			d.err = &StatementError{Stmt: "insert", Msg: fmt.Sprintf("DoUpdate sets %s, not a column of %s", it.Col.FullName(), s.table.name)}
		}
	}
	oc := c.oc
	d.conflict = &oc
	return d
}

// ExcludedRef is the value a column would have had in the row an upsert
// did not insert: excluded.col (PostgreSQL, SQLite), VALUES(col) (MySQL).
type ExcludedRef struct {
	Col *ColumnDef
}

func (n *ExcludedRef) exprNode() Node   { return n }
func (n *ExcludedRef) selectNode() Node { return n }
func (n *ExcludedRef) orderNode() Node  { return n }

// Excluded refers, in an upsert's DoUpdate, to the value col had in the
// row that was not inserted.
func Excluded[T any](col Column[T]) Expression[T] {
	r := col.columnRef()
	if r == nil {
		return typed[T](invalid("Excluded of an undefined column"))
	}
	return typed[T](&ExcludedRef{Col: r.Def})
}
