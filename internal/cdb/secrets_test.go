package cdb_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/acctest"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// tracedInstance is the instance the traced read lists; its backups' download links must never be logged.
const tracedInstance = "cdb-trace001"

func tracedBackups() []mock.Backup {
	return mock.GenerateBackups(tracedInstance, acctest.Region, 40, acctest.Newest)
}

// TestAccCDBBackups_TracedRead is the read whose logs TestAccCDBBackups_NoSecretsInTraceLogs searches. It runs only
// when that test starts it, with TF_LOG=TRACE: retries, errors and a sensitive output included.
func TestAccCDBBackups_TracedRead(t *testing.T) {
	if os.Getenv("TC_TRACED_READ") == "" {
		t.Skip("run by TestAccCDBBackups_NoSecretsInTraceLogs")
	}
	srv := startTracedMock(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tracedConfig(srv, ""),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("backups"), knownvalue.ListSizeExact(len(tracedBackups()))),
			},
		}},
	})
}

// TestAccBackupDownload_TracedRead is the traced read again, with the ephemeral resource handing the newest
// encrypted backup's links and decryption key to a provisioner; TestAccBackupDownload_NoSecretsInTraceLogs searches
// its logs. Ephemeral resources need Terraform 1.10: below that, this half is skipped and the traced read without
// it still runs.
func TestAccBackupDownload_TracedRead(t *testing.T) {
	if os.Getenv("TC_TRACED_READ") == "" {
		t.Skip("run by TestAccBackupDownload_NoSecretsInTraceLogs")
	}
	srv := startTracedMock(t)
	encrypted := tracedEncryptedBackup(t)
	decryptionKey, ok := srv.DecryptionKey(acctest.Region, tracedInstance, encrypted)
	if !ok {
		t.Fatalf("the mock has no key for backup %d", encrypted)
	}
	writeTracedSecret(t, "decryption key", decryptionKey)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralVersions,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tracedConfig(srv, fmt.Sprintf(`
ephemeral "tencentcloud_cdb_backup_download" "encrypted" {
  instance_id = data.tencentcloud_cdb_backups.test.instance_id
  backup_id   = %d
}

resource "terraform_data" "drill" {
  input = "drill"
  provisioner "local-exec" {
    command = "test -n \"$URL\" && test -n \"$KEY\""
    environment = {
      URL = ephemeral.tencentcloud_cdb_backup_download.encrypted.internet_url
      KEY = ephemeral.tencentcloud_cdb_backup_download.encrypted.decryption_key
    }
  }
}
`, encrypted)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(dataSourceAddr, tfjsonpath.New("backups"), knownvalue.ListSizeExact(len(tracedBackups()))),
			},
		}},
	})
}

// startTracedMock starts the mock for a traced read: the traced instance's backups, temporary credentials from an
// assumed role in the environment, and a rate-limit error to retry. It writes the secret key and the token to the
// file TC_TRACED_SECRETS names, for the parent test to search for.
func startTracedMock(t *testing.T) *mock.Server {
	t.Helper()
	srv := acctest.StartMock(t)
	srv.SetBackups(acctest.Region, tracedInstance, tracedBackups())
	const role = "qcs::cam::uin/100000000001:roleName/traced"
	if err := srv.AddRole(mock.Role{ARN: role}); err != nil {
		t.Fatal(err)
	}
	tmp, err := srv.IssueCredential(role, "traced", 0)
	if err != nil {
		t.Fatal(err)
	}
	srv.InjectError(2, "RequestLimitExceeded", "Your requests are too frequent.")
	// Credentials come from the environment, as in CI: the test harness logs the configuration files it writes,
	// and a secret written into a configuration is the user's own to protect.
	t.Setenv("TENCENTCLOUD_SECRET_ID", tmp.SecretID)
	t.Setenv("TENCENTCLOUD_SECRET_KEY", tmp.SecretKey)
	t.Setenv("TENCENTCLOUD_SECURITY_TOKEN", tmp.Token)
	writeTracedSecret(t, "secret key", tmp.SecretKey)
	writeTracedSecret(t, "security token", tmp.Token)
	return srv
}

