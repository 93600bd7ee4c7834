package orm

import (
	"cmp"
	"context"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
)

// flushRun is one flush: its transaction and the field writes to undo if
// it fails.
type flushRun struct {
	s       *Session
	ctx     context.Context
	tx      *engine.Tx
	auto    bool // the flush is one statement, committed by itself
	rels    bool // some object's mapper has relationships (Session.relational)
	undo    []undo
	updated []*objState
	wrote   bool // a statement was sent
	dis     []dissociation
	links   []m2mChanges // many-to-many links written, for back-population

	// assignKeys' scratch: the keys read, and where one is scanned.
	ids     []int64
	id      int64
	idDest  [1]any
	idBuf   [1]int64
	undoArr [1]undo
}

// dirtyObj is a persistent object with changed columns.
type dirtyObj struct {
	st      *objState
	changed []int // indexes into st.m.cols
}

func (s *Session) flush(ctx context.Context) error { return s.flushFor(ctx, false) }

// flushFor flushes; committing says a Commit follows at once, which lets a
// one-statement flush skip the transaction.
func (s *Session) flushFor(ctx context.Context, committing bool) error {
	if err := s.reg.configure(); err != nil {
		return err
	}
	if s.trackedCount() == 0 {
		return nil // nothing to write (and, as in SQLAlchemy, no flush events)
	}
	for _, fn := range s.beforeFlush {
		if err := fn(ctx); err != nil {
			return fmt.Errorf("orm: before-flush event: %w", err)
		}
	}
	if len(s.unindexed) > maxUnindexed {
		s.index() // the flush's loops look objects up, and must not move the list
	}
	rels := s.relational()
	if rels {
		if err := s.cascade(); err != nil {
			return err
		}
	}
	if len(s.unindexed) > maxUnindexed {
		s.index()
	}
	// Pending objects whose key is given must not stand for a row the
	// session already holds.
	for _, st := range s.pending {
		if st.m.autoinc != nil && st.obj().FieldByIndex(st.m.autoinc.index).IsZero() {
			continue
		}
		if other := s.identity[st.m.keyOf(st.obj())]; other != nil && other != st {
			return fmt.Errorf("%w: a new %s has the key of an object the session holds", ErrIdentityConflict, st.m.typ)
		}
	}
	var dis []dissociation
	if rels {
		var err error
		if dis, err = s.planDeletes(ctx); err != nil {
			return err
		}
	}
	order, err := s.mapperOrder()
	if err != nil {
		return err
	}
	f := &s.run // flushes do not nest: the session keeps one
	*f = flushRun{s: s, ctx: ctx, dis: dis, rels: rels}
	f.ids, f.undo = f.idBuf[:0], f.undoArr[:0] // grown as needed (a committed one-statement flush keeps none)
	defer func() { *f = flushRun{} }()
	f.auto = committing && f.oneStatement(order)
	if err := f.run(order); err != nil {
		for i := len(f.undo) - 1; i >= 0; i-- {
			u := f.undo[i]
			u.st.obj().FieldByIndex(u.fc.index).Set(u.old)
		}
		if f.wrote {
			// The transaction holds part of the flush: all of it goes.
			if s.tx != nil {
				_ = s.tx.Rollback(ctx)
				s.tx = nil
			}
			s.failed = err
		}
		return err
	}
	// Success: the session's view follows the database.
	var snaps runsByMapper
	if len(s.pending) > 1 {
		snaps = snapshotRuns(s.pending)
	}
	s.reserve(len(s.pending))
	for _, st := range s.pending {
		st.state = Persistent
		st.key = st.m.keyOf(st.obj())
		st.clearPKVals() // read from the snapshot
		if snaps != nil {
			st.snap = st.m.snapshotIn(st.obj(), snaps.of(st.m).take().Elem())
		} else {
			st.snap = st.m.snapshot(st.obj())
		}
		s.putIdentity(st.key, st)
		// A new object's slices are all its children there are.
		for _, rel := range st.m.rels {
			st.markLoaded(rel.name)
		}
	}

	for _, st := range f.updated {
		st.snap = st.m.snapshot(st.obj())
		if key := st.m.keyOf(st.obj()); key != st.key {
			delete(s.identity, st.key)
			st.key = key
			s.putIdentity(key, st)
		}
		st.clearPKVals() // read from the snapshot
	}
	for _, st := range s.deletes {
		st.state = Deleted
		st.markedDelete = false
		delete(s.identity, st.key)
	}
	if rels {
		// Both sides of relationships agree, among the objects that remain:
		// the parents' slices first (a moved child points to its new parent),
		// then the children's pointers into loaded slices.
		// A child whose pointer moved leaves its old parent's slice first, so
		// the parents' pass below does not point it back.
		for _, st := range s.identity {
			for _, rel := range st.m.rels {
				if rel.kind == manyToOne && rel.inverse != nil {
					s.leaveOldParent(st, rel)
				}
			}
		}
		for _, st := range s.identity {
			s.backPopulate(st, oneToMany)
		}
		for _, st := range s.identity {
			s.backPopulate(st, manyToOne)
		}
		s.backPopulateLinks(f.links)
		for _, st := range s.identity {
			st.recordMembers(st.m.rels...)
		}
	}
	s.pending = s.pending[:0]
	s.deletes = s.deletes[:0]
	if !f.auto {
		// An autocommitted statement is committed: nothing to undo on
		// a rollback.
		s.txUndo = append(s.txUndo, f.undo...)
	}
	return nil
}

// runsByMapper hands out one objectRun per mapper (a flush meets few, so
// a list beats a map).
type runsByMapper []mapperRun

