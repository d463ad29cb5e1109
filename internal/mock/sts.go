package mock

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"time"
)

// This file serves STS (version 2018-08-13) on the same server as CDB: AssumeRole and
// GetCallerIdentity. STS calls pass the same gateway as CDB's (gateway.go: protocol, common
// parameters, version and action, region, host, signature with service "sts", token) and are
// recorded in Calls, but the rest of CDB's pipeline (pipeline.go: latency, faults, injected
// answers, quota, mutation) never touches an STS call, so a test of CDB retries is not upset by
// the provider's STS calls.

// STS answers, in the shapes the real API answers (and the SDK's RoleArnProvider reads).
type stsCredentials struct {
	Token        string `json:"Token"`
	TmpSecretId  string `json:"TmpSecretId"`
	TmpSecretKey string `json:"TmpSecretKey"`
}

type assumeRoleResponse struct {
	Response struct {
		Credentials stsCredentials `json:"Credentials"`
		ExpiredTime int64          `json:"ExpiredTime"` // Unix seconds
		Expiration  string         `json:"Expiration"`  // RFC 3339, UTC
		RequestId   string         `json:"RequestId"`
	} `json:"Response"`
}

type callerIdentityResponse struct {
	Response struct {
		Arn         string `json:"Arn"`
		AccountId   string `json:"AccountId"`
		UserId      string `json:"UserId"`
		PrincipalId string `json:"PrincipalId"`
		Type        string `json:"Type"`
		RequestId   string `json:"RequestId"`
	} `json:"Response"`
}

// serveSTS answers and records one STS call.
func (s *Server) serveSTS(w http.ResponseWriter, r *http.Request) {
	body, readErr := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBodyBytes))
	call := s.newCall(r, stsAPI)
	s.countSTSCall()
	answer, aerr := s.answerSTS(r, body, readErr, &call)
	if aerr != nil {
		call.ErrorCode, call.Reason = aerr.Code, aerr.reason
		answer = errorAnswer(aerr, call.RequestID)
	}
	s.record(call)
	writeJSON(w, answer)
}

// answerSTS passes an STS call through the gateway, then answers its action. It records in call
// the account the call acts as.
func (s *Server) answerSTS(r *http.Request, body []byte, readErr error, call *Call) (any, *apiError) {
	caller, aerr := s.checkGateway(r, body, readErr, stsAPI)
	if aerr != nil {
		return nil, aerr
	}
	call.AccountID, call.RoleARN = caller.accountID, caller.roleARN()
	if r.Header.Get("X-TC-Action") == actionAssumeRole {
		return s.assumeRole(caller, body, call.RequestID)
	}
	return s.callerIdentity(caller, body, call.RequestID)
}

// assumeRoleParams are AssumeRole's validated parameters, defaults not yet applied.
type assumeRoleParams struct {
	roleARN, sessionName, externalID string
	duration                         time.Duration // 0: the default
}

// parseAssumeRoleParams validates AssumeRole's parameters as the API does.
func parseAssumeRoleParams(body []byte) (assumeRoleParams, *apiError) {
	var p assumeRoleParams
	fields, aerr := actionFields(body, actionAssumeRole, "RoleArn", "RoleSessionName", "DurationSeconds", "Policy", "ExternalId")
	if aerr != nil {
		return p, aerr
	}
	var policy string
	strs := map[string]*string{"RoleArn": &p.roleARN, "RoleSessionName": &p.sessionName, "Policy": &policy, "ExternalId": &p.externalID}
	for _, name := range []string{"RoleArn", "RoleSessionName", "Policy", "ExternalId"} {
		if raw, ok := fields[name]; ok && !isNull(raw) {
			if err := json.Unmarshal(raw, strs[name]); err != nil {
				return p, newError(codeInvalidParameter, "The value type of parameter `%s` is not valid: it must be a String.", name)
			}
		}
	}
	for _, name := range []string{"RoleArn", "RoleSessionName"} {
		if *strs[name] == "" {
			return p, newError(codeMissingParameter, "The request is missing a required parameter `%s`.", name)
		}
	}
	if !roleARNPattern.MatchString(p.roleARN) {
		return p, newError(codeParamError,
			"The value of parameter `RoleArn` (`%s`) is not valid: it must be qcs::cam::uin/<account>:roleName/<name> or qcs::cam::uin/<account>:role/<role ID>.",
			p.roleARN)
	}
	if !sessionNamePattern.MatchString(p.sessionName) {
		return p, newError(codeParamError,
			"The value of parameter `RoleSessionName` (`%s`) is not valid: it must be 2 to 128 characters of letters, digits and =,.@_-.",
			p.sessionName)
	}
	if raw, ok := fields["DurationSeconds"]; ok && !isNull(raw) {
		v, ok := integer(raw)
		if !ok || v < 0 {
			return p, newError(codeInvalidParameter,
				"The value type of parameter `DurationSeconds` is not valid: it must be an unsigned Integer.")
		}
		if v > int64(maxSessionDuration/time.Second) {
			return p, newError(codeOverTimeError,
				"The value of parameter `DurationSeconds` (%d) is not valid: the maximum is %d seconds.", v, int64(maxSessionDuration/time.Second))
		}
		p.duration = time.Duration(v) * time.Second
	}
	if policy != "" {
		decoded, err := url.QueryUnescape(policy)
		var doc map[string]json.RawMessage
		if err != nil || json.Unmarshal([]byte(decoded), &doc) != nil {
			return p, newError(codeStrategyFormatError,
				"The value of parameter `Policy` is not valid: it must be a URL-encoded JSON policy document.")
		}
	}
	if p.externalID != "" && !externalIDPattern.MatchString(p.externalID) {
		return p, newError(codeParamError,
			"The value of parameter `ExternalId` is not valid: it must be 2 to 128 characters of letters, digits and =,.@:/_-.")
	}
	return p, nil
}

