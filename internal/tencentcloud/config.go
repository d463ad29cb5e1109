// Package tencentcloud is the provider's Tencent Cloud client: it resolves credentials and the endpoint, signs and
// sends API calls through the SDK's common package, and decodes the answers into complete, typed responses.
// Retry, rate limiting and cancellation belong here too, so that every read in the provider process shares them.
package tencentcloud

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Environment variables the client reads when the provider configuration leaves an argument unset. They are the
// names users of Tencent Cloud's own tools already know.
const (
	EnvRegion        = "TENCENTCLOUD_REGION"
	EnvSecretID      = "TENCENTCLOUD_SECRET_ID"
	EnvSecretKey     = "TENCENTCLOUD_SECRET_KEY"
	EnvSecurityToken = "TENCENTCLOUD_SECURITY_TOKEN"
	EnvProtocol      = "TENCENTCLOUD_PROTOCOL"
	EnvDomain        = "TENCENTCLOUD_DOMAIN"
	EnvCDBEndpoint   = "TENCENTCLOUD_CDB_ENDPOINT"
	EnvMaxRetries    = "TENCENTCLOUD_MAX_RETRIES"

	EnvRequestsPerSecond = "TENCENTCLOUD_REQUESTS_PER_SECOND"
	EnvSharedQuota       = "TENCENTCLOUD_SHARED_QUOTA"
	EnvCacheDir          = "TENCENTCLOUD_CACHE_DIR"
)

// MaxRequestsPerSecond and MaxMaxConcurrency bound the rate arguments to what makes sense for one API caller.
const (
	MaxRequestsPerSecond = 10000
	MaxMaxConcurrency    = 100
)

// MaxMaxRetries bounds max_retries: with the backoff's cap, more would outlast any useful wait.
const MaxMaxRetries = 100

// RegionPattern matches Tencent Cloud region names such as ap-guangzhou, na-siliconvalley or ap-shanghai-fsi.
var RegionPattern = regexp.MustCompile(`^[a-z]{2,4}(-[a-z0-9]+){1,3}$`)

// Config is what the client needs to reach Tencent Cloud. Empty strings mean "not set".
type Config struct {
	Region        string
	SecretID      string
	SecretKey     string
	SecurityToken string
	Protocol      string // HTTP or HTTPS, case-insensitive
	Domain        string // root domain, e.g. tencentcloudapi.com
	CDBEndpoint   string // full URL or bare host overriding the CDB endpoint
	UserAgent     string // identifies the provider and its version to Tencent Cloud

	MaxRetries     *int          // retries of a failed call; nil means DefaultMaxRetries
	RequestTimeout time.Duration // deadline of one attempt; 0 means DefaultRequestTimeout
	RetryBudget    time.Duration // no retry starts after this long; 0 means DefaultRetryBudget

	RequestsPerSecond float64 // call-rate limit shared by all calls; 0 means DefaultRequestsPerSecond
	MaxConcurrency    int     // calls in flight at once; 0 means DefaultMaxConcurrency
	// SharedQuota keeps what the rate limiters and the page-size probe learn in CacheDir and shares the call
	// budget with the provider's other processes on this machine; nil means true.
	SharedQuota *bool
	CacheDir    string // "" means the provider's folder in the user's cache folder

	Profile              string      // tccli profile name; "" means DefaultProfile
	SharedCredentialsDir string      // folder of tccli profiles; "" means DefaultSharedCredentialDir
	CAMRoleName          string      // CVM instance role to take credentials from
	AssumeRole           *AssumeRole // role to assume on top of the base credentials
	STSEndpoint          string      // full URL or bare host overriding the STS endpoint
	MetadataEndpoint     string      // base URL of the CVM metadata service; "" means DefaultMetadataEndpoint
	AllowedAccountIDs    []string    // when set, the credentials must belong to one of these accounts
	ForbiddenAccountIDs  []string    // when set, the credentials must not belong to any of these accounts

	// keysFrom says where SecretID and SecretKey came from, for errors: "the provider block" or "the environment".
	keysFrom string
	// keyOrigin says where each of SecretID, SecretKey and SecurityToken came from, for the hint of an API error
	// about them: "the provider block (secret_id and secret_key)", or each one's place when they differ.
	keyOrigin string

	// envErrors are environment variables that could not be read, reported by Validate.
	envErrors []ConfigError
}

// ConfigError is a problem with one configuration argument, named so the provider can point at it.
type ConfigError struct {
	Attribute string // the provider argument, e.g. "region" or "endpoints.cdb"; empty when it concerns several
	Summary   string
	Detail    string
}

