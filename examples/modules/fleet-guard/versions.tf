terraform {
  # check blocks and plantimestamp() need Terraform 1.5 (OpenTofu 1.6).
  required_version = ">= 1.5"

  # A module declares its providers but does not configure them: the caller does (the tests do it in
  # tests/*.tftest.hcl).
  required_providers {
    tencentcloud = {
      source = "tencentcloud-community/tencentcloud"
    }
  }
}
