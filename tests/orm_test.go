package tests

// Behaviour tests of the ORM's mapping, Session, identity map and unit of
// work, on every dialect. Statements are counted and read through the
// Engine's hooks, so the tests assert what was sent, not only what came
// back.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/internal/testdb"
	"github.com/retort-go/retort/orm"
	"github.com/retort-go/retort/sqltype"
)

// The Core schema, mapped imperatively.

type omUserTable struct {
	core.Table
	ID       core.Column[int64]            `db:"id,pk"`
	Name     core.Column[string]           `db:"name,size=30,unique"`
	Fullname core.Column[sql.Null[string]] `db:"fullname,size=60"`
	Active   core.Column[bool]             `db:"active,serverdefault=true"`
	Visits   core.Column[int64]            `db:"visits"`
}

type omAddressTable struct {
	core.Table
	ID     core.Column[int64]  `db:"id,pk,autoincrement=false"`
	UserID core.Column[int64]  `db:"user_id,fk=om_user.id"`
	Email  core.Column[string] `db:"email,size=60"`
}

var (
	omMD        = core.NewMetaData()
	omUsers     = core.NewTable[omUserTable](omMD, "om_user")
	omAddresses = core.NewTable[omAddressTable](omMD, "om_address")
)

// The mapped structs.

type omUser struct {
	ID       int64
	Name     string
	Fullname sql.Null[string]
	Active   bool
	Visits   int64
}

type omAddress struct {
	ID     int64
	UserID int64
	Email  string `db:"email"`
}

// omNote is declared by its struct alone (the declarative form), with an
// embedded struct whose fields are columns too.
type omStamp struct {
	Kind string `db:"kind,size=10"`
}

type omNote struct {
	ID   int64  `db:"id,pk"`
	Body string `db:"body,size=100"`
	omStamp
	Skip string `db:"-"`
}

var (
	omReg   = orm.NewRegistry()
	_       = orm.Map[omUser](omReg, &omUsers.Table)
	_       = orm.Map[omAddress](omReg, &omAddresses.Table)
	omNotes = orm.Model[omNote](omReg, omMD, "om_note")
)

// omEnv is one dialect's database with the schema, and the statements
// sent so far.
type omEnv struct {
	*testdb.DB
	ctx context.Context
	t   *testing.T
	mu  sync.Mutex
	log []string
	// onExec, when set, runs before each statement (in the executing goroutine).
	onExec func()
}

func (x *omEnv) sent() []string {
	x.mu.Lock()
	defer x.mu.Unlock()
	return append([]string(nil), x.log...)
}

func (x *omEnv) reset() {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.log = nil
}

// writes returns the INSERT, UPDATE and DELETE statements sent.
func (x *omEnv) writes() []string {
	var out []string
	for _, s := range x.sent() {
		if strings.HasPrefix(s, "INSERT") || strings.HasPrefix(s, "UPDATE") || strings.HasPrefix(s, "DELETE") {
			out = append(out, s)
		}
	}
	return out
}

func omEach(t *testing.T, fn func(t *testing.T, x *omEnv)) {
	t.Helper()
	var cur *omEnv
	var curMu sync.Mutex
	hooks := engine.Hooks{BeforeExecute: func(_ context.Context, e *engine.Execution) {
		curMu.Lock()
		x := cur
		curMu.Unlock()
		if x == nil {
			return
		}
		x.mu.Lock()
		x.log = append(x.log, e.SQL)
		hook := x.onExec
		x.mu.Unlock()
		if hook != nil {
			hook()
		}
	}}
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		x := &omEnv{DB: db, ctx: context.Background(), t: t}
		require.NoError(t, db.Engine.CreateAll(x.ctx, omMD))
		curMu.Lock()
		cur = x
		curMu.Unlock()
		defer func() { curMu.Lock(); cur = nil; curMu.Unlock() }()
		fn(t, x)
	}, engine.WithHooks(hooks))
}

// session starts a Session that is closed when the test ends (an open
// session holds its connection, and the engine's Close waits for it).
func (x *omEnv) session(opts ...orm.SessionOption) *orm.Session {
	s := orm.NewSession(x.Engine, omReg, opts...)
	x.t.Cleanup(func() { _ = s.Close(context.Background()) })
	return s
}

func omCount(t *testing.T, x *omEnv, tb *core.Table) int64 {
	t.Helper()
	n, err := engine.Scalar[int64](x.ctx, x.Engine, core.Select(core.Count()).From(tb))
	require.NoError(t, err)
	return n
}

