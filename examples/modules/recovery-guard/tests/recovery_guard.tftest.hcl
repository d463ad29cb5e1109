# Runs the module against the mock Tencent Cloud API, offline: scripts/module-test.sh (make module-test) starts
# the mock with fixtures.json, whose instances are made for the runs below, and points the provider at it.
#
# The fixtures' times are fixed (Beijing time): full backups at 02:00 on 2025-06-27 to 30 (fewer on cdb-recov003),
# binlogs of six hours each from 2025-06-27 00:00. The runs measure from a fixed `now`, 2025-06-30T12:00:00+08:00,
# and require the last 3 days: every moment from 2025-06-27T12:00:00+08:00 to within an hour of now.

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
    condition     = output.restorable
    error_message = "cdb-recov001 has an unbroken chain; it must be restorable."
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
    condition     = length(output.gaps) == 0
    error_message = "Want no gap; got ${jsonencode(output.gaps)}."
  }
  assert {
    condition     = output.latest_recovery_point == "2025-06-30T11:30:00+08:00"
    error_message = "Want the chain to end at 11:30, where the running binlog starts; got ${jsonencode(output.latest_recovery_point)}."
  }
}

# A shorter span than the gap's age: the base is then the full backup of 2025-06-29 02:00, after the gap.
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
    condition     = output.earliest_restorable_time == "2025-06-29T02:00:00+08:00"
    error_message = "Want 2025-06-29T02:00:00+08:00, the oldest full backup after the gap; got ${jsonencode(output.earliest_restorable_time)}."
  }
}

# The binlog of 2025-06-28 12:00 to 18:00 is missing: no chain runs from the base backup to now, and the guard's
# precondition fails the plan.
run "gap_fails_the_plan" {
  command = plan

  variables {
    instance_id = "cdb-recov002"
  }

  expect_failures = [terraform_data.guard]
}

# No full backup at or before the start of the span.
run "no_base_backup_fails_the_plan" {
  command = plan

  variables {
    instance_id = "cdb-recov003"
  }

  expect_failures = [terraform_data.guard]
}

# The binlogs stop at 09:00 and none is being written: the chain does not reach within an hour of now (the guard
# fails) and the newest binlog is three hours old (the check warns).
run "stale_binlogs_fail_the_plan_and_the_check" {
  command = plan

  variables {
    instance_id = "cdb-recov004"
  }

  expect_failures = [terraform_data.guard, check.binlog_age]
}