type mapperRun struct {
	m   *Mapper
	n   int
	run *objectRun
}

// snapshotRuns sizes a run of snapshots for each mapper of objs.
func snapshotRuns(objs []*objState) runsByMapper {
	var out runsByMapper
	last := -1
	for _, st := range objs {
		if last < 0 || out[last].m != st.m {
			last = slices.IndexFunc(out, func(r mapperRun) bool { return r.m == st.m })
			if last < 0 {
				out = append(out, mapperRun{m: st.m})
				last = len(out) - 1
			}
		}
		out[last].n++
	}
	for i := range out {
		out[i].run = newObjectRun(out[i].m.typ, out[i].n, out[i].n)
	}
	return out
}

func (r runsByMapper) of(m *Mapper) *objectRun {
	for _, x := range r {
		if x.m == m {
			return x.run
		}
	}
	return nil
}

// mapperOrder lists the mappers of the session's objects, parents before
// the tables whose foreign keys reference them.
func (s *Session) mapperOrder() ([]*Mapper, error) {
	mappers := s.orderBuf[:0]
	defer func() { s.orderBuf = mappers[:0] }()
	if len(s.mappers) == 1 {
		// Every object the session ever held is of one type.
		return append(mappers, s.mappers[0]), nil
	}
	for st := range s.states() {
		if !slices.Contains(mappers, st.m) { // a session holds few types
			mappers = append(mappers, st.m)
		}
	}
	if len(mappers) <= 1 {
		return mappers, nil
	}
	slices.SortFunc(mappers, func(a, b *Mapper) int { return strings.Compare(a.table.TableName(), b.table.TableName()) })
	tables := make([]*core.Table, len(mappers))
	byTable := map[*core.Table]*Mapper{}
	for i, m := range mappers {
		tables[i] = m.table
		byTable[m.table] = m
	}
	// Keys written by PostUpdate relationships do not order the inserts.
	sorted, _, err := core.SortTablesExcept(tables, func(fk *core.ForeignKeyConstraint) bool {
		return byTable[fk.Table()].postUpdateKey(fk)
	})
	if err != nil {
		return nil, err
	}
	out := make([]*Mapper, 0, len(sorted))
	for _, t := range sorted {
		if m := byTable[t]; m != nil {
			out = append(out, m)
		}
	}
	return out, nil
}

// postUpdateKey reports whether every column of fk is written by a
// PostUpdate relationship.
func (m *Mapper) postUpdateKey(fk *core.ForeignKeyConstraint) bool {
	for _, def := range fk.Columns() {
		if !slices.ContainsFunc(m.postCols, func(fc *fieldCol) bool { return fc.def == def }) {
			return false
		}
	}
	return len(fk.Columns()) > 0
}

// nonPost drops the indexes of m's post-updated columns from cols.
func (m *Mapper) nonPost(cols []int) []int {
	if len(m.postCols) == 0 {
		return cols
	}
	return slices.DeleteFunc(cols, func(i int) bool { return slices.Contains(m.postCols, m.cols[i]) })
}

// postUpdates writes the foreign keys of PostUpdate relationships, once
// every row is in: the keys are synchronised from the related objects,
// then each live object whose keys differ from its row (NULL for a row
// inserted by this flush) gets an UPDATE of them.
func (f *flushRun) postUpdates(order []*Mapper) error {
	s := f.s
	if !slices.ContainsFunc(order, func(m *Mapper) bool { return len(m.postCols) > 0 }) {
		return nil // no post-updated keys among the tables written
	}
	for _, m := range order {
		if err := f.syncKeysOf(m, true); err != nil {
			return err
		}
	}
	for _, m := range order {
		if len(m.postCols) == 0 {
			continue
		}
		var objs []*objState
		for st := range s.states() {
			if st.m == m && !st.markedDelete && (st.state == Pending || st.state == Persistent) {
				objs = append(objs, st)
			}
		}
		slices.SortFunc(objs, func(a, b *objState) int { return cmp.Compare(a.seq, b.seq) })
		for _, st := range objs {
			var cols []*fieldCol
			for _, fc := range m.postCols {
				cur := fc.get(st.obj())
				switch {
				case st.state == Pending: // inserted by this flush, the key NULL
					if !core.IsNullValue(cur.Interface()) {
						cols = append(cols, fc)
					}
				case !st.snap.IsValid(): // re-attached: the row's value is unknown
					cols = append(cols, fc)
				case !fc.eqv(cur, fc.get(st.snap)):
					cols = append(cols, fc)
				}
			}
			if len(cols) > 0 {
				if err := f.writeKeys(st, cols, false); err != nil {
					return err
				}
				f.updated = append(f.updated, st)
			}
		}
	}
	return nil
}

// writeKeys is the UPDATE of a post-update: st's cols set to their
// fields' values, or to NULL.
func (f *flushRun) writeKeys(st *objState, cols []*fieldCol, null bool) error {
	m := st.m
	vals := make(core.Values, len(cols))
	for _, fc := range cols {
		if null {
			vals[fc.col] = nil
		} else {
			vals[fc.col] = fc.get(st.obj()).Interface()
		}
	}
	tx, err := f.statementTx()
	if err != nil {
		return err
	}
	r, err := tx.Exec(f.ctx, core.Update(m.table).Values(vals).Where(m.keyCondsOf(m.pkValues(st.obj()))...))
	if err != nil {
		return err
	}
	return matchedOne(m, "UPDATE", r)
}

