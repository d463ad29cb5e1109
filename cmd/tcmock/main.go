// Command tcmock serves the mock Tencent Cloud API endpoint for TencentDB for MySQL
// (DescribeBackups, DescribeBackupDecryptionKey, DescribeBinlogs, the backup settings'
// DescribeBackupConfig, DescribeRemoteBackupConfig, DescribeLocalBinlogConfig and
// DescribeBackupEncryptionStatus, DescribeBackupDownloadRestriction, DescribeRollbackRangeTime,
// DescribeDBInstances and DescribeBackupSummaries) and CreateBackup until interrupted, for demos,
// scripts and manual testing of the provider.
//
//	go run ./cmd/tcmock -instances 3 -backups 25
//
// or a realistic fleet of instances (names, tags, statuses, versions, sizes), with a rate limit
// per action as Tencent Cloud counts it:
//
//	go run ./cmd/tcmock -fleet 1000 -quota 20 -quota-per-action
//
// It prints MOCK_ENDPOINT=<url>, MOCK_STATS=<url of its stats>, MOCK_STS_ENDPOINT=<url> and
// MOCK_METADATA_ENDPOINT=<url> (the same server), one MOCK_INSTANCE=<id> line per instance and
// a provider block to paste into a configuration, then logs every call it answers to stderr.
// Flags make it unreliable on purpose, for trying a client's retries and rate limit:
//
//	go run ./cmd/tcmock -fault-rate 0.2 -faults ratelimit,502,close -quota 10 -latency 50ms
//
// give the generated instances backup settings other than the defaults:
//
//	go run ./cmd/tcmock -backup-config '{"BackupExpireDays": 30}' -backup-encryption on
//
// and serve roles, for trying assume_role and the CVM instance role with short-lived credentials:
//
//	go run ./cmd/tcmock -role-arn qcs::cam::uin/100000000001:roleName/demo -instance-role demo-cvm -credential-lifetime 30s
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "tcmock:", err)
		var usage usageError
		if errors.As(err, &usage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// usageError is a bad command line; main exits 2 for it, 1 for other failures.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// config is the parsed command line.
type config struct {
	listen     string
	fixtures   string
	region     string
	instances  int
	fleet      int      // instances of a realistic fleet (mock.GenerateFleet) in place of -instances; 0: none
	backups    int      // backups per instance
	backupsSet bool     // -backups given: with -fleet, mock.DefaultFleetBackups otherwise
	statuses   []string // statuses the generated backups may have; empty means the usual mix
	binlogs    mock.BinlogOptions
	seed       uint64
	newest     time.Time
	secretID   string
	secretKey  string
	readyFile  string
	quiet      bool
	regionSet  bool
	generation []string // generation flags given explicitly, which -fixtures excludes (but those of -fleet)
	// the time the fixtures file's times are written as of: they move by the span from it to newest
	fixturesAsOf time.Time

	faults mock.FaultOptions
	quota  float64
	// one quota bucket per SecretId and action, as Tencent Cloud counts quotas
	quotaPerAction bool
	latency        time.Duration
	mutation       mock.MutationOptions
	maxLimit       int64 // the largest Limit DescribeBackups and DescribeBinlogs accept
	// how DescribeBinlogs reads ContainsMinStartTime; neither reading is confirmed against the real API
	containsMin  mock.ContainsMinStartTimeReading
	maxRollback  int           // the most InstanceIds DescribeRollbackRangeTime takes in one call
	maxInstances int64         // the largest Limit DescribeDBInstances accepts
	rollbackLag  time.Duration // moves the end of every instance's newest rollback range earlier
	// how long a backup CreateBackup makes runs, and whether every one of them ends FAILED
	createBackupDuration time.Duration
	createBackupFail     bool

	roleARNs           []string // roles the -secret-id's account may assume
	instanceRole       string   // role of the CVM instance, served by the metadata path
	credentialLifetime time.Duration

	settings settingsFlags // backup settings of the generated instances, and the region's download restriction
}

// settingsFlags are the backup settings flags, read onto the defaults (nil, "": the default).
type settingsFlags struct {
	backupConfig        *mock.BackupConfig
	remoteBackupConfig  *mock.RemoteBackupConfig
	localBinlogConfig   *mock.LocalBinlogConfig
	encryption          string
	downloadRestriction *mock.DownloadRestriction
}

// maxFleet is the largest -fleet.
const maxFleet = 100_000

var (
	regionPattern = regexp.MustCompile(`^[a-z]+(-[a-z0-9]+)+$`)
	beijing       = time.FixedZone("CST", 8*60*60)
)

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var cfg config
	var newest, fixturesAsOf string
	fs := flag.NewFlagSet("tcmock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.listen, "listen", "127.0.0.1:0", "address to listen on (port 0 picks a free port)")
	fs.StringVar(&cfg.fixtures, "fixtures", "", "JSON fixtures file to serve instead of generated backups (with -fleet: after the fleet's instances)")
	fs.StringVar(&fixturesAsOf, "fixtures-as-of", "",
		"the time (RFC 3339) the -fixtures file's times are written as of: they all move by the span from it to -newest (the current hour by default), "+
			"so the file keeps its ages whenever it is served, e.g. beside a -fleet")
	fs.StringVar(&cfg.region, "region", "ap-guangzhou", "region of the generated instances, and of the printed provider block")
	fs.IntVar(&cfg.instances, "instances", 3, "number of generated instances")
	fs.IntVar(&cfg.backups, "backups", 25, fmt.Sprintf("number of generated backups per instance (with -fleet: %d unless given)", mock.DefaultFleetBackups))
	fs.IntVar(&cfg.fleet, "fleet", 0, "generate a realistic fleet of this many instances in place of -instances: names, tags (env, team), "+
		"statuses, engine versions, sizes, VPCs varied, a handful of backups each, newest within the last day (DescribeDBInstances, DescribeBackupSummaries)")
	statuses := fs.String("statuses", "", "comma-separated statuses the generated backups may have (SUCCESS, FAILED, RUNNING); default: the usual mix")
	fs.Uint64Var(&cfg.seed, "seed", 1, "seed of the generated instance IDs")
	fs.StringVar(&newest, "newest", "", "time of the newest generated backup (RFC 3339); default: the current hour")
	fs.IntVar(&cfg.binlogs.Gaps, "binlog-gaps", 0, "number of stretches left out of each generated instance's chain of binlogs: gaps point-in-time recovery cannot cross")
	fs.IntVar(&cfg.binlogs.Failed, "binlog-failed", 0, "number of each generated instance's binlogs that are FAILED")
	fs.StringVar(&cfg.secretID, "secret-id", mock.DefaultSecretID, "SecretId the mock accepts")
	fs.StringVar(&cfg.secretKey, "secret-key", mock.DefaultSecretKey, "SecretKey the mock accepts")
	fs.StringVar(&cfg.readyFile, "ready-file", "", "file to write the endpoint URL to once listening (removed on exit)")
	fs.BoolVar(&cfg.quiet, "quiet", false, "do not log calls to stderr")

	var faults string
	fs.Float64Var(&cfg.faults.Rate, "fault-rate", 0, "probability (0..1) that a call gets a random fault instead of its answer")
	fs.Int64Var(&cfg.faults.Seed, "fault-seed", 1, "seed of the random faults: the same seed gives the same faults for the same calls")
	fs.StringVar(&faults, "faults", "all", "comma-separated fault kinds to draw from: "+faultKindList()+", or all")
	fs.DurationVar(&cfg.faults.StallFor, "stall", mock.DefaultStall, "how long a stall fault holds a call before answering it")
	fs.DurationVar(&cfg.latency, "latency", 0, "delay added to every call before it is answered")
	fs.Float64Var(&cfg.quota, "quota", 0, "calls per second allowed per SecretId, over which the API answers RequestLimitExceeded (0: no limit)")
	fs.BoolVar(&cfg.quotaPerAction, "quota-per-action", false, "count -quota per SecretId and action, as Tencent Cloud does: each action has a bucket of its own at the full rate")
	fs.IntVar(&cfg.mutation.EveryCalls, "mutate-every", 0, "change an instance's backups after every this many successful answers for it (0: never)")
	fs.IntVar(&cfg.mutation.Add, "mutate-add", 0, "backups added at the head of the list on each change")
	fs.IntVar(&cfg.mutation.Remove, "mutate-remove", 0, "oldest backups removed from the list on each change")
	fs.Int64Var(&cfg.mutation.Seed, "mutate-seed", 1, "seed of the dates and IDs of added backups")
	fs.Int64Var(&cfg.maxLimit, "max-limit", mock.DefaultMaxLimit,
		fmt.Sprintf("largest Limit DescribeBackups and DescribeBinlogs accept (1..%d): %d by default, the current API reference's maximum; "+
			"-max-limit %d refuses what the original specification page refuses. A larger Limit is answered InvalidParameterValue",
			mock.LargestMaxLimit, mock.DefaultMaxLimit, mock.SpecificationMaxLimit))
	fs.IntVar(&cfg.maxRollback, "max-rollback-instances", mock.DefaultMaxRollbackInstances,
		fmt.Sprintf("most InstanceIds DescribeRollbackRangeTime takes in one call (1..%d); more is answered InvalidParameter. "+
			"The API states no maximum: %d is an assumption", mock.LargestMaxRollbackInstances, mock.DefaultMaxRollbackInstances))
	fs.Int64Var(&cfg.maxInstances, "max-instances-limit", mock.DefaultMaxInstancesLimit,
		fmt.Sprintf("largest Limit DescribeDBInstances accepts (1..%d): %d by default, as the SDK documents; a larger Limit is answered InvalidParameterValue",
			mock.LargestMaxInstancesLimit, mock.DefaultMaxInstancesLimit))
	fs.DurationVar(&cfg.rollbackLag, "rollback-lag", 0,
		"move the end of the newest range DescribeRollbackRangeTime answers earlier by this much (whole seconds, e.g. 10m), "+
			"for every instance without a rollback lag or ranges of its own in -fixtures")
	fs.DurationVar(&cfg.createBackupDuration, "create-backup-duration", mock.DefaultCreateBackupDuration,
		"how long a backup CreateBackup makes runs (RUNNING, its Progress growing) before it ends SUCCESS; 0 ends it at once")
	fs.BoolVar(&cfg.createBackupFail, "create-backup-fail", false,
		"every backup CreateBackup makes ends FAILED instead of SUCCESS, after -create-backup-duration")
	containsMin := fs.String("contains-min-start-time", string(mock.ContainsMinStartTimeRunning),
		"how DescribeBinlogs reads ContainsMinStartTime, unconfirmed against the real API: running (also the binlog being written at MinStartTime) or strict (never a binlog that started before it)")

	var roles string
	fs.StringVar(&roles, "role-arn", "", "comma-separated role ARNs (qcs::cam::uin/<account>:roleName/<name>) that STS AssumeRole grants to the -secret-id's account")
	fs.StringVar(&cfg.instanceRole, "instance-role", "", "name of the CAM role bound to the CVM instance, whose credentials the metadata path serves")
	fs.DurationVar(&cfg.credentialLifetime, "credential-lifetime", 0, "cap on the lifetime of temporary credentials, whatever DurationSeconds asks (0: no cap)")

	var settings struct{ backupConfig, remoteBackupConfig, localBinlogConfig, downloadRestriction string }
	fs.StringVar(&settings.backupConfig, "backup-config", "",
		`JSON object in DescribeBackupConfig's shape, read onto every generated instance's defaults field by field, e.g. '{"BackupExpireDays": 30}'`)
	fs.StringVar(&settings.remoteBackupConfig, "remote-backup-config", "",
		`JSON object in DescribeRemoteBackupConfig's shape, for every generated instance, e.g. '{"RemoteBackupSave": "on", "RemoteRegion": ["ap-shanghai"]}'`)
	fs.StringVar(&settings.localBinlogConfig, "local-binlog-config", "",
		`JSON object in DescribeLocalBinlogConfig's shape, for every generated instance, e.g. '{"LocalBinlogConfig": {"SaveHours": 48}}'`)
	fs.StringVar(&cfg.settings.encryption, "backup-encryption", "off", "DescribeBackupEncryptionStatus of every generated instance: on or off")
	fs.StringVar(&settings.downloadRestriction, "download-restriction", "",
		`JSON object in DescribeBackupDownloadRestriction's shape for -region, e.g. '{"LimitType": "LimitOnlyIntranet"}'`)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usageText)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cfg, err
		}
		return cfg, usageError{err}
	}
	if fs.NArg() > 0 {
		return cfg, usagef("unexpected arguments %q: tcmock takes flags only", fs.Args())
	}
	var instancesSet, backupsSet bool
	fs.Visit(func(f *flag.Flag) {
		instancesSet = instancesSet || f.Name == "instances"
		backupsSet = backupsSet || f.Name == "backups"
		switch f.Name {
		case "instances", "fleet", "backups", "statuses", "seed", "newest", "binlog-gaps", "binlog-failed",
			"backup-config", "remote-backup-config", "local-binlog-config", "backup-encryption", "download-restriction":
			cfg.generation = append(cfg.generation, "-"+f.Name)
		case "region":
			cfg.regionSet = true
		}
	})
	kinds, err := mock.ParseFaultKinds(faults)
	if err != nil {
		return cfg, usagef("-faults: %v", err)
	}
	cfg.faults.Kinds = kinds
	if err := checkReliabilityFlags(cfg); err != nil {
		return cfg, err
	}
	for _, arn := range strings.Split(roles, ",") {
		if arn = strings.TrimSpace(arn); arn != "" {
			cfg.roleARNs = append(cfg.roleARNs, arn)
		}
	}
	cfg.containsMin = mock.ContainsMinStartTimeReading(*containsMin)
	if !slices.Contains(mock.ContainsMinStartTimeReadings(), cfg.containsMin) {
		return cfg, usagef("-contains-min-start-time must be running or strict, got %q", *containsMin)
	}
	if cfg.credentialLifetime < 0 {
		return cfg, usagef("-credential-lifetime must not be negative, got %s", cfg.credentialLifetime)
	}

	if fixturesAsOf != "" {
		t, err := time.Parse(time.RFC3339, fixturesAsOf)
		if err != nil {
			return cfg, usagef("-fixtures-as-of %q is not an RFC 3339 time such as 2025-06-30T12:00:00+08:00", fixturesAsOf)
		}
		cfg.fixturesAsOf = t
	}
	switch excluded := fixturesExcluded(cfg); {
	case cfg.fixtures == "" && fixturesAsOf != "":
		return cfg, usagef("-fixtures-as-of moves the times of a -fixtures file: give one")
	case cfg.fixtures != "" && len(excluded) > 0 && cfg.fleet > 0:
		return cfg, usagef("-fixtures with -fleet cannot be combined with %s: the fleet's flags shape the fleet, and a fixtures file sets its own instances and regions",
			strings.Join(excluded, ", "))
	case cfg.fixtures != "" && len(excluded) > 0:
		return cfg, usagef("-fixtures cannot be combined with %s: those flags shape generated instances (a fixtures file sets its own; -fleet adds a fleet beside it)",
			strings.Join(excluded, ", "))
	case !regionPattern.MatchString(cfg.region):
		return cfg, usagef("-region %q is not a region name such as ap-guangzhou", cfg.region)
	case cfg.instances < 1 || cfg.instances > 1000:
		return cfg, usagef("-instances must be between 1 and 1000, got %d", cfg.instances)
	case cfg.fleet < 0 || cfg.fleet > maxFleet:
		return cfg, usagef("-fleet must be between 1 and %d (0: no fleet), got %d", maxFleet, cfg.fleet)
	case cfg.fleet > 0 && instancesSet:
		return cfg, usagef("-fleet and -instances cannot be combined: -fleet %d generates the instances", cfg.fleet)
	case cfg.fleet > 0 && strings.TrimSpace(*statuses) != "":
		return cfg, usagef("-statuses applies to -instances only: a -fleet's backups have the usual mix")
	case cfg.maxInstances < 1 || cfg.maxInstances > mock.LargestMaxInstancesLimit:
		return cfg, usagef("-max-instances-limit must be between 1 and %d, got %d", mock.LargestMaxInstancesLimit, cfg.maxInstances)
	case cfg.backups < 0 || cfg.backups > 100_000:
		return cfg, usagef("-backups must be between 0 and 100000, got %d", cfg.backups)
	case cfg.binlogs.Gaps < 0 || cfg.binlogs.Failed < 0:
		return cfg, usagef("-binlog-gaps and -binlog-failed must not be negative, got %d and %d", cfg.binlogs.Gaps, cfg.binlogs.Failed)
	case cfg.maxLimit < 1 || cfg.maxLimit > mock.LargestMaxLimit:
		return cfg, usagef("-max-limit must be between 1 and %d, got %d", mock.LargestMaxLimit, cfg.maxLimit)
	case cfg.maxRollback < 1 || cfg.maxRollback > mock.LargestMaxRollbackInstances:
		return cfg, usagef("-max-rollback-instances must be between 1 and %d, got %d", mock.LargestMaxRollbackInstances, cfg.maxRollback)
	case cfg.createBackupDuration < 0:
		return cfg, usagef("-create-backup-duration must not be negative, got %s", cfg.createBackupDuration)
	case cfg.rollbackLag < 0 || cfg.rollbackLag%time.Second != 0:
		return cfg, usagef("-rollback-lag must be a whole number of seconds, 0 or more, such as 10m, got %s", cfg.rollbackLag)
	case !validStatuses(*statuses, &cfg.statuses):
		return cfg, usagef("-statuses %q must list SUCCESS, FAILED or RUNNING, separated by commas", *statuses)
	case strings.TrimSpace(cfg.secretID) == "" || strings.TrimSpace(cfg.secretKey) == "":
		return cfg, usagef("-secret-id and -secret-key must not be empty")
	}
	cfg.backupsSet = backupsSet
	if cfg.settings, err = parseSettings(cfg.region, cfg.settings.encryption, settings.backupConfig, settings.remoteBackupConfig,
		settings.localBinlogConfig, settings.downloadRestriction); err != nil {
		return cfg, err
	}
	cfg.newest = time.Now().In(beijing).Truncate(time.Hour)
	if newest != "" {
		t, err := time.Parse(time.RFC3339, newest)
		if err != nil {
			return cfg, usagef("-newest %q is not an RFC 3339 time such as 2024-03-01T02:00:00+08:00", newest)
		}
		cfg.newest = t
	}
	return cfg, nil
}

