package cdb

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
)

func dataSourceSchema(t *testing.T) schema.Schema {
	t.Helper()
	var resp datasource.SchemaResponse
	NewBackupsDataSource().Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if diags := resp.Schema.ValidateImplementation(context.Background()); diags.HasError() {
		t.Fatal(diags)
	}
	return resp.Schema
}

// TestSchema_DownloadLinksOnlyInOneSensitiveAttribute guards the design that keeps plans fast: nothing inside
// the backups list is sensitive, and the links live in the top-level sensitive download_urls.
func TestSchema_DownloadLinksOnlyInOneSensitiveAttribute(t *testing.T) {
	s := dataSourceSchema(t)
	if !s.Attributes["download_urls"].IsSensitive() {
		t.Fatal("download_urls is not sensitive")
	}
	backups, ok := s.Attributes["backups"].(schema.ListNestedAttribute)
	if !ok {
		t.Fatalf("backups is a %T, want a list nested attribute", s.Attributes["backups"])
	}
	var walk func(prefix string, attrs map[string]schema.Attribute)
	walk = func(prefix string, attrs map[string]schema.Attribute) {
		for name, a := range attrs {
			if a.IsSensitive() {
				t.Errorf("%s%s is sensitive inside the backups list", prefix, name)
			}
			if nested, ok := a.(schema.ListNestedAttribute); ok {
				walk(prefix+name+".", nested.NestedObject.Attributes)
			}
		}
	}
	walk("backups.", backups.NestedObject.Attributes)
	for _, field := range []string{"internet_url", "intranet_url", "url"} {
		if _, ok := backups.NestedObject.Attributes[field]; ok {
			t.Errorf("backups has a %s attribute", field)
		}
	}
}

// TestSchema_EveryBackupInfoField lists the API's fields as the schema must name them.
func TestSchema_EveryBackupInfoField(t *testing.T) {
	want := []string{
		"backup_id", "name", "size", "date", "start_time", "finish_time", "type", "status", "creator", "method", "way",
		"manual_backup_name", "save_mode", "region", "remote_info", "cos_storage_type", "instance_id", "progress",
		"encryption_flag", "executed_gtid_set", "md5",
	}
	attrs := dataSourceSchema(t).Attributes["backups"].(schema.ListNestedAttribute).NestedObject.Attributes
	if len(attrs) != len(want) {
		t.Errorf("backups has %d attributes, want %d", len(attrs), len(want))
	}
	for _, name := range want {
		if _, ok := attrs[name]; !ok {
			t.Errorf("backups lacks %s", name)
		}
	}
}
