// Package cdbbackups is the tencentcloud_cdb_backups data source: its schema, the paging through DescribeBackups,
// and the flattening of every backup into Terraform values. It never sees HTTP: the client does that.
package cdbbackups

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

var (
	_ datasource.DataSource              = (*cdbBackupsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*cdbBackupsDataSource)(nil)
)

// defaultPageSize is the API's maximum page: the API's own default of 20 would cost five times the calls.
const defaultPageSize = 100

// instanceIDPattern matches TencentDB for MySQL instance IDs: cdb-c1nl9rpv, and cdbro-/cdbrg- for read-only ones.
var instanceIDPattern = regexp.MustCompile(`^cdb(ro|rg|ca)?-[a-z0-9]{8}$`)

// New returns the tencentcloud_cdb_backups data source.
func New() datasource.DataSource {
	return &cdbBackupsDataSource{}
}

// cdbBackupsDataSource lists every backup of one TencentDB for MySQL instance.
type cdbBackupsDataSource struct {
	client *tencentcloud.Client
	// unknown names the provider arguments that were not yet known when the provider was configured.
	unknown []string
}

// cdbBackupsModel is the data source's configuration and state.
type cdbBackupsModel struct {
	ID           types.String `tfsdk:"id"`
	InstanceID   types.String `tfsdk:"instance_id"`
	PageSize     types.Int64  `tfsdk:"page_size"`
	TotalCount   types.Int64  `tfsdk:"total_count"`
	Backups      types.List   `tfsdk:"backups"`
	DownloadURLs types.Map    `tfsdk:"download_urls"`
}

func (d *cdbBackupsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cdb_backups"
}

func (d *cdbBackupsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	timeAttr := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{
			CustomType:          timetypes.RFC3339Type{},
			Computed:            true,
			MarkdownDescription: desc + " RFC 3339 with the `+08:00` offset of Beijing time, in which the API reports it, so `timecmp()` and `timeadd()` work on it; null when the API gives none or a zero time.",
		}
	}
	computedString := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	computedInt := func(desc string) schema.Int64Attribute {
		return schema.Int64Attribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every backup of a TencentDB for MySQL (CDB) instance through the `DescribeBackups` API, newest first. " +
			"All pages are read; the result is ordered by `date`, then `backup_id`, both descending, so it is the same at every plan.",
		Attributes: map[string]schema.Attribute{
			"id": computedString("The instance ID."),
			"instance_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "ID of the TencentDB for MySQL instance, as shown in the console, e.g. `cdb-c1nl9rpv`.",
				Validators: []validator.String{
					stringvalidator.RegexMatches(instanceIDPattern,
						"must be a TencentDB for MySQL instance ID: \"cdb-\" (or \"cdbro-\", \"cdbrg-\", \"cdbca-\") followed by 8 lowercase letters or digits, e.g. \"cdb-c1nl9rpv\""),
				},
			},
			"page_size": schema.Int64Attribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: fmt.Sprintf("Backups requested per `DescribeBackups` call, 1 to 100. Defaults to %d, the API's maximum, which needs the fewest calls.", defaultPageSize),
				Validators:          []validator.Int64{int64validator.Between(1, 100)},
			},
			"total_count": computedInt("Number of backups the API reports for the instance (`TotalCount`)."),
			"backups": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The backups, newest first. Download links are in `download_urls`, which is sensitive.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"backup_id":          computedInt("Backup ID (`BackupId`)."),
					"name":               computedString("Backup file name."),
					"size":               computedInt("Size in bytes."),
					"date":               timeAttr("Time of the snapshot."),
					"start_time":         timeAttr("Start of the backup task."),
					"finish_time":        timeAttr("End of the backup task; null while it runs."),
					"type":               computedString("`logical`, `physical` or `snapshot`."),
					"status":             computedString("`SUCCESS`, `FAILED` or `RUNNING`."),
					"creator":            computedString("`SYSTEM` or the account ID that created the backup."),
					"method":             computedString("`full` or `partial`."),
					"way":                computedString("`manual` or `automatic`."),
					"manual_backup_name": computedString("Alias of a manual backup."),
					"save_mode":          computedString("`save_mode_regular` or `save_mode_period`."),
					"region":             computedString("Region of the local backup."),
					"remote_info": schema.ListNestedAttribute{
						Computed:            true,
						MarkdownDescription: "Cross-region copies of the backup. Their download links are in `download_urls`.",
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"sub_backup_id": computedInt("ID of the copy."),
							"region":        computedString("Region of the copy."),
							"status":        computedString("`SUCCESS`, `FAILED` or `RUNNING`."),
							"start_time":    timeAttr("Start of the copy."),
							"finish_time":   timeAttr("End of the copy."),
						}},
					},
					"cos_storage_type":  computedInt("Storage class: 0 regular, 1 archive, 2 standard."),
					"instance_id":       computedString("Instance ID."),
					"progress":          computedInt("Completion progress, in percent."),
					"encryption_flag":   computedString("`on` or `off`: whether the backup file is encrypted."),
					"executed_gtid_set": computedString("GTID set at the backup point."),
					"md5":               computedString("MD5 checksum of the backup file."),
				}},
			},
			"download_urls": schema.MapNestedAttribute{
				Computed:  true,
				Sensitive: true,
				MarkdownDescription: "Download links, keyed by backup ID (as a string), with an entry for every backup in `backups`. " +
					"The links are bearer links to a full database dump, so the whole map is sensitive; it is kept apart from `backups` " +
					"because Terraform's cost for sensitive values inside list elements grows with the square of the list's length.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"internet_url": computedString("Download link on the public network; null when the API gives none (e.g. a failed backup)."),
					"intranet_url": computedString("Download link on Tencent Cloud's private network; null when the API gives none."),
					"remote_urls": schema.MapAttribute{
						Computed:            true,
						ElementType:         types.StringType,
						MarkdownDescription: "Download links of the cross-region copies, keyed by `sub_backup_id` (as a string).",
					},
				}},
			},
		},
	}
}

