# The spans Tencent Cloud itself will restore instances to, read for many instances at once.
data "tencentcloud_cdb_recovery_ranges" "orders" {
  instance_ids = ["cdb-c1nl9rpv"]
}

output "latest_restorable_time" {
  # Per instance, the latest moment Tencent Cloud will restore it to (RFC 3339, Beijing time), or null.
  value = { for i in data.tencentcloud_cdb_recovery_ranges.orders.instances : i.instance_id => i.latest_restorable_time }
}

# Warn at every plan when an instance cannot be restored to a moment of the last 24 hours.
check "restorable_in_the_last_day" {
  assert {
    condition = alltrue([
      for i in data.tencentcloud_cdb_recovery_ranges.orders.instances :
      i.earliest_restorable_time != null && timecmp(i.earliest_restorable_time, timeadd(plantimestamp(), "-24h")) <= 0
    ])
    error_message = "Some instances cannot be restored to every moment of the last 24 hours: ${join(", ", [
      for i in data.tencentcloud_cdb_recovery_ranges.orders.instances : i.instance_id
      if i.earliest_restorable_time == null || timecmp(coalesce(i.earliest_restorable_time, "9999-01-01T00:00:00Z"), timeadd(plantimestamp(), "-24h")) > 0
    ])}."
  }
}
