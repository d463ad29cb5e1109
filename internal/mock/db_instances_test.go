package mock_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	cdb "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cdb/v20170320"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// newCDBClient is the SDK's own typed CDB client, pointed at the mock.
func newCDBClient(t *testing.T, s *mock.Server, region string) *cdb.Client {
	t.Helper()
	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Endpoint = s.Addr()
	cpf.HttpProfile.Scheme = "HTTP"
	cpf.HttpProfile.ReqTimeout = 5
	cpf.DisableRegionBreaker = true
	client, err := cdb.NewClient(common.NewCredential(mock.DefaultSecretID, mock.DefaultSecretKey), region, cpf)
	if err != nil {
		t.Fatalf("cdb.NewClient: %v", err)
	}
	return client
}

// inventory is a hand-made instance: its fields are the test's, set on a default.
type inventory struct {
	id, name, version, created, deadline, vip, vpc string
	status, zoneID, project, instanceType          int64
	tags                                           []mock.TagInfoItem
}

func (v inventory) instance(region string) mock.Instance {
	in := mock.DefaultInstanceInfo(region, v.id, time.Time{})
	in.InstanceName, in.Status, in.EngineVersion = v.name, v.status, v.version
	in.CreateTime, in.DeadlineTime, in.Vip, in.UniqVpcId = v.created, v.deadline, v.vip, v.vpc
	in.ZoneId, in.ProjectId, in.InstanceType = v.zoneID, v.project, v.instanceType
	in.PayType = 0
	if v.deadline == "0000-00-00 00:00:00" {
		in.PayType = 1
	}
	in.TagList = append([]mock.TagInfoItem{}, v.tags...)
	return in
}

// fiveInstances are the region's instances of the filter tests. Newest first by CreateTime:
// d4, e5, b2, c3, a1.
var fiveInstances = []inventory{
	{id: "cdb-a1", name: "prod-orders-1", version: "8.0", status: 1, created: "2024-01-01 00:00:00", deadline: "0000-00-00 00:00:00",
		vip: "10.0.0.1", vpc: "vpc-aaaaaaaa", zoneID: 100003, instanceType: 1,
		tags: []mock.TagInfoItem{{TagKey: "env", TagValue: "prod"}, {TagKey: "team", TagValue: "checkout"}}},
	{id: "cdb-b2", name: "prod-users-1", version: "5.7", status: 1, created: "2024-03-01 00:00:00", deadline: "2026-03-01 00:00:00",
		vip: "10.0.0.2", vpc: "vpc-aaaaaaaa", zoneID: 100004, instanceType: 1,
		tags: []mock.TagInfoItem{{TagKey: "env", TagValue: "prod"}, {TagKey: "team", TagValue: "identity"}}},
	{id: "cdb-c3", name: "staging-orders-1", version: "8.0", status: 5, created: "2024-02-01 00:00:00", deadline: "2025-12-01 00:00:00",
		vip: "10.1.0.3", vpc: "vpc-bbbbbbbb", zoneID: 100003, instanceType: 1,
		tags: []mock.TagInfoItem{{TagKey: "env", TagValue: "staging"}, {TagKey: "team", TagValue: "checkout"}}},
	{id: "cdb-d4", name: "dev-search-1", version: "5.7", status: 0, created: "2024-05-01 00:00:00", deadline: "0000-00-00 00:00:00",
		vip: "10.1.0.4", vpc: "vpc-bbbbbbbb", zoneID: 100004, instanceType: 1,
		tags: []mock.TagInfoItem{{TagKey: "env", TagValue: "dev"}, {TagKey: "team", TagValue: "search"}}},
	{id: "cdb-e5", name: "prod-orders-2", version: "5.6", status: 1, created: "2024-04-01 00:00:00", deadline: "0000-00-00 00:00:00",
		vip: "10.0.0.5", vpc: "vpc-aaaaaaaa", zoneID: 100006, project: 7, instanceType: 3},
}