// parseSettings reads the backup settings flags onto the defaults, with the checks a fixtures
// file gets; a flag left empty keeps the default.
func parseSettings(region, encryption, backupConfig, remoteBackupConfig, localBinlogConfig, downloadRestriction string) (settingsFlags, error) {
	s := settingsFlags{encryption: encryption}
	if encryption != "on" && encryption != "off" {
		return s, usagef("-backup-encryption must be on or off, got %q", encryption)
	}
	read := func(flagName, value string, decode func([]byte) error) error {
		if value == "" {
			return nil
		}
		if err := decode([]byte(value)); err != nil {
			return usagef("-%s: %s", flagName, strings.ReplaceAll(err.Error(), "\n", "; "))
		}
		return nil
	}
	return s, errors.Join(
		read("backup-config", backupConfig, func(data []byte) error {
			c, err := mock.DecodeBackupConfig(data)
			s.backupConfig = &c
			return err
		}),
		read("remote-backup-config", remoteBackupConfig, func(data []byte) error {
			r, err := mock.DecodeRemoteBackupConfig(region, data)
			s.remoteBackupConfig = &r
			return err
		}),
		read("local-binlog-config", localBinlogConfig, func(data []byte) error {
			l, err := mock.DecodeLocalBinlogConfig(data)
			s.localBinlogConfig = &l
			return err
		}),
		read("download-restriction", downloadRestriction, func(data []byte) error {
			d, err := mock.DecodeDownloadRestriction(region, data)
			s.downloadRestriction = &d
			return err
		}))
}

