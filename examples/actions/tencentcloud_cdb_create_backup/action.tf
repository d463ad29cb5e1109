# A safety backup before a risky change, waited for until it has finished. Run it on demand:
#
#   terraform apply -invoke=action.tencentcloud_cdb_create_backup.before_upgrade
#
# or let the change itself trigger it, as below.
action "tencentcloud_cdb_create_backup" "before_upgrade" {
  config {
    instance_id = "cdb-7x2k9m4q"
    method      = "physical"
    name        = "before-upgrade"
    timeout     = "1h" # how long to wait in all, for a running backup to end first and then for this one
  }
}

# Any resource's change can trigger it: here a terraform_data that stands for the change (with the official provider,
# the tencentcloud_mysql_instance whose engine version is upgraded). A before_* action that fails stops the change.
resource "terraform_data" "upgrade" {
  input = "8.0"

  lifecycle {
    action_trigger {
      events  = [before_create, before_update]
      actions = [action.tencentcloud_cdb_create_backup.before_upgrade]
    }
  }
}

# An action has no result attributes: find the backup afterwards by its name. Read after the change (depends_on),
# so after the backup it triggered.
data "tencentcloud_cdb_backups" "before_upgrade" {
  instance_id              = "cdb-7x2k9m4q"
  way                      = "manual"
  manual_backup_name_regex = "^before-upgrade$"
  most_recent              = true

  depends_on = [terraform_data.upgrade]
}

output "safety_backup" {
  value = one([for b in data.tencentcloud_cdb_backups.before_upgrade.backups : { id = b.backup_id, date = b.date, status = b.status }])
}
