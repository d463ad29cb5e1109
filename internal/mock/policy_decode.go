package mock

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
)

// This file reads backup settings written as JSON, in a fixtures file or a tcmock flag: each in
// the shape of its action's answer without RequestId, decoded onto the defaults
// (policy_defaults.go) field by field, so that a field left out keeps its default. An array given
// as null is answered as null, as the real API may answer it; any other null keeps the default.
// Unknown fields are refused, and so is what the API could not answer (policy_validate.go).

// DecodeBackupConfig reads a JSON object in DescribeBackupConfig's shape onto the default
// settings. StartTimeMin and StartTimeMax may be left out: they are the backup window's hours,
// and refused when given otherwise.
func DecodeBackupConfig(data []byte) (BackupConfig, error) {
	c := DefaultBackupPolicy("").Config
	c.StartTimeMin, c.StartTimeMax = unsetHour, unsetHour
	if err := decodeOnto(data, &c); err != nil {
		return c, err
	}
	lo, hi, _ := backupWindowHours(c.BackupTimeWindow)
	if c.StartTimeMin == unsetHour {
		c.StartTimeMin = lo
	}
	if c.StartTimeMax == unsetHour {
		c.StartTimeMax = hi
	}
	return c, checkBackupConfig(c)
}

// unsetHour marks StartTimeMin or StartTimeMax as not given: no hour is negative.
const unsetHour = -1

// DecodeRemoteBackupConfig reads a JSON object in DescribeRemoteBackupConfig's shape onto the
// default settings of an instance in region.
func DecodeRemoteBackupConfig(region string, data []byte) (RemoteBackupConfig, error) {
	r := DefaultBackupPolicy(region).Remote
	if err := decodeOnto(data, &r); err != nil {
		return r, err
	}
	return r, checkRemoteBackupConfig(region, r)
}

// DecodeLocalBinlogConfig reads a JSON object in DescribeLocalBinlogConfig's shape onto the
// default settings.
func DecodeLocalBinlogConfig(data []byte) (LocalBinlogConfig, error) {
	l := DefaultBackupPolicy("").LocalBinlog
	if err := decodeOnto(data, &l); err != nil {
		return l, err
	}
	return l, checkLocalBinlogConfig(l)
}

// DecodeDownloadRestriction reads a JSON object in DescribeBackupDownloadRestriction's shape onto
// the default restriction of region.
func DecodeDownloadRestriction(region string, data []byte) (DownloadRestriction, error) {
	d := DefaultDownloadRestriction()
	if err := decodeOnto(data, &d); err != nil {
		return d, err
	}
	return d, checkDownloadRestriction(region, d)
}

// decodeOnto decodes exactly one JSON object onto v, refusing unknown fields.
func decodeOnto(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("unexpected data after the JSON object")
	}
	return nil
}

// UnmarshalJSON reads an instance of a fixtures file, refusing unknown fields: its backup
// settings onto the defaults of its region (DecodeBackupConfig and the others), and its
// inventory onto the instance's default (DecodeInstanceInfo), checked.
func (f *FixtureInstance) UnmarshalJSON(data []byte) error {
	type fixtureInstance FixtureInstance // without this method
	var raw struct {
		fixtureInstance
		BackupConfig       json.RawMessage `json:"backup_config"`
		RemoteBackupConfig json.RawMessage `json:"remote_backup_config"`
		LocalBinlogConfig  json.RawMessage `json:"local_binlog_config"`
		Instance           json.RawMessage `json:"instance"`
	}
	if err := decodeOnto(data, &raw); err != nil {
		return err
	}
	*f = FixtureInstance(raw.fixtureInstance)
	part := func(name string, err error) error {
		if err != nil {
			return fmt.Errorf("instance %s in %s: %w", f.InstanceID, f.Region, prefixed(name, err))
		}
		return nil
	}
	if raw.BackupConfig != nil {
		c, err := DecodeBackupConfig(raw.BackupConfig)
		if err := part("backup_config", err); err != nil {
			return err
		}
		f.BackupConfig = &c
	}
	if raw.RemoteBackupConfig != nil {
		r, err := DecodeRemoteBackupConfig(f.Region, raw.RemoteBackupConfig)
		if err := part("remote_backup_config", err); err != nil {
			return err
		}
		f.RemoteBackupConfig = &r
	}
	if raw.LocalBinlogConfig != nil {
		l, err := DecodeLocalBinlogConfig(raw.LocalBinlogConfig)
		if err := part("local_binlog_config", err); err != nil {
			return err
		}
		f.LocalBinlogConfig = &l
	}
	if raw.Instance != nil && !isNull(raw.Instance) {
		if err := part("instance", decodeFixtureInstance(f, raw.Instance)); err != nil {
			return err
		}
	}
	if f.BackupEncryptionStatus != "" {
		return part("backup_encryption_status", onOff("EncryptionStatus", f.BackupEncryptionStatus))
	}
	return nil
}

// UnmarshalJSON reads a fixtures file's download restrictions, each onto the default
// (DecodeDownloadRestriction), checked.
func (d *DownloadRestrictions) UnmarshalJSON(data []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	out := DownloadRestrictions{}
	for _, region := range slices.Sorted(maps.Keys(raw)) {
		if !regionName.MatchString(region) {
			return fmt.Errorf("download_restrictions: %q is not a region name such as ap-guangzhou", region)
		}
		r, err := DecodeDownloadRestriction(region, raw[region])
		if err != nil {
			return prefixed("download_restrictions."+region, err)
		}
		out[region] = r
	}
	*d = out
	return nil
}