// unlinkPostKeys sets to NULL the post-updated foreign keys of the rows
// about to be deleted, so deleting them in any order breaks no key.
func (f *flushRun) unlinkPostKeys() error {
	for _, st := range f.s.deletes {
		if len(st.m.postCols) == 0 || !st.snap.IsValid() {
			continue
		}
		var cols []*fieldCol
		for _, fc := range st.m.postCols {
			if !core.IsNullValue(fc.get(st.snap).Interface()) {
				cols = append(cols, fc)
			}
		}
		if len(cols) > 0 {
			if err := f.writeKeys(st, cols, true); err != nil {
				return err
			}
		}
	}
	return nil
}

// statementTx returns the transaction for the flush's next statement.
func (f *flushRun) statementTx() (engine.Querier, error) {
	f.wrote = true
	if f.auto {
		// A commit of one statement: it is its own transaction.
		return f.s.eng, nil
	}
	if f.tx == nil {
		tx, err := f.s.begin(f.ctx)
		if err != nil {
			return nil, err
		}
		f.tx = tx
	}
	return f.tx, nil
}

// oneStatement reports whether this flush, about to be committed by a
// session without a transaction, writes with exactly one statement (one new
// object, or one changed object, or the deletes of one table in one
// DELETE): then it runs without BEGIN and COMMIT, as GORM's and bun's
// single writes do, one round trip instead of three.
func (f *flushRun) oneStatement(order []*Mapper) bool {
	s := f.s
	if s.tx != nil || len(f.dis) > 0 {
		return false
	}
	for _, st := range s.pending {
		if _, ok := st.ptr.(BeforeInsertHook); ok {
			return false // it may change which columns the INSERT leaves out
		}
	}
	hasRels := false
	if f.rels {
		for st := range s.states() {
			for _, rel := range st.m.rels {
				if rel.kind == manyToMany || rel.postUpdate {
					return false // secondary rows or post-updates may need statements of their own
				}
			}
			hasRels = hasRels || len(st.m.rels) > 0
		}
	}
	if len(s.pending) > 0 && hasRels && len(s.identity) > 0 {
		// A new object may hand its key to held ones (a child moved to a
		// new parent): keys are known only after the INSERT, so the
		// UPDATEs cannot be counted now.
		return false
	}
	dirty := 0
	if len(s.pending) == 0 {
		for _, m := range order {
			if f.syncKeys(m) != nil {
				return false // the run reports it
			}
		}
	}
	for _, st := range s.identity {
		if st.state == Persistent && !st.markedDelete && s.isDirty(st) {
			dirty++
			if dirty > 1 {
				return false
			}
		}
	}
	switch {
	case len(s.pending) == 1 && len(s.deletes) == 0 && dirty == 0:
		return true
	case len(s.pending) > 1 && len(s.deletes) == 0 && dirty == 0:
		// New objects of one table that leave out the same columns are
		// one multi-row INSERT, where RETURNING exists and they fit.
		d := s.eng.Dialect()
		first := s.pending[0]
		if !d.InsertReturning || !d.MultiRowInsert || first.m.selfRef() {
			return false // a self-referential table inserts by levels
		}
		mask := omitMask(first)
		for _, st := range s.pending[1:] {
			if st.m != first.m || omitMask(st) != mask || !sameOmits(first, st) {
				return false
			}
		}
		given := 0
		for _, fc := range first.m.cols {
			if !omitted(first, fc) {
				given++
			}
		}
		return given > 0 && (d.MaxParams <= 0 || len(s.pending)*given <= d.MaxParams)
	case len(s.pending) == 0 && len(s.deletes) == 0 && dirty == 1:
		return true
	case len(s.pending) == 0 && dirty == 0 && len(s.deletes) > 0:
		m := s.deletes[0].m
		for _, st := range s.deletes {
			if st.m != m {
				return false
			}
		}
		limit := s.eng.Dialect().MaxParams / len(m.pk)
		if m.version != nil || m.selfRef() {
			return len(s.deletes) == 1
		}
		return limit <= 0 || len(s.deletes) <= limit
	}
	return false
}

