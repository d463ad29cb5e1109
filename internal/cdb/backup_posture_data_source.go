package cdb

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/engine"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// NewBackupPostureDataSource returns tencentcloud_cdb_backup_posture, which reads the backup facts of every
// instance selected in one read.
func NewBackupPostureDataSource() datasource.DataSource { return backupPosture.DataSource() }

// defaultWindow is the window of successful_backups_in_last without window.
const defaultWindow = 24 * time.Hour

var backupPosture = engine.NewFleet(engine.FleetSpec[tencentcloud.InstanceInfo, posture, *tencentcloud.Client]{
	TypeName: "tencentcloud_cdb_backup_posture",
	Description: "Reads the backup posture of every TencentDB for MySQL (CDB) instance of the region, or of those the arguments " +
		"select (as `tencentcloud_cdb_instances` selects them), in one read: each instance's inventory, its latest successful " +
		"backup, its backup policy, the spans Tencent Cloud can restore it to, and its backup volumes. A fleet's question in one " +
		"data source, instead of several per instance.\n\n" + postureCallsDoc,
	Select:     instances,
	Items:      postureTable,
	ItemsAttr:  "instances",
	ItemsDoc:   "One element per instance selected, newest first (as `tencentcloud_cdb_instances` orders them), without those in `failed_instances`.",
	FailedAttr: "failed_instances",
	Arguments: []engine.Argument{
		engine.DurationArgument("window", "How far back `successful_backups_in_last` counts, a duration such as `\"24h\"` or `\"26h\"`; "+
			"`\"24h\"` by default."),
	},
	Read: readPosture,
})

// postureCallsDoc is what the docs say of the calls a read makes.
const postureCallsDoc = "**Calls.** For N instances selected (of M in the region), one read makes: `DescribeDBInstances`, one call " +
	"per 2,000 instances; `DescribeBackups`, one per instance (one per 1,000 backups of it: the whole list is read, because " +
	"the API does not document the order of its answer, so the newest successful backup could be on any page); " +
	"`DescribeBackupConfig`, `DescribeRemoteBackupConfig`, `DescribeLocalBinlogConfig` and `DescribeBackupEncryptionStatus`, one " +
	"each per instance; `DescribeRollbackRangeTime`, one per 100 instances; `DescribeBackupSummaries`, one per 100 instances " +
	"of the region (of each kind of instance selected: its answer covers the whole region). Tencent Cloud's quotas are per " +
	"action, so the actions run side by side, each within its own rate limit and the provider's `max_concurrency`: the read takes " +
	"about as long as N calls at the slowest quota of the per-instance actions (1,000 instances at 20 calls per second: about " +
	"50 seconds). No selection selects nothing out: a read of the whole region. An empty selection makes no call but " +
	"`DescribeDBInstances`."

// posture is one instance's backup posture: its inventory, and what the other actions say of it.
type posture struct {
	tencentcloud.InstanceInfo
	LatestSuccessfulBackup *tencentcloud.BackupInfo          `json:"LatestSuccessfulBackup"`
	SuccessfulBackups      *int64                            `json:"SuccessfulBackupsInWindow"`
	Policy                 *tencentcloud.BackupPolicy        `json:"Policy"`
	Ranges                 []*tencentcloud.RollbackTimeRange `json:"Ranges"`
	Earliest               *string                           `json:"EarliestRestorableTime"`
	Latest                 *string                           `json:"LatestRestorableTime"`
	Summary                *tencentcloud.BackupSummaryItem   `json:"Summary"`
}

// latestBackupView is what the posture shows of the latest successful backup.
var latestBackupView = engine.View[tencentcloud.BackupInfo]("backup", backupInfo.Rows("backup_id", "date", "size", "method", "type", "way")...)

