package main

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// The targets.
const (
	// maxSpanOverFloor bounds the API span of a plan at a quota the provider is configured for, as a multiple of
	// the quota floor.
	maxSpanOverFloor = 1.3
	// maxProviderRSS bounds the provider's peak RSS while it reads scenario a's backups, in bytes (150 MB).
	maxProviderRSS = 150_000_000
	// maxGroupSpanOverFloor bounds the API span of a group of runs sharing one budget, as a multiple of the floor.
	maxGroupSpanOverFloor = 1.15
	// maxRefusedPercent bounds the share of a group's calls the quota refuses, in percent (exclusive).
	maxRefusedPercent = 10
)

// apiCounts is what the mock saw during a trial.
type apiCounts struct {
	span          time.Duration // the mock's first call to its last answer
	calls         int           // calls the mock received
	refused       int           // of which refused by the quota
	limitTooLarge int           // of which refused for a Limit above the mock's largest: refused page-size probes
}

// countsOf takes the counts of a trial from the mock's stats.
func countsOf(st mock.Stats) apiCounts {
	c := apiCounts{calls: st.Calls, refused: st.Refused, limitTooLarge: st.LimitTooLarge}
	if st.Calls > 0 {
		c.span = st.LastAnswer.Sub(st.FirstCall)
	}
	return c
}

// pageCalls are the calls that returned a page: those the quota admitted (a refused call takes no token), less
// the refused probes, which take a token but list nothing. The fewest calls that list every backup, when the
// provider wastes none.
func (c apiCounts) pageCalls() int { return c.calls - c.refused - c.limitTooLarge }

// floor is the least time the calls that returned pages take at the quota: the quota floor.
func (c apiCounts) floor(quota float64) time.Duration { return quotaFloor(c.pageCalls(), quota) }

// overFloor is the API span as a multiple of the floor, or 0 when there is no floor.
func (c apiCounts) overFloor(quota float64) float64 {
	floor := c.floor(quota)
	if floor <= 0 {
		return 0
	}
	return c.span.Seconds() / floor.Seconds()
}

// refusedPercent is the share of calls the quota refused, in percent; 0 without calls.
func (c apiCounts) refusedPercent() float64 {
	if c.calls <= 0 {
		return 0
	}
	return 100 * float64(c.refused) / float64(c.calls)
}

// quotaFloor is the least time n calls take at quota calls per second, as the issue states its target: n/quota.
// It is 0 without a quota.
func quotaFloor(n int, quota float64) time.Duration {
	if quota <= 0 || n <= 0 {
		return 0
	}
	return time.Duration(float64(n) / quota * float64(time.Second))
}

// burstFloor is the exact least time of n calls through the mock's bucket, which starts full with max(1, quota)
// tokens: that many calls may go at once, the rest at the quota, so max(0, n - burst)/quota.
func burstFloor(n int, quota float64) time.Duration {
	if quota <= 0 {
		return 0
	}
	return quotaFloor(n-int(max(1, quota)), quota)
}

// runOutcome is how one terraform run (plan or apply) went.
type runOutcome struct {
	wall          time.Duration // start to exit
	provider      usage         // every provider launch of the run
	terraformCPU  time.Duration // the terraform process itself
	rateLimitText bool          // a rate-limit error code appeared in Terraform's output
	pageSize      string        // the page size the state shows ("100"; "100,1000" when instances differ), "" for none
	failure       string        // why the run failed; "" when it succeeded
}

// ok reports whether the run succeeded and counted every backup.
func (o runOutcome) ok() bool { return o.failure == "" }

// status is "ok" or "FAILED (why)".
func (o runOutcome) status() string {
	if o.ok() {
		return "ok"
	}
	return "FAILED (" + o.failure + ")"
}

// result is what one plan measured.
type result struct {
	trial
	apiCounts
	runOutcome
	cpus    int                         // logical CPUs of the machine
	actions map[string]mock.ActionStats // calls and refusals per action, as the mock counted them
}

// spanOverFloor is the API span as a multiple of the quota floor, or 0 when there is no floor.
func (r result) spanOverFloor() float64 { return r.overFloor(r.quota) }

// busyCores is the CPU time of Terraform and the provider over the plan's wall time: how many cores they kept
// busy on average. 0 when unmeasured.
func (r result) busyCores() float64 {
	if r.wall <= 0 {
		return 0
	}
	return (r.terraformCPU + r.provider.CPU).Seconds() / r.wall.Seconds()
}

