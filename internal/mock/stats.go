package mock

import (
	"maps"
	"time"
)

// Stats counts the API calls the mock received since it started or ResetStats. Requests to the
// mock's own paths are not counted.
type Stats struct {
	// Calls is the number of CDB API calls received, answered or not; STS calls and metadata
	// requests are counted apart, and take no part in InFlight and the times below.
	Calls int `json:"calls"`
	// STSCalls is the number of STS calls received (AssumeRole, GetCallerIdentity), answered or
	// not; AssumeRoleIssued the AssumeRole calls that issued credentials.
	STSCalls         int `json:"sts_calls"`
	AssumeRoleIssued int `json:"assume_role_issued"`
	// MetadataRequests is the number of requests to the metadata service (listings, stalled and
	// refused ones included); MetadataFetches those that issued a role's credentials.
	MetadataRequests int `json:"metadata_requests"`
	MetadataFetches  int `json:"metadata_fetches"`
	// Tunnels is the number of CONNECT tunnels opened: clients that use the mock as their HTTP
	// proxy and tunnel through it (tunnel.go). The calls sent through them are counted as others.
	Tunnels int `json:"tunnels"`
	// Refused is the number of calls answered RequestLimitExceeded by the quota.
	Refused int `json:"refused"`
	// Actions counts the CDB calls per action (X-TC-Action as sent, "" when absent): those
	// received, and those the quota refused. Their sums are Calls and Refused.
	Actions map[string]ActionStats `json:"actions"`
	// LimitTooLarge is the number of calls refused (InvalidParameterValue) because their Limit
	// was above the largest their action accepts (DescribeBackups and DescribeBinlogs: SetMaxLimit;
	// DescribeDBInstances: SetMaxInstancesLimit; DescribeBackupSummaries: 100): a client probing
	// for a larger page. Other invalid parameters, a Limit below 1 included, are
	// not counted.
	LimitTooLarge int `json:"limit_too_large"`
	// RollbackBatchTooLarge is the number of DescribeRollbackRangeTime calls refused
	// (InvalidParameter) because they listed more InstanceIds than the mock takes
	// (SetMaxRollbackInstances): a client learning the bound. Other invalid parameters are not
	// counted.
	RollbackBatchTooLarge int `json:"rollback_batch_too_large"`
	// Faults is the number of random faults injected, FaultsByKind the same per kind.
	Faults       int               `json:"faults"`
	FaultsByKind map[FaultKind]int `json:"faults_by_kind"`
	// RendezvousGroups is the number of groups of calls the rendezvous let go on together, and
	// RendezvousTimeouts the number of calls it held past their timeout (SetRendezvous);
	// RendezvousHeld is the number of calls it holds now.
	RendezvousGroups   int `json:"rendezvous_groups"`
	RendezvousTimeouts int `json:"rendezvous_timeouts"`
	RendezvousHeld     int `json:"rendezvous_held"`
	// Mutations is the number of times mutation changed an instance's backups.
	Mutations int `json:"mutations"`
	// CreatedBackups is the number of backups CreateBackup made.
	CreatedBackups int `json:"created_backups"`
	// InFlight is the number of calls being handled now; PeakConcurrency the most at once.
	InFlight        int `json:"in_flight"`
	PeakConcurrency int `json:"peak_concurrency"`
	// FirstCall is when the first call arrived, LastAnswer when the last call was done with
	// (answered, failed by a fault or abandoned); zero before any.
	FirstCall  time.Time `json:"first_call,omitzero"`
	LastAnswer time.Time `json:"last_answer,omitzero"`
}

// ActionStats counts the calls of one action.
type ActionStats struct {
	// Calls is the number of calls of the action received, answered or not.
	Calls int `json:"calls"`
	// Refused is the number of them the quota answered RequestLimitExceeded.
	Refused int `json:"refused"`
}

// statsState is what Stats is made of, kept under s.mu.
type statsState struct {
	calls, refused, mutations, inFlight, peak int
	faults                                    map[FaultKind]int
	firstCall, lastAnswer                     time.Time
	limitTooLarge                             int
	rollbackBatchTooLarge                     int
	actions                                   map[string]*ActionStats // by X-TC-Action

	stsCalls, metadataRequests int
	assumeRole                 map[string]int // role ARN -> credentials issued by AssumeRole
	metadataFetches            map[string]int // instance role name -> credentials issued by the metadata service

	tunnels int // CONNECT tunnels opened

	rendezvousGroups, rendezvousTimeouts int

	createdBackups int // backups CreateBackup made
}

