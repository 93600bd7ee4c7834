// Package orm maps plain Go structs onto Core tables and keeps them in a
// Session: an identity map (one object per row for the session's life)
// and a unit of work (at flush it finds the new, changed and deleted
// objects and writes them in foreign-key order, in one transaction).
//
// # Mapping
//
// A Registry holds the mappings. Map maps a struct onto a table declared in
// Core; Model derives the table from the struct's own `db` tags:
//
//	reg := orm.NewRegistry()
//	orm.Map[User](reg, &Users.Table)               // Users declared with core.NewTable
//	notes := orm.Model[Note](reg, md, "note")      // the table comes from Note's tags
//
// Mapping plans (field paths, change comparators) are computed once, at
// registration; a bad mapping is a *MappingError naming the struct and
// field. Registries are safe to share once the mappings are made.
//
// # Sessions
//
//	s := orm.NewSession(eng, reg)
//	defer s.Close(ctx)
//	s.Add(&User{Name: "sandy"})
//	err := s.Commit(ctx)                           // INSERT ... RETURNING id
//	u, err := orm.Get[User](ctx, s, 1)             // the identity map first
//	us, err := orm.Select[User](s).Where(Users.Name.Like("s%")).All(ctx)
//	u.Name = "Sandy"                               // found at the next flush
//	err = s.Commit(ctx)                            // UPDATE of name only
//
// A Session holds a transaction (and its connection) from its first
// statement until Commit, Rollback or Close: close every session. It is
// for one goroutine at a time; concurrent use is reported as
// ErrConcurrentUse. Objects are plain structs and stay usable after the
// session is closed.
//
// # Relationships and loading
//
// HasMany, BelongsTo, HasOne and ManyToMany are mapping options naming a
// relationship field; the session keeps foreign keys and both sides of
// BackPopulates pairs in step at flush, cascades saves and (on request)
// deletes, and breaks key cycles with PostUpdate. Queries load
// relationships with SelectIn or Joined, Session.Load loads them for
// objects in hand, and SelectPairs and Query.Columns return several
// entities and columns per row.
//
// See docs/orm.md for the whole guide and its limits.
package orm
