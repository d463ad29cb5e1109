variable "instance_id" {
  description = "TencentDB for MySQL instance to check, e.g. cdb-c1nl9rpv."
  type        = string

  validation {
    condition     = can(regex("^cdb(ro|rg|ca)?-[a-z0-9]{8}$", var.instance_id))
    error_message = "instance_id must be a TencentDB for MySQL instance ID such as cdb-c1nl9rpv."
  }
}

variable "days" {
  description = "How many days back every moment must be restorable to: the plan fails unless the instance can be restored to any point of the last `days` days."
  type        = number
  default     = 7

  validation {
    condition     = var.days > 0 && var.days <= 732
    error_message = "days must be more than 0 and at most 732 (Tencent Cloud keeps backups and binlogs for at most two years)."
  }
}

variable "now" {
  description = "The time the required span ends at (RFC 3339, any offset; the module converts it to Beijing time, +08:00, and drops fractions of a second). Null, the default, means plantimestamp(): the time of the plan. Set it to make a test independent of the clock."
  type        = string
  default     = null

  validation {
    condition     = var.now == null || can(timeadd(var.now, "0s"))
    error_message = "now must be an RFC 3339 time such as 2025-06-30T12:00:00+08:00, or null."
  }
}

variable "tolerance" {
  description = "How long a disagreement between Tencent Cloud's own answer (DescribeRollbackRangeTime) and the binlogs must be to count: a duration such as \"5m\" (the `tolerance` of tencentcloud_cdb_binlogs, which checks it). Shorter ones are neither reported in `disagreements` nor warned about; the guards do not depend on it."
  type        = string
  default     = "5m"
  nullable    = false
}