// writeTracedSecret appends one secret, as "what<TAB>secret", to the file TC_TRACED_SECRETS names.
func writeTracedSecret(t *testing.T, what, secret string) {
	t.Helper()
	if secret == "" || strings.ContainsAny(secret, "\t\n") {
		t.Fatalf("the %s is empty or has a tab or a newline", what)
	}
	f, err := os.OpenFile(os.Getenv("TC_TRACED_SECRETS"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fmt.Fprintf(f, "%s\t%s\n", what, secret); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// tracedConfig is the traced read's configuration: the data source with its download links and a sensitive output
// of one of them, then extra.
func tracedConfig(srv *mock.Server, extra string) string {
	return fmt.Sprintf(`
provider "tencentcloud" {
  region = %q
  endpoints {
    cdb = %q
  }
}

data "tencentcloud_cdb_backups" "test" {
  instance_id           = %q
  page_size             = 10
  include_download_urls = true
}

output "link" {
  value     = data.tencentcloud_cdb_backups.test.download_urls[tostring(data.tencentcloud_cdb_backups.test.backups[1].backup_id)]
  sensitive = true
}
`, acctest.Region, srv.URL(), tracedInstance) + extra
}

// tracedEncryptedBackup is the newest successful encrypted backup of the traced instance, whose key the traced
// run fetches through the ephemeral resource.
func tracedEncryptedBackup(t *testing.T) int64 {
	t.Helper()
	for _, b := range tracedBackups() {
		if b.Status == "SUCCESS" && b.EncryptionFlag == "on" {
			return b.BackupId
		}
	}
	t.Fatal("the traced instance has no successful encrypted backup")
	return 0
}

// TestAccCDBBackups_NoSecretsInTraceLogs runs the traced read in a child process at TF_LOG=TRACE and searches all
// it wrote (its output and the log file Terraform and the provider write to) for the secret key, the token, the
// request signatures and every download link.
func TestAccCDBBackups_NoSecretsInTraceLogs(t *testing.T) {
	searchTracedRead(t, "TestAccCDBBackups_TracedRead")
}

// TestAccBackupDownload_NoSecretsInTraceLogs does the same for the traced read with the ephemeral resource, and
// searches for the decryption key it hands out too. The child's Terraform version check (1.10) decides whether it
// runs: when the child skips, so does this test.
func TestAccBackupDownload_NoSecretsInTraceLogs(t *testing.T) {
	searchTracedRead(t, "TestAccBackupDownload_TracedRead", "OpenEphemeralResource", "DescribeBackupDecryptionKey")
}

// searchTracedRead runs the test child in a child process at TF_LOG=TRACE and fails when any secret the child
// wrote down, a request signature or a download link of the traced instance appears in what it wrote. want are
// strings the trace must contain besides the provider's call and retry logs, so that the search proves something.
func searchTracedRead(t *testing.T, child string, want ...string) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	if os.Getenv("TC_TRACED_READ") != "" {
		t.Skip("this is the child process")
	}
	t.Parallel() // the traced read runs in a process of its own, with an environment of its own
	dir := t.TempDir()
	logPath, secretsPath := filepath.Join(dir, "trace.log"), filepath.Join(dir, "secrets")
	cmd := exec.Command(os.Args[0], "-test.run=^"+child+"$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), "TC_TRACED_READ=1", "TF_LOG=TRACE", "TF_ACC_LOG_PATH="+logPath, "TC_TRACED_SECRETS="+secretsPath)
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Run(); err != nil {
		t.Fatalf("the traced read failed: %v\n%s", err, output.String())
	}
	if strings.Contains(output.String(), "--- SKIP: "+child) {
		t.Skipf("%s skipped itself:\n%s", child, output.String())
	}
	logs, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	all := output.String() + string(logs)

	// The search must have something to search: the provider's own call and retry logs at least.
	for _, w := range append([]string{"--- PASS: " + child, "Tencent Cloud API call", "Retrying Tencent Cloud API call", "RequestLimitExceeded", "ReadDataSource"}, want...) {
		if !strings.Contains(all, w) {
			t.Fatalf("the trace lacks %q, so it proves nothing (%d bytes)", w, len(all))
		}
	}
	issued, err := os.ReadFile(secretsPath)
	if err != nil {
		t.Fatal(err)
	}
	secrets := map[string]string{
		"request signature":    "Signature=",
		"authorization header": "TC3-HMAC-SHA256 Credential",
	}
	for _, line := range strings.Split(strings.TrimSuffix(string(issued), "\n"), "\n") {
		what, secret, ok := strings.Cut(line, "\t")
		if !ok || secret == "" {
			t.Fatalf("the traced read wrote down %q, want what<TAB>secret", line)
		}
		secrets[what] = secret
	}
	if _, ok := secrets["secret key"]; !ok {
		t.Fatalf("the traced read did not write down its secret key: %q", issued)
	}
	links := 0
	for _, b := range tracedBackups() {
		for _, u := range []string{b.InternetUrl, b.IntranetUrl} {
			if u != "" {
				secrets[fmt.Sprintf("download link of backup %d", b.BackupId)+u[len(u)-8:]] = u
				links++
			}
		}
		for _, r := range b.RemoteInfo {
			if r.Url != "" {
				secrets[fmt.Sprintf("download link of copy %d", r.SubBackupId)] = r.Url
				links++
			}
		}
	}
	if links < 40 {
		t.Fatalf("only %d download links in the fixture", links)
	}
	for what, secret := range secrets {
		if i := strings.Index(all, secret); i >= 0 {
			t.Errorf("the %s appears in the TRACE output: ...%s...", what, all[max(0, i-200):min(len(all), i+len(secret)+50)])
		}
	}
	t.Logf("searched %d bytes of TRACE output for %d secrets and links", len(all), len(secrets))
}
