// Command reservedgen regenerates the reserved-word tables of the SQL dialects:
//
//	dialects/postgres/reserved.go
//	dialects/mysql/reserved.go
//	dialects/sqlite/reserved.go
//
// Each file holds one sorted map, reservedWords, of the lower-case words that
// the compiler must quote when they are used as an identifier. The lists are
// derived from live servers and from the vendors' documentation:
//
//   - PostgreSQL: pg_get_keywords(), every reserved (R), type/function-name (T)
//     and column-name (C) keyword.
//   - MySQL/MariaDB: every word of MariaDB's information_schema.KEYWORDS that
//     MariaDB rejects (or misreads) unquoted as an identifier, found by trying
//     it, plus the reserved words documented for MySQL 8.0 and 8.4 (literal
//     lists below, as there is no MySQL server to ask).
//   - SQLite: the documented keyword list (literal list below), cross-checked
//     against the keyword table compiled into modernc.org/sqlite and tried
//     unquoted as a column name; every documented keyword is kept, whether or
//     not SQLite happens to accept it.
//
// Run it from anywhere inside the module, with both servers reachable:
//
//	go run ./internal/reservedgen
//	go run ./internal/reservedgen -check   # fail if the files are out of date
//
// Flags -pg and -mysql choose the servers; -root chooses the module root.
package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	mysqldrv "github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"modernc.org/libc"
	_ "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// modulePath is the module whose dialects/ directory is regenerated.
const modulePath = "github.com/retort-go/retort"

// identRE matches the words that can be written as a plain, unquoted
// identifier at all; keywords such as "&&" or "<=>" are not identifiers.
var identRE = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// mustBeReserved lists words each dialect must end up quoting; the generator
// refuses to write a table that lacks one, as a guard against a broken probe.
var mustBeReserved = map[string][]string{
	"postgres": {"user", "order", "select", "table", "group", "check", "default", "limit", "offset", "all", "primary", "references"},
	"mysql":    {"order", "select", "table", "group", "key", "range", "rank", "row", "rows", "usage", "condition"},
	"sqlite":   {"order", "select", "table", "group", "index", "key"},
}

func main() {
	log := func(format string, args ...any) { fmt.Fprintf(os.Stderr, format+"\n", args...) }
	pgDSN := flag.String("pg", "postgres://postgres@127.0.0.1:5432/test", "PostgreSQL connection string")
	myDSN := flag.String("mysql", "root@tcp(127.0.0.1:3306)/test", "MariaDB/MySQL DSN (go-sql-driver/mysql format)")
	root := flag.String("root", "", "module root (default: the directory of the enclosing go.mod)")
	check := flag.Bool("check", false, "do not write; exit 1 if a generated file is out of date")
	flag.Parse()

	if err := run(*pgDSN, *myDSN, *root, *check, log); err != nil {
		fmt.Fprintln(os.Stderr, "reservedgen:", err)
		os.Exit(1)
	}
}

type logger func(format string, args ...any)

// table is one generated file.
type table struct {
	dialect string   // directory under dialects/ and package name
	name    string   // human name used in the doc comment
	source  []string // lines saying where the words came from
	words   []string
}

func run(pgDSN, myDSN, root string, check bool, log logger) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()

	if root == "" {
		r, err := findModuleRoot()
		if err != nil {
			return err
		}
		root = r
	}

	pg, err := postgresTable(ctx, pgDSN, log)
	if err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	my, err := mysqlTable(ctx, myDSN, log)
	if err != nil {
		return fmt.Errorf("mysql: %w", err)
	}
	lite, err := sqliteTable(ctx, log)
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}

	stale := 0
	for _, t := range []table{pg, my, lite} {
		set := toSet(t.words)
		for _, w := range mustBeReserved[t.dialect] {
			if _, ok := set[w]; !ok {
				return fmt.Errorf("%s: %q is missing from the generated list; refusing to write it", t.dialect, w)
			}
		}
		src, err := render(t)
		if err != nil {
			return fmt.Errorf("%s: %w", t.dialect, err)
		}
		path := filepath.Join(root, "dialects", t.dialect, "reserved.go")
		old, _ := os.ReadFile(path)
		switch {
		case bytes.Equal(old, src):
			log("%-8s %4d words, %s is up to date", t.dialect, len(t.words), rel(root, path))
		case check:
			stale++
			log("%-8s %4d words, %s is OUT OF DATE", t.dialect, len(t.words), rel(root, path))
		default:
			if err := os.WriteFile(path, src, 0o644); err != nil {
				return err
			}
			log("%-8s %4d words, wrote %s", t.dialect, len(t.words), rel(root, path))
		}
	}
	if stale > 0 {
		return fmt.Errorf("%d file(s) out of date; run go run ./internal/reservedgen", stale)
	}
	return nil
}

