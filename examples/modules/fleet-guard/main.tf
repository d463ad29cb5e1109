# Plan-time validation of a whole fleet of TencentDB for MySQL instances, in one read. Any plan of a configuration
# that calls this module fails when an instance it selects falls short of a requirement: no successful backup
# recent enough, recovery ranges that do not reach back far enough without a break, or a backup policy below the
# standard (retention, cross-region copies, encryption, backup windows). Each requirement is an input, null by
# default (no check); each one set has a guard of its own (guards.tf), so a failed plan, and `terraform test`
# through expect_failures, says which requirement failed, and its message names every instance that violates it.
#
# Everything comes from one data source read, tencentcloud_cdb_backup_posture: the instances of the selection,
# each with its newest successful backup, the number of successful backups in the window, its backup policy and
# Tencent Cloud's recovery ranges. Its calls are planned by the provider (each action at its own quota, the
# recovery ranges batched), so the cost does not grow with the number of data sources in the configuration.

data "tencentcloud_cdb_backup_posture" "fleet" {
  instance_ids    = var.instance_ids
  names           = var.names
  status          = var.status
  engine_versions = var.engine_versions
  tags            = var.tags
  project_id      = var.project_id
  name_regex      = var.name_regex

  # successful_backups_in_last counts the successful backups of this window; null leaves the default, 24h.
  window      = var.max_backup_age
  skip_failed = var.skip_failed
}

locals {
  # The order requirements are reported in, by the name of their input (and of their guard).
  requirement_order = [
    "max_backup_age", "recovery_days",
    "min_backup_retention_days", "min_binlog_retention_days", "require_cross_region", "require_encryption", "max_backup_window_hours",
  ]
  requirements = {
    max_backup_age            = var.max_backup_age != null
    recovery_days             = var.recovery_days != null
    min_backup_retention_days = var.min_backup_retention_days != null
    min_binlog_retention_days = var.min_binlog_retention_days != null
    require_cross_region      = var.require_cross_region == true || var.cross_region_in != null
    require_encryption        = var.require_encryption == true
    max_backup_window_hours   = var.max_backup_window_hours != null
  }
  checked = [for r in local.requirement_order : r if local.requirements[r]]

  instances = data.tencentcloud_cdb_backup_posture.fleet.instances == null ? [] : data.tencentcloud_cdb_backup_posture.fleet.instances
  failed    = data.tencentcloud_cdb_backup_posture.fleet.failed_instances == null ? [] : data.tencentcloud_cdb_backup_posture.fleet.failed_instances
  names     = merge({ for i in local.instances : i.instance_id => i.name }, { for f in local.failed : f.instance_id => null })

  # How an instance is named in a message: its ID, and its name when it has one.
  labels = { for id, name in local.names : id => name == null || name == "" ? id : "${id} (${name})" }

  # Times are compared as instants (timecmp), and written in Beijing time (+08:00), the zone of the API's times and
  # of the data source's. plantimestamp() is UTC.
  now = formatdate("YYYY-MM-DD'T'hh:mm:ss'+08:00'", timeadd(plantimestamp(), "8h"))
  # The span every moment of which must be restorable: from recovery_days before now to max_recovery_lag before now
  # (an hour by default: the binlog being written is not uploaded yet), the span recovery-guard requires of the
  # API's ranges.
  recovery_from = timeadd(local.now, "-${coalesce(var.recovery_days, 1) * 24}h")
  recovery_to   = timeadd(local.now, "-${var.max_recovery_lag}")
}

# What is checked of each instance, from the posture, with nulls made safe: an attribute the API did not give is
# taken as falling short, never as an error of the module.
locals {
  weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

  facts = {
    for i in local.instances : i.instance_id => {
      latest_backup_id     = try(i.latest_successful_backup.backup_id, null)
      latest_backup_date   = try(i.latest_successful_backup.date, null)
      backups_in_window    = coalesce(i.successful_backups_in_last, 0)
      recovery_ranges      = i.recovery_ranges == null ? [] : i.recovery_ranges
      backup_retention     = try(i.policy.backup_retention_days, null)
      binlog_retention     = try(i.policy.binlog_retention_days, null)
      backup_method        = try(i.policy.backup_method, null)
      encryption_enabled   = try(i.policy.encryption_enabled == true, false)
      cross_region_enabled = try(i.policy.cross_region.backup_enabled == true, false)
      cross_region_regions = try(i.policy.cross_region.backup_enabled == true ? coalesce(i.policy.cross_region.regions, []) : [], [])
      # A null strategy, from an API that gives none, is taken as weekly: the weekday windows are older than the
      # monthly strategy (as backup-guard does).
      window_strategy = try(coalesce(i.policy.backup_window.strategy, "weekly"), null)
      backup_window   = try(i.policy.backup_window, null)
    }
  }

  # The automatic-backup windows in effect, per instance: each weekday's with the weekly strategy, the monthly one
  # with the monthly strategy; a weekday without a window (null) has no automatic backup.
  window_clocks = {
    for id, f in local.facts : id => [
      for name in tolist(f.window_strategy == "weekly" ? local.weekdays : f.window_strategy == "monthly" ? ["monthly"] : []) : {
        name  = name
        start = f.backup_window[name].start
        end   = f.backup_window[name].end
        # Minutes after midnight; a start of "24:00" is midnight, an end of "24:00" the end of the day.
        start_minute = (tonumber(substr(f.backup_window[name].start, 0, 2)) * 60 + tonumber(substr(f.backup_window[name].start, 3, 2))) % 1440
        end_minute   = tonumber(substr(f.backup_window[name].end, 0, 2)) * 60 + tonumber(substr(f.backup_window[name].end, 3, 2))
      } if try(f.backup_window[name] != null, false)
    ]
  }
  # A window whose end is not after its start runs past midnight, into the next day: 22:00-02:00 lasts 4 hours,
  # and one whose end is its start a whole day.
  windows = {
    for id, clocks in local.window_clocks : id => [
      for w in clocks : {
        name    = w.name
        start   = w.start
        end     = w.end
        minutes = w.end_minute - w.start_minute + (w.end_minute > w.start_minute ? 0 : 1440)
      }
    ]
  }
}
