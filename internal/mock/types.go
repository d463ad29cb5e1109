package mock

import "time"

// Default credentials the mock accepts when Options.Credentials is nil, a key of the account
// DefaultAccountID. They look like real Tencent Cloud keys so that code validating their shape
// treats them like real ones.
const (
	DefaultSecretID  = "AKIDmockTcmock0000000000000000000000"
	DefaultSecretKey = "mockSecretKeyTcmock0000000000000"
)

// RemoteBackup is one cross-region copy of a backup (the API's RemoteBackupInfo).
type RemoteBackup struct {
	SubBackupId int64  `json:"SubBackupId"`
	Region      string `json:"Region"`
	Status      string `json:"Status"`
	StartTime   string `json:"StartTime"`
	FinishTime  string `json:"FinishTime"`
	Url         string `json:"Url"`
}

// Backup is one element of DescribeBackups' Items (the API's BackupInfo), every field of the
// current API under its API name. A nil RemoteInfo is answered as null, as the real API may do.
type Backup struct {
	BackupId         int64          `json:"BackupId"`
	Name             string         `json:"Name"`
	Size             int64          `json:"Size"`
	Date             string         `json:"Date"`
	IntranetUrl      string         `json:"IntranetUrl"`
	InternetUrl      string         `json:"InternetUrl"`
	Type             string         `json:"Type"`
	Status           string         `json:"Status"`
	FinishTime       string         `json:"FinishTime"`
	Creator          string         `json:"Creator"`
	StartTime        string         `json:"StartTime"`
	Method           string         `json:"Method"`
	Way              string         `json:"Way"`
	ManualBackupName string         `json:"ManualBackupName"`
	SaveMode         string         `json:"SaveMode"`
	Region           string         `json:"Region"`
	RemoteInfo       []RemoteBackup `json:"RemoteInfo"`
	CosStorageType   int64          `json:"CosStorageType"`
	InstanceId       string         `json:"InstanceId"`
	Progress         int64          `json:"Progress"`
	EncryptionFlag   string         `json:"EncryptionFlag"`
	ExecutedGTIDSet  string         `json:"ExecutedGTIDSet"`
	MD5              string         `json:"MD5"`
}

// Binlog is one element of DescribeBinlogs' Items (the API's BinlogInfo), every field of the
// current API under its API name. A binlog has no numeric ID: its Name identifies it. Times are
// Beijing time in the API's format; a RUNNING binlog's finish time is "0000-00-00 00:00:00". A
// nil RemoteInfo is answered as null, as the real API may do.
type Binlog struct {
	Name             string         `json:"Name"`
	Size             int64          `json:"Size"`
	Date             string         `json:"Date"`
	IntranetUrl      string         `json:"IntranetUrl"`
	InternetUrl      string         `json:"InternetUrl"`
	Type             string         `json:"Type"`
	BinlogStartTime  string         `json:"BinlogStartTime"`
	BinlogFinishTime string         `json:"BinlogFinishTime"`
	Region           string         `json:"Region"`
	Status           string         `json:"Status"`
	RemoteInfo       []RemoteBackup `json:"RemoteInfo"`
	CosStorageType   int64          `json:"CosStorageType"`
	InstanceId       string         `json:"InstanceId"`
	Progress         int64          `json:"Progress"`
}

