package sqlcompile

import (
	"fmt"
	"slices"

	"github.com/retort-go/retort/core"
	"github.com/retort-go/retort/sqltype"
)

func (c *Compiler) createTable(s *core.CreateTable) {
	t := s.Table
	if t == nil || t.AliasOf() != nil {
		c.Fail(&core.StatementError{Stmt: "create table", Msg: "needs a table (not an alias)"})
		return
	}
	if pk := t.PrimaryKey(); pk != nil {
		c.checkKey("a primary key", pk.Columns())
	}
	for _, u := range t.UniqueConstraints() {
		c.checkKey("a unique constraint", u.Columns())
	}
	for _, fk := range t.ForeignKeys() {
		c.checkKey("a foreign key", fk.Columns())
	}
	for _, ix := range t.Indexes() { // created with the table by CreateAll
		if len(ix.Expressions()) == 0 { // an expression's own type is indexed
			c.checkKey("an index", ix.Columns())
		}
	}
	if c.err != nil {
		return
	}
	c.sb.WriteString("CREATE TABLE ")
	if s.IfNotExists {
		c.sb.WriteString("IF NOT EXISTS ")
	}
	c.tableName(t)
	c.sb.WriteString(" (")
	for i, col := range t.Columns() {
		if i > 0 {
			c.sb.WriteByte(',')
		}
		c.sb.WriteString("\n\t")
		c.columnDDL(col)
	}
	if pk := t.PrimaryKey(); pk != nil {
		c.sb.WriteString(",\n\t")
		c.constraintName(pk.Name())
		c.sb.WriteString("PRIMARY KEY ")
		c.columnList(pk.Columns())
	}
	for _, fk := range t.ForeignKeys() {
		if slices.Contains(s.SkipForeignKeys, fk) {
			continue
		}
		c.sb.WriteString(",\n\t")
		c.constraintName(fk.Name())
		c.foreignKey(fk)
	}
	for _, u := range t.UniqueConstraints() {
		c.sb.WriteString(",\n\t")
		c.constraintName(u.Name())
		c.sb.WriteString("UNIQUE ")
		c.columnList(u.Columns())
	}
	for _, ck := range t.CheckConstraints() {
		c.sb.WriteString(",\n\t")
		c.constraintName(ck.Name())
		c.sb.WriteString("CHECK (")
		c.sb.WriteString(ck.SQL())
		c.sb.WriteByte(')')
	}
	c.sb.WriteString("\n)")
	c.sb.WriteString(c.d.TableSuffix)
}

// checkKey fails when the dialect cannot index one of the columns of a key.
func (c *Compiler) checkKey(what string, cols []*core.ColumnDef) {
	if c.d.Unindexable == nil {
		return
	}
	for _, col := range cols {
		if why := c.d.Unindexable(sqltype.BaseType(col.Type())); why != "" {
			c.Fail(&core.DefinitionError{Table: col.Table().TableName(), Column: col.Name(), Field: col.Field(),
				Msg: fmt.Sprintf("%s: a %s column cannot be in %s; %s", c.d.displayName(), sqltype.BaseType(col.Type()), what, why)})
			return
		}
	}
}

func (c *Compiler) columnDDL(col *core.ColumnDef) {
	c.WriteIdent(col.Name())
	c.sb.WriteByte(' ')
	typ, err := c.d.ColumnType(col)
	if err != nil {
		c.Fail(&core.DefinitionError{Table: col.Table().TableName(), Column: col.Name(), Msg: "no DDL type on " + c.d.displayName(), Err: err})
		return
	}
	c.sb.WriteString(typ)
	if !col.Nullable() {
		c.sb.WriteString(" NOT NULL")
	}
	if d := col.ServerDefault(); d != nil {
		c.sb.WriteString(" DEFAULT ")
		before := len(c.binds)
		if _, null := d.(*core.Null); c.d.ParenthesizedLOBDefaults && isLOB(col.Type()) && !null {
			c.sb.WriteByte('(')
			c.expr(d, precLowest)
			c.sb.WriteByte(')')
		} else {
			c.expr(d, precAtom)
		}
		if len(c.binds) != before {
			c.Fail(&core.DefinitionError{Table: col.Table().TableName(), Column: col.Name(), Msg: "a server default must be a literal or SQL expression, not a bound value"})
		}
	}
	if col.Autoincrement() && c.d.AutoincrementKeyword != "" {
		c.sb.WriteByte(' ')
		c.sb.WriteString(c.d.AutoincrementKeyword)
	}
}