func TestMappingErrorsNameTheStructAndField(t *testing.T) {
	reg := orm.NewRegistry()
	type noSuchColumn struct {
		ID    int64
		Email string
	}
	_, err := orm.DefineMap[noSuchColumn](reg, &omUsers.Table)
	var me *orm.MappingError
	require.ErrorAs(t, err, &me)
	require.Equal(t, "noSuchColumn", me.Struct)
	require.Equal(t, "Email", me.Field)
	require.Contains(t, err.Error(), "table om_user has no column for it")

	type wrongType struct {
		ID   int64
		Name int64
	}
	_, err = orm.DefineMap[wrongType](reg, &omUsers.Table)
	require.ErrorAs(t, err, &me)
	require.Equal(t, "Name", me.Field)
	require.Contains(t, err.Error(), "a int64 field cannot hold column name, whose Go type is string")

	md := core.NewMetaData()
	keyless := core.NewDynamicTable(md, "keyless", core.ColumnSpec{Name: "v", Type: sqltype.BigInt{}, GoType: reflect.TypeFor[int64](), NotNull: true})
	type keylessRow struct{ V int64 }
	_, err = orm.DefineMap[keylessRow](reg, keyless)
	require.ErrorAs(t, err, &me)
	require.Contains(t, err.Error(), "has no primary key")

	type twice struct {
		ID   int64
		Name string
	}
	_, err = orm.DefineMap[twice](reg, &omUsers.Table)
	require.NoError(t, err)
	_, err = orm.DefineMap[twice](reg, &omUsers.Table)
	require.ErrorContains(t, err, "already mapped onto om_user")

	_, err = orm.DefineModel[struct {
		ID int64 `db:"id,pk,size=x"`
	}](reg, md, "bad_model")
	require.ErrorAs(t, err, &me)
	require.Equal(t, "ID", me.Field)

	require.Panics(t, func() { orm.Map[noSuchColumn](orm.NewRegistry(), &omUsers.Table) })

	type deferred struct {
		ID   int64
		Name string
	}
	_, err = orm.DefineMap[deferred](orm.NewRegistry(), &omUsers.Table, orm.Deferred("Nope"))
	require.ErrorContains(t, err, "Deferred names no mapped column field")
	_, err = orm.DefineMap[deferred](orm.NewRegistry(), &omUsers.Table, orm.Deferred("ID"))
	require.ErrorContains(t, err, "a primary key column cannot be deferred")
	_, err = orm.DefineMap[deferred](orm.NewRegistry(), &omUsers.Table, orm.ColumnProperty("Missing", omUsers.ID))
	require.ErrorContains(t, err, "no such field for ColumnProperty")
}

func TestTheDeclarativeFormDefinesATableFromTheStruct(t *testing.T) {
	tb := omNotes.Table()
	var names []string
	for _, c := range tb.Columns() {
		names = append(names, c.Name())
	}
	require.Equal(t, []string{"id", "body", "kind"}, names, "embedded fields are columns; db:\"-\" is left out")
	require.Same(t, tb, omMD.Table("om_note"), "the table is in the MetaData, so CreateAll makes it")
	omEach(t, func(t *testing.T, x *omEnv) {
		s := x.session()
		n := &omNote{ID: 7, Body: "hello", omStamp: omStamp{Kind: "memo"}, Skip: "not stored"}
		require.NoError(t, s.Add(n))
		require.NoError(t, s.Commit(x.ctx))
		s2 := x.session()
		got, err := orm.Get[omNote](x.ctx, s2, int64(7))
		require.NoError(t, err)
		require.Equal(t, &omNote{ID: 7, Body: "hello", omStamp: omStamp{Kind: "memo"}}, got)
	})
}

func TestAddAndCommitInsertsAndWritesBackKeysAndServerDefaults(t *testing.T) {
	omEach(t, func(t *testing.T, x *omEnv) {
		s := x.session()
		u := &omUser{Name: "spongebob", Fullname: sql.Null[string]{V: "Spongebob Squarepants", Valid: true}}
		require.Equal(t, orm.Transient, s.StateOf(u))
		require.NoError(t, s.Add(u))
		require.Equal(t, orm.Pending, s.StateOf(u))
		require.NoError(t, s.Commit(x.ctx))
		require.Equal(t, orm.Persistent, s.StateOf(u))
		require.NotZero(t, u.ID, "the generated key is written back")
		require.True(t, u.Active, "the server default is read back")

		var row struct {
			Name   string
			Active bool
		}
		row, err := engine.One[struct {
			Name   string
			Active bool
		}](x.ctx, x.Engine, core.Select(omUsers.Name, omUsers.Active).Where(omUsers.ID.Eq(u.ID)))
		require.NoError(t, err)
		require.Equal(t, "spongebob", row.Name)
		require.True(t, row.Active)
	})
}

