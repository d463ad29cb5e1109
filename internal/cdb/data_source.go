// Package cdb holds the TencentDB for MySQL (CDB) data sources and ephemeral resources: their schemas, described
// once per API object (fields.go); the paging through the API's list actions; and the state. It never sees HTTP:
// the client does that.
package cdb

import (
	"context"
	"errors"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

var (
	_ datasource.DataSource                   = (*cdbBackupsDataSource)(nil)
	_ datasource.DataSourceWithConfigure      = (*cdbBackupsDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*cdbBackupsDataSource)(nil)
)

// instanceIDPattern matches TencentDB for MySQL instance IDs: cdb-c1nl9rpv, and cdbro-/cdbrg- for read-only ones.
var instanceIDPattern = regexp.MustCompile(`^cdb(ro|rg|ca)?-[a-z0-9]{8}$`)

// The instance_id argument, the same wherever an instance is named.
var (
	instanceIDDoc        = "ID of the TencentDB for MySQL instance, as shown in the console, e.g. `cdb-c1nl9rpv`."
	instanceIDValidators = []validator.String{
		stringvalidator.RegexMatches(instanceIDPattern,
			"must be a TencentDB for MySQL instance ID: \"cdb-\" (or \"cdbro-\", \"cdbrg-\", \"cdbca-\") followed by 8 lowercase letters or digits, e.g. \"cdb-c1nl9rpv\""),
	}
)

// New returns the tencentcloud_cdb_backups data source.
func New() datasource.DataSource {
	return &cdbBackupsDataSource{}
}

// cdbBackupsDataSource lists every backup of one TencentDB for MySQL instance.
type cdbBackupsDataSource struct {
	configured
}

// cdbBackupsModel is the data source's configuration and state.
type cdbBackupsModel struct {
	ID               types.String `tfsdk:"id"`
	InstanceID       types.String `tfsdk:"instance_id"`
	PageSize         types.Int64  `tfsdk:"page_size"`
	Status           types.String `tfsdk:"status"`
	Type             types.String `tfsdk:"type"`
	Way              types.String `tfsdk:"way"`
	Method           types.String `tfsdk:"method"`
	NameRegex        types.String `tfsdk:"name_regex"`
	CreatedAfter     types.String `tfsdk:"created_after"`
	CreatedBefore    types.String `tfsdk:"created_before"`
	MostRecent       types.Bool   `tfsdk:"most_recent"`
	IncludeURLs      types.Bool   `tfsdk:"include_download_urls"`
	TotalCount       types.Int64  `tfsdk:"total_count"`
	MatchedCount     types.Int64  `tfsdk:"matched_count"`
	LatestSuccessful types.Object `tfsdk:"latest_successful"`
	Backups          types.List   `tfsdk:"backups"`
	DownloadURLs     types.Map    `tfsdk:"download_urls"`
}

func (d *cdbBackupsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cdb_backups"
}

func (d *cdbBackupsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computedString := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	computedInt := func(desc string) schema.Int64Attribute {
		return schema.Int64Attribute{Computed: true, MarkdownDescription: desc}
	}
	// The attributes of one backup, in the list and in latest_successful.
	backupAttributes := backupInfo.attributes()
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every backup of a TencentDB for MySQL (CDB) instance through the `DescribeBackups` API, newest first. " +
			"All pages are read; the result is ordered by `date`, then `backup_id`, both descending, so it is the same at every plan.",
		Attributes: map[string]schema.Attribute{
			"id": computedString("The instance ID."),
			"instance_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: instanceIDDoc,
				Validators:          instanceIDValidators,
			},
			"page_size": schema.Int64Attribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: fmt.Sprintf("Backups requested per `DescribeBackups` call, 1 to %d; the state shows the page size used. "+
					"Without it, the largest page the API accepts, which needs the fewest calls: %d, as Tencent Cloud's current API reference "+
					"says, or %d where the API refuses that (the provider asks once per process, and remembers the answer). "+
					"A page size given here is used as it is.", tencentcloud.LargestPageSize, tencentcloud.LargestPageSize, tencentcloud.FallbackPageSize),
				Validators: []validator.Int64{int64validator.Between(1, tencentcloud.LargestPageSize)},
			},
			"total_count": computedInt("Number of backups the API reports for the instance (`TotalCount`)."),
			"most_recent": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Keep only the newest of the matching backups (by `date`, then the highest `backup_id`). No match still gives `[]`.",
			},
			"matched_count": computedInt("Number of backups that match the filters: the length of `backups`. `total_count` stays the API's count."),
			"latest_successful": schema.SingleNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The newest matching backup whose status is `SUCCESS`, or null when there is none: the answer to the most common question, without a `for` expression.",
				Attributes:          backupAttributes,
			},
			"backups": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "The backups that match the filters (all of them when no filter is set), newest first. " +
					"Download links are in `download_urls`, with `include_download_urls`.",
				NestedObject: schema.NestedAttributeObject{Attributes: backupAttributes},
			},
			"include_download_urls": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Read the backups' download links into `download_urls`; `false` by default. The links are bearer links " +
					"to a full database dump, and whatever a data source reads is stored in the state in plain text, so they are left out " +
					"unless asked for. On Terraform 1.10 or later (OpenTofu 1.11 or later) use the ephemeral resource " +
					"`tencentcloud_cdb_backup_download` instead, which hands out a backup's links and decryption key without storing them; " +
					"set this on older versions only.",
			},
			"download_urls": schema.MapNestedAttribute{
				Computed:  true,
				Sensitive: true,
				MarkdownDescription: "Download links, keyed by backup ID (as a string), with an entry for every backup in `backups` (the matching ones); " +
					"null unless `include_download_urls` is `true`. " +
					"The links are bearer links to a full database dump, so the whole map is sensitive; it is kept apart from `backups` " +
					"because Terraform's cost for sensitive values inside list elements grows with the square of the list's length.",
				NestedObject: schema.NestedAttributeObject{Attributes: backupInfo.linkAttributes()},
			},
		},
	}
	for name, a := range filterArguments("status", "type", "way", "method", "name_regex", "created_after", "created_before") {
		resp.Schema.Attributes[name] = schema.StringAttribute{Optional: true, MarkdownDescription: a.doc, Validators: a.validators}
	}
}

