package core

import "testing"

func TestRowsOfNoColumnsInsertDefaults(t *testing.T) {
	md := NewMetaData()
	tb := NewTable[rowsTestTable](md, "rows_zero")
	s := Insert(tb).Rows(nil, []any{})
	if s.plain != nil || s.Err() != nil {
		t.Fatalf("plain=%v err=%v", s.plain != nil, s.Err())
	}
	var k KeyBuilder
	if err := k.Build(s); err != nil {
		t.Fatal(err)
	}
	if p := s.Parts(); len(p.Columns) != 0 {
		t.Fatalf("columns %v, want none (DEFAULT VALUES)", p.Columns)
	}
}