// usageText opens -h, before the flags.
const usageText = `Usage: tcmock [flags]

Serves a mock Tencent Cloud CDB API (DescribeBackups, DescribeBackupDecryptionKey,
DescribeBinlogs, DescribeBackupConfig, DescribeRemoteBackupConfig, DescribeLocalBinlogConfig,
DescribeBackupEncryptionStatus, DescribeBackupDownloadRestriction, DescribeRollbackRangeTime,
DescribeDBInstances, DescribeBackupSummaries, CreateBackup) until interrupted. It prints MOCK_ENDPOINT=<url>, MOCK_STATS=<url> (GET it for
call counts as JSON; POST to /__mock/reset zeroes them), MOCK_STS_ENDPOINT=<url>,
MOCK_METADATA_ENDPOINT=<url>, one MOCK_INSTANCE=<id> per instance and a provider block, then
logs each call to stderr (never a download link or a decryption key). A signature that does not
match is answered as the real API answers it, AuthFailure.SignatureFailure without a cause; the
line before that call's says what did not match (the key, or the signed date, service, Content-
Type, Host or body). About a third of the
generated backups are encrypted (EncryptionFlag on); DescribeBackupDecryptionKey answers each
one's own key, the same on every run (a fixtures file may set keys in "decryption_keys").

Each generated instance also has binlogs (DescribeBinlogs) over the span of its backups, from the
oldest to -newest (the last day when it has none): one about every hour, each starting where the
previous one finished, the newest RUNNING. -binlog-gaps N leaves N stretches out of the chain,
-binlog-failed N makes N of them FAILED. A fixtures file gives an instance binlogs in "binlogs"
(BinlogInfo fields); an instance without them has none.

Each instance answers backup settings: DescribeBackupConfig (retention, method, window, period
save, archive, standard storage), DescribeRemoteBackupConfig, DescribeLocalBinlogConfig and
DescribeBackupEncryptionStatus; DescribeBackupDownloadRestriction answers the region's. They are
a new instance's defaults (7 days, physical, 02:00-06:00 every day, everything else off, local
binlogs 120 hours / 30%, no download restriction) unless -backup-config,
-remote-backup-config, -local-binlog-config, -backup-encryption or -download-restriction say
otherwise: each a JSON object in its answer's shape, read onto the defaults field by field, its
fields checked as the API documents them. A fixtures file sets them per instance
("backup_config", "remote_backup_config", "local_binlog_config", "backup_encryption_status") and
per region ("download_restrictions").

DescribeRollbackRangeTime answers, for each of up to -max-rollback-instances InstanceIds (100 by
default; the API states no maximum), the spans the instance can be rolled back to: each unbroken
chain of SUCCESS binlogs holding a SUCCESS full backup gives one, from the earliest such backup
to the chain's end. -rollback-lag 10m moves the newest span's end 10 minutes earlier, as an API
lagging its binlogs would. A fixtures file may set an instance's "rollback_ranges" (answered as
they are) or "rollback_lag_seconds". IsRemoteZone and BackupRegion are checked, and change
nothing.

Every instance has an inventory (DescribeDBInstances' InstanceInfo, every field): derived from
its ID and region (a name such as prod-orders-3, running, InnoDB 5.6/5.7/8.0, a zone, VPC and
10.x.y.z address, a size CDB sells, created before its oldest backup, no tags) unless a fixtures
file gives it one ("instance", an InstanceInfo object read onto that default field by field).
DescribeDBInstances filters (InstanceIds, InstanceNames, Status, EngineVersions, Tags, ...),
orders (createTime DESC by default) and pages them, Limit up to -max-instances-limit (2000, as
the SDK documents). DescribeBackupSummaries counts each instance's SUCCESS backups and binlogs,
per Product (mysql, mysql-basic for BASIC instances, mysql-cluster for cloud-native clusters).
-fleet N generates N instances in place of -instances, a realistic fleet: tags env
(prod/staging/dev) and team, some untagged, mostly running, a few isolated or being created,
mixed versions and sizes, -backups each (8 by default), newest within the last day.
With -fixtures too, the file's instances come after the fleet's; the generation flags shape
the fleet only. -fixtures-as-of T moves every time of the fixtures file by the span from T to
-newest (the current hour by default), so that its ages hold beside a fleet dated from the clock.

DescribeBinlogs' ContainsMinStartTime is documented only as "whether the returned list contains
the MinStartTime start node"; how the real API reads it is not confirmed, so the mock serves
either reading (-contains-min-start-time):
  running  (default) true also lists the binlog being written at MinStartTime, which started
           before it; a binlog starting at MinStartTime is listed either way
  strict   no binlog that started before MinStartTime is listed; true lists those starting at
           or after it, false those starting after it
A client whose answers must not hang on the reading can be run against both.

CreateBackup makes a manual backup at the head of DescribeBackups: RUNNING, its Progress growing
with the time, then SUCCESS after -create-backup-duration (30s; 0 at once), or FAILED with
-create-backup-fail or when BackupDBTableList names a database or table the instance does not
have (each instance has derived ones; a fixtures file sets "databases": {"db": ["table"]}). One
backup of an instance runs at a time: while one is RUNNING, CreateBackup is refused
OperationDenied.ActionInProcess. The generator's newest backup is RUNNING and never ends, so
generate with -statuses SUCCESS,FAILED to try CreateBackup. Basic (single-node) instances take
snapshot only (OperationDenied.ActionNotSupport), instances not running none
(FailedOperation.StatusConflict). Each call that gets through makes a backup: it is not idempotent.

The same server answers STS (AssumeRole, GetCallerIdentity; calls signed for service sts) and
the CVM metadata service (GET /latest/meta-data/cam/security-credentials/<role>). -role-arn
adds roles the -secret-id's account (100000000001) may assume, -instance-role the instance's
role; their temporary credentials need their token and expire (-credential-lifetime).

Reliability flags make it fail like the real API and network do. Fault kinds:
  internal     an InternalError code (HTTP 200, API error shape), after the signature check
  ratelimit    RequestLimitExceeded or one of its kin, after the signature check
  unavailable  ServiceUnavailable or ResourceUnavailable, after the signature check
  502          HTTP 502 with an HTML page, before any check
  close        the connection is closed without an answer, before any check
  stall        the call is held for -stall, then answered normally
  truncated    the real answer cut in the middle (HTTP 200, invalid JSON)
-quota answers RequestLimitExceeded over its rate (a token bucket per SecretId holding
max(1, quota) calls; with -quota-per-action one per SecretId and action, as Tencent Cloud counts
quotas); -mutate-* add and expire backups while clients page through them.
-max-limit sets the largest page DescribeBackups and DescribeBinlogs answer: a larger Limit is
refused as an invalid parameter value naming Limit. It is 1000 by default, the maximum Tencent
Cloud's current API reference gives; -max-limit 100 is the original specification page's bound
(the provider asks for 1000 first and falls back to 100 when refused).

Flags:
`

