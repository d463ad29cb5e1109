package mock_test

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	cdb "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cdb/v20170320"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

const (
	cbRegion   = "ap-guangzhou"
	cbInstance = "cdb-cb000001"
	// cbUUID is the server_uuid of cbInstance's one backup's executed GTID set.
	cbUUID = "3e11fa47-71ca-11e1-9e33-c80aa9429562"
)

// cbStart is the test clock's start: 2025-06-30 10:00:00 in Beijing.
var cbStart = time.Date(2025, 6, 30, 2, 0, 0, 0, time.UTC)

// cbServer serves cbInstance: a running two-node instance with one SUCCESS backup (ID 1001) and
// the databases shop (orders, users) and crm (no tables), its created backups running 30s, on a
// clock the test moves.
func cbServer(t *testing.T, opts mock.Options) (*mock.Server, *fakeClock) {
	t.Helper()
	clk := &fakeClock{now: cbStart}
	opts.Clock = clk.Now
	s := startServer(t, opts)
	s.SetBackups(cbRegion, cbInstance, []mock.Backup{{
		BackupId: 1001, Name: "auto", Date: "2025-06-30 02:00:00", StartTime: "2025-06-30 02:00:00",
		FinishTime: "2025-06-30 02:10:00", Type: "physical", Status: "SUCCESS", Method: "full", Way: "automatic",
		Creator: "SYSTEM", Size: 1 << 30, Progress: 100, Region: cbRegion, InstanceId: cbInstance, EncryptionFlag: "off",
		ExecutedGTIDSet: cbUUID + ":1-500",
	}})
	setDevice(t, s, cbInstance, "UNIVERSAL", 1)
	if err := s.SetDatabases(cbRegion, cbInstance, map[string][]string{"shop": {"orders", "users"}, "crm": {}}); err != nil {
		t.Fatal(err)
	}
	return s, clk
}

// setDevice gives an instance of cbRegion a device type and status.
func setDevice(t *testing.T, s *mock.Server, id, deviceType string, status int64) {
	t.Helper()
	info := mock.DefaultInstanceInfo(cbRegion, id, time.Time{})
	info.DeviceType, info.Status = deviceType, status
	if deviceType == "BASIC" || deviceType == "BASIC_V2" {
		info.SlaveInfo, info.InstanceNodes = nil, 1
	}
	if err := s.SetInstanceInfo(cbRegion, id, info); err != nil {
		t.Fatal(err)
	}
}

// createBackup calls CreateBackup through the SDK's typed client.
func createBackup(t *testing.T, client *cdb.Client, req *cdb.CreateBackupRequest) (uint64, error) {
	t.Helper()
	resp, err := client.CreateBackup(req)
	if err != nil {
		return 0, err
	}
	if resp.Response == nil || resp.Response.BackupId == nil || resp.Response.RequestId == nil {
		t.Fatalf("CreateBackup answered %s: no BackupId or RequestId", resp.ToJsonString())
	}
	return *resp.Response.BackupId, nil
}

func mustCreate(t *testing.T, client *cdb.Client, req *cdb.CreateBackupRequest) uint64 {
	t.Helper()
	id, err := createBackup(t, client, req)
	if err != nil {
		t.Fatalf("CreateBackup(%s): %v", req.ToJsonString(), err)
	}
	return id
}

func cbRequest(method string, edit ...func(*cdb.CreateBackupRequest)) *cdb.CreateBackupRequest {
	req := cdb.NewCreateBackupRequest()
	req.InstanceId, req.BackupMethod = common.StringPtr(cbInstance), common.StringPtr(method)
	for _, e := range edit {
		e(req)
	}
	return req
}

// head reads the newest backup of the instance through the typed client, with the list's length.
func head(t *testing.T, client *cdb.Client, instanceID string) (*cdb.BackupInfo, int64) {
	t.Helper()
	req := cdb.NewDescribeBackupsRequest()
	req.InstanceId, req.Limit = common.StringPtr(instanceID), common.Int64Ptr(1)
	resp, err := client.DescribeBackups(req)
	if err != nil {
		t.Fatalf("DescribeBackups: %v", err)
	}
	if len(resp.Response.Items) == 0 {
		t.Fatal("DescribeBackups answered no backup")
	}
	return resp.Response.Items[0], *resp.Response.TotalCount
}

func jsonOf(v any) string {
	data, _ := json.Marshal(v)
	return string(data)
}

func str(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}

func num(p *int64) int64 {
	if p == nil {
		return -1
	}
	return *p
}

