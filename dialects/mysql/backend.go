package mysql

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	gomysql "github.com/go-sql-driver/mysql"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/internal/sqlconv"
	"github.com/retort-go/retort/internal/stddriver"
	"github.com/retort-go/retort/sqlcompile"
	"github.com/retort-go/retort/sqltype"
)

func init() {
	engine.Register("mysql", open)
	engine.Register("mariadb", open)
}

type backend struct {
	connector driver.Connector
	dialect   *sqlcompile.Dialect
}

// open turns mysql://user:pass@host:port/db?params into the driver's
// configuration and adds the settings Retort relies on.
func open(ctx context.Context, raw string) (engine.Backend, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, &engine.URLError{URL: raw, Msg: "cannot parse", Err: err}
	}
	cfg := gomysql.NewConfig()
	if u.User != nil {
		cfg.User = u.User.Username()
		cfg.Passwd, _ = u.User.Password()
	}
	q := u.Query()
	if sock := q.Get("socket"); sock != "" {
		cfg.Net, cfg.Addr = "unix", sock
		q.Del("socket")
	} else {
		host, port := u.Hostname(), u.Port()
		if host == "" {
			host = "127.0.0.1"
		}
		if port == "" {
			port = "3306"
		}
		cfg.Net, cfg.Addr = "tcp", net.JoinHostPort(host, port)
	}
	cfg.DBName = strings.TrimPrefix(u.Path, "/")
	// Driver options from the URL, parsed by the driver itself.
	if len(q) > 0 {
		parsed, err := gomysql.ParseDSN("/?" + q.Encode())
		if err != nil {
			return nil, &engine.URLError{URL: raw, Msg: "bad driver parameter", Err: err}
		}
		parsed.User, parsed.Passwd, parsed.Net, parsed.Addr, parsed.DBName = cfg.User, cfg.Passwd, cfg.Net, cfg.Addr, cfg.DBName
		cfg = parsed
	}
	cfg.Logger = discardLogger{} // errors are returned to the caller; the driver need not print them too
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	cfg.ClientFoundRows = true
	cfg.InterpolateParams = false
	if cfg.Params == nil {
		cfg.Params = map[string]string{}
	}
	cfg.Params["sql_mode"] = "'TRADITIONAL'"
	cfg.Params["time_zone"] = "'+00:00'"
	if err := cfg.Apply(gomysql.Charset("utf8mb4", "")); err != nil {
		return nil, err
	}
	conn, err := gomysql.NewConnector(cfg)
	if err != nil {
		return nil, &engine.URLError{URL: raw, Msg: "bad configuration", Err: err}
	}
	return &backend{connector: conn}, nil
}

type discardLogger struct{}

func (discardLogger) Print(...any) {}

func (b *backend) Connect(ctx context.Context) (engine.DriverConn, error) {
	c, err := b.connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	sc := stddriver.New(c, 256)
	sc.Convert = convertValue
	return sc, nil
}

// convertValue makes text columns read as strings rather than bytes, and
// FLOAT columns (which the binary protocol returns as float32) as float64,
// as on the other dialects.
func convertValue(dbType string, v driver.Value) any {
	if f, ok := v.(float32); ok {
		return float64(f)
	}
	if b, ok := v.([]byte); ok {
		switch dbType {
		case "CHAR", "VARCHAR", "TEXT", "TINYTEXT", "MEDIUMTEXT", "LONGTEXT", "ENUM", "SET", "JSON", "DECIMAL", "TIME", "DATE", "DATETIME", "TIMESTAMP", "YEAR":
			return string(b)
		}
	}
	return v
}

func (b *backend) Init(ctx context.Context, c engine.DriverConn) (*sqlcompile.Dialect, error) {
	rows, err := c.Query(ctx, "SELECT VERSION()", nil)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var v string
	if !rows.Next() {
		return nil, errors.New("mysql: no version")
	}
	if err := rows.Scan(&v); err != nil {
		return nil, err
	}
	mariadb := strings.Contains(strings.ToLower(v), "mariadb")
	major, minor := version(v)
	switch {
	case mariadb && (major < 10 || major == 10 && minor < 5):
		return nil, fmt.Errorf("mysql: MariaDB %s is too old; Retort needs 10.5 or later", v)
	case !mariadb && major < 8:
		return nil, fmt.Errorf("mysql: MySQL %s is too old; Retort needs 8.0 or later", v)
	}
	b.dialect = NewDialect(mariadb)
	return b.dialect, nil
}

var versionRE = regexp.MustCompile(`^(\d+)\.(\d+)`)

func version(v string) (int, int) {
	m := versionRE.FindStringSubmatch(v)
	if m == nil {
		return 0, 0
	}
	a, _ := strconv.Atoi(m[1])
	b, _ := strconv.Atoi(m[2])
	return a, b
}