func faultKindList() string {
	var names []string
	for _, k := range mock.AllFaultKinds() {
		names = append(names, string(k))
	}
	return strings.Join(names, ",")
}

// checkReliabilityFlags refuses fault, quota, latency and mutation values the mock cannot honour.
func checkReliabilityFlags(cfg config) error {
	switch f, m := cfg.faults, cfg.mutation; {
	case math.IsNaN(f.Rate) || f.Rate < 0 || f.Rate > 1:
		return usagef("-fault-rate must be between 0 and 1, got %v", f.Rate)
	case f.StallFor <= 0:
		return usagef("-stall must be a positive duration such as 30s, got %s", f.StallFor)
	case cfg.latency < 0:
		return usagef("-latency must not be negative, got %s", cfg.latency)
	case math.IsNaN(cfg.quota) || math.IsInf(cfg.quota, 0) || cfg.quota < 0:
		return usagef("-quota must be a number of calls per second >= 0 (0: no limit), got %v", cfg.quota)
	case m.EveryCalls < 0 || m.Add < 0 || m.Remove < 0:
		return usagef("-mutate-every, -mutate-add and -mutate-remove must not be negative, got %d, %d, %d", m.EveryCalls, m.Add, m.Remove)
	case m.EveryCalls > 0 && m.Add == 0 && m.Remove == 0:
		return usagef("-mutate-every %d needs -mutate-add or -mutate-remove: without them nothing changes", m.EveryCalls)
	case m.EveryCalls == 0 && (m.Add > 0 || m.Remove > 0):
		return usagef("-mutate-add and -mutate-remove need -mutate-every: it says how often the backups change")
	}
	return nil
}

