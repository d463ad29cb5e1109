package mock

import "fmt"

// apiError is a Tencent Cloud API error, answered with HTTP 200 in the API's error shape.
type apiError struct {
	Code    string
	Message string
	// reason says more than Message where the real API says less: which part of a signature did not
	// match. It is never answered; it goes to Call.Reason and Options.Logf.
	reason string

	fault         FaultKind // the random fault this error is, if any
	refused       bool      // answered by the quota
	limitTooLarge bool      // a Limit above the largest accepted (Stats.LimitTooLarge)
	// more InstanceIds than DescribeRollbackRangeTime takes (Stats.RollbackBatchTooLarge)
	rollbackBatchTooLarge bool
}

func newError(code, format string, args ...any) *apiError {
	return &apiError{Code: code, Message: fmt.Sprintf(format, args...)}
}

// signatureFailureMessage is the real API's whole message for a signature that does not match: it says
// nothing of which part was signed wrongly.
const signatureFailureMessage = "The provided credentials could not be validated. Please check your signature is correct."

// signatureFailure is the answer to a signature that does not match, with the real API's message; the
// mock's reason, in format and args, is kept for its own log.
func signatureFailure(format string, args ...any) *apiError {
	return &apiError{Code: codeSignatureFailure, Message: signatureFailureMessage, reason: fmt.Sprintf(format, args...)}
}

// Error codes the mock answers by itself. Their names are the real API's; the messages are
// written in the real API's style and name the offending parameter or header.
const (
	codeUnsupportedProtocol      = "UnsupportedProtocol"
	codeRequestSizeLimitExceeded = "RequestSizeLimitExceeded"
	codeMissingParameter         = "MissingParameter"
	codeUnknownParameter         = "UnknownParameter"
	codeInvalidParameter         = "InvalidParameter"
	codeInvalidParameterValue    = "InvalidParameterValue"
	codeInstanceNotFound         = "InvalidParameter.InstanceNotFound"
	codeInvalidAction            = "InvalidAction"
	codeNoSuchVersion            = "NoSuchVersion"
	codeUnsupportedRegion        = "UnsupportedRegion"
	codeInvalidAuthorization     = "AuthFailure.InvalidAuthorization"
	codeSecretIDNotFound         = "AuthFailure.SecretIdNotFound"
	codeSignatureExpire          = "AuthFailure.SignatureExpire"
	codeSignatureFailure         = "AuthFailure.SignatureFailure"
	codeRequestLimitExceeded     = "RequestLimitExceeded"
	codeTokenFailure             = "AuthFailure.TokenFailure"

	// DescribeBackupDecryptionKey's answer when there is no key to give: the SDK lists it among
	// that action's codes as "no such backup".
	codeDBRecordNotExist = "InternalError.DBRecordNotExistError"

	// The codes the SDK lists for an unknown instance in DescribeRemoteBackupConfig and
	// DescribeBackupEncryptionStatus; DescribeBackupConfig answers codeInstanceNotFound, and
	// DescribeLocalBinlogConfig codeDBRecordNotExist (backup_policy.go).
	codeCdbInstanceNotFound = "ResourceNotFound.CdbInstanceNotFoundError"
	codeInstanceQueryError  = "FailedOperation.InstanceQueryError"

	// STS's own codes, from its error list (tencentcloud-sdk-go sts/v20180813/errors.go).
	codeRoleNotFound          = "ResourceNotFound.RoleNotFound"
	codeUnauthorizedOperation = "UnauthorizedOperation"
	codeOverTimeError         = "InvalidParameter.OverTimeError"
	codeParamError            = "InvalidParameter.ParamError"
	codeStrategyFormatError   = "InvalidParameter.StrategyFormatError"
)

// What the mock serves, and the API's limits it enforces.
const (
	actionDescribeBackups = "DescribeBackups"
	actionDecryptionKey   = "DescribeBackupDecryptionKey"
	actionDescribeBinlogs = "DescribeBinlogs"
	supportedVersion      = "2017-03-20"
	supportedService      = "cdb"
	stsService            = "sts"
	stsVersion            = "2018-08-13"
	actionAssumeRole      = "AssumeRole"
	actionCallerID        = "GetCallerIdentity"
	signatureAlgorithm    = "TC3-HMAC-SHA256"
	signatureTerminator   = "tc3_request"
	maxClockSkewSeconds   = 300
	maxRequestBodyBytes   = 10 << 20 // the API's limit for a TC3-signed POST
	defaultLimit          = 20
)

// Bounds of the largest Limit DescribeBackups and DescribeBinlogs accept (Options.MaxLimit,
// SetMaxLimit).
const (
	// DefaultMaxLimit is the mock's default: the largest Limit Tencent Cloud's current API
	// reference gives for DescribeBackups and DescribeBinlogs ("maximum 1000").
	DefaultMaxLimit = 1000
	// SpecificationMaxLimit is the largest Limit the original specification page (DescribeBackups.md)
	// allows, for a mock that refuses what an API enforcing that page would refuse (Options.MaxLimit,
	// SetMaxLimit, tcmock -max-limit 100).
	SpecificationMaxLimit = 100
	// LargestMaxLimit is the largest bound a Server takes: far above any page the API answers.
	LargestMaxLimit = 1_000_000
)
