package orm

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
)

// State is where an object stands with a Session (SQLAlchemy's object
// states).
type State uint8

// The object states.
const (
	// Transient: not in the session, no row (a new struct, or one the
	// session let go of after a rollback).
	Transient State = iota
	// Pending: added, not yet flushed.
	Pending
	// Persistent: in the session's identity map with a row in the database.
	Persistent
	// Deleted: its DELETE was flushed; after commit it is Detached.
	Deleted
	// Detached: it has a row, but no session tracks it (after Close,
	// Expunge, or a committed delete).
	Detached
)

func (s State) String() string {
	switch s {
	case Transient:
		return "transient"
	case Pending:
		return "pending"
	case Persistent:
		return "persistent"
	case Deleted:
		return "deleted"
	case Detached:
		return "detached"
	}
	return fmt.Sprintf("State(%d)", uint8(s))
}

// Errors of the Session. Match them with errors.Is.
var (
	// ErrNeedsRollback: a flush failed; the session's transaction was
	// rolled back and the session refuses work until Rollback is called.
	ErrNeedsRollback = errors.New("orm: a flush failed; call Rollback before using the session again")
	// ErrConcurrentUse: two goroutines used one Session at once. A
	// Session belongs to one goroutine at a time.
	ErrConcurrentUse = errors.New("orm: the session is in use by another goroutine; a Session is for one goroutine at a time")
	// ErrClosed: the session was closed.
	ErrClosed = errors.New("orm: the session is closed")
	// ErrNotMapped: the value is not a pointer to a struct mapped in the
	// session's registry.
	ErrNotMapped = errors.New("orm: not a mapped object")
	// ErrStaleData: an UPDATE or DELETE of one object matched no row (it
	// was deleted, or changed under a version check, by someone else).
	ErrStaleData = errors.New("orm: stale data")
	// ErrIdentityConflict: another object of the session already stands
	// for the same row.
	ErrIdentityConflict = errors.New("orm: another object in the session has the same primary key")
)

// StaleDataError reports the statement that matched fewer rows than it
// should have. errors.Is(err, ErrStaleData) holds.
type StaleDataError struct {
	Table    string
	Op       string // "UPDATE" or "DELETE"
	Expected int64
	Matched  int64
}

func (e *StaleDataError) Error() string {
	return fmt.Sprintf("orm: stale data: %s of %s expected to match %d row(s); %d matched", e.Op, e.Table, e.Expected, e.Matched)
}

func (e *StaleDataError) Is(target error) bool { return target == ErrStaleData }

// objState is what the session knows of one object.
type objState struct {
	m     *Mapper
	ptr   any // the *T the user holds (obj gives *ptr as a reflect.Value)
	state State
	key   identityKey
	// snap is a copy of the object at the last load or flush; invalid for
	// an object whose database values are unknown.
	snap    reflect.Value
	expired bool
	// markedDelete: Delete was called; the DELETE runs at the next flush.
	markedDelete bool
	// addedInTx: added since the last commit; a rollback makes it
	// transient again.
	addedInTx bool
	// seq orders objects by when the session first met them.
	seq uint64
	// ext holds what few objects need, kept apart so the common state is
	// small (sessions make one per object).
	ext *objExt
}

// objExt is the rarely needed part of an objState.
type objExt struct {
	// pkVals are the primary key values the row was last known by, when
	// there is no snapshot to read them from (see keyVals).
	pkVals []any
	// loaded names the relationships loaded into the object's fields.
	loaded map[string]bool
	// relSnap holds the members of each loaded relationship at the last
	// load or flush, to find the ones removed since.
	relSnap map[string][]any
}

// obj is the object itself (*ptr), addressable.
func (st *objState) obj() reflect.Value { return reflect.ValueOf(st.ptr).Elem() }

// x returns st's extension, made on first use.
func (st *objState) x() *objExt {
	if st.ext == nil {
		st.ext = &objExt{}
	}
	return st.ext
}

// pkv returns the key values kept without a snapshot, or nil.
func (st *objState) pkv() []any {
	if st.ext == nil {
		return nil
	}
	return st.ext.pkVals
}

// clearPKVals drops the kept key values (the snapshot has them now).
func (st *objState) clearPKVals() {
	if st.ext != nil {
		st.ext.pkVals = nil
	}
}

