package sqlcompile_test

import (
	"encoding/json"
	"math"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/sqlcompile"
	"github.com/retort-go/retort/sqltype"
)

var moodEnum = sqltype.Enum{Name: "mood", Values: []string{"sad", "ok", "happy"}}

// stringList is a custom type stored as TEXT (a JSON array).
var stringList = sqltype.NewCustom("string_list", sqltype.Text{},
	func(v []string) (string, error) { b, err := json.Marshal(v); return string(b), err },
	func(s string) ([]string, error) { var v []string; err := json.Unmarshal([]byte(s), &v); return v, err },
)

// The tables of the DDL cases. They live in their own MetaData so the
// statement cases above stay small.
var (
	ddlMD = core.NewMetaData()

	// EveryType has a column of every generic type.
	EveryType = core.NewDynamicTable(ddlMD, "every_type",
		core.ColumnSpec{Name: "id", Type: sqltype.Integer{}, PrimaryKey: true},
		core.ColumnSpec{Name: "small_int", Type: sqltype.SmallInt{}},
		core.ColumnSpec{Name: "big_int", Type: sqltype.BigInt{}},
		core.ColumnSpec{Name: "real_num", Type: sqltype.Float{}},
		core.ColumnSpec{Name: "double_num", Type: sqltype.Double{}},
		core.ColumnSpec{Name: "price", Type: sqltype.Numeric{Precision: 10, Scale: 2}},
		core.ColumnSpec{Name: "wide_price", Type: sqltype.Numeric{Precision: 30, Scale: 10}},
		core.ColumnSpec{Name: "code", Type: sqltype.String{Length: 12}},
		core.ColumnSpec{Name: "body", Type: sqltype.Text{}},
		core.ColumnSpec{Name: "flag", Type: sqltype.Boolean{}},
		core.ColumnSpec{Name: "birthday", Type: sqltype.Date{}},
		core.ColumnSpec{Name: "alarm", Type: sqltype.Time{}},
		core.ColumnSpec{Name: "logged_at", Type: sqltype.Timestamp{}},
		core.ColumnSpec{Name: "happened_at", Type: sqltype.Timestamp{TimeZone: true}},
		core.ColumnSpec{Name: "raw", Type: sqltype.Binary{}},
		core.ColumnSpec{Name: "raw16", Type: sqltype.Binary{Length: 16}},
		core.ColumnSpec{Name: "doc", Type: sqltype.JSON{}},
		core.ColumnSpec{Name: "docb", Type: sqltype.JSON{Binary: true}},
		core.ColumnSpec{Name: "uid", Type: sqltype.UUID{}},
		core.ColumnSpec{Name: "mood", Type: moodEnum},
		core.ColumnSpec{Name: "tags", Type: stringList},
	)

	// Ticket asks for an identity column.
	Ticket = core.NewDynamicTable(ddlMD, "ticket",
		core.ColumnSpec{Name: "id", Type: sqltype.BigInt{}, PrimaryKey: true, Identity: true},
		core.ColumnSpec{Name: "subject", Type: sqltype.Text{}, NotNull: true},
	)
	// FlagKind has a SMALLINT autoincrement key.
	FlagKind = core.NewDynamicTable(ddlMD, "flag_kind",
		core.ColumnSpec{Name: "id", Type: sqltype.SmallInt{}, PrimaryKey: true},
		core.ColumnSpec{Name: "label", Type: sqltype.String{Length: 20}, NotNull: true},
	)
	// Country has an integer key the database does not number.
	Country = core.NewDynamicTable(ddlMD, "country",
		core.ColumnSpec{Name: "code", Type: sqltype.Integer{}, PrimaryKey: true, Autoincrement: core.AutoincrementOff},
		core.ColumnSpec{Name: "name", Type: sqltype.String{Length: 60}, NotNull: true},
	)
	// Passport's key is also a foreign key, so it does not autoincrement.
	Passport = core.NewDynamicTable(ddlMD, "passport",
		core.ColumnSpec{Name: "id", Type: sqltype.Integer{}, PrimaryKey: true, ForeignKey: "country.code", OnDelete: core.Cascade},
	)
	// Profile and Visa have foreign keys with the other actions.
	Profile = core.NewDynamicTable(ddlMD, "profile",
		core.ColumnSpec{Name: "id", Type: sqltype.BigInt{}, PrimaryKey: true},
		core.ColumnSpec{Name: "country_code", Type: sqltype.Integer{}, ForeignKey: "country.code", OnDelete: core.SetNull, OnUpdate: core.Cascade},
	)
	Visa = core.NewDynamicTable(ddlMD, "visa",
		core.ColumnSpec{Name: "id", Type: sqltype.BigInt{}, PrimaryKey: true},
		core.ColumnSpec{Name: "country_code", Type: sqltype.Integer{}, NotNull: true, ServerDefault: core.LiteralOf(1),
			ForeignKey: "country.code", OnDelete: core.SetDefault, OnUpdate: core.Restrict},
	)

	// Product has unique and check constraints and indexes.
	Product = core.NewDynamicTable(ddlMD, "product",
		core.ColumnSpec{Name: "id", Type: sqltype.BigInt{}, PrimaryKey: true},
		core.ColumnSpec{Name: "sku", Type: sqltype.String{Length: 20}, NotNull: true, Unique: true},
		core.ColumnSpec{Name: "name", Type: sqltype.String{Length: 60}, NotNull: true},
		core.ColumnSpec{Name: "price", Type: sqltype.Numeric{Precision: 10, Scale: 2}},
		core.ColumnSpec{Name: "category", Type: sqltype.String{Length: 30}, Index: true},
		core.Unique("name", "price").Named("uq_product_name_price"),
		core.Check("price >= 0").Named("ck_product_price"),
		core.Check("length(sku) > 0"),
		core.Index("ix_product_name", "name"),
		core.Index("ux_product_sku_name", "sku", "name").Unique(),
	)

	// Setting has a server default of every kind of literal.
	Setting = core.NewDynamicTable(ddlMD, "setting",
		core.ColumnSpec{Name: "id", Type: sqltype.BigInt{}, PrimaryKey: true},
		core.ColumnSpec{Name: "greeting", Type: sqltype.String{Length: 40}, NotNull: true, ServerDefault: core.LiteralOf(`it's a \ path`)},
		core.ColumnSpec{Name: "retries", Type: sqltype.Integer{}, NotNull: true, ServerDefault: core.LiteralOf(3)},
		core.ColumnSpec{Name: "delta", Type: sqltype.Integer{}, ServerDefault: core.LiteralOf(-1)},
		core.ColumnSpec{Name: "enabled", Type: sqltype.Boolean{}, NotNull: true, ServerDefault: core.LiteralOf(true)},
		core.ColumnSpec{Name: "ratio", Type: sqltype.Double{}, ServerDefault: core.LiteralOf(0.5)},
		core.ColumnSpec{Name: "price", Type: sqltype.Numeric{Precision: 10, Scale: 2}, ServerDefault: core.LiteralOf(core.MustParseDecimal("9.99"))},
		core.ColumnSpec{Name: "created_at", Type: sqltype.Timestamp{TimeZone: true}, NotNull: true, ServerDefault: core.Now()},
		core.ColumnSpec{Name: "happened_at", Type: sqltype.Timestamp{}, ServerDefault: core.LiteralOf(time.Date(2024, 1, 2, 3, 4, 5, 123456000, time.UTC))},
		core.ColumnSpec{Name: "uid", Type: sqltype.UUID{}, ServerDefault: core.LiteralOf(core.MustParseUUID("6ba7b810-9dad-11d1-80b4-00c04fd430c8"))},
		core.ColumnSpec{Name: "raw", Type: sqltype.Binary{Length: 2}, ServerDefault: core.LiteralOf([]byte{0xde, 0xad})},
		core.ColumnSpec{Name: "note", Type: sqltype.Text{}, ServerDefault: core.Value[*string](nil)},
	)
	// Memo has a literal default on a TEXT column.
	Memo = core.NewDynamicTable(ddlMD, "memo",
		core.ColumnSpec{Name: "body", Type: sqltype.Text{}, ServerDefault: core.LiteralOf("none")},
	)
	BoundDefault = core.NewDynamicTable(ddlMD, "bound_default",
		core.ColumnSpec{Name: "name", Type: sqltype.Text{}, ServerDefault: core.Value("sandy")},
	)
	NulDefault = core.NewDynamicTable(ddlMD, "nul_default",
		core.ColumnSpec{Name: "name", Type: sqltype.Text{}, ServerDefault: core.LiteralOf("a\x00b")},
	)
	NaNDefault = core.NewDynamicTable(ddlMD, "nan_default",
		core.ColumnSpec{Name: "ratio", Type: sqltype.Double{}, ServerDefault: core.LiteralOf(math.NaN())},
	)

	// Tables MySQL refuses.
	WikiPage = core.NewDynamicTable(ddlMD, "wiki_page",
		core.ColumnSpec{Name: "slug", Type: sqltype.Text{}, PrimaryKey: true},
		core.ColumnSpec{Name: "body", Type: sqltype.Text{}},
	)
	DocStore = core.NewDynamicTable(ddlMD, "doc_store",
		core.ColumnSpec{Name: "id", Type: sqltype.BigInt{}, PrimaryKey: true},
		core.ColumnSpec{Name: "payload", Type: sqltype.JSON{}, Unique: true},
	)
	BlobStore = core.NewDynamicTable(ddlMD, "blob_store",
		core.ColumnSpec{Name: "id", Type: sqltype.BigInt{}, PrimaryKey: true},
		core.ColumnSpec{Name: "data", Type: sqltype.Binary{}, Index: true},
	)
	LooseTypes = core.NewDynamicTable(ddlMD, "loose_types",
		core.ColumnSpec{Name: "note", Type: sqltype.String{}},
		core.ColumnSpec{Name: "amount", Type: sqltype.Numeric{}},
	)
	LooseNumeric = core.NewDynamicTable(ddlMD, "loose_numeric",
		core.ColumnSpec{Name: "amount", Type: sqltype.Numeric{}},
	)
	HugeNumeric = core.NewDynamicTable(ddlMD, "huge_numeric",
		core.ColumnSpec{Name: "amount", Type: sqltype.Numeric{Precision: 70, Scale: 2}},
	)
)

