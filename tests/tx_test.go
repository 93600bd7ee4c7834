package tests

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/internal/testdb"
)

func rename(id int64, name string) core.Statement {
	return core.Update(users).Set(users.Name.To(name)).Where(users.ID.Eq(id))
}

func TestTransactionCommitsWhenFnReturnsNilAndRollsBackWhenItFails(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		setup(t, db)
		eng := db.Engine
		err := eng.Transaction(ctx, func(tx *engine.Tx) error {
			_, err := tx.Exec(ctx, rename(1, "bob"))
			require.Equal(t, "bob", names(t, tx)[0], "the transaction sees its own work")
			return err
		})
		require.NoError(t, err)
		require.Equal(t, "bob", names(t, eng)[0])

		boom := errors.New("boom")
		err = eng.Transaction(ctx, func(tx *engine.Tx) error {
			if _, err := tx.Exec(ctx, rename(1, "robert")); err != nil {
				return err
			}
			return boom
		})
		require.ErrorIs(t, err, boom)
		require.Equal(t, "bob", names(t, eng)[0], "the failed transaction was rolled back")
		require.Zero(t, eng.PoolStats().InUse)
	})
}

func TestTransactionRollsBackAndRepanicsWhenFnPanics(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		setup(t, db)
		require.PanicsWithValue(t, "kaboom", func() {
			_ = db.Engine.Transaction(ctx, func(tx *engine.Tx) error {
				if _, err := tx.Exec(ctx, rename(2, "cheeks")); err != nil {
					return err
				}
				panic("kaboom")
			})
		})
		require.Equal(t, "sandy", names(t, db.Engine)[1])
		require.Zero(t, db.Engine.PoolStats().InUse, "the connection went back to the pool")
	})
}

func TestSavepointsRollBackOnlyTheirOwnWork(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		setup(t, db)
		eng := db.Engine
		tx, err := eng.Begin(ctx)
		require.NoError(t, err)
		_, err = tx.Exec(ctx, rename(1, "one"))
		require.NoError(t, err)

		sp1, err := tx.Begin(ctx)
		require.NoError(t, err)
		_, err = sp1.Exec(ctx, rename(2, "two"))
		require.NoError(t, err)

		sp2, err := sp1.Begin(ctx)
		require.NoError(t, err)
		_, err = sp2.Exec(ctx, rename(3, "three"))
		require.NoError(t, err)
		require.NoError(t, sp2.Rollback(ctx))
		require.Equal(t, []string{"one", "two", "patrick"}, names(t, tx), "only the inner savepoint was undone")

		require.NoError(t, sp1.Commit(ctx), "RELEASE SAVEPOINT")
		require.ErrorIs(t, sp1.Commit(ctx), engine.ErrTxDone)

		err = tx.Transaction(ctx, func(sp *engine.Tx) error {
			if _, err := sp.Exec(ctx, rename(3, "four")); err != nil {
				return err
			}
			return errors.New("undo")
		})
		require.EqualError(t, err, "undo")
		require.NoError(t, tx.Commit(ctx))
		require.Equal(t, []string{"one", "two", "patrick"}, names(t, eng))

		_, err = tx.Exec(ctx, rename(1, "late"))
		require.ErrorIs(t, err, engine.ErrTxDone)
		require.ErrorIs(t, tx.Rollback(ctx), engine.ErrTxDone)
		require.Zero(t, eng.PoolStats().InUse)
	})
}

func TestCommittingATransactionEndsItsOpenSavepoints(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		setup(t, db)
		tx, err := db.Engine.Begin(ctx)
		require.NoError(t, err)
		sp, err := tx.Begin(ctx)
		require.NoError(t, err)
		_, err = sp.Exec(ctx, rename(1, "kept"))
		require.NoError(t, err)
		require.NoError(t, tx.Commit(ctx))
		_, err = sp.Exec(ctx, rename(1, "lost"))
		require.ErrorIs(t, err, engine.ErrTxDone)
		require.Equal(t, "kept", names(t, db.Engine)[0])
	})
}

