# Runs the module against the mock Tencent Cloud API, offline: scripts/module-test.sh (make module-test) starts
# the mock with fixtures.json, whose instances are made for the runs below, and points the provider at it. It runs
# this file twice, once for each reading of DescribeBinlogs' ContainsMinStartTime the mock offers (tests/mock-flags):
# every expected value below holds under both.
#
# The fixtures' times are fixed (Beijing time). The runs measure from a fixed `now`, 2025-06-30T12:00:00+08:00,
# and require the last 3 days unless they say otherwise: every moment from 2025-06-27T12:00:00+08:00 to
# 2025-06-30T11:00:00+08:00, an hour before now. Every expected value is worked out by hand from fixtures.json:
#
# cdb-recov001  full backups at 02:00 on 2025-06-27 to 30; binlogs of six hours from 2025-06-27 00:00 to 2025-06-30
#               11:30, then one being written: one recovery window, 2025-06-27 00:00 to 2025-06-30 11:30.
# cdb-recov002  as 001, without the binlog of 2025-06-28 12:00 to 18:00: windows 06-27 00:00 to 06-28 12:00 and
#               06-28 18:00 to 06-30 11:30, and the gap between them.
# cdb-recov003  as 001, with full backups on 2025-06-29 and 30 only.
# cdb-recov004  as 001, but the binlogs stop at 2025-06-30 09:00 and none is being written.
# cdb-recov005  full backups at odd times, as an instance's manual and automatic backups are: 2025-06-25 21:10
#               (before every binlog), 06-26 05:30 (in a gap), 06-26 09:34, 06-27 10:38 and 06-29 06:43; a FAILED
#               full one on 06-28 06:43 and a partial one on 06-26 04:00, neither of which is a base. Binlogs from
#               06-26 03:00 to 05:00; a gap to 06:00; 06:00 on, to 06-30 11:00; a gap to 11:10; 11:10 to 11:30, and
#               one being written since. Windows: 06-26 03:00 to 05:00, 06-26 06:00 to 06-30 11:00, 06-30 11:10 to
#               11:30. The oldest full backup inside a window is the one of 2025-06-26 09:34.
# cdb-recov006  full backups at 02:00 on 2025-06-27 to 30; binlogs (older ones expired) from 2025-06-28 00:00 to
#               06-30 11:30, then one being written.
# cdb-recov007  no backup, no binlog.
# cdb-recov008  full backups at 02:00 on 2025-06-21 and 29; binlogs of a day from 2025-06-21 00:00 to 06-30 00:00,
#               one to 11:30, then one being written: one window, 2025-06-21 00:00 to 06-30 11:30. Its backup policy
#               keeps binlogs for 7 days (BinlogExpireDays, the least the API allows), lowered so recently that the
#               older binlogs are not deleted yet. Every instance has a new instance's policy otherwise: binlogs
#               kept 7 days, enough for the 3 to 5 days the other runs require.
#
# Tencent Cloud's own answer (DescribeRollbackRangeTime, api_ranges): for 001 to 008 the mock derives it from the same
# backups and binlogs, one range per window that holds a successful full backup, from the oldest such backup to the
# window's end: 001 06-27 02:00 to 06-30 11:30; 002 06-27 02:00 to 06-28 12:00 and 06-29 02:00 to 06-30 11:30; 003
# 06-29 02:00 to 06-30 11:30; 004 06-27 02:00 to 06-30 09:00; 005 06-26 09:34 to 06-30 11:00; 006 06-28 02:00 to
# 06-30 11:30; 007 none; 008 06-21 02:00 to 06-30 11:30. It agrees with the evidence on every run on them. The
# windows start at their oldest binlog, the ranges at a full backup, so the binlogs data source reports the hours
# between as disagreements the binlogs claim; the evidence cannot restore to them either, and the module does not
# warn about them. The next four have the backups and binlogs of an earlier one, under backup IDs of their own (009:
# 1400000091 for 2025-06-27 to 1400000094 for 06-30; 010: 1400000101 to 104; 011: 111 to 114; 012: 121 to 124), and
# an API that says otherwise:
# cdb-recov009  as 001; the API lags two hours (rollback_lag_seconds): its range ends at 2025-06-30 09:30.
# cdb-recov010  as 001; the API lags 20 minutes: its range ends at 2025-06-30 11:10.
# cdb-recov011  as 002; the API gives one range across the gap (rollback_ranges), 06-27 02:00 to 06-30 11:30.
# cdb-recov012  as 001; the API gives no range at all (rollback_ranges = []).

variables {
  now  = "2025-06-30T12:00:00+08:00"
  days = 3
}

# The mock's default key; the endpoint comes from TENCENTCLOUD_CDB_ENDPOINT, which the script sets.
provider "tencentcloud" {
  region     = "ap-guangzhou"
  secret_id  = "AKIDmockTcmock0000000000000000000000"
  secret_key = "mockSecretKeyTcmock0000000000000"
}