func TestTheIdentityMapGivesOnePointerPerRowInASession(t *testing.T) {
	omEach(t, func(t *testing.T, x *omEnv) {
		s := x.session()
		require.NoError(t, s.AddAll(&omUser{Name: "sandy"}, &omUser{Name: "patrick"}))
		require.NoError(t, s.Commit(x.ctx))

		s1 := x.session()
		a, err := orm.Get[omUser](x.ctx, s1, 1)
		require.NoError(t, err)
		b, err := orm.Select[omUser](s1).Where(omUsers.Name.Eq("sandy")).One(x.ctx)
		require.NoError(t, err)
		require.Same(t, a, b, "a query returns the object Get returned")
		x.reset()
		c, err := orm.Get[omUser](x.ctx, s1, int64(1))
		require.NoError(t, err)
		require.Same(t, a, c)
		require.Empty(t, x.sent(), "Get of a held object sends nothing")

		s2 := x.session()
		d, err := orm.Get[omUser](x.ctx, s2, 1)
		require.NoError(t, err)
		require.NotSame(t, a, d, "another session, another object")
		require.Equal(t, *a, *d)

		none, err := orm.Get[omUser](x.ctx, s2, 99)
		require.NoError(t, err)
		require.Nil(t, none)
		_, err = orm.Get[omUser](x.ctx, s2, "one")
		require.ErrorContains(t, err, "key ID is a int64, not a string")
	})
}

func TestOnlyChangedColumnsAreUpdatedAndAZeroValueIsAChange(t *testing.T) {
	omEach(t, func(t *testing.T, x *omEnv) {
		s := x.session()
		u := &omUser{Name: "squidward", Visits: 5}
		require.NoError(t, s.Add(u))
		require.NoError(t, s.Commit(x.ctx))

		u2, err := orm.Get[omUser](x.ctx, s, u.ID)
		require.NoError(t, err)
		require.Same(t, u, u2, "after commit the expired object is refreshed in place")
		x.reset()
		require.NoError(t, s.Flush(x.ctx))
		require.Empty(t, x.writes(), "an unchanged object is not written")

		u.Visits = 0 // a zero value is a change like any other
		require.True(t, s.IsModified(u))
		require.NoError(t, s.Flush(x.ctx))
		w := x.writes()
		require.Len(t, w, 1)
		require.Contains(t, w[0], "visits")
		require.NotContains(t, w[0], "name", "only the changed column is set")
		require.False(t, s.IsModified(u))
		require.NoError(t, s.Commit(x.ctx))
		v, err := engine.Scalar[int64](x.ctx, x.Engine, core.Select(omUsers.Visits).Where(omUsers.ID.Eq(u.ID)))
		require.NoError(t, err)
		require.Zero(t, v)
	})
}

func TestFlushOrdersInsertsParentsFirstAndDeletesChildrenFirst(t *testing.T) {
	omEach(t, func(t *testing.T, x *omEnv) {
		s := x.session()
		u := &omUser{ID: 10, Name: "gary"}
		a := &omAddress{ID: 100, UserID: 10, Email: "gary@shell"}
		require.NoError(t, s.AddAll(a, u), "the child is added first")
		x.reset()
		require.NoError(t, s.Commit(x.ctx))
		w := x.writes()
		require.Len(t, w, 2)
		require.Contains(t, w[0], "om_user", "the parent is inserted first")
		require.Contains(t, w[1], "om_address")

		require.NoError(t, s.Delete(u)) // the parent is marked first
		require.NoError(t, s.Delete(a))
		x.reset()
		require.NoError(t, s.Commit(x.ctx))
		w = x.writes()
		require.Len(t, w, 2)
		require.Contains(t, w[0], "om_address", "the child is deleted first")
		require.Contains(t, w[1], "om_user")
		require.Equal(t, orm.Detached, s.StateOf(u), "a committed delete detaches the object")
		require.Zero(t, omCount(t, x, &omUsers.Table))
	})
}

func TestNewObjectsOfATableAreInsertedInOneStatementWhereRETURNINGExists(t *testing.T) {
	omEach(t, func(t *testing.T, x *omEnv) {
		s := x.session()
		users := make([]*omUser, 50)
		for i := range users {
			users[i] = &omUser{Name: fmt.Sprintf("user%02d", i), Visits: int64(i)}
			require.NoError(t, s.Add(users[i]))
		}
		x.reset()
		require.NoError(t, s.Commit(x.ctx))
		w := x.writes()
		if x.Engine.Dialect().InsertReturning {
			require.Len(t, w, 1, "one multi-row INSERT ... RETURNING")
		} else {
			require.Len(t, w, 50, "one INSERT per object, keys from the last insert id")
		}
		for i, u := range users {
			name, err := engine.Scalar[string](x.ctx, x.Engine, core.Select(omUsers.Name).Where(omUsers.ID.Eq(u.ID)))
			require.NoError(t, err)
			require.Equal(t, fmt.Sprintf("user%02d", i), name, "each object got the key of its own row")
			require.True(t, u.Active)
		}
	})
}

