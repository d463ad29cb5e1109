package mock

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// This file serves CreateBackup (CDB, version 2017-03-20): a manual backup of an instance, which
// appears at once at the head of DescribeBackups, RUNNING with a Progress that grows with the
// server's clock (Options.Clock), and ends SUCCESS, or FAILED on request (SetCreateBackupFailure,
// Options.CreateBackupFailure) or when it names a database or table the instance does not have
// (SetDatabases, fixtures' "databases"), after Options.CreateBackupDuration. Its status is
// computed whenever the instance is read: no goroutine runs. It is a CDB action like the others,
// so a call to it takes the whole pipeline (latency, faults, injected answers, gateway, quota;
// pipeline.go). It is not idempotent, as the real API is not: every call that gets through
// creates a backup, a call whose answer the client lost to a truncated-answer fault too.
//
// The choices where the SDK's text leaves room (tencentcloud-sdk-go cdb/v20170320, models.go and
// client.go):
//   - EncryptionFlag "当 BackupMethod 为 physical 时，该值才有意义" (meaningful only for physical):
//     for logical and snapshot backups it is checked (on or off) and then ignored, not refused;
//     the backup is not encrypted.
//   - BackupDBTableList "在 BackupMethod=logical 逻辑备份中才可设置该参数" (may be set only for
//     logical backups): with another method it is refused, InvalidParameter naming it.
//   - "基础版实例仅支持快照备份" (basic edition instances support snapshot backups only): another
//     method on a BASIC or BASIC_V2 instance is refused with OperationDenied.ActionNotSupport, the
//     code the SDK lists for an unsupported operation.
//   - An instance that is not running (Status other than 1) is refused with
//     FailedOperation.StatusConflict: the SDK does not list OperationDenied.WrongStatus for this
//     action, and StatusConflict is the status code it lists.
//   - One backup per instance at a time: while a backup of the instance is RUNNING, the call is
//     refused with OperationDenied.ActionInProcess. Whether the real message names the running
//     backup is not documented, so the mock's does not: a client finds it with DescribeBackups.
//   - "指定的库表必须存在，否则可能导致备份失败" (the tables must exist, or the backup may fail): a
//     backup naming a database or table the instance does not have is accepted, and ends FAILED.

const actionCreateBackup = "CreateBackup"

// Codes CreateBackup answers beyond the common ones; each is in the SDK's list for the action.
const (
	codeActionNotSupport = "OperationDenied.ActionNotSupport"
	codeActionInProcess  = "OperationDenied.ActionInProcess"
	codeStatusConflict   = "FailedOperation.StatusConflict"
)

// DefaultCreateBackupDuration is how long a backup CreateBackup made runs before it ends, unless
// Options.CreateBackupDuration or SetCreateBackupDuration says otherwise.
const DefaultCreateBackupDuration = 30 * time.Second

// maxManualBackupName is the most characters ManualBackupName may have.
const maxManualBackupName = 60

// Backup methods CreateBackup takes in BackupMethod; each is also the Type of the backup made.
const (
	backupMethodLogical  = "logical"
	backupMethodPhysical = "physical"
	backupMethodSnapshot = "snapshot"
)

// BackupTable is one element of CreateBackup's BackupDBTableList (the API's BackupItem): a
// database, and one of its tables or "" for the whole database.
type BackupTable struct {
	Db    string `json:"Db"`
	Table string `json:"Table,omitempty"`
}

// CreatedBackupInfo is what the mock recorded of a backup CreateBackup made: the request as
// received, and what the mock decided of its course. DescribeBackups' BackupInfo has no table
// list; this is where a test finds it.
type CreatedBackupInfo struct {
	BackupID   int64
	Region     string
	InstanceID string
	// The request: BackupMethod; ManualBackupName ("" when absent); BackupDBTableList (nil when
	// absent or empty); EncryptionFlag as sent ("" when absent, whatever the backup's flag).
	Method         string
	Name           string
	Tables         []BackupTable
	EncryptionFlag string
	// AccountID is the caller's account (the Creator of the backup); RequestID the call's.
	AccountID string
	RequestID string
	// CreatedAt is when it started, by the server's clock (Options.Clock); it ends at
	// CreatedAt+Duration unless FinishBackup ends it first.
	CreatedAt time.Time
	Duration  time.Duration
	// Fails is true when it ends FAILED; FailReason says why: the instance's or the server's
	// failure setting, or the first database or table of Tables the instance does not have.
	Fails      bool
	FailReason string
	// Size is the backup's size once SUCCESS; while it runs, DescribeBackups answers
	// Size*Progress/100.
	Size int64
}

