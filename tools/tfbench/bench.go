package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// providerBinary is the name Terraform looks for in a dev_overrides folder.
const providerBinary = "terraform-provider-tencentcloud"

// newestBackup dates the generated backups, fixed so that every run plans the same data.
var newestBackup = time.Date(2025, 6, 30, 2, 0, 0, 0, time.UTC)

// bench is what every plan shares: the work folder, the built provider behind its wrapper, the CLI and the mock.
type bench struct {
	opts         options
	stdout       io.Writer
	stderr       io.Writer
	work         string
	realProvider string
	cliConfig    string
	cli          string
	cliVersion   string
	srv          *mock.Server
}

// newBench builds the provider, installs the wrapper, finds the CLI and starts the mock with every scenario's
// instances. close undoes it.
func newBench(ctx context.Context, opts options, stdout, stderr io.Writer) (_ *bench, err error) {
	root, err := moduleRoot()
	if err != nil {
		return nil, err
	}
	b := &bench{opts: opts, stdout: stdout, stderr: stderr}
	if b.work, err = os.MkdirTemp("", "tfbench-"); err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			b.close()
		}
	}()

	if b.cli, err = terraformCLI(ctx, root, opts.terraform, stderr); err != nil {
		return nil, err
	}
	if b.cliVersion, err = cliVersion(ctx, b.cli); err != nil {
		return nil, err
	}

	fmt.Fprintf(stdout, "tfbench: building the provider (go build in %s)\n", root)
	b.realProvider = filepath.Join(b.work, "provider", providerBinary)
	build := exec.CommandContext(ctx, "go", "build", "-o", b.realProvider, ".")
	build.Dir, build.Stdout, build.Stderr = root, stderr, stderr
	if err := build.Run(); err != nil {
		return nil, fmt.Errorf("building the provider: %w", err)
	}
	pluginDir := filepath.Join(b.work, "plugins")
	if err := installWrapper(filepath.Join(pluginDir, providerBinary)); err != nil {
		return nil, err
	}
	b.cliConfig = filepath.Join(b.work, "terraform.rc")
	if err := os.WriteFile(b.cliConfig, []byte(renderCLIConfig(pluginDir)), 0o644); err != nil {
		return nil, err
	}

	b.srv = mock.NewServer(mock.Options{Latency: opts.latency})
	for _, sc := range opts.scenarios {
		for _, id := range sc.instanceIDs() {
			b.srv.SetBackups(region, id, mock.GenerateBackups(id, region, sc.backups, newestBackup))
		}
	}
	if err := b.srv.Start("127.0.0.1:0"); err != nil {
		return nil, err
	}
	return b, nil
}

// close stops the mock and removes the work folder, unless -keep asked to keep it.
func (b *bench) close() {
	if b.srv != nil {
		_ = b.srv.Close()
	}
	if b.opts.keep {
		fmt.Fprintf(b.stdout, "tfbench: kept the work folder %s\n", b.work)
		return
	}
	_ = os.RemoveAll(b.work)
}

// header describes the setup, for the report.
func (b *bench) header() []string {
	size := "full sizes"
	if b.opts.short {
		size = "short sizes (-short)"
	}
	return []string{
		fmt.Sprintf("CLI: %s (%s)", b.cliVersion, b.cli),
		fmt.Sprintf("mock: latency %s, quota per SecretId enforced by the mock; %s; %s, %d CPUs",
			b.opts.latency, size, runtime.Version(), runtime.NumCPU()),
	}
}

// installWrapper copies the running tfbench to path, where Terraform will start it as the provider. A copy, not a
// link: `go run` removes its binary when it exits, and Terraform resolves what it finds in the folder.
func installWrapper(path string) error {
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("finding tfbench's own binary for the provider wrapper: %w", err)
	}
	data, err := os.ReadFile(self)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o755)
}

