package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// TestMain lets the test binary act as tcmock itself, so the real main (flags, signals, exit
// codes, stdout) is exercised without building a separate binary.
func TestMain(m *testing.M) {
	if os.Getenv("TCMOCK_TEST_RUN_MAIN") == "1" {
		os.Args = append([]string{"tcmock"}, strings.Fields(os.Getenv("TCMOCK_TEST_ARGS"))...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// banner is what tcmock printed before serving.
type banner struct {
	endpoint  string
	stats     string
	instances []string
	text      string
}

// readBanner reads stdout up to the end of the provider block.
func readBanner(t *testing.T, r io.Reader) banner {
	t.Helper()
	var b banner
	scanner := bufio.NewScanner(r)
	for scanner.Scan() {
		line := scanner.Text()
		b.text += line + "\n"
		if v, ok := strings.CutPrefix(line, "MOCK_ENDPOINT="); ok {
			b.endpoint = v
		}
		if v, ok := strings.CutPrefix(line, "MOCK_STATS="); ok {
			b.stats = v
		}
		if v, ok := strings.CutPrefix(line, "MOCK_INSTANCE="); ok {
			b.instances = append(b.instances, v)
		}
		if line == "}" {
			return b
		}
	}
	t.Fatalf("stdout ended before the provider block: %q (%v)", b.text, scanner.Err())
	return b
}

// describe calls the endpoint with the unmodified SDK and returns TotalCount.
func describe(t *testing.T, endpoint, region, instance string) int64 {
	t.Helper()
	total, _, err := describePage(t, endpoint, region, instance, 100)
	if err != nil {
		t.Fatalf("DescribeBackups %s: %v", instance, err)
	}
	return total
}

// describePage asks the endpoint for one page of this size with the unmodified SDK, and returns
// TotalCount and the number of items, or the SDK's error.
func describePage(t *testing.T, endpoint, region, instance string, limit int64) (total int64, items int, err error) {
	t.Helper()
	client := sdkClient(endpoint, region, mock.DefaultSecretKey)
	req := tchttp.NewCommonRequest("cdb", "2017-03-20", "DescribeBackups")
	if err := req.SetActionParameters(map[string]any{"InstanceId": instance, "Limit": limit}); err != nil {
		t.Fatal(err)
	}
	resp := tchttp.NewCommonResponse()
	if err := client.Send(req, resp); err != nil {
		return 0, 0, err
	}
	var answer struct {
		Response struct {
			TotalCount int64
			Items      []json.RawMessage
		}
	}
	if err := json.Unmarshal(resp.GetBody(), &answer); err != nil {
		t.Fatal(err)
	}
	return answer.Response.TotalCount, len(answer.Response.Items), nil
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines to write.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// start runs tcmock in-process and returns its banner and a function that stops it and returns
// run's error.
func start(t *testing.T, args ...string) (banner, *syncBuffer, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdoutR, stdoutW := io.Pipe()
	stderr := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		err := run(ctx, args, stdoutW, stderr)
		stdoutW.CloseWithError(io.EOF)
		done <- err
	}()
	b := readBanner(t, stdoutR)
	go func() { _, _ = io.Copy(io.Discard, stdoutR) }()
	stop := func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(5 * time.Second):
			t.Fatal("tcmock did not stop")
			return nil
		}
	}
	t.Cleanup(func() { cancel() })
	return b, stderr, stop
}

func TestRun_GeneratedInstances(t *testing.T) {
	ready := filepath.Join(t.TempDir(), "endpoint")
	b, stderr, stop := start(t, "-instances", "2", "-backups", "7", "-region", "ap-shanghai", "-seed", "42", "-ready-file", ready)

	if !regexp.MustCompile(`^http://127\.0\.0\.1:\d+$`).MatchString(b.endpoint) {
		t.Fatalf("MOCK_ENDPOINT = %q in:\n%s", b.endpoint, b.text)
	}
	if len(b.instances) != 2 || !reflect.DeepEqual(b.instances, instanceIDs(42, 2)) {
		t.Errorf("MOCK_INSTANCE lines = %v, want the 2 IDs of seed 42", b.instances)
	}
	for _, want := range []string{`provider "tencentcloud" {`, `region     = "ap-shanghai"`,
		`secret_id  = "` + mock.DefaultSecretID + `"`, `secret_key = "` + mock.DefaultSecretKey + `"`,
		"endpoints {", `cdb = "` + b.endpoint + `"`} {
		if !strings.Contains(b.text, want) {
			t.Errorf("banner lacks %q:\n%s", want, b.text)
		}
	}
	if got, err := os.ReadFile(ready); err != nil || string(got) != b.endpoint+"\n" {
		t.Errorf("ready file = %q, %v; want the endpoint", got, err)
	}

	for _, id := range b.instances {
		if total := describe(t, b.endpoint, "ap-shanghai", id); total != 7 {
			t.Errorf("%s: TotalCount %d, want 7", id, total)
		}
	}
	if err := stop(); err != nil {
		t.Fatalf("run: %v", err)
	}
	if log := stderr.String(); strings.Count(log, "DescribeBackups") != 2 || !strings.Contains(log, "OK 7 of 7") ||
		strings.Contains(log, "https://") {
		t.Errorf("call log:\n%s", log)
	}
	if _, err := os.Stat(ready); !os.IsNotExist(err) {
		t.Errorf("ready file left behind: %v", err)
	}
}

func TestRun_DecryptionKeysAreNotLogged(t *testing.T) {
	b, stderr, stop := start(t, "-instances", "1", "-backups", "25", "-seed", "7", "-newest", "2024-03-01T02:00:00+08:00")
	id := b.instances[0]
	var encrypted []int64
	for _, backup := range mock.GenerateBackups(id, "ap-guangzhou", 25, time.Date(2024, 3, 1, 2, 0, 0, 0, beijing)) {
		if backup.Status == "SUCCESS" && backup.EncryptionFlag == "on" {
			encrypted = append(encrypted, backup.BackupId)
		}
	}
	if len(encrypted) == 0 {
		t.Fatal("the generated instance has no encrypted SUCCESS backup")
	}

	client := sdkClient(b.endpoint, "ap-guangzhou", mock.DefaultSecretKey)
	req := tchttp.NewCommonRequest("cdb", "2017-03-20", "DescribeBackupDecryptionKey")
	if err := req.SetActionParameters(map[string]any{"InstanceId": id, "BackupId": encrypted[0]}); err != nil {
		t.Fatal(err)
	}
	resp := tchttp.NewCommonResponse()
	if err := client.Send(req, resp); err != nil {
		t.Fatalf("DescribeBackupDecryptionKey: %v", err)
	}
	var answer struct {
		Response struct{ DecryptionKey string }
	}
	if err := json.Unmarshal(resp.GetBody(), &answer); err != nil || answer.Response.DecryptionKey == "" {
		t.Fatalf("answer %s: %v", resp.GetBody(), err)
	}
	if err := stop(); err != nil {
		t.Fatalf("run: %v", err)
	}
	if log := stderr.String(); !strings.Contains(log, "DescribeBackupDecryptionKey") || !strings.Contains(log, "-> OK") ||
		strings.Contains(log, answer.Response.DecryptionKey) {
		t.Errorf("call log (must name the call, not the key):\n%s", log)
	}
}

func TestRun_Fixtures(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fixtures.json")
	newest := time.Date(2024, 3, 1, 2, 0, 0, 0, time.UTC)
	data, _ := json.Marshal(mock.Fixtures{Instances: []mock.FixtureInstance{
		{Region: "ap-shanghai-fsi", InstanceID: "cdb-fsi00001", Backups: mock.GenerateBackups("cdb-fsi00001", "ap-shanghai-fsi", 4, newest)},
		{Region: "ap-guangzhou", InstanceID: "cdb-gz000001", Backups: mock.GenerateBackups("cdb-gz000001", "ap-guangzhou", 9, newest)},
	}})
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	b, _, stop := start(t, "-fixtures", path, "-quiet")
	if !reflect.DeepEqual(b.instances, []string{"cdb-fsi00001", "cdb-gz000001"}) {
		t.Errorf("MOCK_INSTANCE lines = %v", b.instances)
	}
	if !strings.Contains(b.text, `region     = "ap-shanghai-fsi"`) {
		t.Errorf("the provider block should use the first fixture's region:\n%s", b.text)
	}
	if total := describe(t, b.endpoint, "ap-guangzhou", "cdb-gz000001"); total != 9 {
		t.Errorf("TotalCount %d, want 9", total)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

func TestRun_BadFlags(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "absent.json")
	tests := map[string]struct {
		args    []string
		mention string
		usage   bool
	}{
		"no instances":            {[]string{"-instances", "0"}, "-instances", true},
		"negative backups":        {[]string{"-backups", "-1"}, "-backups", true},
		"bad region":              {[]string{"-region", "Guangzhou"}, "-region", true},
		"empty secret key":        {[]string{"-secret-key", ""}, "-secret-key", true},
		"unknown flag":            {[]string{"-port", "8080"}, "-port", true},
		"positional argument":     {[]string{"serve"}, "serve", true},
		"bad newest":              {[]string{"-newest", "yesterday"}, "-newest", true},
		"fixtures with generator": {[]string{"-fixtures", missing, "-instances", "2"}, "-instances", true},
		"missing fixtures file":   {[]string{"-fixtures", missing}, "absent.json", false},
		"invalid listen address":  {[]string{"-listen", "256.0.0.1:1"}, "256.0.0.1", false},
		"fault rate above 1":      {[]string{"-fault-rate", "1.5"}, "-fault-rate must be between 0 and 1", true},
		"negative fault rate":     {[]string{"-fault-rate", "-0.1"}, "-fault-rate must be between 0 and 1", true},
		"fault rate not a number": {[]string{"-fault-rate", "often"}, "-fault-rate", true},
		"unknown fault kind":      {[]string{"-faults", "internal,explode"}, `unknown fault kind "explode"`, true},
		"empty fault kind":        {[]string{"-faults", "502,"}, "-faults", true},
		"zero stall":              {[]string{"-stall", "0s"}, "-stall must be a positive duration", true},
		"stall without unit":      {[]string{"-stall", "30"}, "-stall", true},
		"negative latency":        {[]string{"-latency", "-5ms"}, "-latency must not be negative", true},
		"negative quota":          {[]string{"-quota", "-1"}, "-quota must be", true},
		"infinite quota":          {[]string{"-quota", "+Inf"}, "-quota must be", true},
		"negative mutate-every":   {[]string{"-mutate-every", "-2", "-mutate-add", "1"}, "must not be negative", true},
		"mutate-every alone":      {[]string{"-mutate-every", "3"}, "-mutate-every 3 needs -mutate-add or -mutate-remove", true},
		"mutate-add alone":        {[]string{"-mutate-add", "2"}, "need -mutate-every", true},
		"malformed role ARN":      {[]string{"-role-arn", "arn:aws:iam::1:role/x"}, "-role-arn", true},
		"bad instance role":       {[]string{"-instance-role", "a/b"}, "-instance-role", true},
		"negative lifetime":       {[]string{"-credential-lifetime", "-1s"}, "-credential-lifetime must not be negative", true},
		"zero max limit":          {[]string{"-max-limit", "0"}, "-max-limit must be between 1 and 1000000, got 0", true},
		"negative max limit":      {[]string{"-max-limit", "-100"}, "-max-limit must be between 1 and 1000000", true},
		"max limit too large":     {[]string{"-max-limit", "1000001"}, "-max-limit must be between 1 and 1000000", true},
		"max limit not a number":  {[]string{"-max-limit", "1e3"}, "-max-limit", true},
		"negative binlog gaps":    {[]string{"-binlog-gaps", "-1"}, "-binlog-gaps and -binlog-failed must not be negative", true},
		"negative binlog failed":  {[]string{"-binlog-failed", "-2"}, "-binlog-gaps and -binlog-failed must not be negative", true},
		"no room for the gaps":    {[]string{"-backups", "1", "-binlog-gaps", "3"}, "-binlog-gaps 3", true},
		"no room for failures":    {[]string{"-backups", "2", "-binlog-failed", "500"}, "-binlog-failed 500", true},
		"fixtures with binlogs":   {[]string{"-fixtures", missing, "-binlog-gaps", "2"}, "-binlog-gaps", true},
		"unknown reading":         {[]string{"-contains-min-start-time", "inclusive"}, `-contains-min-start-time must be running or strict, got "inclusive"`, true},
		"reading in capitals":     {[]string{"-contains-min-start-time", "STRICT"}, "-contains-min-start-time", true},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			err := run(context.Background(), tt.args, io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.mention) {
				t.Fatalf("run(%q) = %v, want an error mentioning %q", tt.args, err, tt.mention)
			}
			var usage usageError
			if errors.As(err, &usage) != tt.usage {
				t.Errorf("usage error = %v, want %v (%v)", !tt.usage, tt.usage, err)
			}
		})
	}
}

