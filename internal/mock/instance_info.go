package mock

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/netip"
	"slices"
	"strings"
	"time"
)

// This file keeps the inventory of every instance the mock serves (Instance, the API's
// InstanceInfo), answered by DescribeDBInstances (db_instances.go): derived from the instance ID
// and region (DefaultInstanceInfo) unless set by a fixtures file's "instance", SetInstanceInfo or
// GenerateFleet; and RemoveInstance, which makes an instance disappear from every action.

// regionInfo is what the mock knows of a region's zones: the API's region ID, the first zone ID
// (zone n has ID zoneBase+n), the zones CDB is sold in and the region's name for ZoneName.
type regionInfo struct {
	id       int64
	zoneBase int64
	zones    []int
	name     string
}

var regionInfos = map[string]regionInfo{
	"ap-guangzhou":     {1, 100000, []int{3, 4, 6, 7}, "Guangzhou"},
	"ap-shanghai":      {4, 200000, []int{2, 3, 4, 5, 8}, "Shanghai"},
	"ap-hongkong":      {5, 300000, []int{2, 3}, "Hong Kong"},
	"ap-beijing":       {8, 800000, []int{3, 4, 5, 6, 7}, "Beijing"},
	"ap-singapore":     {9, 900000, []int{1, 2, 3, 4}, "Singapore"},
	"ap-chengdu":       {16, 160000, []int{1, 2}, "Chengdu"},
	"ap-chongqing":     {19, 190000, []int{1}, "Chongqing"},
	"ap-nanjing":       {33, 330000, []int{1, 2, 3}, "Nanjing"},
	"ap-shanghai-fsi":  {11, 700000, []int{1, 2, 3}, "Shanghai Finance"},
	"ap-shenzhen-fsi":  {12, 110000, []int{1, 2, 3}, "Shenzhen Finance"},
	"ap-beijing-fsi":   {36, 460000, []int{1}, "Beijing Finance"},
	"ap-tokyo":         {25, 250000, []int{1, 2}, "Tokyo"},
	"na-siliconvalley": {15, 150000, []int{1, 2}, "Silicon Valley"},
	"eu-frankfurt":     {17, 170000, []int{1, 2}, "Frankfurt"},
}

// regionOf returns what the mock knows of a region; a region of a test's own gets three zones
// and IDs derived from its name.
func regionOf(region string) regionInfo {
	if r, ok := regionInfos[region]; ok {
		return r
	}
	h := hash64("region", region)
	name := region[strings.LastIndex(region, "-")+1:]
	if name != "" {
		name = strings.ToUpper(name[:1]) + name[1:]
	}
	return regionInfo{id: 100 + int64(h%900), zoneBase: 1_000_000 + int64(h%900)*1000, zones: []int{1, 2, 3}, name: name}
}

// instanceSpecs are the CPU (cores) and memory (MB) sizes CDB sells, with the QPS the API
// answers for each, smallest first.
var instanceSpecs = []struct{ cpu, memory, qps int64 }{
	{1, 1000, 1200}, {1, 2000, 2500}, {2, 4000, 4500}, {2, 8000, 6000}, {4, 8000, 8000},
	{4, 16000, 12000}, {8, 32000, 24000}, {16, 64000, 48000}, {32, 128000, 96000},
}

// volumes are disk sizes (GB) people pick.
var volumes = []int64{25, 50, 100, 150, 200, 250, 500, 1000, 2000}

// apps and environments make instance names such as "prod-orders-3".
var (
	apps = []string{"orders", "users", "payments", "inventory", "billing", "catalog", "search", "auth",
		"analytics", "ledger", "shipping", "reviews", "notifications", "sessions", "reports", "cms", "crm", "wallet"}
	defaultEnvironments = []string{"prod", "prod", "prod", "staging", "dev"}
)

// instanceStyle is what GenerateFleet decides of an instance beyond DefaultInstanceInfo's
// derivation; the zero value is the default one's.
type instanceStyle struct {
	env, app string // its name's parts; "" lets the derivation pick
	number   int    // its name's number; 0 lets the derivation pick
	cluster  bool   // a cloud-native cluster (DeviceType CLOUD_NATIVE_CLUSTER)
}

