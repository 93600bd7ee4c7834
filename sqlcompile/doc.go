// Package sqlcompile turns core statements into SQL text and arguments for
// one dialect. There is one compiler: a Dialect value describes what a
// database can do (capability fields, read by the compiler, the engine and
// the tests) and overrides a few named hooks (column types, LIMIT/OFFSET);
// nothing branches on a dialect's name.
//
// # Compiling
//
//	cs, args, err := sqlcompile.Compile(d, core.Select(Users).Where(Users.ID.Eq(1)))
//	// cs.SQL: SELECT user_account.id, ... FROM user_account WHERE user_account.id = $1
//	// args:   [1]
//
// A construct the dialect cannot express is an *UnsupportedError naming the
// dialect and the construct, never SQL the database would misread.
//
// # Caching
//
// A Compiled statement holds no values: statements with the same structure
// share it, and Compiled.Args places each execution's values. Cache keeps
// compiled statements keyed by structure (core.KeyBuilder); an Engine owns
// one, so a statement shape is compiled once per engine.
package sqlcompile
