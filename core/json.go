package core

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/retort-go/retort/sqltype"
)

// JSONPathExpr reads a member of a JSON document: X -> path as JSON, or
// as text with Text. The path is bound, never written into the SQL, in the
// two forms the dialects take: PGPath (a text array for PostgreSQL's #>
// and #>>) and Path (a JSON path '$."key"[0]' for MySQL and SQLite).
type JSONPathExpr struct {
	X      Node
	PGPath Node
	Path   Node
	Text   bool
}

func (n *JSONPathExpr) exprNode() Node   { return n }
func (n *JSONPathExpr) selectNode() Node { return n }
func (n *JSONPathExpr) orderNode() Node  { return n }

// JSONGet reads the member of the JSON document x at path (object keys as
// strings, array indexes as ints), as a JSON document:
//
//	core.JSONGet(Docs.Body, "author", "names", 0)
func JSONGet(x Expr, path ...any) Expression[json.RawMessage] {
	return typed[json.RawMessage](jsonPath(x, path, false))
}

// JSONGetText reads the member at path as text: a JSON string without its
// quotes, other values as their JSON text.
func JSONGetText(x Expr, path ...any) Expression[string] {
	return typed[string](jsonPath(x, path, true))
}

func jsonPath(x Expr, path []any, text bool) Node {
	if len(path) == 0 {
		return invalid("a JSON path needs at least one step")
	}
	pg := make([]string, len(path))
	var b strings.Builder
	b.WriteByte('$')
	for i, p := range path {
		switch k := p.(type) {
		case string:
			pg[i] = k
			b.WriteString(`."`)
			b.WriteString(strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(k))
			b.WriteByte('"')
		case int:
			if k < 0 {
				return invalid("a JSON array index cannot be negative")
			}
			pg[i] = strconv.Itoa(k)
			b.WriteString("[" + strconv.Itoa(k) + "]")
		default:
			return invalid(fmt.Sprintf("a JSON path step must be a string or an int, not %T", p))
		}
	}
	return &JSONPathExpr{
		X:      exprOrInvalid(x, "JSON document"),
		PGPath: &BindParam{Value: pg, Type: sqltype.Array{Elem: sqltype.Text{}}},
		Path:   &BindParam{Value: b.String(), Type: sqltype.Text{}},
		Text:   text,
	}
}
