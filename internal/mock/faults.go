package mock

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"
)

// FaultKind is a kind of failure the mock injects at random. Its value is the name the tcmock
// command's -faults flag takes.
type FaultKind string

// Fault kinds. The API faults (internal, ratelimit, unavailable) are answered by the API once a
// call is authenticated, in the API's error shape with HTTP 200. The network faults (502, close,
// stall, truncated) happen between the client and the API, whatever the call's credentials.
const (
	// FaultInternalError answers one of the InternalError codes DescribeBackups can return.
	FaultInternalError FaultKind = "internal"
	// FaultRateLimit answers one of the rate-limit codes (RequestLimitExceeded and its kin).
	FaultRateLimit FaultKind = "ratelimit"
	// FaultServiceUnavailable answers ServiceUnavailable or ResourceUnavailable.
	FaultServiceUnavailable FaultKind = "unavailable"
	// FaultBadGateway answers HTTP 502 with the gateway's HTML page, before any check.
	FaultBadGateway FaultKind = "502"
	// FaultCloseConnection closes the connection without answering, before any check.
	FaultCloseConnection FaultKind = "close"
	// FaultStall waits FaultOptions.StallFor, then answers normally. The wait ends early when
	// the client goes away or the server closes.
	FaultStall FaultKind = "stall"
	// FaultTruncatedJSON answers the call's real answer (success or error) cut in the middle:
	// HTTP 200, Content-Type application/json, a well-framed body that is not valid JSON.
	FaultTruncatedJSON FaultKind = "truncated"
)

// AllFaultKinds returns every fault kind, in the order the -faults flag lists them.
func AllFaultKinds() []FaultKind {
	return []FaultKind{FaultInternalError, FaultRateLimit, FaultServiceUnavailable,
		FaultBadGateway, FaultCloseConnection, FaultStall, FaultTruncatedJSON}
}

// isAPI reports whether the kind is an API answer, injected only into authenticated calls.
func (k FaultKind) isAPI() bool {
	return k == FaultInternalError || k == FaultRateLimit || k == FaultServiceUnavailable
}

// ParseFaultKinds reads a comma-separated list of fault kind names ("internal,502,stall"),
// case-insensitive; "all" stands for every kind. An empty list gives nil, which means all.
func ParseFaultKinds(list string) ([]FaultKind, error) {
	var kinds []FaultKind
	for _, name := range strings.Split(list, ",") {
		name = strings.ToLower(strings.TrimSpace(name))
		switch {
		case name == "" && strings.TrimSpace(list) == "":
			return nil, nil
		case name == "all":
			kinds = append(kinds, AllFaultKinds()...)
		case slices.Contains(AllFaultKinds(), FaultKind(name)):
			kinds = append(kinds, FaultKind(name))
		default:
			return nil, fmt.Errorf("unknown fault kind %q; the kinds are %s (or all)", name, faultKindNames())
		}
	}
	return kinds, nil
}

func faultKindNames() string {
	names := make([]string, 0, len(AllFaultKinds()))
	for _, k := range AllFaultKinds() {
		names = append(names, string(k))
	}
	return strings.Join(names, ", ")
}

// DefaultStall is how long FaultStall waits when FaultOptions.StallFor is 0: longer than any
// sensible client timeout.
const DefaultStall = 30 * time.Second

// FaultOptions makes the mock fail a random share of calls, reproducibly.
type FaultOptions struct {
	// Rate is the probability (0..1) that a call gets a fault; 0 turns faults off.
	Rate float64
	// Seed seeds the mock's own generator: the same Seed, Rate and Kinds give the same decisions
	// for the same sequence of calls, decided in the order calls arrive.
	Seed int64
	// Kinds are the kinds drawn from, uniformly; nil or empty means all. A kind listed twice is
	// drawn twice as often.
	Kinds []FaultKind
	// StallFor is how long FaultStall waits; 0 means DefaultStall.
	StallFor time.Duration
}

