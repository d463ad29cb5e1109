// The CDB API's backup settings: an instance's backup policy, read with four actions at once, and the region's
// restriction on where backups may be downloaded from.

package tencentcloud

import (
	"context"
	"sync"
)

// BackupConfig is DescribeBackupConfig's answer: retention, method, window, period save, archive and standard
// storage of an instance's backups.
type BackupConfig struct {
	StartTimeMin              *int64            `json:"StartTimeMin"` // deprecated: BackupTimeWindow says it
	StartTimeMax              *int64            `json:"StartTimeMax"` // deprecated: BackupTimeWindow says it
	BackupExpireDays          *int64            `json:"BackupExpireDays"`
	BackupMethod              *string           `json:"BackupMethod"`
	BinlogExpireDays          *int64            `json:"BinlogExpireDays"`
	BackupTimeWindow          *CommonTimeWindow `json:"BackupTimeWindow"`
	EnableBackupPeriodSave    *string           `json:"EnableBackupPeriodSave"`
	BackupPeriodSaveDays      *int64            `json:"BackupPeriodSaveDays"`
	BackupPeriodSaveInterval  *string           `json:"BackupPeriodSaveInterval"`
	BackupPeriodSaveCount     *int64            `json:"BackupPeriodSaveCount"`
	StartBackupPeriodSaveDate *string           `json:"StartBackupPeriodSaveDate"`
	EnableBackupArchive       *string           `json:"EnableBackupArchive"`
	BackupArchiveDays         *int64            `json:"BackupArchiveDays"`
	EnableBinlogArchive       *string           `json:"EnableBinlogArchive"`
	BinlogArchiveDays         *int64            `json:"BinlogArchiveDays"`
	EnableBackupStandby       *string           `json:"EnableBackupStandby"`
	BackupStandbyDays         *int64            `json:"BackupStandbyDays"`
	EnableBinlogStandby       *string           `json:"EnableBinlogStandby"`
	BinlogStandbyDays         *int64            `json:"BinlogStandbyDays"`
}

// CommonTimeWindow is when automatic backups run: a window per weekday, or days of the month and one window.
type CommonTimeWindow struct {
	Monday               *string  `json:"Monday"`
	Tuesday              *string  `json:"Tuesday"`
	Wednesday            *string  `json:"Wednesday"`
	Thursday             *string  `json:"Thursday"`
	Friday               *string  `json:"Friday"`
	Saturday             *string  `json:"Saturday"`
	Sunday               *string  `json:"Sunday"`
	BackupPeriodStrategy *string  `json:"BackupPeriodStrategy"`
	Days                 []*int64 `json:"Days"`
	BackupPeriodTime     *string  `json:"BackupPeriodTime"`
}

// RemoteBackupConfig is DescribeRemoteBackupConfig's answer: the instance's cross-region copies.
type RemoteBackupConfig struct {
	ExpireDays       *int64    `json:"ExpireDays"`
	RemoteBackupSave *string   `json:"RemoteBackupSave"`
	RemoteBinlogSave *string   `json:"RemoteBinlogSave"`
	RemoteRegion     []*string `json:"RemoteRegion"`
	RegionList       []*string `json:"RegionList"`
}

// LocalBinlogConfigs is DescribeLocalBinlogConfig's answer: how long binlogs stay on the instance's own disk,
// and the region's default.
type LocalBinlogConfigs struct {
	LocalBinlogConfig        *LocalBinlogConfig `json:"LocalBinlogConfig"`
	LocalBinlogConfigDefault *LocalBinlogConfig `json:"LocalBinlogConfigDefault"`
}

// LocalBinlogConfig is a retention of binlogs on the instance's disk.
type LocalBinlogConfig struct {
	SaveHours *int64 `json:"SaveHours"`
	MaxUsage  *int64 `json:"MaxUsage"`
}

// BackupEncryptionStatus is DescribeBackupEncryptionStatus's answer.
type BackupEncryptionStatus struct {
	EncryptionStatus *string `json:"EncryptionStatus"`
}

