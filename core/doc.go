// Package core is Retort's schema and statement layer: tables, columns and
// constraints, and SQL statements built as immutable values. It is pure
// data — no I/O, no driver, no dialect — so statements can be built
// anywhere and compiled for any dialect (package sqlcompile) and run by an
// engine (package engine).
//
// # Tables
//
// A typed table is a struct that embeds Table and declares one Column[T]
// per column; T is the Go type of the column's values and decides its SQL
// type unless the `db` tag says otherwise:
//
//	type UserTable struct {
//		core.Table
//		ID       core.Column[int64]            `db:"id,pk"`
//		Name     core.Column[string]           `db:"name,size=30,unique"`
//		Fullname core.Column[sql.Null[string]] `db:"fullname"`
//	}
//
//	var (
//		md    = core.NewMetaData()
//		Users = core.NewTable[UserTable](md, "user_account")
//	)
//
// Tables known only at run time are built from ColumnSpecs with
// NewDynamicTable and read with Table.C. Both are the same *Table.
//
// # Statements
//
// Select, Insert, Update, Delete and Text build statements. Every builder
// method returns a new statement, so statements can live in package
// variables and be shared by goroutines. Comparisons are typed: Users.ID.Eq
// takes an int64. Values always become bound parameters; nothing a program
// passes as a value is ever written into the SQL text.
//
//	q := core.Select(Users.ID, Users.Name).
//		Where(Users.Name.In("spongebob", "sandy"), Users.Fullname.IsNotNull()).
//		OrderBy(Users.ID.Desc()).
//		Limit(10)
//
// Building a statement never panics on bad input: the first error is kept
// in the statement (Err) and returned when it is compiled.
//
// # Nodes
//
// Statements are trees of Node values. Node types are defined only in this
// package; their fields are exported for compilers and tools and must not
// be modified. Each node declares its structure once (for cache keys and
// the canonical order of its values, see KeyBuilder).
package core
