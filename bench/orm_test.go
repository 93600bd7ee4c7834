package bench

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"testing"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/driver/pgdriver"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/orm"
)

// The ORM benchmarks: Retort's Session beside raw pgx, GORM and bun on the
// same table, each doing what its documentation shows for the operation.
//
//   - get: one object by primary key. Retort: orm.Get in a fresh session
//     (identity map empty), closed after. GORM: First(&p, id). bun:
//     NewSelect().Model(&p).WherePK().
//   - query100: 100 objects WHERE id > x ORDER BY id LIMIT 100, in a fresh
//     session for Retort.
//   - insert1: one new object, its generated id read back. Retort: Add and
//     Commit in a fresh session.
//   - flush100: 100 new objects in one unit of work. Retort: 100 Adds and a
//     Commit (one multi-row INSERT ... RETURNING). GORM: Create(&slice).
//     bun: NewInsert().Model(&slice). pgx: one multi-row INSERT ...
//     RETURNING id written by hand.
//   - update1: change one column of an object the program already holds and
//     save it. Retort: set the field and Commit (the session finds the one
//     changed column). GORM: Model(&p).Update("age", v). bun:
//     NewUpdate().Model(&p).Column("age").WherePK().

// Person is the struct every ORM maps.
type Person struct {
	bun.BaseModel `bun:"table:person,alias:p" db:"-" gorm:"-"`

	ID     int64  `db:"id,pk" gorm:"column:id;primaryKey" bun:"id,pk,autoincrement"`
	Name   string `db:"name,size=64" gorm:"column:name" bun:"name"`
	Email  string `db:"email,size=64" gorm:"column:email" bun:"email"`
	Age    int64  `db:"age" gorm:"column:age" bun:"age"`
	Active bool   `db:"active" gorm:"column:active" bun:"active"`
}

// ormClients are the peers, built once from the benchmark's URL.
type ormClients struct {
	gorm *gorm.DB
	bun  *bun.DB
}

var (
	ormOnce   sync.Once
	ormShared *ormClients
	ormErr    error
)

func needORM(tb testing.TB) (*clients, *ormClients) {
	tb.Helper()
	c := need(tb)
	ormOnce.Do(func() {
		g, err := gorm.Open(postgres.Open(serverURL()), &gorm.Config{
			Logger:                 logger.Default.LogMode(logger.Silent),
			SkipDefaultTransaction: true, // GORM's advice for speed; Retort's insert is one statement too
			PrepareStmt:            true,
		})
		if err != nil {
			ormErr = err
			return
		}
		if sqlDB, err := g.DB(); err == nil {
			sqlDB.SetMaxOpenConns(poolSize)
			sqlDB.SetMaxIdleConns(poolSize)
		}
		sqldb := sql.OpenDB(pgdriver.NewConnector(pgdriver.WithDSN(serverURL())))
		sqldb.SetMaxOpenConns(poolSize)
		sqldb.SetMaxIdleConns(poolSize)
		ormShared = &ormClients{gorm: g, bun: bun.NewDB(sqldb, pgdialect.New())}
	})
	if ormErr != nil {
		tb.Skipf("GORM could not connect: %v", ormErr)
	}
	return c, ormShared
}

// personTable creates a uniquely named person table with rows rows and
// returns its name and a Retort registry mapping Person onto it.
func personTable(tb testing.TB, c *clients, rows int) (string, *orm.Registry, *orm.Mapper) {
	tb.Helper()
	name := uniqueName("person")
	ddl := fmt.Sprintf(`CREATE UNLOGGED TABLE %s (
	id     BIGSERIAL PRIMARY KEY,
	name   VARCHAR(64) NOT NULL,
	email  VARCHAR(64) NOT NULL,
	age    BIGINT NOT NULL,
	active BOOLEAN NOT NULL
)`, name)
	if _, err := c.pool.Exec(ctx, ddl); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _, _ = c.pool.Exec(context.Background(), "DROP TABLE IF EXISTS "+name) })
	if rows > 0 {
		if _, err := c.pool.Exec(ctx, fmt.Sprintf(`INSERT INTO %s (name, email, age, active)
SELECT 'person ' || g, 'p' || g || '@example.org', g %% 90, g %% 2 = 0 FROM generate_series(1, %d) g`, name, rows)); err != nil {
			tb.Fatal(err)
		}
	}
	reg := orm.NewRegistry()
	m := orm.Model[Person](reg, core.NewMetaData(), name)
	return name, reg, m
}

