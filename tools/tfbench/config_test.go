package main

import (
	"errors"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestRenderConfig_OneInstance(t *testing.T) {
	got := renderConfig(scenario{name: "a", instances: 1, backups: 10_000}, "http://127.0.0.1:4321", 100)
	for _, want := range []string{
		`source = "tencentcloud-community/tencentcloud"`,
		`region     = "ap-guangzhou"`,
		`secret_id  = "AKIDmockTcmock0000000000000000000000"`,
		`secret_key = "mockSecretKeyTcmock0000000000000"`,
		"  requests_per_second = 100\n",
		`cdb = "http://127.0.0.1:4321"`,
		"data \"tencentcloud_cdb_backups\" \"this\" {\n  instance_id = \"cdb-tfba0000\"\n}",
		"value = length(data.tencentcloud_cdb_backups.this.backups)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the configuration lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "for_each") {
		t.Errorf("one instance is a plain data source, without for_each:\n%s", got)
	}
}

func TestRenderConfig_ForEach(t *testing.T) {
	got := renderConfig(scenario{name: "b", instances: 3, backups: 300}, "http://127.0.0.1:4321", 0)
	for _, want := range []string{
		"    \"cdb-tfbb0000\",\n    \"cdb-tfbb0001\",\n    \"cdb-tfbb0002\",\n  ]",
		"for_each    = toset(local.instance_ids)",
		"instance_id = each.value",
		"value = sum([for d in data.tencentcloud_cdb_backups.this : length(d.backups)])",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the configuration lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "requests_per_second") {
		t.Errorf("rate 0 leaves requests_per_second at the provider's default:\n%s", got)
	}
}

func TestRenderCLIConfig(t *testing.T) {
	got := renderCLIConfig("/tmp/tfbench-1/plugins")
	want := `provider_installation {
  dev_overrides {
    "tencentcloud-community/tencentcloud" = "/tmp/tfbench-1/plugins"
  }
  direct {}
}
`
	if got != want {
		t.Errorf("renderCLIConfig() =\n%s\nwant\n%s", got, want)
	}
}

func TestHCLString(t *testing.T) {
	for in, want := range map[string]string{
		"http://127.0.0.1:80": `"http://127.0.0.1:80"`,
		`C:\a "b"`:            `"C:\\a \"b\""`,
		"/x/${y}/%{z}":        `"/x/$${y}/%%{z}"`,
	} {
		if got := hclString(in); got != want {
			t.Errorf("hclString(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestProviderRate(t *testing.T) {
	for quota, want := range map[float64]float64{100: 100, 250: 250, 10: 0, 99.5: 0, 0: 0} {
		if got := providerRate(quota); got != want {
			t.Errorf("providerRate(%g) = %g, want %g", quota, got, want)
		}
	}
}

func TestInstanceIDs_AreValidAndDistinct(t *testing.T) {
	// The data source's own validation: "cdb-" and 8 lowercase letters or digits.
	valid := regexp.MustCompile(`^cdb-[a-z0-9]{8}$`)
	for _, scenarios := range [][]scenario{fullScenarios, shortScenarios} {
		var all []string
		for _, sc := range scenarios {
			ids := sc.instanceIDs()
			if len(ids) != sc.instances {
				t.Errorf("scenario %s has %d IDs, want %d", sc.name, len(ids), sc.instances)
			}
			for _, id := range ids {
				if !valid.MatchString(id) {
					t.Errorf("instance ID %q of scenario %s is not valid", id, sc.name)
				}
			}
			all = append(all, ids...)
		}
		slices.Sort(all)
		if n := len(slices.Compact(slices.Clone(all))); n != len(all) {
			t.Errorf("%d of %d instance IDs are shared between or within scenarios", len(all)-n, len(all))
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 10_000: "10,000", 1_234_567: "1,234,567", -2500: "-2,500"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestBackupCount(t *testing.T) {
	plan := "data.tencentcloud_cdb_backups.this: Read complete after 1s [id=cdb-tfba0000]\n\n" +
		"Changes to Outputs:\n  + backup_count = 10000\n\nYou can apply this plan"
	if n, ok := backupCount(plan); !ok || n != 10_000 {
		t.Errorf("backupCount() = %d, %t; want 10000, true", n, ok)
	}
	if _, ok := backupCount("Error: something failed"); ok {
		t.Error("backupCount() found a count in a plan without one")
	}
}

func TestCleanEnv(t *testing.T) {
	got := cleanEnv([]string{"PATH=/bin", "TF_LOG=trace", "TENCENTCLOUD_REQUESTS_PER_SECOND=5", "TFBENCH_REAL_PROVIDER=/x", "HOME=/root", "GOFLAGS=-x"})
	want := []string{"PATH=/bin", "HOME=/root", "GOFLAGS=-x"}
	if !slices.Equal(got, want) {
		t.Errorf("cleanEnv() = %q, want %q", got, want)
	}
}

func TestParseFlags(t *testing.T) {
	opts, err := parseFlags(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(opts.scenarios, fullScenarios) || !slices.Equal(opts.quotas, []float64{100, 10}) {
		t.Errorf("defaults: scenarios %+v, quotas %v; want the full scenarios at 100 then 10 req/s", opts.scenarios, opts.quotas)
	}
	opts, err = parseFlags([]string{"-short", "-scenarios", "b", "-quotas", "50"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(opts.scenarios, shortScenarios[1:]) || !slices.Equal(opts.quotas, []float64{50}) {
		t.Errorf("-short -scenarios b -quotas 50: scenarios %+v, quotas %v", opts.scenarios, opts.quotas)
	}
	for _, args := range [][]string{
		{"-scenarios", "c"}, {"-scenarios", "a,a"}, {"-quotas", "-1"}, {"-quotas", "fast"}, {"-latency", "-1s"}, {"extra"},
	} {
		_, err := parseFlags(args, io.Discard)
		var usage usageError
		if !errors.As(err, &usage) {
			t.Errorf("parseFlags(%q) = %v, want a usage error", args, err)
		}
	}
}
