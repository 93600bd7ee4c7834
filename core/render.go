package core

import "sync/atomic"

// renderer turns a statement into readable SQL for String. sqlcompile
// installs it (core cannot import the compiler); without it String says
// so.
var renderer atomic.Pointer[func(Statement) string]

// SetRenderer installs the function statements' String methods use. The
// sqlcompile package calls it when it is loaded; it is not for users.
func SetRenderer(f func(Statement) string) { renderer.Store(&f) }

func render(s Statement) string {
	if f := renderer.Load(); f != nil {
		return (*f)(s)
	}
	return "<statement: import github.com/retort-go/retort/sqlcompile to render it>"
}

// String renders the statement as SQL in a generic dialect, with $1, $2,
// ... where values are bound, for reading and debugging. The SQL a database
// runs comes from its dialect and may differ.
func (s *SelectStmt) String() string { return render(s) }

// String renders the statement as SQL; see SelectStmt.String.
func (c *CompoundSelect) String() string { return render(c) }

// String renders the statement as SQL; see SelectStmt.String.
func (s *InsertStmt) String() string { return render(s) }

// String renders the statement as SQL; see SelectStmt.String.
func (s *UpdateStmt) String() string { return render(s) }

// String renders the statement as SQL; see SelectStmt.String.
func (s *DeleteStmt) String() string { return render(s) }

// String renders the statement as SQL; see SelectStmt.String.
func (t *TextStmt) String() string { return render(t) }

// String renders the statement as SQL; see SelectStmt.String.
func (b *BoundStmt) String() string { return render(b) }

// String renders the statement as SQL; see SelectStmt.String.
func (s *CreateTable) String() string { return render(s) }

// String renders the statement as SQL; see SelectStmt.String.
func (s *DropTable) String() string { return render(s) }

// String renders the statement as SQL; see SelectStmt.String.
func (s *CreateIndex) String() string { return render(s) }

// String renders the statement as SQL; see SelectStmt.String.
func (s *DropIndex) String() string { return render(s) }

// String renders the statement as SQL; see SelectStmt.String.
func (s *AddForeignKey) String() string { return render(s) }

// String renders the statement as SQL; see SelectStmt.String.
func (s *DropForeignKey) String() string { return render(s) }

// String renders the statement as SQL; see SelectStmt.String.
func (s *CreateEnumType) String() string { return render(s) }

// String renders the statement as SQL; see SelectStmt.String.
func (s *DropEnumType) String() string { return render(s) }