// Tables in a schema.
var (
	salesMD        = core.NewMetaData(core.WithSchema("sales"))
	SalesCustomers = core.NewDynamicTable(salesMD, "customer",
		core.ColumnSpec{Name: "id", Type: sqltype.BigInt{}, PrimaryKey: true},
		core.ColumnSpec{Name: "name", Type: sqltype.String{Length: 40}, NotNull: true},
	)
	SalesPurchases = core.NewDynamicTable(salesMD, "purchase",
		core.ColumnSpec{Name: "id", Type: sqltype.BigInt{}, PrimaryKey: true},
		core.ColumnSpec{Name: "customer_id", Type: sqltype.BigInt{}, NotNull: true, ForeignKey: "customer.id", Index: true},
	)
)

func index(t *core.Table, name string) *core.TableIndex {
	for _, ix := range t.Indexes() {
		if ix.Name() == name {
			return ix
		}
	}
	panic("no index " + name)
}

func createTableCases() []compileCase {
	ct := func(t *core.Table) func() core.Statement {
		return func() core.Statement { return &core.CreateTable{Table: t} }
	}
	return []compileCase{
		{
			name: "CREATE TABLE lists columns then the primary key",
			stmt: ct(&Users.Table),
			postgres: emits(createTable("CREATE TABLE user_account",
				"id BIGSERIAL NOT NULL",
				"name VARCHAR(30) NOT NULL",
				"fullname TEXT",
				"nickname VARCHAR(30)",
				"active BOOLEAN NOT NULL",
				"PRIMARY KEY (id)")),
			mysql: emits(mysqlTable("CREATE TABLE user_account",
				"id BIGINT NOT NULL AUTO_INCREMENT",
				"name VARCHAR(30) NOT NULL",
				"fullname TEXT",
				"nickname VARCHAR(30)",
				"active BOOL NOT NULL",
				"PRIMARY KEY (id)")),
			// INTEGER PRIMARY KEY (even as a table constraint) is SQLite's rowid.
			sqlite: emits(createTable("CREATE TABLE user_account",
				"id INTEGER NOT NULL",
				"name VARCHAR(30) NOT NULL",
				"fullname TEXT",
				"nickname VARCHAR(30)",
				"active BOOLEAN NOT NULL",
				"PRIMARY KEY (id)")),
		},
		{
			name: "a foreign key is a table constraint after the primary key",
			stmt: ct(&Addresses.Table),
			postgres: emits(createTable("CREATE TABLE address",
				"id BIGSERIAL NOT NULL",
				"user_id BIGINT NOT NULL",
				"email_address VARCHAR(100) NOT NULL",
				"PRIMARY KEY (id)",
				"FOREIGN KEY(user_id) REFERENCES user_account (id)")),
			mysql: emits(mysqlTable("CREATE TABLE address",
				"id BIGINT NOT NULL AUTO_INCREMENT",
				"user_id BIGINT NOT NULL",
				"email_address VARCHAR(100) NOT NULL",
				"PRIMARY KEY (id)",
				"FOREIGN KEY(user_id) REFERENCES user_account (id)")),
			sqlite: emits(createTable("CREATE TABLE address",
				"id INTEGER NOT NULL",
				"user_id BIGINT NOT NULL",
				"email_address VARCHAR(100) NOT NULL",
				"PRIMARY KEY (id)",
				"FOREIGN KEY(user_id) REFERENCES user_account (id)")),
		},
		{
			name: "foreign keys to skip are left out",
			stmt: func() core.Statement {
				return &core.CreateTable{Table: &Addresses.Table, SkipForeignKeys: Addresses.ForeignKeys()}
			},
			postgres: emits(createTable("CREATE TABLE address",
				"id BIGSERIAL NOT NULL",
				"user_id BIGINT NOT NULL",
				"email_address VARCHAR(100) NOT NULL",
				"PRIMARY KEY (id)")),
			mysql: emits(mysqlTable("CREATE TABLE address",
				"id BIGINT NOT NULL AUTO_INCREMENT",
				"user_id BIGINT NOT NULL",
				"email_address VARCHAR(100) NOT NULL",
				"PRIMARY KEY (id)")),
			sqlite: emits(createTable("CREATE TABLE address",
				"id INTEGER NOT NULL",
				"user_id BIGINT NOT NULL",
				"email_address VARCHAR(100) NOT NULL",
				"PRIMARY KEY (id)")),
		},
		{
			name: "IF NOT EXISTS follows CREATE TABLE",
			stmt: func() core.Statement { return &core.CreateTable{Table: &Counters.Table, IfNotExists: true} },
			postgres: emits(createTable("CREATE TABLE IF NOT EXISTS counter",
				"id BIGSERIAL NOT NULL",
				"PRIMARY KEY (id)")),
			mysql: emits(mysqlTable("CREATE TABLE IF NOT EXISTS counter",
				"id BIGINT NOT NULL AUTO_INCREMENT",
				"PRIMARY KEY (id)")),
			sqlite: emits(createTable("CREATE TABLE IF NOT EXISTS counter",
				"id INTEGER NOT NULL",
				"PRIMARY KEY (id)")),
		},
		{
			name: "every generic type has its name on each dialect",
			stmt: ct(EveryType),
			postgres: emits(createTable("CREATE TABLE every_type",
				"id SERIAL NOT NULL",
				"small_int SMALLINT",
				"big_int BIGINT",
				"real_num REAL",
				"double_num DOUBLE PRECISION",
				"price NUMERIC(10, 2)",
				"wide_price NUMERIC(30, 10)",
				"code VARCHAR(12)",
				"body TEXT",
				"flag BOOLEAN",
				"birthday DATE",
				"alarm TIME WITHOUT TIME ZONE",
				"logged_at TIMESTAMP WITHOUT TIME ZONE",
				"happened_at TIMESTAMP WITH TIME ZONE",
				"raw BYTEA",
				"raw16 BYTEA",
				"doc JSON",
				"docb JSONB",
				"uid UUID",
				"mood mood",
				"tags TEXT",
				"PRIMARY KEY (id)")),
			mysql: emits(mysqlTable("CREATE TABLE every_type",
				"id INTEGER NOT NULL AUTO_INCREMENT",
				"small_int SMALLINT",
				"big_int BIGINT",
				"real_num FLOAT",
				"double_num DOUBLE",
				"price NUMERIC(10, 2)",
				"wide_price NUMERIC(30, 10)",
				"code VARCHAR(12)",
				"body TEXT",
				"flag BOOL",
				"birthday DATE",
				"alarm TIME(6)",
				"logged_at DATETIME(6)",
				"happened_at DATETIME(6)",
				"raw BLOB",
				"raw16 VARBINARY(16)",
				"doc JSON",
				"docb JSON",
				"uid CHAR(32)",
				"mood ENUM('sad', 'ok', 'happy')",
				"tags TEXT",
				"PRIMARY KEY (id)")),
			sqlite: emits(createTable("CREATE TABLE every_type",
				"id INTEGER NOT NULL",
				"small_int SMALLINT",
				"big_int BIGINT",
				"real_num REAL",
				"double_num DOUBLE",
				"price NUMERIC(10, 2)",
				"wide_price DECIMAL_TEXT(30, 10)",
				"code VARCHAR(12)",
				"body TEXT",
				"flag BOOLEAN",
				"birthday DATE",
				"alarm TIME",
				"logged_at DATETIME",
				"happened_at DATETIME",
				"raw BLOB",
				"raw16 BLOB",
				"doc JSON",
				"docb JSON",
				"uid CHAR(32)",
				"mood VARCHAR(5)",
				"tags TEXT",
				"PRIMARY KEY (id)")),
		},
		{
			name: "an identity column is GENERATED BY DEFAULT AS IDENTITY on PostgreSQL and autoincrement elsewhere",
			stmt: ct(Ticket),
			postgres: emits(createTable("CREATE TABLE ticket",
				"id BIGINT GENERATED BY DEFAULT AS IDENTITY NOT NULL",
				"subject TEXT NOT NULL",
				"PRIMARY KEY (id)")),
			mysql: emits(mysqlTable("CREATE TABLE ticket",
				"id BIGINT NOT NULL AUTO_INCREMENT",
				"subject TEXT NOT NULL",
				"PRIMARY KEY (id)")),
			sqlite: emits(createTable("CREATE TABLE ticket",
				"id INTEGER NOT NULL",
				"subject TEXT NOT NULL",
				"PRIMARY KEY (id)")),
		},
		{
			name: "a SMALLINT autoincrement key is SMALLSERIAL on PostgreSQL",
			stmt: ct(FlagKind),
			postgres: emits(createTable("CREATE TABLE flag_kind",
				"id SMALLSERIAL NOT NULL",
				"label VARCHAR(20) NOT NULL",
				"PRIMARY KEY (id)")),
			mysql: emits(mysqlTable("CREATE TABLE flag_kind",
				"id SMALLINT NOT NULL AUTO_INCREMENT",
				"label VARCHAR(20) NOT NULL",
				"PRIMARY KEY (id)")),
			sqlite: emits(createTable("CREATE TABLE flag_kind",
				"id INTEGER NOT NULL",
				"label VARCHAR(20) NOT NULL",
				"PRIMARY KEY (id)")),
		},
		{
			name: "an integer key with autoincrement off is a plain integer",
			stmt: ct(Country),
			postgres: emits(createTable("CREATE TABLE country",
				"code INTEGER NOT NULL",
				"name VARCHAR(60) NOT NULL",
				"PRIMARY KEY (code)")),
			mysql: emits(mysqlTable("CREATE TABLE country",
				"code INTEGER NOT NULL",
				"name VARCHAR(60) NOT NULL",
				"PRIMARY KEY (code)")),
			sqlite: emits(createTable("CREATE TABLE country",
				"code INTEGER NOT NULL",
				"name VARCHAR(60) NOT NULL",
				"PRIMARY KEY (code)")),
		},
		{
			name: "a key that is also a foreign key does not autoincrement",
			stmt: ct(Passport),
			postgres: emits(createTable("CREATE TABLE passport",
				"id INTEGER NOT NULL",
				"PRIMARY KEY (id)",
				"FOREIGN KEY(id) REFERENCES country (code) ON DELETE CASCADE")),
			mysql: emits(mysqlTable("CREATE TABLE passport",
				"id INTEGER NOT NULL",
				"PRIMARY KEY (id)",
				"FOREIGN KEY(id) REFERENCES country (code) ON DELETE CASCADE")),
			sqlite: emits(createTable("CREATE TABLE passport",
				"id INTEGER NOT NULL",
				"PRIMARY KEY (id)",
				"FOREIGN KEY(id) REFERENCES country (code) ON DELETE CASCADE")),
		},
		{
			name: "ON DELETE SET NULL and ON UPDATE CASCADE",
			stmt: ct(Profile),
			postgres: emits(createTable("CREATE TABLE profile",
				"id BIGSERIAL NOT NULL",
				"country_code INTEGER",
				"PRIMARY KEY (id)",
				"FOREIGN KEY(country_code) REFERENCES country (code) ON DELETE SET NULL ON UPDATE CASCADE")),
			mysql: emits(mysqlTable("CREATE TABLE profile",
				"id BIGINT NOT NULL AUTO_INCREMENT",
				"country_code INTEGER",
				"PRIMARY KEY (id)",
				"FOREIGN KEY(country_code) REFERENCES country (code) ON DELETE SET NULL ON UPDATE CASCADE")),
			sqlite: emits(createTable("CREATE TABLE profile",
				"id INTEGER NOT NULL",
				"country_code INTEGER",
				"PRIMARY KEY (id)",
				"FOREIGN KEY(country_code) REFERENCES country (code) ON DELETE SET NULL ON UPDATE CASCADE")),
		},
		{
			name: "ON DELETE SET DEFAULT is refused where InnoDB does not implement it",
			stmt: ct(Visa),
			postgres: emits(createTable("CREATE TABLE visa",
				"id BIGSERIAL NOT NULL",
				"country_code INTEGER NOT NULL DEFAULT 1",
				"PRIMARY KEY (id)",
				"FOREIGN KEY(country_code) REFERENCES country (code) ON DELETE SET DEFAULT ON UPDATE RESTRICT")),
			// MySQL refuses the table; MariaDB accepts it and silently
			// drops the action. The dialect should say so at compile time.
			mysql: unsupported("SET DEFAULT"),
			sqlite: emits(createTable("CREATE TABLE visa",
				"id INTEGER NOT NULL",
				"country_code INTEGER NOT NULL DEFAULT 1",
				"PRIMARY KEY (id)",
				"FOREIGN KEY(country_code) REFERENCES country (code) ON DELETE SET DEFAULT ON UPDATE RESTRICT")),
		},
		{
			name: "a named composite primary key",
			stmt: ct(OrderLines),
			postgres: emits(createTable("CREATE TABLE order_line",
				"order_id BIGINT NOT NULL",
				"line INTEGER NOT NULL",
				"qty INTEGER NOT NULL",
				"CONSTRAINT pk_order_line PRIMARY KEY (order_id, line)")),
			mysql: emits(mysqlTable("CREATE TABLE order_line",
				"order_id BIGINT NOT NULL",
				"line INTEGER NOT NULL",
				"qty INTEGER NOT NULL",
				"CONSTRAINT pk_order_line PRIMARY KEY (order_id, line)")),
			sqlite: emits(createTable("CREATE TABLE order_line",
				"order_id BIGINT NOT NULL",
				"line INTEGER NOT NULL",
				"qty INTEGER NOT NULL",
				"CONSTRAINT pk_order_line PRIMARY KEY (order_id, line)")),
		},
		{
			name: "a named composite foreign key with ON DELETE and ON UPDATE",
			stmt: ct(OrderLineNotes),
			postgres: emits(createTable("CREATE TABLE order_line_note",
				"id BIGSERIAL NOT NULL",
				"order_id BIGINT NOT NULL",
				"line INTEGER NOT NULL",
				"note TEXT",
				"PRIMARY KEY (id)",
				"CONSTRAINT fk_note_line FOREIGN KEY(order_id, line) REFERENCES order_line (order_id, line) ON DELETE CASCADE ON UPDATE RESTRICT")),
			mysql: emits(mysqlTable("CREATE TABLE order_line_note",
				"id BIGINT NOT NULL AUTO_INCREMENT",
				"order_id BIGINT NOT NULL",
				"line INTEGER NOT NULL",
				"note TEXT",
				"PRIMARY KEY (id)",
				"CONSTRAINT fk_note_line FOREIGN KEY(order_id, line) REFERENCES order_line (order_id, line) ON DELETE CASCADE ON UPDATE RESTRICT")),
			sqlite: emits(createTable("CREATE TABLE order_line_note",
				"id INTEGER NOT NULL",
				"order_id BIGINT NOT NULL",
				"line INTEGER NOT NULL",
				"note TEXT",
				"PRIMARY KEY (id)",
				"CONSTRAINT fk_note_line FOREIGN KEY(order_id, line) REFERENCES order_line (order_id, line) ON DELETE CASCADE ON UPDATE RESTRICT")),
		},
		{
			name: "unique and check constraints follow the keys and indexes are not part of CREATE TABLE",
			stmt: ct(Product),
			postgres: emits(createTable("CREATE TABLE product",
				"id BIGSERIAL NOT NULL",
				"sku VARCHAR(20) NOT NULL",
				"name VARCHAR(60) NOT NULL",
				"price NUMERIC(10, 2)",
				"category VARCHAR(30)",
				"PRIMARY KEY (id)",
				"UNIQUE (sku)",
				"CONSTRAINT uq_product_name_price UNIQUE (name, price)",
				"CONSTRAINT ck_product_price CHECK (price >= 0)",
				"CHECK (length(sku) > 0)")),
			mysql: emits(mysqlTable("CREATE TABLE product",
				"id BIGINT NOT NULL AUTO_INCREMENT",
				"sku VARCHAR(20) NOT NULL",
				"name VARCHAR(60) NOT NULL",
				"price NUMERIC(10, 2)",
				"category VARCHAR(30)",
				"PRIMARY KEY (id)",
				"UNIQUE (sku)",
				"CONSTRAINT uq_product_name_price UNIQUE (name, price)",
				"CONSTRAINT ck_product_price CHECK (price >= 0)",
				"CHECK (length(sku) > 0)")),
			sqlite: emits(createTable("CREATE TABLE product",
				"id INTEGER NOT NULL",
				"sku VARCHAR(20) NOT NULL",
				"name VARCHAR(60) NOT NULL",
				"price NUMERIC(10, 2)",
				"category VARCHAR(30)",
				"PRIMARY KEY (id)",
				"UNIQUE (sku)",
				"CONSTRAINT uq_product_name_price UNIQUE (name, price)",
				"CONSTRAINT ck_product_price CHECK (price >= 0)",
				"CHECK (length(sku) > 0)")),
		},
		{
			name: "server defaults are literals with each dialect's escaping or the current timestamp",
			stmt: ct(Setting),
			postgres: emits(createTable("CREATE TABLE setting",
				"id BIGSERIAL NOT NULL",
				`greeting VARCHAR(40) NOT NULL DEFAULT 'it''s a \ path'`,
				"retries INTEGER NOT NULL DEFAULT 3",
				"delta INTEGER DEFAULT -1",
				"enabled BOOLEAN NOT NULL DEFAULT true",
				"ratio DOUBLE PRECISION DEFAULT 0.5",
				"price NUMERIC(10, 2) DEFAULT 9.99",
				"created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP",
				"happened_at TIMESTAMP WITHOUT TIME ZONE DEFAULT '2024-01-02 03:04:05.123456'",
				"uid UUID DEFAULT '6ba7b810-9dad-11d1-80b4-00c04fd430c8'",
				`raw BYTEA DEFAULT '\xdead'`,
				"note TEXT DEFAULT NULL",
				"PRIMARY KEY (id)")),
			// MySQL reads a backslash in a string as an escape; DATETIME(6)
			// needs CURRENT_TIMESTAMP of the same precision.
			mysql: emits(mysqlTable("CREATE TABLE setting",
				"id BIGINT NOT NULL AUTO_INCREMENT",
				`greeting VARCHAR(40) NOT NULL DEFAULT 'it''s a \\ path'`,
				"retries INTEGER NOT NULL DEFAULT 3",
				"delta INTEGER DEFAULT -1",
				"enabled BOOL NOT NULL DEFAULT true",
				"ratio DOUBLE DEFAULT 0.5",
				"price NUMERIC(10, 2) DEFAULT 9.99",
				"created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)",
				"happened_at DATETIME(6) DEFAULT '2024-01-02 03:04:05.123456'",
				"uid CHAR(32) DEFAULT '6ba7b8109dad11d180b400c04fd430c8'",
				"raw VARBINARY(2) DEFAULT X'dead'",
				"note TEXT DEFAULT NULL",
				"PRIMARY KEY (id)")),
			sqlite: emits(createTable("CREATE TABLE setting",
				"id INTEGER NOT NULL",
				`greeting VARCHAR(40) NOT NULL DEFAULT 'it''s a \ path'`,
				"retries INTEGER NOT NULL DEFAULT 3",
				"delta INTEGER DEFAULT -1",
				"enabled BOOLEAN NOT NULL DEFAULT 1",
				"ratio DOUBLE DEFAULT 0.5",
				"price NUMERIC(10, 2) DEFAULT 9.99",
				"created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP",
				"happened_at DATETIME DEFAULT '2024-01-02 03:04:05.123456'",
				"uid CHAR(32) DEFAULT '6ba7b8109dad11d180b400c04fd430c8'",
				"raw BLOB DEFAULT X'dead'",
				"note TEXT DEFAULT NULL",
				"PRIMARY KEY (id)")),
		},
		{
			name: "a server default from a struct tag",
			stmt: ct(&Events.Table),
			postgres: emits(createTable("CREATE TABLE event",
				"id BIGSERIAL NOT NULL",
				"title VARCHAR(50) NOT NULL",
				"version BIGINT NOT NULL",
				"updated_by VARCHAR(20)",
				"created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP",
				"PRIMARY KEY (id)")),
			mysql: emits(mysqlTable("CREATE TABLE event",
				"id BIGINT NOT NULL AUTO_INCREMENT",
				"title VARCHAR(50) NOT NULL",
				"version BIGINT NOT NULL",
				"updated_by VARCHAR(20)",
				"created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)",
				"PRIMARY KEY (id)")),
			sqlite: emits(createTable("CREATE TABLE event",
				"id INTEGER NOT NULL",
				"title VARCHAR(50) NOT NULL",
				"version BIGINT NOT NULL",
				"updated_by VARCHAR(20)",
				"created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP",
				"PRIMARY KEY (id)")),
		},
		{
			// MySQL 8: "BLOB, TEXT, GEOMETRY, and JSON columns can be
			// assigned a default value only if the value is written as an
			// expression, even if the expression value is a literal".
			// MariaDB takes both forms.
			name: "a literal default for a TEXT column is an expression on MySQL",
			stmt: ct(Memo),
			postgres: emits(createTable("CREATE TABLE memo",
				"body TEXT DEFAULT 'none'")),
			mysql: emits(mysqlTable("CREATE TABLE memo",
				"body TEXT DEFAULT ('none')")),
			mariadb: ptr(emits(mysqlTable("CREATE TABLE memo",
				"body TEXT DEFAULT 'none'"))),
			sqlite: emits(createTable("CREATE TABLE memo",
				"body TEXT DEFAULT 'none'")),
		},
		{
			name:     "a bound value as a server default is an error",
			stmt:     ct(BoundDefault),
			postgres: fails(core.ErrDefinition, "a server default must be a literal or SQL expression"),
			mysql:    fails(core.ErrDefinition, "a server default must be a literal or SQL expression"),
			sqlite:   fails(core.ErrDefinition, "a server default must be a literal or SQL expression"),
		},
		{
			name:     "a NUL byte in a string literal is an error",
			stmt:     ct(NulDefault),
			postgres: fails(nil, "NUL byte"),
			mysql:    fails(nil, "NUL byte"),
			sqlite:   fails(nil, "NUL byte"),
		},
		{
			name:     "a NaN literal is an error",
			stmt:     ct(NaNDefault),
			postgres: fails(nil, "no portable SQL literal"),
			mysql:    fails(nil, "no portable SQL literal"),
			sqlite:   fails(nil, "no portable SQL literal"),
		},
		{
			name: "VARCHAR and NUMERIC without a size are an error on MySQL only",
			stmt: ct(LooseTypes),
			postgres: emits(createTable("CREATE TABLE loose_types",
				"note VARCHAR",
				"amount NUMERIC")),
			mysql: fails(core.ErrDefinition, "VARCHAR requires a length"),
			sqlite: emits(createTable("CREATE TABLE loose_types",
				"note VARCHAR",
				"amount DECIMAL_TEXT")),
		},
		{
			name: "NUMERIC without a precision is an error on MySQL",
			stmt: ct(LooseNumeric),
			postgres: emits(createTable("CREATE TABLE loose_numeric",
				"amount NUMERIC")),
			mysql: fails(core.ErrDefinition, "NUMERIC needs a precision"),
			sqlite: emits(createTable("CREATE TABLE loose_numeric",
				"amount DECIMAL_TEXT")),
		},
		{
			name: "NUMERIC wider than 65 digits is an error on MySQL",
			stmt: ct(HugeNumeric),
			postgres: emits(createTable("CREATE TABLE huge_numeric",
				"amount NUMERIC(70, 2)")),
			mysql: fails(core.ErrDefinition, "above MySQL's maximum of 65"),
			sqlite: emits(createTable("CREATE TABLE huge_numeric",
				"amount DECIMAL_TEXT(70, 2)")),
		},
		{
			name: "a TEXT primary key is an error on MySQL",
			stmt: ct(WikiPage),
			postgres: emits(createTable("CREATE TABLE wiki_page",
				"slug TEXT NOT NULL",
				"body TEXT",
				"PRIMARY KEY (slug)")),
			mysql: fails(core.ErrDefinition, "a text column cannot be in a primary key"),
			sqlite: emits(createTable("CREATE TABLE wiki_page",
				"slug TEXT NOT NULL",
				"body TEXT",
				"PRIMARY KEY (slug)")),
		},
		{
			name:     "a JSON column in a unique constraint is an error on MySQL",
			stmt:     ct(DocStore),
			postgres: fails(core.ErrDefinition, "json"),
			mysql:    fails(core.ErrDefinition, "a json column cannot be in a unique constraint"),
			sqlite: emits(createTable("CREATE TABLE doc_store",
				"id INTEGER NOT NULL",
				"payload JSON",
				"PRIMARY KEY (id)",
				"UNIQUE (payload)")),
		},
		{
			name: "an unbounded binary column in an index is an error on MySQL",
			stmt: ct(BlobStore),
			postgres: emits(createTable("CREATE TABLE blob_store",
				"id BIGSERIAL NOT NULL",
				"data BYTEA",
				"PRIMARY KEY (id)")),
			// (The message says "in a index": a typo in the MySQL dialect.)
			mysql: fails(core.ErrDefinition, "a binary column cannot be in a"),
			sqlite: emits(createTable("CREATE TABLE blob_store",
				"id INTEGER NOT NULL",
				"data BLOB",
				"PRIMARY KEY (id)")),
		},
		{
			name:     "CREATE TABLE of no table is an error",
			stmt:     func() core.Statement { return &core.CreateTable{} },
			postgres: fails(core.ErrStatement, "needs a table"),
			mysql:    fails(core.ErrStatement, "needs a table"),
			sqlite:   fails(core.ErrStatement, "needs a table"),
		},
	}
}

