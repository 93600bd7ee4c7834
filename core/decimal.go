package core

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Decimal is an exact decimal number, the Go value of a Numeric column.
// It keeps every digit and its scale ("1.10" stays "1.10"); it never passes
// through float64. The zero value is 0. Decimal is a value type: copy it freely.
//
// Decimal converts to and from text and big numbers; it does not do
// arithmetic. Use Rat or Coefficient for that.
type Decimal struct {
	// s is the canonical text: an optional '-', then digits with no leading
	// zeros (but "0" before the point), then optionally '.' and Scale digits.
	// The empty string means 0.
	s string
}

// ErrDecimalSyntax is returned (wrapped) for text that is not a decimal number.
var ErrDecimalSyntax = errors.New("core: invalid decimal")

// ParseDecimal parses a decimal number: an optional sign, digits, an optional
// fraction and an optional exponent ("-12.50", "1e-3"). NaN and infinities are
// rejected with an error wrapping ErrDecimalSyntax.
func ParseDecimal(s string) (Decimal, error) {
	orig := s
	bad := func() (Decimal, error) { return Decimal{}, fmt.Errorf("%w: %q", ErrDecimalSyntax, orig) }
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	exp := 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := strconv.Atoi(s[i+1:])
		if err != nil || e > 1<<20 || e < -(1<<20) {
			return bad()
		}
		exp = e
		s = s[:i]
	}
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i+1:]
	}
	if intPart == "" && frac == "" {
		return bad()
	}
	for _, part := range [2]string{intPart, frac} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return bad()
			}
		}
	}
	digits := intPart + frac
	scale := len(frac) - exp
	if scale < 0 {
		digits += strings.Repeat("0", -scale)
		scale = 0
	}
	return makeDecimal(neg, digits, scale), nil
}

// MustParseDecimal is ParseDecimal that panics on bad input, for constants.
func MustParseDecimal(s string) Decimal {
	d, err := ParseDecimal(s)
	if err != nil {
		panic(err)
	}
	return d
}

// NewDecimal returns unscaled × 10^-scale: NewDecimal(12345, 2) is 123.45.
// A negative scale multiplies by a power of ten.
func NewDecimal(unscaled int64, scale int) Decimal {
	return NewDecimalBig(big.NewInt(unscaled), scale)
}

// NewDecimalBig returns unscaled × 10^-scale for an arbitrary-size integer.
func NewDecimalBig(unscaled *big.Int, scale int) Decimal {
	digits := unscaled.String()
	neg := false
	if strings.HasPrefix(digits, "-") {
		neg, digits = true, digits[1:]
	}
	if scale < 0 {
		digits += strings.Repeat("0", -scale)
		scale = 0
	}
	return makeDecimal(neg, digits, scale)
}

// makeDecimal builds the canonical text from a digit string holding the
// unscaled value and a scale.
func makeDecimal(neg bool, digits string, scale int) Decimal {
	if len(digits) <= scale {
		digits = strings.Repeat("0", scale-len(digits)+1) + digits
	}
	intPart, frac := digits[:len(digits)-scale], digits[len(digits)-scale:]
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" {
		intPart = "0"
	}
	zero := intPart == "0" && strings.Trim(frac, "0") == ""
	var b strings.Builder
	b.Grow(len(intPart) + len(frac) + 2)
	if neg && !zero {
		b.WriteByte('-')
	}
	b.WriteString(intPart)
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	if b.Len() == 1 && intPart == "0" {
		return Decimal{} // the zero value is 0, so 0 == Decimal{}
	}
	return Decimal{s: b.String()}
}

// String returns the number as plain decimal text, keeping its scale.
func (d Decimal) String() string {
	if d.s == "" {
		return "0"
	}
	return d.s
}

// Scale returns the number of digits after the decimal point.
func (d Decimal) Scale() int {
	if i := strings.IndexByte(d.s, '.'); i >= 0 {
		return len(d.s) - i - 1
	}
	return 0
}

// Sign returns -1, 0 or +1.
func (d Decimal) Sign() int {
	switch {
	case d.IsZero():
		return 0
	case d.s[0] == '-':
		return -1
	}
	return 1
}

