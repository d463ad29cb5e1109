package mock_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// limitRefusal is the message the mock answers, as the API words an invalid value, for a Limit
// out of 1..bound.
func limitRefusal(limit, bound int64) string {
	return fmt.Sprintf("The value of parameter `Limit` (%d) is not valid: it must be between 1 and %d.", limit, bound)
}

// expectLimitRefused asserts that a DescribeBackups call with this Limit is refused as an invalid
// value naming Limit, the value and the bound.
func expectLimitRefused(t *testing.T, s *mock.Server, limit, bound int64) {
	t.Helper()
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	_, err := describe(t, client, map[string]any{"InstanceId": "cdb-a", "Limit": limit})
	sdkErr := expectCode(t, err, "InvalidParameterValue", "`Limit`")
	if want := limitRefusal(limit, bound); sdkErr.GetMessage() != want {
		t.Errorf("message = %q, want %q", sdkErr.GetMessage(), want)
	}
}

// expectPage asserts that a DescribeBackups call with this Limit answers the first limit stored
// backups whole.
func expectPage(t *testing.T, s *mock.Server, limit int64, stored []mock.Backup) {
	t.Helper()
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	resp := mustDescribe(t, client, map[string]any{"InstanceId": "cdb-a", "Limit": limit})
	got := resp.backups(t)
	if *resp.Response.TotalCount != int64(len(stored)) || !reflect.DeepEqual(got, stored[:limit]) {
		t.Errorf("Limit %d: TotalCount %d, %d items; want %d and the first %d stored backups",
			limit, *resp.Response.TotalCount, len(got), len(stored), limit)
	}
}

// The default bound is the current API reference's maximum, 1000, for both list actions.
func TestMaxLimit_DefaultIs1000(t *testing.T) {
	s := startServer(t, mock.Options{})
	stored := mock.GenerateBackups("cdb-a", "ap-guangzhou", 1200, newest)
	s.SetBackups("ap-guangzhou", "cdb-a", stored)

	expectPage(t, s, 1000, stored)
	expectLimitRefused(t, s, 1001, 1000)
	expectLimitRefused(t, s, 5000, 1000)
	expectLimitRefused(t, s, 0, 1000) // below 1: refused alike, but no probe for a larger page

	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	resp := mustDescribe(t, client, map[string]any{"InstanceId": "cdb-a", "Offset": 1000, "Limit": 1000})
	if got := resp.backups(t); !reflect.DeepEqual(got, stored[1000:]) {
		t.Errorf("Offset 1000 Limit 1000: %d items, want the last 200 stored backups", len(got))
	}
	if resp := mustDescribe(t, client, map[string]any{"InstanceId": "cdb-a"}); len(resp.Response.Items) != 20 {
		t.Errorf("no Limit: %d items, want the default 20", len(resp.Response.Items))
	}
	calls := s.Calls()
	if c := calls[2]; c.ErrorCode != "InvalidParameterValue" || c.Limit == nil || *c.Limit != 5000 {
		t.Errorf("recorded call = %+v, want InvalidParameterValue with Limit 5000", c)
	}
	if st := s.Stats(); st.LimitTooLarge != 2 || st.Refused != 0 || st.Calls != 6 {
		t.Errorf("Stats = %+v, want 2 calls refused for a Limit too large among 6", st)
	}

	binlogs := mock.GenerateBinlogs("cdb-a", "ap-guangzhou", newest.Add(-60*24*time.Hour), newest, mock.BinlogOptions{})
	if len(binlogs) <= 1000 {
		t.Fatalf("60 days of hourly binlogs: %d, want more than 1000", len(binlogs))
	}
	s.SetBinlogs("ap-guangzhou", "cdb-a", binlogs)
	total, page := mustDescribeBinlogs(t, client, map[string]any{"InstanceId": "cdb-a", "Limit": 1000})
	if total != int64(len(binlogs)) || len(page) != 1000 {
		t.Errorf("DescribeBinlogs Limit 1000: TotalCount %d, %d items; want %d and 1000", total, len(page), len(binlogs))
	}
	_, err := describeBinlogs(t, client, map[string]any{"InstanceId": "cdb-a", "Limit": 1001})
	expectCode(t, err, "InvalidParameterValue", limitRefusal(1001, 1000))
}

