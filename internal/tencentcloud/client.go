package tencentcloud

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	sdkerrors "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	"golang.org/x/net/http/httpproxy"
)

// logSubsystem names the client's logs (@module=tencentcloud.client); TF_LOG_PROVIDER_TENCENTCLOUD_CLIENT sets
// their level apart from the provider's.
const logSubsystem = "client"

// Client sends Tencent Cloud API 3.0 calls for one provider configuration, retrying what may succeed when sent
// again. It is safe for concurrent use.
type Client struct {
	region         string
	cdb            *serviceClient
	sts            *serviceClient // signed with the final credentials, for GetCallerIdentity
	retry          retryPolicy
	requestTimeout time.Duration
	// limiter and inFlight are shared by every call of this configured provider, whatever reads them.
	limiter  *rateLimiter
	inFlight semaphore
	// creds are the credentials every call is signed with; base those they were derived from, if any (assume_role).
	creds, base *credentials
}

// serviceClient is the SDK client bound to one service's endpoint.
type serviceClient struct {
	service  string
	version  string
	endpoint Endpoint
	sdk      *common.Client
	creds    *credentials
}

// NewClient validates the configuration, resolves the credentials (which may call the metadata service and STS)
// and builds a client. The errors it returns are ConfigErrors.
func NewClient(ctx context.Context, cfg Config) (*Client, []ConfigError) {
	if errs := cfg.Validate(); len(errs) > 0 {
		return nil, errs
	}
	cdbEndpoint, err := cfg.ResolveCDBEndpoint()
	if err != nil {
		return nil, []ConfigError{{Attribute: "endpoints.cdb", Summary: "Invalid CDB endpoint", Detail: err.Error()}}
	}
	stsEndpoint, err := cfg.resolveEndpoint(stsService, cfg.STSEndpoint)
	if err != nil {
		return nil, []ConfigError{{Attribute: "endpoints.sts", Summary: "Invalid STS endpoint", Detail: err.Error()}}
	}
	transport := newTransport()
	c := &Client{
		region:         cfg.Region,
		retry:          newRetryPolicy(DefaultMaxRetries, DefaultRetryBudget),
		requestTimeout: DefaultRequestTimeout,
		limiter:        newRateLimiter(DefaultRequestsPerSecond, nil),
		inFlight:       make(semaphore, DefaultMaxConcurrency),
	}
	if cfg.RequestsPerSecond > 0 {
		c.limiter = newRateLimiter(cfg.RequestsPerSecond, nil)
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
		stsBase := newServiceClient(stsService, stsVersion, stsEndpoint, cfg, base, transport)
		c.base = base
		c.creds = refreshingCredentials("assume_role "+r.RoleARN, c.stsCredentials(stsBase, r))
	}
	if err := c.creds.ensure(ctx); err != nil {
		return nil, []ConfigError{{Attribute: credentialAttribute(cfg, role), Summary: "Could not get Tencent Cloud credentials", Detail: err.Error()}}
	}
	c.cdb = newServiceClient(cdbService, cdbVersion, cdbEndpoint, cfg, c.creds, transport)
	c.sts = newServiceClient(stsService, stsVersion, stsEndpoint, cfg, c.creds, transport)
	if cerr := c.checkAccount(ctx, cfg); cerr != nil {
		return nil, []ConfigError{*cerr}
	}
	return c, nil
}

