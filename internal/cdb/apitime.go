package cdb

import (
	"fmt"
	"time"
)

// apiTimeLayout is how the API writes times: Beijing time, without a zone.
const apiTimeLayout = "2006-01-02 15:04:05"

// beijing is UTC+8, the zone of every time the CDB API returns. China has no daylight saving time, so a fixed
// offset is exact, and it keeps the +08:00 users see in the console.
var beijing = time.FixedZone("UTC+8", 8*60*60)

// parseAPITime reads an API time in Beijing time. Empty and zero times ("0000-00-00 00:00:00", as a running
// backup's finish time) have no value and give nil.
func parseAPITime(s *string) (*time.Time, error) {
	if s == nil || *s == "" || *s == "0000-00-00 00:00:00" {
		return nil, nil
	}
	t, err := time.ParseInLocation(apiTimeLayout, *s, beijing)
	if err != nil {
		return nil, fmt.Errorf("%q is not a time in the API's format %q", *s, apiTimeLayout)
	}
	return &t, nil
}
