package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"syscall"
	"time"
)

// The environment that makes tfbench act as the provider wrapper; tfbench sets it for Terraform, which passes
// its environment on to the providers it starts.
const (
	// envRealProvider is the path of the real provider binary the wrapper runs.
	envRealProvider = "TFBENCH_REAL_PROVIDER"
	// envRusageFile is the file the wrapper appends one launch record to, as a line of JSON.
	envRusageFile = "TFBENCH_RUSAGE_FILE"
)

// launch is what the wrapper records of one run of the real provider.
type launch struct {
	PID int `json:"pid"`
	// CPU is the provider's user plus system CPU time.
	CPU time.Duration `json:"cpu_ns"`
	// PeakRSS is the provider's peak resident set size in bytes, or -1 where the platform does not report it.
	PeakRSS  int64 `json:"peak_rss_bytes"`
	ExitCode int   `json:"exit_code"`
	// WrapperCPU is the wrapper's own CPU time, which Terraform's figures include and tfbench takes out of them.
	WrapperCPU time.Duration `json:"wrapper_cpu_ns"`
}

// runWrapper runs the real provider with the wrapper's own arguments, standard streams and environment, forwards
// the signals the wrapper gets to it, appends its launch record to rusageFile, and returns the exit code the
// wrapper should exit with: the provider's.
func runWrapper(provider, rusageFile string, args []string) int {
	cmd := exec.Command(provider, args...)
	// The *os.File streams are inherited as they are, not copied: go-plugin's handshake line reaches Terraform
	// straight from the provider.
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = os.Environ()
	cmd.SysProcAttr = childProcAttr()

	signals := make(chan os.Signal, 8)
	signal.Notify(signals, forwardedSignals...)
	defer signal.Stop(signals)
	// On Linux the child's parent-death signal follows the thread that started it, so that thread must last.
	runtime.LockOSThread()
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(os.Stderr, "tfbench provider wrapper: %v\n", err)
		return 1
	}
	go func() {
		for s := range signals {
			_ = cmd.Process.Signal(s)
		}
	}()
	// A non-zero exit is the provider's to report; the wrapper only passes its code on.
	_ = cmd.Wait()

	ps := cmd.ProcessState
	code := exitStatus(ps)
	l := launch{PID: ps.Pid(), CPU: ps.UserTime() + ps.SystemTime(), PeakRSS: peakRSS(ps), ExitCode: code, WrapperCPU: selfCPU()}
	if err := appendLaunch(rusageFile, l); err != nil {
		fmt.Fprintf(os.Stderr, "tfbench provider wrapper: %v\n", err)
	}
	return code
}

// appendLaunch appends one launch record to path, as a single write so that concurrent launches do not interleave.
func appendLaunch(path string, l launch) error {
	if path == "" {
		return fmt.Errorf("%s is not set: the launch of pid %d is not recorded", envRusageFile, l.PID)
	}
	line, err := json.Marshal(l)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// readLaunches reads the launch records in path; a missing file holds none.
func readLaunches(path string) ([]launch, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parseLaunches(f)
}

// parseLaunches reads launch records, one JSON object per line.
func parseLaunches(r io.Reader) ([]launch, error) {
	var out []launch
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var l launch
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return nil, fmt.Errorf("launch record %d: %w", n, err)
		}
		out = append(out, l)
	}
	return out, sc.Err()
}

// usage is the cost of the provider's launches during a plan.
type usage struct {
	Launches int
	// CPU is the provider's user plus system CPU time, summed over launches.
	CPU time.Duration
	// PeakRSS is the largest peak RSS of any launch in bytes, or -1 when none was reported.
	PeakRSS int64
	// WrapperCPU is the wrappers' own CPU time, summed over launches.
	WrapperCPU time.Duration
}

// summarize adds up the provider's launches: CPU time is summed, as it is all spent for the plan; the peak RSS is
// the largest of one launch, as that is the memory the provider needs.
func summarize(launches []launch) usage {
	u := usage{Launches: len(launches), PeakRSS: -1}
	for _, l := range launches {
		u.CPU += l.CPU
		u.WrapperCPU += l.WrapperCPU
		u.PeakRSS = max(u.PeakRSS, l.PeakRSS)
	}
	return u
}

// terraformCPU is the CPU time of the terraform process itself, from the total its process state reports. That
// total includes the children it waited for, here every wrapper and provider, so their CPU time is taken out.
// (Terraform's peak RSS is not reported for the same reason: the kernel gives the largest of the process's and its
// children's.)
func terraformCPU(total time.Duration, provider usage) time.Duration {
	return max(0, total-provider.CPU-provider.WrapperCPU)
}

// forwardedSignals are the signals the wrapper passes on to the provider.
var forwardedSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT}