// isLOB reports whether t is stored as a large object: TEXT, BLOB, JSON.
func isLOB(t sqltype.Type) bool {
	switch bt := sqltype.BaseType(t).(type) {
	case sqltype.Text, sqltype.JSON:
		return true
	case sqltype.Binary:
		return bt.Length == 0
	}
	return false
}

func (c *Compiler) constraintName(name string) {
	if name != "" {
		c.sb.WriteString("CONSTRAINT ")
		c.WriteIdent(c.d.ShortenName(name))
		c.sb.WriteByte(' ')
	}
}

func (c *Compiler) columnList(cols []*core.ColumnDef) {
	c.sb.WriteByte('(')
	for i, col := range cols {
		if i > 0 {
			c.sb.WriteString(", ")
		}
		c.WriteIdent(col.Name())
	}
	c.sb.WriteByte(')')
}

func (c *Compiler) foreignKey(fk *core.ForeignKeyConstraint) {
	target, refs, err := fk.Target()
	if err != nil {
		c.Fail(err)
		return
	}
	c.sb.WriteString("FOREIGN KEY")
	c.columnList(fk.Columns())
	c.sb.WriteString(" REFERENCES ")
	if c.d.SchemaOnIndexName {
		c.WriteIdent(target.TableName())
	} else {
		c.tableName(target)
	}
	c.sb.WriteByte(' ')
	c.columnList(refs)
	for _, on := range [2]struct {
		verb string
		act  core.FKAction
	}{{" ON DELETE ", fk.OnDelete()}, {" ON UPDATE ", fk.OnUpdate()}} {
		if on.act == core.SetDefault && !c.d.ForeignKeySetDefault {
			c.Unsupported("ON DELETE/UPDATE SET DEFAULT", "the storage engine parses it but does not implement it")
			return
		}
		if a := on.act.SQL(); a != "" {
			c.sb.WriteString(on.verb)
			c.sb.WriteString(a)
		}
	}
}

func (c *Compiler) dropTable(s *core.DropTable) {
	if s.Table == nil {
		c.Fail(&core.StatementError{Stmt: "drop table", Msg: "needs a table"})
		return
	}
	c.sb.WriteString("DROP TABLE ")
	if s.IfExists {
		c.sb.WriteString("IF EXISTS ")
	}
	c.tableName(s.Table.Base())
}

func (c *Compiler) createIndex(s *core.CreateIndex) {
	ix := s.Index
	if ix == nil {
		c.Fail(&core.StatementError{Stmt: "create index", Msg: "needs an index"})
		return
	}
	exprs := ix.Expressions()
	if len(exprs) > 0 && !c.d.ExpressionIndexes {
		c.Unsupported("expression indexes", "index a generated column")
		return
	}
	c.sb.WriteString("CREATE ")
	if ix.Unique() {
		c.sb.WriteString("UNIQUE ")
	}
	if len(exprs) == 0 {
		c.checkKey("an index", ix.Columns())
	}
	if c.err != nil {
		return
	}
	c.sb.WriteString("INDEX ")
	if s.IfNotExists {
		if !c.d.IndexIfNotExists {
			c.Unsupported("CREATE INDEX IF NOT EXISTS", "")
			return
		}
		c.sb.WriteString("IF NOT EXISTS ")
	}
	// The new index lives in its table's schema: PostgreSQL refuses a
	// schema on the name here (DROP INDEX needs one, see indexName);
	// SQLite wants it on the name and not on the table.
	if c.d.SchemaOnIndexName {
		c.indexName(ix)
		c.sb.WriteString(" ON ")
		c.WriteIdent(ix.Table().TableName())
	} else {
		c.WriteIdent(c.d.ShortenName(ix.Name()))
		c.sb.WriteString(" ON ")
		c.tableName(ix.Table())
	}
	c.sb.WriteByte(' ')
	if len(exprs) == 0 {
		c.columnList(ix.Columns())
		return
	}
	// Each expression in its own parentheses, columns unqualified, values
	// as literals: DDL takes no parameters.
	c.sb.WriteByte('(')
	saved := c.qualify
	c.qualify, c.ddlLiterals = false, true
	for i, e := range exprs {
		if i > 0 {
			c.sb.WriteString(", ")
		}
		if _, col := e.(*core.ColumnRef); col {
			c.expr(e, precLowest)
			continue
		}
		c.sb.WriteByte('(')
		c.expr(e, precLowest)
		c.sb.WriteByte(')')
	}
	c.qualify, c.ddlLiterals = saved, false
	c.sb.WriteByte(')')
}

