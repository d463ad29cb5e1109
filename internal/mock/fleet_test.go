package mock_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	cdb "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cdb/v20170320"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// setDeviceType changes the DeviceType of an instance's inventory.
func setDeviceType(t *testing.T, s *mock.Server, region, id, deviceType string) {
	t.Helper()
	info, ok := s.InstanceInfo(region, id)
	if !ok {
		info = mock.DefaultInstanceInfo(region, id, time.Time{})
	}
	info.DeviceType = deviceType
	if err := s.SetInstanceInfo(region, id, info); err != nil {
		t.Fatal(err)
	}
}

// summaryServer has seven instances in ap-guangzhou whose summaries are worked out by hand.
func summaryServer(t *testing.T) *mock.Server {
	t.Helper()
	s := startServer(t, mock.Options{})
	const r = "ap-guangzhou"
	b := func(id int64, status, way string, size int64) mock.Backup {
		return mock.Backup{BackupId: id, Name: "b", Date: "2025-06-30 02:00:00", Status: status, Way: way, Size: size, Method: "full"}
	}
	l := func(name, status string, size int64) mock.Binlog {
		return mock.Binlog{Name: name, Status: status, Size: size, BinlogStartTime: "2025-06-30 0" + name[len(name)-1:] + ":00:00"}
	}
	// cdb-s1: automatic 100 + 200 SUCCESS, manual 30 SUCCESS; a FAILED one and a RUNNING one do
	// not count. Binlogs 10 + 15 SUCCESS; FAILED and RUNNING do not count.
	s.SetBackups(r, "cdb-s1", []mock.Backup{b(5, "SUCCESS", "automatic", 200), b(4, "RUNNING", "automatic", 40),
		b(3, "FAILED", "automatic", 50), b(2, "SUCCESS", "manual", 30), b(1, "SUCCESS", "automatic", 100)})
	s.SetBinlogs(r, "cdb-s1", []mock.Binlog{l("binlog.1", "SUCCESS", 10), l("binlog.2", "SUCCESS", 15),
		l("binlog.3", "FAILED", 7), l("binlog.4", "RUNNING", 5)})
	s.SetBackups(r, "cdb-s2", []mock.Backup{b(6, "SUCCESS", "automatic", 500)})
	s.SetBinlogs(r, "cdb-s3", []mock.Binlog{l("binlog.1", "SUCCESS", 1000)})
	s.SetBackups(r, "cdb-s4", []mock.Backup{b(7, "SUCCESS", "automatic", 7)})
	s.SetBackups(r, "cdb-s5", nil)
	s.SetBackups(r, "cdb-s6", nil)
	s.SetBackups(r, "cdb-s7", nil)
	for id, deviceType := range map[string]string{"cdb-s1": "UNIVERSAL", "cdb-s2": "UNIVERSAL", "cdb-s3": "UNIVERSAL",
		"cdb-s4": "BASIC", "cdb-s5": "CLOUD_NATIVE_CLUSTER", "cdb-s6": "BASIC_V2", "cdb-s7": "EXCLUSIVE"} {
		setDeviceType(t, s, r, id, deviceType)
	}
	return s
}

