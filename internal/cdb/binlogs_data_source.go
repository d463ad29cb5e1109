package cdb

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

var (
	_ datasource.DataSource                   = (*binlogsDataSource)(nil)
	_ datasource.DataSourceWithConfigure      = (*binlogsDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*binlogsDataSource)(nil)
)

// BinlogsTypeName is the binlogs data source's name in configurations.
const BinlogsTypeName = "tencentcloud_cdb_binlogs"

// NewBinlogs returns the tencentcloud_cdb_binlogs data source.
func NewBinlogs() datasource.DataSource {
	return &binlogsDataSource{}
}

// binlogsDataSource lists the binlogs of one TencentDB for MySQL instance and the spans they let it be restored to.
type binlogsDataSource struct {
	configured
}

// binlogsModel is the data source's configuration; the computed attributes are written straight into the state.
type binlogsModel struct {
	ID                  types.String      `tfsdk:"id"`
	InstanceID          types.String      `tfsdk:"instance_id"`
	StartAfter          types.String      `tfsdk:"start_after"`
	StartBefore         types.String      `tfsdk:"start_before"`
	PageSize            types.Int64       `tfsdk:"page_size"`
	IncludeURLs         types.Bool        `tfsdk:"include_download_urls"`
	TotalCount          types.Int64       `tfsdk:"total_count"`
	Binlogs             types.List        `tfsdk:"binlogs"`
	DownloadURLs        types.Map         `tfsdk:"download_urls"`
	RecoveryWindows     types.List        `tfsdk:"recovery_windows"`
	Gaps                types.List        `tfsdk:"gaps"`
	LatestRecoveryPoint timetypes.RFC3339 `tfsdk:"latest_recovery_point"`
}

func (d *binlogsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cdb_binlogs"
}

func (d *binlogsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	spanList := func(doc string) schema.ListNestedAttribute {
		return schema.ListNestedAttribute{
			Computed:            true,
			MarkdownDescription: doc,
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"start":  schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{}, MarkdownDescription: "Start of the span." + rfc3339Doc},
				"finish": schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{}, MarkdownDescription: "End of the span." + rfc3339Doc},
			}},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the binlog files of a TencentDB for MySQL (CDB) instance through the `DescribeBinlogs` API, newest first, " +
			"and the spans of time they let the instance be restored to (point-in-time recovery): `recovery_windows`, `gaps` and " +
			"`latest_recovery_point`. All pages are read; the result is the same at every plan for the same binlogs.",
		Attributes: map[string]schema.Attribute{
			"id":          schema.StringAttribute{Computed: true, MarkdownDescription: "The instance ID."},
			"instance_id": schema.StringAttribute{Required: true, MarkdownDescription: instanceIDDoc, Validators: instanceIDValidators},
			"start_after": schema.StringAttribute{
				Optional:   true,
				Validators: []validator.String{timeArg{}},
				MarkdownDescription: "List only the binlogs that start at or after this time, and the one being written at that time, which " +
					"started before it: the API's `MinStartTime` (sent in Beijing time) with `ContainsMinStartTime`. The window the binlogs " +
					"cover then starts no later than this time." + timeArgDoc,
			},
			"start_before": schema.StringAttribute{
				Optional:            true,
				Validators:          []validator.String{timeArg{}},
				MarkdownDescription: "List only the binlogs that start at or before this time: the API's `MaxStartTime`, sent in Beijing time." + timeArgDoc,
			},
			"page_size": schema.Int64Attribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: fmt.Sprintf("Binlogs requested per `DescribeBinlogs` call, 1 to %d; the state shows the page size used. "+
					"Without it, the largest page the API accepts (%d, or %d where the API refuses that), as for `tencentcloud_cdb_backups`.",
					tencentcloud.LargestPageSize, tencentcloud.LargestPageSize, tencentcloud.FallbackPageSize),
				Validators: []validator.Int64{int64validator.Between(1, tencentcloud.LargestPageSize)},
			},
			"include_download_urls": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Read the binlogs' download links into `download_urls`; `false` by default. The links are bearer links to " +
					"the files, and whatever a data source reads is stored in the state in plain text, so they are left out unless asked for.",
			},
			"total_count": schema.Int64Attribute{Computed: true, MarkdownDescription: "Number of binlogs the API reports in the window (`TotalCount`)."},
			"binlogs": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "The binlogs, newest first (by `start_time`, then `name`). Download links are in `download_urls`, with " +
					"`include_download_urls`.",
				NestedObject: schema.NestedAttributeObject{Attributes: binlogInfo.attributes()},
			},
			"download_urls": schema.MapNestedAttribute{
				Computed:  true,
				Sensitive: true,
				MarkdownDescription: "Download links, keyed by binlog `name`, with an entry for every binlog in `binlogs`; null unless " +
					"`include_download_urls` is `true`. Sensitive, and kept apart from `binlogs`, as for `tencentcloud_cdb_backups`.",
				NestedObject: schema.NestedAttributeObject{Attributes: binlogInfo.linkAttributes()},
			},
			"recovery_windows": spanList("The spans, oldest first, that successful binlogs cover without a break: the instance can be " +
				"restored to any moment of a window, from a successful full backup taken before that moment within the same window. One " +
				"binlog continues the previous ones when it starts no later than one second after their latest finish; `FAILED` and " +
				"`RUNNING` binlogs cover nothing."),
			"gaps": spanList("The breaks between the recovery windows, oldest first: from the end of one window to the start of the next. " +
				"No moment in a gap can be restored to."),
			"latest_recovery_point": schema.StringAttribute{
				Computed:            true,
				CustomType:          timetypes.RFC3339Type{},
				MarkdownDescription: "The end of the newest recovery window: the latest moment the instance can be restored to. Null without successful binlogs." + rfc3339Doc,
			},
		},
	}
}