// Options configures a Server. The zero value serves every call at once, without faults, quota,
// rendezvous or mutation, in pages of at most 1000 backups or binlogs and 2000 instances, up to
// 100 instances per DescribeRollbackRangeTime, without rollback lag. NewServer panics on invalid settings (a rate
// outside 0..1, a negative duration or count, an unknown fault kind, a MaxLimit or
// MaxRollbackInstances or MaxInstancesLimit out of range, an unknown ContainsMinStartTime reading, a RollbackLag that
// is not whole seconds): they are a test's mistake, not a condition to handle.
type Options struct {
	// Credentials maps SecretId to SecretKey, keys of the account DefaultAccountID; nil means
	// {DefaultSecretID: DefaultSecretKey}, and an empty map no key of that account at all.
	Credentials map[string]string
	// Accounts are more keys, each acting as its own account (see AddAccount).
	Accounts []Account
	// Roles are the roles STS AssumeRole issues credentials for (see AddRole).
	Roles []Role
	// TemporaryCredentialLifetime caps the lifetime of issued temporary credentials; 0 means
	// no cap (see SetTemporaryCredentialLifetime).
	TemporaryCredentialLifetime time.Duration
	// Now is the clock for the signature-expiry check and the expiry of temporary credentials;
	// nil means time.Now.
	Now func() time.Time

	// Clock drives the quota's token buckets, and dates the first backups mutation adds to an
	// instance that has none; nil means time.Now. It is apart from Now so that a test can step
	// the buckets with a fake clock while the SDK signs with the real time.
	Clock func() time.Time

	// Faults answers a random share of calls with a failure instead of their answer (see SetFaults).
	Faults FaultOptions
	// Mutation adds and expires backups while clients read (see SetMutation).
	Mutation MutationOptions
	// Quota is the call rate allowed per SecretId, in requests per second; 0 means no limit
	// (see SetQuota).
	Quota float64
	// QuotaPerAction holds the quota per SecretId and action, as Tencent Cloud counts it, instead
	// of one bucket per SecretId for every action (see SetQuotaPerAction).
	QuotaPerAction bool
	// Latency delays every API call before it is answered (see SetLatency).
	Latency time.Duration
	// MaxLimit is the largest Limit DescribeBackups and DescribeBinlogs accept; 0 means DefaultMaxLimit (1000, as
	// Tencent Cloud's current API reference says). SpecificationMaxLimit (100) is what the original specification
	// page allows. See SetMaxLimit.
	MaxLimit int64
	// ContainsMinStartTime is how DescribeBinlogs reads its ContainsMinStartTime parameter; "" means
	// ContainsMinStartTimeRunning. Neither reading is confirmed against the real API. See
	// SetContainsMinStartTime.
	ContainsMinStartTime ContainsMinStartTimeReading
	// MaxRollbackInstances is the most InstanceIds DescribeRollbackRangeTime takes in one call; 0
	// means DefaultMaxRollbackInstances (100, an assumption: the API's page states no maximum).
	// See SetMaxRollbackInstances.
	MaxRollbackInstances int
	// RollbackLag moves the end of the newest range DescribeRollbackRangeTime answers earlier, for
	// every instance without a lag or ranges of its own (see SetRollbackLag).
	RollbackLag time.Duration
	// MaxInstancesLimit is the largest Limit DescribeDBInstances accepts; 0 means
	// DefaultMaxInstancesLimit (2000, as the SDK documents). See SetMaxInstancesLimit.
	MaxInstancesLimit int64

	// CreateBackupDuration is how long a backup CreateBackup makes runs before it ends; 0 means
	// DefaultCreateBackupDuration (30s). SetCreateBackupDuration(0) makes them end at once.
	CreateBackupDuration time.Duration
	// CreateBackupFailure makes every backup CreateBackup makes end FAILED (see
	// SetCreateBackupFailureAll; SetCreateBackupFailure does it for one instance).
	CreateBackupFailure bool

	// Rendezvous holds CDB calls until enough of them are held at once, so that a test can prove
	// that a client sends them at the same time (see SetRendezvous); the zero value holds none.
	Rendezvous RendezvousOptions

	// Logf, when set, gets a line for every call recorded with a Reason (see Call.Reason): why a
	// signature did not match, which the answer does not say. It is called while the call is served.
	Logf func(format string, args ...any)
}

// Call is what the mock recorded of one API request (CDB or STS), successful or not. Requests to
// the metadata service are counted in Stats, not recorded.
type Call struct {
	Service       string // the service that answered: "cdb" or "sts"
	Host          string // r.Host exactly as received (with port, if any)
	Region        string // X-TC-Region
	Action        string // X-TC-Action
	Version       string // X-TC-Version
	SecretID      string // from the Authorization header, when it could be read
	Token         string // X-TC-Token
	RequestClient string // X-TC-RequestClient

	// AccountID is the account the call acted as once authenticated (a temporary key acts as its
	// role's account), and RoleARN the role of a temporary key; both "" when not authenticated.
	AccountID string
	RoleARN   string

	// Request parameters as parsed from the body; nil when absent or not an integer. Offset and
	// Limit are DescribeBackups' and DescribeBinlogs', BackupID DescribeBackupDecryptionKey's.
	InstanceID string
	Offset     *int64
	Limit      *int64
	BackupID   *int64
	// DescribeRollbackRangeTime's parameters as sent: InstanceIDs is a copy of InstanceIds (nil
	// when absent or not an array of strings; refused calls too, so a batch too large shows its
	// size), IsRemoteZone and BackupRegion "" when absent or not strings.
	InstanceIDs  []string
	IsRemoteZone string
	BackupRegion string
	// DescribeDBInstances' Tags (nil when absent or not an array of {Key, Value} strings);
	// DescribeDBInstances' and DescribeBackupSummaries' OrderBy and OrderDirection, and
	// DescribeBackupSummaries' Product, "" when absent or not strings. DescribeDBInstances'
	// InstanceIds are in InstanceIDs.
	Tags           []TagFilter
	OrderBy        string
	OrderDirection string
	Product        string

	// ErrorCode is "" on success, else the code answered. For an injected raw response it is the
	// code found in the body, or "HTTP <status>" when the body holds none and the status is not 200.
	// Random network faults record what the client got instead of an answer: "HTTP 502",
	// ErrorConnectionClosed or ErrorTruncatedAnswer; a call abandoned while it waited (latency
	// or stall) because the client went away or the server closed records ErrorCanceled.
	ErrorCode string
	RequestID string
	// Reason is what the mock knows of a refusal and its answer does not say, as the real API's does
	// not: which part of a signature did not match (AuthFailure.SignatureFailure); and how many
	// calls the rendezvous held when this one timed out (RendezvousTimeoutCode, whose answer says
	// so too). "" for the others. It is never sent to the client; Options.Logf gets it too.
	Reason string

	// Fault is the random fault injected into this call (Options.Faults), or "" for none.
	Fault FaultKind
}

