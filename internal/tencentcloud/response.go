// The body of a call, and the decoding of its answer in one pass, without ever quoting the body in an error.

package tencentcloud

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	sdkerrors "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
)

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
		return &responseError{Reason: describeUndecodable(body, err), transient: isSyntaxError(body, err)}
	}
	tok, err := dec.Token()
	if err != nil {
		return malformed(err)
	}
	if tok != json.Delim('{') {
		return &responseError{Reason: fmt.Sprintf("the answer is a JSON %s, not an object", jsonKind(tok))}
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
		return &responseError{Reason: "the answer has data after its JSON object", transient: true}
	}
	if !found {
		return &responseError{Reason: "the answer has no \"Response\" object"}
	}
	r.status = *out.answerStatus()
	if r.status.Error != nil && r.status.Error.Code != "" {
		return sdkerrors.NewTencentCloudSDKError(r.status.Error.Code, r.status.Error.Message, r.status.RequestID)
	}
	if decodeErr != nil {
		return &responseError{Reason: describeUndecodable(body, decodeErr), RequestID: r.status.RequestID}
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
