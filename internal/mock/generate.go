package mock

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"time"
)

// apiTimeLayout is the layout of the API's time strings: Beijing time, no zone in the string.
const apiTimeLayout = "2006-01-02 15:04:05"

// zeroTime is what the API answers as the finish time of a backup still running.
const zeroTime = "0000-00-00 00:00:00"

// beijing is the zone of the API's time strings (UTC+8, no daylight saving).
var beijing = time.FixedZone("CST", 8*60*60)

// copyRegions are the regions cross-region copies are made to.
var copyRegions = []string{"ap-shanghai", "ap-beijing", "ap-guangzhou", "ap-nanjing", "ap-chengdu", "ap-singapore"}

// archiveAfter is the age after which some backups sit in archive storage.
const archiveAfter = 3 * 24 * time.Hour

// manualNames are aliases people give manual backups.
var manualNames = []string{"before-upgrade", "pre-migration", "release-check", "schema-change", "audit-snapshot"}

// GenerateBackups makes n deterministic, realistic backups of one instance, newest first: one
// every few hours going back from newest, mostly SUCCESS with some FAILED (no download links,
// no MD5), the newest one RUNNING (finish time "0000-00-00 00:00:00", progress below 100),
// logical and physical, full and partial, automatic and manual, some with cross-region copies,
// about a third encrypted (EncryptionFlag "on": see encryptedRun). The same arguments always
// give the same backups.
func GenerateBackups(instanceID, region string, n int, newest time.Time) []Backup {
	return generateBackups(instanceID, region, n, newest, 0)
}

// generateBackups is GenerateBackups with the newest backup's ID chosen by the caller when
// newestID is positive (older ones count down from it), so that backups created later by
// mutation get IDs above every existing one, as the API's do.
func generateBackups(instanceID, region string, n int, newest time.Time, newestID int64) []Backup {
	out := make([]Backup, 0, max(n, 0))
	if n <= 0 {
		return out
	}
	seed := fnv.New64a()
	fmt.Fprintf(seed, "%s\x00%s\x00%d", instanceID, region, newest.Unix())
	rng := splitMix{state: seed.Sum64()}

	account := fmt.Sprint(100000000000 + rng.intn(900000000)) // the creator of manual backups
	serverUUID := rng.uuid()                                  // the instance's MySQL server_uuid
	gtid := int64(1_000_000) + int64(n)*50_000 + rng.intn(1_000_000)
	backupID := int64(1_000_000_000) + rng.intn(900_000_000)
	if newestID > 0 {
		backupID = newestID
	}
	dataSize := int64(512<<20) + rng.intn(8<<30) // the instance's data today: 512 MB to 8.5 GB
	encryptedFrom, encryptedTo := encryptedRun(seed.Sum64(), n)
	when := newest.In(beijing).Truncate(time.Second)

	for i := range n {
		if i > 0 {
			when = when.Add(-(3*time.Hour + time.Duration(rng.intn(3*3600))*time.Second))
			backupID -= 1 + rng.intn(997)
			gtid -= 1 + rng.intn(40_000)
		}
		b := Backup{
			BackupId:       backupID,
			Name:           instanceID + "_backup_" + when.Format("20060102150405"),
			Date:           when.Format(apiTimeLayout),
			StartTime:      when.Format(apiTimeLayout),
			Type:           "logical",
			Method:         "full",
			Way:            "automatic",
			Creator:        "SYSTEM",
			SaveMode:       "save_mode_regular",
			Region:         region,
			RemoteInfo:     []RemoteBackup{},
			CosStorageType: 2,
			InstanceId:     instanceID,
			EncryptionFlag: "off",
		}
		// The instance's data shrinks going back in time; a physical copy is larger than the data,
		// a compressed logical dump smaller, a partial dump smaller still.
		data := dataSize - dataSize*int64(min(i, 400))/1000
		size := data * (52 + rng.intn(6)) / 100
		if rng.chance(40) {
			b.Type = "physical"
			size = data * (120 + rng.intn(10)) / 100
		} else if rng.chance(12) {
			b.Method = "partial" // only logical backups can cover part of the databases
			size = data * (10 + rng.intn(20)) / 100
		}
		if rng.chance(15) {
			b.Way = "manual"
			b.Creator = account
			b.ManualBackupName = fmt.Sprintf("%s-%d", manualNames[rng.intn(int64(len(manualNames)))], n-i)
		} else if rng.chance(20) {
			b.SaveMode = "save_mode_period" // kept by the archive policy
		}
		switch r := rng.intn(100); {
		case newest.Sub(when) > archiveAfter && r < 60:
			b.CosStorageType = 1 // moved to archive storage by the lifecycle policy
		case r < 20:
			b.CosStorageType = 0
		}
		if i >= encryptedFrom && i < encryptedTo {
			b.EncryptionFlag = "on"
		}
		duration := time.Duration(30+size/(40<<20)) * time.Second // about 40 MB/s

		switch {
		case i == 0:
			b.Status = "RUNNING"
			b.FinishTime = zeroTime
			b.Progress = 5 + rng.intn(90)
			b.Size = size * b.Progress / 100
		case i%13 == 6 || rng.chance(6):
			b.Status = "FAILED"
			b.Progress = rng.intn(90)
			b.Size = 0
			b.FinishTime = when.Add(duration * time.Duration(b.Progress+1) / 100).Format(apiTimeLayout)
		default:
			finished := when.Add(duration)
			b.Status = "SUCCESS"
			b.Progress = 100
			b.Size = size
			b.FinishTime = finished.Format(apiTimeLayout)
			b.ExecutedGTIDSet = fmt.Sprintf("%s:1-%d", serverUUID, gtid)
			sum := md5.Sum([]byte(fmt.Sprintf("%s/%d/%d", b.Name, b.BackupId, b.Size)))
			b.MD5 = hex.EncodeToString(sum[:])
			object := backupObject(instanceID, b)
			b.IntranetUrl = downloadURL(region, true, object, finished, &rng)
			b.InternetUrl = downloadURL(region, false, object, finished, &rng)
			if i%9 == 2 || rng.chance(15) {
				b.RemoteInfo = remoteCopies(b, object, finished, duration, &rng)
			}
		}
		out = append(out, b)
	}
	return out
}

