package orm

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/retort-go/retort/core"
)

// relKind is the direction of a relationship.
type relKind uint8

const (
	oneToMany  relKind = iota + 1 // a slice of children whose foreign key holds our key
	manyToOne                     // a pointer to the parent our foreign key names
	manyToMany                    // a slice of objects linked through rows of a secondary table
)

// relation is one relationship field of a mapper.
type relation struct {
	name  string // the field's name
	kind  relKind
	owner *Mapper
	index []int
	elem  reflect.Type // the related struct type
	fkArg []core.Expr  // the foreign key columns given, if any

	cascade    Cascade
	passive    bool
	postUpdate bool // PostUpdate
	back       string
	inverse    *relation // the BackPopulates relationship, once configured
	single     bool      // HasOne: the field is a pointer, not a slice

	// Many-to-many: the secondary table and its columns that hold the
	// owner's key (local) and the target's key (remote), in key order.
	secondary *core.Table
	local     []core.Column[any]
	remote    []core.Column[any]
	// The columns named with SecondaryKeys, if any.
	localArg, remoteArg []core.Expr

	// Set when the registry is configured (the related mapper may be
	// registered after this one).
	target   *Mapper
	childFK  []*fieldCol // the foreign key fields, in the child mapper
	parentPK []*fieldCol // the key fields they hold, in the parent mapper
}

// HasMany declares a one-to-many relationship: field is a []*Child of the
// mapped struct, and fk are the child table's foreign key columns that
// reference this table's primary key (omitted: the one foreign key from
// the child's table to this one). On flush, each child in the slice gets
// this object's key in its foreign key, and children not yet in the
// session are added (save-update cascade).
//
//	orm.Map[User](reg, &Users.Table, orm.HasMany("Addresses", Addresses.UserID))
func HasMany(field string, fk ...core.Expr) Rel {
	return Rel{field: field, kind: oneToMany, fk: fk}
}

// HasOne declares a one-to-one relationship: field is a *Child of the
// mapped struct whose foreign key references this table's primary key (the
// child side of a one-to-many with at most one child). It behaves as
// HasMany in every other way: cascades, key synchronisation, loading.
//
//	orm.Map[User](reg, &Users.Table, orm.HasOne("Profile"))
func HasOne(field string, fk ...core.Expr) Rel {
	return Rel{field: field, kind: oneToMany, fk: fk, single: true}
}

// BelongsTo declares a many-to-one relationship: field is a *Parent of
// the mapped struct, and fk are this table's foreign key columns that
// reference the parent's primary key (omitted: the one foreign key from
// this table to the parent's). On flush the parent's key is copied into
// the foreign key, and a parent not yet in the session is added.
//
//	orm.Map[Address](reg, &Addresses.Table, orm.BelongsTo("User", Addresses.UserID))
func BelongsTo(field string, fk ...core.Expr) Rel {
	return Rel{field: field, kind: manyToOne, fk: fk}
}

// Rel is a relationship declaration (HasMany, BelongsTo), refined by its
// methods and passed to Map or Model.
type Rel struct {
	field     string
	kind      relKind
	fk        []core.Expr
	cascade   Cascade
	passive   bool
	back      string
	secondary *core.Table
	single    bool // HasOne: a *Child field, not a slice
	post      bool // PostUpdate
	// SecondaryKeys: the secondary's columns that hold this side's key
	// and the other side's.
	localKeys, remoteKeys []core.Expr
}

func (o Rel) kindName() string {
	switch o.kind {
	case oneToMany:
		if o.single {
			return "HasOne"
		}
		return "HasMany"
	case manyToOne:
		return "BelongsTo"
	}
	return "ManyToMany"
}

// BackPopulates names the relationship on the other side that mirrors
// this one (a HasMany's BelongsTo, or the reverse): after a load or a
// flush both sides agree. Declare it on both sides.
func (r Rel) BackPopulates(field string) Rel { r.back = field; return r }

// Cascade is a set of cascades of a one-to-many relationship.
type Cascade uint8

// The cascades beyond save-update, which every relationship has.
const (
	// CascadeDelete deletes the children when the parent is deleted,
	// loading them first if they are not loaded.
	CascadeDelete Cascade = 1 << iota
	// CascadeDeleteOrphan deletes a child removed from the parent's slice
	// (and not put in another parent's), instead of setting its foreign
	// key to NULL.
	CascadeDeleteOrphan
)

// Cascade adds cascades to a HasMany relationship.
func (r Rel) Cascade(c ...Cascade) Rel {
	for _, x := range c {
		r.cascade |= x
	}
	return r
}

