package mock

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// This file serves DescribeDBInstances (CDB, version 2017-03-20): a page of the region's
// instances, each its inventory (Instance, the API's InstanceInfo; instance_info.go), filtered
// and ordered as asked. It is a CDB action like DescribeBackups, so a call to it takes the whole
// pipeline (latency, faults, injected answers, gateway, quota; pipeline.go).
//
// Every parameter the SDK's DescribeDBInstancesRequest has is known; an unknown one is refused
// UnknownParameter, as for every action. Filters combine with AND; a list filter matches an
// instance whose field is one of the values listed, and an empty list filters nothing. Where the
// API's documentation leaves the reading open the mock's reading is an assumption, said below and
// in cmd/tcmock's README:
//
//   - InstanceNames match whole names, case-sensitively (the SDK does not say whether the API
//     matches part of a name).
//   - Tags: every Key/Value pair listed must be a tag of the instance (an empty Value matches only
//     an empty value); TagKeysForSearch and TagValues match an instance with any tag of one of
//     the keys (values) listed. An instance being created (Status 0) has no tags to the API: no
//     tag filter matches it, and its TagList is answered [].
//   - The mock's instances belong to no security group, exclusive cluster, financial cage or
//     database proxy: a filter on SecurityGroupId (with WithSecurityGroup 1), ExClusterId,
//     CageIds, ProxyVips or ProxyIds matches none.
//   - WithMaster, WithDr and WithRo 0 leave out primary (InstanceType 1), disaster-recovery (2)
//     and read-only (3) instances; WithExCluster changes nothing.
//   - ClusterInfo is answered only with QueryClusterInfo true (null otherwise), as the SDK says.
//   - OrderBy defaults to createTime (the SDK gives no default), OrderDirection to DESC; equal
//     values are ordered by InstanceId, ascending, so that pages never overlap.

const actionDescribeDBInstances = "DescribeDBInstances"

// Bounds of the largest Limit DescribeDBInstances accepts (Options.MaxInstancesLimit,
// SetMaxInstancesLimit).
const (
	// DefaultMaxInstancesLimit is the largest Limit the SDK documents for DescribeDBInstances.
	DefaultMaxInstancesLimit = 2000
	// LargestMaxInstancesLimit is the largest bound a Server takes.
	LargestMaxInstancesLimit = 1_000_000
)

// describeDBInstancesParams lists every parameter of DescribeDBInstancesRequest.
var describeDBInstancesParams = []string{
	"ProjectId", "InstanceTypes", "Vips", "Status", "Offset", "Limit", "SecurityGroupId", "PayTypes",
	"InstanceNames", "TaskStatus", "EngineVersions", "VpcIds", "ZoneIds", "SubnetIds", "CdbErrors", "OrderBy",
	"OrderDirection", "WithSecurityGroup", "WithExCluster", "ExClusterId", "InstanceIds", "InitFlag", "WithDr",
	"WithRo", "WithMaster", "DeployGroupIds", "TagKeysForSearch", "CageIds", "TagValues", "UniqueVpcIds",
	"UniqSubnetIds", "Tags", "ProxyVips", "ProxyIds", "EngineTypes", "QueryClusterInfo",
}

// instanceOrders maps OrderBy's values to the field they order by.
var instanceOrders = map[string]func(Instance) string{
	"instanceId":   func(in Instance) string { return in.InstanceId },
	"instanceName": func(in Instance) string { return in.InstanceName },
	"createTime":   func(in Instance) string { return in.CreateTime },
	"deadlineTime": func(in Instance) string { return in.DeadlineTime }, // API times order as text
}

// dbInstancesQuery is a validated DescribeDBInstances call.
type dbInstancesQuery struct {
	offset, limit int64

	projectID *int64
	initFlag  *int64
	// integer filters by field
	ints map[string][]int64
	// string filters by field
	strs           map[string][]string
	tags           []TagFilter
	tagKeys        []string
	tagValues      []string
	withType       map[int64]bool // InstanceType -> listed (WithMaster, WithDr, WithRo)
	matchesNothing string         // a filter on what the mock's instances never have
	clusterInfo    bool

	orderBy   string
	ascending bool
}

// intFilters are DescribeDBInstances' lists of integers, with the values each may hold (nil: any
// value >= 0) and the instance field it filters on.
var intFilters = []struct {
	name    string
	allowed []int64
	field   func(Instance) int64
}{
	{"InstanceTypes", instanceTypes, func(in Instance) int64 { return in.InstanceType }},
	{"Status", instanceStatuses, func(in Instance) int64 { return in.Status }},
	{"PayTypes", []int64{0, 1}, func(in Instance) int64 { return in.PayType }},
	{"TaskStatus", instanceTaskStatus, func(in Instance) int64 { return in.TaskStatus }},
	{"VpcIds", nil, func(in Instance) int64 { return in.VpcId }},
	{"ZoneIds", nil, func(in Instance) int64 { return in.ZoneId }},
	{"SubnetIds", nil, func(in Instance) int64 { return in.SubnetId }},
	{"CdbErrors", []int64{0, 1}, func(in Instance) int64 { return in.CdbError }},
}

