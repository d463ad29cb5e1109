package mock_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// rawAnswer is a successful answer as the SDK received it, its Response undecoded.
type rawAnswer struct {
	tchttp.BaseResponse
	Response json.RawMessage `json:"Response"`
}

// callRaw sends one CDB call, signed by the SDK, and returns its Response. Nil params send {}.
func callRaw(t *testing.T, client *common.Client, action string, params map[string]any) (json.RawMessage, error) {
	t.Helper()
	req := tchttp.NewCommonRequest("cdb", "2017-03-20", action)
	if params == nil {
		params = map[string]any{}
	}
	if err := req.SetActionParameters(params); err != nil {
		t.Fatalf("SetActionParameters: %v", err)
	}
	resp := &rawAnswer{}
	err := client.Send(req, resp)
	return resp.Response, err
}

// expectAnswer sends a call that must succeed, and checks that its Response is exactly want (a
// JSON object written by hand) plus a RequestId: the same fields, values, nulls and empty arrays.
func expectAnswer(t *testing.T, client *common.Client, action string, params map[string]any, want string) {
	t.Helper()
	raw, err := callRaw(t, client, action, params)
	if err != nil {
		t.Fatalf("%s(%v): %v", action, params, err)
	}
	var got, wantV map[string]any
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatalf("%s: decoding %s: %v", action, raw, err)
	}
	if id, ok := got["RequestId"].(string); !ok || id == "" {
		t.Errorf("%s: no RequestId in %s", action, raw)
	}
	delete(got, "RequestId")
	if err := json.Unmarshal([]byte(want), &wantV); err != nil {
		t.Fatalf("the test's own JSON: %v", err)
	}
	if !reflect.DeepEqual(got, wantV) {
		gotJSON, _ := json.MarshalIndent(got, "", "  ")
		wantJSON, _ := json.MarshalIndent(wantV, "", "  ")
		t.Errorf("%s answered\n%s\nwant\n%s", action, gotJSON, wantJSON)
	}
}

// The answers for an instance with no settings of its own, written out from the defaults the
// task names (tcmock's README lists them too).
const (
	defaultBackupConfig = `{
		"StartTimeMin": 2, "StartTimeMax": 6,
		"BackupExpireDays": 7, "BackupMethod": "physical", "BinlogExpireDays": 7,
		"BackupTimeWindow": {
			"Monday": "02:00-06:00", "Tuesday": "02:00-06:00", "Wednesday": "02:00-06:00", "Thursday": "02:00-06:00",
			"Friday": "02:00-06:00", "Saturday": "02:00-06:00", "Sunday": "02:00-06:00",
			"BackupPeriodStrategy": "weekly", "Days": [], "BackupPeriodTime": ""},
		"EnableBackupPeriodSave": "off", "BackupPeriodSaveDays": 1080, "BackupPeriodSaveInterval": "monthly",
		"BackupPeriodSaveCount": 1, "StartBackupPeriodSaveDate": "",
		"EnableBackupArchive": "off", "BackupArchiveDays": 180, "EnableBinlogArchive": "off", "BinlogArchiveDays": 180,
		"EnableBackupStandby": "off", "BackupStandbyDays": 30, "EnableBinlogStandby": "off", "BinlogStandbyDays": 30}`
	defaultLocalBinlog = `{"LocalBinlogConfig": {"SaveHours": 120, "MaxUsage": 30},
		"LocalBinlogConfigDefault": {"SaveHours": 120, "MaxUsage": 30}}`
	defaultRestriction = `{"LimitType": "NoLimit", "VpcComparisonSymbol": "In", "IpComparisonSymbol": "In",
		"LimitVpc": [], "LimitIp": []}`
)

