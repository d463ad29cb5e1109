package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestQuotaFloor(t *testing.T) {
	for _, tc := range []struct {
		calls        int
		quota        float64
		floor, exact time.Duration
	}{
		{calls: 100, quota: 100, floor: time.Second, exact: 0},                   // scenario a: the whole bucket at once
		{calls: 300, quota: 100, floor: 3 * time.Second, exact: 2 * time.Second}, // scenario b
		{calls: 100, quota: 10, floor: 10 * time.Second, exact: 9 * time.Second},
		{calls: 5, quota: 10, floor: 500 * time.Millisecond, exact: 0},         // fewer calls than the burst
		{calls: 3, quota: 0.5, floor: 6 * time.Second, exact: 4 * time.Second}, // the bucket holds at least 1 token
		{calls: 100, quota: 0, floor: 0, exact: 0},                             // no quota, no floor
		{calls: 0, quota: 100, floor: 0, exact: 0},
	} {
		if got := quotaFloor(tc.calls, tc.quota); got != tc.floor {
			t.Errorf("quotaFloor(%d, %g) = %s, want %s", tc.calls, tc.quota, got, tc.floor)
		}
		if got := burstFloor(tc.calls, tc.quota); got != tc.exact {
			t.Errorf("burstFloor(%d, %g) = %s, want %s", tc.calls, tc.quota, got, tc.exact)
		}
	}
}

func TestSpanOverFloor_CountsAdmittedCallsOnly(t *testing.T) {
	// 130 calls of which 30 refused: the 100 admitted ones need 10 s at 10 req/s.
	r := result{quota: 10, calls: 130, refused: 30, span: 12 * time.Second}
	if got := r.spanOverFloor(); got != 1.2 {
		t.Errorf("spanOverFloor() = %g, want 1.2", got)
	}
	if got := (result{calls: 100, span: time.Second}).spanOverFloor(); got != 0 {
		t.Errorf("spanOverFloor() without a quota = %g, want 0", got)
	}
}

func TestTargets(t *testing.T) {
	a := scenario{name: "a", instances: 1, backups: 10_000}
	b := scenario{name: "b", instances: 100, backups: 300}
	for _, tc := range []struct {
		name string
		r    result
		want []string // the verdict and a piece of the text of each target, in order
	}{{
		name: "a at 100 req/s, all met",
		r: result{scenario: a, quota: 100, rate: 100, calls: 100, span: 1100 * time.Millisecond,
			provider: usage{Launches: 3, PeakRSS: 60_000_000}},
		want: []string{"PASS 1.10x the quota floor 1.00s", "PASS plan ok", "PASS provider peak RSS 60.0 MB"},
	}, {
		name: "b at 100 req/s, span missed; no RSS target for b",
		r:    result{scenario: b, quota: 100, rate: 100, calls: 300, span: 4 * time.Second},
		want: []string{"MISS 1.33x the quota floor 3.00s (300 calls / 100 req/s; target <= 1.3x)", "PASS plan ok"},
	}, {
		name: "b at 100 req/s, span missed with the cores busy: said to be bound by CPU",
		r: result{scenario: b, quota: 100, rate: 100, calls: 300, span: 4 * time.Second, wall: 5 * time.Second, cpus: 2,
			terraformCPU: 8 * time.Second, provider: usage{CPU: time.Second}},
		want: []string{"MISS 1.33x the quota floor 3.00s (300 calls / 100 req/s; target <= 1.3x); Terraform (8.00s of CPU) and the provider (1.00s) kept 1.8 of the 2 cores busy over the plan: bound by CPU", "PASS plan ok"},
	}, {
		name: "a at 10 req/s with the default rate: no span target",
		r: result{scenario: a, quota: 10, rate: 0, calls: 130, refused: 30, span: 11 * time.Second,
			provider: usage{PeakRSS: 200_000_000}},
		want: []string{"PASS plan ok; rate-limit error in Terraform's output: none (requests_per_second left at the default, 30 refused",
			"MISS provider peak RSS 200.0 MB"},
	}, {
		name: "a failed plan with a rate-limit error misses everything",
		r: result{scenario: a, quota: 10, calls: 50, refused: 40, span: time.Second, rateLimitText: true,
			failure: "exit status 1", provider: usage{PeakRSS: -1}},
		want: []string{"MISS plan FAILED (exit status 1); rate-limit error in Terraform's output: YES", "MISS provider peak RSS n/a"},
	}, {
		name: "a failed plan misses the span target however short its span",
		r:    result{scenario: b, quota: 100, rate: 100, calls: 300, span: time.Second, failure: "exit status 1"},
		want: []string{"MISS 0.33x", "MISS plan FAILED"},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.r.targets()
			if len(got) != len(tc.want) {
				t.Fatalf("targets() = %+v, want %d targets", got, len(tc.want))
			}
			for i, want := range tc.want {
				verdict, text, _ := strings.Cut(want, " ")
				if (verdict == "PASS") != got[i].met || !strings.Contains(got[i].text, text) {
					t.Errorf("target %d = %+v, want %s with %q", i, got[i], verdict, text)
				}
			}
		})
	}
}

