// The CDB API's calls: DescribeBackups, DescribeBinlogs and DescribeBackupDecryptionKey, each a thin use of the
// client's generic call.

package tencentcloud

import "context"

// InstancePage is one page request of a list action over one instance's items, the parameters every CDB list
// action takes.
type InstancePage struct {
	InstanceID string `json:"InstanceId"`
	Offset     int64  `json:"Offset"`
	// Limit is the page size, 1 to 1000; 0 asks for the largest page the API accepts (pagesize.go).
	Limit int64 `json:"Limit"`
}

// withLimit is the page request with the Limit the client chose.
func (p InstancePage) withLimit(limit int64) InstancePage {
	p.Limit = limit
	return p
}

// DescribeBackupsInput is one page request of DescribeBackups.
type DescribeBackupsInput = InstancePage

// StoredFile is what the API says of every file it stores, a backup's or a binlog's, under the same names.
type StoredFile struct {
	Name        *string `json:"Name"`
	Size        *int64  `json:"Size"`
	Date        *string `json:"Date"`
	IntranetURL *string `json:"IntranetUrl"`
	InternetURL *string `json:"InternetUrl"`
	Type        *string `json:"Type"`
}

// DescribeBackupsOutput is one page of DescribeBackups.
type DescribeBackupsOutput = Page[BackupInfo]

// BackupInfo is one backup, with every field of the current API (the SDK's typed cdb package lacks MD5).
type BackupInfo struct {
	StoredFile
	BackupID         *int64              `json:"BackupId"`
	Status           *string             `json:"Status"`
	FinishTime       *string             `json:"FinishTime"`
	Creator          *string             `json:"Creator"`
	StartTime        *string             `json:"StartTime"`
	Method           *string             `json:"Method"`
	Way              *string             `json:"Way"`
	ManualBackupName *string             `json:"ManualBackupName"`
	SaveMode         *string             `json:"SaveMode"`
	Region           *string             `json:"Region"`
	RemoteInfo       []*RemoteBackupInfo `json:"RemoteInfo"`
	CosStorageType   *int64              `json:"CosStorageType"`
	InstanceID       *string             `json:"InstanceId"`
	Progress         *int64              `json:"Progress"`
	EncryptionFlag   *string             `json:"EncryptionFlag"`
	ExecutedGTIDSet  *string             `json:"ExecutedGTIDSet"`
	MD5              *string             `json:"MD5"`
}

// RemoteBackupInfo is one cross-region copy of a backup.
type RemoteBackupInfo struct {
	SubBackupID *int64  `json:"SubBackupId"`
	Region      *string `json:"Region"`
	Status      *string `json:"Status"`
	StartTime   *string `json:"StartTime"`
	FinishTime  *string `json:"FinishTime"`
	URL         *string `json:"Url"`
}

// DescribeBackups fetches one page of an instance's backups.
func (c *Client) DescribeBackups(ctx context.Context, in DescribeBackupsInput) (*DescribeBackupsOutput, error) {
	return callPage[BackupInfo](ctx, c, ServiceCDB, "DescribeBackups", in.Limit, func(limit int64) any {
		return in.withLimit(limit)
	})
}

// DescribeBackupDecryptionKeyInput asks for the key of one encrypted backup file.
type DescribeBackupDecryptionKeyInput struct {
	InstanceID string
	BackupID   int64
	// BackupType is "data" (a backup) or "binlog"; empty asks for the API's default, data.
	BackupType string
}

// DescribeBackupDecryptionKeyOutput holds the key of an encrypted backup file: a secret, never to be logged.
type DescribeBackupDecryptionKeyOutput struct {
	responseStatus
	DecryptionKey *string `json:"DecryptionKey"`
}

// DescribeBackupDecryptionKey fetches the key that decrypts an encrypted backup file.
func (c *Client) DescribeBackupDecryptionKey(ctx context.Context, in DescribeBackupDecryptionKeyInput) (*DescribeBackupDecryptionKeyOutput, error) {
	params := struct {
		InstanceID string `json:"InstanceId"`
		BackupID   int64  `json:"BackupId"`
		BackupType string `json:"BackupType,omitempty"`
	}{in.InstanceID, in.BackupID, in.BackupType}
	return callService[DescribeBackupDecryptionKeyOutput](ctx, c, ServiceCDB, "DescribeBackupDecryptionKey", params)
}

// DescribeBinlogsInput is one page request of DescribeBinlogs, with its window on a binlog's start time.
type DescribeBinlogsInput struct {
	InstancePage
	// MinStartTime and MaxStartTime bound a binlog's start time, in the API's format (Beijing time,
	// "2006-01-02 15:04:05"); empty leaves that side open. ContainsMinStartTime also keeps the binlog that is
	// being written at MinStartTime, which started before it.
	MinStartTime, MaxStartTime string
	ContainsMinStartTime       bool
}

// DescribeBinlogsOutput is one page of DescribeBinlogs.
type DescribeBinlogsOutput = Page[BinlogInfo]

// BinlogInfo is one binlog file. It has no numeric ID: its Name identifies it.
type BinlogInfo struct {
	StoredFile
	BinlogStartTime  *string             `json:"BinlogStartTime"`
	BinlogFinishTime *string             `json:"BinlogFinishTime"`
	Region           *string             `json:"Region"`
	Status           *string             `json:"Status"`
	RemoteInfo       []*RemoteBackupInfo `json:"RemoteInfo"`
	CosStorageType   *int64              `json:"CosStorageType"`
	InstanceID       *string             `json:"InstanceId"`
	Progress         *int64              `json:"Progress"`
}

// DescribeBinlogs fetches one page of an instance's binlogs.
func (c *Client) DescribeBinlogs(ctx context.Context, in DescribeBinlogsInput) (*DescribeBinlogsOutput, error) {
	return callPage[BinlogInfo](ctx, c, ServiceCDB, "DescribeBinlogs", in.Limit, func(limit int64) any {
		return struct {
			InstancePage
			MinStartTime         string `json:"MinStartTime,omitempty"`
			MaxStartTime         string `json:"MaxStartTime,omitempty"`
			ContainsMinStartTime bool   `json:"ContainsMinStartTime,omitempty"`
		}{in.withLimit(limit), in.MinStartTime, in.MaxStartTime, in.ContainsMinStartTime}
	})
}