func TestAFailedFlushWritesNothingAndRollbackRestoresTheObjects(t *testing.T) {
	omEach(t, func(t *testing.T, x *omEnv) {
		s := x.session()
		keep := &omUser{Name: "keep"}
		require.NoError(t, s.Add(keep))
		require.NoError(t, s.Commit(x.ctx))
		require.NoError(t, s.Delete(keep))

		users := make([]*omUser, 50)
		for i := range users {
			name := fmt.Sprintf("u%02d", i)
			if i == 25 {
				name = "u10" // a unique violation in the middle
			}
			users[i] = &omUser{Name: name}
			require.NoError(t, s.Add(users[i]))
		}
		err := s.Flush(x.ctx)
		require.Error(t, err)
		require.ErrorIs(t, err, engine.ErrUniqueViolation)
		require.Equal(t, int64(1), omCount(t, x, &omUsers.Table), "nothing was written, the delete neither")

		err = s.Add(&omUser{Name: "more"})
		require.ErrorIs(t, err, orm.ErrNeedsRollback)
		_, err = orm.Get[omUser](x.ctx, s, keep.ID)
		require.ErrorIs(t, err, orm.ErrNeedsRollback)

		require.NoError(t, s.Rollback(x.ctx))
		for _, u := range users {
			require.Equal(t, orm.Transient, s.StateOf(u))
			require.Zero(t, u.ID, "keys a failed flush wrote are taken back")
		}
		require.Equal(t, orm.Persistent, s.StateOf(keep), "the deleted object is persistent again")
		got, err := orm.Get[omUser](x.ctx, s, keep.ID)
		require.NoError(t, err)
		require.Same(t, keep, got)

		// The session works again: the objects can be added anew.
		users[25].Name = "u25"
		for _, u := range users {
			require.NoError(t, s.Add(u))
		}
		require.NoError(t, s.Commit(x.ctx))
		require.Equal(t, int64(51), omCount(t, x, &omUsers.Table))
	})
}

func TestRollbackAfterASuccessfulFlushMakesNewObjectsTransient(t *testing.T) {
	omEach(t, func(t *testing.T, x *omEnv) {
		s := x.session()
		u := &omUser{Name: "larry"}
		require.NoError(t, s.Add(u))
		require.NoError(t, s.Flush(x.ctx))
		require.Equal(t, orm.Persistent, s.StateOf(u))
		require.NotZero(t, u.ID)
		n, err := engine.Scalar[int64](x.ctx, mustQuerier(t, s), core.Select(core.Count()).From(omUsers))
		require.NoError(t, err)
		require.Equal(t, int64(1), n, "Core statements in the session see the flushed row")
		require.NoError(t, s.Rollback(x.ctx))
		require.Equal(t, orm.Transient, s.StateOf(u))
		require.Zero(t, u.ID)
		require.Zero(t, omCount(t, x, &omUsers.Table))
	})
}

// mustQuerier adapts a Session to engine.Querier for the typed helpers.
func mustQuerier(t *testing.T, s *orm.Session) engine.Querier { t.Helper(); return s }

func TestExpireOnCommitRefreshesButUnsavedChangesAreNeverOverwritten(t *testing.T) {
	omEach(t, func(t *testing.T, x *omEnv) {
		s := x.session(orm.NoAutoflush())
		u := &omUser{Name: "plankton", Visits: 1}
		require.NoError(t, s.Add(u))
		require.NoError(t, s.Commit(x.ctx))
		// The row changes behind the object's back: a Core UPDATE in the
		// session's own transaction (so every isolation level sees it).
		setVisits := func(n int64) {
			_, err := s.Exec(x.ctx, core.Update(omUsers).Set(omUsers.Visits.To(n)).Where(omUsers.ID.Eq(u.ID)))
			require.NoError(t, err)
		}
		load := func() {
			got, err := orm.Select[omUser](s).Where(omUsers.ID.Eq(u.ID)).One(x.ctx)
			require.NoError(t, err)
			require.Same(t, u, got)
		}

		setVisits(42)
		load()
		require.Equal(t, int64(42), u.Visits, "the object expired at commit is refreshed in place")

		u.Visits = 5 // an unsaved change
		setVisits(43)
		load()
		require.Equal(t, int64(5), u.Visits, "a query never overwrites an object that is not expired")

		require.NoError(t, s.Expire(u))
		load()
		require.Equal(t, int64(43), u.Visits, "once expired, the row's values win")
		require.NoError(t, s.Refresh(x.ctx, u))
		require.NoError(t, s.Close(x.ctx))
	})
}

