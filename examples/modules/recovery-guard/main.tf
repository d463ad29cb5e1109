# Plan-time validation that an instance can be restored to every moment of the last `days` days, according to both
# the evidence (backups and binlogs) and Tencent Cloud's own answer (DescribeRollbackRangeTime).
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
# Tencent Cloud also states the ranges it will itself roll the instance back to (DescribeRollbackRangeTime); the
# binlogs data source reads them in the same read (compare_with_api) and compares them with its recovery windows
# (disagreements). A third guard fails the plan unless one of those ranges covers the span, and a check block warns
# about the parts of the span the two answers disagree on. Each guard's message says whether the other side agrees.
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
# for nothing, but Tencent Cloud keeps binlogs for a limited time too. With compare_with_api, the same read also
# asks DescribeRollbackRangeTime for the instance (one more call): api_ranges, unclipped since the listing has no
# bounds, and the disagreements between them and the recovery windows.
data "tencentcloud_cdb_binlogs" "all" {
  instance_id      = var.instance_id
  compare_with_api = true
  tolerance        = var.tolerance
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
  evidence_restorable = local.covering != null

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
    "%s cannot be restored to every moment of the last %s days, from %s to %s (times in Beijing time, UTC+8), according to the evidence (backups and binlogs): %s. %s",
    var.instance_id, var.days, local.required_from, local.required_to,
    join("; ", [for check in local.failure_reasons : local.failure_texts[check]]),
    local.api_restorable ? format(
      "Tencent Cloud's own answer (DescribeRollbackRangeTime) disagrees: its range from %s to %s covers the span%s.",
      local.api_covering.start, local.api_covering.finish,
      length(local.api_claims) == 0 ? "" : ", and it claims restorable what the binlogs do not cover: ${join(", ", local.api_claims)}"
    ) : "Tencent Cloud's own answer (DescribeRollbackRangeTime) agrees: ${local.api_ranges_text}."
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
      condition = local.evidence_restorable
      error_message = (local.failure_message != null ? local.failure_message
      : "${var.instance_id} cannot be restored to every moment of the last ${var.days} days according to the evidence (backups and binlogs), and no check says why: this is a bug in the module.")
    }
  }
}

# Tencent Cloud's own answer: the ranges DescribeRollbackRangeTime gives, oldest first, and the spans where they and
# the recovery windows disagree by more than `tolerance`.
locals {
  api_ranges    = data.tencentcloud_cdb_binlogs.all.api_ranges == null ? [] : data.tencentcloud_cdb_binlogs.all.api_ranges
  disagreements = data.tencentcloud_cdb_binlogs.all.disagreements == null ? [] : data.tencentcloud_cdb_binlogs.all.disagreements

  # The verdict: one range runs from the start of the span to within an hour of now, the same end the evidence
  # must reach. A range says which moments can be restored to, so no base backup comes into it: the API's ranges
  # start at a full backup already.
  api_covering = try([
    for r in local.api_ranges : r if timecmp(r.start, local.required_from) <= 0 && timecmp(r.finish, local.required_to) >= 0
  ][0], null)
  api_restorable = local.api_covering != null
  restorable     = local.evidence_restorable && local.api_restorable

  api_ranges_text = (length(local.api_ranges) == 0 ? "it gives no range at all"
    : "no range it gives covers the span (its ranges: ${join("; ", [for r in local.api_ranges : "from ${r.start} to ${r.finish}"])})"
  )

  # The disagreements that bear on the span: those that overlap it or the hour after it (from `days` before now to
  # now), except one the binlogs claim at the start of a window before any full backup in it. The binlog windows
  # start at the oldest binlog of a chain, the API's ranges at the first full backup inside it; the evidence cannot
  # restore to a moment before that backup either, so that difference is no disagreement.
  relevant_disagreements = [
    for d in local.disagreements : d
    if timecmp(d.finish, local.required_from) > 0 && timecmp(d.start, local.now) < 0 && !(
      d.claimed_by == "binlogs" && alltrue([
        for w in local.windows : !(timecmp(w.start, d.start) <= 0 && timecmp(d.start, w.finish) < 0) || !anytrue([
          for b in local.full_backups : timecmp(w.start, b.date) <= 0 && timecmp(b.date, d.finish) < 0
        ])
      ])
    )
  ]
  # What each side claims restorable and the other does not, for the guards' messages.
  api_claims      = [for d in local.relevant_disagreements : "from ${d.start} to ${d.finish}" if d.claimed_by == "api"]
  evidence_claims = [for d in local.relevant_disagreements : "from ${d.start} to ${d.finish}" if d.claimed_by == "binlogs"]
  # The check's: those shorter than the span. One that covers all of it means one side refuses the whole span, and
  # that side's guard says so with its ranges or its checks; a shorter one is a part of the span the sides disagree
  # on, which neither guard points at (and, in the hour after the span, which fails neither).
  span_disagreements = [
    for d in local.relevant_disagreements : d
    if !(timecmp(d.start, local.required_from) <= 0 && timecmp(d.finish, local.required_to) >= 0)
  ]

  disagreement_message = length(local.span_disagreements) == 0 ? null : format(
    "Tencent Cloud's own answer (DescribeRollbackRangeTime) and the evidence (binlogs) of %s disagree on parts of the last %s days, from %s to %s (Beijing time, UTC+8): %s.",
    var.instance_id, var.days, local.required_from, local.now, join("; ", [
      for d in local.span_disagreements : format("from %s to %s, %s", d.start, d.finish,
        d.claimed_by == "api" ? "which the API says can be restored to and the binlogs do not cover" : "which the binlogs cover and the API does not say can be restored to"
      )
    ])
  )

  api_failure_message = local.api_restorable ? null : format(
    "%s cannot be restored to every moment of the last %s days, from %s to %s (times in Beijing time, UTC+8), according to Tencent Cloud's own answer (DescribeRollbackRangeTime): %s. %s",
    var.instance_id, var.days, local.required_from, local.required_to, local.api_ranges_text,
    local.evidence_restorable ? format(
      "The evidence (backups and binlogs) disagrees: it finds the span restorable, from the base backup %s, taken at %s, through binlogs that reach %s%s.",
      local.base.backup_id, local.base.date, local.covering.finish,
      length(local.evidence_claims) == 0 ? "" : "; the binlogs cover what Tencent Cloud's answer does not: ${join(", ", local.evidence_claims)}"
    ) : "The evidence (backups and binlogs) agrees: it refuses too (terraform_data.guard says why)."
  )
}

# Tencent Cloud's verdict, in a guard of its own beside the evidence's: a plan's errors, and expect_failures in
# `terraform test`, tell which side refused. Like the others, its input is only the instance ID.
resource "terraform_data" "api_guard" {
  input = var.instance_id

  lifecycle {
    precondition {
      condition     = local.api_restorable
      error_message = coalesce(local.api_failure_message, "(no failure)")
    }
  }
}

# A warning: the two answers disagree on a part of the span (or of the hour after it). Within the span one of the
# guards fails as well; this names the parts, and which side claims each.
check "disagreements" {
  assert {
    condition     = local.disagreement_message == null
    error_message = coalesce(local.disagreement_message, "(no disagreement)")
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
