package mock_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// metadataAnswer is this test's decoding of a role's credentials, as the SDK's CvmRoleProvider
// reads them.
type metadataAnswer struct {
	TmpSecretId  string    `json:"TmpSecretId"`
	TmpSecretKey string    `json:"TmpSecretKey"`
	ExpiredTime  int64     `json:"ExpiredTime"`
	Expiration   time.Time `json:"Expiration"`
	Token        string    `json:"Token"`
	Code         string    `json:"Code"`
}

// getMetadata GETs a path of the metadata service on the mock.
func getMetadata(t *testing.T, client *http.Client, s *mock.Server, path string) (int, string) {
	t.Helper()
	res, err := client.Get(s.URL() + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(body)
}

func TestMetadata_ListingAndCredentials(t *testing.T) {
	s := startServer(t, mock.Options{})
	s.SetBackups("ap-guangzhou", "cdb-a", nil)
	get := func(path string) (int, string) { t.Helper(); return getMetadata(t, http.DefaultClient, s, path) }

	// No role bound: the listing is 404, which the SDK reads as "no role bound".
	if status, _ := get(mock.MetadataCredentialsPath); status != http.StatusNotFound {
		t.Errorf("listing without roles: %d, want 404", status)
	}
	if err := s.AddInstanceRole("reader", ""); err != nil {
		t.Fatal(err)
	}
	if err := s.AddInstanceRole("writer", otherAccount); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{mock.MetadataCredentialsPath, strings.TrimSuffix(mock.MetadataCredentialsPath, "/")} {
		if status, body := get(path); status != http.StatusOK || body != "reader\nwriter" {
			t.Errorf("GET %s: %d %q, want the role names, one per line, no newline after the last", path, status, body)
		}
	}

	status, body := get(mock.MetadataCredentialsPath + "reader")
	if status != http.StatusOK {
		t.Fatalf("GET reader: %d %s", status, body)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &fields); err != nil {
		t.Fatal(err)
	}
	if got := sortedKeys(fields); !reflect.DeepEqual(got, []string{"Code", "Expiration", "ExpiredTime", "TmpSecretId", "TmpSecretKey", "Token"}) {
		t.Errorf("fields = %v", got)
	}
	var cred metadataAnswer
	if err := json.Unmarshal([]byte(body), &cred); err != nil {
		t.Fatal(err)
	}
	if cred.Code != "Success" || !strings.HasPrefix(cred.TmpSecretId, "AKID") || cred.TmpSecretKey == "" || cred.Token == "" ||
		!cred.Expiration.Equal(time.Unix(cred.ExpiredTime, 0)) {
		t.Errorf("credentials = %+v", cred)
	}
	if d := time.Until(cred.Expiration); d < 119*time.Minute || d > 2*time.Hour {
		t.Errorf("instance role credentials expire in %s, want 2 hours", d)
	}

	// They work like STS's: with their token, acting as the role.
	client := tempClient(t, s, cred.TmpSecretId, cred.TmpSecretKey, cred.Token)
	mustDescribe(t, client, map[string]any{"InstanceId": "cdb-a"})
	_, err := describe(t, tempClient(t, s, cred.TmpSecretId, cred.TmpSecretKey, ""), map[string]any{"InstanceId": "cdb-a"})
	expectCode(t, err, "AuthFailure.TokenFailure")
	var who callerIdentityAnswer
	if err := callSTS(t, client, "GetCallerIdentity", nil, &who); err != nil {
		t.Fatal(err)
	}
	if who.Response.Type != "CAMRole" || who.Response.AccountId != mock.DefaultAccountID {
		t.Errorf("identity = %+v", who.Response)
	}
	if calls := s.Calls(); calls[0].RoleARN != "qcs::cam::uin/"+mock.DefaultAccountID+":roleName/reader" {
		t.Errorf("call recorded as role %q", calls[0].RoleARN)
	}

	_, body = get(mock.MetadataCredentialsPath + "writer")
	var writer metadataAnswer
	_ = json.Unmarshal([]byte(body), &writer)
	if err := callSTS(t, tempClient(t, s, writer.TmpSecretId, writer.TmpSecretKey, writer.Token), "GetCallerIdentity", nil, &who); err != nil {
		t.Fatal(err)
	}
	if who.Response.AccountId != otherAccount {
		t.Errorf("writer acts as %s, want %s", who.Response.AccountId, otherAccount)
	}

	for _, path := range []string{mock.MetadataCredentialsPath + "nobody", mock.MetadataCredentialsPath + "reader/more", "/latest/meta-data/placement/zone"} {
		if status, _ := get(path); status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, status)
		}
	}
	res, err := http.Post(s.URL()+mock.MetadataCredentialsPath+"reader", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d, want 405", res.StatusCode)
	}

	if got := s.MetadataFetches("reader"); got != 1 {
		t.Errorf("MetadataFetches(reader) = %d, want 1", got)
	}
	if st := s.Stats(); st.MetadataRequests != 9 || st.MetadataFetches != 2 || st.Calls != 2 || st.STSCalls != 2 {
		t.Errorf("Stats = %+v, want 9 metadata requests, 2 fetches, 2 CDB calls, 2 STS calls", st)
	}
}