func TestStaleDataIsReportedWhenTheRowIsGone(t *testing.T) {
	omEach(t, func(t *testing.T, x *omEnv) {
		s := x.session()
		u := &omUser{Name: "karen"}
		require.NoError(t, s.Add(u))
		require.NoError(t, s.Commit(x.ctx))
		_, err := orm.Get[omUser](x.ctx, s, u.ID)
		require.NoError(t, err)
		require.NoError(t, s.Commit(x.ctx)) // end the transaction the Get began
		_, err = x.Engine.Exec(x.ctx, core.Delete(omUsers).Where(omUsers.ID.Eq(u.ID)))
		require.NoError(t, err)
		u.Visits = 3
		// The object is expired, but Flush does not refresh: it writes.
		err = s.Flush(x.ctx)
		var stale *orm.StaleDataError
		require.ErrorAs(t, err, &stale)
		require.ErrorIs(t, err, orm.ErrStaleData)
		require.Equal(t, "UPDATE", stale.Op)
		require.NoError(t, s.Rollback(x.ctx))
	})
}

func TestTwoGoroutinesUsingOneSessionGetAnError(t *testing.T) {
	omEach(t, func(t *testing.T, x *omEnv) {
		s := x.session()
		require.NoError(t, s.Add(&omUser{Name: "first"}))
		started, done := make(chan struct{}), make(chan struct{})
		var once sync.Once
		x.mu.Lock()
		x.onExec = func() {
			once.Do(func() {
				close(started)
				<-done // hold the flush in its statement
			})
		}
		x.mu.Unlock()
		var other error
		go func() {
			<-started
			other = s.Add(&omUser{Name: "second"})
			close(done)
		}()
		require.NoError(t, s.Commit(x.ctx))
		x.mu.Lock()
		x.onExec = nil
		x.mu.Unlock()
		require.ErrorIs(t, other, orm.ErrConcurrentUse)
		require.Equal(t, int64(1), omCount(t, x, &omUsers.Table))
	})
}

func TestObjectsStayUsableAfterCloseAndCanBeAddedAgain(t *testing.T) {
	omEach(t, func(t *testing.T, x *omEnv) {
		s := x.session()
		u := &omUser{Name: "pearl"}
		require.NoError(t, s.Add(u))
		require.NoError(t, s.Commit(x.ctx))
		require.NoError(t, s.Close(x.ctx))
		require.Equal(t, orm.Detached, s.StateOf(u))
		require.Equal(t, "pearl", u.Name)
		require.ErrorIs(t, s.Add(u), orm.ErrClosed)

		s2 := x.session()
		got, err := orm.Get[omUser](x.ctx, s2, u.ID)
		require.NoError(t, err)
		require.NoError(t, s2.Expunge(got))
		require.Equal(t, orm.Detached, s2.StateOf(got))
		got.Visits = 9
		require.NoError(t, s2.Add(got), "a detached object is attached again as persistent")
		require.Equal(t, orm.Persistent, s2.StateOf(got))
		require.NoError(t, s2.Commit(x.ctx))
		v, err := engine.Scalar[int64](x.ctx, x.Engine, core.Select(omUsers.Visits).Where(omUsers.ID.Eq(u.ID)))
		require.NoError(t, err)
		require.Equal(t, int64(9), v)
	})
}

func TestBadInputToTheSessionIsATypedError(t *testing.T) {
	omEach(t, func(t *testing.T, x *omEnv) {
		s := x.session()
		require.ErrorIs(t, s.Add(nil), orm.ErrNotMapped)
		require.ErrorIs(t, s.Add(omUser{}), orm.ErrNotMapped, "a struct value, not a pointer")
		require.ErrorIs(t, s.Add(&struct{ X int }{}), orm.ErrNotMapped)
		_, err := orm.Get[omUser](x.ctx, s, 1, 2)
		require.ErrorContains(t, err, "takes 1 key value(s), got 2")
		_, err = orm.Select[struct{ Y int }](s).All(x.ctx)
		require.True(t, errors.Is(err, orm.ErrNotMapped))
		a, b := &omUser{ID: 5, Name: "a"}, &omUser{ID: 5, Name: "b"}
		require.NoError(t, s.AddAll(a))
		require.NoError(t, s.Flush(x.ctx))
		require.NoError(t, s.Add(b))
		require.ErrorIs(t, s.Flush(x.ctx), orm.ErrIdentityConflict)
		require.NoError(t, s.Rollback(x.ctx))
		require.Equal(t, int64(0), omCount(t, x, &omUsers.Table))
	})
}

// omDoc is versioned and has hooks.
type omDoc struct {
	ID      int64  `db:"id,pk"`
	Title   string `db:"title,size=40"`
	Slug    string `db:"slug,size=40"`
	Edits   int64  `db:"edits"`
	Version int64  `db:"version"`

	events *[]string `db:"-"`
}

func (d *omDoc) note(e string) {
	if d.events != nil {
		*d.events = append(*d.events, e+":"+d.Title)
	}
}

