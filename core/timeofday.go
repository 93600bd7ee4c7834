package core

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// TimeOfDay is a wall-clock time without a date or zone, with microsecond
// precision: the Go value of a Time column. The zero value is midnight.
type TimeOfDay struct {
	micros int64 // since midnight, in [0, 24h]
}

// ErrTimeOfDaySyntax is returned (wrapped) for text that is not a time of day.
var ErrTimeOfDaySyntax = errors.New("core: invalid time of day")

const microsPerDay = 24 * 60 * 60 * 1_000_000

// NewTimeOfDay returns hour:min:sec.micro; it panics if a field is out of range.
func NewTimeOfDay(hour, min, sec, micro int) TimeOfDay {
	if hour < 0 || hour > 23 || min < 0 || min > 59 || sec < 0 || sec > 59 || micro < 0 || micro > 999_999 {
		panic(fmt.Sprintf("core: NewTimeOfDay(%d, %d, %d, %d) out of range", hour, min, sec, micro))
	}
	return TimeOfDay{micros: ((int64(hour)*60+int64(min))*60+int64(sec))*1_000_000 + int64(micro)}
}

// TimeOfDayOf returns the wall-clock time of t in its own location,
// truncated to microseconds.
func TimeOfDayOf(t time.Time) TimeOfDay {
	return NewTimeOfDay(t.Hour(), t.Minute(), t.Second(), t.Nanosecond()/1000)
}

// TimeOfDayFromDuration returns the time d after midnight; d must be in [0, 24h].
func TimeOfDayFromDuration(d time.Duration) (TimeOfDay, error) {
	if d < 0 || d > 24*time.Hour {
		return TimeOfDay{}, fmt.Errorf("%w: %v is outside [0, 24h]", ErrTimeOfDaySyntax, d)
	}
	return TimeOfDay{micros: int64(d / time.Microsecond)}, nil
}

// ParseTimeOfDay parses "HH:MM", "HH:MM:SS" or "HH:MM:SS.ffffff".
func ParseTimeOfDay(s string) (TimeOfDay, error) {
	bad := func() (TimeOfDay, error) { return TimeOfDay{}, fmt.Errorf("%w: %q", ErrTimeOfDaySyntax, s) }
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return bad()
	}
	num := func(p string, max int64) (int64, bool) {
		if len(p) != 2 {
			return 0, false
		}
		n, err := strconv.ParseInt(p, 10, 64)
		return n, err == nil && n >= 0 && n <= max
	}
	h, ok1 := num(parts[0], 24)
	m, ok2 := num(parts[1], 59)
	if !ok1 || !ok2 {
		return bad()
	}
	var sec, micro int64
	if len(parts) == 3 {
		sp, frac, hasFrac := strings.Cut(parts[2], ".")
		var ok bool
		if sec, ok = num(sp, 59); !ok {
			return bad()
		}
		if hasFrac {
			if frac == "" || len(frac) > 9 {
				return bad()
			}
			for len(frac) < 6 {
				frac += "0"
			}
			v, err := strconv.ParseInt(frac[:6], 10, 64)
			if err != nil {
				return bad()
			}
			micro = v
		}
	}
	t := TimeOfDay{micros: ((h*60+m)*60+sec)*1_000_000 + micro}
	if t.micros > microsPerDay {
		return bad()
	}
	return t, nil
}

// Hour returns the hour, 0-24 (24 only for the end-of-day value 24:00:00).
func (t TimeOfDay) Hour() int { return int(t.micros / 3_600_000_000) }

// Minute returns the minute, 0-59.
func (t TimeOfDay) Minute() int { return int(t.micros / 60_000_000 % 60) }

// Second returns the second, 0-59.
func (t TimeOfDay) Second() int { return int(t.micros / 1_000_000 % 60) }

// Microsecond returns the fraction of the second in microseconds.
func (t TimeOfDay) Microsecond() int { return int(t.micros % 1_000_000) }

// Duration returns the time since midnight.
func (t TimeOfDay) Duration() time.Duration { return time.Duration(t.micros) * time.Microsecond }

// String returns "HH:MM:SS.ffffff" with six fractional digits.
func (t TimeOfDay) String() string {
	return fmt.Sprintf("%02d:%02d:%02d.%06d", t.Hour(), t.Minute(), t.Second(), t.Microsecond())
}

// Value implements driver.Valuer: the text form.
func (t TimeOfDay) Value() (driver.Value, error) { return t.String(), nil }

// Scan implements sql.Scanner from text, bytes, a time.Time (its clock) or a
// time.Duration since midnight.
func (t *TimeOfDay) Scan(src any) error {
	var err error
	switch v := src.(type) {
	case string:
		*t, err = ParseTimeOfDay(v)
	case []byte:
		*t, err = ParseTimeOfDay(string(v))
	case time.Time:
		*t = TimeOfDayOf(v)
	case time.Duration:
		*t, err = TimeOfDayFromDuration(v)
	case TimeOfDay:
		*t = v
	case nil:
		return errors.New("core: cannot scan NULL into TimeOfDay (use sql.Null[core.TimeOfDay] or *core.TimeOfDay)")
	default:
		return fmt.Errorf("core: cannot scan %T into TimeOfDay", src)
	}
	return err
}

// MarshalText implements encoding.TextMarshaler.
func (t TimeOfDay) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (t *TimeOfDay) UnmarshalText(b []byte) error {
	v, err := ParseTimeOfDay(string(b))
	if err == nil {
		*t = v
	}
	return err
}
