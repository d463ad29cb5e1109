package main

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// headOf returns the newest backup of an instance as the endpoint answers it.
func headOf(t *testing.T, endpoint, region, instance string) map[string]any {
	t.Helper()
	answer := answerOf(t, endpoint, region, "DescribeBackups", map[string]any{"InstanceId": instance, "Limit": 1})
	items, _ := answer["Items"].([]any)
	if len(items) == 0 {
		t.Fatalf("%s has no backups: %v", instance, answer)
	}
	return items[0].(map[string]any)
}

func TestRun_CreateBackup(t *testing.T) {
	// No RUNNING backup generated (-statuses), backups that end at once.
	b, stderr, stop := start(t, "-instances", "1", "-backups", "3", "-statuses", "SUCCESS,FAILED", "-create-backup-duration", "0")
	id := b.instances[0]
	answer := answerOf(t, b.endpoint, "ap-guangzhou", "CreateBackup",
		map[string]any{"InstanceId": id, "BackupMethod": "snapshot", "ManualBackupName": "before-upgrade"})
	backupID, _ := answer["BackupId"].(float64)
	if backupID <= 0 {
		t.Fatalf("CreateBackup answered %v", answer)
	}
	h := headOf(t, b.endpoint, "ap-guangzhou", id)
	if h["BackupId"] != backupID || h["Status"] != "SUCCESS" || h["Way"] != "manual" || h["ManualBackupName"] != "before-upgrade" ||
		h["Creator"] != mock.DefaultAccountID || h["Type"] != "snapshot" {
		t.Errorf("the new backup: %v", h)
	}
	if code := sendCDB(t, b.endpoint, "ap-guangzhou", "CreateBackup", map[string]any{"InstanceId": id, "BackupMethod": "full"}); code != "InvalidParameterValue" {
		t.Errorf("a bad method: %q, want InvalidParameterValue", code)
	}
	if st := getStats(t, b.stats); st.CreatedBackups != 1 {
		t.Errorf("stats: %d created backups, want 1", st.CreatedBackups)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if log := stderr.String(); !strings.Contains(log, "CreateBackup") || !strings.Contains(log, "OK BackupId ") {
		t.Errorf("the call log does not show the backup made:\n%s", log)
	}
}

func TestRun_CreateBackupFailAndDuration(t *testing.T) {
	b, _, _ := start(t, "-instances", "1", "-backups", "1", "-statuses", "SUCCESS", "-create-backup-fail", "-quiet")
	id := b.instances[0]
	answerOf(t, b.endpoint, "ap-guangzhou", "CreateBackup", map[string]any{"InstanceId": id, "BackupMethod": "snapshot"})
	// The default duration, 30s: RUNNING now, and a second backup is refused meanwhile.
	if h := headOf(t, b.endpoint, "ap-guangzhou", id); h["Status"] != "RUNNING" || h["FinishTime"] != "0000-00-00 00:00:00" {
		t.Errorf("the new backup: %v", h)
	}
	if code := sendCDB(t, b.endpoint, "ap-guangzhou", "CreateBackup", map[string]any{"InstanceId": id, "BackupMethod": "snapshot"}); code != "OperationDenied.ActionInProcess" {
		t.Errorf("a second backup while one runs: %q, want OperationDenied.ActionInProcess", code)
	}

	b, _, _ = start(t, "-instances", "1", "-backups", "1", "-statuses", "SUCCESS", "-create-backup-fail", "-create-backup-duration", "1ms", "-quiet")
	id = b.instances[0]
	answerOf(t, b.endpoint, "ap-guangzhou", "CreateBackup", map[string]any{"InstanceId": id, "BackupMethod": "snapshot"})
	time.Sleep(5 * time.Millisecond)
	if h := headOf(t, b.endpoint, "ap-guangzhou", id); h["Status"] != "FAILED" {
		t.Errorf("with -create-backup-fail: %v", h)
	}

	// Generated instances have a RUNNING newest backup unless -statuses leaves it out: it never
	// ends, so CreateBackup is refused on them.
	b, _, _ = start(t, "-instances", "1", "-backups", "3", "-quiet")
	if code := sendCDB(t, b.endpoint, "ap-guangzhou", "CreateBackup", map[string]any{"InstanceId": b.instances[0], "BackupMethod": "snapshot"}); code != "OperationDenied.ActionInProcess" {
		t.Errorf("on a generated instance: %q, want OperationDenied.ActionInProcess", code)
	}
}

func TestParseFlags_CreateBackup(t *testing.T) {
	cfg, err := parseFlags(nil, io.Discard)
	if err != nil || cfg.createBackupDuration != 30*time.Second || cfg.createBackupFail {
		t.Errorf("defaults: %s, %v, %v", cfg.createBackupDuration, cfg.createBackupFail, err)
	}
	cfg, err = parseFlags([]string{"-create-backup-duration", "2m", "-create-backup-fail"}, io.Discard)
	if err != nil || cfg.createBackupDuration != 2*time.Minute || !cfg.createBackupFail {
		t.Errorf("-create-backup-duration 2m -create-backup-fail: %s, %v, %v", cfg.createBackupDuration, cfg.createBackupFail, err)
	}
	err = run(context.Background(), []string{"-create-backup-duration", "-1s"}, io.Discard, io.Discard)
	var usage usageError
	if err == nil || !strings.Contains(err.Error(), "-create-backup-duration must not be negative") || !errors.As(err, &usage) {
		t.Errorf("-create-backup-duration -1s: %v", err)
	}
}
