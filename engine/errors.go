package engine

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/retort-go/retort/pool"
)

// Sentinel errors. Database errors are *DBError values that match the class
// sentinels with errors.Is; the driver's own error is underneath (Unwrap).
var (
	// ErrNoRows: One (or Scalar) found no row. errors.Is(err, sql.ErrNoRows) also holds.
	ErrNoRows error = noRowsError{}
	// ErrMultipleRows: One found more than one row.
	ErrMultipleRows = errors.New("engine: more than one row where one was expected")
	// ErrClosed: the Engine, Conn or Result was closed.
	ErrClosed = errors.New("engine: closed")
	// ErrTxDone: the transaction was already committed or rolled back.
	ErrTxDone = errors.New("engine: transaction already committed or rolled back")
	// ErrConnBusy: a statement was run on a Conn or Tx while one of its
	// Results was still open. Read the Result to the end or Close it first.
	ErrConnBusy = errors.New("engine: a Result is still open on this connection; read it to the end or Close it first")
	// ErrPoolTimeout: no connection became free within the acquire timeout.
	ErrPoolTimeout = pool.ErrTimeout
	// ErrBadURL: the URL given to Open cannot be used.
	ErrBadURL = errors.New("engine: bad URL")

	// ErrIntegrity: a constraint was violated (any kind).
	ErrIntegrity = errors.New("engine: integrity error")
	// ErrUniqueViolation: a unique or primary key constraint was violated.
	ErrUniqueViolation = errors.New("engine: unique violation")
	// ErrForeignKeyViolation: a foreign key constraint was violated.
	ErrForeignKeyViolation = errors.New("engine: foreign key violation")
	// ErrNotNullViolation: NULL was written to a NOT NULL column.
	ErrNotNullViolation = errors.New("engine: not null violation")
	// ErrCheckViolation: a check constraint was violated.
	ErrCheckViolation = errors.New("engine: check violation")
	// ErrOperational: the database could not carry out the statement
	// (including ErrDisconnect).
	ErrOperational = errors.New("engine: operational error")
	// ErrDisconnect: the connection was lost; the pool was invalidated.
	ErrDisconnect = errors.New("engine: connection lost")
	// ErrProgramming: the SQL is wrong (syntax, unknown table or column).
	ErrProgramming = errors.New("engine: programming error")
	// ErrData: a value was out of range or malformed for the database.
	ErrData = errors.New("engine: data error")
)

type noRowsError struct{}

func (noRowsError) Error() string { return "engine: no rows in result" }

// Is makes errors.Is(err, sql.ErrNoRows) true, as pgx's ErrNoRows does.
func (noRowsError) Is(target error) bool { return target == sql.ErrNoRows }

// DBError is an error the database (or its driver) returned while running
// a statement, classified by the dialect. It carries the statement and its
// arguments (nil when the Engine hides parameters) and wraps the driver
// error, so errors.As can reach a *pgconn.PgError or *mysql.MySQLError.
type DBError struct {
	ErrorInfo
	SQL  string
	Args []any
	Err  error
}

func (e *DBError) Error() string {
	var b strings.Builder
	b.WriteString("engine: ")
	b.WriteString(e.className())
	if e.Constraint != "" {
		fmt.Fprintf(&b, " on %q", e.Constraint)
	}
	b.WriteString(": ")
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	}
	if e.SQL != "" {
		b.WriteString(" [SQL: ")
		b.WriteString(truncate(e.SQL, 500))
		b.WriteByte(']')
		if e.Args != nil {
			b.WriteString(" [args: ")
			b.WriteString(formatArgs(e.Args))
			b.WriteByte(']')
		}
	}
	return b.String()
}

func (e *DBError) className() string {
	switch e.Class {
	case ClassIntegrity:
		switch e.Integrity {
		case UniqueViolation:
			return "unique violation"
		case ForeignKeyViolation:
			return "foreign key violation"
		case NotNullViolation:
			return "not null violation"
		case CheckViolation:
			return "check violation"
		}
		return "integrity error"
	case ClassOperational:
		if e.Disconnect {
			return "connection lost"
		}
		return "operational error"
	case ClassProgramming:
		return "programming error"
	case ClassData:
		return "data error"
	}
	if e.Disconnect {
		return "connection lost"
	}
	return "database error"
}

// Unwrap returns the driver's error.
func (e *DBError) Unwrap() error { return e.Err }

// Is matches the class sentinels: ErrIntegrity and the violation kinds,
// ErrOperational, ErrDisconnect, ErrProgramming, ErrData.
func (e *DBError) Is(target error) bool {
	switch target {
	case ErrIntegrity:
		return e.Class == ClassIntegrity
	case ErrUniqueViolation:
		return e.Class == ClassIntegrity && e.Integrity == UniqueViolation
	case ErrForeignKeyViolation:
		return e.Class == ClassIntegrity && e.Integrity == ForeignKeyViolation
	case ErrNotNullViolation:
		return e.Class == ClassIntegrity && e.Integrity == NotNullViolation
	case ErrCheckViolation:
		return e.Class == ClassIntegrity && e.Integrity == CheckViolation
	case ErrOperational:
		return e.Class == ClassOperational || e.Disconnect
	case ErrDisconnect:
		return e.Disconnect
	case ErrProgramming:
		return e.Class == ClassProgramming
	case ErrData:
		return e.Class == ClassData
	}
	return false
}

// URLError reports a URL Open cannot use; the password is masked.
type URLError struct {
	URL string
	Msg string
	Err error
}

func (e *URLError) Error() string {
	s := "engine: bad URL " + e.URL + ": " + e.Msg
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *URLError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrBadURL) true.
func (e *URLError) Is(target error) bool { return target == ErrBadURL }

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// formatArgs renders arguments for messages and logs, shortening long ones.
func formatArgs(args []any) string {
	var b strings.Builder
	b.WriteByte('(')
	for i, a := range args {
		if i > 0 {
			b.WriteString(", ")
		}
		switch v := a.(type) {
		case string:
			fmt.Fprintf(&b, "%q", truncate(v, 100))
		case []byte:
			fmt.Fprintf(&b, "<%d bytes>", len(v))
		default:
			b.WriteString(truncate(fmt.Sprint(v), 100))
		}
	}
	b.WriteByte(')')
	return b.String()
}