// assumeRole issues temporary credentials for a role the caller's account is trusted by.
func (s *Server) assumeRole(caller *principal, body []byte, requestID string) (any, *apiError) {
	p, aerr := parseAssumeRoleParams(body)
	if aerr != nil {
		return nil, aerr
	}
	principalUIN := caller.userUIN
	if caller.temp != nil {
		principalUIN = caller.temp.principalUIN
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.roles[p.roleARN]
	if r == nil {
		return nil, newError(codeRoleNotFound, "The role `%s` does not exist.", p.roleARN)
	}
	trusted := slices.Contains(r.TrustedAccounts, caller.accountID) ||
		(len(r.TrustedAccounts) == 0 && caller.accountID == r.AccountID)
	if !trusted {
		return nil, newError(codeUnauthorizedOperation,
			"You are not authorized to assume role `%s`: account %s is not a principal of its trust policy.", p.roleARN, caller.accountID)
	}
	if r.ExternalID != "" && p.externalID != r.ExternalID {
		return nil, newError(codeUnauthorizedOperation,
			"You are not authorized to assume role `%s`: the ExternalId does not meet the condition of its trust policy.", p.roleARN)
	}
	duration := p.duration
	if duration == 0 {
		duration = min(defaultSessionDuration, r.MaxDuration)
	}
	if duration > r.MaxDuration {
		return nil, newError(codeOverTimeError,
			"The value of parameter `DurationSeconds` (%d) is not valid: role `%s` allows sessions of at most %d seconds.",
			int64(duration/time.Second), p.roleARN, int64(r.MaxDuration/time.Second))
	}
	cred, err := s.issueLocked(r.AccountID, r.ARN, r.id, p.sessionName, principalUIN, duration)
	if err != nil {
		return nil, newError("InternalError.SystemError", "The credentials could not be made: %v.", err)
	}
	if s.stats.assumeRole == nil {
		s.stats.assumeRole = map[string]int{}
	}
	s.stats.assumeRole[r.ARN]++

	var resp assumeRoleResponse
	resp.Response.Credentials = stsCredentials{Token: cred.Token, TmpSecretId: cred.SecretID, TmpSecretKey: cred.SecretKey}
	resp.Response.ExpiredTime = cred.Expiration.Unix()
	resp.Response.Expiration = cred.Expiration.UTC().Format(time.RFC3339)
	resp.Response.RequestId = requestID
	return resp, nil
}

// callerIdentity answers who the caller is, in the API's own formats: a permanent key's user is
// "qcs::cam:<account>:uin/<user>" (type CAMUser), a role session
// "qcs::sts:<account>:assumed-role/<role ID>" (type CAMRole, user "<role ID>:<session>").
func (s *Server) callerIdentity(caller *principal, body []byte, requestID string) (any, *apiError) {
	if _, aerr := actionFields(body, actionCallerID); aerr != nil {
		return nil, aerr
	}
	var resp callerIdentityResponse
	r := &resp.Response
	r.AccountId, r.RequestId = caller.accountID, requestID
	if t := caller.temp; t != nil {
		r.Arn = "qcs::sts:" + t.accountID + ":assumed-role/" + t.roleID
		r.UserId = t.roleID + ":" + t.sessionName
		r.PrincipalId = t.principalUIN
		r.Type = "CAMRole"
	} else {
		r.Arn = "qcs::cam:" + caller.accountID + ":uin/" + caller.userUIN
		r.UserId = caller.userUIN
		r.PrincipalId = caller.userUIN
		r.Type = "CAMUser"
	}
	return resp, nil
}
