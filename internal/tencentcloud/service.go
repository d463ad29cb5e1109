// The services the client calls, and the SDK client of one: its endpoint, credentials and the profile settings every
// call is sent with.

package tencentcloud

import (
	"net/http"
	"strings"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
)

// Services the client calls, by the name in their hosts and signatures: CDB for the data, STS for assume_role and
// the account checks.
const (
	ServiceCDB = "cdb"
	ServiceSTS = "sts"
)

// apiService is one Tencent Cloud API the client calls: its name, the version of it the client speaks, and the
// endpoint override the configuration may give it (endpoints { cdb, sts }).
type apiService struct {
	name, version string
	override      func(Config) string
}

var (
	cdbAPI = apiService{name: ServiceCDB, version: "2017-03-20", override: func(c Config) string { return c.CDBEndpoint }}
	stsAPI = apiService{name: ServiceSTS, version: "2018-08-13", override: func(c Config) string { return c.STSEndpoint }}
	// apiServices are the services a Client reaches by name (callService), each at its own endpoint.
	apiServices = []apiService{cdbAPI, stsAPI}
)

// callKey is what Tencent Cloud counts a call quota by, beyond the account and the region every call of a Client
// shares: one action of one service, at the host that serves it. Each has its own rate limiter, largest page and
// cache entry, so that a second service's action of the same name never shares CDB's.
type callKey struct {
	service, host, action string
}

// serviceClient is the SDK client bound to one service's endpoint.
type serviceClient struct {
	service  string
	version  string
	endpoint Endpoint
	sdk      *common.Client
	creds    *credentials
}

// key is what the quota of one of the service's actions is counted by.
func (sc *serviceClient) key(action string) callKey {
	return callKey{service: sc.service, host: sc.endpoint.Host, action: action}
}

// newServiceClient binds the SDK to one service's endpoint, with the profile every call of the provider needs.
func newServiceClient(api apiService, ep Endpoint, cfg Config, cred *credentials, transport http.RoundTripper) *serviceClient {
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
	return &serviceClient{service: api.name, version: api.version, endpoint: ep, sdk: sdk, creds: cred}
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
