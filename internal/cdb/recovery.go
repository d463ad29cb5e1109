package cdb

import (
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/engine"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// chainTolerance is how far after the previous binlog's finish the next one may start and still continue it: the
// API's times have whole seconds, and the next file starts in the second the previous one ends, or the next.
const chainTolerance = time.Second

// recoveryWindows are the spans, oldest first, that successful binlogs cover without a break, and the gaps between
// them. Point-in-time recovery can reach any moment of a window (from a full backup taken in it); none in a gap. A
// binlog continues the previous ones when it starts no later than chainTolerance after the latest finish so far:
// binlogs that touch or overlap chain, whatever order the API gives them in. FAILED and RUNNING binlogs, and those
// without a readable start and finish, cover nothing.
func recoveryWindows(binlogs []*tencentcloud.BinlogInfo) (windows, gaps []engine.Span) {
	var covered []engine.Span
	for _, b := range binlogs {
		if b == nil || b.Status == nil || *b.Status != "SUCCESS" {
			continue
		}
		start, err1 := engine.ParseAPITime(b.BinlogStartTime)
		finish, err2 := engine.ParseAPITime(b.BinlogFinishTime)
		if err1 != nil || err2 != nil || start == nil || finish == nil || finish.Before(*start) {
			continue
		}
		covered = append(covered, engine.Span{Start: *start, Finish: *finish})
	}
	return engine.Chain(covered, chainTolerance)
}