const personColumns = "id, name, email, age, active"

func checkPerson(p *Person, id int64) error {
	if p == nil || p.ID != id || p.Name == "" {
		return fmt.Errorf("got %+v, want id %d", p, id)
	}
	return nil
}

func ormGetImpls(tb testing.TB) []impl {
	c, o := needORM(tb)
	name, reg, m := personTable(tb, c, seedRows)
	sql := "SELECT " + personColumns + " FROM " + name + " WHERE id = $1"
	_ = m
	return []impl{
		{"pgxpool", func(i int) error {
			var p Person
			id := oneID(i)
			if err := c.pool.QueryRow(ctx, sql, id).Scan(&p.ID, &p.Name, &p.Email, &p.Age, &p.Active); err != nil {
				return err
			}
			return checkPerson(&p, id)
		}},
		{"retort", func(i int) error {
			id := oneID(i)
			s := orm.NewSession(c.eng, reg)
			p, err := orm.Get[Person](ctx, s, id)
			_ = s.Close(ctx)
			if err != nil {
				return err
			}
			return checkPerson(p, id)
		}},
		{"gorm", func(i int) error {
			var p Person
			id := oneID(i)
			if err := o.gorm.Table(name).First(&p, id).Error; err != nil {
				return err
			}
			return checkPerson(&p, id)
		}},
		{"bun", func(i int) error {
			p := Person{ID: oneID(i)}
			if err := o.bun.NewSelect().Model(&p).ModelTableExpr("? AS p", bun.Ident(name)).WherePK().Scan(ctx); err != nil {
				return err
			}
			return checkPerson(&p, oneID(i))
		}},
	}
}

func ormQueryImpls(tb testing.TB) []impl {
	c, o := needORM(tb)
	name, reg, m := personTable(tb, c, seedRows)
	sql := "SELECT " + personColumns + " FROM " + name + " WHERE id > $1 ORDER BY id LIMIT $2"
	idCol := m.Table().C("id")
	check := func(n int) error { return checkMany(n) }
	return []impl{
		{"pgxpool", func(i int) error {
			rows, err := c.pool.Query(ctx, sql, manyStart(i), manyRows)
			if err != nil {
				return err
			}
			var out []Person
			for rows.Next() {
				out = append(out, Person{})
				p := &out[len(out)-1]
				if err := rows.Scan(&p.ID, &p.Name, &p.Email, &p.Age, &p.Active); err != nil {
					rows.Close()
					return err
				}
			}
			if err := rows.Err(); err != nil {
				return err
			}
			return check(len(out))
		}},
		{"retort", func(i int) error {
			s := orm.NewSession(c.eng, reg)
			out, err := orm.Select[Person](s).Where(idCol.Gt(manyStart(i))).OrderBy(idCol).Limit(manyRows).All(ctx)
			_ = s.Close(ctx)
			if err != nil {
				return err
			}
			return check(len(out))
		}},
		{"gorm", func(i int) error {
			var out []Person
			if err := o.gorm.Table(name).Where("id > ?", manyStart(i)).Order("id").Limit(manyRows).Find(&out).Error; err != nil {
				return err
			}
			return check(len(out))
		}},
		{"bun", func(i int) error {
			var out []Person
			if err := o.bun.NewSelect().Model(&out).ModelTableExpr("? AS p", bun.Ident(name)).
				Where("id > ?", manyStart(i)).Order("id").Limit(manyRows).Scan(ctx); err != nil {
				return err
			}
			return check(len(out))
		}},
	}
}

func newPerson(i int) Person {
	return Person{Name: "new person", Email: "new@example.org", Age: int64(i % 90), Active: i%2 == 0}
}

