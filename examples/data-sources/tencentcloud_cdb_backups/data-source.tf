# Every backup of one instance, newest first.
data "tencentcloud_cdb_backups" "example" {
  instance_id = "cdb-c1nl9rpv"
}

locals {
  # The first successful backup in the list is the latest one.
  latest_backup = [for b in data.tencentcloud_cdb_backups.example.backups : b if b.status == "SUCCESS"][0]
}

output "backup_names" {
  value = [for b in data.tencentcloud_cdb_backups.example.backups : b.name]
}

output "latest_backup" {
  value = {
    backup_id = local.latest_backup.backup_id
    name      = local.latest_backup.name
    date      = local.latest_backup.date
    size      = local.latest_backup.size
  }
}

# Fail the plan when the latest successful backup is older than a day.
resource "terraform_data" "backup_is_recent" {
  input = local.latest_backup.backup_id

  lifecycle {
    precondition {
      condition     = timecmp(local.latest_backup.date, timeadd(plantimestamp(), "-24h")) >= 0
      error_message = "The latest successful backup of cdb-c1nl9rpv was taken at ${local.latest_backup.date}, more than 24 hours ago."
    }
  }
}

# Download links are bearer links to the dump, so download_urls is sensitive.
output "latest_backup_internet_url" {
  value     = data.tencentcloud_cdb_backups.example.download_urls[tostring(local.latest_backup.backup_id)].internet_url
  sensitive = true
}
