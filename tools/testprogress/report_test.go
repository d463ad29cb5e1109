package main

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// at is an event's time, s seconds after 10:00:00.
func at(s int) string { return fmt.Sprintf("2025-06-01T10:%02d:%02d.000Z", s/60, s%60) }

// ev is one JSON event as go test -json writes it.
func ev(s int, action, pkg, test string, rest ...string) string {
	line := fmt.Sprintf(`{"Time":%q,"Action":%q,"Package":%q`, at(s), action, pkg)
	if test != "" {
		line += fmt.Sprintf(`,"Test":%q`, test)
	}
	for _, r := range rest {
		line += "," + r
	}
	return line + "}"
}

func out(s int, pkg, test, text string) string {
	return ev(s, "output", pkg, test, fmt.Sprintf(`"Output":%q`, text))
}

func report(t *testing.T, lines ...string) (string, bool) {
	t.Helper()
	var b strings.Builder
	ok, err := newReporter(&b, "example.com/m").read(strings.NewReader(strings.Join(lines, "\n") + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	return b.String(), ok
}

func expectOutput(t *testing.T, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestReport_Passing: a line per top-level test as it ends (subtests have none), go test's own line per package,
// nothing of what passing tests printed, and the summary last.
func TestReport_Passing(t *testing.T) {
	const a, b = "example.com/m/internal/a", "example.com/m/b"
	got, ok := report(t,
		ev(0, "start", a, ""),
		ev(0, "start", b, ""),
		ev(0, "run", a, "TestOne"),
		out(0, a, "TestOne", "=== RUN   TestOne\n"),
		out(1, a, "TestOne", "noise that is not shown\n"),
		ev(1, "run", a, "TestOne/sub"),
		ev(2, "pass", a, "TestOne/sub", `"Elapsed":0.5`),
		out(2, a, "TestOne", "--- PASS: TestOne (2.00s)\n"),
		ev(2, "pass", a, "TestOne", `"Elapsed":2`),
		ev(3, "run", b, "TestTwo"),
		ev(75, "skip", b, "TestTwo", `"Elapsed":0`),
		ev(76, "run", a, "TestThree"),
		ev(125, "pass", a, "TestThree", `"Elapsed":49.25`),
		out(125, a, "", "PASS\n"),
		out(125, a, "", "ok  \texample.com/m/internal/a\t125.012s\n"),
		ev(125, "pass", a, "", `"Elapsed":125.012`),
		out(126, b, "", "ok  \texample.com/m/b\t126.000s\n"),
		ev(126, "pass", b, "", `"Elapsed":126`),
		ev(126, "start", "example.com/m/tools", ""),
		out(126, "example.com/m/tools", "", "?   \texample.com/m/tools\t[no test files]\n"),
		ev(126, "skip", "example.com/m/tools", "", `"Elapsed":0`),
	)
	if !ok {
		t.Error("reported a failure")
	}
	expectOutput(t, got, ""+
		"  0:02  pass  internal/a  TestOne (2.00s)\n"+
		"  1:15  skip  b  TestTwo (0.00s)\n"+
		"  2:05  pass  internal/a  TestThree (49.25s)\n"+
		"ok  \texample.com/m/internal/a\t125.012s\n"+
		"ok  \texample.com/m/b\t126.000s\n"+
		"?   \texample.com/m/tools\t[no test files]\n"+
		"testprogress: 2 packages ok, 1 without tests; 2 tests passed, 1 skipped; 2m6s\n")
}

// TestReport_Failing: a failed test's whole output (its subtests' too) right after its line, a build failure's
// output, the failures listed in the summary, and go test's closing FAIL last.
func TestReport_Failing(t *testing.T) {
	const a = "example.com/m/a"
	got, ok := report(t,
		`{"ImportPath":"example.com/m/c [example.com/m/c.test]","Action":"build-output","Output":"# example.com/m/c\n"}`,
		`{"ImportPath":"example.com/m/c [example.com/m/c.test]","Action":"build-output","Output":"c/c_test.go:5:28: undefined: x\n"}`,
		`{"ImportPath":"example.com/m/c [example.com/m/c.test]","Action":"build-fail"}`,
		ev(0, "start", a, ""),
		ev(0, "run", a, "TestBad"),
		out(0, a, "TestBad", "=== RUN   TestBad\n"),
		out(0, a, "TestBad", "    a_test.go:6: context\n"),
		ev(0, "run", a, "TestBad/inner"),
		out(0, a, "TestBad/inner", "=== RUN   TestBad/inner\n"),
		out(1, a, "TestBad/inner", "    a_test.go:7: boom\n"),
		out(1, a, "TestBad/inner", "--- FAIL: TestBad/inner (1.00s)\n"),
		ev(1, "fail", a, "TestBad/inner", `"Elapsed":1`),
		out(1, a, "TestBad", "--- FAIL: TestBad (1.00s)\n"),
		ev(1, "fail", a, "TestBad", `"Elapsed":1`),
		ev(1, "run", a, "TestGood"),
		out(1, a, "TestGood", "=== RUN   TestGood\n"),
		ev(2, "pass", a, "TestGood", `"Elapsed":0.01`),
		out(2, a, "", "FAIL\n"),
		out(2, a, "", "FAIL\texample.com/m/a\t2.001s\n"),
		ev(2, "fail", a, "", `"Elapsed":2.001`),
		ev(2, "start", "example.com/m/c", ""),
		out(2, "example.com/m/c", "", "FAIL\texample.com/m/c [build failed]\n"),
		ev(2, "fail", "example.com/m/c", "", `"Elapsed":0`, `"FailedBuild":"example.com/m/c [example.com/m/c.test]"`),
	)
	if ok {
		t.Error("reported no failure")
	}
	expectOutput(t, got, ""+
		"# example.com/m/c\n"+
		"c/c_test.go:5:28: undefined: x\n"+
		"  0:01  FAIL  a  TestBad (1.00s)\n"+
		"=== RUN   TestBad\n"+
		"    a_test.go:6: context\n"+
		"=== RUN   TestBad/inner\n"+
		"    a_test.go:7: boom\n"+
		"--- FAIL: TestBad/inner (1.00s)\n"+
		"--- FAIL: TestBad (1.00s)\n"+
		"  0:02  pass  a  TestGood (0.01s)\n"+
		"FAIL\n"+
		"FAIL\texample.com/m/a\t2.001s\n"+
		"FAIL\texample.com/m/c [build failed]\n"+
		"testprogress: 0 packages ok, 2 failed; 1 test passed, 1 failed; 2s\n"+
		"--- FAIL: a TestBad\n"+
		"--- FAIL: c (build failed)\n"+
		"FAIL\n")
}

// TestReport_Timeout: a test that never ends (go test's -timeout panics the package) is reported with all it and
// the package printed.
func TestReport_Timeout(t *testing.T) {
	const e = "example.com/m/e"
	got, ok := report(t,
		ev(0, "start", e, ""),
		ev(0, "run", e, "TestSlow"),
		out(0, e, "TestSlow", "=== RUN   TestSlow\n"),
		out(0, e, "TestSlow", "    e_test.go:6: starting\n"),
		out(60, e, "TestSlow", "panic: test timed out after 1m0s\n"),
		out(60, e, "", "FAIL\texample.com/m/e\t60.005s\n"),
		ev(60, "fail", e, "", `"Elapsed":60.005`),
	)
	if ok {
		t.Error("reported no failure")
	}
	expectOutput(t, got, ""+
		"  1:00  FAIL  e  TestSlow (did not end)\n"+
		"=== RUN   TestSlow\n"+
		"    e_test.go:6: starting\n"+
		"panic: test timed out after 1m0s\n"+
		"FAIL\texample.com/m/e\t60.005s\n"+
		"testprogress: 0 packages ok, 1 failed; 0 tests passed, 1 failed; 1m0s\n"+
		"--- FAIL: e TestSlow (did not end)\n"+
		"FAIL\n")
}

// TestReport_PackageFailsWithoutAFailedTest: TestMain failing, say; the package's own output is shown.
func TestReport_PackageFailsWithoutAFailedTest(t *testing.T) {
	const p = "example.com/m/p"
	got, ok := report(t,
		ev(0, "start", p, ""),
		out(0, p, "", "setting up: no such file\n"),
		out(0, p, "", "FAIL\texample.com/m/p\t0.010s\n"),
		ev(0, "fail", p, "", `"Elapsed":0.01`),
	)
	if ok {
		t.Error("reported no failure")
	}
	expectOutput(t, got, ""+
		"setting up: no such file\n"+
		"FAIL\texample.com/m/p\t0.010s\n"+
		"testprogress: 0 packages ok, 1 failed; 0 tests passed; 0s\n"+
		"--- FAIL: p (no test failed: see its output above)\n"+
		"FAIL\n")
}

// TestReport_InputEndsEarly: go test interrupted: what never ended is reported, and it is a failure.
func TestReport_InputEndsEarly(t *testing.T) {
	const p = "example.com/m/p"
	got, ok := report(t,
		"go: downloading example.com/dep v1.0.0",
		ev(0, "start", p, ""),
		ev(0, "run", p, "TestLong"),
		out(3, p, "TestLong", "=== RUN   TestLong\n"),
	)
	if ok {
		t.Error("reported no failure")
	}
	expectOutput(t, got, ""+
		"go: downloading example.com/dep v1.0.0\n"+
		"testprogress: the output of example.com/m/p ended before its tests did\n"+
		"--- TestLong (did not end)\n"+
		"=== RUN   TestLong\n"+
		"testprogress: 0 packages ok, 1 failed; 0 tests passed; 3s\n"+
		"--- FAIL: p (did not end)\n"+
		"FAIL\n")
}

func TestModulePath(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/go.mod"
	if err := os.WriteFile(path, []byte("// a comment\nmodule example.com/some/mod\n\ngo 1.25\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := modulePath(path); got != "example.com/some/mod" {
		t.Errorf("got %q", got)
	}
	if got := modulePath(dir + "/none"); got != "" {
		t.Errorf("no go.mod: got %q", got)
	}
}
