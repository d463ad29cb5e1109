package tencentcloud

import (
	"strings"
	"testing"
)

// TestValidateDomain checks the one domain check, which the provider's schema applies at plan time and Configure
// applies to the value from the configuration or TENCENTCLOUD_DOMAIN.
func TestValidateDomain(t *testing.T) {
	for _, s := range []string{
		"tencentcloudapi.com",
		"internal.tencentcloudapi.com",
		"mock.invalid",
		"a.io",
		"x-1.example.cn",
		"123.example.com",
		"xn--fiqs8s.cn",
		"example." + strings.Repeat("a", 63), // the longest top-level label
	} {
		if err := ValidateDomain(s); err != nil {
			t.Errorf("ValidateDomain(%q) = %v, want nil", s, err)
		}
	}
	for _, s := range []string{
		"TencentCloudAPI.com",                // capitals
		"tencentcloudapi.COM",                // capitals in the top-level label
		"https://tencentcloudapi.com",        // scheme
		"tencentcloudapi.com:443",            // port
		"tencentcloudapi.com/v3",             // path
		"localhost",                          // a single label
		"",                                   // empty
		"-bad.com",                           // label starting with a hyphen
		"bad-.com",                           // label ending with a hyphen
		"tencentcloudapi..com",               // empty label
		".tencentcloudapi.com",               // leading dot
		"tencentcloudapi.com.",               // trailing dot
		"example.c",                          // one-letter top-level label
		"example.123",                        // numeric top-level label
		"example." + strings.Repeat("a", 64), // top-level label too long
		" tencentcloudapi.com",               // surrounding space
		"tencentcloudapi.com\n",              // trailing newline
		"cdb_internal.example.com",           // underscore
	} {
		if err := ValidateDomain(s); err == nil {
			t.Errorf("ValidateDomain(%q) = nil, want an error", s)
		}
	}
	// The message users see, at plan time and from Configure alike.
	const want = `"TencentCloudAPI.com" is not a root domain; expected a host name without scheme, port or path, such as "tencentcloudapi.com"`
	if err := ValidateDomain("TencentCloudAPI.com"); err == nil || err.Error() != want {
		t.Errorf("ValidateDomain(%q) = %v, want %q", "TencentCloudAPI.com", err, want)
	}
}
