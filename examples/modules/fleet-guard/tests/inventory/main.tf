# A helper of fleet_guard.tftest.hcl, planned in runs of its own: tencentcloud_cdb_instances lists the instances a
# selection selects, and the plan fails (a check that terraform test counts as a failed run) unless they are the
# instances the module reported for the same selection, given as expected_ids.

terraform {
  required_providers {
    tencentcloud = {
      source = "tencentcloud-community/tencentcloud"
    }
  }
}

variable "tags" {
  type    = map(string)
  default = null
}

variable "status" {
  type    = list(string)
  default = null
}

variable "engine_versions" {
  type    = list(string)
  default = null
}

data "tencentcloud_cdb_instances" "selected" {
  tags            = var.tags
  status          = var.status
  engine_versions = var.engine_versions
}

variable "expected_ids" {
  description = "The IDs the module's report holds for the same selection."
  type        = list(string)
}

locals {
  listed = sort([for i in data.tencentcloud_cdb_instances.selected.instances : i.instance_id])
}

resource "terraform_data" "same_instances" {
  lifecycle {
    precondition {
      condition     = jsonencode(local.listed) == jsonencode(sort(var.expected_ids))
      error_message = "tencentcloud_cdb_instances lists ${jsonencode(local.listed)}; the module reported ${jsonencode(sort(var.expected_ids))}."
    }
  }
}
output "instance_ids" {
  description = "The IDs of the instances the selection selects, sorted."
  value       = local.listed
}