// ---------------------------------------------------------------- PostgreSQL

func postgresTable(ctx context.Context, dsn string, log logger) (table, error) {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return table{}, err
	}
	defer conn.Close(ctx)

	var major int
	if err := conn.QueryRow(ctx, `SELECT current_setting('server_version_num')::int / 10000`).Scan(&major); err != nil {
		return table{}, err
	}
	rows, err := conn.Query(ctx, `SELECT word FROM pg_get_keywords() WHERE catcode IN ('R','T','C') ORDER BY word`)
	if err != nil {
		return table{}, err
	}
	words, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return table{}, err
	}
	log("postgres: PostgreSQL %d, %d keywords of category R, T or C", major, len(words))
	return table{
		dialect: "postgres",
		name:    "PostgreSQL",
		source: []string{
			fmt.Sprintf("Source: PostgreSQL %d, SELECT word FROM pg_get_keywords() WHERE catcode IN ('R','T','C'):", major),
			"the reserved, type/function-name and column-name keywords. Unreserved",
			"keywords (catcode U) are left out: they are accepted as identifiers.",
		},
		words: normalize(words),
	}, nil
}

// ------------------------------------------------------------- MySQL/MariaDB

// mysql84Reserved are the words marked (R) in "MySQL 8.4 Keywords and Reserved
// Words", https://dev.mysql.com/doc/refman/8.4/en/keywords.html (the 8.4
// reference manual, section 11.3, Keywords and Reserved Words).
var mysql84Reserved = []string{
	"accessible", "add", "all", "alter", "analyze", "and", "as", "asc", "asensitive",
	"before", "between", "bigint", "binary", "blob", "both", "by",
	"call", "cascade", "case", "change", "char", "character", "check", "collate", "column",
	"condition", "constraint", "continue", "convert", "create", "cross", "cube", "cume_dist",
	"current_date", "current_time", "current_timestamp", "current_user", "cursor",
	"database", "databases", "day_hour", "day_microsecond", "day_minute", "day_second",
	"dec", "decimal", "declare", "default", "delayed", "delete", "dense_rank", "desc",
	"describe", "deterministic", "distinct", "distinctrow", "div", "double", "drop", "dual",
	"each", "else", "elseif", "empty", "enclosed", "escaped", "except", "exists", "exit", "explain",
	"false", "fetch", "first_value", "float", "float4", "float8", "for", "force", "foreign",
	"from", "fulltext", "function",
	"generated", "get", "grant", "group", "grouping", "groups",
	"having", "high_priority", "hour_microsecond", "hour_minute", "hour_second",
	"if", "ignore", "in", "index", "infile", "inner", "inout", "insensitive", "insert",
	"int", "int1", "int2", "int3", "int4", "int8", "integer", "intersect", "interval", "into",
	"io_after_gtids", "io_before_gtids", "is", "iterate",
	"join", "json_table",
	"key", "keys", "kill",
	"lag", "last_value", "lateral", "lead", "leading", "leave", "left", "like", "limit",
	"linear", "lines", "load", "localtime", "localtimestamp", "lock", "long", "longblob",
	"longtext", "loop", "low_priority",
	"manual", "match", "maxvalue", "mediumblob", "mediumint", "mediumtext", "middleint",
	"minute_microsecond", "minute_second", "mod", "modifies",
	"natural", "not", "no_write_to_binlog", "nth_value", "ntile", "null", "numeric",
	"of", "on", "optimize", "optimizer_costs", "option", "optionally", "or", "order", "out",
	"outer", "outfile", "over",
	"parallel", "partition", "percent_rank", "precision", "primary", "procedure", "purge",
	"qualify",
	"range", "rank", "read", "reads", "read_write", "real", "recursive", "references",
	"regexp", "release", "rename", "repeat", "replace", "require", "resignal", "restrict",
	"return", "revoke", "right", "rlike", "row", "rows", "row_number",
	"schema", "schemas", "second_microsecond", "select", "sensitive", "separator", "set",
	"show", "signal", "smallint", "spatial", "specific", "sql", "sqlexception", "sqlstate",
	"sqlwarning", "sql_big_result", "sql_calc_found_rows", "sql_small_result", "ssl",
	"starting", "stored", "straight_join", "system",
	"table", "tablesample", "terminated", "then", "tinyblob", "tinyint", "tinytext", "to",
	"trailing", "trigger", "true",
	"undo", "union", "unique", "unlock", "unsigned", "update", "usage", "use", "using",
	"utc_date", "utc_time", "utc_timestamp",
	"values", "varbinary", "varchar", "varcharacter", "varying", "virtual",
	"when", "where", "while", "window", "with", "write",
	"xor",
	"year_month",
	"zerofill",
}

