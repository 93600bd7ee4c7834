package orm

import (
	"database/sql"
	"reflect"
	"time"
	"unsafe"

	"github.com/retort-go/retort/core"
)

// fieldAt finds a mapped field by its offset from the start of the struct,
// so reading a row points the scan destinations at an object's fields with
// pointer arithmetic instead of a reflect walk per field per row.
type fieldAt struct {
	off  uintptr // offset from the struct's start, when flat
	flat bool    // every step of the index path is a non-pointer struct
	// ptr makes the *F the scanner writes through, for a field of type F
	// at p.
	ptr func(p unsafe.Pointer) any
	// val boxes the F at p: the compiler's conversions for the common
	// types, which allocate less than reflect's (none for small ints).
	val func(p unsafe.Pointer) any
}

// newFieldAt works out where the field at index lies in struct type t.
func newFieldAt(t reflect.Type, index []int) fieldAt {
	var off uintptr
	cur := t
	for i, x := range index {
		if cur.Kind() != reflect.Struct {
			return fieldAt{}
		}
		f := cur.Field(x)
		off += f.Offset
		cur = f.Type
		if i < len(index)-1 && cur.Kind() != reflect.Struct {
			return fieldAt{} // through an embedded pointer: use reflect
		}
	}
	return fieldAt{off: off, flat: true, ptr: pointerMaker(cur), val: valueMaker(cur)}
}

// valueMaker returns a func boxing the F at an address.
func valueMaker(t reflect.Type) func(unsafe.Pointer) any {
	switch t {
	case reflect.TypeFor[int64]():
		return func(p unsafe.Pointer) any { return *(*int64)(p) }
	case reflect.TypeFor[int]():
		return func(p unsafe.Pointer) any { return *(*int)(p) }
	case reflect.TypeFor[int32]():
		return func(p unsafe.Pointer) any { return *(*int32)(p) }
	case reflect.TypeFor[string]():
		return func(p unsafe.Pointer) any { return *(*string)(p) }
	case reflect.TypeFor[bool]():
		return func(p unsafe.Pointer) any { return *(*bool)(p) }
	case reflect.TypeFor[float64]():
		return func(p unsafe.Pointer) any { return *(*float64)(p) }
	}
	return func(p unsafe.Pointer) any { return reflect.NewAt(t, p).Elem().Interface() }
}

// value boxes the field of the struct v (addressable) at f.
func (f *fieldAt) value(v reflect.Value, index []int) any {
	if f.flat {
		return f.val(unsafe.Add(v.Addr().UnsafePointer(), f.off))
	}
	return v.FieldByIndex(index).Interface()
}

// valueAt is value for a struct whose address base the caller has.
func (f *fieldAt) valueAt(base unsafe.Pointer, v reflect.Value, index []int) any {
	if f.flat {
		return f.val(unsafe.Add(base, f.off))
	}
	return v.FieldByIndex(index).Interface()
}

// pointerMaker returns a func making a *F from the address of an F: the
// common column types without reflect, any other through reflect.NewAt
// (which allocates nothing either: a pointer fits in an interface).
func pointerMaker(t reflect.Type) func(unsafe.Pointer) any {
	switch t {
	case reflect.TypeFor[int64]():
		return func(p unsafe.Pointer) any { return (*int64)(p) }
	case reflect.TypeFor[int]():
		return func(p unsafe.Pointer) any { return (*int)(p) }
	case reflect.TypeFor[int32]():
		return func(p unsafe.Pointer) any { return (*int32)(p) }
	case reflect.TypeFor[string]():
		return func(p unsafe.Pointer) any { return (*string)(p) }
	case reflect.TypeFor[bool]():
		return func(p unsafe.Pointer) any { return (*bool)(p) }
	case reflect.TypeFor[float64]():
		return func(p unsafe.Pointer) any { return (*float64)(p) }
	case reflect.TypeFor[time.Time]():
		return func(p unsafe.Pointer) any { return (*time.Time)(p) }
	case reflect.TypeFor[[]byte]():
		return func(p unsafe.Pointer) any { return (*[]byte)(p) }
	case reflect.TypeFor[sql.NullString]():
		return func(p unsafe.Pointer) any { return (*sql.NullString)(p) }
	case reflect.TypeFor[sql.NullInt64]():
		return func(p unsafe.Pointer) any { return (*sql.NullInt64)(p) }
	case reflect.TypeFor[sql.Null[int64]]():
		return func(p unsafe.Pointer) any { return (*sql.Null[int64])(p) }
	case reflect.TypeFor[sql.Null[string]]():
		return func(p unsafe.Pointer) any { return (*sql.Null[string])(p) }
	case reflect.TypeFor[core.Decimal]():
		return func(p unsafe.Pointer) any { return (*core.Decimal)(p) }
	}
	return func(p unsafe.Pointer) any { return reflect.NewAt(t, p).Interface() }
}

// addr returns a pointer to the field of the struct at base (whose struct
// value is v, for fields that are not flat).
func (f *fieldAt) addr(base unsafe.Pointer, v reflect.Value, index []int) any {
	if f.flat {
		return f.ptr(unsafe.Add(base, f.off))
	}
	return v.FieldByIndex(index).Addr().Interface()
}

// objectRun hands out new objects of one struct type, allocated a run at a
// time: rows come many at once, and one allocation for a run of objects is
// cheaper than one per object. A run lives as long as any of its objects.
type objectRun struct {
	typ  reflect.Type
	run  reflect.Value // a []T; the unused part starts at next
	next int
	size int // the size of the next run
	max  int
	// fromRun: the last take came from run (untake can give it back).
	fromRun bool
}

func newObjectRun(t reflect.Type, first, max int) *objectRun {
	if first < 1 {
		first = 1
	}
	if max < first {
		max = first
	}
	return &objectRun{typ: t, size: first, max: max}
}

// untake gives back the object take returned last, still zero.
func (r *objectRun) untake() {
	if r.fromRun {
		r.next--
		r.fromRun = false
	}
}

// take returns a pointer (as a reflect.Value of type *T) to a zero T.
func (r *objectRun) take() reflect.Value {
	if !r.run.IsValid() || r.next == r.run.Len() {
		if r.size == 1 {
			r.size = min(2, r.max)
			r.fromRun = false
			return reflect.New(r.typ) // a slice of one costs a second allocation
		}
		r.run = reflect.MakeSlice(reflect.SliceOf(r.typ), r.size, r.size)
		r.next = 0
		r.size = min(2*r.size, r.max)
	}
	p := r.run.Index(r.next).Addr()
	r.next++
	r.fromRun = true
	return p
}
