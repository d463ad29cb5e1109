package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
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

func TestAPICounts_FloorCountsCallsThatReturnedPages(t *testing.T) {
	// 131 calls, of which 30 refused by the quota and 1 refused probe: the 100 that returned pages need 10 s at
	// 10 req/s.
	c := apiCounts{calls: 131, refused: 30, limitTooLarge: 1, span: 12 * time.Second}
	if got := c.pageCalls(); got != 100 {
		t.Errorf("pageCalls() = %d, want 100", got)
	}
	if got := c.floor(10); got != 10*time.Second {
		t.Errorf("floor(10) = %s, want 10s", got)
	}
	if got := c.overFloor(10); got != 1.2 {
		t.Errorf("overFloor(10) = %g, want 1.2", got)
	}
	if got := c.overFloor(0); got != 0 {
		t.Errorf("overFloor() without a quota = %g, want 0", got)
	}
	r := result{trial: trial{quota: 10}, apiCounts: c}
	if got := r.spanOverFloor(); got != 1.2 {
		t.Errorf("spanOverFloor() = %g, want 1.2", got)
	}
}

func TestAPICounts_RefusedPercent(t *testing.T) {
	for _, tc := range []struct {
		calls, refused int
		want           float64
	}{
		{calls: 200, refused: 20, want: 10},
		{calls: 85, refused: 0, want: 0},
		{calls: 8, refused: 1, want: 12.5},
		{calls: 0, refused: 0, want: 0},
	} {
		if got := (apiCounts{calls: tc.calls, refused: tc.refused}).refusedPercent(); got != tc.want {
			t.Errorf("refusedPercent() of %d refused in %d calls = %g, want %g", tc.refused, tc.calls, got, tc.want)
		}
	}
}

func TestCountsOf(t *testing.T) {
	first := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	got := countsOf(mock.Stats{Calls: 101, Refused: 3, LimitTooLarge: 1, FirstCall: first, LastAnswer: first.Add(1500 * time.Millisecond)})
	if want := (apiCounts{span: 1500 * time.Millisecond, calls: 101, refused: 3, limitTooLarge: 1}); got != want {
		t.Errorf("countsOf() = %+v, want %+v", got, want)
	}
	if got := countsOf(mock.Stats{}); got != (apiCounts{}) {
		t.Errorf("countsOf() without calls = %+v, want nothing", got)
	}
}