# An unbroken chain from 2025-06-27 00:00 to the binlog being written since 11:30: restorable, from the full
# backup of 2025-06-27 02:00, the newest one at or before the start of the span.
run "unbroken_chain_passes" {
  variables {
    instance_id = "cdb-recov001"
  }

  assert {
    condition     = output.restorable && jsonencode(output.failure_reasons) == "[]" && output.failure_message == null
    error_message = "cdb-recov001 has an unbroken chain; it must be restorable. Got ${jsonencode(output.failure_reasons)}: ${jsonencode(output.failure_message)}."
  }
  assert {
    condition     = output.base_backup.backup_id == 1400000001 && output.base_backup.date == "2025-06-27T02:00:00+08:00"
    error_message = "Want the full backup of 2025-06-27 02:00 (1400000001) as the base; got ${jsonencode(output.base_backup)}."
  }
  assert {
    condition     = output.earliest_restorable_time == "2025-06-27T02:00:00+08:00"
    error_message = "Want 2025-06-27T02:00:00+08:00 as the earliest restorable time; got ${jsonencode(output.earliest_restorable_time)}."
  }
  assert {
    condition     = jsonencode(output.gaps) == "[]"
    error_message = "Want no gap; got ${jsonencode(output.gaps)}."
  }
  assert {
    condition     = jsonencode(output.recovery_windows) == jsonencode([{ start = "2025-06-27T00:00:00+08:00", finish = "2025-06-30T11:30:00+08:00" }])
    error_message = "Want one window, 2025-06-27 00:00 to 2025-06-30 11:30; got ${jsonencode(output.recovery_windows)}."
  }
  assert {
    condition     = output.latest_recovery_point == "2025-06-30T11:30:00+08:00"
    error_message = "Want the chain to end at 11:30, where the running binlog starts; got ${jsonencode(output.latest_recovery_point)}."
  }
  assert {
    condition     = output.required_span.start == "2025-06-27T12:00:00+08:00" && output.required_span.finish == "2025-06-30T11:00:00+08:00"
    error_message = "Want the span 2025-06-27T12:00:00+08:00 to 2025-06-30T11:00:00+08:00; got ${jsonencode(output.required_span)}."
  }
  assert {
    condition     = output.binlog_retention_days == 7 && output.binlog_retention_message == null
    error_message = "Want the binlogs kept for 7 days, a new instance's policy, enough for 3; got ${jsonencode(output.binlog_retention_days)}: ${jsonencode(output.binlog_retention_message)}."
  }
  # Tencent Cloud agrees: its one range starts at the oldest full backup and ends where the chain does.
  assert {
    condition     = output.evidence_restorable && output.api_restorable && output.api_failure_message == null
    error_message = "Want both the evidence and the API to say restorable; got ${jsonencode(output.evidence_restorable)}, ${jsonencode(output.api_restorable)}: ${jsonencode(output.api_failure_message)}."
  }
  assert {
    condition     = jsonencode(output.api_ranges) == jsonencode([{ start = "2025-06-27T02:00:00+08:00", finish = "2025-06-30T11:30:00+08:00" }])
    error_message = "Want the API's one range, 2025-06-27 02:00 to 2025-06-30 11:30; got ${jsonencode(output.api_ranges)}."
  }
  # The window starts two hours before the first full backup, the API's range at it: a disagreement the binlogs
  # claim, outside the span, and one the evidence cannot restore to either. No warning.
  assert {
    condition     = jsonencode(output.disagreements) == jsonencode([{ start = "2025-06-27T00:00:00+08:00", finish = "2025-06-27T02:00:00+08:00", claimed_by = "binlogs" }])
    error_message = "Want one disagreement, 2025-06-27 00:00 to 02:00, claimed by the binlogs; got ${jsonencode(output.disagreements)}."
  }
  assert {
    condition     = jsonencode(output.span_disagreements) == "[]" && output.disagreement_message == null
    error_message = "Want no disagreement in the span; got ${jsonencode(output.span_disagreements)}: ${jsonencode(output.disagreement_message)}."
  }
}

# `earliest_restorable_time` does not depend on `days`: on cdb-recov001 it is 2025-06-27 02:00 with 1 day (base
# 2025-06-29 02:00) and with 4 days, when no full backup is old enough and the binlogs start too late (the span
# starts at 2025-06-26 12:00, before the oldest full backup and the oldest binlog).
run "earliest_restorable_time_with_one_day" {
  command = plan

  variables {
    instance_id = "cdb-recov001"
    days        = 1
  }

  assert {
    condition     = output.restorable && output.base_backup.backup_id == 1400000003
    error_message = "With one day required the base is the full backup of 2025-06-29 02:00 (1400000003); got ${jsonencode(output.base_backup)}."
  }
  assert {
    condition     = output.earliest_restorable_time == "2025-06-27T02:00:00+08:00"
    error_message = "Want 2025-06-27T02:00:00+08:00 whatever days is; got ${jsonencode(output.earliest_restorable_time)}."
  }
}

run "earliest_restorable_time_with_four_days" {
  command = plan

  variables {
    instance_id = "cdb-recov001"
    days        = 4
  }

  expect_failures = [terraform_data.guard, terraform_data.api_guard]

  assert {
    condition     = jsonencode(output.failure_reasons) == jsonencode(["no_base_backup", "starts_too_late"]) && output.base_backup == null
    error_message = "With four days required no full backup is old enough, and the binlogs start after the span does; got ${jsonencode(output.failure_reasons)}, base ${jsonencode(output.base_backup)}."
  }
  # The API's range starts at 2025-06-27 02:00, after the span does: it refuses too. The disagreement of 2025-06-27
  # 00:00 to 02:00 now lies in the span, but no full backup precedes it: the evidence cannot restore to it either,
  # and the check does not warn.
  assert {
    condition     = !output.restorable && !output.api_restorable && output.api_failure_message == "cdb-recov001 cannot be restored to every moment of the last 4 days, from 2025-06-26T12:00:00+08:00 to 2025-06-30T11:00:00+08:00 (times in Beijing time, UTC+8), according to Tencent Cloud's own answer (DescribeRollbackRangeTime): no range it gives covers the span (its ranges: from 2025-06-27T02:00:00+08:00 to 2025-06-30T11:30:00+08:00). The evidence (backups and binlogs) agrees: it refuses too (terraform_data.guard says why)."
    error_message = "Unexpected API verdict: ${jsonencode(output.api_restorable)}: ${jsonencode(output.api_failure_message)}"
  }
  assert {
    condition     = jsonencode(output.span_disagreements) == "[]"
    error_message = "Want no disagreement to warn about; got ${jsonencode(output.span_disagreements)}."
  }
  assert {
    condition     = output.earliest_restorable_time == "2025-06-27T02:00:00+08:00"
    error_message = "Want 2025-06-27T02:00:00+08:00 whatever days is; got ${jsonencode(output.earliest_restorable_time)}."
  }
}

# cdb-recov005 passes with 1, 3 and 4 days, from three different bases (2025-06-29 06:43, 06-27 10:38, 06-26
# 09:34); the earliest restorable time is 2025-06-26 09:34 each time: the full backup of 06-25 21:10 is older than
# every binlog, the one of 06-26 05:30 lies in a gap, and the one of 06-26 04:00 is partial.
run "odd_times_one_day" {
  command = plan

  variables {
    instance_id = "cdb-recov005"
    days        = 1
  }

  assert {
    condition     = output.restorable && output.base_backup.backup_id == 1400000056 && output.base_backup.date == "2025-06-29T06:43:00+08:00"
    error_message = "Want restorable from 1400000056 (2025-06-29 06:43); got ${jsonencode(output.base_backup)}, ${jsonencode(output.failure_reasons)}."
  }
  assert {
    condition     = output.earliest_restorable_time == "2025-06-26T09:34:00+08:00"
    error_message = "Want 2025-06-26T09:34:00+08:00; got ${jsonencode(output.earliest_restorable_time)}."
  }
}

run "odd_times_three_days" {
  command = plan

  variables {
    instance_id = "cdb-recov005"
  }

  assert {
    condition     = output.restorable && output.base_backup.backup_id == 1400000054 && output.base_backup.date == "2025-06-27T10:38:00+08:00"
    error_message = "Want restorable from 1400000054 (2025-06-27 10:38); got ${jsonencode(output.base_backup)}, ${jsonencode(output.failure_reasons)}."
  }
  assert {
    condition     = output.earliest_restorable_time == "2025-06-26T09:34:00+08:00"
    error_message = "Want 2025-06-26T09:34:00+08:00; got ${jsonencode(output.earliest_restorable_time)}."
  }
}

