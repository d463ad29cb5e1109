output "latest_successful_backup" {
  description = "Latest successful backup per instance, or null when there is none."
  value = {
    for id, b in local.latest_success : id => b == null ? null : {
      backup_id = b.backup_id
      name      = b.name
      date      = b.date
      size      = b.size
    }
  }
}

output "backups_by_status" {
  description = "Number of backups per status (SUCCESS, FAILED, RUNNING) per instance."
  value = {
    for id, ds in data.tencentcloud_cdb_backups.this : id => {
      for status in distinct([for b in ds.backups : b.status]) :
      status => length([for b in ds.backups : b if b.status == status])
    }
  }
}

output "total_backups" {
  description = "Number of backups across all instances."
  value       = sum([for ds in data.tencentcloud_cdb_backups.this : ds.total_count])
}

output "earliest_restorable_time" {
  description = "Per instance, the earliest moment it can be restored to: the oldest successful full backup that lies inside an unbroken stretch of binlogs (null when there is none)."
  value       = local.earliest_restorable
}

output "binlog_gaps" {
  description = "Per instance, the number of breaks in its binlog chain."
  value       = { for id, ds in data.tencentcloud_cdb_binlogs.this : id => length(ds.gaps) }
}

output "backup_policy" {
  description = "Per instance, how long backups and binlogs are kept, and the regions backups are copied to (none when cross-region backup is off)."
  value = {
    for id, p in data.tencentcloud_cdb_backup_policy.this : id => {
      backup_retention_days = p.backup_retention_days
      binlog_retention_days = p.binlog_retention_days
      cross_region_copies   = p.cross_region.backup_enabled ? p.cross_region.regions : []
    }
  }
}

output "fleet_report" {
  description = "Per instance of the region, from one read of tencentcloud_cdb_backup_posture: its name and state, its latest successful backup, the successful backups of the last 24 hours, its retention, the earliest moment Tencent Cloud can restore it to, and its backups' volume in GiB."
  value = {
    for i in data.tencentcloud_cdb_backup_posture.fleet.instances : i.instance_id => {
      name                = "${i.name} (${i.status}, MySQL ${i.engine_version})"
      latest_backup       = try(i.latest_successful_backup.date, null)
      backups_last_24h    = i.successful_backups_in_last
      retention_days      = i.policy.backup_retention_days
      earliest_restorable = i.earliest_restorable_time
      backup_gib          = i.backup_volume == null ? null : floor(i.backup_volume / 1073741824 * 10) / 10
    }
  }
}