// run writes table by table, parents first: the keys of a table's
// parents are copied into its foreign keys, then its new objects are
// inserted and its changed ones updated; deletes follow, children first.
func (f *flushRun) run(order []*Mapper) error {
	s := f.s
	// The persistent objects of each table, in the order the session met
	// them, gathered once (nothing enters the identity map during a run).
	if s.held == nil && len(s.identity) > 0 {
		s.held = map[*Mapper][]*objState{}
	}
	held := s.held // nil: nothing persistent to update
	for m, sts := range held {
		clear(sts)
		held[m] = sts[:0]
	}
	defer func() {
		for m, sts := range held {
			clear(sts)
			held[m] = sts[:0]
		}
	}()
	for _, st := range s.identity {
		if st.state == Persistent {
			held[st.m] = append(held[st.m], st)
		}
	}
	for _, sts := range held {
		slices.SortFunc(sts, func(a, b *objState) int { return cmp.Compare(a.seq, b.seq) })
	}
	for _, m := range order {
		if err := f.dissociate(m, f.dis); err != nil {
			return err
		}
		if err := f.syncKeys(m); err != nil {
			return err
		}
		var objs []*objState
		if len(order) == 1 {
			objs = slices.Clip(s.pending) // all of one table: no copy
		} else {
			for _, st := range s.pending {
				if st.m == m {
					objs = append(objs, st)
				}
			}
		}
		// In a self-referential table a new row's parent may be new
		// too: insert by levels, each after its parents' keys are known.
		for len(objs) > 0 {
			level, rest := objs, []*objState(nil)
			if m.selfRef() {
				level, rest = f.s.readyRows(m, objs)
				if len(level) == 0 {
					return fmt.Errorf("orm: the new %s objects reference each other in a cycle", m.typ.Name())
				}
				if err := f.syncKeys(m); err != nil {
					return err
				}
			}
			if err := f.insert(m, level); err != nil {
				return err
			}
			if err := f.afterInsert(level); err != nil {
				return err
			}
			objs = rest
		}
		// The changed columns of every dirty object share one array.
		dirty := s.dirtyBuf[:0]
		cols := s.colsBuf[:0]
		for _, st := range held[m] {
			if st.markedDelete {
				continue
			}
			start := len(cols)
			cols = s.appendChanged(cols, st)
			if ch := m.nonPost(cols[start:]); len(ch) > 0 {
				dirty = append(dirty, dirtyObj{st, ch[:len(ch):len(ch)]})
				cols = cols[:start+len(ch)]
			} else {
				cols = cols[:start]
			}
		}
		for _, d := range dirty {
			if h, ok := d.st.ptr.(BeforeUpdateHook); ok {
				if err := hookErr(d.st, "BeforeUpdate", h.BeforeUpdate(f.ctx)); err != nil {
					return err
				}
				d.changed = m.nonPost(s.changedCols(d.st)) // the hook may have changed more
			}
			if err := f.update(d); err != nil {
				return err
			}
			f.updated = append(f.updated, d.st)
			if h, ok := d.st.ptr.(AfterUpdateHook); ok {
				if err := hookErr(d.st, "AfterUpdate", h.AfterUpdate(f.ctx)); err != nil {
					return err
				}
			}
		}
		clear(dirty)
		s.dirtyBuf, s.colsBuf = dirty[:0], cols[:0]
	}
	if err := f.postUpdates(order); err != nil {
		return err
	}
	if err := f.syncSecondary(order); err != nil {
		return err
	}
	if err := f.unlinkPostKeys(); err != nil {
		return err
	}
	for i := len(order) - 1; i >= 0; i-- {
		m := order[i]
		var objs []*objState
		for _, st := range s.deletes {
			if st.m == m {
				objs = append(objs, st)
			}
		}
		// Children first inside a self-referential table too: MySQL
		// checks each row's foreign keys as it goes.
		for len(objs) > 0 {
			level, rest := objs, []*objState(nil)
			if m.selfRef() {
				level, rest = f.s.leafRows(m, objs)
				if len(level) == 0 {
					level, rest = objs, nil // a cycle: let the database judge
				}
			}
			if err := f.delete(m, level); err != nil {
				return err
			}
			objs = rest
		}
	}
	return nil
}

// selfRef reports whether m has a relationship to itself.
func (m *Mapper) selfRef() bool {
	for _, r := range m.rels {
		if r.target == m && r.kind != manyToMany {
			return true // a many-to-many's keys are in its secondary table
		}
	}
	return false
}

// parentsOf returns, for each object of m in the session, the objects of
// m it references through a self-referential relationship.
func (s *Session) parentsOf(m *Mapper) map[*objState][]*objState {
	out := map[*objState][]*objState{}
	for st := range s.states() {
		if st.m != m {
			continue
		}
		for _, rel := range m.rels {
			if rel.target != m || rel.postUpdate || rel.kind == manyToMany {
				continue // a post-updated key is written after the rows are in
			}
			for _, v := range rel.related(st) {
				other := s.lookup(v.Interface())
				if other == nil || other == st {
					continue
				}
				if rel.kind == manyToOne {
					out[st] = append(out[st], other) // st references other
				} else {
					out[other] = append(out[other], st) // other is st's child
				}
			}
		}
	}
	return out
}

// readyRows splits new objects into those whose parents are not among
// them (insert now) and the rest.
func (s *Session) readyRows(m *Mapper, objs []*objState) (ready, rest []*objState) {
	parents := s.parentsOf(m)
	waiting := map[*objState]bool{}
	for _, st := range objs {
		waiting[st] = true
	}
	for _, st := range objs {
		blocked := false
		for _, p := range parents[st] {
			if waiting[p] {
				blocked = true
				break
			}
		}
		if blocked {
			rest = append(rest, st)
		} else {
			ready = append(ready, st)
		}
	}
	return ready, rest
}

// leafRows splits objects to delete into those no other of them
// references (delete now) and the rest.
func (s *Session) leafRows(m *Mapper, objs []*objState) (leaves, rest []*objState) {
	parents := s.parentsOf(m)
	referenced := map[*objState]bool{}
	in := map[*objState]bool{}
	for _, st := range objs {
		in[st] = true
	}
	for _, st := range objs {
		for _, p := range parents[st] {
			if in[p] {
				referenced[p] = true
			}
		}
	}
	for _, st := range objs {
		if referenced[st] {
			rest = append(rest, st)
		} else {
			leaves = append(leaves, st)
		}
	}
	return leaves, rest
}

// set writes v into st's field fc, remembering the old value.
func (f *flushRun) set(st *objState, fc *fieldCol, v reflect.Value) {
	fv := fc.get(st.obj())
	if f.committed() {
		fv.Set(v)
		return
	}
	var old reflect.Value
	if fv.IsZero() {
		old = reflect.Zero(fc.typ) // no copy to keep
	} else {
		old = reflect.New(fc.typ).Elem()
		old.Set(fv)
	}
	f.undo = append(f.undo, undo{st: st, fc: fc, old: old})
	fv.Set(v)
}

// committed reports whether the flush's writes are in the database for
// good: a one-statement flush, autocommitted, after its statement went.
// What it writes back then (keys, defaults) is not undone on an error.
func (f *flushRun) committed() bool { return f.auto && f.wrote }

