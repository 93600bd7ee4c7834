package core

import (
	"errors"
	"strings"
)

// Sentinel errors; every error core returns matches one of them with errors.Is.
var (
	// ErrDefinition: a table, column or constraint definition is malformed.
	ErrDefinition = errors.New("core: bad definition")
	// ErrStatement: a statement was built with input that cannot make SQL.
	ErrStatement = errors.New("core: bad statement")
	// ErrValue: a value does not fit its column or type.
	ErrValue = errors.New("core: bad value")
)

// DefinitionError reports a malformed schema definition: a bad struct tag,
// an unknown column in a constraint, a foreign key to a missing table. It is
// what NewTable panics with and what DefineTable returns.
type DefinitionError struct {
	Table  string // table name, if known
	Field  string // Go struct field, for typed tables
	Column string // column name, if known
	Msg    string
	Err    error // underlying cause, if any
}

func (e *DefinitionError) Error() string {
	var b strings.Builder
	b.WriteString("core: ")
	if e.Table != "" {
		b.WriteString("table ")
		b.WriteString(e.Table)
		if e.Field != "" {
			b.WriteString(", field ")
			b.WriteString(e.Field)
		} else if e.Column != "" {
			b.WriteString(", column ")
			b.WriteString(e.Column)
		}
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *DefinitionError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrDefinition) true.
func (e *DefinitionError) Is(target error) bool { return target == ErrDefinition }

// StatementError reports a statement built with bad input, for example
// values for a column of another table or an INSERT whose rows set different
// columns. Builders record it and compilation returns it; the statement is
// never partly rendered.
type StatementError struct {
	Stmt string // "select", "insert", ...
	Msg  string
	Err  error
}

func (e *StatementError) Error() string {
	s := "core: " + e.Stmt + ": " + e.Msg
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *StatementError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrStatement) true.
func (e *StatementError) Is(target error) bool { return target == ErrStatement }

// ValueError reports a value that does not fit: the wrong Go type for a
// column or custom type, an integer out of range, an enum value not in the set.
type ValueError struct {
	Column string // "table.column", if known
	Type   string // the SQL or custom type, if known
	Want   string // what was expected
	Got    string // what was given
	Err    error
}

func (e *ValueError) Error() string {
	var b strings.Builder
	b.WriteString("core: ")
	switch {
	case e.Column != "":
		b.WriteString("column ")
		b.WriteString(e.Column)
	case e.Type != "":
		b.WriteString("type ")
		b.WriteString(e.Type)
	default:
		b.WriteString("value")
	}
	if e.Want != "" {
		b.WriteString(" wants ")
		b.WriteString(e.Want)
	}
	if e.Got != "" {
		b.WriteString(", got ")
		b.WriteString(e.Got)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *ValueError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrValue) true.
func (e *ValueError) Is(target error) bool { return target == ErrValue }