func TestCreateTableCompilesForEachDialect(t *testing.T) { runCompileCases(t, createTableCases()) }

func otherDDLCases() []compileCase {
	fk := Addresses.ForeignKeys()[0]
	return []compileCase{
		{
			name:     "DROP TABLE",
			stmt:     func() core.Statement { return &core.DropTable{Table: &Users.Table} },
			postgres: emits("DROP TABLE user_account"),
			mysql:    emits("DROP TABLE user_account"),
			sqlite:   emits("DROP TABLE user_account"),
		},
		{
			name:     "DROP TABLE IF EXISTS",
			stmt:     func() core.Statement { return &core.DropTable{Table: &Users.Table, IfExists: true} },
			postgres: emits("DROP TABLE IF EXISTS user_account"),
			mysql:    emits("DROP TABLE IF EXISTS user_account"),
			sqlite:   emits("DROP TABLE IF EXISTS user_account"),
		},
		{
			name:     "DROP TABLE of no table is an error",
			stmt:     func() core.Statement { return &core.DropTable{} },
			postgres: fails(core.ErrStatement, "needs a table"),
			mysql:    fails(core.ErrStatement, "needs a table"),
			sqlite:   fails(core.ErrStatement, "needs a table"),
		},
		{
			name:     "CREATE INDEX for a column declared with index",
			stmt:     func() core.Statement { return &core.CreateIndex{Index: index(Product, "ix_product_category")} },
			postgres: emits("CREATE INDEX ix_product_category ON product (category)"),
			mysql:    emits("CREATE INDEX ix_product_category ON product (category)"),
			sqlite:   emits("CREATE INDEX ix_product_category ON product (category)"),
		},
		{
			name:     "CREATE UNIQUE INDEX on two columns",
			stmt:     func() core.Statement { return &core.CreateIndex{Index: index(Product, "ux_product_sku_name")} },
			postgres: emits("CREATE UNIQUE INDEX ux_product_sku_name ON product (sku, name)"),
			mysql:    emits("CREATE UNIQUE INDEX ux_product_sku_name ON product (sku, name)"),
			sqlite:   emits("CREATE UNIQUE INDEX ux_product_sku_name ON product (sku, name)"),
		},
		{
			name: "CREATE INDEX IF NOT EXISTS is an error on MySQL but not MariaDB",
			stmt: func() core.Statement {
				return &core.CreateIndex{Index: index(Product, "ix_product_name"), IfNotExists: true}
			},
			postgres: emits("CREATE INDEX IF NOT EXISTS ix_product_name ON product (name)"),
			mysql:    unsupported("CREATE INDEX IF NOT EXISTS"),
			mariadb:  ptr(emits("CREATE INDEX IF NOT EXISTS ix_product_name ON product (name)")),
			sqlite:   emits("CREATE INDEX IF NOT EXISTS ix_product_name ON product (name)"),
		},
		{
			name:     "DROP INDEX names the table on MySQL",
			stmt:     func() core.Statement { return &core.DropIndex{Index: index(Product, "ix_product_name")} },
			postgres: emits("DROP INDEX ix_product_name"),
			mysql:    emits("DROP INDEX ix_product_name ON product"),
			sqlite:   emits("DROP INDEX ix_product_name"),
		},
		{
			name: "DROP INDEX IF EXISTS is an error on MySQL but not MariaDB",
			stmt: func() core.Statement {
				return &core.DropIndex{Index: index(Product, "ix_product_name"), IfExists: true}
			},
			postgres: emits("DROP INDEX IF EXISTS ix_product_name"),
			mysql:    unsupported("DROP INDEX IF EXISTS"),
			mariadb:  ptr(emits("DROP INDEX IF EXISTS ix_product_name ON product")),
			sqlite:   emits("DROP INDEX IF EXISTS ix_product_name"),
		},
		{
			name:     "CREATE INDEX of no index is an error",
			stmt:     func() core.Statement { return &core.CreateIndex{} },
			postgres: fails(core.ErrStatement, "needs an index"),
			mysql:    fails(core.ErrStatement, "needs an index"),
			sqlite:   fails(core.ErrStatement, "needs an index"),
		},
		{
			name:     "ALTER TABLE ADD a foreign key gives an unnamed key its default name",
			stmt:     func() core.Statement { return &core.AddForeignKey{ForeignKey: fk} },
			postgres: emits("ALTER TABLE address ADD CONSTRAINT fk_address_user_id_user_account FOREIGN KEY(user_id) REFERENCES user_account (id)"),
			mysql:    emits("ALTER TABLE address ADD CONSTRAINT fk_address_user_id_user_account FOREIGN KEY(user_id) REFERENCES user_account (id)"),
			sqlite:   unsupported("sqlite does not support ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY"),
		},
		{
			name:     "ALTER TABLE ADD a foreign key under a given name",
			stmt:     func() core.Statement { return &core.AddForeignKey{ForeignKey: fk, Name: "fk_addr_user"} },
			postgres: emits("ALTER TABLE address ADD CONSTRAINT fk_addr_user FOREIGN KEY(user_id) REFERENCES user_account (id)"),
			mysql:    emits("ALTER TABLE address ADD CONSTRAINT fk_addr_user FOREIGN KEY(user_id) REFERENCES user_account (id)"),
			sqlite:   unsupported("ALTER TABLE ... ADD CONSTRAINT"),
		},
		{
			name: "ALTER TABLE ADD a named composite foreign key with its actions",
			stmt: func() core.Statement {
				return &core.AddForeignKey{ForeignKey: OrderLineNotes.ForeignKeys()[0]}
			},
			postgres: emits("ALTER TABLE order_line_note ADD CONSTRAINT fk_note_line FOREIGN KEY(order_id, line) REFERENCES order_line (order_id, line) ON DELETE CASCADE ON UPDATE RESTRICT"),
			mysql:    emits("ALTER TABLE order_line_note ADD CONSTRAINT fk_note_line FOREIGN KEY(order_id, line) REFERENCES order_line (order_id, line) ON DELETE CASCADE ON UPDATE RESTRICT"),
			sqlite:   unsupported("ALTER TABLE ... ADD CONSTRAINT"),
		},
		{
			name:     "ALTER TABLE DROP a foreign key is DROP FOREIGN KEY on MySQL",
			stmt:     func() core.Statement { return &core.DropForeignKey{ForeignKey: fk} },
			postgres: emits("ALTER TABLE address DROP CONSTRAINT fk_address_user_id_user_account"),
			mysql:    emits("ALTER TABLE address DROP FOREIGN KEY fk_address_user_id_user_account"),
			sqlite:   unsupported("sqlite does not support ALTER TABLE ... DROP CONSTRAINT"),
		},
		{
			name:     "ALTER TABLE DROP a foreign key under a given name",
			stmt:     func() core.Statement { return &core.DropForeignKey{ForeignKey: fk, Name: "fk_addr_user"} },
			postgres: emits("ALTER TABLE address DROP CONSTRAINT fk_addr_user"),
			mysql:    emits("ALTER TABLE address DROP FOREIGN KEY fk_addr_user"),
			sqlite:   unsupported("ALTER TABLE ... DROP CONSTRAINT"),
		},
		{
			name:     "CREATE TYPE for an enum on PostgreSQL and an error elsewhere",
			stmt:     func() core.Statement { return &core.CreateEnumType{Enum: moodEnum} },
			postgres: emits("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')"),
			mysql:    unsupported("mysql does not support named enum types"),
			mariadb:  ptr(unsupported("mariadb does not support named enum types")),
			sqlite:   unsupported("sqlite does not support named enum types"),
		},
		{
			name: "enum type names and values are quoted and escaped",
			stmt: func() core.Statement {
				return &core.CreateEnumType{Enum: sqltype.Enum{Name: "Feeling", Values: []string{"it's", `back\slash`}}}
			},
			postgres: emits(`CREATE TYPE "Feeling" AS ENUM ('it''s', 'back\slash')`),
			mysql:    unsupported("named enum types"),
			sqlite:   unsupported("named enum types"),
		},
		{
			name:     "an enum type without a name is an error",
			stmt:     func() core.Statement { return &core.CreateEnumType{Enum: sqltype.Enum{Values: []string{"a"}}} },
			postgres: fails(core.ErrDefinition, "needs a name and values"),
			mysql:    unsupported("named enum types"),
			sqlite:   unsupported("named enum types"),
		},
		{
			name:     "DROP TYPE for an enum on PostgreSQL",
			stmt:     func() core.Statement { return &core.DropEnumType{Enum: moodEnum} },
			postgres: emits("DROP TYPE mood"),
			mysql:    unsupported("named enum types"),
			sqlite:   unsupported("named enum types"),
		},
		{
			name:     "DROP TYPE IF EXISTS",
			stmt:     func() core.Statement { return &core.DropEnumType{Enum: moodEnum, IfExists: true} },
			postgres: emits("DROP TYPE IF EXISTS mood"),
			mysql:    unsupported("named enum types"),
			sqlite:   unsupported("named enum types"),
		},
	}
}

