package provider_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/provider"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// listDataSources are the data sources that page through a list action, each with a page_size argument.
var listDataSources = []string{"tencentcloud_cdb_backups", "tencentcloud_cdb_binlogs", "tencentcloud_cdb_instances"}

// largestPageOf is the largest page size of a list data source, or of the list action a sentence names:
// DescribeDBInstances' is its own (tencentcloud.LargestInstancePageSize), the others' largest.
func largestPageOf(name string, largest int64) int64 {
	if strings.Contains(name, "DescribeDBInstances") || strings.Contains(name, "tencentcloud_cdb_instances") || strings.HasSuffix(name, "cdb_instances.md") {
		return tencentcloud.LargestInstancePageSize
	}
	return largest
}

// pageSizeTopic marks a sentence about the page size of a listing.
var pageSizeTopic = regexp.MustCompile("(?i)`?page_size`?|page size|largest page")

// Claims about a number in a sentence about page sizes. The text between the number and the word that makes it a
// claim is captured too, so that a number said to be the specification's is not taken for the API's.
var (
	pageRange = regexp.MustCompile(`\b(\d[\d,]*) to (\d[\d,]*)\b`)
	// "100, the API's maximum", "1000 by default", "up to 1000", "default 100", "the largest page the API
	// accepts (1,000": a number next to the word that says what it is.
	numberBeforeClaim = regexp.MustCompile(`\b(\d[\d,]*)([^.;()\d]{0,25}?)\b(?:maximum|by default)\b`)
	claimBeforeNumber = regexp.MustCompile(`(?i)\b(?:maximum|at most|up to|default|largest page)\b([^.;\d]{0,60}?)\b(\d[\d,]*)\b`)
	// A sentence ends at a full stop followed by white space; paragraphs, table rows and list items are split
	// apart first (sentences).
	sentenceEnd = regexp.MustCompile(`\.\s+`)
)

// number reads "1,000" or "1000".
func number(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(strings.ReplaceAll(s, ",", ""), 10, 64)
	if err != nil {
		t.Fatalf("%q is not a number: %v", s, err)
	}
	return n
}

// sentences splits Markdown text into sentences: paragraphs (lines joined), each table row (cells together: a row
// names what its other cells describe) and each list item on its own, then at full stops.
func sentences(text string) []string {
	var units []string
	var para []string
	flush := func() {
		if len(para) > 0 {
			units = append(units, strings.Join(para, " "))
			para = nil
		}
	}
	for _, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, "#") || strings.HasPrefix(trimmed, "```"):
			flush()
		case strings.HasPrefix(trimmed, "|"):
			flush()
			units = append(units, trimmed)
		case strings.HasPrefix(trimmed, "- ") || strings.HasPrefix(trimmed, "* "):
			flush()
			para = append(para, trimmed)
		default:
			para = append(para, trimmed)
		}
	}
	flush()
	var out []string
	for _, u := range units {
		out = append(out, sentenceEnd.Split(u, -1)...)
	}
	return out
}

// pageSizeProblems returns what text says about page sizes that disagrees with the largest page, largest: every
// range given for page_size must be 1 to largest, and a number said to be the maximum, the default or the largest
// page must be largest, unless the sentence says it is the specification's or what is used where the API refuses
// the largest (the fallback). It returns the offending sentences, and how many statements it checked.
func pageSizeProblems(t *testing.T, text string, largest int64) (problems []string, checked int) {
	t.Helper()
	all := largest
	for _, s := range sentences(text) {
		loc := pageSizeTopic.FindStringIndex(s)
		if loc == nil {
			continue
		}
		largest := largestPageOf(s, all)
		rest := s[loc[0]:]
		if m := pageRange.FindStringSubmatch(rest); m != nil {
			checked++
			if lo, hi := number(t, m[1]), number(t, m[2]); lo != 1 || hi != largest {
				problems = append(problems, fmt.Sprintf("range %d to %d, want 1 to %d: %q", lo, hi, largest, s))
			}
		}
		exempt := func(between string) bool { return strings.Contains(between, "specification") }
		for _, m := range numberBeforeClaim.FindAllStringSubmatch(s, -1) {
			if strings.HasSuffix(strings.TrimSpace(m[2]), " to") || exempt(m[2]) {
				continue // the top of a range, checked above
			}
			checked++
			if n := number(t, m[1]); n != largest {
				problems = append(problems, fmt.Sprintf("%d stated as the maximum or the default, want %d: %q", n, largest, s))
			}
		}
		for _, m := range claimBeforeNumber.FindAllStringSubmatch(s, -1) {
			if exempt(m[1]) {
				continue
			}
			checked++
			if n := number(t, m[2]); n != largest {
				problems = append(problems, fmt.Sprintf("%d stated as the maximum, the default or the largest page, want %d: %q", n, largest, s))
			}
		}
	}
	return problems, checked
}