func TestParseFlags_Reliability(t *testing.T) {
	cfg, err := parseFlags([]string{"-fault-rate", "0.25", "-fault-seed", "9", "-faults", "internal, 502,STALL", "-stall", "2s",
		"-latency", "40ms", "-quota", "10", "-mutate-every", "4", "-mutate-add", "2", "-mutate-remove", "1", "-mutate-seed", "3"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	wantFaults := mock.FaultOptions{Rate: 0.25, Seed: 9, StallFor: 2 * time.Second,
		Kinds: []mock.FaultKind{mock.FaultInternalError, mock.FaultBadGateway, mock.FaultStall}}
	if !reflect.DeepEqual(cfg.faults, wantFaults) {
		t.Errorf("faults = %+v, want %+v", cfg.faults, wantFaults)
	}
	if want := (mock.MutationOptions{EveryCalls: 4, Add: 2, Remove: 1, Seed: 3}); cfg.mutation != want {
		t.Errorf("mutation = %+v, want %+v", cfg.mutation, want)
	}
	if cfg.latency != 40*time.Millisecond || cfg.quota != 10 {
		t.Errorf("latency %s, quota %v", cfg.latency, cfg.quota)
	}
	if cfg, err := parseFlags([]string{"-max-limit", "100"}, io.Discard); err != nil || cfg.maxLimit != 100 {
		t.Errorf("-max-limit 100: %d, %v", cfg.maxLimit, err)
	}

	cfg, err = parseFlags(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.faults.Rate != 0 || !reflect.DeepEqual(cfg.faults.Kinds, mock.AllFaultKinds()) || cfg.faults.StallFor != mock.DefaultStall ||
		cfg.quota != 0 || cfg.latency != 0 || cfg.mutation.EveryCalls != 0 || cfg.maxLimit != 1000 ||
		cfg.containsMin != mock.ContainsMinStartTimeRunning {
		t.Errorf("defaults: %+v", cfg)
	}
}

func TestParseFlags_HelpDocumentsEveryFlag(t *testing.T) {
	var out bytes.Buffer
	if _, err := parseFlags([]string{"-h"}, &out); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("-h: %v", err)
	}
	for _, want := range []string{"-fault-rate", "-fault-seed", "-faults", "-stall", "-latency", "-quota", "-mutate-every",
		"-mutate-add", "-mutate-remove", "-mutate-seed", "-instances", "-backups", "MOCK_STATS", "before any check",
		"-role-arn", "-instance-role", "-credential-lifetime", "-max-limit", "MOCK_STS_ENDPOINT", "MOCK_METADATA_ENDPOINT",
		"after the signature check", "DescribeBackupDecryptionKey", "decryption_keys", "DescribeBinlogs", `"binlogs"`,
		"-binlog-gaps", "-binlog-failed", "internal", "ratelimit", "unavailable", "502", "close", "stall", "truncated",
		"-contains-min-start-time", "ContainsMinStartTime", "running", "strict", "not confirmed",
		"1000 by default", "-max-limit 100 is the original specification page's bound", "(default 1000)",
		"DescribeRollbackRangeTime", "-max-rollback-instances", "(default 100)", "-rollback-lag", `"rollback_ranges"`,
		`"rollback_lag_seconds"`, "IsRemoteZone and BackupRegion", "CreateBackup", "-create-backup-duration", "-create-backup-fail",
		"(default 30s)", `"databases"`, "-statuses SUCCESS,FAILED", "OperationDenied.ActionInProcess"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("-h does not mention %q", want)
		}
	}
}

// getStats reads the stats the banner points at.
func getStats(t *testing.T, url string) mock.Stats {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var st mock.Stats
	if err := json.NewDecoder(res.Body).Decode(&st); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d, %v", url, res.StatusCode, err)
	}
	return st
}