// PassiveDeletes leaves the children of a deleted parent to the
// database's ON DELETE CASCADE (or SET NULL): children not loaded are not
// loaded to be deleted. Loaded ones are still deleted (with CascadeDelete).
func (r Rel) PassiveDeletes() Rel { r.passive = true; return r }

// PostUpdate writes the relationship's foreign key with an UPDATE of its
// own, after the rows are inserted, and sets it to NULL with an UPDATE
// before the rows are deleted (SQLAlchemy's post_update). It breaks a
// cycle of foreign keys: two tables that reference each other (a widget
// with a favourite entry, entries belonging to widgets), or rows of one
// table that reference each other. Put it on one relationship of the cycle;
// its foreign key columns must allow NULL. Post-updates do not check or
// bump a version counter.
func (r Rel) PostUpdate() Rel { r.post = true; return r }

func (o Rel) applyMap(spec *mapSpec) error {
	if o.field == "" {
		return fmt.Errorf("a relationship needs a field name")
	}
	if o.kind == manyToMany && o.post {
		return fmt.Errorf("PostUpdate belongs on a BelongsTo, HasMany or HasOne, not ManyToMany %s", o.field)
	}
	if o.kind != oneToMany && (o.cascade != 0 || o.passive) {
		return fmt.Errorf("cascades and passive deletes belong on a HasMany, not %s %s", o.kindName(), o.field)
	}
	if o.kind == manyToMany && o.secondary == nil {
		return fmt.Errorf("ManyToMany %s needs its secondary table", o.field)
	}
	for _, r := range spec.rels {
		if r.field == o.field {
			return fmt.Errorf("two relationships on field %s", o.field)
		}
	}
	spec.rels = append(spec.rels, o)
	return nil
}

// buildRelations checks the relationship fields of a new mapper.
func (m *Mapper) buildRelations(spec *mapSpec) error {
	for _, o := range spec.rels {
		f, ok := m.typ.FieldByName(o.field)
		if !ok {
			return &MappingError{Struct: m.typ.Name(), Field: o.field, Msg: "no such field for the relationship"}
		}
		var elem reflect.Type
		switch o.kind {
		case oneToMany, manyToMany:
			if o.single {
				if f.Type.Kind() != reflect.Pointer || f.Type.Elem().Kind() != reflect.Struct {
					return &MappingError{Struct: m.typ.Name(), Field: o.field, Msg: fmt.Sprintf("HasOne needs a *Struct field, not %s", f.Type)}
				}
				elem = f.Type.Elem()
				break
			}
			if f.Type.Kind() != reflect.Slice || f.Type.Elem().Kind() != reflect.Pointer || f.Type.Elem().Elem().Kind() != reflect.Struct {
				return &MappingError{Struct: m.typ.Name(), Field: o.field, Msg: fmt.Sprintf("%s needs a []*Struct field, not %s", o.kindName(), f.Type)}
			}
			elem = f.Type.Elem().Elem()
		case manyToOne:
			if f.Type.Kind() != reflect.Pointer || f.Type.Elem().Kind() != reflect.Struct {
				return &MappingError{Struct: m.typ.Name(), Field: o.field, Msg: fmt.Sprintf("BelongsTo needs a *Struct field, not %s", f.Type)}
			}
			elem = f.Type.Elem()
		}
		m.rels = append(m.rels, &relation{name: o.field, kind: o.kind, owner: m, index: f.Index, elem: elem, fkArg: o.fk,
			cascade: o.cascade, passive: o.passive, back: o.back, secondary: o.secondary, single: o.single, postUpdate: o.post, localArg: o.localKeys, remoteArg: o.remoteKeys})
	}
	return nil
}

