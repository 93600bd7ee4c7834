package orm

import (
	"cmp"
	"context"
	"fmt"
	"reflect"
	"slices"

	"github.com/retort-go/retort/core"
)

// ManyToMany declares a many-to-many relationship through secondary, a
// table with one foreign key to this table and one to the related
// struct's: field is a []*Other. Adding an object to the slice and flushing
// inserts the secondary row (adding the object itself if it is new);
// removing it deletes the row; deleting this object deletes its rows. The
// other side may declare its own ManyToMany over the same table.
//
//	orm.Model[Post](reg, md, "post", orm.ManyToMany("Tags", &PostTags.Table))
func ManyToMany(field string, secondary *core.Table) Rel {
	return Rel{field: field, kind: manyToMany, secondary: secondary}
}

// SecondaryKeys names the secondary table's columns of a ManyToMany:
// local hold this object's key, remote the related object's, each in key
// order. They are needed when the secondary has two foreign keys to one
// table, as when a table is related to itself:
//
//	orm.ManyToMany("Following", &Follows.Table).SecondaryKeys(
//		[]core.Expr{Follows.FollowerID}, []core.Expr{Follows.FolloweeID})
func (r Rel) SecondaryKeys(local, remote []core.Expr) Rel {
	r.localKeys, r.remoteKeys = local, remote
	return r
}

// resolveSecondary finds the secondary table's keys to both sides.
func (rel *relation) resolveSecondary(fail func(string) error) error {
	named := func(args []core.Expr, to *Mapper) ([]core.Column[any], error) {
		if len(args) != len(to.pk) {
			return nil, fail(fmt.Sprintf("SecondaryKeys: %d columns for the %d-column key of %s", len(args), len(to.pk), to.table.TableName()))
		}
		cols := make([]core.Column[any], len(args))
		for i, a := range args {
			ref, ok := a.(interface{ Ref() *core.ColumnRef })
			if !ok || ref.Ref() == nil || ref.Ref().Def.Table() != rel.secondary {
				return nil, fail("SecondaryKeys: a column that is not a column of " + rel.secondary.TableName())
			}
			cols[i] = rel.secondary.C(ref.Ref().Def.Name())
		}
		return cols, nil
	}
	if rel.localArg != nil || rel.remoteArg != nil {
		var err error
		if rel.local, err = named(rel.localArg, rel.owner); err != nil {
			return err
		}
		rel.remote, err = named(rel.remoteArg, rel.target)
		return err
	}
	if rel.target == rel.owner {
		return fail("a many-to-many relationship of a table to itself needs SecondaryKeys")
	}
	find := func(to *Mapper) ([]core.Column[any], error) {
		var found *core.ForeignKeyConstraint
		for _, fk := range rel.secondary.ForeignKeys() {
			if t, _, err := fk.Target(); err == nil && t == to.table {
				if found != nil {
					return nil, fail("two foreign keys lead from " + rel.secondary.TableName() + " to " + to.table.TableName())
				}
				found = fk
			}
		}
		if found == nil {
			return nil, fail("no foreign key leads from " + rel.secondary.TableName() + " to " + to.table.TableName())
		}
		_, refs, err := found.Target()
		if err != nil {
			return nil, fail(err.Error())
		}
		cols := make([]core.Column[any], len(to.pk))
		for i, pk := range to.pk {
			j := slices.Index(refs, pk.def)
			if j < 0 || len(refs) != len(to.pk) {
				return nil, fail("the foreign key from " + rel.secondary.TableName() + " must reference the primary key of " + to.table.TableName())
			}
			cols[i] = rel.secondary.C(found.Columns()[j].Name())
		}
		return cols, nil
	}
	var err error
	if rel.local, err = find(rel.owner); err != nil {
		return err
	}
	rel.remote, err = find(rel.target)
	return err
}