// createdBackup is a backup CreateBackup made, and where it is in its instance's timeline.
type createdBackup struct {
	info  CreatedBackupInfo
	index int // in instance.timeline, which only grows
}

// createBackupParams are CreateBackup's validated parameters.
type createBackupParams struct {
	InstanceID     string
	Method         string
	Tables         []BackupTable
	Name           string
	EncryptionFlag string // "" when absent
}

// parseCreateBackupParams validates a CreateBackup body as the API does: a JSON object of known
// parameters only; InstanceId and BackupMethod (logical, physical or snapshot) required strings;
// BackupDBTableList an array of {Db, Table} objects, Db required, for logical backups only;
// ManualBackupName at most 60 characters; EncryptionFlag on or off.
func parseCreateBackupParams(body []byte) (createBackupParams, *apiError) {
	var p createBackupParams
	fields, aerr := actionFields(body, actionCreateBackup,
		"InstanceId", "BackupMethod", "BackupDBTableList", "ManualBackupName", "EncryptionFlag")
	if aerr != nil {
		return p, aerr
	}
	if p.InstanceID, aerr = requiredString(fields, "InstanceId"); aerr != nil {
		return p, aerr
	}
	if p.Method, aerr = requiredString(fields, "BackupMethod"); aerr != nil {
		return p, aerr
	}
	switch p.Method {
	case backupMethodLogical, backupMethodPhysical, backupMethodSnapshot:
	default:
		return p, newError(codeInvalidParameterValue,
			"The value of parameter `BackupMethod` (`%s`) is not valid: it must be `%s`, `%s` or `%s`.",
			p.Method, backupMethodLogical, backupMethodPhysical, backupMethodSnapshot)
	}
	if p.Tables, aerr = backupTables(fields); aerr != nil {
		return p, aerr
	}
	if len(p.Tables) > 0 && p.Method != backupMethodLogical {
		return p, newError(codeInvalidParameter,
			"The parameter `BackupDBTableList` may be set only when `BackupMethod` is `%s`, not `%s`.",
			backupMethodLogical, p.Method)
	}
	if p.Name, _, aerr = optionalString(fields, "ManualBackupName"); aerr != nil {
		return p, aerr
	}
	if n := utf8.RuneCountInString(p.Name); n > maxManualBackupName {
		return p, newError(codeInvalidParameterValue,
			"The value of parameter `ManualBackupName` is not valid: it is %d characters long, the most is %d.",
			n, maxManualBackupName)
	}
	if p.EncryptionFlag, _, aerr = optionalString(fields, "EncryptionFlag"); aerr != nil {
		return p, aerr
	}
	// An empty flag is taken as absent, as the SDKs' zero value.
	if f := p.EncryptionFlag; f != "" && f != "on" && f != "off" {
		return p, newError(codeInvalidParameterValue,
			"The value of parameter `EncryptionFlag` (`%s`) is not valid: it must be `on` or `off`.", f)
	}
	return p, nil
}

// backupTables reads BackupDBTableList: absent, null or empty, nil; else an array of objects of
// Db (a non-empty string, required) and Table (a string; absent, null or empty: the whole
// database), named in messages as the API names nested parameters (BackupDBTableList.0.Db).
func backupTables(fields map[string]json.RawMessage) ([]BackupTable, *apiError) {
	raw, ok := fields["BackupDBTableList"]
	if !ok || isNull(raw) {
		return nil, nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, wrongType("BackupDBTableList", "an Array of BackupItem", raw)
	}
	var out []BackupTable
	for i, item := range items {
		name := "BackupDBTableList." + strconv.Itoa(i)
		obj, ok := decodeObject(item)
		if !ok {
			return nil, wrongType(name, "an Object of Db and Table", item)
		}
		for key := range obj {
			if key != "Db" && key != "Table" {
				return nil, newError(codeUnknownParameter,
					"The parameter `%s.%s` is not recognized: a BackupItem takes Db and Table (names are case-sensitive).", name, key)
			}
		}
		db, aerr := requiredString(obj, "Db")
		if aerr != nil {
			return nil, renameParam(aerr, "Db", name+".Db")
		}
		if db == "" {
			return nil, newError(codeInvalidParameterValue, "The value of parameter `%s.Db` is not valid: it must not be empty.", name)
		}
		table, _, aerr := optionalString(obj, "Table")
		if aerr != nil {
			return nil, renameParam(aerr, "Table", name+".Table")
		}
		out = append(out, BackupTable{Db: db, Table: table})
	}
	return out, nil
}