// ProviderData is what the provider hands its data sources: a client, or the arguments that were not yet known.
type ProviderData struct {
	Client  *tencentcloud.Client
	Unknown []string
}

func (d *cdbBackupsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	// Prevent panic if the provider has not been configured.
	if req.ProviderData == nil {
		return
	}
	data, ok := req.ProviderData.(*ProviderData)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *cdbbackups.ProviderData, got %T. This is a bug in the provider; please report it.", req.ProviderData))
		return
	}
	d.client, d.unknown = data.Client, data.Unknown
}

func (d *cdbBackupsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model cdbBackupsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if len(d.unknown) > 0 {
		if req.ClientCapabilities.DeferralAllowed {
			resp.Deferred = &datasource.Deferred{Reason: datasource.DeferredReasonProviderConfigUnknown}
			return
		}
		resp.Diagnostics.AddError("Provider configuration not yet known",
			fmt.Sprintf("These provider arguments are only known after apply: %s. tencentcloud_cdb_backups cannot be read before they are known. "+
				"Apply the resources they come from first (for example with -target), or configure the provider with values known at plan time.", strings.Join(d.unknown, ", ")))
		return
	}
	if d.client == nil {
		resp.Diagnostics.AddError("Provider not configured", "The tencentcloud provider was not configured before tencentcloud_cdb_backups was read. This is a bug in the provider; please report it.")
		return
	}

	instanceID := model.InstanceID.ValueString()
	pageSize := int64(defaultPageSize)
	if !model.PageSize.IsNull() && !model.PageSize.IsUnknown() {
		pageSize = model.PageSize.ValueInt64()
	}
	ctx = tflog.SetField(ctx, "instance_id", instanceID)

	listed, err := listBackups(ctx, d.client, instanceID, pageSize)
	if err != nil {
		d.addReadError(resp, instanceID, err)
		return
	}
	if listed.restarts > 0 {
		tflog.Info(ctx, "The backup list changed while it was read; a consistent list was taken by listing again", map[string]any{"restarts": listed.restarts})
	}
	sortNewestFirst(listed.backups)
	backups, urls, unkeyed, err := flattenBackups(listed.backups)
	if err != nil {
		resp.Diagnostics.AddError("Unexpected backup data from Tencent Cloud", fmt.Sprintf("A backup of %s could not be read: %s.", instanceID, err))
		return
	}
	if unkeyed > 0 {
		resp.Diagnostics.AddWarning("Backups without an ID",
			fmt.Sprintf("DescribeBackups returned %d backup(s) of %s without a BackupId. They are in backups, but have no entry in download_urls.", unkeyed, instanceID))
	}

	resp.State.Raw = tftypes.NewValue(resp.State.Schema.Type().TerraformType(ctx), map[string]tftypes.Value{
		"id":            tftypes.NewValue(tftypes.String, instanceID),
		"instance_id":   tftypes.NewValue(tftypes.String, instanceID),
		"page_size":     tftypes.NewValue(tftypes.Number, pageSize),
		"total_count":   tftypes.NewValue(tftypes.Number, listed.totalCount),
		"backups":       backups,
		"download_urls": urls,
	})
}

// addReadError turns a failed listing into a diagnostic; an unknown instance points at instance_id.
func (d *cdbBackupsDataSource) addReadError(resp *datasource.ReadResponse, instanceID string, err error) {
	var apiErr *tencentcloud.APIError
	if errors.As(err, &apiErr) && apiErr.Code == "InvalidParameter.InstanceNotFound" {
		resp.Diagnostics.AddAttributeError(path.Root("instance_id"), "Instance not found",
			fmt.Sprintf("There is no TencentDB for MySQL instance %q in region %q. Check the instance ID and the provider's region.\n\n"+
				"Tencent Cloud answered: %s", instanceID, d.client.Region(), err))
		return
	}
	resp.Diagnostics.AddError("Could not list the backups of "+instanceID, err.Error())
}
