package tencentcloud

import (
	"errors"
	"strings"
	"testing"

	sdkerrors "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
)

// secretURL stands for a download link: it must never be quoted in an error.
const secretURL = "https://cos.example.com/backup.xb?sign=SECRET"

func parse(body string) (*DescribeBackupsOutput, error) {
	out := &DescribeBackupsOutput{}
	err := (&apiResponse{out: out}).ParseErrorFromHTTPResponse([]byte(body))
	return out, err
}

func TestParseResponse_Success(t *testing.T) {
	out, err := parse(`{"Response":{"TotalCount":2,"RequestId":"req-1","Items":[
		{"BackupId":1,"Name":"a","Size":10,"MD5":"abc","InternetUrl":"` + secretURL + `","RemoteInfo":[{"SubBackupId":9,"Url":"u"}],"NewField":{"x":1}},
		{"BackupId":2,"Name":null,"Size":null,"RemoteInfo":null}]}}`)
	if err != nil {
		t.Fatal(err)
	}
	if *out.TotalCount != 2 || out.RequestID != "req-1" || len(out.Items) != 2 {
		t.Fatalf("got %+v", out)
	}
	first, second := out.Items[0], out.Items[1]
	if *first.MD5 != "abc" || *first.Size != 10 || *first.RemoteInfo[0].SubBackupID != 9 || *first.InternetURL != secretURL {
		t.Fatalf("first item decoded wrong: %+v", first)
	}
	if second.Name != nil || second.Size != nil || second.RemoteInfo != nil {
		t.Fatalf("null fields must stay nil: %+v", second)
	}
}

func TestParseResponse_MissingFields(t *testing.T) {
	out, err := parse(`{"Response":{"RequestId":"req-2"}}`)
	if err != nil {
		t.Fatal(err)
	}
	if out.TotalCount != nil || out.Items != nil {
		t.Fatalf("got %+v", out)
	}
	out, err = parse(`{"Response":{"Items":[null,{}],"TotalCount":null}}`)
	if err != nil || len(out.Items) != 2 || out.Items[0] != nil {
		t.Fatalf("got %+v, %v", out, err)
	}
}

func TestParseResponse_APIError(t *testing.T) {
	_, err := parse(`{"Response":{"Error":{"Code":"InvalidParameter.InstanceNotFound","Message":"instance cdb-x not found"},"RequestId":"req-3"}}`)
	var sdkErr *sdkerrors.TencentCloudSDKError
	if !errors.As(err, &sdkErr) || sdkErr.Code != "InvalidParameter.InstanceNotFound" || sdkErr.RequestId != "req-3" || sdkErr.Message != "instance cdb-x not found" {
		t.Fatalf("got %#v", err)
	}
}

func TestParseResponse_Malformed(t *testing.T) {
	cases := map[string]string{
		"": "empty",
		"<html><body>502 Bad Gateway</body></html>":                                   "HTML page",
		`{"Response":{"TotalCount":1,"Items":[{"InternetUrl":"` + secretURL:           "not valid JSON",
		`{"Response":{"TotalCount":"many"}}`:                                          `field "TotalCount" is a JSON string`,
		`{"Response":{"Items":[{"BackupId":"x","InternetUrl":"` + secretURL + `"}]}}`: "is a JSON string",
		`{"Response":null}`:  `no "Response"`,
		`{"Other":1}`:        `no "Response"`,
		`[1,2]`:              "JSON array",
		`{"Response":[1,2]}`: "JSON array",
		`"Response"`:         "JSON string, not an object",
		`{"Response":{"TotalCount":98765432109876543210987}}`: `field "TotalCount" is a JSON number where int64 was expected`,
		`{"Response":{}} {}`: "data after its JSON object",
		`{"Response":{}`:     "cut off after 14 bytes",
		`{"Response" 1}`:     "not valid JSON (14 bytes, error at byte 12)",
	}
	for body, want := range cases {
		_, err := parse(body)
		var respErr *responseError
		if !errors.As(err, &respErr) || !strings.Contains(err.Error(), want) {
			t.Errorf("body %.40q: got %v, want a responseError containing %q", body, err, want)
			continue
		}
		if strings.Contains(err.Error(), "SECRET") {
			t.Errorf("the error quotes the body: %v", err)
		}
	}
}
