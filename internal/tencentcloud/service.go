// The SDK client of one service: its endpoint, credentials and the profile settings every call is sent with.

package tencentcloud

import (
	"net/http"
	"strings"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
)

// serviceClient is the SDK client bound to one service's endpoint.
type serviceClient struct {
	service  string
	version  string
	endpoint Endpoint
	sdk      *common.Client
	creds    *credentials
}

// newServiceClient binds the SDK to one service's endpoint, with the profile every call of the provider needs.
func newServiceClient(service, version string, ep Endpoint, cfg Config, cred *credentials, transport http.RoundTripper) *serviceClient {
	cp := profile.NewClientProfile()
	cp.HttpProfile.Endpoint = ep.Host
	cp.HttpProfile.Scheme = ep.Scheme
	cp.HttpProfile.ReqMethod = http.MethodPost
	// Each attempt has its own deadline from the context (request_timeout), finer than the SDK's whole seconds.
	cp.HttpProfile.ReqTimeout = 0
	cp.Language = "en-US"
	// The region breaker would silently send calls to another region's endpoint; an explicit endpoint must win.
	cp.DisableRegionBreaker = true
	// The SDK's retries match too few codes and sleep without watching the context; retries are ours.
	cp.NetworkFailureMaxRetries = 0
	cp.RateLimitExceededMaxRetries = 0

	sdk := (&common.Client{}).Init(cfg.Region).WithCredential(cred).WithProfile(cp).WithHttpTransport(transport)
	if rc := requestClient(cfg.UserAgent); rc != "" {
		sdk.WithRequestClient(rc)
	}
	return &serviceClient{service: service, version: version, endpoint: ep, sdk: sdk, creds: cred}
}

// requestClient makes the user agent fit X-TC-RequestClient, which the SDK refuses (silently) unless it is at
// most 128 letters, digits and " ,;._-".
func requestClient(ua string) string {
	b := []byte(ua)
	for i, c := range b {
		switch {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', strings.IndexByte(" ,;._-", c) >= 0:
		default:
			b[i] = '_'
		}
	}
	return string(b[:min(len(b), 128)])
}