// cpuBound reports whether Terraform and the provider kept at least 80% of the machine's cores busy.
func (r result) cpuBound() bool {
	return r.cpus > 0 && r.busyCores() >= 0.8*float64(r.cpus)
}

// groupResult is what a group of terraform apply runs started together measured.
type groupResult struct {
	trial
	apiCounts
	outcomes []runOutcome // one per run, in the order they were started
}

// succeeded is the number of runs that succeeded.
func (g groupResult) succeeded() int {
	n := 0
	for _, o := range g.outcomes {
		if o.ok() {
			n++
		}
	}
	return n
}

// longestWall is the wall time of the slowest run.
func (g groupResult) longestWall() time.Duration {
	var longest time.Duration
	for _, o := range g.outcomes {
		longest = max(longest, o.wall)
	}
	return longest
}

// providers adds up the provider launches of every run.
func (g groupResult) providers() usage {
	u := usage{PeakRSS: -1}
	for _, o := range g.outcomes {
		u.Launches += o.provider.Launches
		u.CPU += o.provider.CPU
		u.WrapperCPU += o.provider.WrapperCPU
		u.PeakRSS = max(u.PeakRSS, o.provider.PeakRSS)
	}
	return u
}

// target is one of the targets, checked against one trial.
type target struct {
	met  bool
	text string
}

// targets are the targets that apply to a plan:
//   - the API span within maxSpanOverFloor of the quota floor, where the provider is configured for the quota;
//   - the plan succeeds with no rate-limit error in Terraform's output, at every quota (the issue asks it at
//     10 req/s, where the provider's default of 100 has to find the lower quota by itself);
//   - where the scenario sets the mock's largest Limit (c), every backup listed in the fewest calls, at the
//     largest page the mock accepts, with no refused probe where it accepts the provider's first Limit (1000)
//     and at most one where it does not;
//   - the provider's peak RSS under maxProviderRSS for scenario a.
func (r result) targets() []target {
	run := r.label()
	var out []target
	if r.quota > 0 && r.rate() == r.quota {
		ratio := r.spanOverFloor()
		t := target{
			met: r.ok() && ratio > 0 && ratio <= maxSpanOverFloor,
			text: fmt.Sprintf("%s: API span %s is %.2fx the quota floor %s (%d calls / %s; target <= %.1fx)",
				run, seconds(r.span), ratio, seconds(r.floor(r.quota)), r.pageCalls(), quotaLabel(r.quota), maxSpanOverFloor),
		}
		if !t.met && r.cpuBound() {
			t.text += fmt.Sprintf("; Terraform (%s of CPU) and the provider (%s) kept %.1f of the %d cores busy over the plan: bound by CPU, not by the quota",
				seconds(r.terraformCPU), seconds(r.provider.CPU), r.busyCores(), r.cpus)
		}
		out = append(out, t)
	}
	text := fmt.Sprintf("%s: plan %s; rate-limit error in Terraform's output: %s", run, r.status(), yesNo(r.rateLimitText))
	if r.rate() != r.quota {
		text += fmt.Sprintf(" (requests_per_second left at the default, %d refused calls absorbed)", r.refused)
	}
	out = append(out, target{met: r.ok() && !r.rateLimitText, text: text})
	if r.scenario.comparesLimits() {
		out = append(out, r.pageTarget())
	}
	if r.scenario.name == "a" {
		out = append(out, target{
			met: r.provider.PeakRSS >= 0 && r.provider.PeakRSS < maxProviderRSS,
			text: fmt.Sprintf("%s: provider peak RSS %s with %s backups (target < %s)",
				run, megabytes(r.provider.PeakRSS), thousands(r.scenario.totalBackups()), megabytes(maxProviderRSS)),
		})
	}
	return out
}

// pageTarget checks the page size the provider found against the mock's largest Limit: every backup in the fewest
// calls, and no more refused probes than finding the page size needs.
func (r result) pageTarget() target {
	page := min(r.maxLimit, tencentcloud.LargestPageSize)
	wantCalls := pagesToList(r.scenario.instances, r.scenario.backups, page)
	wantProbes, probes := 0, "no refused probe"
	if r.maxLimit < tencentcloud.LargestPageSize {
		wantProbes, probes = 1, "at most 1 refused probe"
	}
	return target{
		met: r.ok() && r.pageCalls() == wantCalls && r.limitTooLarge <= wantProbes,
		text: fmt.Sprintf("%s: %s backups in %d calls that returned pages; refused probes: %d; page size in the state: %s (target: %d calls of %d, %s)",
			r.label(), thousands(r.scenario.totalBackups()), r.pageCalls(), r.limitTooLarge, orDash(r.pageSize), wantCalls, page, probes),
	}
}

