package sqlcompile_test

// FuzzCompile decodes its input into a random statement tree (a small
// deterministic generator driven by the input's bytes) and compiles it for
// every dialect. Whether a tree compiles is not the question: many are
// legitimately unsupported on some dialect. What must hold is:
//
//   - compiling never panics; an error is an error;
//   - the SQL has exactly one placeholder per argument ($1..$n in order on
//     PostgreSQL, ? elsewhere), quotes and parentheses balance and there is
//     no comment in it; SQLite parses what the SQLite dialect wrote (an
//     in-memory database with the schema prepares it);
//   - no bound value is ever written into the SQL text;
//   - every bound value reaches the arguments, and nothing else does;
//   - compiling is deterministic (the same tree twice, the same bytes built
//     twice), and the compiled-statement cache gives what a plain compile
//     gives, on a miss, on a hit, for a statement that differs only in its
//     values (which must hit) and for variants that differ in names,
//     operators and types (which must not share an entry they do not
//     deserve).
//
// Bound values are marked so they can be traced: strings hold "⟦a17⟧"
// (the letter tells the build apart, the number the value), integers are
// 9xxxxxxxx. The generator keeps the list of values it bound, and forgets
// the values of a branch it builds only to throw away (a check that
// builders do not share their slices).
//
// The bugs it found are fixed; testdata/fuzz/FuzzCompile/bug* are their
// reproducing inputs, kept as regression seeds.

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand"
	"reflect"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/retort-go/retort/core"
	cc "github.com/retort-go/retort/internal/compilecases"
	"github.com/retort-go/retort/sqlcompile"
	"github.com/retort-go/retort/sqltype"
)

// fuzzDialects are the dialects every input is compiled for.
var fuzzDialects = []struct {
	name string
	d    *sqlcompile.Dialect
}{{"postgres", cc.PG}, {"mysql", cc.MySQL}, {"mariadb", cc.MariaDB}, {"sqlite", cc.SQLite}}

// fuzzDocTable adds the column types the shared schema lacks: JSON,
// arrays, floats, times, and a unique key for upserts.
type fuzzDocTable struct {
	core.Table
	ID    core.Column[int64]           `db:"id,pk"`
	Key   core.Column[string]          `db:"key,size=20,unique"`
	Body  core.Column[json.RawMessage] `db:"body,null"`
	Tags  core.Column[[]string]        `db:"tags,null"`
	Nums  core.Column[[]int64]         `db:"nums,null"`
	Score core.Column[float64]         `db:"score,index"`
	Seen  core.Column[time.Time]       `db:"seen,null"`
}

var (
	fuzzMD   = core.NewMetaData()
	fuzzDocs = core.NewTable[fuzzDocTable](fuzzMD, "fuzz_doc")
)

// kind is the Go type of a generated expression.
type kind uint8

const (
	kInt kind = iota
	kStr
	kBool
)

// fuzzSource is something to read columns from: a table, an alias, a
// subquery or a CTE, with its columns sorted by kind.
type fuzzSource struct {
	tbl   *core.Table
	from  core.FromItem
	ints  []core.Column[int64]
	strs  []core.Column[string]
	bools []core.Column[bool]
	// derived: a subquery or CTE (its values are bound where it is
	// written, so LockOf, which writes only its name, stays off it).
	derived bool
}

func fuzzSourceOf(t *core.Table) *fuzzSource {
	s := &fuzzSource{tbl: t, from: t}
	nullString := reflect.TypeFor[sql.Null[string]]()
	for _, c := range t.Columns() {
		gt := c.GoType()
		if gt == nullString {
			s.strs = append(s.strs, core.ColumnOf[string](t, c.Name()))
			continue
		}
		if gt.Kind() == reflect.Pointer {
			gt = gt.Elem()
		}
		switch gt.Kind() {
		case reflect.Int64, reflect.Int32:
			s.ints = append(s.ints, core.ColumnOf[int64](t, c.Name()))
		case reflect.String:
			s.strs = append(s.strs, core.ColumnOf[string](t, c.Name()))
		case reflect.Bool:
			s.bools = append(s.bools, core.ColumnOf[bool](t, c.Name()))
		}
	}
	return s
}

// derivedSource reads the columns k0, k1, ... of a subquery or CTE made
// from a query of the given shape.
func derivedSource(t *core.Table, shape []kind) *fuzzSource {
	s := &fuzzSource{tbl: t, from: t, derived: true}
	for i, k := range shape {
		name := "k" + strconv.Itoa(i)
		switch k {
		case kInt:
			s.ints = append(s.ints, core.ColumnOf[int64](t, name))
		case kStr:
			s.strs = append(s.strs, core.ColumnOf[string](t, name))
		case kBool:
			s.bools = append(s.bools, core.ColumnOf[bool](t, name))
		}
	}
	return s
}

var fuzzBase = []*fuzzSource{
	fuzzSourceOf(&cc.Users.Table),
	fuzzSourceOf(&cc.Addresses.Table),
	fuzzSourceOf(&cc.Deliveries.Table),
	fuzzSourceOf(&cc.Messages.Table),
	fuzzSourceOf(&cc.Tags.Table),
	fuzzSourceOf(&cc.Events.Table),
	fuzzSourceOf(&cc.Counters.Table),
	fuzzSourceOf(cc.OrderLines),
	fuzzSourceOf(cc.OrderLineNotes),
	fuzzSourceOf(&fuzzDocs.Table),
}

// fuzzCol is an assignable column of an INSERT or UPDATE target.
type fuzzCol struct {
	key  core.Expr
	kind kind // for INSERT ... SELECT; only int, str and bool columns take part
	sel  bool // usable in INSERT ... SELECT
	// to assigns a value or an expression; excluded allows core.Excluded.
	to func(g *fuzzGen, excluded bool) core.Assignment
	// value is a value (or expression) for a core.Values map.
	value func(g *fuzzGen) any
}

func intCol(c core.Column[int64]) fuzzCol {
	return fuzzCol{key: c, kind: kInt, sel: true,
		to: func(g *fuzzGen, excluded bool) core.Assignment {
			switch g.pick(4) {
			case 1:
				return c.ToExpr(g.intE())
			case 2:
				if excluded {
					return c.ToExpr(core.Excluded(c).Add(g.num()))
				}
			}
			return c.To(g.num())
		},
		value: func(g *fuzzGen) any {
			if g.pick(4) == 1 {
				return g.intE()
			}
			return g.num()
		},
	}
}

func strCol(c core.Column[string]) fuzzCol {
	return fuzzCol{key: c, kind: kStr, sel: true,
		to: func(g *fuzzGen, excluded bool) core.Assignment {
			switch g.pick(4) {
			case 1:
				return c.ToExpr(g.strE())
			case 2:
				if excluded {
					return c.ToExpr(core.Excluded(c).Concat(g.str()))
				}
			}
			return c.To(g.str())
		},
		value: func(g *fuzzGen) any {
			if g.pick(4) == 1 {
				return g.strE()
			}
			return g.str()
		},
	}
}

func boolCol(c core.Column[bool]) fuzzCol {
	return fuzzCol{key: c, kind: kBool, sel: true,
		to: func(g *fuzzGen, excluded bool) core.Assignment {
			switch g.pick(3) {
			case 1:
				return c.ToExpr(g.boolE())
			case 2:
				if excluded {
					return c.ToExpr(core.Not(core.Excluded(c)))
				}
			}
			return c.To(g.pick(2) == 1)
		},
		value: func(g *fuzzGen) any { return g.pick(2) == 1 },
	}
}

// otherCol is a column of a type the generator has no expressions for.
func otherCol[T any](c core.Column[T], v func(g *fuzzGen) T) fuzzCol {
	return fuzzCol{key: c,
		to: func(g *fuzzGen, excluded bool) core.Assignment {
			if excluded && g.pick(2) == 1 {
				return c.ToExpr(core.Excluded(c))
			}
			return c.To(v(g))
		},
		value: func(g *fuzzGen) any { return v(g) },
	}
}

// fuzzTarget is an INSERT, UPDATE or DELETE target.
type fuzzTarget struct {
	src  *fuzzSource
	tl   core.TableLike
	cols []fuzzCol
}