// setInt is set for an integer field, without boxing n.
func (f *flushRun) setInt(st *objState, fc *fieldCol, n int64) {
	fv := fc.get(st.obj())
	if !fv.IsZero() {
		f.set(st, fc, reflect.ValueOf(n).Convert(fc.typ))
		return
	}
	if !f.committed() {
		f.undo = append(f.undo, undo{st: st, fc: fc, old: reflect.Zero(fc.typ)})
	}
	switch fv.Kind() {
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		fv.SetUint(uint64(n))
	default:
		fv.SetInt(n)
	}
}

// omitted reports whether the INSERT of st leaves column fc to the
// database: a zero autoincrement key, or a zero field whose column has a
// client or server default (read back after the INSERT).
func omitted(st *objState, fc *fieldCol) bool {
	if fc != st.m.autoinc && !fc.def.HasDefault() && fc.def.ServerDefault() == nil {
		return false
	}
	return fc.get(st.obj()).IsZero()
}

// insert writes the new objects of one mapper: in multi-row INSERTs with
// RETURNING where the dialect has it, otherwise one by one.
func (f *flushRun) insert(m *Mapper, objs []*objState) error {
	d := f.s.eng.Dialect()
	for _, st := range objs {
		if h, ok := st.ptr.(BeforeInsertHook); ok {
			if err := hookErr(st, "BeforeInsert", h.BeforeInsert(f.ctx)); err != nil {
				return err
			}
		}
		if v := m.version; v != nil && st.obj().FieldByIndex(v.index).IsZero() {
			f.set(st, v, reflect.ValueOf(1).Convert(v.typ))
		}
	}
	masks := make([]uint64, len(objs))
	for i, st := range objs {
		masks[i] = omitMask(st)
	}
	for len(objs) > 0 {
		// A batch is a run of objects that leave the same columns out.
		n := 1
		for n < len(objs) && masks[n] == masks[0] && sameOmits(objs[0], objs[n]) {
			n++
		}
		masks = masks[n:]
		batch := objs[:n]
		objs0 := objs[0]
		objs = objs[n:]
		var given, back []*fieldCol
		for _, fc := range m.cols {
			if slices.Contains(m.postCols, fc) {
				continue // NULL until the post-update
			}
			if omitted(objs0, fc) {
				back = append(back, fc)
			} else {
				given = append(given, fc)
			}
		}
		if !d.InsertReturning {
			for _, st := range batch {
				if err := f.insertOne(m, st, given, back); err != nil {
					return err
				}
			}
			continue
		}
		per := len(given)
		if per == 0 {
			per = 1
		}
		chunk := len(batch)
		if d.MaxParams > 0 {
			chunk = max(1, min(chunk, d.MaxParams/per))
		}
		if len(given) == 0 {
			chunk = 1 // INSERT ... DEFAULT VALUES takes one row
		}
		for len(batch) > 0 {
			c := min(chunk, len(batch))
			if err := f.insertReturning(m, batch[:c], given, back); err != nil {
				return err
			}
			batch = batch[c:]
		}
	}
	return nil
}

// afterInsert runs the AfterInsert hooks of objs.
func (f *flushRun) afterInsert(objs []*objState) error {
	for _, st := range objs {
		if h, ok := st.ptr.(AfterInsertHook); ok {
			if err := hookErr(st, "AfterInsert", h.AfterInsert(f.ctx)); err != nil {
				return err
			}
		}
	}
	return nil
}

// omitMask has bit i set when the INSERT of st leaves m.cols[i] out.
// Mappers of more than 64 columns compare the rest one by one (rare).
func omitMask(st *objState) uint64 {
	var mask uint64
	for i, fc := range st.m.cols {
		if i < 64 && omitted(st, fc) {
			mask |= 1 << i
		}
	}
	return mask
}

// sameOmits reports whether a and b, whose omitMasks are equal, leave out
// the same columns past the 64th.
func sameOmits(a, b *objState) bool {
	for i := 64; i < len(a.m.cols); i++ {
		if omitted(a, a.m.cols[i]) != omitted(b, a.m.cols[i]) {
			return false
		}
	}
	return true
}

// insertRows is INSERT INTO m's table of the given columns of objs. Its
// values are in an array of the pool valsPool, which the statement keeps:
// the caller gives it back with putVals once the statement has run.
func insertRows(m *Mapper, objs []*objState, given []*fieldCol) (*core.InsertStmt, *[]any) {
	stmt := core.Insert(m.table)
	if len(given) == 0 {
		return stmt, nil
	}
	cols := make([]core.Expr, len(given))
	for i, fc := range given {
		cols[i] = fc.expr
	}
	// given is in table order, so Core keeps the array as it is.
	buf := valsPool.Get().(*[]any)
	vals := slices.Grow((*buf)[:0], len(objs)*len(given))[:len(objs)*len(given)]
	*buf = vals
	for r, st := range objs {
		row := vals[r*len(given) : (r+1)*len(given)]
		obj := st.obj()
		base := obj.Addr().UnsafePointer()
		for i, fc := range given {
			row[i] = fc.arg(base, obj)
		}
	}
	return stmt.FlatRows(cols, vals), buf
}

// valsPool holds the value arrays of insertRows' statements.
var valsPool = sync.Pool{New: func() any { return new([]any) }}

// putVals gives back an array of insertRows' (nil: none) once its
// statement has run: nothing refers to it then (the engine copies the
// values it sends, and errors and hooks get that copy).
func putVals(buf *[]any) {
	if buf == nil {
		return
	}
	clear(*buf)
	if cap(*buf) > 1<<16 { // do not keep a huge one
		*buf = nil
	}
	valsPool.Put(buf)
}

