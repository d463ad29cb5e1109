package cdb

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/engine"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// benchmarkBackups is the size the performance targets are set for.
const benchmarkBackups = 10_000

// listBackups reads every backup of an instance with client, as a read does before it orders them.
func listBackups(ctx context.Context, client *tencentcloud.Client, id string, pageSize int64) (*engine.Listing[tencentcloud.BackupInfo], error) {
	fetch := func(ctx context.Context, offset, limit int64) (engine.Page[tencentcloud.BackupInfo], error) {
		out, err := client.DescribeBackups(ctx, tencentcloud.DescribeBackupsInput{InstanceID: id, Offset: offset, Limit: limit})
		if err != nil {
			return engine.Page[tencentcloud.BackupInfo]{}, err
		}
		return engine.Page[tencentcloud.BackupInfo]{Total: out.TotalCount, Items: out.Items, Limit: out.Limit}, nil
	}
	return engine.ListAll(ctx, fetch, backupInfo, id, pageSize, tencentcloud.LargestPageSize)
}

// BenchmarkListBackups measures the listing itself: 100 calls to the mock (no latency, no quota, the client's
// limiter at its highest), signing and decoding. cpu-ms/op is the process's CPU time, the in-process mock's
// encoding of the answers included.
func BenchmarkListBackups(b *testing.B) {
	srv := mock.NewServer(mock.Options{})
	if err := srv.Start("127.0.0.1:0"); err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	const id = "cdb-bench002"
	srv.SetBackups("ap-guangzhou", id, mock.GenerateBackups(id, "ap-guangzhou", benchmarkBackups, time.Now()))
	client, _ := tencentcloud.NewClient(context.Background(), tencentcloud.Config{
		Region: "ap-guangzhou", SecretID: mock.DefaultSecretID, SecretKey: mock.DefaultSecretKey, CDBEndpoint: srv.URL(),
		RequestsPerSecond: tencentcloud.MaxRequestsPerSecond,
	})
	b.ReportAllocs()
	cpu := cpuTime(b)
	for b.Loop() {
		if _, err := listBackups(context.Background(), client, id, 100); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((cpuTime(b)-cpu).Milliseconds())/float64(b.N), "cpu-ms/op")
}

// BenchmarkListAtQuota lists 10,000 backups in pages of 100 from a mock that answers each call in 20 ms and
// enforces a quota of 100 calls per second, as the API specification gives. The 100 calls cannot take less than
// about a second (the floor); concurrent paging under the client's limiter should come close to it, where one
// call at a time needs at least 100 × 20 ms plus the limiter's spacing.
func BenchmarkListAtQuota(b *testing.B) {
	const (
		quota   = 100
		latency = 20 * time.Millisecond
		id      = "cdb-bench003"
	)
	srv := mock.NewServer(mock.Options{Latency: latency, Quota: quota})
	if err := srv.Start("127.0.0.1:0"); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = srv.Close() })
	srv.SetBackups("ap-guangzhou", id, mock.GenerateBackups(id, "ap-guangzhou", benchmarkBackups, time.Now()))

	for _, mode := range []struct {
		name        string
		concurrency int
		quota       float64 // the mock's; the client is always configured for 100
	}{
		{"concurrent", tencentcloud.DefaultMaxConcurrency, quota},
		{"sequential", 1, quota},
		// The real quota may be 10 (FACTS.md): the adaptive limiter must find it with a few refused calls.
		{"concurrent-real-quota-10", tencentcloud.DefaultMaxConcurrency, 10},
	} {
		b.Run(mode.name, func(b *testing.B) {
			var refused, calls int
			var elapsed time.Duration
			for b.Loop() {
				// A fresh provider process each time: a new client, and the mock's bucket full again.
				client, errs := tencentcloud.NewClient(context.Background(), tencentcloud.Config{
					Region: "ap-guangzhou", SecretID: mock.DefaultSecretID, SecretKey: mock.DefaultSecretKey, CDBEndpoint: srv.URL(),
					RequestsPerSecond: quota, MaxConcurrency: mode.concurrency,
				})
				if errs != nil {
					b.Fatal(errs)
				}
				if err := srv.SetQuota(mode.quota); err != nil {
					b.Fatal(err)
				}
				srv.ResetStats()
				start := time.Now()
				listed, err := listBackups(context.Background(), client, id, 100)
				elapsed += time.Since(start)
				if err != nil {
					b.Fatal(err)
				}
				if len(listed.Items) != benchmarkBackups {
					b.Fatalf("listed %d backups", len(listed.Items))
				}
				stats := srv.Stats()
				calls += stats.Calls
				refused += stats.Refused
			}
			n := float64(b.N)
			floor := float64(calls) / n / mode.quota
			b.ReportMetric(float64(calls)/n, "calls/op")
			b.ReportMetric(float64(refused)/n, "refused/op")
			b.ReportMetric(elapsed.Seconds()/n/floor, "x-floor")
		})
	}
}

// cpuTime is the CPU time the test process has used, user and system.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkBackupPolicy reads one instance's backup policy (four actions) from a mock that answers each call in
// 50 ms: at once, as the data source reads it, the read takes about one call's time; one call at a time
// (max_concurrency = 1), four.
func BenchmarkBackupPolicy(b *testing.B) {
	const (
		latency = 50 * time.Millisecond
		id      = "cdb-bench004"
	)
	srv := mock.NewServer(mock.Options{Latency: latency})
	if err := srv.Start("127.0.0.1:0"); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = srv.Close() })
	srv.SetBackups("ap-guangzhou", id, nil)
	for _, mode := range []struct {
		name        string
		concurrency int
	}{{"concurrent", tencentcloud.DefaultMaxConcurrency}, {"sequential", 1}} {
		b.Run(mode.name, func(b *testing.B) {
			client, errs := tencentcloud.NewClient(context.Background(), tencentcloud.Config{
				Region: "ap-guangzhou", SecretID: mock.DefaultSecretID, SecretKey: mock.DefaultSecretKey, CDBEndpoint: srv.URL(),
				RequestsPerSecond: tencentcloud.MaxRequestsPerSecond, MaxConcurrency: mode.concurrency,
			})
			if errs != nil {
				b.Fatal(errs)
			}
			srv.ResetStats()
			for b.Loop() {
				if _, err := client.DescribeBackupPolicy(context.Background(), id); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(srv.Stats().Calls)/float64(b.N), "calls/op")
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/op")
		})
	}
}