func TestDropIndexForeignKeyAndEnumDDLCompileForEachDialect(t *testing.T) {
	runCompileCases(t, otherDDLCases())
}

// SQLite has schemas only as attached databases, and qualifies differently:
// the index name carries the schema ("CREATE INDEX sales.ix ON purchase"),
// and a foreign key cannot name another schema.
func schemaCases() []compileCase {
	ix := index(SalesPurchases, "ix_purchase_customer_id")
	return []compileCase{
		{
			name: "tables in a schema are qualified everywhere",
			stmt: func() core.Statement {
				return core.Select(SalesCustomers.C("name"), SalesPurchases.C("id")).
					From(SalesCustomers.Join(SalesPurchases)).Where(SalesCustomers.C("id").Eq(1))
			},
			postgres: emits("SELECT sales.customer.name, sales.purchase.id FROM sales.customer JOIN sales.purchase ON sales.customer.id = sales.purchase.customer_id WHERE sales.customer.id = $1", 1),
			mysql:    emits("SELECT sales.customer.name, sales.purchase.id FROM sales.customer JOIN sales.purchase ON sales.customer.id = sales.purchase.customer_id WHERE sales.customer.id = ?", 1),
			sqlite:   emits("SELECT sales.customer.name, sales.purchase.id FROM sales.customer JOIN sales.purchase ON sales.customer.id = sales.purchase.customer_id WHERE sales.customer.id = ?", 1),
		},
		{
			name: "INSERT, UPDATE and DELETE name the schema",
			stmt: func() core.Statement {
				return core.Update(SalesCustomers).Values(core.Values{SalesCustomers.C("name"): "krusty"}).Where(SalesCustomers.C("id").Eq(1))
			},
			postgres: emits("UPDATE sales.customer SET name = $1 WHERE sales.customer.id = $2", "krusty", 1),
			mysql:    emits("UPDATE sales.customer SET name = ? WHERE sales.customer.id = ?", "krusty", 1),
			sqlite:   emits("UPDATE sales.customer SET name = ? WHERE sales.customer.id = ?", "krusty", 1),
		},
		{
			name: "CREATE TABLE in a schema references its parent in the schema",
			stmt: func() core.Statement { return &core.CreateTable{Table: SalesPurchases} },
			postgres: emits(createTable("CREATE TABLE sales.purchase",
				"id BIGSERIAL NOT NULL",
				"customer_id BIGINT NOT NULL",
				"PRIMARY KEY (id)",
				"FOREIGN KEY(customer_id) REFERENCES sales.customer (id)")),
			mysql: emits(mysqlTable("CREATE TABLE sales.purchase",
				"id BIGINT NOT NULL AUTO_INCREMENT",
				"customer_id BIGINT NOT NULL",
				"PRIMARY KEY (id)",
				"FOREIGN KEY(customer_id) REFERENCES sales.customer (id)")),
			sqlite: emits(createTable("CREATE TABLE sales.purchase",
				"id INTEGER NOT NULL",
				"customer_id BIGINT NOT NULL",
				"PRIMARY KEY (id)",
				"FOREIGN KEY(customer_id) REFERENCES customer (id)")),
		},
		{
			// PostgreSQL: "No schema name can be included here; the index
			// is always created in the same schema as its parent table."
			name:     "CREATE INDEX in a schema qualifies the table and not the index",
			stmt:     func() core.Statement { return &core.CreateIndex{Index: ix} },
			postgres: emits("CREATE INDEX ix_purchase_customer_id ON sales.purchase (customer_id)"),
			mysql:    emits("CREATE INDEX ix_purchase_customer_id ON sales.purchase (customer_id)"),
			sqlite:   emits("CREATE INDEX sales.ix_purchase_customer_id ON purchase (customer_id)"),
		},
		{
			name:     "DROP INDEX in a schema qualifies the index, or the table on MySQL",
			stmt:     func() core.Statement { return &core.DropIndex{Index: ix} },
			postgres: emits("DROP INDEX sales.ix_purchase_customer_id"),
			mysql:    emits("DROP INDEX ix_purchase_customer_id ON sales.purchase"),
			sqlite:   emits("DROP INDEX sales.ix_purchase_customer_id"),
		},
		{
			name:     "ALTER TABLE in a schema",
			stmt:     func() core.Statement { return &core.AddForeignKey{ForeignKey: SalesPurchases.ForeignKeys()[0]} },
			postgres: emits("ALTER TABLE sales.purchase ADD CONSTRAINT fk_purchase_customer_id_customer FOREIGN KEY(customer_id) REFERENCES sales.customer (id)"),
			mysql:    emits("ALTER TABLE sales.purchase ADD CONSTRAINT fk_purchase_customer_id_customer FOREIGN KEY(customer_id) REFERENCES sales.customer (id)"),
			sqlite:   unsupported("ALTER TABLE ... ADD CONSTRAINT"),
		},
		{
			name:     "DROP TABLE in a schema",
			stmt:     func() core.Statement { return &core.DropTable{Table: SalesPurchases} },
			postgres: emits("DROP TABLE sales.purchase"),
			mysql:    emits("DROP TABLE sales.purchase"),
			sqlite:   emits("DROP TABLE sales.purchase"),
		},
	}
}

