package orm

import (
	"context"
	"fmt"
	"reflect"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
)

// UpdateWhere runs one UPDATE of T's table setting values on the rows that
// match conds (SQLAlchemy's ORM-enabled update), in the session's
// transaction after an autoflush, and returns the rows matched. Objects the
// session holds for those rows are expired, so the next query or Get
// refreshes them; the others are not touched.
//
//	n, err := orm.UpdateWhere[User](ctx, s, core.Values{Users.Active: false}, Users.LastSeen.Lt(cutoff))
func UpdateWhere[T any](ctx context.Context, s *Session, values core.Values, conds ...core.TypedExpr[bool]) (int64, error) {
	return byCriteria[T](ctx, s, conds, func(m *Mapper) core.Statement {
		return core.Update(m.table).Values(values).Where(conds...)
	}, func(st *objState) { st.expired = true }, "UPDATE")
}

// DeleteWhere runs one DELETE of the rows of T's table that match conds,
// in the session's transaction after an autoflush, and returns the rows
// deleted. Objects the session holds for those rows become Deleted (and
// Detached at commit).
func DeleteWhere[T any](ctx context.Context, s *Session, conds ...core.TypedExpr[bool]) (int64, error) {
	return byCriteria[T](ctx, s, conds, func(m *Mapper) core.Statement {
		return core.Delete(m.table).Where(conds...)
	}, func(st *objState) {
		st.state = Deleted
		st.markedDelete = false
		s.deletes = removeState(s.deletes, st)
		delete(s.identity, st.key)
	}, "DELETE")
}

// byCriteria finds the keys of the matching rows (a SELECT in the same
// transaction, just before the statement, which is safe because the
// transaction's own later writes are the statement's), runs the statement
// and applies touch to the held objects of those keys.
func byCriteria[T any](ctx context.Context, s *Session, conds []core.TypedExpr[bool], build func(*Mapper) core.Statement,
	touch func(*objState), op string) (int64, error) {
	err := s.usable()
	if err != nil {
		return 0, err
	}
	defer s.leave()
	m, err := s.reg.mapped(reflect.TypeFor[T]())
	if err != nil {
		return 0, err
	}
	if err := s.autoFlush(ctx); err != nil {
		return 0, err
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return 0, err
	}
	items := make([]core.SelectItem, len(m.pk))
	for i, fc := range m.pk {
		items[i] = fc.col
	}
	var held []*objState
	res, err := tx.Query(ctx, core.Select(items...).From(m.table).Where(conds...))
	if err != nil {
		return 0, err
	}
	vals := make([]reflect.Value, len(m.pk))
	dest := make([]any, len(m.pk))
	for res.Next() {
		for i, fc := range m.pk {
			vals[i] = reflect.New(fc.typ)
			dest[i] = vals[i].Interface()
		}
		if err := res.Scan(dest...); err != nil {
			res.Close()
			return 0, err
		}
		kv := make([]any, len(m.pk))
		for i := range m.pk {
			kv[i] = vals[i].Elem().Interface()
		}
		k := makeKey(m, kv)
		if st := s.identity[k]; st != nil {
			held = append(held, st)
		}
	}
	if err := res.Err(); err != nil {
		return 0, err
	}
	r, err := tx.Exec(ctx, build(m))
	if err != nil {
		return 0, fmt.Errorf("orm: %s of %s by criteria: %w", op, m.typ.Name(), err)
	}
	for _, st := range held {
		touch(st)
	}
	return r.RowsAffected, nil
}

// BulkInsert inserts objs in multi-row statements (INSERT ... RETURNING of
// their generated keys where the dialect has it, one by one elsewhere), in
// the session's transaction, without tracking them: they stay transient,
// their keys and defaults written back. It is for loading many rows fast:
// BeforeInsert hooks and version counters apply; relationships and
// AfterInsert hooks do not. Commit the session to keep the rows.
func BulkInsert[T any](ctx context.Context, s *Session, objs []*T) error {
	err := s.usable()
	if err != nil {
		return err
	}
	defer s.leave()
	m, err := s.reg.mapped(reflect.TypeFor[T]())
	if err != nil {
		return err
	}
	if len(objs) == 0 {
		return nil
	}
	sts := make([]objState, len(objs))
	ptrs := make([]*objState, len(objs))
	for i, o := range objs {
		if o == nil {
			return fmt.Errorf("%w: BulkInsert of a nil %s", ErrNotMapped, m.typ)
		}
		sts[i] = objState{m: m, ptr: o, state: Pending}
		ptrs[i] = &sts[i]
	}
	f := &flushRun{s: s, ctx: ctx}
	if err := f.insert(m, ptrs); err != nil {
		for i := len(f.undo) - 1; i >= 0; i-- {
			u := f.undo[i]
			u.st.obj().FieldByIndex(u.fc.index).Set(u.old)
		}
		if f.wrote && s.tx != nil {
			_ = s.tx.Rollback(ctx)
			s.tx = nil
			s.failed = err
		}
		return err
	}
	return nil
}

var _ engine.Querier = (*Session)(nil)