func TestBackupPolicy_Defaults(t *testing.T) {
	s := startServer(t, mock.Options{})
	s.SetBackups("ap-shanghai", "cdb-plain001", nil)
	client := newClient(t, s, clientConfig{region: "ap-shanghai"})
	id := map[string]any{"InstanceId": "cdb-plain001"}

	expectAnswer(t, client, "DescribeBackupConfig", id, defaultBackupConfig)
	expectAnswer(t, client, "DescribeRemoteBackupConfig", id, `{"ExpireDays": 7, "RemoteBackupSave": "off",
		"RemoteBinlogSave": "off", "RemoteRegion": [],
		"RegionList": ["ap-guangzhou", "ap-beijing", "ap-chengdu", "ap-chongqing", "ap-nanjing"]}`)
	expectAnswer(t, client, "DescribeLocalBinlogConfig", id, defaultLocalBinlog)
	expectAnswer(t, client, "DescribeBackupEncryptionStatus", id, `{"EncryptionStatus": "off"}`)
	expectAnswer(t, client, "DescribeBackupDownloadRestriction", map[string]any{}, defaultRestriction)

	// An instance of another region offers ap-shanghai among its regions, not its own.
	s.SetBackups("ap-guangzhou", "cdb-plain002", nil)
	other := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	expectAnswer(t, other, "DescribeRemoteBackupConfig", map[string]any{"InstanceId": "cdb-plain002"}, `{"ExpireDays": 7,
		"RemoteBackupSave": "off", "RemoteBinlogSave": "off", "RemoteRegion": [],
		"RegionList": ["ap-shanghai", "ap-beijing", "ap-chengdu", "ap-chongqing", "ap-nanjing"]}`)

	calls := s.Calls()
	if c := calls[0]; c.Action != "DescribeBackupConfig" || c.InstanceID != "cdb-plain001" || c.ErrorCode != "" {
		t.Errorf("first recorded call = %+v", c)
	}
}

// fixturesWithSettings is a fixtures file whose instance overrides some of each part's fields;
// the fields it leaves out keep their defaults.
const fixturesWithSettings = `{"instances": [
	{"region": "ap-guangzhou", "instance_id": "cdb-policy01", "backups": [],
	 "backup_config": {"BackupExpireDays": 400, "BackupMethod": "logical",
		"BackupTimeWindow": {"Monday": "", "Tuesday": "", "Wednesday": "", "Thursday": "", "Friday": "",
			"Saturday": "", "Sunday": "", "BackupPeriodStrategy": "monthly", "Days": [1, 3, 5],
			"BackupPeriodTime": "10:00-14:00"},
		"EnableBackupArchive": "on", "BackupArchiveDays": 365, "EnableBackupStandby": "on", "BackupStandbyDays": 60,
		"EnableBackupPeriodSave": "on", "BackupPeriodSaveInterval": "quarterly", "BackupPeriodSaveCount": 2,
		"StartBackupPeriodSaveDate": "2025-01-01 00:00:00"},
	 "remote_backup_config": {"RemoteBackupSave": "on", "RemoteBinlogSave": "on", "RemoteRegion": ["ap-shanghai"],
		"RegionList": ["ap-shanghai", "ap-beijing"], "ExpireDays": 30},
	 "local_binlog_config": {"LocalBinlogConfig": {"SaveHours": 48}},
	 "backup_encryption_status": "on"},
	{"region": "ap-guangzhou", "instance_id": "cdb-policy02", "backups": [],
	 "backup_config": {"BackupTimeWindow": {"Monday": "22:00-23:59", "Tuesday": "22:00-23:59", "Wednesday": "",
		"Thursday": "", "Friday": "", "Saturday": "", "Sunday": "", "Days": null}},
	 "remote_backup_config": {"RemoteRegion": null, "RegionList": null}}],
 "download_restrictions": {"ap-guangzhou": {"LimitType": "Customize", "IpComparisonSymbol": "NotIn",
	"LimitVpc": [{"Region": "ap-guangzhou", "VpcList": ["vpc-1a2b3c4d"]}], "LimitIp": ["10.0.0.1", "192.168.0.0/16"]}}}`

