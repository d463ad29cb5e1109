# Runs the module against the mock Tencent Cloud API, offline: scripts/module-test.sh (make module-test) starts
# the mock with fixtures.json, whose instances are made for the runs below, and points the provider at it.
#
# The fixtures' dates are fixed (Beijing time, 2025-06-27 to 2025-06-30), so the runs measure age from a fixed
# `now`, 2025-06-30T12:00:00+08:00, instead of the time of the plan; only the last run uses the real clock.

variables {
  now = "2025-06-30T12:00:00+08:00"
}

# The mock's default key (it checks signatures like the real API). The endpoint comes from
# TENCENTCLOUD_CDB_ENDPOINT, which the script sets to the mock's: a test file's provider block cannot portably
# read it from a TF_VAR_ variable (OpenTofu refuses variables the module does not declare, and Terraform parses
# them as HCL expressions, so TF_VAR_endpoint=http://... would be unknown).
provider "tencentcloud" {
  region     = "ap-guangzhou"
  secret_id  = "AKIDmockTcmock0000000000000000000000"
  secret_key = "mockSecretKeyTcmock0000000000000"
}

# The newest backup is RUNNING and the one before FAILED: the guard takes the newest SUCCESS one, 10 hours old.
# Applied, not only planned, so the guard is created (and destroyed when the file ends) like in a real stack.
run "healthy_instance_passes" {
  variables {
    instance_id = "cdb-fresh001"
  }

  assert {
    condition     = output.latest_backup_id == 1300000002
    error_message = "Want backup 1300000002, the newest successful one; got ${jsonencode(output.latest_backup_id)}."
  }
  assert {
    condition     = output.latest_backup_name == "cdb-fresh001_backup_20250630020000"
    error_message = "Wrong name: ${jsonencode(output.latest_backup_name)}."
  }
  assert {
    condition     = output.latest_backup_date == "2025-06-30T02:00:00+08:00"
    error_message = "Wrong date: ${jsonencode(output.latest_backup_date)}."
  }
  assert {
    condition     = output.latest_backup_age_hours == 10 && output.backup_is_fresh
    error_message = "Want a fresh backup 10 hours old; got ${jsonencode(output.latest_backup_age_hours)} hours."
  }
  assert {
    condition     = output.backup_policy == null && jsonencode(output.policy_failures) == "{}"
    error_message = "With no policy requirement set, the policy must not be read; got ${jsonencode(output.backup_policy)}."
  }
}

# With require_physical, the newer logical backup does not count: the physical one, 16 hours old, does.
run "physical_backup_when_required" {
  command = plan

  variables {
    instance_id      = "cdb-fresh001"
    require_physical = true
  }

  assert {
    condition     = output.latest_backup_id == 1300000001 && output.latest_backup_age_hours == 16
    error_message = "Want physical backup 1300000001, 16 hours old; got ${jsonencode(output.latest_backup_id)}, ${jsonencode(output.latest_backup_age_hours)} hours."
  }
  assert {
    condition     = output.backup_is_fresh
    error_message = "A 16-hour-old backup is fresh with max_age_hours = 24."
  }
}

# The only successful backup is 82 hours old: the plan goes on, and the backup_age check fails (a warning in a
# plan; expect_failures makes it the expected outcome of this run, and fails the run if the check passes).
run "stale_backup_fails_the_check" {
  command = plan

  variables {
    instance_id = "cdb-stale001"
  }

  expect_failures = [check.backup_age]

  assert {
    condition     = output.latest_backup_id == 1400000001 && output.latest_backup_age_hours == 82
    error_message = "Want backup 1400000001, 82 hours old; got ${jsonencode(output.latest_backup_id)}, ${jsonencode(output.latest_backup_age_hours)} hours."
  }
  assert {
    condition     = !output.backup_is_fresh
    error_message = "An 82-hour-old backup is stale with max_age_hours = 24."
  }
}

