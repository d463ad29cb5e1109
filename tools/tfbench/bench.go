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
	"sync"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// providerBinary is the name Terraform looks for in a dev_overrides folder.
const providerBinary = "terraform-provider-tencentcloud"

// newestBackup dates the generated backups, fixed so that every run plans the same data.
var newestBackup = time.Date(2025, 6, 30, 2, 0, 0, 0, time.UTC)

// bench is what every plan shares: the work folder, the built provider behind its wrapper, the CLI and the mock.
type bench struct {
	root         string // the repository, whose examples/modules scenario e's module comes from
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
// instances; each trial then sets the mock's quota and largest Limit. close undoes it.
func newBench(ctx context.Context, opts options, stdout, stderr io.Writer) (_ *bench, err error) {
	root, err := moduleRoot()
	if err != nil {
		return nil, err
	}
	b := &bench{root: root, opts: opts, stdout: stdout, stderr: stderr}
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
		if sc.fleet {
			// Dated from now, as the posture's window and the module's recovery span are: the fleet's newest backups
			// are within the last day of the plans.
			fleet, err := generateFleet(sc.instances, time.Now())
			if err != nil {
				return nil, err
			}
			b.srv.AddInstances(&mock.Fixtures{Instances: fleet})
			continue
		}
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
		fmt.Sprintf("mock: latency %s, quota per SecretId enforced by the mock (e: per SecretId and action); %s; %s, %d CPUs",
			b.opts.latency, size, runtime.Version(), runtime.NumCPU()),
		"provider: quota cache (" + tencentcloud.EnvCacheDir + ") in a fresh folder of the work folder for each plan and each group of runs",
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

// plan runs one plan of a trial and measures it. A plan that fails is a result, not an error; the error is for the
// benchmark itself breaking.
func (b *bench) plan(ctx context.Context, t trial) (result, error) {
	r := result{trial: t, cpus: runtime.NumCPU()}
	dir := filepath.Join(b.work, t.folder())
	if err := b.writeConfig(dir, t); err != nil {
		return r, err
	}
	if t.variant == variantModule {
		// The local module is installed first, outside the measurement, as `terraform init` would.
		if err := b.getModules(ctx, dir); err != nil {
			return r, err
		}
	}
	if err := b.resetMock(t); err != nil {
		return r, err
	}
	var err error
	r.runOutcome, err = b.terraform(ctx, dir, providerEnv(filepath.Join(dir, "cache"), t.unshared), t.label(),
		t.scenario, "plan", "-input=false", "-no-color", "-refresh=true")
	st := b.srv.Stats()
	r.apiCounts, r.actions = countsOf(st), st.Actions
	return r, err
}

// getModules runs `terraform get` in dir: it installs the configuration's local modules, offline.
func (b *bench) getModules(ctx context.Context, dir string) error {
	cmd := exec.CommandContext(ctx, b.cli, "-chdir="+dir, "get", "-no-color")
	cmd.Env = append(cleanEnv(os.Environ()), "TF_CLI_CONFIG_FILE="+b.cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("terraform get in %s: %w\n%s", dir, err, out)
	}
	return nil
}

// group starts a trial's terraform apply runs together, each in a folder of its own (run-1, run-2, ...) and all
// with one quota cache folder, and measures them as a whole. Runs that fail are a result, not an error.
func (b *bench) group(ctx context.Context, t trial) (groupResult, error) {
	g := groupResult{trial: t, outcomes: make([]runOutcome, t.runs)}
	dir := filepath.Join(b.work, t.folder())
	dirs := make([]string, t.runs)
	for i := range dirs {
		dirs[i] = filepath.Join(dir, fmt.Sprintf("run-%d", i+1))
		if err := b.writeConfig(dirs[i], t); err != nil {
			return g, err
		}
	}
	if err := b.resetMock(t); err != nil {
		return g, err
	}
	env := providerEnv(filepath.Join(dir, "cache"), t.unshared)
	errs := make([]error, t.runs)
	var wg sync.WaitGroup
	for i := range dirs {
		wg.Go(func() {
			g.outcomes[i], errs[i] = b.terraform(ctx, dirs[i], env, fmt.Sprintf("%s, run %d", t.label(), i+1),
				t.scenario, "apply", "-input=false", "-no-color", "-auto-approve")
		})
	}
	wg.Wait()
	g.apiCounts = countsOf(b.srv.Stats())
	return g, errors.Join(errs...)
}

// writeConfig writes the trial's configuration into dir, creating it; a fleet's module variant with a copy of the
// module.
func (b *bench) writeConfig(dir string, t trial) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	config := renderConfig(t.scenario, b.srv.URL(), t.rate())
	switch t.variant {
	case variantModule:
		if err := copyModule(b.root, "fleet-guard", dir); err != nil {
			return err
		}
		config = renderFleetModuleConfig(b.srv.URL(), t.rate())
	case variantForEach:
		config = renderFleetForEachConfig(b.srv.URL(), t.rate())
	}
	return os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o644)
}

