package tencentcloud

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Environment variables of the credential sources beyond static keys.
const (
	EnvProfile                 = "TENCENTCLOUD_PROFILE"
	EnvSharedCredentialsDir    = "TENCENTCLOUD_SHARED_CREDENTIALS_DIR"
	EnvCAMRoleName             = "TENCENTCLOUD_CAM_ROLE_NAME"
	EnvAssumeRoleARN           = "TENCENTCLOUD_ASSUME_ROLE_ARN"
	EnvAssumeRoleSessionName   = "TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME"
	EnvAssumeRoleSessionDur    = "TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION"
	EnvAssumeRoleExternalID    = "TENCENTCLOUD_ASSUME_ROLE_EXTERNAL_ID"
	EnvSTSEndpoint             = "TENCENTCLOUD_STS_ENDPOINT"
	EnvMetadataEndpoint        = "TENCENTCLOUD_METADATA_ENDPOINT"
	DefaultProfile             = "default"
	DefaultSharedCredentialDir = "~/.tccli"
	// defaultMetadataEndpoint is the CVM instance metadata service.
	defaultMetadataEndpoint = "http://metadata.tencentyun.com"
	// DefaultSessionDuration and MaxSessionDuration bound assume_role's session_duration, in seconds.
	DefaultSessionDuration = 7200
	MaxSessionDuration     = 43200
	defaultSessionName     = "terraform"
	// metadataTimeout bounds a call to the metadata service, which answers at once on a CVM and not at all elsewhere.
	metadataTimeout = 5 * time.Second
)

// AssumeRole is the assume_role block: a role to assume with the base credentials.
type AssumeRole struct {
	RoleARN         string
	SessionName     string
	SessionDuration int // seconds; 0 means DefaultSessionDuration
	Policy          string
	ExternalID      string
}

// credentials are what calls are signed with: fixed keys, or temporary ones renewed before they expire. They
// implement the SDK's CredentialIface, so the SDK signs with whatever is current.
type credentials struct {
	refreshMu          sync.Mutex // one renewal at a time; not held by readers, so a renewal may log and sign
	mu                 sync.Mutex
	secretID, key, tok string
	expiry             time.Time // zero for keys that do not expire
	refreshAt          time.Time
	// source names where the credentials come from, for errors; fetch renews them (nil for fixed keys).
	source string
	fetch  func(ctx context.Context) (temporaryCredentials, error)
	// origin says where the credentials come from in a user's words, for the hint of an error about them
	// (credentialHint): the provider block, the environment variables, the tccli profile and its folder, the CVM
	// role, or assume_role. It never holds a key.
	origin string
}

// temporaryCredentials are keys issued by STS or the metadata service.
type temporaryCredentials struct {
	SecretID, SecretKey, Token string
	Expiry                     time.Time
}

func fixedCredentials(origin, id, key, token string) *credentials {
	return &credentials{source: origin, origin: origin, secretID: id, key: key, tok: token}
}

func refreshingCredentials(source, origin string, fetch func(ctx context.Context) (temporaryCredentials, error)) *credentials {
	return &credentials{source: source, origin: origin, fetch: fetch}
}

// ensure renews temporary credentials that are missing or near their expiry: a third of their lifetime before
// it, at most five minutes, so a long paging run never signs with an expired token.
func (c *credentials) ensure(ctx context.Context) error {
	if c.fetch == nil || c.fresh() {
		return nil
	}
	c.refreshMu.Lock()
	defer c.refreshMu.Unlock()
	if c.fresh() { // renewed while this call waited
		return nil
	}
	t, err := c.fetch(ctx)
	if err != nil {
		return fmt.Errorf("getting temporary credentials from %s: %w", c.source, err)
	}
	now := time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.secretID, c.key, c.tok, c.expiry = t.SecretID, t.SecretKey, t.Token, t.Expiry
	c.refreshAt = t.Expiry.Add(-min(5*time.Minute, t.Expiry.Sub(now)/3))
	return nil
}

// due reports whether temporary credentials are due for renewal.
func (c *credentials) due() bool {
	return c.fetch != nil && !c.fresh()
}

func (c *credentials) fresh() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.secretID != "" && time.Now().Before(c.refreshAt)
}

