package cdb

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

const runInstance = "cdb-run00001"

// runMock serves one two-node instance whose backups take an hour, and a client of it.
func runMock(t *testing.T) (*mock.Server, *tencentcloud.Client) {
	t.Helper()
	srv := mock.NewServer(mock.Options{CreateBackupDuration: time.Hour})
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	srv.SetBackups("ap-guangzhou", runInstance, nil)
	info, _ := srv.InstanceInfo("ap-guangzhou", runInstance)
	info.DeviceType = "UNIVERSAL"
	if err := srv.SetInstanceInfo("ap-guangzhou", runInstance, info); err != nil {
		t.Fatal(err)
	}
	notShared, noRetries := false, 0
	c, errs := tencentcloud.NewClient(context.Background(), tencentcloud.Config{Region: "ap-guangzhou", SecretID: mock.DefaultSecretID,
		SecretKey: mock.DefaultSecretKey, CDBEndpoint: srv.URL(), SharedQuota: &notShared, MaxRetries: &noRetries})
	if errs != nil {
		t.Fatal(errs)
	}
	return srv, c
}

// TestBackupRun_CancelStopsWaiting: cancelling the context (Ctrl-C) while the action waits ends the wait at once,
// long before the next look is due, with an error that says the backup goes on, with its ID; the backup is still
// running on the mock, and no second backup was started.
func TestBackupRun_CancelStopsWaiting(t *testing.T) {
	srv, c := runMock(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	var messages []string
	run := &backupRun{client: c, in: tencentcloud.CreateBackupInput{InstanceID: runInstance, Method: "physical"}, wait: true,
		timeout: time.Hour, deadline: time.Now().Add(time.Hour), sleep: tencentcloud.SleepCtx,
		progress: func(msg string) {
			mu.Lock()
			defer mu.Unlock()
			messages = append(messages, msg)
			if strings.Contains(msg, "running") {
				cancel() // interrupted while it waits for the backup
			}
		}}
	start := time.Now()
	err := run.do(ctx)
	if err == nil {
		t.Fatal("no error after the cancel")
	}
	if elapsed := time.Since(start); elapsed >= tencentcloud.FirstPoll {
		t.Errorf("the wait went on for %s after the cancel", elapsed)
	}
	backups := srv.Backups("ap-guangzhou", runInstance)
	if len(backups) != 1 || backups[0].Status != "RUNNING" {
		t.Fatalf("backups on the mock: %+v", backups)
	}
	id := backups[0].BackupId
	if err.summary != "Stopped waiting for the backup" || !strings.Contains(err.detail, "continues on Tencent Cloud") ||
		!strings.Contains(err.detail, fmt.Sprintf("backup %d of %s", id, runInstance)) {
		t.Errorf("error %q: %q", err.summary, err.detail)
	}
	if n := srv.Stats().CreatedBackups; n != 1 {
		t.Errorf("%d backups created", n)
	}
}

// TestBackupRun_NoWait: with wait = false the action starts the backup and returns at once, after one call.
func TestBackupRun_NoWait(t *testing.T) {
	srv, c := runMock(t)
	var messages []string
	run := &backupRun{client: c, in: tencentcloud.CreateBackupInput{InstanceID: runInstance, Method: "snapshot", Name: "quick"},
		timeout: time.Hour, deadline: time.Now().Add(time.Hour), sleep: tencentcloud.SleepCtx,
		progress: func(msg string) { messages = append(messages, msg) }}
	if err := run.do(context.Background()); err != nil {
		t.Fatal(err.summary, err.detail)
	}
	calls := srv.Calls()
	if len(calls) != 1 || calls[0].Action != "CreateBackup" || len(messages) != 1 || !strings.Contains(messages[0], `started (snapshot, named "quick")`) {
		t.Errorf("calls %d, messages %q", len(calls), messages)
	}
}

// TestBackupRun_NotRetried: CreateBackup is not retried after a server error, which may have come after the backup
// was started; a rate-limit refusal is retried.
func TestBackupRun_NotRetried(t *testing.T) {
	srv, _ := runMock(t)
	three := 3
	notShared := false
	c, errs := tencentcloud.NewClient(context.Background(), tencentcloud.Config{Region: "ap-guangzhou", SecretID: mock.DefaultSecretID,
		SecretKey: mock.DefaultSecretKey, CDBEndpoint: srv.URL(), SharedQuota: &notShared, MaxRetries: &three})
	if errs != nil {
		t.Fatal(errs)
	}
	srv.InjectError(1, "InternalError.UnknownError", "something went wrong")
	if _, err := c.CreateBackup(context.Background(), tencentcloud.CreateBackupInput{InstanceID: runInstance, Method: "snapshot"}); err == nil {
		t.Fatal("no error")
	}
	if n := len(srv.Calls()); n != 1 {
		t.Errorf("%d calls after a server error, want 1: not retried", n)
	}
	srv.InjectError(1, "RequestLimitExceeded", "too fast")
	if _, err := c.CreateBackup(context.Background(), tencentcloud.CreateBackupInput{InstanceID: runInstance, Method: "snapshot"}); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Calls()); n != 3 {
		t.Errorf("%d calls in all, want 3: the refused one retried", n)
	}
}

// TestBackupRun_NeverListed: a backup CreateBackup started but DescribeBackups never lists fails the wait at the
// timeout saying its state is unknown, not that it was seen running.
func TestBackupRun_NeverListed(t *testing.T) {
	srv, c := runMock(t)
	run := &backupRun{client: c, in: tencentcloud.CreateBackupInput{InstanceID: runInstance, Method: "physical"}, wait: true,
		timeout: time.Second, deadline: time.Now().Add(time.Second), sleep: tencentcloud.SleepCtx,
		progress: func(msg string) {
			if strings.Contains(msg, "started") {
				srv.SetBackups("ap-guangzhou", runInstance, nil) // the list no longer shows it
			}
		}}
	err := run.do(context.Background())
	if err == nil {
		t.Fatal("no error")
	}
	if err.summary != "Backup not listed" || !strings.Contains(err.detail, "did not list it within 1s (timeout)") ||
		!strings.Contains(err.detail, "of "+runInstance+" was started") {
		t.Errorf("error %q: %q", err.summary, err.detail)
	}
	looks := 0
	for _, call := range srv.Calls() {
		if call.Action == "DescribeBackups" {
			looks++
		}
	}
	if looks != 2 { // one at once, one at the deadline (the first interval, 3 s, is cut to the 1 s left)
		t.Errorf("%d looks, want 2", looks)
	}
}
