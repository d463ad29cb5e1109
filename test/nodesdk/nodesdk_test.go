// Package nodesdk_test drives the mock Tencent Cloud API (internal/mock) with Tencent Cloud's
// Node.js SDK (tencentcloud-sdk-nodejs-common, pinned in package.json and package-lock.json), as
// module authors would: describe_backups.js sends DescribeBackups, the actions that answer backup
// settings and the download restriction, DescribeRollbackRangeTime, DescribeDBInstances (a tag
// and a status filter), DescribeBackupSummaries and CreateBackup, with the SDK's
// CommonClient, and this test checks what it got against the mock's fixtures and the calls the
// mock recorded.
//
// It needs Node.js and the SDK installed (npm ci in this folder), so it runs only with
// TC_NODE_SDK=1; `make test-nodesdk` installs the SDK and runs it.
package nodesdk_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

const (
	sdkPackage = "tencentcloud-sdk-nodejs-common"
	sdkVersion = "4.1.220" // as pinned in package.json
	region     = "ap-guangzhou"
	instanceID = "cdb-node0001"
	backups    = 45 // more than the default Limit of 20, and not a whole number of pages
	pageSize   = 10
	fsiRegion  = "ap-shanghai-fsi"
	fsiID      = "cdb-nodefsi1"
	fsiBackups = 4
	createID   = "cdb-nodecb01" // a basic edition instance with no backups, for CreateBackup
)

var newest = time.Date(2025, 6, 30, 2, 0, 0, 0, time.FixedZone("CST", 8*3600))

// callResult is one call as describe_backups.js reports it: an answer or the SDK's error.
type callResult struct {
	TotalCount *int64  `json:"totalCount"`
	BackupIDs  []int64 `json:"backupIds"`
	RequestID  string  `json:"requestId"`
	Error      *struct {
		Code      string `json:"code"`
		Message   string `json:"message"`
		RequestID string `json:"requestId"`
	} `json:"error"`
}

// requestID is the RequestId of the answer, success or error.
func (c callResult) requestID() string {
	if c.Error != nil {
		return c.Error.RequestID
	}
	return c.RequestID
}

// pagingResult is a listing paged with Offset and Limit until TotalCount.
type pagingResult struct {
	Pages     []callResult `json:"pages"`
	BackupIDs []int64      `json:"backupIds"`
}

// scriptResult is everything describe_backups.js prints.
type scriptResult struct {
	Paging             pagingResult `json:"paging"`
	DefaultLimit       callResult   `json:"defaultLimit"`
	WrongSecretKey     callResult   `json:"wrongSecretKey"`
	UnknownInstance    callResult   `json:"unknownInstance"`
	BadLimit           callResult   `json:"badLimit"`
	FinanceOnPlainHost callResult   `json:"financeOnPlainHost"`
	FinanceOnItsHost   callResult   `json:"financeOnItsHost"`
	PagingViaProxy     pagingResult `json:"pagingViaProxy"`
	// Settings holds the answer of each backup settings action, by action.
	Settings map[string]answerResult `json:"settings"`
	// Rollback is DescribeRollbackRangeTime's answer for the instance, an unknown one and the
	// instance again.
	Rollback answerResult `json:"rollback"`
	// Instances is DescribeDBInstances' answer for the instance and an unknown one, filtered on
	// a tag and a status; Summaries DescribeBackupSummaries' for product mysql.
	Instances answerResult `json:"instances"`
	Summaries answerResult `json:"summaries"`
	// CreateBackup on a basic edition instance: physical (refused), snapshot (made), snapshot
	// again while it runs (refused); then DescribeBackups of the instance.
	CreateRefused  answerResult `json:"createRefused"`
	Created        answerResult `json:"created"`
	CreateConflict answerResult `json:"createConflict"`
	CreatedHead    answerResult `json:"createdHead"`
}

// answerResult is one call's whole answer, or the SDK's error.
type answerResult struct {
	Answer map[string]any `json:"answer"`
	Error  *struct {
		Code      string `json:"code"`
		Message   string `json:"message"`
		RequestID string `json:"requestId"`
	} `json:"error"`
}

