package sqlcompile_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/internal/compilecases"
	"github.com/retort-go/retort/sqlcompile"
)

func TestQuoteFollowsEachDialectsReservedWords(t *testing.T) {
	for _, tc := range []struct {
		name                  string
		postgres, mysql, lite string
	}{
		{"user", `"user"`, "user", "user"},
		{"order", `"order"`, "`order`", `"order"`},
		{"select", `"select"`, "`select`", `"select"`},
		{"key", "key", "`key`", `"key"`},
		{"rank", "rank", "`rank`", "rank"},
		{"values", `"values"`, "`values`", `"values"`},
		{"name", "name", "name", "name"},
		{"Name", `"Name"`, "`Name`", `"Name"`},
		{"NAME", `"NAME"`, "`NAME`", `"NAME"`},
		{"9lives", `"9lives"`, "`9lives`", `"9lives"`},
		{"$cash", `"$cash"`, "`$cash`", `"$cash"`},
		{"two words", `"two words"`, "`two words`", `"two words"`},
		{"dash-ed", `"dash-ed"`, "`dash-ed`", `"dash-ed"`},
		{"dot.ted", `"dot.ted"`, "`dot.ted`", `"dot.ted"`},
		{`q"uote`, `"q""uote"`, "`q\"uote`", `"q""uote"`},
		{"b`ack", "\"b`ack\"", "`b``ack`", "\"b`ack\""},
		{"名前", `"名前"`, "`名前`", `"名前"`},
		{"snake_case_9", "snake_case_9", "snake_case_9", "snake_case_9"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.postgres, pgDialect.Quote(tc.name), "postgres")
			require.Equal(t, tc.mysql, mysqlDialect.Quote(tc.name), "mysql")
			require.Equal(t, tc.mysql, mariadbDialect.Quote(tc.name), "mariadb")
			require.Equal(t, tc.lite, sqliteDialect.Quote(tc.name), "sqlite")
		})
	}
}

// The parameter limits: PostgreSQL's and MySQL's protocols count
// parameters in 16 bits; SQLite's SQLITE_MAX_VARIABLE_NUMBER is 32766 by
// default since 3.32.
func TestMoreParametersThanTheDialectAllowsIsAnError(t *testing.T) {
	for _, tc := range []struct {
		name  string
		d     *sqlcompile.Dialect
		limit int
	}{
		{"postgres", pgDialect, 65535},
		{"mysql", mysqlDialect, 65535},
		{"mariadb", mariadbDialect, 65535},
		{"sqlite", sqliteDialect, 32766},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.limit, tc.d.MaxParams)
			ids := make([]int64, tc.limit)
			for i := range ids {
				ids[i] = int64(i)
			}
			cs, args, err := sqlcompile.Compile(tc.d, core.Select(Users.ID).Where(Users.ID.In(ids...)))
			require.NoError(t, err, "exactly the limit is allowed")
			require.Len(t, args, tc.limit)
			require.Equal(t, tc.limit, cs.NumArgs)

			_, _, err = sqlcompile.Compile(tc.d, core.Select(Users.ID).Where(Users.ID.In(append(ids, -1)...)))
			require.ErrorIs(t, err, sqlcompile.ErrUnsupported)
			var ue *sqlcompile.UnsupportedError
			require.ErrorAs(t, err, &ue)
			require.Contains(t, ue.Construct, "parameters in one statement")

			// A multi-row INSERT reaches the limit the same way, and the
			// cache does not keep what it could not compile.
			cache := sqlcompile.NewCache(tc.d, 4)
			_, _, _, err = cache.Compile(insertOverLimit(tc.limit))
			require.ErrorIs(t, err, sqlcompile.ErrUnsupported)
			require.Zero(t, cache.Stats().Size)
		})
	}
}

var insertsOverLimit = map[int]*core.InsertStmt{}

// insertOverLimit returns a multi-row INSERT of five values a row with one
// row more than limit parameters allow. Statements are values, so the
// dialects with the same limit share one (building a large multi-row
// INSERT is slow: core copies the rows for every row added).
func insertOverLimit(limit int) *core.InsertStmt {
	if s, ok := insertsOverLimit[limit]; ok {
		return s
	}
	rows := make([]core.Values, limit/5+1)
	for i := range rows {
		rows[i] = core.Values{Users.ID: int64(i + 1), Users.Name: "n", Users.Fullname: compilecases.NullString("f"), Users.Nickname: ptr("k"), Users.Active: true}
	}
	s := core.Insert(Users).Values(rows...)
	insertsOverLimit[limit] = s
	return s
}
