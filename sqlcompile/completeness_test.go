package sqlcompile_test

// Layer 4 of the tests: completeness. A node type that the compiler has no
// case for would compile to an error at run time; these tests make it a
// test failure instead, as SQLAlchemy's test_compare.py::test_all_present
// does for its elements.

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/internal/compilecases"
)

const corePath = "github.com/retort-go/retort/core"

// handledElsewhere lists node types that legitimately have no case in
// sqlcompile, with the reason. It is empty today: every node is compiled
// by sqlcompile itself.
var handledElsewhere = map[string]string{}

// notCompiling lists sqlcompile functions whose type switches inspect nodes
// without writing SQL for them; a case there does not count as compiling
// the node.
var notCompiling = map[string]string{
	"precOf":   "decides parentheses only",
	"tablesOf": "collects the tables a statement reads for FROM inference",
	"froms":    "collects the tables a FROM clause covers",
}

// parseDir parses the non-test Go files of a directory.
func parseDir(t *testing.T, dir string) []*ast.File {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	fset := token.NewFileSet()
	var files []*ast.File
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		require.NoError(t, err)
		files = append(files, f)
	}
	require.NotEmpty(t, files, "no Go files in %s", dir)
	return files
}

// nodeTypes returns the types that declare the node method
// walk(w *keyWriter): the concrete node types of core.
func nodeTypes(files []*ast.File) []string {
	var out []string
	for _, f := range files {
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || fn.Name.Name != "walk" || len(fn.Recv.List) != 1 {
				continue
			}
			params := fn.Type.Params.List
			if len(params) != 1 || len(params[0].Names) > 1 {
				continue
			}
			star, ok := params[0].Type.(*ast.StarExpr)
			if !ok {
				continue
			}
			if id, ok := star.X.(*ast.Ident); !ok || id.Name != "keyWriter" {
				continue
			}
			recv := fn.Recv.List[0].Type
			if s, ok := recv.(*ast.StarExpr); ok {
				recv = s.X
			}
			if id, ok := recv.(*ast.Ident); ok {
				out = append(out, id.Name)
			}
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// compiledTypes returns the core types named as *core.T in a case clause of
// a type switch, or in a type assertion, in the functions of files outside
// notCompiling.
func compiledTypes(files []*ast.File) map[string]bool {
	out := map[string]bool{}
	for _, f := range files {
		coreName := ""
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == corePath {
				coreName = "core"
				if imp.Name != nil {
					coreName = imp.Name.Name
				}
			}
		}
		if coreName == "" {
			continue
		}
		coreType := func(e ast.Expr) (string, bool) {
			star, ok := e.(*ast.StarExpr)
			if !ok {
				return "", false
			}
			sel, ok := star.X.(*ast.SelectorExpr)
			if !ok {
				return "", false
			}
			if id, ok := sel.X.(*ast.Ident); !ok || id.Name != coreName {
				return "", false
			}
			return sel.Sel.Name, true
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			if _, skip := notCompiling[fn.Name.Name]; skip {
				continue
			}
			// A function taking a *core.T compiles it (c.lock(l *core.Lock)).
			for _, p := range fn.Type.Params.List {
				if name, ok := coreType(p.Type); ok {
					out[name] = true
				}
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.TypeSwitchStmt:
					for _, s := range n.Body.List {
						for _, e := range s.(*ast.CaseClause).List {
							if name, ok := coreType(e); ok {
								out[name] = true
							}
						}
					}
				case *ast.TypeAssertExpr:
					if name, ok := coreType(n.Type); ok {
						out[name] = true
					}
				}
				return true
			})
		}
	}
	return out
}

// missingCases returns the node types with no compile case and not allowed
// to lack one.
func missingCases(nodes []string, compiled map[string]bool, allowed map[string]string) []string {
	var missing []string
	for _, n := range nodes {
		if !compiled[n] && allowed[n] == "" {
			missing = append(missing, n)
		}
	}
	return missing
}

func TestEveryNodeTypeHasACompileCase(t *testing.T) {
	nodes := nodeTypes(parseDir(t, "../core"))
	// The scan must find the node types, or it proves nothing.
	require.GreaterOrEqual(t, len(nodes), 25, "node types found: %v", nodes)
	for _, n := range []string{"SelectStmt", "BindParam", "TextParam", "Join", "Table", "CreateTable"} {
		require.Contains(t, nodes, n)
	}

	files := parseDir(t, ".")
	compiled := compiledTypes(files)
	require.Empty(t, missingCases(nodes, compiled, handledElsewhere),
		"node types without a case in sqlcompile: add one (or, if another package compiles them, list them in handledElsewhere with the reason)")

	// The lists must not go stale.
	for n, why := range handledElsewhere {
		require.Contains(t, nodes, n, "handledElsewhere names %s (%s), which is not a node type", n, why)
		require.False(t, compiled[n], "%s has a compile case now: remove it from handledElsewhere", n)
	}
	funcs := map[string]bool{}
	for _, f := range files {
		for _, d := range f.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok {
				funcs[fn.Name.Name] = true
			}
		}
	}
	for name := range notCompiling {
		require.True(t, funcs[name], "notCompiling names %s, which sqlcompile no longer has", name)
	}
}

