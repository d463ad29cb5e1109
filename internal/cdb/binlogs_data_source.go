package cdb

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/engine"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// NewBinlogsDataSource returns tencentcloud_cdb_binlogs, which lists the binlogs of one instance and the spans
// they let it be restored to.
func NewBinlogsDataSource() datasource.DataSource { return binlogs.DataSource() }

var binlogs = engine.NewList(engine.ListSpec[tencentcloud.BinlogInfo, *tencentcloud.Client]{
	TypeName: "tencentcloud_cdb_binlogs",
	Description: "Lists the binlog files of a TencentDB for MySQL (CDB) instance through the `DescribeBinlogs` API, newest first, " +
		"and the spans of time they let the instance be restored to (point-in-time recovery): `recovery_windows`, `gaps` and " +
		"`latest_recovery_point`. All pages are read; the result is the same at every plan for the same binlogs.",
	Scope:     instance,
	Items:     binlogInfo,
	ItemsAttr: "binlogs",
	ItemsDoc:  "The binlogs, newest first (by `start_time`, then `name`).",
	Action:    "DescribeBinlogs",
	PageSizeDoc: "Without it, the largest page the API accepts (" + largestPage + ", or " + fallbackPage + " where the API refuses that), " +
		"as for `tencentcloud_cdb_backups`.",
	TotalCountDoc: "Number of binlogs the API reports in the window (`TotalCount`).",
	IncludeLinksDoc: "Read the binlogs' download links into `download_urls`; `false` by default. The links are bearer links to " +
		"the files, and whatever a data source reads is stored in the state in plain text, so they are left out unless asked for.",
	LinksDoc: "Download links, keyed by binlog `name`, with an entry for every binlog in `binlogs`; null unless " +
		"`include_download_urls` is `true`. Sensitive, and kept apart from `binlogs`, as for `tencentcloud_cdb_backups`.",
	Arguments: []engine.Argument{
		engine.TimeArgument("start_after", "List only the binlogs that start at or after this time: the API's `MinStartTime`, sent in "+
			"Beijing time, with `ContainsMinStartTime`, which Tencent Cloud documents only as including \"the MinStartTime start node\". "+
			"Whether that also lists the binlog being written at this time is not confirmed (the mock does, by default): for windows "+
			"that must cover this time, start a few hours earlier."),
		engine.TimeArgument("start_before", "List only the binlogs that start at or before this time: the API's `MaxStartTime`, sent in Beijing time."),
		engine.FlagArgument("compare_with_api", "Also read the spans Tencent Cloud itself will restore the instance to "+
			"(`DescribeRollbackRangeTime`, one more call) into `api_ranges`, and compare them with `recovery_windows` in `disagreements`; "+
			"`false` by default."),
		engine.DurationArgument("tolerance", "Shortest disagreement reported in `disagreements`: a span the two sides disagree on "+
			"must be longer than this, e.g. `\"5m\"` (the default) or `\"1h\"`."),
	},
	Windows: []engine.Window{{After: "start_after", Before: "start_before", Inclusive: true}},
	Order:   engine.NewestFirst("start_time"),
	Fetch: func(ctx context.Context, c *tencentcloud.Client, p engine.PageRequest) (engine.Page[tencentcloud.BinlogInfo], error) {
		in := tencentcloud.DescribeBinlogsInput{InstancePage: tencentcloud.InstancePage{InstanceID: p.Scope, Offset: p.Offset, Limit: p.Limit}}
		if t, ok := p.Args.Time("start_after"); ok {
			in.MinStartTime, in.ContainsMinStartTime = engine.FormatAPITime(t), true
		}
		if t, ok := p.Args.Time("start_before"); ok {
			in.MaxStartTime = engine.FormatAPITime(t)
		}
		out, err := c.DescribeBinlogs(ctx, in)
		if err != nil {
			return engine.Page[tencentcloud.BinlogInfo]{}, err
		}
		return engine.Page[tencentcloud.BinlogInfo]{Total: out.TotalCount, Items: out.Items, Limit: out.Limit}, nil
	},
	Attributes: engine.Attributes{
		"recovery_windows": engine.SpanList("The spans, oldest first, that successful binlogs cover without a break: the instance can be " +
			"restored to any moment of a window, from a successful full backup taken before that moment within the same window. One " +
			"binlog continues the previous ones when it starts no later than one second after their latest finish; `FAILED` and " +
			"`RUNNING` binlogs cover nothing."),
		"gaps": engine.SpanList("The breaks between the recovery windows, oldest first: from the end of one window to the start of the next. " +
			"No moment in a gap can be restored to."),
		"api_ranges": engine.SpanList("With `compare_with_api`, the spans Tencent Cloud says it can restore the instance to " +
			"(`DescribeRollbackRangeTime`), oldest first, within `start_after` and `start_before` when they are set; null without it. " +
			"They start at a full backup, where `recovery_windows` start at the first binlog."),
		"disagreements": engine.ClaimList("With `compare_with_api`, the spans, oldest first, that one side says can be restored to "+
			"and the other does not, each longer than `tolerance`, within `start_after` and `start_before` when they are set; null without it. "+
			"A window's start before its first full backup is one (`binlogs`); an API that lags behind the binlogs, or a break in "+
			"the binlogs the API does not see, are others.",
			"`api` when Tencent Cloud says the span can be restored to and the binlogs do not cover it; `binlogs` for the reverse."),
		"latest_recovery_point": engine.ComputedTime("The end of the newest recovery window: the latest moment the instance can be restored to. " +
			"Null without successful binlogs."),
	},
	Values: func(l *engine.Listed[tencentcloud.BinlogInfo]) engine.Values {
		windows, gaps := recoveryWindows(l.Items)
		latest := engine.Time(nil)
		if len(windows) > 0 {
			latest = engine.Time(&windows[len(windows)-1].Finish)
		}
		return engine.Values{"recovery_windows": engine.Spans(windows), "gaps": engine.Spans(gaps), "latest_recovery_point": latest}
	},
	Also: compareWithAPI,
})