func TestDescribeBackupSummaries_ComputedByHand(t *testing.T) {
	s := summaryServer(t)
	client := newCDBClient(t, s, "ap-guangzhou")
	req := cdb.NewDescribeBackupSummariesRequest()
	req.Product = common.StringPtr("mysql")
	resp, err := client.DescribeBackupSummaries(req)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][10]int64{}
	var order []string
	for _, it := range resp.Response.Items {
		order = append(order, *it.InstanceId)
		got[*it.InstanceId] = [10]int64{*it.AutoBackupCount, *it.AutoBackupVolume, *it.ManualBackupCount, *it.ManualBackupVolume,
			*it.DataBackupCount, *it.DataBackupVolume, *it.BinlogBackupCount, *it.BinlogBackupVolume, *it.BackupVolume}
	}
	// Auto count, volume; manual count, volume; data count, volume; binlog count, volume; total.
	want := map[string][10]int64{
		"cdb-s1": {2, 300, 1, 30, 3, 330, 2, 25, 355},
		"cdb-s2": {1, 500, 0, 0, 1, 500, 0, 0, 500},
		"cdb-s3": {0, 0, 0, 0, 0, 0, 1, 1000, 1000},
		"cdb-s7": {},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("summaries %v\nwant %v", got, want)
	}
	if !reflect.DeepEqual(order, []string{"cdb-s7", "cdb-s1", "cdb-s2", "cdb-s3"}) || *resp.Response.TotalCount != 4 {
		t.Errorf("order %v (TotalCount %d), want by BackupVolume ascending", order, *resp.Response.TotalCount)
	}
	if sum, ok := s.BackupSummary("ap-guangzhou", "cdb-s1"); !ok || sum.BackupVolume != 355 || sum.DataBackupCount != 3 {
		t.Errorf("BackupSummary(cdb-s1) = %+v, %v", sum, ok)
	}

	summaries := func(params map[string]any) []string {
		t.Helper()
		raw, err := callRaw(t, newClient(t, s, clientConfig{region: "ap-guangzhou"}), "DescribeBackupSummaries", params)
		if err != nil {
			t.Fatalf("%v: %v", params, err)
		}
		var answer struct {
			Items []struct{ InstanceId string }
		}
		if err := json.Unmarshal(raw, &answer); err != nil {
			t.Fatal(err)
		}
		out := []string{}
		for _, it := range answer.Items {
			out = append(out, it.InstanceId)
		}
		return out
	}
	for _, tt := range []struct {
		params map[string]any
		want   []string
	}{
		{map[string]any{"Product": "mysql", "OrderDirection": "DESC"}, []string{"cdb-s3", "cdb-s2", "cdb-s1", "cdb-s7"}},
		{map[string]any{"Product": "mysql", "OrderBy": "BinlogBackupVolume"}, []string{"cdb-s2", "cdb-s7", "cdb-s1", "cdb-s3"}},
		{map[string]any{"Product": "mysql", "OrderBy": "ManualBackupVolume", "OrderDirection": "DESC"},
			[]string{"cdb-s1", "cdb-s2", "cdb-s3", "cdb-s7"}},
		{map[string]any{"Product": "mysql", "OrderBy": "DataBackupVolume"}, []string{"cdb-s3", "cdb-s7", "cdb-s1", "cdb-s2"}},
		{map[string]any{"Product": "mysql", "OrderBy": "AutoBackupVolume", "OrderDirection": "DESC"},
			[]string{"cdb-s2", "cdb-s1", "cdb-s3", "cdb-s7"}},
		{map[string]any{"Product": "mysql", "Limit": 2}, []string{"cdb-s7", "cdb-s1"}},
		{map[string]any{"Product": "mysql", "Limit": 2, "Offset": 2}, []string{"cdb-s2", "cdb-s3"}},
		{map[string]any{"Product": "mysql", "Offset": 4}, []string{}},
		{map[string]any{"Product": "mysql-basic"}, []string{"cdb-s6", "cdb-s4"}},
		{map[string]any{"Product": "mysql-cluster"}, []string{"cdb-s5"}},
	} {
		if got := summaries(tt.params); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%v: %v, want %v", tt.params, got, tt.want)
		}
	}
}

func TestDescribeBackupSummaries_Refuses(t *testing.T) {
	s := summaryServer(t)
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	for _, tt := range []struct {
		params   map[string]any
		code     string
		mentions []string
	}{
		{map[string]any{}, "MissingParameter", []string{"`Product`"}},
		{map[string]any{"Product": "mariadb"}, "InvalidParameterValue", []string{"`Product`", "mysql-basic"}},
		{map[string]any{"Product": "mysql", "Limit": 101}, "InvalidParameterValue", []string{"`Limit`", "100"}},
		{map[string]any{"Product": "mysql", "Limit": 0}, "InvalidParameterValue", []string{"`Limit`"}},
		{map[string]any{"Product": "mysql", "OrderBy": "Size"}, "InvalidParameterValue", []string{"`OrderBy`"}},
		{map[string]any{"Product": "mysql", "OrderDirection": "asc"}, "InvalidParameterValue", []string{"`OrderDirection`"}},
		{map[string]any{"Product": "mysql", "InstanceId": "cdb-s1"}, "UnknownParameter", []string{"`InstanceId`"}},
	} {
		_, err := callRaw(t, client, "DescribeBackupSummaries", tt.params)
		expectCode(t, err, tt.code, tt.mentions...)
	}
	if st := s.Stats(); st.LimitTooLarge != 1 {
		t.Errorf("LimitTooLarge %d, want 1", st.LimitTooLarge)
	}
}