// DefaultInstanceInfo is the inventory the mock gives an instance it has none of its own for,
// derived from the instance ID and region alone (the same arguments always give the same one): a
// realistic running primary instance ("prod-orders-3"), Status 1, TaskStatus 0, InnoDB 5.6, 5.7
// or 8.0, in a zone of region ("ap-guangzhou-3"), one of the region's three VPCs with a subnet
// per zone, a 10.x.y.z address on port 3306, a CPU, memory and disk size CDB sells, mostly
// two-node ("UNIVERSAL", with its replica in SlaveInfo), some three-node and some single-node
// ("BASIC", no replica), monthly subscription or pay-as-you-go (DeadlineTime "0000-00-00
// 00:00:00"), no tags, project 0, no read-only groups ([]) and no disaster-recovery instances
// ([]). It was created before before, its oldest backup or binlog (a zero before stands for
// 2025-01-01); a monthly subscription runs past it.
func DefaultInstanceInfo(region, instanceID string, before time.Time) Instance {
	return deriveInstance(region, instanceID, before, instanceStyle{})
}

// deriveInstance is DefaultInstanceInfo in a style.
func deriveInstance(region, instanceID string, before time.Time, style instanceStyle) Instance {
	rng := splitMix{state: hash64("instance", region, instanceID)}
	if before.IsZero() {
		before = time.Date(2025, 1, 1, 0, 0, 0, 0, beijing)
	}
	r := regionOf(region)
	zoneIndex := int(rng.intn(int64(len(r.zones))))
	zoneNumber := r.zones[zoneIndex]
	zone := fmt.Sprintf("%s-%d", region, zoneNumber)
	vpc := rng.intn(3) // the region's VPCs are shared by its instances
	spec := instanceSpecs[rng.intn(int64(len(instanceSpecs)))]
	volume := volumes[rng.intn(int64(len(volumes)))]
	volume = max(volume, spec.memory/1000*10) // a large machine gets a large disk

	env, app, number := style.env, style.app, style.number
	if env == "" {
		env = defaultEnvironments[rng.intn(int64(len(defaultEnvironments)))]
	}
	if app == "" {
		app = apps[rng.intn(int64(len(apps)))]
	}
	if number == 0 {
		number = 1 + int(rng.intn(9))
	}
	version := "8.0"
	switch v := rng.intn(100); {
	case v < 10:
		version = "5.6"
	case v < 55:
		version = "5.7"
	}
	created := before.In(beijing).Add(-time.Duration(1+rng.intn(900))*24*time.Hour - time.Duration(rng.intn(86400))*time.Second).Truncate(time.Second)

	in := Instance{
		Zone:           zone,
		InitFlag:       1,
		Memory:         spec.memory,
		Status:         1,
		VpcId:          vpcNumber(region, vpc),
		InstanceId:     instanceID,
		Volume:         volume,
		RoGroups:       []RoGroup{},
		SubnetId:       subnetNumber(region, vpc, zoneNumber),
		InstanceType:   1,
		Region:         region,
		DeadlineTime:   zeroTime,
		DeviceType:     "UNIVERSAL",
		EngineVersion:  version,
		InstanceName:   fmt.Sprintf("%s-%s-%d", env, app, number),
		DrInfo:         []DrInfo{},
		PayType:        1,
		CreateTime:     created.Format(apiTimeLayout),
		Vip:            vip(region, vpc, zoneIndex, &rng),
		Vport:          3306,
		UniqVpcId:      "vpc-" + shortID(hash64("vpc", region, fmt.Sprint(vpc))),
		UniqSubnetId:   "subnet-" + shortID(hash64("subnet", region, fmt.Sprint(vpc), fmt.Sprint(zoneNumber))),
		Cpu:            spec.cpu,
		Qps:            spec.qps,
		ZoneName:       fmt.Sprintf("%s Zone %d", r.name, zoneNumber),
		ZoneId:         r.zoneBase + int64(zoneNumber),
		InstanceNodes:  2,
		TagList:        []TagInfoItem{},
		EngineType:     "InnoDB",
		DestroyProtect: "off",
	}
	if rng.chance(30) {
		in.DestroyProtect = "on"
	}
	if rng.chance(55) { // monthly subscription, renewed a month at a time past before
		in.PayType, in.AutoRenew = 0, 1
		if rng.chance(25) {
			in.AutoRenew = 0
		}
		months := 1 + int(before.Sub(created).Hours()/24/30)
		in.DeadlineTime = created.AddDate(0, months+int(rng.intn(12)), 0).Format(apiTimeLayout)
	}
	replica := func(zone string) *SlaveInstanceInfo {
		return &SlaveInstanceInfo{Vport: 3306, Region: region, Vip: vip(region, vpc, zoneIndex, &rng), Zone: zone}
	}
	switch kind := rng.intn(100); {
	case style.cluster:
		in.DeviceType, in.DiskType, in.InstanceNodes = "CLOUD_NATIVE_CLUSTER", "CLOUD_HSSD", 2+rng.intn(2)
		for n := range in.InstanceNodes {
			role := "slave"
			if n == 0 {
				role = "master"
			}
			in.ClusterInfo = append(in.ClusterInfo, ClusterInfo{
				NodeId: fmt.Sprintf("%s-node-%s", instanceID, shortID(hash64("node", instanceID, fmt.Sprint(n)))[:6]),
				Role:   role, Zone: zone,
			})
		}
	case kind < 12: // single node on a cloud disk: no replica
		in.DeviceType, in.InstanceNodes = "BASIC", 1
		in.DiskType = "CLOUD_SSD"
		if rng.chance(40) {
			in.DiskType = "CLOUD_HSSD"
		}
	default:
		in.ProtectMode = rng.intn(2)
		other := zone
		if len(r.zones) > 1 && rng.chance(35) { // the replica in another zone
			in.DeployMode = 1
			other = fmt.Sprintf("%s-%d", region, r.zones[(zoneIndex+1)%len(r.zones)])
		}
		in.SlaveInfo = &SlaveInfo{First: replica(other)}
		if kind < 20 {
			in.InstanceNodes = 3
			in.SlaveInfo.Second = replica(zone)
		}
	}
	return in
}

