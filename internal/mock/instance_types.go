package mock

// This file holds the shape of an instance's inventory as DescribeDBInstances answers it: the
// API's InstanceInfo and the objects nested in it, every field of tencentcloud-sdk-go's cdb
// v20170320 models under its API name. Scalars are always answered; a nested object the instance
// does not have is answered null (a nil pointer or slice), as the real API answers it.

// Instance is one element of DescribeDBInstances' Items (the API's InstanceInfo). The mock keeps
// one per instance it serves: derived from the instance ID and region unless set (fixtures'
// "instance", SetInstanceInfo, GenerateFleet). Times are Beijing time in the API's format.
type Instance struct {
	WanStatus                  int64                               `json:"WanStatus"` // 0 no public access, 1 on, 2 closed
	Zone                       string                              `json:"Zone"`
	InitFlag                   int64                               `json:"InitFlag"` // 0 not initialized, 1 initialized
	RoVipInfo                  *RoVipInfo                          `json:"RoVipInfo"`
	Memory                     int64                               `json:"Memory"` // MB
	Status                     int64                               `json:"Status"` // 0 creating, 1 running, 4 isolating, 5 isolated
	VpcId                      int64                               `json:"VpcId"`
	SlaveInfo                  *SlaveInfo                          `json:"SlaveInfo"`
	InstanceId                 string                              `json:"InstanceId"`
	Volume                     int64                               `json:"Volume"`      // GB
	AutoRenew                  int64                               `json:"AutoRenew"`   // 0 not set, 1 on, 2 off
	ProtectMode                int64                               `json:"ProtectMode"` // 0 async, 1 semi-sync, 2 strong sync
	RoGroups                   []RoGroup                           `json:"RoGroups"`
	SubnetId                   int64                               `json:"SubnetId"`
	InstanceType               int64                               `json:"InstanceType"` // 1 primary, 2 disaster recovery, 3 read-only
	ProjectId                  int64                               `json:"ProjectId"`
	Region                     string                              `json:"Region"`
	DeadlineTime               string                              `json:"DeadlineTime"` // "0000-00-00 00:00:00" for pay-as-you-go
	DeployMode                 int64                               `json:"DeployMode"`   // 0 one zone, 1 several
	TaskStatus                 int64                               `json:"TaskStatus"`
	MasterInfo                 *MasterInfo                         `json:"MasterInfo"`
	DeviceType                 string                              `json:"DeviceType"`
	EngineVersion              string                              `json:"EngineVersion"`
	InstanceName               string                              `json:"InstanceName"`
	DrInfo                     []DrInfo                            `json:"DrInfo"`
	WanDomain                  string                              `json:"WanDomain"`
	WanPort                    int64                               `json:"WanPort"`
	PayType                    int64                               `json:"PayType"` // 0 monthly subscription, 1 pay-as-you-go
	CreateTime                 string                              `json:"CreateTime"`
	Vip                        string                              `json:"Vip"`
	Vport                      int64                               `json:"Vport"`
	CdbError                   int64                               `json:"CdbError"` // 1: writes locked, the disk is full
	UniqVpcId                  string                              `json:"UniqVpcId"`
	UniqSubnetId               string                              `json:"UniqSubnetId"`
	PhysicalId                 string                              `json:"PhysicalId"`
	Cpu                        int64                               `json:"Cpu"` //nolint:revive // the API's field name
	Qps                        int64                               `json:"Qps"` //nolint:revive // the API's field name
	ZoneName                   string                              `json:"ZoneName"`
	DeviceClass                string                              `json:"DeviceClass"`
	DeployGroupId              string                              `json:"DeployGroupId"`
	ZoneId                     int64                               `json:"ZoneId"`
	InstanceNodes              int64                               `json:"InstanceNodes"`
	TagList                    []TagInfoItem                       `json:"TagList"`
	EngineType                 string                              `json:"EngineType"` // InnoDB or RocksDB
	MaxDelayTime               int64                               `json:"MaxDelayTime"`
	DiskType                   string                              `json:"DiskType"`  // CLOUD_SSD, CLOUD_HSSD; "" for local disks
	ExpandCpu                  int64                               `json:"ExpandCpu"` //nolint:revive // the API's field name
	ClusterInfo                []ClusterInfo                       `json:"ClusterInfo"`
	AnalysisNodeInfos          []AnalysisNodeInfo                  `json:"AnalysisNodeInfos"`
	DeviceBandwidth            uint64                              `json:"DeviceBandwidth"`
	DestroyProtect             string                              `json:"DestroyProtect"` // on or off
	CpuModel                   string                              `json:"CpuModel"`       //nolint:revive // the API's field name
	AnalysisUpgradeVersionInfo *UpgradeAnalysisInstanceVersionInfo `json:"AnalysisUpgradeVersionInfo"`
}

// TagInfoItem is one tag of an instance's TagList. (In DescribeDBInstances' request the Tags
// filter names them Key and Value: TagFilter.)
type TagInfoItem struct {
	TagKey   string `json:"TagKey"`
	TagValue string `json:"TagValue"`
}

// TagFilter is one element of DescribeDBInstances' Tags parameter (the API's Tag).
type TagFilter struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// SlaveInfo is an instance's replicas: the first, and the second of a three-node instance.
type SlaveInfo struct {
	First  *SlaveInstanceInfo `json:"First"`
	Second *SlaveInstanceInfo `json:"Second"`
}

