package mock

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// This file verifies TC3-HMAC-SHA256 signatures. It is written from the API's description of the
// signing process, not from any client's code, so a mistake in a client cannot be repeated here.

// authorization is a parsed Authorization header:
// "TC3-HMAC-SHA256 Credential=<SecretId>/<date>/<service>/tc3_request, SignedHeaders=<h1;h2>, Signature=<hex>".
type authorization struct {
	SecretID      string
	Date          string // credential scope date, YYYY-MM-DD
	Service       string
	SignedHeaders []string // lower-case, in the order given (which must be ascending)
	Signature     []byte
}

// parseAuthorization parses an Authorization header; the error is the API error to answer.
func parseAuthorization(header string) (*authorization, *apiError) {
	invalid := func(format string, args ...any) (*authorization, *apiError) {
		return nil, newError(codeInvalidAuthorization,
			"The Authorization header is invalid: "+format+". Expected `"+signatureAlgorithm+
				" Credential=<SecretId>/<YYYY-MM-DD>/<service>/"+signatureTerminator+
				", SignedHeaders=content-type;host, Signature=<hex>`.", args...)
	}
	if header == "" {
		return invalid("the header is missing")
	}
	algorithm, rest, ok := strings.Cut(header, " ")
	if !ok || algorithm != signatureAlgorithm {
		return invalid("the signing algorithm must be %s", signatureAlgorithm)
	}
	fields := map[string]string{}
	for _, part := range strings.Split(rest, ",") {
		key, value, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return invalid("`%s` is not a key=value pair", strings.TrimSpace(part))
		}
		switch key {
		case "Credential", "SignedHeaders", "Signature":
		default:
			return invalid("unknown field `%s`", key)
		}
		if _, dup := fields[key]; dup {
			return invalid("field `%s` is given twice", key)
		}
		fields[key] = value
	}
	for _, key := range []string{"Credential", "SignedHeaders", "Signature"} {
		if fields[key] == "" {
			return invalid("field `%s` is missing or empty", key)
		}
	}

	scope := strings.Split(fields["Credential"], "/")
	if len(scope) != 4 || scope[0] == "" || scope[2] == "" {
		return invalid("Credential must be <SecretId>/<date>/<service>/%s", signatureTerminator)
	}
	if _, err := time.Parse(time.DateOnly, scope[1]); err != nil {
		return invalid("the credential date `%s` is not a YYYY-MM-DD date", scope[1])
	}
	if scope[3] != signatureTerminator {
		return invalid("the credential scope must end with %s", signatureTerminator)
	}

	signed := strings.Split(fields["SignedHeaders"], ";")
	seen := map[string]bool{}
	for i, name := range signed {
		if name == "" || name != strings.ToLower(name) {
			return invalid("SignedHeaders must be lower-case header names separated by `;`")
		}
		if i > 0 && signed[i-1] >= name {
			return invalid("SignedHeaders must be sorted in ascending order without repetition")
		}
		seen[name] = true
	}
	if !seen["content-type"] || !seen["host"] {
		return invalid("SignedHeaders must include content-type and host")
	}

	sigHex := fields["Signature"]
	signature, err := hex.DecodeString(sigHex)
	if err != nil || len(signature) != sha256.Size || sigHex != strings.ToLower(sigHex) {
		return invalid("Signature must be 64 lower-case hexadecimal characters")
	}
	return &authorization{
		SecretID:      scope[0],
		Date:          scope[1],
		Service:       scope[2],
		SignedHeaders: signed,
		Signature:     signature,
	}, nil
}

// secretIDFromAuthorization reads the SecretId of an Authorization header without validating the
// rest, so that failed calls are recorded with it too.
func secretIDFromAuthorization(header string) string {
	_, rest, ok := strings.Cut(header, "Credential=")
	if !ok {
		return ""
	}
	id, _, _ := strings.Cut(rest, "/")
	id, _, _ = strings.Cut(id, ",")
	return strings.TrimSpace(id)
}

// parseTimestamp reads X-TC-Timestamp: Unix seconds, digits only.
func parseTimestamp(value string) (int64, *apiError) {
	bad := newError(codeInvalidParameter,
		"The value of header `X-TC-Timestamp` (`%s`) is not valid: it must be the current Unix time in seconds.", value)
	if value == "" || len(value) > 12 || strings.TrimLeft(value, "0123456789") != "" {
		return 0, bad
	}
	ts, err := strconv.ParseInt(value, 10, 64)
	if err != nil {
		return 0, bad
	}
	return ts, nil
}

