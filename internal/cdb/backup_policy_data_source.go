package cdb

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/engine"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// NewBackupPolicyDataSource returns tencentcloud_cdb_backup_policy, which reads an instance's backup policy.
func NewBackupPolicyDataSource() datasource.DataSource { return backupPolicy.DataSource() }

var backupPolicy = engine.NewOne(engine.OneSpec[tencentcloud.BackupPolicy, *tencentcloud.Client]{
	TypeName: "tencentcloud_cdb_backup_policy",
	Description: "Reads the backup policy of a TencentDB for MySQL (CDB) instance, for checking it: retention, method and window " +
		"(`DescribeBackupConfig`), cross-region copies (`DescribeRemoteBackupConfig`), binlogs kept on the instance's disk " +
		"(`DescribeLocalBinlogConfig`) and encryption of physical backups (`DescribeBackupEncryptionStatus`). The four calls " +
		"are made at once, each within its own action's rate limit; if one fails, the read fails with its error. " +
		"Switches the API gives as `on`/`off` are booleans.",
	Scope:  &instance,
	Object: backupPolicyTable,
	Fetch: func(ctx context.Context, client *tencentcloud.Client, id string) (*tencentcloud.BackupPolicy, error) {
		return client.DescribeBackupPolicy(ctx, id)
	},
})

// NewBackupDownloadRestrictionDataSource returns tencentcloud_cdb_backup_download_restriction, which reads where
// the region's backups may be downloaded from.
func NewBackupDownloadRestrictionDataSource() datasource.DataSource {
	return backupDownloadRestriction.DataSource()
}

var backupDownloadRestriction = engine.NewOne(engine.OneSpec[tencentcloud.DownloadRestriction, *tencentcloud.Client]{
	TypeName: "tencentcloud_cdb_backup_download_restriction",
	Description: "Reads where the backups of TencentDB for MySQL (CDB) instances in the provider's region may be downloaded from " +
		"(`DescribeBackupDownloadRestriction`), a setting of the whole region. `NoLimit`: from the internet and from private " +
		"networks; `LimitOnlyIntranet`: only from private networks (the `intranet_url` of a backup); `Customize`: only from " +
		"the VPCs in `vpcs` and the IP addresses `ips` allows. The links themselves come from the ephemeral resource " +
		"`tencentcloud_cdb_backup_download`.",
	RegionOf:  (*tencentcloud.Client).Region,
	RegionDoc: "The provider's region, whose setting this is.",
	Object:    downloadRestrictionTable,
	Fetch: func(ctx context.Context, client *tencentcloud.Client, _ string) (*tencentcloud.DownloadRestriction, error) {
		return client.DescribeBackupDownloadRestriction(ctx)
	},
})
