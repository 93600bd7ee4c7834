// Package testdb gives tests a fresh, isolated database on each dialect:
// an in-memory SQLite database, a PostgreSQL schema and a MySQL/MariaDB
// database, each with a unique name and dropped when the test ends. The
// servers are found at RETORT_TEST_POSTGRES and RETORT_TEST_MYSQL, or the
// defaults below. A server that cannot be reached skips its subtests with
// the reason, unless RETORT_REQUIRE_ALL=1, which makes it a failure.
package testdb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/retort-go/retort/core"
	_ "github.com/retort-go/retort/dialects/mysql"
	_ "github.com/retort-go/retort/dialects/postgres"
	_ "github.com/retort-go/retort/dialects/sqlite"
	"github.com/retort-go/retort/engine"
)

// Default server URLs, used when the environment variables are not set.
const (
	DefaultPostgres = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	DefaultMySQL    = "mysql://root@127.0.0.1:3306/test"
)

// Dialects are the dialect names Each runs, in order.
var Dialects = []string{"sqlite", "postgres", "mysql"}

// DB is one isolated test database.
type DB struct {
	Dialect string // "sqlite", "postgres" or "mysql"
	URL     string // the URL of the isolated database
	Name    string // the schema or database name ("" for SQLite)
	Engine  *engine.Engine
}

type server struct {
	once  sync.Once
	url   string
	admin *engine.Engine
	err   error
}

var servers = map[string]*server{
	"postgres": {url: envOr("RETORT_TEST_POSTGRES", DefaultPostgres)},
	"mysql":    {url: envOr("RETORT_TEST_MYSQL", DefaultMySQL)},
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// RequireAll reports whether RETORT_REQUIRE_ALL=1 is set.
func RequireAll() bool { return os.Getenv("RETORT_REQUIRE_ALL") == "1" }

func (s *server) connect() (*engine.Engine, error) {
	s.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		s.admin, s.err = engine.Open(ctx, s.url, engine.WithPool(engine.PoolConfig{MaxSize: 4}))
	})
	return s.admin, s.err
}

// Each runs fn as a subtest named after each dialect, with a fresh database.
func Each(t *testing.T, fn func(t *testing.T, db *DB), opts ...engine.Option) {
	t.Helper()
	for _, d := range Dialects {
		t.Run(d, func(t *testing.T) {
			fn(t, Open(t, d, opts...))
		})
	}
}

// Admin returns an engine on the server of dialect d (not isolated: for
// work across databases, such as killing connections), skipping or failing
// the test as Open does when it is unreachable.
func Admin(t testing.TB, d string) *engine.Engine {
	t.Helper()
	s := servers[d]
	if s == nil {
		t.Fatalf("testdb: no server for dialect %q", d)
	}
	admin, err := s.connect()
	if err != nil {
		unreachable(t, d, s.url, err)
	}
	return admin
}

func unreachable(t testing.TB, d, u string, err error) {
	t.Helper()
	msg := fmt.Sprintf("testdb: %s server at %s is unreachable: %v", d, redact(u), err)
	if RequireAll() {
		t.Fatal(msg + " (RETORT_REQUIRE_ALL=1)")
	}
	t.Skip("SKIPPING " + msg + " (set RETORT_TEST_" + strings.ToUpper(d) + ")")
}

func redact(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	return p.Redacted()
}

// Open makes an isolated database on dialect d and an Engine on it; both
// are cleaned up when the test ends.
func Open(t testing.TB, d string, opts ...engine.Option) *DB {
	t.Helper()
	ctx := context.Background()
	db := &DB{Dialect: d}
	switch d {
	case "sqlite":
		db.URL = "sqlite://:memory:"
	case "postgres", "mysql":
		admin := Admin(t, d)
		db.Name = UniqueName("retort_t")
		q := admin.Dialect().Quote(db.Name)
		create := "CREATE SCHEMA " + q
		drop := "DROP SCHEMA " + q + " CASCADE"
		if d == "mysql" {
			create = "CREATE DATABASE " + q + " CHARACTER SET utf8mb4"
			drop = "DROP DATABASE " + q
		}
		if _, err := admin.Exec(ctx, core.Text(create)); err != nil {
			t.Fatalf("testdb: %s: %v", create, err)
		}
		t.Cleanup(func() {
			if _, err := admin.Exec(context.Background(), core.Text(drop)); err != nil {
				t.Errorf("testdb: %s: %v", drop, err)
			}
		})
		db.URL = isolatedURL(d, servers[d].url, db.Name)
	default:
		t.Fatalf("testdb: unknown dialect %q", d)
	}
	eng, err := engine.Open(ctx, db.URL, opts...)
	if err != nil {
		t.Fatalf("testdb: open %s: %v", d, err)
	}
	t.Cleanup(func() { _ = eng.Close() })
	db.Engine = eng
	return db
}

// isolatedURL points a server URL at the new schema (PostgreSQL, through
// search_path) or database (MySQL).
func isolatedURL(d, base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	if d == "postgres" {
		q := u.Query()
		q.Set("search_path", name)
		u.RawQuery = q.Encode()
		return u.String()
	}
	u.Path = "/" + name
	return u.String()
}

// UniqueName returns prefix_ followed by random hex: a name no other test
// run uses.
func UniqueName(prefix string) string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return prefix + "_" + hex.EncodeToString(b[:])
}
