package cdb

import (
	"context"
	"maps"
	"slices"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/engine"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// NewInstancesDataSource returns tencentcloud_cdb_instances, which lists the region's instances.
func NewInstancesDataSource() datasource.DataSource { return instances.DataSource() }

// region is the scope of a list of the whole region the provider reads in.
var region = engine.Scope[*tencentcloud.Client]{
	IDDoc:       "The region read.",
	API:         "Tencent Cloud",
	MaxPageSize: tencentcloud.LargestInstancePageSize,
}

// instances selects instances of the region: tencentcloud_cdb_instances, and the selection of
// tencentcloud_cdb_backup_posture.
var instances = engine.NewList(engine.ListSpec[tencentcloud.InstanceInfo, *tencentcloud.Client]{
	TypeName: "tencentcloud_cdb_instances",
	Description: "Lists the TencentDB for MySQL (CDB) instances of the provider's region through the `DescribeDBInstances` API, newest " +
		"first: every instance, or those the arguments select. Every argument but `name_regex` is sent to the API, which filters; " +
		"arguments together must all match. All pages are read; the result is ordered by `create_time`, then `instance_id`, both " +
		"descending, so it is the same at every plan.",
	Scope:     region,
	RegionOf:  (*tencentcloud.Client).Region,
	Items:     instanceInfo,
	ItemsAttr: "instances",
	ItemsDoc:  "The instances selected (every instance of the region when no argument is set), newest first.",
	Action:    "DescribeDBInstances",
	PageSizeDoc: "Without it, the largest page the API accepts, which needs the fewest calls: " +
		strconv.Itoa(tencentcloud.LargestInstancePageSize) + ", as Tencent Cloud's API reference says, or " + fallbackPage +
		" where the API refuses that (the provider asks once per process, and remembers the answer).",
	TotalCountDoc: "Number of instances the API reports for the arguments sent to it (`TotalCount`), before `name_regex`.",
	Arguments:     selection,
	Filters: []engine.Filter{
		engine.Matches("name_regex", "name", "Keep only instances whose `name` matches this regular expression "+
			"([RE2 syntax](https://github.com/google/re2/wiki/Syntax)), applied by the provider after the API's filters. Compiled at plan time."),
	},
	Order: engine.NewestFirst("create_time"),
	Fetch: func(ctx context.Context, c *tencentcloud.Client, p engine.PageRequest) (engine.Page[tencentcloud.InstanceInfo], error) {
		in := selectionInput(p.Args)
		in.Offset, in.Limit = p.Offset, p.Limit
		out, err := c.DescribeDBInstances(ctx, in)
		if err != nil {
			return engine.Page[tencentcloud.InstanceInfo]{}, err
		}
		return engine.Page[tencentcloud.InstanceInfo]{Total: out.TotalCount, Items: out.Items, Limit: out.Limit}, nil
	},
})

// selection are the arguments that select instances, each sent to DescribeDBInstances. Null and empty lists and
// maps select nothing out.
var selection = []engine.Argument{
	engine.TextListArgument("instance_ids", "Select these instances (the API's `InstanceIds`). Null or empty: not filtered.",
		stringvalidator.RegexMatches(instanceIDPattern, "must be a TencentDB for MySQL instance ID, e.g. \"cdb-c1nl9rpv\"")),
	engine.TextListArgument("names", "Select the instances with one of these names (the API's `InstanceNames`). Null or empty: not filtered.",
		stringvalidator.LengthAtLeast(1)),
	engine.EnumListArgument("status", "Select the instances in one of these states (the API's `Status`). Null or empty: not filtered.",
		instanceInfo.Field("status").Names()...),
	engine.TextListArgument("engine_versions", "Select the instances of one of these MySQL versions (the API's `EngineVersions`), "+
		"e.g. `[\"8.0\"]`. Null or empty: not filtered.", stringvalidator.LengthAtLeast(1)),
	engine.TextMapArgument("tags", "Select the instances that have every one of these tags (the API's `Tags`), e.g. "+
		"`{ env = \"prod\" }`. Null or empty: not filtered.", stringvalidator.LengthAtLeast(1)),
	engine.IntegerArgument("project_id", "Select the instances of this project (the API's `ProjectId`); `0` is the default project."),
}

// selectionInput is the DescribeDBInstances request of the selection's arguments.
func selectionInput(args engine.Args) tencentcloud.DescribeDBInstancesInput {
	in := tencentcloud.DescribeDBInstancesInput{
		InstanceIDs:    args.TextList("instance_ids"),
		InstanceNames:  args.TextList("names"),
		EngineVersions: args.TextList("engine_versions"),
	}
	status := instanceInfo.Field("status")
	for _, name := range args.TextList("status") {
		if code, ok := status.CodeOf(name); ok && !slices.Contains(in.Status, code) {
			in.Status = append(in.Status, code)
		}
	}
	tags := args.TextMap("tags")
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		in.Tags = append(in.Tags, tencentcloud.Tag{Key: k, Value: tags[k]})
	}
	if p, ok := args.Integer("project_id"); ok {
		in.ProjectID = &p
	}
	return in
}
