package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// event is one line of `go test -json` (cmd/test2json's TestEvent, and the build events of go test -json).
type event struct {
	Time        time.Time
	Action      string
	Package     string
	Test        string
	Elapsed     float64 // seconds
	Output      string
	ImportPath  string // build-output, build-fail
	FailedBuild string
}

// pkg is what is kept of a package whose tests are running.
type pkg struct {
	// output is the package's own output (not a test's), held back until it passes or fails.
	output []string
	// final is go test's own line for the package ("ok  \tpkg\t1.2s", "FAIL\tpkg\t1.2s", "?   \tpkg\t[no test files]").
	final string
	// tests holds the output of each running top-level test, with its subtests', until it ends; order is the order
	// they started, for the tests that never end.
	tests map[string][]string
	order []string
	// failed counts the package's failures listed in the summary so far.
	failed int
}

// reporter turns go test's events into progress: a line per top-level test and per package as each ends, the whole
// output of what fails, and a summary at the end.
type reporter struct {
	out  io.Writer
	trim string // prefix cut from package paths in the progress lines ("module/")

	start, last time.Time
	packages    map[string]*pkg
	builds      map[string][]string // build output, by import path, until the build fails

	pkgOK, pkgFailed, pkgNoTests int
	passed, failed, skipped      int // top-level tests
	failures                     []string
}

func newReporter(out io.Writer, module string) *reporter {
	r := &reporter{out: out, packages: map[string]*pkg{}, builds: map[string][]string{}}
	if module != "" {
		r.trim = module + "/"
	}
	return r
}

// read reports every event of in, then the summary. It reports whether everything passed.
func (r *reporter) read(in io.Reader) (bool, error) {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 64*1024), 64*1024*1024)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil || e.Action == "" {
			fmt.Fprintf(r.out, "%s\n", line) // not an event: whatever else go test printed
			continue
		}
		r.event(e)
	}
	err := sc.Err()
	r.finish()
	return r.ok(), err
}

// ok reports whether nothing failed.
func (r *reporter) ok() bool { return r.pkgFailed == 0 && r.failed == 0 }

func (r *reporter) event(e event) {
	if !e.Time.IsZero() {
		if r.start.IsZero() {
			r.start = e.Time
		}
		r.last = e.Time
	}
	switch e.Action {
	case "build-output":
		r.builds[e.ImportPath] = append(r.builds[e.ImportPath], e.Output)
		return
	case "build-fail":
		r.write(r.builds[e.ImportPath])
		delete(r.builds, e.ImportPath)
		return
	}
	p := r.packages[e.Package]
	if p == nil {
		p = &pkg{tests: map[string][]string{}}
		r.packages[e.Package] = p
	}
	if e.Test == "" {
		r.packageEvent(e, p)
		return
	}
	top, _, sub := strings.Cut(e.Test, "/")
	switch e.Action {
	case "run":
		if _, ok := p.tests[top]; !ok {
			p.tests[top] = []string{}
			p.order = append(p.order, top)
		}
	case "output":
		p.tests[top] = append(p.tests[top], e.Output)
	case "pass", "fail", "skip":
		if sub {
			return // a subtest: its output stays with its top-level test's
		}
		r.testEnded(e, p, top)
	}
}

func (r *reporter) packageEvent(e event, p *pkg) {
	switch e.Action {
	case "output":
		if isFinalLine(e.Output) {
			p.final = e.Output
		} else {
			p.output = append(p.output, e.Output)
		}
	case "pass", "skip":
		if e.Action == "skip" || strings.HasSuffix(strings.TrimSpace(p.final), "[no test files]") {
			r.pkgNoTests++
		} else {
			r.pkgOK++
		}
		r.writeFinal(e, p)
		delete(r.packages, e.Package)
	case "fail":
		r.pkgFailed++
		r.write(p.output)
		// Tests that never ended (a panic, a timeout): all they printed.
		for _, name := range p.order {
			if out, running := p.tests[name]; running {
				fmt.Fprintf(r.out, "%s  %-4s  %s  %s (did not end)\n", r.clock(e.Time), "FAIL", r.short(e.Package), name)
				r.write(out)
				r.failures = append(r.failures, r.short(e.Package)+" "+name+" (did not end)")
				r.failed++
				p.failed++
			}
		}
		switch {
		case e.FailedBuild != "":
			r.failures = append(r.failures, r.short(e.Package)+" (build failed)")
		case p.failed == 0:
			r.failures = append(r.failures, r.short(e.Package)+" (no test failed: see its output above)")
		}
		r.writeFinal(e, p)
		delete(r.packages, e.Package)
	}
}

