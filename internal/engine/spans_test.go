package engine

import (
	"fmt"
	"testing"
	"time"
)

// spansOf reads "start..finish" pairs in the API's format.
func spansOf(t *testing.T, pairs ...[2]string) []Span {
	t.Helper()
	var out []Span
	for _, p := range pairs {
		s, err1 := ParseAPITime(&p[0])
		f, err2 := ParseAPITime(&p[1])
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		out = append(out, Span{*s, *f})
	}
	return out
}

// render renders spans as "[start..finish]" in the API's own format, so expectations read like the inputs.
func render(ss []Span) string {
	out := ""
	for _, s := range ss {
		out += fmt.Sprintf("[%s..%s]", FormatAPITime(s.Start), FormatAPITime(s.Finish))
	}
	return out
}

func TestChain(t *testing.T) {
	for _, tc := range []struct {
		name         string
		covered      [][2]string
		chained, gap string
	}{
		{"none", nil, "", ""},
		{"one", [][2]string{{"2025-06-01 00:00:00", "2025-06-01 01:00:00"}}, "[2025-06-01 00:00:00..2025-06-01 01:00:00]", ""},
		{"touching, out of order", [][2]string{{"2025-06-01 01:00:00", "2025-06-01 02:00:00"}, {"2025-06-01 00:00:00", "2025-06-01 01:00:00"}},
			"[2025-06-01 00:00:00..2025-06-01 02:00:00]", ""},
		{"within the tolerance", [][2]string{{"2025-06-01 00:00:00", "2025-06-01 01:00:00"}, {"2025-06-01 01:00:01", "2025-06-01 02:00:00"}},
			"[2025-06-01 00:00:00..2025-06-01 02:00:00]", ""},
		{"past the tolerance", [][2]string{{"2025-06-01 00:00:00", "2025-06-01 01:00:00"}, {"2025-06-01 01:00:02", "2025-06-01 02:00:00"}},
			"[2025-06-01 00:00:00..2025-06-01 01:00:00][2025-06-01 01:00:02..2025-06-01 02:00:00]", "[2025-06-01 01:00:00..2025-06-01 01:00:02]"},
		{"one inside another", [][2]string{{"2025-06-01 00:00:00", "2025-06-01 03:00:00"}, {"2025-06-01 01:00:00", "2025-06-01 02:00:00"}},
			"[2025-06-01 00:00:00..2025-06-01 03:00:00]", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			covered := spansOf(t, tc.covered...)
			chained, gaps := Chain(covered, time.Second)
			if chained == nil || gaps == nil {
				t.Fatal("nil spans; none must be an empty list")
			}
			if got := render(chained); got != tc.chained {
				t.Errorf("chained %s\n        want %s", got, tc.chained)
			}
			if got := render(gaps); got != tc.gap {
				t.Errorf("gaps %s\n     want %s", got, tc.gap)
			}
			if got := render(covered); got != render(spansOf(t, tc.covered...)) {
				t.Errorf("Chain changed its argument to %s", got)
			}
		})
	}
}