// checkTargets asserts the verdict and a piece of the text of each target, in order: "PASS text" or "MISS text".
func checkTargets(t *testing.T, got []target, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("targets() = %+v, want %d targets", got, len(want))
	}
	for i, w := range want {
		verdict, text, _ := strings.Cut(w, " ")
		if (verdict == "PASS") != got[i].met || !strings.Contains(got[i].text, text) {
			t.Errorf("target %d = %+v, want %s with %q", i, got[i], verdict, text)
		}
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
		r: result{trial: trial{scenario: a, quota: 100}, apiCounts: apiCounts{calls: 100, span: 1100 * time.Millisecond},
			runOutcome: runOutcome{provider: usage{Launches: 3, PeakRSS: 60_000_000}}},
		want: []string{"PASS 1.10x the quota floor 1.00s", "PASS plan ok", "PASS provider peak RSS 60.0 MB"},
	}, {
		name: "a at 100 req/s, the refused probe is not part of the floor",
		r: result{trial: trial{scenario: a, quota: 100}, apiCounts: apiCounts{calls: 101, limitTooLarge: 1, span: 1100 * time.Millisecond},
			runOutcome: runOutcome{provider: usage{PeakRSS: 60_000_000}}},
		want: []string{"PASS 1.10x the quota floor 1.00s (100 calls / 100 req/s", "PASS plan ok", "PASS provider peak RSS"},
	}, {
		name: "b at 100 req/s, span missed; no RSS target for b",
		r:    result{trial: trial{scenario: b, quota: 100}, apiCounts: apiCounts{calls: 300, span: 4 * time.Second}},
		want: []string{"MISS 1.33x the quota floor 3.00s (300 calls / 100 req/s; target <= 1.3x)", "PASS plan ok"},
	}, {
		name: "b at 100 req/s, span missed with the cores busy: said to be bound by CPU",
		r: result{trial: trial{scenario: b, quota: 100}, apiCounts: apiCounts{calls: 300, span: 4 * time.Second}, cpus: 2,
			runOutcome: runOutcome{wall: 5 * time.Second, terraformCPU: 8 * time.Second, provider: usage{CPU: time.Second}}},
		want: []string{"MISS 1.33x the quota floor 3.00s (300 calls / 100 req/s; target <= 1.3x); Terraform (8.00s of CPU) and the provider (1.00s) kept 1.8 of the 2 cores busy over the plan: bound by CPU", "PASS plan ok"},
	}, {
		name: "a at 10 req/s with the default rate: no span target",
		r: result{trial: trial{scenario: a, quota: 10}, apiCounts: apiCounts{calls: 130, refused: 30, span: 11 * time.Second},
			runOutcome: runOutcome{provider: usage{PeakRSS: 200_000_000}}},
		want: []string{"PASS plan ok; rate-limit error in Terraform's output: none (requests_per_second left at the default, 30 refused",
			"MISS provider peak RSS 200.0 MB"},
	}, {
		name: "a failed plan with a rate-limit error misses everything",
		r: result{trial: trial{scenario: a, quota: 10}, apiCounts: apiCounts{calls: 50, refused: 40, span: time.Second},
			runOutcome: runOutcome{rateLimitText: true, failure: "exit status 1", provider: usage{PeakRSS: -1}}},
		want: []string{"MISS plan FAILED (exit status 1); rate-limit error in Terraform's output: YES", "MISS provider peak RSS n/a"},
	}, {
		name: "a failed plan misses the span target however short its span",
		r: result{trial: trial{scenario: b, quota: 100}, apiCounts: apiCounts{calls: 300, span: time.Second},
			runOutcome: runOutcome{failure: "exit status 1"}},
		want: []string{"MISS 0.33x", "MISS plan FAILED"},
	}} {
		t.Run(tc.name, func(t *testing.T) { checkTargets(t, tc.r.targets(), tc.want) })
	}
}

func TestTargets_PageSize(t *testing.T) {
	c := scenario{name: "c", instances: 1, backups: 10_000, maxLimits: []int64{1000, 100}, defaultRate: true}
	plan := func(quota float64, maxLimit int64, counts apiCounts, page string) result {
		return result{trial: trial{scenario: c, quota: quota, maxLimit: maxLimit}, apiCounts: counts, runOutcome: runOutcome{pageSize: page}}
	}
	for _, tc := range []struct {
		name string
		r    result
		want []string
	}{{
		name: "Limit 1000 accepted: 10 calls, no probe refused",
		r:    plan(100, 1000, apiCounts{calls: 10}, "1000"),
		want: []string{"PASS c @ 100 req/s, max Limit 1000: plan ok; rate-limit error in Terraform's output: none (requests_per_second left at the default",
			"PASS 10,000 backups in 10 calls that returned pages; refused probes: 0; page size in the state: 1000 (target: 10 calls of 1000, no refused probe)"},
	}, {
		name: "Limit 1000 accepted, but a probe refused",
		r:    plan(100, 1000, apiCounts{calls: 11, limitTooLarge: 1}, "1000"),
		want: []string{"PASS plan ok", "MISS refused probes: 1"},
	}, {
		name: "Limit 100: 100 calls, one probe refused, quota refusals apart",
		r:    plan(10, 100, apiCounts{calls: 129, refused: 28, limitTooLarge: 1}, "100"),
		want: []string{"PASS (requests_per_second left at the default, 28 refused calls absorbed)",
			"PASS c @ 10 req/s, max Limit 100: 10,000 backups in 100 calls that returned pages; refused probes: 1; page size in the state: 100 (target: 100 calls of 100, at most 1 refused probe)"},
	}, {
		name: "Limit 100, but pages of 50",
		r:    plan(10, 100, apiCounts{calls: 201, limitTooLarge: 1}, "50"),
		want: []string{"PASS plan ok", "MISS 200 calls that returned pages; refused probes: 1; page size in the state: 50"},
	}, {
		name: "a failed plan misses the page target",
		r:    result{trial: trial{scenario: c, quota: 10, maxLimit: 100}, apiCounts: apiCounts{calls: 101, limitTooLarge: 1}, runOutcome: runOutcome{failure: "exit status 1"}},
		want: []string{"MISS plan FAILED", "MISS page size in the state: -"},
	}} {
		t.Run(tc.name, func(t *testing.T) { checkTargets(t, tc.r.targets(), tc.want) })
	}
}

