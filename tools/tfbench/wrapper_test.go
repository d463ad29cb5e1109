package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestParseLaunches(t *testing.T) {
	got, err := parseLaunches(strings.NewReader(
		`{"pid":1,"cpu_ns":37858000,"peak_rss_bytes":22016000,"exit_code":0}` + "\n\n" +
			`{"pid":2,"cpu_ns":477513000,"peak_rss_bytes":52482048,"exit_code":0}` + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []launch{
		{PID: 1, CPU: 37858 * time.Microsecond, PeakRSS: 22016000},
		{PID: 2, CPU: 477513 * time.Microsecond, PeakRSS: 52482048},
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("parseLaunches() = %+v, want %+v", got, want)
	}
	if _, err := parseLaunches(strings.NewReader("{\"pid\":1}\n{\"pid\":")); err == nil || !strings.Contains(err.Error(), "launch record 2") {
		t.Errorf("parseLaunches() of a cut record: error %v, want one naming record 2", err)
	}
}

func TestAppendAndReadLaunches(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rusage.jsonl")
	if got, err := readLaunches(path); err != nil || got != nil {
		t.Fatalf("readLaunches() of a missing file = %v, %v; want none", got, err)
	}
	for _, l := range []launch{{PID: 1, CPU: time.Second, PeakRSS: 1 << 20}, {PID: 2, CPU: 2 * time.Second, PeakRSS: -1, ExitCode: 3}} {
		if err := appendLaunch(path, l); err != nil {
			t.Fatal(err)
		}
	}
	got, err := readLaunches(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[1] != (launch{PID: 2, CPU: 2 * time.Second, PeakRSS: -1, ExitCode: 3}) {
		t.Errorf("readLaunches() = %+v", got)
	}
	if err := appendLaunch("", launch{PID: 7}); err == nil {
		t.Error("appendLaunch() without a file succeeded")
	}
}

// TestRunWrapper runs a shell as the "provider": the wrapper passes its arguments and exit code on and records it.
func TestRunWrapper(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh on PATH")
	}
	path := filepath.Join(t.TempDir(), "rusage.jsonl")
	marker := filepath.Join(t.TempDir(), "ran")
	done := make(chan int)
	// In a goroutine of its own: the wrapper locks its OS thread, which the test's goroutine must not keep.
	go func() { done <- runWrapper(sh, path, []string{"-c", `touch "$0"; exit 3`, marker}) }()
	if code := <-done; code != 3 {
		t.Errorf("runWrapper() = %d, want the child's exit code 3", code)
	}
	if _, err := os.Stat(marker); err != nil {
		t.Errorf("the child did not run with the wrapper's arguments: %v", err)
	}
	launches, err := readLaunches(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(launches) != 1 || launches[0].ExitCode != 3 || launches[0].PID <= 0 {
		t.Fatalf("launch records = %+v, want one of exit code 3", launches)
	}
	if runtime.GOOS == "linux" && launches[0].PeakRSS <= 0 {
		t.Errorf("peak RSS %d, want the child's on Linux", launches[0].PeakRSS)
	}
}

func TestRunWrapper_MissingProvider(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rusage.jsonl")
	done := make(chan int)
	go func() { done <- runWrapper(filepath.Join(t.TempDir(), "absent"), path, nil) }()
	if code := <-done; code != 1 {
		t.Errorf("runWrapper() of a missing provider = %d, want 1", code)
	}
}
