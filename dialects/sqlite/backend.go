package sqlite

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	msqlite "modernc.org/sqlite"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/internal/sqlconv"
	"github.com/retort-go/retort/internal/stddriver"
	"github.com/retort-go/retort/sqlcompile"
	"github.com/retort-go/retort/sqltype"
)

func init() {
	engine.Register("sqlite", open)
}

// memCounter names in-memory databases uniquely within the process.
var memCounter atomic.Uint64

type backend struct {
	drv     *msqlite.Driver
	dsn     string
	memory  bool
	keeper  driver.Conn // holds an in-memory database open
	dialect *sqlcompile.Dialect
}

// open parses sqlite://<path>[?params]. The path is relative unless it
// starts with /; ":memory:" or nothing is an in-memory database. Query
// parameters are passed to modernc.org/sqlite (for example _pragma=...).
func open(ctx context.Context, raw string) (engine.Backend, error) {
	rest := strings.TrimPrefix(raw, "sqlite://")
	path, query, _ := strings.Cut(rest, "?")
	params, err := url.ParseQuery(query)
	if err != nil {
		return nil, &engine.URLError{URL: raw, Msg: "bad query string", Err: err}
	}
	b := &backend{drv: &msqlite.Driver{}, dialect: NewDialect()}
	pragmas := []string{"foreign_keys(1)", "busy_timeout(5000)"}
	var name string
	switch path {
	case "", ":memory:":
		b.memory = true
		// The memdb VFS shares one in-memory database between every
		// connection that opens the same name starting with '/'.
		name = fmt.Sprintf("file:/retort-mem-%d-%d?vfs=memdb", time.Now().UnixNano(), memCounter.Add(1))
	default:
		p, err := url.PathUnescape(path)
		if err != nil {
			return nil, &engine.URLError{URL: raw, Msg: "bad path", Err: err}
		}
		name = "file:" + escapePath(p) + "?"
		pragmas = append(pragmas, "journal_mode(WAL)")
	}
	var q strings.Builder
	for _, p := range pragmas {
		q.WriteString("&_pragma=")
		q.WriteString(url.QueryEscape(p))
	}
	for k, vs := range params {
		for _, v := range vs {
			q.WriteByte('&')
			q.WriteString(url.QueryEscape(k))
			q.WriteByte('=')
			q.WriteString(url.QueryEscape(v))
		}
	}
	if strings.HasSuffix(name, "?") {
		b.dsn = name + strings.TrimPrefix(q.String(), "&")
	} else {
		b.dsn = name + q.String()
	}
	if b.memory {
		c, err := b.drv.Open(b.dsn)
		if err != nil {
			return nil, err
		}
		b.keeper = c
	}
	return b, nil
}

// escapePath percent-encodes what a file: URI would otherwise read as syntax.
func escapePath(p string) string {
	r := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")
	return r.Replace(p)
}

// Close closes the connection keeping an in-memory database alive.
func (b *backend) Close() error {
	if b.keeper != nil {
		err := b.keeper.Close()
		b.keeper = nil
		return err
	}
	return nil
}

func (b *backend) Connect(ctx context.Context) (engine.DriverConn, error) {
	c, err := b.drv.Open(b.dsn)
	if err != nil {
		return nil, err
	}
	return stddriver.New(c, 256), nil
}

func (b *backend) Init(ctx context.Context, c engine.DriverConn) (*sqlcompile.Dialect, error) {
	rows, err := c.Query(ctx, "SELECT sqlite_version()", nil)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var v string
	if !rows.Next() {
		return nil, errors.New("sqlite: no version")
	}
	if err := rows.Scan(&v); err != nil {
		return nil, err
	}
	if !versionAtLeast(v, 3, 35) {
		return nil, fmt.Errorf("sqlite: version %s is too old; Retort needs 3.35 or later (RETURNING)", v)
	}
	return b.dialect, nil
}

func versionAtLeast(v string, major, minor int) bool {
	parts := strings.Split(v, ".")
	if len(parts) < 2 {
		return false
	}
	ma, _ := strconv.Atoi(parts[0])
	mi, _ := strconv.Atoi(parts[1])
	return ma > major || ma == major && mi >= minor
}

// Timestamp layouts SQLite values are stored in (SQLAlchemy's).
const (
	layoutTimestamp = "2006-01-02 15:04:05.000000"
	layoutDate      = "2006-01-02"
)