// encryptedRun returns the indexes [from, to) of the backups, newest first, that were made while
// the instance's backup encryption was on: about a third of them, in one run, as encryption is an
// instance setting that applies to the backups made while it is on. On about half of the
// instances it is still on, so the newest backups are encrypted; on the others it was switched
// off again since, so the newest are not. The run is drawn from a stream of its own, so every
// other field is what the generator made for this seed before it drew runs.
func encryptedRun(seed uint64, n int) (from, to int) {
	rng := splitMix{state: seed ^ 0x656e6372797074} // "encrypt"
	span := max(1, (n+1)/3)
	if rng.chance(50) {
		return 0, span
	}
	from = 1 + int(rng.intn(int64(max(n-span, 1))))
	return from, min(from+span, n)
}

// remoteCopies makes one or two cross-region copies of a successful backup.
func remoteCopies(b Backup, object string, finished time.Time, duration time.Duration, rng *splitMix) []RemoteBackup {
	count := 1 + int(rng.intn(2))
	first := rng.intn(int64(len(copyRegions)))
	copies := make([]RemoteBackup, 0, count)
	for k := 0; len(copies) < count && k < len(copyRegions); k++ {
		region := copyRegions[(int(first)+k)%len(copyRegions)]
		if region == b.Region {
			continue
		}
		start := finished.Add(time.Duration(60+rng.intn(600)) * time.Second)
		end := start.Add(duration / 2)
		c := RemoteBackup{
			SubBackupId: b.BackupId*10 + int64(len(copies)) + 1,
			Region:      region,
			Status:      "SUCCESS",
			StartTime:   start.Format(apiTimeLayout),
			FinishTime:  end.Format(apiTimeLayout),
			Url:         downloadURL(region, false, object, end, rng),
		}
		if rng.chance(5) {
			c.Status = "FAILED"
			c.Url = ""
		}
		copies = append(copies, c)
	}
	return copies
}

// backupObject is the object key a backup file is stored under.
func backupObject(instanceID string, b Backup) string {
	ext := "sql.gz"
	if b.Type == "physical" {
		ext = "xb"
	}
	return fmt.Sprintf("%s/%d/%s.%s", instanceID, b.BackupId, b.Name, ext)
}

// downloadURL is a pre-signed (bearer) link to a backup file, valid for 12 hours.
func downloadURL(region string, intranet bool, object string, signedAt time.Time, rng *splitMix) string {
	// Built by hand rather than with fmt: a -fleet of thousands of instances makes one per file.
	start := signedAt.Unix()
	b := make([]byte, 0, 200+2*len(region)+len(object))
	b = append(b, "https://cdb-backup-"...)
	b = append(b, region...)
	if intranet {
		b = append(b, "-1258344699.cos-internal."...)
		b = append(b, region...)
		b = append(b, ".tencentcos.cn/"...)
	} else {
		b = append(b, "-1258344699.cos."...)
		b = append(b, region...)
		b = append(b, ".myqcloud.com/"...)
	}
	b = append(b, object...)
	b = append(b, "?q-sign-algorithm=sha1&q-ak=AKIDcdbbackup&q-sign-time="...)
	b = strconv.AppendInt(b, start, 10)
	b = append(b, "%3B"...)
	b = strconv.AppendInt(b, start+12*3600, 10)
	b = append(b, "&q-signature="...)
	b = appendHex(b, rng.next(), 16)
	b = appendHex(b, rng.next(), 16)
	b = appendHex(b, uint64(uint32(rng.next())), 8)
	return string(b)
}

