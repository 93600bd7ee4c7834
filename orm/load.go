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
func (s *Session) loadRows(ctx context.Context, m *Mapper, stmt core.Statement) ([]*objState, error) {
	out, _, err := s.loadRowsWith(ctx, m, m.dflt, stmt, nil)
	return out, err
}

// loadRowsWith is loadRows for a statement that selects, after m's
// columns, one more column of each of the extra types; their values come
// back beside the objects, row by row.
func (s *Session) loadRowsWith(ctx context.Context, m *Mapper, ls *loadSet, stmt core.Statement, extra []reflect.Type) ([]*objState, [][]any, error) {
	res, err := s.reader().Query(ctx, stmt)
	if err != nil {
		return nil, nil, err
	}
	defer res.Close()
	var out []*objState
	var extras [][]any
	n := len(ls.cols) + len(ls.props)
	dest := make([]any, n+len(extra))
	fill := func(v reflect.Value) {
		ls.point(dest, v)
		for i, t := range extra {
			dest[n+i] = reflect.New(t).Interface()
		}
	}
	for res.Next() {
		st, err := s.readObject(ctx, res, m, ls, dest, fill)
		if err != nil {
			return nil, nil, err
		}
		if len(extra) > 0 {
			row := make([]any, len(extra))
			for i := range extra {
				row[i] = reflect.ValueOf(dest[n+i]).Elem().Interface()
			}
			extras = append(extras, row)
		}
		out = append(out, st)
	}
	if err := res.Err(); err != nil {
		return nil, nil, err
	}
	return out, extras, nil
}

// readObject scans the current row of res into a new object of m, after
// fill has pointed dest at its fields (and at whatever else the row holds),
// puts it through the identity map and runs its AfterLoad hook when its
// fields were filled. Every way of loading objects reads rows with it.
func (s *Session) readObject(ctx context.Context, res *engine.Result, m *Mapper, ls *loadSet, dest []any, fill func(reflect.Value)) (*objState, error) {
	fresh := reflect.New(m.typ)
	fill(fresh.Elem())
	if err := res.Scan(dest...); err != nil {
		return nil, fmt.Errorf("orm: loading %s: %w", m.typ, err)
	}
	st, filled := s.merge(m, ls, fresh)
	if h, ok := st.ptr.(AfterLoadHook); ok && filled {
		if err := hookErr(st, "AfterLoad", h.AfterLoad(ctx)); err != nil {
			return nil, err
		}
		// What the hook sets is part of the loaded state, not a change.
		st.snap = m.snapshot(st.obj)
	}
	return st, nil
}

// merge puts a freshly read object into the identity map, or refreshes
// the one already there if it is expired, and returns the state to use and
// whether its fields were filled from the row.
func (s *Session) merge(m *Mapper, ls *loadSet, fresh reflect.Value) (*objState, bool) {
	v := fresh.Elem()
	key := m.keyOf(v)
	if st := s.identity[key]; st != nil {
		if st.expired {
			// Only what the SELECT read: relationship fields and
			// columns it left out keep their values.
			st.copyLoaded(ls, v)
			st.pkVals = nil // read from the snapshot
			st.expired = false
			return st, true
		}
		return st, false
	}
	s.seq++
	if len(s.slab) == 0 {
		// States come in rows: allocate them in runs, once the session
		// has shown it loads more than a few.
		n := 1
		if s.seq > 4 {
			n = 32
		}
		s.slab = make([]objState, n)
	}
	st := &s.slab[0]
	s.slab = s.slab[1:]
	*st = objState{m: m, ptr: fresh.Interface(), obj: v, state: Persistent, key: key, seq: s.seq}
	st.snap = m.snapshot(v)
	s.identity[key] = st
	s.byPtr[st.ptr] = st
	return st, true
}

// snapshot copies the object in v: one struct, with the column fields
// that could change in place (slices, pointers) cloned.
func (m *Mapper) snapshot(v reflect.Value) reflect.Value {
	snap := reflect.New(m.typ).Elem()
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
func (s *Session) changedCols(st *objState) []int {
	var out []int
	for i, fc := range st.m.cols {
		if !st.snap.IsValid() || !fc.eqv(fc.get(st.obj), fc.get(st.snap)) {
			out = append(out, i)
		}
	}
	return out
}

// Get returns the object of type T whose primary key is pk (one value per
// key column, in the key's order): from the identity map when the session
// holds it and it is not expired, else from the database. It returns nil
// and no error when there is no such row, as SQLAlchemy's Session.get.
func Get[T any](ctx context.Context, s *Session, pk ...any) (*T, error) {
	leave, err := s.usable()
	if err != nil {
		return nil, err
	}
	defer leave()
	m := s.reg.mapperOf(reflect.TypeFor[T]())
	if m == nil {
		return nil, fmt.Errorf("%w: %s is not mapped in the session's registry", ErrNotMapped, reflect.TypeFor[T]())
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
		pk[i] = rv.Convert(fc.typ).Interface()
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
	got, err := s.loadRows(ctx, m, m.selectAll().Where(m.keyCondsOf(pk)...))
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
	leave, err := s.usable()
	if err != nil {
		return nil, err
	}
	defer leave()
	m := s.reg.mapperOf(reflect.TypeFor[T]())
	if m == nil {
		return nil, fmt.Errorf("%w: %s is not mapped in the session's registry", ErrNotMapped, reflect.TypeFor[T]())
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
	var out []*T
	dest := make([]any, len(names))
	var discard any
	fill := func(v reflect.Value) {
		for i, fc := range where {
			if fc == nil {
				dest[i] = &discard
			} else {
				dest[i] = fc.get(v).Addr().Interface()
			}
		}
	}
	for res.Next() {
		st, err := s.readObject(ctx, res, m, ls, dest, fill)
		if err != nil {
			return nil, err
		}
		out = append(out, st.ptr.(*T))
	}
	return out, res.Err()
}

// Merge puts the state of obj, a struct the session may never have seen
// (from a request, a cache, another session), into the session and returns
// the session's object for it: the one the identity map holds, or the one
// loaded from the database, with obj's column values copied in (written at
// the next flush); or, when no row has obj's key, a new pending copy of
// obj. obj itself is never attached. Relationship fields are not merged.
func Merge[T any](ctx context.Context, s *Session, obj *T) (*T, error) {
	leave, err := s.usable()
	if err != nil {
		return nil, err
	}
	defer leave()
	m := s.reg.mapperOf(reflect.TypeFor[T]())
	if m == nil {
		return nil, fmt.Errorf("%w: %s is not mapped in the session's registry", ErrNotMapped, reflect.TypeFor[T]())
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
			got, err := s.loadRows(ctx, m, m.selectAll().Where(m.keyCondsOf(m.pkValues(src))...))
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
		fc.get(target.obj).Set(reflect.ValueOf(fc.clone(fc.get(src).Interface())))
	}
	target.expired = false
	return target.ptr.(*T), nil
}
