package mock

import (
	"cmp"
	"crypto/rand"
	"errors"
	"fmt"
	"hash/fnv"
	"regexp"
	"strconv"
	"time"
)

// This file holds who may call: accounts with their permanent keys, the roles STS lets them
// assume, the roles bound to the (one, imaginary) CVM instance, and the temporary keys issued for
// roles. A temporary key signs like a permanent one, but is valid only with its token in
// X-TC-Token and until it expires by the server clock (Options.Now), as the real API wants.

// DefaultAccountID is the account (root UIN) that the default credentials, Options.Credentials
// and the tcmock command's key belong to.
const DefaultAccountID = "100000000001"

// Account is one API key of a Tencent Cloud account.
type Account struct {
	// AccountID is the account's root UIN, digits only, e.g. "100000000002".
	AccountID string
	// UserUIN is the CAM user the key belongs to; "" means the root account itself.
	UserUIN string
	// SecretID and SecretKey are the key; the SecretId must not be in use already.
	SecretID  string
	SecretKey string
}

// Role is a CAM role that STS AssumeRole issues temporary credentials for.
type Role struct {
	// ARN names the role: "qcs::cam::uin/<account>:roleName/<name>" or
	// "qcs::cam::uin/<account>:role/<role ID>".
	ARN string
	// AccountID owns the role; "" means the account of the ARN, which it must match otherwise.
	AccountID string
	// TrustedAccounts may assume the role with their keys (or their temporary keys); empty means
	// the role's own account only.
	TrustedAccounts []string
	// ExternalID, when set, must be sent as AssumeRole's ExternalId.
	ExternalID string
	// MaxDuration is the longest session the role allows; 0 means the API's maximum, 12 hours.
	MaxDuration time.Duration
}

// TemporaryCredential is a temporary key issued for a role, by AssumeRole, the metadata service
// or IssueCredential. It is valid only with its Token sent in X-TC-Token, until Expiration.
type TemporaryCredential struct {
	SecretID   string
	SecretKey  string
	Token      string
	Expiration time.Time

	AccountID   string // the role's account, which calls made with the key act as
	RoleARN     string
	SessionName string
}

// Limits of STS and CAM the mock enforces.
const (
	defaultSessionDuration = 7200 * time.Second
	maxSessionDuration     = 43200 * time.Second
	// instanceRoleDuration is how long the metadata service's credentials last before the
	// lifetime cap (SetTemporaryCredentialLifetime) applies.
	instanceRoleDuration = 2 * time.Hour
	// instanceSessionName is the session name of instance role credentials: the imaginary
	// instance's ID.
	instanceSessionName = "ins-tcmock01"
	// firstRoleID is where CAM role IDs start (2^62); the mock derives one per role from its ARN.
	firstRoleID = 1 << 62
)

var (
	uinPattern         = regexp.MustCompile(`^[0-9]{5,20}$`)
	roleARNPattern     = regexp.MustCompile(`^qcs::cam::uin/([0-9]{5,20}):(roleName/([\w+=,.@-]{1,128})|role/([0-9]{1,20}))$`)
	roleNamePattern    = regexp.MustCompile(`^[\w+=,.@-]{1,128}$`)
	sessionNamePattern = regexp.MustCompile(`^[\w+=,.@-]{2,128}$`)
	externalIDPattern  = regexp.MustCompile(`^[\w+=,.@:/-]{2,128}$`)
)

// permanentKey is an API key of an account's user.
type permanentKey struct {
	secretKey string
	accountID string
	userUIN   string
}

// role is a role as added, normalized, with its ID.
type role struct {
	Role
	id string
}

// instanceRole is a role bound to the mock's CVM instance.
type instanceRole struct {
	name, accountID, arn, id string
}

// temporaryKey is an issued temporary key.
type temporaryKey struct {
	secretKey, token string
	expires          time.Time

	accountID, roleARN, roleID, sessionName string
	principalUIN                            string // who assumed the role: a user's UIN, or the account for an instance role
}

// principal is who signed a call: the user of a permanent key, or a role session of a temporary one.
type principal struct {
	secretID  string
	accountID string
	userUIN   string        // permanent keys only
	temp      *temporaryKey // nil for a permanent key
}

// roleARN is the role a call acts as, or "" for a permanent key.
func (p *principal) roleARN() string {
	if p == nil || p.temp == nil {
		return ""
	}
	return p.temp.roleARN
}