// targets are the targets for a group of runs sharing one budget; an unshared group, there for
// comparison, has none:
//   - every run succeeds, with no rate-limit error in Terraform's output;
//   - the API span within maxGroupSpanOverFloor of the quota floor of the calls that returned pages;
//   - under maxRefusedPercent of the calls refused by the quota.
func (g groupResult) targets() []target {
	if g.unshared {
		return nil
	}
	run := g.label()
	rateLimitText := false
	for _, o := range g.outcomes {
		rateLimitText = rateLimitText || o.rateLimitText
	}
	ratio := g.overFloor(g.quota)
	return []target{{
		met: g.succeeded() == len(g.outcomes) && !rateLimitText,
		text: fmt.Sprintf("%s: %d of %d runs succeeded; rate-limit error in Terraform's output: %s",
			run, g.succeeded(), len(g.outcomes), yesNo(rateLimitText)),
	}, {
		met: g.succeeded() == len(g.outcomes) && ratio > 0 && ratio <= maxGroupSpanOverFloor,
		text: fmt.Sprintf("%s: API span %s is %.2fx the quota floor %s (%d calls that returned pages / %s; target <= %.2fx)",
			run, seconds(g.span), ratio, seconds(g.floor(g.quota)), g.pageCalls(), quotaLabel(g.quota), maxGroupSpanOverFloor),
	}, {
		met: g.calls > 0 && g.refusedPercent() < maxRefusedPercent,
		text: fmt.Sprintf("%s: %d of %d calls refused by the quota, %.1f%% (target < %d%%)",
			run, g.refused, g.calls, g.refusedPercent(), maxRefusedPercent),
	}}
}

// printReport prints the header lines, a table of the plans and one of the groups of runs, each with how its
// columns are measured, then the targets.
func printReport(w io.Writer, header []string, plans []result, groups []groupResult) {
	for _, line := range header {
		fmt.Fprintln(w, line)
	}
	var fleets, others []result
	for _, r := range plans {
		if r.scenario.fleet {
			fleets = append(fleets, r)
		} else {
			others = append(others, r)
		}
	}
	if len(others) > 0 {
		fmt.Fprintln(w)
		printPlans(w, others)
	}
	if len(groups) > 0 {
		fmt.Fprintln(w)
		printGroups(w, groups)
	}
	if len(fleets) > 0 {
		fmt.Fprintln(w)
		printFleet(w, fleets)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Targets:")
	var all []target
	for _, r := range others {
		all = append(all, r.targets()...)
	}
	for _, g := range groups {
		all = append(all, g.targets()...)
	}
	for _, r := range fleets {
		all = append(all, r.fleetTargets()...)
	}
	for _, t := range all {
		verdict := "MISS"
		if t.met {
			verdict = "PASS"
		}
		fmt.Fprintf(w, "  %s  %s\n", verdict, t.text)
	}
}

// printPlans prints a row per plan, then how the columns are measured.
func printPlans(w io.Writer, plans []result) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario (instances x backups)\tquota\trps\tmax Limit\tpage\twall\tAPI span\tfloor\tspan/floor\tfloor-burst\tcalls\trefused\tprobes refused\tprov launches\tprov CPU\tprov RSS\ttf CPU\tcores busy\tplan\t")
	for _, r := range plans {
		busy := "-"
		if r.cpus > 0 && r.wall > 0 {
			busy = fmt.Sprintf("%.1f/%d", r.busyCores(), r.cpus)
		}
		fmt.Fprintf(tw, "%s %dx%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t\n",
			r.scenario.name, r.scenario.instances, thousands(r.scenario.backups), quotaLabel(r.quota), rateLabel(r.rate()),
			r.maxLimit, orDash(r.pageSize), seconds(r.wall), seconds(r.span), seconds(r.floor(r.quota)), ratioLabel(r.spanOverFloor()),
			seconds(burstFloor(r.pageCalls(), r.quota)), r.calls, r.refused, r.limitTooLarge, r.provider.Launches,
			seconds(r.provider.CPU), megabytes(r.provider.PeakRSS), seconds(r.terraformCPU), busy, planLabel(r.ok()))
	}
	tw.Flush()
	fmt.Fprintln(w, strings.TrimLeft(`
quota: the mock's limit per SecretId; rps: the provider's requests_per_second. max Limit: the largest page the mock
accepts; page: the page size in the state. wall: terraform plan, start to exit. API span: the mock's first call to
its last answer. floor: calls that returned pages / quota, the issue's quota floor (calls - refused - probes
refused: refused calls take no token, and a refused probe lists nothing); floor-burst: (those calls - burst) /
quota, the exact floor of the mock's bucket, which starts full with burst = max(1, quota) tokens. probes refused:
calls refused for a Limit above the mock's largest (the provider asks for 1000 once per process, then 100).
prov: every launch of the provider during the plan (CPU summed, RSS the largest); tf CPU: the terraform process
alone. cores busy: tf and prov CPU over the wall time, against the machine's logical CPUs. MB: 10^6 bytes.`, "\n"))
}

