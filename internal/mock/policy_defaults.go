package mock

import "slices"

// The settings of an instance (and a region) nobody has changed: what the backup policy actions
// answer for an instance with no settings of its own. They are all here, so that a test and a
// reader find them in one place. Each says where it comes from:
//
//   - "SDK default": the default tencentcloud-sdk-go cdb v20170320 (models.go) documents for the
//     field, in DescribeBackupConfig's answer or in the Modify action that sets it;
//   - "SDK minimum": the documented minimum of the field, taken as the value of a setting that
//     is off and has no documented default;
//   - "SDK example": the example the field's documentation gives;
//   - "assumption": the mock's own choice where the SDK documents nothing; what a new instance
//     shows in Tencent Cloud's console, as far as known, not confirmed against the real API.

// DefaultBackupPolicy returns the backup settings of a new instance in region.
func DefaultBackupPolicy(region string) BackupPolicy {
	return BackupPolicy{
		Config: BackupConfig{
			StartTimeMin:     2,          // the hours of the window below (SDK example: 2 and 6)
			StartTimeMax:     6,          //
			BackupExpireDays: 7,          // SDK minimum (ModifyBackupConfig: 7-1830 days)
			BackupMethod:     "physical", // assumption: the only method ModifyBackupConfig takes
			BinlogExpireDays: 7,          // SDK minimum (ModifyBackupConfig: 7-3650 days)
			BackupTimeWindow: CommonTimeWindow{
				Monday:               defaultWindow, // assumption: the SDK example, every day
				Tuesday:              defaultWindow,
				Wednesday:            defaultWindow,
				Thursday:             defaultWindow,
				Friday:               defaultWindow,
				Saturday:             defaultWindow,
				Sunday:               defaultWindow,
				BackupPeriodStrategy: "weekly",  // SDK default
				Days:                 []int64{}, // assumption: no days, as backups are weekly
				BackupPeriodTime:     "",        // assumption: required only for monthly backups
			},
			EnableBackupPeriodSave:    "off",     // SDK default
			BackupPeriodSaveDays:      1080,      // SDK default
			BackupPeriodSaveInterval:  "monthly", // SDK default
			BackupPeriodSaveCount:     1,         // SDK default
			StartBackupPeriodSaveDate: "",        // assumption: no period save, no start date
			EnableBackupArchive:       "off",     // SDK default
			BackupArchiveDays:         180,       // SDK minimum
			EnableBinlogArchive:       "off",     // SDK default
			BinlogArchiveDays:         180,       // SDK minimum
			EnableBackupStandby:       "off",     // SDK default
			BackupStandbyDays:         30,        // SDK minimum
			EnableBinlogStandby:       "off",     // SDK default
			BinlogStandbyDays:         30,        // SDK minimum
		},
		Remote: RemoteBackupConfig{
			ExpireDays:       7,                     // assumption: as BackupExpireDays
			RemoteBackupSave: "off",                 // assumption: cross-region backup is an option to turn on
			RemoteBinlogSave: "off",                 // assumption: as RemoteBackupSave
			RemoteRegion:     []string{},            // assumption: none chosen
			RegionList:       remoteRegions(region), // assumption: see remoteRegionChoices
		},
		LocalBinlog: LocalBinlogConfig{
			LocalBinlogConfig:        LocalBinlogRetention{SaveHours: 120, MaxUsage: 30}, // SaveHours: SDK default; MaxUsage: SDK minimum
			LocalBinlogConfigDefault: LocalBinlogRetention{SaveHours: 120, MaxUsage: 30}, // the same, as the region's default
		},
		EncryptionStatus: "off", // assumption: encryption is an option to turn on
	}
}

// DefaultDownloadRestriction returns the download restriction of a region nobody has set one for.
func DefaultDownloadRestriction() DownloadRestriction {
	return DownloadRestriction{
		LimitType:           limitNone, // assumption: no restriction until one is set
		VpcComparisonSymbol: "In",      // SDK default (ModifyBackupDownloadRestriction)
		IpComparisonSymbol:  "In",      // SDK default (ModifyBackupDownloadRestriction)
		LimitVpc:            []BackupLimitVpcItem{},
		LimitIp:             []string{},
	}
}

// defaultWindow is the backup window of every weekday by default.
const defaultWindow = "02:00-06:00"

// remoteRegionChoices are the regions RegionList offers by default, less the instance's own: a
// plausible list of mainland China regions (assumption: the SDK documents no list, and the real
// one depends on the account and the region). The mock offers it in every region.
var remoteRegionChoices = []string{"ap-guangzhou", "ap-shanghai", "ap-beijing", "ap-chengdu", "ap-chongqing", "ap-nanjing"}

// remoteRegions returns remoteRegionChoices without region, never nil.
func remoteRegions(region string) []string {
	return slices.DeleteFunc(slices.Clone(remoteRegionChoices), func(r string) bool { return r == region })
}
