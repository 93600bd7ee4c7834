package sqlcompile_test

// Layer 1 of the tests (docs: STYLE.md, "Tests, in four layers"): compile
// tables. Each case holds one statement and, side by side, the SQL and
// arguments every dialect must produce, in the manner of SQLAlchemy's
// assert_compile(..., checkparams=...) and ent's builder_test.go.
//
// The expected strings are written by hand from what each database accepts
// and from SQLAlchemy's documented output, and each was checked against
// PostgreSQL 15, MariaDB 10.11 (for the MySQL strings too) and SQLite:
// prepared, or executed for DDL. Where Retort deliberately differs from SQLAlchemy, the string
// is still SQL the database accepts: positional placeholders instead of
// bind names, "JOIN" rather than MySQL's "INNER JOIN", no ASC keyword,
// count(*) AS count rather than count_1, "1 != 1" for an empty IN, a bare
// OFFSET on PostgreSQL (not LIMIT ALL OFFSET), no OFFSET 0 after a LIMIT on
// SQLite, and table constraints in the order PRIMARY KEY, FOREIGN KEY,
// UNIQUE, CHECK.

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/internal/compilecases"
	"github.com/retort-go/retort/sqlcompile"
)

// runCompileCases compiles every case for every dialect and checks the
// SQL, the args, the result columns and that the compiled-statement cache
// gives the same answer as a plain compile.
func runCompileCases(t *testing.T, cases []compilecases.Case) {
	t.Helper()
	seen := map[string]bool{}
	for _, tc := range cases {
		require.False(t, seen[tc.Name], "duplicate case name %q", tc.Name)
		seen[tc.Name] = true
		t.Run(tc.Name, func(t *testing.T) {
			if tc.Bug != "" {
				t.Skip("BUG: " + tc.Bug)
			}
			for _, r := range tc.Runs() {
				t.Run(r.Name, func(t *testing.T) {
					if r.Want.Skip != "" {
						t.Skip(r.Want.Skip)
					}
					checkCompile(t, r.Dialect, tc.Stmt(), r.Want, tc.Columns)
				})
			}
		})
	}
}

func checkCompile(t *testing.T, d *sqlcompile.Dialect, stmt core.Statement, w compilecases.Want, columns []string) {
	t.Helper()
	cs, args, err := sqlcompile.Compile(d, stmt)
	if w.Err != nil || w.ErrMsg != "" {
		require.Error(t, err, "compiled to %q", sqlOf(cs))
		if w.Err != nil {
			require.ErrorIs(t, err, w.Err)
		}
		require.ErrorContains(t, err, w.ErrMsg)
		require.Nil(t, cs)

		// Errors are never cached: the cache returns the same error, twice.
		cache := sqlcompile.NewCache(d, 4)
		for range 2 {
			_, _, _, cerr := cache.Compile(stmt)
			require.Error(t, cerr)
			require.Equal(t, err.Error(), cerr.Error())
		}
		require.Zero(t, cache.Stats().Size)
		return
	}
	require.NoError(t, err)
	require.Equal(t, w.SQL, cs.SQL)
	if len(w.Args) == 0 {
		require.Empty(t, args)
	} else {
		require.Equal(t, w.Args, args)
	}
	require.Equal(t, len(args), cs.NumArgs)
	require.Len(t, cs.ArgTypes, cs.NumArgs)
	requirePlaceholders(t, d, cs)
	requireValuesNotInSQL(t, cs.SQL, args)
	if columns != nil {
		names := make([]string, len(cs.Columns))
		for i, c := range cs.Columns {
			names[i] = c.Name
		}
		require.Equal(t, columns, names, "result column names")
	}

	// The same statement through a cache: a miss, then a hit with the
	// same SQL and args (DDL is never cached, so never a hit).
	cache := sqlcompile.NewCache(d, 4)
	for i := range 2 {
		ccs, cargs, hit, cerr := cache.Compile(stmt)
		require.NoError(t, cerr)
		require.Equal(t, cs.SQL, ccs.SQL)
		require.Equal(t, args, cargs)
		require.Equal(t, i == 1 && cs.Kind != sqlcompile.KindDDL, hit, "cache hit on compile %d", i+1)
	}
}

func sqlOf(cs *sqlcompile.Compiled) string {
	if cs == nil {
		return ""
	}
	return cs.SQL
}

// requirePlaceholders checks that the SQL holds exactly NumArgs
// placeholders in the dialect's style ($1, $2, ... in order for PostgreSQL).
// Text statements are skipped: their SQL may hold anything the user wrote.
func requirePlaceholders(t *testing.T, d *sqlcompile.Dialect, cs *sqlcompile.Compiled) {
	t.Helper()
	if cs.Kind == sqlcompile.KindText {
		return
	}
	if d.Placeholder == sqlcompile.Dollar {
		for i := 1; i <= cs.NumArgs; i++ {
			require.Contains(t, cs.SQL, fmt.Sprintf("$%d", i))
		}
		require.NotContains(t, cs.SQL, fmt.Sprintf("$%d", cs.NumArgs+1))
		return
	}
	require.Equal(t, cs.NumArgs, strings.Count(cs.SQL, "?"), "placeholders in %q", cs.SQL)
}

// requireValuesNotInSQL checks principle 3 of the design: bound values are
// never spliced into the SQL text.
func requireValuesNotInSQL(t *testing.T, sqlText string, args []any) {
	t.Helper()
	for _, a := range args {
		if s, ok := a.(string); ok && len(s) >= 3 {
			require.NotContains(t, sqlText, s, "a bound value appears in the SQL")
		}
	}
}

// TestCompileCases runs every compile table (internal/compilecases) for
// every dialect. tests/ runs the same cases on the real databases.
func TestCompileCases(t *testing.T) {
	for _, g := range compilecases.Groups() {
		t.Run(g.Name, func(t *testing.T) { runCompileCases(t, g.Cases()) })
	}
}

// The dialects and schema of the cases, by their short names.
var (
	pgDialect      = compilecases.PG
	mysqlDialect   = compilecases.MySQL
	mariadbDialect = compilecases.MariaDB
	sqliteDialect  = compilecases.SQLite
	Users          = compilecases.Users
	Addresses      = compilecases.Addresses
	Tags           = compilecases.Tags
	Events         = compilecases.Events
	Messages       = compilecases.Messages
	Deliveries     = compilecases.Deliveries
	Counters       = compilecases.Counters
)

func ptr[T any](v T) *T { return &v }
