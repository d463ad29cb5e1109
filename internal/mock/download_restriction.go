package mock

import (
	"fmt"
	"slices"
)

// This file serves DescribeBackupDownloadRestriction (CDB, version 2017-03-20): where a region's
// backups may be downloaded from. It takes no parameters and names no instance: the setting is
// the account's, per region. It is a CDB action like DescribeBackups, so a call to it takes the
// whole pipeline (latency, faults, injected answers, gateway, quota; pipeline.go).
//
// A region nobody set a restriction for answers DefaultDownloadRestriction (NoLimit), whether or
// not the mock has instances there: the real API answers the account's setting for the region,
// and an account that never set one has no restriction. (The gateway still refuses a region it
// does not know, as for every action; a restriction set up in a region of a test's own makes it
// known, as an instance does.)

// downloadRestrictionResponse is DescribeBackupDownloadRestriction's answer.
type downloadRestrictionResponse struct {
	Response struct {
		DownloadRestriction
		RequestId string `json:"RequestId"`
	} `json:"Response"`
}

// describeDownloadRestriction answers DescribeBackupDownloadRestriction once the call is through
// the gateway, the quota and the faults. Any parameter is refused, as the API refuses unknown
// ones.
func (s *Server) describeDownloadRestriction(region string, body []byte, requestID string) (any, *apiError) {
	if _, aerr := actionFields(body, actionDownloadRestriction); aerr != nil {
		return nil, aerr
	}
	var resp downloadRestrictionResponse
	resp.Response.DownloadRestriction = s.DownloadRestriction(region)
	resp.Response.RequestId = requestID
	return resp, nil
}

// SetDownloadRestriction sets what DescribeBackupDownloadRestriction answers in region;
// DefaultDownloadRestriction is where to start from. A restriction the API could not answer is
// refused, naming the field, and nothing changes: LimitVpc and LimitIp only with LimitType
// "Customize", VPCs of region only, IP addresses or CIDR blocks.
func (s *Server) SetDownloadRestriction(region string, r DownloadRestriction) error {
	r = cloneRestriction(r)
	if err := checkDownloadRestriction(region, r); err != nil {
		return fmt.Errorf("mock: download restriction of region %s: %w", region, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.restrictions == nil {
		s.restrictions = map[string]DownloadRestriction{}
	}
	s.restrictions[region] = r
	return nil
}

// DownloadRestriction returns a copy of what DescribeBackupDownloadRestriction answers in region:
// the restriction set for it, or DefaultDownloadRestriction.
func (s *Server) DownloadRestriction(region string) DownloadRestriction {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.restrictions[region]; ok {
		return cloneRestriction(r)
	}
	return DefaultDownloadRestriction()
}

// cloneRestriction copies r and its slices; a nil slice stays nil, as it is answered null.
func cloneRestriction(r DownloadRestriction) DownloadRestriction {
	r.LimitIp = slices.Clone(r.LimitIp)
	if r.LimitVpc != nil {
		vpcs := make([]BackupLimitVpcItem, len(r.LimitVpc))
		for i, v := range r.LimitVpc {
			vpcs[i] = BackupLimitVpcItem{Region: v.Region, VpcList: slices.Clone(v.VpcList)}
		}
		r.LimitVpc = vpcs
	}
	return r
}