// run serves until ctx is done. It is main without the process: testable, and exiting nowhere.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	fixtures, err := loadOrGenerate(cfg)
	if err != nil {
		return err
	}
	region := cfg.region
	if cfg.fixtures != "" && !cfg.regionSet && len(fixtures.Instances) > 0 {
		region = fixtures.Instances[0].Region
	}

	// The call log and the mock's reasons for its refusals share stderr, a line at a time.
	logOut := &lineWriter{w: stderr}
	var logf func(format string, args ...any)
	if !cfg.quiet {
		logf = func(format string, args ...any) {
			fmt.Fprintf(logOut, "%s   %s\n", time.Now().Format(time.TimeOnly), fmt.Sprintf(format, args...))
		}
	}
	server := mock.NewServer(mock.Options{
		Logf:                        logf,
		Credentials:                 map[string]string{cfg.secretID: cfg.secretKey},
		Faults:                      cfg.faults,
		Quota:                       cfg.quota,
		QuotaPerAction:              cfg.quotaPerAction,
		MaxInstancesLimit:           cfg.maxInstances,
		Latency:                     cfg.latency,
		Mutation:                    cfg.mutation,
		MaxLimit:                    cfg.maxLimit,
		TemporaryCredentialLifetime: cfg.credentialLifetime,
		ContainsMinStartTime:        cfg.containsMin,
		MaxRollbackInstances:        cfg.maxRollback,
		RollbackLag:                 cfg.rollbackLag,
		CreateBackupFailure:         cfg.createBackupFail,
	})
	// Set apart from the options, where 0 means the default: here it ends the backups at once.
	if err := server.SetCreateBackupDuration(cfg.createBackupDuration); err != nil {
		return usagef("-create-backup-duration: %v", err)
	}
	server.AddInstances(fixtures)
	ids := make([]string, 0, len(fixtures.Instances))
	for _, inst := range fixtures.Instances {
		ids = append(ids, inst.InstanceID)
	}
	// The server holds copies of the fixtures: a large -fleet's generated ones are garbage now,
	// and handed back to the system before serving, so that the process stays small.
	fixtures = nil
	debug.FreeOSMemory()
	for _, arn := range cfg.roleARNs {
		// Trusting the key's account by name lets it assume roles of other accounts too.
		if err := server.AddRole(mock.Role{ARN: arn, TrustedAccounts: []string{mock.DefaultAccountID}}); err != nil {
			return usagef("-role-arn: %v", err)
		}
	}
	if cfg.instanceRole != "" {
		if err := server.AddInstanceRole(cfg.instanceRole, mock.DefaultAccountID); err != nil {
			return usagef("-instance-role: %v", err)
		}
	}

	ln, err := net.Listen("tcp", cfg.listen)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", cfg.listen, err)
	}
	endpoint := "http://" + reachableAddr(ln.Addr())
	handler := server.Handler()
	if !cfg.quiet {
		// Wrapped by the mock, so that calls through a CONNECT tunnel are logged too.
		handler = server.WrapHandler(func(next http.Handler) http.Handler { return logCalls(next, logOut) })
	}
	httpServer := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- httpServer.Serve(ln) }()

	// The ready file comes first: whoever has read the banner finds it in place.
	if cfg.readyFile != "" {
		if err := writeReadyFile(cfg.readyFile, endpoint); err != nil {
			_ = httpServer.Close()
			return err
		}
		defer os.Remove(cfg.readyFile)
	}

	var out strings.Builder
	fmt.Fprintf(&out, "MOCK_ENDPOINT=%s\n", endpoint)
	fmt.Fprintf(&out, "MOCK_STATS=%s%s\n", endpoint, mock.StatsPath)
	fmt.Fprintf(&out, "MOCK_STS_ENDPOINT=%s\n", endpoint)
	fmt.Fprintf(&out, "MOCK_METADATA_ENDPOINT=%s\n", endpoint)
	for _, arn := range cfg.roleARNs {
		fmt.Fprintf(&out, "MOCK_ROLE_ARN=%s\n", arn)
	}
	if cfg.instanceRole != "" {
		fmt.Fprintf(&out, "MOCK_INSTANCE_ROLE=%s\n", cfg.instanceRole)
	}
	for _, id := range ids {
		fmt.Fprintf(&out, "MOCK_INSTANCE=%s\n", id)
	}
	fmt.Fprintf(&out, "\n# Provider configuration for this mock:\nprovider \"tencentcloud\" {\n"+
		"  region     = %q\n  secret_id  = %q\n  secret_key = %q\n  endpoints {\n    cdb = %q\n    sts = %q\n  }\n",
		region, cfg.secretID, cfg.secretKey, endpoint, endpoint)
	if len(cfg.roleARNs) > 0 {
		fmt.Fprintf(&out, "  assume_role {\n    role_arn = %q\n  }\n", cfg.roleARNs[0])
	}
	out.WriteString("}\n")
	if _, err := io.WriteString(stdout, out.String()); err != nil {
		_ = httpServer.Close()
		return fmt.Errorf("writing to stdout: %w", err)
	}

	select {
	case <-ctx.Done():
	case err := <-served:
		_ = server.Close()
		return fmt.Errorf("serving: %w", err)
	}
	// Close first: it ends the calls held by -latency or a stall, which Shutdown would wait for.
	_ = server.Close()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := httpServer.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutting down: %w", err)
	}
	if !cfg.quiet {
		st := server.Stats()
		fmt.Fprintf(stderr, "tcmock: served %d calls: %d refused by the quota, %d refused for a Limit above %d, "+
			"%d refused for more than %d InstanceIds, %d faults %v, "+
			"peak concurrency %d; %d STS calls (%d credentials issued), %d metadata requests (%d credentials issued); "+
			"%d CONNECT tunnels\n",
			st.Calls, st.Refused, st.LimitTooLarge, cfg.maxLimit, st.RollbackBatchTooLarge, cfg.maxRollback, st.Faults, st.FaultsByKind, st.PeakConcurrency,
			st.STSCalls, st.AssumeRoleIssued, st.MetadataRequests, st.MetadataFetches, st.Tunnels)
		if cfg.quota > 0 && len(st.Actions) > 0 {
			fmt.Fprintf(stderr, "tcmock: calls per action: %s\n", perAction(st))
		}
	}
	return nil
}