// renameParam makes a message about a nested parameter name it in full.
func renameParam(aerr *apiError, short, full string) *apiError {
	aerr.Message = strings.Replace(aerr.Message, "`"+short+"`", "`"+full+"`", 1)
	return aerr
}

// createBackupResponse is CreateBackup's answer.
type createBackupResponse struct {
	Response struct {
		BackupId  uint64 `json:"BackupId"`
		RequestId string `json:"RequestId"`
	} `json:"Response"`
}

// createBackup answers CreateBackup once the call is through the gateway, the quota and the
// faults: its parameters are checked, then the instance (it exists, it runs, it takes the method,
// no backup of it runs), then the backup is made, acting as the caller's account.
func (s *Server) createBackup(region string, body []byte, accountID, requestID string) (any, *apiError) {
	p, aerr := parseCreateBackupParams(body)
	if aerr != nil {
		return nil, aerr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.instance(region, p.InstanceID)
	switch {
	case in == nil:
		return nil, newError(codeInstanceNotFound, "The instance `%s` does not exist in region `%s`.", p.InstanceID, region)
	case in.info.Status != 1:
		return nil, newError(codeStatusConflict,
			"The instance `%s` is not running (Status %d): a backup can be created only while it runs (Status 1).",
			p.InstanceID, in.info.Status)
	case isBasic(in.info.DeviceType) && p.Method != backupMethodSnapshot:
		return nil, newError(codeActionNotSupport,
			"The instance `%s` is a basic edition instance (%s), which supports snapshot backups only, not `%s`.",
			p.InstanceID, in.info.DeviceType, p.Method)
	case in.runningBackup() >= 0:
		return nil, newError(codeActionInProcess,
			"A backup of instance `%s` is in progress: one backup of an instance runs at a time; try again once it has finished.",
			p.InstanceID)
	}
	id := s.newBackup(region, p, in, accountID, requestID)
	var resp createBackupResponse
	resp.Response.BackupId, resp.Response.RequestId = uint64(id), requestID //nolint:gosec // IDs are positive
	return resp, nil
}

func isBasic(deviceType string) bool { return deviceType == "BASIC" || deviceType == "BASIC_V2" }

// newBackup makes the backup a valid CreateBackup asks for: at the head of the instance's list,
// as a new version of it, with an ID above every backup ID of the instance and every ID created
// on this server before. The caller holds s.mu.
func (s *Server) newBackup(region string, p createBackupParams, in *instance, accountID, requestID string) int64 {
	now := s.clock()
	id := max(in.maxID, s.lastCreatedID) + 1
	s.lastCreatedID = id
	info := CreatedBackupInfo{
		BackupID: id, Region: region, InstanceID: p.InstanceID,
		Method: p.Method, Name: p.Name, Tables: slices.Clone(p.Tables), EncryptionFlag: p.EncryptionFlag,
		AccountID: accountID, RequestID: requestID, CreatedAt: now, Duration: s.createDuration,
		Size: createdBackupSize(region, p.InstanceID, p.Method, len(p.Tables)),
	}
	switch missing := in.missingTable(region, p.InstanceID, p.Tables); {
	case missing != "":
		info.Fails, info.FailReason = true, missing
	case in.failCreate:
		info.Fails, info.FailReason = true, "the instance's backups are set to fail (SetCreateBackupFailure)"
	case s.failCreate:
		info.Fails, info.FailReason = true, "every created backup is set to fail (CreateBackupFailure)"
	}
	encryption := "off"
	if p.Method == backupMethodPhysical {
		encryption = p.EncryptionFlag
		if encryption == "" {
			encryption = DefaultBackupPolicy(region).EncryptionStatus
			if in.policy != nil {
				encryption = in.policy.EncryptionStatus
			}
		}
	}
	method := "full"
	if len(p.Tables) > 0 {
		method = "partial"
	}
	started := now.In(beijing).Format(apiTimeLayout)
	b := Backup{
		BackupId:         id,
		Name:             p.InstanceID + "_backup_" + now.In(beijing).Format("20060102150405"),
		Date:             started,
		StartTime:        started,
		Type:             p.Method,
		Status:           "RUNNING",
		FinishTime:       zeroTime,
		Creator:          accountID,
		Method:           method,
		Way:              "manual",
		ManualBackupName: p.Name,
		SaveMode:         "save_mode_regular",
		Region:           region,
		RemoteInfo:       []RemoteBackup{},
		CosStorageType:   2,
		InstanceId:       p.InstanceID,
		EncryptionFlag:   encryption,
	}
	in.timeline = append(in.timeline, b)
	in.note([]Backup{b})
	w := in.current()
	in.versions = append(in.versions, window{lo: w.lo, hi: len(in.timeline)})
	rec := &createdBackup{info: info, index: len(in.timeline) - 1}
	if in.created == nil {
		in.created = map[int64]*createdBackup{}
	}
	in.created[id] = rec
	in.running = append(in.running, rec)
	s.stats.createdBackups++
	in.refresh(now) // a zero duration ends it at once
	return id
}

// createdBackupSize is the final size of a backup CreateBackup makes: derived from the instance's
// data (512 MB to 8.5 GB, the same for every backup of it), as the generator sizes them: a
// compressed logical dump about half of it, less for a part of the databases; a physical copy or
// a snapshot more than the data.
func createdBackupSize(region, instanceID, method string, tables int) int64 {
	data := int64(512<<20) + int64(hash64("data", region, instanceID)%(8<<30))
	switch {
	case method == backupMethodPhysical:
		return data * 125 / 100
	case method == backupMethodSnapshot:
		return data * 110 / 100
	case tables > 0:
		return data * int64(min(5+5*tables, 50)) / 100
	}
	return data * 55 / 100
}

// runningBackup returns the index in timeline of a RUNNING backup of the current list, or -1.
// The caller has refreshed the instance.
func (in *instance) runningBackup() int {
	w := in.current()
	for i := w.hi - 1; i >= w.lo; i-- {
		if in.timeline[i].Status == "RUNNING" {
			return i
		}
	}
	return -1
}

// refresh brings the backups CreateBackup made that still run up to now: their Progress and
// Size grow with the time elapsed, and those whose duration has passed end. It is called
// whenever an instance is read (Server.instance); it costs nothing while none runs.
func (in *instance) refresh(now time.Time) {
	if len(in.running) == 0 {
		return
	}
	still := in.running[:0]
	for _, rec := range in.running {
		b := &in.timeline[rec.index]
		end := rec.info.CreatedAt.Add(rec.info.Duration)
		if !now.Before(end) {
			status := "SUCCESS"
			if rec.info.Fails {
				status = "FAILED"
			}
			b.Progress = rec.progressAt(end)
			finishBackup(in, b, end, status, rec.info.Size)
			continue
		}
		b.Progress = rec.progressAt(now)
		b.Size = rec.info.Size * b.Progress / 100
		still = append(still, rec)
	}
	clear(in.running[len(still):])
	in.running = still
}

// progressAt is the Progress of a created backup at t while it runs: the share of its duration
// elapsed, in whole percent, at most 99 (100 is SUCCESS's).
func (rec *createdBackup) progressAt(t time.Time) int64 {
	d := rec.info.Duration
	if d <= 0 {
		return 0
	}
	elapsed := max(t.Sub(rec.info.CreatedAt), 0)
	return min(int64(elapsed*100/d), 99)
}

// finishBackup ends a RUNNING backup of in at t. SUCCESS: Progress 100, its final size, a finish
// time, an MD5, download links and the executed GTID set, as the generator makes them. FAILED: a
// finish time, its Progress where it stood, no size, no links, no MD5.
func finishBackup(in *instance, b *Backup, t time.Time, status string, size int64) {
	finished := t.In(beijing)
	b.Status = status
	b.FinishTime = finished.Format(apiTimeLayout)
	b.RemoteInfo = []RemoteBackup{}
	if status == "FAILED" {
		b.Size, b.MD5, b.IntranetUrl, b.InternetUrl, b.ExecutedGTIDSet = 0, "", "", "", ""
		return
	}
	b.Progress, b.Size = 100, size
	sum := md5Hex(fmt.Sprintf("%s/%d/%d", b.Name, b.BackupId, b.Size))
	b.MD5 = sum
	rng := splitMix{state: hash64("links", b.Region, b.InstanceId, strconv.FormatInt(b.BackupId, 10))}
	object := backupObject(b.InstanceId, *b)
	b.IntranetUrl = downloadURL(b.Region, true, object, finished, &rng)
	b.InternetUrl = downloadURL(b.Region, false, object, finished, &rng)
	b.ExecutedGTIDSet = in.nextGTIDSet(b.Region, b.InstanceId, b.BackupId)
}

// gtidSetPattern reads the generator's executed GTID sets, "<server_uuid>:1-<n>".
var gtidSetPattern = regexp.MustCompile(`^([0-9a-f-]{36}):1-([0-9]+)$`)

// nextGTIDSet is the executed GTID set of a backup finishing now: the newest one of the
// instance's backups continued, or one derived from the instance when none has one.
func (in *instance) nextGTIDSet(region, instanceID string, backupID int64) string {
	step := 1 + backupID%50_000
	for i := len(in.timeline) - 1; i >= 0; i-- {
		if m := gtidSetPattern.FindStringSubmatch(in.timeline[i].ExecutedGTIDSet); m != nil {
			n, err := strconv.ParseInt(m[2], 10, 64)
			if err == nil {
				return fmt.Sprintf("%s:1-%d", m[1], n+step)
			}
		}
	}
	rng := splitMix{state: hash64("gtid", region, instanceID)}
	return fmt.Sprintf("%s:1-%d", rng.uuid(), 1_000_000+step)
}

// FinishBackup ends a RUNNING backup of an instance now, by the server's clock, with status
// SUCCESS or FAILED: one CreateBackup made (before its duration has passed), or a RUNNING backup
// of fixtures, SetBackups or the generator, which never end by themselves. A SUCCESS gets its
// final size (a generated one's size so far scaled to 100%), links, MD5 and GTID set; a FAILED
// keeps its Progress and loses its size. It changes the backup in place: the list keeps its
// version (Version, Snapshots). It is an error when the instance does not exist, the current
// list has no backup of this ID, or it is not RUNNING.
func (s *Server) FinishBackup(region, instanceID string, backupID int64, status string) error {
	if status != "SUCCESS" && status != "FAILED" {
		return fmt.Errorf("mock: FinishBackup: status %q is not SUCCESS or FAILED", status)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.instance(region, instanceID)
	if in == nil {
		return fmt.Errorf("mock: FinishBackup: no instance %s in %s", instanceID, region)
	}
	w := in.current()
	i := slices.IndexFunc(in.timeline[w.lo:w.hi], func(b Backup) bool { return b.BackupId == backupID })
	if i < 0 {
		return fmt.Errorf("mock: FinishBackup: instance %s in %s has no backup %d", instanceID, region, backupID)
	}
	i += w.lo
	b := &in.timeline[i]
	if b.Status != "RUNNING" {
		return fmt.Errorf("mock: FinishBackup: backup %d of instance %s in %s is %s, not RUNNING", backupID, instanceID, region, b.Status)
	}
	now := s.clock()
	size := derivedFinalSize(*b)
	if j := slices.IndexFunc(in.running, func(rec *createdBackup) bool { return rec.index == i }); j >= 0 {
		size = in.running[j].info.Size
		in.running = slices.Delete(in.running, j, j+1)
	}
	finishBackup(in, b, now, status, size)
	return nil
}

// derivedFinalSize is the size a generated or fixtures RUNNING backup reaches: its size so far
// scaled to 100%, or when that cannot be told, the size a created backup of its type would have.
func derivedFinalSize(b Backup) int64 {
	if b.Progress > 0 && b.Size > 0 {
		return b.Size * 100 / b.Progress
	}
	tables := 0
	if b.Method == "partial" {
		tables = 1
	}
	return createdBackupSize(b.Region, b.InstanceId, b.Type, tables)
}

// CreatedBackup returns what the mock recorded of a backup CreateBackup made on an instance: the
// request as received and its course (CreatedBackupInfo); false when the instance does not exist
// or CreateBackup made no such backup on it (SetBackups forgets them, with the instance's
// history).
func (s *Server) CreatedBackup(region, instanceID string, backupID int64) (CreatedBackupInfo, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.instance(region, instanceID)
	if in == nil || in.created[backupID] == nil {
		return CreatedBackupInfo{}, false
	}
	info := in.created[backupID].info
	info.Tables = slices.Clone(info.Tables)
	return info, true
}

// SetCreateBackupDuration changes how long the backups CreateBackup makes from now on run before
// they end (0: they end at once, SUCCESS or FAILED on the first read). Backups already made keep
// their duration.
func (s *Server) SetCreateBackupDuration(d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("mock: create-backup duration %s is negative", d)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.createDuration = d
	return nil
}

// SetCreateBackupFailure makes every backup CreateBackup makes on an instance from now on end
// FAILED (fail true), or not (false: they succeed unless they name tables the instance does not
// have, or CreateBackupFailure is on). An instance that does not exist is created with no
// backups. Backups already made keep their course.
func (s *Server) SetCreateBackupFailure(region, instanceID string, fail bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.instanceOrNew(region, instanceID)
	in.failCreate = fail
}

// SetCreateBackupFailureAll makes every backup CreateBackup makes on any instance from now on
// end FAILED (Options.CreateBackupFailure; tcmock -create-backup-fail), or, with false, only
// those of instances set to fail (SetCreateBackupFailure) and those naming missing tables.
func (s *Server) SetCreateBackupFailureAll(fail bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failCreate = fail
}

func md5Hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}
