package postgres

import "time"

// closeTimeout bounds the goodbye message on Close.
const closeTimeout = 5 * time.Second

func durationMicros(us int64) time.Duration { return time.Duration(us) * time.Microsecond }