// hash64 is a stable hash of its parts.
func hash64(parts ...string) uint64 {
	h := fnv.New64a()
	for _, p := range parts {
		_, _ = h.Write([]byte(p))
		_, _ = h.Write([]byte{0})
	}
	return h.Sum64()
}

// shortID makes the 8 lower-case letters and digits of a resource ID ("vpc-…", "cdb-…") of v.
func shortID(v uint64) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	var b [8]byte
	for i := range b {
		b[i] = alphabet[v%uint64(len(alphabet))]
		v /= uint64(len(alphabet))
	}
	return string(b[:])
}

// vpcNumber and subnetNumber are the numeric IDs of a region's VPC and of its subnet in a zone.
func vpcNumber(region string, vpc int64) int64 {
	return 10_000 + int64(hash64("vpc", region, fmt.Sprint(vpc))%990_000)
}

func subnetNumber(region string, vpc int64, zone int) int64 {
	return 100_000 + int64(hash64("subnet", region, fmt.Sprint(vpc), fmt.Sprint(zone))%900_000)
}

// vip is an address in the subnet of a region's VPC in the zone at zoneIndex: 10.<vpc>.<subnet>.<host>.
func vip(region string, vpc int64, zoneIndex int, rng *splitMix) string {
	octet := hash64("vpc", region, fmt.Sprint(vpc)) % 256
	return fmt.Sprintf("10.%d.%d.%d", octet, 1+zoneIndex*16+int(rng.intn(16)), 2+rng.intn(252))
}

