package cdb

import (
	"slices"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// chainTolerance is how far after the previous binlog's finish the next one may start and still continue it: the
// API's times have whole seconds, and the next file starts in the second the previous one ends, or the next.
const chainTolerance = time.Second

// span is a stretch of time, both ends included.
type span struct{ start, finish time.Time }

// recoveryWindows are the spans, oldest first, that successful binlogs cover without a break, and the gaps between
// them. Point-in-time recovery can reach any moment of a window (from a full backup taken in it); none in a gap. A
// binlog continues the previous ones when it starts no later than chainTolerance after the latest finish so far:
// binlogs that touch or overlap chain, whatever order the API gives them in. FAILED and RUNNING binlogs, and those
// without a readable start and finish, cover nothing.
func recoveryWindows(binlogs []*tencentcloud.BinlogInfo) (windows, gaps []span) {
	var covered []span
	for _, b := range binlogs {
		if b == nil || b.Status == nil || *b.Status != "SUCCESS" {
			continue
		}
		start, err1 := parseAPITime(b.BinlogStartTime)
		finish, err2 := parseAPITime(b.BinlogFinishTime)
		if err1 != nil || err2 != nil || start == nil || finish == nil || finish.Before(*start) {
			continue
		}
		covered = append(covered, span{*start, *finish})
	}
	slices.SortFunc(covered, func(a, b span) int {
		if c := a.start.Compare(b.start); c != 0 {
			return c
		}
		return a.finish.Compare(b.finish)
	})
	windows, gaps = []span{}, []span{}
	for _, s := range covered {
		if n := len(windows); n > 0 && !s.start.After(windows[n-1].finish.Add(chainTolerance)) {
			if s.finish.After(windows[n-1].finish) {
				windows[n-1].finish = s.finish
			}
			continue
		}
		if n := len(windows); n > 0 {
			gaps = append(gaps, span{windows[n-1].finish, s.start})
		}
		windows = append(windows, s)
	}
	return windows, gaps
}

// sortBinlogsNewestFirst orders binlogs by start time, newest first, then by name, highest first, so that the list
// is the same whatever order the pages came in. Binlogs without a valid start time go last.
func sortBinlogsNewestFirst(binlogs []*tencentcloud.BinlogInfo) {
	sortByTimeDesc(binlogs, binlogInfo, "start_time")
}
