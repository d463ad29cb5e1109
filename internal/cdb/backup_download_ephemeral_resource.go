package cdb

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/ephemeralvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/engine"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

var (
	_ ephemeral.EphemeralResource                     = (*backupDownloadEphemeralResource)(nil)
	_ ephemeral.EphemeralResourceWithConfigure        = (*backupDownloadEphemeralResource)(nil)
	_ ephemeral.EphemeralResourceWithConfigValidators = (*backupDownloadEphemeralResource)(nil)
	_ ephemeral.EphemeralResourceWithValidateConfig   = (*backupDownloadEphemeralResource)(nil)
)

// backupDownloadTypeName is the ephemeral resource's name in configurations.
const backupDownloadTypeName = "tencentcloud_cdb_backup_download"

// NewBackupDownloadEphemeralResource returns tencentcloud_cdb_backup_download, which hands out one backup's
// download links and decryption key.
func NewBackupDownloadEphemeralResource() ephemeral.EphemeralResource {
	return &backupDownloadEphemeralResource{}
}

// backupDownloadEphemeralResource hands out one backup's download links and decryption key, which Terraform never writes
// to a plan or state. It lists the backups as tencentcloud_cdb_backups does, with some of its filters.
type backupDownloadEphemeralResource struct {
	engine.Configured[*tencentcloud.Client]
}

// downloadFields are the attributes of the chosen backup among the results, by attribute name in the table.
var downloadFields = []string{"backup_id", "name", "date", "size", "md5", "type", "method", "internet_url", "intranet_url"}

// downloadFilters are the data source's filters that narrow the choice when no backup_id is given.
var downloadFilters = []string{"type", "way", "method", "name_regex", "created_after", "created_before"}

func (r *backupDownloadEphemeralResource) Metadata(_ context.Context, _ ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = backupDownloadTypeName
}