// defaultTolerance is the shortest disagreement reported without tolerance.
const defaultTolerance = 5 * time.Minute

// compareWithAPI reads the instance's ranges from DescribeRollbackRangeTime, with compare_with_api, and compares
// them with the binlogs' recovery windows.
func compareWithAPI(ctx context.Context, c *tencentcloud.Client, l *engine.Listed[tencentcloud.BinlogInfo]) (engine.Values, error) {
	if !l.Args.Flag("compare_with_api") {
		return engine.Values{"api_ranges": engine.Null(), "disagreements": engine.Null()}, nil
	}
	answers, err := c.DescribeRollbackRangeTime(ctx, tencentcloud.RollbackRangesInput{InstanceIDs: []string{l.Scope}})
	if err != nil {
		return nil, err
	}
	var ranges []engine.Span
	for _, a := range answers {
		if a == nil || a.InstanceID == nil || *a.InstanceID != l.Scope {
			continue
		}
		if a.Code != nil && *a.Code != 0 {
			return nil, fmt.Errorf("DescribeRollbackRangeTime answered code %d for %s: %s", *a.Code, l.Scope, deref(a.Message))
		}
		if ranges, err = apiSpans(newInstanceRecoveryRanges(a).Times); err != nil {
			return nil, err
		}
	}
	from, _ := l.Args.Time("start_after")
	to, _ := l.Args.Time("start_before")
	windows, _ := recoveryWindows(l.Items)
	disagreements := engine.Disagreements(ranges, windows, "api", "binlogs", l.Args.Duration("tolerance", defaultTolerance), from, to)
	return engine.Values{"api_ranges": engine.Spans(engine.Clip(ranges, from, to)), "disagreements": engine.Claims(disagreements)}, nil
}

// apiSpans are the API's ranges as spans; a range without a readable begin and end is an error.
func apiSpans(times []*tencentcloud.RollbackTimeRange) ([]engine.Span, error) {
	spans := make([]engine.Span, 0, len(times))
	for _, t := range times {
		begin, err1 := engine.ParseAPITime(t.Begin)
		end, err2 := engine.ParseAPITime(t.End)
		if err := errors.Join(err1, err2); err != nil {
			return nil, fmt.Errorf("DescribeRollbackRangeTime gave a range %q to %q: %w", deref(t.Begin), deref(t.End), err)
		}
		if begin == nil || end == nil {
			return nil, fmt.Errorf("DescribeRollbackRangeTime gave a range %q to %q without both ends", deref(t.Begin), deref(t.End))
		}
		spans = append(spans, engine.Span{Start: *begin, Finish: *end})
	}
	return spans, nil
}
