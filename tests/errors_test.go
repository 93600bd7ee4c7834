package tests

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"

	gomysql "github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/require"
	msqlite "modernc.org/sqlite"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/internal/testdb"
)

// requireDriverError checks the driver's own error is reachable under a
// *engine.DBError.
func requireDriverError(t *testing.T, dialect string, err error) {
	t.Helper()
	switch dialect {
	case "postgres":
		var pe *pgconn.PgError
		require.ErrorAs(t, err, &pe)
	case "mysql":
		var me *gomysql.MySQLError
		require.ErrorAs(t, err, &me)
	case "sqlite":
		var se *msqlite.Error
		require.ErrorAs(t, err, &se)
	}
}

func TestConstraintViolationsAreTypedAndCarryTheStatement(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		setup(t, db)
		eng := db.Engine

		_, err := eng.Exec(ctx, core.Insert(users).Row(users.Name.To("sandy")))
		require.ErrorIs(t, err, engine.ErrIntegrity)
		require.ErrorIs(t, err, engine.ErrUniqueViolation)
		require.NotErrorIs(t, err, engine.ErrForeignKeyViolation)
		var dbe *engine.DBError
		require.ErrorAs(t, err, &dbe)
		require.Contains(t, dbe.SQL, "INSERT INTO user_account")
		require.Contains(t, dbe.Args, "sandy")
		requireDriverError(t, db.Dialect, err)
		if db.Dialect != "sqlite" { // SQLite's message names columns, not the constraint
			require.NotEmpty(t, dbe.Constraint)
		}

		_, err = eng.Exec(ctx, core.Insert(addresses).Row(addresses.UserID.To(99), addresses.Email.To("nobody@x.org")))
		require.ErrorIs(t, err, engine.ErrForeignKeyViolation)
		require.ErrorIs(t, err, engine.ErrIntegrity)
		requireDriverError(t, db.Dialect, err)

		_, err = eng.Exec(ctx, core.Text("INSERT INTO user_account (name, visits, created) VALUES (:n, :v, :c)").
			Bind("n", "nullish").Bind("v", nil).Bind("c", "2024-01-01 00:00:00"))
		require.ErrorIs(t, err, engine.ErrNotNullViolation)

		_, err = eng.Exec(ctx, core.Update(users).Set(users.Visits.To(-1)).Where(users.ID.Eq(1)))
		require.ErrorIs(t, err, engine.ErrCheckViolation)
		require.ErrorAs(t, err, &dbe)
		require.Equal(t, "ck_visits_not_negative", dbe.Constraint)

		_, err = eng.Exec(ctx, core.Text("SELECT * FROM no_such_table"))
		require.ErrorIs(t, err, engine.ErrProgramming)
		require.NotErrorIs(t, err, engine.ErrIntegrity)

		require.Equal(t, []string{"spongebob", "sandy", "patrick"}, names(t, eng), "nothing changed")
		n, err := engine.Scalar[int64](ctx, eng, core.Select(core.Count()).From(users).Where(users.Visits.Ne(0)))
		require.NoError(t, err)
		require.Zero(t, n)
	})
}

func TestHiddenParametersStayOutOfErrors(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		eng, err := engine.Open(ctx, db.URL, engine.WithHideParameters())
		require.NoError(t, err)
		defer eng.Close()
		hidden := *db
		hidden.Engine = eng
		setup(t, &hidden)
		_, err = eng.Exec(ctx, core.Insert(users).Row(users.Name.To("sandy"), users.Fullname.To(sql.Null[string]{V: "secret-value", Valid: true})))
		require.ErrorIs(t, err, engine.ErrUniqueViolation)
		var dbe *engine.DBError
		require.True(t, errors.As(err, &dbe))
		require.Nil(t, dbe.Args)
		require.NotContains(t, err.Error(), "secret-value", "arguments are not in the message")
	})
}

// The Engine reuses the array of a statement's arguments once the
// statement has run (when no hook or echo sees them): an error's Args are
// its own copy, whatever runs after it.
func TestAnErrorsArgumentsOutliveTheStatementsAfterIt(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *testdb.DB) {
		ctx := context.Background()
		setup(t, db)
		eng := db.Engine

		_, err := eng.Exec(ctx, core.Insert(users).Row(users.Name.To("sandy")))
		var dbe *engine.DBError
		require.ErrorAs(t, err, &dbe)
		want := append([]any(nil), dbe.Args...)
		require.Contains(t, want, "sandy")

		// An error met while reading rows (an INSERT ... RETURNING whose
		// violation comes with its rows) keeps its arguments too.
		res, err := eng.Query(ctx, core.Insert(users).Row(users.Name.To("sandy")).Returning(users.ID))
		if err == nil {
			for res.Next() {
			}
			err = res.Close()
		}
		var rowsErr *engine.DBError
		require.ErrorAs(t, err, &rowsErr)
		require.ErrorIs(t, err, engine.ErrUniqueViolation)
		wantRows := append([]any(nil), rowsErr.Args...)
		require.Contains(t, wantRows, "sandy")

		for i := range 20 {
			_, err := eng.Exec(ctx, core.Insert(users).Row(users.Name.To(fmt.Sprint("other", i))))
			require.NoError(t, err)
			rows, err := engine.All[string](ctx, eng, core.Select(users.Name).Where(users.Name.Eq(fmt.Sprint("other", i))))
			require.NoError(t, err)
			require.Equal(t, []string{fmt.Sprint("other", i)}, rows)
		}
		require.Equal(t, want, dbe.Args, "the error's arguments are as the failed statement had them")
		require.Equal(t, wantRows, rowsErr.Args)
	})
}