# Also the gap of 2025-06-30 11:00 to 11:10 starts exactly at the end of the span: the window before it reaches
# 11:00, and the gap is not in the span.
run "odd_times_four_days" {
  command = plan

  variables {
    instance_id = "cdb-recov005"
    days        = 4
  }

  assert {
    condition     = output.restorable && output.base_backup.backup_id == 1400000053 && output.base_backup.date == "2025-06-26T09:34:00+08:00"
    error_message = "Want restorable from 1400000053 (2025-06-26 09:34); got ${jsonencode(output.base_backup)}, ${jsonencode(output.failure_reasons)}."
  }
  assert {
    condition     = output.earliest_restorable_time == "2025-06-26T09:34:00+08:00"
    error_message = "Want 2025-06-26T09:34:00+08:00; got ${jsonencode(output.earliest_restorable_time)}."
  }
  assert {
    condition     = jsonencode(output.gaps) == "[]" && output.latest_recovery_point == "2025-06-30T11:30:00+08:00"
    error_message = "Want no gap in the span and the newest window to end at 11:30; got ${jsonencode(output.gaps)}, ${jsonencode(output.latest_recovery_point)}."
  }
  assert {
    condition = jsonencode(output.recovery_windows) == jsonencode([
      { start = "2025-06-26T03:00:00+08:00", finish = "2025-06-26T05:00:00+08:00" },
      { start = "2025-06-26T06:00:00+08:00", finish = "2025-06-30T11:00:00+08:00" },
      { start = "2025-06-30T11:10:00+08:00", finish = "2025-06-30T11:30:00+08:00" },
    ])
    error_message = "Want the three windows of cdb-recov005; got ${jsonencode(output.recovery_windows)}."
  }
}

# A shorter span than the gap's age: the base is then the full backup of 2025-06-29 02:00, after the gap. The
# earliest restorable time is before the gap: the full backup of 2025-06-27 02:00 lies in the window that runs to
# 2025-06-28 12:00, and any moment of it from then on can be restored to.
run "gap_older_than_the_span_passes" {
  command = plan

  variables {
    instance_id = "cdb-recov002"
    days        = 1
  }

  assert {
    condition     = output.restorable && output.base_backup.backup_id == 1400000013
    error_message = "With one day required, the gap of 2025-06-28 is older than the span; got ${jsonencode(output.base_backup)}."
  }
  assert {
    condition     = jsonencode(output.gaps) == "[]"
    error_message = "Want no gap after the base of 2025-06-29 02:00; got ${jsonencode(output.gaps)}."
  }
  assert {
    condition     = output.earliest_restorable_time == "2025-06-27T02:00:00+08:00"
    error_message = "Want 2025-06-27T02:00:00+08:00, the oldest full backup, inside the window before the gap; got ${jsonencode(output.earliest_restorable_time)}."
  }
}

# One failure per check.

# The binlog of 2025-06-28 12:00 to 18:00 is missing: no chain runs from the base backup to now. The API reports the
# gap too: its ranges end at it, and the next starts at the first full backup after it, 2025-06-29 02:00. Both
# guards fail, each saying that the other side agrees.
run "gap_fails_the_plan" {
  command = plan

  variables {
    instance_id = "cdb-recov002"
  }

  expect_failures = [terraform_data.guard, terraform_data.api_guard]

  assert {
    condition     = !output.restorable && jsonencode(output.failure_reasons) == jsonencode(["gap"])
    error_message = "Want the gap check to fail alone; got ${jsonencode(output.failure_reasons)}."
  }
  assert {
    condition     = jsonencode(output.gaps) == jsonencode([{ start = "2025-06-28T12:00:00+08:00", finish = "2025-06-28T18:00:00+08:00" }])
    error_message = "Want the gap 2025-06-28 12:00 to 18:00; got ${jsonencode(output.gaps)}."
  }
  assert {
    condition = jsonencode(output.api_ranges) == jsonencode([
      { start = "2025-06-27T02:00:00+08:00", finish = "2025-06-28T12:00:00+08:00" },
      { start = "2025-06-29T02:00:00+08:00", finish = "2025-06-30T11:30:00+08:00" },
    ])
    error_message = "Want the API's two ranges, each from a window's first full backup to its end; got ${jsonencode(output.api_ranges)}."
  }
  assert {
    condition     = output.api_failure_message == "cdb-recov002 cannot be restored to every moment of the last 3 days, from 2025-06-27T12:00:00+08:00 to 2025-06-30T11:00:00+08:00 (times in Beijing time, UTC+8), according to Tencent Cloud's own answer (DescribeRollbackRangeTime): no range it gives covers the span (its ranges: from 2025-06-27T02:00:00+08:00 to 2025-06-28T12:00:00+08:00; from 2025-06-29T02:00:00+08:00 to 2025-06-30T11:30:00+08:00). The evidence (backups and binlogs) agrees: it refuses too (terraform_data.guard says why)."
    error_message = "Unexpected API message: ${jsonencode(output.api_failure_message)}"
  }
  # Both windows start before their first full backup; the one after the gap (2025-06-28 18:00 to 2025-06-29
  # 02:00) lies in the span, but the evidence cannot restore to it either: no warning.
  assert {
    condition = jsonencode(output.disagreements) == jsonencode([
      { start = "2025-06-27T00:00:00+08:00", finish = "2025-06-27T02:00:00+08:00", claimed_by = "binlogs" },
      { start = "2025-06-28T18:00:00+08:00", finish = "2025-06-29T02:00:00+08:00", claimed_by = "binlogs" },
    ]) && jsonencode(output.span_disagreements) == "[]"
    error_message = "Want the binlogs to claim the two spans before each window's first full backup, and no warning; got ${jsonencode(output.disagreements)}, ${jsonencode(output.span_disagreements)}."
  }
  assert {
    condition     = output.failure_message == "cdb-recov002 cannot be restored to every moment of the last 3 days, from 2025-06-27T12:00:00+08:00 to 2025-06-30T11:00:00+08:00 (times in Beijing time, UTC+8), according to the evidence (backups and binlogs): a gap in the binlogs between the base backup 1400000011, taken at 2025-06-27T02:00:00+08:00, and 2025-06-30T11:00:00+08:00: no moment from 2025-06-28T12:00:00+08:00 to 2025-06-28T18:00:00+08:00 can be restored to. Tencent Cloud's own answer (DescribeRollbackRangeTime) agrees: no range it gives covers the span (its ranges: from 2025-06-27T02:00:00+08:00 to 2025-06-28T12:00:00+08:00; from 2025-06-29T02:00:00+08:00 to 2025-06-30T11:30:00+08:00)."
    error_message = "Unexpected message: ${jsonencode(output.failure_message)}"
  }
}