func TestGroupTargets(t *testing.T) {
	d := scenario{name: "d", instances: 20, backups: 300, groups: []int{1, 2, 4}, unshared: true, quota: 10}
	ok := runOutcome{wall: 30 * time.Second}
	for _, tc := range []struct {
		name string
		g    groupResult
		want []string
	}{{
		name: "4 runs, all met",
		g: groupResult{trial: trial{scenario: d, quota: 10, maxLimit: 100, runs: 4}, outcomes: []runOutcome{ok, ok, ok, ok},
			apiCounts: apiCounts{calls: 262, refused: 20, limitTooLarge: 2, span: 26 * time.Second}},
		want: []string{"PASS d 4 runs @ 10 req/s: 4 of 4 runs succeeded; rate-limit error in Terraform's output: none",
			"PASS d 4 runs @ 10 req/s: API span 26.00s is 1.08x the quota floor 24.00s (240 calls that returned pages / 10 req/s; target <= 1.15x)",
			"PASS d 4 runs @ 10 req/s: 20 of 262 calls refused by the quota, 7.6% (target < 10%)"},
	}, {
		name: "2 runs, one failed, slow, refused often",
		g: groupResult{trial: trial{scenario: d, quota: 10, maxLimit: 100, runs: 2},
			outcomes:  []runOutcome{ok, {failure: "exit status 1", rateLimitText: true}},
			apiCounts: apiCounts{calls: 180, refused: 60, span: 18 * time.Second}},
		want: []string{"MISS 1 of 2 runs succeeded; rate-limit error in Terraform's output: YES",
			"MISS API span 18.00s is 1.50x the quota floor 12.00s", "MISS 60 of 180 calls refused by the quota, 33.3%"},
	}, {
		name: "exactly 10% refused is a miss",
		g: groupResult{trial: trial{scenario: d, quota: 10, maxLimit: 100, runs: 1}, outcomes: []runOutcome{ok},
			apiCounts: apiCounts{calls: 70, refused: 7, limitTooLarge: 3, span: 6 * time.Second}},
		want: []string{"PASS d 1 run @ 10 req/s: 1 of 1 runs", "PASS 1.00x", "MISS 7 of 70 calls refused by the quota, 10.0%"},
	}, {
		name: "unshared: no targets",
		g: groupResult{trial: trial{scenario: d, quota: 10, maxLimit: 100, runs: 4, unshared: true}, outcomes: []runOutcome{ok, ok, ok, ok},
			apiCounts: apiCounts{calls: 400, refused: 160, span: 60 * time.Second}},
	}} {
		t.Run(tc.name, func(t *testing.T) { checkTargets(t, tc.g.targets(), tc.want) })
	}
}

func TestGroupResult_Summaries(t *testing.T) {
	g := groupResult{outcomes: []runOutcome{
		{wall: 12 * time.Second, provider: usage{Launches: 4, CPU: time.Second, PeakRSS: 30_000_000}},
		{wall: 14 * time.Second, failure: "exit status 1", provider: usage{Launches: 3, CPU: 2 * time.Second, PeakRSS: 40_000_000}},
	}}
	if got := g.succeeded(); got != 1 {
		t.Errorf("succeeded() = %d, want 1", got)
	}
	if got := g.longestWall(); got != 14*time.Second {
		t.Errorf("longestWall() = %s, want 14s", got)
	}
	if got, want := g.providers(), (usage{Launches: 7, CPU: 3 * time.Second, PeakRSS: 40_000_000}); got != want {
		t.Errorf("providers() = %+v, want %+v", got, want)
	}
}