var fuzzTargets = func() []fuzzTarget {
	u, a, m, ev, d := cc.Users, cc.Addresses, cc.Messages, cc.Events, fuzzDocs
	ol, oln := cc.OrderLines, cc.OrderLineNotes
	return []fuzzTarget{
		{fuzzBase[0], u, []fuzzCol{intCol(u.ID), strCol(u.Name),
			otherCol(u.Fullname, func(g *fuzzGen) sql.Null[string] {
				if g.pick(3) == 0 {
					return sql.Null[string]{}
				}
				return sql.Null[string]{V: g.str(), Valid: true}
			}),
			otherCol(u.Nickname, func(g *fuzzGen) *string {
				if g.pick(3) == 0 {
					return nil
				}
				s := g.str()
				return &s
			}),
			boolCol(u.Active)}},
		{fuzzBase[1], a, []fuzzCol{intCol(a.ID), intCol(a.UserID), strCol(a.Email)}},
		{fuzzBase[3], m, []fuzzCol{intCol(m.ID), intCol(m.SenderID), intCol(m.RecipientID), strCol(m.Body)}},
		{fuzzBase[5], ev, []fuzzCol{intCol(ev.ID), strCol(ev.Title), intCol(ev.Version), strCol(ev.UpdatedBy),
			otherCol(ev.CreatedAt, func(*fuzzGen) time.Time { return time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC) })}},
		{fuzzBase[6], cc.Counters, []fuzzCol{intCol(cc.Counters.ID)}},
		{fuzzBase[7], ol, []fuzzCol{intCol(core.ColumnOf[int64](ol, "order_id")), intCol(core.ColumnOf[int64](ol, "line")),
			intCol(core.ColumnOf[int64](ol, "qty"))}},
		{fuzzBase[8], oln, []fuzzCol{intCol(core.ColumnOf[int64](oln, "id")), intCol(core.ColumnOf[int64](oln, "order_id")),
			intCol(core.ColumnOf[int64](oln, "line")), strCol(core.ColumnOf[string](oln, "note"))}},
		{fuzzBase[9], d, []fuzzCol{intCol(d.ID), strCol(d.Key),
			otherCol(d.Body, func(g *fuzzGen) json.RawMessage {
				return json.RawMessage(`{"k": "` + g.plainStr() + `"}`)
			}),
			otherCol(d.Tags, func(g *fuzzGen) []string { return []string{g.str(), g.str()} }),
			otherCol(d.Nums, func(g *fuzzGen) []int64 { return []int64{g.num()} }),
			otherCol(d.Score, func(*fuzzGen) float64 { return 0.5 }),
			otherCol(d.Seen, func(*fuzzGen) time.Time { return time.Date(2002, 3, 4, 5, 6, 7, 0, time.UTC) })}},
	}
}()