// TestPageSizeProblems_Catches keeps the checker honest: the README line that the checks below were written
// against, and a docs sentence that drifted the same way, must be caught; the current wording must pass.
func TestPageSizeProblems_Catches(t *testing.T) {
	for _, bad := range []string{
		"Arguments: `instance_id` (required), `page_size` (1 to 100, default 100) and filters applied after every page is read:",
		"All pages are read, `page_size` backups per `DescribeBackups` call (100, the API's maximum, by default), so an instance\nwith 1,000 backups takes 10 calls.",
		"- `page_size` (Number) Backups requested per `DescribeBackups` call, 1 to 100; the state shows the page size used.",
		"`page_size` accepts up to 500.",
		"| `page_size` | 1 to 1000, 100 by default |",
	} {
		if problems, _ := pageSizeProblems(t, bad, 1000); len(problems) == 0 {
			t.Errorf("no problem found in %q", bad)
		}
	}
	for _, good := range []string{
		"Arguments: `instance_id` (required), `page_size` (1 to 1000; by default the largest page the API accepts, 1000, or 100 where the API refuses that) and filters:",
		"- `page_size` (Number) Binlogs requested per `DescribeBinlogs` call, 1 to 1000; the state shows the page size used. " +
			"Without it, the largest page the API accepts (1000, or 100 where the API refuses that), as for `tencentcloud_cdb_backups`.",
		"A listing asks for the largest page the API accepts: 1,000 backups per call, as Tencent Cloud's current API reference\n" +
			"says, where the API specification said 100.",
		"The `page_size` is at most 1000; 100, the specification's maximum, is the fallback.",
	} {
		problems, checked := pageSizeProblems(t, good, 1000)
		if len(problems) > 0 || checked == 0 {
			t.Errorf("%q: %d statements checked, problems %q; want at least one checked and none wrong", good, checked, problems)
		}
	}
}