func (r *backupDownloadEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	remoteInfo := backupInfo.Field("remote_info")
	attrs := map[string]schema.Attribute{
		"instance_id": schema.StringAttribute{Required: true, MarkdownDescription: instance.Doc, Validators: instance.Validators},
		remoteInfo.LinksAttr(): schema.MapAttribute{
			Computed:            true,
			Sensitive:           true,
			ElementType:         types.StringType,
			MarkdownDescription: remoteInfo.LinksDoc(),
		},
		"encrypted": schema.BoolAttribute{
			Computed:            true,
			MarkdownDescription: "Whether the backup file is encrypted (`EncryptionFlag` is `on`).",
		},
		"decryption_key": schema.StringAttribute{
			Computed:  true,
			Sensitive: true,
			MarkdownDescription: "The key that decrypts the backup file, from `DescribeBackupDecryptionKey`, when it is encrypted; " +
				"null when it is not.",
		},
	}
	for _, name := range downloadFields {
		attrs[name] = backupInfo.Field(name).EphemeralAttribute()
	}
	// backup_id chooses the backup; type and method narrow the choice and tell the chosen backup's.
	attrs["backup_id"] = schema.Int64Attribute{
		Optional: true,
		Computed: true,
		MarkdownDescription: "ID of the backup (`BackupId`) to download. Without it, the newest backup whose status is `SUCCESS` " +
			"among those the filters keep.",
		Validators: []validator.Int64{int64validator.AtLeast(1)},
	}
	for name, a := range backups.FilterArguments(downloadFilters...) {
		if slices.Contains(downloadFields, name) {
			attrs[name] = a.EphemeralAttribute(true, " Once opened, the chosen backup's value.")
		} else {
			attrs[name] = a.EphemeralAttribute(false, "")
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The download links and, for an encrypted file, the decryption key of one backup of a TencentDB for MySQL (CDB) " +
			"instance: the one `backup_id` names, or the newest successful one the filters keep. An ephemeral resource: its values are " +
			"read at every run and never written to a plan or the state. Needs Terraform 1.10 or later, or OpenTofu 1.11 or later.",
		Attributes: attrs,
	}
}

func (r *backupDownloadEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	resp.Diagnostics.Append(r.Accept(req.ProviderData)...)
}

// ConfigValidators: a backup_id names one backup, which the filters cannot narrow further.
func (r *backupDownloadEphemeralResource) ConfigValidators(context.Context) []ephemeral.ConfigValidator {
	validators := make([]ephemeral.ConfigValidator, 0, len(downloadFilters))
	for _, name := range downloadFilters {
		validators = append(validators, ephemeralvalidator.Conflicting(path.MatchRoot("backup_id"), path.MatchRoot(name)))
	}
	return validators
}

func (r *backupDownloadEphemeralResource) ValidateConfig(ctx context.Context, req ephemeral.ValidateConfigRequest, resp *ephemeral.ValidateConfigResponse) {
	backups.Validate(ctx, req.Config, &resp.Diagnostics)
}

func (r *backupDownloadEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var instanceID types.String
	var backupID types.Int64
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("instance_id"), &instanceID)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("backup_id"), &backupID)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client, ok, deferred, diags := r.Ready(backupDownloadTypeName, req.ClientCapabilities.DeferralAllowed)
	resp.Diagnostics.Append(diags...)
	if deferred {
		resp.Deferred = &ephemeral.Deferred{Reason: ephemeral.DeferredReasonProviderConfigUnknown}
	}
	if !ok {
		return
	}
	id := instanceID.ValueString()
	ctx = tflog.SetField(ctx, "instance_id", id)
	listed, diags := backups.Collect(ctx, client, req.Config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	var chosen *tencentcloud.BackupInfo
	if engine.IsSet(backupID) {
		chosen = findBackup(listed.All, backupID.ValueInt64())
		switch {
		case chosen == nil:
			resp.Diagnostics.AddAttributeError(path.Root("backup_id"), "Backup not found",
				fmt.Sprintf("Instance %s has no backup %d: none of its %d backups has that ID. Its backups are listed by the data source tencentcloud_cdb_backups.",
					id, backupID.ValueInt64(), len(listed.All)))
			return
		case chosen.Status == nil || *chosen.Status != "SUCCESS":
			resp.Diagnostics.AddAttributeError(path.Root("backup_id"), "Backup not downloadable",
				fmt.Sprintf("Backup %d of %s has the status %s, not SUCCESS: only a successful backup has a complete file to download.",
					backupID.ValueInt64(), id, describeStatus(chosen.Status)))
			return
		}
	} else if chosen = latestSuccessful(listed.Items); chosen == nil {
		resp.Diagnostics.AddError("No backup to download",
			fmt.Sprintf("None of the %d backups of %s is a SUCCESS backup%s.", len(listed.All), id, listed.Matching()))
		return
	}

	for _, name := range downloadFields {
		value, err := backupInfo.Field(name).Value(chosen)
		if err != nil {
			resp.Diagnostics.AddError("Unexpected backup data from Tencent Cloud", fmt.Sprintf("Backup %s of %s could not be read: %s.", backupInfo.DescribeKey(chosen), id, err))
			return
		}
		resp.Diagnostics.Append(resp.Result.SetAttribute(ctx, path.Root(name), value)...)
	}
	remoteInfo := backupInfo.Field("remote_info")
	resp.Diagnostics.Append(resp.Result.SetAttribute(ctx, path.Root(remoteInfo.LinksAttr()), remoteInfo.LinkMap(chosen))...)
	encrypted := chosen.EncryptionFlag != nil && *chosen.EncryptionFlag == "on"
	resp.Diagnostics.Append(resp.Result.SetAttribute(ctx, path.Root("encrypted"), types.BoolValue(encrypted))...)
	key := types.StringNull()
	if encrypted {
		out, err := client.DescribeBackupDecryptionKey(ctx, tencentcloud.DescribeBackupDecryptionKeyInput{InstanceID: id, BackupID: *chosen.BackupID, BackupType: "data"})
		if err != nil {
			resp.Diagnostics.Append(decryptionKeyError(id, *chosen.BackupID, err))
			return
		}
		if out.DecryptionKey == nil || *out.DecryptionKey == "" {
			resp.Diagnostics.AddError("No decryption key", fmt.Sprintf("DescribeBackupDecryptionKey answered no key for the encrypted backup %d of %s (RequestId: %s).", *chosen.BackupID, id, out.RequestID))
			return
		}
		key = types.StringValue(*out.DecryptionKey)
	}
	resp.Diagnostics.Append(resp.Result.SetAttribute(ctx, path.Root("decryption_key"), key)...)
}

// findBackup is the backup with the ID among backups, or nil.
func findBackup(backups []*tencentcloud.BackupInfo, id int64) *tencentcloud.BackupInfo {
	for _, b := range backups {
		if b.BackupID != nil && *b.BackupID == id {
			return b
		}
	}
	return nil
}

func describeStatus(s *string) string {
	if s == nil || *s == "" {
		return "(none)"
	}
	return *s
}

// decryptionKeyError turns a refused DescribeBackupDecryptionKey into a diagnostic on backup_id, keeping the code,
// message and RequestId.
func decryptionKeyError(instanceID string, backupID int64, err error) diag.Diagnostic {
	var apiErr *tencentcloud.APIError
	if errors.As(err, &apiErr) {
		switch apiErr.Code {
		case "InternalError.DBRecordNotExistError":
			return diag.NewAttributeErrorDiagnostic(path.Root("backup_id"), "No decryption key for the backup",
				fmt.Sprintf("Tencent Cloud has no decryption key for backup %d of %s, although the backup is marked encrypted.\n\nTencent Cloud answered: %s", backupID, instanceID, err))
		case "OperationDenied.NotSupportBasic":
			return diag.NewAttributeErrorDiagnostic(path.Root("instance_id"), "Decryption keys not available",
				fmt.Sprintf("Instance %s is a basic-edition instance, whose backups' decryption keys Tencent Cloud does not hand out.\n\nTencent Cloud answered: %s", instanceID, err))
		}
	}
	return diag.NewErrorDiagnostic(fmt.Sprintf("Could not get the decryption key of backup %d of %s", backupID, instanceID), err.Error())
}
