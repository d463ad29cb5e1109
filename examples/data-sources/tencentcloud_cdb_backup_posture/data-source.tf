# The backup posture of every production instance of the region, in one read.
data "tencentcloud_cdb_backup_posture" "prod" {
  tags   = { env = "prod" }
  window = "26h" # how far back successful_backups_in_last counts
}

locals {
  posture = data.tencentcloud_cdb_backup_posture.prod.instances
  # Instances without a successful backup in the last 26 hours, or keeping backups fewer than 30 days.
  without_recent_backup = [for i in local.posture : i.instance_id if i.successful_backups_in_last == 0]
  short_retention       = [for i in local.posture : i.instance_id if i.policy.backup_retention_days < 30]
}

output "report" {
  value = {
    for i in local.posture : i.instance_id => {
      name                    = i.name
      latest_backup           = try(i.latest_successful_backup.date, null)
      retention_days          = i.policy.backup_retention_days
      earliest_restorable     = i.earliest_restorable_time
      backup_volume_bytes     = i.backup_volume
      copies_in_other_regions = i.policy.cross_region.backup_enabled
    }
  }
}

# Warn at every plan; examples/modules/fleet-guard fails the plan instead.
check "fleet_backed_up" {
  assert {
    condition     = length(local.without_recent_backup) == 0 && length(local.short_retention) == 0
    error_message = "No successful backup in 26 hours: ${jsonencode(local.without_recent_backup)}; backups kept under 30 days: ${jsonencode(local.short_retention)}."
  }
}