func (d *omDoc) BeforeInsert(context.Context) error {
	d.Slug = strings.ToLower(strings.ReplaceAll(d.Title, " ", "-"))
	d.note("before-insert")
	return nil
}
func (d *omDoc) AfterInsert(context.Context) error { d.note("after-insert"); return nil }
func (d *omDoc) BeforeUpdate(context.Context) error {
	d.Edits++ // written by the same UPDATE
	d.note("before-update")
	return nil
}
func (d *omDoc) AfterUpdate(context.Context) error { d.note("after-update"); return nil }
func (d *omDoc) BeforeDelete(context.Context) error {
	if d.Title == "keep" {
		return errors.New("this one stays")
	}
	d.note("before-delete")
	return nil
}
func (d *omDoc) AfterDelete(context.Context) error { d.note("after-delete"); return nil }
func (d *omDoc) AfterLoad(context.Context) error {
	d.Slug = "loaded:" + d.Slug // visible proof the hook ran on load
	return nil
}

var omDocs = orm.Model[omDoc](omReg, omMD, "om_doc", orm.Versioned("Version"))

func TestAVersionColumnTurnsAConcurrentUpdateIntoStaleData(t *testing.T) {
	omEach(t, func(t *testing.T, x *omEnv) {
		s := x.session()
		d := &omDoc{Title: "Plan"}
		require.NoError(t, s.Add(d))
		require.NoError(t, s.Commit(x.ctx))
		require.Equal(t, int64(1), d.Version, "a new object starts at version 1")

		s1, s2 := x.session(), x.session()
		a, err := orm.Get[omDoc](x.ctx, s1, d.ID)
		require.NoError(t, err)
		b, err := orm.Get[omDoc](x.ctx, s2, d.ID)
		require.NoError(t, err)
		require.NoError(t, s1.Commit(x.ctx)) // end the reading transactions
		require.NoError(t, s2.Commit(x.ctx))

		a.Title = "Plan A"
		require.NoError(t, s1.Commit(x.ctx))
		require.Equal(t, int64(2), a.Version)

		b.Title = "Plan B"
		err = s2.Commit(x.ctx)
		var stale *orm.StaleDataError
		require.ErrorAs(t, err, &stale, "the second writer read version 1, which is gone")
		require.Equal(t, "UPDATE", stale.Op)
		require.NoError(t, s2.Rollback(x.ctx))

		require.NoError(t, s2.Delete(b))
		err = s2.Flush(x.ctx)
		require.ErrorAs(t, err, &stale, "a DELETE checks the version it read too")
		require.Equal(t, "DELETE", stale.Op)
		require.NoError(t, s2.Rollback(x.ctx))
		require.NoError(t, s2.Refresh(x.ctx, b))
		require.Equal(t, int64(2), b.Version)
		require.Equal(t, "Plan A", b.Title)
		require.NoError(t, s2.Delete(b))
		require.NoError(t, s2.Commit(x.ctx))
		require.Zero(t, omCount(t, x, omDocs.Table()))
	})
}

func TestObjectHooksAndSessionEventsRunAroundTheirStatements(t *testing.T) {
	omEach(t, func(t *testing.T, x *omEnv) {
		var events []string
		var flushes, commits, rollbacks int
		s := orm.NewSession(x.Engine, omReg,
			orm.OnBeforeFlush(func(context.Context) error { flushes++; return nil }),
			orm.OnAfterCommit(func(context.Context) { commits++ }),
			orm.OnAfterRollback(func(context.Context) { rollbacks++ }))
		t.Cleanup(func() { _ = s.Close(context.Background()) })

		d := &omDoc{Title: "Hello World", events: &events}
		require.NoError(t, s.Add(d))
		require.NoError(t, s.Commit(x.ctx))
		require.Equal(t, "hello-world", d.Slug, "BeforeInsert's change was inserted")
		d.Title = "Hello Again"
		require.NoError(t, s.Commit(x.ctx))
		require.Equal(t, int64(1), d.Edits)
		require.NoError(t, s.Delete(d))
		require.NoError(t, s.Commit(x.ctx))
		require.Equal(t, []string{"before-insert:Hello World", "after-insert:Hello World",
			"before-update:Hello Again", "after-update:Hello Again",
			"before-delete:Hello Again", "after-delete:Hello Again"}, events)
		require.Equal(t, 3, commits)
		require.GreaterOrEqual(t, flushes, 3)

		k := &omDoc{Title: "keep"}
		require.NoError(t, s.Add(k))
		require.NoError(t, s.Commit(x.ctx))
		require.NoError(t, s.Delete(k))
		require.ErrorContains(t, s.Commit(x.ctx), "BeforeDelete hook of omDoc: this one stays")
		require.NoError(t, s.Rollback(x.ctx))
		require.Equal(t, 1, rollbacks)

		s2 := x.session()
		got, err := orm.Get[omDoc](x.ctx, s2, k.ID)
		require.NoError(t, err)
		require.Equal(t, "loaded:keep", got.Slug, "AfterLoad ran")
	})
}

