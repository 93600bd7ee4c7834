// Package engine runs statements against a database: an Engine is a
// dialect, a connection pool and a compiled-statement cache for one
// database URL. Import a dialect package to register its URL scheme.
//
//	import _ "github.com/retort-go/retort/dialects/postgres"
//
//	eng, err := engine.Open(ctx, "postgres://localhost/app", engine.WithEcho(slog.Default()))
//	defer eng.Close()
//
// # Running statements
//
// Engine.Exec runs a statement and reports the rows affected; Engine.Query
// returns a Result to read rows from. The typed helpers read rows into Go
// values — structs (columns matched to fields by name) or single columns:
//
//	users, err := engine.All[User](ctx, eng, core.Select(Users).OrderBy(Users.ID))
//	u, err := engine.One[User](ctx, eng, core.Select(Users).Where(Users.ID.Eq(5)))
//	n, err := engine.Scalar[int64](ctx, eng, core.Select(core.Count()).From(Users))
//	for u, err := range engine.Iter[User](ctx, eng, q) { ... }
//
// They take any Querier: the Engine, a Conn, or a Tx.
//
// # Transactions
//
//	err := eng.Transaction(ctx, func(tx *engine.Tx) error {
//		// ... tx.Exec, tx.Query, nested tx.Transaction (a savepoint)
//		return nil // commit; an error or a panic rolls back
//	})
//
// # Errors
//
// Database errors are *DBError values, classified by the dialect: match
// them with errors.Is against ErrIntegrity, ErrUniqueViolation,
// ErrForeignKeyViolation, ErrNotNullViolation, ErrCheckViolation,
// ErrOperational, ErrDisconnect, ErrProgramming or ErrData, and reach the
// driver's own error with errors.As. ErrNoRows matches sql.ErrNoRows.
//
// # Pool
//
// Connections come from a pool (package pool) with a maximum size, an
// acquire timeout (ErrPoolTimeout), lifetime and idle limits, a ping before
// handing out a connection that sat idle, and invalidation of every older
// connection when one is found disconnected. A connection returned to the
// pool is rolled back if a transaction was left open.
//
// An Engine is safe for concurrent use. A Conn, Tx or Result belongs to one
// goroutine at a time.
package engine
