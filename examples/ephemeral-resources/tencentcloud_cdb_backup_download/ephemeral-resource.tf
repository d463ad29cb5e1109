# A restore drill: fetch the newest successful backup of the production instance, with its decryption key when it
# is encrypted, and hand both to a script that restores it into a scratch database. The link and the key are read
# at every run and never written to the plan or the state.
variable "instance_id" {
  type    = string
  default = "cdb-c1nl9rpv"
}

ephemeral "tencentcloud_cdb_backup_download" "latest" {
  instance_id = var.instance_id
  type        = "physical" # only physical backups restore with xtrabackup
}

resource "terraform_data" "restore_drill" {
  # A new drill whenever the chosen backup changes would need its ID here, but ephemeral values cannot be
  # arguments of a resource; trigger the drill with a date instead: here once a month ("YYYY-MM-DD": once a day).
  input = formatdate("YYYY-MM", plantimestamp())

  provisioner "local-exec" {
    command = "./restore-drill.sh"
    environment = {
      BACKUP_URL     = ephemeral.tencentcloud_cdb_backup_download.latest.intranet_url
      BACKUP_NAME    = ephemeral.tencentcloud_cdb_backup_download.latest.name
      BACKUP_MD5     = ephemeral.tencentcloud_cdb_backup_download.latest.md5
      BACKUP_ENCRYPT = ephemeral.tencentcloud_cdb_backup_download.latest.encrypted ? "1" : "0"
      # The key of an encrypted backup, else "". decryption_key is null then, and coalesce(null, "") would fail.
      BACKUP_KEY = (ephemeral.tencentcloud_cdb_backup_download.latest.encrypted
        ? ephemeral.tencentcloud_cdb_backup_download.latest.decryption_key
        : ""
      )
    }
  }
}

# A backup named by its ID, for example one a data source found:
ephemeral "tencentcloud_cdb_backup_download" "chosen" {
  instance_id = var.instance_id
  backup_id   = 1300000002
}
