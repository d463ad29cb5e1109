# Every time is RFC 3339 in Beijing time (+08:00), as the data sources give them.

output "restorable" {
  description = "Whether the instance can be restored to every moment of the last `days` days according to both the evidence and Tencent Cloud's own answer: `evidence_restorable` and `api_restorable`."
  value       = local.restorable
}

output "evidence_restorable" {
  description = "Whether the evidence (full backups and binlogs) says every moment of the last `days` days can be restored to (the guard fails the plan when not)."
  value       = local.evidence_restorable
}

output "api_restorable" {
  description = "Whether Tencent Cloud's own answer (DescribeRollbackRangeTime) says so: one of its ranges runs from `days` before now to an hour before now (the api_guard fails the plan when not)."
  value       = local.api_restorable
}

output "api_failure_message" {
  description = "The api_guard's error message, or null when `api_restorable`: the span, the ranges the API gave, and whether the evidence agrees."
  value       = local.api_failure_message
}

output "api_ranges" {
  description = "The ranges Tencent Cloud itself will restore the instance to (DescribeRollbackRangeTime), oldest first: [{ start, finish }]. Each starts at a full backup, not at the oldest binlog of its chain."
  value       = local.api_ranges
}

output "disagreements" {
  description = "Every span, over all the binlogs, where the API's ranges and the recovery windows disagree by more than `tolerance`, oldest first: [{ start, finish, claimed_by }], `claimed_by` being `api` (the API says restorable, the binlogs do not cover it) or `binlogs` (the reverse). A `binlogs` one at a window's start, before the window's first full backup, is expected: see `span_disagreements`."
  value       = local.disagreements
}

output "disagreement_message" {
  description = "The `disagreements` check's warning, or null when `span_disagreements` is empty: each of them, and which side claims it."
  value       = local.disagreement_message
}

output "span_disagreements" {
  description = "The disagreements the `disagreements` check warns about: those that overlap the span or the hour after it (from `days` before now to now) and do not cover the whole span, leaving out the expected ones the binlogs claim before a window's first full backup. [{ start, finish, claimed_by }], oldest first."
  value       = local.span_disagreements
}

output "failure_reasons" {
  description = "The evidence's checks that fail, in this order, or [] when `evidence_restorable`: `no_base_backup` (no successful full backup at or before the start of the span), `gap` (a break in the binlogs between the base backup and an hour before now; see `gaps`), `ends_too_early` (the newest successful binlog ends more than an hour before now), `starts_too_late` (the oldest successful binlog starts after the base backup). The guard's error names the same checks; a failed plan shows no outputs, so this is for `terraform test`."
  value       = local.failure_reasons
}

output "failure_message" {
  description = "The guard's error message, or null when `evidence_restorable`: every failed check of the evidence, with the times involved, all in Beijing time, and whether Tencent Cloud's own answer agrees."
  value       = local.failure_message
}

output "earliest_restorable_time" {
  description = "The earliest moment the instance can be restored to at all, whatever `days` is: the date of the oldest successful full backup that lies inside a recovery window, so that point-in-time recovery from it works. Null when no full backup lies inside one. From it, any moment to the end of its window can be restored to; a later gap is not crossed (see `recovery_windows`)."
  value       = local.earliest_base == null ? null : local.earliest_base.date
}

output "base_backup" {
  description = "The successful full backup a recovery to the start of the required span would start from (the newest one taken at or before it): { backup_id, name, date }, or null."
  value       = local.base == null ? null : { backup_id = local.base.backup_id, name = local.base.name, date = local.base.date }
}

output "required_span" {
  description = "The span every moment of which must be restorable: { start, finish }, from `days` before now to an hour before now (the binlog being written is not uploaded yet)."
  value       = { start = local.required_from, finish = local.required_to }
}

output "gaps" {
  description = "The breaks in the binlogs between the base backup (the start of the span when there is none) and an hour before now, oldest first: [{ start, finish }]. No moment in them can be restored to."
  value       = local.span_gaps
}

output "recovery_windows" {
  description = "Every span the instance's binlogs cover without a break, oldest first: [{ start, finish }]. A moment in a window can be restored to from a full backup taken in the same window before it."
  value       = local.windows
}

output "latest_recovery_point" {
  description = "The latest moment the instance can be restored to (the end of the newest recovery window), or null."
  value       = local.latest_point
}

output "binlog_retention_days" {
  description = "Days the instance's backup policy keeps binlogs (binlog_retention_days of tencentcloud_cdb_backup_policy): how far back point-in-time recovery can ever reach. The binlog_retention guard fails the plan when it is less than `days`."
  value       = local.binlog_retention_days
}

output "binlog_retention_message" {
  description = "The binlog_retention guard's error message, or null when the policy keeps binlogs for at least `days` days."
  value       = local.binlog_retention_message
}
