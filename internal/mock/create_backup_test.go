package mock_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	cdb "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cdb/v20170320"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// testClock is an Options.Clock a test moves by hand.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

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
func cbServer(t *testing.T, opts mock.Options) (*mock.Server, *testClock) {
	t.Helper()
	clk := &testClock{now: cbStart}
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

	clk.Add(15 * time.Second)
	b, _ = head(t, client, cbInstance)
	check("after 15s", b, "RUNNING", 50, info.Size/2, "0000-00-00 00:00:00")

	clk.Add(14 * time.Second)
	b, _ = head(t, client, cbInstance)
	check("after 29s", b, "RUNNING", 96, info.Size*96/100, "0000-00-00 00:00:00")

	clk.Add(5 * time.Second) // ends at 30s; read at 34s
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
	clk.Add(24 * time.Hour)
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
	clk.Add(10 * time.Second)
	_, err = createBackup(t, client, cbRequest("logical"))
	expectCode(t, err, "OperationDenied.ActionInProcess")
	clk.Add(20 * time.Second) // the first ends at 30s
	second := mustCreate(t, client, cbRequest("snapshot"))
	if first != 2001 || second != 2002 {
		t.Errorf("BackupIds %d, %d; want 2001, 2002: above every ID before", first, second)
	}

	// FinishBackup ends a created backup before its time; FAILED keeps its Progress.
	clk.Add(12 * time.Second)
	if err := s.FinishBackup(cbRegion, cbInstance, 2002, "FAILED"); err != nil {
		t.Fatalf("FinishBackup: %v", err)
	}
	b, _ = head(t, client, cbInstance)
	if str(b.Status) != "FAILED" || num(b.Progress) != 40 || num(b.Size) != 0 || str(b.FinishTime) != "2025-07-01 10:00:42" ||
		str(b.IntranetUrl) != "" || str(b.MD5) != "" {
		t.Errorf("the backup failed by FinishBackup: %s", jsonOf(b))
	}
	clk.Add(time.Minute) // its duration passes: it stays FAILED
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