// oldestEvidence returns when the oldest backup or binlog of an instance started; zero when it
// has none whose time can be read. The caller holds s.mu, or owns in.
func oldestEvidence(in *instance) time.Time {
	var oldest time.Time
	note := func(text string) {
		if t, ok := parseAPITime(text); ok && (oldest.IsZero() || t.Before(oldest)) {
			oldest = t
		}
	}
	for _, b := range in.timeline {
		note(b.Date)
		note(b.StartTime)
	}
	for _, b := range in.binlogs {
		note(b.BinlogStartTime)
	}
	return oldest
}

// cloneInstance copies an Instance with its nested objects and slices; nil stays nil.
func cloneInstance(in Instance) Instance {
	in.RoGroups = slices.Clone(in.RoGroups)
	for i := range in.RoGroups {
		in.RoGroups[i].RoInstances = slices.Clone(in.RoGroups[i].RoInstances)
	}
	in.DrInfo = slices.Clone(in.DrInfo)
	in.TagList = slices.Clone(in.TagList)
	in.ClusterInfo = slices.Clone(in.ClusterInfo)
	in.AnalysisNodeInfos = slices.Clone(in.AnalysisNodeInfos)
	if in.RoVipInfo != nil {
		v := *in.RoVipInfo
		in.RoVipInfo = &v
	}
	if in.MasterInfo != nil {
		v := *in.MasterInfo
		in.MasterInfo = &v
	}
	if in.AnalysisUpgradeVersionInfo != nil {
		v := *in.AnalysisUpgradeVersionInfo
		in.AnalysisUpgradeVersionInfo = &v
	}
	if in.SlaveInfo != nil {
		v := *in.SlaveInfo
		if v.First != nil {
			f := *v.First
			v.First = &f
		}
		if v.Second != nil {
			s := *v.Second
			v.Second = &s
		}
		in.SlaveInfo = &v
	}
	return in
}

// Values the API documents for an instance's fields.
var (
	instanceStatuses    = []int64{0, 1, 4, 5}
	instanceTaskStatus  = []int64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16, 17, 19, 34}
	instanceTypes       = []int64{1, 2, 3}
	engineVersions      = []string{"5.1", "5.5", "5.6", "5.7", "8.0"}
	engineTypes         = []string{"InnoDB", "RocksDB"}
	deviceTypes         = []string{"UNIVERSAL", "EXCLUSIVE", "BASIC", "BASIC_V2", "CLOUD_NATIVE_CLUSTER", "CLOUD_NATIVE_CLUSTER_EXCLUSIVE"}
	maxInstanceNameSize = 60
)