// postureTable is one instance's posture: the rows of instanceInfo, then the posture's own.
var postureTable = engine.Describe[posture]("backup posture", "InstanceId", append(instanceInfo.Rows(),
	engine.ObjectField("LatestSuccessfulBackup", "latest_successful_backup", latestBackupView,
		"The newest backup whose status is `SUCCESS` (by `date`, then `backup_id`); null when there is none.").
		DerivedFrom("`DescribeBackups`, every page"),
	engine.IntegerField("SuccessfulBackupsInWindow", "successful_backups_in_last", "Number of backups whose status is `SUCCESS` and "+
		"whose `date` is within the last `window`, up to the time of the read.").
		DerivedFrom("`DescribeBackups`, every page"),
	engine.ObjectField("Policy", "policy", backupPolicyTable, "The backup policy, with every attribute of `tencentcloud_cdb_backup_policy`.").
		DerivedFrom("`DescribeBackupConfig`, `DescribeRemoteBackupConfig`, `DescribeLocalBinlogConfig` and `DescribeBackupEncryptionStatus`"),
	engine.ListField("Ranges", "recovery_ranges", rollbackTimeRange, "The spans Tencent Cloud can roll the instance back to, oldest "+
		"first, as `tencentcloud_cdb_recovery_ranges` shows them.").
		DerivedFrom("`DescribeRollbackRangeTime`'s `Times`"),
	engine.TimeField("EarliestRestorableTime", "earliest_restorable_time", "Earliest moment the instance can be rolled back to; null without a range.").
		DerivedFrom("the `start` of the oldest range"),
	engine.TimeField("LatestRestorableTime", "latest_restorable_time", "Latest moment the instance can be rolled back to; null without a range.").
		DerivedFrom("the `finish` of the newest range"),
	engine.IntegerField("Summary.DataBackupVolume", "backup_volume", "Bytes of the instance's data backups, automatic and manual; "+
		"null when `DescribeBackupSummaries` does not list the instance.").DerivedFrom("`DescribeBackupSummaries`' `DataBackupVolume`"),
	engine.IntegerField("Summary.BinlogBackupVolume", "binlog_volume", "Bytes of the instance's binlog backups; null when "+
		"`DescribeBackupSummaries` does not list the instance.").DerivedFrom("`DescribeBackupSummaries`' `BinlogBackupVolume`"),
	engine.OmittedField("Summary.InstanceId", "the instance's `instance_id`"),
	engine.OmittedField("Summary.AutoBackupCount", "counts and volumes by way; `tencentcloud_cdb_backups` lists every backup"),
	engine.OmittedField("Summary.AutoBackupVolume", "counts and volumes by way; `tencentcloud_cdb_backups` lists every backup"),
	engine.OmittedField("Summary.ManualBackupCount", "counts and volumes by way; `tencentcloud_cdb_backups` lists every backup"),
	engine.OmittedField("Summary.ManualBackupVolume", "counts and volumes by way; `tencentcloud_cdb_backups` lists every backup"),
	engine.OmittedField("Summary.DataBackupCount", "counts; `tencentcloud_cdb_backups` lists every backup"),
	engine.OmittedField("Summary.BinlogBackupCount", "counts; `tencentcloud_cdb_binlogs` lists every binlog"),
	engine.OmittedField("Summary.BackupVolume", "the sum of `backup_volume` and `binlog_volume`"),
)...)

// readPosture reads the posture of the instances selected. The calls are planned, not looped: the summaries of the
// region, the recovery ranges in batches, and each instance's backups and policy, every action at once, each
// action's calls one after another within its rate limit (tencentcloud.Client.Each).
func readPosture(ctx context.Context, c *tencentcloud.Client, selected []*tencentcloud.InstanceInfo, args engine.Args) ([]*posture, []engine.ScopeFailure, error) {
	n := len(selected)
	if n == 0 {
		return nil, nil, nil
	}
	window := args.Duration("window", defaultWindow)
	now := time.Now()
	out := make([]*posture, n)
	ids := make([]string, n)
	for i, inst := range selected {
		out[i] = &posture{InstanceInfo: *inst}
		ids[i] = deref(inst.InstanceID)
	}
	backupFailures := make([]*engine.ScopeFailure, n)
	policyFailures := make([]*engine.ScopeFailure, n)
	var rangeFailures map[string]engine.ScopeFailure
	var summaries map[string]*tencentcloud.BackupSummaryItem

	var wg sync.WaitGroup
	var rangesErr, summariesErr error
	wg.Go(func() {
		summaries, summariesErr = readSummaries(ctx, c, selected)
	})
	wg.Go(func() {
		rangeFailures, rangesErr = readRanges(ctx, c, ids, out)
	})
	wg.Go(func() {
		c.Each(ctx, n, func(i int) {
			backupFailures[i] = readBackupFacts(ctx, c, out[i], ids[i], now, window)
		})
	})
	wg.Go(func() {
		c.Each(ctx, n, func(i int) {
			p, err := c.DescribeBackupPolicy(ctx, ids[i])
			if err != nil {
				policyFailures[i] = instanceFailure(ids[i], err)
				return
			}
			out[i].Policy = p
		})
	})
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, nil, fmt.Errorf("the read was cancelled: %w", err)
	}
	if err := errors.Join(summariesErr, rangesErr); err != nil {
		return nil, nil, err
	}
	var read []*posture
	var failures []engine.ScopeFailure
	for i, p := range out {
		p.Summary = summaries[ids[i]]
		switch {
		case backupFailures[i] != nil:
			failures = append(failures, *backupFailures[i])
		case policyFailures[i] != nil:
			failures = append(failures, *policyFailures[i])
		default:
			if f, failed := rangeFailures[ids[i]]; failed {
				failures = append(failures, f)
				continue
			}
			read = append(read, p)
		}
	}
	return read, failures, nil
}