func writeFixtures(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fixtures.json")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestBackupPolicy_FixturesOverrideFieldByField(t *testing.T) {
	f, err := mock.ReadFixtures(writeFixtures(t, fixturesWithSettings))
	if err != nil {
		t.Fatalf("ReadFixtures: %v", err)
	}
	s := startServer(t, mock.Options{})
	s.AddInstances(f)
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	one := map[string]any{"InstanceId": "cdb-policy01"}

	expectAnswer(t, client, "DescribeBackupConfig", one, `{
		"StartTimeMin": 10, "StartTimeMax": 14,
		"BackupExpireDays": 400, "BackupMethod": "logical", "BinlogExpireDays": 7,
		"BackupTimeWindow": {"Monday": "", "Tuesday": "", "Wednesday": "", "Thursday": "", "Friday": "",
			"Saturday": "", "Sunday": "", "BackupPeriodStrategy": "monthly", "Days": [1, 3, 5],
			"BackupPeriodTime": "10:00-14:00"},
		"EnableBackupPeriodSave": "on", "BackupPeriodSaveDays": 1080, "BackupPeriodSaveInterval": "quarterly",
		"BackupPeriodSaveCount": 2, "StartBackupPeriodSaveDate": "2025-01-01 00:00:00",
		"EnableBackupArchive": "on", "BackupArchiveDays": 365, "EnableBinlogArchive": "off", "BinlogArchiveDays": 180,
		"EnableBackupStandby": "on", "BackupStandbyDays": 60, "EnableBinlogStandby": "off", "BinlogStandbyDays": 30}`)
	expectAnswer(t, client, "DescribeRemoteBackupConfig", one, `{"ExpireDays": 30, "RemoteBackupSave": "on",
		"RemoteBinlogSave": "on", "RemoteRegion": ["ap-shanghai"], "RegionList": ["ap-shanghai", "ap-beijing"]}`)
	expectAnswer(t, client, "DescribeLocalBinlogConfig", one, `{"LocalBinlogConfig": {"SaveHours": 48, "MaxUsage": 30},
		"LocalBinlogConfigDefault": {"SaveHours": 120, "MaxUsage": 30}}`)
	expectAnswer(t, client, "DescribeBackupEncryptionStatus", one, `{"EncryptionStatus": "on"}`)

	// The second instance: the window's hours, and arrays given as null answered null.
	two := map[string]any{"InstanceId": "cdb-policy02"}
	expectAnswer(t, client, "DescribeBackupConfig", two, strings.NewReplacer(
		`"StartTimeMin": 2, "StartTimeMax": 6`, `"StartTimeMin": 22, "StartTimeMax": 23`,
		`"Monday": "02:00-06:00", "Tuesday": "02:00-06:00", "Wednesday": "02:00-06:00", "Thursday": "02:00-06:00"`,
		`"Monday": "22:00-23:59", "Tuesday": "22:00-23:59", "Wednesday": "", "Thursday": ""`,
		`"Friday": "02:00-06:00", "Saturday": "02:00-06:00", "Sunday": "02:00-06:00"`,
		`"Friday": "", "Saturday": "", "Sunday": ""`,
		`"Days": []`, `"Days": null`).Replace(defaultBackupConfig))
	expectAnswer(t, client, "DescribeRemoteBackupConfig", two, `{"ExpireDays": 7, "RemoteBackupSave": "off",
		"RemoteBinlogSave": "off", "RemoteRegion": null, "RegionList": null}`)
	expectAnswer(t, client, "DescribeLocalBinlogConfig", two, defaultLocalBinlog)
	expectAnswer(t, client, "DescribeBackupEncryptionStatus", two, `{"EncryptionStatus": "off"}`)

	expectAnswer(t, client, "DescribeBackupDownloadRestriction", nil, `{"LimitType": "Customize",
		"VpcComparisonSymbol": "In", "IpComparisonSymbol": "NotIn",
		"LimitVpc": [{"Region": "ap-guangzhou", "VpcList": ["vpc-1a2b3c4d"]}], "LimitIp": ["10.0.0.1", "192.168.0.0/16"]}`)
	// Another region keeps the default, with instances there or not.
	expectAnswer(t, newClient(t, s, clientConfig{region: "ap-beijing"}), "DescribeBackupDownloadRestriction", nil, defaultRestriction)
}