func TestASessionReadsWithoutATransactionUntilItWrites(t *testing.T) {
	omEach(t, func(t *testing.T, x *omEnv) {
		s := x.session()
		require.NoError(t, s.Add(&omUser{Name: "reader"}))
		require.NoError(t, s.Commit(x.ctx))
		require.False(t, s.InTransaction(), "a commit ends the transaction")

		s2 := x.session()
		x.reset()
		u, err := orm.Get[omUser](x.ctx, s2, 1)
		require.NoError(t, err)
		require.Equal(t, []string{x.sent()[0]}, x.sent(), "one statement: no BEGIN for a read")
		require.False(t, s2.InTransaction())

		u.Visits = 1
		require.NoError(t, s2.Flush(x.ctx))
		require.True(t, s2.InTransaction(), "the first write begins the transaction")
		require.NoError(t, s2.Rollback(x.ctx))

		s3 := x.session()
		require.NoError(t, s3.Begin(x.ctx))
		require.True(t, s3.InTransaction())
		rows, err := s3.Query(x.ctx, core.Select(omUsers.ID).Where(omUsers.ID.Eq(1)).ForUpdate())
		require.NoError(t, err)
		_, err = rows.All()
		require.NoError(t, err)
		require.NoError(t, s3.Commit(x.ctx))
	})
}

func TestACommitOfOneStatementSkipsTheTransaction(t *testing.T) {
	omEach(t, func(t *testing.T, x *omEnv) {
		s := x.session()
		u := &omUser{Name: "solo"}
		require.NoError(t, s.Add(u))
		x.reset()
		require.NoError(t, s.Commit(x.ctx))
		require.Len(t, x.sent(), 1, "one INSERT, no BEGIN/COMMIT: %v", x.sent())
		require.True(t, strings.HasPrefix(x.sent()[0], "INSERT"))

		u.Visits = 4
		x.reset()
		require.NoError(t, s.Commit(x.ctx))
		require.Len(t, x.sent(), 1, "one UPDATE: %v", x.sent())

		require.NoError(t, s.AddAll(&omUser{Name: "a1"}, &omAddress{ID: 1, UserID: u.ID, Email: "x"}))
		x.reset()
		require.NoError(t, s.Commit(x.ctx))
		require.Greater(t, len(x.sent()), 2, "two tables: a transaction around them")

		dup := &omUser{Name: "solo"}
		require.NoError(t, s.Add(dup))
		err := s.Commit(x.ctx)
		require.ErrorIs(t, err, engine.ErrUniqueViolation)
		require.ErrorIs(t, s.Add(&omUser{Name: "z"}), orm.ErrNeedsRollback)
		require.NoError(t, s.Rollback(x.ctx))
		require.Equal(t, orm.Transient, s.StateOf(dup))
		require.Zero(t, dup.ID)
		require.Equal(t, int64(2), omCount(t, x, &omUsers.Table))
	})
}

func TestACommitOfNewObjectsOfOneTableIsOneStatement(t *testing.T) {
	omEach(t, func(t *testing.T, x *omEnv) {
		s := x.session()
		for i := range 20 {
			require.NoError(t, s.Add(&omUser{Name: fmt.Sprintf("batch%d", i)}))
		}
		x.reset()
		require.NoError(t, s.Commit(x.ctx))
		if x.Engine.Dialect().InsertReturning {
			require.Len(t, x.sent(), 1, "one INSERT ... RETURNING, no BEGIN/COMMIT: %v", x.sent())
		} else {
			require.Greater(t, len(x.sent()), 20, "one INSERT per object, in a transaction")
		}
		require.Equal(t, int64(20), omCount(t, x, &omUsers.Table))
	})
}

func TestUpdateAndDeleteByCriteriaKeepTheIdentityMapConsistent(t *testing.T) {
	omEach(t, func(t *testing.T, x *omEnv) {
		s := x.session()
		for i := range 6 {
			require.NoError(t, s.Add(&omUser{Name: fmt.Sprintf("c%d", i), Visits: int64(i)}))
		}
		require.NoError(t, s.Commit(x.ctx))
		s2 := x.session()
		all, err := orm.Select[omUser](s2).OrderBy(omUsers.ID).All(x.ctx)
		require.NoError(t, err)

		n, err := orm.UpdateWhere[omUser](x.ctx, s2, core.Values{omUsers.Visits: int64(100)}, omUsers.Visits.Ge(3))
		require.NoError(t, err)
		require.Equal(t, int64(3), n)
		require.Equal(t, int64(3), all[3].Visits, "not refreshed until met again")
		_, err = orm.Select[omUser](s2).All(x.ctx)
		require.NoError(t, err)
		require.Equal(t, int64(100), all[3].Visits, "the expired object was refreshed")
		require.Equal(t, int64(2), all[2].Visits)

		n, err = orm.DeleteWhere[omUser](x.ctx, s2, omUsers.Visits.Eq(100))
		require.NoError(t, err)
		require.Equal(t, int64(3), n)
		require.Equal(t, orm.Deleted, s2.StateOf(all[4]))
		got, err := orm.Get[omUser](x.ctx, s2, all[4].ID)
		require.NoError(t, err)
		require.Nil(t, got)
		require.NoError(t, s2.Commit(x.ctx))
		require.Equal(t, orm.Detached, s2.StateOf(all[4]))
		require.Equal(t, int64(3), omCount(t, x, &omUsers.Table))
	})
}

