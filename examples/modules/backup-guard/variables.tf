variable "instance_id" {
  description = "TencentDB for MySQL instance whose backups to check, e.g. cdb-c1nl9rpv."
  type        = string

  validation {
    condition     = can(regex("^cdb(ro|rg|ca)?-[a-z0-9]{8}$", var.instance_id))
    error_message = "instance_id must be a TencentDB for MySQL instance ID such as cdb-c1nl9rpv."
  }
}

variable "max_age_hours" {
  description = "Age, in hours, above which the newest successful backup is stale: the backup_age check then warns."
  type        = number
  default     = 24

  validation {
    condition     = var.max_age_hours > 0
    error_message = "max_age_hours must be more than 0."
  }
}

variable "require_physical" {
  description = "Count only physical backups (a logical dump is slower to restore): without a successful physical backup, the plan fails."
  type        = bool
  default     = false
}

variable "now" {
  description = "Time to measure the backup's age from (RFC 3339). Null, the default, means plantimestamp(): the time of the plan. Set it to make a test independent of the clock."
  type        = string
  default     = null

  validation {
    condition     = var.now == null || can(timeadd(var.now, "0s"))
    error_message = "now must be an RFC 3339 time such as 2025-06-30T12:00:00+08:00, or null."
  }
}
