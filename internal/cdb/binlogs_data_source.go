package cdb

import (
	"context"

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
})
