package cdb

import (
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
	engine.IntegerField("BackupId", "backup_id", "Backup ID (`BackupId`)."),
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
