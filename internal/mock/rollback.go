package mock

import (
	"cmp"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"time"
)

// This file serves DescribeRollbackRangeTime (CDB, version 2017-03-20): for each instance asked
// for, the spans of time it can be rolled back to. It is a CDB action like DescribeBackups, so a
// call to it takes the whole pipeline (latency, faults, injected answers, gateway, quota;
// pipeline.go).
//
// A call names up to SetMaxRollbackInstances' bound of instances (100 by default: the API's page
// states no maximum, so this is an assumption) and is answered one item per ID, in the order
// sent, a duplicate answered twice. An instance the region does not have is answered inside the
// successful answer, with the per-instance code 1600009, as the API answers per-instance failures.
//
// An instance's ranges are derived from what the mock serves of it (rollbackRanges): each unbroken
// chain of SUCCESS binlogs that holds a SUCCESS full backup of the current list gives one range,
// from the earliest such backup to the end of the chain. Fixtures (rollback_ranges,
// rollback_lag_seconds), SetRollbackRanges and SetRollbackLag make the answer differ from that
// evidence, as the real API's may lag it. IsRemoteZone and BackupRegion are checked and recorded
// but change nothing: what the real API answers differently for them is not known.

const actionRollbackRangeTime = "DescribeRollbackRangeTime"

// Bounds of the number of instances DescribeRollbackRangeTime takes in one call
// (Options.MaxRollbackInstances, SetMaxRollbackInstances).
const (
	// DefaultMaxRollbackInstances is the mock's default. The API's page states no maximum: this is
	// an assumption, kept configurable so that a client's handling of a refused batch can be tested.
	DefaultMaxRollbackInstances = 100
	// LargestMaxRollbackInstances is the largest bound a Server takes.
	LargestMaxRollbackInstances = 100_000
)

// The per-instance codes of DescribeRollbackRangeTime's items the mock answers (the SDK lists
// also 1600001 internal error, 1600003 bad input and 1624001 DB access error).
const (
	rollbackCodeOK               = 0
	rollbackCodeInstanceNotFound = 1600009
)

// RollbackRange is one span of time an instance can be rolled back to (the API's
// RollbackTimeRange): Begin and End in the API's time format, Beijing time.
type RollbackRange struct {
	Begin string `json:"Begin"`
	End   string `json:"End"`
}

// rollbackItem is one item of the answer (the API's InstanceRollbackRangeTime).
type rollbackItem struct {
	Code       int64           `json:"Code"`
	Message    string          `json:"Message"`
	InstanceId string          `json:"InstanceId"`
	Times      []RollbackRange `json:"Times"`
}

// rollbackResponse is DescribeRollbackRangeTime's answer.
type rollbackResponse struct {
	Response struct {
		TotalCount int64          `json:"TotalCount"`
		Items      []rollbackItem `json:"Items"`
		RequestId  string         `json:"RequestId"`
	} `json:"Response"`
}

// regionShape is what a region name looks like: "ap-guangzhou", "ap-shanghai-fsi".
var regionShape = regexp.MustCompile(`^[a-z]+(-[a-z0-9]+)+$`)

// rollbackParams are DescribeRollbackRangeTime's validated parameters.
type rollbackParams struct {
	instanceIDs []string
}