// ErrorCode values of calls that got no API answer; none of them is an API error code.
const (
	ErrorConnectionClosed = "connection closed"
	ErrorTruncatedAnswer  = "truncated answer"
	ErrorCanceled         = "canceled"
)

// Fixtures is the JSON document ReadFixtures reads, and AddInstances adds to a Server: instances
// with their backups, binlogs, backup settings and rollback ranges or lag, and the regions'
// download restrictions.
type Fixtures struct {
	Instances []FixtureInstance `json:"instances"`
	// DownloadRestrictions is what DescribeBackupDownloadRestriction answers in a region; a
	// region without one answers DefaultDownloadRestriction. In a fixtures file each is an object
	// in the answer's shape, decoded onto the default field by field (DecodeDownloadRestriction).
	DownloadRestrictions DownloadRestrictions `json:"download_restrictions,omitempty"`
}

// DownloadRestrictions maps a region to its download restriction.
type DownloadRestrictions map[string]DownloadRestriction

// FixtureInstance is one instance of a fixtures file.
type FixtureInstance struct {
	Region     string   `json:"region"`
	InstanceID string   `json:"instance_id"`
	Backups    []Backup `json:"backups"`
	// Binlogs are the instance's binlogs, in any order (DescribeBinlogs answers them newest
	// first); an instance without them has none.
	Binlogs []Binlog `json:"binlogs,omitempty"`
	// DecryptionKeys sets the key DescribeBackupDecryptionKey answers for some of the encrypted
	// backups (EncryptionFlag "on"), by BackupId; the others get the key the mock derives
	// (Server.DecryptionKey). Keys live apart from Backups so that no answer of DescribeBackups
	// ever carries one.
	DecryptionKeys map[int64]string `json:"decryption_keys,omitempty"`

	// The instance's backup settings, answered by DescribeBackupConfig, DescribeRemoteBackupConfig,
	// DescribeLocalBinlogConfig and DescribeBackupEncryptionStatus; nil or "" is the default
	// (DefaultBackupPolicy for the instance's region). In a fixtures file each is an object in its
	// action's answer shape without RequestId, decoded onto the default field by field
	// (DecodeBackupConfig and the others), and BackupEncryptionStatus is "on" or "off".
	BackupConfig           *BackupConfig       `json:"backup_config,omitempty"`
	RemoteBackupConfig     *RemoteBackupConfig `json:"remote_backup_config,omitempty"`
	LocalBinlogConfig      *LocalBinlogConfig  `json:"local_binlog_config,omitempty"`
	BackupEncryptionStatus string              `json:"backup_encryption_status,omitempty"`

	// RollbackRanges, when not nil, is what DescribeRollbackRangeTime answers for the instance, as
	// it is, in place of the ranges derived from its backups and binlogs ([] answers none).
	// RollbackLagSeconds moves the end of the newest derived range earlier by this many seconds,
	// in place of the server's lag (Options.RollbackLag); 0 is no lag. They do not go together.
	RollbackRanges     []RollbackRange `json:"rollback_ranges,omitempty"`
	RollbackLagSeconds *int64          `json:"rollback_lag_seconds,omitempty"`

	// Databases are the instance's databases, each with its tables, which CreateBackup's
	// BackupDBTableList must name for a partial backup to succeed; nil derives them from the
	// instance ID and region (DefaultDatabases). In a fixtures file: {"db": ["t1", "t2"]}.
	Databases map[string][]string `json:"databases,omitempty"`

	// Instance is the instance's inventory, answered by DescribeDBInstances; nil derives it from
	// the instance ID and region (DefaultInstanceInfo, created before its oldest backup or
	// binlog). In a fixtures file it is an object in the API's InstanceInfo shape, decoded onto
	// that default field by field (DecodeInstanceInfo); InstanceId and Region may be left out.
	Instance *Instance `json:"instance,omitempty"`
}