func TestCreateBackup_LifecycleThroughTheTypedClient(t *testing.T) {
	s, clk := cbServer(t, mock.Options{})
	client := newCDBClient(t, s, cbRegion)

	id := mustCreate(t, client, cbRequest("logical", func(r *cdb.CreateBackupRequest) {
		r.ManualBackupName = common.StringPtr("before-upgrade")
		r.BackupDBTableList = []*cdb.BackupItem{{Db: common.StringPtr("shop"), Table: common.StringPtr("orders")}, {Db: common.StringPtr("crm")}}
	}))
	if id != 1002 {
		t.Fatalf("BackupId = %d, want 1002: the instance's largest ID, 1001, plus one", id)
	}
	info, ok := s.CreatedBackup(cbRegion, cbInstance, 1002)
	if !ok {
		t.Fatal("CreatedBackup: no record of backup 1002")
	}
	want := mock.CreatedBackupInfo{
		BackupID: 1002, Region: cbRegion, InstanceID: cbInstance, Method: "logical", Name: "before-upgrade",
		Tables:    []mock.BackupTable{{Db: "shop", Table: "orders"}, {Db: "crm"}},
		AccountID: mock.DefaultAccountID, RequestID: info.RequestID, CreatedAt: cbStart, Duration: 30 * time.Second,
		Size: info.Size,
	}
	if !reflect.DeepEqual(info, want) {
		t.Errorf("CreatedBackup = %+v\nwant %+v", info, want)
	}
	// Partial logical: 5% of the data per table listed, two listed: 15% of 512 MB to 8.5 GB.
	if info.Size < (512<<20)*15/100 || info.Size > (512<<20+8<<30)*15/100 {
		t.Errorf("Size %d is not 15%% of 512 MB to 8.5 GB", info.Size)
	}
	if info.RequestID == "" {
		t.Error("the record has no RequestId")
	}

	b, total := head(t, client, cbInstance)
	if total != 2 {
		t.Errorf("TotalCount = %d, want 2", total)
	}
	check := func(when string, b *cdb.BackupInfo, status string, progress, size int64, finish string) {
		t.Helper()
		got := []string{str(b.Status), str(b.FinishTime)}
		if !reflect.DeepEqual(got, []string{status, finish}) || num(b.Progress) != progress || num(b.Size) != size {
			t.Errorf("%s: Status, FinishTime = %v, Progress %d, Size %d; want %s, %s, %d, %d",
				when, got, num(b.Progress), num(b.Size), status, finish, progress, size)
		}
	}
	fields := map[string]string{
		"Name": str(b.Name), "Date": str(b.Date), "StartTime": str(b.StartTime), "Type": str(b.Type), "Method": str(b.Method),
		"Way": str(b.Way), "Creator": str(b.Creator), "ManualBackupName": str(b.ManualBackupName), "SaveMode": str(b.SaveMode),
		"Region": str(b.Region), "InstanceId": str(b.InstanceId), "EncryptionFlag": str(b.EncryptionFlag),
		"IntranetUrl": str(b.IntranetUrl), "InternetUrl": str(b.InternetUrl), "MD5": str(b.MD5), "ExecutedGTIDSet": str(b.ExecutedGTIDSet),
	}
	wantFields := map[string]string{
		"Name": "cdb-cb000001_backup_20250630100000", "Date": "2025-06-30 10:00:00", "StartTime": "2025-06-30 10:00:00",
		"Type": "logical", "Method": "partial", "Way": "manual", "Creator": mock.DefaultAccountID,
		"ManualBackupName": "before-upgrade", "SaveMode": "save_mode_regular", "Region": cbRegion, "InstanceId": cbInstance,
		"EncryptionFlag": "off", "IntranetUrl": "", "InternetUrl": "", "MD5": "", "ExecutedGTIDSet": "",
	}
	if !reflect.DeepEqual(fields, wantFields) {
		t.Errorf("the new backup's fields:\n got %v\nwant %v", fields, wantFields)
	}
	if num(b.BackupId) != 1002 || b.RemoteInfo == nil || len(b.RemoteInfo) != 0 || num(b.CosStorageType) != 2 {
		t.Errorf("BackupId %d, RemoteInfo %v, CosStorageType %d; want 1002, [], 2", num(b.BackupId), b.RemoteInfo, num(b.CosStorageType))
	}
	check("at once", b, "RUNNING", 0, 0, "0000-00-00 00:00:00")

	clk.Advance(15 * time.Second)
	b, _ = head(t, client, cbInstance)
	check("after 15s", b, "RUNNING", 50, info.Size/2, "0000-00-00 00:00:00")

	clk.Advance(14 * time.Second)
	b, _ = head(t, client, cbInstance)
	check("after 29s", b, "RUNNING", 96, info.Size*96/100, "0000-00-00 00:00:00")

	clk.Advance(5 * time.Second) // ends at 30s; read at 34s
	b, total = head(t, client, cbInstance)
	check("after 34s", b, "SUCCESS", 100, info.Size, "2025-06-30 10:00:30")
	if total != 2 {
		t.Errorf("TotalCount = %d, want 2", total)
	}
	// The GTID set continues the instance's newest: 500 + 1 + 1002 % 50000.
	if got := str(b.ExecutedGTIDSet); got != cbUUID+":1-1503" {
		t.Errorf("ExecutedGTIDSet = %s, want %s:1-1503", got, cbUUID)
	}
	for name, url := range map[string]string{"IntranetUrl": str(b.IntranetUrl), "InternetUrl": str(b.InternetUrl)} {
		if !strings.Contains(url, "/cdb-cb000001/1002/cdb-cb000001_backup_20250630100000.sql.gz?") {
			t.Errorf("%s %s is not a link to the dump", name, url)
		}
	}
	if len(str(b.MD5)) != 32 {
		t.Errorf("MD5 %q is not 32 hex digits", str(b.MD5))
	}
	if st := s.Stats(); st.CreatedBackups != 1 || st.Actions["CreateBackup"].Calls != 1 {
		t.Errorf("Stats: CreatedBackups %d, CreateBackup calls %d; want 1, 1", st.CreatedBackups, st.Actions["CreateBackup"].Calls)
	}
	// A new version of the list: a reader paging across the creation sees the list shift.
	if v := s.Version(cbRegion, cbInstance); v != 1 {
		t.Errorf("Version = %d, want 1", v)
	}
	if snaps := s.Snapshots(cbRegion, cbInstance); len(snaps) != 2 || len(snaps[0]) != 1 || len(snaps[1]) != 2 || snaps[1][0].BackupId != 1002 {
		t.Errorf("Snapshots do not show the backup added at the head of a second version: %v", snaps)
	}
}