// isLoaded reports whether relationship name is loaded into st's fields.
func (st *objState) isLoaded(name string) bool {
	return st.ext != nil && st.ext.loaded[name]
}

// relSnapOf returns the members of relationship name at the last load or
// flush.
func (st *objState) relSnapOf(name string) ([]any, bool) {
	if st.ext == nil {
		return nil, false
	}
	v, ok := st.ext.relSnap[name]
	return v, ok
}

// identityKey is a mapper and its primary key values: an integer key in
// n, any other key spelled out in s, so the map hashes no interfaces.
type identityKey struct {
	m *Mapper
	n int64
	s string
}

// makeKey is the identity key of m's row whose key values are vals.
// Integers of every width and signedness meet as one number, so a foreign
// key held as sql.Null[int64] finds a parent keyed by int.
func makeKey(m *Mapper, vals []any) identityKey {
	k := identityKey{m: m}
	if len(vals) == 1 {
		if n, ok := asInt(vals[0]); ok {
			k.n = n
			return k
		}
	}
	var b strings.Builder
	for i, v := range vals {
		if i > 0 {
			b.WriteByte(0)
		}
		if n, ok := asInt(v); ok {
			b.WriteString("i")
			b.WriteString(strconv.FormatInt(n, 10))
			continue
		}
		switch x := v.(type) {
		case string:
			b.WriteString("s")
			b.WriteString(x)
		case []byte:
			b.WriteString("b")
			b.Write(x)
		case core.Decimal:
			b.WriteString("d")
			b.WriteString(x.String())
		case core.UUID:
			b.WriteString("u")
			b.WriteString(x.Hex())
		case time.Time:
			b.WriteString("t")
			b.WriteString(x.UTC().Format(time.RFC3339Nano))
		default:
			fmt.Fprintf(&b, "%T:%v", v, v)
		}
	}
	k.s = b.String()
	return k
}

// asInt reads an integer of any Go integer type.
func asInt(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case int:
		return int64(x), true
	case int32:
		return int64(x), true
	case int16:
		return int64(x), true
	case int8:
		return int64(x), true
	case uint64:
		return int64(x), true
	case uint:
		return int64(x), true
	case uint32:
		return int64(x), true
	case uint16:
		return int64(x), true
	case uint8:
		return int64(x), true
	}
	return 0, false
}

// Session is a unit of work over an Engine: it keeps an identity map (one
// object per row), finds out at flush which objects are new, changed or
// deleted, and writes them in one transaction in the order the foreign keys
// need. A Session is used by one goroutine at a time; a second goroutine
// using it at the same moment gets ErrConcurrentUse. The objects are plain
// structs and stay usable after the session is closed.
type Session struct {
	eng *engine.Engine
	reg *Registry
	tx  *engine.Tx

	byPtr map[any]*objState // read through ptrs
	// unindexed are states loaded from rows and not yet in byPtr; forget
	// indexes them first, so every one of them is live.
	unindexed []*objState
	iterating int             // loops over states() under way
	idxBuf    [1]*objState    // unindexed's first array: a Get needs no other
	slab0     [1]objState     // the first state the session makes
	dest      []any           // scratch of loadRowsWith
	fresh     []reflect.Value // scratch of loadRowsWith
	destArr   [12]any         // their first arrays
	freshArr  [1]reflect.Value
	// Scratch of flushes (which do not nest).
	held     map[*Mapper][]*objState
	dirtyBuf []dirtyObj
	colsBuf  []int
	orderBuf []*Mapper
	// First arrays of orderBuf and pending: a short session needs no other.
	orderArr   [2]*Mapper
	pendingArr [1]*objState
	run        flushRun // the flush under way
	lastMapper *Mapper  // the mapper stateOf found last
	// mappers are the mappers of every object the session has tracked
	// (those it no longer holds too): a flush skips the relationship work
	// when none of them has relationships.
	mappers    []*Mapper
	mappersArr [2]*Mapper
	identity   map[identityKey]*objState
	pending    []*objState // in Add order
	deletes    []*objState // marked for delete, in Delete order
	// gone remembers objects the session let go of (expunged, deleted and
	// committed, or all of them at Close), so StateOf can say Detached.
	gone map[any]State

	autoflush      bool
	expireOnCommit bool

	beforeFlush   []func(context.Context) error
	afterCommit   []func(context.Context)
	afterRollback []func(context.Context)

	failed error // the flush error, until Rollback
	closed bool
	busy   atomic.Bool

	// txUndo restores the fields flushes of this transaction wrote.
	txUndo []undo
	seq    uint64
	slab   []objState // unused states, handed out by merge
}