// baseCredentials finds the first source that has credentials, in the documented order: the provider block, the
// environment, a tccli profile, a CVM instance role. A profile may name a role to assume.
func (cfg Config) baseCredentials(transport http.RoundTripper) (*credentials, *AssumeRole, *ConfigError) {
	if cfg.SecretID != "" && cfg.SecretKey != "" {
		return fixedCredentials(cfg.keysFrom, cfg.SecretID, cfg.SecretKey, cfg.SecurityToken), nil, nil
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
		return fixedCredentials("profile "+cfg.profileName()+" ("+path+")", p.SecretID, p.SecretKey, p.Token), role, nil
	}
	if cfg.CAMRoleName != "" {
		endpoint := cfg.MetadataEndpoint
		if endpoint == "" {
			endpoint = DefaultMetadataEndpoint
		}
		return refreshingCredentials("CVM instance role "+cfg.CAMRoleName, metadataCredentials(endpoint, cfg.CAMRoleName, transport)), nil, nil
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
	id, err := c.CallerIdentity(ctx)
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

// CDBEndpoint is where CDB calls go.
func (c *Client) CDBEndpoint() Endpoint { return c.cdb.endpoint }

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

// newTransport is Go's default transport with the proxy settings read now, when the provider is configured.
// http.ProxyFromEnvironment reads HTTPS_PROXY, HTTP_PROXY and NO_PROXY once per process; a provider process
// can be configured many times (and tests set them per case), so the environment is read per client instead.
func newTransport() http.RoundTripper {
	t := http.DefaultTransport.(*http.Transport).Clone()
	proxy := httpproxy.FromEnvironment().ProxyFunc()
	t.Proxy = func(r *http.Request) (*url.URL, error) { return proxy(r.URL) }
	return &answerTransport{base: t}
}

// exchange is what the transport saw of one call's HTTP answer, and the answer's body. The SDK's errors for an
// answer it cannot parse quote the whole body (which may hold download links), so errors are written from this
// record instead.
type exchange struct {
	status      string // e.g. "502 Bad Gateway"; empty when no answer came
	statusCode  int
	contentType string
	body        []byte // the answer, as the transport read it; nil when the SDK reads it (see answerTransport)
	readErr     error  // why the body could not be read: the connection broke, or the answer was too large
}

type exchangeKey struct{}

// maxAnswerBytes bounds the body of one answer. A page of 100 backups is about 150 KB; an answer a thousand times
// that is not one the API gives, and reading it could exhaust the memory of the machine running Terraform.
const maxAnswerBytes = 128 << 20

// answerTransport notes the status of each answer in the exchange its request's context carries, and reads the
// body there itself. The SDK signs and sends each call, but reads an answer several times over: it copies the
// body and parses it twice looking for an error, then copies it again, hands it to apiResponse, and scans it once
// more. For a listing of 10,000 backups that was more CPU than the decoding itself. So the SDK is handed an empty
// JSON object, in which it finds no error, and apiResponse decodes the body from the exchange, once. Answers with
// a Content-Encoding (which Go's transport leaves encoded only when it did not ask for one) are left to the SDK,
// which decodes them.
type answerTransport struct{ base http.RoundTripper }

func (t *answerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(r)
	ex, ok := r.Context().Value(exchangeKey{}).(*exchange)
	if !ok || resp == nil {
		return resp, err
	}
	ex.status, ex.statusCode, ex.contentType = resp.Status, resp.StatusCode, resp.Header.Get("Content-Type")
	if resp.Header.Get("Content-Encoding") != "" {
		return resp, err
	}
	body, readErr := readAnswer(resp)
	if readErr != nil {
		ex.readErr = readErr
		return nil, readErr
	}
	ex.body = body
	resp.Body = io.NopCloser(strings.NewReader("{}"))
	resp.ContentLength = 2
	return resp, nil
}

// answerReadError is an answer whose body could not be read whole.
type answerReadError struct {
	read int
	err  error
}

func (e *answerReadError) Error() string {
	return fmt.Sprintf("the answer broke off after %d bytes: %v", e.read, e.err)
}

func (e *answerReadError) Unwrap() error { return e.err }

// readAnswer reads a body whole, in one allocation when its length is known.
func readAnswer(resp *http.Response) ([]byte, error) {
	defer resp.Body.Close()
	if resp.ContentLength > maxAnswerBytes {
		return nil, fmt.Errorf("the answer is %d bytes, more than the %d an API answer can be", resp.ContentLength, maxAnswerBytes)
	}
	if resp.ContentLength >= 0 {
		body := make([]byte, resp.ContentLength)
		if n, err := io.ReadFull(resp.Body, body); err != nil {
			return nil, &answerReadError{read: n, err: err}
		}
		return body, nil
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes+1))
	if err != nil {
		return nil, &answerReadError{read: len(body), err: err}
	}
	if len(body) > maxAnswerBytes {
		return nil, fmt.Errorf("the answer is more than the %d bytes an API answer can be", maxAnswerBytes)
	}
	return body, nil
}

// apiRequest is a request of any action: the SDK's base request carries the routing, params the JSON body.
type apiRequest struct {
	*tchttp.BaseRequest
	params any
}

// MarshalJSON makes the body exactly the action's parameters.
func (r *apiRequest) MarshalJSON() ([]byte, error) { return json.Marshal(r.params) }

// responseStatus is the part every API 3.0 answer has; outputs embed it to be decoded in one pass.
type responseStatus struct {
	Error *struct {
		Code    string `json:"Code"`
		Message string `json:"Message"`
	} `json:"Error"`
	RequestID string `json:"RequestId"`
}

// answer is an output: a struct that embeds responseStatus.
type answer interface{ answerStatus() *responseStatus }

func (s *responseStatus) answerStatus() *responseStatus { return s }

// apiResponse adapts an output to the SDK's Response interface. The SDK first hands the body to
// ParseErrorFromHTTPResponse and then unmarshals it again with its own JSON package; decoding once, here, with
// encoding/json keeps control of what is decoded and never echoes the body (it holds download links) in an error.
// The body is the one the transport read into the exchange (the SDK's is then an empty object), or the SDK's.
type apiResponse struct {
	out    any // pointer to the output struct, decoded from {"Response": ...}
	ex     *exchange
	status responseStatus
}

func (r *apiResponse) ParseErrorFromHTTPResponse(sdkBody []byte) error {
	if r.ex != nil && r.ex.body != nil {
		return r.parse(r.ex.body)
	}
	return r.parse(sdkBody)
}

// parse decodes {"Response": {...}} into the output, status included, in one pass over the body: a
// json.Decoder reads the envelope token by token and decodes the Response where it stands.
func (r *apiResponse) parse(body []byte) error {
	out, ok := r.out.(answer)
	if !ok {
		return fmt.Errorf("%T is not an API answer: it does not embed responseStatus (a bug in the provider)", r.out)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	malformed := func(err error) error {
		if errors.Is(err, io.EOF) { // the object ended early
			err = io.ErrUnexpectedEOF
		}
		return &ResponseError{Reason: describeUndecodable(body, err), transient: isSyntaxError(body, err)}
	}
	tok, err := dec.Token()
	if err != nil {
		return malformed(err)
	}
	if tok != json.Delim('{') {
		return &ResponseError{Reason: fmt.Sprintf("the answer is a JSON %s, not an object", jsonKind(tok))}
	}
	found := false
	var decodeErr error
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return malformed(err)
		}
		if key != "Response" || found {
			var skipped json.RawMessage
			if err := dec.Decode(&skipped); err != nil {
				return malformed(err)
			}
			continue
		}
		found = true
		// Decoding into an interface that holds the output's pointer fills the output, or sets the interface
		// to nil for a null Response.
		target := r.out
		if err := dec.Decode(&target); err != nil {
			var typeErr *json.UnmarshalTypeError
			if !errors.As(err, &typeErr) {
				return malformed(err)
			}
			decodeErr = err // the rest is decoded still: the status may say why the shape is unexpected
		}
		if target == nil {
			found = false
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return malformed(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return &ResponseError{Reason: "the answer has data after its JSON object", transient: true}
	}
	if !found {
		return &ResponseError{Reason: "the answer has no \"Response\" object"}
	}
	r.status = *out.answerStatus()
	if r.status.Error != nil && r.status.Error.Code != "" {
		return sdkerrors.NewTencentCloudSDKError(r.status.Error.Code, r.status.Error.Message, r.status.RequestID)
	}
	if decodeErr != nil {
		return &ResponseError{Reason: describeUndecodable(body, decodeErr), RequestID: r.status.RequestID}
	}
	return nil
}

// jsonKind names the kind of JSON value a first token starts.
func jsonKind(tok json.Token) string {
	switch tok.(type) {
	case json.Delim:
		return "array"
	case string:
		return "string"
	case float64, json.Number:
		return "number"
	case bool:
		return "boolean"
	default:
		return "null"
	}
}

// UnmarshalJSON does nothing: ParseErrorFromHTTPResponse has already decoded the body.
func (r *apiResponse) UnmarshalJSON([]byte) error { return nil }

// isSyntaxError tells a body that is not JSON at all (cut off, empty, an HTML page: transient on the way) from
// JSON of the wrong shape (the same at every retry).
func isSyntaxError(body []byte, err error) bool {
	var syntaxErr *json.SyntaxError
	return len(body) == 0 || errors.As(err, &syntaxErr) || errors.Is(err, io.ErrUnexpectedEOF)
}

// describeUndecodable says why a body could not be decoded without quoting it.
func describeUndecodable(body []byte, err error) string {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case len(body) == 0:
		return "the answer is empty"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Sprintf("the answer is not valid JSON: it is cut off after %d bytes", len(body))
	case errors.As(err, &typeErr):
		// Value is the JSON kind, followed for numbers by the number itself: only the kind is said.
		kind, _, _ := strings.Cut(typeErr.Value, " ")
		if typeErr.Field == "" {
			return fmt.Sprintf("the answer has a JSON %s where an object was expected", kind)
		}
		return fmt.Sprintf("field %q is a JSON %s where %s was expected", typeErr.Field, kind, typeErr.Type)
	case errors.As(err, &syntaxErr):
		if strings.HasPrefix(strings.TrimSpace(string(body[:min(len(body), 64)])), "<") {
			return fmt.Sprintf("the answer is not JSON but looks like an HTML page (%d bytes), as a proxy or load balancer sends", len(body))
		}
		return fmt.Sprintf("the answer is not valid JSON (%d bytes, error at byte %d)", len(body), syntaxErr.Offset)
	default:
		return fmt.Sprintf("the answer could not be decoded (%d bytes)", len(body))
	}
}

// call sends one action to a service and decodes the answer into a new T, retrying with exponential backoff and
// full jitter while the error is retryable, up to the retry count and the time budget. Every wait ends at once
// when ctx is cancelled.
func call[T any](ctx context.Context, c *Client, sc *serviceClient, action string, params any) (*T, error) {
	ctx = c.logContext(ctx)
	start := time.Now()
	for attempt := 1; ; attempt++ {
		out := new(T)
		err := c.throttledAttempt(ctx, sc, action, params, out, attempt)
		if err == nil {
			return out, nil
		}
		if ctx.Err() != nil || !isRetryable(err) {
			return nil, err
		}
		elapsed := time.Since(start)
		wait := c.retry.backoff(attempt)
		if attempt > c.retry.maxRetries || elapsed+wait > c.retry.budget {
			return nil, &RetriesExhaustedError{Action: action, Attempts: attempt, Elapsed: elapsed, Last: err}
		}
		tflog.SubsystemDebug(ctx, logSubsystem, "Retrying Tencent Cloud API call", map[string]any{
			"action":  action,
			"attempt": attempt,
			"code":    errorCode(err),
			"wait_ms": wait.Milliseconds(),
		})
		if err := sleepCtx(ctx, wait); err != nil {
			return nil, fmt.Errorf("%s was cancelled while waiting to retry: %w", action, err)
		}
	}
}

// throttledAttempt sends the call once when the rate limiter and the bound on calls in flight allow, and slows
// the limiter down when the API says the quota is exceeded.
func (c *Client) throttledAttempt(ctx context.Context, sc *serviceClient, action string, params, out any, attempt int) error {
	var reservedAt time.Time
	for {
		// Credentials are renewed before a slot is taken: the renewal calls STS, which needs a slot of its own.
		if err := sc.creds.ensure(ctx); err != nil {
			return &CredentialError{Err: err}
		}
		if err := c.inFlight.acquire(ctx); err != nil {
			return fmt.Errorf("%s was cancelled while waiting for a free connection slot: %w", action, err)
		}
		// The rate the call was let through at is the one its answer judges, so the time of the reservation counts.
		reservedAt = time.Now()
		if err := c.limiter.Wait(ctx); err != nil {
			c.inFlight.release()
			return fmt.Errorf("%s was cancelled while waiting for the rate limiter: %w", action, err)
		}
		// Waiting for the slot and the limiter may have taken the credentials past their renewal time.
		if !sc.creds.due() {
			break
		}
		c.inFlight.release()
	}
	defer c.inFlight.release()
	err := c.attempt(ctx, sc, action, params, out, attempt)
	if !IsRateLimited(err) {
		c.limiter.Answered()
	} else {
		c.limiter.Throttled(reservedAt)
		tflog.SubsystemDebug(ctx, logSubsystem, "Tencent Cloud API call rate lowered after a rate-limit answer",
			map[string]any{"requests_per_second": c.limiter.Rate()})
	}
	return err
}

// attempt sends the call once, within the request timeout.
func (c *Client) attempt(ctx context.Context, sc *serviceClient, action string, params, out any, attempt int) error {
	req := &apiRequest{BaseRequest: &tchttp.BaseRequest{}, params: params}
	req.Init().WithApiInfo(sc.service, sc.version, action)
	ex := &exchange{}
	attemptCtx, cancel := context.WithTimeout(context.WithValue(ctx, exchangeKey{}, ex), c.requestTimeout)
	defer cancel()
	req.SetContext(attemptCtx)
	resp := &apiResponse{out: out, ex: ex}

	start := time.Now()
	err := sc.sdk.Send(req, resp)
	fields := map[string]any{
		"action":      action,
		"region":      c.region,
		"endpoint":    sc.endpoint.URL(),
		"attempt":     attempt,
		"duration_ms": time.Since(start).Milliseconds(),
	}
	if resp.status.RequestID != "" {
		fields["request_id"] = resp.status.RequestID
	}
	if err != nil {
		if attemptCtx.Err() == context.DeadlineExceeded && ctx.Err() == nil {
			err = &NetworkError{Action: action, Endpoint: sc.endpoint.URL(),
				Err: fmt.Errorf("no answer within %s (request_timeout)", c.requestTimeout)}
		} else {
			err = c.classify(ctx, action, sc, ex, err)
		}
		fields["error"] = err.Error()
		if code := errorCode(err); code != "" {
			fields["code"] = code
		}
		tflog.SubsystemDebug(ctx, logSubsystem, "Tencent Cloud API call failed", fields)
		return err
	}
	tflog.SubsystemDebug(ctx, logSubsystem, "Tencent Cloud API call", fields)
	return nil
}

// logContext adds the client's log subsystem, with the secrets masked, to ctx.
func (c *Client) logContext(ctx context.Context) context.Context {
	ctx = tflog.NewSubsystem(ctx, logSubsystem, tflog.WithRootFields(), tflog.WithLevelFromEnv("TF_LOG_PROVIDER_TENCENTCLOUD", "CLIENT"))
	var secrets []string
	for _, cr := range []*credentials{c.creds, c.base} {
		if cr != nil {
			secrets = append(secrets, cr.secrets()...)
		}
	}
	ctx = tflog.SubsystemMaskAllFieldValuesStrings(ctx, logSubsystem, secrets...)
	return tflog.SubsystemMaskMessageStrings(ctx, logSubsystem, secrets...)
}

// CredentialError is a call that could not be signed: the temporary credentials could not be renewed.
type CredentialError struct{ Err error }

func (e *CredentialError) Error() string { return e.Err.Error() }

func (e *CredentialError) Unwrap() error { return e.Err }

// errorCode is the Tencent Cloud error code of err, if it has one.
func errorCode(err error) string {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.Code
	}
	return ""
}