# No full backup at or before the start of the span (the oldest is of 2025-06-29 02:00), though the chain is whole.
run "no_base_backup_fails_the_plan" {
  command = plan

  variables {
    instance_id = "cdb-recov003"
  }

  expect_failures = [terraform_data.guard, terraform_data.api_guard]

  assert {
    condition     = jsonencode(output.failure_reasons) == jsonencode(["no_base_backup"]) && output.base_backup == null
    error_message = "Want the base check to fail alone; got ${jsonencode(output.failure_reasons)}."
  }
  assert {
    condition     = output.earliest_restorable_time == "2025-06-29T02:00:00+08:00"
    error_message = "Want 2025-06-29T02:00:00+08:00, the oldest full backup; got ${jsonencode(output.earliest_restorable_time)}."
  }
  assert {
    condition     = output.failure_message == "cdb-recov003 cannot be restored to every moment of the last 3 days, from 2025-06-27T12:00:00+08:00 to 2025-06-30T11:00:00+08:00 (times in Beijing time, UTC+8), according to the evidence (backups and binlogs): no full backup old enough: none was taken at or before 2025-06-27T12:00:00+08:00; the oldest successful one was taken at 2025-06-29T02:00:00+08:00. Tencent Cloud's own answer (DescribeRollbackRangeTime) agrees: no range it gives covers the span (its ranges: from 2025-06-29T02:00:00+08:00 to 2025-06-30T11:30:00+08:00)."
    error_message = "Unexpected message: ${jsonencode(output.failure_message)}"
  }
}

# The binlogs stop at 09:00 and none is being written: the chain does not reach within an hour of now (the guard
# fails) and the newest binlog is three hours old (the check warns).
run "stale_binlogs_fail_the_plan_and_the_check" {
  command = plan

  variables {
    instance_id = "cdb-recov004"
  }

  expect_failures = [terraform_data.guard, terraform_data.api_guard, check.binlog_age]

  assert {
    condition     = jsonencode(output.failure_reasons) == jsonencode(["ends_too_early"]) && output.latest_recovery_point == "2025-06-30T09:00:00+08:00"
    error_message = "Want the end check to fail alone, at 09:00; got ${jsonencode(output.failure_reasons)}, ${jsonencode(output.latest_recovery_point)}."
  }
  assert {
    condition     = output.api_failure_message == "cdb-recov004 cannot be restored to every moment of the last 3 days, from 2025-06-27T12:00:00+08:00 to 2025-06-30T11:00:00+08:00 (times in Beijing time, UTC+8), according to Tencent Cloud's own answer (DescribeRollbackRangeTime): no range it gives covers the span (its ranges: from 2025-06-27T02:00:00+08:00 to 2025-06-30T09:00:00+08:00). The evidence (backups and binlogs) agrees: it refuses too (terraform_data.guard says why)."
    error_message = "Unexpected API message: ${jsonencode(output.api_failure_message)}"
  }
  assert {
    condition     = output.failure_message == "cdb-recov004 cannot be restored to every moment of the last 3 days, from 2025-06-27T12:00:00+08:00 to 2025-06-30T11:00:00+08:00 (times in Beijing time, UTC+8), according to the evidence (backups and binlogs): the chain ends too early: the newest successful binlog ends at 2025-06-30T09:00:00+08:00, and the chain must reach 2025-06-30T11:00:00+08:00, an hour before now. Tencent Cloud's own answer (DescribeRollbackRangeTime) agrees: no range it gives covers the span (its ranges: from 2025-06-27T02:00:00+08:00 to 2025-06-30T09:00:00+08:00)."
    error_message = "Unexpected message: ${jsonencode(output.failure_message)}"
  }
}

# The binlogs before 2025-06-28 00:00 have expired, and the base backup is of 2025-06-27 02:00. With 2 days, the
# base is of 2025-06-28 02:00 and the chain covers it.
run "expired_binlogs_fail_the_plan" {
  command = plan

  variables {
    instance_id = "cdb-recov006"
  }

  expect_failures = [terraform_data.guard, terraform_data.api_guard]

  assert {
    condition     = jsonencode(output.failure_reasons) == jsonencode(["starts_too_late"]) && output.base_backup.backup_id == 1400000061
    error_message = "Want the start check to fail alone, with the base 1400000061; got ${jsonencode(output.failure_reasons)}, ${jsonencode(output.base_backup)}."
  }
  assert {
    condition     = output.earliest_restorable_time == "2025-06-28T02:00:00+08:00"
    error_message = "Want 2025-06-28T02:00:00+08:00, the oldest full backup after the oldest binlog; got ${jsonencode(output.earliest_restorable_time)}."
  }
  assert {
    condition     = output.failure_message == "cdb-recov006 cannot be restored to every moment of the last 3 days, from 2025-06-27T12:00:00+08:00 to 2025-06-30T11:00:00+08:00 (times in Beijing time, UTC+8), according to the evidence (backups and binlogs): the chain starts too late: the oldest successful binlog starts at 2025-06-28T00:00:00+08:00, after the base backup 1400000061, taken at 2025-06-27T02:00:00+08:00. Tencent Cloud's own answer (DescribeRollbackRangeTime) agrees: no range it gives covers the span (its ranges: from 2025-06-28T02:00:00+08:00 to 2025-06-30T11:30:00+08:00)."
    error_message = "Unexpected message: ${jsonencode(output.failure_message)}"
  }
}

run "expired_binlogs_two_days_pass" {
  command = plan

  variables {
    instance_id = "cdb-recov006"
    days        = 2
  }

  assert {
    condition     = output.restorable && output.base_backup.backup_id == 1400000062 && output.earliest_restorable_time == "2025-06-28T02:00:00+08:00"
    error_message = "Want restorable from 1400000062, earliest 2025-06-28T02:00:00+08:00; got ${jsonencode(output.base_backup)}, ${jsonencode(output.earliest_restorable_time)}, ${jsonencode(output.failure_reasons)}."
  }
}

# Combinations, on cdb-recov005.

