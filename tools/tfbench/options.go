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
)

// options is the parsed command line.
type options struct {
	scenarios []scenario
	quotas    []float64
	latency   time.Duration
	short     bool
	terraform string        // the CLI; "" finds it as the project's other targets do
	timeout   time.Duration // per plan
	keep      bool
}

// Scenario sizes: the issue's, and -short's for a CI smoke run.
var (
	fullScenarios = []scenario{
		{name: "a", instances: 1, backups: 10_000},
		{name: "b", instances: 100, backups: 300},
	}
	// Past the mock's burst of 10 calls at 10 req/s, so that the smoke run goes through refusals too.
	shortScenarios = []scenario{
		{name: "a", instances: 1, backups: 2_000},
		{name: "b", instances: 10, backups: 250},
	}
)

const usageText = `Usage: go run ./tools/tfbench [flags]

Runs terraform plan on the tencentcloud_cdb_backups data source against the mock CDB API, at each quota in
turn, and prints Terraform's wall time, the API span, the calls made and refused, and the provider's CPU time
and peak RSS, with the benchmark's targets. Scenarios:
  a   one instance with 10,000 backups (-short: 2,000)
  b   for_each over 100 instances with 300 backups each (-short: 10 instances with 250 each)

Flags:
`

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var opts options
	var scenarios, quotas string
	fs := flag.NewFlagSet("tfbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&scenarios, "scenarios", "a,b", "comma-separated scenarios to plan: a, b")
	fs.StringVar(&quotas, "quotas", "100,10", "comma-separated call quotas the mock enforces, in requests per second, one run each (0: no quota)")
	fs.DurationVar(&opts.latency, "latency", 20*time.Millisecond, "delay the mock adds to every call")
	fs.BoolVar(&opts.short, "short", false, "smaller sizes, for a CI smoke run")
	fs.StringVar(&opts.terraform, "terraform", "", "Terraform CLI to run (default: $TF_ACC_TERRAFORM_PATH, else what scripts/terraform-cli.sh prints)")
	fs.DurationVar(&opts.timeout, "timeout", 10*time.Minute, "longest a plan may take")
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

// parseScenarios reads "a,b" into the scenarios of that size, in the order given.
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
			return nil, fmt.Errorf("unknown scenario %q; the scenarios are a and b", name)
		case slices.ContainsFunc(out, func(s scenario) bool { return s.name == name }):
			return nil, fmt.Errorf("scenario %q is listed twice", name)
		}
		out = append(out, all[i])
	}
	return out, nil
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
