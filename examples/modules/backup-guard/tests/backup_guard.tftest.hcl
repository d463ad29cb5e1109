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