func fiveInstanceServer(t *testing.T) *mock.Server {
	t.Helper()
	s := startServer(t, mock.Options{})
	for _, v := range fiveInstances {
		if err := s.SetInstanceInfo("ap-guangzhou", v.id, v.instance("ap-guangzhou")); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// ids lists the InstanceIds of a DescribeDBInstances answer, in order.
func ids(resp *cdb.DescribeDBInstancesResponse) []string {
	out := []string{}
	for _, it := range resp.Response.Items {
		out = append(out, *it.InstanceId)
	}
	return out
}

func TestDescribeDBInstances_FiltersAloneAndCombined(t *testing.T) {
	s := fiveInstanceServer(t)
	client := newCDBClient(t, s, "ap-guangzhou")
	tag := func(k, v string) *cdb.Tag { return &cdb.Tag{Key: common.StringPtr(k), Value: common.StringPtr(v)} }
	tests := []struct {
		name string
		req  func(r *cdb.DescribeDBInstancesRequest)
		want []string
	}{
		{"no filter, newest created first", func(*cdb.DescribeDBInstancesRequest) {}, []string{"cdb-d4", "cdb-e5", "cdb-b2", "cdb-c3", "cdb-a1"}},
		{"InstanceIds, an unknown one included", func(r *cdb.DescribeDBInstancesRequest) {
			r.InstanceIds = common.StringPtrs([]string{"cdb-a1", "cdb-c3", "cdb-nothere"})
		}, []string{"cdb-c3", "cdb-a1"}},
		{"InstanceNames, whole names", func(r *cdb.DescribeDBInstancesRequest) {
			r.InstanceNames = common.StringPtrs([]string{"prod-orders-1"})
		}, []string{"cdb-a1"}},
		{"InstanceNames, part of a name matches nothing", func(r *cdb.DescribeDBInstancesRequest) {
			r.InstanceNames = common.StringPtrs([]string{"prod-orders"})
		}, []string{}},
		{"Status running", func(r *cdb.DescribeDBInstancesRequest) { r.Status = common.Uint64Ptrs([]uint64{1}) },
			[]string{"cdb-e5", "cdb-b2", "cdb-a1"}},
		{"Status creating or isolated", func(r *cdb.DescribeDBInstancesRequest) { r.Status = common.Uint64Ptrs([]uint64{0, 5}) },
			[]string{"cdb-d4", "cdb-c3"}},
		{"EngineVersions", func(r *cdb.DescribeDBInstancesRequest) { r.EngineVersions = common.StringPtrs([]string{"8.0"}) },
			[]string{"cdb-c3", "cdb-a1"}},
		{"one tag", func(r *cdb.DescribeDBInstancesRequest) { r.Tags = []*cdb.Tag{tag("env", "prod")} },
			[]string{"cdb-b2", "cdb-a1"}},
		{"two tags, both must match", func(r *cdb.DescribeDBInstancesRequest) {
			r.Tags = []*cdb.Tag{tag("env", "prod"), tag("team", "checkout")}
		}, []string{"cdb-a1"}},
		{"two tags of different instances", func(r *cdb.DescribeDBInstancesRequest) {
			r.Tags = []*cdb.Tag{tag("env", "prod"), tag("team", "search")}
		}, []string{}},
		{"a tag across environments", func(r *cdb.DescribeDBInstancesRequest) { r.Tags = []*cdb.Tag{tag("team", "checkout")} },
			[]string{"cdb-c3", "cdb-a1"}},
		{"a tag of an instance being created", func(r *cdb.DescribeDBInstancesRequest) { r.Tags = []*cdb.Tag{tag("env", "dev")} },
			[]string{}},
		{"TagKeysForSearch", func(r *cdb.DescribeDBInstancesRequest) { r.TagKeysForSearch = common.StringPtrs([]string{"team"}) },
			[]string{"cdb-b2", "cdb-c3", "cdb-a1"}},
		{"ProjectId 7", func(r *cdb.DescribeDBInstancesRequest) { r.ProjectId = common.Int64Ptr(7) }, []string{"cdb-e5"}},
		{"ProjectId 0", func(r *cdb.DescribeDBInstancesRequest) { r.ProjectId = common.Int64Ptr(0) },
			[]string{"cdb-d4", "cdb-b2", "cdb-c3", "cdb-a1"}},
		{"Vips", func(r *cdb.DescribeDBInstancesRequest) { r.Vips = common.StringPtrs([]string{"10.0.0.2", "10.1.0.4"}) },
			[]string{"cdb-d4", "cdb-b2"}},
		{"UniqueVpcIds", func(r *cdb.DescribeDBInstancesRequest) { r.UniqueVpcIds = common.StringPtrs([]string{"vpc-bbbbbbbb"}) },
			[]string{"cdb-d4", "cdb-c3"}},
		{"ZoneIds", func(r *cdb.DescribeDBInstancesRequest) { r.ZoneIds = common.Uint64Ptrs([]uint64{100003}) },
			[]string{"cdb-c3", "cdb-a1"}},
		{"InstanceTypes read-only", func(r *cdb.DescribeDBInstancesRequest) { r.InstanceTypes = common.Uint64Ptrs([]uint64{3}) },
			[]string{"cdb-e5"}},
		{"WithRo 0", func(r *cdb.DescribeDBInstancesRequest) { r.WithRo = common.Int64Ptr(0) },
			[]string{"cdb-d4", "cdb-b2", "cdb-c3", "cdb-a1"}},
		{"Status, EngineVersions and UniqueVpcIds together", func(r *cdb.DescribeDBInstancesRequest) {
			r.Status = common.Uint64Ptrs([]uint64{1})
			r.EngineVersions = common.StringPtrs([]string{"8.0", "5.7"})
			r.UniqueVpcIds = common.StringPtrs([]string{"vpc-aaaaaaaa"})
		}, []string{"cdb-b2", "cdb-a1"}},
		{"a tag and a status together", func(r *cdb.DescribeDBInstancesRequest) {
			r.Tags = []*cdb.Tag{tag("team", "checkout")}
			r.Status = common.Uint64Ptrs([]uint64{1})
		}, []string{"cdb-a1"}},
		{"a security group: the mock's instances are in none", func(r *cdb.DescribeDBInstancesRequest) {
			r.SecurityGroupId, r.WithSecurityGroup = common.StringPtr("sg-12345678"), common.Int64Ptr(1)
		}, []string{}},
		{"a security group without WithSecurityGroup filters nothing", func(r *cdb.DescribeDBInstancesRequest) {
			r.SecurityGroupId = common.StringPtr("sg-12345678")
		}, []string{"cdb-d4", "cdb-e5", "cdb-b2", "cdb-c3", "cdb-a1"}},
		{"OrderBy instanceName ASC", func(r *cdb.DescribeDBInstancesRequest) {
			r.OrderBy, r.OrderDirection = common.StringPtr("instanceName"), common.StringPtr("ASC")
		}, []string{"cdb-d4", "cdb-a1", "cdb-e5", "cdb-b2", "cdb-c3"}},
		{"OrderBy instanceId, DESC by default", func(r *cdb.DescribeDBInstancesRequest) { r.OrderBy = common.StringPtr("instanceId") },
			[]string{"cdb-e5", "cdb-d4", "cdb-c3", "cdb-b2", "cdb-a1"}},
		{"OrderBy createTime ASC", func(r *cdb.DescribeDBInstancesRequest) {
			r.OrderBy, r.OrderDirection = common.StringPtr("createTime"), common.StringPtr("ASC")
		}, []string{"cdb-a1", "cdb-c3", "cdb-b2", "cdb-e5", "cdb-d4"}},
		{"OrderBy deadlineTime DESC, pay-as-you-go ones last by ID", func(r *cdb.DescribeDBInstancesRequest) {
			r.OrderBy = common.StringPtr("deadlineTime")
		}, []string{"cdb-b2", "cdb-c3", "cdb-a1", "cdb-d4", "cdb-e5"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := cdb.NewDescribeDBInstancesRequest()
			tt.req(req)
			resp, err := client.DescribeDBInstances(req)
			if err != nil {
				t.Fatalf("DescribeDBInstances: %v", err)
			}
			if got := ids(resp); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("items %v, want %v", got, tt.want)
			}
			if resp.Response.TotalCount == nil || *resp.Response.TotalCount != int64(len(tt.want)) {
				t.Errorf("TotalCount %v, want %d", resp.Response.TotalCount, len(tt.want))
			}
		})
	}

	// The call recorded the filters sent.
	req := cdb.NewDescribeDBInstancesRequest()
	req.InstanceIds = common.StringPtrs([]string{"cdb-a1"})
	req.Tags = []*cdb.Tag{tag("env", "prod")}
	req.OrderBy = common.StringPtr("instanceId")
	s.ResetCalls()
	if _, err := client.DescribeDBInstances(req); err != nil {
		t.Fatal(err)
	}
	c := s.Calls()[0]
	if c.Action != "DescribeDBInstances" || !reflect.DeepEqual(c.InstanceIDs, []string{"cdb-a1"}) ||
		!reflect.DeepEqual(c.Tags, []mock.TagFilter{{Key: "env", Value: "prod"}}) || c.OrderBy != "instanceId" {
		t.Errorf("recorded call %+v", c)
	}
}

func TestDescribeDBInstances_AnswersEveryField(t *testing.T) {
	s := fiveInstanceServer(t)
	client := newCDBClient(t, s, "ap-guangzhou")
	req := cdb.NewDescribeDBInstancesRequest()
	req.InstanceIds = common.StringPtrs([]string{"cdb-a1", "cdb-d4"})
	req.OrderBy = common.StringPtr("instanceId")
	req.OrderDirection = common.StringPtr("ASC")
	resp, err := client.DescribeDBInstances(req)
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Response.Items) != 2 {
		t.Fatalf("items %v", ids(resp))
	}
	a1, d4 := resp.Response.Items[0], resp.Response.Items[1]
	if *a1.InstanceName != "prod-orders-1" || *a1.Status != 1 || *a1.EngineVersion != "8.0" || *a1.Region != "ap-guangzhou" ||
		*a1.Vip != "10.0.0.1" || *a1.UniqVpcId != "vpc-aaaaaaaa" || *a1.ZoneId != 100003 || *a1.CreateTime != "2024-01-01 00:00:00" ||
		*a1.DeadlineTime != "0000-00-00 00:00:00" || *a1.PayType != 1 || *a1.Vport != 3306 || *a1.EngineType != "InnoDB" ||
		*a1.InstanceType != 1 || *a1.ProjectId != 0 {
		t.Errorf("cdb-a1 answered %s", mustJSON(t, a1))
	}
	if len(a1.TagList) != 2 || *a1.TagList[0].TagKey != "env" || *a1.TagList[0].TagValue != "prod" || *a1.TagList[1].TagKey != "team" {
		t.Errorf("cdb-a1 tags %s", mustJSON(t, a1.TagList))
	}
	// An instance being created shows no tags, though it has some.
	if d4.TagList == nil || len(d4.TagList) != 0 || *d4.Status != 0 {
		t.Errorf("cdb-d4 (creating) answered TagList %s, Status %d; want [] and 0", mustJSON(t, d4.TagList), *d4.Status)
	}
	if info, _ := s.InstanceInfo("ap-guangzhou", "cdb-d4"); len(info.TagList) != 2 {
		t.Errorf("InstanceInfo lost cdb-d4's tags: %v", info.TagList)
	}

	// Every field of the SDK's InstanceInfo is in the answer, and no other.
	raw, err := callRaw(t, newClient(t, s, clientConfig{region: "ap-guangzhou"}), "DescribeDBInstances",
		map[string]any{"InstanceIds": []string{"cdb-a1"}})
	if err != nil {
		t.Fatal(err)
	}
	var answer struct{ Items []map[string]json.RawMessage }
	if err := json.Unmarshal(raw, &answer); err != nil || len(answer.Items) != 1 {
		t.Fatalf("answer %s: %v", raw, err)
	}
	want := jsonFieldNames(reflect.TypeFor[cdb.InstanceInfo]())
	got := map[string]bool{}
	for k := range answer.Items[0] {
		got[k] = true
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("fields answered %v\nwant the SDK's %v", got, want)
	}
	for _, k := range []string{"RoGroups", "DrInfo", "TagList"} {
		if string(answer.Items[0][k]) == "null" {
			t.Errorf("%s answered null, want an array", k)
		}
	}
}