// insertReturning inserts batch in one statement and writes the keys and
// defaults the database chose back into the objects.
func (f *flushRun) insertReturning(m *Mapper, batch []*objState, given, back []*fieldCol) error {
	var stmt core.Statement
	var ret []*fieldCol
	if len(batch) == 1 && len(m.cols) < 64 {
		// One row: a statement prepared once per set of columns.
		p := m.preparedInsertOf(given, back, true)
		b, err := p.bind(m, batch[0])
		if err != nil {
			return err
		}
		defer p.done(b)
		stmt, ret = b, p.ret
	} else {
		ret = returned(m, back)
		items := make([]core.SelectItem, len(ret))
		for i, fc := range ret {
			items[i] = fc.col
		}
		ins, vals := insertRows(m, batch, given)
		defer putVals(vals)
		stmt = ins.Returning(items...)
	}
	tx, err := f.statementTx()
	if err != nil {
		return err
	}
	if len(ret) == 1 && ret[0] == m.autoinc {
		return f.assignKeys(tx, stmt, m, batch)
	}
	var got [][]reflect.Value
	err = engine.Each(f.ctx, tx, stmt, func(res *engine.Result) error {
		vals := make([]reflect.Value, len(ret))
		dest := make([]any, len(ret))
		for i, fc := range ret {
			vals[i] = reflect.New(fc.typ)
			dest[i] = vals[i].Interface()
		}
		if err := res.Scan(dest...); err != nil {
			return err
		}
		got = append(got, vals)
		return nil
	})
	if err != nil {
		return err
	}
	if len(got) != len(batch) {
		return fmt.Errorf("orm: INSERT into %s returned %d rows for %d objects", m.table.TableName(), len(got), len(batch))
	}
	if m.autoinc != nil && slices.Contains(back, m.autoinc) {
		// The database numbers the rows in VALUES order; RETURNING's
		// order is not promised, the numbers are.
		ai := slices.Index(ret, m.autoinc)
		sort.SliceStable(got, func(i, j int) bool { return intOf(got[i][ai]) < intOf(got[j][ai]) })
	} else {
		// The keys were given: match each returned row by its key.
		byKey := map[identityKey][]reflect.Value{}
		for _, vals := range got {
			kv := make([]any, len(m.pk))
			for i, fc := range m.pk {
				kv[i] = vals[slices.Index(ret, fc)].Elem().Interface()
			}
			k := makeKey(m, kv)
			byKey[k] = vals
		}
		for i, st := range batch {
			got[i] = byKey[m.keyOf(st.obj())]
			if got[i] == nil {
				return fmt.Errorf("orm: INSERT into %s returned no row for a key it was given", m.table.TableName())
			}
		}
	}
	for i, st := range batch {
		for j, fc := range ret {
			if slices.Contains(back, fc) {
				f.set(st, fc, got[i][j].Elem())
			}
		}
	}
	return nil
}

// returned is what an INSERT of m returns: the columns the database
// filled (back), and the key.
func returned(m *Mapper, back []*fieldCol) []*fieldCol {
	ret := slices.Clone(back)
	for _, fc := range m.pk {
		if !slices.Contains(ret, fc) {
			ret = append(ret, fc)
		}
	}
	return ret
}

// preparedInsert is the INSERT of one row of a mapper with one set of
// columns, built once and run with the values as parameters (v<i> for
// m.cols[i]).
type preparedInsert struct {
	stmt  *core.InsertStmt
	given []*fieldCol
	ret   []*fieldCol // RETURNING, when asked for
	args  sync.Pool   // of *core.BoundStmt of stmt
}

// preparedInsertOf returns the prepared INSERT of the given columns,
// returning back and the key when returning is set.
func (m *Mapper) preparedInsertOf(given, back []*fieldCol, returning bool) *preparedInsert {
	var mask uint64
	for _, fc := range given {
		mask |= 1 << fc.pos
	}
	key := mask
	if returning {
		key |= 1 << 63
	}
	if p, ok := m.inserts.Load(key); ok {
		return p.(*preparedInsert)
	}
	p := &preparedInsert{given: slices.Clone(given)}
	stmt := core.Insert(m.table)
	if len(given) > 0 {
		vals := core.Values{}
		for _, fc := range given {
			vals[fc.col] = fc.col.Param(m.paramName(fc.pos))
		}
		stmt = stmt.Values(vals)
	}
	if returning {
		p.ret = returned(m, back)
		items := make([]core.SelectItem, len(p.ret))
		for i, fc := range p.ret {
			items[i] = fc.col
		}
		stmt = stmt.Returning(items...)
	}
	p.stmt = stmt
	p.args.New = func() any { return core.WithParams(p.stmt, core.Params{}) }
	got, _ := m.inserts.LoadOrStore(key, p)
	return got.(*preparedInsert)
}

// bind gives st's values to a statement of p; give it back with done.
// The values are checked against their columns as Values would.
func (p *preparedInsert) bind(m *Mapper, st *objState) (*core.BoundStmt, error) {
	b := p.args.Get().(*core.BoundStmt)
	obj := st.obj()
	base := obj.Addr().UnsafePointer()
	for _, fc := range p.given {
		v := fc.arg(base, obj)
		if !fc.ref {
			if err := core.CheckValue(fc.def, v); err != nil {
				p.done(b)
				return nil, &core.StatementError{Stmt: "insert", Msg: "bad value", Err: err}
			}
		}
		b.Params[m.paramName(fc.pos)] = v
	}
	return b, nil
}

func (p *preparedInsert) done(b *core.BoundStmt) {
	clear(b.Params)
	p.args.Put(b)
}