func (d *binlogsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	resp.Diagnostics.Append(d.configure(req.ProviderData)...)
}

// ValidateConfig checks that the window start_after..start_before is not empty.
func (d *binlogsDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	validateWindow(ctx, req.Config, window{after: "start_after", before: "start_before", inclusive: true, noun: "binlog"}, &resp.Diagnostics)
}

func (d *binlogsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model binlogsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ok, deferred, diags := d.ready(BinlogsTypeName, req.ClientCapabilities.DeferralAllowed)
	resp.Diagnostics.Append(diags...)
	if deferred {
		resp.Deferred = &datasource.Deferred{Reason: datasource.DeferredReasonProviderConfigUnknown}
	}
	if !ok {
		return
	}
	id := model.InstanceID.ValueString()
	ctx = tflog.SetField(ctx, "instance_id", id)
	in := tencentcloud.DescribeBinlogsInput{InstanceID: id}
	for _, arg := range []struct {
		name  string
		value types.String
		into  *string
	}{{"start_after", model.StartAfter, &in.MinStartTime}, {"start_before", model.StartBefore, &in.MaxStartTime}} {
		if !isSet(arg.value) {
			continue
		}
		t, err := parseTimeArg(arg.value.ValueString())
		if err != nil {
			resp.Diagnostics.Append(timeArgError(path.Root(arg.name), arg.value.ValueString()))
			return
		}
		*arg.into = t.In(beijing).Format(apiTimeLayout)
	}
	in.ContainsMinStartTime = in.MinStartTime != ""
	fetch := func(ctx context.Context, offset, limit int64) (page[tencentcloud.BinlogInfo], error) {
		q := in
		q.Offset, q.Limit = offset, limit
		out, err := d.client.DescribeBinlogs(ctx, q)
		if err != nil {
			return page[tencentcloud.BinlogInfo]{}, err
		}
		return page[tencentcloud.BinlogInfo]{total: out.TotalCount, items: out.Items, limit: out.Limit}, nil
	}
	pageSize := int64(0)
	if isSet(model.PageSize) {
		pageSize = model.PageSize.ValueInt64()
	}
	listed, err := listAll(ctx, fetch, binlogInfo, id, pageSize)
	if err != nil {
		resp.Diagnostics.Append(listError(d.client, id, "binlogs", err))
		return
	}
	sortBinlogsNewestFirst(listed.items)
	windows, gaps := recoveryWindows(listed.items)
	includeURLs := model.IncludeURLs.ValueBool()
	state, err := writeStateWith(req.Config.Raw, 4096+800*len(listed.items), map[string]func(m *msgpack) error{
		"id":          func(m *msgpack) error { m.str(id); return nil },
		"page_size":   func(m *msgpack) error { m.int(listed.pageSize); return nil },
		"total_count": func(m *msgpack) error { m.int(listed.totalCount); return nil },
		"binlogs":     func(m *msgpack) error { return writeList(m, binlogInfo, listed.items) },
		"download_urls": func(m *msgpack) error {
			if includeURLs {
				writeLinksByKey(m, binlogInfo, listed.items)
			} else {
				m.null()
			}
			return nil
		},
		"recovery_windows": func(m *msgpack) error { m.spans(windows); return nil },
		"gaps":             func(m *msgpack) error { m.spans(gaps); return nil },
		"latest_recovery_point": func(m *msgpack) error {
			if len(windows) == 0 {
				m.null()
			} else {
				m.time(windows[len(windows)-1].finish)
			}
			return nil
		},
	})
	if err != nil {
		resp.Diagnostics.AddError("Unexpected binlog data from Tencent Cloud", fmt.Sprintf("A binlog of %s could not be read: %s.", id, err))
		return
	}
	raw, err := (&tfprotov6.DynamicValue{MsgPack: state}).Unmarshal(req.Config.Raw.Type())
	if err != nil {
		resp.Diagnostics.AddError("Invalid state", fmt.Sprintf("The state written for %s could not be read back: %s. This is a bug in the provider; please report it.", BinlogsTypeName, err))
		return
	}
	resp.State.Raw = raw
}

// spans writes spans as a list of {start, finish} objects.
func (m *msgpack) spans(ss []span) {
	m.arrayLen(len(ss))
	for _, s := range ss {
		// Sorted: finish, start.
		m.mapLen(2)
		m.str("finish")
		m.time(s.finish)
		m.str("start")
		m.time(s.start)
	}
}

// time writes a time as RFC 3339 in Beijing time, as every API time is shown.
func (m *msgpack) time(t time.Time) {
	var buf [len(time.RFC3339) + 6]byte
	m.strBytes(t.In(beijing).AppendFormat(buf[:0], time.RFC3339))
}
