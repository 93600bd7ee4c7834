package core

import (
	"fmt"
	"sort"
	"strings"

	"github.com/retort-go/retort/sqltype"
)

// TextStmt is a statement written as SQL text with named parameters, the
// escape hatch SQLAlchemy calls text():
//
//	core.Text("SELECT name FROM user_account WHERE id = :id").Bind("id", 5)
//
// A parameter is a colon followed by a name. A colon inside a quoted string,
// a quoted identifier or a comment, a PostgreSQL cast ("::int") and an
// escaped colon ("\:") are not parameters. Values are always sent as bound
// parameters, never spliced into the text. The text itself is part of the
// program: never build it from user input.
type TextStmt struct {
	sql     string
	chunks  []string     // literal SQL between parameters; len(chunks) == len(params)+1
	params  []*TextParam // one per occurrence
	binds   map[string]any
	columns []TextColumn
	err     error
}

// TextColumn declares a column a Text statement returns, so it can be a
// subquery or CTE and its results are processed by type.
type TextColumn struct {
	Name string
	Type sqltype.Type
}

// Columns declares the columns the text returns, in order.
func (t *TextStmt) Columns(cols ...TextColumn) *TextStmt {
	c := *t
	c.columns = append([]TextColumn(nil), cols...)
	for _, col := range cols {
		if col.Name == "" || col.Type == nil {
			c.err = &StatementError{Stmt: "text", Msg: "a TextColumn needs a name and a type"}
		}
	}
	return &c
}

// DeclaredColumns returns the columns declared with Columns.
func (t *TextStmt) DeclaredColumns() []TextColumn { return t.columns }

// OutputColumns returns the declared columns; Text without them cannot be
// a subquery.
func (t *TextStmt) OutputColumns() ([]SelectColumn, error) {
	if len(t.columns) == 0 {
		return nil, &StatementError{Stmt: "text", Msg: "the text's columns are unknown; declare them with Columns to use it as a subquery"}
	}
	out := make([]SelectColumn, len(t.columns))
	for i, c := range t.columns {
		out[i] = SelectColumn{Name: c.Name, Type: c.Type}
	}
	return out, nil
}

// TextParam is one occurrence of a named parameter in a TextStmt.
type TextParam struct {
	Name string
}

func (p *TextParam) walk(w *keyWriter) { w.tag(tagTextParam) }

// Text parses sql for named parameters; bind their values with Bind.
func Text(sql string) *TextStmt {
	t := &TextStmt{sql: sql}
	t.chunks, t.params, t.err = parseText(sql)
	return t
}

// Bind returns the statement with a value for the parameter name; it is an
// error (reported at compile time) to bind a name the text does not use.
func (t *TextStmt) Bind(name string, v any) *TextStmt {
	c := *t
	c.binds = make(map[string]any, len(t.binds)+1)
	for k, x := range t.binds {
		c.binds[k] = x
	}
	c.binds[name] = v
	return &c
}

// BindMap returns the statement with values for several parameters.
func (t *TextStmt) BindMap(values map[string]any) *TextStmt {
	c := t
	for k, v := range values {
		c = c.Bind(k, v)
	}
	return c
}

// SQL returns the text as written.
func (t *TextStmt) SQL() string { return t.sql }

// Chunks returns the literal SQL around the parameters and the parameter
// occurrences, for compilers: chunk[0] param[0] chunk[1] ... chunk[n].
func (t *TextStmt) Chunks() ([]string, []*TextParam) { return t.chunks, t.params }

// Err reports a parse error, a parameter without a value, or a value bound
// to a name the text does not use.
func (t *TextStmt) Err() error {
	if t.err != nil {
		return t.err
	}
	used := make(map[string]bool, len(t.params))
	for _, p := range t.params {
		used[p.Name] = true
		if _, ok := t.binds[p.Name]; !ok {
			return &StatementError{Stmt: "text", Msg: fmt.Sprintf("no value bound for parameter :%s", p.Name)}
		}
	}
	var extra []string
	for k := range t.binds {
		if !used[k] {
			extra = append(extra, k)
		}
	}
	if len(extra) > 0 {
		sort.Strings(extra)
		return &StatementError{Stmt: "text", Msg: "values bound to names the text does not use: " + strings.Join(extra, ", ")}
	}
	return nil
}

func (t *TextStmt) statement() {}

func isIdentStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isIdentChar(c byte) bool  { return isIdentStart(c) || c >= '0' && c <= '9' }

// parseText splits sql into literal chunks and parameter occurrences.
func parseText(sql string) ([]string, []*TextParam, error) {
	var (
		chunks []string
		params []*TextParam
		cur    strings.Builder
	)
	n := len(sql)
	for i := 0; i < n; {
		c := sql[i]
		switch {
		case c == '\'' || c == '"' || c == '`':
			// Quoted string or identifier; a doubled quote is an escaped quote.
			j := i + 1
			for {
				k := strings.IndexByte(sql[j:], c)
				if k < 0 {
					return nil, nil, &StatementError{Stmt: "text", Msg: fmt.Sprintf("unterminated %c quote", c)}
				}
				j += k + 1
				if j < n && sql[j] == c {
					j++
					continue
				}
				break
			}
			cur.WriteString(sql[i:j])
			i = j
		case c == '-' && i+1 < n && sql[i+1] == '-':
			j := strings.IndexByte(sql[i:], '\n')
			if j < 0 {
				j = n - i
			}
			cur.WriteString(sql[i : i+j])
			i += j
		case c == '/' && i+1 < n && sql[i+1] == '*':
			j := strings.Index(sql[i+2:], "*/")
			if j < 0 {
				return nil, nil, &StatementError{Stmt: "text", Msg: "unterminated /* comment"}
			}
			cur.WriteString(sql[i : i+j+4])
			i += j + 4
		case c == '\\' && i+1 < n && sql[i+1] == ':':
			cur.WriteByte(':')
			i += 2
		case c == ':' && i+1 < n && sql[i+1] == ':':
			cur.WriteString("::")
			i += 2
		case c == ':' && i+1 < n && isIdentStart(sql[i+1]) && (i == 0 || !isIdentChar(sql[i-1])):
			j := i + 1
			for j < n && isIdentChar(sql[j]) {
				j++
			}
			chunks = append(chunks, cur.String())
			cur.Reset()
			params = append(params, &TextParam{Name: sql[i+1 : j]})
			i = j
		default:
			cur.WriteByte(c)
			i++
		}
	}
	chunks = append(chunks, cur.String())
	return chunks, params, nil
}