// SlaveInstanceInfo is one replica of an instance.
type SlaveInstanceInfo struct {
	Vport  int64  `json:"Vport"`
	Region string `json:"Region"`
	Vip    string `json:"Vip"`
	Zone   string `json:"Zone"`
}

// RoGroup is one read-only group of a primary instance.
type RoGroup struct {
	RoGroupMode          string           `json:"RoGroupMode"` // alone, allinone, join
	RoGroupId            string           `json:"RoGroupId"`
	RoGroupName          string           `json:"RoGroupName"`
	RoOfflineDelay       int64            `json:"RoOfflineDelay"`
	RoMaxDelayTime       int64            `json:"RoMaxDelayTime"`
	MinRoInGroup         int64            `json:"MinRoInGroup"`
	WeightMode           string           `json:"WeightMode"` // system, custom
	Weight               int64            `json:"Weight"`     // deprecated upstream
	RoInstances          []RoInstanceInfo `json:"RoInstances"`
	Vip                  string           `json:"Vip"`
	Vport                int64            `json:"Vport"`
	UniqVpcId            string           `json:"UniqVpcId"`
	UniqSubnetId         string           `json:"UniqSubnetId"`
	RoGroupRegion        string           `json:"RoGroupRegion"`
	RoGroupZone          string           `json:"RoGroupZone"`
	DelayReplicationTime int64            `json:"DelayReplicationTime"`
}

// RoInstanceInfo is one read-only instance of a read-only group.
type RoInstanceInfo struct {
	MasterInstanceId  string `json:"MasterInstanceId"`
	RoStatus          string `json:"RoStatus"` // online, offline
	OfflineTime       string `json:"OfflineTime"`
	Weight            int64  `json:"Weight"`
	Region            string `json:"Region"`
	Zone              string `json:"Zone"`
	InstanceId        string `json:"InstanceId"`
	Status            int64  `json:"Status"`
	InstanceType      int64  `json:"InstanceType"`
	InstanceName      string `json:"InstanceName"`
	HourFeeStatus     int64  `json:"HourFeeStatus"`
	TaskStatus        int64  `json:"TaskStatus"`
	Memory            int64  `json:"Memory"`
	Volume            int64  `json:"Volume"`
	Qps               int64  `json:"Qps"` //nolint:revive // the API's field name
	Vip               string `json:"Vip"`
	Vport             int64  `json:"Vport"`
	VpcId             int64  `json:"VpcId"`
	SubnetId          int64  `json:"SubnetId"`
	DeviceType        string `json:"DeviceType"`
	EngineVersion     string `json:"EngineVersion"`
	DeadlineTime      string `json:"DeadlineTime"`
	PayType           int64  `json:"PayType"`
	ReplicationStatus string `json:"ReplicationStatus"`
}

// DrInfo is one disaster-recovery instance of a primary.
type DrInfo struct {
	Status       int64  `json:"Status"`
	Zone         string `json:"Zone"`
	InstanceId   string `json:"InstanceId"`
	Region       string `json:"Region"`
	SyncStatus   int64  `json:"SyncStatus"`
	InstanceName string `json:"InstanceName"`
	InstanceType int64  `json:"InstanceType"`
}

// MasterInfo is the primary of a disaster-recovery or read-only instance.
type MasterInfo struct {
	Region        string `json:"Region"`
	RegionId      int64  `json:"RegionId"`
	ZoneId        int64  `json:"ZoneId"`
	Zone          string `json:"Zone"`
	InstanceId    string `json:"InstanceId"`
	ResourceId    string `json:"ResourceId"`
	Status        int64  `json:"Status"`
	InstanceName  string `json:"InstanceName"`
	InstanceType  int64  `json:"InstanceType"`
	TaskStatus    int64  `json:"TaskStatus"`
	Memory        int64  `json:"Memory"`
	Volume        int64  `json:"Volume"`
	DeviceType    string `json:"DeviceType"`
	Qps           int64  `json:"Qps"` //nolint:revive // the API's field name
	VpcId         int64  `json:"VpcId"`
	SubnetId      int64  `json:"SubnetId"`
	ExClusterId   string `json:"ExClusterId"`
	ExClusterName string `json:"ExClusterName"`
}

// RoVipInfo is the read-only address of an instance opened on its own.
type RoVipInfo struct {
	RoVipStatus int64  `json:"RoVipStatus"`
	RoSubnetId  int64  `json:"RoSubnetId"`
	RoVpcId     int64  `json:"RoVpcId"`
	RoVport     int64  `json:"RoVport"`
	RoVip       string `json:"RoVip"`
}

// ClusterInfo is one node of a cloud-native cluster instance.
type ClusterInfo struct {
	NodeId string `json:"NodeId"`
	Role   string `json:"Role"` // master, slave
	Zone   string `json:"Zone"`
}

// AnalysisNodeInfo is one node of an instance's analysis engine.
type AnalysisNodeInfo struct {
	NodeId     string `json:"NodeId"`
	Status     string `json:"Status"`
	DataStatus string `json:"DataStatus"`
	Cpu        uint64 `json:"Cpu"` //nolint:revive // the API's field name
	Memory     uint64 `json:"Memory"`
	Storage    uint64 `json:"Storage"`
	Zone       string `json:"Zone"`
	Message    string `json:"Message"`
}

// UpgradeAnalysisInstanceVersionInfo is an analysis engine's pending version upgrade.
type UpgradeAnalysisInstanceVersionInfo struct {
	Vip           string `json:"Vip"`
	Vport         int64  `json:"Vport"`
	EngineVersion string `json:"EngineVersion"`
	ExpireTime    int64  `json:"ExpireTime"`
}