// loadManyToMany loads rel for sts: one SELECT of the related objects
// joined to the secondary table, the owners' keys in an IN list.
func (s *Session) loadManyToMany(ctx context.Context, rel *relation, sts []*objState) ([]*objState, error) {
	target := rel.target
	keys := make([][]any, 0, len(sts))
	for _, st := range sts {
		keys = append(keys, st.m.pkValues(st.obj()))
	}
	// SELECT target.cols..., secondary.local... FROM target JOIN secondary ON remote = target.pk
	var on []core.TypedExpr[bool]
	for i, pk := range target.pk {
		on = append(on, rel.remote[i].EqExpr(pk.col))
	}
	items := target.dflt.items()
	for _, c := range rel.local {
		items = append(items, c)
	}
	group := map[identityKey][]*objState{}
	var loaded []*objState
	limit := s.eng.Dialect().MaxParams / len(rel.local)
	if limit <= 0 {
		limit = len(keys)
	}
	for start := 0; start < len(keys); start += limit {
		part := keys[start:min(start+limit, len(keys))]
		var cond core.TypedExpr[bool]
		if len(rel.local) == 1 {
			vals := make([]any, len(part))
			for i, k := range part {
				vals[i] = k[0]
			}
			cond = rel.local[0].In(vals...)
		} else {
			exprs := make([]core.Expr, len(rel.local))
			for i, c := range rel.local {
				exprs[i] = c
			}
			cond = core.Tuple(exprs...).In(part...)
		}
		order := make([]core.OrderItem, len(target.pk))
		for i, fc := range target.pk {
			order[i] = fc.col
		}
		stmt := core.Select(items...).From(target.table.Join(rel.secondary, on...)).Where(cond).OrderBy(order...)
		got, extra, err := s.loadRowsWith(ctx, target, target.dflt, stmt, rel.ownerKeyTypes(), 4*len(keys))
		if err != nil {
			return nil, err
		}
		for i, st := range got {
			ik := makeKey(rel.owner, extra[i])
			group[ik] = append(group[ik], st)
			loaded = append(loaded, st)
		}
	}
	for _, st := range sts {
		s.setRelated(rel, st, group[st.m.keyOf(st.obj())])
	}
	return loaded, nil
}

// ownerKeyTypes are the Go types of the owner's key, for scanning the
// secondary's local columns.
func (rel *relation) ownerKeyTypes() []reflect.Type {
	out := make([]reflect.Type, len(rel.owner.pk))
	for i, fc := range rel.owner.pk {
		out[i] = fc.typ
	}
	return out
}

// syncSecondary writes the secondary rows of many-to-many relationships:
// rows of members removed from a loaded slice, and every row of a deleted
// owner, are deleted; rows of new members are inserted. It runs after the
// flush's inserts (every key is known) and before its deletes.
//
// When both sides declare the relationship (BackPopulates), a change
// seen from both is written once: each link is a pair of objects in the
// orientation of one of the two relationships.
func (f *flushRun) syncSecondary(order []*Mapper) error {
	s := f.s
	some := false
	for _, m := range order {
		for _, rel := range m.rels {
			some = some || rel.kind == manyToMany
		}
	}
	if !some {
		return nil
	}
	// The session's states in the order it met them, for statements in a
	// stable order.
	all := make([]*objState, 0, s.trackedCount())
	for st := range s.states() {
		all = append(all, st)
	}
	slices.SortFunc(all, func(a, b *objState) int { return cmp.Compare(a.seq, b.seq) })
	var adds, drops []m2mLink
	seen := map[m2mLink]bool{}
	note := func(list *[]m2mLink, l m2mLink) {
		if !seen[l] {
			seen[l] = true
			*list = append(*list, l)
		}
	}
	for _, st := range all {
		for _, rel := range st.m.rels {
			inserted := st.state == Pending // during a flush's run: inserted by it
			if rel.kind != manyToMany || st.state != Persistent && !inserted {
				continue
			}
			if st.markedDelete {
				if err := f.unlinkAll(rel, st); err != nil {
					return err
				}
				continue
			}
			var old []any
			if !inserted {
				if !st.isLoaded(rel.name) {
					continue // not loaded: the session does not know the rows
				}
				old, _ = st.relSnapOf(rel.name)
			}
			now := rel.members(st)
			for _, p := range now {
				if !slices.Contains(old, p) {
					if o := s.lookup(p); o != nil && !o.markedDelete {
						note(&adds, pairOf(rel, st, o))
					}
				}
			}
			for _, p := range old {
				if !slices.Contains(now, p) {
					if o := s.lookup(p); o != nil {
						note(&drops, pairOf(rel, st, o))
					}
				}
			}
		}
	}
	f.links = append(f.links, m2mChanges{adds: slices.Clone(adds), drops: drops})
	for _, l := range drops {
		if err := f.link(l.rel, l.a, nil, []*objState{l.b}); err != nil {
			return err
		}
	}
	// Inserts grouped by owner: one multi-row INSERT per object's new links.
	for len(adds) > 0 {
		first := adds[0]
		var with []*objState
		rest := adds[:0:0]
		for _, l := range adds {
			if l.rel == first.rel && l.a == first.a {
				with = append(with, l.b)
			} else {
				rest = append(rest, l)
			}
		}
		if err := f.link(first.rel, first.a, with, nil); err != nil {
			return err
		}
		adds = rest
	}
	return nil
}