// classify turns what the SDK returned into this package's error types, dropping anything that could quote a body.
func (c *Client) classify(ctx context.Context, action string, sc *serviceClient, ex *exchange, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("%s was cancelled: %w", action, ctxErr)
	}
	var respErr *ResponseError
	if errors.As(err, &respErr) {
		respErr.Action = action
		return respErr
	}
	if ex.readErr != nil {
		return &NetworkError{Action: action, Endpoint: sc.endpoint.URL(), Err: ex.readErr}
	}
	var sdkErr *sdkerrors.TencentCloudSDKError
	if !errors.As(err, &sdkErr) {
		return &NetworkError{Action: action, Endpoint: sc.endpoint.URL(), Err: err}
	}
	if !strings.HasPrefix(sdkErr.Code, "ClientError.") {
		return &APIError{Action: action, Code: sdkErr.Code, Message: sdkErr.Message, RequestID: sdkErr.RequestId, Region: c.region}
	}
	// A client-side error: the SDK's message may quote the body, so it is not used.
	switch {
	case ex.statusCode == 0:
		return &NetworkError{Action: action, Endpoint: sc.endpoint.URL(), Err: errors.New(sdkErr.Code)}
	case ex.statusCode != http.StatusOK:
		return &ResponseError{Action: action, Reason: fmt.Sprintf("HTTP status %s (%s)", ex.status, describeContentType(ex.contentType)),
			transient: ex.statusCode >= 500 || ex.statusCode == http.StatusTooManyRequests}
	default:
		return &ResponseError{Action: action, Reason: fmt.Sprintf("HTTP status %s with a body that is not a JSON API answer (%s)", ex.status, describeContentType(ex.contentType)),
			transient: true}
	}
}