// mysql80Reserved are the words marked (R) in "MySQL 8.0 Keywords and Reserved
// Words", https://dev.mysql.com/doc/refman/8.0/en/keywords.html, that are no
// longer keywords in 8.4 ("MySQL 8.4 Removed Keywords and Reserved Words").
// Every other (R) word of the 8.0 list is also (R) in the 8.4 list.
var mysql80Reserved = []string{
	"master_bind",
	"master_ssl_verify_server_cert",
}

// mysql80FormerlyReserved are words the same MySQL 8.0 page lists as reserved
// in some 8.0 releases only ("became nonreserved in 8.0.x", or "added in 8.0.x
// (reserved); became nonreserved in 8.0.y"). Quoting them costs nothing.
var mysql80FormerlyReserved = []string{
	"admin",                 // nonreserved from 8.0.12
	"array",                 // reserved in 8.0.17 and 8.0.18
	"get_master_public_key", // reserved in 8.0.4 to 8.0.10
	"member",                // reserved in 8.0.17 and 8.0.18
	"persist",               // nonreserved from 8.0.16
	"persist_only",          // reserved in 8.0.2 to 8.0.15
	"role",                  // nonreserved from 8.0.1
}

// mysqlAlsoReserved: the MySQL manual notes "In addition, _FILENAME is reserved."
var mysqlAlsoReserved = []string{"_filename"}

// probeResult records why MariaDB would not take a word as an identifier.
type probeResult struct {
	failed []string // probes that failed, e.g. "column", "alias"
	other  []string // non-syntax errors seen (reported, not counted)
}

func mysqlTable(ctx context.Context, dsn string, log logger) (table, error) {
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		return table{}, err
	}
	defer db.Close()
	conn, err := db.Conn(ctx) // temporary tables live on one connection
	if err != nil {
		return table{}, err
	}
	defer conn.Close()

	var version, sqlMode string
	if err := conn.QueryRowContext(ctx, `SELECT VERSION(), @@SESSION.sql_mode`).Scan(&version, &sqlMode); err != nil {
		return table{}, err
	}
	if !strings.Contains(strings.ToLower(version), "mariadb") {
		log("mysql: warning: %s does not look like MariaDB; probing it anyway", version)
	}
	server := shortVersion(version)

	rows, err := conn.QueryContext(ctx, `SELECT WORD FROM information_schema.KEYWORDS`)
	if err != nil {
		return table{}, err
	}
	var all []string
	for rows.Next() {
		var w string
		if err := rows.Scan(&w); err != nil {
			rows.Close()
			return table{}, err
		}
		all = append(all, w)
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return table{}, err
	}
	if err := rows.Close(); err != nil {
		return table{}, err
	}
	words := normalize(all)
	var candidates []string
	for _, w := range words {
		if identRE.MatchString(w) {
			candidates = append(candidates, w)
		}
	}
	log("mysql: %s (sql_mode %q), %d keywords, %d of them identifier-shaped", version, sqlMode, len(words), len(candidates))

	var rejected []string
	byProbe := map[string]int{}
	for _, w := range candidates {
		r, err := probeMariaDB(ctx, conn, w)
		if err != nil {
			return table{}, fmt.Errorf("probing %q: %w", w, err)
		}
		for _, o := range r.other {
			log("mysql: note: %s: %s", w, o)
		}
		if len(r.failed) > 0 {
			rejected = append(rejected, w)
			for _, p := range r.failed {
				byProbe[p]++
			}
			if len(r.failed) < len(probeNames) {
				log("mysql: %s is rejected only by probe(s) %s", w, strings.Join(r.failed, ", "))
			}
		}
	}
	log("mysql: MariaDB rejects %d of %d words unquoted (failures by probe: %v)", len(rejected), len(candidates), byProbe)

	var documented []string
	documented = append(documented, mysql84Reserved...)
	documented = append(documented, mysql80Reserved...)
	documented = append(documented, mysql80FormerlyReserved...)
	documented = append(documented, mysqlAlsoReserved...)
	documented = normalize(documented)

	rejectedSet := toSet(rejected)
	docSet := toSet(documented)
	var onlyDoc, onlyMaria []string
	for _, w := range documented {
		if _, ok := rejectedSet[w]; !ok {
			onlyDoc = append(onlyDoc, w)
		}
	}
	for _, w := range rejected {
		if _, ok := docSet[w]; !ok {
			onlyMaria = append(onlyMaria, w)
		}
	}
	log("mysql: %d documented MySQL 8 reserved words; %d of them MariaDB accepts unquoted: %s",
		len(documented), len(onlyDoc), strings.Join(onlyDoc, " "))
	log("mysql: %d words MariaDB rejects that MySQL 8 does not reserve: %s", len(onlyMaria), strings.Join(onlyMaria, " "))

	union := normalize(append(append([]string{}, rejected...), documented...))
	return table{
		dialect: "mysql",
		name:    "MySQL or MariaDB",
		source: []string{
			"Source: the union of",
			fmt.Sprintf("  - the %d words of information_schema.KEYWORDS that %s rejects unquoted", len(rejected), server),
			"    as a column name, table name, column alias or column reference (tried", "    one by one), and",
			fmt.Sprintf("  - the %d words documented as reserved in MySQL 8.4 or 8.0, a few of them", len(documented)),
			"    only in early 8.0 releases, and _FILENAME",
			"    (https://dev.mysql.com/doc/refman/8.4/en/keywords.html and",
			"    https://dev.mysql.com/doc/refman/8.0/en/keywords.html).",
		},
		words: union,
	}, nil
}