// Names, chosen by flavor: reserved words, mixed case, quotes and odd
// characters exercise quoting.
var (
	fuzzAliasNames = []string{"u", "order", "user", "a b", "Mixed", "q?x", `d"q`, "b`t", "$1"}
	fuzzLabels     = []string{"x", "order", "count", "Mixed Case", `a"b`, "c`d", "e?f", "id", "select"}
	fuzzDerived    = []string{"sq", "order", "t1", "Sub", "select", "anon"}
	fuzzCTENames   = []string{"cte", "tree", "group", "Cte2", "w"}
	fuzzFuncs      = []string{"f", "nullif", "greatest", "coalesce", "upper"}
	fuzzConstraint = []string{"uq_key", "order", "pk user"}
	fuzzCastTypes  = []sqltype.Type{sqltype.BigInt{}, sqltype.Integer{}, sqltype.SmallInt{}, sqltype.Numeric{Precision: 10, Scale: 2},
		sqltype.Numeric{}, sqltype.Text{}, sqltype.String{Length: 10}, sqltype.Double{}, sqltype.Boolean{},
		sqltype.Timestamp{TimeZone: true}, sqltype.Timestamp{}, sqltype.Date{}, sqltype.JSON{}, sqltype.JSON{Binary: true},
		sqltype.UUID{}, sqltype.Array{Elem: sqltype.BigInt{}}, sqltype.Enum{Name: "mood", Values: []string{"a", "b"}}}
	// Decorations around marked strings: LIKE wildcards and the escape
	// character, quotes, backslashes, placeholders and comment openers,
	// none of which may reach the SQL.
	fuzzDecos = [][2]string{{"", ""}, {"%", "_"}, {"a%b_c", "%"}, {"it's ", ""}, {`\`, `"`}, {"?", "$1"},
		{"-- ", " /*"}, {"/", "/%"}, {":p ", "\x00"}, {"#", "`"}}
	fuzzStrLits = []string{"x", "it's", `back\slash`, "?", "$1", "-- c", "", "/*", "#"}
	fuzzIntLits = []int64{0, 7, -5, -1, 1 << 40}
	// Text fragments: programs' own SQL, with parameters :a and :b.
	fuzzTexts = []string{
		"SELECT :a AS k0",
		"SELECT :a AS k0, :b AS k1",
		"SELECT ':x' AS k0, :a AS k1",
		"SELECT :a AS k0, :a AS k1",
		"SELECT CAST(:a AS CHAR) AS k0, \\:b AS k1",
	}
)

type fuzzParam struct {
	name  string
	value any
}

// fuzzGen turns bytes into a statement. pick makes structural choices;
// flavor makes choices that do not change the shape of the tree (names,
// operators, types) and is shifted by variant, so variants of a statement
// differ in exactly those.
type fuzzGen struct {
	data    []byte
	pos     int
	salt    int
	variant int

	n      int // values marked so far
	budget int // nodes left
	depth  int // expression nesting
	qdepth int // query nesting

	strMarks []string
	intMarks []int64
	params   []fuzzParam
	locals   []*fuzzSource // aliases, subqueries and CTEs made so far
	allowed  []*fuzzSource // where columns may come from; nil: anywhere
	upsert   bool          // core.Excluded is meaningful

	derivedUsed bool // a subquery or CTE was made
}

func (g *fuzzGen) b() byte {
	if g.pos >= len(g.data) {
		return 0
	}
	c := g.data[g.pos]
	g.pos++
	return c
}

// pick returns a structural choice in [0, n); 0 (what an exhausted input
// gives) is always the simplest.
func (g *fuzzGen) pick(n int) int { return int(g.b()) % n }

// flavor returns a choice in [0, n) that variants change.
func (g *fuzzGen) flavor(n int) int { return (int(g.b()) + g.variant) % n }

func (g *fuzzGen) maybe() bool { return g.b()&1 == 1 }

// rare is true for about one byte in 128 (never for an exhausted input).
func (g *fuzzGen) rare() bool { return g.b()%128 == 127 }

func (g *fuzzGen) deep() bool { return g.depth >= 4 || g.budget <= 0 }

func (g *fuzzGen) enter() func() {
	g.depth++
	g.budget--
	return func() { g.depth-- }
}

func (g *fuzzGen) mark() string {
	g.n++
	return "⟦" + string(rune('a'+g.salt)) + strconv.Itoa(g.n) + "⟧"
}

// str returns a new marked string, decorated.
func (g *fuzzGen) str() string {
	m := g.mark()
	g.strMarks = append(g.strMarks, m)
	d := fuzzDecos[g.flavor(len(fuzzDecos))]
	return d[0] + m + d[1]
}

// plainStr returns a new marked string without decoration.
func (g *fuzzGen) plainStr() string {
	m := g.mark()
	g.strMarks = append(g.strMarks, m)
	return m
}

// num returns a new marked integer.
func (g *fuzzGen) num() int64 {
	g.n++
	v := int64(900_000_000 + g.salt*1_000_000 + g.n)
	g.intMarks = append(g.intMarks, v)
	return v
}

// replace returns a new marked integer for a clause that replaces its
// previous value (LIMIT, OFFSET), whose mark it drops.
func (g *fuzzGen) replace(prev *int64) int64 {
	if *prev != 0 {
		g.intMarks = slices.DeleteFunc(g.intMarks, func(v int64) bool { return v == *prev })
	}
	*prev = g.num()
	return *prev
}

type fuzzState struct{ strs, ints, params, locals int }

func (g *fuzzGen) save() fuzzState {
	return fuzzState{len(g.strMarks), len(g.intMarks), len(g.params), len(g.locals)}
}

// forget drops what was generated since s: a branch thrown away.
func (g *fuzzGen) forget(s fuzzState) {
	g.strMarks, g.intMarks = g.strMarks[:s.strs], g.intMarks[:s.ints]
	g.params, g.locals = g.params[:s.params], g.locals[:s.locals]
}

func (g *fuzzGen) sources() []*fuzzSource {
	if g.allowed != nil {
		return g.allowed
	}
	return append(fuzzBase[:len(fuzzBase):len(fuzzBase)], g.locals...)
}

// within runs f with columns restricted to srcs (nil: anywhere).
func (g *fuzzGen) within(srcs []*fuzzSource, f func()) {
	saved := g.allowed
	g.allowed = srcs
	f()
	g.allowed = saved
}

func (g *fuzzGen) source() *fuzzSource {
	srcs := g.sources()
	return srcs[g.pick(len(srcs))]
}

// param names a named parameter; v makes its value the first time.
func (g *fuzzGen) param(prefix string, v func() any) string {
	var same []string
	for _, p := range g.params {
		if strings.HasPrefix(p.name, prefix) {
			same = append(same, p.name)
		}
	}
	if len(same) > 0 && g.maybe() {
		return same[g.pick(len(same))]
	}
	name := prefix + strconv.Itoa(len(g.params))
	g.params = append(g.params, fuzzParam{name, v()})
	return name
}

func anyOf(e core.Expr) core.Expression[any] { return core.Typed[any](core.NodeOf(e)) }

// ---- integers ----

func (g *fuzzGen) intLeaf() core.Expression[int64] {
	switch g.pick(4) {
	case 1:
		return core.Value(g.num())
	case 2:
		return core.LiteralOf(g.intLit())
	}
	s := g.source()
	if len(s.ints) == 0 {
		return core.Value(g.num())
	}
	return core.Typed[int64](core.NodeOf(s.ints[g.pick(len(s.ints))]))
}

func (g *fuzzGen) intLit() int64 { return fuzzIntLits[g.flavor(len(fuzzIntLits))] }

func (g *fuzzGen) intE() core.Expression[int64] {
	if g.deep() {
		return g.intLeaf()
	}
	defer g.enter()()
	switch g.pick(26) {
	case 3:
		x, v := g.intE(), g.num()
		return [...]func(int64) core.Expression[int64]{x.Add, x.Sub, x.Mul, x.Div, x.Mod}[g.flavor(5)](v)
	case 4:
		x, y := g.intE(), g.intE()
		return [...]func(core.TypedExpr[int64]) core.Expression[int64]{x.AddExpr, x.SubExpr, x.MulExpr, x.DivExpr, x.ModExpr}[g.flavor(5)](y)
	case 5:
		// A negative literal negated must not become "--5", a comment.
		return g.intE().Neg()
	case 6:
		x := g.intE()
		switch g.flavor(6) {
		case 0:
			return core.Sum(x)
		case 1:
			return core.Min(x)
		case 2:
			return core.Max(x)
		case 3:
			return core.Abs(x)
		case 4:
			return core.Count(x)
		}
		return core.CountDistinct(x)
	case 7:
		e := core.Count()
		if g.maybe() {
			e = e.Filter(g.boolE())
		}
		return e
	case 8:
		w := g.window()
		return [...]func() core.Expression[int64]{core.RowNumber, core.Rank, core.DenseRank}[g.flavor(3)]().Over(w)
	case 9:
		x := g.intE()
		var f core.Expression[int64]
		switch g.pick(3) {
		case 0:
			f = core.Sum(x)
		case 1:
			f = core.Lag(x, int(g.num()))
		default:
			f = core.Lead(x, int(g.num()))
		}
		if g.maybe() {
			f = f.Filter(g.boolE())
		}
		return f.Over(g.window())
	case 10:
		return g.caseInt()
	case 11:
		b := core.CaseOf[int64](g.strE())
		for i := 0; i < 1+g.pick(3); i++ {
			if g.maybe() {
				b = b.WhenExpr(g.str(), g.intE())
			} else {
				b = b.When(g.str(), g.num())
			}
		}
		if g.maybe() {
			return b.Else(g.num())
		}
		return core.Typed[int64](core.NodeOf(b))
	case 12:
		return core.Coalesce[int64](g.intE(), core.Value(g.num()))
	case 13:
		return core.Cast[int64](g.strE(), g.castType())
	case 14:
		return core.ScalarSubquery[int64](g.query([]kind{kInt}))
	case 15:
		return core.Length(g.strE())
	case 16:
		name := fuzzFuncs[g.flavor(len(fuzzFuncs))]
		var args []core.Expr
		for i := 0; i < g.pick(4); i++ {
			args = append(args, g.anyE())
		}
		return core.Func[int64](name, args...)
	case 17:
		return core.Param[int64](g.param("pi", func() any { return g.num() }))
	case 18:
		return core.TextExpr[int64]("(:a + 1)", map[string]any{"a": g.num()})
	case 19:
		// round() of a value of no known type was a panic on PostgreSQL.
		return core.Round(g.intE(), int(g.num()))
	case 20:
		return core.Cast[int64](core.JSONGetText(g.jsonDoc(), g.jsonPath()...), sqltype.BigInt{})
	case 21:
		return core.Typed[int64](core.NodeOf(cc.Users.C("id")))
	case 22:
		if g.upsert {
			return core.Excluded(cc.Users.ID)
		}
	case 23:
		if g.rare() {
			return core.Typed[int64](nil) // a nil node: an error
		}
	case 24:
		// A parameter of no particular type, as Param[any] makes.
		return core.Typed[int64](core.NodeOf(core.Param[any](g.param("pa", func() any { return g.num() }))))
	}
	return g.intLeaf()
}

// intCol is an integer expression; with values false, one that binds no
// value (a column, or a literal).
func (g *fuzzGen) intCol(values bool) core.Expression[int64] {
	if values {
		return g.intE()
	}
	s := g.source()
	if len(s.ints) == 0 {
		return core.LiteralOf[int64](7)
	}
	return core.Typed[int64](core.NodeOf(s.ints[g.pick(len(s.ints))]))
}

// strCol is strE, or with values false an expression without values.
func (g *fuzzGen) strCol(values bool) core.Expression[string] {
	if values {
		return g.strE()
	}
	s := g.source()
	if len(s.strs) == 0 {
		return core.LiteralOf("x")
	}
	return core.Typed[string](core.NodeOf(s.strs[g.pick(len(s.strs))]))
}

func (g *fuzzGen) caseInt() core.Expression[int64] {
	b := core.Case[int64]()
	if g.rare() {
		return core.Typed[int64](core.NodeOf(b)) // no WHEN: an error
	}
	for range 1 + g.pick(3) {
		if g.maybe() {
			b = b.WhenExpr(g.boolE(), g.intE())
		} else {
			b = b.When(g.boolE(), g.num())
		}
	}
	// A builder is a value: a sibling must not change it.
	if g.pick(4) == 1 {
		s := g.save()
		_ = b.When(g.boolE(), g.num())
		g.forget(s)
	}
	switch g.pick(3) {
	case 1:
		return b.Else(g.num())
	case 2:
		return b.ElseExpr(g.intE())
	}
	return core.Typed[int64](core.NodeOf(b))
}

func (g *fuzzGen) castType() sqltype.Type { return fuzzCastTypes[g.flavor(len(fuzzCastTypes))] }

// ---- strings ----

func (g *fuzzGen) strLeaf() core.Expression[string] {
	switch g.pick(4) {
	case 1:
		return core.Value(g.str())
	case 2:
		return core.LiteralOf(fuzzStrLits[g.flavor(len(fuzzStrLits))])
	}
	s := g.source()
	if len(s.strs) == 0 {
		return core.Value(g.str())
	}
	return core.Typed[string](core.NodeOf(s.strs[g.pick(len(s.strs))]))
}

func (g *fuzzGen) strE() core.Expression[string] {
	if g.deep() {
		return g.strLeaf()
	}
	defer g.enter()()
	switch g.pick(20) {
	case 3:
		x := g.strE()
		if g.maybe() {
			return core.Lower(x)
		}
		return core.Upper(x)
	case 4:
		return g.strE().Concat(g.str())
	case 5:
		return g.strE().ConcatExpr(g.strE())
	case 6:
		b := core.Case[string]()
		for i := 0; i < 1+g.pick(3); i++ {
			b = b.When(g.boolE(), g.str())
		}
		if g.maybe() {
			return b.ElseExpr(g.strE())
		}
		return core.Typed[string](core.NodeOf(b))
	case 7:
		return core.Coalesce[string](cc.Users.Nickname, g.strE(), core.Value(g.str()))
	case 8:
		return core.Cast[string](g.intE(), g.castType())
	case 9:
		return core.ScalarSubquery[string](g.query([]kind{kStr}))
	case 10:
		return core.JSONGetText(g.jsonDoc(), g.jsonPath()...)
	case 11:
		x := g.strE()
		if g.maybe() {
			return core.Max(x)
		}
		return core.Min(x).Over(g.window())
	case 12:
		return core.Param[string](g.param("ps", func() any { return g.str() }))
	case 13:
		return core.Func[string]("concat_ws", core.Value(g.str()), g.strE(), g.strE())
	case 14:
		if g.upsert {
			return core.Excluded(cc.Users.Name)
		}
	case 15:
		return core.TextExpr[string]("lower(:a)", map[string]any{"a": g.str()})
	case 16:
		return core.Typed[string](core.NodeOf(core.JSONGet(g.jsonDoc(), g.jsonPath()...)))
	}
	return g.strLeaf()
}

func (g *fuzzGen) jsonDoc() core.Expr {
	switch g.pick(3) {
	case 1:
		return core.Value(json.RawMessage(`{"k": "` + g.plainStr() + `"}`))
	case 2:
		return core.JSONGet(fuzzDocs.Body, g.plainStr())
	}
	return fuzzDocs.Body
}

func (g *fuzzGen) jsonPath() []any {
	n := 1 + g.pick(3)
	if g.rare() {
		n = 0 // an error
	}
	path := make([]any, n)
	for i := range path {
		switch g.pick(4) {
		case 1:
			path[i] = int(g.num())
		case 2:
			if g.rare() {
				path[i] = -1 // an error
			} else {
				path[i] = 0
			}
		case 3:
			if g.rare() {
				path[i] = 1.5 // an error
				continue
			}
			path[i] = g.str()
		default:
			path[i] = g.str()
		}
	}
	return path
}

// ---- conditions ----

func (g *fuzzGen) boolLeaf() core.Condition {
	b := g.b()
	switch (int(b) + g.variant) % 3 {
	case 1:
		return core.True()
	case 2:
		return core.False()
	}
	s := g.source()
	if len(s.bools) == 0 {
		return core.True()
	}
	return core.Typed[bool](core.NodeOf(s.bools[int(b)%len(s.bools)]))
}

func (g *fuzzGen) boolE() core.Condition {
	if g.deep() {
		return g.boolLeaf()
	}
	defer g.enter()()
	switch g.pick(30) {
	case 1:
		x, v := g.intE(), g.num()
		return [...]func(int64) core.Condition{x.Eq, x.Ne, x.Lt, x.Le, x.Gt, x.Ge, x.IsDistinctFrom, x.IsNotDistinctFrom}[g.flavor(8)](v)
	case 2:
		x, y := g.intE(), g.intE()
		return [...]func(core.TypedExpr[int64]) core.Condition{x.EqExpr, x.NeExpr, x.LtExpr, x.LeExpr, x.GtExpr, x.GeExpr,
			x.IsDistinctFromExpr, x.IsNotDistinctFromExpr}[g.flavor(8)](y)
	case 3:
		x, v := g.strE(), g.str()
		return [...]func(string) core.Condition{x.Eq, x.Ne, x.Lt, x.Like, x.NotLike, x.ILike, x.NotILike, x.StartsWith,
			x.EndsWith, x.Contains, x.IStartsWith, x.IEndsWith, x.IContains, x.IsDistinctFrom}[g.flavor(14)](v)
	case 4:
		// An empty list makes a constant: its operand is not written, so
		// it gets none of the values that would be lost with it.
		vs := make([]int64, g.pick(4))
		x := g.intCol(len(vs) > 0)
		for i := range vs {
			vs[i] = g.num()
		}
		if g.flavor(2) == 1 {
			return x.NotIn(vs...)
		}
		return x.In(vs...)
	case 5:
		vs := make([]string, g.pick(4))
		x := g.strCol(len(vs) > 0)
		for i := range vs {
			vs[i] = g.str()
		}
		if g.flavor(2) == 1 {
			return x.NotIn(vs...)
		}
		return x.In(vs...)
	case 6:
		x := g.intE()
		q := g.query([]kind{kInt})
		if g.flavor(2) == 1 {
			return x.NotInSelect(q)
		}
		return x.InSelect(q)
	case 7:
		x, lo, hi := g.intE(), g.num(), g.num()
		if g.flavor(2) == 1 {
			return x.NotBetween(lo, hi)
		}
		return x.Between(lo, hi)
	case 8:
		var x core.Expression[any]
		if g.maybe() {
			x = anyOf(g.intE())
		} else {
			x = anyOf(g.strE())
		}
		if g.flavor(2) == 1 {
			return x.IsNotNull()
		}
		return x.IsNull()
	case 9, 10:
		conds := make([]core.TypedExpr[bool], g.pick(4))
		for i := range conds {
			conds[i] = g.boolE()
		}
		if g.flavor(2) == 1 {
			return core.Or(conds...)
		}
		return core.And(conds...)
	case 11:
		return core.Not(g.boolE())
	case 12:
		q := g.query(g.shape())
		if g.flavor(2) == 1 {
			return core.NotExists(q)
		}
		return core.Exists(q)
	case 13:
		if g.pick(3) == 1 {
			return core.Tuple(g.intE(), g.strE()).InSelect(g.query([]kind{kInt, kStr}))
		}
		rows := make([][]any, g.pick(3))
		t := core.Tuple(g.intCol(len(rows) > 0), g.strCol(len(rows) > 0))
		for i := range rows {
			rows[i] = []any{g.num(), g.str()}
		}
		if g.flavor(2) == 1 {
			return t.NotIn(rows...)
		}
		return t.In(rows...)
	case 14:
		x := g.intE()
		arr := core.Array(g.num(), g.num())
		if g.flavor(2) == 1 {
			return x.NeAll(arr)
		}
		return x.EqAny(arr)
	case 15:
		arr := core.Array(g.str())
		return [...]func(a, b core.TypedExpr[[]string]) core.Condition{core.ArrayContains[string], core.ArrayContainedBy[string],
			core.ArrayOverlap[string]}[g.flavor(3)](fuzzDocs.Tags, arr)
	case 16:
		return cc.Users.C("name").Eq(g.str())
	case 17:
		return core.Param[bool](g.param("pb", func() any { return true }))
	case 18:
		return cc.Users.Active.Eq(g.flavor(2) == 1)
	case 19:
		switch g.flavor(4) {
		case 0:
			return cc.Users.Nickname.Eq(nil)
		case 1:
			return cc.Users.Fullname.Ne(sql.Null[string]{})
		case 2:
			s := g.str()
			return cc.Users.Nickname.Eq(&s)
		}
		return cc.Users.Fullname.Eq(sql.Null[string]{V: g.str(), Valid: true})
	case 20:
		return core.JSONGet(g.jsonDoc(), g.jsonPath()...).IsNotNull()
	case 21:
		return fuzzDocs.Score.Gt(0.25)
	case 22:
		t := core.Tuple(g.intE(), g.intE())
		return t.In([]any{g.num(), g.num()})
	case 23:
		return core.Typed[bool](core.NodeOf(core.Value(true)))
	case 24:
		x := g.intE()
		if g.rare() {
			return x.EqExpr(nil) // an error when compiled, not a panic
		}
		return x.GtExpr(core.ScalarSubquery[int64](g.query([]kind{kInt})))
	case 25:
		if g.rare() {
			return core.Not(nil)
		}
		return core.Typed[bool](core.NodeOf(core.TextExpr[bool]("(:a = :b)", map[string]any{"a": g.num(), "b": g.num()})))
	case 26:
		t := core.Tuple(g.intE(), g.strE())
		row := []any{g.num()}
		if g.rare() {
			return t.In(row) // wrong arity: an error
		}
		return t.In(append(row, g.str()))
	}
	return g.boolLeaf()
}

func (g *fuzzGen) anyE() core.Expr {
	switch g.pick(3) {
	case 1:
		return g.strE()
	case 2:
		return g.boolE()
	}
	return g.intE()
}

func (g *fuzzGen) exprOf(k kind) core.Expression[any] {
	switch k {
	case kStr:
		return anyOf(g.strE())
	case kBool:
		return anyOf(g.boolE())
	}
	return anyOf(g.intE())
}

func (g *fuzzGen) orderItem() core.OrderItem {
	x := anyOf(g.anyE())
	switch g.flavor(5) {
	case 1:
		return x.Asc()
	case 2:
		return x.Desc()
	case 3:
		return x.Desc().NullsFirst()
	case 4:
		return x.Asc().NullsLast()
	}
	return x
}

func (g *fuzzGen) window() core.WindowSpec {
	var w core.WindowSpec
	switch g.pick(4) {
	case 1:
		w = core.PartitionBy(g.anyE())
	case 2:
		w = core.OrderWindow(g.orderItem())
	case 3:
		w = core.PartitionBy(g.anyE(), g.anyE()).OrderBy(g.orderItem(), g.orderItem())
		if g.maybe() {
			s := g.save()
			_ = w.OrderBy(g.orderItem())
			g.forget(s)
			w = w.PartitionBy(g.anyE())
		}
	}
	if g.maybe() {
		start, end := g.bound(true), g.bound(false)
		if g.flavor(2) == 1 {
			w = w.Range(start, end)
		} else {
			w = w.Rows(start, end)
		}
	}
	return w
}

// frameOffset is a window frame offset: written into the SQL as a
// literal, so not marked.
func (g *fuzzGen) frameOffset() int64 {
	if g.rare() {
		return -1 // an error
	}
	return [...]int64{0, 1, 3, 100}[g.flavor(4)]
}

// bound is a frame's start or end: never one no database parses (a frame
// cannot start at UNBOUNDED FOLLOWING nor end at UNBOUNDED PRECEDING).
func (g *fuzzGen) bound(start bool) core.FrameBound {
	switch g.pick(5) {
	case 1:
		return core.PrecedingBy(g.frameOffset())
	case 2:
		return core.CurrentRow()
	case 3:
		return core.FollowingBy(g.frameOffset())
	}
	if start {
		return core.UnboundedPreceding()
	}
	return core.UnboundedFollowing()
}

// ---- queries ----

func (g *fuzzGen) shape() []kind {
	s := make([]kind, 1+g.pick(3))
	for i := range s {
		s[i] = kind(g.pick(3))
	}
	return s
}

// query returns a statement with the given shape whose columns are named
// k0, k1, ...: a SELECT, a set operation, a SELECT from a CTE or Text.
func (g *fuzzGen) query(shape []kind) core.Selectable {
	if g.qdepth >= 3 || g.budget <= 0 {
		return g.selectStmt(shape)
	}
	switch g.pick(8) {
	case 1:
		return g.compound(shape)
	case 2:
		src := g.cte(shape)
		items := make([]core.SelectItem, len(shape))
		ii, is, ib := 0, 0, 0
		for i, k := range shape {
			switch k {
			case kInt:
				items[i] = src.ints[ii]
				ii++
			case kStr:
				items[i] = src.strs[is]
				is++
			default:
				items[i] = src.bools[ib]
				ib++
			}
		}
		q := core.Select(items...)
		if g.maybe() {
			q = q.Where(g.boolE())
		}
		return q
	case 3:
		if len(shape) <= 2 {
			return g.text(shape)
		}
	}
	return g.selectStmt(shape)
}

func (g *fuzzGen) text(shape []kind) *core.TextStmt {
	var txt string
	switch len(shape) {
	case 1:
		txt = fuzzTexts[0]
	default:
		txt = fuzzTexts[1+g.pick(len(fuzzTexts)-1)]
	}
	t := core.Text(txt)
	cols := make([]core.TextColumn, len(shape))
	for i, k := range shape {
		typ := sqltype.Type(sqltype.BigInt{})
		switch k {
		case kStr:
			typ = sqltype.Text{}
		case kBool:
			typ = sqltype.Boolean{}
		}
		cols[i] = core.TextColumn{Name: "k" + strconv.Itoa(i), Type: typ}
	}
	t = t.Columns(cols...)
	if strings.Contains(txt, ":a") {
		t = t.Bind("a", g.num())
	}
	if strings.Contains(txt, ":b") && !strings.Contains(txt, `\:b`) {
		t = t.Bind("b", g.str())
	}
	if g.rare() {
		t = t.Bind("zz", g.num()) // unused: an error
	}
	return t
}

func (g *fuzzGen) compound(shape []kind) *core.CompoundSelect {
	g.qdepth++
	defer func() { g.qdepth-- }()
	if shape == nil && g.pick(4) != 1 {
		shape = g.shape() // otherwise members of any shape: an error, mostly
	}
	qs := make([]core.Selectable, 2+g.pick(2))
	for i := range qs {
		if i > 0 && g.pick(6) == 1 && g.qdepth < 3 {
			qs[i] = g.compound(shape)
		} else {
			qs[i] = g.selectStmt(shape)
		}
	}
	var limit, offset int64
	c := [...]func(...core.Selectable) *core.CompoundSelect{core.Union, core.UnionAll, core.Intersect, core.IntersectAll,
		core.Except, core.ExceptAll}[g.flavor(6)](qs...)
	for range 3 {
		switch g.pick(5) {
		case 1:
			// ORDER BY names a column of the first member.
			if out, err := qs[0].OutputColumns(); err == nil && len(out) > 0 {
				x := core.Typed[any](out[g.pick(len(out))].Node)
				if g.maybe() {
					c = c.OrderBy(x.Desc())
				} else {
					c = c.OrderBy(x)
				}
			}
		case 2:
			c = c.Limit(g.replace(&limit))
		case 3:
			c = c.Offset(g.replace(&offset))
		case 4:
			if g.rare() {
				c = c.OrderBy(g.intE()) // not a result column: an error
			}
		}
	}
	return c
}

// cte makes a CTE (sometimes recursive) of the given shape.
func (g *fuzzGen) cte(shape []kind) *fuzzSource {
	g.qdepth++
	defer func() { g.qdepth-- }()
	name := fuzzCTENames[g.flavor(len(fuzzCTENames))]
	var t *core.Table
	if g.pick(3) == 1 {
		anchor := g.query(shape)
		t = core.RecursiveCTE(name, anchor, func(self *core.Table) core.Selectable {
			items := make([]core.SelectItem, len(shape))
			for i, k := range shape {
				col := "k" + strconv.Itoa(i)
				switch k {
				case kInt:
					items[i] = core.ColumnOf[int64](self, col).Add(g.num()).Label(col)
				case kStr:
					items[i] = core.ColumnOf[string](self, col)
				default:
					items[i] = core.Not(core.ColumnOf[bool](self, col)).Label(col)
				}
			}
			q := core.Select(items...)
			if shape[0] == kInt {
				q = q.Where(core.ColumnOf[int64](self, "k0").Lt(g.num()))
			}
			if g.maybe() {
				q = q.From(self)
			}
			return q
		})
	} else {
		t = core.CTE(g.query(shape), name)
	}
	src := derivedSource(t, shape)
	g.locals = append(g.locals, src)
	g.derivedUsed = true
	return src
}

// derived makes a subquery (sometimes LATERAL) to read from.
func (g *fuzzGen) derived() *fuzzSource {
	g.qdepth++
	defer func() { g.qdepth-- }()
	shape := g.shape()
	q := g.query(shape)
	name := fuzzDerived[g.flavor(len(fuzzDerived))]
	var t *core.Table
	if g.pick(4) == 1 {
		t = core.Lateral(q, name)
	} else {
		t = core.Subquery(q, name)
	}
	src := derivedSource(t, shape)
	g.locals = append(g.locals, src)
	g.derivedUsed = true
	return src
}

// fromLeaf returns a table, an alias, a subquery or a CTE for FROM.
func (g *fuzzGen) fromLeaf() *fuzzSource {
	switch g.pick(7) {
	case 1:
		base := fuzzBase[g.pick(len(fuzzBase))]
		src := fuzzSourceOf(core.Alias(base.tbl, fuzzAliasNames[g.flavor(len(fuzzAliasNames))]))
		g.locals = append(g.locals, src)
		return src
	case 2:
		// A typed alias: its fields read from the alias.
		ua := core.Alias(cc.Users, fuzzAliasNames[g.flavor(len(fuzzAliasNames))])
		src := &fuzzSource{tbl: &ua.Table, from: ua, ints: []core.Column[int64]{ua.ID}, strs: []core.Column[string]{ua.Name},
			bools: []core.Column[bool]{ua.Active}}
		g.locals = append(g.locals, src)
		return src
	case 3:
		if g.qdepth < 3 && g.budget > 0 {
			return g.derived()
		}
	case 4:
		if g.qdepth < 3 && g.budget > 0 {
			return g.cte(g.shape())
		}
	}
	return fuzzBase[g.pick(len(fuzzBase))]
}

// fromItem returns a FROM item (a leaf or a chain of joins) and the
// sources it covers.
func (g *fuzzGen) fromItem() (core.FromItem, []*fuzzSource) {
	left := g.fromLeaf()
	covered := []*fuzzSource{left}
	var j *core.Join
	for i := 0; i < 3 && g.maybe(); i++ {
		var right core.FromItem
		var rsrcs []*fuzzSource
		if g.pick(5) == 1 {
			// A nested join on the right.
			r1, r2 := g.fromLeaf(), g.fromLeaf()
			var on []core.TypedExpr[bool]
			g.within([]*fuzzSource{r1, r2}, func() { on = g.onConds() })
			right = r1.tbl.Join(r2.from, on...)
			rsrcs = []*fuzzSource{r1, r2}
		} else {
			r := g.fromLeaf()
			right, rsrcs = r.from, []*fuzzSource{r}
		}
		covered = append(covered, rsrcs...)
		jk := g.pick(8)
		if jk == 7 {
			if j == nil {
				j = left.tbl.CrossJoin(right)
			} else {
				j = j.CrossJoin(right)
			}
			continue
		}
		var on []core.TypedExpr[bool]
		if jk != 6 { // 6: inferred from a foreign key
			g.within(covered, func() { on = g.onConds() })
		}
		op := g.flavor(4)
		if j == nil {
			j = [...]func(core.FromItem, ...core.TypedExpr[bool]) *core.Join{left.tbl.Join, left.tbl.LeftJoin,
				left.tbl.RightJoin, left.tbl.FullJoin}[op](right, on...)
		} else {
			j = [...]func(core.FromItem, ...core.TypedExpr[bool]) *core.Join{j.Join, j.LeftJoin, j.RightJoin, j.FullJoin}[op](right, on...)
		}
	}
	if j == nil {
		return left.from, covered
	}
	return j, covered
}

func (g *fuzzGen) onConds() []core.TypedExpr[bool] {
	on := make([]core.TypedExpr[bool], 1+g.pick(2))
	for i := range on {
		on[i] = g.boolE()
	}
	return on
}

func (g *fuzzGen) label(k int, named bool) string {
	if named {
		return "k" + strconv.Itoa(k)
	}
	if g.pick(3) == 1 {
		return fuzzLabels[g.flavor(len(fuzzLabels))]
	}
	return ""
}

// selectStmt returns a SELECT of the given shape (nil: any) with columns
// named k0, k1, ... when the shape is given.
func (g *fuzzGen) selectStmt(shape []kind) *core.SelectStmt {
	g.qdepth++
	defer func() { g.qdepth-- }()
	named := shape != nil
	var from []core.FromItem
	var fromSrcs []*fuzzSource
	if g.maybe() {
		f, srcs := g.fromItem()
		from, fromSrcs = append(from, f), srcs
	}
	var items []core.SelectItem
	if shape == nil && g.pick(4) == 1 {
		var src *fuzzSource
		if len(fromSrcs) > 0 && g.maybe() {
			src = fromSrcs[g.pick(len(fromSrcs))]
		} else {
			src = g.source()
		}
		items = append(items, src.tbl)
	} else {
		if shape == nil {
			shape = g.shape()
		}
		for i, k := range shape {
			x := g.exprOf(k)
			if l := g.label(i, named); l != "" {
				items = append(items, x.Label(l))
			} else {
				items = append(items, x)
			}
		}
	}
	if g.rare() {
		items = append(items, nil) // an error
	}
	s := core.Select(items...)
	var limit, offset int64
	if len(from) > 0 {
		s = s.From(from...)
	}
	for range 8 {
		if !g.maybe() {
			break
		}
		switch g.pick(14) {
		case 1:
			conds := make([]core.TypedExpr[bool], 1+g.pick(2))
			for i := range conds {
				conds[i] = g.boolE()
			}
			s = s.Where(conds...)
		case 2:
			s = s.GroupBy(g.anyE())
		case 3:
			s = s.Having(g.boolE())
		case 4:
			s = s.OrderBy(g.orderItem())
		case 5:
			s = s.Limit(g.replace(&limit))
		case 6:
			s = s.Offset(g.replace(&offset))
		case 7:
			s = s.Distinct()
		case 8:
			s = s.DistinctOn(g.anyE())
		case 9:
			var opts []core.LockOption
			if g.pick(3) == 1 {
				opts = append(opts, core.NoWait())
			}
			if g.pick(3) == 1 {
				opts = append(opts, core.SkipLocked())
			}
			if g.maybe() {
				if src := g.source(); !src.derived {
					opts = append(opts, core.LockOf(src.from))
				}
			}
			if g.flavor(2) == 1 {
				s = s.ForShare(opts...)
			} else {
				s = s.ForUpdate(opts...)
			}
		case 10:
			if !named {
				s = s.Columns(g.exprOf(kind(g.pick(3))))
			}
		case 11:
			f, _ := g.fromItem()
			s = s.From(f)
		case 12:
			// A statement is a value: deriving another from it must not
			// change it.
			st := g.save()
			_ = s.Where(g.boolE())
			_ = s.OrderBy(g.orderItem())
			g.forget(st)
		case 13:
			if g.rare() {
				s = s.Limit(-1) // an error
			} else if g.rare() {
				s = s.Where(nil)
			}
		}
	}
	return s
}

// ---- statements ----

func (g *fuzzGen) statement() core.Statement {
	var s core.Statement
	switch g.pick(8) {
	case 1:
		s = g.compound(nil)
	case 2, 3:
		s = g.insertStmt()
	case 4:
		s = g.updateStmt()
	case 5:
		s = g.deleteStmt()
	case 6:
		switch g.pick(3) {
		case 1:
			s = g.text([]kind{kInt, kStr})
		case 2:
			s = g.ddl()
		default:
			s = g.query(g.shape())
		}
	default:
		s = g.selectStmt(nil)
	}
	if len(g.params) > 0 || g.rare() {
		p := core.Params{}
		for _, prm := range g.params {
			p[prm.name] = prm.value
		}
		switch g.pick(16) {
		case 1:
			if len(g.params) > 0 {
				delete(p, g.params[0].name) // a missing value: an error
			}
		case 2:
			p["unused"] = g.num() // an error
		}
		s = core.WithParams(s, p)
	}
	return s
}

// ddl returns a schema statement: no values, and never cached.
func (g *fuzzGen) ddl() core.Statement {
	t := fuzzBase[g.pick(len(fuzzBase))].tbl
	enum := sqltype.Enum{Name: []string{"mood", "Feeling", `it"s`}[g.flavor(3)], Values: []string{"a", "it's", `back\slash`}}
	switch g.pick(8) {
	case 1:
		return &core.DropTable{Table: t, IfExists: g.maybe()}
	case 2:
		return &core.CreateIndex{Index: fuzzDocs.Indexes()[0], IfNotExists: g.maybe()}
	case 3:
		return &core.DropIndex{Index: fuzzDocs.Indexes()[0], IfExists: g.maybe()}
	case 4:
		return &core.AddForeignKey{ForeignKey: cc.OrderLineNotes.ForeignKeys()[0], Name: []string{"", "fk_x", "order"}[g.flavor(3)]}
	case 5:
		return &core.DropForeignKey{ForeignKey: cc.Addresses.ForeignKeys()[0], Name: []string{"", "fk_x", "order"}[g.flavor(3)]}
	case 6:
		return &core.CreateEnumType{Enum: enum}
	case 7:
		return &core.DropEnumType{Enum: enum, IfExists: g.maybe()}
	}
	ct := &core.CreateTable{Table: t, IfNotExists: g.maybe()}
	if g.maybe() {
		ct.SkipForeignKeys = t.ForeignKeys()
	}
	return ct
}

func (g *fuzzGen) target() fuzzTarget {
	return fuzzTargets[g.pick(len(fuzzTargets))]
}

// chooseCols picks the columns a statement sets, at least one.
func (g *fuzzGen) chooseCols(t fuzzTarget) []fuzzCol {
	var out []fuzzCol
	for _, c := range t.cols {
		if g.maybe() {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		out = append(out, t.cols[g.pick(len(t.cols))])
	}
	return out
}

func (g *fuzzGen) returning(t fuzzTarget) []core.SelectItem {
	var items []core.SelectItem
	g.within([]*fuzzSource{t.src}, func() {
		for i := 0; i < 1+g.pick(3); i++ {
			switch g.pick(4) {
			case 1:
				items = append(items, t.src.tbl)
			case 2:
				x := g.exprOf(kind(g.pick(3)))
				if l := g.label(i, false); l != "" {
					items = append(items, x.Label(l))
				} else {
					items = append(items, x)
				}
			default:
				items = append(items, g.exprOf(kind(g.pick(2))))
			}
		}
	})
	return items
}

func (g *fuzzGen) insertStmt() core.Statement {
	t := g.target()
	ins := core.Insert(t.tl)
	cols := g.chooseCols(t)
	rows := g.pick(5)
	switch rows {
	case 1, 2:
		g.within([]*fuzzSource{t.src}, func() {
			for r := 0; r < 1+g.pick(3); r++ {
				rc := cols
				if r > 0 && g.rare() {
					rc = cols[1:] // different columns: an error
				}
				as := make([]core.Assignment, len(rc))
				for i, c := range rc {
					as[i] = c.to(g, false)
				}
				ins = ins.Row(as...)
			}
		})
	case 3:
		g.within([]*fuzzSource{t.src}, func() {
			rows := make([]core.Values, 1+g.pick(3))
			for r := range rows {
				rows[r] = core.Values{}
				for _, c := range cols {
					rows[r][c.key] = c.value(g)
				}
			}
			if g.rare() {
				rows[0][cc.Users.C("name")] = g.str() // perhaps a column set twice
			}
			ins = ins.Values(rows...)
		})
	case 4:
		var keys []core.Expr
		var shape []kind
		for _, c := range cols {
			if c.sel {
				keys = append(keys, c.key)
				shape = append(shape, c.kind)
			}
		}
		if len(shape) > 0 {
			ins = ins.FromSelect(g.query(shape), keys...)
		}
	}
	if g.maybe() {
		ins = ins.OnConflict(g.conflict(t))
		// BUG 7 and 8: SQLite parses no upsert after DEFAULT VALUES, nor
		// after INSERT ... SELECT ... FROM without a WHERE.
	}
	if g.maybe() {
		ins = ins.Returning(g.returning(t)...)
	}
	return ins
}

func (g *fuzzGen) conflict(t fuzzTarget) core.Conflict {
	var c core.Conflict
	nothing := false
	switch g.pick(4) {
	case 1:
		c = core.ConflictOnConstraint(fuzzConstraint[g.flavor(len(fuzzConstraint))])
	case 2:
		c = core.AnyConflict()
		nothing = !g.rare() // DoUpdate needs a target: an error
	default:
		var keys []core.Expr
		for _, col := range t.cols {
			if g.pick(3) == 1 {
				keys = append(keys, col.key)
			}
		}
		if len(keys) == 0 {
			keys = append(keys, t.cols[0].key)
		}
		c = core.ConflictOn(keys...)
	}
	g.within([]*fuzzSource{t.src}, func() {
		if g.pick(4) == 1 {
			// Without target columns it is an error (it was dropped).
			c = c.TargetWhere(g.boolE())
		}
		if g.pick(3) == 1 || nothing {
			c = c.DoNothing()
			return
		}
		g.upsert = true
		defer func() { g.upsert = false }()
		var as []core.Assignment
		for _, col := range t.cols {
			if g.pick(3) != 0 {
				as = append(as, col.to(g, true))
			}
		}
		if len(as) == 0 {
			as = append(as, t.cols[len(t.cols)-1].to(g, true))
		}
		c = c.DoUpdate(as...)
		if g.maybe() {
			// A Conflict is a value: a sibling must not change it.
			more := t.cols[g.pick(len(t.cols))].to(g, true)
			keep := c.DoUpdate(more)
			s := g.save()
			other := t.cols[g.pick(len(t.cols))].to(g, true)
			_ = c.DoUpdate(other) // must not overwrite keep's assignments
			g.forget(s)
			c = keep
		}
		if g.pick(3) == 1 {
			c = c.Where(g.boolE())
		}
	})
	return c
}

func (g *fuzzGen) updateStmt() core.Statement {
	t := g.target()
	up := core.Update(t.tl)
	srcs := []*fuzzSource{t.src}
	if g.pick(4) == 1 {
		f, covered := g.fromItem()
		up = up.From(f)
		srcs = append(srcs, covered...)
	}
	cols := g.chooseCols(t)
	var limit int64
	limited := g.pick(4) == 1 // ORDER BY and LIMIT: MySQL only
	g.within(srcs, func() {
		if g.pick(3) == 1 {
			m := core.Values{}
			for _, c := range cols {
				m[c.key] = c.value(g)
			}
			up = up.Values(m)
		} else {
			as := make([]core.Assignment, len(cols))
			for i, c := range cols {
				as[i] = c.to(g, false)
			}
			up = up.Set(as...)
			if g.rare() {
				up = up.Set(cols[0].to(g, false)) // set twice: an error
			}
		}
		for range 4 {
			switch g.pick(6) {
			case 1:
				up = up.Where(g.boolE())
			case 2:
				if limited {
					up = up.OrderBy(g.orderItem())
				}
			case 3:
				if limited {
					up = up.Limit(g.replace(&limit))
				}
			case 4:
				s := g.save()
				_ = up.Where(g.boolE())
				g.forget(s)
			}
		}
	})
	if g.maybe() {
		up = up.Returning(g.returning(t)...)
	}
	return up
}

func (g *fuzzGen) deleteStmt() core.Statement {
	t := g.target()
	del := core.Delete(t.tl)
	srcs := []*fuzzSource{t.src}
	if g.pick(3) == 1 {
		f, covered := g.fromItem()
		del = del.Using(f)
		srcs = append(srcs, covered...)
	}
	var limit int64
	limited := g.pick(4) == 1 // ORDER BY and LIMIT: MySQL only
	g.within(srcs, func() {
		for range 4 {
			switch g.pick(6) {
			case 1, 5:
				del = del.Where(g.boolE())
			case 2:
				if limited {
					del = del.OrderBy(g.orderItem())
				}
			case 3:
				if limited {
					del = del.Limit(g.replace(&limit))
				}
			case 4:
				s := g.save()
				_ = del.Where(g.boolE())
				g.forget(s)
			}
		}
	})
	if g.maybe() {
		del = del.Returning(g.returning(t)...)
	}
	return del
}

// fuzzBuild is one statement built from the input, with the values it binds.
type fuzzBuild struct {
	stmt     core.Statement
	derived  bool // it has subqueries or CTEs
	strMarks []string
	intMarks []int64
}

func buildFuzzStatement(data []byte, salt, variant int) fuzzBuild {
	g := &fuzzGen{data: data, salt: salt, variant: variant, budget: 120}
	s := g.statement()
	return fuzzBuild{stmt: s, strMarks: g.strMarks, intMarks: g.intMarks, derived: g.derivedUsed}
}

// ---- checks ----

// fuzzResult is what compiling gave: the error, or the compiled statement
// (without its memo) and the arguments.
type fuzzResult struct {
	err      string
	sql      string
	kind     sqlcompile.Kind
	numArgs  int
	argOrder []int
	argTypes []sqltype.Type
	columns  []sqlcompile.ResultColumn
	table    *core.Table
	args     []any
}

func fuzzResultOf(cs *sqlcompile.Compiled, args []any, err error) fuzzResult {
	if err != nil {
		return fuzzResult{err: err.Error()}
	}
	return fuzzResult{sql: cs.SQL, kind: cs.Kind, numArgs: cs.NumArgs, argOrder: cs.ArgOrder, argTypes: cs.ArgTypes,
		columns: cs.Columns, table: cs.Table, args: args}
}

func (r fuzzResult) String() string {
	if r.err != "" {
		return "error: " + r.err
	}
	return fmt.Sprintf("%s\nargs: %#v\nargTypes: %v\norder: %v\ncolumns: %v", r.sql, r.args, r.argTypes, r.argOrder, r.columns)
}

func sameFuzzResult(a, b fuzzResult) bool {
	if a.err != "" || b.err != "" {
		return a.err == b.err
	}
	return reflect.DeepEqual(a, b)
}

var (
	markRE   = regexp.MustCompile(`⟦[a-z][0-9]+⟧`)
	intMarkR = regexp.MustCompile(`[0-9]+`)
)

// lexSQL scans compiled SQL outside quoted strings and identifiers: it
// returns the placeholders ($n as n, ? as 0) and the first problem found.
func lexSQL(s string, d *sqlcompile.Dialect) (ph []int, problem string) {
	depth := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\'', '"', '`':
			j := i + 1
			for ; ; j++ {
				if j >= len(s) {
					return ph, fmt.Sprintf("unterminated %c quote at %d", c, i)
				}
				if d.BackslashEscapes && c != '`' && s[j] == '\\' {
					j++
					continue
				}
				if s[j] == c {
					if j+1 < len(s) && s[j+1] == c {
						j++
						continue
					}
					break
				}
			}
			i = j
		case '-':
			// MySQL needs a space after "--" for a comment; the others do not.
			if i+1 < len(s) && s[i+1] == '-' && (!d.BackslashEscapes || i+2 >= len(s) || s[i+2] <= ' ') {
				return ph, fmt.Sprintf("a -- comment at %d", i)
			}
		case '/':
			if i+1 < len(s) && s[i+1] == '*' {
				return ph, fmt.Sprintf("a /* comment at %d", i)
			}
		case '#':
			if d.Placeholder != sqlcompile.Dollar {
				return ph, fmt.Sprintf("a # comment at %d", i)
			}
		case '(':
			depth++
		case ')':
			depth--
			if depth < 0 {
				return ph, fmt.Sprintf("unbalanced ) at %d", i)
			}
		case '?':
			ph = append(ph, 0)
		case '$':
			j := i + 1
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			n, err := strconv.Atoi(s[i+1 : j])
			if err != nil {
				return ph, fmt.Sprintf("a bare $ at %d", i)
			}
			ph = append(ph, n)
			i = j - 1
		case 0:
			return ph, fmt.Sprintf("a NUL byte at %d", i)
		}
	}
	if depth != 0 {
		return ph, "unbalanced parentheses"
	}
	return ph, ""
}

