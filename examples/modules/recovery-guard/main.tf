# Plan-time validation that an instance can be restored to every moment of the last `days` days.
#
# Point-in-time recovery of TencentDB for MySQL starts from a successful full backup taken before the target time
# and replays the binlogs from that backup to the target, so it needs both: a full backup no later than the start
# of the required span, and one unbroken chain of successful binlogs from that backup's time to now. The binlogs
# data source computes the chains (recovery_windows) and the breaks between them (gaps); this module puts the two
# data sources together. A plan of a configuration that calls it fails (the guard's precondition) when the answer
# is no, naming each check that failed, and warns (a check block) when the newest binlog is more than an hour old.
# It also fails (a second guard) when the backup policy keeps binlogs for fewer than `days` days: whatever the
# chain is today, the span will not stay restorable once the older binlogs are deleted.
#
# Every time the module computes, outputs and prints is in Beijing time (+08:00): the API's times are, and the data
# sources write them so. `now` is converted to it first.

locals {
  now_given = coalesce(var.now, plantimestamp())
  # The offset of `now`, e.g. "+0000" (plantimestamp() is UTC) or "-0430", in minutes.
  now_offset = formatdate("ZZZZ", local.now_given)
  now_offset_minutes = (substr(local.now_offset, 0, 1) == "-" ? -1 : 1) * (
    tonumber(substr(local.now_offset, 1, 2)) * 60 + tonumber(substr(local.now_offset, 3, 2))
  )
  # timeadd keeps the offset it is given: shift the clock by the difference, then write +08:00 beside it.
  now = formatdate("YYYY-MM-DD'T'hh:mm:ss'+08:00'", timeadd(local.now_given, "${480 - local.now_offset_minutes}m"))

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

# Every binlog the API still holds, with no lower bound. The recovery windows are then complete, whatever `days`
# is, so the earliest restorable time does not change with it; and no MinStartTime is sent, so nothing depends on
# how the API reads ContainsMinStartTime (which is not confirmed). Binlogs older than the oldest full backup are read
# for nothing, but Tencent Cloud keeps binlogs for a limited time too.
data "tencentcloud_cdb_binlogs" "all" {
  instance_id = var.instance_id
}

locals {
  full_backups = [for b in data.tencentcloud_cdb_backups.full.backups : b if b.date != null]
  windows      = data.tencentcloud_cdb_binlogs.all.recovery_windows # oldest first
  latest_point = data.tencentcloud_cdb_binlogs.all.latest_recovery_point

  # Full backups that lie inside a recovery window: point-in-time recovery can start from each, and reach any
  # moment from it to the end of its window. The oldest is the earliest moment the instance can be restored to.
  restorable_bases = [
    for b in local.full_backups : b
    if anytrue([for w in local.windows : timecmp(w.start, b.date) <= 0 && timecmp(b.date, w.finish) <= 0])
  ]
  earliest_base = try(local.restorable_bases[length(local.restorable_bases) - 1], null)

  # The newest full backup taken no later than the start of the span: a recovery to any moment of the span can
  # start from it.
  base = try([for b in local.full_backups : b if timecmp(b.date, local.required_from) <= 0][0], null)
  # The span the chain must cover: from the base (from the start of the span when there is none) to required_to.
  from      = local.base == null ? local.required_from : local.base.date
  from_text = local.base == null ? "the start of the span, ${local.required_from}" : "the base backup ${local.base.backup_id}, taken at ${local.base.date}"

  # The verdict: one window runs from the base to within an hour of now.
  covering = local.base == null ? null : try([
    for w in local.windows : w if timecmp(w.start, local.base.date) <= 0 && timecmp(w.finish, local.required_to) >= 0
  ][0], null)
  restorable = local.covering != null

  # Why not, check by check; together they fail exactly when no window covers the span (a base inside a window
  # that ends too early leaves a gap after it, or is the newest window).
  span_gaps = [
    for g in data.tencentcloud_cdb_binlogs.all.gaps : g
    if timecmp(g.finish, local.from) > 0 && timecmp(g.start, local.required_to) < 0
  ]
  failed = {
    no_base_backup  = local.base == null
    gap             = length(local.span_gaps) > 0
    ends_too_early  = local.latest_point == null ? true : timecmp(local.latest_point, local.required_to) < 0
    starts_too_late = length(local.windows) == 0 ? false : timecmp(local.windows[0].start, local.from) > 0
  }
  failure_reasons = [for check in ["no_base_backup", "gap", "ends_too_early", "starts_too_late"] : check if local.failed[check]]
  failure_texts = {
    no_base_backup = (length(local.full_backups) == 0
      ? "no full backup old enough: there is no successful full backup at all"
      : "no full backup old enough: none was taken at or before ${local.required_from}; the oldest successful one was taken at ${try(local.full_backups[length(local.full_backups) - 1].date, "")}"
    )
    gap = "a gap in the binlogs between ${local.from_text}, and ${local.required_to}: no moment ${join(" or ", [
      for g in local.span_gaps : "from ${g.start} to ${g.finish}"
    ])} can be restored to"
    ends_too_early = (local.latest_point == null
      ? "the chain ends too early: there is no successful binlog"
      : "the chain ends too early: the newest successful binlog ends at ${local.latest_point}, and the chain must reach ${local.required_to}, an hour before now"
    )
    starts_too_late = "the chain starts too late: the oldest successful binlog starts at ${try(local.windows[0].start, "")}, after ${local.from_text}"
  }
  failure_message = length(local.failure_reasons) == 0 ? null : format(
    "%s cannot be restored to every moment of the last %s days, from %s to %s (times in Beijing time, UTC+8): %s.",
    var.instance_id, var.days, local.required_from, local.required_to,
    join("; ", [for check in local.failure_reasons : local.failure_texts[check]])
  )

  newest_binlog = try(data.tencentcloud_cdb_binlogs.all.binlogs[0], null)
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
      error_message = (local.failure_message != null ? local.failure_message
      : "${var.instance_id} cannot be restored to every moment of the last ${var.days} days, and no check says why: this is a bug in the module.")
    }
  }
}