// resetMock sets the mock up for a trial: its quota with a fresh bucket (SetQuota refills it), its largest Limit,
// and fresh counts.
func (b *bench) resetMock(t trial) error {
	if err := b.srv.SetQuota(t.quota); err != nil {
		return err
	}
	if err := b.srv.SetMaxLimit(t.maxLimit); err != nil {
		return err
	}
	b.srv.SetQuotaPerAction(t.scenario.fleet)
	b.srv.ResetStats()
	b.srv.ResetCalls()
	return nil
}

// terraform runs the CLI in dir with args (a plan or an apply of the trial's configuration) and the provider's
// environment env added, and measures the run; its output is kept in <command>.log in dir. The scenario says the
// count its output must show (scenario.countOutput, scenario.want). A run that fails is an outcome; the error is
// for the benchmark breaking or being interrupted. name names the run in messages.
func (b *bench) terraform(ctx context.Context, dir string, env []string, name string, sc scenario, args ...string) (runOutcome, error) {
	var o runOutcome
	rusageFile := filepath.Join(dir, "provider-rusage.jsonl")
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, b.opts.timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, b.cli, append([]string{"-chdir=" + dir}, args...)...)
	cmd.Env = append(cleanEnv(os.Environ()),
		"TF_CLI_CONFIG_FILE="+b.cliConfig,
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
		envRealProvider+"="+b.realProvider,
		envRusageFile+"="+rusageFile,
	)
	cmd.Env = append(cmd.Env, env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	// Interrupted, Terraform stops its providers and exits; killed, it would leave them running.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 30 * time.Second
	start := time.Now()
	runErr := cmd.Run()
	o.wall = time.Since(start)
	if err := os.WriteFile(filepath.Join(dir, args[0]+".log"), out.Bytes(), 0o644); err != nil {
		return o, err
	}
	if err := parent.Err(); err != nil {
		return o, fmt.Errorf("interrupted during %s: %w", name, err)
	}

	launches, err := readLaunches(rusageFile)
	if err != nil {
		return o, err
	}
	o.provider = summarize(launches)
	if cmd.ProcessState != nil {
		o.terraformCPU = terraformCPU(cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime(), o.provider)
	}
	o.rateLimitText = rateLimitText.Match(out.Bytes())
	o.pageSize = pageSizeShown(out.String())
	if ctx.Err() != nil {
		o.failure = fmt.Sprintf("timed out after %s", b.opts.timeout)
	} else {
		o.failure = countFailure(runErr, o.provider.Launches, out.String(), sc.countOutput(), sc.want())
	}
	if o.failure != "" {
		fmt.Fprintf(b.stderr, "tfbench: %s failed: %s; Terraform's output:\n%s\n", name, o.failure, tail(out.String(), 60))
	}
	return o, nil
}

// runFailure is why a finished terraform run failed, or "" when it succeeded: it exited 0, ran the provider under
// test, and its output counts the backups it should.
func runFailure(runErr error, launches int, output string, want int) string {
	return countFailure(runErr, launches, output, "backup_count", want)
}

// countFailure is runFailure for the count in the output named name: backup_count (backups), or instance_count
// (a fleet's instances).
func countFailure(runErr error, launches int, output, name string, want int) string {
	what, _ := strings.CutSuffix(name, "_count")
	switch count, found := countShown(output, name); {
	case runErr != nil:
		return runErr.Error()
	case launches == 0:
		return "no launch of the provider wrapper was recorded: Terraform did not run the provider under test"
	case !found:
		return "the output shows no " + name
	case count != want:
		return fmt.Sprintf("the output counts %d %ss, not %d", count, what, want)
	}
	return ""
}

// rateLimitText finds a rate-limit error code in Terraform's output: RequestLimitExceeded and its kin all end so.
var rateLimitText = regexp.MustCompile(`LimitExceeded`)

// backupCount reads the backup_count output from a plan's or an apply's text.
func backupCount(output string) (int, bool) { return countShown(output, "backup_count") }

// countShown reads a count output from a plan's or an apply's text: its line is "  + backup_count = 10000" in a
// plan, and "backup_count = 10000" under Outputs after an apply.
func countShown(output, name string) (int, bool) {
	line := regexp.MustCompile(`(?m)^\s*(?:\+\s*)?` + regexp.QuoteMeta(name) + `\s*=\s*(\d+)\s*$`)
	m := line.FindStringSubmatch(output)
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	return n, err == nil
}

// pageSizeLine is the output's line for page_size: a number for one instance, a string of the distinct page sizes
// joined by commas for for_each ("  + page_size = \"100\"").
var pageSizeLine = regexp.MustCompile(`(?m)^\s*(?:\+\s*)?page_size\s*=\s*"?([0-9,]+)"?\s*$`)

// pageSizeShown is the page size a plan's or an apply's text shows, "" for none.
func pageSizeShown(output string) string {
	if m := pageSizeLine.FindStringSubmatch(output); m != nil {
		return m[1]
	}
	return ""
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