// undo is one field's value before a flush wrote it.
type undo struct {
	st  *objState
	fc  *fieldCol
	old reflect.Value
}

// SessionOption configures a Session.
type SessionOption func(*Session)

// NoAutoflush turns off the flush that runs before every query and Get
// that goes to the database.
func NoAutoflush() SessionOption { return func(s *Session) { s.autoflush = false } }

// NoExpireOnCommit keeps objects' fields trusted after Commit: queries and
// Get do not refresh them.
func NoExpireOnCommit() SessionOption { return func(s *Session) { s.expireOnCommit = false } }

// NewSession starts a session on eng for the mappings of reg. It opens
// its transaction when it first needs the database.
func NewSession(eng *engine.Engine, reg *Registry, opts ...SessionOption) *Session {
	s := &Session{eng: eng, reg: reg, autoflush: true, expireOnCommit: true}
	s.orderBuf, s.pending = s.orderArr[:0], s.pendingArr[:0]
	for _, o := range opts {
		if o != nil {
			o(s)
		}
	}
	return s
}

// putIdentity adds to the identity map, made on first use: a short
// session may never need it.
func (s *Session) putIdentity(k identityKey, st *objState) {
	if s.identity == nil {
		s.identity = make(map[identityKey]*objState)
	}
	s.identity[k] = st
}

// The session finds an object's state by the pointer the user holds:
// byPtr for most, and a short list (unindexed) for the objects added or
// loaded since the map was last brought up to date. A short session (a
// Get, one insert) never builds the map; lookups index the list once it
// grows past a few, unless a loop over the states is under way (which
// must not see the list move under it).

// maxUnindexed is how long the list grows before lookups index it.
const maxUnindexed = 16

// track adds a new state to the session's pointer lookup.
func (s *Session) track(st *objState) {
	if s.unindexed == nil {
		s.unindexed = s.idxBuf[:0]
	}
	s.unindexed = append(s.unindexed, st)
	if n := len(s.mappers); n == 0 || s.mappers[n-1] != st.m {
		s.noteMapper(st.m)
	}
}

// noteMapper adds m to the session's mappers.
func (s *Session) noteMapper(m *Mapper) {
	if s.mappers == nil {
		s.mappers = s.mappersArr[:0]
	}
	if !slices.Contains(s.mappers, m) {
		s.mappers = append(s.mappers, m)
	}
}

// relational reports whether any object the session has tracked is of a
// mapper with relationships (read after the registry is configured, which
// is when relationships are resolved). When none is, no flush has
// relationship work: nothing to cascade to, no keys to copy, no orphans.
func (s *Session) relational() bool {
	for _, m := range s.mappers {
		if len(m.rels) > 0 {
			return true
		}
	}
	return false
}

// lookup returns the state of the object ptr, or nil.
func (s *Session) lookup(ptr any) *objState {
	if st := s.byPtr[ptr]; st != nil {
		return st
	}
	if len(s.unindexed) > maxUnindexed && s.iterating == 0 {
		s.index()
		return s.byPtr[ptr]
	}
	for _, st := range s.unindexed {
		if st != nil && st.ptr == ptr {
			return st
		}
	}
	return nil
}

// index moves the list into the map.
func (s *Session) index() {
	if len(s.unindexed) == 0 {
		return
	}
	if s.byPtr == nil {
		s.byPtr = make(map[any]*objState, len(s.unindexed))
	}
	for i, st := range s.unindexed {
		if st != nil {
			s.byPtr[st.ptr] = st
		}
		s.unindexed[i] = nil
	}
	s.unindexed = s.unindexed[:0]
}

// states yields every state the session tracks. States added during the
// loop may or may not be seen; one forgotten during it is not.
func (s *Session) states() iter.Seq[*objState] {
	return func(yield func(*objState) bool) {
		s.iterating++
		defer func() { s.iterating-- }()
		for _, st := range s.byPtr {
			if !yield(st) {
				return
			}
		}
		for i := 0; i < len(s.unindexed); i++ {
			if st := s.unindexed[i]; st != nil && !yield(st) {
				return
			}
		}
	}
}