// configure resolves every relationship of the registry: the related
// mapper and the foreign key. It runs when a session first needs the
// relationships, after all mappings are made, like SQLAlchemy's
// configure_mappers; its error is kept and reported each time.
func (r *Registry) configure() error {
	if c := r.config.Load(); c != nil {
		return c.err // every flush asks: no lock once configured
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if c := r.config.Load(); c != nil {
		return c.err
	}
	var err error
	for _, m := range r.byType {
		for _, rel := range m.rels {
			if err = r.resolve(rel); err != nil {
				break
			}
		}
		if err != nil {
			break
		}
	}
	r.config.Store(&configResult{err: err})
	return err
}

// configResult is the outcome of configuring a registry.
type configResult struct{ err error }

func (r *Registry) resolve(rel *relation) error {
	fail := func(msg string) error {
		return &MappingError{Struct: rel.owner.typ.Name(), Field: rel.name, Msg: msg}
	}
	target := r.byType[rel.elem]
	if target == nil {
		return fail(rel.elem.String() + " is not mapped in the registry")
	}
	rel.target = target
	if rel.kind == manyToMany {
		if err := rel.resolveSecondary(fail); err != nil {
			return err
		}
		if rel.back != "" {
			inv := target.relation(rel.back)
			if inv == nil || inv.kind != manyToMany || inv.secondary != rel.secondary || inv.elem != rel.owner.typ || inv == rel {
				return fail(fmt.Sprintf("BackPopulates(%q): %s has no ManyToMany of that name over %s leading back to %s", rel.back, target.typ.Name(), rel.secondary.TableName(), rel.owner.typ.Name()))
			}
			rel.inverse = inv
		}
		return nil
	}
	parent, child := rel.owner, target
	if rel.kind == manyToOne {
		parent, child = target, rel.owner
	}
	var fkCols []*core.ColumnDef
	if len(rel.fkArg) > 0 {
		for _, e := range rel.fkArg {
			ref, ok := core.NodeOf(e).(*core.ColumnRef)
			if !ok || ref.Def.Table() != child.table {
				return fail("the foreign key columns must be columns of " + child.table.TableName())
			}
			fkCols = append(fkCols, ref.Def)
		}
	} else {
		var found []*core.ForeignKeyConstraint
		for _, fk := range child.table.ForeignKeys() {
			if t, _, err := fk.Target(); err == nil && t == parent.table {
				found = append(found, fk)
			}
		}
		if len(found) != 1 {
			return fail(fmt.Sprintf("%d foreign keys lead from %s to %s; name the columns", len(found), child.table.TableName(), parent.table.TableName()))
		}
		fkCols = found[0].Columns()
	}
	if len(fkCols) != len(parent.pk) {
		return fail(fmt.Sprintf("%d foreign key columns for a key of %d", len(fkCols), len(parent.pk)))
	}
	rel.childFK = rel.childFK[:0]
	for _, def := range fkCols {
		fc := child.fieldOf(def)
		if fc == nil {
			return fail("foreign key column " + def.Name() + " has no field in " + child.typ.Name())
		}
		rel.childFK = append(rel.childFK, fc)
	}
	rel.parentPK = parent.pk
	if rel.postUpdate {
		for _, fc := range rel.childFK {
			if !fc.def.Nullable() {
				return fail("PostUpdate needs foreign key column " + fc.def.Name() + " to allow NULL")
			}
			if !slices.Contains(child.postCols, fc) {
				child.postCols = append(child.postCols, fc)
			}
		}
	}
	if rel.back != "" {
		inv := target.relation(rel.back)
		if inv == nil || inv.kind == rel.kind || inv.elem != rel.owner.typ {
			return fail(fmt.Sprintf("BackPopulates(%q): %s has no opposite relationship of that name leading back to %s", rel.back, target.typ.Name(), rel.owner.typ.Name()))
		}
		rel.inverse = inv
	}
	return nil
}

// backPopulate makes the other side of st's relationships agree with
// what st's fields hold: a child in a parent's slice points to that
// parent, and a child pointing to a parent whose slice is loaded is in it.
func (s *Session) backPopulate(st *objState, kinds ...relKind) {
	for _, rel := range st.m.rels {
		inv := rel.inverse
		if inv == nil || len(kinds) > 0 && !slices.Contains(kinds, rel.kind) {
			continue
		}
		for _, v := range rel.related(st) {
			other := s.lookup(v.Interface())
			if other == nil {
				continue
			}
			fv := other.obj().FieldByIndex(inv.index)
			switch rel.kind {
			case oneToMany:
				fv.Set(reflect.ValueOf(st.ptr))
				other.markLoaded(inv.name)
				other.recordMembers(inv)
			case manyToOne:
				if !other.isLoaded(inv.name) {
					continue
				}
				if inv.single {
					fv.Set(reflect.ValueOf(st.ptr))
					other.recordMembers(inv)
				} else if !slices.Contains(inv.members(other), st.ptr) {
					fv.Set(reflect.Append(fv, reflect.ValueOf(st.ptr)))
					other.recordMembers(inv)
				}
			}
		}
	}
}

// movedByPointer reports whether child, let go of by parent's one-to-many
// rel, now points at another parent through a many-to-one over the same
// foreign key: it moved, and is neither an orphan nor dissociated.
func movedByPointer(child *objState, rel *relation, parent *objState) bool {
	for _, r := range child.m.rels {
		if r.kind != manyToOne || r.target != parent.m || !slices.Equal(r.childFK, rel.childFK) {
			continue
		}
		if to := r.related(child); len(to) == 1 && to[0].Interface() != parent.ptr {
			return true
		}
	}
	return false
}

// leaveOldParent takes st out of the loaded slice (or pointer) of the
// parent its many-to-one rel pointed to at the last load or flush, when the
// pointer has changed since: the child follows its pointer, and the old
// parent's side must agree.
func (s *Session) leaveOldParent(st *objState, rel *relation) {
	old, known := st.relSnapOf(rel.name)
	if !known || len(old) != 1 {
		return
	}
	if cur := rel.members(st); len(cur) == 1 && cur[0] == old[0] {
		return
	}
	parent := s.lookup(old[0])
	inv := rel.inverse
	if parent == nil || !parent.isLoaded(inv.name) {
		return
	}
	if inv.single {
		if fv := parent.obj().FieldByIndex(inv.index); !fv.IsNil() && fv.Interface() == st.ptr {
			fv.SetZero()
		}
	} else {
		inv.dropMember(parent, st)
	}
	parent.recordMembers(inv)
}

func (m *Mapper) fieldOf(def *core.ColumnDef) *fieldCol {
	for _, fc := range m.cols {
		if fc.def == def {
			return fc
		}
	}
	return nil
}

func (m *Mapper) relation(name string) *relation {
	for _, r := range m.rels {
		if r.name == name {
			return r
		}
	}
	return nil
}

// related returns the objects rel's field of st holds.
func (rel *relation) related(st *objState) []reflect.Value {
	fv := st.obj().FieldByIndex(rel.index)
	if rel.single {
		if fv.IsNil() {
			return nil
		}
		return []reflect.Value{fv}
	}
	switch rel.kind {
	case oneToMany, manyToMany:
		out := make([]reflect.Value, 0, fv.Len())
		for i := 0; i < fv.Len(); i++ {
			if e := fv.Index(i); !e.IsNil() {
				out = append(out, e)
			}
		}
		return out
	default:
		if fv.IsNil() {
			return nil
		}
		return []reflect.Value{fv}
	}
}

// cascade adds to the session every object reachable through the
// relationships of its pending and persistent objects (save-update).
func (s *Session) cascade() error {
	var queue []*objState // objects with relationships to follow
	for st := range s.states() {
		if (st.state == Pending || st.state == Persistent) && len(st.m.rels) > 0 {
			queue = append(queue, st)
		}
	}
	slices.SortFunc(queue, func(a, b *objState) int { return cmp.Compare(a.seq, b.seq) })
	for len(queue) > 0 {
		st := queue[0]
		queue = queue[1:]
		for _, rel := range st.m.rels {
			for _, v := range rel.related(st) {
				ptr := v.Interface()
				if s.lookup(ptr) != nil {
					continue
				}
				if err := s.add(ptr); err != nil {
					return fmt.Errorf("orm: cascading %s.%s: %w", st.m.typ.Name(), rel.name, err)
				}
				if got := s.lookup(ptr); got != nil {
					queue = append(queue, got)
				}
			}
		}
	}
	return nil
}

// syncKeys copies parents' keys into the foreign keys of mapper m's
// objects, for every relationship that links them; the parents were
// written before (the flush goes parents first).
//
// When the two sides of a pair disagree, the side the user changed since
// the last load or flush wins: a child's pointer to its parent counts only
// when it was set anew (or the child is new); otherwise the parents'
// slices decide, so moving a child between slices works with a stale
// pointer back.
func (f *flushRun) syncKeys(m *Mapper) error { return f.syncKeysOf(m, false) }

// syncKeysOf is syncKeys for the PostUpdate relationships (post) or the
// others.
func (f *flushRun) syncKeysOf(m *Mapper, post bool) error {
	if !f.rels {
		return nil
	}
	s := f.s
	live := func(st *objState) bool {
		return (st.state == Pending || st.state == Persistent) && !st.markedDelete
	}
	for st := range s.states() {
		if !live(st) {
			continue
		}
		for _, rel := range st.m.rels {
			if rel.kind == oneToMany && rel.target == m && rel.postUpdate == post {
				for _, v := range rel.related(st) {
					if child := s.lookup(v.Interface()); child != nil {
						f.copyKey(st, child, rel)
					}
				}
			}
		}
	}
	for st := range s.states() {
		if !live(st) || st.m != m {
			continue
		}
		for _, rel := range st.m.rels {
			if rel.kind != manyToOne || rel.postUpdate != post {
				continue
			}
			old, known := st.relSnapOf(rel.name)
			if known && len(old) == 1 && len(rel.related(st)) == 0 {
				// The pointer was cleared since the last load or flush:
				// the child lets go of its parent.
				for _, fk := range rel.childFK {
					cur := fk.get(st.obj())
					if core.IsNullValue(cur.Interface()) {
						continue
					}
					zero := reflect.Zero(fk.typ)
					if !core.IsNullValue(zero.Interface()) {
						return fmt.Errorf("orm: %s.%s was set to nil, but its foreign key field %s cannot hold NULL (make it a pointer or sql.Null, or delete the object)", st.m.typ.Name(), rel.name, fk.field)
					}
					f.set(st, fk, zero)
				}
				continue
			}
			for _, v := range rel.related(st) {
				ptr := v.Interface()
				if known && len(old) == 1 && old[0] == ptr {
					continue // unchanged: the slices decided above
				}
				if parent := s.lookup(ptr); parent != nil {
					f.copyKey(parent, st, rel)
				}
			}
		}
	}
	return nil
}

// copyKey sets child's foreign key fields to parent's key, where they
// differ.
func (f *flushRun) copyKey(parent, child *objState, rel *relation) {
	for i, fk := range rel.childFK {
		pv := parent.obj().FieldByIndex(rel.parentPK[i].index)
		cv := child.obj().FieldByIndex(fk.index)
		if fk.eq(cv.Interface(), pv.Interface()) {
			continue
		}
		if !pv.Type().AssignableTo(cv.Type()) {
			if pv.Type().ConvertibleTo(cv.Type()) {
				pv = pv.Convert(cv.Type())
			} else if w := nullOf(cv.Type(), pv); w.IsValid() {
				pv = w
			} else {
				continue
			}
		}
		f.set(child, fk, pv)
	}
}

// nullOf wraps v in t when t is sql.Null[V] or *V, else returns the zero
// Value.
func nullOf(t reflect.Type, v reflect.Value) reflect.Value {
	if t.Kind() == reflect.Pointer && v.Type().AssignableTo(t.Elem()) {
		p := reflect.New(t.Elem())
		p.Elem().Set(v)
		return p
	}
	if t.Kind() == reflect.Struct && t.NumField() == 2 && t.Field(0).Name == "V" && t.Field(1).Name == "Valid" && v.Type().AssignableTo(t.Field(0).Type) {
		n := reflect.New(t).Elem()
		n.Field(0).Set(v)
		n.Field(1).SetBool(true)
		return n
	}
	return reflect.Value{}
}

// SelectIn loads the named relationships of the objects a query returns
// with one extra SELECT per relationship and level, the keys batched in an
// IN list. A dotted path loads through: "Addresses.Orders".
func SelectIn(path string) LoadOption { return LoadOption{path: path} }

// Joined loads the relationship named by path in the query's own SELECT,
// with a LEFT OUTER JOIN to the related table (SQLAlchemy's joinedload):
// one statement instead of one per level, the parent columns repeated on
// each related row and the rows de-duplicated into one object each. With
// Limit or Offset and a one-to-many or many-to-many relationship, the
// parents are limited in a subquery first, so the limit counts objects,
// not joined rows. In a dotted path only the first relationship is joined;
// the rest is loaded as with SelectIn. Related types with ColumnProperty
// fields cannot be joined (use SelectIn).
func Joined(path string) LoadOption { return LoadOption{path: path, joined: true} }

// Raise makes the query fail with ErrNotLoaded when the relationship path
// names is not loaded on every object it returns, after its other options
// ran: a guard that code about to walk a relationship will not send one
// query per object (SQLAlchemy's raiseload, checked at the query since Go
// cannot trap the field access).
func Raise(path string) LoadOption { return LoadOption{path: path, raise: true} }

// LoadOption says which relationships a query loads, and how.
type LoadOption struct {
	path   string
	raise  bool
	joined bool
	// Column options (LoadOnly, Undefer).
	only, undefer []string
}

// ErrNotLoaded: a relationship named by Raise was not loaded.
var ErrNotLoaded = errors.New("orm: relationship not loaded")

// checkLoaded walks path from sts and fails on the first object whose
// relationship is not loaded.
func (s *Session) checkLoaded(m *Mapper, sts []*objState, path string) error {
	name, rest, _ := strings.Cut(path, ".")
	rel := m.relation(name)
	if rel == nil {
		return fmt.Errorf("orm: %s has no relationship %q", m.typ.Name(), name)
	}
	var next []*objState
	for _, st := range sts {
		if !st.isLoaded(name) {
			return fmt.Errorf("%w: %s.%s of a %s that the query returned", ErrNotLoaded, m.typ.Name(), name, m.typ.Name())
		}
		if rest != "" {
			for _, v := range rel.related(st) {
				if o := s.lookup(v.Interface()); o != nil {
					next = append(next, o)
				}
			}
		}
	}
	if rest == "" || len(next) == 0 {
		return nil
	}
	return s.checkLoaded(rel.target, next, rest)
}

// Options adds loading options to the query.
func (q *Query[T]) Options(opts ...LoadOption) *Query[T] {
	c := *q
	c.loads = append(slices.Clone(q.loads), opts...)
	return &c
}

// loadPaths runs the select-in loads of paths for the objects sts of m.
func (s *Session) loadPaths(ctx context.Context, m *Mapper, sts []*objState, paths []string) error {
	byFirst := map[string][]string{}
	var order []string
	for _, p := range paths {
		first, rest, _ := strings.Cut(p, ".")
		if _, ok := byFirst[first]; !ok {
			order = append(order, first)
		}
		if rest != "" {
			byFirst[first] = append(byFirst[first], rest)
		} else if byFirst[first] == nil {
			byFirst[first] = []string{}
		}
	}
	for _, name := range order {
		rel := m.relation(name)
		if rel == nil {
			return fmt.Errorf("orm: %s has no relationship %q", m.typ.Name(), name)
		}
		got, err := s.loadRelation(ctx, rel, sts)
		if err != nil {
			return err
		}
		if len(byFirst[name]) > 0 && len(got) > 0 {
			if err := s.loadPaths(ctx, rel.target, got, byFirst[name]); err != nil {
				return err
			}
		}
	}
	return nil
}

// loadRelation loads rel for the objects sts in one SELECT (or one per
// chunk of the dialect's parameter limit), sets their fields and returns
// the related objects.
func (s *Session) loadRelation(ctx context.Context, rel *relation, sts []*objState) ([]*objState, error) {
	if rel.kind == manyToMany {
		return s.loadManyToMany(ctx, rel, sts)
	}
	var keys [][]any // the values to look up: parent keys, or child foreign keys
	seen := map[identityKey]bool{}
	for _, st := range sts {
		var k []any
		switch rel.kind {
		case oneToMany:
			k = st.m.pkValues(st.obj())
		case manyToOne:
			k = make([]any, len(rel.childFK))
			for i, fc := range rel.childFK {
				v := st.obj().FieldByIndex(fc.index).Interface()
				if core.IsNullValue(v) {
					k = nil
					break
				}
				k[i] = plain(v)
			}
		}
		if k == nil {
			continue
		}
		ik := makeKey(rel.target, k)
		if !seen[ik] {
			seen[ik] = true
			keys = append(keys, k)
		}
	}
	target := rel.target
	var lookup []*fieldCol // the target's columns the keys are compared with
	if rel.kind == oneToMany {
		lookup = rel.childFK
	} else {
		lookup = rel.parentPK
	}
	var loaded []*objState
	limit := s.eng.Dialect().MaxParams / len(lookup)
	if limit <= 0 {
		limit = len(keys)
	}
	for start := 0; start < len(keys); start += limit {
		part := keys[start:min(start+limit, len(keys))]
		var cond core.TypedExpr[bool]
		if len(lookup) == 1 {
			vals := make([]any, len(part))
			for i, k := range part {
				vals[i] = k[0]
			}
			cond = lookup[0].col.In(vals...)
		} else {
			exprs := make([]core.Expr, len(lookup))
			for i, fc := range lookup {
				exprs[i] = fc.col
			}
			cond = core.Tuple(exprs...).In(part...)
		}
		order := make([]core.OrderItem, len(target.pk))
		for i, fc := range target.pk {
			order[i] = fc.col
		}
		got, err := s.loadRows(ctx, target, target.selectAll().Where(cond).OrderBy(order...), 32)
		if err != nil {
			return nil, err
		}
		loaded = append(loaded, got...)
	}
	// Hand the related objects to their owners.
	group := map[identityKey][]*objState{}
	for _, r := range loaded {
		var ik identityKey
		if rel.kind == oneToMany {
			kv := make([]any, len(rel.childFK))
			for i, fc := range rel.childFK {
				kv[i] = plain(r.obj().FieldByIndex(fc.index).Interface())
			}
			ik = makeKey(target, kv)
		} else {
			ik = r.key
		}
		group[ik] = append(group[ik], r)
	}
	for _, st := range sts {
		var kids []*objState
		switch rel.kind {
		case oneToMany:
			kids = group[makeKey(target, st.m.pkValues(st.obj()))]
		case manyToOne:
			k := make([]any, len(rel.childFK))
			null := false
			for i, fc := range rel.childFK {
				v := st.obj().FieldByIndex(fc.index).Interface()
				null = null || core.IsNullValue(v)
				k[i] = plain(v)
			}
			if !null {
				kids = group[makeKey(target, k)]
			}
		}
		s.setRelated(rel, st, kids)
	}
	return loaded, nil
}

// setRelated sets st's relationship field to the related objects kids,
// as a load does, and records it loaded.
func (s *Session) setRelated(rel *relation, st *objState, kids []*objState) {
	fv := st.obj().FieldByIndex(rel.index)
	if rel.single || rel.kind == manyToOne {
		if len(kids) > 0 {
			fv.Set(reflect.ValueOf(kids[0].ptr))
		} else {
			fv.SetZero()
		}
	} else {
		sl := reflect.MakeSlice(fv.Type(), len(kids), len(kids))
		for i, k := range kids {
			sl.Index(i).Set(reflect.ValueOf(k.ptr))
		}
		fv.Set(sl)
	}
	st.markLoaded(rel.name)
	st.recordMembers(rel)
	if rel.inverse != nil && rel.kind == oneToMany {
		s.backPopulate(st)
	}
}

// plain unwraps sql.Null[T] and *T foreign key values to T, so they compare
// with the parent's key.
func plain(v any) any {
	rv := reflect.ValueOf(v)
	switch {
	case !rv.IsValid():
		return nil
	case rv.Kind() == reflect.Pointer:
		if rv.IsNil() {
			return nil
		}
		return rv.Elem().Interface()
	case rv.Kind() == reflect.Struct && rv.NumField() == 2 && rv.Type().Field(0).Name == "V" && rv.Type().Field(1).Name == "Valid":
		return rv.Field(0).Interface()
	}
	return v
}

func (st *objState) markLoaded(name string) {
	x := st.x()
	if x.loaded == nil {
		x.loaded = map[string]bool{}
	}
	x.loaded[name] = true
}

// IsLoaded reports whether relationship name of obj was loaded (by a
// loading option or Load) in this session.
func (s *Session) IsLoaded(obj any, name string) bool {
	st := s.lookup(obj)
	return st != nil && st.isLoaded(name)
}

// Load loads relationship name of each object now (explicit lazy loading),
// in one SELECT for all of them. The objects must be persistent in s and of
// one mapped type.
func (s *Session) Load(ctx context.Context, name string, objs ...any) error {
	err := s.usable()
	if err != nil {
		return err
	}
	defer s.leave()
	if err := s.reg.configure(); err != nil {
		return err
	}
	if len(objs) == 0 {
		return nil
	}
	var m *Mapper
	sts := make([]*objState, 0, len(objs))
	for _, o := range objs {
		om, st, err := s.stateOf(o)
		if err != nil {
			return err
		}
		if m == nil {
			m = om
		} else if om != m {
			return fmt.Errorf("orm: Load takes objects of one type, not %s and %s", m.typ, om.typ)
		}
		if st == nil || st.state != Persistent {
			return fmt.Errorf("orm: Load needs persistent objects; a %s is %s", om.typ, s.StateOf(o))
		}
		sts = append(sts, st)
	}
	if err := s.autoFlush(ctx); err != nil {
		return err
	}
	return s.loadPaths(ctx, m, sts, []string{name})
}

// dissociation is a child whose foreign key the flush sets to NULL: it
// left its parent's slice, or its parent was deleted without a delete
// cascade.
type dissociation struct {
	child *objState
	rel   *relation
}

// members returns the objects of a one-to-many field, as pointers.
func (rel *relation) members(st *objState) []any {
	vs := rel.related(st)
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v.Interface()
	}
	return out
}

