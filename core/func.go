package core

import (
	"fmt"
	"reflect"

	"github.com/retort-go/retort/sqltype"
)

func typeFor[T any]() reflect.Type { return reflect.TypeFor[T]() }

func sqlTypeOf[T any]() sqltype.Type {
	t, _, _, _ := sqlTypeFor(typeFor[T](), 0)
	return t
}

func call[T any](name string, args ...Node) Expression[T] {
	return typed[T](&FuncCall{Name: name, Args: args, Type: sqlTypeOf[T]()})
}

// Func calls the SQL function name with args, typed as T (the Go type its
// result scans into). name must be a plain (optionally schema-qualified)
// identifier; it is written as given. Values become bound parameters:
//
//	core.Func[string]("concat_ws", core.Value("-"), T.A, T.B)
func Func[T any](name string, args ...Expr) Expression[T] {
	if !isIdentLike(name) {
		return typed[T](invalid(fmt.Sprintf("function name %q is not an identifier", name)))
	}
	nodes := make([]Node, len(args))
	for i, a := range args {
		nodes[i] = exprOrInvalid(a, "function argument")
	}
	return call[T](name, nodes...)
}

// Sum is sum(e). On PostgreSQL the sum of integers is a NUMERIC, which
// scans into T as long as it fits.
func Sum[T any](e TypedExpr[T]) Expression[T] {
	return call[T]("sum", exprOrInvalid(e, "argument to Sum"))
}

// Avg is avg(e), as a float64 (wrap it in Cast for an exact decimal).
func Avg[T any](e TypedExpr[T]) Expression[float64] {
	return call[float64]("avg", exprOrInvalid(e, "argument to Avg"))
}

// Min is min(e).
func Min[T any](e TypedExpr[T]) Expression[T] {
	return call[T]("min", exprOrInvalid(e, "argument to Min"))
}

// Max is max(e).
func Max[T any](e TypedExpr[T]) Expression[T] {
	return call[T]("max", exprOrInvalid(e, "argument to Max"))
}

// Lower is lower(e).
func Lower(e Expr) Expression[string] {
	return call[string]("lower", exprOrInvalid(e, "argument to Lower"))
}

// Upper is upper(e).
func Upper(e Expr) Expression[string] {
	return call[string]("upper", exprOrInvalid(e, "argument to Upper"))
}

// Length is the length of a string in characters (char_length on MySQL,
// whose length counts bytes).
func Length(e Expr) Expression[int64] {
	return call[int64]("length", exprOrInvalid(e, "argument to Length"))
}

// Abs is abs(e).
func Abs[T any](e TypedExpr[T]) Expression[T] {
	return call[T]("abs", exprOrInvalid(e, "argument to Abs"))
}

// Round is round(e, digits) (a float is rounded as NUMERIC on PostgreSQL,
// which has no round(double precision, integer)).
func Round[T any](e TypedExpr[T], digits int) Expression[T] {
	return call[T]("round", exprOrInvalid(e, "argument to Round"), &BindParam{Value: int64(digits), Type: sqltype.Integer{}})
}

// Coalesce is coalesce(a, b, ...): the first argument that is not NULL,
// typed as T. Arguments may be columns of T, *T or sql.Null[T], or values
// made with Value.
func Coalesce[T any](exprs ...Expr) Expression[T] {
	if len(exprs) == 0 {
		return typed[T](invalid("Coalesce needs arguments"))
	}
	nodes := make([]Node, len(exprs))
	for i, e := range exprs {
		nodes[i] = exprOrInvalid(e, "argument to Coalesce")
	}
	return call[T]("coalesce", nodes...)
}

// RowNumber is row_number(), a window function: add .Over(...).
func RowNumber() Expression[int64] { return call[int64]("row_number") }

// Rank is rank(), a window function.
func Rank() Expression[int64] { return call[int64]("rank") }

// DenseRank is dense_rank(), a window function.
func DenseRank() Expression[int64] { return call[int64]("dense_rank") }

