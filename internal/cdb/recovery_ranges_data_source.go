package cdb

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/engine"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// NewRecoveryRangesDataSource returns tencentcloud_cdb_recovery_ranges, which reads the spans Tencent Cloud will
// roll instances back to.
func NewRecoveryRangesDataSource() datasource.DataSource { return recoveryRanges.DataSource() }

var recoveryRanges = engine.NewBatch(engine.BatchSpec[instanceRecoveryRanges, *tencentcloud.Client]{
	TypeName: "tencentcloud_cdb_recovery_ranges",
	Description: "Reads the spans of time to which Tencent Cloud will roll TencentDB for MySQL (CDB) instances back, or clone them " +
		"(`DescribeRollbackRangeTime`): the answer a restore obeys. The instances are asked for in as few calls as the API " +
		"takes (" + fmt.Sprint(tencentcloud.LargestRollbackBatch) + " per call, fewer if the API refuses that), sent at once within the action's rate limit.",
	Scope:      instance,
	ScopesAttr: "instance_ids",
	ScopesDoc:  "IDs of the instances, e.g. `[\"cdb-c1nl9rpv\"]`; at least one. A repeated ID is read once.",
	Items:      instanceRecoveryRangesTable,
	ItemsAttr:  "instances",
	ItemsDoc:   "One element per instance, in the order of `instance_ids` (repeats and missing instances dropped).",
	Arguments: []engine.Argument{
		engine.FlagArgument("remote_zone", "Ask for the spans of a clone in another availability zone (the API's `IsRemoteZone`); `false` by default."),
		engine.TextArgument("clone_region", "Ask for the spans of a clone made in this region (the API's `BackupRegion`), e.g. `ap-shanghai`; "+
			"by default, the instance's own region.", stringvalidator.RegexMatches(tencentcloud.RegionPattern,
			"must be a Tencent Cloud region name: lowercase words joined by hyphens, such as \"ap-guangzhou\"")),
	},
	Fetch: func(ctx context.Context, client *tencentcloud.Client, ids []string, args engine.Args) ([]*instanceRecoveryRanges, []engine.ScopeFailure, error) {
		region, _ := args.Text("clone_region")
		answers, err := client.DescribeRollbackRangeTime(ctx, tencentcloud.RollbackRangesInput{
			InstanceIDs: ids, RemoteZone: args.Flag("remote_zone"), BackupRegion: region})
		if err != nil {
			return nil, nil, err
		}
		var out []*instanceRecoveryRanges
		var failures []engine.ScopeFailure
		for _, a := range answers {
			if a == nil || a.InstanceID == nil {
				continue
			}
			if a.Code != nil && *a.Code != 0 {
				failures = append(failures, engine.ScopeFailure{ID: *a.InstanceID, Code: fmt.Sprint(*a.Code), Message: deref(a.Message),
					NotFound: *a.Code == tencentcloud.RollbackInstanceNotFound})
				continue
			}
			out = append(out, newInstanceRecoveryRanges(a))
		}
		return out, failures, nil
	},
})

// instanceRecoveryRanges is one instance's answer as the data source shows it: its ranges oldest first, and the
// bounds of them all.
type instanceRecoveryRanges struct {
	tencentcloud.InstanceRollbackRangeTime
	Earliest *string `json:"EarliestRestorableTime"`
	Latest   *string `json:"LatestRestorableTime"`
}

func newInstanceRecoveryRanges(a *tencentcloud.InstanceRollbackRangeTime) *instanceRecoveryRanges {
	r := &instanceRecoveryRanges{InstanceRollbackRangeTime: *a}
	r.Times = slices.DeleteFunc(slices.Clone(a.Times), func(t *tencentcloud.RollbackTimeRange) bool { return t == nil })
	// API times of one format and zone order as text.
	slices.SortStableFunc(r.Times, func(x, y *tencentcloud.RollbackTimeRange) int { return strings.Compare(deref(x.Begin), deref(y.Begin)) })
	if n := len(r.Times); n > 0 {
		r.Earliest, r.Latest = r.Times[0].Begin, r.Times[n-1].End
	}
	return r
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// rollbackTimeRange is RollbackTimeRange: one span an instance can be rolled back to.
var rollbackTimeRange = engine.Describe[tencentcloud.RollbackTimeRange]("range", "",
	engine.TimeField("Begin", "start", "Earliest moment of the span."),
	engine.TimeField("End", "finish", "Latest moment of the span."),
)

// instanceRecoveryRangesTable is one instance's answer of DescribeRollbackRangeTime.
var instanceRecoveryRangesTable = engine.Describe[instanceRecoveryRanges]("recovery range", "InstanceId",
	engine.TextField("InstanceId", "instance_id", "ID of the instance."),
	engine.ListField("Times", "ranges", rollbackTimeRange, "The spans the instance can be rolled back to, oldest first."),
	engine.OmittedField("Code", "a failure fails the read, or drops the instance with `ignore_missing`"),
	engine.OmittedField("Message", "said in the error of a failure"),
	engine.TimeField("EarliestRestorableTime", "earliest_restorable_time", "Earliest moment the instance can be rolled back to; null without a range.").
		DerivedFrom("the `start` of the oldest range"),
	engine.TimeField("LatestRestorableTime", "latest_restorable_time", "Latest moment the instance can be rolled back to; null without a range.").
		DerivedFrom("the `finish` of the newest range"),
)
