// The Client: its construction from a Config, the choice of credential source, the account check, and what it
// tells its users about itself.

package tencentcloud

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Client sends Tencent Cloud API 3.0 calls for one provider configuration, retrying what may succeed when sent
// again. It is safe for concurrent use.
type Client struct {
	region string
	// services are the clients of the services in apiServices, by name, signed with the final credentials.
	services       map[string]*serviceClient
	retry          retryPolicy
	requestTimeout time.Duration
	// The rate limiters (one per service, host and action) and inFlight are shared by every call of this configured
	// provider, whatever reads them; with the cache, the limiters are shared with the provider's other processes too.
	quota    quotaConfig
	limitMu  sync.Mutex
	limiters map[callKey]*rateLimiter
	// cacheLogged is set once a problem with the cache has been logged.
	cacheLogged  atomic.Bool
	rollbackSize batchSize // the number of instances DescribeRollbackRangeTime takes per call
	inFlight     semaphore
	// pageSizes are the largest pages the list actions accept, found once and shared by every listing.
	pageSizes *pageSizes
	// creds are the credentials every call is signed with; base those they were derived from, if any (assume_role).
	creds, base *credentials
}

// NewClient validates the configuration, resolves the credentials (which may call the metadata service and STS)
// and builds a client. The errors it returns are ConfigErrors.
func NewClient(ctx context.Context, cfg Config) (*Client, []ConfigError) {
	if errs := cfg.Validate(); len(errs) > 0 {
		return nil, errs
	}
	endpoints := map[string]Endpoint{}
	for _, api := range apiServices {
		ep, err := cfg.resolveEndpoint(api.name, api.override(cfg))
		if err != nil {
			return nil, []ConfigError{{Attribute: "endpoints." + api.name, Summary: "Invalid " + strings.ToUpper(api.name) + " endpoint", Detail: err.Error()}}
		}
		endpoints[api.name] = ep
	}
	transport := newTransport()
	c := &Client{
		region:         cfg.Region,
		retry:          newRetryPolicy(DefaultMaxRetries, DefaultRetryBudget),
		requestTimeout: DefaultRequestTimeout,
		quota:          quotaConfig{rate: DefaultRequestsPerSecond, region: cfg.Region},
		limiters:       map[callKey]*rateLimiter{},
		inFlight:       make(semaphore, DefaultMaxConcurrency),
		pageSizes:      newPageSizes(),
	}
	if cfg.RequestsPerSecond > 0 {
		c.quota.rate = cfg.RequestsPerSecond
	}
	if cfg.SharedQuota == nil || *cfg.SharedQuota {
		c.quota.dir = cfg.CacheDir
		if c.quota.dir == "" {
			c.quota.dir = defaultCacheDir()
		}
	}
	c.pageSizes.load = func(key callKey) (int64, bool) {
		if q := c.quotaFile(key); q != nil {
			return q.pageSize()
		}
		return 0, false
	}
	c.pageSizes.save = func(key callKey, size int64) {
		if q := c.quotaFile(key); q != nil {
			q.savePageSize(size)
		}
	}
	if cfg.MaxConcurrency > 0 {
		c.inFlight = make(semaphore, cfg.MaxConcurrency)
	}
	if cfg.MaxRetries != nil {
		c.retry.maxRetries = *cfg.MaxRetries
	}
	if cfg.RetryBudget > 0 {
		c.retry.budget = cfg.RetryBudget
	}
	if cfg.RequestTimeout > 0 {
		c.requestTimeout = cfg.RequestTimeout
	}

	base, profileRole, cerr := cfg.baseCredentials(transport)
	if cerr != nil {
		return nil, []ConfigError{*cerr}
	}
	c.creds = base
	role := cfg.AssumeRole
	if role == nil {
		role = profileRole
	}
	if role != nil {
		r := *role
		if r.SessionName == "" {
			r.SessionName = defaultSessionName
		}
		if r.SessionDuration == 0 {
			r.SessionDuration = DefaultSessionDuration
		}
		stsBase := newServiceClient(stsAPI, endpoints[stsAPI.name], cfg, base, transport)
		c.base = base
		origin := fmt.Sprintf("assume_role (role %s, temporary credentials from STS AssumeRole, asked for with %s)", r.RoleARN, base.origin)
		if cfg.AssumeRole == nil {
			origin = fmt.Sprintf("the role-arn %s of %s (temporary credentials from STS AssumeRole)", r.RoleARN, base.origin)
		}
		c.creds = refreshingCredentials("assume_role "+r.RoleARN, origin, c.stsCredentials(stsBase, r))
	}
	if err := c.creds.ensure(ctx); err != nil {
		return nil, []ConfigError{{Attribute: credentialAttribute(cfg, role), Summary: "Could not get Tencent Cloud credentials", Detail: err.Error()}}
	}
	c.quota.identity = c.creds.identity()
	c.services = map[string]*serviceClient{}
	for _, api := range apiServices {
		c.services[api.name] = newServiceClient(api, endpoints[api.name], cfg, c.creds, transport)
	}
	if cerr := c.checkAccount(ctx, cfg); cerr != nil {
		return nil, []ConfigError{*cerr}
	}
	return c, nil
}