// The original specification's bound, 100, stays available as an option.
func TestMaxLimit_OptionSpecification100(t *testing.T) {
	if mock.SpecificationMaxLimit != 100 {
		t.Fatalf("SpecificationMaxLimit = %d, want the specification page's 100", mock.SpecificationMaxLimit)
	}
	s := startServer(t, mock.Options{MaxLimit: mock.SpecificationMaxLimit})
	stored := mock.GenerateBackups("cdb-a", "ap-guangzhou", 150, newest)
	s.SetBackups("ap-guangzhou", "cdb-a", stored)

	expectPage(t, s, 100, stored)
	expectLimitRefused(t, s, 101, 100)
	expectLimitRefused(t, s, 1000, 100)

	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	resp := mustDescribe(t, client, map[string]any{"InstanceId": "cdb-a", "Offset": 100, "Limit": 100})
	if got := resp.backups(t); !reflect.DeepEqual(got, stored[100:]) {
		t.Errorf("Offset 100 Limit 100: %d items, want the last 50 stored backups", len(got))
	}
	if st := s.Stats(); st.LimitTooLarge != 2 {
		t.Errorf("LimitTooLarge = %d, want 2", st.LimitTooLarge)
	}
}

func TestSetMaxLimit(t *testing.T) {
	s := startServer(t, mock.Options{})
	stored := mock.GenerateBackups("cdb-a", "ap-guangzhou", 600, newest)
	s.SetBackups("ap-guangzhou", "cdb-a", stored)

	expectLimitRefused(t, s, 1001, 1000)
	if err := s.SetMaxLimit(500); err != nil {
		t.Fatal(err)
	}
	expectPage(t, s, 500, stored)
	expectLimitRefused(t, s, 501, 500)

	if err := s.SetMaxLimit(50); err != nil {
		t.Fatal(err)
	}
	expectPage(t, s, 50, stored)
	expectLimitRefused(t, s, 51, 50)
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	if resp := mustDescribe(t, client, map[string]any{"InstanceId": "cdb-a"}); len(resp.Response.Items) != 20 {
		t.Errorf("no Limit: %d items, want the default 20 whatever the bound", len(resp.Response.Items))
	}

	for _, n := range []int64{0, -1, mock.LargestMaxLimit + 1} {
		if err := s.SetMaxLimit(n); err == nil || !strings.Contains(err.Error(), fmt.Sprint(n)) {
			t.Errorf("SetMaxLimit(%d) = %v, want an error naming the value", n, err)
		}
	}
	expectLimitRefused(t, s, 51, 50) // a refused setting leaves the bound as it was
	if err := s.SetMaxLimit(mock.LargestMaxLimit); err != nil {
		t.Errorf("SetMaxLimit(LargestMaxLimit): %v", err)
	}

	func() {
		defer func() {
			if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "-5") {
				t.Errorf("NewServer with MaxLimit -5: recovered %v, want a panic naming the value", r)
			}
		}()
		mock.NewServer(mock.Options{MaxLimit: -5})
	}()
}

func TestMaxLimit_CountedApart(t *testing.T) {
	// A mutation after every answer: a refused Limit is no answer, so nothing changes.
	s := startServer(t, mock.Options{Quota: 1000, Mutation: mock.MutationOptions{EveryCalls: 1, Add: 1}})
	s.SetBackups("ap-guangzhou", "cdb-a", mock.GenerateBackups("cdb-a", "ap-guangzhou", 5, newest))
	for range 3 {
		expectLimitRefused(t, s, 1001, 1000)
	}
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	_, err := describe(t, client, map[string]any{"InstanceId": "cdb-a", "Limit": "200"})
	expectCode(t, err, "InvalidParameter", "Limit") // the wrong type is not a probe for a larger page
	if st := s.Stats(); st.LimitTooLarge != 3 || st.Refused != 0 || st.Mutations != 0 || st.Calls != 4 {
		t.Errorf("Stats = %+v, want 3 Limits too large, nothing refused by the quota, no mutation", st)
	}

	res, err := http.Get(s.URL() + mock.StatsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var v map[string]any
	if err := json.NewDecoder(res.Body).Decode(&v); err != nil || v["limit_too_large"] != 3.0 {
		t.Errorf("GET %s: %v (%v), want limit_too_large 3", mock.StatsPath, v, err)
	}

	s.ResetStats()
	if st := s.Stats(); st.LimitTooLarge != 0 {
		t.Errorf("after ResetStats: LimitTooLarge = %d", st.LimitTooLarge)
	}
}
