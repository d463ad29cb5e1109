# Requirements on the instance's backup policy: how long backups and binlogs are kept, copies in other regions,
# encryption, and how long an automatic backup's window lasts. Each requirement is an input that is null by
# default; one that is set gets a guard of its own, a terraform_data whose precondition fails the plan when the
# policy falls short, so a failed plan (and `terraform test`, through expect_failures) says which one it was.
# With no requirement set, the policy is not read and no guard exists: a caller who sets none makes no extra call.

locals {
  # Which requirements are set, by the name of their input (and of their guard).
  requirements = {
    min_backup_retention_days = var.min_backup_retention_days != null
    min_binlog_retention_days = var.min_binlog_retention_days != null
    require_cross_region      = var.require_cross_region == true || var.cross_region_in != null
    require_encryption        = var.require_encryption == true
    max_backup_window_hours   = var.max_backup_window_hours != null
  }
}

data "tencentcloud_cdb_backup_policy" "this" {
  count = anytrue(values(local.requirements)) ? 1 : 0

  instance_id = var.instance_id
}

locals {
  policy = one(data.tencentcloud_cdb_backup_policy.this) # null when no requirement is set

  # Cross-region copies: the regions backups are copied to, none when copying is off.
  cross_region_enabled = local.policy == null ? false : local.policy.cross_region.backup_enabled == true
  cross_region_regions = local.cross_region_enabled ? coalesce(local.policy.cross_region.regions, []) : []
  cross_region_missing = var.cross_region_in == null ? [] : [for r in var.cross_region_in : r if !contains(local.cross_region_regions, r)]

  # The automatic-backup windows in effect: each weekday's with the weekly strategy, the monthly one with the
  # monthly strategy; a weekday without a window (null) has no automatic backup. A null strategy, from an API that
  # gives none, is taken as weekly: the weekday windows are older than the monthly strategy.
  weekdays        = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
  window_strategy = local.policy == null ? null : coalesce(local.policy.backup_window.strategy, "weekly")
  window_names = tolist(
    local.window_strategy == "weekly" ? local.weekdays : local.window_strategy == "monthly" ? ["monthly"] : []
  )
  window_clocks = local.policy == null ? [] : [
    for name in local.window_names : {
      name  = name
      start = local.policy.backup_window[name].start
      end   = local.policy.backup_window[name].end
      # Minutes after midnight; a start of "24:00" is midnight, an end of "24:00" the end of the day.
      start_minute = (tonumber(substr(local.policy.backup_window[name].start, 0, 2)) * 60 + tonumber(substr(local.policy.backup_window[name].start, 3, 2))) % 1440
      end_minute   = tonumber(substr(local.policy.backup_window[name].end, 0, 2)) * 60 + tonumber(substr(local.policy.backup_window[name].end, 3, 2))
    }
    if local.policy.backup_window[name] != null
  ]
  # A window whose end is not after its start runs past midnight, into the next day: 22:00-02:00 lasts 4 hours,
  # and one whose end is its start a whole day.
  windows = [
    for w in local.window_clocks : {
      name    = w.name
      start   = w.start
      end     = w.end
      minutes = w.end_minute - w.start_minute + (w.end_minute > w.start_minute ? 0 : 1440)
    }
  ]
  longest_window_minutes = max(0, [for w in local.windows : w.minutes]...)
  # Compared in hours, as the requirement is given: 66 minutes / 60 is the same number as 1.1.
  too_long_windows = var.max_backup_window_hours == null ? [] : [
    for w in local.windows : w if w.minutes / 60 > var.max_backup_window_hours
  ]
  # "4 hours", "2 hours 30 minutes", "45 minutes".
  window_lengths = {
    for w in local.windows : w.name => join(" ", compact([
      floor(w.minutes / 60) == 0 ? "" : "${floor(w.minutes / 60)} hour${floor(w.minutes / 60) == 1 ? "" : "s"}",
      w.minutes % 60 == 0 ? "" : "${w.minutes % 60} minute${w.minutes % 60 == 1 ? "" : "s"}",
    ]))
  }

  encryption_enabled = local.policy == null ? false : local.policy.encryption_enabled == true
  logical_backups    = local.policy == null ? false : local.policy.backup_method == "logical"

  # Each failing requirement's message: the instance, the policy's value under its attribute name, and the
  # requirement under its input name. Only set requirements are checked.
  failure_messages = local.policy == null ? {} : {
    for name, message in {
      min_backup_retention_days = (
        local.requirements.min_backup_retention_days && !(coalesce(local.policy.backup_retention_days, 0) >= coalesce(var.min_backup_retention_days, 0))
        ? "${var.instance_id} keeps backups for ${coalesce(local.policy.backup_retention_days, "an unknown number of")} days (backup_retention_days); at least ${coalesce(var.min_backup_retention_days, 0)} are required (min_backup_retention_days)."
        : null
      )
      min_binlog_retention_days = (
        local.requirements.min_binlog_retention_days && !(coalesce(local.policy.binlog_retention_days, 0) >= coalesce(var.min_binlog_retention_days, 0))
        ? "${var.instance_id} keeps binlogs for ${coalesce(local.policy.binlog_retention_days, "an unknown number of")} days (binlog_retention_days); at least ${coalesce(var.min_binlog_retention_days, 0)} are required (min_binlog_retention_days)."
        : null
      )
      require_cross_region = (
        !local.requirements.require_cross_region ? null
        : var.require_cross_region == false ? "${var.instance_id}: cross_region_in lists regions that must receive copies, but require_cross_region is false; set it to true, or leave cross_region_in null."
        : !local.cross_region_enabled || length(local.cross_region_regions) == 0 || length(local.cross_region_missing) > 0 ? format("%s %s; %s.",
          var.instance_id,
          (!local.cross_region_enabled ? "does not copy its backups to another region (cross_region.backup_enabled is false)"
            : length(local.cross_region_regions) == 0 ? "copies its backups to no region (cross_region.backup_enabled is true, cross_region.regions is empty)"
            : "copies its backups to ${join(", ", local.cross_region_regions)} (cross_region.regions), not to ${join(", ", local.cross_region_missing)}"
          ),
          (var.cross_region_in == null ? "a copy in at least one other region is required (require_cross_region)"
          : "copies in ${join(", ", var.cross_region_in)} are required (cross_region_in)")
        )
        : null
      )
      require_encryption = (
        local.requirements.require_encryption && (!local.encryption_enabled || local.logical_backups)
        ? format("%s %s; encrypted backups are required (require_encryption).", var.instance_id, join(", and ", compact([
          local.encryption_enabled ? "" : "does not encrypt its backups (encryption_enabled is false)",
          local.logical_backups ? "makes logical backups (backup_method is logical), which are never encrypted" : "",
        ])))
        : null
      )
      max_backup_window_hours = (
        length(local.too_long_windows) > 0 || (local.requirements.max_backup_window_hours && local.window_strategy != "weekly" && local.window_strategy != "monthly")
        ? (length(local.too_long_windows) > 0
          ? format("%s has %s longer than %s hour%s: %s; at most %s hour%s %s allowed (max_backup_window_hours).",
            var.instance_id, length(local.too_long_windows) == 1 ? "an automatic-backup window" : "automatic-backup windows",
            var.max_backup_window_hours, var.max_backup_window_hours == 1 ? "" : "s",
            join(", ", [
              for w in local.too_long_windows : "${w.name == "monthly" ? "the monthly window" : "${title(w.name)}'s window"} ${w.start}-${w.end} lasts ${local.window_lengths[w.name]} (backup_window.${w.name})"
            ]),
            var.max_backup_window_hours, var.max_backup_window_hours == 1 ? "" : "s", var.max_backup_window_hours == 1 ? "is" : "are"
          )
          : "${var.instance_id} has the backup strategy \"${local.window_strategy}\" (backup_window.strategy), which this module does not know (only weekly and monthly): it cannot tell how long the automatic-backup windows last (max_backup_window_hours)."
        )
        : null
      )
    } : name => message if message != null
  }
}