# A warning, not an error: binlogs are uploaded as they are closed, and one more than an hour old means the
# uploads have stopped, or the instance has written nothing for an hour.
check "binlog_age" {
  assert {
    condition = local.newest_binlog_time == null ? false : timecmp(local.newest_binlog_time, local.required_to) >= 0
    error_message = format("The newest binlog of %s ends at %s, more than an hour before %s (Beijing time, UTC+8).",
      var.instance_id, coalesce(local.newest_binlog_time, "(no binlog)"), local.now
    )
  }
}

# Point-in-time recovery reaches no further back than binlogs are kept. A policy that keeps them for fewer days than
# `days` breaks the promise as soon as the older binlogs are deleted, however whole the chain is today: a guard of
# its own, so a plan (and `terraform test`, through expect_failures) tells it from the chain's checks.
data "tencentcloud_cdb_backup_policy" "this" {
  instance_id = var.instance_id
}

locals {
  binlog_retention_days = data.tencentcloud_cdb_backup_policy.this.binlog_retention_days
  binlog_retention_message = coalesce(local.binlog_retention_days, 0) >= var.days ? null : format(
    "%s keeps binlogs for %s days (binlog_retention_days), fewer than the %s days every moment of which must stay restorable (days): point-in-time recovery cannot reach back further than the binlogs kept.",
    var.instance_id, coalesce(local.binlog_retention_days, "an unknown number of"), var.days
  )
}

resource "terraform_data" "binlog_retention" {
  input = var.instance_id

  lifecycle {
    precondition {
      condition     = local.binlog_retention_message == null
      error_message = coalesce(local.binlog_retention_message, "(no failure)")
    }
  }
}
