package mock

import (
	"fmt"
	"slices"
	"time"
)

// This file serves DescribeBinlogs (CDB, version 2017-03-20): one page of an instance's binlogs
// within a window on their start times. It is a CDB action like DescribeBackups, so a call to it
// takes the whole pipeline (latency, faults, injected answers, gateway, quota; pipeline.go) and
// the same Limit bound (SetMaxLimit); only its parameters and answer differ. Mutation leaves
// binlogs alone, and a DescribeBinlogs answer never counts towards it.

// binlogsResponse is DescribeBinlogs' answer.
type binlogsResponse struct {
	Response struct {
		TotalCount int64    `json:"TotalCount"`
		Items      []Binlog `json:"Items"`
		RequestId  string   `json:"RequestId"`
	} `json:"Response"`
}

// describeBinlogsParams are DescribeBinlogs' validated parameters, defaults applied.
type describeBinlogsParams struct {
	InstanceID string
	Offset     int64
	Limit      int64
	Window     binlogWindow
}

// parseBinlogsParams validates a DescribeBinlogs body as the API does: a JSON object of known
// parameters only; InstanceId a string, required; Offset and Limit as DescribeBackups takes them;
// MinStartTime and MaxStartTime strings in the API's time format; ContainsMinStartTime a boolean.
func parseBinlogsParams(body []byte, maxLimit int64) (describeBinlogsParams, *apiError) {
	var p describeBinlogsParams
	fields, aerr := actionFields(body, actionDescribeBinlogs,
		"InstanceId", "Offset", "Limit", "MinStartTime", "MaxStartTime", "ContainsMinStartTime")
	if aerr != nil {
		return p, aerr
	}
	if p.InstanceID, aerr = requiredString(fields, "InstanceId"); aerr != nil {
		return p, aerr
	}
	if p.Offset, aerr = pageOffset(fields); aerr != nil {
		return p, aerr
	}
	if p.Limit, aerr = pageLimit(fields, maxLimit); aerr != nil {
		return p, aerr
	}
	if p.Window.min, aerr = optionalTime(fields, "MinStartTime"); aerr != nil {
		return p, aerr
	}
	if p.Window.max, aerr = optionalTime(fields, "MaxStartTime"); aerr != nil {
		return p, aerr
	}
	if p.Window.containsMin, _, aerr = optionalBool(fields, "ContainsMinStartTime"); aerr != nil {
		return p, aerr
	}
	return p, nil
}

// ContainsMinStartTimeReading is how DescribeBinlogs reads its ContainsMinStartTime parameter. The
// API's page documents it only as "whether the returned list contains the MinStartTime start
// node" (default false), which can be read two ways; neither is confirmed against the real API.
// The mock serves either, so that a client can be shown to give the same answer under both.
type ContainsMinStartTimeReading string

const (
	// ContainsMinStartTimeRunning is the default: with ContainsMinStartTime true, the binlog being
	// written at MinStartTime (it started before MinStartTime and finished at or after it, or is
	// still RUNNING) is listed too. A binlog that starts at MinStartTime is listed either way.
	ContainsMinStartTimeRunning ContainsMinStartTimeReading = "running"
	// ContainsMinStartTimeStrict lists no binlog that started before MinStartTime, and
	// ContainsMinStartTime decides only whether one that starts exactly at MinStartTime is: true
	// lists the binlogs that start at or after MinStartTime, false those that start after it.
	ContainsMinStartTimeStrict ContainsMinStartTimeReading = "strict"
)

// ContainsMinStartTimeReadings lists the readings SetContainsMinStartTime accepts, the default first.
func ContainsMinStartTimeReadings() []ContainsMinStartTimeReading {
	return []ContainsMinStartTimeReading{ContainsMinStartTimeRunning, ContainsMinStartTimeStrict}
}

