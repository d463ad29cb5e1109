package engine

import (
	"testing"
	"time"
)

// TestDisagreements: spans one side covers and the other does not, longer than the tolerance (one second under is
// dropped, one over kept, exactly the tolerance dropped), clipped to the bounds given, oldest first.
func TestDisagreements(t *testing.T) {
	at := func(hms string) time.Time {
		v, err := time.ParseInLocation("15:04:05", hms, apiZone)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	s := func(a, b string) Span { return Span{at(a), at(b)} }
	api := []Span{s("00:00:00", "01:55:01"), s("03:00:00", "04:55:00"), s("05:00:00", "06:00:00")}
	windows := []Span{s("00:00:00", "02:00:00"), s("03:00:00", "05:00:00"), s("05:00:03", "06:00:00")}
	for name, tc := range map[string]struct {
		tolerance time.Duration
		from, to  time.Time
		want      []Claim
	}{
		"5m: 4m59s dropped, exactly 5m dropped": {5 * time.Minute, time.Time{}, time.Time{}, []Claim{}},
		"4m58s: 4m59s and 5m kept": {4*time.Minute + 58*time.Second, time.Time{}, time.Time{},
			[]Claim{{s("01:55:01", "02:00:00"), "b"}, {s("04:55:00", "05:00:00"), "b"}}},
		"2s: the API's 3s too": {2 * time.Second, time.Time{}, time.Time{},
			[]Claim{{s("01:55:01", "02:00:00"), "b"}, {s("04:55:00", "05:00:00"), "b"}, {s("05:00:00", "05:00:03"), "a"}}},
		"clipped": {2 * time.Second, at("04:56:00"), at("05:30:00"),
			[]Claim{{s("04:56:00", "05:00:00"), "b"}, {s("05:00:00", "05:00:03"), "a"}}},
	} {
		got := Disagreements(api, windows, "a", "b", tc.tolerance, tc.from, tc.to)
		if len(got) != len(tc.want) {
			t.Errorf("%s: got %v, want %v", name, got, tc.want)
			continue
		}
		for i := range got {
			if !got[i].Start.Equal(tc.want[i].Start) || !got[i].Finish.Equal(tc.want[i].Finish) || got[i].By != tc.want[i].By {
				t.Errorf("%s: [%d] = %v, want %v", name, i, got[i], tc.want[i])
			}
		}
	}
	// A span covered by several spans of the other side, with a hole between them.
	got := Disagreements([]Span{s("01:00:00", "04:00:00")}, []Span{s("00:00:00", "02:00:00"), s("03:00:00", "05:00:00")}, "a", "b", 0, time.Time{}, time.Time{})
	if len(got) != 3 || got[0].By != "b" || !got[1].Start.Equal(at("02:00:00")) || !got[1].Finish.Equal(at("03:00:00")) || got[1].By != "a" {
		t.Errorf("hole: %v", got)
	}
}