// recordMembers remembers the children of st's one-to-many
// relationships that the session knows in full (loaded, or set by the
// user on a new object), to find removed ones at the next flush.
func (st *objState) recordMembers(rels ...*relation) {
	for _, rel := range rels {
		if rel.kind != manyToOne && !st.isLoaded(rel.name) {
			continue
		}
		x := st.x()
		if x.relSnap == nil {
			x.relSnap = map[string][]any{}
		}
		x.relSnap[rel.name] = rel.members(st) // a many-to-one's pointer, as one member
	}
}

// planDeletes extends the flush with what deletes and removals imply:
// the children of deleted parents (delete cascade, loading them if
// needed), orphans (deleted with delete-orphan, else dissociated), and the
// children to dissociate.
func (s *Session) planDeletes(ctx context.Context) ([]dissociation, error) {
	var dis []dissociation
	// Children now in some parent's slice, per relationship: a child
	// moved from one parent to another is neither orphan nor dissociated.
	holders := map[*relation]map[any][]*objState{}
	for st := range s.states() {
		if st.state != Pending && st.state != Persistent {
			continue
		}
		for _, rel := range st.m.rels {
			if rel.kind != oneToMany {
				continue
			}
			for _, p := range rel.members(st) {
				if holders[rel] == nil {
					holders[rel] = map[any][]*objState{}
				}
				holders[rel][p] = append(holders[rel][p], st)
			}
		}
	}
	// held: a parent that stays (not marked for delete) has p in its slice.
	held := func(rel *relation, p any) bool {
		for _, h := range holders[rel][p] {
			if !h.markedDelete {
				return true
			}
		}
		return false
	}
	queue := slices.Clone(s.deletes)
	mark := func(child *objState) {
		if child.state == Persistent && !child.markedDelete {
			child.markedDelete = true
			s.deletes = append(s.deletes, child)
			queue = append(queue, child)
		} else if child.state == Pending {
			s.letGo(child, Transient)
		}
	}
	// Orphans of parents that stay.
	for st := range s.states() {
		if st.state != Persistent || st.markedDelete {
			continue
		}
		for _, rel := range st.m.rels {
			old, ok := st.relSnapOf(rel.name)
			if rel.kind != oneToMany || !ok {
				continue
			}
			now := rel.members(st)
			for _, p := range old {
				if slices.Contains(now, p) || held(rel, p) {
					continue
				}
				child := s.lookup(p)
				if child == nil || child.state != Persistent || child.markedDelete || movedByPointer(child, rel, st) {
					continue
				}
				if rel.cascade&CascadeDeleteOrphan != 0 {
					mark(child)
				} else {
					dis = append(dis, dissociation{child, rel})
				}
			}
		}
	}
	// Children of deleted parents, down the tree.
	for len(queue) > 0 {
		st := queue[0]
		queue = queue[1:]
		for _, rel := range st.m.rels {
			if rel.kind != oneToMany {
				continue
			}
			if !st.isLoaded(rel.name) {
				if rel.passive || rel.cascade&CascadeDelete == 0 {
					continue
				}
				if _, err := s.loadRelation(ctx, rel, []*objState{st}); err != nil {
					return nil, err
				}
			}
			for _, p := range rel.members(st) {
				child := s.lookup(p)
				if child == nil || held(rel, p) {
					continue
				}
				if rel.cascade&CascadeDelete != 0 {
					mark(child)
				} else if !rel.passive && child.state == Persistent {
					dis = append(dis, dissociation{child, rel})
				}
			}
		}
	}
	return dis, nil
}