// appendHex appends v in lower-case hexadecimal, zero-padded to width digits (as %016x does).
func appendHex(b []byte, v uint64, width int) []byte {
	const digits = "0123456789abcdef"
	for i := width - 1; i >= 0; i-- {
		b = append(b, digits[(v>>(4*uint(i)))&0xf])
	}
	return b
}

// BinlogOptions shapes the binlogs GenerateBinlogs makes beyond their seed.
type BinlogOptions struct {
	// Gaps is the number of stretches missing from the chain: at each, one to three consecutive
	// binlogs are left out, so the next one starts after the previous one finished: a span
	// point-in-time recovery cannot reach. Neither the oldest binlog nor the newest is ever left
	// out, and two gaps never touch. A chain too short for Gaps gets as many as fit (one for every
	// two binlogs between its ends).
	Gaps int
	// Failed is the number of binlogs whose upload FAILED: they keep their times, so the chain
	// runs through them, but have no size and no links. The newest (RUNNING) is never one; a
	// chain with fewer other binlogs has them all FAILED.
	Failed int
}

// minBinlogRate and maxBinlogRate bound the bytes an instance writes to its binlog per hour.
const (
	minBinlogRate = 30 << 20
	maxBinlogRate = 300 << 20
)

// GenerateBinlogs makes the deterministic, realistic binlogs of one instance from from to to,
// newest first: a chain of files of about an hour each (50 to 70 minutes), each one starting
// where the previous one finished, the first at from, named binlog.NNNNNN with numbers that rise
// by one along the chain, tens to hundreds of MB each. The newest one is being written at to:
// RUNNING, finish time "0000-00-00 00:00:00", progress below 100, no links. The others are
// SUCCESS with download links, some in archive storage, and on some instances with a
// cross-region copy each; opts leaves stretches out and fails some (BinlogOptions). When from
// is not before to, the chain is the RUNNING binlog alone, started at to. The same arguments
// always give the same binlogs; opts changes only the binlogs it leaves out or fails, never the
// others.
func GenerateBinlogs(instanceID, region string, from, to time.Time, opts BinlogOptions) []Binlog {
	to = to.In(beijing).Truncate(time.Second)
	start := from.In(beijing).Truncate(time.Second)
	if !start.Before(to) {
		start = to
	}
	seed := fnv.New64a()
	fmt.Fprintf(seed, "binlog\x00%s\x00%s\x00%d\x00%d", instanceID, region, start.Unix(), to.Unix())
	rng := splitMix{state: seed.Sum64()}

	number := 1 + rng.intn(20_000)                                // the oldest file's number
	rate := minBinlogRate + rng.intn(maxBinlogRate-minBinlogRate) // bytes written per hour
	copyRegion := ""
	if rng.chance(30) { // cross-region binlog backup is an instance setting: every file is copied
		copyRegion = copyRegions[rng.intn(int64(len(copyRegions)))]
		if copyRegion == region {
			copyRegion = copyRegions[(slices.Index(copyRegions, region)+1)%len(copyRegions)]
		}
	}
	subID := int64(1_000_000_000) + rng.intn(900_000_000) // the copies' sub-task IDs

	var chain []Binlog // oldest first
	for {
		duration := time.Hour + time.Duration(rng.intn(1201)-600)*time.Second
		finish := start.Add(duration)
		size := rate * int64(duration/time.Second) / 3600 * (70 + rng.intn(61)) / 100
		b := Binlog{
			Name:            fmt.Sprintf("binlog.%06d", number),
			Type:            "binlog",
			BinlogStartTime: start.Format(apiTimeLayout),
			Region:          region,
			RemoteInfo:      []RemoteBackup{},
			CosStorageType:  2,
			InstanceId:      instanceID,
		}
		if !finish.Before(to) { // still being written at to
			b.Status = "RUNNING"
			b.BinlogFinishTime = zeroTime
			b.Date = b.BinlogStartTime
			b.Progress = min(int64(to.Sub(start)*100/duration), 99)
			b.Size = size * b.Progress / 100
			chain = append(chain, b)
			break
		}
		uploaded := finish.Add(time.Duration(10+rng.intn(110)) * time.Second)
		b.Status = "SUCCESS"
		b.Progress = 100
		b.Size = size
		b.BinlogFinishTime = finish.Format(apiTimeLayout)
		b.Date = uploaded.Format(apiTimeLayout)
		switch r := rng.intn(100); {
		case to.Sub(finish) > archiveAfter && r < 50:
			b.CosStorageType = 1 // moved to archive storage by the lifecycle policy
		case r < 10:
			b.CosStorageType = 0
		}
		object := fmt.Sprintf("%s/binlog/%s", instanceID, b.Name)
		b.IntranetUrl = downloadURL(region, true, object, uploaded, &rng)
		b.InternetUrl = downloadURL(region, false, object, uploaded, &rng)
		if copyRegion != "" {
			copied := uploaded.Add(time.Duration(30+rng.intn(300)) * time.Second)
			done := copied.Add(time.Duration(5+size/(40<<20)) * time.Second)
			subID++
			b.RemoteInfo = []RemoteBackup{{
				SubBackupId: subID,
				Region:      copyRegion,
				Status:      "SUCCESS",
				StartTime:   copied.Format(apiTimeLayout),
				FinishTime:  done.Format(apiTimeLayout),
				Url:         downloadURL(copyRegion, false, object, done, &rng),
			}}
		}
		chain = append(chain, b)
		start = finish
		number++
	}

	dropped := binlogGaps(seed.Sum64(), len(chain), opts.Gaps)
	failBinlogs(seed.Sum64(), chain, dropped, opts.Failed)
	out := make([]Binlog, 0, len(chain))
	for i := len(chain) - 1; i >= 0; i-- {
		if !dropped[i] {
			out = append(out, chain[i])
		}
	}
	return out
}

