package mock

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// apiDomain is the root domain of Tencent Cloud API hosts; any other host is an endpoint override.
const apiDomain = ".tencentcloudapi.com"

// knownRegions are Tencent Cloud regions where CDB is sold; a region with instances set up in the
// mock is accepted too, so tests may use regions of their own.
var knownRegions = map[string]bool{
	"ap-bangkok": true, "ap-beijing": true, "ap-beijing-fsi": true, "ap-chengdu": true,
	"ap-chongqing": true, "ap-guangzhou": true, "ap-hongkong": true, "ap-jakarta": true,
	"ap-mumbai": true, "ap-nanjing": true, "ap-seoul": true, "ap-shanghai": true,
	"ap-shanghai-fsi": true, "ap-shenzhen-fsi": true, "ap-singapore": true, "ap-taipei": true,
	"ap-tokyo": true, "eu-frankfurt": true, "eu-moscow": true, "na-ashburn": true,
	"na-siliconvalley": true, "na-toronto": true, "sa-saopaulo": true,
}

// Answers' shapes: HTTP 200 either way, told apart by the presence of Error.
type successResponse struct {
	Response struct {
		TotalCount int64    `json:"TotalCount"`
		Items      []Backup `json:"Items"`
		RequestId  string   `json:"RequestId"`
	} `json:"Response"`
}

type errorResponse struct {
	Response struct {
		Error struct {
			Code    string `json:"Code"`
			Message string `json:"Message"`
		} `json:"Error"`
		RequestId string `json:"RequestId"`
	} `json:"Response"`
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodConnect {
		// HTTPS through a proxy needs a tunnel the mock cannot offer: refuse it plainly so the
		// client fails at once instead of mistaking an API answer for an open tunnel.
		http.Error(w, "tcmock: CONNECT is not supported; reach the mock with protocol HTTP", http.StatusMethodNotAllowed)
		return
	}
	if s.serveControl(w, r) {
		return
	}
	if isMetadataPath(r.URL.Path) {
		s.serveMetadata(w, r)
		return
	}
	if isSTS(r) {
		s.serveSTS(w, r)
		return
	}
	body, readErr := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBodyBytes))

	call := s.newCall(r, supportedService)
	call.InstanceID, call.Offset, call.Limit = peekParams(body)

	a := s.arrive()
	defer s.depart()

	// The call is recorded before the answer is written, so a client that has its answer always
	// finds its call in Calls.
	if !s.wait(w, r, a.latency, &call) {
		return
	}
	if f := a.queued; f != nil {
		if f.raw {
			call.ErrorCode = rawErrorCode(f.status, f.body)
			s.record(call)
			writeRaw(w, f.status, f.body)
			return
		}
		call.ErrorCode = f.code
		s.record(call)
		writeError(w, &apiError{Code: f.code, Message: f.message}, call.RequestID)
		return
	}

	d := a.decision
	switch d.kind {
	case FaultBadGateway:
		call.Fault, call.ErrorCode = d.kind, "HTTP "+strconv.Itoa(http.StatusBadGateway)
		s.record(call)
		writeBadGateway(w)
		return
	case FaultCloseConnection:
		call.Fault, call.ErrorCode = d.kind, ErrorConnectionClosed
		s.record(call)
		abortConnection(w)
		return
	case FaultStall:
		call.Fault = d.kind
		if !s.wait(w, r, a.stall, &call) {
			return
		}
	}

	var answer any
	items, total, aerr := s.describeBackups(r, body, readErr, d, &call)
	if aerr != nil {
		call.ErrorCode, call.Fault = aerr.Code, cmp.Or(aerr.fault, call.Fault)
		if aerr.refused {
			s.countRefused()
		}
		answer = errorAnswer(aerr, call.RequestID)
	} else {
		var resp successResponse
		resp.Response.TotalCount = total
		resp.Response.Items = items
		resp.Response.RequestId = call.RequestID
		answer = resp
	}
	if d.kind == FaultTruncatedJSON {
		call.Fault, call.ErrorCode = d.kind, ErrorTruncatedAnswer
		s.record(call)
		writeTruncated(w, answer, d.param)
		return
	}
	s.record(call)
	writeJSON(w, answer)
}