func TestPrintReport(t *testing.T) {
	results := []result{
		{scenario: scenario{name: "a", instances: 1, backups: 10_000}, quota: 100, rate: 100, wall: 8 * time.Second,
			calls: 100, span: 950 * time.Millisecond, provider: usage{Launches: 3, CPU: 4 * time.Second, PeakRSS: 80_000_000},
			terraformCPU: 9 * time.Second, cpus: 2},
		{scenario: scenario{name: "b", instances: 100, backups: 300}, quota: 10, wall: 33 * time.Second,
			calls: 331, refused: 31, span: 31 * time.Second, failure: "exit status 1", provider: usage{PeakRSS: -1}},
	}
	var out bytes.Buffer
	printReport(&out, []string{"CLI: Terraform v1.11.4"}, results)
	rows := map[string][]string{}
	for _, line := range strings.Split(out.String(), "\n") {
		if fields := strings.Fields(line); len(fields) > 1 {
			rows[fields[0]+" "+fields[1]] = fields
		}
	}
	for key, want := range map[string]string{
		"a 1x10,000": "a 1x10,000 100 req/s 100 8.00s 0.95s 1.00s 0.95x - 100 0 3 4.00s 80.0 MB 9.00s 1.6/2 ok",
		"b 100x300":  "b 100x300 10 req/s default 33.00s 31.00s 30.00s 1.03x 29.00s 331 31 0 - n/a - - FAILED",
	} {
		if got := strings.Join(rows[key], " "); got != want {
			t.Errorf("row %s:\n got %s\nwant %s", key, got, want)
		}
	}
	for _, want := range []string{
		"CLI: Terraform v1.11.4",
		"  PASS  a @ 100 req/s: API span 0.95s is 0.95x the quota floor 1.00s (100 calls / 100 req/s; target <= 1.3x)\n",
		"  MISS  b @ 10 req/s: plan FAILED (exit status 1)",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestSummarize(t *testing.T) {
	got := summarize([]launch{
		{CPU: 30 * time.Millisecond, PeakRSS: 20_000_000, WrapperCPU: time.Millisecond},
		{CPU: 500 * time.Millisecond, PeakRSS: 90_000_000, WrapperCPU: 2 * time.Millisecond},
		{CPU: 40 * time.Millisecond, PeakRSS: 21_000_000, WrapperCPU: time.Millisecond},
	})
	want := usage{Launches: 3, CPU: 570 * time.Millisecond, PeakRSS: 90_000_000, WrapperCPU: 4 * time.Millisecond}
	if got != want {
		t.Errorf("summarize() = %+v, want %+v", got, want)
	}
	if got := summarize(nil); got != (usage{PeakRSS: -1}) {
		t.Errorf("summarize(nil) = %+v, want no launch and an unknown RSS", got)
	}
	if got := summarize([]launch{{CPU: time.Second, PeakRSS: -1}}); got.PeakRSS != -1 {
		t.Errorf("summarize() of a launch of unknown RSS has PeakRSS %d, want -1", got.PeakRSS)
	}
}

func TestTerraformCPU_LeavesOutItsChildren(t *testing.T) {
	provider := usage{CPU: 4 * time.Second, WrapperCPU: 100 * time.Millisecond}
	if got := terraformCPU(10*time.Second, provider); got != 5900*time.Millisecond {
		t.Errorf("terraformCPU() = %s, want 5.9s", got)
	}
	if got := terraformCPU(time.Second, provider); got != 0 {
		t.Errorf("terraformCPU() below its children's = %s, want 0", got)
	}
}