// untrack takes st out of the pointer lookup.
func (s *Session) untrack(st *objState) {
	if s.byPtr[st.ptr] == st {
		delete(s.byPtr, st.ptr)
		return
	}
	if i := slices.Index(s.unindexed, st); i >= 0 {
		if s.iterating > 0 {
			s.unindexed[i] = nil // a loop is walking the list: leave a hole
		} else {
			s.unindexed = slices.Delete(s.unindexed, i, i+1)
		}
	}
}

// trackedCount is how many objects the session tracks (an upper bound
// while a loop leaves holes).
func (s *Session) trackedCount() int { return len(s.byPtr) + len(s.unindexed) }

// enter claims the session for one call; leave releases it.
func (s *Session) enter() error {
	if !s.busy.CompareAndSwap(false, true) {
		return ErrConcurrentUse
	}
	if s.closed {
		s.busy.Store(false)
		return ErrClosed
	}
	return nil
}

// leave releases the session claimed by enter or usable.
func (s *Session) leave() { s.busy.Store(false) }

// usable is enter for calls that need the session in a good state.
func (s *Session) usable() error {
	if err := s.enter(); err != nil {
		return err
	}
	if s.failed != nil {
		s.leave()
		return fmt.Errorf("%w (the flush failed with: %v)", ErrNeedsRollback, s.failed)
	}
	return nil
}

// stateOf finds the mapper and state of obj, which must be a non-nil
// pointer to a mapped struct; st is nil for an object the session has not
// seen.
func (s *Session) stateOf(obj any) (*Mapper, *objState, error) {
	rv := reflect.ValueOf(obj)
	if !rv.IsValid() || rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return nil, nil, fmt.Errorf("%w: %T is not a non-nil pointer to a struct", ErrNotMapped, obj)
	}
	t := rv.Elem().Type()
	m := s.lastMapper
	if m == nil || m.typ != t {
		// Adds come in runs of one type: remember the last mapper.
		var err error
		if m, err = s.reg.mapped(t); err != nil {
			return nil, nil, err
		}
		s.lastMapper = m
	}
	return m, s.lookup(obj), nil
}

// Add puts obj, a pointer to a mapped struct, into the session: a new
// object becomes pending and is inserted at the next flush; an object
// marked for delete is unmarked; a detached object is attached again as
// persistent, and every one of its columns is written at the next flush
// (the session does not know what the row holds).
func (s *Session) Add(obj any) error {
	err := s.usable()
	if err != nil {
		return err
	}
	defer s.leave()
	return s.add(obj)
}

// AddAll adds each object in turn; it stops at the first error.
func (s *Session) AddAll(objs ...any) error {
	err := s.usable()
	if err != nil {
		return err
	}
	defer s.leave()
	for _, o := range objs {
		if err := s.add(o); err != nil {
			return err
		}
	}
	return nil
}

func (s *Session) add(obj any) error {
	m, st, err := s.stateOf(obj)
	if err != nil {
		return err
	}
	if st != nil {
		switch st.state {
		case Pending:
			return nil
		case Persistent:
			if st.markedDelete {
				st.markedDelete = false
				s.deletes = removeState(s.deletes, st)
			}
			return nil
		case Deleted:
			return fmt.Errorf("orm: %s was deleted in this transaction; commit or roll back first", m.typ)
		}
	}
	if s.gone[obj] == Detached {
		// It was persistent here: attach it again; its row's values
		// are unknown, so every column is written at the next flush.
		s.seq++
		st := &objState{m: m, ptr: obj, state: Persistent, seq: s.seq}
		st.key = m.keyOf(st.obj())
		if other := s.identity[st.key]; other != nil {
			return fmt.Errorf("%w: %s", ErrIdentityConflict, m.typ)
		}
		st.x().pkVals = m.pkValues(st.obj())
		delete(s.gone, obj)
		s.track(st)
		s.putIdentity(st.key, st)
		return nil
	}
	return s.attach(m, obj)
}