func TestSchemaQualifiedNamesCompileForEachDialect(t *testing.T) { runCompileCases(t, schemaCases()) }

func TestDDLCompilesToKindDDLWithNoArgsAndNoRows(t *testing.T) {
	cs, args, err := sqlcompile.Compile(pgDialect, &core.CreateTable{Table: Setting})
	require.NoError(t, err)
	require.Equal(t, sqlcompile.KindDDL, cs.Kind)
	require.Empty(t, args)
	require.False(t, cs.Returns())
}

// Generated names longer than the dialect allows are cut to the limit and
// end in a hash of the whole name, so two long names sharing a prefix stay
// different.
func TestLongConstraintNamesAreShortenedToTheDialectLimit(t *testing.T) {
	long := "fk_subscription_notification_preference_notification_channel_id_notification_channel"
	other := long + "s"
	hashed := regexp.MustCompile(`_[0-9a-f]{8}$`)
	for _, tc := range []struct {
		d     *sqlcompile.Dialect
		limit int
	}{{pgDialect, 63}, {mysqlDialect, 64}} {
		require.Equal(t, tc.limit, tc.d.MaxIdentLength)
		got := tc.d.ShortenName(long)
		require.Len(t, got, tc.limit)
		require.True(t, strings.HasPrefix(long, got[:tc.limit-9]), got)
		require.Regexp(t, hashed, got)
		require.NotEqual(t, got, tc.d.ShortenName(other))
		require.Equal(t, got, tc.d.ShortenName(long), "shortening is deterministic")
		require.Equal(t, "fk_short", tc.d.ShortenName("fk_short"))
	}
	require.Equal(t, long, sqliteDialect.ShortenName(long), "SQLite has no identifier limit")

	// The shortened name is what ALTER TABLE writes.
	md := core.NewMetaData()
	core.NewDynamicTable(md, "notification_channel", core.ColumnSpec{Name: "id", Type: sqltype.BigInt{}, PrimaryKey: true})
	pref := core.NewDynamicTable(md, "subscription_notification_preference",
		core.ColumnSpec{Name: "id", Type: sqltype.BigInt{}, PrimaryKey: true},
		core.ColumnSpec{Name: "notification_channel_id", Type: sqltype.BigInt{}, ForeignKey: "notification_channel.id"},
	)
	require.Equal(t, long, core.DefaultForeignKeyName(pref.ForeignKeys()[0]))
	cs, _, err := sqlcompile.Compile(pgDialect, &core.DropForeignKey{ForeignKey: pref.ForeignKeys()[0]})
	require.NoError(t, err)
	require.Equal(t, "ALTER TABLE subscription_notification_preference DROP CONSTRAINT "+pgDialect.ShortenName(long), cs.SQL)
}
