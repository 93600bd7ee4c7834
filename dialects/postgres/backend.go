package postgres

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/engine"
	"github.com/retort-go/retort/internal/sqlconv"
	"github.com/retort-go/retort/sqlcompile"
	"github.com/retort-go/retort/sqltype"
)

func init() {
	engine.Register("postgres", open)
	engine.Register("postgresql", open)
}

type backend struct {
	cfg     *pgx.ConnConfig
	dialect *sqlcompile.Dialect
}

func open(ctx context.Context, url string) (engine.Backend, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, &engine.URLError{URL: url, Msg: "pgx cannot parse it", Err: err}
	}
	return &backend{cfg: cfg, dialect: NewDialect()}, nil
}

func (b *backend) Connect(ctx context.Context) (engine.DriverConn, error) {
	c, err := pgx.ConnectConfig(ctx, b.cfg)
	if err != nil {
		return nil, err
	}
	m := c.TypeMap()
	// timestamptz values read back in UTC, as on the other dialects.
	m.RegisterType(&pgtype.Type{Name: "timestamptz", OID: pgtype.TimestamptzOID, Codec: &pgtype.TimestamptzCodec{ScanLocation: time.UTC}})
	// JSON read without a typed destination stays text (json.RawMessage),
	// as on the other dialects, rather than pgx's decoding into any: that
	// would turn numbers into float64 (losing digits past 2^53) and the
	// document null into a Go nil, indistinguishable from SQL NULL.
	m.RegisterType(&pgtype.Type{Name: "json", OID: pgtype.JSONOID, Codec: &pgtype.JSONCodec{Marshal: json.Marshal, Unmarshal: unmarshalJSON}})
	m.RegisterType(&pgtype.Type{Name: "jsonb", OID: pgtype.JSONBOID, Codec: &pgtype.JSONBCodec{Marshal: json.Marshal, Unmarshal: unmarshalJSON}})
	return &conn{c: c}, nil
}

// unmarshalJSON decodes a JSON document into v, except that an untyped
// destination (*any) receives a copy of the text as a json.RawMessage.
func unmarshalJSON(data []byte, v any) error {
	if p, ok := v.(*any); ok {
		*p = json.RawMessage(append(make([]byte, 0, len(data)), data...))
		return nil
	}
	return json.Unmarshal(data, v)
}

func (b *backend) Init(ctx context.Context, dc engine.DriverConn) (*sqlcompile.Dialect, error) {
	c := dc.(*conn).c
	var v string
	if err := c.QueryRow(ctx, "SHOW server_version_num").Scan(&v); err != nil {
		return nil, err
	}
	n, _ := strconv.Atoi(v)
	if n < 100000 {
		return nil, fmt.Errorf("postgres: server version %s is too old; Retort needs PostgreSQL 10 or later", v)
	}
	return b.dialect, nil
}

func (b *backend) BindValue(v any, t sqltype.Type) (any, error) {
	if t != nil {
		if r := byAddress(v, t.Kind()); r != nil {
			return r, nil
		}
	}
	v, kind, err := sqlconv.Bind(v, t)
	if err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case time.Time:
		switch kind {
		case sqltype.KindDate:
			return sqlconv.DateUTC(x), nil
		case sqltype.KindTimestamp:
			return sqlconv.NaiveUTC(x), nil
		}
	case core.Decimal:
		return pgtype.Numeric{Int: x.Coefficient(), Exp: int32(-x.Scale()), Valid: true}, nil
	case core.UUID:
		return [16]byte(x), nil
	case core.TimeOfDay:
		return pgtype.Time{Microseconds: int64(x.Duration() / time.Microsecond), Valid: true}, nil
	}
	return v, nil
}

// byAddress returns the pgx argument for v, a non-nil pointer to a value
// that needs no conversion for a column of kind, or nil. The argument reads
// the value through the pointer as pgx encodes it, so the value is never
// copied into an interface (pgx's own handling of a pointer is to copy it
// into one): the ORM binds fields this way. Each is a struct of one
// pointer, which an interface holds without allocating.
func byAddress(v any, kind sqltype.TypeKind) any {
	switch x := v.(type) {
	case *string:
		if x != nil && (kind == sqltype.KindString || kind == sqltype.KindText) {
			return textRef{x}
		}
	case *int64:
		if x != nil && kind == sqltype.KindBigInt {
			return int8Ref{x}
		}
	case *bool:
		if x != nil && kind == sqltype.KindBoolean {
			return boolRef{x}
		}
	case *float64:
		if x != nil && kind == sqltype.KindDouble {
			return float8Ref{x}
		}
	}
	return nil
}