func TestProductOf(t *testing.T) {
	for deviceType, want := range map[string]string{"UNIVERSAL": "mysql", "EXCLUSIVE": "mysql", "BASIC": "mysql-basic",
		"BASIC_V2": "mysql-basic", "CLOUD_NATIVE_CLUSTER": "mysql-cluster", "CLOUD_NATIVE_CLUSTER_EXCLUSIVE": "mysql-cluster", "": "mysql"} {
		if got := mock.ProductOf(deviceType); got != want {
			t.Errorf("ProductOf(%q) = %q, want %q", deviceType, got, want)
		}
	}
}

func TestRemoveInstance_EveryActionAnswersNotFound(t *testing.T) {
	s := startServer(t, mock.Options{})
	const r = "ap-guangzhou"
	newest := time.Date(2025, 6, 30, 2, 0, 0, 0, time.UTC)
	backups := mock.GenerateBackups("cdb-gone", r, 5, newest)
	s.SetBackups(r, "cdb-gone", backups)
	s.SetBinlogs(r, "cdb-gone", mock.GenerateBinlogs("cdb-gone", r, newest.Add(-24*time.Hour), newest, mock.BinlogOptions{}))
	s.SetBackups(r, "cdb-stays", nil)
	if _, ok := s.InstanceInfo(r, "cdb-gone"); !ok {
		t.Fatal("no inventory before removal")
	}
	s.RemoveInstance(r, "cdb-gone")
	s.RemoveInstance(r, "cdb-never") // nothing to remove

	client := newClient(t, s, clientConfig{region: r})
	id := map[string]any{"InstanceId": "cdb-gone"}
	for _, tt := range []struct {
		action string
		params map[string]any
		code   string
	}{
		{"DescribeBackups", id, "InvalidParameter.InstanceNotFound"},
		{"DescribeBinlogs", id, "InvalidParameter.InstanceNotFound"},
		{"DescribeBackupDecryptionKey", map[string]any{"InstanceId": "cdb-gone", "BackupId": backups[1].BackupId},
			"InvalidParameter.InstanceNotFound"},
		{"DescribeBackupConfig", id, "InvalidParameter.InstanceNotFound"},
		{"DescribeRemoteBackupConfig", id, "ResourceNotFound.CdbInstanceNotFoundError"},
		{"DescribeLocalBinlogConfig", id, "InternalError.DBRecordNotExistError"},
		{"DescribeBackupEncryptionStatus", id, "FailedOperation.InstanceQueryError"},
	} {
		_, err := callRaw(t, client, tt.action, tt.params)
		expectCode(t, err, tt.code, "cdb-gone")
	}
	res, err := describeRollback(t, client, map[string]any{"InstanceIds": []string{"cdb-gone"}})
	if err != nil || len(res.Items) != 1 || *res.Items[0].Code != 1600009 {
		t.Errorf("DescribeRollbackRangeTime: %+v, %v; want the item's code 1600009", res, err)
	}
	raw, err := callRaw(t, client, "DescribeDBInstances", map[string]any{})
	if err != nil || !strings.Contains(string(raw), `"TotalCount":1,`) || !strings.Contains(string(raw), "cdb-stays") ||
		strings.Contains(string(raw), "cdb-gone") {
		t.Errorf("DescribeDBInstances: %s, %v; want cdb-stays alone", raw, err)
	}
	raw, err = callRaw(t, client, "DescribeBackupSummaries", map[string]any{"Product": "mysql"})
	if err != nil || strings.Contains(string(raw), "cdb-gone") {
		t.Errorf("DescribeBackupSummaries: %s, %v; want no cdb-gone", raw, err)
	}
	if _, ok := s.InstanceInfo(r, "cdb-gone"); ok {
		t.Error("InstanceInfo still has cdb-gone")
	}
	if s.Binlogs(r, "cdb-gone") != nil {
		t.Error("Binlogs still has cdb-gone")
	}
}