func TestCreateBackup_OneAtATime(t *testing.T) {
	s, clk := cbServer(t, mock.Options{})
	client := newCDBClient(t, s, cbRegion)
	backups := s.Backups(cbRegion, cbInstance)
	backups = append([]mock.Backup{{BackupId: 2000, Name: "auto-running", Date: "2025-06-30 09:50:00", StartTime: "2025-06-30 09:50:00",
		FinishTime: "0000-00-00 00:00:00", Type: "logical", Status: "RUNNING", Method: "full", Way: "automatic", Creator: "SYSTEM",
		Size: 300, Progress: 30, Region: cbRegion, InstanceId: cbInstance, EncryptionFlag: "off"}}, backups...)
	s.SetBackups(cbRegion, cbInstance, backups)

	// A RUNNING backup of fixtures never ends by itself.
	clk.Advance(24 * time.Hour)
	_, err := createBackup(t, client, cbRequest("physical"))
	expectCode(t, err, "OperationDenied.ActionInProcess", cbInstance, "in progress")
	if st := s.Stats(); st.CreatedBackups != 0 {
		t.Errorf("CreatedBackups = %d after a refusal, want 0", st.CreatedBackups)
	}

	if err := s.FinishBackup(cbRegion, cbInstance, 2000, "SUCCESS"); err != nil {
		t.Fatalf("FinishBackup: %v", err)
	}
	b, _ := head(t, client, cbInstance)
	// Its size so far, 300 at 30%, scaled to 100%; finished now, by the clock: a day after 10:00.
	if str(b.Status) != "SUCCESS" || num(b.Progress) != 100 || num(b.Size) != 1000 || str(b.FinishTime) != "2025-07-01 10:00:00" ||
		str(b.IntranetUrl) == "" || str(b.MD5) == "" || str(b.ExecutedGTIDSet) == "" {
		t.Errorf("the finished backup: %s", jsonOf(b))
	}

	first := mustCreate(t, client, cbRequest("physical"))
	clk.Advance(10 * time.Second)
	_, err = createBackup(t, client, cbRequest("logical"))
	expectCode(t, err, "OperationDenied.ActionInProcess")
	clk.Advance(20 * time.Second) // the first ends at 30s
	second := mustCreate(t, client, cbRequest("snapshot"))
	if first != 2001 || second != 2002 {
		t.Errorf("BackupIds %d, %d; want 2001, 2002: above every ID before", first, second)
	}

	// FinishBackup ends a created backup before its time; FAILED keeps its Progress.
	clk.Advance(12 * time.Second)
	if err := s.FinishBackup(cbRegion, cbInstance, 2002, "FAILED"); err != nil {
		t.Fatalf("FinishBackup: %v", err)
	}
	b, _ = head(t, client, cbInstance)
	if str(b.Status) != "FAILED" || num(b.Progress) != 40 || num(b.Size) != 0 || str(b.FinishTime) != "2025-07-01 10:00:42" ||
		str(b.IntranetUrl) != "" || str(b.MD5) != "" {
		t.Errorf("the backup failed by FinishBackup: %s", jsonOf(b))
	}
	clk.Advance(time.Minute) // its duration passes: it stays FAILED
	if b, _ = head(t, client, cbInstance); str(b.Status) != "FAILED" || num(b.Progress) != 40 {
		t.Errorf("after its duration: %s", jsonOf(b))
	}
	third := mustCreate(t, client, cbRequest("logical"))
	if third != 2003 {
		t.Errorf("BackupId %d, want 2003", third)
	}

	for _, c := range []struct {
		id     int64
		status string
		want   string
	}{
		{2003, "RUNNING", "not SUCCESS or FAILED"},
		{9999, "SUCCESS", "no backup 9999"},
		{2001, "SUCCESS", "is SUCCESS, not RUNNING"},
	} {
		if err := s.FinishBackup(cbRegion, cbInstance, c.id, c.status); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("FinishBackup(%d, %s) = %v, want an error saying %q", c.id, c.status, err, c.want)
		}
	}
	if err := s.FinishBackup(cbRegion, "cdb-nothere", 1, "SUCCESS"); err == nil || !strings.Contains(err.Error(), "no instance") {
		t.Errorf("FinishBackup on an unknown instance = %v", err)
	}
}