func (e ConfigError) Error() string { return e.Summary + ": " + e.Detail }

// WithEnvironment returns the configuration with every unset argument taken from the environment, through
// getenv (os.Getenv in the provider). Configuration wins over the environment.
func (c Config) WithEnvironment(getenv func(string) string) Config {
	fill := func(v *string, name string) {
		if *v == "" {
			*v = strings.TrimSpace(getenv(name))
		}
	}
	fill(&c.Region, EnvRegion)
	fill(&c.Protocol, EnvProtocol)
	fill(&c.Domain, EnvDomain)
	fill(&c.CDBEndpoint, EnvCDBEndpoint)
	fill(&c.CacheDir, EnvCacheDir)
	if v := strings.TrimSpace(getenv(EnvSharedQuota)); c.SharedQuota == nil && v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			c.envErrors = append(c.envErrors, ConfigError{Attribute: "shared_quota", Summary: "Invalid " + EnvSharedQuota,
				Detail: fmt.Sprintf("%s is %q; expected true or false.", EnvSharedQuota, v)})
		} else {
			c.SharedQuota = &b
		}
	}
	if v := strings.TrimSpace(getenv(EnvRequestsPerSecond)); c.RequestsPerSecond == 0 && v != "" {
		n, err := strconv.ParseFloat(v, 64)
		if err != nil || n <= 0 || n > MaxRequestsPerSecond {
			c.envErrors = append(c.envErrors, ConfigError{Attribute: "requests_per_second", Summary: "Invalid " + EnvRequestsPerSecond,
				Detail: fmt.Sprintf("%s is %q; expected a number above 0 and at most %d.", EnvRequestsPerSecond, v, MaxRequestsPerSecond)})
		} else {
			c.RequestsPerSecond = n
		}
	}
	if v := strings.TrimSpace(getenv(EnvMaxRetries)); c.MaxRetries == nil && v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > MaxMaxRetries {
			c.envErrors = append(c.envErrors, ConfigError{Attribute: "max_retries", Summary: "Invalid " + EnvMaxRetries,
				Detail: fmt.Sprintf("%s is %q; expected a whole number from 0 to %d.", EnvMaxRetries, v, MaxMaxRetries)})
		} else {
			c.MaxRetries = &n
		}
	}
	// Each key falls back on its own, as in Tencent Cloud's other tools, but a token belongs to one temporary
	// secret ID: it is taken from the environment only together with the secret ID it was issued for.
	idFromEnv, keyFromEnv, tokenFromEnv := c.SecretID == "", c.SecretKey == "", false
	if c.SecretID != "" || c.SecretKey != "" {
		c.keysFrom = "the provider block"
	}
	fill(&c.SecretID, EnvSecretID)
	fill(&c.SecretKey, EnvSecretKey)
	if idFromEnv && c.SecurityToken == "" {
		fill(&c.SecurityToken, EnvSecurityToken)
		tokenFromEnv = c.SecurityToken != ""
	}
	if c.keysFrom == "" && (c.SecretID != "" || c.SecretKey != "") {
		c.keysFrom = "the environment (" + EnvSecretID + ", " + EnvSecretKey + ")"
	}
	if c.SecretID != "" && c.SecretKey != "" {
		c.keyOrigin = keyOrigin(idFromEnv, keyFromEnv, tokenFromEnv, c.SecurityToken != "")
	}
	fill(&c.Profile, EnvProfile)
	fill(&c.SharedCredentialsDir, EnvSharedCredentialsDir)
	fill(&c.CAMRoleName, EnvCAMRoleName)
	fill(&c.STSEndpoint, EnvSTSEndpoint)
	fill(&c.MetadataEndpoint, EnvMetadataEndpoint)
	if c.AssumeRole == nil && strings.TrimSpace(getenv(EnvAssumeRoleARN)) != "" {
		c.AssumeRole = &AssumeRole{RoleARN: strings.TrimSpace(getenv(EnvAssumeRoleARN))}
	}
	if c.AssumeRole != nil {
		r := *c.AssumeRole
		fill(&r.SessionName, EnvAssumeRoleSessionName)
		fill(&r.ExternalID, EnvAssumeRoleExternalID)
		if v := strings.TrimSpace(getenv(EnvAssumeRoleSessionDur)); r.SessionDuration == 0 && v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > MaxSessionDuration {
				c.envErrors = append(c.envErrors, ConfigError{Attribute: "assume_role.session_duration", Summary: "Invalid " + EnvAssumeRoleSessionDur,
					Detail: fmt.Sprintf("%s is %q; expected a number of seconds from 0 to %d.", EnvAssumeRoleSessionDur, v, MaxSessionDuration)})
			}
			r.SessionDuration = n
		}
		c.AssumeRole = &r
	}
	// The profile's configure file gives the region when neither the provider block nor the environment does.
	if c.Region == "" {
		region, err := c.profileRegion()
		if err != nil {
			c.envErrors = append(c.envErrors, ConfigError{Attribute: "profile", Summary: "Unreadable profile", Detail: err.Error()})
		}
		c.Region = region
	}
	return c
}

