package mock_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// TestGateway_SameChecksForCDBAndSTS sends the same bad calls to CDB and to STS: both services are
// behind one gateway, so each is refused with the same code, naming the same thing.
func TestGateway_SameChecksForCDBAndSTS(t *testing.T) {
	s := startServer(t, mock.Options{})
	s.SetBackups("ap-guangzhou", "cdb-a", nil)

	services := []struct {
		name, version, action, serves string
	}{
		{"cdb", "2017-03-20", "DescribeBackups", "DescribeBackups, DescribeBackupDecryptionKey, DescribeBinlogs, DescribeBackupConfig, " +
			"DescribeRemoteBackupConfig, DescribeLocalBinlogConfig, DescribeBackupEncryptionStatus, DescribeBackupDownloadRestriction, " +
			"DescribeRollbackRangeTime, DescribeDBInstances, DescribeBackupSummaries and CreateBackup"},
		{"sts", "2018-08-13", "GetCallerIdentity", "AssumeRole and GetCallerIdentity"},
	}
	tests := []struct {
		name     string
		method   string
		edit     func(http.Header)
		wantCode string
		mentions string
	}{
		{"GET", http.MethodGet, nil, "UnsupportedProtocol", "GET"},
		{"no region", http.MethodPost, func(h http.Header) { h.Del("X-TC-Region") }, "MissingParameter", "Region"},
		{"other version", http.MethodPost, func(h http.Header) { h.Set("X-TC-Version", "2001-01-01") }, "NoSuchVersion", "2001-01-01"},
		{"unknown action", http.MethodPost, func(h http.Header) { h.Set("X-TC-Action", "DescribeNothing") }, "InvalidAction", "DescribeNothing"},
		{"unknown region", http.MethodPost, func(h http.Header) { h.Set("X-TC-Region", "ap-atlantis") }, "UnsupportedRegion", "ap-atlantis"},
		{"finance region on the plain host", http.MethodPost, func(h http.Header) { h.Set("X-TC-Region", "ap-shanghai-fsi") },
			"UnsupportedRegion", "ap-shanghai-fsi"},
		{"no authorization", http.MethodPost, func(h http.Header) { h.Del("Authorization") }, "AuthFailure.InvalidAuthorization", "Authorization"},
		{"wrong signature", http.MethodPost, nil, "AuthFailure.SignatureFailure", realSignatureFailure},
	}
	for _, svc := range services {
		for _, tt := range tests {
			t.Run(svc.name+"/"+tt.name, func(t *testing.T) {
				s.ResetCalls()
				req, err := http.NewRequest(tt.method, s.URL()+"/", strings.NewReader(`{}`))
				if err != nil {
					t.Fatal(err)
				}
				req.Host = svc.name + ".tencentcloudapi.com"
				req.Header = http.Header{
					"Content-Type":   {"application/json"},
					"X-Tc-Action":    {svc.action},
					"X-Tc-Version":   {svc.version},
					"X-Tc-Region":    {"ap-guangzhou"},
					"X-Tc-Timestamp": {fmt.Sprint(time.Now().Unix())},
					"Authorization": {"TC3-HMAC-SHA256 Credential=" + mock.DefaultSecretID + "/" +
						time.Now().UTC().Format("2006-01-02") + "/" + svc.name + "/tc3_request, SignedHeaders=content-type;host, Signature=" +
						strings.Repeat("ab", 32)},
				}
				if tt.edit != nil {
					tt.edit(req.Header)
				}
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer res.Body.Close()
				var answer struct {
					Response struct {
						Error struct{ Code, Message string }
					}
				}
				if err := json.NewDecoder(res.Body).Decode(&answer); err != nil {
					t.Fatal(err)
				}
				got := answer.Response.Error
				if got.Code != tt.wantCode || !strings.Contains(got.Message, tt.mentions) {
					t.Errorf("answer = %+v, want code %s mentioning %q", got, tt.wantCode, tt.mentions)
				}
				if tt.wantCode == "InvalidAction" && !strings.Contains(got.Message, svc.serves) {
					t.Errorf("message %q does not list the actions served, %s", got.Message, svc.serves)
				}
				if calls := s.Calls(); len(calls) != 1 || calls[0].Service != svc.name || calls[0].ErrorCode != tt.wantCode {
					t.Errorf("recorded calls = %+v, want one %s call refused with %s", calls, svc.name, tt.wantCode)
				}
			})
		}
	}
}
