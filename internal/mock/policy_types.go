package mock

// This file holds the settings the backup policy actions answer, each in the API's JSON shape
// under the API's own field names (tencentcloud-sdk-go cdb/v20170320 models.go), as types.go
// does for backups. A nil slice is answered as null, as the real API may answer it; the
// defaults (policy_defaults.go) hold empty slices, answered as [].

// CommonTimeWindow is BackupConfig's BackupTimeWindow: the window of each weekday's automatic
// backup ("02:00-06:00"; "" for a day without one), whether backups are weekly or monthly, and
// for monthly backups the days of the month and their window.
type CommonTimeWindow struct {
	Monday               string  `json:"Monday"`
	Tuesday              string  `json:"Tuesday"`
	Wednesday            string  `json:"Wednesday"`
	Thursday             string  `json:"Thursday"`
	Friday               string  `json:"Friday"`
	Saturday             string  `json:"Saturday"`
	Sunday               string  `json:"Sunday"`
	BackupPeriodStrategy string  `json:"BackupPeriodStrategy"`
	Days                 []int64 `json:"Days"`
	BackupPeriodTime     string  `json:"BackupPeriodTime"`
}

// BackupConfig is DescribeBackupConfig's answer without RequestId: an instance's automatic
// backups, their retention, periodic retention, archive and standard storage. StartTimeMin and
// StartTimeMax (deprecated in the API for BackupTimeWindow) are not settings of their own: the
// mock answers the start and end hours of the backup window (backupWindowHours).
type BackupConfig struct {
	StartTimeMin              int64            `json:"StartTimeMin"`
	StartTimeMax              int64            `json:"StartTimeMax"`
	BackupExpireDays          int64            `json:"BackupExpireDays"`
	BackupMethod              string           `json:"BackupMethod"`
	BinlogExpireDays          int64            `json:"BinlogExpireDays"`
	BackupTimeWindow          CommonTimeWindow `json:"BackupTimeWindow"`
	EnableBackupPeriodSave    string           `json:"EnableBackupPeriodSave"`
	BackupPeriodSaveDays      int64            `json:"BackupPeriodSaveDays"`
	BackupPeriodSaveInterval  string           `json:"BackupPeriodSaveInterval"`
	BackupPeriodSaveCount     int64            `json:"BackupPeriodSaveCount"`
	StartBackupPeriodSaveDate string           `json:"StartBackupPeriodSaveDate"`
	EnableBackupArchive       string           `json:"EnableBackupArchive"`
	BackupArchiveDays         int64            `json:"BackupArchiveDays"`
	EnableBinlogArchive       string           `json:"EnableBinlogArchive"`
	BinlogArchiveDays         int64            `json:"BinlogArchiveDays"`
	EnableBackupStandby       string           `json:"EnableBackupStandby"`
	BackupStandbyDays         int64            `json:"BackupStandbyDays"`
	EnableBinlogStandby       string           `json:"EnableBinlogStandby"`
	BinlogStandbyDays         int64            `json:"BinlogStandbyDays"`
}

// RemoteBackupConfig is DescribeRemoteBackupConfig's answer without RequestId: cross-region
// backups, the regions they go to (RemoteRegion) and the regions the instance may choose from
// (RegionList).
type RemoteBackupConfig struct {
	ExpireDays       int64    `json:"ExpireDays"`
	RemoteBackupSave string   `json:"RemoteBackupSave"`
	RemoteBinlogSave string   `json:"RemoteBinlogSave"`
	RemoteRegion     []string `json:"RemoteRegion"`
	RegionList       []string `json:"RegionList"`
}

// LocalBinlogRetention is how long an instance keeps its binlogs on its own disk: SaveHours, up to
// a share of the disk, MaxUsage (percent). It is the API's LocalBinlogConfig and
// LocalBinlogConfigDefault, which have the same fields.
type LocalBinlogRetention struct {
	SaveHours int64 `json:"SaveHours"`
	MaxUsage  int64 `json:"MaxUsage"`
}

// LocalBinlogConfig is DescribeLocalBinlogConfig's answer without RequestId: the instance's
// retention of local binlogs, and the region's default.
type LocalBinlogConfig struct {
	LocalBinlogConfig        LocalBinlogRetention `json:"LocalBinlogConfig"`
	LocalBinlogConfigDefault LocalBinlogRetention `json:"LocalBinlogConfigDefault"`
}

// BackupPolicy is what the mock answers for an instance's backup settings: DescribeBackupConfig
// (Config), DescribeRemoteBackupConfig (Remote), DescribeLocalBinlogConfig (LocalBinlog) and
// DescribeBackupEncryptionStatus (EncryptionStatus, "on" or "off"). DefaultBackupPolicy gives
// a new instance's.
type BackupPolicy struct {
	Config           BackupConfig
	Remote           RemoteBackupConfig
	LocalBinlog      LocalBinlogConfig
	EncryptionStatus string
}

// BackupLimitVpcItem is one element of DownloadRestriction's LimitVpc: VPCs of a region from
// which backups may be downloaded.
type BackupLimitVpcItem struct {
	Region  string   `json:"Region"`
	VpcList []string `json:"VpcList"`
}

// DownloadRestriction is DescribeBackupDownloadRestriction's answer without RequestId: where a
// region's backups may be downloaded from. LimitVpc and LimitIp apply only when LimitType is
// "Customize".
type DownloadRestriction struct {
	LimitType           string               `json:"LimitType"`
	VpcComparisonSymbol string               `json:"VpcComparisonSymbol"`
	IpComparisonSymbol  string               `json:"IpComparisonSymbol"`
	LimitVpc            []BackupLimitVpcItem `json:"LimitVpc"`
	LimitIp             []string             `json:"LimitIp"`
}
