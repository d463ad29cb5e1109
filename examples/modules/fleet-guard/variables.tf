# The selection: which instances of the provider's region to check. Each is null by default, which selects on
# nothing; with none set, every instance of the region is checked. They are the arguments of
# tencentcloud_cdb_backup_posture, passed as they are (all but name_regex are sent to the API as filters).

variable "instance_ids" {
  description = "Check only these instances, e.g. [\"cdb-c1nl9rpv\"]. Null, the default, selects on nothing."
  type        = list(string)
  default     = null
}

variable "names" {
  description = "Check only the instances with these names (the API's InstanceNames). Null, the default, selects on nothing."
  type        = list(string)
  default     = null
}

variable "status" {
  description = "Check only the instances in these states: creating, running, isolating, isolated. Null, the default, selects on nothing."
  type        = list(string)
  default     = null

  validation {
    condition     = var.status == null ? true : alltrue([for s in var.status : contains(["creating", "running", "isolating", "isolated"], s)])
    error_message = "status must list creating, running, isolating or isolated."
  }
}

variable "engine_versions" {
  description = "Check only the instances of these MySQL versions, e.g. [\"8.0\"]. Null, the default, selects on nothing."
  type        = list(string)
  default     = null
}

variable "tags" {
  description = "Check only the instances that carry every one of these tags, e.g. { env = \"prod\" }. Null, the default, selects on nothing."
  type        = map(string)
  default     = null
}

variable "project_id" {
  description = "Check only the instances of this project. Null, the default, selects on nothing."
  type        = number
  default     = null
}

variable "name_regex" {
  description = "Check only the instances whose name matches this regular expression (applied by the provider, not the API). Null, the default, selects on nothing."
  type        = string
  default     = null
}

variable "skip_failed" {
  description = "true: an instance the provider cannot read (deleted since it was listed, a refused call) does not fail the read; it is reported as a violator with the API's code and message, and the failed_instances guard fails the plan. false, the default: such an instance fails the read, naming it."
  type        = bool
  default     = false
  nullable    = false
}

# The requirements. Each is null by default, which checks nothing; each one set has a guard of its own (a
# terraform_data named after the input) that fails the plan when an instance falls short.

variable "max_backup_age" {
  description = "Fail the plan when an instance has no successful backup taken within this long before now, a duration such as \"26h\" (the posture's window: successful_backups_in_last must be more than 0). Null, the default, checks nothing (the posture then counts the backups of the last 24 hours)."
  type        = string
  default     = null

  validation {
    condition = var.max_backup_age == null ? true : (
      can(regex("^([0-9]+(\\.[0-9]+)?(h|m|s))+$", var.max_backup_age))
      && try(timecmp(timeadd("2000-01-01T00:00:00Z", var.max_backup_age), "2000-01-01T00:00:00Z") > 0, false)
    )
    error_message = "max_backup_age must be a duration longer than 0 in hours, minutes and seconds, such as \"26h\" or \"1h30m\", or null (no check)."
  }
}

variable "recovery_days" {
  description = "Fail the plan unless Tencent Cloud's recovery ranges of an instance (DescribeRollbackRangeTime) cover every moment of the last this many days without a break, up to an hour before now: one range must start at or before `recovery_days` before now and end no earlier than an hour before now, as recovery-guard judges the API's ranges. Fractions allowed. Null, the default, checks nothing."
  type        = number
  default     = null

  validation {
    condition     = var.recovery_days == null ? true : (var.recovery_days > 0 && var.recovery_days <= 732)
    error_message = "recovery_days must be more than 0 and at most 732 (Tencent Cloud keeps backups and binlogs for at most two years), or null (no check)."
  }
}

variable "max_recovery_lag" {
  description = "With recovery_days: how long before now the range that covers the span may end, a duration such as \"1h\" (the default, as recovery-guard requires) or \"90m\". Tencent Cloud's ranges end where the binlogs uploaded end; the binlog being written, an hour's worth or more on a quiet instance, is not uploaded yet, so the newest restorable moment trails now."
  type        = string
  default     = "1h"
  nullable    = false

  validation {
    condition = (
      can(regex("^([0-9]+(\\.[0-9]+)?(h|m|s))+$", var.max_recovery_lag))
      && try(timecmp(timeadd("2000-01-01T00:00:00Z", var.max_recovery_lag), "2000-01-01T00:00:00Z") >= 0, false)
    )
    error_message = "max_recovery_lag must be a duration in hours, minutes and seconds, such as \"1h\" or \"90m\"."
  }
}

# Requirements on each instance's backup policy: those of backup-guard, with the same names and meaning.

variable "min_backup_retention_days" {
  description = "Fail the plan when an instance keeps its backups for fewer days than this (the policy's backup_retention_days). Null, the default, checks nothing."
  type        = number
  default     = null

  validation {
    condition     = var.min_backup_retention_days == null ? true : (var.min_backup_retention_days >= 1 && floor(var.min_backup_retention_days) == var.min_backup_retention_days)
    error_message = "min_backup_retention_days must be a whole number of days, 1 or more, or null (no check)."
  }
}

variable "min_binlog_retention_days" {
  description = "Fail the plan when an instance keeps its binlogs for fewer days than this (the policy's binlog_retention_days), which bounds how far back point-in-time recovery can reach. Null, the default, checks nothing."
  type        = number
  default     = null

  validation {
    condition     = var.min_binlog_retention_days == null ? true : (var.min_binlog_retention_days >= 1 && floor(var.min_binlog_retention_days) == var.min_binlog_retention_days)
    error_message = "min_binlog_retention_days must be a whole number of days, 1 or more, or null (no check)."
  }
}

variable "require_cross_region" {
  description = "true: fail the plan unless every instance copies its backups to at least one other region (the policy's cross_region.backup_enabled and cross_region.regions). Null or false, the default, checks nothing; cross_region_in alone implies true."
  type        = bool
  default     = null
}

variable "cross_region_in" {
  description = "Regions that must each receive copies of every instance's backups, e.g. [\"ap-shanghai\"]: the plan fails when an instance's cross-region copies are off or one of these is not among its cross_region.regions. Implies require_cross_region, and contradicts require_cross_region = false. Null, the default, asks for no region in particular."
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
  description = "true: fail the plan unless every instance's automatic backups are encrypted: the policy's encryption_enabled must be true and its backup_method physical (only physical backups are encrypted). Null or false, the default, checks nothing."
  type        = bool
  default     = null
}

variable "max_backup_window_hours" {
  description = "Fail the plan when an instance has an automatic-backup window longer than this many hours (fractions allowed: 1.5 is an hour and a half): each weekday's window with the weekly strategy, the monthly window with the monthly strategy (the policy's backup_window). A window whose end is before its start runs past midnight. Null, the default, checks nothing."
  type        = number
  default     = null

  validation {
    condition     = var.max_backup_window_hours == null ? true : (var.max_backup_window_hours > 0 && var.max_backup_window_hours <= 24)
    error_message = "max_backup_window_hours must be more than 0 and at most 24 (a window lasts a day at most), or null (no check)."
  }
}