func TestQuotaPerAction(t *testing.T) {
	clock := &fakeClock{now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	s := startServer(t, mock.Options{Clock: clock.Now, Quota: 3, QuotaPerAction: true})
	s.SetBackups("ap-guangzhou", "cdb-a", nil)
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	calls := func(action string, params map[string]any, n int) (ok, refused int, last error) {
		for range n {
			_, err := callRaw(t, client, action, params)
			switch errCode(err) {
			case "":
				ok++
			case "RequestLimitExceeded":
				refused++
				last = err
			default:
				t.Fatalf("%s: %v", action, err)
			}
		}
		return ok, refused, last
	}
	backups := map[string]any{"InstanceId": "cdb-a"}
	// Each action has a bucket of its own, at the full quota.
	if ok, refused, last := calls("DescribeBackups", backups, 5); ok != 3 || refused != 2 {
		t.Errorf("DescribeBackups: %d answered, %d refused; want 3 and 2", ok, refused)
	} else {
		expectCode(t, last, "RequestLimitExceeded", "DescribeBackups", "this action")
	}
	if ok, refused, _ := calls("DescribeDBInstances", map[string]any{}, 4); ok != 3 || refused != 1 {
		t.Errorf("DescribeDBInstances after DescribeBackups spent its bucket: %d answered, %d refused; want 3 and 1", ok, refused)
	}
	st := s.Stats()
	if st.Actions["DescribeBackups"] != (mock.ActionStats{Calls: 5, Refused: 2}) ||
		st.Actions["DescribeDBInstances"] != (mock.ActionStats{Calls: 4, Refused: 1}) || st.Calls != 9 || st.Refused != 3 {
		t.Errorf("stats: calls %d, refused %d, per action %+v", st.Calls, st.Refused, st.Actions)
	}

	// The shared mode is unchanged: one bucket for every action, the message the SecretId's.
	s.SetQuotaPerAction(false) // refills the buckets
	if ok, refused, _ := calls("DescribeBackups", backups, 2); ok != 2 || refused != 0 {
		t.Errorf("shared: DescribeBackups %d answered, %d refused; want 2 and 0", ok, refused)
	}
	ok, refused, last := calls("DescribeDBInstances", map[string]any{}, 2)
	if ok != 1 || refused != 1 {
		t.Errorf("shared: DescribeDBInstances %d answered, %d refused; want 1 and 1", ok, refused)
	} else if sdkErr := expectCode(t, last, "RequestLimitExceeded", "SecretId"); strings.Contains(sdkErr.GetMessage(), "action") {
		t.Errorf("shared mode's message %q speaks of an action", sdkErr.GetMessage())
	}
	s.SetQuotaPerAction(true)
	clock.Advance(time.Second)
	if ok, refused, _ := calls("DescribeBinlogs", backups, 3); ok != 3 || refused != 0 {
		t.Errorf("per action again: DescribeBinlogs %d answered, %d refused; want 3 and 0", ok, refused)
	}
}

func TestGenerateFleet_DeterministicAndRealistic(t *testing.T) {
	newest := time.Date(2025, 6, 30, 12, 0, 0, 0, time.UTC)
	o := mock.FleetOptions{Region: "ap-shanghai", Instances: 300, Newest: newest, Seed: 7}
	a, b := mock.GenerateFleet(o), mock.GenerateFleet(o)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same options gave different fleets")
	}
	o.Seed = 8
	if other := mock.GenerateFleet(o); reflect.DeepEqual(other[0].InstanceID, a[0].InstanceID) {
		t.Error("another seed gave the same first instance")
	}
	if len(a) != 300 {
		t.Fatalf("%d instances, want 300", len(a))
	}
	ids, names := map[string]bool{}, map[string]bool{}
	envs, statuses, versions, devices, vpcs := map[string]int{}, map[int64]int{}, map[string]int{}, map[string]int{}, map[string]bool{}
	untagged := 0
	for _, inst := range a {
		in := inst.Instance
		if in == nil {
			t.Fatalf("%s has no inventory", inst.InstanceID)
		}
		if ids[inst.InstanceID] || names[in.InstanceName] {
			t.Errorf("%s / %s listed twice", inst.InstanceID, in.InstanceName)
		}
		ids[inst.InstanceID], names[in.InstanceName] = true, true
		if len(inst.InstanceID) != 12 || !strings.HasPrefix(inst.InstanceID, "cdb-") || in.InstanceId != inst.InstanceID ||
			in.Region != "ap-shanghai" || inst.Region != "ap-shanghai" {
			t.Errorf("%s: ID or region %q / %q", inst.InstanceID, in.InstanceId, in.Region)
		}
		if in.InstanceName == "" || !strings.HasPrefix(in.Zone, "ap-shanghai-") || !strings.HasPrefix(in.UniqVpcId, "vpc-") ||
			!strings.HasPrefix(in.UniqSubnetId, "subnet-") || !strings.HasPrefix(in.Vip, "10.") || in.Vport != 3306 ||
			in.Cpu < 1 || in.Memory < 1000 || in.Volume < 25 {
			t.Errorf("%s: unrealistic inventory %+v", inst.InstanceID, *in)
		}
		vpcs[in.UniqVpcId] = true
		env := ""
		for _, tag := range in.TagList {
			if tag.TagKey == "env" {
				env = tag.TagValue
			}
		}
		if len(in.TagList) == 0 {
			untagged++
		} else if env == "" || !strings.HasPrefix(in.InstanceName, env+"-") {
			t.Errorf("%s: name %q, tags %v: the env tag should start the name", inst.InstanceID, in.InstanceName, in.TagList)
		}
		envs[env]++
		statuses[in.Status]++
		versions[in.EngineVersion]++
		devices[mock.ProductOf(in.DeviceType)]++
		switch {
		case in.Status == 0 && (len(inst.Backups) != 0 || len(inst.Binlogs) != 0):
			t.Errorf("%s is being created but has backups or binlogs", inst.InstanceID)
		case in.Status != 0 && len(inst.Backups) != mock.DefaultFleetBackups:
			t.Errorf("%s: %d backups, want %d", inst.InstanceID, len(inst.Backups), mock.DefaultFleetBackups)
		case in.Status != 0:
			newestBackup, _ := time.ParseInLocation(time.DateTime, inst.Backups[0].Date, time.FixedZone("CST", 8*3600))
			oldestBackup := inst.Backups[len(inst.Backups)-1].Date
			if age := newest.Sub(newestBackup); age < 0 || age > 24*time.Hour {
				t.Errorf("%s: newest backup %s is not within the day before %s", inst.InstanceID, inst.Backups[0].Date, newest)
			}
			if in.CreateTime >= oldestBackup || len(inst.Binlogs) == 0 {
				t.Errorf("%s: created %s, oldest backup %s, %d binlogs", inst.InstanceID, in.CreateTime, oldestBackup, len(inst.Binlogs))
			}
		}
	}
	if envs["prod"] < 150 || envs["staging"] < 30 || envs["dev"] < 15 || untagged < 10 || untagged > 60 {
		t.Errorf("environments %v, %d untagged: want mostly prod, some staging and dev, some untagged", envs, untagged)
	}
	if statuses[1] < 250 || statuses[5] < 3 || statuses[1]+statuses[5]+statuses[4]+statuses[0] != 300 {
		t.Errorf("statuses %v: want mostly running, a few isolated", statuses)
	}
	if len(versions) != 3 || devices["mysql"] < 200 || devices["mysql-basic"] < 10 || devices["mysql-cluster"] < 1 || len(vpcs) != 3 {
		t.Errorf("versions %v, products %v, %d VPCs: want a mix", versions, devices, len(vpcs))
	}

	// -backups applies; the fleet serves its inventories.
	small := mock.GenerateFleet(mock.FleetOptions{Region: "ap-guangzhou", Instances: 3, Backups: 2, Newest: newest, Seed: 1})
	s := startServer(t, mock.Options{})
	s.AddInstances(&mock.Fixtures{Instances: small})
	for _, inst := range small {
		if inst.Instance.Status != 0 && len(inst.Backups) != 2 {
			t.Errorf("%s: %d backups, want 2", inst.InstanceID, len(inst.Backups))
		}
		if got, ok := s.InstanceInfo("ap-guangzhou", inst.InstanceID); !ok || !reflect.DeepEqual(got, *inst.Instance) {
			t.Errorf("%s: served %+v, want the fleet's", inst.InstanceID, got)
		}
	}
}

