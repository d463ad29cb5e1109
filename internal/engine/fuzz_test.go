package engine

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// FuzzListAndFlatten runs whatever a page of the made-up list action may decode to through paging, ordering and
// writing: nothing an API returns may make a data source panic or loop.
func FuzzListAndFlatten(f *testing.F) {
	seeds := []string{
		`{"TotalCount":2,"Items":[{"JobId":1,"Date":"2017-04-29 00:01:34","FinishTime":"0000-00-00 00:00:00","Parts":[{"PartId":2,"StartTime":"2017-04-29 00:01:34","Url":""},null]},{"JobId":3}]}`,
		`{"TotalCount":1,"Items":[{"JobId":1,"Date":"not a date"}]}`,
		`{"TotalCount":3,"Items":[{"JobId":1},{"JobId":1},null]}`,
		`{"Items":[{},{},{}]}`,
		`{"TotalCount":0,"Items":[{"JobId":1}]}`,
		`{"TotalCount":-5,"Items":[]}`,
		`{"TotalCount":9223372036854775807,"Items":[{"JobId":-9223372036854775808,"Size":-1}]}`,
		`{"TotalCount":1,"Items":[{"JobId":1,"Date":"2017-02-30 25:61:61","Parts":[{"StartTime":"x"}]}]}`,
	}
	for _, s := range seeds {
		f.Add([]byte(s), int64(100))
	}
	f.Fuzz(func(t *testing.T, body []byte, pageSize int64) {
		var page struct {
			TotalCount *int64
			Items      []*testJob
		}
		if json.Unmarshal(body, &page) != nil {
			return
		}
		onePage := func(_ context.Context, offset, limit int64) (Page[testJob], error) {
			if offset == 0 {
				return Page[testJob]{Total: page.TotalCount, Items: page.Items, Limit: limit}, nil
			}
			return Page[testJob]{Total: page.TotalCount, Limit: limit}, nil
		}
		listed, err := ListAll(context.Background(), onePage, jobTable, "s1", pageSize, 1000)
		if err != nil {
			return
		}
		sortNewestFirst(listed.Items, jobTable, NewestFirst("date").field(jobTable))
		// An API object that cannot be written is refused; what is written must read back.
		if _, _, _, err := writeJobs(listed.Items); err != nil && strings.HasPrefix(err.Error(), "decoding") {
			t.Fatal(err)
		}
	})
}
