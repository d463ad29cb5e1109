variable "instance_id" {
  description = "TencentDB for MySQL instance whose backups to check, e.g. cdb-c1nl9rpv."
  type        = string

  validation {
    condition     = can(regex("^cdb(ro|rg|ca)?-[a-z0-9]{8}$", var.instance_id))
    error_message = "instance_id must be a TencentDB for MySQL instance ID such as cdb-c1nl9rpv."
  }
}

variable "max_age_hours" {
  description = "Age, in hours, above which the newest successful backup is stale: the backup_age check then warns."
  type        = number
  default     = 24

  validation {
    condition     = var.max_age_hours > 0
    error_message = "max_age_hours must be more than 0."
  }
}

variable "require_physical" {
  description = "Count only physical backups (a logical dump is slower to restore): without a successful physical backup, the plan fails."
  type        = bool
  default     = false
}

variable "now" {
  description = "Time to measure the backup's age from (RFC 3339). Null, the default, means plantimestamp(): the time of the plan. Set it to make a test independent of the clock."
  type        = string
  default     = null

  validation {
    condition     = var.now == null || can(timeadd(var.now, "0s"))
    error_message = "now must be an RFC 3339 time such as 2025-06-30T12:00:00+08:00, or null."
  }
}

# Requirements on the instance's backup policy (tencentcloud_cdb_backup_policy). Each is null by default, which
# checks nothing; the policy is read only when at least one is set, so a caller who sets none makes no extra call.

variable "min_backup_retention_days" {
  description = "Fail the plan when the instance keeps its backups for fewer days than this (the policy's backup_retention_days). Null, the default, checks nothing."
  type        = number
  default     = null

  validation {
    condition     = var.min_backup_retention_days == null ? true : (var.min_backup_retention_days >= 1 && floor(var.min_backup_retention_days) == var.min_backup_retention_days)
    error_message = "min_backup_retention_days must be a whole number of days, 1 or more, or null (no check)."
  }
}

variable "min_binlog_retention_days" {
  description = "Fail the plan when the instance keeps its binlogs for fewer days than this (the policy's binlog_retention_days), which bounds how far back point-in-time recovery can reach. Null, the default, checks nothing."
  type        = number
  default     = null

  validation {
    condition     = var.min_binlog_retention_days == null ? true : (var.min_binlog_retention_days >= 1 && floor(var.min_binlog_retention_days) == var.min_binlog_retention_days)
    error_message = "min_binlog_retention_days must be a whole number of days, 1 or more, or null (no check)."
  }
}

variable "require_cross_region" {
  description = "true: fail the plan unless the instance copies its backups to at least one other region (the policy's cross_region.backup_enabled and cross_region.regions). Null or false, the default, checks nothing; cross_region_in alone implies true."
  type        = bool
  default     = null
}

variable "cross_region_in" {
  description = "Regions that must each receive copies of the instance's backups, e.g. [\"ap-shanghai\"]: the plan fails when cross-region copies are off or one of these is not among cross_region.regions. Implies require_cross_region, and contradicts require_cross_region = false. Null, the default, asks for no region in particular."
  type        = list(string)
  default     = null

  validation {
    condition     = var.cross_region_in == null ? true : length(var.cross_region_in) > 0
    error_message = "cross_region_in must list at least one region, or be null (no region in particular)."
  }
  validation {
    condition     = var.cross_region_in == null ? true : alltrue([for r in var.cross_region_in : can(regex("^[a-z]+-[a-z]+(-[a-z0-9]+)*$", r))])
    error_message = "cross_region_in must hold Tencent Cloud region names such as ap-shanghai or eu-frankfurt."
  }
}

variable "require_encryption" {
  description = "true: fail the plan unless the instance's automatic backups are encrypted: the policy's encryption_enabled must be true and its backup_method physical (only physical backups are encrypted). Null or false, the default, checks nothing."
  type        = bool
  default     = null
}

variable "max_backup_window_hours" {
  description = "Fail the plan when an automatic-backup window lasts longer than this many hours (fractions allowed: 1.5 is an hour and a half): each weekday's window with the weekly strategy, the monthly window with the monthly strategy (the policy's backup_window). A window whose end is before its start runs past midnight. Null, the default, checks nothing."
  type        = number
  default     = null

  validation {
    condition     = var.max_backup_window_hours == null ? true : (var.max_backup_window_hours > 0 && var.max_backup_window_hours <= 24)
    error_message = "max_backup_window_hours must be more than 0 and at most 24 (a window lasts a day at most), or null (no check)."
  }
}
