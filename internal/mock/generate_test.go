package mock_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

func TestGenerateBackups_Deterministic(t *testing.T) {
	a := mock.GenerateBackups("cdb-c1nl9rpv", "ap-guangzhou", 40, newest)
	b := mock.GenerateBackups("cdb-c1nl9rpv", "ap-guangzhou", 40, newest)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same arguments gave different backups")
	}
	if c := mock.GenerateBackups("cdb-zzzzzzzz", "ap-guangzhou", 40, newest); c[5].BackupId == a[5].BackupId {
		t.Error("another instance got the same backup IDs")
	}
	if got := mock.GenerateBackups("cdb-c1nl9rpv", "ap-guangzhou", 0, newest); got == nil || len(got) != 0 {
		t.Errorf("n = 0 gave %v, want an empty slice", got)
	}
}

func TestGenerateBackups_Realistic(t *testing.T) {
	const instance, region, n = "cdb-c1nl9rpv", "ap-guangzhou", 60
	backups := mock.GenerateBackups(instance, region, n, newest)
	if len(backups) != n {
		t.Fatalf("got %d backups, want %d", len(backups), n)
	}
	beijing := time.FixedZone("CST", 8*3600)
	hex32 := regexp.MustCompile(`^[0-9a-f]{32}$`)
	gtid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:1-\d+$`)
	name := regexp.MustCompile(`^` + instance + `_backup_\d{14}$`)
	parse := func(field, value string) time.Time {
		t.Helper()
		v, err := time.ParseInLocation("2006-01-02 15:04:05", value, beijing)
		if err != nil {
			t.Fatalf("%s %q: %v", field, value, err)
		}
		return v
	}

	ids := map[int64]bool{}
	subIDs := map[int64]bool{}
	count := map[string]int{}
	var previous time.Time
	for i, b := range backups {
		if ids[b.BackupId] || b.BackupId <= 0 {
			t.Errorf("backup %d: BackupId %d repeated or not positive", i, b.BackupId)
		}
		ids[b.BackupId] = true
		date := parse("Date", b.Date)
		if i == 0 && !date.Equal(newest) {
			t.Errorf("newest Date = %s, want %s", b.Date, newest.Format("2006-01-02 15:04:05"))
		}
		if i > 0 {
			if gap := previous.Sub(date); gap < time.Hour || gap > 12*time.Hour {
				t.Errorf("backup %d is %s older than the one before; want a few hours, newest first", i, gap)
			}
		}
		previous = date
		if !name.MatchString(b.Name) || b.InstanceId != instance || b.Region != region {
			t.Errorf("backup %d: Name %q, InstanceId %q, Region %q", i, b.Name, b.InstanceId, b.Region)
		}
		count["type:"+b.Type]++
		count["method:"+b.Method]++
		count["way:"+b.Way]++
		count["savemode:"+b.SaveMode]++
		count["encryption:"+b.EncryptionFlag]++
		count["cos:"+string(rune('0'+b.CosStorageType))]++
		count["status:"+b.Status]++
		if b.Method == "partial" && b.Type != "logical" {
			t.Errorf("backup %d: a partial backup must be logical, is %s", i, b.Type)
		}
		switch b.Way {
		case "manual":
			if b.ManualBackupName == "" || b.Creator == "SYSTEM" || b.Creator == "" {
				t.Errorf("manual backup %d: ManualBackupName %q, Creator %q", i, b.ManualBackupName, b.Creator)
			}
		case "automatic":
			if b.ManualBackupName != "" || b.Creator != "SYSTEM" {
				t.Errorf("automatic backup %d: ManualBackupName %q, Creator %q", i, b.ManualBackupName, b.Creator)
			}
		default:
			t.Errorf("backup %d: Way %q", i, b.Way)
		}
		if b.RemoteInfo == nil {
			t.Errorf("backup %d: RemoteInfo is nil, want a list", i)
		}

		switch b.Status {
		case "RUNNING":
			if i != 0 || b.FinishTime != "0000-00-00 00:00:00" || b.Progress >= 100 || b.Progress <= 0 ||
				b.IntranetUrl != "" || b.InternetUrl != "" || b.MD5 != "" {
				t.Errorf("running backup %d: %+v", i, b)
			}
		case "FAILED":
			if b.IntranetUrl != "" || b.InternetUrl != "" || b.MD5 != "" || b.Progress >= 100 || len(b.RemoteInfo) != 0 {
				t.Errorf("failed backup %d has links, an MD5 or copies: %+v", i, b)
			}
			if parse("FinishTime", b.FinishTime).Before(date) {
				t.Errorf("failed backup %d finished before it started", i)
			}
		case "SUCCESS":
			if !strings.HasPrefix(b.IntranetUrl, "https://") || !strings.HasPrefix(b.InternetUrl, "https://") ||
				b.IntranetUrl == b.InternetUrl || !hex32.MatchString(b.MD5) || !gtid.MatchString(b.ExecutedGTIDSet) ||
				b.Progress != 100 || b.Size <= 0 {
				t.Errorf("successful backup %d: %+v", i, b)
			}
			if !parse("FinishTime", b.FinishTime).After(parse("StartTime", b.StartTime)) {
				t.Errorf("backup %d: FinishTime %s not after StartTime %s", i, b.FinishTime, b.StartTime)
			}
			if len(b.RemoteInfo) > 2 {
				t.Errorf("backup %d has %d copies, want at most 2", i, len(b.RemoteInfo))
			}
			if len(b.RemoteInfo) > 0 {
				count["remote"]++
			}
			for _, c := range b.RemoteInfo {
				if subIDs[c.SubBackupId] || c.Region == region || c.Region == "" {
					t.Errorf("backup %d: copy %+v repeats a SubBackupId or is in the same region", i, c)
				}
				subIDs[c.SubBackupId] = true
				if c.Status == "SUCCESS" && (!strings.HasPrefix(c.Url, "https://") || !strings.Contains(c.Url, c.Region) || c.Url == b.InternetUrl) {
					t.Errorf("backup %d: copy %+v has no link of its own", i, c)
				}
				parse("copy StartTime", c.StartTime)
				parse("copy FinishTime", c.FinishTime)
			}
		default:
			t.Errorf("backup %d: Status %q", i, b.Status)
		}
	}
	if count["status:RUNNING"] != 1 || count["status:FAILED"] == 0 || count["status:SUCCESS"] < n*2/3 {
		t.Errorf("statuses: %d running, %d failed, %d successful; want 1, some, mostly",
			count["status:RUNNING"], count["status:FAILED"], count["status:SUCCESS"])
	}
	for _, kind := range []string{"type:logical", "type:physical", "method:full", "method:partial", "way:manual",
		"way:automatic", "savemode:save_mode_regular", "savemode:save_mode_period", "encryption:on", "encryption:off",
		"cos:0", "cos:1", "cos:2", "remote"} {
		if count[kind] == 0 {
			t.Errorf("no backup of kind %s among %d: %v", kind, n, count)
		}
	}
}

func TestFixtures_RoundTrip(t *testing.T) {
	want := &mock.Fixtures{Instances: []mock.FixtureInstance{
		{Region: "ap-guangzhou", InstanceID: "cdb-aaaaaaaa", Backups: mock.GenerateBackups("cdb-aaaaaaaa", "ap-guangzhou", 12, newest)},
		{Region: "ap-shanghai-fsi", InstanceID: "cdb-bbbbbbbb", Backups: mock.GenerateBackups("cdb-bbbbbbbb", "ap-shanghai-fsi", 3, newest)},
		{Region: "ap-guangzhou", InstanceID: "cdb-cccccccc", Backups: []mock.Backup{}},
	}}
	data, err := json.MarshalIndent(want, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{`"instances"`, `"region"`, `"instance_id"`, `"backups"`, `"BackupId"`, `"SubBackupId"`} {
		if !strings.Contains(string(data), field) {
			t.Errorf("fixtures JSON has no %s field", field)
		}
	}
	path := filepath.Join(t.TempDir(), "fixtures.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := mock.ReadFixtures(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatal("fixtures changed in the round trip")
	}

	s := startServer(t, mock.Options{})
	s.AddInstances(got)
	resp := mustDescribe(t, newClient(t, s, clientConfig{region: "ap-guangzhou"}), map[string]any{"InstanceId": "cdb-aaaaaaaa", "Limit": 100})
	if backups := resp.backups(t); !reflect.DeepEqual(backups, want.Instances[0].Backups) {
		t.Error("the server answers other backups than the fixtures hold")
	}
	resp = mustDescribe(t, newClient(t, s, clientConfig{region: "ap-guangzhou"}), map[string]any{"InstanceId": "cdb-cccccccc"})
	if *resp.Response.TotalCount != 0 {
		t.Errorf("empty instance: TotalCount %d", *resp.Response.TotalCount)
	}
}

func TestReadFixtures_Refuses(t *testing.T) {
	tests := map[string]string{
		"misspelt field":   `{"instances":[{"region":"ap-guangzhou","instance_id":"cdb-a","backups":[{"BackupID":1,"Sise":3}]}]}`,
		"missing region":   `{"instances":[{"instance_id":"cdb-a","backups":[]}]}`,
		"listed twice":     `{"instances":[{"region":"ap-guangzhou","instance_id":"cdb-a"},{"region":"ap-guangzhou","instance_id":"cdb-a"}]}`,
		"not JSON":         `instances: []`,
		"two documents":    `{"instances":[]} {"instances":[]}`,
		"wrong value type": `{"instances":[{"region":"ap-guangzhou","instance_id":"cdb-a","backups":[{"Size":"big"}]}]}`,
	}
	for name, content := range tests {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "f.json")
			if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := mock.ReadFixtures(path); err == nil || !strings.Contains(err.Error(), path) {
				t.Errorf("ReadFixtures error = %v, want one naming the file", err)
			}
		})
	}
	if _, err := mock.ReadFixtures(filepath.Join(t.TempDir(), "absent.json")); err == nil {
		t.Error("a missing file loaded")
	}
}

func TestGenerateBackups_Encryption(t *testing.T) {
	newestEncrypted, newestPlain := 0, 0
	for k := range 20 {
		id := fmt.Sprintf("cdb-enc%05d", k)
		backups := mock.GenerateBackups(id, "ap-guangzhou", 25, newest)
		encrypted, plain := 0, 0
		var newestSuccess *mock.Backup
		for i, b := range backups {
			if b.EncryptionFlag != "on" && b.EncryptionFlag != "off" {
				t.Errorf("%s backup %d: EncryptionFlag %q", id, i, b.EncryptionFlag)
			}
			if b.Status != "SUCCESS" {
				continue
			}
			if newestSuccess == nil {
				newestSuccess = &backups[i]
			}
			if b.EncryptionFlag == "on" {
				encrypted++
			} else {
				plain++
			}
		}
		if encrypted == 0 || plain == 0 || encrypted > plain {
			t.Errorf("%s: %d encrypted and %d unencrypted SUCCESS backups; want some of each, about a third encrypted", id, encrypted, plain)
		}
		if newestSuccess.EncryptionFlag == "on" {
			newestEncrypted++
		} else {
			newestPlain++
		}
	}
	if newestEncrypted == 0 || newestPlain == 0 {
		t.Errorf("the newest SUCCESS backup is encrypted on %d instances of 20, not on %d; want some of each", newestEncrypted, newestPlain)
	}
}
