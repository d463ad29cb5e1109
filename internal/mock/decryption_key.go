package mock

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

// This file serves DescribeBackupDecryptionKey (CDB, version 2017-03-20): the key of an encrypted
// backup file. It is a CDB action like DescribeBackups, so a call to it takes the whole pipeline
// (latency, faults, injected answers, gateway, quota; pipeline.go); only its answer differs.

// decryptionKeyResponse is DescribeBackupDecryptionKey's answer.
type decryptionKeyResponse struct {
	Response struct {
		DecryptionKey string `json:"DecryptionKey"`
		RequestId     string `json:"RequestId"`
	} `json:"Response"`
}

// The kinds of backup DescribeBackupDecryptionKey takes in BackupType.
const (
	backupTypeData   = "data"
	backupTypeBinlog = "binlog"
)

// decryptionKeyParams are DescribeBackupDecryptionKey's validated parameters, defaults applied.
type decryptionKeyParams struct {
	InstanceID string
	BackupID   int64
	BackupType string
}

// parseDecryptionKeyParams validates a DescribeBackupDecryptionKey body as the API does: a JSON
// object of known parameters only, InstanceId a string and BackupId an integer, both required,
// BackupType `data` (the default) or `binlog`.
func parseDecryptionKeyParams(body []byte) (decryptionKeyParams, *apiError) {
	p := decryptionKeyParams{BackupType: backupTypeData}
	fields, aerr := actionFields(body, actionDecryptionKey, "InstanceId", "BackupId", "BackupType")
	if aerr != nil {
		return p, aerr
	}
	if p.InstanceID, aerr = requiredString(fields, "InstanceId"); aerr != nil {
		return p, aerr
	}
	if p.BackupID, aerr = requiredInteger(fields, "BackupId"); aerr != nil {
		return p, aerr
	}
	backupType, _, aerr := optionalString(fields, "BackupType")
	if aerr != nil {
		return p, aerr
	}
	switch backupType {
	case "":
		// Absent, null or empty: the default. The API documents only the default for an absent
		// value; an empty string is taken as absent, as the SDKs' zero value.
	case backupTypeData, backupTypeBinlog:
		p.BackupType = backupType
	default:
		return p, newError(codeInvalidParameterValue,
			"The value of parameter `BackupType` (`%s`) is not valid: it must be `%s` or `%s`.",
			backupType, backupTypeData, backupTypeBinlog)
	}
	return p, nil
}

// describeBackupDecryptionKey answers DescribeBackupDecryptionKey once the call is through the
// gateway, the quota and the faults. It never counts towards mutation: only DescribeBackups'
// pages do.
func (s *Server) describeBackupDecryptionKey(region string, body []byte, requestID string) (any, *apiError) {
	p, aerr := parseDecryptionKeyParams(body)
	if aerr != nil {
		return nil, aerr
	}
	key, aerr := s.decryptionKey(region, p.InstanceID, p.BackupID, p.BackupType)
	if aerr != nil {
		return nil, aerr
	}
	var resp decryptionKeyResponse
	resp.Response.DecryptionKey = key
	resp.Response.RequestId = requestID
	return resp, nil
}

// DecryptionKey returns the key DescribeBackupDecryptionKey answers for a data backup of an
// instance in region: the one its fixtures set (FixtureInstance.DecryptionKeys), else one derived
// from the region, the instance and the backup ID. It is false when the instance does not have
// the backup now (mutation may have expired it) or the backup is not encrypted.
func (s *Server) DecryptionKey(region, instanceID string, backupID int64) (string, bool) {
	key, aerr := s.decryptionKey(region, instanceID, backupID, backupTypeData)
	return key, aerr == nil
}

// decryptionKey returns the key of a backup, or the error the API answers when there is none.
func (s *Server) decryptionKey(region, instanceID string, backupID int64, backupType string) (string, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.instance(region, instanceID)
	if in == nil {
		return "", newError(codeInstanceNotFound, "The instance `%s` does not exist in region `%s`.", instanceID, region)
	}
	if backupType == backupTypeBinlog {
		// A binlog has no numeric ID (DescribeBinlogs names it only), so no BackupId names one the
		// mock knows, and no binlog is encrypted in the mock: none has a key.
		return "", newError(codeDBRecordNotExist,
			"The binlog backup `%d` of instance `%s` does not exist: the mock keeps no binlog by a numeric ID.", backupID, instanceID)
	}
	b, ok := in.find(backupID)
	if !ok {
		return "", newError(codeDBRecordNotExist,
			"The data backup `%d` of instance `%s` does not exist.", backupID, instanceID)
	}
	// A backup that is not encrypted has no key record. What the real API answers then is not
	// documented; the mock answers what it answers when the record is missing, naming the reason.
	// Any encrypted backup has its key, whatever its status: the key exists from the task's start.
	if b.EncryptionFlag != "on" {
		return "", newError(codeDBRecordNotExist,
			"The data backup `%d` of instance `%s` is not encrypted (EncryptionFlag `%s`): it has no decryption key.",
			backupID, instanceID, b.EncryptionFlag)
	}
	if key, ok := in.keys[backupID]; ok {
		return key, nil
	}
	return deriveDecryptionKey(region, instanceID, backupID), nil
}

// decryptionKeySecret is the mock-wide secret keys are derived from. It is fixed, so a backup has
// the same key on every run of the mock, as it has on the real API.
const decryptionKeySecret = "tcmock backup decryption keys"

// deriveDecryptionKey makes a backup's key: 32 hex digits (128 bits) of an HMAC-SHA256 over the
// region, the instance and the backup ID, so that each backup has a key of its own.
func deriveDecryptionKey(region, instanceID string, backupID int64) string {
	mac := hmac.New(sha256.New, []byte(decryptionKeySecret))
	fmt.Fprintf(mac, "%s\x00%s\x00%d", region, instanceID, backupID)
	return hex.EncodeToString(mac.Sum(nil)[:16])
}