// dissociate sets the foreign key of each child of m in dis to NULL.
func (f *flushRun) dissociate(m *Mapper, dis []dissociation) error {
	for _, d := range dis {
		if d.child.m != m || d.child.markedDelete {
			continue
		}
		for _, fk := range d.rel.childFK {
			if !nullable(fk.typ) {
				return fmt.Errorf("orm: a %s left %s.%s, but its foreign key %s cannot be NULL (a %s field); give the relationship orm.CascadeDeleteOrphan, or move it to another parent",
					m.typ.Name(), d.rel.owner.typ.Name(), d.rel.name, fk.def.Name(), fk.typ)
			}
			f.set(d.child, fk, reflect.Zero(fk.typ))
		}
		if inv := d.rel.inverse; inv != nil {
			// It has no parent now: its pointer back must not put it
			// into the old parent's slice again.
			d.child.obj().FieldByIndex(inv.index).Set(reflect.Zero(inv.owner.typ.FieldByIndex(inv.index).Type))
		}
	}
	return nil
}

// nullable reports whether a field of type t can hold NULL.
func nullable(t reflect.Type) bool {
	if t.Kind() == reflect.Pointer || t.Kind() == reflect.Interface {
		return true
	}
	return t.Kind() == reflect.Struct && t.NumField() == 2 && t.Field(0).Name == "V" && t.Field(1).Name == "Valid"
}