// textRef, int8Ref, boolRef and float8Ref are byAddress's arguments. pgx
// encodes them through its valuer interfaces for their own types (text and
// varchar, int8, bool, float8); as a driver.Valuer, anything else pgx
// meets them as (an unknown parameter type under the simple protocol) gets
// the plain value. The engine shows their RefValue.
type (
	textRef   struct{ p *string }
	int8Ref   struct{ p *int64 }
	boolRef   struct{ p *bool }
	float8Ref struct{ p *float64 }
)

func (r textRef) TextValue() (pgtype.Text, error) { return pgtype.Text{String: *r.p, Valid: true}, nil }
func (r textRef) Value() (driver.Value, error)    { return *r.p, nil }
func (r textRef) RefValue() any                   { return *r.p }

func (r int8Ref) Int64Value() (pgtype.Int8, error) { return pgtype.Int8{Int64: *r.p, Valid: true}, nil }
func (r int8Ref) Value() (driver.Value, error)     { return *r.p, nil }
func (r int8Ref) RefValue() any                    { return *r.p }

func (r boolRef) BoolValue() (pgtype.Bool, error) { return pgtype.Bool{Bool: *r.p, Valid: true}, nil }
func (r boolRef) Value() (driver.Value, error)    { return *r.p, nil }
func (r boolRef) RefValue() any                   { return *r.p }

func (r float8Ref) Float64Value() (pgtype.Float8, error) {
	return pgtype.Float8{Float64: *r.p, Valid: true}, nil
}
func (r float8Ref) Value() (driver.Value, error) { return *r.p, nil }
func (r float8Ref) RefValue() any                { return *r.p }

// errDisconnected marks an error after which pgx closed the connection.
type errDisconnected struct{ err error }

func (e errDisconnected) Error() string { return e.err.Error() }
func (e errDisconnected) Unwrap() error { return e.err }

func (b *backend) Classify(err error) engine.ErrorInfo {
	var info engine.ErrorInfo
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return info // the caller's, not the connection's
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		info.Code = pe.Code
		info.Constraint = pe.ConstraintName
		// Any error inside a transaction leaves it failed until ROLLBACK
		// (or ROLLBACK TO SAVEPOINT).
		info.TxFailed = true
		switch {
		case pe.Code == "23505":
			info.Class, info.Integrity = engine.ClassIntegrity, engine.UniqueViolation
		case pe.Code == "23503":
			info.Class, info.Integrity = engine.ClassIntegrity, engine.ForeignKeyViolation
		case pe.Code == "23502":
			info.Class, info.Integrity = engine.ClassIntegrity, engine.NotNullViolation
		case pe.Code == "23514":
			info.Class, info.Integrity = engine.ClassIntegrity, engine.CheckViolation
		case strings.HasPrefix(pe.Code, "23"):
			info.Class = engine.ClassIntegrity
		case strings.HasPrefix(pe.Code, "22"):
			info.Class = engine.ClassData
		case strings.HasPrefix(pe.Code, "42"):
			info.Class = engine.ClassProgramming
		case strings.HasPrefix(pe.Code, "08"), pe.Code == "57P01", pe.Code == "57P02", pe.Code == "57P03":
			info.Class, info.Disconnect = engine.ClassOperational, true
		default:
			info.Class = engine.ClassOperational
		}
	}
	var dc errDisconnected
	var ne net.Error
	var ce *pgconn.ConnectError
	if errors.As(err, &dc) || errors.As(err, &ne) || errors.As(err, &ce) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		info.Class, info.Disconnect = engine.ClassOperational, true
	}
	return info
}

func (b *backend) BeginSQL(o engine.TxOptions) ([]string, error) {
	s := "BEGIN"
	if l := o.Isolation.SQL(); l != "" {
		s += " ISOLATION LEVEL " + l
	}
	if o.ReadOnly {
		s += " READ ONLY"
	}
	return []string{s}, nil
}

func (b *backend) HasTable(ctx context.Context, dc engine.DriverConn, schema, name string) (bool, error) {
	c := dc.(*conn)
	var s any
	if schema != "" {
		s = schema
	}
	var n int64
	err := c.c.QueryRow(ctx, `SELECT count(*) FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
AND n.nspname = coalesce($2::text, current_schema())`, name, s).Scan(&n)
	return n > 0, c.check(err)
}

func (b *backend) HasEnumType(ctx context.Context, dc engine.DriverConn, name string) (bool, error) {
	c := dc.(*conn)
	var n int64
	err := c.c.QueryRow(ctx, `SELECT count(*) FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE t.typname = $1 AND t.typtype = 'e' AND n.nspname = current_schema()`, name).Scan(&n)
	return n > 0, c.check(err)
}

var (
	_ engine.Backend         = (*backend)(nil)
	_ engine.EnumTypeBackend = (*backend)(nil)
)