// The check itself: a node type added to core without a case in the
// compiler is reported.
func TestTheCompletenessCheckReportsANodeTypeWithoutACase(t *testing.T) {
	fset := token.NewFileSet()
	parse := func(src string) *ast.File {
		f, err := parser.ParseFile(fset, "x.go", src, 0)
		require.NoError(t, err)
		return f
	}
	coreSrc := parse(`package core
type keyWriter struct{}
type Window struct{}
type Lateral struct{}
type notANode struct{}
func (w *Window) walk(kw *keyWriter) {}
func (Lateral) walk(kw *keyWriter) {}
func (notANode) walk(x int) {}
func (*Window) String() string { return "" }
`)
	compSrc := parse(`package sqlcompile
import c "github.com/retort-go/retort/core"
func (x *Compiler) exprBare(n c.Node) {
	switch n.(type) {
	case *c.Window:
	}
}
func precOf(n c.Node) int {
	switch n.(type) {
	case *c.Lateral:
	}
	return 0
}
`)
	nodes := nodeTypes([]*ast.File{coreSrc})
	require.Equal(t, []string{"Lateral", "Window"}, nodes)
	compiled := compiledTypes([]*ast.File{compSrc})
	require.Equal(t, map[string]bool{"Window": true}, compiled, "a case in precOf does not count")
	require.Equal(t, []string{"Lateral"}, missingCases(nodes, compiled, nil))
	require.Empty(t, missingCases(nodes, compiled, map[string]string{"Lateral": "compiled by the dialect"}))

	// And against the real compiler: a new node type in core is missing.
	real := append(parseDir(t, "../core"), parse(`package core
type Window struct{}
func (*Window) walk(w *keyWriter) {}
`))
	require.Equal(t, []string{"Window"}, missingCases(nodeTypes(real), compiledTypes(parseDir(t, ".")), handledElsewhere))
}

// nodeTypesIn returns the names of the core node types reachable from v
// through statement structure. Tables and columns are recorded but not
// entered: what they hold is schema, not the statement.
func nodeTypesIn(v reflect.Value, seen map[uintptr]bool, out map[string]bool) {
	nodeIface := reflect.TypeFor[core.Node]()
	switch v.Kind() {
	case reflect.Interface:
		if !v.IsNil() {
			nodeTypesIn(v.Elem(), seen, out)
		}
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return
		}
		seen[v.Pointer()] = true
		if v.Type().Implements(nodeIface) && v.Type().Elem().PkgPath() == corePath {
			out[v.Type().Elem().Name()] = true
		}
		switch v.Type() {
		case reflect.TypeFor[*core.Table](), reflect.TypeFor[*core.ColumnDef](), reflect.TypeFor[*core.TableIndex](),
			reflect.TypeFor[*core.ForeignKeyConstraint]():
			return
		}
		nodeTypesIn(v.Elem(), seen, out)
	case reflect.Struct:
		for i := range v.NumField() {
			nodeTypesIn(v.Field(i), seen, out)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			nodeTypesIn(v.Index(i), seen, out)
		}
	}
}

// Every node type appears in at least one case that compiles successfully,
// so a compile case exists for it in these tables, not only in the compiler.
func TestEveryNodeTypeAppearsInASuccessfulCompileCase(t *testing.T) {
	nodes := nodeTypes(parseDir(t, "../core"))
	covered := map[string]bool{}
	for _, tc := range compilecases.All() {
		if tc.Bug != "" {
			continue
		}
		for _, r := range tc.Runs() {
			if r.Want.SQL != "" && r.Want.Skip == "" {
				nodeTypesIn(reflect.ValueOf(tc.Stmt()), map[uintptr]bool{}, covered)
				break
			}
		}
	}
	// Invalid only ever stands for bad input: it compiles to its error,
	// which the cases for nil arguments check.
	neverSucceeds := map[string]bool{"Invalid": true}
	var missing []string
	for _, n := range nodes {
		if !covered[n] && !neverSucceeds[n] {
			missing = append(missing, n)
		}
	}
	require.Empty(t, missing, "node types no successful compile case uses")
}

func TestCompileCasesAreCounted(t *testing.T) {
	all := compilecases.All()
	statements, expectations := len(all), 0
	for _, tc := range all {
		for _, r := range tc.Runs() {
			if r.Want.Skip == "" {
				expectations++
			}
		}
	}
	t.Logf("%d compile cases, %d dialect expectations", statements, expectations)
	require.Greater(t, statements, 200)
}