func describeContentType(ct string) string {
	if ct == "" {
		return "no Content-Type"
	}
	return "Content-Type " + ct
}

// APIError is an error answered by Tencent Cloud, with the code, message and RequestId support asks for.
type APIError struct {
	Action    string
	Region    string
	Code      string
	Message   string
	RequestID string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("%s: [%s] %s (RequestId: %s)", e.Action, e.Code, e.Message, e.RequestID)
}

// ResponseError is an answer that is not a well-formed API 3.0 response: an HTTP error page, truncated JSON,
// a field of the wrong type.
type ResponseError struct {
	Action    string
	Reason    string
	RequestID string
	// transient marks answers mangled on the way (an error page, a cut-off body), which a retry may get right.
	transient bool
}

func (e *ResponseError) Error() string {
	s := fmt.Sprintf("%s: unexpected answer from Tencent Cloud: %s", e.Action, e.Reason)
	if e.RequestID != "" {
		s += fmt.Sprintf(" (RequestId: %s)", e.RequestID)
	}
	return s
}

// NetworkError is a call that got no answer: refused, reset, timed out, or a DNS or TLS failure.
type NetworkError struct {
	Action   string
	Endpoint string
	Err      error
}

func (e *NetworkError) Error() string {
	var readErr *answerReadError
	if errors.As(e.Err, &readErr) {
		return fmt.Sprintf("%s: the connection to %s broke after %d bytes of the answer: %v", e.Action, e.Endpoint, readErr.read, readErr.err)
	}
	return fmt.Sprintf("%s: could not reach %s: %v", e.Action, e.Endpoint, e.Err)
}

func (e *NetworkError) Unwrap() error { return e.Err }
