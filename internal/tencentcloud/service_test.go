package tencentcloud

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// TestClient_SameActionOfTwoServicesIsKeptApart: an action name that two services share is two quotas, with a
// rate limiter and a learned page size each, even when both services are served at one host.
func TestClient_SameActionOfTwoServicesIsKeptApart(t *testing.T) {
	srv := startSpecMock(t) // the specification's largest Limit, 100
	c := newTestClient(t, Config{CDBEndpoint: srv.URL(), STSEndpoint: srv.URL()})
	cdb, sts := c.services[ServiceCDB].key("DescribeBackups"), c.services[ServiceSTS].key("DescribeBackups")

	cdbLimiter, stsLimiter := c.limiter(cdb), c.limiter(sts)
	if cdbLimiter == stsLimiter {
		t.Fatal("CDB's and STS's DescribeBackups share one rate limiter")
	}
	if c.limiter(cdb) != cdbLimiter {
		t.Fatal("a second call of CDB's DescribeBackups got another rate limiter")
	}
	cdbLimiter.Throttled(time.Now())
	if g := cdbLimiter.generation(); g != 1 {
		t.Fatalf("CDB's limiter was lowered %d times, want 1", g)
	}
	if g := stsLimiter.generation(); g != 0 {
		t.Fatalf("a rate-limit answer to CDB's DescribeBackups lowered STS's DescribeBackups (%d decreases)", g)
	}

	// CDB's DescribeBackups learns that the API refuses 1000 (one probe, then 100); STS's still has to find out.
	if out := largestPage(t, c); out.Limit != 100 {
		t.Fatalf("page size %d, want 100", out.Limit)
	}
	limit, probe, err := c.pageSizes.take(context.Background(), cdb)
	if err != nil || limit != 100 || probe {
		t.Fatalf("CDB's DescribeBackups: Limit %d, probe %v, %v; want 100 without a probe", limit, probe, err)
	}
	limit, probe, err = c.pageSizes.take(context.Background(), sts)
	if err != nil || limit != LargestPageSize || !probe {
		t.Fatalf("STS's DescribeBackups: Limit %d, probe %v, %v; want a probe with %d", limit, probe, err, LargestPageSize)
	}
	c.pageSizes.settle(sts, 0)
}

// TestQuotaFile_KeyedByServiceHostAndAction: each of the cache's entries is one service's action at one host.
func TestQuotaFile_KeyedByServiceHostAndAction(t *testing.T) {
	const identity, region = "secret-id AKIDtest", "ap-guangzhou"
	keys := map[string]callKey{
		"CDB's DescribeBackups":               {ServiceCDB, "cdb.tencentcloudapi.com", "DescribeBackups"},
		"another host":                        {ServiceCDB, "cdb.internal.tencentcloudapi.com", "DescribeBackups"},
		"another action":                      {ServiceCDB, "cdb.tencentcloudapi.com", "DescribeBinlogs"},
		"another service's action, same name": {ServiceSTS, "cdb.tencentcloudapi.com", "DescribeBackups"},
	}
	seen := map[string]string{}
	for name, k := range keys {
		file := quotaKey(identity, region, k)
		if other, ok := seen[file]; ok {
			t.Errorf("%s and %s share the cache entry %s", name, other, file)
		}
		seen[file] = name
	}
}

// TestQuotaFile_EachServiceAtItsOwnHost: a client whose CDB and STS calls go to two hosts keeps the entry of each
// call under the host it went to; STS's GetCallerIdentity is not filed under CDB's host.
func TestQuotaFile_EachServiceAtItsOwnHost(t *testing.T) {
	cdbSrv, stsSrv := startMock(t), startMock(t)
	dir := t.TempDir()
	c := newTestClient(t, Config{CDBEndpoint: cdbSrv.URL(), STSEndpoint: stsSrv.URL(), CacheDir: dir,
		AllowedAccountIDs: []string{mock.DefaultAccountID}}) // GetCallerIdentity, at configure time
	largestPage(t, c)
	if n := len(stsSrv.Calls()); n != 1 {
		t.Fatalf("STS got %d calls, want GetCallerIdentity", n)
	}
	identity := "secret-id " + mock.DefaultSecretID
	want := []string{
		quotaKey(identity, "ap-guangzhou", callKey{ServiceCDB, cdbSrv.Addr(), "DescribeBackups"}),
		quotaKey(identity, "ap-guangzhou", callKey{ServiceSTS, stsSrv.Addr(), "GetCallerIdentity"}),
	}
	slices.Sort(want)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, filepath.Base(e.Name()))
	}
	if !slices.Equal(got, want) {
		t.Fatalf("cache entries %v, want %v (CDB's DescribeBackups at %s, STS's GetCallerIdentity at %s)", got, want, cdbSrv.Addr(), stsSrv.Addr())
	}
}