// readBackupFacts lists every backup of an instance, and keeps the newest successful one and the count of those in
// the window; a failure is the instance's.
func readBackupFacts(ctx context.Context, c *tencentcloud.Client, p *posture, id string, now time.Time, window time.Duration) *engine.ScopeFailure {
	fetch := func(ctx context.Context, offset, limit int64) (engine.Page[tencentcloud.BackupInfo], error) {
		out, err := c.DescribeBackups(ctx, tencentcloud.DescribeBackupsInput{InstanceID: id, Offset: offset, Limit: limit})
		if err != nil {
			return engine.Page[tencentcloud.BackupInfo]{}, err
		}
		return engine.Page[tencentcloud.BackupInfo]{Total: out.TotalCount, Items: out.Items, Limit: out.Limit}, nil
	}
	listed, err := engine.ListAll(ctx, fetch, backupInfo, id, 0, tencentcloud.LargestPageSize)
	if err != nil {
		return instanceFailure(id, err)
	}
	var count int64
	var latest *tencentcloud.BackupInfo
	var latestAt time.Time
	since := now.Add(-window)
	for _, b := range listed.Items {
		if b == nil || deref(b.Status) != "SUCCESS" {
			continue
		}
		at, err := engine.ParseAPITime(b.Date)
		if err != nil || at == nil {
			continue
		}
		if !at.Before(since) && !at.After(now) {
			count++
		}
		if latest == nil || at.After(latestAt) || (at.Equal(latestAt) && derefInt(b.BackupID) > derefInt(latest.BackupID)) {
			latest, latestAt = b, *at
		}
	}
	p.LatestSuccessfulBackup, p.SuccessfulBackups = latest, &count
	return nil
}

// readRanges reads the recovery ranges of every instance in batches into out (in the order of ids); the instances
// the answer fails for are returned by ID.
func readRanges(ctx context.Context, c *tencentcloud.Client, ids []string, out []*posture) (map[string]engine.ScopeFailure, error) {
	answers, err := c.DescribeRollbackRangeTime(ctx, tencentcloud.RollbackRangesInput{InstanceIDs: ids})
	if err != nil {
		return nil, err
	}
	index := make(map[string]int, len(ids))
	for i, id := range ids {
		index[id] = i
	}
	failures := map[string]engine.ScopeFailure{}
	answered := map[string]bool{}
	for _, a := range answers {
		if a == nil || a.InstanceID == nil {
			continue
		}
		i, ok := index[*a.InstanceID]
		if !ok || answered[*a.InstanceID] {
			continue
		}
		answered[*a.InstanceID] = true
		if a.Code != nil && *a.Code != 0 {
			failures[*a.InstanceID] = engine.ScopeFailure{ID: *a.InstanceID, Code: fmt.Sprint(*a.Code),
				Message: "DescribeRollbackRangeTime: " + deref(a.Message), NotFound: *a.Code == tencentcloud.RollbackInstanceNotFound}
			continue
		}
		r := newInstanceRecoveryRanges(a)
		out[i].Ranges, out[i].Earliest, out[i].Latest = r.Times, r.Earliest, r.Latest
	}
	for _, id := range ids {
		if !answered[id] {
			failures[id] = engine.ScopeFailure{ID: id, Message: "DescribeRollbackRangeTime's answer has no entry for the instance"}
		}
	}
	return failures, nil
}

// readSummaries reads the backup summaries of the region, for each product an instance selected is of, at once.
func readSummaries(ctx context.Context, c *tencentcloud.Client, selected []*tencentcloud.InstanceInfo) (map[string]*tencentcloud.BackupSummaryItem, error) {
	var products []string
	for _, inst := range selected {
		if p := productOf(deref(inst.DeviceType)); !slices.Contains(products, p) {
			products = append(products, p)
		}
	}
	slices.Sort(products)
	answers := make([][]*tencentcloud.BackupSummaryItem, len(products))
	errs := make([]error, len(products))
	var wg sync.WaitGroup
	for i, p := range products {
		wg.Go(func() { answers[i], errs[i] = c.DescribeBackupSummaries(ctx, p) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	out := map[string]*tencentcloud.BackupSummaryItem{}
	for _, items := range answers {
		for _, item := range items {
			if _, dup := out[deref(item.InstanceID)]; !dup {
				out[deref(item.InstanceID)] = item
			}
		}
	}
	return out, nil
}

// productOf is the DescribeBackupSummaries product that covers instances of a DeviceType: single-node instances
// are mysql-basic, cloud-native clusters mysql-cluster, the others (two and three nodes) mysql.
func productOf(deviceType string) string {
	switch {
	case strings.HasPrefix(deviceType, "BASIC"):
		return tencentcloud.ProductMySQLBasic
	case strings.HasPrefix(deviceType, "CLOUD_NATIVE_CLUSTER"):
		return tencentcloud.ProductMySQLCluster
	default:
		return tencentcloud.ProductMySQL
	}
}

// instanceFailure is a failed call for one instance, as failed_instances lists it: the API's code, and the error,
// which names the action and RequestId.
func instanceFailure(id string, err error) *engine.ScopeFailure {
	f := &engine.ScopeFailure{ID: id, Message: err.Error()}
	var apiErr *tencentcloud.APIError
	if errors.As(err, &apiErr) {
		f.Code = apiErr.Code
		f.NotFound = instanceNotFoundCodes[apiErr.Code]
	}
	return f
}

func derefInt(n *int64) int64 {
	if n == nil {
		return 0
	}
	return *n
}
