output "latest_backup_id" {
  description = "ID of the newest successful backup (physical only, with require_physical), or null when there is none."
  value       = local.latest == null ? null : local.latest.backup_id
}

output "latest_backup_name" {
  description = "File name of that backup, or null."
  value       = local.latest == null ? null : local.latest.name
}

output "latest_backup_date" {
  description = "Time of that backup (RFC 3339, Beijing time), or null."
  value       = local.latest_date
}

output "latest_backup_age_hours" {
  description = "Whole hours between that backup and now (the plan's time, or var.now), or null."
  value       = local.age_hours
}

output "backup_is_fresh" {
  description = "Whether that backup is at most max_age_hours old; false when there is none."
  value       = local.fresh
}
