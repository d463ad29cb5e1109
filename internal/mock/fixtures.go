package mock

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
)

// ReadFixtures reads a fixtures file: {"instances": [{"region", "instance_id", "backups": [...],
// "decryption_keys": {"<BackupId>": "<key>"}, "binlogs": [...], "backup_config": {...},
// "remote_backup_config": {...}, "local_binlog_config": {...}, "backup_encryption_status": "on",
// "rollback_ranges": [{"Begin", "End"}], "rollback_lag_seconds": 600, "databases": {"db": ["t1"]}}], "download_restrictions":
// {"<region>": {...}}}, backups, binlogs and settings in the API's own JSON shape (BackupInfo,
// BinlogInfo, each settings action's answer, RollbackTimeRange). Unknown fields are refused
// so that a misspelt field name does not silently become an empty value; so are instances without
// a region or ID, one instance listed twice, a decryption key that is empty or set for a backup
// the instance does not have or that is not encrypted, a binlog whose times are not in the API's
// format (a finish time may also be "0000-00-00 00:00:00") or whose Name another binlog of the
// instance has, settings the API could not answer (policy_validate.go; each error names the
// instance or region, and the field), rollback ranges whose times are not in the API's format or
// that end before they begin, a rollback lag that is negative, over ten years or given with
// rollback ranges, and databases with an empty name or a table listed twice. Settings are decoded onto the defaults field by field
// (policy_decode.go).
func ReadFixtures(path string) (*Fixtures, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("mock: reading fixtures: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f Fixtures
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("mock: fixtures %s: %w", path, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("mock: fixtures %s: unexpected data after the JSON document", path)
	}
	seen := map[[2]string]bool{}
	for i, inst := range f.Instances {
		if inst.Region == "" || inst.InstanceID == "" {
			return nil, fmt.Errorf("mock: fixtures %s: instances[%d] needs both region and instance_id", path, i)
		}
		key := [2]string{inst.Region, inst.InstanceID}
		if seen[key] {
			return nil, fmt.Errorf("mock: fixtures %s: instance %s in %s is listed twice", path, inst.InstanceID, inst.Region)
		}
		seen[key] = true
		if err := errors.Join(checkDecryptionKeys(inst), checkBinlogs(inst), checkRollbackFixture(inst),
			checkDatabases(inst.Databases)); err != nil {
			return nil, fmt.Errorf("mock: fixtures %s: instance %s in %s: %w", path, inst.InstanceID, inst.Region, err)
		}
	}
	return &f, nil
}

// checkDecryptionKeys refuses a key DescribeBackupDecryptionKey could never answer.
func checkDecryptionKeys(inst FixtureInstance) error {
	ids := slices.Sorted(maps.Keys(inst.DecryptionKeys))
	for _, id := range ids {
		i := slices.IndexFunc(inst.Backups, func(b Backup) bool { return b.BackupId == id })
		switch {
		case inst.DecryptionKeys[id] == "":
			return fmt.Errorf("decryption_keys: the key of backup %d is empty", id)
		case i < 0:
			return fmt.Errorf("decryption_keys: the instance has no backup %d", id)
		case inst.Backups[i].EncryptionFlag != "on":
			return fmt.Errorf("decryption_keys: backup %d is not encrypted (its EncryptionFlag is %q, not \"on\")",
				id, inst.Backups[i].EncryptionFlag)
		}
	}
	return nil
}

// checkBinlogs refuses a binlog DescribeBinlogs could not place in a window, or could not tell
// from another: its Name is what identifies it.
func checkBinlogs(inst FixtureInstance) error {
	names := map[string]bool{}
	for i, b := range inst.Binlogs {
		if _, ok := parseAPITime(b.BinlogStartTime); !ok {
			return fmt.Errorf("binlogs[%d]: BinlogStartTime %q is not a time such as \"2025-06-30 02:00:00\"", i, b.BinlogStartTime)
		}
		if _, ok := parseAPITime(b.BinlogFinishTime); !ok && b.BinlogFinishTime != "" && b.BinlogFinishTime != zeroTime {
			return fmt.Errorf("binlogs[%d]: BinlogFinishTime %q is not a time such as \"2025-06-30 03:00:00\" (or %q while RUNNING)",
				i, b.BinlogFinishTime, zeroTime)
		}
		if names[b.Name] {
			return fmt.Errorf("binlogs[%d]: the name %q is listed twice", i, b.Name)
		}
		names[b.Name] = true
	}
	return nil
}
