// The CDB API's inventory: DescribeDBInstances, the region's instances with their filters, and
// DescribeBackupSummaries, every instance's backup volumes, paged over the whole region.

package tencentcloud

import (
	"context"
	"encoding/json"
	"sync"
)

// Tag is one tag a DescribeDBInstances filter asks for: the request names its keys Key and Value.
type Tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// DescribeDBInstancesInput is one page request of DescribeDBInstances with the filters the API applies: an empty
// filter is not sent.
type DescribeDBInstancesInput struct {
	InstanceIDs    []string
	InstanceNames  []string
	Status         []int64 // 0 creating, 1 running, 4 isolating, 5 isolated
	EngineVersions []string
	Tags           []Tag // every pair must match
	ProjectID      *int64
	Offset         int64
	// Limit is the page size, 1 to 2000; 0 asks for the largest page the API accepts (pagesize.go).
	Limit int64
}

// DescribeDBInstancesOutput is one page of DescribeDBInstances.
type DescribeDBInstancesOutput = Page[InstanceInfo]

// InstanceInfo is one instance as DescribeDBInstances describes it, every field of the current API. The nested
// objects no inventory shows are kept as the API's JSON.
type InstanceInfo struct {
	InstanceID      *string         `json:"InstanceId"`
	InstanceName    *string         `json:"InstanceName"`
	Status          *int64          `json:"Status"`
	TaskStatus      *int64          `json:"TaskStatus"`
	EngineVersion   *string         `json:"EngineVersion"`
	EngineType      *string         `json:"EngineType"`
	Region          *string         `json:"Region"`
	Zone            *string         `json:"Zone"`
	ZoneName        *string         `json:"ZoneName"`
	ZoneID          *int64          `json:"ZoneId"`
	InstanceType    *int64          `json:"InstanceType"`
	DeviceType      *string         `json:"DeviceType"`
	DeviceClass     *string         `json:"DeviceClass"`
	DiskType        *string         `json:"DiskType"`
	CPU             *int64          `json:"Cpu"`
	ExpandCPU       *int64          `json:"ExpandCpu"`
	CPUModel        *string         `json:"CpuModel"`
	Memory          *int64          `json:"Memory"`
	Volume          *int64          `json:"Volume"`
	QPS             *int64          `json:"Qps"`
	VpcID           *int64          `json:"VpcId"`
	SubnetID        *int64          `json:"SubnetId"`
	UniqVpcID       *string         `json:"UniqVpcId"`
	UniqSubnetID    *string         `json:"UniqSubnetId"`
	Vip             *string         `json:"Vip"`
	Vport           *int64          `json:"Vport"`
	WanStatus       *int64          `json:"WanStatus"`
	WanDomain       *string         `json:"WanDomain"`
	WanPort         *int64          `json:"WanPort"`
	PayType         *int64          `json:"PayType"`
	AutoRenew       *int64          `json:"AutoRenew"`
	CreateTime      *string         `json:"CreateTime"`
	DeadlineTime    *string         `json:"DeadlineTime"`
	ProjectID       *int64          `json:"ProjectId"`
	TagList         []*TagInfoItem  `json:"TagList"`
	DestroyProtect  *string         `json:"DestroyProtect"`
	InitFlag        *int64          `json:"InitFlag"`
	ProtectMode     *int64          `json:"ProtectMode"`
	DeployMode      *int64          `json:"DeployMode"`
	CdbError        *int64          `json:"CdbError"`
	PhysicalID      *string         `json:"PhysicalId"`
	DeployGroupID   *string         `json:"DeployGroupId"`
	InstanceNodes   *int64          `json:"InstanceNodes"`
	MaxDelayTime    *int64          `json:"MaxDelayTime"`
	DeviceBandwidth *int64          `json:"DeviceBandwidth"`
	MasterInfo      json.RawMessage `json:"MasterInfo"`
	SlaveInfo       json.RawMessage `json:"SlaveInfo"`
	DrInfo          json.RawMessage `json:"DrInfo"`
	RoGroups        json.RawMessage `json:"RoGroups"`
	RoVipInfo       json.RawMessage `json:"RoVipInfo"`
	ClusterInfo     json.RawMessage `json:"ClusterInfo"`
	// AnalysisNodeInfos and AnalysisUpgradeVersionInfo describe an analysis engine attached to the instance.
	AnalysisNodeInfos          json.RawMessage `json:"AnalysisNodeInfos"`
	AnalysisUpgradeVersionInfo json.RawMessage `json:"AnalysisUpgradeVersionInfo"`
}