// strFilters are DescribeDBInstances' lists of strings and the instance field each filters on.
var strFilters = []struct {
	name  string
	field func(Instance) string
}{
	{"InstanceIds", func(in Instance) string { return in.InstanceId }},
	{"InstanceNames", func(in Instance) string { return in.InstanceName }},
	{"Vips", func(in Instance) string { return in.Vip }},
	{"EngineVersions", func(in Instance) string { return in.EngineVersion }},
	{"DeployGroupIds", func(in Instance) string { return in.DeployGroupId }},
	{"UniqueVpcIds", func(in Instance) string { return in.UniqVpcId }},
	{"UniqSubnetIds", func(in Instance) string { return in.UniqSubnetId }},
	{"EngineTypes", func(in Instance) string { return in.EngineType }},
}

// parseDBInstancesQuery validates a DescribeDBInstances body as the API does.
func parseDBInstancesQuery(body []byte, maxLimit int64) (dbInstancesQuery, *apiError) {
	q := dbInstancesQuery{ints: map[string][]int64{}, strs: map[string][]string{}, orderBy: "createTime",
		withType: map[int64]bool{1: true, 2: true, 3: true}}
	fields, aerr := actionFields(body, actionDescribeDBInstances, describeDBInstancesParams...)
	if aerr != nil {
		return q, aerr
	}
	if q.offset, aerr = pageOffset(fields); aerr != nil {
		return q, aerr
	}
	if q.limit, aerr = pageLimit(fields, maxLimit); aerr != nil {
		return q, aerr
	}
	for _, f := range intFilters {
		values, aerr := integerList(fields, f.name, f.allowed)
		if aerr != nil {
			return q, aerr
		}
		q.ints[f.name] = values
	}
	for _, f := range strFilters {
		values, aerr := stringList(fields, f.name)
		if aerr != nil {
			return q, aerr
		}
		q.strs[f.name] = values
	}
	if q.tagKeys, aerr = stringList(fields, "TagKeysForSearch"); aerr != nil {
		return q, aerr
	}
	if q.tagValues, aerr = stringList(fields, "TagValues"); aerr != nil {
		return q, aerr
	}
	if q.tags, aerr = tagFilters(fields); aerr != nil {
		return q, aerr
	}
	if v, present, aerr := optionalInteger(fields, "ProjectId"); aerr != nil {
		return q, aerr
	} else if present {
		if v < 0 {
			return q, newError(codeInvalidParameterValue, "The value of parameter `ProjectId` (%d) is not valid: it must be 0 or more.", v)
		}
		q.projectID = &v
	}
	flags := map[string]int64{}
	for _, name := range []string{"InitFlag", "WithSecurityGroup", "WithExCluster", "WithDr", "WithRo", "WithMaster"} {
		v, present, aerr := optionalInteger(fields, name)
		switch {
		case aerr != nil:
			return q, aerr
		case present && v != 0 && v != 1:
			return q, newError(codeInvalidParameterValue, "The value of parameter `%s` (%d) is not valid: it must be 0 or 1.", name, v)
		case !present && name != "InitFlag":
			v = 1 // the With* flags default to 1, but WithSecurityGroup and WithExCluster, to 0
			if name == "WithSecurityGroup" || name == "WithExCluster" {
				v = 0
			}
		case !present:
			continue
		}
		flags[name] = v
	}
	if v, ok := flags["InitFlag"]; ok {
		q.initFlag = &v
	}
	q.withType[1], q.withType[2], q.withType[3] = flags["WithMaster"] == 1, flags["WithDr"] == 1, flags["WithRo"] == 1

	unmodelled := map[string]bool{}
	for _, name := range []string{"SecurityGroupId", "ExClusterId"} {
		v, _, aerr := optionalString(fields, name)
		if aerr != nil {
			return q, aerr
		}
		unmodelled[name] = v != "" && (name != "SecurityGroupId" || flags["WithSecurityGroup"] == 1)
	}
	for _, name := range []string{"CageIds", "ProxyVips", "ProxyIds"} {
		values, aerr := stringList(fields, name)
		if aerr != nil {
			return q, aerr
		}
		unmodelled[name] = len(values) > 0
	}
	for _, name := range []string{"SecurityGroupId", "ExClusterId", "CageIds", "ProxyVips", "ProxyIds"} {
		if unmodelled[name] && q.matchesNothing == "" {
			q.matchesNothing = name
		}
	}
	if q.clusterInfo, _, aerr = optionalBool(fields, "QueryClusterInfo"); aerr != nil {
		return q, aerr
	}
	if q.orderBy, q.ascending, aerr = ordering(fields, slices.Sorted(maps.Keys(instanceOrders)), "createTime", "DESC"); aerr != nil {
		return q, aerr
	}
	return q, nil
}