// IntegerDigits returns the number of digits before the decimal point,
// not counting leading zeros (0 for 0.5).
func (d Decimal) IntegerDigits() int {
	s := strings.TrimPrefix(d.String(), "-")
	if i := strings.IndexByte(s, '.'); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimLeft(s, "0")
	return len(s)
}

// IsZero reports whether d equals zero (at any scale).
func (d Decimal) IsZero() bool { return strings.Trim(d.s, "-0.") == "" }

// Coefficient returns the unscaled integer: d = Coefficient × 10^-Scale.
func (d Decimal) Coefficient() *big.Int {
	n, _ := new(big.Int).SetString(strings.Replace(d.String(), ".", "", 1), 10)
	return n
}

// Rat returns d as an exact rational number.
func (d Decimal) Rat() *big.Rat {
	r, _ := new(big.Rat).SetString(d.String())
	return r
}

// Float64 returns the nearest float64 and whether it is exact.
func (d Decimal) Float64() (float64, bool) {
	return d.Rat().Float64()
}

// Cmp compares d and e numerically: -1 if d < e, 0 if equal (whatever the
// scales), +1 if d > e.
func (d Decimal) Cmp(e Decimal) int { return d.Rat().Cmp(e.Rat()) }

// Equal reports whether d and e are numerically equal.
func (d Decimal) Equal(e Decimal) bool { return d.Cmp(e) == 0 }

// Round returns d rounded half away from zero to scale digits after the
// point; a larger scale pads with zeros.
func (d Decimal) Round(scale int) Decimal {
	cur := d.Scale()
	if scale >= cur {
		return d.pad(scale)
	}
	coef := d.Coefficient()
	neg := coef.Sign() < 0
	coef.Abs(coef)
	div := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(cur-scale)), nil)
	q, r := new(big.Int).QuoRem(coef, div, new(big.Int))
	if r.Lsh(r, 1).Cmp(div) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if neg {
		q.Neg(q)
	}
	return NewDecimalBig(q, scale)
}

func (d Decimal) pad(scale int) Decimal {
	cur := d.Scale()
	if scale <= cur {
		return d
	}
	s := d.String()
	if cur == 0 {
		s += "."
	}
	return Decimal{s: s + strings.Repeat("0", scale-cur)}
}

// DecimalFromFloat returns f rounded to scale digits after the point. It is
// used for values a database stored as floating point; f must be finite.
func DecimalFromFloat(f float64, scale int) (Decimal, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return Decimal{}, fmt.Errorf("%w: %v", ErrDecimalSyntax, f)
	}
	if scale < 0 {
		return ParseDecimal(strconv.FormatFloat(f, 'f', -1, 64))
	}
	return ParseDecimal(strconv.FormatFloat(f, 'f', scale, 64))
}

// Value implements driver.Valuer: the decimal text.
func (d Decimal) Value() (driver.Value, error) { return d.String(), nil }

// Scan implements sql.Scanner from text, bytes, integers and floats.
func (d *Decimal) Scan(src any) error {
	var err error
	switch v := src.(type) {
	case string:
		*d, err = ParseDecimal(v)
	case []byte:
		*d, err = ParseDecimal(string(v))
	case int64:
		*d = NewDecimal(v, 0)
	case float64:
		*d, err = DecimalFromFloat(v, -1)
	case Decimal:
		*d = v
	case nil:
		return errors.New("core: cannot scan NULL into Decimal (use sql.Null[core.Decimal] or *core.Decimal)")
	default:
		return fmt.Errorf("core: cannot scan %T into Decimal", src)
	}
	return err
}

// MarshalText implements encoding.TextMarshaler.
func (d Decimal) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Decimal) UnmarshalText(b []byte) error {
	v, err := ParseDecimal(string(b))
	if err == nil {
		*d = v
	}
	return err
}

// MarshalJSON writes the decimal as a JSON number with every digit.
func (d Decimal) MarshalJSON() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalJSON reads a JSON number or a string holding one.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	s := string(b)
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = s[1 : len(s)-1]
	}
	return d.UnmarshalText([]byte(s))
}
