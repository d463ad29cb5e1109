package mock

import (
	"strings"
	"testing"
)

func TestParseAuthorization(t *testing.T) {
	const sig = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	valid := "TC3-HMAC-SHA256 Credential=AKIDx/2024-03-01/cdb/tc3_request, SignedHeaders=content-type;host, Signature=" + sig
	auth, aerr := parseAuthorization(valid)
	if aerr != nil {
		t.Fatalf("valid header refused: %v", aerr.Message)
	}
	if auth.SecretID != "AKIDx" || auth.Date != "2024-03-01" || auth.Service != "cdb" ||
		strings.Join(auth.SignedHeaders, ";") != "content-type;host" || len(auth.Signature) != 32 {
		t.Errorf("parsed %+v", auth)
	}
	if _, aerr := parseAuthorization(strings.Replace(valid, "content-type;host", "content-type;host;x-tc-action", 1)); aerr != nil {
		t.Errorf("extra signed header refused: %s", aerr.Message)
	}

	malformed := map[string]string{
		"empty":                   "",
		"other algorithm":         strings.Replace(valid, "TC3-HMAC-SHA256", "HmacSHA256", 1),
		"no credential":           "TC3-HMAC-SHA256 SignedHeaders=content-type;host, Signature=" + sig,
		"short credential":        strings.Replace(valid, "AKIDx/2024-03-01/cdb/tc3_request", "AKIDx/2024-03-01/cdb", 1),
		"empty secret id":         strings.Replace(valid, "AKIDx/", "/", 1),
		"bad date":                strings.Replace(valid, "2024-03-01", "20240301", 1),
		"bad terminator":          strings.Replace(valid, "tc3_request", "tc3", 1),
		"host not signed":         strings.Replace(valid, "content-type;host", "content-type", 1),
		"content-type not signed": strings.Replace(valid, "content-type;host", "host", 1),
		"unsorted headers":        strings.Replace(valid, "content-type;host", "host;content-type", 1),
		"upper-case header":       strings.Replace(valid, "content-type;host", "Content-Type;host", 1),
		"short signature":         strings.Replace(valid, sig, sig[:62], 1),
		"upper-case signature":    strings.Replace(valid, sig, strings.ToUpper(sig), 1),
		"non-hex signature":       strings.Replace(valid, sig, strings.Repeat("zz", 32), 1),
		"unknown field":           valid + ", Nonce=1",
		"repeated field":          valid + ", Signature=" + sig,
	}
	for name, header := range malformed {
		if _, aerr := parseAuthorization(header); aerr == nil || aerr.Code != codeInvalidAuthorization {
			t.Errorf("%s: got %+v, want %s", name, aerr, codeInvalidAuthorization)
		}
	}
}

func TestSecretIDFromAuthorization(t *testing.T) {
	for header, want := range map[string]string{
		"TC3-HMAC-SHA256 Credential=AKIDabc/2024-03-01/cdb/tc3_request, SignedHeaders=x, Signature=y": "AKIDabc",
		"TC3-HMAC-SHA256 Credential=AKIDabc, Signature=y":                                             "AKIDabc",
		"Bearer token": "",
	} {
		if got := secretIDFromAuthorization(header); got != want {
			t.Errorf("secretIDFromAuthorization(%q) = %q, want %q", header, got, want)
		}
	}
}

func TestParseTimestamp(t *testing.T) {
	if ts, aerr := parseTimestamp("1709229600"); aerr != nil || ts != 1709229600 {
		t.Errorf("parseTimestamp(1709229600) = %d, %v", ts, aerr)
	}
	for _, bad := range []string{"", "-1", "+1709229600", " 1709229600", "1709229600.5", "1e9", "99999999999999"} {
		if _, aerr := parseTimestamp(bad); aerr == nil {
			t.Errorf("parseTimestamp(%q) accepted", bad)
		}
	}
}

func TestNewRequestIDIsUUIDShaped(t *testing.T) {
	s := NewServer(Options{})
	a, b := s.newRequestID(), s.newRequestID()
	if a == b || len(a) != 36 || strings.Count(a, "-") != 4 || a[14] != '4' {
		t.Errorf("request IDs %q, %q", a, b)
	}
	if other := NewServer(Options{}).newRequestID(); other == a {
		t.Errorf("two servers gave the same first RequestId %s", a)
	}
}
