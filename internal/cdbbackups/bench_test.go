package cdbbackups

import (
	"context"
	"testing"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// benchmarkBackups is the size the performance targets are set for.
const benchmarkBackups = 10_000

// decodedBackups lists n generated backups through the real client and the mock, as a Read would.
func decodedBackups(b *testing.B, n int) []*tencentcloud.BackupInfo {
	b.Helper()
	srv := mock.NewServer(mock.Options{})
	if err := srv.Start("127.0.0.1:0"); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = srv.Close() })
	const id = "cdb-bench001"
	srv.SetBackups("ap-guangzhou", id, mock.GenerateBackups(id, "ap-guangzhou", n, time.Date(2025, 6, 30, 2, 0, 0, 0, time.UTC)))
	client, errs := tencentcloud.NewClient(tencentcloud.Config{
		Region: "ap-guangzhou", SecretID: mock.DefaultSecretID, SecretKey: mock.DefaultSecretKey, CDBEndpoint: srv.URL(),
	})
	if errs != nil {
		b.Fatal(errs)
	}
	listed, err := listBackups(context.Background(), client, id, 100)
	if err != nil {
		b.Fatal(err)
	}
	return listed.backups
}

// BenchmarkListBackups measures the listing itself: 100 calls to the mock (no latency), signing and decoding.
func BenchmarkListBackups(b *testing.B) {
	srv := mock.NewServer(mock.Options{})
	if err := srv.Start("127.0.0.1:0"); err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	const id = "cdb-bench002"
	srv.SetBackups("ap-guangzhou", id, mock.GenerateBackups(id, "ap-guangzhou", benchmarkBackups, time.Now()))
	client, _ := tencentcloud.NewClient(tencentcloud.Config{
		Region: "ap-guangzhou", SecretID: mock.DefaultSecretID, SecretKey: mock.DefaultSecretKey, CDBEndpoint: srv.URL(),
	})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := listBackups(context.Background(), client, id, 100); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOrderAndFlatten measures the provider's own work after the last page: order the backups and build
// the state's values, for 10,000 backups.
func BenchmarkOrderAndFlatten(b *testing.B) {
	backups := decodedBackups(b, benchmarkBackups)
	b.ReportAllocs()
	for b.Loop() {
		work := append([]*tencentcloud.BackupInfo(nil), backups...)
		sortNewestFirst(work)
		if _, _, _, err := flattenBackups(work); err != nil {
			b.Fatal(err)
		}
	}
}
