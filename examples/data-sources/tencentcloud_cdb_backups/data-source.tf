# Every backup of one instance, newest first.
data "tencentcloud_cdb_backups" "example" {
  instance_id = "cdb-c1nl9rpv"
}

output "backup_count" {
  value = data.tencentcloud_cdb_backups.example.total_count
}

output "backup_names" {
  value = [for b in data.tencentcloud_cdb_backups.example.backups : b.name]
}

locals {
  # The newest backup whose status is SUCCESS; null when there is none. The same as the first element of
  # [for b in data.tencentcloud_cdb_backups.example.backups : b if b.status == "SUCCESS"], as the list is newest first.
  latest_backup = data.tencentcloud_cdb_backups.example.latest_successful
}

output "latest_backup" {
  value = local.latest_backup == null ? null : {
    backup_id = local.latest_backup.backup_id
    name      = local.latest_backup.name
    date      = local.latest_backup.date # RFC 3339, e.g. 2025-06-30T02:00:00+08:00
    size      = local.latest_backup.size
  }
}

# Filters: the successful automatic full backups of the last 7 days. total_count stays the instance's count;
# matched_count counts these.
data "tencentcloud_cdb_backups" "last_week" {
  instance_id   = "cdb-c1nl9rpv"
  status        = "SUCCESS"
  way           = "automatic"
  method        = "full"
  created_after = timeadd(plantimestamp(), "-168h")
}

output "full_backups_last_week" {
  value = data.tencentcloud_cdb_backups.last_week.matched_count
}

# Stop the plan (an error) before a risky change when there is no successful backup from the last 24 hours. Here
# the change is a terraform_data stand-in; in practice, put the precondition on the resource that must not change
# without a fresh backup. try() makes the condition false, not an error, when there is no successful backup at all.
resource "terraform_data" "schema_migration" {
  input = "v42"

  lifecycle {
    precondition {
      condition     = try(timecmp(local.latest_backup.date, timeadd(plantimestamp(), "-24h")) >= 0, false)
      error_message = "cdb-c1nl9rpv has no successful backup from the last 24 hours: back it up before migrating."
    }
  }
}

# Warn, without stopping anything, when the newest successful backup is more than a day old. A check block is
# evaluated at every plan and apply, and reports a failed assertion as a warning.
check "recent_backup" {
  assert {
    condition = try(timecmp(timeadd(local.latest_backup.date, "24h"), plantimestamp()) > 0, false)
    error_message = (local.latest_backup == null
      ? "cdb-c1nl9rpv has no successful backup."
      : "The newest successful backup of cdb-c1nl9rpv was taken at ${local.latest_backup.date}, more than a day ago."
    )
  }
}

# Download links are bearer links to the dump, and what a data source reads is stored in the state: they are read
# only with include_download_urls = true. On Terraform 1.10 or later use the ephemeral resource
# tencentcloud_cdb_backup_download instead, which never stores them. download_urls is sensitive, and so must be any
# output that holds a link; `terraform output -raw latest_backup_internet_url` prints it.
data "tencentcloud_cdb_backups" "with_links" {
  instance_id           = "cdb-c1nl9rpv"
  status                = "SUCCESS"
  most_recent           = true
  include_download_urls = true
}

output "latest_backup_internet_url" {
  value = try(
    data.tencentcloud_cdb_backups.with_links.download_urls[tostring(data.tencentcloud_cdb_backups.with_links.latest_successful.backup_id)].internet_url,
    null
  )
  sensitive = true
}