func TestNodeSDK_DescribeBackups(t *testing.T) {
	if os.Getenv("TC_NODE_SDK") != "1" {
		t.Skip("drives the mock with Tencent Cloud's Node.js SDK: run `make test-nodesdk` " +
			"(or set TC_NODE_SDK=1 after `npm ci` in test/nodesdk; needs Node.js)")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("TC_NODE_SDK=1 but node is not on PATH: install Node.js (on Debian: apt-get install nodejs npm)")
	}
	checkInstalledSDK(t)

	s := mock.NewServer(mock.Options{})
	if err := s.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	want := backupIDs(mock.GenerateBackups(instanceID, region, backups, newest))
	wantFSI := backupIDs(mock.GenerateBackups(fsiID, fsiRegion, fsiBackups, newest))
	s.SetBackups(region, instanceID, mock.GenerateBackups(instanceID, region, backups, newest))
	s.SetBackups(fsiRegion, fsiID, mock.GenerateBackups(fsiID, fsiRegion, fsiBackups, newest))
	policy := mock.DefaultBackupPolicy(region)
	policy.Config.BackupExpireDays = 30
	policy.EncryptionStatus = "on"
	if err := s.SetBackupPolicy(region, instanceID, policy); err != nil {
		t.Fatal(err)
	}
	restriction := mock.DefaultDownloadRestriction()
	restriction.LimitType = "LimitOnlyIntranet"
	if err := s.SetDownloadRestriction(region, restriction); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRollbackRanges(region, instanceID, []mock.RollbackRange{
		{Begin: "2025-06-28 02:00:00", End: "2025-06-29 13:00:00"}, {Begin: "2025-06-29 14:00:00", End: "2025-06-30 01:59:00"}}); err != nil {
		t.Fatal(err)
	}
	info, _ := s.InstanceInfo(region, instanceID)
	info.Status, info.DeviceType = 1, "UNIVERSAL"
	info.TagList = []mock.TagInfoItem{{TagKey: "env", TagValue: "prod"}, {TagKey: "team", TagValue: "node"}}
	if err := s.SetInstanceInfo(region, instanceID, info); err != nil {
		t.Fatal(err)
	}
	summary, _ := s.BackupSummary(region, instanceID)
	basic := mock.DefaultInstanceInfo(region, createID, time.Time{})
	basic.Status, basic.DeviceType, basic.InstanceNodes, basic.SlaveInfo = 1, "BASIC", 1, nil
	if err := s.SetInstanceInfo(region, createID, basic); err != nil {
		t.Fatal(err)
	}
	_, port, err := net.SplitHostPort(s.Addr())
	if err != nil {
		t.Fatal(err)
	}

	res := runScript(t, node, map[string]string{
		"MOCK_PORT":             port,
		"MOCK_SECRET_ID":        mock.DefaultSecretID,
		"MOCK_SECRET_KEY":       mock.DefaultSecretKey,
		"MOCK_REGION":           region,
		"MOCK_INSTANCE":         instanceID,
		"MOCK_PAGE_SIZE":        fmt.Sprint(pageSize),
		"MOCK_FINANCE_REGION":   fsiRegion,
		"MOCK_FINANCE_INSTANCE": fsiID,
		"MOCK_CREATE_INSTANCE":  createID,
	})

	// Every answer the script got is a call the mock recorded, found by its RequestId.
	calls := map[string]mock.Call{}
	for _, c := range s.Calls() {
		calls[c.RequestID] = c
	}
	direct := "cdb.tencentcloudapi.com:" + port // the endpoint's host, sent to the mock by the script's agent
	recorded := func(t *testing.T, r callResult, host string) mock.Call {
		t.Helper()
		c, ok := calls[r.requestID()]
		if !ok {
			t.Fatalf("the script's answer %+v has no RequestId the mock answered", r)
		}
		if c.Host != host || c.RequestClient != "SDK_NODEJS_"+sdkVersion {
			t.Errorf("recorded call: Host %q, RequestClient %q; want Host %q from SDK_NODEJS_%s", c.Host, c.RequestClient, host, sdkVersion)
		}
		return c
	}
	expectError := func(t *testing.T, r callResult, host, code string, mentions ...string) {
		t.Helper()
		if r.Error == nil || r.Error.Code != code {
			t.Fatalf("answer %+v, want the error %s", r, code)
		}
		for _, m := range mentions {
			if !strings.Contains(r.Error.Message, m) {
				t.Errorf("message %q does not mention %q", r.Error.Message, m)
			}
		}
		if c := recorded(t, r, host); c.ErrorCode != code {
			t.Errorf("the mock recorded %q, want %s", c.ErrorCode, code)
		}
	}
	checkPaging := func(t *testing.T, p pagingResult, host string) {
		t.Helper()
		if wantPages := (backups + pageSize - 1) / pageSize; len(p.Pages) != wantPages {
			t.Errorf("%d pages, want %d", len(p.Pages), wantPages)
		}
		for i, page := range p.Pages {
			if page.Error != nil || page.TotalCount == nil || *page.TotalCount != backups {
				t.Fatalf("page %d: %+v, want TotalCount %d", i, page, backups)
			}
			c := recorded(t, page, host)
			if c.Offset == nil || *c.Offset != int64(i*pageSize) || c.Limit == nil || *c.Limit != pageSize || c.InstanceID != instanceID {
				t.Errorf("page %d: the mock recorded %s Offset %v Limit %v, want Offset %d Limit %d", i, c.InstanceID, c.Offset, c.Limit, i*pageSize, pageSize)
			}
		}
		if !slices.Equal(p.BackupIDs, want) {
			t.Errorf("BackupIds paged = %v\nwant the fixtures' %v", p.BackupIDs, want)
		}
	}

	t.Run("paging to the end", func(t *testing.T) { checkPaging(t, res.Paging, direct) })
	t.Run("default Limit of 20", func(t *testing.T) {
		r := res.DefaultLimit
		if r.Error != nil || !slices.Equal(r.BackupIDs, want[:20]) {
			t.Errorf("answer %+v, want the first 20 of the fixtures' backups", r)
		}
		if c := recorded(t, r, direct); c.Limit != nil || c.Offset != nil {
			t.Errorf("the mock recorded Offset %v Limit %v, want neither sent", c.Offset, c.Limit)
		}
	})
	t.Run("wrong SecretKey", func(t *testing.T) {
		expectError(t, res.WrongSecretKey, direct, "AuthFailure.SignatureFailure")
		// The real API's words, which say nothing of the cause: the mock keeps its own reason to its log.
		if want := "The provided credentials could not be validated. Please check your signature is correct."; res.WrongSecretKey.Error.Message != want {
			t.Errorf("message %q, want the real API's %q", res.WrongSecretKey.Error.Message, want)
		}
		if c := recorded(t, res.WrongSecretKey, direct); !strings.Contains(c.Reason, "SecretKey") {
			t.Errorf("the mock recorded the reason %q, want one about the SecretKey", c.Reason)
		}
	})
	t.Run("unknown instance", func(t *testing.T) {
		expectError(t, res.UnknownInstance, direct, "InvalidParameter.InstanceNotFound", "cdb-nothere")
	})
	t.Run("Limit above the largest accepted", func(t *testing.T) {
		// The mock's default bound is the current API's largest page, 1000: 1001 is the first Limit it refuses.
		expectError(t, res.BadLimit, direct, "InvalidParameterValue", "`Limit` (1001)", "between 1 and 1000.")
	})
	t.Run("Finance region on the plain host", func(t *testing.T) {
		expectError(t, res.FinanceOnPlainHost, direct, "UnsupportedRegion", fsiRegion, "cdb."+fsiRegion+".tencentcloudapi.com")
	})
	t.Run("Finance region on its own host", func(t *testing.T) {
		r := res.FinanceOnItsHost
		if r.Error != nil || r.TotalCount == nil || *r.TotalCount != fsiBackups || !slices.Equal(r.BackupIDs, wantFSI) {
			t.Errorf("answer %+v, want the fixtures' %v", r, wantFSI)
		}
		recorded(t, r, "cdb."+fsiRegion+".tencentcloudapi.com:"+port)
	})
	t.Run("paging through the mock as the proxy", func(t *testing.T) {
		// Through CONNECT to cdb.tencentcloudapi.com:80: the Host carries no port.
		checkPaging(t, res.PagingViaProxy, "cdb.tencentcloudapi.com")
		if st := s.Stats(); st.Tunnels < 1 {
			t.Errorf("Stats.Tunnels = %d: the SDK did not tunnel through CONNECT", st.Tunnels)
		}
	})

	t.Run("backup settings", func(t *testing.T) {
		// One field of each answer, as set above or by default, and every answer recorded.
		for action, want := range map[string]struct {
			field string
			value any
		}{
			"DescribeBackupConfig":              {"BackupExpireDays", 30.0},
			"DescribeRemoteBackupConfig":        {"RemoteBackupSave", "off"},
			"DescribeLocalBinlogConfig":         {"LocalBinlogConfig", map[string]any{"SaveHours": 120.0, "MaxUsage": 30.0}},
			"DescribeBackupEncryptionStatus":    {"EncryptionStatus", "on"},
			"DescribeBackupDownloadRestriction": {"LimitType", "LimitOnlyIntranet"},
		} {
			r, ok := res.Settings[action]
			switch {
			case !ok:
				t.Errorf("%s: not called", action)
				continue
			case r.Error != nil:
				t.Errorf("%s: %+v", action, *r.Error)
				continue
			}
			if got := r.Answer[want.field]; !reflect.DeepEqual(got, want.value) {
				t.Errorf("%s: %s = %v, want %v", action, want.field, got, want.value)
			}
			id, _ := r.Answer["RequestId"].(string)
			if c, ok := calls[id]; !ok || c.Action != action || c.ErrorCode != "" {
				t.Errorf("%s: the mock recorded %+v for RequestId %q", action, c, id)
			}
		}
	})

	t.Run("rollback ranges", func(t *testing.T) {
		r := res.Rollback
		if r.Error != nil {
			t.Fatalf("DescribeRollbackRangeTime: %+v", *r.Error)
		}
		times := []any{
			map[string]any{"Begin": "2025-06-28 02:00:00", "End": "2025-06-29 13:00:00"},
			map[string]any{"Begin": "2025-06-29 14:00:00", "End": "2025-06-30 01:59:00"}}
		known := map[string]any{"Code": 0.0, "Message": "", "InstanceId": instanceID, "Times": times}
		want := map[string]any{"TotalCount": 3.0, "Items": []any{known,
			map[string]any{"Code": 1600009.0, "Message": "The instance `cdb-nothere` does not exist in region `" + region + "`.",
				"InstanceId": "cdb-nothere", "Times": []any{}},
			known}}
		id, _ := r.Answer["RequestId"].(string)
		delete(r.Answer, "RequestId")
		if !reflect.DeepEqual(r.Answer, want) {
			t.Errorf("answer %v\nwant   %v", r.Answer, want)
		}
		c, ok := calls[id]
		if !ok || c.Action != "DescribeRollbackRangeTime" || c.ErrorCode != "" || c.IsRemoteZone != "false" ||
			c.BackupRegion != "ap-shanghai" || !slices.Equal(c.InstanceIDs, []string{instanceID, "cdb-nothere", instanceID}) {
			t.Errorf("the mock recorded %+v for RequestId %q", c, id)
		}
	})

	t.Run("instances", func(t *testing.T) {
		r := res.Instances
		if r.Error != nil {
			t.Fatalf("DescribeDBInstances: %+v", *r.Error)
		}
		items, _ := r.Answer["Items"].([]any)
		if r.Answer["TotalCount"] != 1.0 || len(items) != 1 {
			t.Fatalf("answer %v, want the instance alone", r.Answer)
		}
		item, _ := items[0].(map[string]any)
		wantTags := []any{map[string]any{"TagKey": "env", "TagValue": "prod"}, map[string]any{"TagKey": "team", "TagValue": "node"}}
		if item["InstanceId"] != instanceID || item["InstanceName"] != info.InstanceName || item["Vip"] != info.Vip ||
			!reflect.DeepEqual(item["TagList"], wantTags) || item["RoGroups"] == nil {
			t.Errorf("item %v, want the instance's inventory", item)
		}
		id, _ := r.Answer["RequestId"].(string)
		if c, ok := calls[id]; !ok || c.Action != "DescribeDBInstances" ||
			!slices.Equal(c.Tags, []mock.TagFilter{{Key: "env", Value: "prod"}}) || !slices.Equal(c.InstanceIDs, []string{instanceID, "cdb-nothere"}) {
			t.Errorf("the mock recorded %+v for RequestId %q", c, id)
		}
	})
	t.Run("backup summaries", func(t *testing.T) {
		r := res.Summaries
		if r.Error != nil {
			t.Fatalf("DescribeBackupSummaries: %+v", *r.Error)
		}
		want := []any{map[string]any{"InstanceId": instanceID,
			"AutoBackupCount": float64(summary.AutoBackupCount), "AutoBackupVolume": float64(summary.AutoBackupVolume),
			"ManualBackupCount": float64(summary.ManualBackupCount), "ManualBackupVolume": float64(summary.ManualBackupVolume),
			"DataBackupCount": float64(summary.DataBackupCount), "DataBackupVolume": float64(summary.DataBackupVolume),
			"BinlogBackupCount": 0.0, "BinlogBackupVolume": 0.0, "BackupVolume": float64(summary.DataBackupVolume)}}
		if r.Answer["TotalCount"] != 1.0 || !reflect.DeepEqual(r.Answer["Items"], want) || summary.DataBackupCount == 0 {
			t.Errorf("answer %v\nwant Items %v", r.Answer, want)
		}
	})

	t.Run("CreateBackup", func(t *testing.T) {
		for name, c := range map[string]struct {
			r    answerResult
			code string
		}{"physical on a basic instance": {res.CreateRefused, "OperationDenied.ActionNotSupport"},
			"a second backup while one runs": {res.CreateConflict, "OperationDenied.ActionInProcess"}} {
			if c.r.Error == nil || c.r.Error.Code != c.code {
				t.Errorf("%s: %+v, want the error %s", name, c.r, c.code)
			}
		}
		if res.Created.Error != nil {
			t.Fatalf("CreateBackup: %+v", *res.Created.Error)
		}
		id, _ := res.Created.Answer["BackupId"].(float64)
		requestID, _ := res.Created.Answer["RequestId"].(string)
		info, ok := s.CreatedBackup(region, createID, int64(id))
		if !ok || info.Method != "snapshot" || info.Name != "node-sdk-备份" || info.RequestID != requestID || info.AccountID != mock.DefaultAccountID {
			t.Errorf("BackupId %v: the mock recorded %+v, %v", res.Created.Answer["BackupId"], info, ok)
		}
		if c := calls[requestID]; c.Action != "CreateBackup" || c.InstanceID != createID || c.RequestClient != "SDK_NODEJS_"+sdkVersion {
			t.Errorf("the mock recorded %+v", c)
		}
		items, _ := res.CreatedHead.Answer["Items"].([]any)
		if res.CreatedHead.Error != nil || res.CreatedHead.Answer["TotalCount"] != 1.0 || len(items) != 1 {
			t.Fatalf("DescribeBackups after CreateBackup: %+v", res.CreatedHead)
		}
		b, _ := items[0].(map[string]any)
		if b["BackupId"] != id || b["Status"] != "RUNNING" || b["Way"] != "manual" || b["Type"] != "snapshot" ||
			b["ManualBackupName"] != "node-sdk-备份" || b["FinishTime"] != "0000-00-00 00:00:00" || b["Creator"] != mock.DefaultAccountID {
			t.Errorf("the new backup as listed: %v", b)
		}
	})

	scriptCalls := len(res.Paging.Pages) + len(res.PagingViaProxy.Pages) + 6 + len(res.Settings) + 1 + 2 + 4
	if st := s.Stats(); len(calls) != scriptCalls || st.Calls != scriptCalls || st.LimitTooLarge != 1 {
		t.Errorf("the mock answered %d calls (Stats: %d, %d with too large a Limit); the script reported %d, one with too large a Limit",
			len(calls), st.Calls, st.LimitTooLarge, scriptCalls)
	}
}

