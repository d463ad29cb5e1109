package mock

import (
	"fmt"
	"slices"
)

// This file serves the actions that answer an instance's backup settings (CDB, version
// 2017-03-20): DescribeBackupConfig, DescribeRemoteBackupConfig, DescribeLocalBinlogConfig and
// DescribeBackupEncryptionStatus. Each takes InstanceId only, and answers one part of the
// instance's BackupPolicy; they are CDB actions like DescribeBackups, so a call to one takes the
// whole pipeline (latency, faults, injected answers, gateway, quota; pipeline.go).

// CDB actions that answer backup settings.
const (
	actionBackupConfig        = "DescribeBackupConfig"
	actionRemoteBackupConfig  = "DescribeRemoteBackupConfig"
	actionLocalBinlogConfig   = "DescribeLocalBinlogConfig"
	actionEncryptionStatus    = "DescribeBackupEncryptionStatus"
	actionDownloadRestriction = "DescribeBackupDownloadRestriction"
)

// policyAction is one action that answers a part of an instance's settings: the code it answers
// for an instance the region does not have (each action's own, as the SDK lists them), and its
// answer.
type policyAction struct {
	notFound string
	answer   func(p BackupPolicy, requestID string) any
}

var policyActions = map[string]policyAction{
	actionBackupConfig: {codeInstanceNotFound, func(p BackupPolicy, requestID string) any {
		var r backupConfigResponse
		r.Response.BackupConfig, r.Response.RequestId = p.Config, requestID
		return r
	}},
	actionRemoteBackupConfig: {codeCdbInstanceNotFound, func(p BackupPolicy, requestID string) any {
		var r remoteBackupConfigResponse
		r.Response.RemoteBackupConfig, r.Response.RequestId = p.Remote, requestID
		return r
	}},
	actionLocalBinlogConfig: {codeDBRecordNotExist, func(p BackupPolicy, requestID string) any {
		var r localBinlogConfigResponse
		r.Response.LocalBinlogConfig, r.Response.RequestId = p.LocalBinlog, requestID
		return r
	}},
	actionEncryptionStatus: {codeInstanceQueryError, func(p BackupPolicy, requestID string) any {
		var r encryptionStatusResponse
		r.Response.EncryptionStatus, r.Response.RequestId = p.EncryptionStatus, requestID
		return r
	}},
}

// The answers: each part's fields, then RequestId.
type (
	backupConfigResponse struct {
		Response struct {
			BackupConfig
			RequestId string `json:"RequestId"`
		} `json:"Response"`
	}
	remoteBackupConfigResponse struct {
		Response struct {
			RemoteBackupConfig
			RequestId string `json:"RequestId"`
		} `json:"Response"`
	}
	localBinlogConfigResponse struct {
		Response struct {
			LocalBinlogConfig
			RequestId string `json:"RequestId"`
		} `json:"Response"`
	}
	encryptionStatusResponse struct {
		Response struct {
			EncryptionStatus string `json:"EncryptionStatus"`
			RequestId        string `json:"RequestId"`
		} `json:"Response"`
	}
)

// describeBackupPolicy answers one of policyActions once the call is through the gateway, the
// quota and the faults: InstanceId is required, and no other parameter is taken.
func (s *Server) describeBackupPolicy(action, region string, body []byte, requestID string) (any, *apiError) {
	a := policyActions[action]
	fields, aerr := actionFields(body, action, "InstanceId")
	if aerr != nil {
		return nil, aerr
	}
	instanceID, aerr := requiredString(fields, "InstanceId")
	if aerr != nil {
		return nil, aerr
	}
	p, ok := s.BackupPolicy(region, instanceID)
	if !ok {
		return nil, newError(a.notFound, "The instance `%s` does not exist in region `%s`.", instanceID, region)
	}
	return a.answer(p, requestID), nil
}

// SetBackupPolicy gives an instance in a region these backup settings, in place of the ones it
// had; DefaultBackupPolicy(region) is where to start from. StartTimeMin and StartTimeMax are set
// to the backup window's hours, whatever p holds. Settings the API could not answer are refused,
// naming the field, and nothing changes. An instance that does not exist is created with no
// backups; an existing one keeps its backups and binlogs.
func (s *Server) SetBackupPolicy(region, instanceID string, p BackupPolicy) error {
	p = clonePolicy(p)
	p.Config.StartTimeMin, p.Config.StartTimeMax, _ = backupWindowHours(p.Config.BackupTimeWindow)
	if err := checkBackupPolicy(region, p); err != nil {
		return fmt.Errorf("mock: backup settings of instance %s in %s: %w", instanceID, region, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.instanceOrNew(region, instanceID)
	in.policy = &p
	return nil
}

// BackupPolicy returns a copy of the backup settings the mock answers for an instance, its own
// or the defaults of its region; false when the instance does not exist.
func (s *Server) BackupPolicy(region, instanceID string) (BackupPolicy, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.instance(region, instanceID)
	switch {
	case in == nil:
		return BackupPolicy{}, false
	case in.policy == nil:
		return DefaultBackupPolicy(region), true
	}
	return clonePolicy(*in.policy), true
}

// fixturePolicy returns the settings of a fixtures instance: the defaults of its region, with
// each part the fixture gives in place of the default's; nil when it gives none. A fixture
// built in Go is taken as it is, but for StartTimeMin and StartTimeMax, which follow the window.
func fixturePolicy(inst FixtureInstance) *BackupPolicy {
	if inst.BackupConfig == nil && inst.RemoteBackupConfig == nil && inst.LocalBinlogConfig == nil && inst.BackupEncryptionStatus == "" {
		return nil
	}
	p := DefaultBackupPolicy(inst.Region)
	if inst.BackupConfig != nil {
		p.Config = *inst.BackupConfig
		p.Config.StartTimeMin, p.Config.StartTimeMax, _ = backupWindowHours(p.Config.BackupTimeWindow)
	}
	if inst.RemoteBackupConfig != nil {
		p.Remote = *inst.RemoteBackupConfig
	}
	if inst.LocalBinlogConfig != nil {
		p.LocalBinlog = *inst.LocalBinlogConfig
	}
	if inst.BackupEncryptionStatus != "" {
		p.EncryptionStatus = inst.BackupEncryptionStatus
	}
	p = clonePolicy(p)
	return &p
}

// clonePolicy copies p and its slices; a nil slice stays nil, as it is answered null.
func clonePolicy(p BackupPolicy) BackupPolicy {
	p.Config.BackupTimeWindow.Days = slices.Clone(p.Config.BackupTimeWindow.Days)
	p.Remote.RemoteRegion = slices.Clone(p.Remote.RemoteRegion)
	p.Remote.RegionList = slices.Clone(p.Remote.RegionList)
	return p
}