func (b *backend) BindValue(v any, t sqltype.Type) (any, error) {
	v, kind, err := sqlconv.Bind(v, t)
	if err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case float64:
		if math.IsNaN(x) {
			// SQLite would store NULL: refuse rather than change the value.
			return nil, &core.ValueError{Want: "a number (SQLite stores NaN as NULL)", Got: "NaN"}
		}
	case bool:
		if x {
			return int64(1), nil
		}
		return int64(0), nil
	case time.Time:
		switch kind {
		case sqltype.KindDate:
			return x.Format(layoutDate), nil
		case sqltype.KindTimestamp:
			return x.Format(layoutTimestamp), nil
		}
		return x.UTC().Format(layoutTimestamp), nil
	case core.Decimal:
		// SQLite does not round to a NUMERIC(p,s) column's scale as the
		// other databases do, and NUMERIC affinity would store 1.005 as a
		// REAL just below it; round half away from zero here, as they do.
		// Padding to the scale also makes the text stored in a wide
		// (DECIMAL_TEXT) column canonical, so equality compares values.
		if n, ok := t.(sqltype.Numeric); ok && n.Precision > 0 {
			x = x.Round(n.Scale)
		}
		return x.String(), nil
	case core.UUID:
		return x.Hex(), nil
	case core.TimeOfDay:
		return x.String(), nil
	}
	return v, nil
}

// SQLite result codes (https://sqlite.org/rescode.html).
const (
	codeError      = 1
	codeBusy       = 5
	codeNoMem      = 7
	codeInterrupt  = 9
	codeLocked     = 6
	codeReadOnly   = 8
	codeIOErr      = 10
	codeCorrupt    = 11
	codeFull       = 13
	codeCantOpen   = 14
	codeTooBig     = 18
	codeConstraint = 19
	codeMismatch   = 20
	codeRange      = 25

	constraintCheck      = 275
	constraintForeignKey = 787
	constraintNotNull    = 1299
	constraintPrimaryKey = 1555
	constraintUnique     = 2067
)

func (b *backend) Classify(err error) engine.ErrorInfo {
	var se *msqlite.Error
	if !errors.As(err, &se) {
		if errors.Is(err, driver.ErrBadConn) {
			return engine.ErrorInfo{Class: engine.ClassOperational, Disconnect: true}
		}
		return engine.ErrorInfo{}
	}
	code := se.Code()
	info := engine.ErrorInfo{Code: strconv.Itoa(code)}
	switch code {
	case constraintUnique, constraintPrimaryKey:
		info.Class, info.Integrity = engine.ClassIntegrity, engine.UniqueViolation
	case constraintForeignKey:
		info.Class, info.Integrity = engine.ClassIntegrity, engine.ForeignKeyViolation
	case constraintNotNull:
		info.Class, info.Integrity = engine.ClassIntegrity, engine.NotNullViolation
	case constraintCheck:
		info.Class, info.Integrity = engine.ClassIntegrity, engine.CheckViolation
		// "CHECK constraint failed: ck_name"
		if _, name, ok := strings.Cut(se.Error(), "CHECK constraint failed: "); ok {
			name, _, _ = strings.Cut(name, " ")
			info.Constraint = strings.TrimSuffix(name, ")")
		}
	default:
		switch code & 0xff {
		case codeConstraint:
			info.Class = engine.ClassIntegrity
		case codeBusy, codeIOErr, codeFull, codeNoMem, codeInterrupt:
			// These may roll the whole transaction back
			// (https://sqlite.org/lang_transaction.html, "Response To
			// Errors Within A Transaction").
			info.Class, info.TxRolledBack = engine.ClassOperational, true
		case codeLocked, codeReadOnly, codeCorrupt, codeCantOpen:
			info.Class = engine.ClassOperational
		case codeTooBig, codeMismatch, codeRange:
			info.Class = engine.ClassData
		case codeError:
			info.Class = engine.ClassProgramming
		}
	}
	return info
}

func (b *backend) BeginSQL(o engine.TxOptions) ([]string, error) {
	if o.ReadOnly || o.Deferred {
		return []string{"BEGIN"}, nil
	}
	return []string{"BEGIN IMMEDIATE"}, nil
}

func (b *backend) HasTable(ctx context.Context, c engine.DriverConn, schema, name string) (bool, error) {
	master := "sqlite_master"
	if schema != "" && schema != "main" {
		master = b.dialect.Quote(schema) + ".sqlite_master"
	}
	rows, err := c.Query(ctx, "SELECT count(*) FROM "+master+" WHERE type IN ('table', 'view') AND name = ?", []any{name})
	if err != nil {
		return false, err
	}
	defer rows.Close()
	var n int64
	if rows.Next() {
		if err := rows.Scan(&n); err != nil {
			return false, err
		}
	}
	return n > 0, rows.Err()
}
