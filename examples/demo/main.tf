# Reads the backups and binlogs of every instance from the mock Tencent Cloud API that `make demo` starts,
# and summarises them: the latest successful backup, the count per status, the total, and the earliest moment
# each instance can be restored to.

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

# The binlogs, for the spans each instance can be restored to.
data "tencentcloud_cdb_binlogs" "this" {
  for_each = toset(var.instance_ids)

  instance_id = each.value
}

locals {
  # The earliest moment each instance can be restored to: its oldest successful full backup that lies inside a
  # recovery window (a recovery starts from a full backup and replays the binlogs after it), as
  # examples/modules/recovery-guard computes its earliest_restorable_time. The binlogs are read whole, so this does
  # not depend on how far back one looks.
  earliest_restorable = {
    for id, ds in data.tencentcloud_cdb_binlogs.this : id => try(reverse([
      for b in data.tencentcloud_cdb_backups.this[id].backups : b.date
      if b.status == "SUCCESS" && b.method == "full" && (b.date == null ? false : anytrue([
        for w in ds.recovery_windows : timecmp(w.start, b.date) <= 0 && timecmp(b.date, w.finish) <= 0
      ]))
    ])[0], null)
  }
}

# The backup policy of each instance: how long backups and binlogs are kept, and where they are copied.
data "tencentcloud_cdb_backup_policy" "this" {
  for_each = toset(var.instance_ids)

  instance_id = each.value
}

# The whole fleet in one read: every instance of the region, with its latest successful backup, its policy, the
# spans Tencent Cloud can restore it to and its backup volume. A fleet's question is one data source, not several
# per instance.
data "tencentcloud_cdb_backup_posture" "fleet" {
  window = "24h"
}