// canonicalRequest builds the canonical request of a signed POST: method, URI "/", empty query
// string, the signed headers (names and values lower-cased and trimmed; for host, the value
// given, one of signedHosts), the signed header list and the hex SHA-256 of the exact body bytes.
func canonicalRequest(r *http.Request, signedHeaders []string, host string, body []byte) (string, *apiError) {
	var b strings.Builder
	b.WriteString(r.Method)
	b.WriteString("\n/\n\n")
	for _, name := range signedHeaders {
		var value string
		if name == "host" {
			value = host
		} else {
			values := r.Header.Values(name)
			if len(values) != 1 {
				return "", newError(codeInvalidAuthorization,
					"The Authorization header is invalid: signed header `%s` must appear exactly once in the request.", name)
			}
			value = values[0]
		}
		b.WriteString(name)
		b.WriteByte(':')
		b.WriteString(strings.ToLower(strings.TrimSpace(value)))
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	b.WriteString(strings.Join(signedHeaders, ";"))
	b.WriteByte('\n')
	payload := body
	if r.Header.Get("X-TC-Content-SHA256") == "UNSIGNED-PAYLOAD" {
		payload = []byte("UNSIGNED-PAYLOAD")
	}
	b.WriteString(sha256Hex(payload))
	return b.String(), nil
}

// expectedSignature computes the TC3-HMAC-SHA256 signature of a canonical request.
func expectedSignature(secretKey, timestamp, date, service, canonical string) []byte {
	stringToSign := signatureAlgorithm + "\n" +
		timestamp + "\n" +
		date + "/" + service + "/" + signatureTerminator + "\n" +
		sha256Hex([]byte(canonical))
	key := hmacSHA256([]byte("TC3"+secretKey), date)
	key = hmacSHA256(key, service)
	key = hmacSHA256(key, signatureTerminator)
	return hmacSHA256(key, stringToSign)
}

// verifySignature authenticates a request to a service: Authorization syntax, SecretId, clock
// skew, credential scope, the signature itself, then the token (checkToken). It returns who signed
// it, or the API error to answer.
func (s *Server) verifySignature(r *http.Request, body []byte, service string) (*principal, *apiError) {
	auth, aerr := parseAuthorization(r.Header.Get("Authorization"))
	if aerr != nil {
		return nil, aerr
	}
	secretKey, p, ok := s.lookupKey(auth.SecretID)
	if !ok {
		return nil, newError(codeSecretIDNotFound,
			"The SecretId `%s` is not found. Check that it is correct and that the key is enabled.", auth.SecretID)
	}
	tsHeader := r.Header.Get("X-TC-Timestamp")
	ts, aerr := parseTimestamp(tsHeader)
	if aerr != nil {
		return nil, aerr
	}
	now := s.now().Unix()
	if skew := now - ts; skew > maxClockSkewSeconds || skew < -maxClockSkewSeconds {
		return nil, newError(codeSignatureExpire,
			"Signature expired: the request's X-TC-Timestamp %d is more than %d seconds away from the server time %d. "+
				"Synchronise the client clock (NTP) and sign with the current time.", ts, maxClockSkewSeconds, now)
	}
	if want := time.Unix(ts, 0).UTC().Format(time.DateOnly); auth.Date != want {
		return nil, signatureFailure("the credential date %s is not the UTC date of X-TC-Timestamp, %s", auth.Date, want)
	}
	if auth.Service != service {
		return nil, signatureFailure("the credential scope names service %s; this is %s", auth.Service, service)
	}
	matched := false
	for _, host := range signedHosts(r.Host) {
		canonical, aerr := canonicalRequest(r, auth.SignedHeaders, host, body)
		if aerr != nil {
			return nil, aerr
		}
		want := expectedSignature(secretKey, tsHeader, auth.Date, auth.Service, canonical)
		if hmac.Equal(want, auth.Signature) {
			matched = true
			break
		}
	}
	if !matched {
		return nil, signatureFailure("the signature is not that of SecretId %s's SecretKey over the request sent: the key is "+
			"wrong, or the signature does not cover the exact Content-Type, Host (with or without its port) and body sent", auth.SecretID)
	}
	if aerr := s.checkToken(p, r.Header.Get("X-TC-Token")); aerr != nil {
		return nil, aerr
	}
	return p, nil
}

// signedHosts are the values of the canonical host header a signature may cover: the Host header
// as received, and when it carries a port, the host name without it. Clients disagree on a port
// that is not the scheme's default: the Go SDK signs "host:port", the Node.js SDK only "host",
// while both send "host:port". The real API only sees default ports, where the two agree; the
// mock listens on any port, so it takes either. A different host name or port is never taken.
func signedHosts(host string) []string {
	name, port, err := net.SplitHostPort(host)
	if err != nil || port == "" {
		return []string{host}
	}
	if strings.Contains(name, ":") {
		name = "[" + name + "]" // an IPv6 address keeps its brackets, as a URL's host name does
	}
	return []string{host, name}
}

// scopeService reads the service of an Authorization header's credential scope without
// validating the rest, or "" when it cannot be read.
func scopeService(header string) string {
	_, rest, ok := strings.Cut(header, "Credential=")
	if !ok {
		return ""
	}
	scope, _, _ := strings.Cut(rest, ",")
	parts := strings.Split(strings.TrimSpace(scope), "/")
	if len(parts) != 4 {
		return ""
	}
	return parts[2]
}

func sha256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func hmacSHA256(key []byte, message string) []byte {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(message))
	return mac.Sum(nil)
}
