# The binlogs of the last week, and the spans the instance can be restored to.
data "tencentcloud_cdb_binlogs" "last_week" {
  instance_id = "cdb-c1nl9rpv"
  start_after = timeadd(plantimestamp(), "-168h")
}

output "latest_recovery_point" {
  # The latest moment the instance can be restored to (RFC 3339, Beijing time), or null.
  value = data.tencentcloud_cdb_binlogs.last_week.latest_recovery_point
}

output "binlog_gaps" {
  # Breaks in the binlog chain: no moment in them can be restored to.
  value = [for g in data.tencentcloud_cdb_binlogs.last_week.gaps : "${g.start} to ${g.finish}"]
}

# Warn at every plan when the binlog chain has a break in the last week.
check "binlog_chain_unbroken" {
  assert {
    condition     = length(data.tencentcloud_cdb_binlogs.last_week.gaps) == 0
    error_message = "The binlogs of cdb-c1nl9rpv have ${length(data.tencentcloud_cdb_binlogs.last_week.gaps)} gap(s) in the last week."
  }
}

# The question users ask, whether the instance can be restored to every moment of the last 7 days, needs the
# successful full backups too: examples/modules/recovery-guard puts the two data sources together.
