package mock

import "time"

// Default credentials the mock accepts when Options.Credentials is nil. They look like real
// Tencent Cloud keys so that code validating their shape treats them like real ones.
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

// Options configures a Server.
type Options struct {
	// Credentials maps SecretId to SecretKey; nil means {DefaultSecretID: DefaultSecretKey}.
	Credentials map[string]string
	// Now is the clock for the signature-expiry check; nil means time.Now.
	Now func() time.Time
}

// Call is what the mock recorded of one request, successful or not.
type Call struct {
	Host          string // r.Host exactly as received (with port, if any)
	Region        string // X-TC-Region
	Action        string // X-TC-Action
	Version       string // X-TC-Version
	SecretID      string // from the Authorization header, when it could be read
	Token         string // X-TC-Token
	RequestClient string // X-TC-RequestClient

	// Request parameters as parsed from the body; nil when absent or not an integer.
	InstanceID string
	Offset     *int64
	Limit      *int64

	// ErrorCode is "" on success, else the code answered. For an injected raw response it is the
	// code found in the body, or "HTTP <status>" when the body holds none and the status is not 200.
	ErrorCode string
	RequestID string
}

// Fixtures is the JSON document LoadFixtures reads: instances with their backups.
type Fixtures struct {
	Instances []FixtureInstance `json:"instances"`
}

// FixtureInstance is one instance of a fixtures file.
type FixtureInstance struct {
	Region     string   `json:"region"`
	InstanceID string   `json:"instance_id"`
	Backups    []Backup `json:"backups"`
}
