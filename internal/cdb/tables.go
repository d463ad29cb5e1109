package cdb

import (
	"strings"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/engine"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// The tables of the API objects the CDB types show (engine.Describe says what each column means), together
// because RemoteBackupInfo is part of both a backup and a binlog. A row's order is the order of the docs; the state
// is written in the order of the attribute names, as Terraform expects.

// remoteBackupInfo is RemoteBackupInfo: a cross-region copy of a backup or a binlog.
var remoteBackupInfo = engine.Describe[tencentcloud.RemoteBackupInfo]("cross-region copy", "SubBackupId",
	engine.IntegerField("SubBackupId", "sub_backup_id", "ID of the copy."),
	engine.TextField("Region", "region", "Region of the copy."),
	engine.EnumField("Status", "status", "", "SUCCESS", "FAILED", "RUNNING"),
	engine.TimeField("StartTime", "start_time", "Start of the copy."),
	engine.TimeField("FinishTime", "finish_time", "End of the copy."),
	engine.LinkField("Url", "url", "Download link of the copy."),
)

// backupInfo is BackupInfo: one backup, with every field of the current API.
var backupInfo = engine.Describe[tencentcloud.BackupInfo]("backup", "BackupId",
	engine.IntegerField("BackupId", "backup_id", "Backup ID."),
	engine.TextField("Name", "name", "Backup file name."),
	engine.IntegerField("Size", "size", "Size in bytes."),
	engine.TimeField("Date", "date", "Time of the snapshot."),
	engine.TimeField("StartTime", "start_time", "Start of the backup task."),
	engine.TimeField("FinishTime", "finish_time", "End of the backup task; null while it runs."),
	engine.EnumField("Type", "type", "", "logical", "physical", "snapshot"),
	engine.EnumField("Status", "status", "", "SUCCESS", "FAILED", "RUNNING"),
	engine.TextField("Creator", "creator", "`SYSTEM` or the account ID that created the backup."),
	engine.EnumField("Method", "method", "", "full", "partial"),
	engine.EnumField("Way", "way", "", "manual", "automatic"),
	engine.TextField("ManualBackupName", "manual_backup_name", "Alias of a manual backup."),
	engine.EnumField("SaveMode", "save_mode", "", "save_mode_regular", "save_mode_period"),
	engine.TextField("Region", "region", "Region of the local backup."),
	engine.ListField("RemoteInfo", "remote_info", remoteBackupInfo, "Cross-region copies of the backup.").
		WithLinks("remote_urls", "Download links of the cross-region copies, keyed by `sub_backup_id` (as a string)."),
	engine.IntegerField("CosStorageType", "cos_storage_type", "Storage class: 0 regular, 1 archive, 2 standard."),
	engine.TextField("InstanceId", "instance_id", "Instance ID."),
	engine.IntegerField("Progress", "progress", "Completion progress, in percent."),
	engine.EnumField("EncryptionFlag", "encryption_flag", ": whether the backup file is encrypted", "on", "off"),
	engine.TextField("ExecutedGTIDSet", "executed_gtid_set", "GTID set at the backup point."),
	engine.TextField("MD5", "md5", "MD5 checksum of the backup file."),
	engine.LinkField("InternetUrl", "internet_url", "Download link on the public network; null when the API gives none (e.g. a failed backup)."),
	engine.LinkField("IntranetUrl", "intranet_url", "Download link on Tencent Cloud's private network; null when the API gives none."),
)

// binlogInfo is BinlogInfo: one binlog file, identified by its name.
var binlogInfo = engine.Describe[tencentcloud.BinlogInfo]("binlog", "Name",
	engine.TextField("Name", "name", "Binlog file name, which identifies the binlog."),
	engine.IntegerField("Size", "size", "Size in bytes."),
	engine.TimeField("Date", "date", "Time the file was made."),
	engine.EnumField("Type", "type", "", "binlog"),
	engine.TimeField("BinlogStartTime", "start_time", "Time of the first event in the binlog."),
	engine.TimeField("BinlogFinishTime", "finish_time", "Time of the last event in the binlog; null while it is written."),
	engine.TextField("Region", "region", "Region of the local file."),
	engine.EnumField("Status", "status", "", "SUCCESS", "FAILED", "RUNNING"),
	engine.ListField("RemoteInfo", "remote_info", remoteBackupInfo, "Cross-region copies of the binlog.").
		WithLinks("remote_urls", "Download links of the cross-region copies, keyed by `sub_backup_id` (as a string)."),
	engine.IntegerField("CosStorageType", "cos_storage_type", "Storage class: 0 regular, 1 archive, 2 standard."),
	engine.OmittedField("InstanceId", "deprecated upstream; the data source's instance_id says it"),
	engine.IntegerField("Progress", "progress", "Completion progress, in percent."),
	engine.LinkField("InternetUrl", "internet_url", "Download link on the public network; null when the API gives none (e.g. a failed binlog)."),
	engine.LinkField("IntranetUrl", "intranet_url", "Download link on Tencent Cloud's private network; null when the API gives none."),
)

// backupWindow is CommonTimeWindow, within the backup policy: when automatic backups run.
func backupWindow() *engine.Field {
	day := func(name string) *engine.Field {
		return engine.ClockRangeField("BackupTimeWindow."+name, strings.ToLower(name), "Window of automatic backups on "+name+"s.")
	}
	return engine.GroupField("backup_window", "When automatic backups run: a window per weekday (`weekly`), or on days of the month in one window (`monthly`).",
		day("Monday"), day("Tuesday"), day("Wednesday"), day("Thursday"), day("Friday"), day("Saturday"), day("Sunday"),
		engine.EnumField("BackupTimeWindow.BackupPeriodStrategy", "strategy", ": automatic backups every week in the weekdays' windows, or on `days_of_month`", "weekly", "monthly"),
		engine.IntegerListField("BackupTimeWindow.Days", "days_of_month", "Days of the month of automatic backups when `strategy` is `monthly`."),
		engine.ClockRangeField("BackupTimeWindow.BackupPeriodTime", "monthly", "Window of automatic backups when `strategy` is `monthly`."),
	)
}

// storageTier is a tier backups move to after some days (archive, standard storage).
func storageTier(attr, enabled, days, what string) *engine.Field {
	return engine.GroupField(attr, what+".",
		engine.OnOffField(enabled, "enabled", "Whether they move."),
		engine.IntegerField(days, "days", "Days after which they move."),
	)
}

// backupPolicyTable is the backup policy: the answers of DescribeBackupConfig, DescribeRemoteBackupConfig,
// DescribeLocalBinlogConfig and DescribeBackupEncryptionStatus.
var backupPolicyTable = engine.Describe[tencentcloud.BackupPolicy]("backup policy", "",
	engine.IntegerField("BackupExpireDays", "backup_retention_days", "Days backups are kept."),
	engine.IntegerField("BinlogExpireDays", "binlog_retention_days", "Days binlogs are kept: how far back point-in-time recovery can reach."),
	engine.EnumField("BackupMethod", "backup_method", ": how automatic backups are made", "physical", "logical"),
	backupWindow(),
	engine.OmittedField("StartTimeMin", "Deprecated by the API for `BackupTimeWindow` (`backup_window`)."),
	engine.OmittedField("StartTimeMax", "Deprecated by the API for `BackupTimeWindow` (`backup_window`)."),
	engine.GroupField("period_save", "Long-term retention: some backups of each period kept beyond `backup_retention_days`.",
		engine.OnOffField("EnableBackupPeriodSave", "enabled", "Whether backups are kept by period."),
		engine.IntegerField("BackupPeriodSaveDays", "days", "Days they are kept, 90 to 3650."),
		engine.EnumField("BackupPeriodSaveInterval", "interval", ": the period", "weekly", "monthly", "quarterly", "yearly"),
		engine.IntegerField("BackupPeriodSaveCount", "count", "Backups kept per period."),
		engine.TimeField("StartBackupPeriodSaveDate", "start_date", "Start of the first period; null when not set."),
	),
	storageTier("backup_archive", "EnableBackupArchive", "BackupArchiveDays", "Archive storage of backups"),
	storageTier("binlog_archive", "EnableBinlogArchive", "BinlogArchiveDays", "Archive storage of binlogs"),
	storageTier("backup_standard_storage", "EnableBackupStandby", "BackupStandbyDays", "Standard storage of backups"),
	storageTier("binlog_standard_storage", "EnableBinlogStandby", "BinlogStandbyDays", "Standard storage of binlogs"),
	engine.GroupField("cross_region", "Copies of backups and binlogs in other regions.",
		engine.OnOffField("RemoteBackupSave", "backup_enabled", "Whether backups are copied to `regions`."),
		engine.OnOffField("RemoteBinlogSave", "binlog_enabled", "Whether binlogs are copied too (only when backups are)."),
		engine.TextListField("RemoteRegion", "regions", "Regions the copies go to."),
		engine.IntegerField("ExpireDays", "retention_days", "Days the copies are kept."),
		engine.TextListField("RegionList", "available_regions", "Regions copies may go to."),
	),
	engine.GroupField("local_binlog", "Binlogs kept on the instance's own disk, before they are only in backup storage.",
		engine.IntegerField("LocalBinlogConfig.SaveHours", "retention_hours", "Hours binlogs stay on the disk, 6 to 168."),
		engine.IntegerField("LocalBinlogConfig.MaxUsage", "max_usage_percent", "Share of the disk binlogs may use, in percent, 30 to 50."),
		engine.GroupField("region_default", "The region's default for new instances.",
			engine.IntegerField("LocalBinlogConfigDefault.SaveHours", "retention_hours", "Hours binlogs stay on the disk."),
			engine.IntegerField("LocalBinlogConfigDefault.MaxUsage", "max_usage_percent", "Share of the disk binlogs may use, in percent."),
		),
	),
	engine.OnOffField("EncryptionStatus", "encryption_enabled", "Whether physical backups are encrypted."),
)

// backupLimitVpcItem is BackupLimitVpcItem: the VPCs of one region that may download backups.
var backupLimitVpcItem = engine.Describe[tencentcloud.BackupLimitVpcItem]("VPC restriction", "",
	engine.TextField("Region", "region", "Region of the VPCs."),
	engine.TextListField("VpcList", "vpc_ids", "IDs of the VPCs."),
)

// downloadRestrictionTable is DescribeBackupDownloadRestriction's answer.
var downloadRestrictionTable = engine.Describe[tencentcloud.DownloadRestriction]("backup download restriction", "",
	engine.EnumField("LimitType", "limit_type", ": from anywhere, only from private networks, or as `vpcs` and `ips` say", "NoLimit", "LimitOnlyIntranet", "Customize"),
	engine.EnumField("VpcComparisonSymbol", "vpc_comparison", ": downloads are allowed from the VPCs in `vpcs` (with `Customize`)", "In"),
	engine.EnumField("IpComparisonSymbol", "ip_comparison", ": downloads are allowed only from (`In`), or from anywhere but (`NotIn`), the addresses in `ips` (with `Customize`)", "In", "NotIn"),
	engine.ListField("LimitVpc", "vpcs", backupLimitVpcItem, "VPCs backups may be downloaded from, by region."),
	engine.TextListField("LimitIp", "ips", "IP addresses `ip_comparison` applies to."),
)

// instanceStatus names InstanceInfo's Status, which the instances' status argument takes too.
var instanceStatus = []engine.Code{{Value: 0, Name: "creating"}, {Value: 1, Name: "running"}, {Value: 4, Name: "isolating"}, {Value: 5, Name: "isolated"}}

// instanceInfo is InstanceInfo: one instance, as DescribeDBInstances describes it. The fields an inventory or a
// backup question reads are shown; the others are omitted, with the reason.
var instanceInfo = engine.Describe[tencentcloud.InstanceInfo]("instance", "InstanceId",
	engine.TextField("InstanceId", "instance_id", "Instance ID."),
	engine.TextField("InstanceName", "name", "Instance name."),
	engine.CodeField("Status", "status", "State of the instance.", instanceStatus...),
	engine.CodeField("TaskStatus", "task_status", "Task the instance is running.",
		engine.Code{Value: 0, Name: "none"}, engine.Code{Value: 1, Name: "upgrading"}, engine.Code{Value: 2, Name: "importing_data"},
		engine.Code{Value: 3, Name: "opening_replica_access"}, engine.Code{Value: 4, Name: "opening_public_access"},
		engine.Code{Value: 5, Name: "batch_operation"}, engine.Code{Value: 6, Name: "rolling_back"},
		engine.Code{Value: 7, Name: "closing_public_access"}, engine.Code{Value: 8, Name: "changing_password"},
		engine.Code{Value: 9, Name: "renaming"}, engine.Code{Value: 10, Name: "restarting"}, engine.Code{Value: 12, Name: "migrating"},
		engine.Code{Value: 13, Name: "deleting_tables"}, engine.Code{Value: 14, Name: "syncing_disaster_recovery"},
		engine.Code{Value: 15, Name: "upgrade_pending_switch"}, engine.Code{Value: 16, Name: "upgrade_switching"},
		engine.Code{Value: 17, Name: "upgrade_switched"}, engine.Code{Value: 19, Name: "parameters_pending"},
		engine.Code{Value: 34, Name: "in_place_upgrade_pending"}),
	engine.TextField("EngineVersion", "engine_version", "MySQL version, e.g. `8.0`."),
	engine.TextField("EngineType", "engine_type", "Storage engine, e.g. `InnoDB`."),
	engine.TextField("Region", "region", "Region of the instance."),
	engine.TextField("Zone", "zone", "Availability zone, e.g. `ap-guangzhou-3`."),
	engine.CodeField("InstanceType", "instance_type", "Role of the instance.",
		engine.Code{Value: 1, Name: "primary"}, engine.Code{Value: 2, Name: "disaster_recovery"}, engine.Code{Value: 3, Name: "read_only"}),
	engine.TextField("DeviceType", "device_type", "Kind of instance, e.g. `UNIVERSAL` (two or three nodes), `BASIC` (one node), `CLOUD_NATIVE_CLUSTER`."),
	engine.IntegerField("Cpu", "cpu", "CPU cores."),
	engine.IntegerField("Memory", "memory_mb", "Memory, in MB."),
	engine.IntegerField("Volume", "volume_gb", "Disk, in GB."),
	engine.TextField("UniqVpcId", "vpc_id", "VPC ID, e.g. `vpc-5v8wn9mg`."),
	engine.TextField("UniqSubnetId", "subnet_id", "Subnet ID, e.g. `subnet-1typ0s7d`."),
	engine.TextField("Vip", "vip", "Private IP address."),
	engine.IntegerField("Vport", "vport", "Port."),
	engine.CodeField("PayType", "pay_type", "Billing.", engine.Code{Value: 0, Name: "prepaid"}, engine.Code{Value: 1, Name: "postpaid"}),
	engine.IntegerField("ProjectId", "project_id", "Project ID."),
	engine.TimeField("CreateTime", "create_time", "Creation time."),
	engine.TimeField("DeadlineTime", "deadline_time", "Expiry of a prepaid instance; null for pay-as-you-go."),
	engine.KeyValueField("TagList", "tags", "TagKey", "TagValue", "Tags; empty while the instance is being created."),
	engine.OnOffField("DestroyProtect", "destroy_protection", "Whether destroy protection is on."),
	engine.OmittedField("ZoneName", "the zone's display name; `zone` names it"),
	engine.OmittedField("ZoneId", "the zone's number; `zone` names it"),
	engine.OmittedField("VpcId", "the VPC's number; `vpc_id` names it"),
	engine.OmittedField("SubnetId", "the subnet's number; `subnet_id` names it"),
	engine.OmittedField("DeviceClass", "hardware detail no backup or inventory question needs"),
	engine.OmittedField("DiskType", "hardware detail no backup or inventory question needs"),
	engine.OmittedField("ExpandCpu", "hardware detail no backup or inventory question needs"),
	engine.OmittedField("CpuModel", "hardware detail no backup or inventory question needs"),
	engine.OmittedField("DeviceBandwidth", "hardware detail no backup or inventory question needs"),
	engine.OmittedField("InstanceNodes", "hardware detail no backup or inventory question needs"),
	engine.OmittedField("PhysicalId", "hardware detail no backup or inventory question needs"),
	engine.OmittedField("Qps", "a performance figure, not inventory"),
	engine.OmittedField("WanStatus", "public network access, which the official provider's instance resource manages"),
	engine.OmittedField("WanDomain", "public network access, which the official provider's instance resource manages"),
	engine.OmittedField("WanPort", "public network access, which the official provider's instance resource manages"),
	engine.OmittedField("AutoRenew", "a billing setting of the official provider's instance resource"),
	engine.OmittedField("InitFlag", "whether the instance was initialised; every instance in use is"),
	engine.OmittedField("ProtectMode", "replication setting of the official provider's instance resource"),
	engine.OmittedField("DeployMode", "deployment setting of the official provider's instance resource"),
	engine.OmittedField("DeployGroupId", "deployment setting of the official provider's instance resource"),
	engine.OmittedField("MaxDelayTime", "replication setting of the official provider's instance resource"),
	engine.OmittedField("CdbError", "whether disk writes are locked: an operational alarm, not inventory"),
	engine.OmittedField("MasterInfo", "a nested object about replication topology, which no backup or inventory user reads"),
	engine.OmittedField("SlaveInfo", "a nested object about replication topology, which no backup or inventory user reads"),
	engine.OmittedField("DrInfo", "a nested object about replication topology, which no backup or inventory user reads"),
	engine.OmittedField("RoGroups", "a nested object about replication topology, which no backup or inventory user reads"),
	engine.OmittedField("RoVipInfo", "a nested object about replication topology, which no backup or inventory user reads"),
	engine.OmittedField("ClusterInfo", "a nested object about cluster nodes, which no backup or inventory user reads"),
	engine.OmittedField("AnalysisNodeInfos", "a nested object about an attached analysis engine, which no backup or inventory user reads"),
	engine.OmittedField("AnalysisUpgradeVersionInfo", "a nested object about an attached analysis engine, which no backup or inventory user reads"),
)