# 4.25 days: the span starts at 2025-06-26 06:00, and the base is the full backup of 06-26 05:30, inside the gap of
# 05:00 to 06:00. The gap of 06-30 11:00 to 11:10 starts at the end of the span, so it is not in it.
run "base_in_a_gap_fails_the_plan" {
  command = plan

  variables {
    instance_id = "cdb-recov005"
    days        = 4.25
  }

  expect_failures = [terraform_data.guard, terraform_data.api_guard]

  assert {
    condition     = jsonencode(output.failure_reasons) == jsonencode(["gap"]) && output.base_backup.backup_id == 1400000052
    error_message = "Want the gap check to fail alone, with the base 1400000052; got ${jsonencode(output.failure_reasons)}, ${jsonencode(output.base_backup)}."
  }
  assert {
    condition     = jsonencode(output.gaps) == jsonencode([{ start = "2025-06-26T05:00:00+08:00", finish = "2025-06-26T06:00:00+08:00" }])
    error_message = "Want the gap 2025-06-26 05:00 to 06:00 only; got ${jsonencode(output.gaps)}."
  }
  # The API's one range runs from the first full backup inside the middle window (06-26 09:34) to its end; the
  # first and the last windows hold no full backup (the one of 06-26 04:00 is partial), and give none. The binlogs
  # claim the three spans the API leaves out; two lie in the span, but the evidence cannot restore to any moment of
  # them either (no full backup precedes them in their window): no warning.
  assert {
    condition     = jsonencode(output.api_ranges) == jsonencode([{ start = "2025-06-26T09:34:00+08:00", finish = "2025-06-30T11:00:00+08:00" }])
    error_message = "Want the API's one range, 2025-06-26 09:34 to 2025-06-30 11:00; got ${jsonencode(output.api_ranges)}."
  }
  assert {
    condition = jsonencode(output.disagreements) == jsonencode([
      { start = "2025-06-26T03:00:00+08:00", finish = "2025-06-26T05:00:00+08:00", claimed_by = "binlogs" },
      { start = "2025-06-26T06:00:00+08:00", finish = "2025-06-26T09:34:00+08:00", claimed_by = "binlogs" },
      { start = "2025-06-30T11:10:00+08:00", finish = "2025-06-30T11:30:00+08:00", claimed_by = "binlogs" },
    ]) && jsonencode(output.span_disagreements) == "[]"
    error_message = "Want the binlogs to claim three spans and no warning; got ${jsonencode(output.disagreements)}, ${jsonencode(output.span_disagreements)}."
  }
  assert {
    condition     = output.api_failure_message == "cdb-recov005 cannot be restored to every moment of the last 4.25 days, from 2025-06-26T06:00:00+08:00 to 2025-06-30T11:00:00+08:00 (times in Beijing time, UTC+8), according to Tencent Cloud's own answer (DescribeRollbackRangeTime): no range it gives covers the span (its ranges: from 2025-06-26T09:34:00+08:00 to 2025-06-30T11:00:00+08:00). The evidence (backups and binlogs) agrees: it refuses too (terraform_data.guard says why)."
    error_message = "Unexpected API message: ${jsonencode(output.api_failure_message)}"
  }
  assert {
    condition     = output.failure_message == "cdb-recov005 cannot be restored to every moment of the last 4.25 days, from 2025-06-26T06:00:00+08:00 to 2025-06-30T11:00:00+08:00 (times in Beijing time, UTC+8), according to the evidence (backups and binlogs): a gap in the binlogs between the base backup 1400000052, taken at 2025-06-26T05:30:00+08:00, and 2025-06-30T11:00:00+08:00: no moment from 2025-06-26T05:00:00+08:00 to 2025-06-26T06:00:00+08:00 can be restored to. Tencent Cloud's own answer (DescribeRollbackRangeTime) agrees: no range it gives covers the span (its ranges: from 2025-06-26T09:34:00+08:00 to 2025-06-30T11:00:00+08:00)."
    error_message = "Unexpected message: ${jsonencode(output.failure_message)}"
  }
  assert {
    condition     = output.earliest_restorable_time == "2025-06-26T09:34:00+08:00"
    error_message = "Want 2025-06-26T09:34:00+08:00; got ${jsonencode(output.earliest_restorable_time)}."
  }
}

# 4.5 days: the span starts at 2025-06-26 00:00; the base, of 06-25 21:10, is older than every binlog, and the gap
# of 06-26 05:00 to 06:00 follows it.
run "base_before_the_binlogs_fails_the_plan" {
  command = plan

  variables {
    instance_id = "cdb-recov005"
    days        = 4.5
  }

  expect_failures = [terraform_data.guard, terraform_data.api_guard]

  assert {
    condition     = jsonencode(output.failure_reasons) == jsonencode(["gap", "starts_too_late"]) && output.base_backup.backup_id == 1400000050
    error_message = "Want the gap and start checks to fail, with the base 1400000050; got ${jsonencode(output.failure_reasons)}, ${jsonencode(output.base_backup)}."
  }
  assert {
    condition     = output.failure_message == "cdb-recov005 cannot be restored to every moment of the last 4.5 days, from 2025-06-26T00:00:00+08:00 to 2025-06-30T11:00:00+08:00 (times in Beijing time, UTC+8), according to the evidence (backups and binlogs): a gap in the binlogs between the base backup 1400000050, taken at 2025-06-25T21:10:00+08:00, and 2025-06-30T11:00:00+08:00: no moment from 2025-06-26T05:00:00+08:00 to 2025-06-26T06:00:00+08:00 can be restored to; the chain starts too late: the oldest successful binlog starts at 2025-06-26T03:00:00+08:00, after the base backup 1400000050, taken at 2025-06-25T21:10:00+08:00. Tencent Cloud's own answer (DescribeRollbackRangeTime) agrees: no range it gives covers the span (its ranges: from 2025-06-26T09:34:00+08:00 to 2025-06-30T11:00:00+08:00)."
    error_message = "Unexpected message: ${jsonencode(output.failure_message)}"
  }
}

# 5 days: the span starts at 2025-06-25 12:00, before every full backup; the gap and the late start are measured
# from the start of the span.
run "no_base_and_more_fails_the_plan" {
  command = plan

  variables {
    instance_id = "cdb-recov005"
    days        = 5
  }

  expect_failures = [terraform_data.guard, terraform_data.api_guard]

  assert {
    condition     = jsonencode(output.failure_reasons) == jsonencode(["no_base_backup", "gap", "starts_too_late"])
    error_message = "Want the base, gap and start checks to fail; got ${jsonencode(output.failure_reasons)}."
  }
  assert {
    condition     = output.failure_message == "cdb-recov005 cannot be restored to every moment of the last 5 days, from 2025-06-25T12:00:00+08:00 to 2025-06-30T11:00:00+08:00 (times in Beijing time, UTC+8), according to the evidence (backups and binlogs): no full backup old enough: none was taken at or before 2025-06-25T12:00:00+08:00; the oldest successful one was taken at 2025-06-25T21:10:00+08:00; a gap in the binlogs between the start of the span, 2025-06-25T12:00:00+08:00, and 2025-06-30T11:00:00+08:00: no moment from 2025-06-26T05:00:00+08:00 to 2025-06-26T06:00:00+08:00 can be restored to; the chain starts too late: the oldest successful binlog starts at 2025-06-26T03:00:00+08:00, after the start of the span, 2025-06-25T12:00:00+08:00. Tencent Cloud's own answer (DescribeRollbackRangeTime) agrees: no range it gives covers the span (its ranges: from 2025-06-26T09:34:00+08:00 to 2025-06-30T11:00:00+08:00)."
    error_message = "Unexpected message: ${jsonencode(output.failure_message)}"
  }
  assert {
    condition     = output.earliest_restorable_time == "2025-06-26T09:34:00+08:00"
    error_message = "Want 2025-06-26T09:34:00+08:00; got ${jsonencode(output.earliest_restorable_time)}."
  }
}