// argText flattens argument values into the strings the marks are looked
// for in.
func argText(v reflect.Value, depth int, out *[]string) {
	if depth > 6 || !v.IsValid() {
		return
	}
	switch v.Type() {
	case reflect.TypeFor[time.Time](), reflect.TypeFor[core.Decimal]():
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			argText(v.Elem(), depth+1, out)
		}
	case reflect.String:
		*out = append(*out, v.String())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		*out = append(*out, strconv.FormatInt(v.Int(), 10))
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			*out = append(*out, string(v.Bytes()))
			return
		}
		for i := 0; i < v.Len(); i++ {
			argText(v.Index(i), depth+1, out)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			argText(v.Field(i), depth+1, out)
		}
	}
}

// checkFuzzCompiled checks one successful compile of b for d.
func checkFuzzCompiled(d *sqlcompile.Dialect, b fuzzBuild, r fuzzResult) error {
	if r.err != "" {
		return nil
	}
	fail := func(format string, a ...any) error {
		return fmt.Errorf("%s %s: %s\nSQL: %s", d.Name, d.Flavor, fmt.Sprintf(format, a...), r)
	}
	if len(r.args) != r.numArgs || len(r.argTypes) != r.numArgs {
		return fail("%d args and %d arg types for %d placeholders", len(r.args), len(r.argTypes), r.numArgs)
	}
	ph, problem := lexSQL(r.sql, d)
	if problem != "" {
		return fail("malformed SQL: %s", problem)
	}
	if len(ph) != r.numArgs {
		return fail("%d placeholders in the SQL, NumArgs %d", len(ph), r.numArgs)
	}
	for i, n := range ph {
		want := 0
		if d.Placeholder == sqlcompile.Dollar {
			want = i + 1
		}
		if n != want {
			return fail("placeholder %d is $%d", i+1, n)
		}
	}
	if strings.Contains(r.sql, "⟦") {
		return fail("a bound value is in the SQL")
	}
	for _, v := range b.intMarks {
		if strings.Contains(r.sql, strconv.FormatInt(v, 10)) {
			return fail("the bound value %d is in the SQL", v)
		}
	}
	var texts []string
	argText(reflect.ValueOf(r.args), 0, &texts)
	found := map[string]bool{}
	for _, s := range texts {
		for _, m := range markRE.FindAllString(s, -1) {
			found[m] = true
		}
		for _, n := range intMarkR.FindAllString(s, -1) {
			if len(n) == 9 && n[0] == '9' {
				found[n] = true
			}
		}
	}
	want := map[string]bool{}
	for _, m := range b.strMarks {
		want[m] = true
	}
	for _, v := range b.intMarks {
		want[strconv.FormatInt(v, 10)] = true
	}
	var lost, extra []string
	for m := range want {
		if !found[m] {
			lost = append(lost, m)
		}
	}
	for m := range found {
		if !want[m] {
			extra = append(extra, m)
		}
	}
	slices.Sort(lost)
	slices.Sort(extra)
	if len(lost) > 0 {
		return fail("bound values missing from the args: %v", lost)
	}
	if len(extra) > 0 {
		return fail("values in the args that the statement does not bind: %v", extra)
	}
	return nil
}