# The same backup passes when the caller allows 4 days.
run "stale_backup_within_a_longer_max_age" {
  command = plan

  variables {
    instance_id   = "cdb-stale001"
    max_age_hours = 96
  }

  assert {
    condition     = output.backup_is_fresh
    error_message = "An 82-hour-old backup is fresh with max_age_hours = 96."
  }
}

# Only RUNNING and FAILED backups: the guard's precondition fails the plan.
run "no_successful_backup_fails_the_plan" {
  command = plan

  variables {
    instance_id = "cdb-nobackup"
  }

  expect_failures = [terraform_data.guard]
}

# Successful logical backups, but the only physical one FAILED: fine by default, a failed plan when a physical
# backup is required.
run "logical_backups_count_by_default" {
  command = plan

  variables {
    instance_id = "cdb-logical1"
  }

  assert {
    condition     = output.latest_backup_id == 1600000003 && output.backup_is_fresh
    error_message = "Want the manual logical backup 1600000003, fresh; got ${jsonencode(output.latest_backup_id)}."
  }
}

run "no_physical_backup_fails_when_required" {
  command = plan

  variables {
    instance_id      = "cdb-logical1"
    require_physical = true
  }

  expect_failures = [terraform_data.guard]
}

# A successful backup whose date the API left empty: the provider gives a null date. It counts for the guard,
# but its age is unknown, so the check fails instead of the plan erroring on a null time.
run "backup_without_a_date_fails_the_check" {
  command = plan

  variables {
    instance_id = "cdb-nodate01"
  }

  expect_failures = [check.backup_age]

  assert {
    condition     = output.latest_backup_id == 1700000001 && output.latest_backup_date == null
    error_message = "Want backup 1700000001 with a null date; got ${jsonencode(output.latest_backup_id)}, ${jsonencode(output.latest_backup_date)}."
  }
  assert {
    condition     = output.latest_backup_age_hours == null && !output.backup_is_fresh
    error_message = "A backup without a date has no age and is not fresh."
  }
}

# Without `now`, age is measured from plantimestamp(): the fixtures' backups are from June 2025, so this one is
# more than a day old by any clock this test runs on.
run "age_from_the_time_of_the_plan" {
  command = plan

  variables {
    instance_id = "cdb-logical1"
    now         = null
  }

  expect_failures = [check.backup_age]

  assert {
    condition     = output.latest_backup_age_hours > 24 && !output.backup_is_fresh
    error_message = "The fixtures' backups are older than a day; got ${jsonencode(output.latest_backup_age_hours)} hours."
  }
}

# Requirements on the backup policy. Each instance below has one successful backup, 10 hours old, so the guard of
# the backups and the backup_age check pass; the fixtures give each a policy (the mock serves a new instance's for
# what they leave out: backups and binlogs kept 7 days, the least the API allows, physical backups, 02:00-06:00
# every weekday, no cross-region copy, no encryption). The API gives every weekday with a window the same window.
#
# cdb-pstrong1  backups 30 days, binlogs 14, physical, encrypted, copied to ap-shanghai and ap-beijing; weekly, on
#               Mondays, Wednesdays, Fridays and Sundays 23:00-01:30 (2.5 hours, past midnight), no window on the
#               other days.
# cdb-pdefault  a new instance's policy.
# cdb-pmonth01  monthly strategy, on days 1 and 15, 22:30-01:00 (2.5 hours, past midnight); weekday windows of 8
#               hours (00:00-08:00), which the monthly strategy does not use.
# cdb-pregion1  logical backups, encryption on (which logical backups do not get), copied to ap-shanghai; weekly,
#               every day 01:30-03:00 (1.5 hours).
# cdb-pnoreg01  cross-region copies on, but to no region.
#
# Every expected value and message is worked out by hand from fixtures.json.