// Lag is lag(e, offset), a window function: the value offset rows before.
func Lag[T any](e TypedExpr[T], offset int) Expression[T] {
	return call[T]("lag", exprOrInvalid(e, "argument to Lag"), &BindParam{Value: int64(offset), Type: sqltype.BigInt{}})
}

// Lead is lead(e, offset), a window function: the value offset rows after.
func Lead[T any](e TypedExpr[T], offset int) Expression[T] {
	return call[T]("lead", exprOrInvalid(e, "argument to Lead"), &BindParam{Value: int64(offset), Type: sqltype.BigInt{}})
}

// WindowSpec builds the OVER clause of a window function; it is a value,
// each method returns a new one.
//
//	core.RowNumber().Over(core.PartitionBy(T.Dept).OrderBy(T.Salary.Desc()))
//	core.Sum(T.Amount).Over(core.OrderWindow(T.Day).Rows(core.PrecedingBy(6), core.CurrentRow()))
type WindowSpec struct{ win WindowClause }

// PartitionBy starts a window partitioned by exprs.
func PartitionBy(exprs ...Expr) WindowSpec { return WindowSpec{}.PartitionBy(exprs...) }

// OrderWindow starts a window ordered by items.
func OrderWindow(items ...OrderItem) WindowSpec { return WindowSpec{}.OrderBy(items...) }

// PartitionBy adds PARTITION BY expressions.
func (w WindowSpec) PartitionBy(exprs ...Expr) WindowSpec {
	w.win.PartitionBy = grow(w.win.PartitionBy, len(exprs))
	for _, e := range exprs {
		w.win.PartitionBy = append(w.win.PartitionBy, exprOrInvalid(e, "PARTITION BY expression"))
	}
	return w
}

// OrderBy adds ORDER BY items.
func (w WindowSpec) OrderBy(items ...OrderItem) WindowSpec {
	w.win.OrderBy = grow(w.win.OrderBy, len(items))
	for _, it := range items {
		if it == nil {
			w.win.OrderBy = append(w.win.OrderBy, invalid("nil ORDER BY item in a window"))
			continue
		}
		w.win.OrderBy = append(w.win.OrderBy, it.orderNode())
	}
	return w
}

// Rows sets a ROWS frame from start to end.
func (w WindowSpec) Rows(start, end FrameBound) WindowSpec {
	w.win.Frame = &Frame{Mode: FrameRows, Start: start, End: end}
	return w
}

// Range sets a RANGE frame from start to end.
func (w WindowSpec) Range(start, end FrameBound) WindowSpec {
	w.win.Frame = &Frame{Mode: FrameRange, Start: start, End: end}
	return w
}

// UnboundedPreceding is the frame bound UNBOUNDED PRECEDING.
func UnboundedPreceding() FrameBound { return FrameBound{Kind: BoundUnboundedPreceding} }

// PrecedingBy is the frame bound "n PRECEDING".
//
// The offset is written into the SQL as an integer literal, not bound:
// MariaDB and SQLite accept only constants there, and an int64 cannot
// carry SQL. Each distinct offset is a distinct cached statement.
func PrecedingBy(n int64) FrameBound {
	return FrameBound{Kind: BoundPreceding, Offset: frameOffset(n)}
}

func frameOffset(n int64) Node {
	if n < 0 {
		return invalid("a window frame offset cannot be negative")
	}
	return &Literal{Value: n}
}

// CurrentRow is the frame bound CURRENT ROW.
func CurrentRow() FrameBound { return FrameBound{Kind: BoundCurrentRow} }

// FollowingBy is the frame bound "n FOLLOWING".
func FollowingBy(n int64) FrameBound {
	return FrameBound{Kind: BoundFollowing, Offset: frameOffset(n)}
}

// UnboundedFollowing is the frame bound UNBOUNDED FOLLOWING.
func UnboundedFollowing() FrameBound { return FrameBound{Kind: BoundUnboundedFollowing} }
