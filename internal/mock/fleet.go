package mock

import (
	"fmt"
	"time"
)

// DefaultFleetBackups is the number of backups GenerateFleet gives each instance unless told
// otherwise: a handful, so that a fleet of thousands stays cheap.
const DefaultFleetBackups = 8

// FleetOptions says what GenerateFleet makes.
type FleetOptions struct {
	// Region is the region of every instance.
	Region string
	// Instances is the number of instances.
	Instances int
	// Backups is the number of backups of each instance; 0 means DefaultFleetBackups, a negative
	// number none. An instance being created has none whatever it says.
	Backups int
	// Newest is the time of the newest backup of the fleet; each instance's newest is within the
	// day before it, and its binlogs run from its oldest backup to Newest (GenerateBinlogs).
	Newest time.Time
	// Seed makes the fleet: the same options always give the same fleet.
	Seed uint64
	// Binlogs leaves stretches out of each instance's binlogs and fails some (BinlogOptions).
	Binlogs BinlogOptions
}

// fleetTeams are the teams that own instances.
var fleetTeams = []string{"checkout", "identity", "platform", "data", "growth", "finance", "logistics", "search"}

// GenerateFleet makes a realistic fleet of instances in one region, deterministic from the
// options: IDs like real ones ("cdb-" and 8 letters or digits), each with its inventory
// (Instance: DefaultInstanceInfo's derivation, named "<env>-<app>-<n>", unique), tagged "env"
// prod (about 60%), staging or dev and "team", some also "cost-center", about one in ten
// untagged; mostly running, a few isolated or being isolated, one in a hundred or so being
// created (no backups, no binlogs, no tags shown); engine versions 5.6, 5.7 and 8.0 mixed; two-
// and three-node, single-node (BASIC) and a few cloud-native clusters. Each has o.Backups backups
// (GenerateBackups), its newest within the day before o.Newest, and binlogs from its oldest
// backup to o.Newest. The instances go to Server.AddInstances, or a fixtures file.
func GenerateFleet(o FleetOptions) []FixtureInstance {
	backups := o.Backups
	if backups == 0 {
		backups = DefaultFleetBackups
	}
	n := max(o.Instances, 0)
	rng := splitMix{state: o.Seed ^ 0x666c656574} // "fleet"
	newest := o.Newest.In(beijing).Truncate(time.Second)
	out := make([]FixtureInstance, 0, n)
	seenIDs, seenNames := map[string]bool{}, map[string]bool{}
	for len(out) < n {
		id := "cdb-" + shortID(rng.next())
		if seenIDs[id] {
			continue
		}
		seenIDs[id] = true

		style := instanceStyle{app: apps[rng.intn(int64(len(apps)))], cluster: rng.chance(3)}
		env := ""
		switch e := rng.intn(100); {
		case e < 60:
			env = "prod"
		case e < 82:
			env = "staging"
		default:
			env = "dev"
		}
		style.env = env
		for number := 1; ; number++ {
			if name := fmt.Sprintf("%s-%s-%d", env, style.app, number); !seenNames[name] {
				seenNames[name], style.number = true, number
				break
			}
		}
		status := int64(1)
		switch s := rng.intn(100); {
		case s < 4:
			status = 5 // isolated
		case s < 6:
			status = 4 // being isolated
		case s < 7:
			status = 0 // being created
		}

		inst := FixtureInstance{Region: o.Region, InstanceID: id}
		if status != 0 && backups > 0 {
			own := newest.Add(-time.Duration(rng.intn(20*3600)) * time.Second)
			inst.Backups = GenerateBackups(id, o.Region, backups, own)
			oldest, _ := parseAPITime(inst.Backups[len(inst.Backups)-1].Date)
			inst.Binlogs = GenerateBinlogs(id, o.Region, oldest, newest, o.Binlogs)
		}
		before := newest
		if len(inst.Backups) > 0 {
			before, _ = parseAPITime(inst.Backups[len(inst.Backups)-1].Date)
		}
		info := deriveInstance(o.Region, id, before, style)
		info.Status = status
		if status == 0 {
			// Created in the last hour, not initialized yet, no address yet.
			info.CreateTime = newest.Add(-time.Duration(60+rng.intn(3000)) * time.Second).Format(apiTimeLayout)
			info.InitFlag = 0
			if info.PayType == 0 {
				info.DeadlineTime = newest.AddDate(0, 1, 0).Format(apiTimeLayout)
			}
		}
		if !rng.chance(10) {
			info.TagList = []TagInfoItem{{TagKey: "env", TagValue: env},
				{TagKey: "team", TagValue: fleetTeams[rng.intn(int64(len(fleetTeams)))]}}
			if rng.chance(30) {
				info.TagList = append(info.TagList, TagInfoItem{TagKey: "cost-center", TagValue: fmt.Sprintf("cc-%d", 1000+rng.intn(20))})
			}
		}
		inst.Instance = &info
		out = append(out, inst)
	}
	return out
}