# Every requirement met, at the limits (2.5 hours is the window past midnight). Applied, so the guards are created
# like in a real stack.
run "policy_meets_every_requirement" {
  variables {
    instance_id               = "cdb-pstrong1"
    min_backup_retention_days = 30
    min_binlog_retention_days = 14
    require_cross_region      = true
    cross_region_in           = ["ap-beijing", "ap-shanghai"]
    require_encryption        = true
    max_backup_window_hours   = 2.5
  }

  assert {
    condition     = jsonencode(output.policy_failures) == "{}"
    error_message = "Want no failure; got ${jsonencode(output.policy_failures)}."
  }
  assert {
    condition     = output.backup_policy.backup_retention_days == 30 && output.backup_policy.binlog_retention_days == 14
    error_message = "Want backups kept 30 days and binlogs 14; got ${jsonencode(output.backup_policy)}."
  }
  assert {
    condition     = jsonencode(output.backup_policy.cross_region_regions) == jsonencode(["ap-shanghai", "ap-beijing"])
    error_message = "Want copies in ap-shanghai and ap-beijing; got ${jsonencode(output.backup_policy.cross_region_regions)}."
  }
  assert {
    condition     = output.backup_policy.encryption_enabled && output.backup_policy.backup_method == "physical"
    error_message = "Want encrypted physical backups; got ${jsonencode(output.backup_policy)}."
  }
  assert {
    condition = output.backup_policy.backup_window_strategy == "weekly" && jsonencode(output.backup_policy.backup_windows) == jsonencode({
      monday    = { start = "23:00", end = "01:30", hours = 2.5 }
      wednesday = { start = "23:00", end = "01:30", hours = 2.5 }
      friday    = { start = "23:00", end = "01:30", hours = 2.5 }
      sunday    = { start = "23:00", end = "01:30", hours = 2.5 }
    })
    error_message = "Unexpected windows: ${jsonencode(output.backup_policy.backup_windows)}."
  }
  assert {
    condition     = output.backup_policy.longest_backup_window_hours == 2.5
    error_message = "Want the longest window to last 2.5 hours (past midnight); got ${jsonencode(output.backup_policy.longest_backup_window_hours)}."
  }
}

# false is no requirement, as null is: the policy is not read.
run "false_requirements_read_nothing" {
  command = plan

  variables {
    instance_id          = "cdb-fresh001"
    require_cross_region = false
    require_encryption   = false
  }

  assert {
    condition     = output.backup_policy == null && jsonencode(output.policy_failures) == "{}"
    error_message = "Want no policy read; got ${jsonencode(output.backup_policy)}."
  }
}

# A new instance's policy meets requirements of exactly its values: 7 days each, windows of 4 hours.
run "default_policy_meets_its_own_values" {
  command = plan

  variables {
    instance_id               = "cdb-pdefault"
    min_backup_retention_days = 7
    min_binlog_retention_days = 7
    max_backup_window_hours   = 4
  }

  assert {
    condition     = jsonencode(output.policy_failures) == "{}"
    error_message = "Want no failure; got ${jsonencode(output.policy_failures)}."
  }
  assert {
    condition     = output.backup_policy.longest_backup_window_hours == 4 && length(output.backup_policy.backup_windows) == 7
    error_message = "Want seven windows of 4 hours; got ${jsonencode(output.backup_policy.backup_windows)}."
  }
  assert {
    condition     = jsonencode(output.backup_policy.cross_region_regions) == "[]" && !output.backup_policy.encryption_enabled
    error_message = "Want no copies and no encryption; got ${jsonencode(output.backup_policy)}."
  }
}

run "backup_retention_below_the_minimum_fails" {
  command = plan

  variables {
    instance_id               = "cdb-pdefault"
    min_backup_retention_days = 8
  }

  expect_failures = [terraform_data.min_backup_retention_days]

  assert {
    condition     = jsonencode(keys(output.policy_failures)) == jsonencode(["min_backup_retention_days"])
    error_message = "Want min_backup_retention_days to fail alone; got ${jsonencode(output.policy_failures)}."
  }
  assert {
    condition     = output.policy_failures.min_backup_retention_days == "cdb-pdefault keeps backups for 7 days (backup_retention_days); at least 8 are required (min_backup_retention_days)."
    error_message = "Unexpected message: ${jsonencode(output.policy_failures)}"
  }
}