func (b *backend) BindValue(v any, t sqltype.Type) (any, error) {
	v, kind, err := sqlconv.Bind(v, t)
	if err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case time.Time:
		switch kind {
		case sqltype.KindDate:
			return x.Format("2006-01-02"), nil
		case sqltype.KindTimestamp:
			return x.Format(layoutDateTime), nil
		}
		return x.UTC().Format(layoutDateTime), nil
	case core.Decimal:
		return x.String(), nil
	case core.UUID:
		return x.Hex(), nil
	case core.TimeOfDay:
		return x.String(), nil
	}
	return v, nil
}

// layoutDateTime is how DATETIME(6) values are sent: as text, because the
// driver sends the zero time.Time (0001-01-01) as '0000-00-00', which
// strict mode rejects.
const layoutDateTime = "2006-01-02 15:04:05.999999"

// MySQL and MariaDB error numbers.
const (
	erDupEntry           = 1062
	erRowIsReferenced    = 1451
	erNoReferencedRow    = 1452
	erRowIsReferenced2   = 1217
	erNoReferencedRow2   = 1216
	erBadNull            = 1048
	erNoDefault          = 1364
	erCheckViolated      = 3819 // MySQL 8
	erMariaCheckViolated = 4025 // MariaDB
	erLockWaitTimeout    = 1205
	erLockDeadlock       = 1213
	erServerShutdown     = 1053
	erConnKilled         = 1927
	erClientInteraction  = 4031
	erServerGone         = 2006
	erServerLost         = 2013
)

var (
	quotedName    = regexp.MustCompile("(?:CONSTRAINT|key) [`']([^`']+)[`']")
	checkNameRE   = regexp.MustCompile("(?:Check constraint|CONSTRAINT) [`']([^`']+)[`']")
	integrityNums = map[uint16]engine.IntegrityKind{
		erDupEntry: engine.UniqueViolation, erRowIsReferenced: engine.ForeignKeyViolation,
		erNoReferencedRow: engine.ForeignKeyViolation, erRowIsReferenced2: engine.ForeignKeyViolation,
		erNoReferencedRow2: engine.ForeignKeyViolation, erBadNull: engine.NotNullViolation,
		erNoDefault: engine.NotNullViolation, erCheckViolated: engine.CheckViolation,
		erMariaCheckViolated: engine.CheckViolation,
	}
)

func (b *backend) Classify(err error) engine.ErrorInfo {
	var info engine.ErrorInfo
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return info // the caller's, not the connection's
	}
	var me *gomysql.MySQLError
	if errors.As(err, &me) {
		info.Code = strconv.Itoa(int(me.Number))
		if kind, ok := integrityNums[me.Number]; ok {
			info.Class, info.Integrity = engine.ClassIntegrity, kind
			re := quotedName
			if kind == engine.CheckViolation {
				re = checkNameRE
			}
			if m := re.FindStringSubmatch(me.Message); m != nil {
				name := m[1]
				if i := strings.LastIndexByte(name, '.'); i >= 0 && kind == engine.UniqueViolation {
					name = name[i+1:] // MariaDB says 'table.key'
				}
				info.Constraint = name
			}
			return info
		}
		switch {
		case me.Number == erServerShutdown || me.Number == erConnKilled || me.Number == erClientInteraction ||
			me.Number == erServerGone || me.Number == erServerLost:
			info.Class, info.Disconnect = engine.ClassOperational, true
		case me.Number == erLockDeadlock:
			// InnoDB rolls the whole transaction back on a deadlock.
			info.Class, info.TxRolledBack = engine.ClassOperational, true
		case me.Number == erLockWaitTimeout:
			info.Class = engine.ClassOperational
		case strings.HasPrefix(string(me.SQLState[:]), "23"):
			info.Class = engine.ClassIntegrity
		case strings.HasPrefix(string(me.SQLState[:]), "22"):
			info.Class = engine.ClassData
		case strings.HasPrefix(string(me.SQLState[:]), "42"):
			info.Class = engine.ClassProgramming
		default:
			info.Class = engine.ClassOperational
		}
		return info
	}
	var ne net.Error
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, gomysql.ErrInvalidConn) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &ne) {
		info.Class, info.Disconnect = engine.ClassOperational, true
	}
	return info
}

func (b *backend) BeginSQL(o engine.TxOptions) ([]string, error) {
	var out []string
	if l := o.Isolation.SQL(); l != "" {
		out = append(out, "SET TRANSACTION ISOLATION LEVEL "+l)
	}
	if o.ReadOnly {
		return append(out, "START TRANSACTION READ ONLY"), nil
	}
	return append(out, "START TRANSACTION"), nil
}

// HasTable compares the name as utf8mb4: the catalog is utf8mb3 on
// MariaDB, and a name outside it (an emoji) would otherwise be an "illegal
// mix of collations" instead of "no such table". The comparison is exact,
// as table names are on Linux (lower_case_table_names=0).
func (b *backend) HasTable(ctx context.Context, c engine.DriverConn, schema, name string) (bool, error) {
	var s any
	if schema != "" {
		s = schema
	}
	rows, err := c.Query(ctx, "SELECT count(*) FROM information_schema.tables WHERE table_schema = COALESCE(?, DATABASE()) AND CONVERT(table_name USING utf8mb4) COLLATE utf8mb4_bin = ?", []any{s, name})
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
