package mock_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// decryptionKeyResponse is this test's own decoding of a DescribeBackupDecryptionKey answer.
type decryptionKeyResponse struct {
	tchttp.BaseResponse
	Response struct {
		DecryptionKey *string `json:"DecryptionKey"`
		RequestId     string  `json:"RequestId"`
	} `json:"Response"`
}

// describeKey sends DescribeBackupDecryptionKey with these parameters, signed by the SDK.
func describeKey(t *testing.T, client *common.Client, params map[string]any) (*decryptionKeyResponse, error) {
	t.Helper()
	req := tchttp.NewCommonRequest("cdb", "2017-03-20", "DescribeBackupDecryptionKey")
	if err := req.SetActionParameters(params); err != nil {
		t.Fatalf("SetActionParameters: %v", err)
	}
	resp := &decryptionKeyResponse{}
	err := client.Send(req, resp)
	return resp, err
}

// mustDescribeKey sends a call that must answer a key, and returns the key.
func mustDescribeKey(t *testing.T, client *common.Client, params map[string]any) string {
	t.Helper()
	resp, err := describeKey(t, client, params)
	if err != nil {
		t.Fatalf("DescribeBackupDecryptionKey(%v): %v", params, err)
	}
	if resp.Response.DecryptionKey == nil || resp.Response.RequestId == "" {
		t.Fatalf("DescribeBackupDecryptionKey(%v): answer without DecryptionKey or RequestId", params)
	}
	return *resp.Response.DecryptionKey
}

// encryption splits backups into the encrypted and the unencrypted SUCCESS ones.
func encryption(backups []mock.Backup) (encrypted, plain []mock.Backup) {
	for _, b := range backups {
		switch {
		case b.Status != "SUCCESS":
		case b.EncryptionFlag == "on":
			encrypted = append(encrypted, b)
		default:
			plain = append(plain, b)
		}
	}
	return encrypted, plain
}

func TestDescribeBackupDecryptionKey_AnswersEachBackupsKey(t *testing.T) {
	const instance, region = "cdb-c1nl9rpv", "ap-guangzhou"
	s := startServer(t, mock.Options{})
	stored := mock.GenerateBackups(instance, region, 25, newest)
	s.SetBackups(region, instance, stored)
	client := newClient(t, s, clientConfig{region: region})

	encrypted, _ := encryption(stored)
	if len(encrypted) < 2 {
		t.Fatalf("%d encrypted SUCCESS backups among 25, want at least 2", len(encrypted))
	}
	hex32 := regexp.MustCompile(`^[0-9a-f]{32}$`)
	seen := map[string]int64{}
	for _, b := range encrypted {
		got := mustDescribeKey(t, client, map[string]any{"InstanceId": instance, "BackupId": b.BackupId})
		want, ok := s.DecryptionKey(region, instance, b.BackupId)
		if !ok || got != want {
			t.Errorf("backup %d: key %q, DecryptionKey() = %q, %v; want the same key", b.BackupId, got, want, ok)
		}
		if !hex32.MatchString(got) {
			t.Errorf("backup %d: key %q is not 32 hex digits", b.BackupId, got)
		}
		if other, dup := seen[got]; dup {
			t.Errorf("backups %d and %d have the same key", other, b.BackupId)
		}
		seen[got] = b.BackupId
	}

	b := encrypted[0]
	if again := mustDescribeKey(t, client, map[string]any{"InstanceId": instance, "BackupId": b.BackupId, "BackupType": "data"}); again == "" ||
		again != mustDescribeKey(t, client, map[string]any{"InstanceId": instance, "BackupId": b.BackupId}) {
		t.Error("BackupType data answers another key than the default")
	}
	other := startServer(t, mock.Options{})
	other.SetBackups(region, instance, stored)
	if k1, _ := s.DecryptionKey(region, instance, b.BackupId); !keyIs(other, region, instance, b.BackupId, k1) {
		t.Error("another mock with the same backups derives another key")
	}

	calls := s.Calls()
	c := calls[len(calls)-1]
	if c.Action != "DescribeBackupDecryptionKey" || c.InstanceID != instance || c.BackupID == nil || *c.BackupID != b.BackupId ||
		c.ErrorCode != "" || c.Offset != nil || c.Limit != nil {
		t.Errorf("recorded call = %+v", c)
	}

	// DescribeBackups never carries a key.
	raw := mustDescribe(t, client, map[string]any{"InstanceId": instance, "Limit": 100})
	items, err := json.Marshal(raw.Response.Items)
	if err != nil {
		t.Fatal(err)
	}
	for key := range seen {
		if strings.Contains(string(items), key) {
			t.Fatal("a DescribeBackups answer carries a decryption key")
		}
	}
}