// newCall starts the record of an API call to a service with what its headers say.
func (s *Server) newCall(r *http.Request, service string) Call {
	return Call{
		Service:       service,
		Host:          r.Host,
		Region:        r.Header.Get("X-TC-Region"),
		Action:        r.Header.Get("X-TC-Action"),
		Version:       r.Header.Get("X-TC-Version"),
		SecretID:      secretIDFromAuthorization(r.Header.Get("Authorization")),
		Token:         r.Header.Get("X-TC-Token"),
		RequestClient: r.Header.Get("X-TC-RequestClient"),
		RequestID:     s.newRequestID(),
	}
}

// wait waits d before the call goes on, and reports whether it may. A call whose client went
// away is recorded as canceled; one the closing server interrupted also loses its connection,
// so that the client does not take an empty answer for one.
func (s *Server) wait(w http.ResponseWriter, r *http.Request, d time.Duration, call *Call) bool {
	passed, closing := s.pause(r.Context(), d)
	if passed {
		return true
	}
	call.ErrorCode = ErrorCanceled
	s.record(*call)
	if closing {
		abortConnection(w)
	}
	return false
}

// describeBackups checks a request in the order the API gateway does (protocol, common
// parameters, service, version and action, region and host, signature and token) before the
// action's own parameters, and answers one page of backups. Once the caller is authenticated, the
// quota and then an API fault decided for the call may answer instead. It records in call the
// account the call acts as.
func (s *Server) describeBackups(r *http.Request, body []byte, readErr error, d decision, call *Call) ([]Backup, int64, *apiError) {
	if aerr := checkCommon(r, readErr); aerr != nil {
		return nil, 0, aerr
	}
	action := r.Header.Get("X-TC-Action")
	version := r.Header.Get("X-TC-Version")
	region := r.Header.Get("X-TC-Region")

	hostname := hostnameOf(r.Host)
	if strings.HasSuffix(hostname, apiDomain) {
		if service, _, _ := strings.Cut(hostname, "."); service != supportedService {
			return nil, 0, newError(codeNoSuchVersion,
				"The API version `%s` does not exist in service `%s` (host `%s`); DescribeBackups is served by `%s%s`.",
				version, service, r.Host, supportedService, apiDomain)
		}
	}
	if version != supportedVersion {
		return nil, 0, newError(codeNoSuchVersion,
			"The API version `%s` does not exist in service `%s`; the supported version is `%s`.",
			version, supportedService, supportedVersion)
	}
	if action != supportedAction {
		return nil, 0, newError(codeInvalidAction,
			"The action `%s` is not found in service `%s` version `%s`; check the action name.",
			action, supportedService, supportedVersion)
	}
	if !knownRegions[region] && !s.hasRegion(region) {
		return nil, 0, newError(codeUnsupportedRegion,
			"The region `%s` is not supported by action `%s` of service `%s`.", region, supportedAction, supportedService)
	}
	if aerr := checkEndpoint(hostname, region, supportedService); aerr != nil {
		return nil, 0, aerr
	}
	caller, aerr := s.verifySignature(r, body, supportedService)
	if aerr != nil {
		return nil, 0, aerr
	}
	call.AccountID, call.RoleARN = caller.accountID, caller.roleARN()
	if aerr := s.checkQuota(caller.secretID); aerr != nil {
		return nil, 0, aerr
	}
	if d.kind.isAPI() {
		return nil, 0, d.apiError()
	}

	params, aerr := parseParams(body)
	if aerr != nil {
		return nil, 0, aerr
	}
	// A truncated answer is no answer to the client: it does not count towards mutation.
	items, total, found := s.page(region, params.InstanceID, params.Offset, params.Limit, d.kind != FaultTruncatedJSON)
	if !found {
		return nil, 0, newError(codeInstanceNotFound,
			"The instance `%s` does not exist in region `%s`.", params.InstanceID, region)
	}
	return items, total, nil
}

// checkCommon checks what every API call needs before its service looks at it: the protocol, and
// the common parameters sent as headers.
func checkCommon(r *http.Request, readErr error) *apiError {
	if aerr := checkProtocol(r, readErr); aerr != nil {
		return aerr
	}
	for _, h := range []struct{ header, param string }{
		{"X-TC-Action", "Action"},
		{"X-TC-Version", "Version"},
		{"X-TC-Region", "Region"},
		{"X-TC-Timestamp", "Timestamp"},
	} {
		if r.Header.Get(h.header) == "" {
			return newError(codeMissingParameter,
				"The request is missing a required parameter `%s` (header %s).", h.param, h.header)
		}
	}
	return nil
}

