package acctest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/provider"
)

// ProviderSource is the provider's address in the configurations CLI runs.
const ProviderSource = "registry.terraform.io/tencentcloud-community/tencentcloud"

// CLI runs the Terraform CLI the acceptance tests use (TF_ACC_TERRAFORM_PATH, else terraform on PATH) in a folder
// of the test's own, against the provider served in the test process (reattached, as terraform-plugin-testing
// serves it): for what terraform-plugin-testing has no step for, such as `terraform apply -invoke`.
type CLI struct {
	t       *testing.T
	Dir     string
	bin     string
	Version *version.Version
	env     []string
}

// NewCLI finds the CLI and its version, serves the provider for the test's duration and writes config into the
// folder; it does not run init (Init does).
func NewCLI(t *testing.T, config string) *CLI {
	t.Helper()
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if bin == "" {
		var err error
		if bin, err = exec.LookPath("terraform"); err != nil {
			t.Fatalf("no Terraform CLI: set TF_ACC_TERRAFORM_PATH or put terraform on PATH: %v", err)
		}
	}
	c := &CLI{t: t, Dir: t.TempDir(), bin: bin}
	c.Version = cliVersion(t, bin)
	rc := filepath.Join(c.Dir, ".terraformrc")
	if err := os.WriteFile(rc, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(c.Dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	c.env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"TF_REATTACH_PROVIDERS="+serveProvider(t))
	return c
}

// cliVersion is the version the CLI reports.
func cliVersion(t *testing.T, bin string) *version.Version {
	t.Helper()
	out, err := exec.Command(bin, "version", "-json").Output()
	if err != nil {
		t.Fatalf("%s version: %v", bin, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%s version -json: %v: %s", bin, err, out)
	}
	parsed, err := version.NewVersion(v.Version)
	if err != nil {
		t.Fatal(err)
	}
	return parsed
}

// IsOpenTofu reports whether the CLI is OpenTofu.
func (c *CLI) IsOpenTofu() bool { return strings.Contains(filepath.Base(c.bin), "tofu") }

// serveProvider serves the provider in the test process until the test ends, and gives the TF_REATTACH_PROVIDERS
// value that points Terraform at it.
func serveProvider(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	configs := make(chan *plugin.ReattachConfig, 1)
	closed := make(chan struct{})
	newServer := provider.NewServer("test")
	go func() {
		err := tf6server.Serve(ProviderSource, func() tfprotov6.ProviderServer {
			s, err := newServer()
			if err != nil {
				panic(err) // the provider's own server: a bug, caught by every test
			}
			return s
		}, tf6server.WithDebug(ctx, configs, closed), tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			// The provider's logs follow TF_LOG and TF_LOG_PATH as under terraform-plugin-testing, not stderr.
			tf6server.WithLoggingSink(t), tf6server.WithoutLogStderrOverride())
		if err != nil {
			t.Errorf("serving the provider: %v", err)
			close(configs)
		}
	}()
	cfg, ok := <-configs
	if !ok || cfg == nil {
		cancel()
		t.FailNow()
	}
	t.Cleanup(func() {
		cancel()
		<-closed
	})
	reattach, err := json.Marshal(map[string]any{ProviderSource: map[string]any{
		"Protocol": string(cfg.Protocol), "ProtocolVersion": cfg.ProtocolVersion, "Pid": cfg.Pid, "Test": true,
		"Addr": map[string]string{"Network": cfg.Addr.Network(), "String": cfg.Addr.String()},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return string(reattach)
}

// Run runs the CLI with args in the folder: its output (stdout and stderr together), and its error.
func (c *CLI) Run(args ...string) (string, error) {
	c.t.Helper()
	cmd := exec.Command(c.bin, args...)
	cmd.Dir, cmd.Env = c.Dir, c.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		c.t.Fatalf("%s %s: %v", c.bin, strings.Join(args, " "), err)
	}
	return out.String(), err
}

// Init runs terraform init, which must succeed.
func (c *CLI) Init() {
	c.t.Helper()
	if out, err := c.Run("init", "-input=false", "-no-color"); err != nil {
		c.t.Fatalf("terraform init: %v\n%s", err, out)
	}
}