// perAction is the closing summary's count of calls per action, with the quota's refusals.
func perAction(st mock.Stats) string {
	var counts []string
	for _, name := range slices.Sorted(maps.Keys(st.Actions)) {
		counts = append(counts, fmt.Sprintf("%s %d (%d refused by the quota)", name, st.Actions[name].Calls, st.Actions[name].Refused))
	}
	return strings.Join(counts, ", ")
}

// loadOrGenerate reads the fixtures file, or generates instances from the seed; with -fleet and
// -fixtures, the fleet and then the file's instances.
func loadOrGenerate(cfg config) (*mock.Fixtures, error) {
	if cfg.fixtures != "" && cfg.fleet == 0 {
		return loadFixtures(cfg, nil)
	}
	f := &mock.Fixtures{}
	if cfg.fleet > 0 {
		backups := mock.DefaultFleetBackups
		switch {
		case cfg.backupsSet && cfg.backups == 0:
			backups = -1 // none
		case cfg.backupsSet:
			backups = cfg.backups
		}
		f.Instances = mock.GenerateFleet(mock.FleetOptions{Region: cfg.region, Instances: cfg.fleet, Backups: backups,
			Newest: cfg.newest, Seed: cfg.seed, Binlogs: cfg.binlogs})
		for i := range f.Instances {
			inst := &f.Instances[i]
			inst.BackupConfig, inst.RemoteBackupConfig = cfg.settings.backupConfig, cfg.settings.remoteBackupConfig
			inst.LocalBinlogConfig, inst.BackupEncryptionStatus = cfg.settings.localBinlogConfig, cfg.settings.encryption
		}
	}
	generated := cfg.instances
	if cfg.fleet > 0 {
		generated = 0
	}
	for _, id := range instanceIDs(cfg.seed, generated) {
		backups := generate(id, cfg)
		binlogs, err := generateBinlogs(id, cfg, backups)
		if err != nil {
			return nil, err
		}
		f.Instances = append(f.Instances, mock.FixtureInstance{
			Region:                 cfg.region,
			InstanceID:             id,
			Backups:                backups,
			Binlogs:                binlogs,
			BackupConfig:           cfg.settings.backupConfig,
			RemoteBackupConfig:     cfg.settings.remoteBackupConfig,
			LocalBinlogConfig:      cfg.settings.localBinlogConfig,
			BackupEncryptionStatus: cfg.settings.encryption,
		})
	}
	if r := cfg.settings.downloadRestriction; r != nil {
		f.DownloadRestrictions = mock.DownloadRestrictions{cfg.region: *r}
	}
	if cfg.fixtures != "" {
		return loadFixtures(cfg, f.Instances)
	}
	return f, nil
}