func TestCreateBackup_IDsAcrossInstances(t *testing.T) {
	s, _ := cbServer(t, mock.Options{CreateBackupDuration: time.Hour})
	client := newCDBClient(t, s, cbRegion)
	setDevice(t, s, "cdb-cb000002", "UNIVERSAL", 1) // no backups at all
	if id := mustCreate(t, client, cbRequest("physical")); id != 1002 {
		t.Errorf("BackupId %d, want 1002", id)
	}
	other := cbRequest("physical", func(r *cdb.CreateBackupRequest) { r.InstanceId = common.StringPtr("cdb-cb000002") })
	if id := mustCreate(t, client, other); id != 1003 {
		t.Errorf("BackupId %d on an instance without backups, want 1003: above every ID created on the server", id)
	}
}

func TestCreateBackup_Validation(t *testing.T) {
	s, _ := cbServer(t, mock.Options{})
	setDevice(t, s, "cdb-basic001", "BASIC", 1)
	setDevice(t, s, "cdb-basic002", "BASIC_V2", 1)
	setDevice(t, s, "cdb-isolated", "UNIVERSAL", 5)
	setDevice(t, s, "cdb-creating", "UNIVERSAL", 0)
	client := newClient(t, s, clientConfig{region: cbRegion})
	long := strings.Repeat("a", 61)
	for _, c := range []struct {
		name     string
		params   map[string]any
		code     string
		mentions []string
	}{
		{"no InstanceId", map[string]any{"BackupMethod": "logical"}, "MissingParameter", []string{"`InstanceId`"}},
		{"no BackupMethod", map[string]any{"InstanceId": cbInstance}, "MissingParameter", []string{"`BackupMethod`"}},
		{"BackupMethod null", map[string]any{"InstanceId": cbInstance, "BackupMethod": nil}, "MissingParameter", []string{"`BackupMethod`"}},
		{"unknown method", map[string]any{"InstanceId": cbInstance, "BackupMethod": "full"},
			"InvalidParameterValue", []string{"`BackupMethod`", "`full`", "logical", "physical", "snapshot"}},
		{"method in capitals", map[string]any{"InstanceId": cbInstance, "BackupMethod": "Logical"},
			"InvalidParameterValue", []string{"`BackupMethod`"}},
		{"method not a string", map[string]any{"InstanceId": cbInstance, "BackupMethod": 1},
			"InvalidParameter", []string{"`BackupMethod`", "String"}},
		{"unknown parameter", map[string]any{"InstanceId": cbInstance, "BackupMethod": "logical", "BackupName": "x"},
			"UnknownParameter", []string{"`BackupName`"}},
		{"tables with physical", map[string]any{"InstanceId": cbInstance, "BackupMethod": "physical",
			"BackupDBTableList": []any{map[string]any{"Db": "shop"}}}, "InvalidParameter", []string{"`BackupDBTableList`", "`physical`"}},
		{"tables with snapshot", map[string]any{"InstanceId": cbInstance, "BackupMethod": "snapshot",
			"BackupDBTableList": []any{map[string]any{"Db": "shop", "Table": "orders"}}}, "InvalidParameter", []string{"`BackupDBTableList`"}},
		{"tables not an array", map[string]any{"InstanceId": cbInstance, "BackupMethod": "logical", "BackupDBTableList": "shop"},
			"InvalidParameter", []string{"`BackupDBTableList`"}},
		{"table item not an object", map[string]any{"InstanceId": cbInstance, "BackupMethod": "logical", "BackupDBTableList": []any{"shop"}},
			"InvalidParameter", []string{"`BackupDBTableList.0`"}},
		{"table item without Db", map[string]any{"InstanceId": cbInstance, "BackupMethod": "logical",
			"BackupDBTableList": []any{map[string]any{"Db": "shop"}, map[string]any{"Table": "orders"}}},
			"MissingParameter", []string{"`BackupDBTableList.1.Db`"}},
		{"table item with an empty Db", map[string]any{"InstanceId": cbInstance, "BackupMethod": "logical",
			"BackupDBTableList": []any{map[string]any{"Db": ""}}}, "InvalidParameterValue", []string{"`BackupDBTableList.0.Db`"}},
		{"table item with an unknown field", map[string]any{"InstanceId": cbInstance, "BackupMethod": "logical",
			"BackupDBTableList": []any{map[string]any{"Db": "shop", "Tables": "orders"}}}, "UnknownParameter", []string{"`BackupDBTableList.0.Tables`"}},
		{"Table not a string", map[string]any{"InstanceId": cbInstance, "BackupMethod": "logical",
			"BackupDBTableList": []any{map[string]any{"Db": "shop", "Table": 7}}}, "InvalidParameter", []string{"`BackupDBTableList.0.Table`"}},
		{"name of 61 characters", map[string]any{"InstanceId": cbInstance, "BackupMethod": "logical", "ManualBackupName": long},
			"InvalidParameterValue", []string{"`ManualBackupName`", "61", "60"}},
		{"name of 61 Chinese characters", map[string]any{"InstanceId": cbInstance, "BackupMethod": "logical",
			"ManualBackupName": strings.Repeat("备", 61)}, "InvalidParameterValue", []string{"`ManualBackupName`", "61"}},
		{"bad flag", map[string]any{"InstanceId": cbInstance, "BackupMethod": "physical", "EncryptionFlag": "yes"},
			"InvalidParameterValue", []string{"`EncryptionFlag`", "`yes`"}},
		{"bad flag on a logical backup", map[string]any{"InstanceId": cbInstance, "BackupMethod": "logical", "EncryptionFlag": "ON"},
			"InvalidParameterValue", []string{"`EncryptionFlag`"}},
		{"unknown instance", map[string]any{"InstanceId": "cdb-nothere", "BackupMethod": "logical"},
			"InvalidParameter.InstanceNotFound", []string{"cdb-nothere", cbRegion}},
		{"isolated instance", map[string]any{"InstanceId": "cdb-isolated", "BackupMethod": "logical"},
			"FailedOperation.StatusConflict", []string{"cdb-isolated", "Status 5"}},
		{"instance being created", map[string]any{"InstanceId": "cdb-creating", "BackupMethod": "physical"},
			"FailedOperation.StatusConflict", []string{"Status 0"}},
		{"basic instance, physical", map[string]any{"InstanceId": "cdb-basic001", "BackupMethod": "physical"},
			"OperationDenied.ActionNotSupport", []string{"cdb-basic001", "snapshot", "`physical`"}},
		{"basic v2 instance, logical", map[string]any{"InstanceId": "cdb-basic002", "BackupMethod": "logical"},
			"OperationDenied.ActionNotSupport", []string{"BASIC_V2", "snapshot"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := callAction(t, client, "CreateBackup", "2017-03-20", c.params)
			expectCode(t, err, c.code, c.mentions...)
		})
	}
	if st := s.Stats(); st.CreatedBackups != 0 {
		t.Errorf("CreatedBackups = %d after refusals only, want 0", st.CreatedBackups)
	}
	if n := len(s.Backups(cbRegion, cbInstance)); n != 1 {
		t.Errorf("the instance has %d backups after refusals only, want 1", n)
	}

	// What is accepted: 60 characters, Chinese ones too; an empty table list and empty strings as absent.
	typed := newCDBClient(t, s, cbRegion)
	s.SetCreateBackupFailureAll(false)
	if err := s.SetCreateBackupDuration(0); err != nil {
		t.Fatal(err)
	}
	for _, params := range []map[string]any{
		{"InstanceId": cbInstance, "BackupMethod": "logical", "ManualBackupName": strings.Repeat("备", 60)},
		{"InstanceId": cbInstance, "BackupMethod": "physical", "BackupDBTableList": []any{}, "EncryptionFlag": ""},
		{"InstanceId": cbInstance, "BackupMethod": "logical", "BackupDBTableList": []any{map[string]any{"Db": "shop", "Table": ""}}},
		{"InstanceId": "cdb-basic001", "BackupMethod": "snapshot"},
		{"InstanceId": "cdb-basic002", "BackupMethod": "snapshot", "EncryptionFlag": "on"},
	} {
		if _, err := callAction(t, client, "CreateBackup", "2017-03-20", params); err != nil {
			t.Errorf("CreateBackup(%v): %v", params, err)
		}
	}
	b, _ := head(t, typed, cbInstance)
	if str(b.Method) != "partial" || str(b.Status) != "SUCCESS" {
		t.Errorf("a backup of a whole database (Table empty): Method %s, Status %s; want partial, SUCCESS", str(b.Method), str(b.Status))
	}
	if info, _ := s.CreatedBackup(cbRegion, cbInstance, num(b.BackupId)); !reflect.DeepEqual(info.Tables, []mock.BackupTable{{Db: "shop"}}) {
		t.Errorf("recorded tables %v, want [{shop }]", info.Tables)
	}
	if b, _ := head(t, typed, "cdb-basic002"); str(b.Type) != "snapshot" || str(b.EncryptionFlag) != "off" {
		t.Errorf("the basic instance's snapshot: Type %s, EncryptionFlag %s; want snapshot, off (the flag is for physical backups)",
			str(b.Type), str(b.EncryptionFlag))
	}
}

