package orm

import (
	"context"
	"fmt"
	"reflect"
)

// Object hooks: a mapped struct (through its pointer) may implement any of
// these; the session calls them during flush and load. A hook's error
// aborts the flush (or the query) like a failed statement. Hooks run while
// the session is busy: they may change their own object's fields (a Before
// hook's changes are written) but must not call the Session.

// BeforeInsertHook runs before the object's INSERT.
type BeforeInsertHook interface {
	BeforeInsert(ctx context.Context) error
}

// AfterInsertHook runs after the object's INSERT, with its key set.
type AfterInsertHook interface {
	AfterInsert(ctx context.Context) error
}

// BeforeUpdateHook runs before the UPDATE of an object that has changes.
type BeforeUpdateHook interface {
	BeforeUpdate(ctx context.Context) error
}

// AfterUpdateHook runs after the object's UPDATE.
type AfterUpdateHook interface {
	AfterUpdate(ctx context.Context) error
}

// BeforeDeleteHook runs before the DELETE that removes the object's row.
type BeforeDeleteHook interface {
	BeforeDelete(ctx context.Context) error
}

// AfterDeleteHook runs after that DELETE.
type AfterDeleteHook interface {
	AfterDelete(ctx context.Context) error
}

// AfterLoadHook runs when a query fills the object's fields from its row
// (first load, or the refresh of an expired object).
type AfterLoadHook interface {
	AfterLoad(ctx context.Context) error
}

// hookErr names the object whose hook failed.
func hookErr(st *objState, name string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("orm: %s hook of %s: %w", name, st.m.typ.Name(), err)
}

// Session events, given as options to NewSession. The functions run while
// the session is busy and must not call it.

// OnBeforeFlush runs fn at the start of every flush (autoflushes too);
// objects it changes are written by that flush. An error aborts the flush
// before anything is written.
func OnBeforeFlush(fn func(ctx context.Context) error) SessionOption {
	return func(s *Session) { s.beforeFlush = append(s.beforeFlush, fn) }
}

// OnAfterCommit runs fn after each successful Commit.
func OnAfterCommit(fn func(ctx context.Context)) SessionOption {
	return func(s *Session) { s.afterCommit = append(s.afterCommit, fn) }
}

// OnAfterRollback runs fn after each Rollback (and after a failed
// Commit, whose transaction was rolled back).
func OnAfterRollback(fn func(ctx context.Context)) SessionOption {
	return func(s *Session) { s.afterRollback = append(s.afterRollback, fn) }
}

// Versioned makes the integer column of field a version counter
// (optimistic locking, SQLAlchemy's version_id_col): a new object starts at
// 1, every UPDATE sets it one higher WHERE it still holds the value this
// session read, and a DELETE checks it too. When another transaction
// changed the row in between, the statement matches nothing and the flush
// fails with a *StaleDataError.
func Versioned(field string) MapOption { return versionOption(field) }

type versionOption string

func (o versionOption) applyMap(spec *mapSpec) error {
	if spec.version != "" {
		return fmt.Errorf("two version fields: %s and %s", spec.version, string(o))
	}
	spec.version = string(o)
	return nil
}

// setVersion finds the version field after the columns are mapped.
func (m *Mapper) setVersion(field string) error {
	if field == "" {
		return nil
	}
	for _, fc := range m.cols {
		if fc.field == field {
			switch fc.typ.Kind() {
			case reflect.Int, reflect.Int32, reflect.Int64:
				m.version = fc
				return nil
			}
			return &MappingError{Struct: m.typ.Name(), Field: field, Msg: "a version field must be an int, int32 or int64"}
		}
	}
	return &MappingError{Struct: m.typ.Name(), Field: field, Msg: "no mapped column field of that name for Versioned"}
}