// generateBinlogs makes an instance's binlogs over the span of its backups, from the oldest one's
// date to -newest (the last day when it has none), and refuses -binlog-gaps or -binlog-failed
// when the chain is too short to hold them.
func generateBinlogs(id string, cfg config, backups []mock.Backup) ([]mock.Binlog, error) {
	from := cfg.newest.Add(-24 * time.Hour)
	if len(backups) > 0 {
		oldest, err := time.ParseInLocation(time.DateTime, backups[len(backups)-1].Date, beijing)
		if err != nil {
			return nil, fmt.Errorf("instance %s: the date of its oldest backup %q: %w", id, backups[len(backups)-1].Date, err)
		}
		from = oldest
	}
	binlogs := mock.GenerateBinlogs(id, cfg.region, from, cfg.newest, cfg.binlogs)
	gaps, failed := 0, 0
	for i, b := range binlogs {
		if i+1 < len(binlogs) && b.BinlogStartTime != binlogs[i+1].BinlogFinishTime {
			gaps++
		}
		if b.Status == "FAILED" {
			failed++
		}
	}
	switch {
	case gaps < cfg.binlogs.Gaps:
		return nil, usagef("-binlog-gaps %d: the %d binlogs of instance %s have room for %d gaps only; generate more -backups",
			cfg.binlogs.Gaps, len(binlogs), id, gaps)
	case failed < cfg.binlogs.Failed:
		return nil, usagef("-binlog-failed %d: instance %s has %d binlogs that may fail only; generate more -backups or fewer -binlog-gaps",
			cfg.binlogs.Failed, id, failed)
	}
	return binlogs, nil
}

// generate makes an instance's backups; with -statuses, the first of a longer generated list that have one of
// those statuses, so that each keeps the fields its status implies (no links on FAILED, no finish time on RUNNING).
func generate(id string, cfg config) []mock.Backup {
	if len(cfg.statuses) == 0 {
		return mock.GenerateBackups(id, cfg.region, cfg.backups, cfg.newest)
	}
	out := make([]mock.Backup, 0, cfg.backups)
	for n := cfg.backups * 2; len(out) < cfg.backups; n *= 2 {
		out = out[:0]
		for _, b := range mock.GenerateBackups(id, cfg.region, n+8, cfg.newest) {
			if slices.Contains(cfg.statuses, b.Status) && len(out) < cfg.backups {
				out = append(out, b)
			}
		}
		if n > 64*cfg.backups+64 { // a status the generator never makes at this size (RUNNING: only the newest)
			break
		}
	}
	return out
}

// validStatuses parses -statuses into into; an empty list is valid.
func validStatuses(list string, into *[]string) bool {
	if strings.TrimSpace(list) == "" {
		return true
	}
	for _, s := range strings.Split(list, ",") {
		s = strings.ToUpper(strings.TrimSpace(s))
		if s != "SUCCESS" && s != "FAILED" && s != "RUNNING" {
			return false
		}
		*into = append(*into, s)
	}
	return true
}

