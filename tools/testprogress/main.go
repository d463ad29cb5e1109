// Command testprogress shows the progress of `go test -json`: a line per top-level test and per package as each
// ends, with its duration, the whole output of what fails, and a closing summary. The packages' own lines ("ok",
// "FAIL", "?") are go test's, unchanged, and a run that failed ends with go test's closing FAIL line, so what reads
// go test's output still reads this.
//
//	testprogress go test -json ./... -count=1     # runs the command, exits with its exit status
//	go test -json ./... | testprogress            # reads the events from stdin
//
// Given a command, it runs it with stdin and stderr passed through and reads its stdout; it exits with the
// command's exit status, or 1 if the command exited 0 after a failure. Reading stdin, it cannot see go test's
// exit status: it exits 1 if any test or package failed. Either way, an interrupt (Ctrl-C) reaches go test, and
// testprogress reports what go test printed until it stopped. Progress lines name packages without the module path
// of go.mod in the current folder.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strings"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
		fmt.Fprintln(stderr, "usage: testprogress [go test -json ...]  (or: go test -json ... | testprogress)")
		return 2
	}
	r := newReporter(stdout, modulePath("go.mod"))
	if len(args) == 0 {
		ok, err := r.read(stdin)
		if err != nil {
			fmt.Fprintf(stderr, "testprogress: reading the events: %v\n", err)
			return 1
		}
		if !ok {
			return 1
		}
		return 0
	}

	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stderr = stdin, stderr
	events, err := cmd.StdoutPipe()
	if err != nil {
		fmt.Fprintf(stderr, "testprogress: %v\n", err)
		return 2
	}
	// An interrupt goes to go test too (the terminal sends it to the whole process group): testprogress keeps
	// reading until go test has stopped, to report what it printed. Notify, unlike Ignore, is not inherited.
	interrupts := make(chan os.Signal, 1)
	signal.Notify(interrupts, os.Interrupt)
	defer signal.Stop(interrupts)
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(stderr, "testprogress: %v\n", err)
		return 2
	}
	ok, readErr := r.read(events)
	if readErr != nil {
		fmt.Fprintf(stderr, "testprogress: reading the events: %v\n", readErr)
		_, _ = io.Copy(io.Discard, events) // let the command finish writing
	}
	waitErr := cmd.Wait()
	var exit *exec.ExitError
	switch {
	case errors.As(waitErr, &exit):
		if code := exit.ExitCode(); code > 0 {
			return code
		}
		return 1 // killed by a signal
	case waitErr != nil:
		fmt.Fprintf(stderr, "testprogress: %v\n", waitErr)
		return 1
	case !ok || readErr != nil:
		return 1
	}
	return 0
}

// modulePath is the module path that go.mod at path declares, or "" when there is none.
func modulePath(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}
