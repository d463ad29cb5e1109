# The guards, one per requirement that is set, and one for the instances that could not be read (skip_failed). Each
# is a terraform_data whose precondition fails the plan when an instance violates its requirement, with a message
# that names every such instance and why; a failed plan shows one error per guard that failed, and `terraform test`
# can expect each one alone (expect_failures). The input is the requirement's value, so new backups or a changed
# policy do not show up as changes in the caller's plans; the preconditions are checked at every plan.

resource "terraform_data" "max_backup_age" {
  count = local.requirements.max_backup_age ? 1 : 0
  input = var.max_backup_age

  lifecycle {
    precondition {
      condition     = !contains(keys(local.guard_messages), "max_backup_age")
      error_message = lookup(local.guard_messages, "max_backup_age", "(no failure)")
    }
  }
}

resource "terraform_data" "recovery_days" {
  count = local.requirements.recovery_days ? 1 : 0
  input = var.recovery_days

  lifecycle {
    precondition {
      condition     = !contains(keys(local.guard_messages), "recovery_days")
      error_message = lookup(local.guard_messages, "recovery_days", "(no failure)")
    }
  }
}

resource "terraform_data" "min_backup_retention_days" {
  count = local.requirements.min_backup_retention_days ? 1 : 0
  input = var.min_backup_retention_days

  lifecycle {
    precondition {
      condition     = !contains(keys(local.guard_messages), "min_backup_retention_days")
      error_message = lookup(local.guard_messages, "min_backup_retention_days", "(no failure)")
    }
  }
}

resource "terraform_data" "min_binlog_retention_days" {
  count = local.requirements.min_binlog_retention_days ? 1 : 0
  input = var.min_binlog_retention_days

  lifecycle {
    precondition {
      condition     = !contains(keys(local.guard_messages), "min_binlog_retention_days")
      error_message = lookup(local.guard_messages, "min_binlog_retention_days", "(no failure)")
    }
  }
}

resource "terraform_data" "require_cross_region" {
  count = local.requirements.require_cross_region ? 1 : 0
  input = { require_cross_region = var.require_cross_region, cross_region_in = var.cross_region_in }

  lifecycle {
    precondition {
      condition     = !contains(keys(local.guard_messages), "require_cross_region")
      error_message = lookup(local.guard_messages, "require_cross_region", "(no failure)")
    }
  }
}

resource "terraform_data" "require_encryption" {
  count = local.requirements.require_encryption ? 1 : 0
  input = var.require_encryption

  lifecycle {
    precondition {
      condition     = !contains(keys(local.guard_messages), "require_encryption")
      error_message = lookup(local.guard_messages, "require_encryption", "(no failure)")
    }
  }
}

resource "terraform_data" "max_backup_window_hours" {
  count = local.requirements.max_backup_window_hours ? 1 : 0
  input = var.max_backup_window_hours

  lifecycle {
    precondition {
      condition     = !contains(keys(local.guard_messages), "max_backup_window_hours")
      error_message = lookup(local.guard_messages, "max_backup_window_hours", "(no failure)")
    }
  }
}

resource "terraform_data" "failed_instances" {
  count = var.skip_failed ? 1 : 0
  input = var.skip_failed

  lifecycle {
    precondition {
      condition     = !contains(keys(local.guard_messages), "failed_instances")
      error_message = lookup(local.guard_messages, "failed_instances", "(no failure)")
    }
  }
}