// baseCredentials finds the first source that has credentials, in the documented order: the provider block, the
// environment, a tccli profile, a CVM instance role. A profile may name a role to assume.
func (cfg Config) baseCredentials(transport http.RoundTripper) (*credentials, *AssumeRole, *ConfigError) {
	if cfg.SecretID != "" && cfg.SecretKey != "" {
		origin := cfg.keyOrigin
		if origin == "" {
			origin = "secret_id and secret_key"
		}
		return fixedCredentials(origin, cfg.SecretID, cfg.SecretKey, cfg.SecurityToken), nil, nil
	}
	p, path, err := cfg.readProfile()
	if err != nil {
		return nil, nil, &ConfigError{Attribute: "profile", Summary: "Unusable tccli profile", Detail: err.Error()}
	}
	if p != nil {
		var role *AssumeRole
		if p.RoleARN != "" {
			role = &AssumeRole{RoleARN: p.RoleARN, SessionName: p.RoleSessionName}
		}
		origin := fmt.Sprintf("the tccli profile %q in %s (%s)", cfg.profileName(), filepath.Dir(path), filepath.Base(path))
		return fixedCredentials(origin, p.SecretID, p.SecretKey, p.Token), role, nil
	}
	if cfg.CAMRoleName != "" {
		endpoint := cfg.MetadataEndpoint
		if endpoint == "" {
			endpoint = defaultMetadataEndpoint
		}
		return refreshingCredentials("CVM instance role "+cfg.CAMRoleName,
			fmt.Sprintf("the CVM instance role %q (cam_role_name; temporary credentials from the instance metadata service)", cfg.CAMRoleName),
			metadataCredentials(endpoint, cfg.CAMRoleName, transport)), nil, nil
	}
	missing := cfg.missingCredentials()
	return nil, nil, &missing
}

// credentialAttribute is the argument a credential error points at.
func credentialAttribute(cfg Config, role *AssumeRole) string {
	switch {
	case role != nil && cfg.AssumeRole != nil:
		return "assume_role"
	case cfg.SecretID != "":
		return ""
	case cfg.CAMRoleName != "":
		return "cam_role_name"
	}
	return ""
}

// checkAccount refuses credentials of an account that allowed_account_ids or forbidden_account_ids rule out.
func (c *Client) checkAccount(ctx context.Context, cfg Config) *ConfigError {
	if len(cfg.AllowedAccountIDs) == 0 && len(cfg.ForbiddenAccountIDs) == 0 {
		return nil
	}
	id, err := c.callerIdentity(ctx)
	if err != nil {
		return &ConfigError{Summary: "Could not check the account", Detail: "allowed_account_ids or forbidden_account_ids is set, so the provider asked STS GetCallerIdentity whose account the credentials belong to: " + err.Error()}
	}
	if len(cfg.AllowedAccountIDs) > 0 && !slices.Contains(cfg.AllowedAccountIDs, id.AccountID) {
		return &ConfigError{Attribute: "allowed_account_ids", Summary: "Account not allowed",
			Detail: fmt.Sprintf("The credentials belong to account %s (%s), which is not in allowed_account_ids %v.", id.AccountID, id.ARN, cfg.AllowedAccountIDs)}
	}
	if slices.Contains(cfg.ForbiddenAccountIDs, id.AccountID) {
		return &ConfigError{Attribute: "forbidden_account_ids", Summary: "Account forbidden",
			Detail: fmt.Sprintf("The credentials belong to account %s (%s), which is in forbidden_account_ids.", id.AccountID, id.ARN)}
	}
	return nil
}

// Region is the region every call is made in.
func (c *Client) Region() string { return c.region }

// Endpoint is where the calls of a service (ServiceCDB, ServiceSTS) go.
func (c *Client) Endpoint(service string) Endpoint {
	if sc, ok := c.services[service]; ok {
		return sc.endpoint
	}
	return Endpoint{}
}

// service is the client of a service of apiServices, for a call of action.
func (c *Client) service(name, action string) (*serviceClient, error) {
	if sc, ok := c.services[name]; ok {
		return sc, nil
	}
	return nil, fmt.Errorf("%s: the client does not call service %q", action, name)
}

// quotaConfig says where the rate limiter and largest page of a service's action are kept.
type quotaConfig struct {
	rate float64 // requests_per_second
	// dir is the cache folder shared with the provider's other processes; "" keeps everything in this process.
	dir              string
	identity, region string
	files            map[callKey]*quotaFile
	openErr          error
}

// quotaFile is the cache entry of a service's action, or nil when there is no cache or it cannot be used.
func (c *Client) quotaFile(key callKey) *quotaFile {
	c.limitMu.Lock()
	defer c.limitMu.Unlock()
	return c.quotaFileLocked(key)
}

func (c *Client) quotaFileLocked(key callKey) *quotaFile {
	if c.quota.dir == "" || c.quota.identity == "" {
		return nil
	}
	if q, ok := c.quota.files[key]; ok {
		return q
	}
	if c.quota.files == nil {
		c.quota.files = map[callKey]*quotaFile{}
	}
	q, err := openQuotaFile(c.quota.dir, quotaKey(c.quota.identity, c.quota.region, key), nil)
	if err != nil {
		q = nil
		c.quota.openErr = fmt.Errorf("the call-rate cache in %s cannot be used (%w); this provider process keeps its own budget", c.quota.dir, err)
	}
	c.quota.files[key] = q
	return q
}

// limiter is the rate limiter of a service's action.
func (c *Client) limiter(key callKey) *rateLimiter {
	c.limitMu.Lock()
	defer c.limitMu.Unlock()
	if l, ok := c.limiters[key]; ok {
		return l
	}
	var store stateStore
	if q := c.quotaFileLocked(key); q != nil {
		store = q
	}
	l := newSharedRateLimiter(c.quota.rate, nil, store)
	c.limiters[key] = l
	return l
}

// cacheProblem is why the cache could not be used, if it could not: for a log line.
func (c *Client) cacheProblem() error {
	c.limitMu.Lock()
	defer c.limitMu.Unlock()
	if c.quota.openErr != nil {
		return c.quota.openErr
	}
	for _, q := range c.quota.files {
		if q != nil {
			if err := q.failure(); err != nil {
				return err
			}
		}
	}
	return nil
}
