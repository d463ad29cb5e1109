# Plan-time validation of an instance's backups. Any plan of a configuration that calls this module fails when
# the instance has no successful backup (the guard's precondition), and warns when the newest one is older than
# max_age_hours (the backup_age check). Call it from the configuration whose changes need a backup first.

data "tencentcloud_cdb_backups" "this" {
  instance_id = var.instance_id
  status      = "SUCCESS"
  type        = var.require_physical ? "physical" : null
  # Only the newest match is kept, so the state holds one backup however many the instance has.
  most_recent = true
}

locals {
  latest      = data.tencentcloud_cdb_backups.this.latest_successful
  latest_date = local.latest == null ? null : local.latest.date # null too if the API gave no date
  now         = coalesce(var.now, plantimestamp())
  kind        = var.require_physical ? "physical backup" : "backup"

  fresh = local.latest_date == null ? false : timecmp(timeadd(local.latest_date, "${var.max_age_hours}h"), local.now) >= 0
}

# The guard: its precondition is checked at every plan and fails it when there is no successful backup. Its
# input is only the instance ID, so a new backup does not show up as a change in the caller's plans.
resource "terraform_data" "guard" {
  input = var.instance_id

  lifecycle {
    precondition {
      condition     = local.latest != null
      error_message = "${var.instance_id} has no successful ${local.kind}: back it up before changing what depends on it."
    }
  }
}

# A warning, not an error: a check block is evaluated at every plan and apply, and a failed assertion is
# reported without stopping anything. No backup at all is the guard's error; the check is about age only.
check "backup_age" {
  assert {
    condition = local.latest == null || local.fresh
    # Evaluated even when the condition holds, so it must not fail on a null.
    error_message = format("The newest successful %s of %s was taken at %s, %s hours before %s: more than max_age_hours (%s).",
      local.kind, var.instance_id, coalesce(local.latest_date, "an unknown time"),
      coalesce(tostring(local.age_hours), "?"), local.now, var.max_age_hours
    )
  }
}

# The age in whole hours. Terraform has no function for the time between two timestamps, so each is counted in
# seconds since 1970-01-01 UTC by hand: exact from 1901 to 2099, where every fourth year is a leap year.
locals {
  times = local.latest_date == null ? {} : { now = local.now, backup = local.latest_date }
  time_parts = {
    for k, t in local.times : k => regex(
      "^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:[.][0-9]+)?(?:[Zz]|([+-])([0-9]{2}):([0-9]{2}))$", t
    )
  }
  days_before_month = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
  unix_seconds = {
    for k, p in local.time_parts : k => (
      (
        (tonumber(p[0]) - 1970) * 365 + floor((tonumber(p[0]) - 1969) / 4)
        + local.days_before_month[tonumber(p[1]) - 1] + (tonumber(p[1]) > 2 && tonumber(p[0]) % 4 == 0 ? 1 : 0)
        + tonumber(p[2]) - 1
      ) * 86400
      + tonumber(p[3]) * 3600 + tonumber(p[4]) * 60 + tonumber(p[5])
      + (p[6] == "-" ? 1 : -1) * (tonumber(coalesce(p[7], "0")) * 3600 + tonumber(coalesce(p[8], "0")) * 60) # to UTC
    )
  }
  age_hours = local.latest_date == null ? null : floor((local.unix_seconds.now - local.unix_seconds.backup) / 3600)
}