// attach makes obj pending, or persistent when it is a detached object
// with a known key (tracked by an earlier session).
func (s *Session) attach(m *Mapper, obj any) error {
	delete(s.gone, obj)
	st := s.newState(m, obj, Pending)
	st.addedInTx = true
	s.track(st)
	s.pending = append(s.pending, st)
	return nil
}

// Delete marks a persistent obj for deletion at the next flush; a pending
// obj is simply taken out of the session (it has no row).
func (s *Session) Delete(obj any) error {
	err := s.usable()
	if err != nil {
		return err
	}
	defer s.leave()
	m, st, err := s.stateOf(obj)
	if err != nil {
		return err
	}
	if st == nil {
		return fmt.Errorf("orm: %s is not in the session; add or load it first", m.typ)
	}
	switch st.state {
	case Pending:
		s.letGo(st, Transient)
	case Persistent:
		if !st.markedDelete {
			st.markedDelete = true
			s.deletes = append(s.deletes, st)
		}
	}
	return nil
}

// forget takes st out of every structure of the session.
func (s *Session) forget(st *objState) {
	s.untrack(st)
	if s.identity[st.key] == st {
		delete(s.identity, st.key)
	}
	s.pending = removeState(s.pending, st)
	s.deletes = removeState(s.deletes, st)
}

func removeState(list []*objState, st *objState) []*objState {
	for i, x := range list {
		if x == st {
			return append(list[:i], list[i+1:]...)
		}
	}
	return list
}

// StateOf reports obj's state in this session: Transient for an object it
// never saw, Detached for one it let go of.
func (s *Session) StateOf(obj any) State {
	if st := s.lookup(obj); st != nil {
		if s.closed {
			if st.state == Pending || st.addedInTx {
				return Transient
			}
			return Detached
		}
		return st.state
	}
	if st, ok := s.gone[obj]; ok {
		return st
	}
	return Transient
}

// letGo forgets st and remembers it as detached (or transient).
func (s *Session) letGo(st *objState, to State) {
	s.forget(st)
	st.state = to
	if to == Detached {
		if s.gone == nil {
			s.gone = map[any]State{}
		}
		s.gone[st.ptr] = Detached
	} else {
		delete(s.gone, st.ptr)
	}
}

// IsModified reports whether obj is persistent and has a field that
// differs from what the session last read or wrote (it would be UPDATEd
// at the next flush).
func (s *Session) IsModified(obj any) bool {
	st := s.lookup(obj)
	return st != nil && st.state == Persistent && s.isDirty(st)
}

// Expunge takes obj out of the session without touching the database:
// it becomes detached (transient if it was pending).
func (s *Session) Expunge(obj any) error {
	err := s.enter()
	if err != nil {
		return err
	}
	defer s.leave()
	_, st, err := s.stateOf(obj)
	if err != nil {
		return err
	}
	if st == nil {
		return nil
	}
	if st.state == Pending {
		s.letGo(st, Transient)
	} else {
		s.letGo(st, Detached)
	}
	return nil
}

// Expire marks obj's fields stale: the next query or Get that meets its
// row overwrites them with the database's values, unsaved changes
// included. With no objects, it expires every persistent object.
func (s *Session) Expire(objs ...any) error {
	err := s.enter()
	if err != nil {
		return err
	}
	defer s.leave()
	if len(objs) == 0 {
		for _, st := range s.identity {
			st.expired = true
		}
		return nil
	}
	for _, o := range objs {
		_, st, err := s.stateOf(o)
		if err != nil {
			return err
		}
		if st != nil && st.state == Persistent {
			st.expired = true
		}
	}
	return nil
}

// Refresh reloads obj's fields from its row now, discarding unsaved
// changes. It fails with engine.ErrNoRows when the row is gone.
func (s *Session) Refresh(ctx context.Context, obj any) error {
	err := s.usable()
	if err != nil {
		return err
	}
	defer s.leave()
	m, st, err := s.stateOf(obj)
	if err != nil {
		return err
	}
	if st == nil || st.state != Persistent {
		return fmt.Errorf("orm: Refresh needs a persistent object; %s is %s", m.typ, s.StateOf(obj))
	}
	st.expired = true
	got, _, err := s.loadRowsWith(ctx, m, m.every, m.every.selectStmt().Where(m.keyCondsOf(st.keyVals())...), nil, 1)
	if err != nil {
		return err
	}
	if len(got) == 0 {
		return fmt.Errorf("orm: refresh of %s: %w", m.typ, engine.ErrNoRows)
	}
	return nil
}

