package provider_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// readmeBlock is a ```terraform block of README.md and the line it starts on.
type readmeBlock struct {
	line int
	text string
}

// terraformBlocks returns the ```terraform blocks of a Markdown text.
func terraformBlocks(markdown string) []readmeBlock {
	var blocks []readmeBlock
	var cur *readmeBlock
	for i, line := range strings.Split(markdown, "\n") {
		switch {
		case cur == nil && strings.TrimSpace(line) == "```terraform":
			cur = &readmeBlock{line: i + 1}
		case cur != nil && strings.TrimSpace(line) == "```":
			blocks = append(blocks, *cur)
			cur = nil
		case cur != nil:
			cur.text += line + "\n"
		}
	}
	return blocks
}

// declaresObjects matches a configuration that declares what the provider serves (an action too) or a resource that uses it:
// such a snippet is an example a user copies, and must be one that CI applies.
var declaresObjects = regexp.MustCompile(`(?m)^\s*(data|ephemeral|resource|check|action)\s+"`)

// significantLines are a configuration's lines without comments, blank lines or indentation, and with the spaces
// around "=" that terraform fmt aligns collapsed: what an excerpt must keep of its source.
func significantLines(config string) []string {
	var out []string
	for _, line := range strings.Split(config, "\n") {
		line = stripComment(line)
		line = strings.Join(strings.Fields(line), " ")
		line = strings.ReplaceAll(line, " = ", "=")
		if line != "" {
			out = append(out, line)
		}
	}
	return out
}

// stripComment removes a # or // comment that starts outside a string.
func stripComment(line string) string {
	inString := false
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '\\' && inString:
			i++
		case line[i] == '"':
			inString = !inString
		case !inString && (line[i] == '#' || strings.HasPrefix(line[i:], "//")):
			return line[:i]
		}
	}
	return line
}

// isExcerpt reports whether every line of want appears in have, in the same order.
func isExcerpt(want, have []string) bool {
	j := 0
	for _, line := range have {
		if j < len(want) && line == want[j] {
			j++
		}
	}
	return j == len(want)
}

// appliedExamples are the configurations make examples-apply plans and applies against the mock: every .tf file
// under examples/ outside the modules (which make module-test covers), and the modules' example.tf.txt.
func appliedExamples(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	err := filepath.WalkDir("../../examples", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(path, ".tf") && !strings.HasSuffix(path, "example.tf.txt") {
			return nil
		}
		if strings.Contains(path, "/modules/") && !strings.HasSuffix(path, "example.tf.txt") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		out[path] = significantLines(string(src))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatal("found no example configuration under examples/")
	}
	return out
}

// TestReadme_ExamplesAreApplied keeps README.md's examples honest: each snippet that declares a data source, an
// ephemeral resource, a resource or a check must be an excerpt (its lines in order, comments aside) of an example
// that make examples-apply plans and applies against the mock in CI. A snippet written apart from the examples
// could fail at apply unnoticed, as a coalesce() of a null decryption key once did.
func TestReadme_ExamplesAreApplied(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	examples := appliedExamples(t)
	checked := 0
	for _, b := range terraformBlocks(string(readme)) {
		if !declaresObjects.MatchString(b.text) {
			continue
		}
		checked++
		want := significantLines(b.text)
		found := false
		for _, have := range examples {
			if isExcerpt(want, have) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("README.md line %d: this example is not an excerpt of any example under examples/ that make examples-apply applies; "+
				"copy it from one (comments may differ), or add it to one:\n%s", b.line, b.text)
		}
	}
	if checked == 0 {
		t.Error("README.md has no example that declares a data source, ephemeral resource, resource or check")
	}
}

// TestReadme_ExcerptCheckCatchesDrift shows the check above fails on a snippet that differs from its source in
// one argument, as the coalesce() example did, and passes the same snippet with only its comments changed.
func TestReadme_ExcerptCheckCatchesDrift(t *testing.T) {
	source := significantLines(`
ephemeral "x" "y" {
  instance_id = var.instance_id # the instance
  environment = {
    KEY = (a.encrypted ? a.key : "")
  }
}
`)
	same := significantLines(`
ephemeral "x" "y" {
  instance_id    = var.instance_id
  environment = {
    # a comment of its own
    KEY = (a.encrypted ? a.key : "")
  }
}
`)
	drifted := significantLines(`
ephemeral "x" "y" {
  instance_id = var.instance_id
  environment = {
    KEY = coalesce(a.key, "")
  }
}
`)
	if !isExcerpt(same, source) {
		t.Errorf("a snippet differing only in comments and alignment is not taken for an excerpt: %q of %q", same, source)
	}
	if isExcerpt(drifted, source) {
		t.Errorf("a snippet with another argument value is taken for an excerpt: %q of %q", drifted, source)
	}
	if got := stripComment(`url = "http://host/#anchor" # comment`); got != `url = "http://host/#anchor" ` {
		t.Errorf("stripComment: %q", got)
	}
}