func (c *credentials) GetCredential() (string, string, string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.secretID, c.key, c.tok
}

func (c *credentials) GetSecretId() string { id, _, _ := c.GetCredential(); return id }

func (c *credentials) GetSecretKey() string { _, key, _ := c.GetCredential(); return key }

func (c *credentials) GetToken() string { _, _, tok := c.GetCredential(); return tok }

// secrets are the values to mask in logs.
// identity names whose call quota these credentials use, for the call-rate cache: the SecretId of fixed keys, or
// the source of keys that are renewed (a role), whose SecretId changes with each renewal. It is hashed before use.
func (c *credentials) identity() string {
	if c.fetch != nil {
		return "source " + c.source
	}
	return "secret-id " + c.GetSecretId()
}

func (c *credentials) secrets() []string {
	_, key, tok := c.GetCredential()
	var out []string
	for _, s := range []string{key, tok} {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// sharedProfile is a tccli profile: <dir>/<name>.credential and <dir>/<name>.configure.
type sharedProfile struct {
	SecretID        string `json:"secretId"`
	SecretKey       string `json:"secretKey"`
	Token           string `json:"token"`
	RoleARN         string `json:"role-arn"`
	RoleSessionName string `json:"role-session-name"`
}

// expandHome turns a leading ~ into the user's home folder.
func expandHome(dir string) (string, error) {
	if dir != "~" && !strings.HasPrefix(dir, "~/") {
		return dir, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("cannot find the home folder for %q: %w", dir, err)
	}
	return filepath.Join(home, strings.TrimPrefix(dir, "~")), nil
}

// profilePaths are the credential and configure files of a profile.
func (c Config) profilePaths() (credential, configure string, err error) {
	dir := c.SharedCredentialsDir
	if dir == "" {
		dir = DefaultSharedCredentialDir
	}
	dir, err = expandHome(dir)
	if err != nil {
		return "", "", err
	}
	name := c.profileName()
	return filepath.Join(dir, name+".credential"), filepath.Join(dir, name+".configure"), nil
}

func (c Config) profileName() string {
	if c.Profile == "" {
		return DefaultProfile
	}
	return c.Profile
}

// readProfile reads the profile's credential file. A missing file of the default profile is no error (nothing is
// configured there); a named profile that does not exist is.
func (c Config) readProfile() (*sharedProfile, string, error) {
	path, _, err := c.profilePaths()
	if err != nil {
		return nil, "", err
	}
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist) && c.Profile == "":
		return nil, path, nil
	case errors.Is(err, os.ErrNotExist):
		return nil, path, fmt.Errorf("profile %q does not exist: there is no file %s", c.profileName(), path)
	case err != nil:
		return nil, path, fmt.Errorf("cannot read %s: %w", path, err)
	}
	var p sharedProfile
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, path, fmt.Errorf("%s is not a JSON object with secretId and secretKey: %s", path, describeUndecodable(data, err))
	}
	switch {
	case p.SecretID == "" && p.SecretKey == "":
		return nil, path, fmt.Errorf("%s has no secretId and secretKey", path)
	case p.SecretID == "":
		return nil, path, fmt.Errorf("%s has a secretKey but no secretId", path)
	case p.SecretKey == "":
		return nil, path, fmt.Errorf("%s has a secretId but no secretKey", path)
	}
	return &p, path, nil
}

// profileRegion reads _sys_param.region from the profile's configure file, if there is one.
func (c Config) profileRegion() (string, error) {
	_, path, err := c.profilePaths()
	if err != nil {
		return "", err
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("cannot read %s: %w", path, err)
	}
	var conf struct {
		SysParam struct {
			Region string `json:"region"`
		} `json:"_sys_param"`
	}
	if err := json.Unmarshal(data, &conf); err != nil {
		return "", fmt.Errorf("%s is not valid JSON: %s", path, describeUndecodable(data, err))
	}
	return conf.SysParam.Region, nil
}

