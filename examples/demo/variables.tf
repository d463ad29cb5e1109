variable "endpoint" {
  description = "URL of the CDB API to call: the mock's MOCK_ENDPOINT, e.g. http://127.0.0.1:8080."
  type        = string
}

variable "instance_ids" {
  description = "TencentDB for MySQL instances whose backups to read: the mock's MOCK_INSTANCE lines."
  type        = list(string)

  validation {
    condition     = length(var.instance_ids) > 0
    error_message = "Give at least one instance ID."
  }
}

variable "region" {
  description = "Region the instances live in."
  type        = string
  default     = "ap-guangzhou"
}

variable "secret_id" {
  description = "SecretId of the API key; the default is the one the mock accepts."
  type        = string
  default     = "AKIDmockTcmock0000000000000000000000"
}

variable "secret_key" {
  description = "SecretKey of the API key; the default is the one the mock accepts."
  type        = string
  default     = "mockSecretKeyTcmock0000000000000"
  sensitive   = true
}