// binlogGaps picks the binlogs, by index in a chain of n oldest first, left out to make gaps
// missing stretches: the binlogs between the two ends are cut into one segment per gap, and each
// gap is a run of one to three binlogs in its segment, short of the segment's last binlog, which
// stays so that gaps never touch. The picks are drawn from a stream of their own, so that the
// chain itself does not depend on them.
func binlogGaps(seed uint64, n, gaps int) []bool {
	dropped := make([]bool, n)
	gaps = min(gaps, (n-2)/2)
	if gaps <= 0 {
		return dropped
	}
	rng := splitMix{state: seed ^ 0x67617073} // "gaps"
	segment := (n - 2) / gaps                 // at least 2
	for g := range gaps {
		lo := 1 + g*segment
		length := 1 + int(rng.intn(int64(min(3, segment-1))))
		at := lo + int(rng.intn(int64(segment-length)))
		for i := at; i < at+length; i++ {
			dropped[i] = true
		}
	}
	return dropped
}

// failBinlogs makes up to n of the kept binlogs of chain (oldest first) FAILED, never the newest,
// picked from a stream of their own: a failed upload keeps its times but has no size and no links.
func failBinlogs(seed uint64, chain []Binlog, dropped []bool, n int) {
	var candidates []int
	for i := range len(chain) - 1 {
		if !dropped[i] {
			candidates = append(candidates, i)
		}
	}
	rng := splitMix{state: seed ^ 0x6661696c6564} // "failed"
	for k := range min(max(n, 0), len(candidates)) {
		j := k + int(rng.intn(int64(len(candidates)-k)))
		candidates[k], candidates[j] = candidates[j], candidates[k]
		b := &chain[candidates[k]]
		b.Status = "FAILED"
		b.Progress = rng.intn(90)
		b.Size = 0
		b.IntranetUrl, b.InternetUrl = "", ""
		b.RemoteInfo = []RemoteBackup{}
	}
}

// splitMix is a tiny SplitMix64 generator: stable across Go releases, unlike math/rand's
// helpers, so generated fixtures never change under a toolchain upgrade.
type splitMix struct{ state uint64 }

func (r *splitMix) next() uint64 {
	r.state += 0x9e3779b97f4a7c15
	z := r.state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// intn returns a number in [0, n); n must be positive.
func (r *splitMix) intn(n int64) int64 { return int64(r.next() % uint64(n)) }

// chance is true percent times in a hundred.
func (r *splitMix) chance(percent int64) bool { return r.intn(100) < percent }

// uuid returns a lower-case UUID-shaped string.
func (r *splitMix) uuid() string {
	a, b := r.next(), r.next()
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", a>>32, (a>>16)&0xffff, a&0xffff, b>>48, b&0xffffffffffff)
}