func ormInsertImpls(tb testing.TB) []impl {
	c, o := needORM(tb)
	name, reg, _ := personTable(tb, c, 0)
	sql := "INSERT INTO " + name + " (name, email, age, active) VALUES ($1, $2, $3, $4) RETURNING id"
	noID := func(id int64) error {
		if id == 0 {
			return fmt.Errorf("no id")
		}
		return nil
	}
	return []impl{
		{"pgxpool", func(i int) error {
			p := newPerson(i)
			if err := c.pool.QueryRow(ctx, sql, p.Name, p.Email, p.Age, p.Active).Scan(&p.ID); err != nil {
				return err
			}
			return noID(p.ID)
		}},
		{"retort", func(i int) error {
			p := newPerson(i)
			s := orm.NewSession(c.eng, reg)
			if err := s.Add(&p); err != nil {
				return err
			}
			err := s.Commit(ctx)
			_ = s.Close(ctx)
			if err != nil {
				return err
			}
			return noID(p.ID)
		}},
		{"gorm", func(i int) error {
			p := newPerson(i)
			if err := o.gorm.Table(name).Create(&p).Error; err != nil {
				return err
			}
			return noID(p.ID)
		}},
		{"bun", func(i int) error {
			p := newPerson(i)
			if _, err := o.bun.NewInsert().Model(&p).ModelTableExpr("?", bun.Ident(name)).Returning("id").Exec(ctx); err != nil {
				return err
			}
			return noID(p.ID)
		}},
	}
}

const flushSize = 100

func ormFlushImpls(tb testing.TB) []impl {
	c, o := needORM(tb)
	name, reg, _ := personTable(tb, c, 0)
	// pgx by hand: one multi-row INSERT ... RETURNING id.
	var sqlText string
	{
		b := "INSERT INTO " + name + " (name, email, age, active) VALUES "
		for r := range flushSize {
			if r > 0 {
				b += ", "
			}
			b += fmt.Sprintf("($%d, $%d, $%d, $%d)", 4*r+1, 4*r+2, 4*r+3, 4*r+4)
		}
		sqlText = b + " RETURNING id"
	}
	checkIDs := func(ps []Person) error {
		for _, p := range ps {
			if p.ID == 0 {
				return fmt.Errorf("an object got no id")
			}
		}
		return nil
	}
	people := func(i int) []Person {
		ps := make([]Person, flushSize)
		for k := range ps {
			ps[k] = newPerson(i*flushSize + k)
		}
		return ps
	}
	return []impl{
		{"pgxpool", func(i int) error {
			ps := people(i)
			args := make([]any, 0, 4*flushSize)
			for _, p := range ps {
				args = append(args, p.Name, p.Email, p.Age, p.Active)
			}
			rows, err := c.pool.Query(ctx, sqlText, args...)
			if err != nil {
				return err
			}
			k := 0
			for rows.Next() {
				if err := rows.Scan(&ps[k].ID); err != nil {
					rows.Close()
					return err
				}
				k++
			}
			if err := rows.Err(); err != nil {
				return err
			}
			return checkIDs(ps)
		}},
		{"retort", func(i int) error {
			ps := people(i)
			s := orm.NewSession(c.eng, reg)
			for k := range ps {
				if err := s.Add(&ps[k]); err != nil {
					return err
				}
			}
			err := s.Commit(ctx)
			_ = s.Close(ctx)
			if err != nil {
				return err
			}
			return checkIDs(ps)
		}},
		{"gorm", func(i int) error {
			ps := people(i)
			if err := o.gorm.Table(name).Create(&ps).Error; err != nil {
				return err
			}
			return checkIDs(ps)
		}},
		{"bun", func(i int) error {
			ps := people(i)
			if _, err := o.bun.NewInsert().Model(&ps).ModelTableExpr("?", bun.Ident(name)).Returning("id").Exec(ctx); err != nil {
				return err
			}
			return checkIDs(ps)
		}},
	}
}