# Backups kept long enough, binlogs not.
run "binlog_retention_below_the_minimum_fails" {
  command = plan

  variables {
    instance_id               = "cdb-pstrong1"
    min_backup_retention_days = 30
    min_binlog_retention_days = 15
  }

  expect_failures = [terraform_data.min_binlog_retention_days]

  assert {
    condition     = jsonencode(keys(output.policy_failures)) == jsonencode(["min_binlog_retention_days"])
    error_message = "Want min_binlog_retention_days to fail alone; got ${jsonencode(output.policy_failures)}."
  }
  assert {
    condition     = output.policy_failures.min_binlog_retention_days == "cdb-pstrong1 keeps binlogs for 14 days (binlog_retention_days); at least 15 are required (min_binlog_retention_days)."
    error_message = "Unexpected message: ${jsonencode(output.policy_failures)}"
  }
}

run "no_cross_region_copy_fails" {
  command = plan

  variables {
    instance_id          = "cdb-pdefault"
    require_cross_region = true
  }

  expect_failures = [terraform_data.require_cross_region]

  assert {
    condition     = output.policy_failures.require_cross_region == "cdb-pdefault does not copy its backups to another region (cross_region.backup_enabled is false); a copy in at least one other region is required (require_cross_region)."
    error_message = "Unexpected message: ${jsonencode(output.policy_failures)}"
  }
}

run "cross_region_copy_to_no_region_fails" {
  command = plan

  variables {
    instance_id          = "cdb-pnoreg01"
    require_cross_region = true
  }

  expect_failures = [terraform_data.require_cross_region]

  assert {
    condition     = output.policy_failures.require_cross_region == "cdb-pnoreg01 copies its backups to no region (cross_region.backup_enabled is true, cross_region.regions is empty); a copy in at least one other region is required (require_cross_region)."
    error_message = "Unexpected message: ${jsonencode(output.policy_failures)}"
  }
}

run "cross_region_copy_in_the_region_required_passes" {
  command = plan

  variables {
    instance_id          = "cdb-pregion1"
    require_cross_region = true
    cross_region_in      = ["ap-shanghai"]
  }

  assert {
    condition     = jsonencode(output.policy_failures) == "{}" && jsonencode(output.backup_policy.cross_region_regions) == jsonencode(["ap-shanghai"])
    error_message = "Want copies in ap-shanghai and no failure; got ${jsonencode(output.backup_policy)}, ${jsonencode(output.policy_failures)}."
  }
  assert {
    condition     = output.backup_policy.longest_backup_window_hours == 1.5 && output.backup_policy.backup_windows.tuesday.hours == 1.5
    error_message = "Want windows of 1.5 hours (01:30-03:00); got ${jsonencode(output.backup_policy.backup_windows)}."
  }
}

# cross_region_in alone implies require_cross_region; ap-beijing receives no copy.
run "cross_region_in_with_a_missing_region_fails" {
  command = plan

  variables {
    instance_id     = "cdb-pregion1"
    cross_region_in = ["ap-shanghai", "ap-beijing"]
  }

  expect_failures = [terraform_data.require_cross_region]

  assert {
    condition     = jsonencode(keys(output.policy_failures)) == jsonencode(["require_cross_region"])
    error_message = "Want require_cross_region to fail alone; got ${jsonencode(output.policy_failures)}."
  }
  assert {
    condition     = output.policy_failures.require_cross_region == "cdb-pregion1 copies its backups to ap-shanghai (cross_region.regions), not to ap-beijing; copies in ap-shanghai, ap-beijing are required (cross_region_in)."
    error_message = "Unexpected message: ${jsonencode(output.policy_failures)}"
  }
}

