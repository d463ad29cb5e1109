package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// options is the parsed command line.
type options struct {
	scenarios []scenario
	quotas    []float64
	latency   time.Duration
	short     bool
	terraform string        // the CLI; "" finds it as the project's other targets do
	timeout   time.Duration // per terraform run
	keep      bool
}

// specificationLimit is the mock's largest Limit for scenarios a, b and d: the original specification's 100, set
// here rather than left to the mock's default (now the current API's 1000), so that their figures keep measuring
// a listing in pages of 100 after one refused probe per provider process.
var specificationLimit = []int64{mock.SpecificationMaxLimit}

// currentLimit is the mock's largest Limit for scenario e: the current API reference's 1000, the mock's default.
var currentLimit = []int64{mock.DefaultMaxLimit}

// The scenarios, at the sizes and at -short's for a CI smoke run.
var (
	fullScenarios = []scenario{
		{name: "a", instances: 1, backups: 10_000, maxLimits: specificationLimit},
		{name: "b", instances: 100, backups: 300, maxLimits: specificationLimit},
		{name: "c", instances: 1, backups: 10_000, maxLimits: []int64{tencentcloud.LargestPageSize, tencentcloud.FallbackPageSize}, defaultRate: true},
		{name: "d", instances: 20, backups: 300, maxLimits: specificationLimit, groups: []int{1, 2, 4}, unshared: true, quota: 10, defaultRate: true},
		{name: "e", instances: 1000, backups: fleetBackups, maxLimits: currentLimit, quota: 20, defaultRate: true, fleet: true},
	}
	// Past the mock's burst of 10 calls at 10 req/s, so that the smoke run goes through refusals too. d without
	// its unshared comparison, which has no target.
	shortScenarios = []scenario{
		{name: "a", instances: 1, backups: 2_000, maxLimits: specificationLimit},
		{name: "b", instances: 10, backups: 250, maxLimits: specificationLimit},
		{name: "c", instances: 1, backups: 2_000, maxLimits: []int64{tencentcloud.LargestPageSize, tencentcloud.FallbackPageSize}, defaultRate: true},
		{name: "d", instances: 5, backups: 300, maxLimits: specificationLimit, groups: []int{1, 2}, quota: 10, defaultRate: true},
		{name: "e", instances: 50, backups: fleetBackups, maxLimits: currentLimit, quota: 20, defaultRate: true, fleet: true},
	}
)

const usageText = `Usage: go run ./tools/tfbench [flags]

Reads the provider's data sources through Terraform against the mock CDB API and prints Terraform's
wall time, the API span against the quota floor, the calls made and refused, and the provider's CPU time and peak
RSS, with the benchmark's targets. Scenarios:
  a   terraform plan, one instance with 10,000 backups (-short: 2,000), at each quota, against a mock that
      accepts a Limit of up to 100 (the specification's), as b and d do too
  b   terraform plan, for_each over 100 instances with 300 backups each (-short: 10 x 250), at each quota
  c   terraform plan, one instance with 10,000 backups (-short: 2,000), at each quota, against a mock that accepts
      a Limit of up to 1000 and one that accepts up to 100 (the specification's), requests_per_second left
      at its default: the page size the provider finds and what finding it costs
  d   1, 2 and 4 terraform apply runs started together (-short: 1 and 2), each reading 20 instances with 300
      backups each (-short: 5 x 300), against one quota of 10 req/s whatever -quotas says: the budget the
      provider processes share through their quota cache, then the same runs each with its own (not in -short)
  e   a fleet of 1,000 instances (-short: 50) in a region of its own, each with 24 backups and a policy that
      meets the standard, against a quota of 20 req/s per action (as Tencent Cloud counts them) whatever -quotas
      says: terraform plan of examples/modules/fleet-guard with every requirement set (one read of
      tencentcloud_cdb_backup_posture), with requests_per_second left at its default then set to 20; then the
      same fleet through for_each over tencentcloud_cdb_backups, tencentcloud_cdb_backup_policy and
      tencentcloud_cdb_recovery_ranges per instance, for comparison

Flags:
`

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var opts options
	var scenarios, quotas string
	fs := flag.NewFlagSet("tfbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&scenarios, "scenarios", "a,b,c,d,e", "comma-separated scenarios to run: a, b, c, d, e")
	fs.StringVar(&quotas, "quotas", "100,10", "comma-separated call quotas the mock enforces, in requests per second, one run each of a, b and c (0: no quota)")
	fs.DurationVar(&opts.latency, "latency", 20*time.Millisecond, "delay the mock adds to every call")
	fs.BoolVar(&opts.short, "short", false, "smaller sizes, for a CI smoke run")
	fs.StringVar(&opts.terraform, "terraform", "", "Terraform CLI to run (default: $TF_ACC_TERRAFORM_PATH, else what scripts/terraform-cli.sh prints)")
	fs.DurationVar(&opts.timeout, "timeout", 10*time.Minute, "longest a terraform plan or apply may take")
	fs.BoolVar(&opts.keep, "keep", false, "keep the work folder (configurations, Terraform's output, rusage records) and print its path")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usageText)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return opts, err
		}
		return opts, usageError{err}
	}
	if fs.NArg() > 0 {
		return opts, usageError{fmt.Errorf("unexpected arguments %q: tfbench takes flags only", fs.Args())}
	}
	var err error
	if opts.scenarios, err = parseScenarios(scenarios, opts.short); err != nil {
		return opts, usageError{fmt.Errorf("-scenarios: %w", err)}
	}
	if opts.quotas, err = parseQuotas(quotas); err != nil {
		return opts, usageError{fmt.Errorf("-quotas: %w", err)}
	}
	if opts.latency < 0 {
		return opts, usageError{fmt.Errorf("-latency %s is negative", opts.latency)}
	}
	if opts.timeout <= 0 {
		return opts, usageError{fmt.Errorf("-timeout %s is not positive", opts.timeout)}
	}
	return opts, nil
}

// parseScenarios reads "a,b,c,d" into the scenarios of that size, in the order given.
func parseScenarios(list string, short bool) ([]scenario, error) {
	all := fullScenarios
	if short {
		all = shortScenarios
	}
	var out []scenario
	for _, name := range strings.Split(list, ",") {
		name = strings.ToLower(strings.TrimSpace(name))
		i := slices.IndexFunc(all, func(s scenario) bool { return s.name == name })
		switch {
		case i < 0:
			return nil, fmt.Errorf("unknown scenario %q; the scenarios are %s", name, scenarioNames(all))
		case slices.ContainsFunc(out, func(s scenario) bool { return s.name == name }):
			return nil, fmt.Errorf("scenario %q is listed twice", name)
		}
		out = append(out, all[i])
	}
	return out, nil
}

// scenarioNames lists the scenarios' names, e.g. "a, b, c and d".
func scenarioNames(all []scenario) string {
	names := make([]string, len(all))
	for i, s := range all {
		names[i] = s.name
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// parseQuotas reads "100,10" into quotas, in the order given.
func parseQuotas(list string) ([]float64, error) {
	var out []float64
	for _, field := range strings.Split(list, ",") {
		q, err := strconv.ParseFloat(strings.TrimSpace(field), 64)
		if err != nil || math.IsNaN(q) || math.IsInf(q, 0) || q < 0 {
			return nil, fmt.Errorf("%q is not a rate of requests per second >= 0", strings.TrimSpace(field))
		}
		out = append(out, q)
	}
	return out, nil
}