func TestFixtures_InstanceDecodedOntoTheDefault(t *testing.T) {
	dir := t.TempDir()
	write := func(body string) string {
		path := filepath.Join(dir, "f.json")
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	f, err := mock.ReadFixtures(write(`{"instances": [{"region": "ap-guangzhou", "instance_id": "cdb-fix1",
		"backups": [{"BackupId": 1, "Name": "b", "Date": "2025-06-30 02:00:00", "Status": "SUCCESS"}],
		"instance": {"InstanceName": "prod-orders-9", "Status": 5, "TagList": [{"TagKey": "env", "TagValue": "prod"}],
		  "SlaveInfo": null, "DeadlineTime": "0000-00-00 00:00:00", "PayType": 1}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	def := mock.DefaultInstanceInfo("ap-guangzhou", "cdb-fix1", time.Date(2025, 6, 30, 2, 0, 0, 0, time.FixedZone("CST", 8*3600)))
	want := def
	want.InstanceName, want.Status, want.TagList, want.SlaveInfo = "prod-orders-9", 5, []mock.TagInfoItem{{TagKey: "env", TagValue: "prod"}}, nil
	want.DeadlineTime, want.PayType = "0000-00-00 00:00:00", 1
	if got := f.Instances[0].Instance; got == nil || !reflect.DeepEqual(*got, want) {
		t.Errorf("instance %+v\nwant %+v", got, want)
	}
	if def.CreateTime >= "2025-06-30 02:00:00" {
		t.Errorf("default CreateTime %s is not before the oldest backup", def.CreateTime)
	}
	s := startServer(t, mock.Options{})
	s.AddInstances(f)
	if got, _ := s.InstanceInfo("ap-guangzhou", "cdb-fix1"); got.InstanceName != "prod-orders-9" || got.Status != 5 {
		t.Errorf("served %+v", got)
	}

	for _, tt := range []struct{ instance, mention string }{
		{`{"Status": 2}`, "Status 2"},
		{`{"TagList": [{"TagValue": "prod"}]}`, "TagList[0]: TagKey is empty"},
		{`{"TagList": [{"TagKey": "a"}, {"TagKey": "a"}]}`, "listed twice"},
		{`{"CreateTime": "2024-01-01T00:00:00Z"}`, "CreateTime"},
		{`{"DeadlineTime": "soon"}`, "DeadlineTime"},
		{`{"InstanceId": "cdb-other"}`, "InstanceId"},
		{`{"Region": "ap-shanghai"}`, "Region"},
		{`{"Zone": "ap-shanghai-2"}`, "Zone"},
		{`{"EngineVersion": "9.0"}`, "EngineVersion"},
		{`{"DestroyProtect": "yes"}`, "DestroyProtect"},
		{`{"Vip": "10.0.0"}`, "Vip"},
		{`{"InstanceType": 4}`, "InstanceType"},
		{`{"DeviceType": "HUGE"}`, "DeviceType"},
		{`{"InstanceNam": "x"}`, "InstanceNam"},
		{`{"SlaveInfo": {"First": {"Vipp": "x"}}}`, "Vipp"},
	} {
		_, err := mock.ReadFixtures(write(`{"instances": [{"region": "ap-guangzhou", "instance_id": "cdb-fix1", "backups": [],
			"instance": ` + tt.instance + `}]}`))
		if err == nil || !strings.Contains(err.Error(), tt.mention) || !strings.Contains(err.Error(), "instance") {
			t.Errorf("instance %s: error %v, want one naming %q", tt.instance, err, tt.mention)
		}
	}

	// SetInstanceInfo checks the same.
	bad := def
	bad.Status = 3
	if err := s.SetInstanceInfo("ap-guangzhou", "cdb-fix1", bad); err == nil || !strings.Contains(err.Error(), "Status 3") {
		t.Errorf("SetInstanceInfo(Status 3): %v", err)
	}
	if got, _ := s.InstanceInfo("ap-guangzhou", "cdb-fix1"); got.Status != 5 {
		t.Errorf("a refused inventory changed the instance: Status %d", got.Status)
	}
}

func TestDefaultInstanceInfo_DerivedFromIDAndRegion(t *testing.T) {
	before := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	a, b := mock.DefaultInstanceInfo("ap-guangzhou", "cdb-x1", before), mock.DefaultInstanceInfo("ap-guangzhou", "cdb-x1", before)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("not deterministic")
	}
	if a.Status != 1 || a.TaskStatus != 0 || a.EngineType != "InnoDB" || a.InstanceType != 1 || a.ProjectId != 0 ||
		a.TagList == nil || len(a.TagList) != 0 || a.RoGroups == nil || a.DrInfo == nil || a.Vport != 3306 ||
		!strings.HasPrefix(a.Zone, "ap-guangzhou-") || a.InstanceName == "" || a.CreateTime >= "2025-06-01 08:00:00" {
		t.Errorf("default %+v", a)
	}
	switch a.DeviceType {
	case "BASIC":
		if a.SlaveInfo != nil || a.InstanceNodes != 1 {
			t.Errorf("single node with replicas: %+v", a)
		}
	case "UNIVERSAL":
		if a.SlaveInfo == nil || a.SlaveInfo.First == nil || a.InstanceNodes < 2 {
			t.Errorf("two nodes without a replica: %+v", a)
		}
	default:
		t.Errorf("DeviceType %q", a.DeviceType)
	}
	if a.PayType == 1 && a.DeadlineTime != "0000-00-00 00:00:00" || a.PayType == 0 && a.DeadlineTime <= "2025-06-01 08:00:00" {
		t.Errorf("PayType %d with DeadlineTime %s", a.PayType, a.DeadlineTime)
	}
	// Over many IDs: the mix the documentation promises.
	versions, devices := map[string]bool{}, map[string]bool{}
	for i := range 200 {
		in := mock.DefaultInstanceInfo("ap-guangzhou", "cdb-"+string(rune('a'+i%26))+strings.Repeat("x", i/26), before)
		versions[in.EngineVersion], devices[in.DeviceType] = true, true
	}
	if len(versions) != 3 || !devices["BASIC"] || !devices["UNIVERSAL"] || len(devices) != 2 {
		t.Errorf("versions %v, devices %v", versions, devices)
	}
	// An instance served without inventory of its own gets this one, created before its oldest backup.
	s := startServer(t, mock.Options{})
	backups := mock.GenerateBackups("cdb-x1", "ap-guangzhou", 3, before)
	s.SetBackups("ap-guangzhou", "cdb-x1", backups)
	got, _ := s.InstanceInfo("ap-guangzhou", "cdb-x1")
	oldest, _ := time.ParseInLocation(time.DateTime, backups[2].Date, time.FixedZone("CST", 8*3600))
	if want := mock.DefaultInstanceInfo("ap-guangzhou", "cdb-x1", oldest); !reflect.DeepEqual(got, want) {
		t.Errorf("served %+v\nwant %+v", got, want)
	}
}