func TestBulkInsertWritesKeysBackWithoutTrackingTheObjects(t *testing.T) {
	omEach(t, func(t *testing.T, x *omEnv) {
		s := x.session()
		users := make([]*omUser, 30)
		for i := range users {
			users[i] = &omUser{Name: fmt.Sprintf("bulk%02d", i)}
		}
		x.reset()
		require.NoError(t, orm.BulkInsert(x.ctx, s, users))
		require.NoError(t, s.Commit(x.ctx))
		for i, u := range users {
			require.NotZero(t, u.ID)
			require.True(t, u.Active, "server default read back")
			require.Equal(t, orm.Transient, s.StateOf(u))
			name, err := engine.Scalar[string](x.ctx, x.Engine, core.Select(omUsers.Name).Where(omUsers.ID.Eq(u.ID)))
			require.NoError(t, err)
			require.Equal(t, fmt.Sprintf("bulk%02d", i), name)
		}
		if x.Engine.Dialect().InsertReturning {
			require.Len(t, x.writes(), 1)
		}
	})
}

// omArticle has a deferred body and a field mapped to an expression.
type omArticle struct {
	ID       int64  `db:"id,pk"`
	Title    string `db:"title,size=40"`
	Body     string `db:"body"`
	Views    int64  `db:"views"`
	TitleLen int64  `db:"-"` // length(title), read-only
}

var (
	omArticles = func() *orm.Mapper {
		md := omMD
		t := core.NewDynamicTable(md, "om_article",
			core.ColumnSpec{Name: "id", Type: sqltype.BigInt{}, GoType: reflect.TypeFor[int64](), PrimaryKey: true},
			core.ColumnSpec{Name: "title", Type: sqltype.String{Length: 40}, GoType: reflect.TypeFor[string](), NotNull: true},
			core.ColumnSpec{Name: "body", Type: sqltype.Text{}, GoType: reflect.TypeFor[string](), NotNull: true},
			core.ColumnSpec{Name: "views", Type: sqltype.BigInt{}, GoType: reflect.TypeFor[int64](), NotNull: true})
		return orm.Map[omArticle](omReg, t, orm.Deferred("Body"),
			orm.ColumnProperty("TitleLen", core.Length(t.C("title")).Label("title_len")))
	}()
)

func TestDeferredColumnsLoadOnlyAndExpressionFields(t *testing.T) {
	omEach(t, func(t *testing.T, x *omEnv) {
		s := x.session()
		require.NoError(t, s.Add(&omArticle{ID: 1, Title: "Hello", Body: "a long body", Views: 3}))
		require.NoError(t, s.Commit(x.ctx))

		s2 := x.session()
		x.reset()
		a, err := orm.Get[omArticle](x.ctx, s2, 1)
		require.NoError(t, err)
		require.NotContains(t, x.sent()[0], "body", "the deferred column is not selected")
		require.Equal(t, "", a.Body)
		require.Equal(t, int64(5), a.TitleLen, "the expression field is loaded")
		require.Equal(t, "Hello", a.Title)

		a.Views = 4 // a change next to an unloaded column
		x.reset()
		require.NoError(t, s2.Commit(x.ctx))
		require.Len(t, x.writes(), 1)
		require.NotContains(t, x.writes()[0], "body", "an unloaded column is not written")
		require.NotContains(t, x.writes()[0], "title_len", "an expression field is never written")
		body, err := engine.Scalar[string](x.ctx, x.Engine, core.Select(omArticles.Table().C("body")))
		require.NoError(t, err)
		require.Equal(t, "a long body", body)

		s3 := x.session()
		b, err := orm.Select[omArticle](s3).Options(orm.Undefer("Body")).One(x.ctx)
		require.NoError(t, err)
		require.Equal(t, "a long body", b.Body)
		s4 := x.session()
		x.reset()
		c, err := orm.Select[omArticle](s4).Options(orm.LoadOnly("Title")).One(x.ctx)
		require.NoError(t, err)
		require.Equal(t, "Hello", c.Title)
		require.Zero(t, c.Views, "not loaded")
		require.NotContains(t, x.sent()[0], "views")
		require.NoError(t, s4.Refresh(x.ctx, c))
		require.Equal(t, int64(4), c.Views)
		require.Equal(t, "a long body", c.Body, "Refresh loads every column")
		_, err = orm.Select[omArticle](s4).Options(orm.LoadOnly("Nope")).All(x.ctx)
		require.ErrorContains(t, err, "no mapped column field Nope")
	})
}