run "cross_region_in_without_copies_fails" {
  command = plan

  variables {
    instance_id     = "cdb-pdefault"
    cross_region_in = ["ap-shanghai"]
  }

  expect_failures = [terraform_data.require_cross_region]

  assert {
    condition     = output.policy_failures.require_cross_region == "cdb-pdefault does not copy its backups to another region (cross_region.backup_enabled is false); copies in ap-shanghai are required (cross_region_in)."
    error_message = "Unexpected message: ${jsonencode(output.policy_failures)}"
  }
}

# Regions required, and the requirement switched off: a contradiction, refused even though the copies are there.
run "cross_region_in_with_require_cross_region_false_fails" {
  command = plan

  variables {
    instance_id          = "cdb-pstrong1"
    require_cross_region = false
    cross_region_in      = ["ap-shanghai"]
  }

  expect_failures = [terraform_data.require_cross_region]

  assert {
    condition     = output.policy_failures.require_cross_region == "cdb-pstrong1: cross_region_in lists regions that must receive copies, but require_cross_region is false; set it to true, or leave cross_region_in null."
    error_message = "Unexpected message: ${jsonencode(output.policy_failures)}"
  }
}

run "unencrypted_backups_fail" {
  command = plan

  variables {
    instance_id        = "cdb-pdefault"
    require_encryption = true
  }

  expect_failures = [terraform_data.require_encryption]

  assert {
    condition     = output.policy_failures.require_encryption == "cdb-pdefault does not encrypt its backups (encryption_enabled is false); encrypted backups are required (require_encryption)."
    error_message = "Unexpected message: ${jsonencode(output.policy_failures)}"
  }
}

# Encryption is on, but it applies to physical backups only, and this instance makes logical ones.
run "logical_backups_fail_encryption" {
  command = plan

  variables {
    instance_id        = "cdb-pregion1"
    require_encryption = true
  }

  expect_failures = [terraform_data.require_encryption]

  assert {
    condition     = output.backup_policy.encryption_enabled && output.backup_policy.backup_method == "logical"
    error_message = "Want encryption on and logical backups; got ${jsonencode(output.backup_policy)}."
  }
  assert {
    condition     = output.policy_failures.require_encryption == "cdb-pregion1 makes logical backups (backup_method is logical), which are never encrypted; encrypted backups are required (require_encryption)."
    error_message = "Unexpected message: ${jsonencode(output.policy_failures)}"
  }
}

# The window 23:00-01:30 runs past midnight: 2.5 hours, longer than 2, on each of its four days.
run "backup_window_past_midnight_fails" {
  command = plan

  variables {
    instance_id             = "cdb-pstrong1"
    max_backup_window_hours = 2
  }

  expect_failures = [terraform_data.max_backup_window_hours]

  assert {
    condition     = output.policy_failures.max_backup_window_hours == "cdb-pstrong1 has automatic-backup windows longer than 2 hours: Monday's window 23:00-01:30 lasts 2 hours 30 minutes (backup_window.monday), Wednesday's window 23:00-01:30 lasts 2 hours 30 minutes (backup_window.wednesday), Friday's window 23:00-01:30 lasts 2 hours 30 minutes (backup_window.friday), Sunday's window 23:00-01:30 lasts 2 hours 30 minutes (backup_window.sunday); at most 2 hours are allowed (max_backup_window_hours)."
    error_message = "Unexpected message: ${jsonencode(output.policy_failures)}"
  }
}

