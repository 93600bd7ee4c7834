package tests

// Emitted-SQL tests of the unit of work: for a set of flushes, the exact
// statements each sends and their order, on SQLite (one SQL spelling; the
// other dialects run the same flushes in the behaviour tests).

import (
	"context"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/internal/testdb"
	"github.com/retort-go/retort/orm"
)

func TestFlushesSendExactlyTheseStatements(t *testing.T) {
	var sent []string
	hooks := engine.Hooks{BeforeExecute: func(_ context.Context, e *engine.Execution) { sent = append(sent, e.SQL) }}
	db := testdb.Open(t, "sqlite", engine.WithHooks(hooks))
	ctx := context.Background()
	require.NoError(t, db.Engine.CreateAll(ctx, orMD))
	s := orm.NewSession(db.Engine, orReg)
	defer s.Close(ctx)
	flush := func(commit bool) []string {
		sent = nil
		if commit {
			require.NoError(t, s.Commit(ctx))
		} else {
			require.NoError(t, s.Flush(ctx))
		}
		return sent
	}

	// A parent with two children and an order: parents first, each table
	// in one multi-row INSERT, in a transaction.
	u := &orUser{Name: "a", Addresses: []*orAddr{{Email: "1"}, {Email: "2", Orders: []*orOrder{{Total: 3}}}}}
	require.NoError(t, s.Add(u))
	require.Equal(t, []string{
		"BEGIN",
		"INSERT INTO or_user (name) VALUES (?) RETURNING id",
		"INSERT INTO or_addr (user_id, email) VALUES (?, ?), (?, ?) RETURNING id",
		"INSERT INTO or_order (addr_id, total) VALUES (?, ?) RETURNING id",
		"COMMIT",
	}, flush(true))

	// One changed column of one object: one UPDATE, no transaction.
	u.Name = "b"
	require.Equal(t, []string{"UPDATE or_user SET name = ? WHERE or_user.id = ?"}, flush(true))

	// Nothing changed: nothing sent.
	require.Empty(t, flush(true))

	// Two changed objects of two tables: the UPDATEs in table order
	// (parents first); within a table in the order the session met them.
	u.Name = "c"
	u.Addresses[1].Email = "22"
	u.Addresses[0].Email = "11"
	require.Equal(t, []string{
		"BEGIN",
		"UPDATE or_user SET name = ? WHERE or_user.id = ?",
		"UPDATE or_addr SET email = ? WHERE or_addr.id = ?",
		"UPDATE or_addr SET email = ? WHERE or_addr.id = ?",
	}, flush(false))
	require.Equal(t, []string{"COMMIT"}, flush(true))

	// Deletes: children first, one DELETE per table with the keys in IN.
	ord := u.Addresses[1].Orders[0]
	require.NoError(t, s.Delete(ord))
	require.NoError(t, s.Delete(u.Addresses[0]))
	require.NoError(t, s.Delete(u.Addresses[1]))
	got := flush(true)
	require.Equal(t, "BEGIN", got[0])
	require.Equal(t, "DELETE FROM or_order WHERE or_order.id IN (?)", got[1])
	require.Equal(t, "DELETE FROM or_addr WHERE or_addr.id IN (?, ?)", got[2])
	require.Equal(t, "COMMIT", got[3])
	require.Len(t, got, 4)

	// A new child appended to a loaded parent and a changed parent: the
	// order between an INSERT into one table and an UPDATE of another
	// follows the tables; the set is what matters here.
	u.Name = "d"
	u.Addresses = append(u.Addresses[:0], &orAddr{Email: "3"})
	got = flush(true)
	require.ElementsMatch(t, []string{
		"BEGIN",
		"UPDATE or_user SET name = ? WHERE or_user.id = ?",
		"INSERT INTO or_addr (user_id, email) VALUES (?, ?) RETURNING id",
		"COMMIT",
	}, got)
	require.Less(t, slices.Index(got, "UPDATE or_user SET name = ? WHERE or_user.id = ?"),
		slices.Index(got, "INSERT INTO or_addr (user_id, email) VALUES (?, ?) RETURNING id"), "or_user before or_addr")
}

func TestPostUpdatesAndLinksSendExactlyTheseStatements(t *testing.T) {
	var sent []string
	hooks := engine.Hooks{BeforeExecute: func(_ context.Context, e *engine.Execution) { sent = append(sent, e.SQL) }}
	db := testdb.Open(t, "sqlite", engine.WithHooks(hooks))
	ctx := context.Background()
	require.NoError(t, db.Engine.CreateAll(ctx, puMD))
	require.NoError(t, db.Engine.CreateAll(ctx, mbMD))
	commit := func(s *orm.Session) []string {
		sent = nil
		require.NoError(t, s.Commit(ctx))
		return sent
	}

	// A cycle: the widget goes in with its favourite NULL, the entries
	// follow, then the post-update sets the favourite.
	s := orm.NewSession(db.Engine, puReg)
	defer s.Close(ctx)
	e1, e2 := &puEntry{Name: "e1"}, &puEntry{Name: "e2"}
	w := &puWidget{Name: "w", Entries: []*puEntry{e1, e2}, Favorite: e2}
	require.NoError(t, s.Add(w))
	require.Equal(t, []string{
		"BEGIN",
		"INSERT INTO pu_widget (name) VALUES (?) RETURNING id",
		"INSERT INTO pu_entry (widget_id, name) VALUES (?, ?), (?, ?) RETURNING id",
		"UPDATE pu_widget SET favorite_entry_id = ? WHERE pu_widget.id = ?",
		"COMMIT",
	}, commit(s))
	// Deleting the cycle: the post-updated key cleared first.
	for _, o := range []any{w, e1, e2} {
		require.NoError(t, s.Delete(o))
	}
	require.Equal(t, []string{
		"BEGIN",
		"UPDATE pu_widget SET favorite_entry_id = NULL WHERE pu_widget.id = ?",
		"DELETE FROM pu_entry WHERE pu_entry.id IN (?, ?)",
		"DELETE FROM pu_widget WHERE pu_widget.id IN (?)",
		"COMMIT",
	}, commit(s))

	// A many-to-many link named from both sides: one secondary row.
	s2 := orm.NewSession(db.Engine, mbReg)
	defer s2.Close(ctx)
	p, tg := &mbPost{Title: "p"}, &mbTag{Name: "t"}
	p.Tags, tg.Posts = []*mbTag{tg}, []*mbPost{p}
	require.NoError(t, s2.Add(p))
	require.Equal(t, []string{
		"BEGIN",
		"INSERT INTO mb_post (title) VALUES (?) RETURNING id",
		"INSERT INTO mb_tag (name) VALUES (?) RETURNING id",
		"INSERT INTO mb_post_tag (post_id, tag_id) VALUES (?, ?)",
		"COMMIT",
	}, commit(s2))
	// Dropped from the tag's side: the row goes, and the post's slice.
	tg.Posts = nil
	require.Equal(t, []string{
		"BEGIN",
		"DELETE FROM mb_post_tag WHERE mb_post_tag.post_id = ? AND mb_post_tag.tag_id = ?",
		"COMMIT",
	}, commit(s2))
	require.Empty(t, p.Tags)
}
