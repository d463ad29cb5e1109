package mock

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
)

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

// serveHTTP answers every request but CONNECT (tunnel.go): the mock's own paths, the metadata
// service, and API calls, which go to the service they are for.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if s.serveControl(w, r) {
		return
	}
	if isMetadataPath(r.URL.Path) {
		s.serveMetadata(w, r)
		return
	}
	switch route(r).name {
	case stsAPI.name:
		s.serveSTS(w, r)
	default:
		s.serveCDB(w, r)
	}
}

// newCall starts the record of an API call to a service with what its headers say.
func (s *Server) newCall(r *http.Request, svc apiService) Call {
	return Call{
		Service:       svc.name,
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

// describeBackups answers DescribeBackups once the call is through the gateway, the quota and the
// faults: its parameters are checked (Limit against the bound of SetMaxLimit), then one page of
// the instance's backups in region is answered. delivered says whether the client will read the
// page, which then counts towards mutation.
func (s *Server) describeBackups(region string, body []byte, requestID string, delivered bool) (any, *apiError) {
	params, aerr := parseParams(body, s.pageBound())
	if aerr != nil {
		return nil, aerr
	}
	items, total, found := s.page(region, params.InstanceID, params.Offset, params.Limit, delivered)
	if !found {
		return nil, newError(codeInstanceNotFound,
			"The instance `%s` does not exist in region `%s`.", params.InstanceID, region)
	}
	var resp successResponse
	resp.Response.TotalCount = total
	resp.Response.Items = items
	resp.Response.RequestId = requestID
	return resp, nil
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
