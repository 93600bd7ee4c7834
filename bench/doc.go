// Package bench measures Retort against raw pgx on a live PostgreSQL, and
// the statement compiler on its own. It is its own module (see go.mod), so
// the library's `go test ./...` never builds it and the library's go.mod
// never carries benchmark-only dependencies.
//
// Everything is in the _test.go files; README.md says what each benchmark
// measures and how to run, compare and profile them.
package bench
