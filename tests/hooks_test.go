package tests

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/internal/testdb"
)

// recorder collects what the hooks see.
type recorder struct {
	mu     sync.Mutex
	before []string
	after  []*engine.Execution
}

func (r *recorder) hooks() engine.Hooks {
	return engine.Hooks{
		BeforeExecute: func(_ context.Context, ex *engine.Execution) {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.before = append(r.before, ex.SQL)
		},
		AfterExecute: func(_ context.Context, ex *engine.Execution) {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.after = append(r.after, ex)
		},
	}
}

func (r *recorder) statements() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, len(r.after))
	for i, ex := range r.after {
		out[i] = strings.Fields(ex.SQL)[0]
	}
	return out
}

func TestHooksSeeEveryStatementIncludingTransactionControl(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		setup(t, db)
		rec := &recorder{}
		eng, err := engine.Open(ctx, db.URL, engine.WithHooks(rec.hooks()))
		require.NoError(t, err)
		defer eng.Close()
		if db.Dialect == "sqlite" { // a new in-memory database
			require.NoError(t, suite.CreateAll(ctx, eng))
			rec.after, rec.before = nil, nil
		}

		err = eng.Transaction(ctx, func(tx *engine.Tx) error {
			_, err := tx.Exec(ctx, core.Insert(users).Row(users.Name.To("squidward")))
			if err != nil {
				return err
			}
			return tx.Transaction(ctx, func(sp *engine.Tx) error {
				_, err := engine.All[user](ctx, sp, core.Select(users).Where(users.ID.Gt(0)))
				return err
			})
		})
		require.NoError(t, err)
		begin := "BEGIN"
		if db.Dialect == "mysql" {
			begin = "START"
		}
		require.Equal(t, []string{begin, "INSERT", "SAVEPOINT", "SELECT", "RELEASE", "COMMIT"}, rec.statements())
		require.Len(t, rec.before, len(rec.after), "before and after hooks run for each statement")

		ins := rec.after[1]
		require.Contains(t, ins.Args, "squidward")
		require.False(t, ins.Cached, "first time this statement shape is compiled")
		require.NoError(t, ins.Err)
		require.Equal(t, int64(1), ins.RowsAffected)

		_, err = eng.Exec(ctx, core.Insert(users).Row(users.Name.To("gary")))
		require.NoError(t, err)
		require.True(t, rec.after[len(rec.after)-1].Cached, "the same shape with other values comes from the cache")

		_, err = eng.Exec(ctx, core.Insert(users).Row(users.Name.To("gary")))
		require.ErrorIs(t, err, engine.ErrUniqueViolation)
		require.ErrorIs(t, rec.after[len(rec.after)-1].Err, engine.ErrUniqueViolation, "the after hook sees the error")
	})
}

func TestEchoLogsStatementsArgumentsAndCacheUse(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, nil))
	db := testdb.Open(t, "sqlite", engine.WithEcho(logger))
	ctx := context.Background()
	require.NoError(t, suite.CreateAll(ctx, db.Engine))
	for _, name := range []string{"pearl", "plankton"} {
		_, err := db.Engine.Exec(ctx, core.Insert(users).Row(users.Name.To(name)))
		require.NoError(t, err)
	}
	out := buf.String()
	require.Contains(t, out, "CREATE TABLE user_account")
	require.Contains(t, out, "INSERT INTO user_account (name, visits, created) VALUES (?, ?, ?)")
	require.Contains(t, out, `pearl`)
	require.Contains(t, out, "cache=generated")
	require.Contains(t, out, "cache=cached")
	require.Contains(t, out, `msg="BEGIN IMMEDIATE" cache=raw`, "transaction control is logged too")
}