// Flush writes every pending change in the session's transaction: INSERTs
// of new objects, UPDATEs of changed columns, DELETEs, ordered by the
// foreign keys between the mapped tables. If a statement fails, the
// transaction is rolled back, the fields the flush had written are put
// back, and the session needs Rollback before anything else.
func (s *Session) Flush(ctx context.Context) error {
	err := s.usable()
	if err != nil {
		return err
	}
	defer s.leave()
	return s.flush(ctx)
}

// Commit flushes and commits the transaction. Afterwards every persistent
// object is expired (unless NoExpireOnCommit), and deleted objects are
// detached.
func (s *Session) Commit(ctx context.Context) error {
	err := s.usable()
	if err != nil {
		return err
	}
	defer s.leave()
	if err := s.flushFor(ctx, true); err != nil {
		return err
	}
	if s.tx != nil {
		tx := s.tx
		s.tx = nil
		if err := tx.Commit(ctx); err != nil {
			// Nothing was committed: the session's view is the
			// rolled-back one.
			s.rollbackState()
			for _, fn := range s.afterRollback {
				fn(ctx)
			}
			return err
		}
	}
	defer func() {
		for _, fn := range s.afterCommit {
			fn(ctx)
		}
	}()
	var gone []*objState
	for st := range s.states() {
		st.addedInTx = false
		if st.state == Deleted {
			gone = append(gone, st)
			continue
		}
		if s.expireOnCommit && st.state == Persistent {
			st.expired = true
		}
	}
	for _, st := range gone {
		s.letGo(st, Detached)
	}
	s.txUndo = nil
	return nil
}

// Rollback rolls back the transaction. Objects added since the last commit
// become transient again (their generated keys cleared), objects deleted
// since then are persistent again, and every persistent object is expired.
func (s *Session) Rollback(ctx context.Context) error {
	err := s.enter()
	if err != nil {
		return err
	}
	defer s.leave()
	var rbErr error
	if s.tx != nil {
		rbErr = s.tx.Rollback(ctx)
		s.tx = nil
	}
	s.rollbackState()
	for _, fn := range s.afterRollback {
		fn(ctx)
	}
	return rbErr
}

// rollbackState puts the session's objects where a rollback leaves them.
func (s *Session) rollbackState() {
	for i := len(s.txUndo) - 1; i >= 0; i-- {
		u := s.txUndo[i]
		u.st.obj().FieldByIndex(u.fc.index).Set(u.old)
	}
	s.txUndo = nil
	var gone []*objState
	for st := range s.states() {
		switch {
		case st.addedInTx:
			gone = append(gone, st)
			st.markedDelete = false
			continue
		case st.state == Deleted:
			st.state = Persistent
			s.putIdentity(st.key, st)
		}
		st.markedDelete = false
		if st.state == Persistent {
			st.expired = true
		}
	}
	for _, st := range gone {
		s.letGo(st, Transient)
	}
	s.pending = s.pending[:0]
	s.deletes = s.deletes[:0]
	s.failed = nil
}

// Close rolls back anything uncommitted and detaches every object.
// The objects stay usable as plain structs.
func (s *Session) Close(ctx context.Context) error {
	if !s.busy.CompareAndSwap(false, true) {
		return ErrConcurrentUse
	}
	defer s.busy.Store(false)
	if s.closed {
		return nil
	}
	var err error
	if s.tx != nil {
		err = s.tx.Rollback(ctx)
		s.tx = nil
	}
	// The states stay where they are, for StateOf; nothing else reads them
	// again.
	s.closed = true
	return err
}

// Exec runs a Core statement in the session's transaction, after an
// autoflush, so Core and ORM changes share one unit of work.
func (s *Session) Exec(ctx context.Context, stmt core.Statement) (engine.ExecResult, error) {
	err := s.usable()
	if err != nil {
		return engine.ExecResult{}, err
	}
	defer s.leave()
	if err := s.autoFlush(ctx); err != nil {
		return engine.ExecResult{}, err
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return engine.ExecResult{}, err
	}
	return tx.Exec(ctx, stmt)
}