// assignKeys runs stmt, an INSERT returning the autoincrement key alone,
// and gives the keys to the objects of batch in VALUES order (the
// numbers' order).
func (f *flushRun) assignKeys(q engine.Querier, stmt core.Statement, m *Mapper, batch []*objState) error {
	ids := slices.Grow(f.ids[:0], len(batch))
	if f.idDest[0] == nil {
		f.idDest[0] = &f.id
	}
	err := engine.Each(f.ctx, q, stmt, func(res *engine.Result) error {
		if err := res.Scan(f.idDest[:]...); err != nil {
			return err
		}
		ids = append(ids, f.id)
		return nil
	})
	f.ids = ids[:0]
	if err != nil {
		return err
	}
	if len(ids) != len(batch) {
		return fmt.Errorf("orm: INSERT into %s returned %d rows for %d objects", m.table.TableName(), len(ids), len(batch))
	}
	slices.Sort(ids)
	for i, st := range batch {
		f.setInt(st, m.autoinc, ids[i])
	}
	return nil
}

func intOf(v reflect.Value) int64 {
	e := v.Elem()
	switch e.Kind() {
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return int64(e.Uint())
	}
	return e.Int()
}

// insertOne inserts st alone, for dialects without INSERT ... RETURNING:
// the key comes from the driver's last insert id, other defaults from a
// SELECT of the new row.
func (f *flushRun) insertOne(m *Mapper, st *objState, given, back []*fieldCol) error {
	var stmt core.Statement
	if len(m.cols) < 64 {
		p := m.preparedInsertOf(given, back, false)
		b, err := p.bind(m, st)
		if err != nil {
			return err
		}
		defer p.done(b)
		stmt = b
	} else {
		ins, vals := insertRows(m, []*objState{st}, given)
		defer putVals(vals)
		stmt = ins
	}
	tx, err := f.statementTx()
	if err != nil {
		return err
	}
	r, err := tx.Exec(f.ctx, stmt)
	if err != nil {
		return err
	}
	rest := back
	if m.autoinc != nil && slices.Contains(back, m.autoinc) {
		if !r.HasLastInsertID {
			return fmt.Errorf("orm: the driver reported no id for the new %s row", m.table.TableName())
		}
		f.set(st, m.autoinc, reflect.ValueOf(r.LastInsertID).Convert(m.autoinc.typ))
		rest = slices.DeleteFunc(slices.Clone(back), func(fc *fieldCol) bool { return fc == m.autoinc })
	}
	if len(rest) == 0 {
		return nil
	}
	return f.readBack(m, st, rest)
}

// readBack reads the given columns of st's row into its fields.
func (f *flushRun) readBack(m *Mapper, st *objState, cols []*fieldCol) error {
	items := make([]core.SelectItem, len(cols))
	for i, fc := range cols {
		items[i] = fc.col
	}
	tx, err := f.statementTx()
	if err != nil {
		return err
	}
	res, err := tx.Query(f.ctx, core.Select(items...).Where(m.keyCondsOf(m.pkValues(st.obj()))...))
	if err != nil {
		return err
	}
	defer res.Close()
	if !res.Next() {
		if err := res.Err(); err != nil {
			return err
		}
		return fmt.Errorf("orm: the new %s row is not there to read its defaults", m.table.TableName())
	}
	vals := make([]reflect.Value, len(cols))
	dest := make([]any, len(cols))
	for i, fc := range cols {
		vals[i] = reflect.New(fc.typ)
		dest[i] = vals[i].Interface()
	}
	if err := res.Scan(dest...); err != nil {
		return err
	}
	for i, fc := range cols {
		f.set(st, fc, vals[i].Elem())
	}
	return res.Close()
}

// update writes the changed columns of one object, found by the key it
// was last known by; matching no row is stale data.
func (f *flushRun) update(d dirtyObj) error {
	st, m := d.st, d.st.m
	if len(m.cols) <= 64 && (m.version == nil || st.snap.IsValid()) {
		return f.updatePrepared(d)
	}
	vals := make(core.Values, len(d.changed)+1)
	for _, i := range d.changed {
		fc := m.cols[i]
		if fc == m.version {
			continue // the counter is the session's, not the user's
		}
		vals[fc.col] = st.obj().FieldByIndex(fc.index).Interface()
	}
	if len(vals) == 0 {
		return nil
	}
	where := m.keyCondsOf(st.keyVals())
	if v := m.version; v != nil && st.snap.IsValid() {
		old := v.get(st.snap).Interface()
		next := reflect.ValueOf(old).Convert(reflect.TypeFor[int64]()).Int() + 1
		f.set(st, v, reflect.ValueOf(next).Convert(v.typ))
		vals[v.col] = st.obj().FieldByIndex(v.index).Interface()
		where = append(where, v.col.Eq(old))
	}
	tx, err := f.statementTx()
	if err != nil {
		return err
	}
	r, err := tx.Exec(f.ctx, core.Update(m.table).Values(vals).Where(where...))
	if err != nil {
		return err
	}
	return matchedOne(m, "UPDATE", r)
}

// preparedUpdate is the UPDATE of one set of a mapper's columns, built
// once and run with the values as parameters: v<i> the new value of
// m.cols[i], k<i> the i-th key value, ov and nv the old and new version.
type preparedUpdate struct {
	stmt *core.UpdateStmt
	args sync.Pool // of *core.BoundStmt of stmt
}