func TestBackupPolicy_GoAPI(t *testing.T) {
	const region, id = "ap-guangzhou", "cdb-goapi001"
	s := startServer(t, mock.Options{})
	client := newClient(t, s, clientConfig{region: region})

	p := mock.DefaultBackupPolicy(region)
	p.Config.BackupExpireDays = 30
	p.Config.BackupTimeWindow.Monday = "06:00-10:00"
	p.Config.BackupTimeWindow.Tuesday = ""
	p.Config.BackupTimeWindow.Wednesday = "06:00-10:00"
	p.Config.BackupTimeWindow.Thursday = ""
	p.Config.BackupTimeWindow.Friday = ""
	p.Config.BackupTimeWindow.Saturday = ""
	p.Config.BackupTimeWindow.Sunday = ""
	p.Remote.RemoteBackupSave = "on"
	p.Remote.RemoteRegion = []string{"ap-nanjing"}
	p.LocalBinlog.LocalBinlogConfig.MaxUsage = 50
	p.EncryptionStatus = "on"
	// Set on an instance that does not exist yet: it is created, with no backups.
	if err := s.SetBackupPolicy(region, id, p); err != nil {
		t.Fatalf("SetBackupPolicy: %v", err)
	}
	p.Remote.RemoteRegion[0] = "ap-beijing" // the mock keeps its own copy

	check := func(t *testing.T) {
		t.Helper()
		params := map[string]any{"InstanceId": id}
		expectAnswer(t, client, "DescribeBackupConfig", params, strings.NewReplacer(
			`"StartTimeMin": 2, "StartTimeMax": 6`, `"StartTimeMin": 6, "StartTimeMax": 10`,
			`"BackupExpireDays": 7`, `"BackupExpireDays": 30`,
			`"Monday": "02:00-06:00", "Tuesday": "02:00-06:00", "Wednesday": "02:00-06:00", "Thursday": "02:00-06:00"`,
			`"Monday": "06:00-10:00", "Tuesday": "", "Wednesday": "06:00-10:00", "Thursday": ""`,
			`"Friday": "02:00-06:00", "Saturday": "02:00-06:00", "Sunday": "02:00-06:00"`,
			`"Friday": "", "Saturday": "", "Sunday": ""`).Replace(defaultBackupConfig))
		expectAnswer(t, client, "DescribeRemoteBackupConfig", params, `{"ExpireDays": 7, "RemoteBackupSave": "on",
			"RemoteBinlogSave": "off", "RemoteRegion": ["ap-nanjing"],
			"RegionList": ["ap-shanghai", "ap-beijing", "ap-chengdu", "ap-chongqing", "ap-nanjing"]}`)
		expectAnswer(t, client, "DescribeLocalBinlogConfig", params, `{"LocalBinlogConfig": {"SaveHours": 120, "MaxUsage": 50},
			"LocalBinlogConfigDefault": {"SaveHours": 120, "MaxUsage": 30}}`)
		expectAnswer(t, client, "DescribeBackupEncryptionStatus", params, `{"EncryptionStatus": "on"}`)
	}
	check(t)
	if got := mustDescribe(t, client, map[string]any{"InstanceId": id}); *got.Response.TotalCount != 0 {
		t.Errorf("the instance SetBackupPolicy created has %d backups, want 0", *got.Response.TotalCount)
	}

	// SetBackups and SetBinlogs keep the settings; AddInstances replaces the instance whole.
	s.SetBackups(region, id, mock.GenerateBackups(id, region, 3, newest))
	s.SetBinlogs(region, id, nil)
	check(t)
	if got, ok := s.BackupPolicy(region, id); !ok || got.EncryptionStatus != "on" || got.Config.StartTimeMin != 6 {
		t.Errorf("BackupPolicy = %+v, %v", got, ok)
	}
	s.AddInstances(&mock.Fixtures{Instances: []mock.FixtureInstance{{Region: region, InstanceID: id}}})
	expectAnswer(t, client, "DescribeBackupEncryptionStatus", map[string]any{"InstanceId": id}, `{"EncryptionStatus": "off"}`)
	expectAnswer(t, client, "DescribeBackupConfig", map[string]any{"InstanceId": id}, defaultBackupConfig)
	if _, ok := s.BackupPolicy(region, "cdb-nothere"); ok {
		t.Error("BackupPolicy found an instance that does not exist")
	}

	// The download restriction of a region, set in Go.
	r := mock.DefaultDownloadRestriction()
	r.LimitType = "LimitOnlyIntranet"
	if err := s.SetDownloadRestriction(region, r); err != nil {
		t.Fatalf("SetDownloadRestriction: %v", err)
	}
	expectAnswer(t, client, "DescribeBackupDownloadRestriction", map[string]any{}, strings.Replace(defaultRestriction,
		`"NoLimit"`, `"LimitOnlyIntranet"`, 1))
	if got := s.DownloadRestriction("ap-shanghai"); got.LimitType != "NoLimit" {
		t.Errorf("DownloadRestriction of a region never set = %+v", got)
	}
	// A region of the test's own, with a restriction and no instance, is served.
	if err := s.SetDownloadRestriction("xx-test", r); err != nil {
		t.Fatal(err)
	}
	expectAnswer(t, newClient(t, s, clientConfig{region: "xx-test"}), "DescribeBackupDownloadRestriction", nil,
		strings.Replace(defaultRestriction, `"NoLimit"`, `"LimitOnlyIntranet"`, 1))
}