// Stats returns the counts since the server started or ResetStats.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := Stats{
		Calls:                 s.stats.calls,
		Refused:               s.stats.refused,
		LimitTooLarge:         s.stats.limitTooLarge,
		RollbackBatchTooLarge: s.stats.rollbackBatchTooLarge,
		FaultsByKind:          maps.Clone(s.stats.faults),
		Mutations:             s.stats.mutations,
		CreatedBackups:        s.stats.createdBackups,
		RendezvousGroups:      s.stats.rendezvousGroups,
		RendezvousTimeouts:    s.stats.rendezvousTimeouts,
		InFlight:              s.stats.inFlight,
		PeakConcurrency:       s.stats.peak,
		FirstCall:             s.stats.firstCall,
		LastAnswer:            s.stats.lastAnswer,
	}
	st.Actions = make(map[string]ActionStats, len(s.stats.actions))
	for name, a := range s.stats.actions {
		st.Actions[name] = *a
	}
	if g := s.rendezvous.group; g != nil {
		st.RendezvousHeld = g.held
	}
	if st.FaultsByKind == nil {
		st.FaultsByKind = map[FaultKind]int{}
	}
	for _, n := range st.FaultsByKind {
		st.Faults += n
	}
	st.STSCalls, st.MetadataRequests, st.Tunnels = s.stats.stsCalls, s.stats.metadataRequests, s.stats.tunnels
	st.AssumeRoleIssued = countFor(s.stats.assumeRole, "")
	st.MetadataFetches = countFor(s.stats.metadataFetches, "")
	return st
}

// AssumeRoleCalls returns the number of AssumeRole calls that issued credentials for a role since
// the server started or ResetStats; "" counts every role.
func (s *Server) AssumeRoleCalls(roleARN string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return countFor(s.stats.assumeRole, roleARN)
}

// MetadataFetches returns the number of times the metadata service issued an instance role's
// credentials since the server started or ResetStats; "" counts every role.
func (s *Server) MetadataFetches(roleName string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return countFor(s.stats.metadataFetches, roleName)
}

// countFor returns counts[key], or the sum of counts when key is "".
func countFor(counts map[string]int, key string) int {
	if key != "" {
		return counts[key]
	}
	total := 0
	for _, n := range counts {
		total += n
	}
	return total
}

// countSTSCall counts an STS call in.
func (s *Server) countSTSCall() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.stsCalls++
}

// countTunnel counts a CONNECT tunnel opened.
func (s *Server) countTunnel() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.tunnels++
}

// action returns the counts of an action, made when missing.
func (st *statsState) action(name string) *ActionStats {
	a := st.actions[name]
	if a == nil {
		if st.actions == nil {
			st.actions = map[string]*ActionStats{}
		}
		a = &ActionStats{}
		st.actions[name] = a
	}
	return a
}

// countRefusal counts a call of an action the quota refused, one whose Limit was above the
// largest accepted, or one that listed more instances than DescribeRollbackRangeTime takes; any
// other error is not counted here.
func (s *Server) countRefusal(action string, aerr *apiError) {
	if !aerr.refused && !aerr.limitTooLarge && !aerr.rollbackBatchTooLarge {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if aerr.refused {
		s.stats.refused++
		s.stats.action(action).Refused++
	}
	if aerr.limitTooLarge {
		s.stats.limitTooLarge++
	}
	if aerr.rollbackBatchTooLarge {
		s.stats.rollbackBatchTooLarge++
	}
}

// FaultCounts returns the number of random faults injected per kind since the server started
// or ResetStats. Kinds never injected are absent.
func (s *Server) FaultCounts() map[FaultKind]int {
	return s.Stats().FaultsByKind
}

// ResetStats zeroes the stats, the per-role counts of AssumeRoleCalls and MetadataFetches
// included. Calls in flight stay counted in InFlight (and so in PeakConcurrency). Settings, quota
// buckets, the fault generator, issued credentials and recorded Calls are untouched.
func (s *Server) ResetStats() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats = statsState{inFlight: s.stats.inFlight, peak: s.stats.inFlight}
}
