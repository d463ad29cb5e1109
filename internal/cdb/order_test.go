package cdb

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// configOf is a configuration of the data source ds for instance id, every other argument null.
func configOf(t *testing.T, ds datasource.DataSource, id string) tfsdk.Config {
	t.Helper()
	var resp datasource.SchemaResponse
	ds.Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	typ := resp.Schema.Type().TerraformType(context.Background()).(tftypes.Object)
	args := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		args[name] = tftypes.NewValue(at, nil)
	}
	args["instance_id"] = tftypes.NewValue(tftypes.String, id)
	return tfsdk.Config{Raw: tftypes.NewValue(typ, args), Schema: resp.Schema}
}

// TestDeclarations_NewestFirst: backups are ordered by date, then the highest backup_id; binlogs by start time
// (not the file's date), then the highest name; those without the time go last.
func TestDeclarations_NewestFirst(t *testing.T) {
	const id = "cdb-order001"
	srv := mock.NewServer(mock.Options{})
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	srv.SetBackups("ap-guangzhou", id, []mock.Backup{
		{BackupId: 1, Date: "2024-01-01 00:00:00"}, {BackupId: 5}, {BackupId: 2, Date: "2024-03-01 00:00:00"},
		{BackupId: 4, Date: "2024-03-01 00:00:00"}, {BackupId: 3, Date: "2023-12-31 23:59:59"},
	})
	// The files' dates run the other way from their start times.
	srv.SetBinlogs("ap-guangzhou", id, []mock.Binlog{
		{Name: "one", BinlogStartTime: "2025-06-01 01:00:00", Date: "2025-06-09 00:00:00"},
		{Name: "no-start", Date: "2025-06-08 00:00:00"},
		{Name: "three", BinlogStartTime: "2025-06-01 03:00:00", Date: "2025-06-01 00:00:00"},
		{Name: "b", BinlogStartTime: "2025-06-01 02:00:00", Date: "2025-06-02 00:00:00"},
		{Name: "a", BinlogStartTime: "2025-06-01 02:00:00", Date: "2025-06-03 00:00:00"},
	})
	client, errs := tencentcloud.NewClient(context.Background(), tencentcloud.Config{
		Region: "ap-guangzhou", SecretID: mock.DefaultSecretID, SecretKey: mock.DefaultSecretKey, CDBEndpoint: srv.URL(),
	})
	if errs != nil {
		t.Fatal(errs)
	}
	listedBackups, diags := backups.Collect(context.Background(), client, configOf(t, NewBackupsDataSource(), id))
	if diags.HasError() {
		t.Fatal(diags)
	}
	var ids []int64
	for _, b := range listedBackups.Items {
		ids = append(ids, *b.BackupID)
	}
	if want := []int64{4, 2, 1, 3, 5}; !slices.Equal(ids, want) {
		t.Errorf("backups in the order %v, want %v", ids, want)
	}
	listedBinlogs, diags := binlogs.Collect(context.Background(), client, configOf(t, NewBinlogsDataSource(), id))
	if diags.HasError() {
		t.Fatal(diags)
	}
	var names []string
	for _, b := range listedBinlogs.Items {
		names = append(names, *b.Name)
	}
	if want := []string{"three", "b", "a", "one", "no-start"}; fmt.Sprint(names) != fmt.Sprint(want) {
		t.Errorf("binlogs in the order %q, want %q", names, want)
	}
}

func TestLatestSuccessful(t *testing.T) {
	b := func(id int64, status string) *tencentcloud.BackupInfo {
		return &tencentcloud.BackupInfo{BackupID: ptr(id), Status: ptr(status)}
	}
	if got := latestSuccessful([]*tencentcloud.BackupInfo{b(3, "RUNNING"), {}, b(2, "SUCCESS"), b(1, "SUCCESS")}); got == nil || *got.BackupID != 2 {
		t.Fatalf("got %+v, want backup 2", got)
	}
	if got := latestSuccessful([]*tencentcloud.BackupInfo{b(3, "FAILED")}); got != nil {
		t.Fatalf("got %+v, want none", got)
	}
}