// keyOrigin says where static keys came from: the provider block, the environment, or each key's place when
// they differ, and the token's, if there is one.
func keyOrigin(idFromEnv, keyFromEnv, tokenFromEnv, token bool) string {
	var s string
	switch {
	case !idFromEnv && !keyFromEnv:
		s = "the provider block (secret_id and secret_key)"
	case idFromEnv && keyFromEnv:
		s = "the environment variables " + EnvSecretID + " and " + EnvSecretKey
	case idFromEnv:
		s = "secret_key in the provider block and the environment variable " + EnvSecretID
	default:
		s = "secret_id in the provider block and the environment variable " + EnvSecretKey
	}
	switch {
	case tokenFromEnv:
		s += ", with the token of " + EnvSecurityToken
	case token:
		s += ", with the token of security_token"
	}
	return s
}

// Validate reports every problem with the configuration at once.
func (c Config) Validate() []ConfigError {
	errs := append([]ConfigError(nil), c.envErrors...)
	if c.MaxRetries != nil && (*c.MaxRetries < 0 || *c.MaxRetries > MaxMaxRetries) {
		errs = append(errs, ConfigError{Attribute: "max_retries", Summary: "Invalid max_retries",
			Detail: fmt.Sprintf("max_retries is %d; expected a whole number from 0 to %d.", *c.MaxRetries, MaxMaxRetries)})
	}
	if c.RequestsPerSecond < 0 || c.RequestsPerSecond > MaxRequestsPerSecond {
		errs = append(errs, ConfigError{Attribute: "requests_per_second", Summary: "Invalid requests_per_second",
			Detail: fmt.Sprintf("requests_per_second is %g; expected a number above 0 and at most %d.", c.RequestsPerSecond, MaxRequestsPerSecond)})
	}
	if c.MaxConcurrency < 0 || c.MaxConcurrency > MaxMaxConcurrency {
		errs = append(errs, ConfigError{Attribute: "max_concurrency", Summary: "Invalid max_concurrency",
			Detail: fmt.Sprintf("max_concurrency is %d; expected 1 to %d.", c.MaxConcurrency, MaxMaxConcurrency)})
	}
	if c.RequestTimeout < 0 {
		errs = append(errs, ConfigError{Attribute: "request_timeout", Summary: "Invalid request_timeout",
			Detail: fmt.Sprintf("request_timeout is %s; expected a positive duration such as \"30s\".", c.RequestTimeout)})
	}
	if c.Region == "" {
		errs = append(errs, c.missingRegion())
	} else if err := ValidateRegion(c.Region); err != nil {
		errs = append(errs, ConfigError{Attribute: "region", Summary: "Invalid region", Detail: err.Error()})
	}
	if c.Protocol != "" {
		if err := ValidateProtocol(c.Protocol); err != nil {
			errs = append(errs, ConfigError{Attribute: "protocol", Summary: "Invalid protocol", Detail: err.Error()})
		}
	}
	if c.Domain != "" {
		if err := ValidateDomain(c.Domain); err != nil {
			errs = append(errs, ConfigError{Attribute: "domain", Summary: "Invalid domain", Detail: err.Error()})
		}
	}
	if c.CDBEndpoint != "" {
		if _, err := ParseEndpoint(c.CDBEndpoint); err != nil {
			errs = append(errs, ConfigError{Attribute: "endpoints.cdb", Summary: "Invalid CDB endpoint", Detail: err.Error()})
		}
	}
	if c.STSEndpoint != "" {
		if _, err := ParseEndpoint(c.STSEndpoint); err != nil {
			errs = append(errs, ConfigError{Attribute: "endpoints.sts", Summary: "Invalid STS endpoint", Detail: err.Error()})
		}
	}
	if len(c.AllowedAccountIDs) > 0 && len(c.ForbiddenAccountIDs) > 0 {
		errs = append(errs, ConfigError{Attribute: "allowed_account_ids", Summary: "Conflicting account lists",
			Detail: "Set allowed_account_ids or forbidden_account_ids, not both."})
	}
	if r := c.AssumeRole; r != nil && (r.SessionDuration < 0 || r.SessionDuration > MaxSessionDuration) {
		errs = append(errs, ConfigError{Attribute: "assume_role.session_duration", Summary: "Invalid session_duration",
			Detail: fmt.Sprintf("session_duration is %d; expected 0 to %d seconds.", r.SessionDuration, MaxSessionDuration)})
	}
	switch {
	case c.SecretID == "" && c.SecretKey == "":
		// Resolved from the other sources when the client is made.
	case c.SecretID == "":
		errs = append(errs, ConfigError{
			Attribute: "secret_id",
			Summary:   "Incomplete Tencent Cloud credentials",
			Detail:    fmt.Sprintf("A secret key was given in %s without a secret ID. Set secret_id in the provider block or %s.", c.keysFrom, EnvSecretID),
		})
	case c.SecretKey == "":
		errs = append(errs, ConfigError{
			Attribute: "secret_key",
			Summary:   "Incomplete Tencent Cloud credentials",
			Detail:    fmt.Sprintf("A secret ID was given in %s without a secret key. Set secret_key in the provider block or %s.", c.keysFrom, EnvSecretKey),
		})
	}
	return errs
}