var probeNames = []string{"column", "alias", "reference", "table"}

// probeMariaDB tries w unquoted as a column definition, a column alias, a
// column reference in an expression, and a table name. A syntax error in any
// of them, or a reference that does not read the column, makes w reserved.
func probeMariaDB(ctx context.Context, conn *sql.Conn, w string) (probeResult, error) {
	var r probeResult
	exec := func(q string) error { _, err := conn.ExecContext(ctx, q); return err }
	// classify returns whether err is a syntax error; other errors are noted.
	classify := func(probe string, err error) bool {
		if err == nil {
			return false
		}
		var me *mysqldrv.MySQLError
		if errors.As(err, &me) && (me.Number == 1064 || me.Number == 1149) {
			return true
		}
		r.other = append(r.other, fmt.Sprintf("%s probe: %v", probe, err))
		return false
	}
	fail := func(probe string) { r.failed = append(r.failed, probe) }

	if err := exec("DROP TEMPORARY TABLE IF EXISTS t_probe"); err != nil {
		return r, err
	}
	// 1. column name in CREATE TABLE.
	err := exec("CREATE TEMPORARY TABLE t_probe (" + w + " INT)")
	if classify("column", err) {
		fail("column")
	}
	if err != nil {
		// Make the table with the column quoted, for probe 3.
		if err := exec("CREATE TEMPORARY TABLE t_probe (`" + w + "` INT)"); err != nil {
			return r, err
		}
	}
	// 2. column alias.
	if classify("alias", exec("SELECT 1 AS "+w)) {
		fail("alias")
	}
	// 3. column reference: INSERT, then read it back through WHERE, GROUP BY
	// and ORDER BY. A word that parses as something else (a function such as
	// CURRENT_ROLE, say) reads the wrong value, and counts as reserved too.
	if err := exec("INSERT INTO t_probe (`" + w + "`) VALUES (42)"); err != nil {
		return r, err
	}
	var got sql.NullInt64
	err = conn.QueryRowContext(ctx, "SELECT "+w+" FROM t_probe WHERE "+w+" = 42 GROUP BY "+w+" ORDER BY "+w).Scan(&got)
	switch {
	case err == nil && got.Valid && got.Int64 == 42:
	case errors.Is(err, sql.ErrNoRows):
		fail("reference")
		r.other = append(r.other, "reference probe: the WHERE clause did not read the column (no row)")
	case err == nil:
		fail("reference")
		r.other = append(r.other, fmt.Sprintf("reference probe read %v instead of the column", got))
	case classify("reference", err):
		fail("reference")
	default:
		// A non-syntax error (say, the word is read as a function of the
		// wrong type): it does not name the column either.
		fail("reference")
	}
	if err := exec("DROP TEMPORARY TABLE IF EXISTS t_probe"); err != nil {
		return r, err
	}
	// 4. table name.
	err = exec("CREATE TEMPORARY TABLE " + w + " (x INT)")
	if classify("table", err) {
		fail("table")
	}
	if err == nil {
		if err := exec("DROP TEMPORARY TABLE " + w); err != nil {
			if err := exec("DROP TEMPORARY TABLE `" + w + "`"); err != nil {
				return r, err
			}
		}
	}
	return r, nil
}

