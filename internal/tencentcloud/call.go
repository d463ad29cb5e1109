// The call loop: retries, the rate limiter and the bound on calls in flight, one attempt's logs, and the SDK's
// errors turned into this package's.

package tencentcloud

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	sdkerrors "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
)

// logSubsystem names the client's logs (@module=tencentcloud.client); TF_LOG_PROVIDER_TENCENTCLOUD_CLIENT sets
// their level apart from the provider's.
const logSubsystem = "client"

// callService sends one action to a service of apiServices, by name, signed with the client's credentials, as call
// does.
func callService[T any](ctx context.Context, c *Client, service, action string, params any) (*T, error) {
	sc, err := c.service(service, action)
	if err != nil {
		return nil, err
	}
	return call[T](ctx, c, sc, action, params)
}

// call sends one action to a service and decodes the answer into a new T, retrying with exponential backoff and
// full jitter while the error is retryable, up to the retry count and the time budget. Every wait ends at once
// when ctx is cancelled.
func call[T any](ctx context.Context, c *Client, sc *serviceClient, action string, params any) (*T, error) {
	return callRetrying[T](ctx, c, sc, action, params, isRetryable)
}

// callChange sends an action that changes something (CreateBackup), as call does, except that it is retried only
// when the API refused it for the call rate: the API did nothing then. Any other failure (a server error, a
// network error after the request went out) may have come after the change was made, and a retry could make it
// twice, so it is returned as it is.
func callChange[T any](ctx context.Context, c *Client, service, action string, params any) (*T, error) {
	sc, err := c.service(service, action)
	if err != nil {
		return nil, err
	}
	return callRetrying[T](ctx, c, sc, action, params, isRateLimited)
}

// callRetrying is call, retrying while retryable says an error may be retried.
func callRetrying[T any](ctx context.Context, c *Client, sc *serviceClient, action string, params any, retryable func(error) bool) (*T, error) {
	ctx = c.logContext(ctx)
	start := time.Now()
	// retries counts the retries max_retries bounds: those of faults. A rate-limit refusal is the signal the rate
	// limiter slows down on, and its retry waits for the limiter, within the time budget only.
	retries := 0
	for attempt := 1; ; attempt++ {
		out := new(T)
		err := c.throttledAttempt(ctx, sc, action, params, out, attempt)
		if err == nil {
			return out, nil
		}
		if ctx.Err() != nil || !retryable(err) {
			return nil, err
		}
		elapsed := time.Since(start)
		var wait time.Duration
		if isRateLimited(err) {
			// The rate limiter has slowed down and paces the retry with every other call: waiting out an
			// exponential backoff as well would leave the quota unused (make bench, scenario d).
			wait = c.retry.jitter(rateLimitedRetryWait)
		} else {
			retries++
			wait = c.retry.backoff(retries)
		}
		if retries > c.retry.maxRetries || elapsed+wait > c.retry.budget {
			return nil, &retriesExhaustedError{Action: action, Attempts: attempt, Elapsed: elapsed, Last: err}
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
	limiter := c.limiter(sc.key(action))
	for {
		// Credentials are renewed before a slot is taken: the renewal calls STS, which needs a slot of its own.
		if err := sc.creds.ensure(ctx); err != nil {
			return &credentialError{Err: err}
		}
		// The call waits for its action's rate limiter before it takes a slot: a call waiting for its own action's
		// quota must not hold a slot that a call of another action, with a quota of its own, could use (a fleet's
		// reads run several actions side by side).
		// The rate the call was let through at is the one its answer judges, so the time of the reservation counts.
		reservedAt = time.Now()
		if err := limiter.Wait(ctx); err != nil {
			return fmt.Errorf("%s was cancelled while waiting for the rate limiter: %w", action, err)
		}
		if err := c.inFlight.acquire(ctx); err != nil {
			return fmt.Errorf("%s was cancelled while waiting for a free connection slot: %w", action, err)
		}
		// Waiting for the slot and the limiter may have taken the credentials past their renewal time.
		if !sc.creds.due() {
			break
		}
		c.inFlight.release()
	}
	defer c.inFlight.release()
	if !c.cacheLogged.Load() {
		if problem := c.cacheProblem(); problem != nil && c.cacheLogged.CompareAndSwap(false, true) {
			tflog.SubsystemWarn(ctx, logSubsystem, problem.Error())
		}
	}
	err := c.attempt(ctx, sc, action, params, out, attempt)
	if !isRateLimited(err) {
		limiter.Answered()
	} else {
		limiter.Throttled(reservedAt)
		tflog.SubsystemDebug(ctx, logSubsystem, "Tencent Cloud API call rate lowered after a rate-limit answer",
			map[string]any{"requests_per_second": limiter.Rate()})
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
			err = &networkError{Action: action, Endpoint: sc.endpoint.URL(),
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

// classify turns what the SDK returned into this package's error types, dropping anything that could quote a body.
func (c *Client) classify(ctx context.Context, action string, sc *serviceClient, ex *exchange, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("%s was cancelled: %w", action, ctxErr)
	}
	var respErr *responseError
	if errors.As(err, &respErr) {
		respErr.Action = action
		return respErr
	}
	if ex.readErr != nil {
		return &networkError{Action: action, Endpoint: sc.endpoint.URL(), Err: ex.readErr}
	}
	var sdkErr *sdkerrors.TencentCloudSDKError
	if !errors.As(err, &sdkErr) {
		return &networkError{Action: action, Endpoint: sc.endpoint.URL(), Err: err}
	}
	if !strings.HasPrefix(sdkErr.Code, "ClientError.") {
		return &APIError{Action: action, Code: sdkErr.Code, Message: withoutSecretID(sdkErr.Message, sc.creds),
			RequestID: sdkErr.RequestId, Region: c.region, Hint: credentialHint(sdkErr.Code, sc.service, action, sc.creds, time.Now())}
	}
	// A client-side error: the SDK's message may quote the body, so it is not used.
	switch {
	case ex.statusCode == 0:
		return &networkError{Action: action, Endpoint: sc.endpoint.URL(), Err: errors.New(sdkErr.Code)}
	case ex.statusCode != http.StatusOK:
		return &responseError{Action: action, Reason: fmt.Sprintf("HTTP status %s (%s)", ex.status, describeContentType(ex.contentType)),
			transient: ex.statusCode >= 500 || ex.statusCode == http.StatusTooManyRequests}
	default:
		return &responseError{Action: action, Reason: fmt.Sprintf("HTTP status %s with a body that is not a JSON API answer (%s)", ex.status, describeContentType(ex.contentType)),
			transient: true}
	}
}
