package mock_test

import (
	"strings"
	"testing"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

func TestReadFixtures_RefusesSettingsTheAPICouldNotAnswer(t *testing.T) {
	tests := []struct {
		name     string
		settings string // the instance's settings fields, in a fixtures file
		mentions []string
	}{
		{"unknown field", `"backup_config": {"BackupExpiryDays": 7}`, []string{"backup_config", "BackupExpiryDays"}},
		{"not an object", `"backup_config": [1]`, []string{"backup_config"}},
		{"wrong type", `"backup_config": {"BackupExpireDays": "7"}`, []string{"backup_config", "BackupExpireDays"}},
		{"on/off", `"backup_config": {"EnableBackupArchive": "yes"}`, []string{"backup_config", "EnableBackupArchive", `"yes"`}},
		{"window without its leading zero", `"backup_config": {"BackupTimeWindow": {"Monday": "2:00-06:00"}}`,
			[]string{"BackupTimeWindow.Monday", "2:00-06:00"}},
		{"window to 24:00", `"backup_config": {"BackupTimeWindow": {"Sunday": "02:00-24:00"}}`,
			[]string{"BackupTimeWindow.Sunday", "02:00-24:00"}},
		{"days with different windows", `"backup_config": {"BackupTimeWindow": {"Monday": "10:00-14:00"}}`,
			[]string{"BackupTimeWindow.Tuesday", "10:00-14:00", "same window"}},
		{"weekly without a window", `"backup_config": {"BackupTimeWindow": {"Monday": "", "Tuesday": "", "Wednesday": "",
			"Thursday": "", "Friday": "", "Saturday": "", "Sunday": ""}}`, []string{"weekly", "window"}},
		{"monthly without days", `"backup_config": {"BackupTimeWindow": {"BackupPeriodStrategy": "monthly", "BackupPeriodTime": "02:00-06:00"}}`,
			[]string{"monthly", "Days"}},
		{"monthly without its time", `"backup_config": {"BackupTimeWindow": {"BackupPeriodStrategy": "monthly", "Days": [1]}}`,
			[]string{"monthly", "BackupPeriodTime"}},
		{"unknown strategy", `"backup_config": {"BackupTimeWindow": {"BackupPeriodStrategy": "daily"}}`,
			[]string{"BackupPeriodStrategy", "daily"}},
		{"day 0", `"backup_config": {"BackupTimeWindow": {"Days": [0]}}`, []string{"Days[0]"}},
		{"day 32", `"backup_config": {"BackupTimeWindow": {"Days": [1, 32]}}`, []string{"Days[1]", "32"}},
		{"a day twice", `"backup_config": {"BackupTimeWindow": {"Days": [5, 5]}}`, []string{"Days[1]"}},
		{"unknown window field", `"backup_config": {"BackupTimeWindow": {"Everyday": "02:00-06:00"}}`, []string{"Everyday"}},
		{"method", `"backup_config": {"BackupMethod": "snapshot"}`, []string{"BackupMethod", "snapshot"}},
		{"period save interval", `"backup_config": {"BackupPeriodSaveInterval": "daily"}`, []string{"BackupPeriodSaveInterval", "daily"}},
		{"period save days", `"backup_config": {"BackupPeriodSaveDays": 30}`, []string{"BackupPeriodSaveDays", "90"}},
		{"period save date", `"backup_config": {"StartBackupPeriodSaveDate": "2025-01-01"}`, []string{"StartBackupPeriodSaveDate", "2025-01-01"}},
		{"start hour other than the window's", `"backup_config": {"StartTimeMin": 3}`, []string{"StartTimeMin", "3"}},
		{"retention too short", `"backup_config": {"BackupExpireDays": 5}`, []string{"BackupExpireDays", "5"}},
		{"archive too soon", `"backup_config": {"BinlogArchiveDays": 100}`, []string{"BinlogArchiveDays", "180"}},
		{"archive after the retention", `"backup_config": {"EnableBackupArchive": "on"}`,
			[]string{"BackupArchiveDays 180", "BackupExpireDays 7"}},
		{"standby not before archive", `"backup_config": {"BackupExpireDays": 400, "EnableBackupArchive": "on",
			"EnableBackupStandby": "on", "BackupStandbyDays": 200}`, []string{"BackupStandbyDays 200", "BackupArchiveDays 180"}},
		{"remote unknown field", `"remote_backup_config": {"Regions": []}`, []string{"remote_backup_config", "Regions"}},
		{"remote on/off", `"remote_backup_config": {"RemoteBackupSave": "true"}`, []string{"remote_backup_config", "RemoteBackupSave"}},
		{"remote binlogs without backups", `"remote_backup_config": {"RemoteBinlogSave": "on"}`,
			[]string{"remote_backup_config", "RemoteBinlogSave", "RemoteBackupSave"}},
		{"remote region not offered", `"remote_backup_config": {"RemoteBackupSave": "on", "RemoteRegion": ["ap-tokyo"]}`,
			[]string{"RemoteRegion[0]", "ap-tokyo", "RegionList"}},
		{"own region offered", `"remote_backup_config": {"RegionList": ["ap-guangzhou"]}`, []string{"RegionList[0]", "own region"}},
		{"local binlog usage", `"local_binlog_config": {"LocalBinlogConfig": {"MaxUsage": 60}}`,
			[]string{"local_binlog_config", "LocalBinlogConfig.MaxUsage", "60"}},
		{"local binlog hours", `"local_binlog_config": {"LocalBinlogConfigDefault": {"SaveHours": 169}}`,
			[]string{"LocalBinlogConfigDefault.SaveHours", "169"}},
		{"encryption", `"backup_encryption_status": "yes"`, []string{"backup_encryption_status", `"yes"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFixtures(t, `{"instances": [{"region": "ap-guangzhou", "instance_id": "cdb-bad00001", "backups": [], `+
				tt.settings+`}]}`)
			_, err := mock.ReadFixtures(path)
			if err == nil {
				t.Fatal("ReadFixtures accepted the settings")
			}
			for _, m := range append([]string{"cdb-bad00001", "ap-guangzhou"}, tt.mentions...) {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error %q does not mention %q", err, m)
				}
			}
		})
	}
}

func TestReadFixtures_RefusesDownloadRestrictionsTheAPICouldNotAnswer(t *testing.T) {
	tests := []struct {
		name        string
		restriction string // the download_restrictions object
		mentions    []string
	}{
		{"limit type", `{"ap-guangzhou": {"LimitType": "Open"}}`, []string{"download_restrictions.ap-guangzhou", "LimitType", "Open"}},
		{"VPC comparison", `{"ap-guangzhou": {"VpcComparisonSymbol": "NotIn"}}`, []string{"VpcComparisonSymbol", "NotIn"}},
		{"IP comparison", `{"ap-guangzhou": {"IpComparisonSymbol": "Out"}}`, []string{"IpComparisonSymbol", "Out"}},
		{"IPs without Customize", `{"ap-guangzhou": {"LimitIp": ["10.0.0.1"]}}`, []string{"LimitIp", "Customize"}},
		{"a VPC of another region", `{"ap-guangzhou": {"LimitType": "Customize", "LimitVpc": [{"Region": "ap-shanghai", "VpcList": ["vpc-1"]}]}}`,
			[]string{"LimitVpc[0].Region", "ap-shanghai"}},
		{"not a VPC ID", `{"ap-guangzhou": {"LimitType": "Customize", "LimitVpc": [{"Region": "ap-guangzhou", "VpcList": ["subnet-1"]}]}}`,
			[]string{"LimitVpc[0].VpcList[0]", "subnet-1"}},
		{"not an IP", `{"ap-guangzhou": {"LimitType": "Customize", "LimitIp": ["10.0.0.300"]}}`, []string{"LimitIp[0]", "10.0.0.300"}},
		{"unknown field", `{"ap-guangzhou": {"LimitIps": []}}`, []string{"download_restrictions.ap-guangzhou", "LimitIps"}},
		{"not a region", `{"Guangzhou": {}}`, []string{"download_restrictions", "Guangzhou"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := mock.ReadFixtures(writeFixtures(t, `{"instances": [], "download_restrictions": `+tt.restriction+`}`))
			if err == nil {
				t.Fatal("ReadFixtures accepted the restriction")
			}
			for _, m := range tt.mentions {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error %q does not mention %q", err, m)
				}
			}
		})
	}
}

func TestSetBackupPolicy_Refused(t *testing.T) {
	const region = "ap-guangzhou"
	s := mock.NewServer(mock.Options{})
	tests := []struct {
		name     string
		edit     func(*mock.BackupPolicy)
		mentions []string
	}{
		{"method", func(p *mock.BackupPolicy) { p.Config.BackupMethod = "snapshot" }, []string{"backup_config", "BackupMethod"}},
		{"window", func(p *mock.BackupPolicy) { p.Config.BackupTimeWindow.Friday = "02:00-06:00 " }, []string{"BackupTimeWindow.Friday"}},
		{"remote binlogs", func(p *mock.BackupPolicy) { p.Remote.RemoteBinlogSave = "on" }, []string{"remote_backup_config", "RemoteBinlogSave"}},
		{"local binlogs", func(p *mock.BackupPolicy) { p.LocalBinlog.LocalBinlogConfig.MaxUsage = 0 }, []string{"LocalBinlogConfig.MaxUsage"}},
		{"encryption", func(p *mock.BackupPolicy) { p.EncryptionStatus = "" }, []string{"backup_encryption_status"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mock.DefaultBackupPolicy(region)
			tt.edit(&p)
			err := s.SetBackupPolicy(region, "cdb-refused1", p)
			if err == nil {
				t.Fatal("SetBackupPolicy accepted the settings")
			}
			for _, m := range append([]string{"cdb-refused1", region}, tt.mentions...) {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error %q does not mention %q", err, m)
				}
			}
			if _, ok := s.BackupPolicy(region, "cdb-refused1"); ok {
				t.Error("a refused SetBackupPolicy created the instance")
			}
		})
	}

	r := mock.DefaultDownloadRestriction()
	r.LimitIp = []string{"10.0.0.1"}
	err := s.SetDownloadRestriction(region, r)
	if err == nil || !strings.Contains(err.Error(), "LimitIp") || !strings.Contains(err.Error(), region) {
		t.Errorf("SetDownloadRestriction with IPs and NoLimit: %v", err)
	}
	if got := s.DownloadRestriction(region); got.LimitIp == nil || len(got.LimitIp) != 0 {
		t.Errorf("a refused SetDownloadRestriction changed the restriction: %+v", got)
	}
}