# Nothing at all: no backup and no binlog.
run "empty_instance_fails_the_plan_and_the_check" {
  command = plan

  variables {
    instance_id = "cdb-recov007"
  }

  expect_failures = [terraform_data.guard, terraform_data.api_guard, check.binlog_age]

  assert {
    condition     = jsonencode(output.failure_reasons) == jsonencode(["no_base_backup", "ends_too_early"])
    error_message = "Want the base and end checks to fail; got ${jsonencode(output.failure_reasons)}."
  }
  assert {
    condition     = output.failure_message == "cdb-recov007 cannot be restored to every moment of the last 3 days, from 2025-06-27T12:00:00+08:00 to 2025-06-30T11:00:00+08:00 (times in Beijing time, UTC+8), according to the evidence (backups and binlogs): no full backup old enough: there is no successful full backup at all; the chain ends too early: there is no successful binlog. Tencent Cloud's own answer (DescribeRollbackRangeTime) agrees: it gives no range at all."
    error_message = "Unexpected message: ${jsonencode(output.failure_message)}"
  }
  assert {
    condition     = output.earliest_restorable_time == null && output.latest_recovery_point == null && jsonencode(output.recovery_windows) == "[]"
    error_message = "Want nothing restorable; got ${jsonencode(output.earliest_restorable_time)}, ${jsonencode(output.latest_recovery_point)}, ${jsonencode(output.recovery_windows)}."
  }
  assert {
    condition     = jsonencode(output.api_ranges) == "[]" && jsonencode(output.disagreements) == "[]"
    error_message = "Want no range from the API and nothing to disagree on; got ${jsonencode(output.api_ranges)}, ${jsonencode(output.disagreements)}."
  }
  assert {
    condition     = output.api_failure_message == "cdb-recov007 cannot be restored to every moment of the last 3 days, from 2025-06-27T12:00:00+08:00 to 2025-06-30T11:00:00+08:00 (times in Beijing time, UTC+8), according to Tencent Cloud's own answer (DescribeRollbackRangeTime): it gives no range at all. The evidence (backups and binlogs) agrees: it refuses too (terraform_data.guard says why)."
    error_message = "Unexpected API message: ${jsonencode(output.api_failure_message)}"
  }
}

# `now` in another zone is the same moment: the module shows every time in Beijing time. 04:00 UTC is 12:00 in
# Beijing, and so are 23:30 the day before at -04:30 and 09:45 at +05:45.
run "now_in_utc" {
  command = plan

  variables {
    instance_id = "cdb-recov004"
    now         = "2025-06-30T04:00:00Z"
  }

  expect_failures = [terraform_data.guard, terraform_data.api_guard, check.binlog_age]

  assert {
    condition     = output.required_span.start == "2025-06-27T12:00:00+08:00" && output.required_span.finish == "2025-06-30T11:00:00+08:00"
    error_message = "Want the span 2025-06-27T12:00:00+08:00 to 2025-06-30T11:00:00+08:00; got ${jsonencode(output.required_span)}."
  }
  assert {
    condition     = output.failure_message == "cdb-recov004 cannot be restored to every moment of the last 3 days, from 2025-06-27T12:00:00+08:00 to 2025-06-30T11:00:00+08:00 (times in Beijing time, UTC+8), according to the evidence (backups and binlogs): the chain ends too early: the newest successful binlog ends at 2025-06-30T09:00:00+08:00, and the chain must reach 2025-06-30T11:00:00+08:00, an hour before now. Tencent Cloud's own answer (DescribeRollbackRangeTime) agrees: no range it gives covers the span (its ranges: from 2025-06-27T02:00:00+08:00 to 2025-06-30T09:00:00+08:00)."
    error_message = "Unexpected message: ${jsonencode(output.failure_message)}"
  }
}

run "now_behind_utc" {
  command = plan

  variables {
    instance_id = "cdb-recov001"
    now         = "2025-06-29T23:30:00-04:30"
  }

  assert {
    condition     = output.required_span.start == "2025-06-27T12:00:00+08:00" && output.required_span.finish == "2025-06-30T11:00:00+08:00"
    error_message = "Want the span 2025-06-27T12:00:00+08:00 to 2025-06-30T11:00:00+08:00; got ${jsonencode(output.required_span)}."
  }
  assert {
    condition     = output.restorable && output.base_backup.backup_id == 1400000001
    error_message = "Want restorable from 1400000001; got ${jsonencode(output.base_backup)}, ${jsonencode(output.failure_reasons)}."
  }
}

run "now_ahead_of_utc" {
  command = plan

  variables {
    instance_id = "cdb-recov001"
    now         = "2025-06-30T09:45:00+05:45"
  }

  assert {
    condition     = output.required_span.start == "2025-06-27T12:00:00+08:00" && output.required_span.finish == "2025-06-30T11:00:00+08:00"
    error_message = "Want the span 2025-06-27T12:00:00+08:00 to 2025-06-30T11:00:00+08:00; got ${jsonencode(output.required_span)}."
  }
}

# The backup policy's binlog retention. cdb-recov008's chain is whole from 2025-06-21 00:00, so the span of 8 days
# (from 2025-06-22 12:00, base the full backup of 2025-06-21 02:00) is restorable today; but its policy keeps
# binlogs for 7 days, and once the older ones are deleted it will not be: the binlog_retention guard fails the
# plan, alone.
run "short_binlog_retention_fails_the_plan" {
  command = plan

  variables {
    instance_id = "cdb-recov008"
    days        = 8
  }

  expect_failures = [terraform_data.binlog_retention]

  assert {
    condition     = output.restorable && jsonencode(output.failure_reasons) == "[]" && output.base_backup.backup_id == 1400000081
    error_message = "The chain of cdb-recov008 is whole: want it restorable from 1400000081; got ${jsonencode(output.failure_reasons)}, ${jsonencode(output.base_backup)}."
  }
  assert {
    condition     = output.binlog_retention_days == 7
    error_message = "Want binlogs kept for 7 days; got ${jsonencode(output.binlog_retention_days)}."
  }
  assert {
    condition     = output.binlog_retention_message == "cdb-recov008 keeps binlogs for 7 days (binlog_retention_days), fewer than the 8 days every moment of which must stay restorable (days): point-in-time recovery cannot reach back further than the binlogs kept."
    error_message = "Unexpected message: ${jsonencode(output.binlog_retention_message)}"
  }
}