// printGroups prints a row per group of runs, then how the columns are measured.
func printGroups(w io.Writer, groups []groupResult) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario (runs x instances x backups)\tquota\tbudget\tmax Limit\tpage\tlongest wall\tAPI span\tfloor\tspan/floor\tcalls\trefused\trefused %\tprobes refused\tprov launches\tprov CPU\truns\t")
	for _, g := range groups {
		budget, pages, runs := "shared", make([]string, len(g.outcomes)), make([]string, len(g.outcomes))
		if g.unshared {
			budget = "unshared"
		}
		for i, o := range g.outcomes {
			pages[i], runs[i] = o.pageSize, planLabel(o.ok())
		}
		fmt.Fprintf(tw, "%s %dx%dx%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%.1f%%\t%d\t%d\t%s\t%s\t\n",
			g.scenario.name, g.runs, g.scenario.instances, thousands(g.scenario.backups), quotaLabel(g.quota), budget,
			g.maxLimit, distinctLabel(pages), seconds(g.longestWall()), seconds(g.span), seconds(g.floor(g.quota)),
			ratioLabel(g.overFloor(g.quota)), g.calls, g.refused, g.refusedPercent(), g.limitTooLarge,
			g.providers().Launches, seconds(g.providers().CPU), strings.Join(runs, ","))
	}
	tw.Flush()
	fmt.Fprintln(w, strings.TrimLeft(`
runs: terraform apply runs started together, each in its own folder, all with one SecretId against one quota of
the mock; budget: shared, one quota cache folder for the group (shared_quota's default), or unshared, each run's
provider keeping its own (TENCENTCLOUD_SHARED_QUOTA=false). page: the page size in the runs' states. longest
wall: the slowest run, start to exit. API span: the mock's first call to its last answer over the group. floor:
calls that returned pages (runs x instances x pages per instance, when none is wasted) / quota. refused %: calls
refused by the quota over all calls. prov: every launch of the provider in every run, CPU summed.`, "\n"))
}

// quotaLabel is "100 req/s", or "no quota" for 0.
func quotaLabel(q float64) string {
	if q <= 0 {
		return "no quota"
	}
	return strconv.FormatFloat(q, 'f', -1, 64) + " req/s"
}

// rateLabel is a requests_per_second, or "default" for 0.
func rateLabel(rate float64) string {
	if rate <= 0 {
		return "default"
	}
	return strconv.FormatFloat(rate, 'f', -1, 64)
}

// ratioLabel formats a span over its floor, "-" for none.
func ratioLabel(x float64) string {
	if x <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.2fx", x)
}

// planLabel is "ok" or "FAILED", for a table.
func planLabel(ok bool) string {
	if ok {
		return "ok"
	}
	return "FAILED"
}

// distinctLabel joins the distinct non-empty values, in their first order, with "/"; "-" for none.
func distinctLabel(values []string) string {
	var out []string
	for _, v := range values {
		if v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return orDash(strings.Join(out, "/"))
}

// orDash is s, or "-" when it is empty.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// seconds formats a duration in seconds with two decimals, "-" for none.
func seconds(d time.Duration) string {
	if d <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.2fs", d.Seconds())
}

// megabytes formats a size in bytes as MB (10^6 bytes), "n/a" when unknown.
func megabytes(b int64) string {
	if b < 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.1f MB", float64(b)/1e6)
}

func yesNo(b bool) string {
	if b {
		return "YES"
	}
	return "none"
}
