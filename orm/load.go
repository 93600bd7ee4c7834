package orm

import (
	"context"
	"fmt"
	"reflect"
	"slices"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
)

// loadRows runs stmt, which selects m's columns in m.cols order, in the
// session's transaction and returns the objects of its rows through the
// identity map: a row whose object the session holds gives that object,
// refreshed in place only if it was expired.
func (s *Session) loadRows(ctx context.Context, m *Mapper, stmt core.Statement, hint int) ([]*objState, error) {
	out, _, err := s.loadRowsWith(ctx, m, m.dflt, stmt, nil, hint)
	return out, err
}

// loadRowsWith is loadRows for a statement that selects, after m's
// columns, one more column of each of the extra types; their values come
// back beside the objects, row by row. hint is how many rows to expect
// (it sizes allocations; any number of rows may come).
//
// The rows are read to the end first and then merged into the identity
// map, so the connection goes back to the pool before the map work, and
// the map can be sized once.
func (s *Session) loadRowsWith(ctx context.Context, m *Mapper, ls *loadSet, stmt core.Statement, extra []reflect.Type, hint int) ([]*objState, [][]any, error) {
	hint = max(1, min(hint, 256))
	n := len(ls.cols) + len(ls.props)
	// dest and fresh are the session's scratch space: loads do not nest.
	if s.dest == nil {
		s.dest, s.fresh = s.destArr[:0], s.freshArr[:0]
	}
	dest := slices.Grow(s.dest[:0], n+len(extra))[:n+len(extra)]
	fresh := slices.Grow(s.fresh[:0], hint)
	defer func() {
		clear(dest)
		clear(fresh[:cap(fresh)])
		s.dest, s.fresh = dest[:0], fresh[:0]
	}()
	objs := newObjectRun(m.typ, hint, 256)
	var extras [][]any
	err := engine.Each(ctx, s.reader(), stmt, func(res *engine.Result) error {
		p := objs.take()
		ls.point(dest, p)
		for i, t := range extra {
			dest[n+i] = reflect.New(t).Interface()
		}
		if err := res.Scan(dest...); err != nil {
			return fmt.Errorf("orm: loading %s: %w", m.typ, err)
		}
		if len(extra) > 0 {
			row := make([]any, len(extra))
			for i := range extra {
				row[i] = reflect.ValueOf(dest[n+i]).Elem().Interface()
			}
			extras = append(extras, row)
		}
		fresh = append(fresh, p)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	out, err := s.mergeAll(ctx, m, ls, fresh)
	if err != nil {
		return nil, nil, err
	}
	return out, extras, nil
}

// mergeAll merges freshly read objects (pointers) of m in row order and
// runs the AfterLoad hooks of those whose fields were filled.
func (s *Session) mergeAll(ctx context.Context, m *Mapper, ls *loadSet, fresh []reflect.Value) ([]*objState, error) {
	s.reserve(len(fresh))
	s.reserveTracked(len(fresh))
	snaps := newObjectRun(m.typ, len(fresh), len(fresh))
	out := make([]*objState, len(fresh))
	for i, p := range fresh {
		st, err := s.mergeOne(ctx, m, ls, p, snaps)
		if err != nil {
			return nil, err
		}
		out[i] = st
	}
	return out, nil
}

// mergeOne is merge with the AfterLoad hook.
func (s *Session) mergeOne(ctx context.Context, m *Mapper, ls *loadSet, p reflect.Value, snaps *objectRun) (*objState, error) {
	st, filled := s.merge(m, ls, p, snaps)
	if h, ok := st.ptr.(AfterLoadHook); ok && filled {
		if err := hookErr(st, "AfterLoad", h.AfterLoad(ctx)); err != nil {
			return nil, err
		}
		// What the hook sets is part of the loaded state, not a change.
		st.snap = m.snapshot(st.obj())
	}
	return st, nil
}

// reserve sizes the session's maps for n objects about to come in, when
// they are empty (a new session's first load): growing a map row by row
// costs more than the rows.
func (s *Session) reserve(n int) {
	if n > 8 && len(s.identity) == 0 {
		s.identity = make(map[identityKey]*objState, n)
	}
}

// reserveTracked makes room for n more states in the pointer lookup.
func (s *Session) reserveTracked(n int) {
	if s.unindexed == nil {
		s.unindexed = s.idxBuf[:0]
	}
	if cap(s.unindexed)-len(s.unindexed) < n {
		s.unindexed = slices.Grow(s.unindexed, n)
	}
}

// merge puts a freshly read object (p, a pointer) into the identity map,
// or refreshes the one already there if it is expired, and returns the
// state to use and whether its fields were filled from the row. A new
// object's snapshot comes from snaps when it is not nil.
func (s *Session) merge(m *Mapper, ls *loadSet, p reflect.Value, snaps *objectRun) (*objState, bool) {
	v := p.Elem()
	key := m.keyOf(v)
	if st := s.identity[key]; st != nil {
		if st.expired {
			// Only what the SELECT read: relationship fields and
			// columns it left out keep their values.
			st.copyLoaded(ls, v)
			if !st.snap.IsValid() && len(ls.cols) == len(m.cols) {
				// Re-attached, its row unknown until now: every column
				// was just read.
				st.snap = m.snapshot(st.obj())
			}
			if st.snap.IsValid() {
				st.clearPKVals() // read from the snapshot
			}
			st.expired = false
			return st, true
		}
		return st, false
	}
	st := s.newState(m, p.Interface(), Persistent)
	st.key = key
	if snaps != nil {
		st.snap = m.snapshotIn(v, snaps.take().Elem())
	} else {
		st.snap = m.snapshot(v)
	}
	s.putIdentity(key, st)
	s.track(st)
	return st, true
}

// newState makes the state of a new object of the session.
func (s *Session) newState(m *Mapper, ptr any, state State) *objState {
	s.seq++
	if len(s.slab) == 0 {
		// States come in rows: allocate them in runs, once the session
		// has shown it makes more than a few.
		switch {
		case s.seq == 1:
			s.slab = s.slab0[:]
		case s.seq > 4:
			s.slab = make([]objState, 32)
		default:
			s.slab = make([]objState, 1)
		}
	}
	st := &s.slab[0]
	s.slab = s.slab[1:]
	// The slot is zero: set the fields, rather than copy a whole struct.
	st.m, st.ptr, st.state, st.seq = m, ptr, state, s.seq
	return st
}

// snapshot copies the object in v: one struct, with the column fields
// that could change in place (slices, pointers) cloned.
func (m *Mapper) snapshot(v reflect.Value) reflect.Value {
	return m.snapshotIn(v, reflect.New(m.typ).Elem())
}

// snapshotIn is snapshot into snap, an addressable zero T.
func (m *Mapper) snapshotIn(v, snap reflect.Value) reflect.Value {
	snap.Set(v)
	for _, fc := range m.deep {
		f := fc.get(snap)
		f.Set(reflect.ValueOf(fc.clone(f.Interface())))
	}
	return snap
}

// pkValues reads the primary key values of the object in v.
func (m *Mapper) pkValues(v reflect.Value) []any {
	out := make([]any, len(m.pk))
	for i, fc := range m.pk {
		out[i] = fc.get(v).Interface()
	}
	return out
}

// changedCols returns the indexes into m.cols of the columns whose field
// differs from the snapshot; every column when there is no snapshot.
func (s *Session) changedCols(st *objState) []int { return s.appendChanged(nil, st) }

// appendChanged is changedCols appending to dst.
func (s *Session) appendChanged(dst []int, st *objState) []int {
	obj := st.obj()
	for i, fc := range st.m.cols {
		if !st.snap.IsValid() || !fc.eqv(fc.get(obj), fc.get(st.snap)) {
			dst = append(dst, i)
		}
	}
	return dst
}

// isDirty reports whether st has a changed column.
func (s *Session) isDirty(st *objState) bool {
	if !st.snap.IsValid() {
		return len(st.m.cols) > 0
	}
	obj := st.obj()
	for _, fc := range st.m.cols {
		if !fc.eqv(fc.get(obj), fc.get(st.snap)) {
			return true
		}
	}
	return false
}

// Get returns the object of type T whose primary key is pk (one value per
// key column, in the key's order): from the identity map when the session
// holds it and it is not expired, else from the database. It returns nil
// and no error when there is no such row, as SQLAlchemy's Session.get.
func Get[T any](ctx context.Context, s *Session, pk ...any) (*T, error) {
	err := s.usable()
	if err != nil {
		return nil, err
	}
	defer s.leave()
	m, err := s.reg.mapped(reflect.TypeFor[T]())
	if err != nil {
		return nil, err
	}
	if len(pk) != len(m.pk) {
		return nil, fmt.Errorf("orm: Get[%s] takes %d key value(s), got %d", m.typ.Name(), len(m.pk), len(pk))
	}
	for i, v := range pk {
		fc := m.pk[i]
		rv := reflect.ValueOf(v)
		if !rv.IsValid() || !rv.Type().ConvertibleTo(fc.typ) || rv.Kind() != fc.typ.Kind() && !(isInt(rv.Kind()) && isInt(fc.typ.Kind())) {
			return nil, fmt.Errorf("orm: Get[%s]: key %s is a %s, not a %T", m.typ.Name(), fc.field, fc.typ, v)
		}
		if rv.Type() != fc.typ {
			pk[i] = rv.Convert(fc.typ).Interface()
		}
	}
	key := makeKey(m, pk)
	if st := s.identity[key]; st != nil && !st.expired {
		if st.markedDelete || st.state != Persistent {
			return nil, nil
		}
		return st.ptr.(*T), nil
	}
	if err := s.autoFlush(ctx); err != nil {
		return nil, err
	}
	b := m.getByKey(pk)
	got, err := s.loadRows(ctx, m, b, 1)
	m.doneByKey(b)
	if err != nil || len(got) == 0 {
		return nil, err
	}
	if got[0].markedDelete {
		return nil, nil
	}
	return got[0].ptr.(*T), nil
}

func isInt(k reflect.Kind) bool {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// Load returns the objects of type T whose rows stmt selects: any Core
// SELECT or core.Text whose result has a column named like each mapped
// column of T (in any order; other columns are ignored). Rows go through
// the identity map as with Select.
//
//	us, err := orm.Load[User](ctx, s, core.Text("SELECT * FROM user_account WHERE name LIKE :p").Bind("p", "s%"))
func Load[T any](ctx context.Context, s *Session, stmt core.Statement) ([]*T, error) {
	err := s.usable()
	if err != nil {
		return nil, err
	}
	defer s.leave()
	m, err := s.reg.mapped(reflect.TypeFor[T]())
	if err != nil {
		return nil, err
	}
	if err := s.autoFlush(ctx); err != nil {
		return nil, err
	}
	res, err := s.reader().Query(ctx, stmt)
	if err != nil {
		return nil, err
	}
	defer res.Close()
	names := res.Columns()
	where := make([]*fieldCol, len(names)) // the field each result column fills, or nil
	ls := &loadSet{}
	for _, fc := range m.cols {
		i := slices.Index(names, fc.def.Name())
		if i < 0 {
			if fc.deferred {
				continue
			}
			return nil, fmt.Errorf("orm: Load[%s]: the result has no column %q (it has %v)", m.typ.Name(), fc.def.Name(), names)
		}
		where[i] = fc
		ls.cols = append(ls.cols, fc)
	}
	var fresh []reflect.Value
	dest := make([]any, len(names))
	var discard any
	objs := newObjectRun(m.typ, 8, 256)
	for res.Next() {
		p := objs.take()
		base, v := p.UnsafePointer(), p.Elem()
		for i, fc := range where {
			if fc == nil {
				dest[i] = &discard
			} else {
				dest[i] = fc.at.addr(base, v, fc.index)
			}
		}
		if err := res.Scan(dest...); err != nil {
			return nil, fmt.Errorf("orm: loading %s: %w", m.typ, err)
		}
		fresh = append(fresh, p)
	}
	if err := res.Close(); err != nil {
		return nil, err
	}
	sts, err := s.mergeAll(ctx, m, ls, fresh)
	if err != nil {
		return nil, err
	}
	out := make([]*T, len(sts))
	for i, st := range sts {
		out[i] = st.ptr.(*T)
	}
	return out, nil
}

// Merge puts the state of obj, a struct the session may never have seen
// (from a request, a cache, another session), into the session and returns
// the session's object for it: the one the identity map holds, or the one
// loaded from the database, with obj's column values copied in (written at
// the next flush); or, when no row has obj's key, a new pending copy of
// obj. obj itself is never attached. Relationship fields are not merged.
func Merge[T any](ctx context.Context, s *Session, obj *T) (*T, error) {
	err := s.usable()
	if err != nil {
		return nil, err
	}
	defer s.leave()
	m, err := s.reg.mapped(reflect.TypeFor[T]())
	if err != nil {
		return nil, err
	}
	if obj == nil {
		return nil, fmt.Errorf("%w: Merge of a nil %s", ErrNotMapped, m.typ)
	}
	src := reflect.ValueOf(obj).Elem()
	var target *objState
	keyed := m.autoinc == nil || !m.autoinc.get(src).IsZero()
	if keyed {
		key := m.keyOf(src)
		target = s.identity[key]
		if target == nil {
			if err := s.autoFlush(ctx); err != nil {
				return nil, err
			}
			b := m.getByKey(m.pkValues(src))
			got, err := s.loadRows(ctx, m, b, 1)
			m.doneByKey(b)
			if err != nil {
				return nil, err
			}
			if len(got) > 0 {
				target = got[0]
			}
		}
	}
	if target == nil {
		c := new(T)
		*c = *obj
		for _, rel := range m.rels {
			f := reflect.ValueOf(c).Elem().FieldByIndex(rel.index)
			f.Set(reflect.Zero(f.Type()))
		}
		if err := s.attach(m, c); err != nil {
			return nil, err
		}
		return c, nil
	}
	for _, fc := range m.cols {
		fc.get(target.obj()).Set(reflect.ValueOf(fc.clone(fc.get(src).Interface())))
	}
	target.expired = false
	return target.ptr.(*T), nil
}