// --------------------------------------------------------------------- SQLite

// sqliteKeywords is the documented keyword list of "SQLite Keywords",
// https://www.sqlite.org/lang_keywords.html ("any identifier that is not on
// the following 147 element list is not a keyword to the SQL parser in
// SQLite").
var sqliteKeywords = []string{
	"abort", "action", "add", "after", "all", "alter", "always", "analyze", "and", "as", "asc",
	"attach", "autoincrement", "before", "begin", "between", "by", "cascade", "case", "cast",
	"check", "collate", "column", "commit", "conflict", "constraint", "create", "cross",
	"current", "current_date", "current_time", "current_timestamp", "database", "default",
	"deferrable", "deferred", "delete", "desc", "detach", "distinct", "do", "drop", "each",
	"else", "end", "escape", "except", "exclude", "exclusive", "exists", "explain", "fail",
	"filter", "first", "following", "for", "foreign", "from", "full", "generated", "glob",
	"group", "groups", "having", "if", "ignore", "immediate", "in", "index", "indexed",
	"initially", "inner", "insert", "instead", "intersect", "into", "is", "isnull", "join",
	"key", "last", "left", "like", "limit", "match", "materialized", "natural", "no", "not",
	"nothing", "notnull", "null", "nulls", "of", "offset", "on", "or", "order", "others",
	"outer", "over", "partition", "plan", "pragma", "preceding", "primary", "query", "raise",
	"range", "recursive", "references", "regexp", "reindex", "release", "rename", "replace",
	"restrict", "returning", "right", "rollback", "row", "rows", "savepoint", "select", "set",
	"table", "temp", "temporary", "then", "ties", "to", "transaction", "trigger", "unbounded",
	"union", "unique", "update", "using", "vacuum", "values", "view", "virtual", "when",
	"where", "window", "with", "without",
}

func sqliteTable(ctx context.Context, log logger) (table, error) {
	documented := normalize(sqliteKeywords)

	// Cross-check with the keyword table compiled into the driver.
	built, err := sqliteBuiltKeywords()
	if err != nil {
		return table{}, err
	}
	docSet, builtSet := toSet(documented), toSet(built)
	var onlyDoc, onlyBuilt []string
	for _, w := range documented {
		if _, ok := builtSet[w]; !ok {
			onlyDoc = append(onlyDoc, w)
		}
	}
	for _, w := range built {
		if _, ok := docSet[w]; !ok {
			onlyBuilt = append(onlyBuilt, w)
		}
	}
	log("sqlite: %d documented keywords, %d in the modernc.org/sqlite build; documented only: [%s]; build only: [%s]",
		len(documented), len(built), strings.Join(onlyDoc, " "), strings.Join(onlyBuilt, " "))

	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		return table{}, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // one in-memory database
	var version string
	if err := db.QueryRowContext(ctx, `SELECT sqlite_version()`).Scan(&version); err != nil {
		return table{}, err
	}

	words := normalize(append(append([]string{}, documented...), onlyBuilt...))
	var accepted, rejected []string
	for _, w := range words {
		if _, err := db.ExecContext(ctx, "CREATE TABLE t("+w+" INT)"); err != nil {
			rejected = append(rejected, w)
			continue
		}
		accepted = append(accepted, w)
		if _, err := db.ExecContext(ctx, "DROP TABLE t"); err != nil {
			return table{}, err
		}
	}
	log("sqlite: SQLite %s rejects %d keywords as a column name: %s", version, len(rejected), strings.Join(rejected, " "))
	log("sqlite: SQLite %s accepts %d keywords as a column name (kept anyway): %s", version, len(accepted), strings.Join(accepted, " "))

	source := []string{
		"Source: the keyword list of https://www.sqlite.org/lang_keywords.html, all",
		"of it, including the keywords that SQLite's parser happens to accept as",
		fmt.Sprintf("identifiers (SQLite %s accepts %d of these %d unquoted as a column", shortVersion(version), len(accepted), len(words)),
		"name); the SQLite documentation advises quoting every keyword.",
	}
	if len(onlyBuilt) > 0 {
		source = append(source, "Also the keywords of the modernc.org/sqlite build missing from that page.")
	}
	return table{dialect: "sqlite", name: "SQLite", source: source, words: words}, nil
}