// instanceIDs makes n distinct instance IDs shaped like real ones ("cdb-" and 8 lower-case
// letters or digits), the same for the same seed. PCG's output is fixed by its definition, so
// the IDs do not change with the Go release.
func instanceIDs(seed uint64, n int) []string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	rng := rand.NewPCG(seed, 0x7463_6d6f_636b) // "tcmock"
	ids := make([]string, 0, n)
	seen := map[string]bool{}
	for len(ids) < n {
		var b [8]byte
		v := rng.Uint64()
		for i := range b {
			b[i] = alphabet[v%uint64(len(alphabet))]
			v /= uint64(len(alphabet))
		}
		id := "cdb-" + string(b[:])
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids
}

// reachableAddr turns a wildcard listen address into one a client can dial.
func reachableAddr(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return addr.String()
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}

// writeReadyFile writes the endpoint through a rename, so a script polling for the file never
// reads it half written.
func writeReadyFile(path, endpoint string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tcmock-ready-*")
	if err != nil {
		return fmt.Errorf("writing -ready-file: %w", err)
	}
	_, werr := tmp.WriteString(endpoint + "\n")
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing -ready-file: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing -ready-file: %w", err)
	}
	return nil
}

// logCalls logs one line per call: what was asked and what was answered. It logs no secrets
// (no credentials STS or the metadata service issue, no decryption keys) and no download links.
func logCalls(next http.Handler, w io.Writer) http.Handler {
	var mu sync.Mutex
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodConnect {
			mu.Lock()
			fmt.Fprintf(w, "%s CONNECT %s -> tunnel to the mock\n", time.Now().Format(time.TimeOnly), r.Host)
			mu.Unlock()
			next.ServeHTTP(rw, r) // serves the calls sent through the tunnel, each logged, until it closes
			return
		}
		if r.URL.Path == mock.StatsPath || r.URL.Path == mock.ResetPath {
			next.ServeHTTP(rw, r) // the mock's own paths: no API call to log
			return
		}
		if strings.HasPrefix(r.URL.Path, "/latest/meta-data") {
			rec := &recorder{ResponseWriter: rw, status: http.StatusOK}
			next.ServeHTTP(rec, r)
			mu.Lock()
			defer mu.Unlock()
			fmt.Fprintf(w, "%s metadata %s %s -> HTTP %d\n", time.Now().Format(time.TimeOnly), r.Method, r.URL.Path, rec.status)
			return
		}
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), r.Body))
		params := bytes.TrimSpace(body)
		if len(params) > 200 {
			params = append(params[:200:200], "..."...)
		}
		logLine := func(outcome, requestID string) {
			mu.Lock()
			defer mu.Unlock()
			fmt.Fprintf(w, "%s %s host=%s region=%s params=%s -> %s %s\n",
				time.Now().Format(time.TimeOnly), r.Header.Get("X-TC-Action"), r.Host, r.Header.Get("X-TC-Region"),
				params, outcome, requestID)
		}
		rec := &recorder{ResponseWriter: rw, status: http.StatusOK, beforeClose: func() { logLine("connection closed", "") }}
		next.ServeHTTP(rec, r)
		if rec.hijacked {
			if rec.hook != nil {
				rec.hook.once.Do(rec.hook.before) // a connection the handler left open is logged now
			}
			return
		}

		var answer struct {
			Response struct {
				TotalCount *int64
				Items      []json.RawMessage
				BackupId   *uint64
				Error      *struct{ Code string }
				RequestId  string
			}
		}
		outcome := fmt.Sprintf("HTTP %d", rec.status)
		switch err := json.Unmarshal(rec.body.Bytes(), &answer); {
		case err != nil && rec.status == http.StatusOK:
			outcome = fmt.Sprintf("HTTP 200, %d bytes that are not JSON", rec.body.Len())
		case err != nil:
		case answer.Response.Error != nil:
			outcome = answer.Response.Error.Code
		case answer.Response.TotalCount != nil:
			outcome = fmt.Sprintf("OK %d of %d", len(answer.Response.Items), *answer.Response.TotalCount)
		case answer.Response.BackupId != nil:
			outcome = fmt.Sprintf("OK BackupId %d", *answer.Response.BackupId) // CreateBackup
		case rec.status == http.StatusOK && answer.Response.RequestId != "":
			outcome = "OK" // an STS or decryption key answer, whose secrets are not logged
		}
		logLine(outcome, answer.Response.RequestId)
	})
}

// lineWriter lets goroutines write whole lines to one writer without interleaving them.
type lineWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lineWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// recorder keeps a copy of what the handler answers, for logCalls.
type recorder struct {
	http.ResponseWriter
	status   int
	body     bytes.Buffer
	hijacked bool
	// beforeClose runs when the mock closes a hijacked connection, before the client can see it closed: the call's
	// line is logged then, since the server's shutdown does not wait for the handlers of hijacked connections.
	beforeClose func()
	hook        *closeHook
}

// Hijack lets the mock close a connection without answering (its "close" fault).
func (r *recorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	r.hijacked = true
	conn, rw, err := http.NewResponseController(r.ResponseWriter).Hijack()
	if err != nil || r.beforeClose == nil {
		return conn, rw, err
	}
	r.hook = &closeHook{Conn: conn, before: r.beforeClose}
	return r.hook, rw, nil
}

// closeHook is a connection that runs before once, just before it is first closed.
type closeHook struct {
	net.Conn
	once   sync.Once
	before func()
}

func (c *closeHook) Close() error {
	c.once.Do(c.before)
	return c.Conn.Close()
}

// Unwrap gives http.ResponseController the connection's own writer.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (r *recorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(p []byte) (int, error) {
	r.body.Write(p)
	return r.ResponseWriter.Write(p)
}