// indexName writes an index's name for DROP INDEX; on dialects where
// indexes live in the schema it is qualified like its table.
func (c *Compiler) indexName(ix *core.TableIndex) {
	if s := ix.Table().SchemaName(); s != "" && !c.d.DropIndexOnTable {
		c.WriteIdent(s)
		c.sb.WriteByte('.')
	}
	c.WriteIdent(c.d.ShortenName(ix.Name()))
}

func (c *Compiler) dropIndex(s *core.DropIndex) {
	ix := s.Index
	if ix == nil {
		c.Fail(&core.StatementError{Stmt: "drop index", Msg: "needs an index"})
		return
	}
	c.sb.WriteString("DROP INDEX ")
	if s.IfExists {
		if !c.d.IndexIfNotExists {
			c.Unsupported("DROP INDEX IF EXISTS", "")
			return
		}
		c.sb.WriteString("IF EXISTS ")
	}
	c.indexName(ix)
	if c.d.DropIndexOnTable {
		c.sb.WriteString(" ON ")
		c.tableName(ix.Table())
	}
}

func (c *Compiler) addForeignKey(s *core.AddForeignKey) {
	if !c.d.AlterAddForeignKey {
		c.Unsupported("ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY", "")
		return
	}
	name := s.Name
	if name == "" {
		name = core.DefaultForeignKeyName(s.ForeignKey)
	}
	c.sb.WriteString("ALTER TABLE ")
	c.tableName(s.ForeignKey.Table())
	c.sb.WriteString(" ADD ")
	c.constraintName(name)
	c.foreignKey(s.ForeignKey)
}

func (c *Compiler) dropForeignKey(s *core.DropForeignKey) {
	if c.d.DropForeignKeyVerb == "" {
		c.Unsupported("ALTER TABLE ... DROP CONSTRAINT", "")
		return
	}
	name := s.Name
	if name == "" {
		name = core.DefaultForeignKeyName(s.ForeignKey)
	}
	c.sb.WriteString("ALTER TABLE ")
	c.tableName(s.ForeignKey.Table())
	c.sb.WriteByte(' ')
	c.sb.WriteString(c.d.DropForeignKeyVerb)
	c.sb.WriteByte(' ')
	c.WriteIdent(c.d.ShortenName(name))
}

func (c *Compiler) createEnumType(s *core.CreateEnumType) {
	if !c.d.NamedEnumTypes {
		c.Unsupported("named enum types", "enums are declared inline with the column")
		return
	}
	if s.Enum.Name == "" || len(s.Enum.Values) == 0 {
		c.Fail(&core.DefinitionError{Msg: fmt.Sprintf("enum type %q needs a name and values", s.Enum.Name)})
		return
	}
	c.sb.WriteString("CREATE TYPE ")
	c.WriteIdent(s.Enum.Name)
	c.sb.WriteString(" AS ENUM (")
	for i, v := range s.Enum.Values {
		if i > 0 {
			c.sb.WriteString(", ")
		}
		c.literal(v)
	}
	c.sb.WriteByte(')')
}

func (c *Compiler) dropEnumType(s *core.DropEnumType) {
	if !c.d.NamedEnumTypes {
		c.Unsupported("named enum types", "")
		return
	}
	c.sb.WriteString("DROP TYPE ")
	if s.IfExists {
		c.sb.WriteString("IF EXISTS ")
	}
	c.WriteIdent(s.Enum.Name)
}
