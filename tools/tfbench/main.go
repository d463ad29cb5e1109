// Command tfbench is a Terraform-level benchmark of the provider: it runs `terraform plan` and `terraform apply`
// against the mock CDB API (internal/mock), with latency, a call quota and a largest page the mock enforces, and
// reports what a user waits for and what the provider costs.
//
//	go run ./tools/tfbench          # scenarios a, b and c at quotas of 100 then 10 calls per second, then d and e (make bench)
//	go run ./tools/tfbench -short   # the same at smaller sizes, for a CI smoke run (make bench-short)
//
// Scenario a plans one instance with 10,000 backups; b plans 100 instances with 300 backups each through
// for_each; c plans a's instance against a mock that accepts a Limit of up to 1000, then one that accepts up to
// 100 (the specification's, which a, b and d are measured against too), to show the page size the provider finds
// and what finding it costs; d starts 1, 2 and 4 `terraform apply` runs at once, each reading 20 instances with
// 300 backups, against one quota of 10 calls per second, first sharing one quota cache as the provider does by
// default, then each with its own for comparison. Scenario e serves a fleet of 1,000 instances in a region of its
// own under a quota of 20 calls per second per action (as Tencent Cloud counts them) and plans the module
// examples/modules/fleet-guard with every requirement set (one tencentcloud_cdb_backup_posture read), with
// requests_per_second at its default then set to 20, then the same fleet through for_each over three per-instance
// data sources, for comparison (fleet.go). -short: 2,000 backups; 10 instances with 250 each; d with 1 and 2 runs
// of 5 x 300, without the comparison; a fleet of 50. Per plan it prints Terraform's wall time, the API span (first call to last answer, as the mock saw
// it) beside the quota floor, the calls made, refused by the quota and refused for their Limit, the page size in
// the state, and the provider's CPU time and peak RSS; per group of runs, each run's success and the same counts
// over the group; then the targets as PASS or MISS. A failed run makes tfbench fail; a missed target does
// not.
//
// The provider keeps what it learns (the call rate, the page size) in a quota cache; tfbench gives it a fresh
// folder in its work folder for each plan and each group (TENCENTCLOUD_CACHE_DIR), so that no trial starts from
// what another learned, and the user's own cache is left alone.
//
// Terraform starts the provider itself, several times per plan, so tfbench cannot measure it as its own child.
// Instead it puts a copy of itself where Terraform looks for the provider (a dev_overrides folder): started by
// Terraform with TFBENCH_REAL_PROVIDER set, the copy runs the real provider as its child with stdin, stdout,
// stderr, arguments and environment untouched (go-plugin's handshake goes over stdout), and appends the child's
// CPU time and peak RSS to TFBENCH_RUSAGE_FILE when it exits.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	if provider := os.Getenv(envRealProvider); provider != "" {
		os.Exit(runWrapper(provider, os.Getenv(envRusageFile), os.Args[1:]))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "tfbench:", err)
		var usage usageError
		if errors.As(err, &usage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// usageError is a bad command line; main exits 2 for it, 1 for other failures.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

// run parses the command line, runs every trial and prints the report. It fails when a terraform run failed.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	opts, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	b, err := newBench(ctx, opts, stdout, stderr)
	if err != nil {
		return err
	}
	defer b.close()

	var plans []result
	var groups []groupResult
	var failed, total int
	for _, t := range trials(opts.scenarios, opts.quotas) {
		if err := ctx.Err(); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "tfbench: %s\n", t.describe())
		if t.runs == 0 {
			r, err := b.plan(ctx, t)
			if err != nil {
				return err
			}
			plans = append(plans, r)
			total++
			if !r.ok() {
				failed++
			}
			continue
		}
		g, err := b.group(ctx, t)
		if err != nil {
			return err
		}
		groups = append(groups, g)
		total += len(g.outcomes)
		failed += len(g.outcomes) - g.succeeded()
	}

	fmt.Fprintln(stdout)
	printReport(stdout, b.header(), plans, groups)
	if failed > 0 {
		return fmt.Errorf("%d of %d terraform runs failed (their Terraform output is above)", failed, total)
	}
	return nil
}