func ormUpdateImpls(tb testing.TB) []impl {
	c, o := needORM(tb)
	name, reg, _ := personTable(tb, c, seedRows)
	sql := "UPDATE " + name + " SET age = $1 WHERE id = $2"
	// Each implementation holds its own object, loaded once.
	s := orm.NewSession(c.eng, reg, orm.NoExpireOnCommit())
	tb.Cleanup(func() { _ = s.Close(context.Background()) })
	held, err := orm.Get[Person](ctx, s, int64(1))
	if err != nil || held == nil {
		tb.Fatalf("loading the object to update: %v", err)
	}
	gp := Person{ID: 2}
	if err := o.gorm.Table(name).First(&gp, 2).Error; err != nil {
		tb.Fatal(err)
	}
	bp := Person{ID: 3}
	if err := o.bun.NewSelect().Model(&bp).ModelTableExpr("? AS p", bun.Ident(name)).WherePK().Scan(ctx); err != nil {
		tb.Fatal(err)
	}
	one := func(n int64) error {
		if n != 1 {
			return fmt.Errorf("%d rows updated", n)
		}
		return nil
	}
	return []impl{
		{"pgxpool", func(i int) error {
			tag, err := c.pool.Exec(ctx, sql, int64(i), int64(4))
			if err != nil {
				return err
			}
			return one(tag.RowsAffected())
		}},
		{"retort", func(i int) error {
			held.Age = int64(i)
			return s.Commit(ctx)
		}},
		{"gorm", func(i int) error {
			r := o.gorm.Table(name).Model(&gp).Update("age", int64(i))
			if r.Error != nil {
				return r.Error
			}
			return one(r.RowsAffected)
		}},
		{"bun", func(i int) error {
			bp.Age = int64(i)
			r, err := o.bun.NewUpdate().Model(&bp).ModelTableExpr("? AS p", bun.Ident(name)).Column("age").WherePK().Exec(ctx)
			if err != nil {
				return err
			}
			n, _ := r.RowsAffected()
			return one(n)
		}},
	}
}

// BenchmarkORMGet reads one object by primary key.
func BenchmarkORMGet(b *testing.B) { runImpls(b, ormGetImpls(b)) }

// BenchmarkORMQuery100 reads 100 objects.
func BenchmarkORMQuery100(b *testing.B) { runImpls(b, ormQueryImpls(b)) }

// BenchmarkORMInsert1 inserts one object and reads back its id.
func BenchmarkORMInsert1(b *testing.B) { runImpls(b, ormInsertImpls(b)) }

// BenchmarkORMFlush100 inserts 100 new objects in one unit of work.
func BenchmarkORMFlush100(b *testing.B) { runImpls(b, ormFlushImpls(b)) }

// BenchmarkORMUpdate1 saves a change of one column of a held object.
func BenchmarkORMUpdate1(b *testing.B) { runImpls(b, ormUpdateImpls(b)) }

// BenchmarkPairedORMGet and BenchmarkPairedORMQuery100 interleave the
// implementations (see runPaired), for the ratios to pgx.
func BenchmarkPairedORMGet(b *testing.B) { runPaired(b, ormGetImpls(b)) }

// BenchmarkPairedORMQuery100 is BenchmarkORMQuery100 interleaved.
func BenchmarkPairedORMQuery100(b *testing.B) { runPaired(b, ormQueryImpls(b)) }

// BenchmarkPairedORMInsert1, BenchmarkPairedORMFlush100 and
// BenchmarkPairedORMUpdate1 are the writes interleaved: each side writes
// its own rows of the shared table (update1: its own object).
func BenchmarkPairedORMInsert1(b *testing.B) { runPaired(b, ormInsertImpls(b)) }

// BenchmarkPairedORMFlush100 is BenchmarkORMFlush100 interleaved.
func BenchmarkPairedORMFlush100(b *testing.B) { runPaired(b, ormFlushImpls(b)) }

// BenchmarkPairedORMUpdate1 is BenchmarkORMUpdate1 interleaved.
func BenchmarkPairedORMUpdate1(b *testing.B) { runPaired(b, ormUpdateImpls(b)) }

// TestORMImplsAgree runs each ORM implementation once: they all succeed
// and read the same objects.
func TestORMImplsAgree(t *testing.T) {
	for _, set := range [][]impl{ormGetImpls(t), ormQueryImpls(t), ormInsertImpls(t), ormFlushImpls(t), ormUpdateImpls(t)} {
		for _, im := range set {
			for i := range 3 {
				if err := im.op(i); err != nil {
					t.Fatalf("%s: %v", im.name, err)
				}
			}
		}
	}
}