// parseRollbackParams validates a body as the API does: known parameters only; InstanceIds a
// non-empty array of non-empty strings, at most maxIDs of them (more is refused InvalidParameter,
// marked for Stats.RollbackBatchTooLarge); IsRemoteZone "true" or "false"; BackupRegion a region
// name.
func parseRollbackParams(body []byte, maxIDs int) (rollbackParams, *apiError) {
	var p rollbackParams
	fields, aerr := actionFields(body, actionRollbackRangeTime, "InstanceIds", "IsRemoteZone", "BackupRegion")
	if aerr != nil {
		return p, aerr
	}
	raw, ok := fields["InstanceIds"]
	if !ok || isNull(raw) {
		return p, newError(codeMissingParameter, "The request is missing a required parameter `InstanceIds`.")
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(raw, &elems); err != nil {
		return p, wrongType("InstanceIds", "an Array of String", raw)
	}
	switch {
	case len(elems) == 0:
		return p, newError(codeInvalidParameterValue,
			"The value of parameter `InstanceIds` is not valid: it must list at least one instance ID.")
	case len(elems) > maxIDs:
		aerr = newError(codeInvalidParameter,
			"The parameter `InstanceIds` lists %d instances: at most %d may be asked for in one call.", len(elems), maxIDs)
		aerr.rollbackBatchTooLarge = true
		return p, aerr
	}
	for i, elem := range elems {
		name := fmt.Sprintf("InstanceIds.%d", i)
		var id string
		if isNull(elem) || json.Unmarshal(elem, &id) != nil {
			return p, wrongType(name, "a String", elem)
		}
		if id == "" {
			return p, newError(codeInvalidParameterValue, "The value of parameter `%s` is not valid: an instance ID cannot be empty.", name)
		}
		p.instanceIDs = append(p.instanceIDs, id)
	}
	if v, present, aerr := optionalString(fields, "IsRemoteZone"); aerr != nil {
		return p, aerr
	} else if present && v != "true" && v != "false" {
		return p, newError(codeInvalidParameterValue,
			"The value of parameter `IsRemoteZone` (`%s`) is not valid: it must be `true` or `false`.", v)
	}
	if v, present, aerr := optionalString(fields, "BackupRegion"); aerr != nil {
		return p, aerr
	} else if present && !regionShape.MatchString(v) {
		return p, newError(codeInvalidParameterValue,
			"The value of parameter `BackupRegion` (`%s`) is not valid: it must be a region such as `ap-guangzhou`.", v)
	}
	return p, nil
}

// describeRollbackRangeTime answers DescribeRollbackRangeTime once the call is through the
// gateway, the quota and the faults.
func (s *Server) describeRollbackRangeTime(region string, body []byte, requestID string) (any, *apiError) {
	p, aerr := parseRollbackParams(body, s.rollbackBound())
	if aerr != nil {
		return nil, aerr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	items := make([]rollbackItem, 0, len(p.instanceIDs))
	for _, id := range p.instanceIDs {
		in := s.instance(region, id)
		if in == nil {
			items = append(items, rollbackItem{Code: rollbackCodeInstanceNotFound, InstanceId: id, Times: []RollbackRange{},
				Message: fmt.Sprintf("The instance `%s` does not exist in region `%s`.", id, region)})
			continue
		}
		items = append(items, rollbackItem{Code: rollbackCodeOK, InstanceId: id, Times: s.rollbackRanges(in)})
	}
	var resp rollbackResponse
	resp.Response.TotalCount = int64(len(items))
	resp.Response.Items = items
	resp.Response.RequestId = requestID
	return resp, nil
}

// rollbackRanges returns what the mock answers for an instance, never nil: its explicit ranges
// as they are, or the ranges derived from its backups and binlogs with the newest one's end moved
// earlier by its lag (its own, or the server's). The caller holds s.mu.
func (s *Server) rollbackRanges(in *instance) []RollbackRange {
	if in.rollbackRanges != nil {
		return append([]RollbackRange{}, in.rollbackRanges...)
	}
	lag := s.rollbackLag
	if in.rollbackLag != nil {
		lag = *in.rollbackLag
	}
	w := in.current()
	return lagRollbackRanges(deriveRollbackRanges(in.timeline[w.lo:w.hi], in.binlogs), lag)
}

// span is a stretch of time, both ends included.
type span struct{ begin, end time.Time }

// binlogChains returns the unbroken chains of SUCCESS binlogs, oldest first. A binlog continues
// the chain when it starts no later than one second after the latest finish of the chain so
// far; FAILED and RUNNING binlogs, and those whose times cannot be read or run backwards, cover
// nothing.
func binlogChains(binlogs []Binlog) []span {
	var covered []span
	for _, b := range binlogs {
		start, okStart := parseAPITime(b.BinlogStartTime)
		finish, okFinish := parseAPITime(b.BinlogFinishTime)
		if b.Status == "SUCCESS" && okStart && okFinish && !finish.Before(start) {
			covered = append(covered, span{start, finish})
		}
	}
	slices.SortFunc(covered, func(a, b span) int { return cmp.Or(a.begin.Compare(b.begin), a.end.Compare(b.end)) })
	var chains []span
	for _, c := range covered {
		if n := len(chains); n > 0 && !c.begin.After(chains[n-1].end.Add(time.Second)) {
			if c.end.After(chains[n-1].end) {
				chains[n-1].end = c.end
			}
			continue
		}
		chains = append(chains, c)
	}
	return chains
}

// deriveRollbackRanges returns one range per chain of binlogs that holds a SUCCESS full backup
// (start <= Date <= finish): from the earliest such backup's Date to the chain's finish, oldest
// first, never nil.
func deriveRollbackRanges(backups []Backup, binlogs []Binlog) []RollbackRange {
	var fulls []time.Time
	for _, b := range backups {
		if d, ok := parseAPITime(b.Date); ok && b.Status == "SUCCESS" && b.Method == "full" {
			fulls = append(fulls, d)
		}
	}
	slices.SortFunc(fulls, time.Time.Compare)
	ranges := []RollbackRange{}
	for _, c := range binlogChains(binlogs) {
		i := slices.IndexFunc(fulls, func(d time.Time) bool { return !d.Before(c.begin) && !d.After(c.end) })
		if i >= 0 {
			ranges = append(ranges, RollbackRange{Begin: fulls[i].Format(apiTimeLayout), End: c.end.Format(apiTimeLayout)})
		}
	}
	return ranges
}

// lagRollbackRanges moves the end of the newest (last) range earlier by lag, and drops it when
// it would then end before its begin.
func lagRollbackRanges(ranges []RollbackRange, lag time.Duration) []RollbackRange {
	if lag <= 0 || len(ranges) == 0 {
		return ranges
	}
	last := &ranges[len(ranges)-1]
	begin, okBegin := parseAPITime(last.Begin)
	end, okEnd := parseAPITime(last.End)
	if !okBegin || !okEnd {
		return ranges
	}
	end = end.Add(-lag)
	if end.Before(begin) {
		return ranges[:len(ranges)-1]
	}
	last.End = end.Format(apiTimeLayout)
	return ranges
}

// SetMaxRollbackInstances changes the largest number of instances DescribeRollbackRangeTime takes
// in one call, between 1 and LargestMaxRollbackInstances. More is refused InvalidParameter,
// naming InstanceIds, the number sent and the bound, and counted in Stats.RollbackBatchTooLarge.
func (s *Server) SetMaxRollbackInstances(n int) error {
	if n < 1 || n > LargestMaxRollbackInstances {
		return fmt.Errorf("mock: largest number of instances per DescribeRollbackRangeTime %d is not between 1 and %d",
			n, LargestMaxRollbackInstances)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.maxRollback = n
	return nil
}

// rollbackBound returns the largest number of instances DescribeRollbackRangeTime takes now.
func (s *Server) rollbackBound() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxRollback
}

// SetRollbackLag moves the end of the newest range DescribeRollbackRangeTime answers earlier by
// d, for every instance whose ranges are derived and that has no lag of its own (the fixtures'
// rollback_lag_seconds): the API lagging the binlogs it has. A range that would end before its
// begin is not answered. d must be a whole number of seconds, 0 or more.
func (s *Server) SetRollbackLag(d time.Duration) error {
	if err := checkRollbackLag(d); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rollbackLag = d
	return nil
}

// maxRollbackLagSeconds bounds a fixture's lag, far above any an API would show.
const maxRollbackLagSeconds = 10 * 365 * 24 * 60 * 60

func checkRollbackLag(d time.Duration) error {
	if d < 0 || d%time.Second != 0 {
		return fmt.Errorf("mock: rollback lag %s is not a whole number of seconds, 0 or more", d)
	}
	return nil
}

// SetRollbackRanges makes DescribeRollbackRangeTime answer exactly these ranges for an instance,
// in this order, in place of those derived from its backups and binlogs; no lag applies to them.
// Each must have Begin and End in the API's time format, Begin not after End; otherwise nothing
// changes. Nil goes back to derived ranges; an empty slice answers none. An instance that does
// not exist is created with no backups; an existing one keeps its backups, binlogs and settings.
func (s *Server) SetRollbackRanges(region, instanceID string, ranges []RollbackRange) error {
	if err := checkRollbackRanges(ranges); err != nil {
		return fmt.Errorf("mock: rollback ranges of instance %s in %s: %w", instanceID, region, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.instanceOrNew(region, instanceID)
	in.rollbackRanges = slices.Clone(ranges)
	return nil
}

// RollbackRanges returns what DescribeRollbackRangeTime answers now for an instance; false when
// the instance does not exist.
func (s *Server) RollbackRanges(region, instanceID string) ([]RollbackRange, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.instance(region, instanceID)
	if in == nil {
		return nil, false
	}
	return s.rollbackRanges(in), true
}

// checkRollbackRanges refuses a range the API could not answer, naming it.
func checkRollbackRanges(ranges []RollbackRange) error {
	for i, r := range ranges {
		begin, okBegin := parseAPITime(r.Begin)
		end, okEnd := parseAPITime(r.End)
		switch {
		case !okBegin:
			return fmt.Errorf("rollback_ranges[%d]: Begin %q is not a time such as \"2025-06-30 02:00:00\"", i, r.Begin)
		case !okEnd:
			return fmt.Errorf("rollback_ranges[%d]: End %q is not a time such as \"2025-06-30 02:00:00\"", i, r.End)
		case end.Before(begin):
			return fmt.Errorf("rollback_ranges[%d]: End %s is before Begin %s", i, r.End, r.Begin)
		}
	}
	return nil
}

// checkRollbackFixture refuses an instance's rollback settings the mock could not answer.
func checkRollbackFixture(inst FixtureInstance) error {
	if err := checkRollbackRanges(inst.RollbackRanges); err != nil {
		return err
	}
	switch lag := inst.RollbackLagSeconds; {
	case lag == nil:
	case *lag < 0 || *lag > maxRollbackLagSeconds:
		return fmt.Errorf("rollback_lag_seconds: %d is not between 0 and %d (ten years)", *lag, maxRollbackLagSeconds)
	case inst.RollbackRanges != nil:
		return fmt.Errorf("rollback_lag_seconds: no lag applies to rollback_ranges, which are answered as they are")
	}
	return nil
}

// fixtureRollbackLag is a fixtures instance's own lag, or nil.
func fixtureRollbackLag(inst FixtureInstance) *time.Duration {
	if inst.RollbackLagSeconds == nil {
		return nil
	}
	d := time.Duration(*inst.RollbackLagSeconds) * time.Second
	return &d
}