func TestDistinctLabel(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{in: []string{"100", "100", "100"}, want: "100"},
		{in: []string{"100", "", "1000", "100"}, want: "100/1000"},
		{in: []string{"", ""}, want: "-"},
		{in: nil, want: "-"},
	} {
		if got := distinctLabel(tc.in); got != tc.want {
			t.Errorf("distinctLabel(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestPrintReport(t *testing.T) {
	plans := []result{{
		trial:      trial{scenario: scenario{name: "a", instances: 1, backups: 10_000}, quota: 100, maxLimit: 100},
		apiCounts:  apiCounts{calls: 101, limitTooLarge: 1, span: 950 * time.Millisecond},
		runOutcome: runOutcome{wall: 8 * time.Second, pageSize: "100", provider: usage{Launches: 3, CPU: 4 * time.Second, PeakRSS: 80_000_000}, terraformCPU: 9 * time.Second},
		cpus:       2,
	}, {
		trial:      trial{scenario: scenario{name: "b", instances: 100, backups: 300}, quota: 10, maxLimit: 100},
		apiCounts:  apiCounts{calls: 331, refused: 31, span: 31 * time.Second},
		runOutcome: runOutcome{wall: 33 * time.Second, failure: "exit status 1", provider: usage{PeakRSS: -1}},
	}}
	d := scenario{name: "d", instances: 20, backups: 300, groups: []int{1, 2, 4}, unshared: true, quota: 10}
	groups := []groupResult{{
		trial:     trial{scenario: d, quota: 10, maxLimit: 100, runs: 2},
		apiCounts: apiCounts{calls: 130, refused: 8, limitTooLarge: 2, span: 13 * time.Second},
		outcomes: []runOutcome{{wall: 14 * time.Second, pageSize: "100", provider: usage{Launches: 4, CPU: time.Second}},
			{wall: 15 * time.Second, pageSize: "100", provider: usage{Launches: 4, CPU: time.Second}}},
	}, {
		trial:     trial{scenario: d, quota: 10, maxLimit: 100, runs: 2, unshared: true},
		apiCounts: apiCounts{calls: 150, refused: 30, span: 16 * time.Second},
		outcomes:  []runOutcome{{wall: 17 * time.Second, pageSize: "100"}, {wall: 16 * time.Second, failure: "exit status 1"}},
	}}
	var out bytes.Buffer
	printReport(&out, []string{"CLI: Terraform v1.11.4"}, plans, groups)
	// Each row, its cells joined by single spaces.
	rows := map[string]bool{}
	for _, line := range strings.Split(out.String(), "\n") {
		rows[strings.Join(strings.Fields(line), " ")] = true
	}
	for _, want := range []string{
		"a 1x10,000 100 req/s 100 100 100 8.00s 0.95s 1.00s 0.95x - 101 0 1 3 4.00s 80.0 MB 9.00s 1.6/2 ok",
		"b 100x300 10 req/s default 100 - 33.00s 31.00s 30.00s 1.03x 29.00s 331 31 0 0 - n/a - - FAILED",
		"d 2x20x300 10 req/s shared 100 100 15.00s 13.00s 12.00s 1.08x 130 8 6.2% 2 8 2.00s ok,ok",
		"d 2x20x300 10 req/s unshared 100 100 17.00s 16.00s 12.00s 1.33x 150 30 20.0% 0 0 - ok,FAILED",
	} {
		if !rows[want] {
			t.Errorf("the report lacks the row %q:\n%s", want, out.String())
		}
	}
	for _, want := range []string{
		"CLI: Terraform v1.11.4",
		"  PASS  a @ 100 req/s: API span 0.95s is 0.95x the quota floor 1.00s (100 calls / 100 req/s; target <= 1.3x)\n",
		"  MISS  b @ 10 req/s: plan FAILED (exit status 1)",
		"  PASS  d 2 runs @ 10 req/s: API span 13.00s is 1.08x the quota floor 12.00s",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "unshared: ") {
		t.Errorf("the unshared group has targets:\n%s", out.String())
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
