package engine

import (
	"fmt"
	"strconv"
	"strings"
)

// Settings the API writes as strings that Terraform shows typed: switches ("on"/"off") and daily time ranges
// ("02:00-06:00").

// parseOnOff reads an API switch: "on" is true, "off" false (in any case, as the API's docs vary), nil or empty
// is null; anything else is an error, not a guess.
func parseOnOff(s *string) (*bool, error) {
	if s == nil || *s == "" {
		return nil, nil
	}
	var b bool
	switch strings.ToLower(*s) {
	case "on":
		b = true
	case "off":
	default:
		return nil, fmt.Errorf("%q is neither \"on\" nor \"off\"", *s)
	}
	return &b, nil
}

// ClockRange is a daily time range, as "HH:MM" in the API's zone. End may be before Start: the range then runs
// past midnight.
type ClockRange struct{ Start, End string }

// parseClockRange reads a daily time range "02:00-06:00"; nil or empty is null.
func parseClockRange(s *string) (*ClockRange, error) {
	if s == nil || *s == "" {
		return nil, nil
	}
	start, end, ok := strings.Cut(*s, "-")
	if !ok || !isClockTime(start) || !isClockTime(end) {
		return nil, fmt.Errorf("%q is not a daily time range such as \"02:00-06:00\"", *s)
	}
	return &ClockRange{Start: start, End: end}, nil
}

// isClockTime reports whether s is a time of day "HH:MM", 00:00 to 23:59, or 24:00 (the end of the day).
func isClockTime(s string) bool {
	h, mm, ok := strings.Cut(s, ":")
	if !ok || len(h) != 2 || len(mm) != 2 || strings.Trim(h+mm, "0123456789") != "" {
		return false
	}
	hours, err1 := strconv.Atoi(h)
	minutes, err2 := strconv.Atoi(mm)
	if err1 != nil || err2 != nil || hours < 0 || minutes < 0 || minutes > 59 {
		return false
	}
	return hours < 24 || (hours == 24 && minutes == 0)
}