// TagInfoItem is one tag of an instance: the response names its keys TagKey and TagValue.
type TagInfoItem struct {
	TagKey   *string `json:"TagKey"`
	TagValue *string `json:"TagValue"`
}

// DescribeDBInstances fetches one page of the region's instances that match the filters.
func (c *Client) DescribeDBInstances(ctx context.Context, in DescribeDBInstancesInput) (*DescribeDBInstancesOutput, error) {
	return callPage[InstanceInfo](ctx, c, ServiceCDB, "DescribeDBInstances", in.Limit, func(limit int64) any {
		return struct {
			InstanceIDs    []string `json:"InstanceIds,omitempty"`
			InstanceNames  []string `json:"InstanceNames,omitempty"`
			Status         []int64  `json:"Status,omitempty"`
			EngineVersions []string `json:"EngineVersions,omitempty"`
			Tags           []Tag    `json:"Tags,omitempty"`
			ProjectID      *int64   `json:"ProjectId,omitempty"`
			Offset         int64    `json:"Offset"`
			Limit          int64    `json:"Limit"`
		}{in.InstanceIDs, in.InstanceNames, in.Status, in.EngineVersions, in.Tags, in.ProjectID, in.Offset, limit}
	})
}

// BackupSummaryItem is one instance's backup counts and volumes (bytes), from DescribeBackupSummaries.
type BackupSummaryItem struct {
	InstanceID         *string `json:"InstanceId"`
	AutoBackupCount    *int64  `json:"AutoBackupCount"`
	AutoBackupVolume   *int64  `json:"AutoBackupVolume"`
	ManualBackupCount  *int64  `json:"ManualBackupCount"`
	ManualBackupVolume *int64  `json:"ManualBackupVolume"`
	DataBackupCount    *int64  `json:"DataBackupCount"`
	DataBackupVolume   *int64  `json:"DataBackupVolume"`
	BinlogBackupCount  *int64  `json:"BinlogBackupCount"`
	BinlogBackupVolume *int64  `json:"BinlogBackupVolume"`
	BackupVolume       *int64  `json:"BackupVolume"`
}

// Products of DescribeBackupSummaries: which instances a call covers.
const (
	ProductMySQL        = "mysql"         // two- and three-node instances
	ProductMySQLBasic   = "mysql-basic"   // single-node instances
	ProductMySQLCluster = "mysql-cluster" // cloud-native cluster instances
)

// SummaryPageSize is DescribeBackupSummaries' largest Limit, as its API reference gives it.
const SummaryPageSize = 100

// DescribeBackupSummaries reads the backup summaries of every instance of a product in the region: the first page,
// then the others at once under the action's rate limiter. An instance that shows on two pages (the list moved
// while it was read) is kept once.
func (c *Client) DescribeBackupSummaries(ctx context.Context, product string) ([]*BackupSummaryItem, error) {
	page := func(offset int64) (*Page[BackupSummaryItem], error) {
		params := struct {
			Product string `json:"Product"`
			Offset  int64  `json:"Offset"`
			Limit   int64  `json:"Limit"`
		}{product, offset, SummaryPageSize}
		return callService[Page[BackupSummaryItem]](ctx, c, ServiceCDB, "DescribeBackupSummaries", params)
	}
	first, err := page(0)
	if err != nil {
		return nil, err
	}
	pages := [][]*BackupSummaryItem{first.Items}
	if first.TotalCount != nil && *first.TotalCount > SummaryPageSize {
		rest := make([][]*BackupSummaryItem, (*first.TotalCount-1)/SummaryPageSize)
		var calls []func() error
		for i := range rest {
			calls = append(calls, func() error {
				p, err := page(int64(i+1) * SummaryPageSize)
				if err == nil {
					rest[i] = p.Items
				}
				return err
			})
		}
		if err := concurrently(calls...); err != nil {
			return nil, err
		}
		pages = append(pages, rest...)
	}
	seen := map[string]bool{}
	var out []*BackupSummaryItem
	for _, items := range pages {
		for _, item := range items {
			if item == nil || item.InstanceID == nil || seen[*item.InstanceID] {
				continue
			}
			seen[*item.InstanceID] = true
			out = append(out, item)
		}
	}
	return out, nil
}

// Each runs fn(i) for every i in [0, n), at most the client's max_concurrency at once per Each, and returns when
// all have returned: a fleet's reads of one action, which then wait for its rate limiter one by one rather than
// all at once. fn is not called once ctx is done.
func (c *Client) Each(ctx context.Context, n int, fn func(i int)) {
	workers := min(n, cap(c.inFlight))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				fn(i)
			}
		})
	}
	for i := range n {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
}