run "backup_windows_longer_than_the_maximum_fail" {
  command = plan

  variables {
    instance_id             = "cdb-pdefault"
    max_backup_window_hours = 3.5
  }

  expect_failures = [terraform_data.max_backup_window_hours]

  assert {
    condition     = output.policy_failures.max_backup_window_hours == "cdb-pdefault has automatic-backup windows longer than 3.5 hours: Monday's window 02:00-06:00 lasts 4 hours (backup_window.monday), Tuesday's window 02:00-06:00 lasts 4 hours (backup_window.tuesday), Wednesday's window 02:00-06:00 lasts 4 hours (backup_window.wednesday), Thursday's window 02:00-06:00 lasts 4 hours (backup_window.thursday), Friday's window 02:00-06:00 lasts 4 hours (backup_window.friday), Saturday's window 02:00-06:00 lasts 4 hours (backup_window.saturday), Sunday's window 02:00-06:00 lasts 4 hours (backup_window.sunday); at most 3.5 hours are allowed (max_backup_window_hours)."
    error_message = "Unexpected message: ${jsonencode(output.policy_failures)}"
  }
}

# With the monthly strategy only the monthly window counts (2.5 hours, past midnight), not the weekdays' 8 hours.
run "monthly_window_passes" {
  command = plan

  variables {
    instance_id             = "cdb-pmonth01"
    max_backup_window_hours = 2.5
  }

  assert {
    condition     = jsonencode(output.policy_failures) == "{}"
    error_message = "Want no failure; got ${jsonencode(output.policy_failures)}."
  }
  assert {
    condition = output.backup_policy.backup_window_strategy == "monthly" && jsonencode(output.backup_policy.backup_windows) == jsonencode({
      monthly = { start = "22:30", end = "01:00", hours = 2.5 }
    })
    error_message = "Want the monthly window alone; got ${jsonencode(output.backup_policy.backup_windows)}."
  }
}

run "monthly_window_past_midnight_fails" {
  command = plan

  variables {
    instance_id             = "cdb-pmonth01"
    max_backup_window_hours = 2
  }

  expect_failures = [terraform_data.max_backup_window_hours]

  assert {
    condition     = output.policy_failures.max_backup_window_hours == "cdb-pmonth01 has an automatic-backup window longer than 2 hours: the monthly window 22:30-01:00 lasts 2 hours 30 minutes (backup_window.monthly); at most 2 hours are allowed (max_backup_window_hours)."
    error_message = "Unexpected message: ${jsonencode(output.policy_failures)}"
  }
}

# Every requirement at once, each failing with its own guard.
run "every_requirement_fails_at_once" {
  command = plan

  variables {
    instance_id               = "cdb-pdefault"
    min_backup_retention_days = 30
    min_binlog_retention_days = 14
    require_cross_region      = true
    require_encryption        = true
    max_backup_window_hours   = 1
  }

  expect_failures = [
    terraform_data.min_backup_retention_days,
    terraform_data.min_binlog_retention_days,
    terraform_data.require_cross_region,
    terraform_data.require_encryption,
    terraform_data.max_backup_window_hours,
  ]

  assert {
    condition     = length(output.policy_failures) == 5
    error_message = "Want five failures; got ${jsonencode(output.policy_failures)}."
  }
  assert {
    condition     = endswith(output.policy_failures.max_backup_window_hours, "; at most 1 hour is allowed (max_backup_window_hours).") && startswith(output.policy_failures.max_backup_window_hours, "cdb-pdefault has automatic-backup windows longer than 1 hour: ")
    error_message = "Unexpected message: ${jsonencode(output.policy_failures.max_backup_window_hours)}"
  }
}

# The inputs are checked before anything is read.
run "invalid_requirements_are_refused" {
  command = plan

  variables {
    instance_id               = "cdb-pdefault"
    min_backup_retention_days = 0
    min_binlog_retention_days = 7.5
    max_backup_window_hours   = 0
    cross_region_in           = []
  }

  expect_failures = [
    var.min_backup_retention_days,
    var.min_binlog_retention_days,
    var.max_backup_window_hours,
    var.cross_region_in,
  ]
}

run "invalid_window_and_region_are_refused" {
  command = plan

  variables {
    instance_id             = "cdb-pdefault"
    max_backup_window_hours = 24.5
    cross_region_in         = ["Shanghai"]
  }

  expect_failures = [
    var.max_backup_window_hours,
    var.cross_region_in,
  ]
}
