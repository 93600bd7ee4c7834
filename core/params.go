package core

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Params are values for the named parameters (Param) of a statement.
type Params map[string]any

// BoundStmt is a statement with values for its named parameters; see
// WithParams. It compiles (and is cached) exactly as the statement does.
type BoundStmt struct {
	Stmt   Statement
	Params Params
}

// WithParams gives values to the named parameters of s for one execution,
// SQLAlchemy's execute(stmt, {"name": value}):
//
//	byName := core.Select(Users).Where(Users.Name.EqExpr(core.Param[string]("name")))
//	u, err := engine.One[User](ctx, eng, core.WithParams(byName, core.Params{"name": "sandy"}))
//
// A parameter without a value, or a value for a name s does not use, is an
// error when the statement is compiled.
func WithParams(s Statement, p Params) *BoundStmt { return &BoundStmt{Stmt: s, Params: p} }

func (b *BoundStmt) statement() {}

// Err reports a missing statement.
func (b *BoundStmt) Err() error {
	if b.Stmt == nil {
		return &StatementError{Stmt: "statement", Msg: "WithParams of a nil statement"}
	}
	return nil
}

func (b *BoundStmt) walk(w *keyWriter) {
	if err := b.Err(); err != nil {
		w.fail(err)
		return
	}
	if w.nodesOnly {
		b.Stmt.walk(w)
		return
	}
	outer, outerFrom := w.params, w.usedFrom
	w.params, w.usedFrom = b.Params, len(w.used)
	b.Stmt.walk(w)
	used := w.used[w.usedFrom:]
	var unused []string
	if len(used) < len(b.Params) {
		for k := range b.Params {
			if !slices.Contains(used, k) {
				unused = append(unused, k)
			}
		}
	}
	if len(unused) > 0 {
		sort.Strings(unused)
		w.fail(&StatementError{Stmt: "statement", Msg: "values given for parameters the statement does not use: " + strings.Join(unused, ", ")})
	}
	clear(used)
	w.params, w.used, w.usedFrom = outer, w.used[:w.usedFrom], outerFrom
}

func (n *NamedParam) walk(w *keyWriter) {
	w.tag(tagNamedParam)
	w.str(n.Name)
	w.typ(n.Type)
	if w.nodesOnly {
		w.value(n, nil)
		return
	}
	v, ok := w.params[n.Name]
	if !ok {
		w.fail(&StatementError{Stmt: "statement", Msg: fmt.Sprintf("no value for parameter %q (give it with core.WithParams)", n.Name)})
	}
	if ok && !slices.Contains(w.used[w.usedFrom:], n.Name) {
		w.used = append(w.used, n.Name)
	}
	w.value(n, v)
}