// plan runs one plan of a scenario at a quota and measures it. A plan that fails is a result, not an error; the
// error is for the benchmark itself breaking.
func (b *bench) plan(ctx context.Context, sc scenario, quota float64) (result, error) {
	r := result{scenario: sc, quota: quota, rate: providerRate(quota), cpus: runtime.NumCPU()}
	dir := filepath.Join(b.work, fmt.Sprintf("%s-%s", sc.name, strconv.FormatFloat(quota, 'f', -1, 64)))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return r, err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(renderConfig(sc, b.srv.URL(), r.rate)), 0o644); err != nil {
		return r, err
	}
	rusageFile := filepath.Join(dir, "provider-rusage.jsonl")

	// A fresh quota bucket (SetQuota refills it) and fresh counts for each plan.
	if err := b.srv.SetQuota(quota); err != nil {
		return r, err
	}
	b.srv.ResetStats()
	b.srv.ResetCalls()

	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, b.opts.timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, b.cli, "-chdir="+dir, "plan", "-input=false", "-no-color", "-refresh=true")
	cmd.Env = append(cleanEnv(os.Environ()),
		"TF_CLI_CONFIG_FILE="+b.cliConfig,
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
		envRealProvider+"="+b.realProvider,
		envRusageFile+"="+rusageFile,
	)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	// Interrupted, Terraform stops its providers and exits; killed, it would leave them running.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 30 * time.Second
	start := time.Now()
	runErr := cmd.Run()
	r.wall = time.Since(start)
	if err := os.WriteFile(filepath.Join(dir, "plan.log"), out.Bytes(), 0o644); err != nil {
		return r, err
	}

	if err := parent.Err(); err != nil {
		return r, fmt.Errorf("interrupted during plan %s at %s: %w", sc.name, quotaLabel(quota), err)
	}

	st := b.srv.Stats()
	r.calls, r.refused = st.Calls, st.Refused
	if st.Calls > 0 {
		r.span = st.LastAnswer.Sub(st.FirstCall)
	}
	launches, err := readLaunches(rusageFile)
	if err != nil {
		return r, err
	}
	r.provider = summarize(launches)
	if cmd.ProcessState != nil {
		r.terraformCPU = terraformCPU(cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime(), r.provider)
	}
	r.rateLimitText = rateLimitText.Match(out.Bytes())

	switch count, found := backupCount(out.String()); {
	case ctx.Err() != nil:
		r.failure = fmt.Sprintf("timed out after %s", b.opts.timeout)
	case runErr != nil:
		r.failure = runErr.Error()
	case r.provider.Launches == 0:
		r.failure = "no launch of the provider wrapper was recorded: Terraform did not run the provider under test"
	case !found:
		r.failure = "the plan shows no backup_count output"
	case count != sc.totalBackups():
		r.failure = fmt.Sprintf("the plan counted %d backups, not %d", count, sc.totalBackups())
	}
	if r.failure != "" {
		fmt.Fprintf(b.stderr, "tfbench: plan %s at %s failed: %s; Terraform's output:\n%s\n", sc.name, quotaLabel(quota), r.failure, tail(out.String(), 60))
	}
	return r, nil
}

// rateLimitText finds a rate-limit error code in Terraform's output: RequestLimitExceeded and its kin all end so.
var rateLimitText = regexp.MustCompile(`LimitExceeded`)

// backupCountLine is the plan's line for the backup_count output, e.g. "  + backup_count = 10000".
var backupCountLine = regexp.MustCompile(`(?m)^\s*\+\s*backup_count\s*=\s*(\d+)\s*$`)

// backupCount reads the backup_count output from a plan's text.
func backupCount(planOutput string) (int, bool) {
	m := backupCountLine.FindStringSubmatch(planOutput)
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	return n, err == nil
}

// cleanEnv drops from env what would change what the benchmark measures: the provider's own settings
// (TENCENTCLOUD_*, e.g. a requests_per_second), Terraform's (TF_*: logs, extra arguments, another CLI
// configuration) and a wrapper setting left over.
func cleanEnv(env []string) []string {
	out := make([]string, 0, len(env))
	for _, kv := range env {
		if strings.HasPrefix(kv, "TENCENTCLOUD_") || strings.HasPrefix(kv, "TF_") || strings.HasPrefix(kv, "TFBENCH_") {
			continue
		}
		out = append(out, kv)
	}
	return out
}

// moduleRoot is the folder of the project's go.mod, found from the working directory up, as the go command does.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod in the working directory or above: run tfbench from the provider's repository")
		}
		dir = parent
	}
}

// terraformCLI is the CLI to run: the -terraform flag, else the one scripts/with-terraform.sh chose
// (TF_ACC_TERRAFORM_PATH), else what scripts/terraform-cli.sh finds or builds.
func terraformCLI(ctx context.Context, root, flagValue string, stderr io.Writer) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	if path := os.Getenv("TF_ACC_TERRAFORM_PATH"); path != "" {
		return path, nil
	}
	cmd := exec.CommandContext(ctx, filepath.Join(root, "scripts", "terraform-cli.sh"))
	cmd.Dir, cmd.Stderr = root, stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("finding a Terraform CLI with scripts/terraform-cli.sh: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

// cliVersion is the first line of `<cli> version`, e.g. "Terraform v1.11.4".
func cliVersion(ctx context.Context, cli string) (string, error) {
	cmd := exec.CommandContext(ctx, cli, "version")
	cmd.Env = append(cleanEnv(os.Environ()), "CHECKPOINT_DISABLE=1", "TF_CLI_CONFIG_FILE="+os.DevNull)
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s version: %w", cli, err)
	}
	first, _, _ := strings.Cut(string(out), "\n")
	return strings.TrimSpace(first), nil
}

// tail is the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{fmt.Sprintf("[... %d lines left out]", len(lines)-n)}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}
