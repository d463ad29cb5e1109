// The HTTP transport: proxy settings read per client, and the answer's status and body captured for the decoder.

package tencentcloud

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/net/http/httpproxy"
)

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
