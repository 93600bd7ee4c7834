package compilecases

import (
	"strings"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/sqlcompile"
	"github.com/retort-go/retort/sqltype"
)

// qmarks writes PostgreSQL's $1, $2, ... as ?, for cases whose SQL is the
// same on every dialect but for the placeholders.
func qmarks(pg string) string {
	var b strings.Builder
	for i := 0; i < len(pg); i++ {
		if pg[i] == '$' && i+1 < len(pg) && pg[i+1] >= '0' && pg[i+1] <= '9' {
			b.WriteByte('?')
			for i+1 < len(pg) && pg[i+1] >= '0' && pg[i+1] <= '9' {
				i++
			}
			continue
		}
		b.WriteByte(pg[i])
	}
	return b.String()
}

// portable is a case whose SQL is the same on every dialect but for the
// placeholders: pg is PostgreSQL's.
func portable(name string, stmt func() core.Statement, pg string, args ...any) Case {
	return Case{
		Name:     name,
		Stmt:     stmt,
		Postgres: emits(pg, args...),
		MySQL:    emits(qmarks(pg), args...),
		SQLite:   emits(qmarks(pg), args...),
	}
}

// exprCases: the operators and functions of item 1 of the expression
// language: arithmetic, concatenation, comparisons with subqueries, tuple
// IN, BETWEEN, ILIKE and the LIKE helpers, IS DISTINCT FROM, CASE, CAST,
// COALESCE, literals, named parameters, functions and FILTER.
func exprCases() []Case {
	return []Case{
		portable("arithmetic binds tighter than comparison and needs no parentheses",
			func() core.Statement { return core.Select(Users.ID).Where(Users.ID.Mul(2).Add(1).Gt(5)) },
			"SELECT user_account.id FROM user_account WHERE user_account.id * $1 + $2 > $3", int64(2), int64(1), int64(5)),
		portable("a sum under a product is parenthesised",
			func() core.Statement { return core.Select(Users.ID.Add(1).Mul(2).Label("x")) },
			"SELECT (user_account.id + $1) * $2 AS x FROM user_account", int64(1), int64(2)),
		portable("a difference on the right of a minus keeps its parentheses",
			func() core.Statement { return core.Select(Users.ID.SubExpr(Users.ID.Sub(1)).Label("x")) },
			"SELECT user_account.id - (user_account.id - $1) AS x FROM user_account", int64(1)),
		portable("a difference on the left of a minus needs none",
			func() core.Statement { return core.Select(Users.ID.Sub(1).Sub(2).Label("x")) },
			"SELECT user_account.id - $1 - $2 AS x FROM user_account", int64(1), int64(2)),
		portable("unary minus of a column",
			func() core.Statement { return core.Select(Users.ID.Neg().Label("x")) },
			"SELECT -user_account.id AS x FROM user_account"),
		{
			Name:     "negating a negative literal does not write a comment",
			Stmt:     func() core.Statement { return core.Select(core.LiteralOf(int64(-5)).Neg().Label("x")) },
			Postgres: emits("SELECT -(-5) AS x"),
			MySQL:    emits("SELECT -(-5) AS x"),
			SQLite:   emits("SELECT -(-5) AS x"),
		},
		{
			Name:     "a negated parameter is typed on PostgreSQL",
			Stmt:     func() core.Statement { return core.Select(core.Value(int64(-5)).Neg().Label("x")) },
			Postgres: emits("SELECT -CAST($1 AS BIGINT) AS x", int64(-5)),
			MySQL:    emits("SELECT -? AS x", int64(-5)),
			SQLite:   emits("SELECT -? AS x", int64(-5)),
		},
		portable("unary minus of a sum parenthesises the sum",
			func() core.Statement { return core.Select(Users.ID.Add(1).Neg().Label("x")) },
			"SELECT -(user_account.id + $1) AS x FROM user_account", int64(1)),
		{
			Name:     "integer division is DIV on MySQL, where / would not truncate",
			Stmt:     func() core.Statement { return core.Select(Users.ID.Div(2).Label("half")) },
			Postgres: emits("SELECT user_account.id / $1 AS half FROM user_account", int64(2)),
			MySQL:    emits("SELECT user_account.id DIV ? AS half FROM user_account", int64(2)),
			SQLite:   emits("SELECT user_account.id / ? AS half FROM user_account", int64(2)),
		},
		portable("modulo is %",
			func() core.Statement { return core.Select(Users.ID).Where(Users.ID.Mod(2).Eq(0)) },
			"SELECT user_account.id FROM user_account WHERE user_account.id % $1 = $2", int64(2), int64(0)),
		{
			Name:     "string concatenation is || and CONCAT on MySQL",
			Stmt:     func() core.Statement { return core.Select(Users.Name.Concat("!").Label("shout")) },
			Postgres: emits("SELECT user_account.name || $1 AS shout FROM user_account", "!"),
			MySQL:    emits("SELECT CONCAT(user_account.name, ?) AS shout FROM user_account", "!"),
			SQLite:   emits("SELECT user_account.name || ? AS shout FROM user_account", "!"),
		},
		{
			Name: "concatenation of three and a comparison of it",
			Stmt: func() core.Statement {
				return core.Select(Users.ID).Where(Users.Name.Concat(" ").ConcatExpr(Users.Name).Eq("a a"))
			},
			Postgres: emits("SELECT user_account.id FROM user_account WHERE user_account.name || $1 || user_account.name = $2", " ", "a a"),
			MySQL:    emits("SELECT user_account.id FROM user_account WHERE CONCAT(CONCAT(user_account.name, ?), user_account.name) = ?", " ", "a a"),
			SQLite:   emits("SELECT user_account.id FROM user_account WHERE user_account.name || ? || user_account.name = ?", " ", "a a"),
		},
		portable("a comparison with a scalar subquery",
			func() core.Statement {
				return core.Select(Users.Name).Where(Users.ID.EqExpr(core.ScalarSubquery[int64](core.Select(core.Max(Addresses.UserID)))))
			},
			"SELECT user_account.name FROM user_account WHERE user_account.id = (SELECT max(address.user_id) AS max FROM address)"),
		portable("IN a subquery",
			func() core.Statement {
				return core.Select(Users.Name).Where(Users.ID.InSelect(core.Select(Addresses.UserID).Where(Addresses.Email.Like("%@x.org"))))
			},
			"SELECT user_account.name FROM user_account WHERE user_account.id IN (SELECT address.user_id FROM address WHERE address.email_address LIKE $1)", "%@x.org"),
		portable("NOT IN a subquery",
			func() core.Statement {
				return core.Select(Users.Name).Where(Users.ID.NotInSelect(core.Select(Addresses.UserID)))
			},
			"SELECT user_account.name FROM user_account WHERE user_account.id NOT IN (SELECT address.user_id FROM address)"),
		{
			Name: "tuple IN a list of rows, as VALUES on SQLite",
			Stmt: func() core.Statement {
				return core.Select(Users.ID).Where(core.Tuple(Users.ID, Users.Name).In([]any{int64(1), "a"}, []any{int64(2), "b"}))
			},
			Postgres: emits("SELECT user_account.id FROM user_account WHERE (user_account.id, user_account.name) IN (($1, $2), ($3, $4))", int64(1), "a", int64(2), "b"),
			MySQL:    emits("SELECT user_account.id FROM user_account WHERE (user_account.id, user_account.name) IN ((?, ?), (?, ?))", int64(1), "a", int64(2), "b"),
			SQLite:   emits("SELECT user_account.id FROM user_account WHERE (user_account.id, user_account.name) IN (VALUES (?, ?), (?, ?))", int64(1), "a", int64(2), "b"),
		},
		portable("tuple NOT IN with no rows is true",
			func() core.Statement { return core.Select(Users.ID).Where(core.Tuple(Users.ID, Users.Name).NotIn()) },
			"SELECT user_account.id FROM user_account WHERE 1 = 1"),
		portable("tuple IN a subquery",
			func() core.Statement {
				return core.Select(Users.ID).Where(core.Tuple(Users.ID, Users.Name).InSelect(core.Select(Addresses.UserID, Addresses.Email)))
			},
			"SELECT user_account.id FROM user_account WHERE (user_account.id, user_account.name) IN (SELECT address.user_id, address.email_address FROM address)"),
		portable("BETWEEN binds both ends",
			func() core.Statement { return core.Select(Users.ID).Where(Users.ID.Between(2, 5)) },
			"SELECT user_account.id FROM user_account WHERE user_account.id BETWEEN $1 AND $2", int64(2), int64(5)),
		portable("NOT BETWEEN",
			func() core.Statement { return core.Select(Users.ID).Where(Users.ID.NotBetween(2, 5)) },
			"SELECT user_account.id FROM user_account WHERE user_account.id NOT BETWEEN $1 AND $2", int64(2), int64(5)),
		portable("BETWEEN of arithmetic needs no parentheses",
			func() core.Statement { return core.Select(Users.ID).Where(Users.ID.Add(1).Between(2, 5)) },
			"SELECT user_account.id FROM user_account WHERE user_account.id + $1 BETWEEN $2 AND $3", int64(1), int64(2), int64(5)),
		{
			Name:     "ILIKE is native on PostgreSQL and lower() LIKE lower() elsewhere",
			Stmt:     func() core.Statement { return core.Select(Users.ID).Where(Users.Name.ILike("sp%")) },
			Postgres: emits("SELECT user_account.id FROM user_account WHERE user_account.name ILIKE $1", "sp%"),
			MySQL:    emits("SELECT user_account.id FROM user_account WHERE lower(user_account.name) LIKE lower(?)", "sp%"),
			SQLite:   emits("SELECT user_account.id FROM user_account WHERE lower(user_account.name) LIKE lower(?)", "sp%"),
		},
		{
			Name:     "NOT ILIKE",
			Stmt:     func() core.Statement { return core.Select(Users.ID).Where(Users.Name.NotILike("sp%")) },
			Postgres: emits("SELECT user_account.id FROM user_account WHERE user_account.name NOT ILIKE $1", "sp%"),
			MySQL:    emits("SELECT user_account.id FROM user_account WHERE lower(user_account.name) NOT LIKE lower(?)", "sp%"),
			SQLite:   emits("SELECT user_account.id FROM user_account WHERE lower(user_account.name) NOT LIKE lower(?)", "sp%"),
		},
		{
			Name:     "StartsWith escapes % and _ in the value and says ESCAPE",
			Stmt:     func() core.Statement { return core.Select(Users.ID).Where(Users.Name.StartsWith("50%_off/")) },
			Postgres: emits("SELECT user_account.id FROM user_account WHERE user_account.name LIKE $1 ESCAPE '/'", "50/%/_off//%"),
			MySQL:    emits("SELECT user_account.id FROM user_account WHERE user_account.name LIKE ? ESCAPE '/'", "50/%/_off//%"),
			SQLite:   emits("SELECT user_account.id FROM user_account WHERE user_account.name LIKE ? ESCAPE '/'", "50/%/_off//%"),
		},
		portable("EndsWith puts the wildcard first",
			func() core.Statement { return core.Select(Users.ID).Where(Users.Name.EndsWith("_x")) },
			"SELECT user_account.id FROM user_account WHERE user_account.name LIKE $1 ESCAPE '/'", "%/_x"),
		portable("Contains wraps the value in wildcards",
			func() core.Statement { return core.Select(Users.ID).Where(Users.Name.Contains("a%b")) },
			"SELECT user_account.id FROM user_account WHERE user_account.name LIKE $1 ESCAPE '/'", "%a/%b%"),
		{
			Name:     "IContains is ILIKE with the escaped value, emulated with lower()",
			Stmt:     func() core.Statement { return core.Select(Users.ID).Where(Users.Name.IContains("Sp_")) },
			Postgres: emits("SELECT user_account.id FROM user_account WHERE user_account.name ILIKE $1 ESCAPE '/'", "%Sp/_%"),
			MySQL:    emits("SELECT user_account.id FROM user_account WHERE lower(user_account.name) LIKE lower(?) ESCAPE '/'", "%Sp/_%"),
			SQLite:   emits("SELECT user_account.id FROM user_account WHERE lower(user_account.name) LIKE lower(?) ESCAPE '/'", "%Sp/_%"),
		},
		{
			Name:     "IS DISTINCT FROM, NOT <=> on MySQL, IS NOT on SQLite",
			Stmt:     func() core.Statement { return core.Select(Users.ID).Where(Users.Nickname.IsDistinctFrom(ptr("pat"))) },
			Postgres: emits("SELECT user_account.id FROM user_account WHERE user_account.nickname IS DISTINCT FROM $1", ptr("pat")),
			MySQL:    emits("SELECT user_account.id FROM user_account WHERE NOT (user_account.nickname <=> ?)", ptr("pat")),
			SQLite:   emits("SELECT user_account.id FROM user_account WHERE user_account.nickname IS NOT ?", ptr("pat")),
		},
		{
			Name: "IS NOT DISTINCT FROM between two columns",
			Stmt: func() core.Statement {
				return core.Select(Users.ID).Where(Users.Fullname.IsNotDistinctFromExpr(Users.Fullname))
			},
			Postgres: emits("SELECT user_account.id FROM user_account WHERE user_account.fullname IS NOT DISTINCT FROM user_account.fullname"),
			MySQL:    emits("SELECT user_account.id FROM user_account WHERE user_account.fullname <=> user_account.fullname"),
			SQLite:   emits("SELECT user_account.id FROM user_account WHERE user_account.fullname IS user_account.fullname"),
		},
		portable("a searched CASE with ELSE",
			func() core.Statement {
				return core.Select(core.Case[string]().When(Users.ID.Lt(2), "first").When(Users.ID.Lt(5), "early").Else("late").Label("era"))
			},
			"SELECT CASE WHEN user_account.id < $1 THEN $2 WHEN user_account.id < $3 THEN $4 ELSE $5 END AS era FROM user_account",
			int64(2), "first", int64(5), "early", "late"),
		portable("a searched CASE without ELSE",
			func() core.Statement {
				return core.Select(core.Case[string]().When(Users.Active, "on").Label("state"))
			},
			"SELECT CASE WHEN user_account.active THEN $1 END AS state FROM user_account", "on"),
		portable("a simple CASE compares its subject",
			func() core.Statement {
				return core.Select(core.CaseOf[string](Users.ID).When(1, "one").When(2, "two").Else("many").Label("word"))
			},
			"SELECT CASE user_account.id WHEN $1 THEN $2 WHEN $3 THEN $4 ELSE $5 END AS word FROM user_account",
			int64(1), "one", int64(2), "two", "many"),
		{
			Name: "a CASE in WHERE compared with a value; PostgreSQL needs its results typed",
			Stmt: func() core.Statement {
				return core.Select(Users.ID).Where(core.Case[int64]().When(Users.Active, 1).Else(0).Eq(1))
			},
			Postgres: emits("SELECT user_account.id FROM user_account WHERE CASE WHEN user_account.active THEN CAST($1 AS BIGINT) ELSE CAST($2 AS BIGINT) END = $3", int64(1), int64(0), int64(1)),
			MySQL:    emits("SELECT user_account.id FROM user_account WHERE CASE WHEN user_account.active THEN ? ELSE ? END = ?", int64(1), int64(0), int64(1)),
			SQLite:   emits("SELECT user_account.id FROM user_account WHERE CASE WHEN user_account.active THEN ? ELSE ? END = ?", int64(1), int64(0), int64(1)),
		},
		{
			Name:     "CAST to text uses each dialect's type name",
			Stmt:     func() core.Statement { return core.Select(core.Cast[string](Users.ID, sqltype.Text{}).Label("s")) },
			Postgres: emits("SELECT CAST(user_account.id AS TEXT) AS s FROM user_account"),
			MySQL:    emits("SELECT CAST(user_account.id AS CHAR) AS s FROM user_account"),
			SQLite:   emits("SELECT CAST(user_account.id AS TEXT) AS s FROM user_account"),
		},
		{
			Name: "CAST to a decimal keeps precision and scale",
			Stmt: func() core.Statement {
				return core.Select(core.Cast[core.Decimal](Users.ID, sqltype.Numeric{Precision: 10, Scale: 2}).Label("d"))
			},
			Postgres: emits("SELECT CAST(user_account.id AS NUMERIC(10, 2)) AS d FROM user_account"),
			MySQL:    emits("SELECT CAST(user_account.id AS DECIMAL(10, 2)) AS d FROM user_account"),
			SQLite:   emits("SELECT CAST(user_account.id AS NUMERIC(10, 2)) AS d FROM user_account"),
		},
		{
			Name: "CAST of a bound value to an integer",
			Stmt: func() core.Statement {
				return core.Select(core.Cast[int64](core.Value("42"), sqltype.BigInt{}).Label("n"))
			},
			Postgres: emits("SELECT CAST($1 AS BIGINT) AS n", "42"),
			MySQL:    emits("SELECT CAST(? AS SIGNED) AS n", "42"),
			SQLite:   emits("SELECT CAST(? AS BIGINT) AS n", "42"),
		},
		portable("COALESCE of a nullable column and a value",
			func() core.Statement {
				return core.Select(core.Coalesce[string](Users.Nickname, core.Value("anon")).Label("nick"))
			},
			"SELECT coalesce(user_account.nickname, $1) AS nick FROM user_account", "anon"),
		{
			// PostgreSQL reads a parameter nothing types as text, and the
			// driver cannot send an integer as text.
			Name: "COALESCE of two values casts them on PostgreSQL",
			Stmt: func() core.Statement {
				return core.Select(core.Coalesce[int64](core.Value[int64](1), core.Value[int64](2)).Label("c"))
			},
			Postgres: emits("SELECT coalesce(CAST($1 AS BIGINT), CAST($2 AS BIGINT)) AS c", int64(1), int64(2)),
			MySQL:    emits("SELECT coalesce(?, ?) AS c", int64(1), int64(2)),
			SQLite:   emits("SELECT coalesce(?, ?) AS c", int64(1), int64(2)),
		},
		{
			Name:     "a value IN a list of values is cast on PostgreSQL",
			Stmt:     func() core.Statement { return core.Select(Users.ID).Where(core.Value[int64](3).In(1, 3)) },
			Postgres: emits("SELECT user_account.id FROM user_account WHERE CAST($1 AS BIGINT) IN ($2, $3)", int64(3), int64(1), int64(3)),
			MySQL:    emits("SELECT user_account.id FROM user_account WHERE ? IN (?, ?)", int64(3), int64(1), int64(3)),
			SQLite:   emits("SELECT user_account.id FROM user_account WHERE ? IN (?, ?)", int64(3), int64(1), int64(3)),
		},
		{
			Name:     "a value BETWEEN values is cast on PostgreSQL",
			Stmt:     func() core.Statement { return core.Select(Users.ID).Where(core.Value[int64](3).Between(1, 5)) },
			Postgres: emits("SELECT user_account.id FROM user_account WHERE CAST($1 AS BIGINT) BETWEEN $2 AND $3", int64(3), int64(1), int64(5)),
			MySQL:    emits("SELECT user_account.id FROM user_account WHERE ? BETWEEN ? AND ?", int64(3), int64(1), int64(5)),
			SQLite:   emits("SELECT user_account.id FROM user_account WHERE ? BETWEEN ? AND ?", int64(3), int64(1), int64(5)),
		},
		{
			Name:     "Excluded outside an upsert is an error",
			Stmt:     func() core.Statement { return core.Select(core.Excluded(Users.Name).Label("n")) },
			Postgres: fails(core.ErrStatement, "core.Excluded is for the values and WHERE of an upsert"),
			MySQL:    fails(core.ErrStatement, "core.Excluded is for the values and WHERE of an upsert"),
			SQLite:   fails(core.ErrStatement, "core.Excluded is for the values and WHERE of an upsert"),
		},
		{
			Name:     "Count of two expressions is an error",
			Stmt:     func() core.Statement { return core.Select(core.Count(Users.ID, Users.Name)) },
			Postgres: fails(core.ErrStatement, "Count takes one expression or none"),
			MySQL:    fails(core.ErrStatement, "Count takes one expression or none"),
			SQLite:   fails(core.ErrStatement, "Count takes one expression or none"),
		},
		{
			Name:     "an empty tuple is an error",
			Stmt:     func() core.Statement { return core.Select(Users.ID).Where(core.Tuple().In([]any{})) },
			Postgres: fails(core.ErrStatement, "a tuple needs at least one item"),
			MySQL:    fails(core.ErrStatement, "a tuple needs at least one item"),
			SQLite:   fails(core.ErrStatement, "a tuple needs at least one item"),
		},
		{
			Name:     "a RawExpr made by hand is an error, not a panic",
			Stmt:     func() core.Statement { return core.Select(core.Typed[int64](&core.RawExpr{SQL: "1"}).Label("one")) },
			Postgres: fails(core.ErrStatement, "a RawExpr must be made with core.TextExpr"),
			MySQL:    fails(core.ErrStatement, "a RawExpr must be made with core.TextExpr"),
			SQLite:   fails(core.ErrStatement, "a RawExpr must be made with core.TextExpr"),
		},
		{
			Name:     "Concat refuses numbers",
			Stmt:     func() core.Statement { return core.Select(Users.ID.Add(1).Concat(2).Label("v")) },
			Postgres: fails(core.ErrStatement, "Concat joins strings"),
			MySQL:    fails(core.ErrStatement, "Concat joins strings"),
			SQLite:   fails(core.ErrStatement, "Concat joins strings"),
		},
		{
			Name:     "arithmetic refuses strings",
			Stmt:     func() core.Statement { return core.Select(Users.Name.Add("x").Label("v")) },
			Postgres: fails(core.ErrStatement, "use Concat"),
			MySQL:    fails(core.ErrStatement, "use Concat"),
			SQLite:   fails(core.ErrStatement, "use Concat"),
		},
		{
			Name:     "true and false literals are 1 and 0 on SQLite",
			Stmt:     func() core.Statement { return core.Select(Users.ID).Where(core.Or(core.True(), core.False())) },
			Postgres: emits("SELECT user_account.id FROM user_account WHERE true OR false"),
			MySQL:    emits("SELECT user_account.id FROM user_account WHERE true OR false"),
			SQLite:   emits("SELECT user_account.id FROM user_account WHERE 1 OR 0"),
		},
		{
			Name:     "a literal value is written into the SQL with the dialect's quoting",
			Stmt:     func() core.Statement { return core.Select(core.LiteralOf("it's").Label("lit")) },
			Postgres: emits("SELECT 'it''s' AS lit"),
			MySQL:    emits("SELECT 'it''s' AS lit"),
			SQLite:   emits("SELECT 'it''s' AS lit"),
		},
		{
			Name: "a named parameter takes its value at execution",
			Stmt: func() core.Statement {
				q := core.Select(Users.Name).Where(Users.ID.EqExpr(core.Param[int64]("uid")))
				return core.WithParams(q, core.Params{"uid": int64(7)})
			},
			Postgres: emits("SELECT user_account.name FROM user_account WHERE user_account.id = $1", int64(7)),
			MySQL:    emits("SELECT user_account.name FROM user_account WHERE user_account.id = ?", int64(7)),
			SQLite:   emits("SELECT user_account.name FROM user_account WHERE user_account.id = ?", int64(7)),
		},
		{
			Name: "a named parameter used twice binds its value twice",
			Stmt: func() core.Statement {
				p := core.Param[int64]("n")
				q := core.Select(Users.Name).Where(core.Or(Users.ID.EqExpr(p), Users.ID.GtExpr(p.Mul(10))))
				return core.WithParams(q, core.Params{"n": int64(3)})
			},
			Postgres: emits("SELECT user_account.name FROM user_account WHERE user_account.id = $1 OR user_account.id > CAST($2 AS BIGINT) * CAST($3 AS BIGINT)", int64(3), int64(3), int64(10)),
			MySQL:    emits("SELECT user_account.name FROM user_account WHERE user_account.id = ? OR user_account.id > ? * ?", int64(3), int64(3), int64(10)),
			SQLite:   emits("SELECT user_account.name FROM user_account WHERE user_account.id = ? OR user_account.id > ? * ?", int64(3), int64(3), int64(10)),
		},
		{
			Name: "a named parameter without a value is an error",
			Stmt: func() core.Statement {
				return core.Select(Users.Name).Where(Users.ID.EqExpr(core.Param[int64]("uid")))
			},
			Postgres: fails(core.ErrStatement, `no value for parameter "uid"`),
			MySQL:    fails(core.ErrStatement, `no value for parameter "uid"`),
			SQLite:   fails(core.ErrStatement, `no value for parameter "uid"`),
		},
		{
			Name: "a value for a parameter the statement does not use is an error",
			Stmt: func() core.Statement {
				return core.WithParams(core.Select(Users.Name), core.Params{"typo": 1})
			},
			Postgres: fails(core.ErrStatement, "does not use: typo"),
			MySQL:    fails(core.ErrStatement, "does not use: typo"),
			SQLite:   fails(core.ErrStatement, "does not use: typo"),
		},
		portable("a generic function call",
			func() core.Statement {
				return core.Select(core.Func[string]("replace", Users.Name, core.Value("a"), core.Value("b")).Label("r"))
			},
			"SELECT replace(user_account.name, $1, $2) AS r FROM user_account", "a", "b"),
		portable("sum, min and max keep the column's type and are named after the function",
			func() core.Statement {
				return core.Select(core.Sum(Users.ID), core.Min(Users.ID), core.Max(Users.Name))
			},
			"SELECT sum(user_account.id) AS sum, min(user_account.id) AS min, max(user_account.name) AS max FROM user_account"),
		portable("avg",
			func() core.Statement { return core.Select(core.Avg(Users.ID)) },
			"SELECT avg(user_account.id) AS avg FROM user_account"),
		{
			Name: "lower, upper and length; length counts characters on MySQL too",
			Stmt: func() core.Statement {
				return core.Select(core.Lower(Users.Name), core.Upper(Users.Name), core.Length(Users.Name))
			},
			Postgres: emits("SELECT lower(user_account.name) AS lower, upper(user_account.name) AS upper, length(user_account.name) AS length FROM user_account"),
			MySQL:    emits("SELECT lower(user_account.name) AS lower, upper(user_account.name) AS upper, CHAR_LENGTH(user_account.name) AS length FROM user_account"),
			SQLite:   emits("SELECT lower(user_account.name) AS lower, upper(user_account.name) AS upper, length(user_account.name) AS length FROM user_account"),
		},
		{
			Name:     "now is the current timestamp",
			Stmt:     func() core.Statement { return core.Select(core.Now().Label("t")) },
			Postgres: emits("SELECT CURRENT_TIMESTAMP AS t"),
			MySQL:    emits("SELECT CURRENT_TIMESTAMP(6) AS t"),
			SQLite:   emits("SELECT CURRENT_TIMESTAMP AS t"),
		},
		portable("abs of an expression",
			func() core.Statement { return core.Select(core.Abs(Users.ID.Sub(10)).Label("d")) },
			"SELECT abs(user_account.id - $1) AS d FROM user_account", int64(10)),
		{
			Name:     "round of a double casts to NUMERIC on PostgreSQL, which has no round(double, int)",
			Stmt:     func() core.Statement { return core.Select(core.Round(core.Avg(Users.ID), 2).Label("r")) },
			Postgres: emits("SELECT round(CAST(avg(user_account.id) AS NUMERIC), $1) AS r FROM user_account", int64(2)),
			MySQL:    emits("SELECT round(avg(user_account.id), ?) AS r FROM user_account", int64(2)),
			SQLite:   emits("SELECT round(avg(user_account.id), ?) AS r FROM user_account", int64(2)),
		},
		{
			Name:     "an aggregate FILTER, emulated with CASE on MySQL",
			Stmt:     func() core.Statement { return core.Select(core.Count().Filter(Users.Active).Label("active")) },
			Postgres: emits("SELECT count(*) FILTER (WHERE user_account.active) AS active FROM user_account"),
			MySQL:    emits("SELECT count(CASE WHEN user_account.active THEN 1 END) AS active FROM user_account"),
			SQLite:   emits("SELECT count(*) FILTER (WHERE user_account.active) AS active FROM user_account"),
		},
		{
			Name:     "FILTER on an aggregate of a column",
			Stmt:     func() core.Statement { return core.Select(core.Sum(Users.ID).Filter(Users.ID.Gt(2)).Label("s")) },
			Postgres: emits("SELECT sum(user_account.id) FILTER (WHERE user_account.id > $1) AS s FROM user_account", int64(2)),
			MySQL:    emits("SELECT sum(CASE WHEN user_account.id > ? THEN user_account.id END) AS s FROM user_account", int64(2)),
			SQLite:   emits("SELECT sum(user_account.id) FILTER (WHERE user_account.id > ?) AS s FROM user_account", int64(2)),
		},
		portable("a boolean column and its negation in WHERE",
			func() core.Statement { return core.Select(Users.ID).Where(core.Not(Users.Active), Users.ID.Gt(0)) },
			"SELECT user_account.id FROM user_account WHERE NOT user_account.active AND user_account.id > $1", int64(0)),
		portable("a text expression with its own named parameters",
			func() core.Statement {
				return core.Select(Users.ID).Where(core.TextExpr[bool]("user_account.id > :lo", map[string]any{"lo": int64(1)}))
			},
			"SELECT user_account.id FROM user_account WHERE (user_account.id > $1)", int64(1)),
		portable("a comparison of two arithmetic expressions",
			func() core.Statement { return core.Select(Users.ID).Where(Users.ID.Add(1).GtExpr(Users.ID.Mul(2))) },
			"SELECT user_account.id FROM user_account WHERE user_account.id + $1 > user_account.id * $2", int64(1), int64(2)),
		{
			Name: "a CAST to a type MySQL cannot CAST to is a compile error there",
			Stmt: func() core.Statement {
				return core.Select(core.Cast[[]int64](core.Value("{1,2}"), sqltype.Array{Elem: sqltype.BigInt{}}).Label("a"))
			},
			Postgres: emits("SELECT CAST($1 AS BIGINT[]) AS a", "{1,2}"),
			MySQL:    fails(nil, "mysql: no CAST type for bigint[]"),
			SQLite:   fails(nil, "sqlite: no column type for bigint[]"),
		},
		{
			Name: "ANY over an array is PostgreSQL's",
			Stmt: func() core.Statement {
				return core.Select(Users.Name).Where(Users.ID.EqAny(core.Array[int64](1, 2, 3)))
			},
			Postgres: emits("SELECT user_account.name FROM user_account WHERE user_account.id = ANY ($1)", []int64{1, 2, 3}),
			MySQL:    unsupported("ANY/ALL over arrays"),
			SQLite:   unsupported("ANY/ALL over arrays"),
		},
		{
			Name:     "!= ALL over an array",
			Stmt:     func() core.Statement { return core.Select(Users.Name).Where(Users.ID.NeAll(core.Array[int64](1, 2))) },
			Postgres: emits("SELECT user_account.name FROM user_account WHERE user_account.id != ALL ($1)", []int64{1, 2}),
			MySQL:    unsupported("ANY/ALL over arrays"),
			SQLite:   unsupported("ANY/ALL over arrays"),
		},
		{
			// @>, && and || are one level on PostgreSQL, left-associative:
			// "a @> b || c" would be "(a @> b) || c".
			Name: "array concatenation under @> is parenthesised",
			Stmt: func() core.Statement {
				return core.Select(Posts.ID).Where(core.ArrayContains(Posts.Tags, core.Array("a").ConcatExpr(core.Array("b"))))
			},
			Postgres: emits("SELECT post.id FROM post WHERE post.tags @> (CAST($1 AS TEXT[]) || CAST($2 AS TEXT[]))", []string{"a"}, []string{"b"}),
			MySQL:    unsupported("array operators"),
			SQLite:   unsupported("array operators"),
		},
		{
			Name: "array contains, contained by and overlap",
			Stmt: func() core.Statement {
				return core.Select(Posts.ID).Where(
					core.ArrayContains(Posts.Tags, core.Array("go")),
					core.ArrayContainedBy(Posts.Tags, core.Array("go", "sql", "db")),
					core.ArrayOverlap(Posts.Tags, core.Array("sql", "orm")))
			},
			Postgres: emits("SELECT post.id FROM post WHERE post.tags @> $1 AND post.tags <@ $2 AND post.tags && $3",
				[]string{"go"}, []string{"go", "sql", "db"}, []string{"sql", "orm"}),
			MySQL:  unsupported("array operators"),
			SQLite: unsupported("array operators"),
		},
		{
			Name: "a JSON member as text, compared",
			Stmt: func() core.Statement {
				return core.Select(Docs.ID).Where(core.JSONGetText(Docs.Body, "kind").Eq("note"))
			},
			Postgres: emits("SELECT doc.id FROM doc WHERE doc.body #>> $1 = $2", []string{"kind"}, "note"),
			MySQL:    emits("SELECT doc.id FROM doc WHERE JSON_UNQUOTE(NULLIF(JSON_EXTRACT(doc.body, ?), JSON_EXTRACT('null', '$'))) = ?", `$."kind"`, "note"),
			SQLite:   emits("SELECT doc.id FROM doc WHERE doc.body ->> ? = ?", `$."kind"`, "note"),
		},
		{
			Name:     "a JSON member by path and array index, as JSON",
			Stmt:     func() core.Statement { return core.Select(core.JSONGet(Docs.Body, "tags", 0).Label("head")) },
			Postgres: emits("SELECT doc.body #> $1 AS head FROM doc", []string{"tags", "0"}),
			MySQL:    emits("SELECT JSON_EXTRACT(doc.body, ?) AS head FROM doc", `$."tags"[0]`),
			SQLite:   emits("SELECT doc.body -> ? AS head FROM doc", `$."tags"[0]`),
		},
		{
			Name:     "a JSON key with quotes and dots stays one key, bound",
			Stmt:     func() core.Statement { return core.Select(core.JSONGetText(Docs.Body, `a."b`).Label("v")) },
			Postgres: emits("SELECT doc.body #>> $1 AS v FROM doc", []string{`a."b`}),
			MySQL:    emits("SELECT JSON_UNQUOTE(NULLIF(JSON_EXTRACT(doc.body, ?), JSON_EXTRACT('null', '$'))) AS v FROM doc", `$."a.\"b"`),
			SQLite:   emits("SELECT doc.body ->> ? AS v FROM doc", `$."a.\"b"`),
		},
		{
			Name:     "a JSON text member concatenated is parenthesised",
			Stmt:     func() core.Statement { return core.Select(core.JSONGetText(Docs.Body, "kind").Concat("!").Label("v")) },
			Postgres: emits("SELECT doc.body #>> $1 || $2 AS v FROM doc", []string{"kind"}, "!"),
			MySQL:    emits("SELECT CONCAT(JSON_UNQUOTE(NULLIF(JSON_EXTRACT(doc.body, ?), JSON_EXTRACT('null', '$'))), ?) AS v FROM doc", `$."kind"`, "!"),
			SQLite:   emits("SELECT doc.body ->> ? || ? AS v FROM doc", `$."kind"`, "!"),
		},
		{
			Name:     "a JSON path with no steps is an error",
			Stmt:     func() core.Statement { return core.Select(core.JSONGet(Docs.Body).Label("v")) },
			Postgres: fails(core.ErrStatement, "at least one step"),
			MySQL:    fails(core.ErrStatement, "at least one step"),
			SQLite:   fails(core.ErrStatement, "at least one step"),
		},
		{
			Name:     "the unsupported error names the dialect and the construct",
			Stmt:     func() core.Statement { return core.Select(Users.Name).Where(Users.ID.EqAny(core.Array[int64](1))) },
			Postgres: emits("SELECT user_account.name FROM user_account WHERE user_account.id = ANY ($1)", []int64{1}),
			MySQL:    fails(sqlcompile.ErrUnsupported, "sqlcompile: mysql does not support ANY/ALL over arrays"),
			MariaDB:  ptr(fails(sqlcompile.ErrUnsupported, "sqlcompile: mariadb does not support ANY/ALL over arrays")),
			SQLite:   fails(sqlcompile.ErrUnsupported, "sqlcompile: sqlite does not support ANY/ALL over arrays"),
		},
	}
}