func TestCreateBackup_Failures(t *testing.T) {
	s, clk := cbServer(t, mock.Options{})
	client := newCDBClient(t, s, cbRegion)
	tables := func(items ...[2]string) func(*cdb.CreateBackupRequest) {
		return func(r *cdb.CreateBackupRequest) {
			for _, it := range items {
				item := &cdb.BackupItem{Db: common.StringPtr(it[0])}
				if it[1] != "" {
					item.Table = common.StringPtr(it[1])
				}
				r.BackupDBTableList = append(r.BackupDBTableList, item)
			}
		}
	}
	// Each case's backup runs its 30s and ends; the next starts after.
	for _, c := range []struct {
		name   string
		setup  func()
		req    *cdb.CreateBackupRequest
		status string
		reason string
	}{
		{"tables that exist", func() {}, cbRequest("logical", tables([2]string{"shop", "users"}, [2]string{"crm", ""})), "SUCCESS", ""},
		{"a missing table", func() {}, cbRequest("logical", tables([2]string{"shop", "orders"}, [2]string{"shop", "carts"})),
			"FAILED", `the database "shop" has no table "carts"`},
		{"a missing database", func() {}, cbRequest("logical", tables([2]string{"billing", ""})), "FAILED", `no database "billing"`},
		{"an empty database's table", func() {}, cbRequest("logical", tables([2]string{"crm", "leads"})), "FAILED", `"crm" has no table "leads"`},
		{"the instance set to fail", func() { s.SetCreateBackupFailure(cbRegion, cbInstance, true) }, cbRequest("physical"),
			"FAILED", "SetCreateBackupFailure"},
		{"the instance set back", func() { s.SetCreateBackupFailure(cbRegion, cbInstance, false) }, cbRequest("physical"), "SUCCESS", ""},
		{"every instance set to fail", func() { s.SetCreateBackupFailureAll(true) }, cbRequest("snapshot"), "FAILED", "every created backup"},
		{"every instance set back", func() { s.SetCreateBackupFailureAll(false) }, cbRequest("snapshot"), "SUCCESS", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.setup()
			id := int64(mustCreate(t, client, c.req))
			info, _ := s.CreatedBackup(cbRegion, cbInstance, id)
			if info.Fails != (c.status == "FAILED") || !strings.Contains(info.FailReason, c.reason) {
				t.Errorf("record: Fails %v, FailReason %q; want %v, one that says %q", info.Fails, info.FailReason, c.status == "FAILED", c.reason)
			}
			clk.Advance(29 * time.Second)
			if b, _ := head(t, client, cbInstance); str(b.Status) != "RUNNING" || num(b.Progress) != 96 {
				t.Errorf("after 29s: Status %s, Progress %d; want RUNNING, 96 (a failing backup runs like another)", str(b.Status), num(b.Progress))
			}
			clk.Advance(time.Second)
			b, _ := head(t, client, cbInstance)
			switch c.status {
			case "FAILED":
				if str(b.Status) != "FAILED" || num(b.Progress) != 99 || num(b.Size) != 0 || str(b.FinishTime) == "0000-00-00 00:00:00" ||
					str(b.IntranetUrl) != "" || str(b.InternetUrl) != "" || str(b.MD5) != "" || str(b.ExecutedGTIDSet) != "" {
					t.Errorf("the failed backup: %s", jsonOf(b))
				}
			default:
				if str(b.Status) != "SUCCESS" || num(b.Progress) != 100 || num(b.Size) != info.Size || str(b.IntranetUrl) == "" {
					t.Errorf("the backup: %s", jsonOf(b))
				}
			}
		})
	}
}

