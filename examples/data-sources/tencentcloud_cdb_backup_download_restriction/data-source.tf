# Where the region's backups may be downloaded from.
data "tencentcloud_cdb_backup_download_restriction" "this" {}

output "backup_download_limit" {
  value = data.tencentcloud_cdb_backup_download_restriction.this.limit_type
}

# Warn at every plan when backups may be downloaded from the internet.
check "backups_not_downloadable_from_the_internet" {
  assert {
    condition     = data.tencentcloud_cdb_backup_download_restriction.this.limit_type != "NoLimit"
    error_message = "Backups in this region may be downloaded from anywhere (limit_type NoLimit); restrict it to private networks or to chosen VPCs."
  }
}
