terraform {
  required_providers {
    tencentcloud = {
      source = "tencentcloud-community/tencentcloud"
    }
  }
}

# Credentials are best left to the environment:
#   export TENCENTCLOUD_SECRET_ID=...
#   export TENCENTCLOUD_SECRET_KEY=...
provider "tencentcloud" {
  region = "ap-guangzhou"
}

# A Finance region: requests go to cdb.ap-shanghai-fsi.tencentcloudapi.com.
provider "tencentcloud" {
  alias  = "finance"
  region = "ap-shanghai-fsi"
}

# Against a local endpoint, such as the mock API (`make mock`).
provider "tencentcloud" {
  alias      = "mock"
  region     = "ap-guangzhou"
  secret_id  = "AKIDmockTcmock0000000000000000000000"
  secret_key = "mockSecretKeyTcmock0000000000000"

  endpoints {
    cdb = "http://127.0.0.1:8080"
  }
}

# An account whose call quota other tools share: fewer calls at once, more patience with throttling.
provider "tencentcloud" {
  alias               = "shared_quota"
  region              = "ap-guangzhou"
  requests_per_second = 5
  max_concurrency     = 2
  max_retries         = 12
  request_timeout     = "1m"
}