// preparedUpdateOf returns the prepared UPDATE of the columns in mask.
func (m *Mapper) preparedUpdateOf(mask uint64) *preparedUpdate {
	if p, ok := m.updates.Load(mask); ok {
		return p.(*preparedUpdate)
	}
	vals := core.Values{}
	for i, fc := range m.cols {
		if mask&(1<<i) != 0 && fc != m.version {
			vals[fc.col] = fc.col.Param("v" + strconv.Itoa(i))
		}
	}
	where := make([]core.TypedExpr[bool], 0, len(m.pk)+1)
	for i, fc := range m.pk {
		where = append(where, fc.col.EqExpr(fc.col.Param("k"+strconv.Itoa(i))))
	}
	if v := m.version; v != nil {
		vals[v.col] = v.col.Param("nv")
		where = append(where, v.col.EqExpr(v.col.Param("ov")))
	}
	p := &preparedUpdate{stmt: core.Update(m.table).Values(vals).Where(where...)}
	p.args.New = func() any { return core.WithParams(p.stmt, core.Params{}) }
	got, _ := m.updates.LoadOrStore(mask, p)
	return got.(*preparedUpdate)
}

// updatePrepared is update through a prepared UPDATE.
func (f *flushRun) updatePrepared(d dirtyObj) error {
	st, m := d.st, d.st.m
	var mask uint64
	for _, i := range d.changed {
		if m.cols[i] != m.version {
			mask |= 1 << i
		}
	}
	if mask == 0 {
		return nil
	}
	p := m.preparedUpdateOf(mask)
	b := p.args.Get().(*core.BoundStmt)
	defer func() {
		clear(b.Params)
		p.args.Put(b)
	}()
	obj := st.obj()
	base := obj.Addr().UnsafePointer()
	for _, i := range d.changed {
		if fc := m.cols[i]; fc != m.version {
			v := fc.arg(base, obj)
			if !fc.ref {
				if err := core.CheckValue(fc.def, v); err != nil {
					return &core.StatementError{Stmt: "update", Msg: "bad value", Err: err}
				}
			}
			b.Params[m.paramName(i)] = v
		}
	}
	for i, fc := range m.pk {
		b.Params[m.keyParamName(i)] = st.keyVal(i, fc)
	}
	if v := m.version; v != nil {
		old := v.get(st.snap).Interface()
		next := reflect.ValueOf(old).Convert(reflect.TypeFor[int64]()).Int() + 1
		f.set(st, v, reflect.ValueOf(next).Convert(v.typ))
		b.Params["ov"] = old
		b.Params["nv"] = v.get(st.obj()).Interface()
	}
	tx, err := f.statementTx()
	if err != nil {
		return err
	}
	r, err := tx.Exec(f.ctx, b)
	if err != nil {
		return err
	}
	return matchedOne(m, "UPDATE", r)
}

// matchedOne is the StaleDataError of a statement of one object that
// matched no row (or several).
func matchedOne(m *Mapper, op string, r engine.ExecResult) error {
	if r.RowsAffected != 1 {
		return &StaleDataError{Table: m.table.TableName(), Op: op, Expected: 1, Matched: r.RowsAffected}
	}
	return nil
}

// delete removes the rows of objs, in statements of at most the
// dialect's parameter limit; fewer rows than objects is stale data.
func (f *flushRun) delete(m *Mapper, objs []*objState) error {
	for _, st := range objs {
		if h, ok := st.ptr.(BeforeDeleteHook); ok {
			if err := hookErr(st, "BeforeDelete", h.BeforeDelete(f.ctx)); err != nil {
				return err
			}
		}
	}
	if err := f.deleteRows(m, objs); err != nil {
		return err
	}
	for _, st := range objs {
		if h, ok := st.ptr.(AfterDeleteHook); ok {
			if err := hookErr(st, "AfterDelete", h.AfterDelete(f.ctx)); err != nil {
				return err
			}
		}
	}
	return nil
}

// deleteRows sends the DELETEs: one per object, checking its version, for
// a versioned mapper; else batched by key.
func (f *flushRun) deleteRows(m *Mapper, objs []*objState) error {
	if v := m.version; v != nil {
		for _, st := range objs {
			where := m.keyCondsOf(st.keyVals())
			if st.snap.IsValid() {
				where = append(where, v.col.Eq(v.get(st.snap).Interface()))
			}
			tx, err := f.statementTx()
			if err != nil {
				return err
			}
			r, err := tx.Exec(f.ctx, core.Delete(m.table).Where(where...))
			if err != nil {
				return err
			}
			if err := matchedOne(m, "DELETE", r); err != nil {
				return err
			}
		}
		return nil
	}
	d := f.s.eng.Dialect()
	chunk := len(objs)
	if d.MaxParams > 0 {
		chunk = max(1, min(chunk, d.MaxParams/len(m.pk)))
	}
	for len(objs) > 0 {
		c := min(chunk, len(objs))
		part := objs[:c]
		objs = objs[c:]
		var cond core.TypedExpr[bool]
		if len(m.pk) == 1 {
			vals := make([]any, len(part))
			for i, st := range part {
				vals[i] = st.keyVals()[0]
			}
			cond = m.pk[0].col.In(vals...)
		} else {
			exprs := make([]core.Expr, len(m.pk))
			for i, fc := range m.pk {
				exprs[i] = fc.col
			}
			rows := make([][]any, len(part))
			for i, st := range part {
				rows[i] = st.keyVals()
			}
			cond = core.Tuple(exprs...).In(rows...)
		}
		tx, err := f.statementTx()
		if err != nil {
			return err
		}
		r, err := tx.Exec(f.ctx, core.Delete(m.table).Where(cond))
		if err != nil {
			return err
		}
		if r.RowsAffected != int64(len(part)) {
			return &StaleDataError{Table: m.table.TableName(), Op: "DELETE", Expected: int64(len(part)), Matched: r.RowsAffected}
		}
	}
	return nil
}