func TestIsolationLevelAndReadOnlyAreApplied(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		setup(t, db)
		eng := db.Engine
		var show string
		switch db.Dialect {
		case "postgres":
			show = "SHOW transaction_isolation"
		case "mysql":
			// SET TRANSACTION applies to the transaction, not the session
			// variables; InnoDB reports the running transaction's level.
			show = "SELECT trx_isolation_level FROM information_schema.innodb_trx WHERE trx_mysql_thread_id = CONNECTION_ID()"
		default:
			// SQLite is always serializable and accepts every level.
			err := eng.Transaction(ctx, func(tx *engine.Tx) error { return nil }, engine.WithIsolation(engine.LevelReadCommitted))
			require.NoError(t, err)
			return
		}
		err := eng.Transaction(ctx, func(tx *engine.Tx) error {
			names(t, tx) // a read starts the transaction in InnoDB
			level, err := engine.Scalar[string](ctx, tx, core.Text(show))
			require.NoError(t, err)
			require.Equal(t, "SERIALIZABLE", strings.ToUpper(strings.ReplaceAll(level, "-", " ")))
			return nil
		}, engine.WithIsolation(engine.LevelSerializable))
		require.NoError(t, err)

		err = eng.Transaction(ctx, func(tx *engine.Tx) error {
			_, err := tx.Exec(ctx, rename(1, "nope"))
			return err
		}, engine.ReadOnly())
		require.Error(t, err, "a read-only transaction refuses writes")
		require.Equal(t, "spongebob", names(t, eng)[0])
	})
}

func TestConnKeepsOneSessionAndRejectsStatementsWhileAResultIsOpen(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		setup(t, db)
		cn, err := db.Engine.Connect(ctx)
		require.NoError(t, err)
		defer cn.Close()

		res, err := cn.Query(ctx, core.Select(users).OrderBy(users.ID))
		require.NoError(t, err)
		require.True(t, res.Next())
		_, err = cn.Exec(ctx, rename(1, "busy"))
		require.ErrorIs(t, err, engine.ErrConnBusy)
		require.NoError(t, res.Close())
		_, err = cn.Exec(ctx, rename(1, "free"))
		require.NoError(t, err)

		tx, err := cn.Begin(ctx)
		require.NoError(t, err)
		require.True(t, cn.InTransaction())
		_, err = cn.Begin(ctx)
		require.Error(t, err, "a second transaction on the same connection")
		require.NoError(t, tx.Rollback(ctx))
		require.False(t, cn.InTransaction())
		require.NoError(t, cn.Close())
		_, err = cn.Exec(ctx, rename(1, "closed"))
		require.ErrorIs(t, err, engine.ErrClosed)
	})
}

func TestReturningAConnectionRollsBackWhatWasLeftOpen(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		setup(t, db)
		cn, err := db.Engine.Connect(ctx)
		require.NoError(t, err)
		tx, err := cn.Begin(ctx)
		require.NoError(t, err)
		_, err = tx.Exec(ctx, rename(1, "uncommitted"))
		require.NoError(t, err)
		res, err := cn.Query(ctx, core.Select(users))
		require.NoError(t, err)
		require.True(t, res.Next())
		require.NoError(t, cn.Close(), "closing with an open Result and transaction")

		require.Equal(t, "spongebob", names(t, db.Engine)[0], "the work was rolled back")
		// The same pooled connection is clean: a transaction can begin on it.
		cn2, err := db.Engine.Connect(ctx)
		require.NoError(t, err)
		defer cn2.Close()
		require.False(t, cn2.InTransaction())
		require.NoError(t, cn2.Transaction(ctx, func(tx *engine.Tx) error {
			_, err := tx.Exec(ctx, rename(1, "clean"))
			return err
		}))
		require.Equal(t, "clean", names(t, db.Engine)[0])
	})
}
