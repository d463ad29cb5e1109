// Endpoint resolution: where the calls of each service go, from the overrides, the protocol, the root domain and
// the region.

package tencentcloud

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"
)

// DefaultDomain is the root domain of Tencent Cloud API 3.0; a service's host is "<service>.<domain>".
const DefaultDomain = "tencentcloudapi.com"

// Protocols the client speaks; HTTPS unless the user asks otherwise.
const (
	ProtocolHTTPS = "HTTPS"
	ProtocolHTTP  = "HTTP"
)

// domainPattern matches a DNS root domain such as tencentcloudapi.com or internal.example.com.
var domainPattern = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}$`)

// ValidateProtocol checks that s is HTTP or HTTPS, in any case.
func ValidateProtocol(s string) error {
	switch strings.ToUpper(s) {
	case ProtocolHTTP, ProtocolHTTPS:
		return nil
	}
	return fmt.Errorf("%q is not a supported protocol; allowed values are \"HTTPS\" (the default) and \"HTTP\"", s)
}

// ValidateDomain checks that s is a bare, lowercase root domain, such as tencentcloudapi.com. It is the one domain
// check: the provider's schema applies it at plan time, and Validate to the value from the configuration or EnvDomain.
func ValidateDomain(s string) error {
	if !domainPattern.MatchString(s) {
		return fmt.Errorf("%q is not a root domain; expected a host name without scheme, port or path, such as \"tencentcloudapi.com\"", s)
	}
	return nil
}

// IsFinanceRegion reports whether region is one of Tencent Cloud's isolated Finance regions (ap-shanghai-fsi, ...).
func IsFinanceRegion(region string) bool {
	return strings.HasSuffix(region, "-fsi")
}

// Endpoint is where API calls for one service are sent.
type Endpoint struct {
	Scheme string // "HTTP" or "HTTPS", as the SDK spells it
	Host   string // host[:port], also the signed Host header
}

// URL returns the endpoint as a URL string, e.g. https://cdb.tencentcloudapi.com.
func (e Endpoint) URL() string {
	return strings.ToLower(e.Scheme) + "://" + e.Host
}

// SendsCredentialsInClear reports whether calls to the endpoint would carry the signed credentials unencrypted
// over a network: plain HTTP to a host other than the loopback interface.
func (e Endpoint) SendsCredentialsInClear() bool {
	if e.Scheme != ProtocolHTTP {
		return false
	}
	host := e.Host
	if h, _, err := net.SplitHostPort(e.Host); err == nil {
		host = h
	}
	if host == "localhost" {
		return false
	}
	ip := net.ParseIP(host)
	return ip == nil || !ip.IsLoopback()
}

// ParseEndpoint parses an endpoint override: a full http:// or https:// URL, or a bare host[:port] meaning HTTPS.
func ParseEndpoint(s string) (Endpoint, error) {
	raw := strings.TrimSpace(s)
	if raw == "" {
		return Endpoint{}, fmt.Errorf("the endpoint is empty; expected a URL such as \"https://cdb.internal.tencentcloudapi.com\" or \"http://127.0.0.1:8080\"")
	}
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return Endpoint{}, fmt.Errorf("%q is not a valid URL; expected a URL such as \"https://cdb.internal.tencentcloudapi.com\" or \"http://127.0.0.1:8080\"", s)
	}
	var scheme string
	switch strings.ToLower(u.Scheme) {
	case "https":
		scheme = ProtocolHTTPS
	case "http":
		scheme = ProtocolHTTP
	default:
		return Endpoint{}, fmt.Errorf("%q has scheme %q; only \"http\" and \"https\" are allowed", s, u.Scheme)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" || (u.Path != "" && u.Path != "/") {
		return Endpoint{}, fmt.Errorf("%q must be a scheme and host[:port] only, without user, path, query or fragment (Tencent Cloud API 3.0 is always served at \"/\")", s)
	}
	host := u.Hostname()
	if host == "" {
		return Endpoint{}, fmt.Errorf("%q has no host; expected a URL such as \"https://cdb.internal.tencentcloudapi.com\" or \"http://127.0.0.1:8080\"", s)
	}
	if ip := net.ParseIP(host); ip == nil && !domainPattern.MatchString(strings.ToLower(host)) && !isSingleLabelHost(host) {
		return Endpoint{}, fmt.Errorf("%q has an invalid host %q", s, host)
	}
	if p := u.Port(); p != "" {
		var n int
		if _, err := fmt.Sscanf(p, "%d", &n); err != nil || n < 1 || n > 65535 {
			return Endpoint{}, fmt.Errorf("%q has an invalid port %q; expected 1 to 65535", s, p)
		}
	} else if strings.HasSuffix(u.Host, ":") {
		return Endpoint{}, fmt.Errorf("%q has an empty port", s)
	}
	return Endpoint{Scheme: scheme, Host: strings.ToLower(u.Host)}, nil
}

var singleLabelPattern = regexp.MustCompile(`^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$`)

// isSingleLabelHost accepts names such as "localhost" or a container's service name.
func isSingleLabelHost(h string) bool { return singleLabelPattern.MatchString(h) }

// resolveEndpoint returns where a service's calls go: the override when given, otherwise <service>.<domain>, or
// <service>.<region>.<domain> in a Finance region, whose API is isolated from the others and served only there.
func (c Config) resolveEndpoint(service, override string) (Endpoint, error) {
	if override != "" {
		return ParseEndpoint(override)
	}
	scheme := ProtocolHTTPS
	if c.Protocol != "" {
		if err := ValidateProtocol(c.Protocol); err != nil {
			return Endpoint{}, err
		}
		scheme = strings.ToUpper(c.Protocol)
	}
	domain := c.Domain
	if domain == "" {
		domain = DefaultDomain
	}
	host := service + "." + domain
	if IsFinanceRegion(c.Region) {
		host = service + "." + c.Region + "." + domain
	}
	return Endpoint{Scheme: scheme, Host: host}, nil
}
