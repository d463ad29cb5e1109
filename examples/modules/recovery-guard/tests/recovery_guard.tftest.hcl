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

  expect_failures = [terraform_data.guard]

  assert {
    condition     = jsonencode(output.failure_reasons) == jsonencode(["no_base_backup", "starts_too_late"]) && output.base_backup == null
    error_message = "With four days required no full backup is old enough, and the binlogs start after the span does; got ${jsonencode(output.failure_reasons)}, base ${jsonencode(output.base_backup)}."
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

# The binlog of 2025-06-28 12:00 to 18:00 is missing: no chain runs from the base backup to now.
run "gap_fails_the_plan" {
  command = plan

  variables {
    instance_id = "cdb-recov002"
  }

  expect_failures = [terraform_data.guard]

  assert {
    condition     = !output.restorable && jsonencode(output.failure_reasons) == jsonencode(["gap"])
    error_message = "Want the gap check to fail alone; got ${jsonencode(output.failure_reasons)}."
  }
  assert {
    condition     = jsonencode(output.gaps) == jsonencode([{ start = "2025-06-28T12:00:00+08:00", finish = "2025-06-28T18:00:00+08:00" }])
    error_message = "Want the gap 2025-06-28 12:00 to 18:00; got ${jsonencode(output.gaps)}."
  }
  assert {
    condition     = output.failure_message == "cdb-recov002 cannot be restored to every moment of the last 3 days, from 2025-06-27T12:00:00+08:00 to 2025-06-30T11:00:00+08:00 (times in Beijing time, UTC+8): a gap in the binlogs between the base backup 1400000011, taken at 2025-06-27T02:00:00+08:00, and 2025-06-30T11:00:00+08:00: no moment from 2025-06-28T12:00:00+08:00 to 2025-06-28T18:00:00+08:00 can be restored to."
    error_message = "Unexpected message: ${jsonencode(output.failure_message)}"
  }
}

# No full backup at or before the start of the span (the oldest is of 2025-06-29 02:00), though the chain is whole.
run "no_base_backup_fails_the_plan" {
  command = plan

  variables {
    instance_id = "cdb-recov003"
  }

  expect_failures = [terraform_data.guard]

  assert {
    condition     = jsonencode(output.failure_reasons) == jsonencode(["no_base_backup"]) && output.base_backup == null
    error_message = "Want the base check to fail alone; got ${jsonencode(output.failure_reasons)}."
  }
  assert {
    condition     = output.earliest_restorable_time == "2025-06-29T02:00:00+08:00"
    error_message = "Want 2025-06-29T02:00:00+08:00, the oldest full backup; got ${jsonencode(output.earliest_restorable_time)}."
  }
  assert {
    condition     = output.failure_message == "cdb-recov003 cannot be restored to every moment of the last 3 days, from 2025-06-27T12:00:00+08:00 to 2025-06-30T11:00:00+08:00 (times in Beijing time, UTC+8): no full backup old enough: none was taken at or before 2025-06-27T12:00:00+08:00; the oldest successful one was taken at 2025-06-29T02:00:00+08:00."
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

  expect_failures = [terraform_data.guard, check.binlog_age]

  assert {
    condition     = jsonencode(output.failure_reasons) == jsonencode(["ends_too_early"]) && output.latest_recovery_point == "2025-06-30T09:00:00+08:00"
    error_message = "Want the end check to fail alone, at 09:00; got ${jsonencode(output.failure_reasons)}, ${jsonencode(output.latest_recovery_point)}."
  }
  assert {
    condition     = output.failure_message == "cdb-recov004 cannot be restored to every moment of the last 3 days, from 2025-06-27T12:00:00+08:00 to 2025-06-30T11:00:00+08:00 (times in Beijing time, UTC+8): the chain ends too early: the newest successful binlog ends at 2025-06-30T09:00:00+08:00, and the chain must reach 2025-06-30T11:00:00+08:00, an hour before now."
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

  expect_failures = [terraform_data.guard]

  assert {
    condition     = jsonencode(output.failure_reasons) == jsonencode(["starts_too_late"]) && output.base_backup.backup_id == 1400000061
    error_message = "Want the start check to fail alone, with the base 1400000061; got ${jsonencode(output.failure_reasons)}, ${jsonencode(output.base_backup)}."
  }
  assert {
    condition     = output.earliest_restorable_time == "2025-06-28T02:00:00+08:00"
    error_message = "Want 2025-06-28T02:00:00+08:00, the oldest full backup after the oldest binlog; got ${jsonencode(output.earliest_restorable_time)}."
  }
  assert {
    condition     = output.failure_message == "cdb-recov006 cannot be restored to every moment of the last 3 days, from 2025-06-27T12:00:00+08:00 to 2025-06-30T11:00:00+08:00 (times in Beijing time, UTC+8): the chain starts too late: the oldest successful binlog starts at 2025-06-28T00:00:00+08:00, after the base backup 1400000061, taken at 2025-06-27T02:00:00+08:00."
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

  expect_failures = [terraform_data.guard]

  assert {
    condition     = jsonencode(output.failure_reasons) == jsonencode(["gap"]) && output.base_backup.backup_id == 1400000052
    error_message = "Want the gap check to fail alone, with the base 1400000052; got ${jsonencode(output.failure_reasons)}, ${jsonencode(output.base_backup)}."
  }
  assert {
    condition     = jsonencode(output.gaps) == jsonencode([{ start = "2025-06-26T05:00:00+08:00", finish = "2025-06-26T06:00:00+08:00" }])
    error_message = "Want the gap 2025-06-26 05:00 to 06:00 only; got ${jsonencode(output.gaps)}."
  }
  assert {
    condition     = output.failure_message == "cdb-recov005 cannot be restored to every moment of the last 4.25 days, from 2025-06-26T06:00:00+08:00 to 2025-06-30T11:00:00+08:00 (times in Beijing time, UTC+8): a gap in the binlogs between the base backup 1400000052, taken at 2025-06-26T05:30:00+08:00, and 2025-06-30T11:00:00+08:00: no moment from 2025-06-26T05:00:00+08:00 to 2025-06-26T06:00:00+08:00 can be restored to."
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

  expect_failures = [terraform_data.guard]

  assert {
    condition     = jsonencode(output.failure_reasons) == jsonencode(["gap", "starts_too_late"]) && output.base_backup.backup_id == 1400000050
    error_message = "Want the gap and start checks to fail, with the base 1400000050; got ${jsonencode(output.failure_reasons)}, ${jsonencode(output.base_backup)}."
  }
  assert {
    condition     = output.failure_message == "cdb-recov005 cannot be restored to every moment of the last 4.5 days, from 2025-06-26T00:00:00+08:00 to 2025-06-30T11:00:00+08:00 (times in Beijing time, UTC+8): a gap in the binlogs between the base backup 1400000050, taken at 2025-06-25T21:10:00+08:00, and 2025-06-30T11:00:00+08:00: no moment from 2025-06-26T05:00:00+08:00 to 2025-06-26T06:00:00+08:00 can be restored to; the chain starts too late: the oldest successful binlog starts at 2025-06-26T03:00:00+08:00, after the base backup 1400000050, taken at 2025-06-25T21:10:00+08:00."
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

  expect_failures = [terraform_data.guard]

  assert {
    condition     = jsonencode(output.failure_reasons) == jsonencode(["no_base_backup", "gap", "starts_too_late"])
    error_message = "Want the base, gap and start checks to fail; got ${jsonencode(output.failure_reasons)}."
  }
  assert {
    condition     = output.failure_message == "cdb-recov005 cannot be restored to every moment of the last 5 days, from 2025-06-25T12:00:00+08:00 to 2025-06-30T11:00:00+08:00 (times in Beijing time, UTC+8): no full backup old enough: none was taken at or before 2025-06-25T12:00:00+08:00; the oldest successful one was taken at 2025-06-25T21:10:00+08:00; a gap in the binlogs between the start of the span, 2025-06-25T12:00:00+08:00, and 2025-06-30T11:00:00+08:00: no moment from 2025-06-26T05:00:00+08:00 to 2025-06-26T06:00:00+08:00 can be restored to; the chain starts too late: the oldest successful binlog starts at 2025-06-26T03:00:00+08:00, after the start of the span, 2025-06-25T12:00:00+08:00."
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

  expect_failures = [terraform_data.guard, check.binlog_age]

  assert {
    condition     = jsonencode(output.failure_reasons) == jsonencode(["no_base_backup", "ends_too_early"])
    error_message = "Want the base and end checks to fail; got ${jsonencode(output.failure_reasons)}."
  }
  assert {
    condition     = output.failure_message == "cdb-recov007 cannot be restored to every moment of the last 3 days, from 2025-06-27T12:00:00+08:00 to 2025-06-30T11:00:00+08:00 (times in Beijing time, UTC+8): no full backup old enough: there is no successful full backup at all; the chain ends too early: there is no successful binlog."
    error_message = "Unexpected message: ${jsonencode(output.failure_message)}"
  }
  assert {
    condition     = output.earliest_restorable_time == null && output.latest_recovery_point == null && jsonencode(output.recovery_windows) == "[]"
    error_message = "Want nothing restorable; got ${jsonencode(output.earliest_restorable_time)}, ${jsonencode(output.latest_recovery_point)}, ${jsonencode(output.recovery_windows)}."
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

  expect_failures = [terraform_data.guard, check.binlog_age]

  assert {
    condition     = output.required_span.start == "2025-06-27T12:00:00+08:00" && output.required_span.finish == "2025-06-30T11:00:00+08:00"
    error_message = "Want the span 2025-06-27T12:00:00+08:00 to 2025-06-30T11:00:00+08:00; got ${jsonencode(output.required_span)}."
  }
  assert {
    condition     = output.failure_message == "cdb-recov004 cannot be restored to every moment of the last 3 days, from 2025-06-27T12:00:00+08:00 to 2025-06-30T11:00:00+08:00 (times in Beijing time, UTC+8): the chain ends too early: the newest successful binlog ends at 2025-06-30T09:00:00+08:00, and the chain must reach 2025-06-30T11:00:00+08:00, an hour before now."
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