func compileFuzz(d *sqlcompile.Dialect, s core.Statement) fuzzResult {
	return fuzzResultOf(sqlcompile.Compile(d, s))
}

func cacheFuzz(c *sqlcompile.Cache, s core.Statement) (fuzzResult, bool) {
	cs, args, hit, err := c.Compile(s)
	return fuzzResultOf(cs, args, err), hit
}

// fuzzSQLite is an in-memory SQLite database with the fuzz schema: SQL
// compiled for SQLite must at least parse there.
var fuzzSQLite = sync.OnceValue(func() *sql.DB {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		return nil
	}
	db.SetMaxOpenConns(1) // one connection, one in-memory database
	for _, t := range append(cc.MD.Tables(), fuzzMD.Tables()...) {
		cs, _, err := sqlcompile.Compile(cc.SQLite, &core.CreateTable{Table: t})
		if err != nil {
			// A type SQLite lacks (arrays): a table of untyped columns.
			names := make([]string, len(t.Columns()))
			for i, c := range t.Columns() {
				names[i] = cc.SQLite.Quote(c.Name())
			}
			_, _ = db.Exec("CREATE TABLE " + cc.SQLite.Quote(t.TableName()) + " (" + strings.Join(names, ", ") + ")")
			continue
		}
		_, _ = db.Exec(cs.SQL) // tables in other schemas fail: statements on them are not parsed
	}
	return db
})