// SetContainsMinStartTime changes how DescribeBinlogs reads ContainsMinStartTime; "" means
// ContainsMinStartTimeRunning. Calls already answered are not affected.
func (s *Server) SetContainsMinStartTime(r ContainsMinStartTimeReading) error {
	if r == "" {
		r = ContainsMinStartTimeRunning
	}
	if !slices.Contains(ContainsMinStartTimeReadings(), r) {
		return fmt.Errorf("mock: ContainsMinStartTime reading %q is not %q or %q", r, ContainsMinStartTimeRunning, ContainsMinStartTimeStrict)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.containsMin = r
	return nil
}

// binlogWindow is DescribeBinlogs' window on a binlog's start time; a zero bound is open.
type binlogWindow struct {
	min, max    time.Time
	containsMin bool // the request's ContainsMinStartTime
	strict      bool // ContainsMinStartTimeStrict: containsMin only makes min inclusive
}

// holds reports whether the window keeps a binlog. Its start must be at or before max. With
// ContainsMinStartTimeRunning, its start is at or after min, or, with containsMin, it started
// before min and was still being written at min (its finish is at or after min, or it is
// RUNNING). With ContainsMinStartTimeStrict, its start is at or after min with containsMin, after
// min without. A binlog whose start time cannot be read is kept only by a window with no bound.
func (w binlogWindow) holds(b Binlog) bool {
	start, ok := parseAPITime(b.BinlogStartTime)
	if !ok {
		return w.min.IsZero() && w.max.IsZero()
	}
	if !w.max.IsZero() && start.After(w.max) {
		return false
	}
	if w.min.IsZero() {
		return true
	}
	if w.strict {
		return start.After(w.min) || w.containsMin && start.Equal(w.min)
	}
	if !start.Before(w.min) {
		return true
	}
	if !w.containsMin {
		return false
	}
	if finish, ok := parseAPITime(b.BinlogFinishTime); ok {
		return !finish.Before(w.min)
	}
	return b.Status == "RUNNING" // finish "0000-00-00 00:00:00": still being written
}

// parseAPITime reads a time written exactly in the API's format, Beijing time: Go's parser alone
// would also take a one-digit hour.
func parseAPITime(text string) (time.Time, bool) {
	t, err := time.ParseInLocation(apiTimeLayout, text, beijing)
	return t, err == nil && t.Format(apiTimeLayout) == text
}

// sortBinlogs orders binlogs newest first by BinlogStartTime, those whose start cannot be read
// last, keeping the given order among equals. The real API does not document the order of its
// Items; the mock answers this one, and the provider sorts what it gets anyway.
func sortBinlogs(binlogs []Binlog) {
	slices.SortStableFunc(binlogs, func(a, b Binlog) int {
		ta, okA := parseAPITime(a.BinlogStartTime)
		tb, okB := parseAPITime(b.BinlogStartTime)
		switch {
		case okA && okB:
			return tb.Compare(ta)
		case okA != okB:
			if okA {
				return -1
			}
			return 1
		}
		return 0
	})
}

// describeBinlogs answers DescribeBinlogs once the call is through the gateway, the quota and the
// faults: its parameters are checked (Limit against the bound of SetMaxLimit), then one page of
// the instance's binlogs in the window is answered, newest first; TotalCount counts the window.
// ContainsMinStartTime is read as SetContainsMinStartTime says.
func (s *Server) describeBinlogs(region string, body []byte, requestID string) (any, *apiError) {
	p, aerr := parseBinlogsParams(body, s.pageBound())
	if aerr != nil {
		return nil, aerr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.instance(region, p.InstanceID)
	if in == nil {
		return nil, newError(codeInstanceNotFound,
			"The instance `%s` does not exist in region `%s`.", p.InstanceID, region)
	}
	p.Window.strict = s.containsMin == ContainsMinStartTimeStrict
	var window []Binlog
	for _, b := range in.binlogs {
		if p.Window.holds(b) {
			window = append(window, b)
		}
	}
	total := int64(len(window))
	start := min(p.Offset, total)
	end := min(start+p.Limit, total)
	var resp binlogsResponse
	resp.Response.TotalCount = total
	resp.Response.Items = cloneBinlogs(window[start:end]) // never nil: an empty page is []
	resp.Response.RequestId = requestID
	return resp, nil
}

// SetBinlogs gives an instance in a region these binlogs, replacing the ones it had; DescribeBinlogs
// answers them newest first by BinlogStartTime. An instance that does not exist is created with
// no backups; an existing one keeps its backups and their history. An empty or nil slice leaves
// the instance with no binlogs.
func (s *Server) SetBinlogs(region, instanceID string, binlogs []Binlog) {
	sorted := cloneBinlogs(binlogs)
	sortBinlogs(sorted)
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.instanceOrNew(region, instanceID)
	in.binlogs = sorted
	if !in.infoSet { // a derived inventory is created before these binlogs too
		info := DefaultInstanceInfo(region, instanceID, oldestEvidence(in))
		in.info = &info
	}
}

// Binlogs returns a copy of an instance's binlogs in answer order (newest first by
// BinlogStartTime), or nil when the instance does not exist.
func (s *Server) Binlogs(region, instanceID string) []Binlog {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.instance(region, instanceID)
	if in == nil {
		return nil
	}
	return cloneBinlogs(in.binlogs)
}

// cloneBinlogs copies binlogs and their RemoteInfo; the copy of nil is an empty slice.
func cloneBinlogs(in []Binlog) []Binlog {
	out := make([]Binlog, len(in))
	copy(out, in)
	for i := range out {
		if out[i].RemoteInfo != nil {
			out[i].RemoteInfo = slices.Clone(out[i].RemoteInfo)
		}
	}
	return out
}
