# The backup policy of one instance, checked at every plan.
data "tencentcloud_cdb_backup_policy" "orders" {
  instance_id = "cdb-c1nl9rpv"
}

locals {
  policy = data.tencentcloud_cdb_backup_policy.orders
}

output "retention" {
  value = "backups ${local.policy.backup_retention_days} days, binlogs ${local.policy.binlog_retention_days} days"
}

output "cross_region_copies" {
  # The regions backups are copied to; empty when they are not copied.
  value = local.policy.cross_region.backup_enabled ? local.policy.cross_region.regions : []
}

# Warn at every plan when the policy falls short of what the team requires.
check "backup_policy" {
  assert {
    condition     = local.policy.backup_retention_days >= 7 && local.policy.binlog_retention_days >= 7
    error_message = "cdb-c1nl9rpv keeps backups ${local.policy.backup_retention_days} days and binlogs ${local.policy.binlog_retention_days} days; at least 7 each are required."
  }
  assert {
    condition     = local.policy.cross_region.backup_enabled && length(local.policy.cross_region.regions) > 0
    error_message = "cdb-c1nl9rpv has no cross-region copy of its backups."
  }
}

# To fail the plan instead, with one message per requirement, use examples/modules/backup-guard.