func (r *reporter) testEnded(e event, p *pkg, name string) {
	out := p.tests[name]
	delete(p.tests, name)
	word := map[string]string{"pass": "pass", "fail": "FAIL", "skip": "skip"}[e.Action]
	fmt.Fprintf(r.out, "%s  %-4s  %s  %s (%s)\n", r.clock(e.Time), word, r.short(e.Package), name, seconds(e.Elapsed))
	switch e.Action {
	case "pass":
		r.passed++
	case "skip":
		r.skipped++
	case "fail":
		r.failed++
		p.failed++
		r.failures = append(r.failures, r.short(e.Package)+" "+name)
		r.write(out)
	}
}

// writeFinal writes go test's own line for a package, or one like it if there was none.
func (r *reporter) writeFinal(e event, p *pkg) {
	if p.final != "" {
		fmt.Fprint(r.out, p.final)
		return
	}
	word := map[string]string{"pass": "ok  ", "fail": "FAIL", "skip": "?   "}[e.Action]
	fmt.Fprintf(r.out, "%s\t%s\t%s\n", word, e.Package, seconds(e.Elapsed))
}

// finish reports what never ended (the input stopped: go test was interrupted or crashed), then the summary. The
// last line is go test's own closing line of a failed run, FAIL, when anything failed.
func (r *reporter) finish() {
	for path, out := range r.builds {
		fmt.Fprintf(r.out, "# build output of %s\n", path)
		r.write(out)
	}
	for path, p := range r.packages {
		r.pkgFailed++
		fmt.Fprintf(r.out, "testprogress: the output of %s ended before its tests did\n", path)
		r.write(p.output)
		for _, name := range p.order {
			if out, running := p.tests[name]; running {
				fmt.Fprintf(r.out, "--- %s (did not end)\n", name)
				r.write(out)
			}
		}
		r.failures = append(r.failures, r.short(path)+" (did not end)")
	}
	parts := []string{count(r.pkgOK, "package") + " ok"}
	if r.pkgFailed > 0 {
		parts[0] += fmt.Sprintf(", %d failed", r.pkgFailed)
	}
	if r.pkgNoTests > 0 {
		parts[0] += fmt.Sprintf(", %d without tests", r.pkgNoTests)
	}
	tests := count(r.passed, "test") + " passed"
	if r.failed > 0 {
		tests += fmt.Sprintf(", %d failed", r.failed)
	}
	if r.skipped > 0 {
		tests += fmt.Sprintf(", %d skipped", r.skipped)
	}
	parts = append(parts, tests)
	fmt.Fprintf(r.out, "testprogress: %s; %s\n", strings.Join(parts, "; "), r.last.Sub(r.start).Round(time.Second))
	if !r.ok() {
		for _, f := range r.failures {
			fmt.Fprintf(r.out, "--- FAIL: %s\n", f)
		}
		fmt.Fprintln(r.out, "FAIL")
	}
}

// isFinalLine reports whether a package's output line is go test's own line for the package.
func isFinalLine(s string) bool {
	return strings.HasPrefix(s, "ok  \t") || strings.HasPrefix(s, "FAIL\t") || strings.HasPrefix(s, "?   \t")
}

func (r *reporter) write(lines []string) {
	for _, l := range lines {
		fmt.Fprint(r.out, l)
		if !strings.HasSuffix(l, "\n") {
			fmt.Fprintln(r.out)
		}
	}
}

// short is a package's path without the module's.
func (r *reporter) short(path string) string {
	if s, ok := strings.CutPrefix(path, r.trim); ok && r.trim != "" {
		return s
	}
	return path
}

// clock is the time since the first event, as m:ss.
func (r *reporter) clock(t time.Time) string {
	d := t.Sub(r.start)
	if t.IsZero() || d < 0 {
		d = 0
	}
	s := int(d / time.Second)
	return fmt.Sprintf("%3d:%02d", s/60, s%60)
}

func seconds(s float64) string { return fmt.Sprintf("%.2fs", s) }

// count is n and a noun, plural unless n is 1.
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
