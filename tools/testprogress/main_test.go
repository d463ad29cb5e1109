package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestFakeGoTest is not a test: run by TestRun_* as the command, it prints the events of FAKE_EVENTS and exits with
// FAKE_EXIT, as go test would.
func TestFakeGoTest(t *testing.T) {
	if os.Getenv("FAKE_EXIT") == "" {
		t.Skip("the command TestRun_* runs")
	}
	fmt.Print(os.Getenv("FAKE_EVENTS"))
	fmt.Fprintln(os.Stderr, "from go test's stderr")
	code, _ := strconv.Atoi(os.Getenv("FAKE_EXIT"))
	os.Exit(code)
}

// runFake runs testprogress on the fake go test, which prints events and exits with exit.
func runFake(t *testing.T, exit int, events ...string) (code int, stdout, stderr string) {
	t.Setenv("FAKE_EXIT", strconv.Itoa(exit))
	t.Setenv("FAKE_EVENTS", strings.Join(events, "\n")+"\n")
	var o, e strings.Builder
	code = run([]string{os.Args[0], "-test.run=^TestFakeGoTest$"}, strings.NewReader(""), &o, &e)
	return code, o.String(), e.String()
}

var passingPackage = []string{
	ev(0, "start", "example.com/m/a", ""),
	ev(0, "run", "example.com/m/a", "TestA"),
	ev(1, "pass", "example.com/m/a", "TestA", `"Elapsed":1`),
	out(1, "example.com/m/a", "", "ok  \texample.com/m/a\t1.000s\n"),
	ev(1, "pass", "example.com/m/a", "", `"Elapsed":1`),
}

var failingPackage = []string{
	ev(0, "start", "example.com/m/a", ""),
	ev(0, "run", "example.com/m/a", "TestA"),
	ev(1, "fail", "example.com/m/a", "TestA", `"Elapsed":1`),
	out(1, "example.com/m/a", "", "FAIL\texample.com/m/a\t1.000s\n"),
	ev(1, "fail", "example.com/m/a", "", `"Elapsed":1`),
}

// TestRun_ExitStatus: testprogress exits with go test's exit status, and never 0 after a failure.
func TestRun_ExitStatus(t *testing.T) {
	cases := []struct {
		name   string
		exit   int
		events []string
		want   int
	}{
		{"all passed", 0, passingPackage, 0},
		{"a test failed", 1, failingPackage, 1},
		{"go test failed with nothing to report (a flag it refused, say)", 2, nil, 2},
		{"go test exited 0 after a failure", 0, failingPackage, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runFake(t, tc.exit, tc.events...)
			if code != tc.want {
				t.Errorf("exit status %d, want %d; output:\n%s", code, tc.want, stdout)
			}
			if !strings.Contains(stderr, "from go test's stderr") {
				t.Errorf("go test's stderr was not passed on: %q", stderr)
			}
			if !strings.Contains(stdout, "testprogress: ") {
				t.Errorf("no summary:\n%s", stdout)
			}
		})
	}
}

// TestRun_Stdin: reading stdin, testprogress fails when a test failed.
func TestRun_Stdin(t *testing.T) {
	for _, tc := range []struct {
		events []string
		want   int
	}{{passingPackage, 0}, {failingPackage, 1}} {
		var o, e strings.Builder
		if code := run(nil, strings.NewReader(strings.Join(tc.events, "\n")), &o, &e); code != tc.want {
			t.Errorf("exit status %d, want %d; output:\n%s", code, tc.want, o.String())
		}
	}
}

func TestRun_CommandNotFound(t *testing.T) {
	var o, e strings.Builder
	if code := run([]string{"/nonexistent/go"}, strings.NewReader(""), &o, &e); code != 2 || !strings.Contains(e.String(), "/nonexistent/go") {
		t.Errorf("exit status %d, stderr %q", code, e.String())
	}
}