func TestCreateBackup_Encryption(t *testing.T) {
	s, clk := cbServer(t, mock.Options{CreateBackupDuration: time.Second})
	client := newCDBClient(t, s, cbRegion)
	policy := mock.DefaultBackupPolicy(cbRegion)
	flag := func(f string) func(*cdb.CreateBackupRequest) {
		return func(r *cdb.CreateBackupRequest) { r.EncryptionFlag = common.StringPtr(f) }
	}
	for _, c := range []struct {
		name, status string
		req          *cdb.CreateBackupRequest
		want         string
	}{
		{"physical, no flag, policy off", "off", cbRequest("physical"), "off"},
		{"physical, no flag, policy on", "on", cbRequest("physical"), "on"},
		{"physical, flag off, policy on", "on", cbRequest("physical", flag("off")), "off"},
		{"physical, flag on, policy off", "off", cbRequest("physical", flag("on")), "on"},
		{"logical, flag on, policy on", "on", cbRequest("logical", flag("on")), "off"},
		{"snapshot, no flag, policy on", "on", cbRequest("snapshot"), "off"},
	} {
		t.Run(c.name, func(t *testing.T) {
			policy.EncryptionStatus = c.status
			if err := s.SetBackupPolicy(cbRegion, cbInstance, policy); err != nil {
				t.Fatal(err)
			}
			id := int64(mustCreate(t, client, c.req))
			b, _ := head(t, client, cbInstance)
			if str(b.EncryptionFlag) != c.want {
				t.Errorf("EncryptionFlag = %s, want %s", str(b.EncryptionFlag), c.want)
			}
			clk.Advance(time.Second)
			// An encrypted backup has its key, as any other.
			if _, ok := s.DecryptionKey(cbRegion, cbInstance, id); ok != (c.want == "on") {
				t.Errorf("DecryptionKey found: %v, want %v", ok, c.want == "on")
			}
			info, _ := s.CreatedBackup(cbRegion, cbInstance, id)
			if sent := str(c.req.EncryptionFlag); info.EncryptionFlag != strings.TrimPrefix(sent, "<nil>") {
				t.Errorf("recorded flag %q, want the one sent, %q", info.EncryptionFlag, sent)
			}
		})
	}
}

