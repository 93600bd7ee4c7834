package core_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/dialects/postgres"
	"github.com/retort-go/retort/sqlcompile"
	"github.com/retort-go/retort/sqltype"
)

type Mood string

func (Mood) EnumValues() []string { return []string{"sad", "ok", "happy"} }

type Tags []string

var tagsType = sqltype.NewCustom("tags", sqltype.Text{},
	func(t Tags) (string, error) { return strings.Join(t, ","), nil },
	func(s string) (Tags, error) { return strings.Split(s, ","), nil })

type OrderTable struct {
	core.Table
	Region     core.Column[string]       `db:"region,size=8"`
	Number     core.Column[int64]        `db:"number"`
	CustomerID core.Column[int64]        `db:"customer_id"`
	Store      core.Column[string]       `db:"store,size=8"`
	Total      core.Column[core.Decimal] `db:"total,type=numeric(12,2)"`
	Status     core.Column[string]       `db:"status,size=10"`
	Mood       core.Column[Mood]         `db:"mood"`
	Tags       core.Column[Tags]         `db:"tags,type=tags"`
	PlacedAt   core.Column[time.Time]    `db:"placed_at"`
	ChangedAt  core.Column[*time.Time]   `db:"changed_at"`
}

func (t *OrderTable) TableArgs() []core.TableArg {
	return []core.TableArg{
		core.PrimaryKey("region", "number"),
		core.Unique("customer_id", "number").Named("uq_order_number"),
		core.Check("total >= 0").Named("ck_total"),
		core.Index("ix_order_placed", "placed_at"),
		core.ForeignKey("region", "store").References("store", "region", "code").OnDelete(core.Cascade),
		core.Default(t.PlacedAt, time.Now),
		core.OnUpdate(t.ChangedAt, func() *time.Time { now := time.Now(); return &now }),
		core.ServerDefault(t.Status, core.LiteralOf("new")),
	}
}

type StoreTable struct {
	core.Table
	Region core.Column[string] `db:"region,pk,size=8"`
	Code   core.Column[string] `db:"code,pk,size=8"`
}

// ExampleTableArgser shows table-level arguments declared with the table's
// own columns, and the DDL they give on PostgreSQL.
func ExampleTableArgser() {
	smd := core.NewMetaData(core.WithType("tags", tagsType))
	orders := core.NewTable[OrderTable](smd, "customer_order")
	core.NewTable[StoreTable](smd, "store")
	d := postgres.NewDialect()
	for _, s := range []core.Statement{
		&core.CreateEnumType{Enum: orders.Mood.Def().Type().(sqltype.Enum)},
		&core.CreateTable{Table: &orders.Table},
		&core.CreateIndex{Index: orders.Indexes()[0]},
	} {
		cs, _, err := sqlcompile.Compile(d, s)
		fmt.Println(cs.SQL, err)
	}
	// Output:
	// CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy') <nil>
	// CREATE TABLE customer_order (
	// 	region VARCHAR(8) NOT NULL,
	// 	number BIGINT NOT NULL,
	// 	customer_id BIGINT NOT NULL,
	// 	store VARCHAR(8) NOT NULL,
	// 	total NUMERIC(12, 2) NOT NULL,
	// 	status VARCHAR(10) NOT NULL DEFAULT 'new',
	// 	mood mood NOT NULL,
	// 	tags TEXT NOT NULL,
	// 	placed_at TIMESTAMP WITH TIME ZONE NOT NULL,
	// 	changed_at TIMESTAMP WITH TIME ZONE,
	// 	PRIMARY KEY (region, number),
	// 	FOREIGN KEY(region, store) REFERENCES store (region, code) ON DELETE CASCADE,
	// 	CONSTRAINT uq_order_number UNIQUE (customer_id, number),
	// 	CONSTRAINT ck_total CHECK (total >= 0)
	// ) <nil>
	// CREATE INDEX ix_order_placed ON customer_order (placed_at) <nil>
}