// checkInstalledSDK fails the test unless node_modules holds the pinned SDK.
func checkInstalledSDK(t *testing.T) {
	t.Helper()
	data, err := os.ReadFile("node_modules/" + sdkPackage + "/package.json")
	if err != nil {
		t.Fatalf("%s is not installed (%v): run `npm ci` in test/nodesdk, as `make test-nodesdk` does", sdkPackage, err)
	}
	var pkg struct{ Version string }
	if err := json.Unmarshal(data, &pkg); err != nil || pkg.Version != sdkVersion {
		t.Fatalf("node_modules holds %s %q (%v), want %s: run `npm ci` in test/nodesdk", sdkPackage, pkg.Version, err, sdkVersion)
	}
}

// runScript runs describe_backups.js with these variables and decodes what it prints. Proxy
// variables are left out: the SDK would take http_proxy for a client without a proxy or agent.
func runScript(t *testing.T, node string, vars map[string]string) scriptResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "describe_backups.js")
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasSuffix(strings.ToLower(name), "_proxy") && !strings.HasPrefix(name, "MOCK_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	for name, value := range vars {
		cmd.Env = append(cmd.Env, name+"="+value)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	started := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("node describe_backups.js: %v\nstderr:\n%s\nstdout:\n%s", err, stderr.String(), stdout.String())
	}
	t.Logf("node describe_backups.js took %s", time.Since(started).Round(time.Millisecond))
	var res scriptResult
	dec := json.NewDecoder(&stdout)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&res); err != nil {
		t.Fatalf("decoding the script's output: %v\n%s", err, stdout.String())
	}
	return res
}

func backupIDs(bs []mock.Backup) []int64 {
	ids := make([]int64, len(bs))
	for i, b := range bs {
		ids[i] = b.BackupId
	}
	return ids
}