// AddAccount accepts one more permanent key, acting as its account. The default key (or
// Options.Credentials) stays accepted.
func (s *Server) AddAccount(a Account) error {
	switch {
	case !uinPattern.MatchString(a.AccountID):
		return fmt.Errorf("mock: account ID %q is not a UIN (5 to 20 digits)", a.AccountID)
	case a.UserUIN != "" && !uinPattern.MatchString(a.UserUIN):
		return fmt.Errorf("mock: user UIN %q is not a UIN (5 to 20 digits)", a.UserUIN)
	case a.SecretID == "" || a.SecretKey == "":
		return fmt.Errorf("mock: account %s needs both a SecretID and a SecretKey", a.AccountID)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, taken := s.keys[a.SecretID]; taken {
		return fmt.Errorf("mock: SecretId %s is already in use", a.SecretID)
	}
	if _, taken := s.temporary[a.SecretID]; taken {
		return fmt.Errorf("mock: SecretId %s is already in use", a.SecretID)
	}
	s.keys[a.SecretID] = permanentKey{secretKey: a.SecretKey, accountID: a.AccountID, userUIN: cmp.Or(a.UserUIN, a.AccountID)}
	return nil
}

// AddRole lets STS AssumeRole issue credentials for a role, or replaces the role of the same ARN.
// Credentials issued before stay valid until they expire.
func (s *Server) AddRole(r Role) error {
	m := roleARNPattern.FindStringSubmatch(r.ARN)
	if m == nil {
		return fmt.Errorf("mock: role ARN %q is not qcs::cam::uin/<account>:roleName/<name> or qcs::cam::uin/<account>:role/<role ID>", r.ARN)
	}
	owner := m[1]
	switch {
	case r.AccountID == "":
		r.AccountID = owner
	case r.AccountID != owner:
		return fmt.Errorf("mock: role %s belongs to account %s, not %s", r.ARN, owner, r.AccountID)
	}
	for _, id := range r.TrustedAccounts {
		if !uinPattern.MatchString(id) {
			return fmt.Errorf("mock: trusted account %q of role %s is not a UIN (5 to 20 digits)", id, r.ARN)
		}
	}
	if r.ExternalID != "" && !externalIDPattern.MatchString(r.ExternalID) {
		return fmt.Errorf("mock: external ID %q of role %s must be 2 to 128 characters of [\\w+=,.@:/-]", r.ExternalID, r.ARN)
	}
	if r.MaxDuration < 0 || r.MaxDuration > maxSessionDuration {
		return fmt.Errorf("mock: maximum session duration %s of role %s is not between 0 and %s", r.MaxDuration, r.ARN, maxSessionDuration)
	}
	if r.MaxDuration == 0 {
		r.MaxDuration = maxSessionDuration
	}
	r.TrustedAccounts = append([]string(nil), r.TrustedAccounts...)
	id := m[4]
	if id == "" {
		id = derivedRoleID(r.ARN)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.roles[r.ARN] = &role{Role: r, id: id}
	return nil
}

// AddInstanceRole binds a role to the mock's CVM instance: the metadata service lists it and
// issues credentials for it, acting as the role qcs::cam::uin/<accountID>:roleName/<name>. An
// empty accountID means DefaultAccountID. Adding a name again replaces its account.
func (s *Server) AddInstanceRole(name, accountID string) error {
	accountID = cmp.Or(accountID, DefaultAccountID)
	if !roleNamePattern.MatchString(name) {
		return fmt.Errorf("mock: instance role name %q must be 1 to 128 characters of [\\w+=,.@-]", name)
	}
	if !uinPattern.MatchString(accountID) {
		return fmt.Errorf("mock: account ID %q is not a UIN (5 to 20 digits)", accountID)
	}
	arn := "qcs::cam::uin/" + accountID + ":roleName/" + name
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, ir := range s.instanceRoles {
		if ir.name == name {
			s.instanceRoles[i] = instanceRole{name: name, accountID: accountID, arn: arn, id: derivedRoleID(arn)}
			return nil
		}
	}
	s.instanceRoles = append(s.instanceRoles, instanceRole{name: name, accountID: accountID, arn: arn, id: derivedRoleID(arn)})
	return nil
}

// SetTemporaryCredentialLifetime caps the lifetime of every temporary credential issued from now
// on (AssumeRole, the metadata service, IssueCredential), whatever DurationSeconds asks: tests
// set a few seconds to see credentials expire. 0 removes the cap. The answers' ExpiredTime and
// Expiration tell the capped expiry, as a client needs to know it.
func (s *Server) SetTemporaryCredentialLifetime(d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("mock: temporary credential lifetime %s is negative", d)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lifetimeCap = d
	return nil
}

// IssueCredential issues temporary credentials for a role added with AddRole, as AssumeRole
// would, without a call and without trust checks: for tests that need a temporary key. A
// duration of 0 means AssumeRole's default, 2 hours; the lifetime cap applies. It does not
// count as an AssumeRole call.
func (s *Server) IssueCredential(roleARN, sessionName string, duration time.Duration) (TemporaryCredential, error) {
	if !sessionNamePattern.MatchString(sessionName) {
		return TemporaryCredential{}, fmt.Errorf("mock: session name %q must be 2 to 128 characters of [\\w+=,.@-]", sessionName)
	}
	if duration < 0 || duration > maxSessionDuration {
		return TemporaryCredential{}, fmt.Errorf("mock: duration %s is not between 0 and %s", duration, maxSessionDuration)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.roles[roleARN]
	if r == nil {
		return TemporaryCredential{}, fmt.Errorf("mock: role %s was not added", roleARN)
	}
	return s.issueLocked(r.AccountID, r.ARN, r.id, sessionName, r.AccountID, cmp.Or(duration, defaultSessionDuration))
}

// issueLocked makes and keeps a temporary key. The caller holds s.mu.
func (s *Server) issueLocked(accountID, roleARN, roleID, sessionName, principalUIN string, duration time.Duration) (TemporaryCredential, error) {
	if s.lifetimeCap > 0 {
		duration = min(duration, s.lifetimeCap)
	}
	var secretID, secretKey, token string
	for {
		var err error
		secretID, err = randomString("AKID", 32)
		if err != nil {
			return TemporaryCredential{}, err
		}
		_, permanent := s.keys[secretID]
		_, temporary := s.temporary[secretID]
		if !permanent && !temporary {
			break
		}
	}
	secretKey, err := randomString("", 32)
	if err != nil {
		return TemporaryCredential{}, err
	}
	token, err = randomString("", 160)
	if err != nil {
		return TemporaryCredential{}, err
	}
	expires := s.now().Add(duration)
	s.temporary[secretID] = &temporaryKey{
		secretKey: secretKey, token: token, expires: expires,
		accountID: accountID, roleARN: roleARN, roleID: roleID, sessionName: sessionName, principalUIN: principalUIN,
	}
	return TemporaryCredential{
		SecretID: secretID, SecretKey: secretKey, Token: token, Expiration: expires,
		AccountID: accountID, RoleARN: roleARN, SessionName: sessionName,
	}, nil
}

// lookupKey finds the key of a SecretId: permanent, temporary, or neither.
func (s *Server) lookupKey(secretID string) (secretKey string, p *principal, found bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if k, ok := s.keys[secretID]; ok {
		return k.secretKey, &principal{secretID: secretID, accountID: k.accountID, userUIN: k.userUIN}, true
	}
	if t, ok := s.temporary[secretID]; ok {
		return t.secretKey, &principal{secretID: secretID, accountID: t.accountID, temp: t}, true
	}
	return "", nil, false
}

// checkToken enforces X-TC-Token once a signature is verified: a temporary key needs its own
// token and must not have expired; a permanent key must come without one. Every refusal is
// AuthFailure.TokenFailure.
func (s *Server) checkToken(p *principal, token string) *apiError {
	if p.temp == nil {
		if token != "" {
			return newError(codeTokenFailure,
				"The token is invalid: SecretId `%s` is a permanent key, and X-TC-Token is sent only with temporary credentials.", p.secretID)
		}
		return nil
	}
	switch now := s.now(); {
	case token == "":
		return newError(codeTokenFailure,
			"The token is missing: SecretId `%s` is a temporary key, valid only with its token in X-TC-Token.", p.secretID)
	case token != p.temp.token:
		return newError(codeTokenFailure,
			"The token is invalid: the X-TC-Token sent is not the token issued with SecretId `%s`.", p.secretID)
	case !now.Before(p.temp.expires):
		return newError(codeTokenFailure,
			"The token has expired: the temporary credentials of SecretId `%s` expired at %s (server time %s). Request new credentials.",
			p.secretID, p.temp.expires.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	}
	return nil
}

// derivedRoleID gives a role named by its name a stable ID shaped like CAM's.
func derivedRoleID(arn string) string {
	h := fnv.New64a()
	_, _ = h.Write([]byte(arn))
	return strconv.FormatUint(firstRoleID+h.Sum64()%100_000_000, 10)
}

// randomString returns prefix and n random letters and digits.
func randomString(prefix string, n int) (string, error) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	buf := make([]byte, n)
	if _, err := rand.Read(buf); err != nil {
		return "", errors.Join(errors.New("mock: no randomness for a temporary key"), err)
	}
	for i, b := range buf {
		buf[i] = alphabet[int(b)%len(alphabet)]
	}
	return prefix + string(buf), nil
}
