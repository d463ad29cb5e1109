# A failed plan shows no outputs: `terraform output` shows them after an apply that passed, and `terraform test`
# can assert on them in runs that expect the guards to fail.

locals {
  report = merge(
    {
      for i in local.instances : i.instance_id => {
        name         = i.name
        holds        = alltrue([for r in local.checked : lookup(local.violations[r], i.instance_id, null) == null])
        requirements = { for r in local.checked : r => lookup(local.violations[r], i.instance_id, null) == null }
        reasons      = { for r in local.checked : r => local.violations[r][i.instance_id] if lookup(local.violations[r], i.instance_id, null) != null }
        values = {
          latest_successful_backup    = local.facts[i.instance_id].latest_backup_date
          successful_backups_in_last  = local.facts[i.instance_id].backups_in_window
          earliest_restorable_time    = i.earliest_restorable_time
          latest_restorable_time      = i.latest_restorable_time
          backup_retention_days       = local.facts[i.instance_id].backup_retention
          binlog_retention_days       = local.facts[i.instance_id].binlog_retention
          cross_region_regions        = local.facts[i.instance_id].cross_region_regions
          encrypted                   = local.facts[i.instance_id].encryption_enabled && local.facts[i.instance_id].backup_method != "logical"
          longest_backup_window_hours = length(local.windows[i.instance_id]) == 0 ? null : max([for w in local.windows[i.instance_id] : w.minutes]...) / 60
        }
      }
    },
    {
      for f in local.failed : f.instance_id => {
        name         = null
        holds        = false
        requirements = { for r in local.checked : r => false }
        reasons      = { failed_instances = local.violations.failed_instances[f.instance_id] }
        values       = null
      }
    },
  )
}

output "report" {
  description = "Every instance selected, by ID: { name, holds, requirements, reasons, values }. `holds` is whether it meets every requirement set; `requirements` maps each requirement set (by input name) to whether the instance meets it; `reasons` gives, for each one it violates, why (the text its guard's message gives after the instance); `values` are what was checked: latest_successful_backup (date), successful_backups_in_last (in the max_backup_age window, 24h when it is null), earliest_restorable_time, latest_restorable_time, backup_retention_days, binlog_retention_days, cross_region_regions ([] when copies are off), encrypted (encryption on and physical backups) and longest_backup_window_hours (of the windows in effect; null when none). An instance that could not be read (skip_failed) holds nothing, its reason is under failed_instances, and its values are null."
  value       = local.report
}

output "violators" {
  description = "The instances that violate a requirement (or could not be read), by ID: { name, reasons }, `reasons` by requirement as in `report`; {} when every instance holds."
  value       = { for id, r in local.report : id => { name = r.name, reasons = r.reasons } if !r.holds }
}

output "violations" {
  description = "By requirement set (by input name, and failed_instances with skip_failed), the instances that violate it, by ID, each with its reason; {} for a requirement every instance meets."
  value       = { for r in local.guarded : r => local.violations[r] }
}

output "guard_messages" {
  description = "The error message of each guard that fails, by requirement (the guard's name): how many instances violate it, then a line per instance with its reason. {} when every guard passes."
  value       = local.guard_messages
}

output "summary" {
  description = "Counts: instances (selected), holding, violating (including those that could not be read), failed (could not be read), and by_requirement (instances violating each requirement set); requirements (the requirements checked, by input name, with their values); now (the time of the plan, Beijing time) and recovery_span ({ start, finish }, or null without recovery_days)."
  value = {
    instances      = local.total
    holding        = length([for id, r in local.report : id if r.holds])
    violating      = length([for id, r in local.report : id if !r.holds])
    failed         = length(local.failed)
    by_requirement = { for r in local.guarded : r => length(local.violations[r]) }
    requirements = {
      for r, v in {
        max_backup_age            = var.max_backup_age
        recovery_days             = var.recovery_days
        min_backup_retention_days = var.min_backup_retention_days
        min_binlog_retention_days = var.min_binlog_retention_days
        require_cross_region      = local.requirements.require_cross_region ? (var.cross_region_in == null ? "another region" : join(", ", var.cross_region_in)) : null
        require_encryption        = var.require_encryption
        max_backup_window_hours   = var.max_backup_window_hours
      } : r => tostring(v) if local.requirements[r]
    }
    now           = local.now
    recovery_span = var.recovery_days == null ? null : { start = local.recovery_from, finish = local.recovery_to }
  }
}
