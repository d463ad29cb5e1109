package cdb

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// onePagePager answers a decoded page at offset 0 and nothing after it.
type onePagePager struct {
	page *tencentcloud.DescribeBackupsOutput
}

func (p onePagePager) DescribeBackups(_ context.Context, in tencentcloud.DescribeBackupsInput) (*tencentcloud.DescribeBackupsOutput, error) {
	if in.Offset == 0 {
		return p.page, nil
	}
	return &tencentcloud.DescribeBackupsOutput{TotalCount: p.page.TotalCount}, nil
}

// FuzzListAndFlatten runs whatever a DescribeBackups answer may decode to through paging, ordering and
// flattening: nothing the API returns may make the data source panic or loop.
func FuzzListAndFlatten(f *testing.F) {
	seeds := []string{
		`{"TotalCount":2,"Items":[{"BackupId":1,"Date":"2017-04-29 00:01:34","FinishTime":"0000-00-00 00:00:00","RemoteInfo":[{"SubBackupId":2,"StartTime":"2017-04-29 00:01:34","Url":""},null]},{"BackupId":3}]}`,
		`{"TotalCount":1,"Items":[{"BackupId":1,"Date":"not a date"}]}`,
		`{"TotalCount":3,"Items":[{"BackupId":1},{"BackupId":1},null]}`,
		`{"Items":[{},{},{}]}`,
		`{"TotalCount":0,"Items":[{"BackupId":1}]}`,
		`{"TotalCount":-5,"Items":[]}`,
		`{"TotalCount":9223372036854775807,"Items":[{"BackupId":-9223372036854775808,"Size":-1,"Progress":101}]}`,
		`{"TotalCount":1,"Items":[{"BackupId":1,"Date":"2017-02-30 25:61:61","RemoteInfo":[{"FinishTime":"x"}]}]}`,
	}
	for _, s := range seeds {
		f.Add([]byte(s), int64(100))
	}
	f.Fuzz(func(t *testing.T, body []byte, pageSize int64) {
		var page tencentcloud.DescribeBackupsOutput
		if json.Unmarshal(body, &page) != nil {
			return
		}
		listed, err := listBackups(context.Background(), onePagePager{page: &page}, "cdb-fuzz0000", pageSize)
		if err != nil {
			return
		}
		sortNewestFirst(listed.items)
		list, urls, _, err := writeBackups(listed.items)
		if err != nil {
			return
		}
		if !list.IsKnown() || !urls.IsKnown() {
			t.Fatal("flattened values are not known")
		}
	})
}