func TestRun_FaultsAndStats(t *testing.T) {
	b, stderr, stop := start(t, "-instances", "1", "-backups", "3", "-fault-rate", "1", "-faults", "close")
	if b.stats != b.endpoint+"/__mock/stats" {
		t.Fatalf("MOCK_STATS = %q, want %q", b.stats, b.endpoint+"/__mock/stats")
	}
	res, err := http.Post(b.endpoint, "application/json", strings.NewReader(`{"InstanceId":"x"}`))
	if err == nil {
		res.Body.Close()
		t.Fatalf("answered %d; want the connection closed", res.StatusCode)
	}
	st := getStats(t, b.stats)
	if st.Calls != 1 || st.Faults != 1 || st.FaultsByKind[mock.FaultCloseConnection] != 1 {
		t.Errorf("stats = %+v", st)
	}
	res, err = http.Post(b.endpoint+"/__mock/reset", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if st := getStats(t, b.stats); st.Calls != 0 || st.Faults != 0 {
		t.Errorf("stats after reset = %+v", st)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	log := stderr.String()
	if !strings.Contains(log, "-> connection closed") || strings.Contains(log, "__mock") {
		t.Errorf("call log:\n%s", log)
	}
	if !strings.Contains(log, "tcmock: served 0 calls") {
		t.Errorf("no closing summary in:\n%s", log)
	}
}

func TestRun_QuotaLatencyMutation(t *testing.T) {
	b, stderr, stop := start(t, "-instances", "1", "-backups", "5", "-latency", "30ms", "-quota", "1000",
		"-mutate-every", "1", "-mutate-add", "2", "-mutate-remove", "1")
	started := time.Now()
	if total := describe(t, b.endpoint, "ap-guangzhou", b.instances[0]); total != 5 {
		t.Errorf("first TotalCount %d, want 5", total)
	}
	if elapsed := time.Since(started); elapsed < 30*time.Millisecond {
		t.Errorf("answered after %s, want at least the 30ms latency", elapsed)
	}
	if total := describe(t, b.endpoint, "ap-guangzhou", b.instances[0]); total != 6 {
		t.Errorf("TotalCount after a change %d, want 5 + 2 - 1", total)
	}
	if st := getStats(t, b.stats); st.Mutations != 2 || st.Refused != 0 {
		t.Errorf("stats = %+v", st)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if log := stderr.String(); !strings.Contains(log, "OK 5 of 5") || !strings.Contains(log, "OK 6 of 6") {
		t.Errorf("call log:\n%s", log)
	}
}

func TestRun_MaxLimit(t *testing.T) {
	b, stderr, stop := start(t, "-instances", "1", "-backups", "150", "-max-limit", "120")
	if total, items, err := describePage(t, b.endpoint, "ap-guangzhou", b.instances[0], 120); err != nil || total != 150 || items != 120 {
		t.Errorf("Limit 120: %d of %d, %v; want 120 of 150", items, total, err)
	}
	_, _, err := describePage(t, b.endpoint, "ap-guangzhou", b.instances[0], 121)
	var sdkErr *tcerr.TencentCloudSDKError
	if !errors.As(err, &sdkErr) || sdkErr.GetCode() != "InvalidParameterValue" ||
		!strings.Contains(sdkErr.GetMessage(), "`Limit` (121)") || !strings.Contains(sdkErr.GetMessage(), "between 1 and 120") {
		t.Errorf("Limit 121: %v, want InvalidParameterValue naming Limit, 121 and 120", err)
	}
	if st := getStats(t, b.stats); st.LimitTooLarge != 1 || st.Calls != 2 {
		t.Errorf("stats = %+v, want 1 call refused for its Limit", st)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if log := stderr.String(); !strings.Contains(log, "-> InvalidParameterValue") || !strings.Contains(log, "1 refused for a Limit above 120") {
		t.Errorf("call log:\n%s", log)
	}
}

// Without -max-limit, both list actions answer a page of 1000 (the current API's maximum) and refuse 1001.
func TestRun_MaxLimitDefault1000(t *testing.T) {
	b, stderr, stop := start(t, "-instances", "1", "-backups", "1100")
	if total, items, err := describePage(t, b.endpoint, "ap-guangzhou", b.instances[0], 1000); err != nil || total != 1100 || items != 1000 {
		t.Errorf("Limit 1000: %d of %d, %v; want 1000 of 1100", items, total, err)
	}
	_, _, err := describePage(t, b.endpoint, "ap-guangzhou", b.instances[0], 1001)
	var sdkErr *tcerr.TencentCloudSDKError
	if !errors.As(err, &sdkErr) || sdkErr.GetCode() != "InvalidParameterValue" ||
		!strings.Contains(sdkErr.GetMessage(), "`Limit` (1001)") || !strings.Contains(sdkErr.GetMessage(), "between 1 and 1000") {
		t.Errorf("Limit 1001: %v, want InvalidParameterValue naming Limit, 1001 and 1000", err)
	}
	if st := getStats(t, b.stats); st.LimitTooLarge != 1 || st.Calls != 2 {
		t.Errorf("stats = %+v, want 1 call refused for its Limit", st)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if log := stderr.String(); !strings.Contains(log, "1 refused for a Limit above 1000") {
		t.Errorf("call log:\n%s", log)
	}
}

func TestRun_TruncatedAnswerLogged(t *testing.T) {
	b, stderr, stop := start(t, "-instances", "1", "-fault-rate", "1", "-faults", "truncated")
	res, err := http.Post(b.endpoint, "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if json.Valid(body) {
		t.Errorf("body %q is valid JSON", body)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if log := stderr.String(); !strings.Contains(log, "HTTP 200, ") || !strings.Contains(log, "not JSON") {
		t.Errorf("call log:\n%s", log)
	}
}

// TestRun_ConnectTunnel uses tcmock as the HTTP proxy of a client that tunnels through CONNECT:
// the calls through the tunnel are answered and logged, and an open tunnel does not hold shutdown.
func TestRun_ConnectTunnel(t *testing.T) {
	b, stderr, stop := start(t, "-instances", "1", "-backups", "3")
	proxyAddr := strings.TrimPrefix(b.endpoint, "http://")
	tunnel := &http.Transport{DialContext: func(ctx context.Context, _, addr string) (net.Conn, error) {
		conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", proxyAddr)
		if err != nil {
			return nil, err
		}
		if _, err := io.WriteString(conn, "CONNECT "+addr+" HTTP/1.1\r\nHost: "+addr+"\r\n\r\n"); err != nil {
			conn.Close()
			return nil, err
		}
		res, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: http.MethodConnect})
		if err != nil {
			conn.Close()
			return nil, fmt.Errorf("CONNECT %s: %w", addr, err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			conn.Close()
			return nil, fmt.Errorf("CONNECT %s refused: %s", addr, res.Status)
		}
		return conn, nil
	}}
	client := sdkClient("cdb.tencentcloudapi.com", "ap-guangzhou", mock.DefaultSecretKey)
	client.WithHttpTransport(tunnel)
	req := tchttp.NewCommonRequest("cdb", "2017-03-20", "DescribeBackups")
	if err := req.SetActionParameters(map[string]any{"InstanceId": b.instances[0]}); err != nil {
		t.Fatal(err)
	}
	if err := client.Send(req, tchttp.NewCommonResponse()); err != nil {
		t.Fatalf("DescribeBackups through a tunnel: %v", err)
	}
	if st := getStats(t, b.stats); st.Tunnels != 1 || st.Calls != 1 {
		t.Errorf("stats: %d tunnels, %d calls; want 1 and 1", st.Tunnels, st.Calls)
	}

	stopped := time.Now() // the tunnel is still open, idle in the transport
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(stopped); elapsed > 2*time.Second {
		t.Errorf("stopping took %s with a tunnel open", elapsed)
	}
	log := stderr.String()
	for _, want := range []string{"CONNECT cdb.tencentcloudapi.com:80 -> tunnel to the mock",
		"DescribeBackups host=cdb.tencentcloudapi.com region=ap-guangzhou", "-> OK 3 of 3", "; 1 CONNECT tunnels\n"} {
		if !strings.Contains(log, want) {
			t.Errorf("call log lacks %q:\n%s", want, log)
		}
	}
}

func TestRun_StalledCallDoesNotHoldShutdown(t *testing.T) {
	b, _, stop := start(t, "-instances", "1", "-quiet", "-fault-rate", "1", "-faults", "stall", "-stall", "1m")
	done := make(chan error, 1)
	go func() {
		res, err := http.Post(b.endpoint, "application/json", strings.NewReader(`{}`))
		if err == nil {
			res.Body.Close()
		}
		done <- err
	}()
	deadline := time.Now().Add(5 * time.Second)
	for getStats(t, b.stats).InFlight != 1 {
		if time.Now().After(deadline) {
			t.Fatal("the call never arrived")
		}
		time.Sleep(5 * time.Millisecond)
	}
	stopped := time.Now()
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(stopped); elapsed > 2*time.Second {
		t.Errorf("stopping took %s with a stalled call", elapsed)
	}
	select {
	case err := <-done:
		if err == nil {
			t.Error("the stalled call got an answer while the mock shut down")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the stalled call outlived the mock")
	}
}

func TestInstanceIDs(t *testing.T) {
	ids := instanceIDs(7, 50)
	if !reflect.DeepEqual(ids, instanceIDs(7, 50)) {
		t.Error("the same seed gave other IDs")
	}
	if reflect.DeepEqual(ids[:3], instanceIDs(8, 3)) {
		t.Error("another seed gave the same IDs")
	}
	shape := regexp.MustCompile(`^cdb-[a-z0-9]{8}$`)
	seen := map[string]bool{}
	for _, id := range ids {
		if !shape.MatchString(id) || seen[id] {
			t.Errorf("ID %q malformed or repeated", id)
		}
		seen[id] = true
	}
}

// TestMainProcess runs the real main in a child process: the MOCK_ENDPOINT line on stdout, a
// clean exit on SIGTERM, and exit status 2 with a message for a bad flag.
func TestMainProcess(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	command := func(args string) *exec.Cmd {
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), "TCMOCK_TEST_RUN_MAIN=1", "TCMOCK_TEST_ARGS="+args)
		return cmd
	}

	t.Run("serves until SIGTERM", func(t *testing.T) {
		cmd := command("-instances 1 -backups 2 -quiet")
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
		b := readBanner(t, stdout)
		if total := describe(t, b.endpoint, "ap-guangzhou", b.instances[0]); total != 2 {
			t.Errorf("TotalCount %d, want 2", total)
		}
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		if err := cmd.Wait(); err != nil {
			t.Errorf("exit after SIGTERM: %v, want status 0", err)
		}
	})

	t.Run("bad flag exits 2", func(t *testing.T) {
		cmd := command("-instances -3")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 2 {
			t.Fatalf("exit = %v, want status 2", err)
		}
		if !strings.Contains(stderr.String(), "tcmock: -instances must be between 1 and 1000") {
			t.Errorf("stderr = %q", stderr.String())
		}
	})
}

func TestRun_RolesAndMetadata(t *testing.T) {
	const roleARN = "qcs::cam::uin/100000000002:roleName/demo"
	b, stderr, stop := start(t, "-instances", "1", "-backups", "4", "-role-arn", roleARN, "-instance-role", "demo-cvm",
		"-credential-lifetime", "10m")
	for _, want := range []string{"MOCK_STS_ENDPOINT=" + b.endpoint + "\n", "MOCK_METADATA_ENDPOINT=" + b.endpoint + "\n",
		"MOCK_ROLE_ARN=" + roleARN + "\n", "MOCK_INSTANCE_ROLE=demo-cvm\n", `sts = "` + b.endpoint + `"`,
		"  assume_role {\n    role_arn = \"" + roleARN + "\"\n  }\n}\n"} {
		if !strings.Contains(b.text, want) {
			t.Errorf("banner lacks %q:\n%s", want, b.text)
		}
	}

	// The default key assumes the role, cross-account, through the STS endpoint.
	client := sdkClient(b.endpoint, "ap-guangzhou", mock.DefaultSecretKey)
	req := tchttp.NewCommonRequest("sts", "2018-08-13", "AssumeRole")
	if err := req.SetActionParameters(map[string]any{"RoleArn": roleARN, "RoleSessionName": "demo", "DurationSeconds": 7200}); err != nil {
		t.Fatal(err)
	}
	resp := tchttp.NewCommonResponse()
	if err := client.Send(req, resp); err != nil {
		t.Fatalf("AssumeRole: %v", err)
	}
	var assumed struct {
		Response struct {
			Credentials struct{ TmpSecretId, TmpSecretKey, Token string }
			ExpiredTime int64
		}
	}
	if err := json.Unmarshal(resp.GetBody(), &assumed); err != nil {
		t.Fatal(err)
	}
	if d := time.Until(time.Unix(assumed.Response.ExpiredTime, 0)); d > 10*time.Minute {
		t.Errorf("credentials last %s, want at most the 10m -credential-lifetime", d)
	}

	// The instance role's credentials, from the metadata path.
	res, err := http.Get(b.endpoint + mock.MetadataCredentialsPath + "demo-cvm")
	if err != nil {
		t.Fatal(err)
	}
	var instance struct{ TmpSecretId, TmpSecretKey, Token, Code string }
	err = json.NewDecoder(res.Body).Decode(&instance)
	res.Body.Close()
	if err != nil || res.StatusCode != http.StatusOK || instance.Code != "Success" {
		t.Fatalf("metadata: %d %+v %v", res.StatusCode, instance, err)
	}

	// Both sign CDB calls with their token.
	for _, c := range []struct{ id, key, token string }{
		{assumed.Response.Credentials.TmpSecretId, assumed.Response.Credentials.TmpSecretKey, assumed.Response.Credentials.Token},
		{instance.TmpSecretId, instance.TmpSecretKey, instance.Token},
	} {
		temp := sdkClient(b.endpoint, "ap-guangzhou", c.key)
		temp.WithCredential(common.NewTokenCredential(c.id, c.key, c.token))
		req := tchttp.NewCommonRequest("cdb", "2017-03-20", "DescribeBackups")
		_ = req.SetActionParameters(map[string]any{"InstanceId": b.instances[0]})
		if err := temp.Send(req, tchttp.NewCommonResponse()); err != nil {
			t.Errorf("DescribeBackups with temporary credentials: %v", err)
		}
	}
	if st := getStats(t, b.stats); st.STSCalls != 1 || st.AssumeRoleIssued != 1 || st.MetadataFetches != 1 || st.Calls != 2 {
		t.Errorf("stats = %+v", st)
	}

	if err := stop(); err != nil {
		t.Fatal(err)
	}
	log := stderr.String()
	for _, want := range []string{"AssumeRole host=", "-> OK ", "metadata GET " + mock.MetadataCredentialsPath + "demo-cvm -> HTTP 200",
		"1 STS calls (1 credentials issued), 1 metadata requests (1 credentials issued)"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
	for _, secret := range []string{assumed.Response.Credentials.TmpSecretKey, assumed.Response.Credentials.Token, instance.TmpSecretKey, instance.Token} {
		if strings.Contains(log, secret) {
			t.Errorf("the log holds a temporary secret:\n%s", log)
		}
	}
}

func TestStatuses_GenerateOnlyThose(t *testing.T) {
	cfg, err := parseFlags([]string{"-instances", "1", "-backups", "12", "-statuses", "failed, SUCCESS"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	f, err := loadOrGenerate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	backups := f.Instances[0].Backups
	var failed int
	for _, b := range backups {
		switch b.Status {
		case "FAILED":
			failed++
			if b.InternetUrl != "" {
				t.Errorf("a FAILED backup has a link")
			}
		case "SUCCESS":
		default:
			t.Errorf("backup %d has status %s", b.BackupId, b.Status)
		}
	}
	if len(backups) != 12 || failed == 0 {
		t.Fatalf("%d backups, %d failed; want 12 with some failed", len(backups), failed)
	}
	if _, err := parseFlags([]string{"-statuses", "DONE"}, io.Discard); err == nil || !strings.Contains(err.Error(), "-statuses") {
		t.Fatalf("a bad status was accepted: %v", err)
	}
	if _, err := parseFlags([]string{"-statuses", "FAILED", "-fixtures", "x.json"}, io.Discard); err == nil {
		t.Fatal("-statuses was accepted with -fixtures")
	}
}

// describeBinlogsPage asks the endpoint for one page of an instance's binlogs with the unmodified SDK.
func describeBinlogsPage(t *testing.T, endpoint, region, instance string, offset int) (total int64, items []mock.Binlog) {
	t.Helper()
	return describeBinlogsWith(t, endpoint, region, map[string]any{"InstanceId": instance, "Offset": offset, "Limit": 100})
}

// describeBinlogsWith sends DescribeBinlogs with these parameters through the unmodified SDK.
func describeBinlogsWith(t *testing.T, endpoint, region string, params map[string]any) (total int64, items []mock.Binlog) {
	t.Helper()
	client := sdkClient(endpoint, region, mock.DefaultSecretKey)
	req := tchttp.NewCommonRequest("cdb", "2017-03-20", "DescribeBinlogs")
	if err := req.SetActionParameters(params); err != nil {
		t.Fatal(err)
	}
	resp := tchttp.NewCommonResponse()
	if err := client.Send(req, resp); err != nil {
		t.Fatalf("DescribeBinlogs %v: %v", params, err)
	}
	var answer struct {
		Response struct {
			TotalCount int64
			Items      []mock.Binlog
		}
	}
	if err := json.Unmarshal(resp.GetBody(), &answer); err != nil {
		t.Fatal(err)
	}
	return answer.Response.TotalCount, answer.Response.Items
}

func TestRun_Binlogs(t *testing.T) {
	newest := time.Date(2024, 3, 1, 2, 0, 0, 0, beijing)
	b, stderr, stop := start(t, "-instances", "1", "-backups", "10", "-seed", "5", "-newest", "2024-03-01T02:00:00+08:00",
		"-binlog-gaps", "2", "-binlog-failed", "3")
	id := b.instances[0]
	if strings.Contains(strings.ToLower(b.text), "binlog") {
		t.Errorf("the banner says something new:\n%s", b.text)
	}

	var got []mock.Binlog
	for {
		total, page := describeBinlogsPage(t, b.endpoint, "ap-guangzhou", id, len(got))
		got = append(got, page...)
		if len(page) == 0 || int64(len(got)) >= total {
			break
		}
	}
	backups := mock.GenerateBackups(id, "ap-guangzhou", 10, newest)
	oldest, err := time.ParseInLocation(time.DateTime, backups[len(backups)-1].Date, beijing)
	if err != nil {
		t.Fatal(err)
	}
	want := mock.GenerateBinlogs(id, "ap-guangzhou", oldest, newest, mock.BinlogOptions{Gaps: 2, Failed: 3})
	if !reflect.DeepEqual(got, want) {
		t.Errorf("served %d binlogs, want the %d generated over the backups' span", len(got), len(want))
	}
	gaps, failed := 0, 0
	for i, bl := range got {
		if i+1 < len(got) && bl.BinlogStartTime != got[i+1].BinlogFinishTime {
			gaps++
		}
		if bl.Status == "FAILED" {
			failed++
		}
	}
	if gaps != 2 || failed != 3 || got[0].Status != "RUNNING" || got[len(got)-1].BinlogStartTime != backups[len(backups)-1].Date {
		t.Errorf("%d gaps, %d failed, newest %s, oldest from %s; want 2, 3, RUNNING, from the oldest backup's %s",
			gaps, failed, got[0].Status, got[len(got)-1].BinlogStartTime, backups[len(backups)-1].Date)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if log := stderr.String(); !strings.Contains(log, "DescribeBinlogs") || !strings.Contains(log, fmt.Sprintf("of %d", len(want))) ||
		strings.Contains(log, "https://") {
		t.Errorf("call log (must name the call, not a link):\n%s", log)
	}
}

func TestRun_NoBackupsBinlogsOfADay(t *testing.T) {
	cfg, err := parseFlags([]string{"-instances", "1", "-backups", "0", "-newest", "2024-03-01T02:00:00+08:00"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	f, err := loadOrGenerate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	binlogs := f.Instances[0].Binlogs
	if n := len(binlogs); n < 20 || n > 30 || binlogs[n-1].BinlogStartTime != "2024-02-29 02:00:00" {
		t.Errorf("%d binlogs, the oldest from %s; want about a day's, from 2024-02-29 02:00:00", n, binlogs[n-1].BinlogStartTime)
	}
}

// -contains-min-start-time picks the reading of ContainsMinStartTime. Three binlogs, 00:00-01:00, 01:00-02:00 and
// the one being written since 02:00, asked from 01:30 with ContainsMinStartTime: "running" adds the binlog being
// written at 01:30 (the second) to the one that starts after it; "strict" lists only the latter.
func TestRun_ContainsMinStartTime(t *testing.T) {
	binlog := func(name, start, finish, status string) mock.Binlog {
		return mock.Binlog{Name: name, Type: "binlog", Date: start, BinlogStartTime: start, BinlogFinishTime: finish,
			Status: status, Region: "ap-guangzhou", InstanceId: "cdb-binlog01", RemoteInfo: []mock.RemoteBackup{}}
	}
	path := filepath.Join(t.TempDir(), "fixtures.json")
	data, _ := json.Marshal(mock.Fixtures{Instances: []mock.FixtureInstance{{Region: "ap-guangzhou", InstanceID: "cdb-binlog01",
		Binlogs: []mock.Binlog{
			binlog("binlog.000003", "2025-06-30 02:00:00", "0000-00-00 00:00:00", "RUNNING"),
			binlog("binlog.000002", "2025-06-30 01:00:00", "2025-06-30 02:00:00", "SUCCESS"),
			binlog("binlog.000001", "2025-06-30 00:00:00", "2025-06-30 01:00:00", "SUCCESS"),
		}}}})
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	params := map[string]any{"InstanceId": "cdb-binlog01", "MinStartTime": "2025-06-30 01:30:00", "ContainsMinStartTime": true}
	for _, tt := range []struct {
		flags []string
		want  []string
	}{
		{nil, []string{"binlog.000003", "binlog.000002"}},
		{[]string{"-contains-min-start-time=running"}, []string{"binlog.000003", "binlog.000002"}},
		{[]string{"-contains-min-start-time", "strict"}, []string{"binlog.000003"}},
	} {
		b, _, stop := start(t, append([]string{"-fixtures", path, "-quiet"}, tt.flags...)...)
		total, items := describeBinlogsWith(t, b.endpoint, "ap-guangzhou", params)
		var got []string
		for _, item := range items {
			got = append(got, item.Name)
		}
		if total != int64(len(tt.want)) || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: TotalCount %d, %v; want %d, %v", tt.flags, total, got, len(tt.want), tt.want)
		}
		if err := stop(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRun_SignatureFailureReasonLogged: a wrong key gets the real API's answer, which says nothing of the cause;
// the log says what did not match, on the line before the call's, and -quiet logs neither.
func TestRun_SignatureFailureReasonLogged(t *testing.T) {
	const realMessage = "The provided credentials could not be validated. Please check your signature is correct."
	for _, quiet := range []bool{false, true} {
		args := []string{"-instances", "1", "-backups", "2"}
		if quiet {
			args = append(args, "-quiet")
		}
		b, stderr, stop := start(t, args...)
		client := sdkClient(b.endpoint, "ap-guangzhou", "wrongKey")
		req := tchttp.NewCommonRequest("cdb", "2017-03-20", "DescribeBackups")
		if err := req.SetActionParameters(map[string]any{"InstanceId": b.instances[0]}); err != nil {
			t.Fatal(err)
		}
		err := client.Send(req, tchttp.NewCommonResponse())
		var sdkErr *tcerr.TencentCloudSDKError
		if !errors.As(err, &sdkErr) || sdkErr.Code != "AuthFailure.SignatureFailure" || sdkErr.Message != realMessage {
			t.Fatalf("answer %v, want AuthFailure.SignatureFailure with the real API's message", err)
		}
		if err := stop(); err != nil {
			t.Fatalf("run: %v", err)
		}
		log := stderr.String()
		if quiet {
			if log != "" {
				t.Errorf("-quiet logged:\n%s", log)
			}
			continue
		}
		lines := strings.Split(strings.TrimSpace(log), "\n")
		if len(lines) != 3 || !strings.HasPrefix(lines[2], "tcmock: served 1 calls") {
			t.Fatalf("log has %d lines, want the reason, the call and the closing count:\n%s", len(lines), log)
		}
		for _, want := range []string{"AuthFailure.SignatureFailure", sdkErr.RequestId, "SecretKey"} {
			if !strings.Contains(lines[0], want) {
				t.Errorf("reason line %q does not mention %q", lines[0], want)
			}
		}
		if !strings.Contains(lines[1], "DescribeBackups") || !strings.Contains(lines[1], "-> AuthFailure.SignatureFailure "+sdkErr.RequestId) {
			t.Errorf("call line %q", lines[1])
		}
	}
}

// sdkClient is the unmodified SDK's client of the mock at endpoint (http://host:port, or a host name), signing with
// the mock's default SecretId and secretKey.
func sdkClient(endpoint, region, secretKey string) *common.Client {
	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Endpoint = strings.TrimPrefix(endpoint, "http://")
	cpf.HttpProfile.Scheme = "HTTP"
	cpf.HttpProfile.ReqTimeout = 5
	cpf.DisableRegionBreaker = true
	client, _ := common.NewClientWithSecretId(mock.DefaultSecretID, secretKey, region)
	client.WithProfile(cpf)
	return client
}