func keyIs(s *mock.Server, region, instance string, backupID int64, want string) bool {
	got, ok := s.DecryptionKey(region, instance, backupID)
	return ok && got == want
}

func TestDescribeBackupDecryptionKey_Refused(t *testing.T) {
	const instance, region = "cdb-c1nl9rpv", "ap-guangzhou"
	s := startServer(t, mock.Options{})
	stored := mock.GenerateBackups(instance, region, 25, newest)
	s.SetBackups(region, instance, stored)
	client := newClient(t, s, clientConfig{region: region})
	encrypted, plain := encryption(stored)
	if len(encrypted) == 0 || len(plain) == 0 {
		t.Fatalf("want encrypted and unencrypted SUCCESS backups, got %d and %d", len(encrypted), len(plain))
	}
	locked, open := encrypted[0].BackupId, plain[0].BackupId
	unknown := stored[0].BackupId + 1

	tests := []struct {
		name     string
		params   map[string]any
		code     string
		mentions []string
	}{
		{"unknown instance", map[string]any{"InstanceId": "cdb-nothere", "BackupId": locked},
			"InvalidParameter.InstanceNotFound", []string{"cdb-nothere"}},
		{"unknown backup", map[string]any{"InstanceId": instance, "BackupId": unknown},
			"InternalError.DBRecordNotExistError", []string{jsonNumber(unknown)}},
		{"unencrypted backup", map[string]any{"InstanceId": instance, "BackupId": open},
			"InternalError.DBRecordNotExistError", []string{jsonNumber(open), "not encrypted"}},
		{"binlog", map[string]any{"InstanceId": instance, "BackupId": locked, "BackupType": "binlog"},
			"InternalError.DBRecordNotExistError", []string{jsonNumber(locked), "binlog"}},
		{"unknown BackupType", map[string]any{"InstanceId": instance, "BackupId": locked, "BackupType": "full"},
			"InvalidParameterValue", []string{"BackupType", "full"}},
		{"BackupType is case-sensitive", map[string]any{"InstanceId": instance, "BackupId": locked, "BackupType": "Data"},
			"InvalidParameterValue", []string{"BackupType", "Data"}},
		{"BackupType as a number", map[string]any{"InstanceId": instance, "BackupId": locked, "BackupType": 1},
			"InvalidParameter", []string{"BackupType", "1"}},
		{"BackupId missing", map[string]any{"InstanceId": instance},
			"MissingParameter", []string{"BackupId"}},
		{"BackupId null", map[string]any{"InstanceId": instance, "BackupId": nil},
			"MissingParameter", []string{"BackupId"}},
		{"InstanceId missing", map[string]any{"BackupId": locked},
			"MissingParameter", []string{"InstanceId"}},
		{"BackupId as a string", map[string]any{"InstanceId": instance, "BackupId": jsonNumber(locked)},
			"InvalidParameter", []string{"BackupId", `"` + jsonNumber(locked) + `"`}},
		{"BackupId with a fraction", map[string]any{"InstanceId": instance, "BackupId": 1.5},
			"InvalidParameter", []string{"BackupId", "1.5"}},
		{"InstanceId as a number", map[string]any{"InstanceId": 12, "BackupId": locked},
			"InvalidParameter", []string{"InstanceId", "12"}},
		{"unknown parameter", map[string]any{"InstanceId": instance, "BackupId": locked, "Limit": 1},
			"UnknownParameter", []string{"Limit", "DescribeBackupDecryptionKey"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := describeKey(t, client, tt.params)
			expectCode(t, err, tt.code, tt.mentions...)
		})
	}

	for name, id := range map[string]int64{"unknown": unknown, "unencrypted": open} {
		if key, ok := s.DecryptionKey(region, instance, id); ok || key != "" {
			t.Errorf("DecryptionKey of the %s backup %d = %q, %v; want none", name, id, key, ok)
		}
	}
	if _, ok := s.DecryptionKey("ap-shanghai", instance, locked); ok {
		t.Error("DecryptionKey found the instance in another region")
	}
}

