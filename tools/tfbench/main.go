// Command tfbench is a Terraform-level benchmark of the provider: it runs `terraform plan` against the mock CDB API
// (internal/mock), with latency and a call quota the mock enforces, and reports what a user waits for and what the
// provider costs.
//
//	go run ./tools/tfbench          # scenarios a and b, at quotas of 100 then 10 calls per second (make bench)
//	go run ./tools/tfbench -short   # the same at smaller sizes, for a CI smoke run (make bench-short)
//
// Scenario a reads one instance with 10,000 backups; scenario b reads 100 instances with 300 backups each through
// for_each (-short: 2,000 backups; 10 instances with 250 each). Per plan it prints Terraform's wall time, the API
// span (first call to last answer, as the mock saw it) beside the quota floor, the calls made and refused by the
// quota, and the provider's CPU time and peak RSS, then the targets as PASS or MISS. A failed plan makes
// tfbench fail; a missed target does not.
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

// run parses the command line, runs every plan and prints the report. It fails when a plan failed.
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

	var results []result
	for _, quota := range opts.quotas {
		for _, sc := range opts.scenarios {
			if err := ctx.Err(); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "tfbench: plan %s (%s) at a quota of %s\n", sc.name, sc.describe(), quotaLabel(quota))
			r, err := b.plan(ctx, sc, quota)
			if err != nil {
				return err
			}
			results = append(results, r)
		}
	}

	fmt.Fprintln(stdout)
	printReport(stdout, b.header(), results)
	var failed int
	for _, r := range results {
		if !r.ok() {
			failed++
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d plans failed (their Terraform output is above)", failed, len(results))
	}
	return nil
}
