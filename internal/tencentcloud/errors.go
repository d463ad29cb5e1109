// The errors a call returns: credentials that could not be renewed, an API error, an unusable answer, no answer.

package tencentcloud

import (
	"errors"
	"fmt"
)

// credentialError is a call that could not be signed: the temporary credentials could not be renewed.
type credentialError struct{ Err error }

func (e *credentialError) Error() string { return e.Err.Error() }

func (e *credentialError) Unwrap() error { return e.Err }

// errorCode is the Tencent Cloud error code of err, if it has one.
func errorCode(err error) string {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.Code
	}
	return ""
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
	// Hint is what the client adds for an error about the credentials: where they came from and what to
	// check (credentialHint). Empty for other errors.
	Hint string
}

func (e *APIError) Error() string {
	s := fmt.Sprintf("%s: [%s] %s (RequestId: %s)", e.Action, e.Code, e.Message, e.RequestID)
	if e.Hint != "" {
		s += "\n\n" + e.Hint
	}
	return s
}

// responseError is an answer that is not a well-formed API 3.0 response: an HTTP error page, truncated JSON,
// a field of the wrong type.
type responseError struct {
	Action    string
	Reason    string
	RequestID string
	// transient marks answers mangled on the way (an error page, a cut-off body), which a retry may get right.
	transient bool
}

func (e *responseError) Error() string {
	s := fmt.Sprintf("%s: unexpected answer from Tencent Cloud: %s", e.Action, e.Reason)
	if e.RequestID != "" {
		s += fmt.Sprintf(" (RequestId: %s)", e.RequestID)
	}
	return s
}

// networkError is a call that got no answer: refused, reset, timed out, or a DNS or TLS failure.
type networkError struct {
	Action   string
	Endpoint string
	Err      error
}

func (e *networkError) Error() string {
	var readErr *answerReadError
	if errors.As(e.Err, &readErr) {
		return fmt.Sprintf("%s: the connection to %s broke after %d bytes of the answer: %v", e.Action, e.Endpoint, readErr.read, readErr.err)
	}
	return fmt.Sprintf("%s: could not reach %s: %v", e.Action, e.Endpoint, e.Err)
}

func (e *networkError) Unwrap() error { return e.Err }
