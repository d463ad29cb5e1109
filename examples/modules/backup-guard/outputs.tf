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

output "backup_policy" {
  description = "The policy values the requirements are checked against, or null when no requirement is set (the policy is then not read): backup_retention_days, binlog_retention_days, backup_method, encryption_enabled, cross_region_regions (the regions backups are copied to; [] when cross-region copies are off), backup_window_strategy (weekly or monthly), backup_windows (the windows in effect, by weekday or \"monthly\": { start, end, hours }) and longest_backup_window_hours (null when there is no window)."
  value = local.policy == null ? null : {
    backup_retention_days       = local.policy.backup_retention_days
    binlog_retention_days       = local.policy.binlog_retention_days
    backup_method               = local.policy.backup_method
    encryption_enabled          = local.policy.encryption_enabled
    cross_region_regions        = local.cross_region_regions
    backup_window_strategy      = local.window_strategy
    backup_windows              = { for w in local.windows : w.name => { start = w.start, end = w.end, hours = w.minutes / 60 } }
    longest_backup_window_hours = length(local.windows) == 0 ? null : local.longest_window_minutes / 60
  }
}

output "policy_failures" {
  description = "The requirements the policy falls short of, by input name (min_backup_retention_days, min_binlog_retention_days, require_cross_region, require_encryption, max_backup_window_hours), each with the message its guard fails the plan with; {} when every requirement set is met, or none is set. A failed plan shows no outputs: this is for `terraform test`, which can assert on outputs but not on an error's text."
  value       = local.failure_messages
}