// TestPageSize_OneLargestPageEverywhere fails when the largest page size drifts apart between the places that
// state it: the provider's (tencentcloud.LargestPageSize, the Limit its first listing asks for), the page_size
// validators of every list data source, the mock's default largest Limit (the current API's, which the acceptance
// tests, the demo and the module tests run against), the generated docs and README.md. FallbackPageSize, the
// specification's 100, is only what the provider falls back to.
func TestPageSize_OneLargestPageEverywhere(t *testing.T) {
	largest := int64(tencentcloud.LargestPageSize)
	if mock.DefaultMaxLimit != largest {
		t.Errorf("the mock accepts a Limit of up to %d by default, the provider asks for %d first: "+
			"the mock's default must be the current API's largest page", mock.DefaultMaxLimit, largest)
	}
	if mock.SpecificationMaxLimit != tencentcloud.FallbackPageSize {
		t.Errorf("the mock's specification bound %d is not the provider's fallback page size %d", mock.SpecificationMaxLimit, tencentcloud.FallbackPageSize)
	}

	t.Run("schema", func(t *testing.T) {
		ctx := context.Background()
		var found []string
		for _, newDataSource := range provider.New("test")().DataSources(ctx) {
			ds := newDataSource()
			var meta datasource.MetadataResponse
			ds.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "tencentcloud"}, &meta)
			var resp datasource.SchemaResponse
			ds.Schema(ctx, datasource.SchemaRequest{}, &resp)
			attr, ok := resp.Schema.Attributes["page_size"]
			if !ok {
				continue
			}
			found = append(found, meta.TypeName)
			largest := largestPageOf(meta.TypeName, largest)
			pageSize, ok := attr.(schema.Int64Attribute)
			if !ok {
				t.Errorf("%s: page_size is a %T, want an Int64Attribute", meta.TypeName, attr)
				continue
			}
			if want := fmt.Sprintf(" 1 to %d;", largest); !strings.Contains(pageSize.MarkdownDescription, want) {
				t.Errorf("%s: page_size's description does not say %q: %q", meta.TypeName, want, pageSize.MarkdownDescription)
			}
			// What the validators accept: 1 and the largest page, not 0 nor one more.
			for _, tc := range []struct {
				value  int64
				accept bool
			}{{1, true}, {largest, true}, {0, false}, {largest + 1, false}, {tencentcloud.FallbackPageSize, true}} {
				var diags int
				for _, v := range pageSize.Validators {
					var vresp validator.Int64Response
					v.ValidateInt64(ctx, validator.Int64Request{Path: path.Root("page_size"), ConfigValue: types.Int64Value(tc.value)}, &vresp)
					diags += vresp.Diagnostics.ErrorsCount()
				}
				if (diags == 0) != tc.accept {
					t.Errorf("%s: page_size = %d: %d validation errors, want it accepted: %v", meta.TypeName, tc.value, diags, tc.accept)
				}
			}
		}
		slices.Sort(found)
		if !slices.Equal(found, listDataSources) {
			t.Errorf("data sources with a page_size: %v, want %v", found, listDataSources)
		}
	})

	t.Run("docs", func(t *testing.T) {
		pages, err := filepath.Glob("../../docs/*/*.md")
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, "../../docs/index.md")
		checked := 0
		for _, page := range pages {
			text, err := os.ReadFile(page)
			if err != nil {
				t.Fatal(err)
			}
			problems, n := pageSizeProblems(t, string(text), largestPageOf(page, largest))
			checked += n
			for _, p := range problems {
				t.Errorf("%s: %s (edit templates/ or the schema's description, then run make docs)", page, p)
			}
		}
		for _, name := range listDataSources {
			page := "../../docs/data-sources/" + strings.TrimPrefix(name, "tencentcloud_") + ".md"
			_, generated := readDocsPage(t, page)
			const entry = "- `page_size` (Number) "
			i := strings.Index(generated, entry)
			if i < 0 {
				t.Errorf("%s: no %q in the schema section: run make docs", page, entry)
				continue
			}
			line, _, _ := strings.Cut(generated[i:], "\n")
			if want := fmt.Sprintf(" 1 to %d;", largestPageOf(name, largest)); !strings.Contains(line, want) {
				t.Errorf("%s: page_size does not say %q: %q", page, want, line)
			}
		}
		if checked < len(listDataSources) {
			t.Errorf("only %d statements about page sizes checked in docs/", checked)
		}
	})

	t.Run("README.md", func(t *testing.T) {
		text, err := os.ReadFile("../../README.md")
		if err != nil {
			t.Fatal(err)
		}
		problems, _ := pageSizeProblems(t, string(text), largest)
		for _, p := range problems {
			t.Errorf("README.md: %s", p)
		}
		// What README.md says of the mock's default largest Limit (tcmock -max-limit).
		byDefault := regexp.MustCompile(`\b(\d[\d,]*) by default\b|\bdefault (\d[\d,]*)\b`)
		for _, s := range sentences(string(text)) {
			if !strings.Contains(s, "-max-limit") {
				continue
			}
			for _, m := range byDefault.FindAllStringSubmatch(s, -1) {
				if n := number(t, m[1]+m[2]); n != mock.DefaultMaxLimit {
					t.Errorf("README.md: tcmock's -max-limit stated as %d by default, want %d: %q", n, mock.DefaultMaxLimit, s)
				}
			}
		}
	})
}
