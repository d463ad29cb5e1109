package mock

import (
	"errors"
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// This file checks backup settings the way the API documents them (tencentcloud-sdk-go cdb
// v20170320: DescribeBackupConfig's answer and the Modify actions' parameters), so that fixtures,
// tcmock's flags and the Set methods cannot make the mock answer what the real API could not.
// Each error names the field; the caller names the instance or region.

// checkBackupConfig checks an instance's DescribeBackupConfig settings.
func checkBackupConfig(c BackupConfig) error {
	w := c.BackupTimeWindow
	errs := []error{
		between("BackupExpireDays", c.BackupExpireDays, 7, 1830),
		between("BinlogExpireDays", c.BinlogExpireDays, 7, 3650),
		oneOf("BackupMethod", c.BackupMethod, "physical", "logical"),
		checkTimeWindow(w),
		onOff("EnableBackupPeriodSave", c.EnableBackupPeriodSave),
		between("BackupPeriodSaveDays", c.BackupPeriodSaveDays, 90, 3650),
		oneOf("BackupPeriodSaveInterval", c.BackupPeriodSaveInterval, "weekly", "monthly", "quarterly", "yearly"),
		atLeast("BackupPeriodSaveCount", c.BackupPeriodSaveCount, 1),
		checkSaveDate(c.StartBackupPeriodSaveDate),
		checkColdStorage("Backup", c.EnableBackupArchive, c.BackupArchiveDays, c.EnableBackupStandby, c.BackupStandbyDays,
			"BackupExpireDays", c.BackupExpireDays),
		checkColdStorage("Binlog", c.EnableBinlogArchive, c.BinlogArchiveDays, c.EnableBinlogStandby, c.BinlogStandbyDays,
			"BinlogExpireDays", c.BinlogExpireDays),
	}
	if lo, hi, ok := backupWindowHours(w); ok && (c.StartTimeMin != lo || c.StartTimeMax != hi) {
		errs = append(errs, fmt.Errorf("StartTimeMin %d and StartTimeMax %d are not the hours of the backup window (%d and %d): leave them out, the mock answers the window's hours",
			c.StartTimeMin, c.StartTimeMax, lo, hi))
	}
	return errors.Join(errs...)
}

// checkTimeWindow checks BackupTimeWindow. ModifyBackupConfig documents that the days that have a
// window all take the same one, and that monthly backups need their days and BackupPeriodTime.
// A weekday's window may be "" (no backup that day), but weekly backups need one day at least.
func checkTimeWindow(w CommonTimeWindow) error {
	var errs []error
	var first weekday // the first day with a valid window
	differs := false
	for _, d := range weekdays(w) {
		switch {
		case d.window == "":
		case !validWindow(d.window):
			errs = append(errs, fmt.Errorf("BackupTimeWindow.%s %q is not a window such as %q (HH:MM-HH:MM, 00:00 to 23:59)", d.name, d.window, defaultWindow))
		case first.window == "":
			first = d
		case d.window != first.window && !differs:
			differs = true
			errs = append(errs, fmt.Errorf("BackupTimeWindow.%s %q differs from %s's %q: every day's backups take the same window",
				d.name, d.window, first.name, first.window))
		}
	}
	window := first.window
	errs = append(errs, oneOf("BackupTimeWindow.BackupPeriodStrategy", w.BackupPeriodStrategy, "weekly", "monthly"))
	for i, day := range w.Days {
		if day < 1 || day > 31 || slices.Index(w.Days, day) < i {
			errs = append(errs, fmt.Errorf("BackupTimeWindow.Days[%d] %d is not a day of the month (1 to 31) listed once", i, day))
		}
	}
	if w.BackupPeriodTime != "" && !validWindow(w.BackupPeriodTime) {
		errs = append(errs, fmt.Errorf("BackupTimeWindow.BackupPeriodTime %q is not a window such as %q", w.BackupPeriodTime, defaultWindow))
	}
	switch w.BackupPeriodStrategy {
	case "weekly":
		if window == "" {
			errs = append(errs, errors.New("BackupTimeWindow: weekly backups need a window on one day at least"))
		}
	case "monthly":
		if len(w.Days) == 0 || w.BackupPeriodTime == "" {
			errs = append(errs, errors.New("BackupTimeWindow: monthly backups need Days and BackupPeriodTime"))
		}
	}
	return errors.Join(errs...)
}

// checkSaveDate checks StartBackupPeriodSaveDate: "" or a time in the API's format.
func checkSaveDate(date string) error {
	if _, ok := parseAPITime(date); date != "" && !ok {
		return fmt.Errorf("StartBackupPeriodSaveDate %q is not a time such as \"2025-06-30 00:00:00\" (or \"\")", date)
	}
	return nil
}

// checkColdStorage checks the archive and standard storage of data backups or binlogs (kind
// "Backup" or "Binlog"): the switches, the documented minimums, and, for a switch that is on,
// the documented bounds: no more days than the retention, and standard storage before archive.
func checkColdStorage(kind, archive string, archiveDays int64, standby string, standbyDays int64, expireName string, expireDays int64) error {
	errs := []error{
		onOff("Enable"+kind+"Archive", archive),
		atLeast(kind+"ArchiveDays", archiveDays, 180),
		onOff("Enable"+kind+"Standby", standby),
		atLeast(kind+"StandbyDays", standbyDays, 30),
	}
	if archive == "on" && archiveDays > expireDays {
		errs = append(errs, fmt.Errorf("%sArchiveDays %d is more than %s %d", kind, archiveDays, expireName, expireDays))
	}
	if standby == "on" && standbyDays > expireDays {
		errs = append(errs, fmt.Errorf("%sStandbyDays %d is more than %s %d", kind, standbyDays, expireName, expireDays))
	}
	if standby == "on" && archive == "on" && standbyDays >= archiveDays {
		errs = append(errs, fmt.Errorf("%sStandbyDays %d is not less than %sArchiveDays %d", kind, standbyDays, kind, archiveDays))
	}
	return errors.Join(errs...)
}

// checkRemoteBackupConfig checks an instance's DescribeRemoteBackupConfig settings in region. The
// SDK documents no range for ExpireDays; the mock refuses less than a day.
func checkRemoteBackupConfig(region string, r RemoteBackupConfig) error {
	errs := []error{
		atLeast("ExpireDays", r.ExpireDays, 1),
		onOff("RemoteBackupSave", r.RemoteBackupSave),
		onOff("RemoteBinlogSave", r.RemoteBinlogSave),
	}
	if r.RemoteBinlogSave == "on" && r.RemoteBackupSave != "on" {
		errs = append(errs, errors.New(`RemoteBinlogSave is "on" while RemoteBackupSave is not: binlogs are saved in another region only with the backups`))
	}
	for i, name := range r.RegionList {
		switch {
		case !regionName.MatchString(name):
			errs = append(errs, fmt.Errorf("RegionList[%d] %q is not a region name such as ap-shanghai", i, name))
		case name == region:
			errs = append(errs, fmt.Errorf("RegionList[%d] %q is the instance's own region", i, name))
		case slices.Index(r.RegionList, name) < i:
			errs = append(errs, fmt.Errorf("RegionList[%d] %q is listed twice", i, name))
		}
	}
	for i, name := range r.RemoteRegion {
		switch {
		case !slices.Contains(r.RegionList, name):
			errs = append(errs, fmt.Errorf("RemoteRegion[%d] %q is not in RegionList %q", i, name, r.RegionList))
		case slices.Index(r.RemoteRegion, name) < i:
			errs = append(errs, fmt.Errorf("RemoteRegion[%d] %q is listed twice", i, name))
		}
	}
	return errors.Join(errs...)
}

// checkLocalBinlogConfig checks DescribeLocalBinlogConfig's settings. SaveHours may be 0 to 168:
// the widest range ModifyLocalBinlogConfig documents (single-node instances), since the mock
// knows no instance's type.
func checkLocalBinlogConfig(l LocalBinlogConfig) error {
	return errors.Join(
		between("LocalBinlogConfig.SaveHours", l.LocalBinlogConfig.SaveHours, 0, 168),
		between("LocalBinlogConfig.MaxUsage", l.LocalBinlogConfig.MaxUsage, 30, 50),
		between("LocalBinlogConfigDefault.SaveHours", l.LocalBinlogConfigDefault.SaveHours, 0, 168),
		between("LocalBinlogConfigDefault.MaxUsage", l.LocalBinlogConfigDefault.MaxUsage, 30, 50))
}

// checkBackupPolicy checks every part of an instance's settings in region, naming the part.
func checkBackupPolicy(region string, p BackupPolicy) error {
	return errors.Join(
		prefixed("backup_config", checkBackupConfig(p.Config)),
		prefixed("remote_backup_config", checkRemoteBackupConfig(region, p.Remote)),
		prefixed("local_binlog_config", checkLocalBinlogConfig(p.LocalBinlog)),
		prefixed("backup_encryption_status", onOff("EncryptionStatus", p.EncryptionStatus)))
}

// Download restriction types (LimitType).
const (
	limitNone     = "NoLimit"
	limitIntranet = "LimitOnlyIntranet"
	limitCustom   = "Customize"
)

// checkDownloadRestriction checks a region's DescribeBackupDownloadRestriction setting: LimitVpc
// and LimitIp may be set only with LimitType Customize, and a VPC only of the region itself (the
// SDK: "currently only the current region").
func checkDownloadRestriction(region string, d DownloadRestriction) error {
	errs := []error{
		oneOf("LimitType", d.LimitType, limitNone, limitIntranet, limitCustom),
		oneOf("VpcComparisonSymbol", d.VpcComparisonSymbol, "In"),
		oneOf("IpComparisonSymbol", d.IpComparisonSymbol, "In", "NotIn"),
	}
	if d.LimitType != limitCustom && (len(d.LimitVpc) > 0 || len(d.LimitIp) > 0) {
		errs = append(errs, fmt.Errorf("LimitVpc and LimitIp must be empty unless LimitType is %q", limitCustom))
	}
	for i, v := range d.LimitVpc {
		if v.Region != region {
			errs = append(errs, fmt.Errorf("LimitVpc[%d].Region %q is not the region %q", i, v.Region, region))
		}
		for j, id := range v.VpcList {
			if !vpcID.MatchString(id) {
				errs = append(errs, fmt.Errorf("LimitVpc[%d].VpcList[%d] %q is not a VPC ID such as vpc-1a2b3c4d", i, j, id))
			}
		}
	}
	for i, ip := range d.LimitIp {
		if _, err := netip.ParseAddr(ip); err != nil {
			if _, err := netip.ParsePrefix(ip); err != nil {
				errs = append(errs, fmt.Errorf("LimitIp[%d] %q is not an IP address or CIDR block", i, ip))
			}
		}
	}
	return errors.Join(errs...)
}

var (
	regionName   = regexp.MustCompile(`^[a-z]+(-[a-z0-9]+)+$`)
	vpcID        = regexp.MustCompile(`^vpc-[a-z0-9]+$`)
	windowFormat = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$`)
)

// validWindow reports whether w is a window "HH:MM-HH:MM", both times from 00:00 to 23:59.
func validWindow(w string) bool { return windowFormat.MatchString(w) }

// weekday is one day's window of a CommonTimeWindow.
type weekday struct{ name, window string }

func weekdays(w CommonTimeWindow) []weekday {
	return []weekday{{"Monday", w.Monday}, {"Tuesday", w.Tuesday}, {"Wednesday", w.Wednesday},
		{"Thursday", w.Thursday}, {"Friday", w.Friday}, {"Saturday", w.Saturday}, {"Sunday", w.Sunday}}
}

// backupWindowHours returns the hours StartTimeMin and StartTimeMax answer: the start and end
// hours of the window the weekdays share (Monday's when it has one), or of BackupPeriodTime when
// no weekday has a window. It is false when there is no valid window to read.
func backupWindowHours(w CommonTimeWindow) (startHour, endHour int64, ok bool) {
	window := w.BackupPeriodTime
	for _, d := range weekdays(w) {
		if d.window != "" {
			window = d.window
			break
		}
	}
	if !validWindow(window) {
		return 0, 0, false
	}
	start, end, _ := strings.Cut(window, "-")
	lo, _ := strconv.ParseInt(start[:2], 10, 64)
	hi, _ := strconv.ParseInt(end[:2], 10, 64)
	return lo, hi, true
}

func onOff(name, v string) error { return oneOf(name, v, "on", "off") }

func oneOf(name, v string, choices ...string) error {
	if slices.Contains(choices, v) {
		return nil
	}
	quoted := make([]string, len(choices))
	for i, c := range choices {
		quoted[i] = strconv.Quote(c)
	}
	return fmt.Errorf("%s %q is not %s", name, v, orNames(quoted))
}

// orNames lists choices for a message: "A", "A or B", "A, B or C".
func orNames(names []string) string {
	n := len(names)
	if n < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:n-1], ", ") + " or " + names[n-1]
}

func between(name string, v, lo, hi int64) error {
	if v < lo || v > hi {
		return fmt.Errorf("%s %d is not between %d and %d", name, v, lo, hi)
	}
	return nil
}

func atLeast(name string, v, lo int64) error {
	if v < lo {
		return fmt.Errorf("%s %d is less than %d", name, v, lo)
	}
	return nil
}

// prefixed names the part of the settings an error is about, on each line of a joined error.
func prefixed(part string, err error) error {
	if err == nil {
		return nil
	}
	var joined interface{ Unwrap() []error }
	if errors.As(err, &joined) {
		var errs []error
		for _, e := range joined.Unwrap() {
			errs = append(errs, prefixed(part, e))
		}
		return errors.Join(errs...)
	}
	return fmt.Errorf("%s: %w", part, err)
}