// sqliteBuiltKeywords reads sqlite3_keyword_name for every keyword that the
// modernc.org/sqlite build recognises.
func sqliteBuiltKeywords() ([]string, error) {
	const ptrSize = 4 << (^uintptr(0) >> 63)
	tls := libc.NewTLS()
	defer tls.Close()
	out := tls.Alloc(ptrSize + 8) // const char *z; int n;
	defer tls.Free(ptrSize + 8)

	n := sqlite3.Xsqlite3_keyword_count(tls)
	words := make([]string, 0, n)
	for i := int32(0); i < n; i++ {
		if rc := sqlite3.Xsqlite3_keyword_name(tls, i, out, out+ptrSize); rc != sqlite3.SQLITE_OK {
			return nil, fmt.Errorf("sqlite3_keyword_name(%d) = %d", i, rc)
		}
		zb := libc.GoBytes(out, ptrSize)
		var z uintptr
		if ptrSize == 8 {
			z = uintptr(binary.NativeEndian.Uint64(zb))
		} else {
			z = uintptr(binary.NativeEndian.Uint32(zb))
		}
		l := int32(binary.NativeEndian.Uint32(libc.GoBytes(out+ptrSize, 4)))
		words = append(words, string(libc.GoBytes(z, int(l))))
	}
	return normalize(words), nil
}

// ------------------------------------------------------------------- output

func render(t table) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("// Code generated by internal/reservedgen; DO NOT EDIT.\n\n")
	fmt.Fprintf(&b, "package %s\n\n", t.dialect)
	fmt.Fprintf(&b, "// reservedWords are the lower-case words that must be quoted when used as an identifier on %s.\n", t.name)
	b.WriteString("//\n")
	for _, line := range t.source {
		b.WriteString(strings.TrimRight("// "+line, " ") + "\n")
	}
	b.WriteString("//\n// Regenerate with: go run ./internal/reservedgen\n")
	b.WriteString("var reservedWords = map[string]struct{}{\n")
	for _, w := range t.words {
		fmt.Fprintf(&b, "\t%q: {},\n", w)
	}
	b.WriteString("}\n")
	return format.Source(b.Bytes())
}

// normalize lower-cases, de-duplicates and sorts words.
func normalize(words []string) []string {
	set := map[string]struct{}{}
	for _, w := range words {
		if w = strings.ToLower(strings.TrimSpace(w)); w != "" {
			set[w] = struct{}{}
		}
	}
	out := make([]string, 0, len(set))
	for w := range set {
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}

func toSet(words []string) map[string]struct{} {
	set := make(map[string]struct{}, len(words))
	for _, w := range words {
		set[w] = struct{}{}
	}
	return set
}

// shortVersion turns "10.11.19-MariaDB-0+deb12u1" into "MariaDB 10.11", "8.4.2"
// into "8.4" and "3.51.2" into "3.51", so a point release does not change the
// output.
func shortVersion(v string) string {
	num, rest, _ := strings.Cut(v, "-")
	if parts := strings.Split(num, "."); len(parts) > 2 {
		num = strings.Join(parts[:2], ".")
	}
	if strings.Contains(strings.ToLower(rest), "mariadb") {
		return "MariaDB " + num
	}
	return num
}

func findModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil {
			for _, line := range strings.Split(string(data), "\n") {
				if f := strings.Fields(line); len(f) == 2 && f[0] == "module" && f[1] == modulePath {
					return dir, nil
				}
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod for %s above the current directory; use -root", modulePath)
		}
		dir = parent
	}
}

func rel(root, path string) string {
	if r, err := filepath.Rel(root, path); err == nil {
		return r
	}
	return path
}
