terraform {
  required_version = ">= 1.6"

  required_providers {
    tencentcloud = {
      source = "tencentcloud-community/tencentcloud"
    }
  }
}
