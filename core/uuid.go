package core

import (
	"crypto/rand"
	"database/sql/driver"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// UUID is a 128-bit universally unique identifier, the Go value of a UUID
// column. It is stored natively on PostgreSQL and as 32 lower-case hex digits
// (CHAR(32)) on MySQL and SQLite, as SQLAlchemy does.
type UUID [16]byte

// ErrUUIDSyntax is returned (wrapped) for text that is not a UUID.
var ErrUUIDSyntax = errors.New("core: invalid UUID")

// NewUUID returns a random (version 4) UUID.
func NewUUID() UUID {
	var u UUID
	_, _ = rand.Read(u[:])
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return u
}

// NewUUIDv7 returns a version 7 UUID: a millisecond timestamp followed by
// random bits, so values created later sort later (kind to B-tree indexes).
func NewUUIDv7() UUID {
	var u UUID
	_, _ = rand.Read(u[6:])
	ms := uint64(time.Now().UnixMilli())
	var ts [8]byte
	binary.BigEndian.PutUint64(ts[:], ms)
	copy(u[:6], ts[2:])
	u[6] = u[6]&0x0f | 0x70
	u[8] = u[8]&0x3f | 0x80
	return u
}

// ParseUUID parses the canonical dashed form (8-4-4-4-12 hex digits) or 32
// bare hex digits, in either case.
func ParseUUID(s string) (UUID, error) {
	var u UUID
	var h []byte
	switch len(s) {
	case 36:
		if s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
			return u, fmt.Errorf("%w: %q", ErrUUIDSyntax, s)
		}
		h = make([]byte, 0, 32)
		h = append(h, s[:8]...)
		h = append(h, s[9:13]...)
		h = append(h, s[14:18]...)
		h = append(h, s[19:23]...)
		h = append(h, s[24:]...)
	case 32:
		h = []byte(s)
	default:
		return u, fmt.Errorf("%w: %q", ErrUUIDSyntax, s)
	}
	if _, err := hex.Decode(u[:], h); err != nil {
		return UUID{}, fmt.Errorf("%w: %q", ErrUUIDSyntax, s)
	}
	return u, nil
}

// MustParseUUID is ParseUUID that panics on bad input, for constants.
func MustParseUUID(s string) UUID {
	u, err := ParseUUID(s)
	if err != nil {
		panic(err)
	}
	return u
}

// String returns the canonical dashed lower-case form.
func (u UUID) String() string {
	var b [36]byte
	hex.Encode(b[:8], u[:4])
	b[8] = '-'
	hex.Encode(b[9:13], u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], u[8:10])
	b[23] = '-'
	hex.Encode(b[24:], u[10:])
	return string(b[:])
}

// Hex returns the 32 lower-case hex digits without dashes.
func (u UUID) Hex() string { return hex.EncodeToString(u[:]) }

// IsZero reports whether u is the nil UUID (all zeros).
func (u UUID) IsZero() bool { return u == UUID{} }

// Value implements driver.Valuer: the dashed text form.
func (u UUID) Value() (driver.Value, error) { return u.String(), nil }

// Scan implements sql.Scanner from the dashed or hex text form, or 16 raw bytes.
func (u *UUID) Scan(src any) error {
	var err error
	switch v := src.(type) {
	case string:
		*u, err = ParseUUID(v)
	case []byte:
		if len(v) == 16 {
			copy(u[:], v)
			return nil
		}
		*u, err = ParseUUID(string(v))
	case [16]byte:
		*u = v
	case UUID:
		*u = v
	case nil:
		return errors.New("core: cannot scan NULL into UUID (use sql.Null[core.UUID] or *core.UUID)")
	default:
		return fmt.Errorf("core: cannot scan %T into UUID", src)
	}
	return err
}

// MarshalText implements encoding.TextMarshaler (the dashed form).
func (u UUID) MarshalText() ([]byte, error) { return []byte(u.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (u *UUID) UnmarshalText(b []byte) error {
	v, err := ParseUUID(string(b))
	if err == nil {
		*u = v
	}
	return err
}