func jsonNumber(v int64) string {
	data, _ := json.Marshal(v)
	return string(data)
}

func TestDescribeBackupDecryptionKey_Gateway(t *testing.T) {
	const instance, region = "cdb-c1nl9rpv", "ap-guangzhou"
	s := startServer(t, mock.Options{})
	s.SetBackups(region, instance, mock.GenerateBackups(instance, region, 25, newest))
	encrypted, _ := encryption(s.Backups(region, instance))
	params := map[string]any{"InstanceId": instance, "BackupId": encrypted[0].BackupId}

	_, err := describeKey(t, newClient(t, s, clientConfig{region: region, secretID: mock.DefaultSecretID, secretKey: "wrong"}), params)
	expectCode(t, err, "AuthFailure.SignatureFailure")

	_, err = describeKey(t, newClient(t, s, clientConfig{region: region, transport: bodyRewriter{from: `"BackupId":`, to: `"BackupId": `}}), params)
	expectCode(t, err, "AuthFailure.SignatureFailure")

	req := tchttp.NewCommonRequest("cdb", "2019-01-01", "DescribeBackupDecryptionKey")
	if err := req.SetActionParameters(params); err != nil {
		t.Fatal(err)
	}
	err = newClient(t, s, clientConfig{region: region}).Send(req, &decryptionKeyResponse{})
	expectCode(t, err, "NoSuchVersion", "2019-01-01")

	for _, c := range s.Calls() {
		if c.ErrorCode == "" {
			t.Errorf("a refused call was answered: %+v", c)
		}
	}
}

func TestDescribeBackupDecryptionKey_TakesThePipeline(t *testing.T) {
	const instance, region = "cdb-c1nl9rpv", "ap-guangzhou"
	s := startServer(t, mock.Options{Mutation: mock.MutationOptions{EveryCalls: 1, Add: 1, Seed: 1}})
	s.SetBackups(region, instance, mock.GenerateBackups(instance, region, 25, newest))
	encrypted, _ := encryption(s.Backups(region, instance))
	params := map[string]any{"InstanceId": instance, "BackupId": encrypted[0].BackupId}
	client := newClient(t, s, clientConfig{region: region})

	mustDescribeKey(t, client, params)
	if v := s.Version(region, instance); v != 0 {
		t.Errorf("a key answer changed the instance (version %d): only DescribeBackups counts towards mutation", v)
	}

	s.InjectError(1, "InternalError.UnknownError", "injected")
	_, err := describeKey(t, client, params)
	expectCode(t, err, "InternalError.UnknownError", "injected")

	if err := s.SetFaults(mock.FaultOptions{Rate: 1, Kinds: []mock.FaultKind{mock.FaultRateLimit}}); err != nil {
		t.Fatal(err)
	}
	_, err = describeKey(t, client, params)
	if code := errCode(err); !strings.Contains(code, "LimitExceeded") {
		t.Errorf("with rate-limit faults: error %v, want a rate-limit code", err)
	}
	if err := s.SetFaults(mock.FaultOptions{}); err != nil {
		t.Fatal(err)
	}

	if err := s.SetQuota(1); err != nil {
		t.Fatal(err)
	}
	mustDescribeKey(t, client, params)
	_, err = describeKey(t, client, params)
	expectCode(t, err, "RequestLimitExceeded")

	if st := s.Stats(); st.Calls != 5 || st.Refused != 1 || st.FaultsByKind[mock.FaultRateLimit] != 1 {
		t.Errorf("Stats = %+v, want 5 calls, 1 refused, 1 rate-limit fault", st)
	}
}

