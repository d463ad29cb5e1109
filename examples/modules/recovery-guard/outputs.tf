output "restorable" {
  description = "Whether the instance can be restored to every moment of the last `days` days (the guard fails the plan when not)."
  value       = local.restorable
}

output "earliest_restorable_time" {
  description = "The earliest moment the instance can be restored to: the oldest successful full backup in the recovery window that reaches now (RFC 3339), or null when no window reaches now."
  value       = local.earliest_base == null ? null : local.earliest_base.date
}

output "base_backup" {
  description = "The successful full backup a recovery to the start of the required span would start from: { backup_id, name, date }, or null."
  value       = local.base == null ? null : { backup_id = local.base.backup_id, name = local.base.name, date = local.base.date }
}

output "gaps" {
  description = "The breaks in the binlogs since the base backup, oldest first: [{ start, finish }]; no moment in them can be restored to."
  value       = data.tencentcloud_cdb_binlogs.since_base.gaps
}

output "latest_recovery_point" {
  description = "The latest moment the instance can be restored to (the end of the newest recovery window), or null."
  value       = data.tencentcloud_cdb_binlogs.since_base.latest_recovery_point
}
