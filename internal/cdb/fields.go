package cdb

import "github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"

// The tables of the API objects this data source shows (apiobject.go says what each column means). A row's order
// is the order of the docs; the state is written in the order of the attribute names, as Terraform expects.

// remoteBackupInfo is RemoteBackupInfo: a cross-region copy of a backup.
var remoteBackupInfo = describe[tencentcloud.RemoteBackupInfo]("cross-region copy", "SubBackupId",
	integerField("SubBackupId", "sub_backup_id", "ID of the copy."),
	textField("Region", "region", "Region of the copy."),
	enumField("Status", "status", "", "SUCCESS", "FAILED", "RUNNING"),
	timeField("StartTime", "start_time", "Start of the copy."),
	timeField("FinishTime", "finish_time", "End of the copy."),
	linkField("Url", "url", "Download link of the copy."),
)

// backupInfo is BackupInfo: one backup, with every field of the current API.
var backupInfo = describe[tencentcloud.BackupInfo]("backup", "BackupId",
	integerField("BackupId", "backup_id", "Backup ID (`BackupId`)."),
	textField("Name", "name", "Backup file name."),
	integerField("Size", "size", "Size in bytes."),
	timeField("Date", "date", "Time of the snapshot."),
	timeField("StartTime", "start_time", "Start of the backup task."),
	timeField("FinishTime", "finish_time", "End of the backup task; null while it runs."),
	enumField("Type", "type", "", "logical", "physical", "snapshot"),
	enumField("Status", "status", "", "SUCCESS", "FAILED", "RUNNING"),
	textField("Creator", "creator", "`SYSTEM` or the account ID that created the backup."),
	enumField("Method", "method", "", "full", "partial"),
	enumField("Way", "way", "", "manual", "automatic"),
	textField("ManualBackupName", "manual_backup_name", "Alias of a manual backup."),
	enumField("SaveMode", "save_mode", "", "save_mode_regular", "save_mode_period"),
	textField("Region", "region", "Region of the local backup."),
	listField("RemoteInfo", "remote_info", remoteBackupInfo, "Cross-region copies of the backup.").
		withLinks("remote_urls", "Download links of the cross-region copies, keyed by `sub_backup_id` (as a string)."),
	integerField("CosStorageType", "cos_storage_type", "Storage class: 0 regular, 1 archive, 2 standard."),
	textField("InstanceId", "instance_id", "Instance ID."),
	integerField("Progress", "progress", "Completion progress, in percent."),
	enumField("EncryptionFlag", "encryption_flag", ": whether the backup file is encrypted", "on", "off"),
	textField("ExecutedGTIDSet", "executed_gtid_set", "GTID set at the backup point."),
	textField("MD5", "md5", "MD5 checksum of the backup file."),
	linkField("InternetUrl", "internet_url", "Download link on the public network; null when the API gives none (e.g. a failed backup)."),
	linkField("IntranetUrl", "intranet_url", "Download link on Tencent Cloud's private network; null when the API gives none."),
)

// binlogInfo is BinlogInfo: one binlog file, identified by its name.
var binlogInfo = describe[tencentcloud.BinlogInfo]("binlog", "Name",
	textField("Name", "name", "Binlog file name, which identifies the binlog."),
	integerField("Size", "size", "Size in bytes."),
	timeField("Date", "date", "Time the file was made."),
	enumField("Type", "type", "", "binlog"),
	timeField("BinlogStartTime", "start_time", "Time of the first event in the binlog."),
	timeField("BinlogFinishTime", "finish_time", "Time of the last event in the binlog; null while it is written."),
	textField("Region", "region", "Region of the local file."),
	enumField("Status", "status", "", "SUCCESS", "FAILED", "RUNNING"),
	listField("RemoteInfo", "remote_info", remoteBackupInfo, "Cross-region copies of the binlog.").
		withLinks("remote_urls", "Download links of the cross-region copies, keyed by `sub_backup_id` (as a string)."),
	integerField("CosStorageType", "cos_storage_type", "Storage class: 0 regular, 1 archive, 2 standard."),
	omittedField("InstanceId", "deprecated upstream; the data source's instance_id says it"),
	integerField("Progress", "progress", "Completion progress, in percent."),
	linkField("InternetUrl", "internet_url", "Download link on the public network; null when the API gives none (e.g. a failed binlog)."),
	linkField("IntranetUrl", "intranet_url", "Download link on Tencent Cloud's private network; null when the API gives none."),
)