// m2mLink is one secondary row: a, on rel's owner side, and b.
type m2mLink struct {
	rel  *relation
	a, b *objState
}

// m2mChanges are the links a flush added and dropped.
type m2mChanges struct{ adds, drops []m2mLink }

// pairOf is the link between st (on rel's owner side) and o, in the
// orientation of whichever of rel and its inverse comes first by name, so
// both sides of a pair name one link alike.
func pairOf(rel *relation, st, o *objState) m2mLink {
	if inv := rel.inverse; inv != nil && inv.key() < rel.key() {
		return m2mLink{rel: inv, a: o, b: st}
	}
	return m2mLink{rel: rel, a: st, b: o}
}

func (rel *relation) key() string { return rel.owner.typ.String() + "." + rel.name }

// backPopulateLinks makes both sides of back-populated many-to-many
// relationships show the links a flush added and dropped, on the objects
// whose side is loaded.
func (s *Session) backPopulateLinks(changes []m2mChanges) {
	for _, c := range changes {
		for _, l := range c.adds {
			l.rel.addMember(l.a, l.b)
			if l.rel.inverse != nil {
				l.rel.inverse.addMember(l.b, l.a)
			}
		}
		for _, l := range c.drops {
			l.rel.dropMember(l.a, l.b)
			if l.rel.inverse != nil {
				l.rel.inverse.dropMember(l.b, l.a)
			}
		}
	}
}

// addMember appends o to st's slice of rel, if loaded and not there.
func (rel *relation) addMember(st, o *objState) {
	if !st.isLoaded(rel.name) || slices.Contains(rel.members(st), o.ptr) {
		return
	}
	fv := st.obj().FieldByIndex(rel.index)
	fv.Set(reflect.Append(fv, reflect.ValueOf(o.ptr)))
}

// dropMember takes o out of st's slice of rel, if loaded.
func (rel *relation) dropMember(st, o *objState) {
	if !st.isLoaded(rel.name) {
		return
	}
	fv := st.obj().FieldByIndex(rel.index)
	kept := reflect.MakeSlice(fv.Type(), 0, fv.Len())
	for i := 0; i < fv.Len(); i++ {
		if e := fv.Index(i); e.IsNil() || e.Interface() != o.ptr {
			kept = reflect.Append(kept, e)
		}
	}
	if kept.Len() != fv.Len() {
		fv.Set(kept)
	}
}

// link deletes the secondary rows between st and drop and inserts those
// between st and add.
func (f *flushRun) link(rel *relation, st *objState, add, drop []*objState) error {
	own := st.m.pkValues(st.obj())
	for _, o := range drop {
		var where []core.TypedExpr[bool]
		for i, v := range own {
			where = append(where, rel.local[i].Eq(v))
		}
		for i, v := range o.m.pkValues(o.obj()) {
			where = append(where, rel.remote[i].Eq(v))
		}
		tx, err := f.statementTx()
		if err != nil {
			return err
		}
		if _, err := tx.Exec(f.ctx, core.Delete(rel.secondary).Where(where...)); err != nil {
			return err
		}
	}
	if len(add) == 0 {
		return nil
	}
	rows := make([]core.Values, len(add))
	for r, o := range add {
		vals := core.Values{}
		for i, v := range own {
			vals[rel.local[i]] = v
		}
		for i, v := range o.m.pkValues(o.obj()) {
			vals[rel.remote[i]] = v
		}
		rows[r] = vals
	}
	tx, err := f.statementTx()
	if err != nil {
		return err
	}
	if _, err := tx.Exec(f.ctx, core.Insert(rel.secondary).Values(rows...)); err != nil {
		return fmt.Errorf("orm: linking %s.%s: %w", st.m.typ.Name(), rel.name, err)
	}
	return nil
}

// unlinkAll deletes every secondary row of st, deleted.
func (f *flushRun) unlinkAll(rel *relation, st *objState) error {
	var where []core.TypedExpr[bool]
	for i, v := range st.keyVals() {
		where = append(where, rel.local[i].Eq(v))
	}
	tx, err := f.statementTx()
	if err != nil {
		return err
	}
	_, err = tx.Exec(f.ctx, core.Delete(rel.secondary).Where(where...))
	return err
}