func TestMetadata_SDKCvmRoleProvider(t *testing.T) {
	s := startServer(t, mock.Options{})
	s.SetBackups("ap-guangzhou", "cdb-a", nil)
	if err := s.AddInstanceRole("cvm-backup-reader", ""); err != nil {
		t.Fatal(err)
	}
	// The SDK's provider GETs http://metadata.tencentyun.com/... with http.DefaultClient: the mock
	// answers it as an HTTP proxy.
	proxyURL, err := url.Parse(s.URL())
	if err != nil {
		t.Fatal(err)
	}
	viaProxy := &http.Transport{Proxy: http.ProxyURL(proxyURL)}
	saved := http.DefaultClient
	http.DefaultClient = &http.Client{Transport: viaProxy, Timeout: 5 * time.Second}
	t.Cleanup(func() { http.DefaultClient = saved; viaProxy.CloseIdleConnections() })

	cred, err := common.DefaultCvmRoleProvider().GetCredential() // finds the role through the listing
	if err != nil {
		t.Fatalf("CvmRoleProvider.GetCredential: %v", err)
	}
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	client.WithCredential(cred)
	mustDescribe(t, client, map[string]any{"InstanceId": "cdb-a"})
	if got := s.MetadataFetches("cvm-backup-reader"); got != 1 {
		t.Errorf("MetadataFetches = %d, want 1", got)
	}
}

func TestMetadata_CredentialsExpire(t *testing.T) {
	clock := &skewClock{}
	s := startServer(t, mock.Options{Now: clock.Now, TemporaryCredentialLifetime: 3 * time.Second})
	s.SetBackups("ap-guangzhou", "cdb-a", nil)
	if err := s.AddInstanceRole("reader", ""); err != nil {
		t.Fatal(err)
	}
	_, body := getMetadata(t, http.DefaultClient, s, mock.MetadataCredentialsPath+"reader")
	var cred metadataAnswer
	if err := json.Unmarshal([]byte(body), &cred); err != nil {
		t.Fatal(err)
	}
	if d := time.Unix(cred.ExpiredTime, 0).Sub(clock.Now()); d > 3*time.Second {
		t.Errorf("capped credentials expire in %s", d)
	}
	client := tempClient(t, s, cred.TmpSecretId, cred.TmpSecretKey, cred.Token)
	mustDescribe(t, client, map[string]any{"InstanceId": "cdb-a"})
	clock.Advance(4 * time.Second)
	_, err := describe(t, client, map[string]any{"InstanceId": "cdb-a"})
	expectCode(t, err, "AuthFailure.TokenFailure", "expired")
}

func TestMetadata_Stall(t *testing.T) {
	s := startServer(t, mock.Options{})
	if err := s.AddInstanceRole("reader", ""); err != nil {
		t.Fatal(err)
	}
	if err := s.SetMetadataStall(-time.Second); err == nil {
		t.Error("a negative stall was accepted")
	}
	if err := s.SetMetadataStall(time.Minute); err != nil {
		t.Fatal(err)
	}

	// A client with a timeout gives up; the request was counted.
	impatient := &http.Client{Timeout: 100 * time.Millisecond}
	started := time.Now()
	if res, err := impatient.Get(s.URL() + mock.MetadataCredentialsPath + "reader"); err == nil {
		res.Body.Close()
		t.Fatalf("answered %d through a one-minute stall", res.StatusCode)
	}
	if elapsed := time.Since(started); elapsed > 2*time.Second {
		t.Errorf("the client's timeout took %s", elapsed)
	}
	if st := s.Stats(); st.MetadataRequests != 1 || st.MetadataFetches != 0 {
		t.Errorf("Stats = %+v, want the stalled request counted and no credentials issued", st)
	}

	// Close ends a stall at once.
	done := make(chan error, 1)
	go func() {
		res, err := http.Get(s.URL() + mock.MetadataCredentialsPath)
		if err == nil {
			res.Body.Close()
		}
		done <- err
	}()
	eventually(t, "the second request arrives", func() bool { return s.Stats().MetadataRequests == 2 })

	if err := s.SetMetadataStall(0); err != nil {
		t.Fatal(err)
	}
	if status, body := getMetadata(t, http.DefaultClient, s, mock.MetadataCredentialsPath); status != http.StatusOK || body != "reader" {
		t.Errorf("without the stall: %d %q", status, body)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err == nil {
			t.Error("the stalled request got an answer as the mock closed")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the stalled request outlived the mock")
	}
}