# Half a day more than the binlogs are kept is too much as well.
run "binlog_retention_shorter_than_fractional_days_fails" {
  command = plan

  variables {
    instance_id = "cdb-recov008"
    days        = 7.5
  }

  expect_failures = [terraform_data.binlog_retention]

  assert {
    condition     = output.restorable && output.binlog_retention_message == "cdb-recov008 keeps binlogs for 7 days (binlog_retention_days), fewer than the 7.5 days every moment of which must stay restorable (days): point-in-time recovery cannot reach back further than the binlogs kept."
    error_message = "Unexpected message: ${jsonencode(output.binlog_retention_message)}"
  }
}

# Exactly as many days as the binlogs are kept passes.
run "binlog_retention_of_days_passes" {
  command = plan

  variables {
    instance_id = "cdb-recov008"
    days        = 7
  }

  assert {
    condition     = output.restorable && output.base_backup.backup_id == 1400000081 && output.binlog_retention_days == 7 && output.binlog_retention_message == null
    error_message = "Want restorable from 1400000081 and binlogs kept long enough; got ${jsonencode(output.base_backup)}, ${jsonencode(output.binlog_retention_days)}, ${jsonencode(output.binlog_retention_message)}."
  }
}

# Tencent Cloud's own answer (DescribeRollbackRangeTime) against the evidence. The mock derives it from the
# fixtures for cdb-recov001 to 008, where the two agree, and answers it as fixtures.json says for cdb-recov009 to
# 012 (see the top of this file).

# A lagging API: its range ends at 2025-06-30 09:30, two hours before the binlogs do and more than an hour before
# now. The evidence passes; the API's guard fails, naming the range and saying that the evidence disagrees, and the
# check names the two hours.
run "lagging_api_fails_the_api_guard" {
  command = plan

  variables {
    instance_id = "cdb-recov009"
  }

  expect_failures = [terraform_data.api_guard, check.disagreements]

  assert {
    condition     = output.evidence_restorable && jsonencode(output.failure_reasons) == "[]" && output.failure_message == null
    error_message = "The evidence of cdb-recov009 is that of cdb-recov001: want it restorable; got ${jsonencode(output.failure_reasons)}: ${jsonencode(output.failure_message)}."
  }
  assert {
    condition     = !output.api_restorable && !output.restorable
    error_message = "Want the API to refuse, and so the module; got ${jsonencode(output.api_restorable)}, ${jsonencode(output.restorable)}."
  }
  assert {
    condition     = jsonencode(output.api_ranges) == jsonencode([{ start = "2025-06-27T02:00:00+08:00", finish = "2025-06-30T09:30:00+08:00" }])
    error_message = "Want the API's range to end two hours early, at 09:30; got ${jsonencode(output.api_ranges)}."
  }
  assert {
    condition     = output.api_failure_message == "cdb-recov009 cannot be restored to every moment of the last 3 days, from 2025-06-27T12:00:00+08:00 to 2025-06-30T11:00:00+08:00 (times in Beijing time, UTC+8), according to Tencent Cloud's own answer (DescribeRollbackRangeTime): no range it gives covers the span (its ranges: from 2025-06-27T02:00:00+08:00 to 2025-06-30T09:30:00+08:00). The evidence (backups and binlogs) disagrees: it finds the span restorable, from the base backup 1400000091, taken at 2025-06-27T02:00:00+08:00, through binlogs that reach 2025-06-30T11:30:00+08:00; the binlogs cover what Tencent Cloud's answer does not: from 2025-06-30T09:30:00+08:00 to 2025-06-30T11:30:00+08:00."
    error_message = "Unexpected API message: ${jsonencode(output.api_failure_message)}"
  }
  assert {
    condition = jsonencode(output.disagreements) == jsonencode([
      { start = "2025-06-27T00:00:00+08:00", finish = "2025-06-27T02:00:00+08:00", claimed_by = "binlogs" },
      { start = "2025-06-30T09:30:00+08:00", finish = "2025-06-30T11:30:00+08:00", claimed_by = "binlogs" },
    ])
    error_message = "Want the binlogs to claim 06-27 00:00 to 02:00 and 06-30 09:30 to 11:30; got ${jsonencode(output.disagreements)}."
  }
  assert {
    condition     = jsonencode(output.span_disagreements) == jsonencode([{ start = "2025-06-30T09:30:00+08:00", finish = "2025-06-30T11:30:00+08:00", claimed_by = "binlogs" }])
    error_message = "Want a warning for 06-30 09:30 to 11:30 only; got ${jsonencode(output.span_disagreements)}."
  }
  assert {
    condition     = output.disagreement_message == "Tencent Cloud's own answer (DescribeRollbackRangeTime) and the evidence (binlogs) of cdb-recov009 disagree on parts of the last 3 days, from 2025-06-27T12:00:00+08:00 to 2025-06-30T12:00:00+08:00 (Beijing time, UTC+8): from 2025-06-30T09:30:00+08:00 to 2025-06-30T11:30:00+08:00, which the binlogs cover and the API does not say can be restored to."
    error_message = "Unexpected warning: ${jsonencode(output.disagreement_message)}"
  }
}

# A lag within the hour: cdb-recov010's range ends 20 minutes early, at 11:10, still after 11:00. Both guards pass;
# only the check warns, about the 20 minutes after the span.
run "api_lagging_within_the_hour_warns" {
  command = plan

  variables {
    instance_id = "cdb-recov010"
  }

  expect_failures = [check.disagreements]

  assert {
    condition     = output.restorable && output.evidence_restorable && output.api_restorable && output.api_failure_message == null
    error_message = "Want both sides to say restorable; got ${jsonencode(output.evidence_restorable)}, ${jsonencode(output.api_restorable)}: ${jsonencode(output.api_failure_message)}."
  }
  assert {
    condition     = jsonencode(output.api_ranges) == jsonencode([{ start = "2025-06-27T02:00:00+08:00", finish = "2025-06-30T11:10:00+08:00" }])
    error_message = "Want the API's range to end at 11:10; got ${jsonencode(output.api_ranges)}."
  }
  assert {
    condition     = jsonencode(output.span_disagreements) == jsonencode([{ start = "2025-06-30T11:10:00+08:00", finish = "2025-06-30T11:30:00+08:00", claimed_by = "binlogs" }])
    error_message = "Want a warning for 11:10 to 11:30; got ${jsonencode(output.span_disagreements)}."
  }
  assert {
    condition     = output.disagreement_message == "Tencent Cloud's own answer (DescribeRollbackRangeTime) and the evidence (binlogs) of cdb-recov010 disagree on parts of the last 3 days, from 2025-06-27T12:00:00+08:00 to 2025-06-30T12:00:00+08:00 (Beijing time, UTC+8): from 2025-06-30T11:10:00+08:00 to 2025-06-30T11:30:00+08:00, which the binlogs cover and the API does not say can be restored to."
    error_message = "Unexpected warning: ${jsonencode(output.disagreement_message)}"
  }
}