// Query runs a Core statement after an autoflush, in the session's
// transaction if it has one, and returns its rows (not objects: see
// Select). A query that must run in a transaction (FOR UPDATE) needs Begin
// first.
func (s *Session) Query(ctx context.Context, stmt core.Statement) (*engine.Result, error) {
	err := s.usable()
	if err != nil {
		return nil, err
	}
	defer s.leave()
	if err := s.autoFlush(ctx); err != nil {
		return nil, err
	}
	return s.reader().Query(ctx, stmt)
}

// Begin starts the session's transaction now, for reads that need one:
// row locks (FOR UPDATE), or one snapshot for several queries under
// REPEATABLE READ. Without it a session reads through the Engine until its
// first write, which begins the transaction. Begin on a session that has
// its transaction already does nothing.
func (s *Session) Begin(ctx context.Context) error {
	err := s.usable()
	if err != nil {
		return err
	}
	defer s.leave()
	_, err = s.begin(ctx)
	return err
}

// InTransaction reports whether the session holds a transaction (and a
// connection).
func (s *Session) InTransaction() bool { return s.tx != nil }

// reader is where the session's reads go: its transaction, or, before it
// has one, the Engine, one pooled connection per statement.
func (s *Session) reader() engine.Querier {
	if s.tx != nil {
		return s.tx
	}
	return s.eng
}

// begin returns the session's transaction, starting it if needed.
func (s *Session) begin(ctx context.Context) (*engine.Tx, error) {
	if s.tx != nil {
		return s.tx, nil
	}
	tx, err := s.eng.Begin(ctx, engine.Deferred())
	if err != nil {
		return nil, err
	}
	s.tx = tx
	return tx, nil
}

func (s *Session) autoFlush(ctx context.Context) error {
	if !s.autoflush {
		return nil
	}
	return s.flush(ctx)
}

// keyOf reads the primary key of the object in v (a struct value).
func (m *Mapper) keyOf(v reflect.Value) identityKey {
	if len(m.pk) == 1 {
		f := m.pk[0].get(v)
		switch f.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			return identityKey{m: m, n: f.Int()}
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			return identityKey{m: m, n: int64(f.Uint())}
		}
	}
	return makeKey(m, m.pkValues(v))
}

// keyVal is keyVals()[i], the i-th key column fc, without a slice.
func (st *objState) keyVal(i int, fc *fieldCol) any {
	if st.pkv() == nil && st.snap.IsValid() {
		return fc.at.value(st.snap, fc.index)
	}
	return st.pkv()[i]
}

// keyVals are the key values st's row was last known by.
func (st *objState) keyVals() []any {
	if st.pkv() == nil && st.snap.IsValid() {
		return st.m.pkValues(st.snap)
	}
	return st.pkv()
}

// keyCondsOf is the WHERE that finds the row whose key is vals.
func (m *Mapper) keyCondsOf(vals []any) []core.TypedExpr[bool] {
	conds := make([]core.TypedExpr[bool], len(m.pk))
	for i, fc := range m.pk {
		conds[i] = fc.col.Eq(vals[i])
	}
	return conds
}

// getByKey is the SELECT that loads one object of m by its key values:
// one statement built once, run with the values as named parameters.
// Give it back with doneByKey after running it.
func (m *Mapper) getByKey(vals []any) *core.BoundStmt {
	m.getOnce.Do(func() {
		conds := make([]core.TypedExpr[bool], len(m.pk))
		m.getKeys = make([]string, len(m.pk))
		for i, fc := range m.pk {
			m.getKeys[i] = "k" + strconv.Itoa(i)
			conds[i] = fc.col.EqExpr(fc.col.Param(m.getKeys[i]))
		}
		m.get = m.selectAll().Where(conds...)
		m.getArgs.New = func() any { return core.WithParams(m.get, make(core.Params, len(m.pk))) }
	})
	b := m.getArgs.Get().(*core.BoundStmt)
	for i, v := range vals {
		b.Params[m.getKeys[i]] = v
	}
	return b
}

// doneByKey gives back a statement of getByKey.
func (m *Mapper) doneByKey(b *core.BoundStmt) {
	for _, k := range m.getKeys {
		b.Params[k] = nil
	}
	m.getArgs.Put(b)
}

// selectAll is the SELECT that loads m's objects by default.
func (m *Mapper) selectAll() *core.SelectStmt { return m.dflt.selectStmt() }