// missingRegion lists the three places a region is taken from, in the order they are looked up, with the
// profile's configure file as this configuration names it and what was found there.
func (c Config) missingRegion() ConfigError {
	found := ""
	_, path, err := c.profilePaths()
	switch {
	case err != nil:
		path, found = "<shared_credentials_dir>/<profile>.configure", " ("+err.Error()+")"
	default:
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			found = " (there is no such file)"
		} else if err == nil {
			found = " (it has no _sys_param.region)"
		}
	}
	return ConfigError{Attribute: "region", Summary: "Missing region", Detail: strings.Join([]string{
		"The provider looked for a region in these places, in this order, and found none:",
		"",
		"  1. The provider block: region, e.g. region = \"ap-guangzhou\".",
		fmt.Sprintf("  2. The environment: %s.", EnvRegion),
		fmt.Sprintf("  3. A tccli profile: _sys_param.region in <shared_credentials_dir>/<profile>.configure (the provider's "+
			"shared_credentials_dir and profile, or %s and %s; by default %s/%s.configure); read here: %s%s.",
			EnvSharedCredentialsDir, EnvProfile, DefaultSharedCredentialDir, DefaultProfile, path, found),
		"",
		"Set one of them to a region such as \"ap-guangzhou\", \"ap-shanghai\" or, for a Finance region, \"ap-shanghai-fsi\".",
	}, "\n")}
}

// missingCredentials lists every way to supply credentials, in the order they are looked up, with the variable
// or file each reads.
func (c Config) missingCredentials() ConfigError {
	path, _, err := c.profilePaths()
	if err != nil {
		path = err.Error()
	}
	return ConfigError{Summary: "No Tencent Cloud credentials found", Detail: strings.Join([]string{
		"The provider looked for credentials in these places, in this order, and found none:",
		"",
		"  1. The provider block: secret_id and secret_key (and security_token for temporary credentials).",
		fmt.Sprintf("  2. The environment: %s and %s (and %s for temporary credentials).", EnvSecretID, EnvSecretKey, EnvSecurityToken),
		fmt.Sprintf("  3. A tccli profile: profile (%s, default %q) in shared_credentials_dir (%s, default %s); read here: %s.",
			EnvProfile, DefaultProfile, EnvSharedCredentialsDir, DefaultSharedCredentialDir, path),
		fmt.Sprintf("  4. A CVM instance role: cam_role_name (%s), from the instance metadata service.", EnvCAMRoleName),
		"",
		"Set one of them; assume_role then works on top of any. Keys are created in the CAM console under API Key Management.",
	}, "\n")}
}

// ValidateRegion checks that s looks like a Tencent Cloud region name.
func ValidateRegion(s string) error {
	if !RegionPattern.MatchString(s) {
		return fmt.Errorf("%q is not a Tencent Cloud region name; expected lowercase words joined by hyphens, such as \"ap-guangzhou\", \"na-siliconvalley\" or \"ap-shanghai-fsi\"", s)
	}
	return nil
}