// metadataCredentials fetches a CVM instance role's temporary credentials from the metadata service.
func metadataCredentials(endpoint, role string, transport http.RoundTripper) func(ctx context.Context) (temporaryCredentials, error) {
	client := &http.Client{Transport: transport, Timeout: metadataTimeout}
	url := strings.TrimRight(endpoint, "/") + "/latest/meta-data/cam/security-credentials/" + role
	return func(ctx context.Context) (temporaryCredentials, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return temporaryCredentials{}, err
		}
		resp, err := client.Do(req)
		if err != nil {
			return temporaryCredentials{}, fmt.Errorf("the metadata service at %s did not answer (it is only reachable from a CVM instance): %w", endpoint, err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		if err != nil {
			return temporaryCredentials{}, fmt.Errorf("reading the metadata service's answer: %w", err)
		}
		if resp.StatusCode == http.StatusNotFound {
			return temporaryCredentials{}, fmt.Errorf("the instance has no CAM role %q (HTTP 404 from %s)", role, endpoint)
		}
		if resp.StatusCode != http.StatusOK {
			return temporaryCredentials{}, fmt.Errorf("the metadata service answered HTTP %s", resp.Status)
		}
		var answer struct {
			TmpSecretID  string `json:"TmpSecretId"`
			TmpSecretKey string `json:"TmpSecretKey"`
			Token        string `json:"Token"`
			ExpiredTime  int64  `json:"ExpiredTime"`
			Code         string `json:"Code"`
		}
		if err := json.Unmarshal(body, &answer); err != nil {
			return temporaryCredentials{}, fmt.Errorf("the metadata service's answer is not the expected JSON: %s", describeUndecodable(body, err))
		}
		if answer.Code != "Success" || answer.TmpSecretID == "" || answer.TmpSecretKey == "" || answer.Token == "" {
			return temporaryCredentials{}, fmt.Errorf("the metadata service gave no credentials for role %q (code %q)", role, answer.Code)
		}
		return temporaryCredentials{SecretID: answer.TmpSecretID, SecretKey: answer.TmpSecretKey, Token: answer.Token,
			Expiry: time.Unix(answer.ExpiredTime, 0)}, nil
	}
}

// assumeRoleOutput is STS AssumeRole's answer.
type assumeRoleOutput struct {
	responseStatus
	Credentials *struct {
		Token        string `json:"Token"`
		TmpSecretID  string `json:"TmpSecretId"`
		TmpSecretKey string `json:"TmpSecretKey"`
	} `json:"Credentials"`
	ExpiredTime int64 `json:"ExpiredTime"`
}

// stsCredentials assumes a role through STS with the base credentials of sts.
func (c *Client) stsCredentials(sts *serviceClient, role AssumeRole) func(ctx context.Context) (temporaryCredentials, error) {
	return func(ctx context.Context) (temporaryCredentials, error) {
		params := map[string]any{
			"RoleArn":         role.RoleARN,
			"RoleSessionName": role.SessionName,
			"DurationSeconds": role.SessionDuration,
		}
		if role.Policy != "" {
			params["Policy"] = role.Policy
		}
		if role.ExternalID != "" {
			params["ExternalId"] = role.ExternalID
		}
		out, err := call[assumeRoleOutput](ctx, c, sts, "AssumeRole", params)
		if err != nil {
			return temporaryCredentials{}, err
		}
		if out.Credentials == nil || out.Credentials.TmpSecretID == "" || out.Credentials.TmpSecretKey == "" || out.Credentials.Token == "" || out.ExpiredTime == 0 {
			return temporaryCredentials{}, errors.New("AssumeRole answered without credentials")
		}
		return temporaryCredentials{SecretID: out.Credentials.TmpSecretID, SecretKey: out.Credentials.TmpSecretKey,
			Token: out.Credentials.Token, Expiry: time.Unix(out.ExpiredTime, 0)}, nil
	}
}

// callerIdentity is who the credentials act as, from STS GetCallerIdentity.
type callerIdentity struct {
	responseStatus
	ARN       string `json:"Arn"`
	AccountID string `json:"AccountId"`
	UserID    string `json:"UserId"`
	Type      string `json:"Type"`
}

// callerIdentity asks STS who the client's credentials belong to.
func (c *Client) callerIdentity(ctx context.Context) (*callerIdentity, error) {
	return callService[callerIdentity](ctx, c, ServiceSTS, "GetCallerIdentity", struct{}{})
}
