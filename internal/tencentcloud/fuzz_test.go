package tencentcloud

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParseResponse feeds arbitrary bodies to the response decoder: no input may make it panic or hang, and an
// answer it cannot use is reported without quoting the body.
func FuzzParseResponse(f *testing.F) {
	seeds := []string{
		`{"Response":{"TotalCount":2,"Items":[{"BackupId":1,"Name":"a","Size":1,"Date":"2017-04-29 00:01:34","RemoteInfo":[{"SubBackupId":2,"Url":"u"}]},null],"RequestId":"r"}}`,
		`{"Response":{"Error":{"Code":"InternalError","Message":"m"},"RequestId":"r"}}`,
		`{"Response":{"Items":[{"BackupId":"x"}]}}`,
		`{"Response":{"TotalCount":1e400}}`,
		`{"Response":{"TotalCount":-1,"Items":{}}}`,
		`{"Response":null}`,
		`{"Response":{"Error":null}}`,
		`{"Response":{"Error":{"Code":7}}}`,
		`<html><body>502 Bad Gateway</body></html>`,
		`{"Response":{"TotalCount":1,"Items":[{"InternetUrl":"https://x`,
		``,
		`[]`,
		`null`,
		"\x00\xff",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		out := &DescribeBackupsOutput{}
		err := (&apiResponse{out: out}).ParseErrorFromHTTPResponse(body)
		var respErr *responseError
		if errors.As(err, &respErr) && len(body) >= 16 && strings.Contains(err.Error(), string(body)) {
			t.Fatalf("the error quotes the body: %v", err)
		}
		if err == nil {
			for _, b := range out.Items {
				if b != nil {
					_ = len(b.RemoteInfo)
				}
			}
		}
	})
}