func TestBackupPolicy_UnknownInstance(t *testing.T) {
	s := startServer(t, mock.Options{})
	s.SetBackups("ap-guangzhou", "cdb-exists01", nil)
	s.SetBackups("ap-shanghai", "cdb-shanghai", nil)
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	for action, code := range map[string]string{
		"DescribeBackupConfig":           "InvalidParameter.InstanceNotFound",
		"DescribeRemoteBackupConfig":     "ResourceNotFound.CdbInstanceNotFoundError",
		"DescribeLocalBinlogConfig":      "InternalError.DBRecordNotExistError",
		"DescribeBackupEncryptionStatus": "FailedOperation.InstanceQueryError",
	} {
		t.Run(action, func(t *testing.T) {
			_, err := callRaw(t, client, action, map[string]any{"InstanceId": "cdb-nothere"})
			expectCode(t, err, code, "cdb-nothere", "ap-guangzhou")
			// An instance of another region is not one of this region's.
			_, err = callRaw(t, client, action, map[string]any{"InstanceId": "cdb-shanghai"})
			expectCode(t, err, code, "cdb-shanghai", "ap-guangzhou")
		})
	}
}

func TestBackupPolicy_BadParameters(t *testing.T) {
	s := startServer(t, mock.Options{})
	s.SetBackups("ap-guangzhou", "cdb-exists01", nil)
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	for _, action := range []string{"DescribeBackupConfig", "DescribeRemoteBackupConfig", "DescribeLocalBinlogConfig", "DescribeBackupEncryptionStatus"} {
		tests := []struct {
			name     string
			params   map[string]any
			code     string
			mentions []string
		}{
			{"InstanceId missing", map[string]any{}, "MissingParameter", []string{"InstanceId"}},
			{"InstanceId null", map[string]any{"InstanceId": nil}, "MissingParameter", []string{"InstanceId"}},
			{"InstanceId as a number", map[string]any{"InstanceId": 12}, "InvalidParameter", []string{"InstanceId", "12"}},
			{"unknown parameter", map[string]any{"InstanceId": "cdb-exists01", "Limit": 1}, "UnknownParameter", []string{"Limit", action}},
			{"InstanceId in the wrong case", map[string]any{"instanceId": "cdb-exists01"}, "UnknownParameter", []string{"instanceId"}},
		}
		for _, tt := range tests {
			t.Run(action+"/"+tt.name, func(t *testing.T) {
				_, err := callRaw(t, client, action, tt.params)
				expectCode(t, err, tt.code, tt.mentions...)
			})
		}
	}
	t.Run("DescribeBackupDownloadRestriction takes no parameters", func(t *testing.T) {
		_, err := callRaw(t, client, "DescribeBackupDownloadRestriction", map[string]any{"InstanceId": "cdb-exists01"})
		expectCode(t, err, "UnknownParameter", "InstanceId", "no parameters")
	})
}

// TestBackupPolicy_Pipeline checks that the new actions take the pipeline every CDB action
// takes: an answer injected for one of them, the gateway's checks, the recorded call.
func TestBackupPolicy_Pipeline(t *testing.T) {
	s := startServer(t, mock.Options{})
	s.SetBackups("ap-guangzhou", "cdb-exists01", nil)
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	s.InjectErrorFor("DescribeLocalBinlogConfig", 1, "InternalError.HttpError", "injected")
	expectAnswer(t, client, "DescribeBackupConfig", map[string]any{"InstanceId": "cdb-exists01"}, defaultBackupConfig)
	_, err := callRaw(t, client, "DescribeLocalBinlogConfig", map[string]any{"InstanceId": "cdb-exists01"})
	expectCode(t, err, "InternalError.HttpError", "injected")
	expectAnswer(t, client, "DescribeLocalBinlogConfig", map[string]any{"InstanceId": "cdb-exists01"}, defaultLocalBinlog)

	wrongKey := newClient(t, s, clientConfig{region: "ap-guangzhou", secretID: mock.DefaultSecretID, secretKey: "wrong"})
	_, err = callRaw(t, wrongKey, "DescribeBackupDownloadRestriction", nil)
	expectSignatureFailure(t, s, err)
	_, err = callRaw(t, newClient(t, s, clientConfig{region: "ap-atlantis"}), "DescribeBackupDownloadRestriction", nil)
	expectCode(t, err, "UnsupportedRegion", "ap-atlantis")
	if got := s.Stats().Calls; got != 5 {
		t.Errorf("Stats.Calls = %d, want 5", got)
	}
}