// checkProtocol accepts only what TC3-signed JSON calls use: POST to "/" with application/json.
// An absolute-form request URI (the mock used as an HTTP proxy) has the path "/" too.
func checkProtocol(r *http.Request, readErr error) *apiError {
	if r.Method != http.MethodPost {
		return newError(codeUnsupportedProtocol,
			"HTTP method `%s` is not supported here: send POST with Content-Type application/json, signed with %s.",
			r.Method, signatureAlgorithm)
	}
	if r.URL.Path != "/" && r.URL.Path != "" {
		return newError(codeUnsupportedProtocol, "The request path `%s` is not supported: API 3.0 requests are sent to `/`.", r.URL.Path)
	}
	contentType := r.Header.Get("Content-Type")
	if mediaType, _, err := mime.ParseMediaType(contentType); err != nil || mediaType != "application/json" {
		return newError(codeUnsupportedProtocol,
			"Content-Type `%s` is not supported: a POST signed with %s must send application/json.",
			contentType, signatureAlgorithm)
	}
	if readErr != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(readErr, &tooLarge) {
			return newError(codeRequestSizeLimitExceeded, "The request body exceeds the limit of %d bytes.", tooLarge.Limit)
		}
		return newError(codeInvalidParameter, "The request body could not be read: %v.", readErr)
	}
	return nil
}

// checkEndpoint enforces the Finance-region rule on Tencent Cloud hosts: a Finance region
// (`*-fsi`) must be called on `<service>.<region>.tencentcloudapi.com`, and that host serves only
// its own region. Other regions may use the plain or any non-Finance regional host. Hosts outside
// tencentcloudapi.com are endpoint overrides (the mock's own address, a private endpoint) and
// are accepted with any region.
func checkEndpoint(hostname, region, service string) *apiError {
	if !strings.HasSuffix(hostname, apiDomain) {
		return nil
	}
	labels := strings.Split(strings.TrimSuffix(hostname, apiDomain), ".")
	hostRegion := ""
	if len(labels) > 1 {
		hostRegion = labels[1]
	}
	switch {
	case isFinance(region) && hostRegion != region:
		return newError(codeUnsupportedRegion,
			"The Finance region `%s` is not served on host `%s`: send the request to `%s.%s%s`.",
			region, hostname, service, region, apiDomain)
	case isFinance(hostRegion) && hostRegion != region:
		return newError(codeUnsupportedRegion,
			"Host `%s` serves only the Finance region `%s`, not region `%s`.", hostname, hostRegion, region)
	}
	return nil
}

func isFinance(region string) bool { return strings.HasSuffix(region, "-fsi") }

// hostnameOf lower-cases a Host header and drops its port and any trailing dot.
func hostnameOf(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	return strings.TrimSuffix(strings.ToLower(host), ".")
}

// rawErrorCode names what an injected raw answer amounts to, for the call record.
func rawErrorCode(status int, body string) string {
	var parsed errorResponse
	if err := json.Unmarshal([]byte(body), &parsed); err == nil && parsed.Response.Error.Code != "" {
		return parsed.Response.Error.Code
	}
	if status != http.StatusOK {
		return "HTTP " + strconv.Itoa(status)
	}
	return ""
}

func errorAnswer(aerr *apiError, requestID string) errorResponse {
	var resp errorResponse
	resp.Response.Error.Code = aerr.Code
	resp.Response.Error.Message = aerr.Message
	resp.Response.RequestId = requestID
	return resp
}

func writeError(w http.ResponseWriter, aerr *apiError, requestID string) {
	writeJSON(w, errorAnswer(aerr, requestID))
}

func writeJSON(w http.ResponseWriter, v any) {
	data, err := encodeAnswer(v)
	if err != nil {
		http.Error(w, "tcmock: encoding the answer: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(data)
}

// writeTruncated writes an answer cut in the middle. No Content-Length is set ahead, so the body
// arrives well framed, only short: the client reads it whole and fails to parse it.
func writeTruncated(w http.ResponseWriter, v any, param uint64) {
	data, err := encodeAnswer(v)
	if err != nil {
		http.Error(w, "tcmock: encoding the answer: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(truncate(data, param))
}

func encodeAnswer(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep download links readable, as the API writes them
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func writeRaw(w http.ResponseWriter, status int, body string) {
	trimmed := strings.TrimSpace(body)
	if strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, "[") {
		w.Header().Set("Content-Type", "application/json")
	} else {
		w.Header().Set("Content-Type", http.DetectContentType([]byte(body)))
	}
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}
