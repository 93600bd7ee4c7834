package engine

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/retort-go/retort/sqlcompile"
	"github.com/retort-go/retort/sqltype"
)

// This file is the contract between the Engine and the dialect packages
// (dialects/postgres, dialects/mysql, dialects/sqlite). Users need none of
// it beyond importing a dialect for its side effect of registering.

// Opener makes a Backend from a URL of its scheme; dialect packages register
// one per scheme with Register.
type Opener func(ctx context.Context, url string) (Backend, error)

// A RefArg is a driver argument that stands for a value read only when the
// statement runs: a backend's form of a value bound by its address (the ORM
// binds fields this way, so they are never copied into an interface).
// Hooks, echo logs, errors and Compile show RefValue, the value itself, as
// it was when the statement ran.
type RefArg interface {
	RefValue() any
}

// shownArgs returns args with each RefArg replaced by its value, copying
// args only when one is there.
func shownArgs(args []any) []any {
	for i, a := range args {
		if _, ok := a.(RefArg); ok {
			out := slices.Clone(args)
			for j := i; j < len(out); j++ {
				if r, ok := out[j].(RefArg); ok {
					out[j] = r.RefValue()
				}
			}
			return out
		}
	}
	return args
}

// Backend is one configured database: how to connect, how to convert values,
// how to classify errors. It is made once per Engine.
type Backend interface {
	// Connect opens a new connection.
	Connect(ctx context.Context) (DriverConn, error)
	// Init reads what it needs from the first connection (server version,
	// flavor) and returns the dialect to compile for.
	Init(ctx context.Context, c DriverConn) (*sqlcompile.Dialect, error)
	// BindValue converts a value bound as SQL type t (nil when unknown) to
	// what the driver accepts. Custom types are converted by the Engine
	// before; t is then their underlying type.
	BindValue(v any, t sqltype.Type) (any, error)
	// Classify says what kind of error a driver error is.
	Classify(err error) ErrorInfo
	// BeginSQL returns the statements that start a transaction with opts.
	BeginSQL(opts TxOptions) ([]string, error)
	// HasTable reports whether a table exists ("" schema: the default one).
	HasTable(ctx context.Context, c DriverConn, schema, name string) (bool, error)
}

// EnumTypeBackend is implemented by backends with named enum types
// (PostgreSQL), so CreateAll can create them first.
type EnumTypeBackend interface {
	HasEnumType(ctx context.Context, c DriverConn, name string) (bool, error)
}

// DriverConn is one open connection, as a dialect package provides it.
type DriverConn interface {
	// Exec runs a statement that returns no rows.
	Exec(ctx context.Context, sql string, args []any) (ExecResult, error)
	// Query runs a statement that returns rows.
	Query(ctx context.Context, sql string, args []any) (DriverRows, error)
	// Ping checks the connection is alive.
	Ping(ctx context.Context) error
	// Close closes the connection.
	Close() error
}

// Validator is implemented by driver connections that know when they are
// no longer usable (for example after a cancelled statement made the driver
// close them); such a connection is closed instead of returned to the pool.
type Validator interface {
	IsValid() bool
}

// ExecResult is what an Exec reports.
type ExecResult struct {
	// RowsAffected is the number of rows matched by an UPDATE or DELETE
	// (MySQL connections use found-rows semantics, so unchanged rows count)
	// or inserted by an INSERT.
	RowsAffected int64
	// LastInsertID is the autoincrement value of the last inserted row, on
	// dialects that report it (MySQL, SQLite); see HasLastInsertID.
	LastInsertID    int64
	HasLastInsertID bool
}

// DriverRows is the rows of one query, read one at a time.
type DriverRows interface {
	// Columns returns the result column names.
	Columns() []string
	// Next advances to the next row; false at the end or on error.
	Next() bool
	// Scan stores the current row into dest, one pointer per column.
	Scan(dest ...any) error
	// Values returns the current row as Go values (copies).
	Values() ([]any, error)
	// Err returns the error that ended iteration, if any.
	Err() error
	// Close releases the rows; the connection is usable again after it.
	Close() error
}

// ErrorClass is the kind of a database error, after SQLAlchemy's exception
// classes.
type ErrorClass uint8

// The error classes.
const (
	ClassUnknown     ErrorClass = iota
	ClassIntegrity              // a constraint was violated
	ClassOperational            // the database could not do it (lock timeout, disk full, connection problems)
	ClassProgramming            // bad SQL, unknown table or column
	ClassData                   // a value out of range or of the wrong form
)

// IntegrityKind says which constraint an integrity error violated.
type IntegrityKind uint8

// The integrity kinds.
const (
	IntegrityOther IntegrityKind = iota
	UniqueViolation
	ForeignKeyViolation
	NotNullViolation
	CheckViolation
)

// ErrorInfo is a dialect's reading of a driver error.
type ErrorInfo struct {
	Class      ErrorClass
	Integrity  IntegrityKind
	Constraint string // the violated constraint's name, when the database says
	Code       string // SQLSTATE or the driver's error number
	// Disconnect: the connection is gone; the Engine invalidates the pool.
	Disconnect bool
	// TxFailed: inside a transaction, the error leaves it unusable until it
	// (or the savepoint the statement ran in) is rolled back (PostgreSQL).
	TxFailed bool
	// TxRolledBack: inside a transaction, the database rolled the whole
	// transaction back (a MySQL deadlock, an interrupted SQLite write).
	TxRolledBack bool
}

var (
	registryMu sync.RWMutex
	registry   = map[string]Opener{}
)

// Register makes a URL scheme available to Open. Dialect packages call it
// from init; registering a scheme twice panics.
func Register(scheme string, open Opener) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[scheme]; dup {
		panic("engine: Register called twice for scheme " + scheme)
	}
	registry[scheme] = open
}

func lookup(url string) (Opener, string, error) {
	scheme, _, ok := strings.Cut(url, "://")
	if !ok {
		return nil, "", &URLError{URL: redactURL(url), Msg: "no scheme (expected postgres://, mysql:// or sqlite://)"}
	}
	registryMu.RLock()
	open := registry[scheme]
	registryMu.RUnlock()
	if open == nil {
		return nil, scheme, &URLError{URL: redactURL(url), Msg: fmt.Sprintf("unknown scheme %q (registered: %s; import the dialect package, e.g. _ \"github.com/retort-go/retort/dialects/%s\")",
			scheme, strings.Join(Schemes(), ", "), scheme)}
	}
	return open, scheme, nil
}

// Schemes returns the registered URL schemes, sorted.
func Schemes() []string {
	registryMu.RLock()
	defer registryMu.RUnlock()
	out := make([]string, 0, len(registry))
	for s := range registry {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// redactURL hides the password of a URL for messages.
func redactURL(u string) string {
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok {
		return u
	}
	at := strings.LastIndexByte(rest, '@')
	if at < 0 {
		return u
	}
	userinfo := rest[:at]
	if user, _, hasPass := strings.Cut(userinfo, ":"); hasPass {
		return scheme + "://" + user + ":***@" + rest[at+1:]
	}
	return u
}