// checkSQLiteParses reports SQL for SQLite that SQLite cannot parse.
// Other errors (no such function, misused aggregates, ...) are the
// generator's doing.
func checkSQLiteParses(r fuzzResult) error {
	db := fuzzSQLite()
	if r.err != "" || db == nil {
		return nil
	}
	st, err := db.Prepare(r.sql)
	if err == nil {
		return st.Close()
	}
	if m := err.Error(); strings.Contains(m, "syntax error") || strings.Contains(m, "unrecognized token") ||
		strings.Contains(m, "incomplete input") {
		return fmt.Errorf("sqlite: SQLite cannot parse the SQL: %v\nSQL: %s", err, r)
	}
	return nil
}

// fuzzBugPrefix starts the inputs that reproduce fixed bugs; it is
// skipped.
const fuzzBugPrefix = "bug:"

func checkFuzzInput(data []byte) error {
	data, _ = bytes.CutPrefix(data, []byte(fuzzBugPrefix))
	main := buildFuzzStatement(data, 0, 0)
	again := buildFuzzStatement(data, 0, 0)
	sibling := buildFuzzStatement(data, 1, 0) // other values, same structure
	variants := []fuzzBuild{buildFuzzStatement(data, 2, 1), buildFuzzStatement(data, 3, 2),
		buildFuzzStatement(data, 4, 5)}
	if !slices.Equal(main.strMarks, again.strMarks) || !slices.Equal(main.intMarks, again.intMarks) {
		return fmt.Errorf("the generator is not deterministic")
	}
	if str, ok := main.stmt.(fmt.Stringer); ok {
		_ = str.String() // must not panic
	}
	var kb core.KeyBuilder
	cacheable := kb.Build(main.stmt) == nil && kb.Cacheable()

	for _, fd := range fuzzDialects {
		d := fd.d
		r := compileFuzz(d, main.stmt)
		if err := checkFuzzCompiled(d, main, r); err != nil {
			return err
		}
		if d == cc.SQLite {
			if err := checkSQLiteParses(r); err != nil {
				return err
			}
		}
		if r2 := compileFuzz(d, main.stmt); !sameFuzzResult(r, r2) {
			return fmt.Errorf("%s: compiling twice differs:\n%s\n--- then ---\n%s", fd.name, r, r2)
		}
		if r2 := compileFuzz(d, again.stmt); !sameFuzzResult(r, r2) {
			return fmt.Errorf("%s: building twice differs:\n%s\n--- then ---\n%s", fd.name, r, r2)
		}
		rs := compileFuzz(d, sibling.stmt)
		if err := checkFuzzCompiled(d, sibling, rs); err != nil {
			return err
		}
		if (r.err == "") != (rs.err == "") || r.sql != rs.sql {
			return fmt.Errorf("%s: a statement that differs only in its values compiles differently:\n%s\n--- sibling ---\n%s", fd.name, r, rs)
		}
		_, _ = sqlcompile.CompileLiteral(d, main.stmt) // must not panic

		cache := sqlcompile.NewCache(d, 8)
		for i := range 2 {
			c, hit := cacheFuzz(cache, main.stmt)
			if !sameFuzzResult(r, c) {
				return fmt.Errorf("%s: the cache (call %d) gives\n%s\n--- plain compile gives ---\n%s", fd.name, i+1, c, r)
			}
			if r.err == "" && hit != (i == 1 && cacheable) {
				return fmt.Errorf("%s: cache call %d: hit = %v", fd.name, i+1, hit)
			}
		}
		c, hit := cacheFuzz(cache, sibling.stmt)
		if !sameFuzzResult(rs, c) {
			return fmt.Errorf("%s: the cache gives, for a statement that differs only in its values,\n%s\n--- plain compile gives ---\n%s", fd.name, c, rs)
		}
		if r.err == "" && cacheable && !hit {
			// The key of a subquery's or CTE's column is its position,
			// not its identity: a statement built again hits the cache.
			return fmt.Errorf("%s: a statement that differs only in its values misses the cache:\n%s", fd.name, r)
		}
		for i, v := range variants {
			rv := compileFuzz(d, v.stmt)
			if err := checkFuzzCompiled(d, v, rv); err != nil {
				return fmt.Errorf("variant %d: %w", i+1, err)
			}
			c, _ := cacheFuzz(cache, v.stmt)
			if !sameFuzzResult(rv, c) {
				return fmt.Errorf("%s: the cache gives, for variant %d,\n%s\n--- plain compile gives ---\n%s\n--- the first statement was ---\n%s",
					fd.name, i+1, c, rv, r)
			}
		}
	}
	return nil
}