// jsonFieldNames lists the JSON names of a struct type's fields.
func jsonFieldNames(typ reflect.Type) map[string]bool {
	out := map[string]bool{}
	for i := range typ.NumField() {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		out[name] = true
	}
	return out
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestDescribeDBInstances_Paging(t *testing.T) {
	s := fiveInstanceServer(t)
	client := newCDBClient(t, s, "ap-guangzhou")
	var pages [][]string
	for offset := uint64(0); offset < 10; offset += 2 {
		req := cdb.NewDescribeDBInstancesRequest()
		req.Offset, req.Limit = common.Uint64Ptr(offset), common.Uint64Ptr(2)
		resp, err := client.DescribeDBInstances(req)
		if err != nil {
			t.Fatal(err)
		}
		if *resp.Response.TotalCount != 5 {
			t.Errorf("offset %d: TotalCount %d, want 5", offset, *resp.Response.TotalCount)
		}
		pages = append(pages, ids(resp))
	}
	want := [][]string{{"cdb-d4", "cdb-e5"}, {"cdb-b2", "cdb-c3"}, {"cdb-a1"}, {}, {}}
	if !reflect.DeepEqual(pages, want) {
		t.Errorf("pages %v, want %v", pages, want)
	}
}

func TestDescribeDBInstances_LimitBounds(t *testing.T) {
	s := startServer(t, mock.Options{})
	for i := range 25 {
		s.SetBackups("ap-guangzhou", "cdb-many"+string(rune('a'+i)), nil)
	}
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	count := func(params map[string]any) (int, error) {
		raw, err := callRaw(t, client, "DescribeDBInstances", params)
		if err != nil {
			return 0, err
		}
		var answer struct {
			TotalCount int
			Items      []json.RawMessage
		}
		if err := json.Unmarshal(raw, &answer); err != nil {
			t.Fatal(err)
		}
		if answer.TotalCount != 25 {
			t.Errorf("TotalCount %d, want 25", answer.TotalCount)
		}
		return len(answer.Items), nil
	}
	if n, err := count(map[string]any{}); err != nil || n != 20 {
		t.Errorf("default Limit: %d items, %v; want 20", n, err)
	}
	if n, err := count(map[string]any{"Limit": 2000}); err != nil || n != 25 {
		t.Errorf("Limit 2000: %d items, %v; want 25", n, err)
	}
	_, err := count(map[string]any{"Limit": 2001})
	expectCode(t, err, "InvalidParameterValue", "`Limit`", "2001", "2000")
	_, err = count(map[string]any{"Limit": 0})
	expectCode(t, err, "InvalidParameterValue", "`Limit`")
	if st := s.Stats(); st.LimitTooLarge != 1 {
		t.Errorf("LimitTooLarge %d, want 1 (Limit 0 is not too large)", st.LimitTooLarge)
	}

	if err := s.SetMaxInstancesLimit(3); err != nil {
		t.Fatal(err)
	}
	if n, err := count(map[string]any{"Limit": 3}); err != nil || n != 3 {
		t.Errorf("Limit 3 of 3: %d items, %v", n, err)
	}
	_, err = count(map[string]any{"Limit": 4})
	expectCode(t, err, "InvalidParameterValue", "`Limit`", "4", "3")
	for _, bad := range []int64{0, mock.LargestMaxInstancesLimit + 1} {
		if err := s.SetMaxInstancesLimit(bad); err == nil {
			t.Errorf("SetMaxInstancesLimit(%d) accepted", bad)
		}
	}
	// The option sets the same bound.
	s2 := startServer(t, mock.Options{MaxInstancesLimit: 10})
	s2.SetBackups("ap-guangzhou", "cdb-one", nil)
	_, err = callAction(t, newClient(t, s2, clientConfig{region: "ap-guangzhou"}), "DescribeDBInstances", "2017-03-20", map[string]any{"Limit": 11})
	expectCode(t, err, "InvalidParameterValue", "`Limit`", "10")
}

func TestDescribeDBInstances_RefusesMalformedParameters(t *testing.T) {
	s := fiveInstanceServer(t)
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	tests := []struct {
		params   map[string]any
		code     string
		mentions []string
	}{
		{map[string]any{"Status": []int{2}}, "InvalidParameterValue", []string{"`Status.0`", "2"}},
		{map[string]any{"Status": []string{"1"}}, "InvalidParameter", []string{"`Status.0`"}},
		{map[string]any{"Status": 1}, "InvalidParameter", []string{"`Status`"}},
		{map[string]any{"InstanceIds": "cdb-a1"}, "InvalidParameter", []string{"`InstanceIds`"}},
		{map[string]any{"InstanceTypes": []int{4}}, "InvalidParameterValue", []string{"`InstanceTypes.0`"}},
		{map[string]any{"ZoneIds": []int{-1}}, "InvalidParameterValue", []string{"`ZoneIds.0`"}},
		{map[string]any{"OrderBy": "name"}, "InvalidParameterValue", []string{"`OrderBy`", "instanceName"}},
		{map[string]any{"OrderDirection": "down"}, "InvalidParameterValue", []string{"`OrderDirection`"}},
		{map[string]any{"Offset": -1}, "InvalidParameterValue", []string{"`Offset`"}},
		{map[string]any{"ProjectId": -1}, "InvalidParameterValue", []string{"`ProjectId`"}},
		{map[string]any{"WithRo": 2}, "InvalidParameterValue", []string{"`WithRo`"}},
		{map[string]any{"QueryClusterInfo": "yes"}, "InvalidParameter", []string{"`QueryClusterInfo`"}},
		{map[string]any{"Tags": []map[string]any{{"Key": "", "Value": "x"}}}, "InvalidParameterValue", []string{"`Tags.0.Key`"}},
		{map[string]any{"Tags": []map[string]any{{"Key": "env"}}}, "MissingParameter", []string{"`Tags.0.Value`"}},
		{map[string]any{"Tags": []map[string]any{{"Key": "env", "Value": "prod", "Values": "x"}}}, "UnknownParameter", []string{"`Tags.0.Values`"}},
		{map[string]any{"Tags": []string{"env"}}, "InvalidParameter", []string{"`Tags.0`"}},
		{map[string]any{"InstanceId": "cdb-a1"}, "UnknownParameter", []string{"`InstanceId`"}},
	}
	for _, tt := range tests {
		_, err := callAction(t, client, "DescribeDBInstances", "2017-03-20", tt.params)
		if err == nil {
			t.Errorf("%v accepted", tt.params)
			continue
		}
		expectCode(t, err, tt.code, tt.mentions...)
	}
}

func TestDescribeDBInstances_PerRegionAndClusterInfo(t *testing.T) {
	s := fiveInstanceServer(t)
	cluster := mock.DefaultInstanceInfo("ap-shanghai", "cdb-cl1", time.Time{})
	cluster.DeviceType = "CLOUD_NATIVE_CLUSTER"
	cluster.ClusterInfo = []mock.ClusterInfo{{NodeId: "cdb-cl1-node-1", Role: "master", Zone: cluster.Zone}}
	if err := s.SetInstanceInfo("ap-shanghai", "cdb-cl1", cluster); err != nil {
		t.Fatal(err)
	}
	client := newCDBClient(t, s, "ap-shanghai")
	resp, err := client.DescribeDBInstances(cdb.NewDescribeDBInstancesRequest())
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(resp); !reflect.DeepEqual(got, []string{"cdb-cl1"}) || *resp.Response.TotalCount != 1 {
		t.Fatalf("ap-shanghai answered %v, want its one instance", got)
	}
	if resp.Response.Items[0].ClusterInfo != nil {
		t.Errorf("ClusterInfo answered without QueryClusterInfo: %s", mustJSON(t, resp.Response.Items[0].ClusterInfo))
	}
	req := cdb.NewDescribeDBInstancesRequest()
	req.QueryClusterInfo = common.BoolPtr(true)
	if resp, err = client.DescribeDBInstances(req); err != nil {
		t.Fatal(err)
	}
	if ci := resp.Response.Items[0].ClusterInfo; len(ci) != 1 || *ci[0].NodeId != "cdb-cl1-node-1" || *ci[0].Role != "master" {
		t.Errorf("ClusterInfo %s, want the node set", mustJSON(t, ci))
	}
	// A known region without instances answers none.
	resp, err = newCDBClient(t, s, "ap-beijing").DescribeDBInstances(cdb.NewDescribeDBInstancesRequest())
	if err != nil || *resp.Response.TotalCount != 0 || resp.Response.Items == nil || len(resp.Response.Items) != 0 {
		t.Errorf("ap-beijing: %v, %v; want TotalCount 0 and Items []", resp, err)
	}
}
