# The running production instances of the provider's region, selected by tag: the API filters.
data "tencentcloud_cdb_instances" "prod" {
  tags   = { env = "prod" }
  status = ["running"]
}

output "prod_instances" {
  # Per instance: its name, MySQL version and zone.
  value = {
    for i in data.tencentcloud_cdb_instances.prod.instances :
    i.instance_id => "${i.name} (MySQL ${i.engine_version}, ${i.zone})"
  }
}
