# The verdicts: per requirement, the instances that violate it and why. Only requirements that are set are checked.
# A reason follows the instance in a message, "cdb-c1nl9rpv (orders-1) keeps backups for 7 days ...", and names
# the posture's attribute it comes from and the requirement's input, as backup-guard's messages do.

locals {
  # Regions of cross_region_in an instance does not copy its backups to.
  cross_region_missing = {
    for id, f in local.facts : id => var.cross_region_in == null ? [] : [for r in var.cross_region_in : r if !contains(f.cross_region_regions, r)]
  }
  # Windows longer than max_backup_window_hours, compared in hours as the requirement is given (66 minutes / 60 is
  # the same number as 1.1), each with its length in words: "4 hours", "2 hours 30 minutes", "45 minutes".
  too_long_windows = {
    for id, ws in local.windows : id => [
      for w in ws : merge(w, {
        length = join(" ", compact([
          floor(w.minutes / 60) == 0 ? "" : "${floor(w.minutes / 60)} hour${floor(w.minutes / 60) == 1 ? "" : "s"}",
          w.minutes % 60 == 0 ? "" : "${w.minutes % 60} minute${w.minutes % 60 == 1 ? "" : "s"}",
        ]))
      }) if var.max_backup_window_hours != null && w.minutes / 60 > coalesce(var.max_backup_window_hours, 24)
    ]
  }
  # Per instance, a range of Tencent Cloud's that reaches the end of the span (max_recovery_lag before now): the one
  # a recovery to a recent moment runs in. A range without a start or finish (the API gave none) covers nothing.
  reaching_range = {
    for id, f in local.facts : id => try([for r in f.recovery_ranges : r if try(timecmp(r.finish, local.recovery_to) >= 0, false)][0], null)
  }
  recovery_ok = {
    for id, f in local.facts : id => anytrue([
      for r in f.recovery_ranges : try(timecmp(r.start, local.recovery_from) <= 0 && timecmp(r.finish, local.recovery_to) >= 0, false)
    ])
  }

  hours_allowed = coalesce(var.max_backup_window_hours, 0)

  violations = {
    max_backup_age = {
      for id, f in local.facts : id => (
        f.latest_backup_date == null
        ? "has no successful backup at all (latest_successful_backup is null); one taken within the last ${coalesce(var.max_backup_age, "?")} is required (max_backup_age)."
        : "has no successful backup taken within the last ${coalesce(var.max_backup_age, "?")} (successful_backups_in_last is 0): the newest, ${coalesce(try(tostring(f.latest_backup_id), null), "with no ID")}, was taken at ${f.latest_backup_date}; one within the last ${coalesce(var.max_backup_age, "?")} is required (max_backup_age)."
      ) if local.requirements.max_backup_age && f.backups_in_window == 0
    }

    recovery_days = {
      for id, f in local.facts : id => format(
        "cannot be restored to every moment of the last %s days, from %s to %s (Beijing time): %s; one unbroken range over that span is required (recovery_days).",
        coalesce(var.recovery_days, 0), local.recovery_from, local.recovery_to,
        (length(f.recovery_ranges) == 0 ? "Tencent Cloud gives no recovery range at all (recovery_ranges, DescribeRollbackRangeTime)"
          : format("%s (recovery_ranges: %s)",
            local.reaching_range[id] == null
            ? "no recovery range reaches ${local.recovery_to}"
            : "it can be restored to without a break only from ${coalesce(local.reaching_range[id].start, "an unknown time")}",
            join(", ", [for r in f.recovery_ranges : "from ${coalesce(r.start, "?")} to ${coalesce(r.finish, "?")}"])
        ))
      ) if local.requirements.recovery_days && !local.recovery_ok[id]
    }

    min_backup_retention_days = {
      for id, f in local.facts : id => (
        "keeps backups for ${coalesce(f.backup_retention, "an unknown number of")} days (backup_retention_days); at least ${coalesce(var.min_backup_retention_days, 0)} are required (min_backup_retention_days)."
      ) if local.requirements.min_backup_retention_days && coalesce(f.backup_retention, 0) < coalesce(var.min_backup_retention_days, 0)
    }

    min_binlog_retention_days = {
      for id, f in local.facts : id => (
        "keeps binlogs for ${coalesce(f.binlog_retention, "an unknown number of")} days (binlog_retention_days); at least ${coalesce(var.min_binlog_retention_days, 0)} are required (min_binlog_retention_days)."
      ) if local.requirements.min_binlog_retention_days && coalesce(f.binlog_retention, 0) < coalesce(var.min_binlog_retention_days, 0)
    }

    require_cross_region = {
      for id, f in local.facts : id => format("%s; %s.",
        (!f.cross_region_enabled ? "does not copy its backups to another region (cross_region.backup_enabled is false)"
          : length(f.cross_region_regions) == 0 ? "copies its backups to no region (cross_region.backup_enabled is true, cross_region.regions is empty)"
          : "copies its backups to ${join(", ", f.cross_region_regions)} (cross_region.regions), not to ${join(", ", local.cross_region_missing[id])}"
        ),
        (var.cross_region_in == null ? "a copy in at least one other region is required (require_cross_region)"
        : "copies in ${join(", ", coalesce(var.cross_region_in, []))} are required (cross_region_in)")
      ) if local.requirements.require_cross_region && (!f.cross_region_enabled || length(f.cross_region_regions) == 0 || length(local.cross_region_missing[id]) > 0)
    }

    require_encryption = {
      for id, f in local.facts : id => format("%s; encrypted backups are required (require_encryption).", join(", and ", compact([
        f.encryption_enabled ? "" : "does not encrypt its backups (encryption_enabled is false)",
        f.backup_method == "logical" ? "makes logical backups (backup_method is logical), which are never encrypted" : "",
      ]))) if local.requirements.require_encryption && (!f.encryption_enabled || f.backup_method == "logical")
    }

    max_backup_window_hours = {
      for id, f in local.facts : id => (
        length(local.too_long_windows[id]) > 0
        ? format("has %s longer than %s hour%s: %s; at most %s hour%s %s allowed (max_backup_window_hours).",
          length(local.too_long_windows[id]) == 1 ? "an automatic-backup window" : "automatic-backup windows",
          local.hours_allowed, local.hours_allowed == 1 ? "" : "s",
          join(", ", [
            for w in local.too_long_windows[id] : "${w.name == "monthly" ? "the monthly window" : "${title(w.name)}'s window"} ${w.start}-${w.end} lasts ${w.length} (backup_window.${w.name})"
          ]),
          local.hours_allowed, local.hours_allowed == 1 ? "" : "s", local.hours_allowed == 1 ? "is" : "are"
        )
        : "has the backup strategy \"${coalesce(f.window_strategy, "(none)")}\" (backup_window.strategy), which this module does not know (only weekly and monthly): it cannot tell how long the automatic-backup windows last (max_backup_window_hours)."
      ) if local.requirements.max_backup_window_hours && (length(local.too_long_windows[id]) > 0 || (f.window_strategy != "weekly" && f.window_strategy != "monthly"))
    }

    # With skip_failed, the instances the provider could not read, with the API's code and message.
    failed_instances = {
      for f in local.failed : f.instance_id => "could not be read: ${coalesce(f.code, "(no code)")}: ${coalesce(f.message, "(no message)")} (failed_instances)."
    }
  }

  # cross_region_in lists regions that must receive copies: with require_cross_region = false, the two contradict.
  cross_region_contradiction = var.require_cross_region == false && var.cross_region_in != null

  # What the guards check: the requirements set, and the instances that could not be read.
  guarded = concat(local.checked, var.skip_failed ? ["failed_instances"] : [])

  # What each requirement asks, for the guards' messages: said of one instance, and of several.
  titles = {
    max_backup_age            = [for verb in ["has", "have"] : "${verb} no successful backup taken within the last ${coalesce(var.max_backup_age, "?")} (max_backup_age)"]
    recovery_days             = [for n in [1, 2] : "cannot be restored to every moment of the last ${coalesce(var.recovery_days, 0)} days (recovery_days)"]
    min_backup_retention_days = [for verb in ["keeps", "keep"] : "${verb} backups for fewer than ${coalesce(var.min_backup_retention_days, 0)} days (min_backup_retention_days)"]
    min_binlog_retention_days = [for verb in ["keeps", "keep"] : "${verb} binlogs for fewer than ${coalesce(var.min_binlog_retention_days, 0)} days (min_binlog_retention_days)"]
    require_cross_region = [
      for pair in [["does", "its"], ["do", "their"]] : (var.cross_region_in == null
        ? "${pair[0]} not copy ${pair[1]} backups to another region (require_cross_region)"
        : "${pair[0]} not copy ${pair[1]} backups to ${join(", ", coalesce(var.cross_region_in, []))} (cross_region_in)"
      )
    ]
    require_encryption      = [for pair in [["does", "its"], ["do", "their"]] : "${pair[0]} not encrypt ${pair[1]} automatic backups (require_encryption)"]
    max_backup_window_hours = [for verb in ["has", "have"] : "${verb} automatic-backup windows longer than ${local.hours_allowed} hour${local.hours_allowed == 1 ? "" : "s"} (max_backup_window_hours)"]
    failed_instances        = [for n in [1, 2] : "could not be read (skip_failed)"]
  }

  total = length(local.instances) + length(local.failed)

  # Each guard's error message, by requirement, for those that fail: how many instances violate it, then one line
  # per instance with its reason.
  guard_messages = {
    for r in local.guarded : r => join("\n", compact([
      r == "require_cross_region" && local.cross_region_contradiction ? "cross_region_in lists regions that must receive copies, but require_cross_region is false: set it to true, or leave cross_region_in null." : "",
      length(local.violations[r]) == 0 ? "" : format("%d of %d instance%s %s:\n%s",
        length(local.violations[r]), local.total, local.total == 1 ? "" : "s", local.titles[r][length(local.violations[r]) == 1 ? 0 : 1],
        join("\n", [for id, reason in local.violations[r] : "- ${local.labels[id]} ${reason}"])
      ),
    ])) if length(local.violations[r]) > 0 || (r == "require_cross_region" && local.cross_region_contradiction)
  }
}