// ordering reads OrderBy, one of orders (absent or "": defaultBy), and OrderDirection, ASC or
// DESC (absent or "": defaultDirection).
func ordering(fields map[string]json.RawMessage, orders []string, defaultBy, defaultDirection string) (by string, ascending bool, aerr *apiError) {
	by, _, aerr = optionalString(fields, "OrderBy")
	if aerr != nil {
		return "", false, aerr
	}
	if by == "" {
		by = defaultBy
	}
	if !slices.Contains(orders, by) {
		return "", false, newError(codeInvalidParameterValue,
			"The value of parameter `OrderBy` (`%s`) is not valid: it must be one of %s.", by, joinNames(orders))
	}
	direction, _, aerr := optionalString(fields, "OrderDirection")
	if aerr != nil {
		return "", false, aerr
	}
	if direction == "" {
		direction = defaultDirection
	}
	if direction != "ASC" && direction != "DESC" {
		return "", false, newError(codeInvalidParameterValue,
			"The value of parameter `OrderDirection` (`%s`) is not valid: it must be `ASC` or `DESC`.", direction)
	}
	return by, direction == "ASC", nil
}

// stringList reads a parameter that, when present and not null, must be an array of strings.
func stringList(fields map[string]json.RawMessage, name string) ([]string, *apiError) {
	raw, ok := fields[name]
	if !ok || isNull(raw) {
		return nil, nil
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(raw, &elems); err != nil {
		return nil, wrongType(name, "an Array of String", raw)
	}
	out := make([]string, 0, len(elems))
	for i, elem := range elems {
		var v string
		if isNull(elem) || json.Unmarshal(elem, &v) != nil {
			return nil, wrongType(fmt.Sprintf("%s.%d", name, i), "a String", elem)
		}
		out = append(out, v)
	}
	return out, nil
}

// integerList reads a parameter that, when present and not null, must be an array of integers,
// each one of allowed (nil: any integer >= 0).
func integerList(fields map[string]json.RawMessage, name string, allowed []int64) ([]int64, *apiError) {
	raw, ok := fields[name]
	if !ok || isNull(raw) {
		return nil, nil
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(raw, &elems); err != nil {
		return nil, wrongType(name, "an Array of Integer", raw)
	}
	out := make([]int64, 0, len(elems))
	for i, elem := range elems {
		elemName := fmt.Sprintf("%s.%d", name, i)
		v, ok := integer(elem)
		switch {
		case !ok:
			return nil, wrongType(elemName, "an Integer", elem)
		case allowed == nil && v < 0:
			return nil, newError(codeInvalidParameterValue, "The value of parameter `%s` (%d) is not valid: it must be 0 or more.", elemName, v)
		case allowed != nil && !slices.Contains(allowed, v):
			values := make([]string, len(allowed))
			for j, a := range allowed {
				values[j] = fmt.Sprint(a)
			}
			return nil, newError(codeInvalidParameterValue, "The value of parameter `%s` (%d) is not valid: it must be one of %s.",
				elemName, v, joinNames(values))
		}
		out = append(out, v)
	}
	return out, nil
}

// tagFilters reads Tags: an array of {"Key", "Value"} objects, both strings, Key not empty.
func tagFilters(fields map[string]json.RawMessage) ([]TagFilter, *apiError) {
	raw, ok := fields["Tags"]
	if !ok || isNull(raw) {
		return nil, nil
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(raw, &elems); err != nil {
		return nil, wrongType("Tags", "an Array of Tag", raw)
	}
	out := make([]TagFilter, 0, len(elems))
	for i, elem := range elems {
		name := fmt.Sprintf("Tags.%d", i)
		tag, ok := decodeObject(elem)
		if !ok {
			return nil, wrongType(name, "a Tag object with Key and Value", elem)
		}
		for k := range tag {
			if k != "Key" && k != "Value" {
				return nil, newError(codeUnknownParameter,
					"The parameter `%s.%s` is not recognized: a Tag takes Key and Value (names are case-sensitive).", name, k)
			}
		}
		key, aerr := requiredString(tag, "Key")
		if aerr != nil {
			return nil, prefixParam(aerr, "Key", name+".Key")
		}
		if key == "" {
			return nil, newError(codeInvalidParameterValue, "The value of parameter `%s.Key` is not valid: a tag key cannot be empty.", name)
		}
		value, aerr := requiredString(tag, "Value")
		if aerr != nil {
			return nil, prefixParam(aerr, "Value", name+".Value")
		}
		out = append(out, TagFilter{Key: key, Value: value})
	}
	return out, nil
}

// prefixParam renames the parameter an error of a nested object names, to its full name.
func prefixParam(aerr *apiError, name, full string) *apiError {
	aerr.Message = strings.Replace(aerr.Message, "`"+name+"`", "`"+full+"`", 1)
	return aerr
}

// answered is an instance's inventory as DescribeDBInstances answers it: an instance being
// created shows no tags, and ClusterInfo only when asked for.
func (q dbInstancesQuery) answered(in Instance) Instance {
	if in.Status == 0 {
		in.TagList = []TagInfoItem{}
	}
	if !q.clusterInfo {
		in.ClusterInfo = nil
	}
	return in
}

// matches reports whether an answered inventory passes every filter.
func (q dbInstancesQuery) matches(in Instance) bool {
	if q.matchesNothing != "" || !q.withType[in.InstanceType] {
		return false
	}
	if (q.projectID != nil && in.ProjectId != *q.projectID) || (q.initFlag != nil && in.InitFlag != *q.initFlag) {
		return false
	}
	for _, f := range intFilters {
		if values := q.ints[f.name]; len(values) > 0 && !slices.Contains(values, f.field(in)) {
			return false
		}
	}
	for _, f := range strFilters {
		if values := q.strs[f.name]; len(values) > 0 && !slices.Contains(values, f.field(in)) {
			return false
		}
	}
	for _, t := range q.tags {
		if !slices.Contains(in.TagList, TagInfoItem{TagKey: t.Key, TagValue: t.Value}) {
			return false
		}
	}
	if len(q.tagKeys) > 0 && !slices.ContainsFunc(in.TagList, func(t TagInfoItem) bool { return slices.Contains(q.tagKeys, t.TagKey) }) {
		return false
	}
	if len(q.tagValues) > 0 && !slices.ContainsFunc(in.TagList, func(t TagInfoItem) bool { return slices.Contains(q.tagValues, t.TagValue) }) {
		return false
	}
	return true
}

// dbInstancesResponse is DescribeDBInstances' answer.
type dbInstancesResponse struct {
	Response struct {
		TotalCount int64      `json:"TotalCount"`
		Items      []Instance `json:"Items"`
		RequestId  string     `json:"RequestId"`
	} `json:"Response"`
}

// describeDBInstances answers DescribeDBInstances once the call is through the gateway, the
// quota and the faults.
func (s *Server) describeDBInstances(region string, body []byte, requestID string) (any, *apiError) {
	q, aerr := parseDBInstancesQuery(body, s.instancesBound())
	if aerr != nil {
		return nil, aerr
	}
	s.mu.Lock()
	matched := make([]Instance, 0, len(s.instances[region]))
	for _, in := range s.instances[region] {
		if info := q.answered(*in.info); q.matches(info) {
			matched = append(matched, info)
		}
	}
	s.mu.Unlock()
	key := instanceOrders[q.orderBy]
	slices.SortFunc(matched, func(a, b Instance) int {
		c := strings.Compare(key(a), key(b))
		if !q.ascending {
			c = -c
		}
		return cmp.Or(c, strings.Compare(a.InstanceId, b.InstanceId))
	})
	var resp dbInstancesResponse
	resp.Response.TotalCount = int64(len(matched))
	resp.Response.Items = pageOf(matched, q.offset, q.limit)
	resp.Response.RequestId = requestID
	return resp, nil
}

// pageOf returns items[offset:offset+limit], within bounds, never nil.
func pageOf[T any](items []T, offset, limit int64) []T {
	n := int64(len(items))
	lo := min(offset, n)
	hi := min(lo+limit, n)
	return append(make([]T, 0, hi-lo), items[lo:hi]...)
}

// SetMaxInstancesLimit changes the largest Limit DescribeDBInstances accepts, between 1 and
// LargestMaxInstancesLimit (DefaultMaxInstancesLimit, 2000, as the SDK documents, by default). A
// larger Limit is refused InvalidParameterValue, naming Limit, the value sent and the bound, and
// counted in Stats.LimitTooLarge.
func (s *Server) SetMaxInstancesLimit(n int64) error {
	if n < 1 || n > LargestMaxInstancesLimit {
		return fmt.Errorf("mock: largest DescribeDBInstances Limit %d is not between 1 and %d", n, LargestMaxInstancesLimit)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.maxInstancesLimit = n
	return nil
}

// instancesBound returns the largest Limit DescribeDBInstances accepts now.
func (s *Server) instancesBound() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxInstancesLimit
}
