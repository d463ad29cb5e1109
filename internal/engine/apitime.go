package engine

import (
	"fmt"
	"time"
)

// apiTimeLayout is how the API writes times: Beijing time, without a zone.
const apiTimeLayout = "2006-01-02 15:04:05"

// apiZone is UTC+8, Beijing time, the zone of every time the API returns. China has no daylight saving time, so a
// fixed offset is exact, and it keeps the +08:00 users see in the console.
var apiZone = time.FixedZone("UTC+8", 8*60*60)

// rfc3339Doc is what the docs say of every API time.
const rfc3339Doc = " RFC 3339 with the `+08:00` offset of Beijing time, in which the API reports it, so " +
	"`timecmp()` and `timeadd()` work on it; null when the API gives none or a zero time."

// ParseAPITime reads an API time in the API's zone. Empty and zero times ("0000-00-00 00:00:00", as a running
// task's finish time) have no value and give nil.
func ParseAPITime(s *string) (*time.Time, error) {
	if s == nil || *s == "" || *s == "0000-00-00 00:00:00" {
		return nil, nil
	}
	t, err := time.ParseInLocation(apiTimeLayout, *s, apiZone)
	if err != nil {
		return nil, fmt.Errorf("%q is not a time in the API's format %q", *s, apiTimeLayout)
	}
	return &t, nil
}

// FormatAPITime writes t as the API reads times: in its zone, without one.
func FormatAPITime(t time.Time) string { return t.In(apiZone).Format(apiTimeLayout) }