# With a tolerance of 30 minutes the same 20 minutes do not count, and nothing warns; the two hours before the first
# full backup still do.
run "api_lag_under_the_tolerance_passes" {
  command = plan

  variables {
    instance_id = "cdb-recov010"
    tolerance   = "30m"
  }

  assert {
    condition     = output.restorable && jsonencode(output.span_disagreements) == "[]" && output.disagreement_message == null
    error_message = "Want restorable and no warning; got ${jsonencode(output.restorable)}, ${jsonencode(output.span_disagreements)}: ${jsonencode(output.disagreement_message)}."
  }
  assert {
    condition     = jsonencode(output.disagreements) == jsonencode([{ start = "2025-06-27T00:00:00+08:00", finish = "2025-06-27T02:00:00+08:00", claimed_by = "binlogs" }])
    error_message = "Want only the two hours before the first full backup; got ${jsonencode(output.disagreements)}."
  }
}

# A gap the API does not report: cdb-recov011 has the binlogs of cdb-recov002, without the one of 2025-06-28 12:00
# to 18:00, and the API answers one range across the gap, 2025-06-27 02:00 to 2025-06-30 11:30. The evidence's
# guard fails, saying that the API disagrees and claims the gap; the API's guard passes; the check names the gap.
run "gap_the_api_does_not_report_fails_the_guard" {
  command = plan

  variables {
    instance_id = "cdb-recov011"
  }

  expect_failures = [terraform_data.guard, check.disagreements]

  assert {
    condition     = !output.restorable && !output.evidence_restorable && output.api_restorable && output.api_failure_message == null
    error_message = "Want the evidence to refuse and the API to pass; got ${jsonencode(output.evidence_restorable)}, ${jsonencode(output.api_restorable)}: ${jsonencode(output.api_failure_message)}."
  }
  assert {
    condition     = jsonencode(output.failure_reasons) == jsonencode(["gap"])
    error_message = "Want the gap check to fail alone; got ${jsonencode(output.failure_reasons)}."
  }
  assert {
    condition     = output.failure_message == "cdb-recov011 cannot be restored to every moment of the last 3 days, from 2025-06-27T12:00:00+08:00 to 2025-06-30T11:00:00+08:00 (times in Beijing time, UTC+8), according to the evidence (backups and binlogs): a gap in the binlogs between the base backup 1400000111, taken at 2025-06-27T02:00:00+08:00, and 2025-06-30T11:00:00+08:00: no moment from 2025-06-28T12:00:00+08:00 to 2025-06-28T18:00:00+08:00 can be restored to. Tencent Cloud's own answer (DescribeRollbackRangeTime) disagrees: its range from 2025-06-27T02:00:00+08:00 to 2025-06-30T11:30:00+08:00 covers the span, and it claims restorable what the binlogs do not cover: from 2025-06-28T12:00:00+08:00 to 2025-06-28T18:00:00+08:00."
    error_message = "Unexpected message: ${jsonencode(output.failure_message)}"
  }
  assert {
    condition = jsonencode(output.disagreements) == jsonencode([
      { start = "2025-06-27T00:00:00+08:00", finish = "2025-06-27T02:00:00+08:00", claimed_by = "binlogs" },
      { start = "2025-06-28T12:00:00+08:00", finish = "2025-06-28T18:00:00+08:00", claimed_by = "api" },
    ])
    error_message = "Want the binlogs to claim 06-27 00:00 to 02:00 and the API the gap; got ${jsonencode(output.disagreements)}."
  }
  assert {
    condition     = output.disagreement_message == "Tencent Cloud's own answer (DescribeRollbackRangeTime) and the evidence (binlogs) of cdb-recov011 disagree on parts of the last 3 days, from 2025-06-27T12:00:00+08:00 to 2025-06-30T12:00:00+08:00 (Beijing time, UTC+8): from 2025-06-28T12:00:00+08:00 to 2025-06-28T18:00:00+08:00, which the API says can be restored to and the binlogs do not cover."
    error_message = "Unexpected warning: ${jsonencode(output.disagreement_message)}"
  }
}

# An API that gives no range for an instance whose evidence is whole (cdb-recov012, the binlogs of cdb-recov001): the
# API's guard fails. The binlogs claim their whole window, which covers the span: the guard's message says so, and
# the check, which is for parts of the span, does not warn.
run "api_without_ranges_fails_the_api_guard" {
  command = plan

  variables {
    instance_id = "cdb-recov012"
  }

  expect_failures = [terraform_data.api_guard]

  assert {
    condition     = output.evidence_restorable && !output.api_restorable && jsonencode(output.api_ranges) == "[]"
    error_message = "Want the evidence to pass and the API to refuse, with no range; got ${jsonencode(output.evidence_restorable)}, ${jsonencode(output.api_restorable)}, ${jsonencode(output.api_ranges)}."
  }
  assert {
    condition     = output.api_failure_message == "cdb-recov012 cannot be restored to every moment of the last 3 days, from 2025-06-27T12:00:00+08:00 to 2025-06-30T11:00:00+08:00 (times in Beijing time, UTC+8), according to Tencent Cloud's own answer (DescribeRollbackRangeTime): it gives no range at all. The evidence (backups and binlogs) disagrees: it finds the span restorable, from the base backup 1400000121, taken at 2025-06-27T02:00:00+08:00, through binlogs that reach 2025-06-30T11:30:00+08:00; the binlogs cover what Tencent Cloud's answer does not: from 2025-06-27T00:00:00+08:00 to 2025-06-30T11:30:00+08:00."
    error_message = "Unexpected API message: ${jsonencode(output.api_failure_message)}"
  }
  assert {
    condition     = jsonencode(output.disagreements) == jsonencode([{ start = "2025-06-27T00:00:00+08:00", finish = "2025-06-30T11:30:00+08:00", claimed_by = "binlogs" }])
    error_message = "Want the binlogs to claim their whole window; got ${jsonencode(output.disagreements)}."
  }
  assert {
    condition     = jsonencode(output.span_disagreements) == "[]" && output.disagreement_message == null
    error_message = "Want no warning for a disagreement that covers the whole span; got ${jsonencode(output.span_disagreements)}: ${jsonencode(output.disagreement_message)}."
  }
}