# The guards, one per requirement that is set. The input is only the instance ID, so a change of policy does not
# show up as a change in the caller's plans; the precondition is checked at every plan.

resource "terraform_data" "min_backup_retention_days" {
  count = local.requirements.min_backup_retention_days ? 1 : 0
  input = var.instance_id

  lifecycle {
    precondition {
      condition     = !contains(keys(local.failure_messages), "min_backup_retention_days")
      error_message = lookup(local.failure_messages, "min_backup_retention_days", "(no failure)")
    }
  }
}

resource "terraform_data" "min_binlog_retention_days" {
  count = local.requirements.min_binlog_retention_days ? 1 : 0
  input = var.instance_id

  lifecycle {
    precondition {
      condition     = !contains(keys(local.failure_messages), "min_binlog_retention_days")
      error_message = lookup(local.failure_messages, "min_binlog_retention_days", "(no failure)")
    }
  }
}

resource "terraform_data" "require_cross_region" {
  count = local.requirements.require_cross_region ? 1 : 0
  input = var.instance_id

  lifecycle {
    precondition {
      condition     = !contains(keys(local.failure_messages), "require_cross_region")
      error_message = lookup(local.failure_messages, "require_cross_region", "(no failure)")
    }
  }
}

resource "terraform_data" "require_encryption" {
  count = local.requirements.require_encryption ? 1 : 0
  input = var.instance_id

  lifecycle {
    precondition {
      condition     = !contains(keys(local.failure_messages), "require_encryption")
      error_message = lookup(local.failure_messages, "require_encryption", "(no failure)")
    }
  }
}

resource "terraform_data" "max_backup_window_hours" {
  count = local.requirements.max_backup_window_hours ? 1 : 0
  input = var.instance_id

  lifecycle {
    precondition {
      condition     = !contains(keys(local.failure_messages), "max_backup_window_hours")
      error_message = lookup(local.failure_messages, "max_backup_window_hours", "(no failure)")
    }
  }
}