// fuzzSeeds are inputs that reach the constructs named beside them (on
// one dialect at least; found by a search over short inputs). The rest of
// the seed corpus is pseudo-random bytes.
var fuzzSeeds = []string{
	"",                    // the simplest statement
	"P9[9{:>v6=",          // select with joins
	"/G(9kC:2zjQ{",        // full and right joins
	"8:yYH;W",             // having
	"y/|S<oD|=<BQFh",      // window ordered nulls last, in a union
	"i%@B",                // union
	"Az'BFZ,6*\"qo+Bz)rK", // intersect all
	"9u,Fi@8\"^&%b/t_",    // except all
	"o1<<f7(",             // recursive CTE
	"|ZYJ",                // CTE on UPDATE ... FROM
	"8mPjD*3`tAG=",        // lateral subquery
	"u6v;",                // delete using a subquery
	"p6F`V*",              // exists
	"ct+f\"=<Ti",          // window frame
	"Gr~o%lo;",            // aggregate filter
	"hVTWCB",              // case
	"Vd?V",                // text with a cast
	"->xfS\"",             // empty in
	"V*~A%\"\"WFU",        // not in list
	"]^)syp",              // tuple in; tuple in (sqlite VALUES)
	"5DkD3G%",             // between
	"u[t+e!xsD<K[S+",      // like escape
	"M`_?7{=9.K=>",        // ilike emulated
	"xXONQ|",              // json path; json path mysql
	"M~Yiy,",              // array any
	"0LKf K",              // array contains
	"eS3@m!\\e!}H",        // is distinct from (mysql: <=>)
	"KSID",                // insert a row
	"#1ZgNh",              // insert select
	"Z,3iQ",               // upsert do update; upsert mysql
	"KTqA7.$",             // upsert do nothing
	"RD!_BI",              // insert returning
	"DXLm",                // update
	"ed<m?",               // delete limit (mysql)
	"]{%#",                // delete using (sqlite: exists)
	"H(!_o!%",             // locking
	" 4EZs}y)>pC",         // share lock mariadb
	"?6}GA%j",             // distinct on
	"&[(7",                // text subquery
	"%9'h}/",              // named parameters (WithParams)
	"6k<(",                // create table
	"VM#~N",               // create type (enum)
}

func fuzzRandomSeeds() [][]byte {
	rng := rand.New(rand.NewSource(1))
	out := make([][]byte, 48)
	for i := range out {
		b := make([]byte, 16+rng.Intn(240))
		rng.Read(b)
		out[i] = b
	}
	return out
}

func FuzzCompile(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	for _, s := range fuzzRandomSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("panic: %v\n%s", r, debug.Stack())
			}
		}()
		if len(data) > 1024 {
			data = data[:1024]
		}
		if err := checkFuzzInput(data); err != nil {
			t.Fatal(err)
		}
	})
}
