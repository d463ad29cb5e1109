# Plan-time validation that an instance can be restored to every moment of the last `days` days.
#
# Point-in-time recovery of TencentDB for MySQL starts from a successful full backup taken before the target time
# and replays the binlogs from that backup to the target, so it needs both: a full backup no later than the start
# of the required span, and one unbroken chain of successful binlogs from that backup's time to now. The binlogs
# data source computes the chains (recovery_windows) and the breaks between them (gaps); this module puts the two
# data sources together. A plan of a configuration that calls it fails (the guard's precondition) when the answer
# is no, and warns (a check block) when the newest binlog is more than an hour old.

locals {
  now           = coalesce(var.now, plantimestamp())
  required_from = timeadd(local.now, "-${var.days * 24}h")
  # The chain must reach this close to now: the binlog being written is not uploaded yet.
  required_to = timeadd(local.now, "-1h")
}

# Successful full backups, newest first: the bases a recovery can start from.
data "tencentcloud_cdb_backups" "full" {
  instance_id = var.instance_id
  status      = "SUCCESS"
  method      = "full"
}

locals {
  full_backups = [for b in data.tencentcloud_cdb_backups.full.backups : b if b.date != null]
  # The newest full backup taken no later than the start of the required span: a recovery to any moment of the
  # span can start from it.
  base = try([for b in local.full_backups : b if timecmp(b.date, local.required_from) <= 0][0], null)
}

# The binlogs from the base backup on (from the start of the span when there is none, to show the gaps anyway).
data "tencentcloud_cdb_binlogs" "since_base" {
  instance_id = var.instance_id
  start_after = local.base == null ? local.required_from : local.base.date
}

locals {
  windows = data.tencentcloud_cdb_binlogs.since_base.recovery_windows
  # The window that covers the base backup's time through to within an hour of now, if one does.
  covering = local.base == null ? null : try([
    for w in local.windows : w if timecmp(w.start, local.base.date) <= 0 && timecmp(w.finish, local.required_to) >= 0
  ][0], null)
  # The window that reaches now, whatever the base: the instance can be restored to any moment of it that follows a
  # full backup taken in it.
  current = try([for w in local.windows : w if timecmp(w.finish, local.required_to) >= 0][0], null)
  # The oldest full backup in the current window: the earliest moment the instance can be restored to.
  earliest_base = local.current == null ? null : try(reverse([
    for b in local.full_backups : b if timecmp(b.date, local.current.start) >= 0 && timecmp(b.date, local.current.finish) <= 0
  ])[0], null)
  restorable = local.covering != null

  newest_binlog = try(data.tencentcloud_cdb_binlogs.since_base.binlogs[0], null)
  # A binlog being written has no finish yet: it is current.
  newest_binlog_time = local.newest_binlog == null ? null : coalesce(local.newest_binlog.finish_time, local.now)
}

# The guard: its precondition is checked at every plan. Its input is only the instance ID, so new backups and
# binlogs do not show up as changes in the caller's plans.
resource "terraform_data" "guard" {
  input = var.instance_id

  lifecycle {
    precondition {
      condition = local.restorable
      error_message = (local.base == null
        ? "${var.instance_id} cannot be restored to every moment of the last ${var.days} days: it has no successful full backup taken at or before ${local.required_from}."
        : format("%s cannot be restored to every moment of the last %d days: no unbroken chain of successful binlogs runs from its full backup %d (%s) to %s. Gaps: %s.",
          var.instance_id, var.days, local.base.backup_id, local.base.date, local.required_to,
          length(data.tencentcloud_cdb_binlogs.since_base.gaps) == 0 ? "none, but the binlogs end too early" : join(", ", [
            for g in data.tencentcloud_cdb_binlogs.since_base.gaps : "${g.start} to ${g.finish}"
          ])
        )
      )
    }
  }
}

# A warning, not an error: binlogs are uploaded as they are closed, and one more than an hour old means the
# uploads have stopped, or the instance has written nothing for an hour.
check "binlog_age" {
  assert {
    condition = local.newest_binlog_time != null && timecmp(local.newest_binlog_time, local.required_to) >= 0
    error_message = format("The newest binlog of %s ends at %s, more than an hour before %s.",
      var.instance_id, coalesce(local.newest_binlog_time, "(no binlog)"), local.now
    )
  }
}