// checkInstance refuses an inventory the API could not answer for this instance, naming the field.
func checkInstance(region, instanceID string, in Instance) error {
	ip := func(name, v string) error {
		if v == "" {
			return nil
		}
		if a, err := netip.ParseAddr(v); err != nil || !a.Is4() {
			return fmt.Errorf("%s %q is not an IPv4 address", name, v)
		}
		return nil
	}
	oneOf := func(name string, v int64, allowed []int64, meaning string) error {
		if !slices.Contains(allowed, v) {
			return fmt.Errorf("%s %d is not one of %s", name, v, meaning)
		}
		return nil
	}
	checks := []func() error{
		func() error {
			if in.InstanceId != instanceID {
				return fmt.Errorf("InstanceId %q is not the instance's ID %q", in.InstanceId, instanceID)
			}
			if in.Region != region {
				return fmt.Errorf("the Region %q is not the instance's region %q", in.Region, region)
			}
			return nil
		},
		func() error {
			return oneOf("Status", in.Status, instanceStatuses, "0 (creating), 1 (running), 4 (isolating) or 5 (isolated)")
		},
		func() error {
			return oneOf("TaskStatus", in.TaskStatus, instanceTaskStatus, "the task statuses the API lists (0-10, 12-17, 19, 34)")
		},
		func() error {
			return oneOf("InstanceType", in.InstanceType, instanceTypes, "1 (primary), 2 (disaster recovery) or 3 (read-only)")
		},
		func() error {
			return oneOf("PayType", in.PayType, []int64{0, 1}, "0 (monthly subscription) or 1 (pay-as-you-go)")
		},
		func() error { return oneOf("AutoRenew", in.AutoRenew, []int64{0, 1, 2}, "0, 1 or 2") },
		func() error { return oneOf("WanStatus", in.WanStatus, []int64{0, 1, 2}, "0, 1 or 2") },
		func() error { return oneOf("InitFlag", in.InitFlag, []int64{0, 1}, "0 or 1") },
		func() error { return oneOf("ProtectMode", in.ProtectMode, []int64{0, 1, 2}, "0, 1 or 2") },
		func() error { return oneOf("DeployMode", in.DeployMode, []int64{0, 1}, "0 or 1") },
		func() error { return oneOf("CdbError", in.CdbError, []int64{0, 1}, "0 or 1") },
		func() error {
			if _, ok := parseAPITime(in.CreateTime); !ok {
				return fmt.Errorf("CreateTime %q is not a time such as \"2024-03-01 10:00:00\"", in.CreateTime)
			}
			if _, ok := parseAPITime(in.DeadlineTime); !ok && in.DeadlineTime != zeroTime {
				return fmt.Errorf("DeadlineTime %q is not a time such as \"2026-03-01 10:00:00\" (or %q for pay-as-you-go)",
					in.DeadlineTime, zeroTime)
			}
			return nil
		},
		func() error {
			if !strings.HasPrefix(in.Zone, region+"-") {
				return fmt.Errorf("the Zone %q is not a zone of %s such as %s-3", in.Zone, region, region)
			}
			return nil
		},
		func() error {
			switch {
			case !slices.Contains(engineVersions, in.EngineVersion):
				return fmt.Errorf("EngineVersion %q is not one of %s", in.EngineVersion, strings.Join(engineVersions, ", "))
			case !slices.Contains(engineTypes, in.EngineType):
				return fmt.Errorf("EngineType %q is not InnoDB or RocksDB", in.EngineType)
			case !slices.Contains(deviceTypes, in.DeviceType):
				return fmt.Errorf("DeviceType %q is not one of %s", in.DeviceType, strings.Join(deviceTypes, ", "))
			case in.DestroyProtect != "on" && in.DestroyProtect != "off":
				return fmt.Errorf("DestroyProtect %q is not on or off", in.DestroyProtect)
			case len([]rune(in.InstanceName)) > maxInstanceNameSize:
				return fmt.Errorf("InstanceName %q is longer than %d characters", in.InstanceName, maxInstanceNameSize)
			}
			return nil
		},
		func() error {
			keys := map[string]bool{}
			for i, t := range in.TagList {
				switch {
				case t.TagKey == "":
					return fmt.Errorf("TagList[%d]: TagKey is empty", i)
				case keys[t.TagKey]:
					return fmt.Errorf("TagList[%d]: TagKey %q is listed twice (a resource has one value per key)", i, t.TagKey)
				}
				keys[t.TagKey] = true
			}
			return nil
		},
		func() error { return ip("Vip", in.Vip) },
		func() error {
			for name, v := range map[string]int64{"Cpu": in.Cpu, "Memory": in.Memory, "Volume": in.Volume, "Qps": in.Qps,
				"ProjectId": in.ProjectId, "VpcId": in.VpcId, "SubnetId": in.SubnetId, "ZoneId": in.ZoneId,
				"InstanceNodes": in.InstanceNodes, "MaxDelayTime": in.MaxDelayTime, "ExpandCpu": in.ExpandCpu, "WanPort": in.WanPort} {
				if v < 0 {
					return fmt.Errorf("%s %d is negative", name, v)
				}
			}
			if in.Vport < 0 || in.Vport > 65535 {
				return fmt.Errorf("the Vport %d is not a port (0..65535)", in.Vport)
			}
			return nil
		},
		func() error {
			if in.UniqVpcId != "" && !strings.HasPrefix(in.UniqVpcId, "vpc-") {
				return fmt.Errorf("UniqVpcId %q is not a VPC ID such as vpc-5v8wn9mg", in.UniqVpcId)
			}
			if in.UniqSubnetId != "" && !strings.HasPrefix(in.UniqSubnetId, "subnet-") {
				return fmt.Errorf("UniqSubnetId %q is not a subnet ID such as subnet-1typ0s7d", in.UniqSubnetId)
			}
			return nil
		},
	}
	for _, check := range checks {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

// decodeInstance reads a JSON object in InstanceInfo's shape onto the default inventory of an
// instance created before before, refusing unknown fields; InstanceId and Region may be left out.
func decodeInstance(region, instanceID string, before time.Time, data []byte) (Instance, error) {
	in := DefaultInstanceInfo(region, instanceID, before)
	if err := decodeOnto(data, &in); err != nil {
		return in, err
	}
	return in, checkInstance(region, instanceID, in)
}

// DecodeInstanceInfo reads a JSON object in DescribeDBInstances' InstanceInfo shape onto
// DefaultInstanceInfo(region, instanceID, before) field by field (a field left out keeps its
// default; a nested object given as null is answered null), refusing unknown fields and what the
// API could not answer: a Status other than 0, 1, 4 or 5, a tag without TagKey, times not in the
// API's format, an InstanceId or Region other than the instance's, and so on (each error names
// the field).
func DecodeInstanceInfo(region, instanceID string, before time.Time, data []byte) (Instance, error) {
	return decodeInstance(region, instanceID, before, data)
}

// decodeFixtureInstance reads a fixtures instance's "instance" onto the defaults of the instance,
// created before its oldest backup or binlog.
func decodeFixtureInstance(f *FixtureInstance, raw json.RawMessage) error {
	if f.Region == "" || f.InstanceID == "" {
		return fmt.Errorf("an instance's inventory needs the instance's region and instance_id")
	}
	probe := newInstance(f.Backups)
	probe.binlogs = f.Binlogs
	in, err := decodeInstance(f.Region, f.InstanceID, oldestEvidence(probe), raw)
	if err != nil {
		return err
	}
	f.Instance = &in
	return nil
}

// SetInstanceInfo gives an instance in a region this inventory, answered by DescribeDBInstances
// in place of the one it had; InstanceInfo or DefaultInstanceInfo is where to start from. An
// empty InstanceId or Region is taken as the instance's. An inventory the API could not answer is
// refused, naming the field, and nothing changes. An instance that does not exist is created with
// no backups; an existing one keeps its backups, binlogs and settings.
func (s *Server) SetInstanceInfo(region, instanceID string, info Instance) error {
	info = cloneInstance(info)
	if info.InstanceId == "" {
		info.InstanceId = instanceID
	}
	if info.Region == "" {
		info.Region = region
	}
	if err := checkInstance(region, instanceID, info); err != nil {
		return fmt.Errorf("mock: inventory of instance %s in %s: %w", instanceID, region, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.instanceOrNew(region, instanceID)
	in.info, in.infoSet = &info, true
	return nil
}

// InstanceInfo returns a copy of the inventory the mock keeps for an instance (its own, or the
// one derived for it); false when the instance does not exist. It is the inventory as set:
// DescribeDBInstances answers an instance being created (Status 0) with no tags, and ClusterInfo
// only when asked for (QueryClusterInfo).
func (s *Server) InstanceInfo(region, instanceID string) (Instance, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.instance(region, instanceID)
	if in == nil {
		return Instance{}, false
	}
	return cloneInstance(*in.info), true
}

// RemoveInstance makes an instance disappear, with its backups, binlogs, settings and
// inventory: every action then answers it as an instance the region does not have, each with
// its own code (DescribeBackups InvalidParameter.InstanceNotFound, DescribeRollbackRangeTime an
// item with code 1600009, ...), and DescribeDBInstances and DescribeBackupSummaries no longer
// list it. The region stays known to the gateway. Removing an instance that does not exist does
// nothing.
func (s *Server) RemoveInstance(region, instanceID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.instances[region], instanceID)
}