func TestDescribeBackupDecryptionKey_FixtureKeys(t *testing.T) {
	const region = "ap-guangzhou"
	backups := []mock.Backup{
		{BackupId: 1300000003, Name: "encrypted", Status: "SUCCESS", EncryptionFlag: "on"},
		{BackupId: 1300000002, Name: "derived", Status: "SUCCESS", EncryptionFlag: "on"},
		{BackupId: 1300000001, Name: "plain", Status: "SUCCESS", EncryptionFlag: "off"},
	}
	write := func(t *testing.T, keys map[int64]string) string {
		t.Helper()
		data, err := json.Marshal(mock.Fixtures{Instances: []mock.FixtureInstance{
			{Region: region, InstanceID: "cdb-keys0001", Backups: backups, DecryptionKeys: keys},
		}})
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "fixtures.json")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}

	f, err := mock.ReadFixtures(write(t, map[int64]string{1300000003: "0123456789abcdef0123456789abcdef"}))
	if err != nil {
		t.Fatal(err)
	}
	s := startServer(t, mock.Options{})
	s.AddInstances(f)
	client := newClient(t, s, clientConfig{region: region})
	if got := mustDescribeKey(t, client, map[string]any{"InstanceId": "cdb-keys0001", "BackupId": 1300000003}); got != "0123456789abcdef0123456789abcdef" {
		t.Errorf("key = %q, want the fixture's", got)
	}
	derived := mustDescribeKey(t, client, map[string]any{"InstanceId": "cdb-keys0001", "BackupId": 1300000002})
	if want, ok := s.DecryptionKey(region, "cdb-keys0001", 1300000002); !ok || derived != want || derived == "" {
		t.Errorf("a backup without a fixture key: %q, want the derived %q", derived, want)
	}
	resp := mustDescribe(t, client, map[string]any{"InstanceId": "cdb-keys0001"})
	for _, raw := range resp.Response.Items {
		if strings.Contains(string(raw), "0123456789abcdef") || strings.Contains(string(raw), "DecryptionKey") {
			t.Errorf("DescribeBackups item carries a key: %s", raw)
		}
	}

	for name, keys := range map[string]map[int64]string{
		"key of an unencrypted backup": {1300000001: "0123"},
		"key of an unknown backup":     {1300000009: "0123"},
		"empty key":                    {1300000003: ""},
	} {
		t.Run(name, func(t *testing.T) {
			path := write(t, keys)
			if _, err := mock.ReadFixtures(path); err == nil || !strings.Contains(err.Error(), "decryption_keys") {
				t.Errorf("ReadFixtures error = %v, want one about decryption_keys", err)
			}
		})
	}
}

// TestInjectErrorFor_OnlyThatAction: an error injected for one action waits for a call of it, and the calls of
// other actions are answered as usual meanwhile.
func TestInjectErrorFor_OnlyThatAction(t *testing.T) {
	const instance, region = "cdb-c1nl9rpv", "ap-guangzhou"
	s := startServer(t, mock.Options{})
	stored := mock.GenerateBackups(instance, region, 25, newest)
	s.SetBackups(region, instance, stored)
	client := newClient(t, s, clientConfig{region: region})
	encrypted, _ := encryption(stored)
	s.InjectErrorFor("DescribeBackupDecryptionKey", 1, "OperationDenied.NotSupportBasic", "basic edition")

	mustDescribe(t, client, map[string]any{"InstanceId": instance})
	_, err := describeKey(t, client, map[string]any{"InstanceId": instance, "BackupId": encrypted[0].BackupId})
	expectCode(t, err, "OperationDenied.NotSupportBasic", "basic edition")
	mustDescribeKey(t, client, map[string]any{"InstanceId": instance, "BackupId": encrypted[0].BackupId})
}