// BackupPolicy is an instance's backup policy: the answers of the four actions that describe it.
type BackupPolicy struct {
	BackupConfig
	RemoteBackupConfig
	LocalBinlogConfigs
	BackupEncryptionStatus
}

type (
	describeBackupConfigOutput struct {
		responseStatus
		BackupConfig
	}
	describeRemoteBackupConfigOutput struct {
		responseStatus
		RemoteBackupConfig
	}
	describeLocalBinlogConfigOutput struct {
		responseStatus
		LocalBinlogConfigs
	}
	describeBackupEncryptionStatusOutput struct {
		responseStatus
		BackupEncryptionStatus
	}
)

// DescribeBackupPolicy reads an instance's backup policy with DescribeBackupConfig, DescribeRemoteBackupConfig,
// DescribeLocalBinlogConfig and DescribeBackupEncryptionStatus, sent at once: each action has its own quota and
// rate limiter. When calls fail, the error is the first failure in that order, whichever came first, so that one
// cause gives one error.
func (c *Client) DescribeBackupPolicy(ctx context.Context, instanceID string) (*BackupPolicy, error) {
	params := struct {
		InstanceID string `json:"InstanceId"`
	}{instanceID}
	var p BackupPolicy
	err := concurrently(
		answerPart(ctx, c, "DescribeBackupConfig", params, &p.BackupConfig,
			func(o *describeBackupConfigOutput) BackupConfig { return o.BackupConfig }),
		answerPart(ctx, c, "DescribeRemoteBackupConfig", params, &p.RemoteBackupConfig,
			func(o *describeRemoteBackupConfigOutput) RemoteBackupConfig { return o.RemoteBackupConfig }),
		answerPart(ctx, c, "DescribeLocalBinlogConfig", params, &p.LocalBinlogConfigs,
			func(o *describeLocalBinlogConfigOutput) LocalBinlogConfigs { return o.LocalBinlogConfigs }),
		answerPart(ctx, c, "DescribeBackupEncryptionStatus", params, &p.BackupEncryptionStatus,
			func(o *describeBackupEncryptionStatusOutput) BackupEncryptionStatus { return o.BackupEncryptionStatus }),
	)
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// answerPart is a CDB call of action whose answer (an output O) gives the part pick takes of it to *dst, for
// concurrently.
func answerPart[O, P any](ctx context.Context, c *Client, action string, params any, dst *P, pick func(*O) P) func() error {
	return func() error {
		out, err := callService[O](ctx, c, ServiceCDB, action, params)
		if err == nil {
			*dst = pick(out)
		}
		return err
	}
}

// concurrently runs the calls at once and waits for all of them: the error is that of the first call, in the
// order given, that failed.
func concurrently(calls ...func() error) error {
	errs := make([]error, len(calls))
	var wg sync.WaitGroup
	for i, call := range calls {
		wg.Go(func() { errs[i] = call() })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// DownloadRestriction is DescribeBackupDownloadRestriction's answer: where the region's backups may be downloaded
// from.
type DownloadRestriction struct {
	LimitType           *string               `json:"LimitType"`
	VpcComparisonSymbol *string               `json:"VpcComparisonSymbol"`
	IPComparisonSymbol  *string               `json:"IpComparisonSymbol"`
	LimitVpc            []*BackupLimitVpcItem `json:"LimitVpc"`
	LimitIP             []*string             `json:"LimitIp"`
}

// BackupLimitVpcItem is the VPCs of one region that may download backups.
type BackupLimitVpcItem struct {
	Region  *string   `json:"Region"`
	VpcList []*string `json:"VpcList"`
}

type describeBackupDownloadRestrictionOutput struct {
	responseStatus
	DownloadRestriction
}

// DescribeBackupDownloadRestriction reads the region's restriction on where backups may be downloaded from.
func (c *Client) DescribeBackupDownloadRestriction(ctx context.Context) (*DownloadRestriction, error) {
	out, err := callService[describeBackupDownloadRestrictionOutput](ctx, c, ServiceCDB, "DescribeBackupDownloadRestriction", struct{}{})
	if err != nil {
		return nil, err
	}
	return &out.DownloadRestriction, nil
}