func (d *cdbBackupsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	resp.Diagnostics.Append(d.configure(req.ProviderData)...)
}

// Read is the framework's way in. The provider's own server answers these reads with ReadDataSource (server.go),
// which hands Terraform the written state as it is; here the same state is decoded into the value the framework
// expects, so both ways give the same answer.
func (d *cdbBackupsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	state, deferred, diags := d.read(ctx, req.Config, req.ClientCapabilities.DeferralAllowed, writeState)
	resp.Diagnostics.Append(diags...)
	switch {
	case deferred:
		resp.Deferred = &datasource.Deferred{Reason: datasource.DeferredReasonProviderConfigUnknown}
	case state != nil:
		raw, err := (&tfprotov6.DynamicValue{MsgPack: state}).Unmarshal(req.Config.Raw.Type())
		if err != nil {
			resp.Diagnostics.AddError("Invalid state", fmt.Sprintf("The state written for tencentcloud_cdb_backups could not be read back: %s. This is a bug in the provider; please report it.", err))
			return
		}
		resp.State.Raw = raw
	}
}

// stateWriter writes the state of a read as Terraform's MessagePack: writeState does.
type stateWriter func(config tftypes.Value, r *readResult) ([]byte, error)

// read is the whole read: it lists, orders and filters the backups and has write write the state. It gives no
// state when it fails, or when the provider's configuration is not yet known and Terraform allows the read to
// wait (deferred).
func (d *cdbBackupsDataSource) read(ctx context.Context, config tfsdk.Config, deferralAllowed bool, write stateWriter) (state []byte, deferred bool, diags diag.Diagnostics) {
	var model cdbBackupsModel
	diags.Append(config.Get(ctx, &model)...)
	if diags.HasError() {
		return nil, false, diags
	}
	ok, deferred, rdiags := d.ready(TypeName, deferralAllowed)
	diags.Append(rdiags...)
	if !ok {
		return nil, deferred, diags
	}

	r := &readResult{instanceID: model.InstanceID.ValueString(), includeURLs: model.IncludeURLs.ValueBool()}
	if isSet(model.PageSize) {
		r.pageSize = model.PageSize.ValueInt64()
	}
	ctx = tflog.SetField(ctx, "instance_id", r.instanceID)
	filter, fdiags := newBackupFilter(ctx, config)
	diags.Append(fdiags...)
	if diags.HasError() {
		return nil, false, diags
	}

	listed, err := listBackups(ctx, d.client, r.instanceID, r.pageSize) // 0: the largest page the API accepts
	if err != nil {
		diags.Append(listError(d.client, r.instanceID, "backups", err))
		return nil, false, diags
	}
	if listed.restarts > 0 {
		tflog.Info(ctx, "The backup list changed while it was read; a consistent list was taken by listing again", map[string]any{"restarts": listed.restarts})
	}
	sortNewestFirst(listed.items)
	r.totalCount, r.pageSize = listed.totalCount, listed.pageSize
	r.matched = filter.apply(listed.items)

	state, err = write(config.Raw, r)
	if err != nil {
		diags.AddError("Unexpected backup data from Tencent Cloud", fmt.Sprintf("A backup of %s could not be read: %s.", r.instanceID, err))
		return nil, false, diags
	}
	if unkeyed := countUnkeyed(backupInfo, r.matched); unkeyed > 0 && r.includeURLs {
		diags.AddWarning("Backups without an ID",
			fmt.Sprintf("DescribeBackups returned %d backup(s) of %s without a BackupId. They are in backups, but have no entry in download_urls.", unkeyed, r.instanceID))
	}
	return state, false, diags
}

// ValidateConfig checks what the attribute validators cannot: that the time window is not empty.
func (d *cdbBackupsDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	validateWindow(ctx, req.Config, createdWindow, &resp.Diagnostics)
}

// listError turns a failed listing into a diagnostic; an unknown instance points at instance_id.
func listError(client *tencentcloud.Client, instanceID, what string, err error) diag.Diagnostic {
	var apiErr *tencentcloud.APIError
	if errors.As(err, &apiErr) && apiErr.Code == "InvalidParameter.InstanceNotFound" {
		return diag.NewAttributeErrorDiagnostic(path.Root("instance_id"), "Instance not found",
			fmt.Sprintf("There is no TencentDB for MySQL instance %q in region %q. Check the instance ID and the provider's region.\n\n"+
				"Tencent Cloud answered: %s", instanceID, client.Region(), err))
	}
	return diag.NewErrorDiagnostic("Could not list the "+what+" of "+instanceID, err.Error())
}