// normalized validates the options and fills in the defaults.
func (o FaultOptions) normalized() (FaultOptions, error) {
	if math.IsNaN(o.Rate) || o.Rate < 0 || o.Rate > 1 {
		return o, fmt.Errorf("mock: fault rate %v is not between 0 and 1", o.Rate)
	}
	if o.StallFor < 0 {
		return o, fmt.Errorf("mock: stall duration %s is negative", o.StallFor)
	}
	if o.StallFor == 0 {
		o.StallFor = DefaultStall
	}
	if len(o.Kinds) == 0 {
		o.Kinds = AllFaultKinds()
	} else {
		o.Kinds = slices.Clone(o.Kinds)
	}
	for _, k := range o.Kinds {
		if !slices.Contains(AllFaultKinds(), k) {
			return o, fmt.Errorf("mock: unknown fault kind %q; the kinds are %s", k, faultKindNames())
		}
	}
	return o, nil
}

// Codes each API fault kind answers, drawn uniformly: the codes of DescribeBackups' own list and
// the common codes that a read may retry.
var faultCodes = map[FaultKind][]apiError{
	FaultInternalError: {
		{Code: "InternalError", Message: "An internal error occurred. Please try again later."},
		{Code: "InternalError.DBError", Message: "Database error: the backup metadata could not be read."},
		{Code: "InternalError.UndefinedError", Message: "Undefined error."},
		{Code: "InternalError.UnknownError", Message: "Unknown error."},
		{Code: "InternalError.CdbError", Message: "Backend error of the CDB service."},
		{Code: "InternalError.DatabaseAccessError", Message: "Internal database access error."},
		{Code: "InternalError.DBOperationError", Message: "Database operation failed."},
		{Code: "InternalError.HttpError", Message: "An internal HTTP request failed."},
	},
	FaultRateLimit: {
		{Code: "RequestLimitExceeded", Message: "The number of requests exceeds the frequency limit."},
		{Code: "RequestLimitExceeded.UinLimitExceeded", Message: "The number of requests of this account exceeds the frequency limit."},
		{Code: "RequestLimitExceeded.GlobalRegionUinLimitExceeded", Message: "The number of requests of this account in all regions exceeds the frequency limit."},
		{Code: "RequestLimitExceeded.IPLimitExceeded", Message: "The number of requests from this IP exceeds the frequency limit."},
		{Code: "LimitExceeded.RateLimitExceeded", Message: "The call rate exceeds the limit of this action."},
	},
	FaultServiceUnavailable: {
		{Code: "ServiceUnavailable", Message: "The service is temporarily unavailable. Please try again later."},
		{Code: "ResourceUnavailable", Message: "The resource is temporarily unavailable."},
	},
}

// FaultCodes returns the API error codes a fault kind answers, or nil for a network fault.
func FaultCodes(kind FaultKind) []string {
	var codes []string
	for _, e := range faultCodes[kind] {
		codes = append(codes, e.Code)
	}
	return codes
}

// decision is what the fault generator decided for one call, at its arrival.
type decision struct {
	kind  FaultKind // "" for no fault
	param uint64    // picks the code of an API fault, or where a truncated answer is cut
}

// decide draws the next decision. The caller holds s.mu.
func (s *Server) decide() decision {
	o := s.faultOpts
	// Always one draw per call, so the n-th call's fate depends only on the seed and n.
	u := float64(s.faultRNG.next()>>11) / (1 << 53)
	if u >= o.Rate {
		return decision{}
	}
	kind := o.Kinds[s.faultRNG.intn(int64(len(o.Kinds)))]
	return decision{kind: kind, param: s.faultRNG.next()}
}

// apiError is the answer of an API fault decision.
func (d decision) apiError() *apiError {
	codes := faultCodes[d.kind]
	e := codes[d.param%uint64(len(codes))]
	return &apiError{Code: e.Code, Message: e.Message, fault: d.kind}
}

// badGatewayPage is what Tencent Cloud's gateway (stgw) answers when the service behind it fails.
const badGatewayPage = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n" +
	"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>stgw</center>\r\n</body>\r\n</html>\r\n"

func writeBadGateway(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(http.StatusBadGateway)
	_, _ = w.Write([]byte(badGatewayPage))
}

// abortConnection closes the client's connection without an answer. Where the connection cannot
// be taken over (HTTP/2, a ResponseRecorder) it aborts the handler the way net/http documents,
// which resets the stream.
func abortConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

// truncate cuts an encoded answer somewhere in its middle half, never keeping the final "}",
// so the result is never valid JSON.
func truncate(body []byte, param uint64) []byte {
	n := len(body)
	if n < 4 {
		return body[:min(n, 1)]
	}
	cut := n/4 + int(param%uint64(max(n/2, 1)))
	return body[:min(max(cut, 1), n-2)]
}