func TestCreateBackup_PagingSeesTheListShift(t *testing.T) {
	s, clk := cbServer(t, mock.Options{})
	client := newClient(t, s, clientConfig{region: cbRegion})
	s.SetBackups(cbRegion, cbInstance, mock.GenerateBackups(cbInstance, cbRegion, 5, time.Date(2025, 6, 29, 0, 0, 0, 0, time.UTC))[1:])
	first := mustDescribe(t, client, map[string]any{"InstanceId": cbInstance, "Limit": 2})
	typed := newCDBClient(t, s, cbRegion)
	id := mustCreate(t, typed, cbRequest("physical"))
	second := mustDescribe(t, client, map[string]any{"InstanceId": cbInstance, "Offset": 2, "Limit": 2})
	if *first.Response.TotalCount != 4 || *second.Response.TotalCount != 5 {
		t.Fatalf("TotalCount %d then %d, want 4 then 5", *first.Response.TotalCount, *second.Response.TotalCount)
	}
	// The second page of the new list starts one earlier: its first item is the old list's second.
	if got, want := second.backups(t)[0].BackupId, first.backups(t)[1].BackupId; got != want {
		t.Errorf("the second page starts with %d, want %d (shifted by the new head)", got, want)
	}
	all := s.Backups(cbRegion, cbInstance)
	if all[0].BackupId != int64(id) || int64(id) <= all[1].BackupId {
		t.Errorf("the new backup %d is not at the head above every other: %d first, then %d", id, all[0].BackupId, all[1].BackupId)
	}
	// Mutation keeps adding above it.
	if err := s.SetMutation(mock.MutationOptions{EveryCalls: 1, Add: 1, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	mustDescribe(t, client, map[string]any{"InstanceId": cbInstance})
	clk.Advance(time.Minute)
	if all := s.Backups(cbRegion, cbInstance); len(all) != 6 || all[0].BackupId <= int64(id) || all[1].BackupId != int64(id) ||
		all[1].Status != "SUCCESS" {
		t.Errorf("after a mutation: %d backups, head %d, then %d %s", len(all), all[0].BackupId, all[1].BackupId, all[1].Status)
	}
	// The mutation's new head is RUNNING, as generated backups are: it holds CreateBackup off.
	_, err := createBackup(t, typed, cbRequest("physical"))
	expectCode(t, err, "OperationDenied.ActionInProcess")
}

func TestCreateBackup_ThroughThePipeline(t *testing.T) {
	s, _ := cbServer(t, mock.Options{Quota: 1})
	client := newCDBClient(t, s, cbRegion)
	s.InjectErrorFor("CreateBackup", 1, "InternalError.UnknownError", "injected")
	_, err := createBackup(t, client, cbRequest("physical"))
	expectCode(t, err, "InternalError.UnknownError")
	mustCreate(t, client, cbRequest("physical")) // the quota's one token (the injected answer took none); the clock stands still
	_, err = createBackup(t, client, cbRequest("physical"))
	expectCode(t, err, "RequestLimitExceeded")
	if st := s.Stats(); st.CreatedBackups != 1 || st.Actions["CreateBackup"].Calls != 3 || st.Actions["CreateBackup"].Refused != 1 {
		t.Errorf("Stats: %d created, %+v; want 1 created, 3 calls, 1 refused by the quota", st.CreatedBackups, st.Actions["CreateBackup"])
	}
	calls := s.Calls()
	if last := calls[len(calls)-1]; last.Action != "CreateBackup" || last.InstanceID != cbInstance || last.ErrorCode != "RequestLimitExceeded" {
		t.Errorf("the last call recorded: %+v", last)
	}
}

func TestCreateBackup_AsAnotherAccount(t *testing.T) {
	s, _ := cbServer(t, mock.Options{Accounts: []mock.Account{{AccountID: "100000000777", SecretID: "AKIDother0000000000000000000000000000",
		SecretKey: "otherSecretKey00000000000000000000"}}})
	client := newClient(t, s, clientConfig{region: cbRegion, secretID: "AKIDother0000000000000000000000000000",
		secretKey: "otherSecretKey00000000000000000000"})
	if _, err := callAction(t, client, "CreateBackup", "2017-03-20", map[string]any{"InstanceId": cbInstance, "BackupMethod": "logical"}); err != nil {
		t.Fatal(err)
	}
	if b := s.Backups(cbRegion, cbInstance)[0]; b.Creator != "100000000777" {
		t.Errorf("Creator = %s, want the caller's account 100000000777", b.Creator)
	}
}

func TestDatabases(t *testing.T) {
	a, b := mock.DefaultDatabases(cbRegion, "cdb-aaaa0001"), mock.DefaultDatabases(cbRegion, "cdb-aaaa0001")
	if !reflect.DeepEqual(a, b) {
		t.Errorf("DefaultDatabases differs between calls: %v, %v", a, b)
	}
	if n := len(a); n < 2 || n > 4 {
		t.Errorf("%d databases, want 2 to 4: %v", n, a)
	}
	for db, tables := range a {
		if n := len(tables); n < 2 || n > 5 {
			t.Errorf("database %s has %d tables, want 2 to 5", db, n)
		}
	}
	differ := false
	for i := range 10 {
		differ = differ || !reflect.DeepEqual(a, mock.DefaultDatabases(cbRegion, "cdb-bbbb000"+string(rune('0'+i))))
	}
	if !differ {
		t.Error("ten other instances have the same databases")
	}

	s, _ := cbServer(t, mock.Options{})
	if got, _ := s.Databases(cbRegion, cbInstance); !reflect.DeepEqual(got, map[string][]string{"shop": {"orders", "users"}, "crm": {}}) {
		t.Errorf("Databases = %v", got)
	}
	for _, bad := range []map[string][]string{{"": {"t"}}, {"shop": {""}}, {"shop": {"t", "t"}}} {
		if err := s.SetDatabases(cbRegion, cbInstance, bad); err == nil {
			t.Errorf("SetDatabases(%v) accepted", bad)
		}
	}
	// SetBackups keeps them; nil goes back to the derived ones.
	s.SetBackups(cbRegion, cbInstance, nil)
	if got, _ := s.Databases(cbRegion, cbInstance); len(got) != 2 {
		t.Errorf("after SetBackups: %v", got)
	}
	if err := s.SetDatabases(cbRegion, cbInstance, nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Databases(cbRegion, cbInstance); !reflect.DeepEqual(got, mock.DefaultDatabases(cbRegion, cbInstance)) {
		t.Errorf("after SetDatabases(nil): %v, want the derived ones", got)
	}
	if _, ok := s.Databases(cbRegion, "cdb-nothere"); ok {
		t.Error("Databases of an unknown instance found")
	}
}

func TestReadFixtures_Databases(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		path := dir + "/" + name
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	good := write("good.json", `{"instances": [{"region": "ap-guangzhou", "instance_id": "cdb-fx000001", "backups": [],
		"databases": {"shop": ["orders", "users"], "empty": []}}]}`)
	f, err := mock.ReadFixtures(good)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := cbServer(t, mock.Options{})
	s.AddInstances(f)
	if got, _ := s.Databases("ap-guangzhou", "cdb-fx000001"); !reflect.DeepEqual(got, map[string][]string{"shop": {"orders", "users"}, "empty": {}}) {
		t.Errorf("Databases = %v", got)
	}
	for name, text := range map[string]string{
		"empty-table.json": `{"instances": [{"region": "ap-guangzhou", "instance_id": "cdb-fx000001", "backups": [], "databases": {"shop": [""]}}]}`,
		"twice.json":       `{"instances": [{"region": "ap-guangzhou", "instance_id": "cdb-fx000001", "backups": [], "databases": {"shop": ["a", "a"]}}]}`,
		"not-a-list.json":  `{"instances": [{"region": "ap-guangzhou", "instance_id": "cdb-fx000001", "backups": [], "databases": {"shop": "a"}}]}`,
	} {
		if _, err := mock.ReadFixtures(write(name, text)); err == nil {
			t.Errorf("%s accepted", name)
		} else if !strings.Contains(err.Error(), "databases") && !strings.Contains(err.Error(), "shop") {
			t.Errorf("%s: the error %v does not name the databases", name, err)
		}
	}
}

// A call whose answer the client loses still made its backup: CreateBackup is not idempotent,
// and a client that retries it blindly makes two (here the second is refused: the first runs).
func TestCreateBackup_LostAnswerStillCreates(t *testing.T) {
	s, _ := cbServer(t, mock.Options{Faults: mock.FaultOptions{Rate: 1, Kinds: []mock.FaultKind{mock.FaultTruncatedJSON}}})
	client := newCDBClient(t, s, cbRegion)
	if _, err := createBackup(t, client, cbRequest("physical")); err == nil {
		t.Fatal("CreateBackup succeeded through a truncated answer")
	}
	if err := s.SetFaults(mock.FaultOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.CreatedBackup(cbRegion, cbInstance, 1002); !ok || s.Stats().CreatedBackups != 1 {
		t.Fatal("no backup made by the call whose answer was truncated")
	}
	_, err := createBackup(t, client, cbRequest("physical"))
	expectCode(t, err, "OperationDenied.ActionInProcess")
}
