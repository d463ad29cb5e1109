package mock

import (
	"fmt"
	"slices"
	"time"
)

// MutationOptions makes backups appear and expire while clients page through them, as they do
// on a live instance: a client that pages while the list shifts under it sees items twice or
// misses some, unless it checks. Binlogs are left alone: they neither change nor count towards
// a change.
type MutationOptions struct {
	// EveryCalls is the number of successful DescribeBackups answers for one instance after which
	// it changes; 0 turns mutation off. The answer that completes the count is still of the old
	// list: the change applies from the next call on.
	EveryCalls int
	// Add backups appear at the head of the list on each change: newer than every existing one,
	// with BackupIds above every ID the instance ever had, made by the generator (the newest is
	// RUNNING, as a backup just started is).
	Add int
	// Remove of the oldest backups disappear on each change (at most all the ones that were
	// there before it: new ones never expire in the change that adds them).
	Remove int
	// Seed seeds the spacing of the new backups' dates and IDs.
	Seed int64
}

func (o MutationOptions) validate() error {
	if o.EveryCalls < 0 || o.Add < 0 || o.Remove < 0 {
		return fmt.Errorf("mock: mutation every %d calls, add %d, remove %d: none may be negative", o.EveryCalls, o.Add, o.Remove)
	}
	return nil
}

func (o MutationOptions) enabled() bool { return o.EveryCalls > 0 && (o.Add > 0 || o.Remove > 0) }

// newBackupSpacing is more than the generator's largest gap between two backups, so that a batch
// of new backups dated back from newest + Add*spacing stays newer than the previous head.
const newBackupSpacing = 6 * time.Hour

// maxBackupIDStep is more than the generator's largest step between two backup IDs.
const maxBackupIDStep = 1000

// instance is one instance's backups and their history. Mutation only adds to timeline and moves
// windows, so every past version stays readable without a copy.
type instance struct {
	timeline []Backup // every backup since SetBackups, oldest first (the reverse of answer order)
	versions []window // versions[v] is the list at version v; the last one is the current list
	answered int      // successful answers since the last change
	maxID    int64    // the largest BackupId in timeline
	newest   time.Time
	keys     map[int64]string // decryption keys set by fixtures, by BackupId; others are derived
	binlogs  []Binlog         // newest first by BinlogStartTime (sortBinlogs); mutation leaves them alone
	policy   *BackupPolicy    // backup settings (SetBackupPolicy, fixtures); nil: the region's defaults

	rollbackRanges []RollbackRange // answered as they are (SetRollbackRanges, fixtures); nil: derived
	rollbackLag    *time.Duration  // the fixtures' rollback_lag_seconds; nil: the server's (SetRollbackLag)

	info    *Instance // the inventory DescribeDBInstances answers; set by Server.setInstance when nil
	infoSet bool      // info was given (fixtures, SetInstanceInfo), not derived

	// CreateBackup (create_backup.go): the backups it made, by BackupId, those of them still
	// running (brought up to the clock by refresh), the instance's databases and tables
	// (SetDatabases, fixtures; nil: DefaultDatabases) and whether its created backups fail.
	created    map[int64]*createdBackup
	running    []*createdBackup
	databases  map[string][]string
	failCreate bool
}

// window is the part of timeline one version holds: timeline[lo:hi].
type window struct{ lo, hi int }

func newInstance(backups []Backup) *instance {
	timeline := cloneBackups(backups)
	slices.Reverse(timeline)
	in := &instance{timeline: timeline, versions: []window{{0, len(timeline)}}}
	in.note(timeline)
	return in
}

// note updates the largest ID and date with these backups.
func (in *instance) note(backups []Backup) {
	for _, b := range backups {
		in.maxID = max(in.maxID, b.BackupId)
		if d, err := time.ParseInLocation(apiTimeLayout, b.Date, beijing); err == nil && d.After(in.newest) {
			in.newest = d
		}
	}
}

func (in *instance) current() window { return in.versions[len(in.versions)-1] }

// find returns the backup of the current list with this ID.
func (in *instance) find(backupID int64) (Backup, bool) {
	w := in.current()
	for _, b := range in.timeline[w.lo:w.hi] {
		if b.BackupId == backupID {
			return b, true
		}
	}
	return Backup{}, false
}

// list returns a copy of a version, newest first.
func (in *instance) list(w window) []Backup {
	out := make([]Backup, 0, w.hi-w.lo)
	for i := w.hi - 1; i >= w.lo; i-- {
		out = append(out, in.timeline[i])
	}
	return cloneBackups(out)
}

// page returns a copy of one page of the current list, and its length.
func (in *instance) page(offset, limit int64) ([]Backup, int64) {
	w := in.current()
	total := int64(w.hi - w.lo)
	start := min(offset, total)
	end := min(start+limit, total)
	out := make([]Backup, 0, end-start)
	for i := start; i < end; i++ {
		out = append(out, in.timeline[int64(w.hi)-1-i])
	}
	return cloneBackups(out), total
}

// mutate adds and removes backups as o says: one new version.
func (in *instance) mutate(o MutationOptions, rng *splitMix, now time.Time, instanceID, region string) {
	w := in.current()
	if o.Add > 0 {
		newest := now.In(beijing).Truncate(time.Hour)
		var newestID int64 // 0: the generator draws a realistic first ID
		if !in.newest.IsZero() {
			newest = in.newest.Add(time.Duration(o.Add)*newBackupSpacing + time.Duration(rng.intn(3600))*time.Second)
		}
		if len(in.timeline) > 0 {
			newestID = in.maxID + int64(o.Add)*maxBackupIDStep + 1 + rng.intn(maxBackupIDStep)
		}
		fresh := generateBackups(instanceID, region, o.Add, newest, newestID)
		for i := len(fresh) - 1; i >= 0; i-- {
			in.timeline = append(in.timeline, fresh[i])
		}
		in.note(fresh)
	}
	removed := min(o.Remove, w.hi-w.lo)
	in.versions = append(in.versions, window{lo: w.lo + removed, hi: len(in.timeline)})
	in.answered = 0
}

// instance returns an instance, or nil, with the backups CreateBackup made brought up to the
// server's clock. The caller holds s.mu.
func (s *Server) instance(region, instanceID string) *instance {
	in := s.instances[region][instanceID]
	if in != nil && len(in.running) > 0 {
		in.refresh(s.clock())
	}
	return in
}

// instanceOrNew returns the instance as instance does, creating it with no backups when it does
// not exist. The caller holds s.mu.
func (s *Server) instanceOrNew(region, instanceID string) *instance {
	in := s.instance(region, instanceID)
	if in == nil {
		in = newInstance(nil)
		s.setInstance(region, instanceID, in)
	}
	return in
}

// page returns one page of an instance's backups and their total count. A successful answer
// counts towards the instance's next mutation.
func (s *Server) page(region, instanceID string, offset, limit int64, countsForMutation bool) ([]Backup, int64, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.instance(region, instanceID)
	if in == nil {
		return nil, 0, false
	}
	items, total := in.page(offset, limit)
	if countsForMutation && s.mutation.enabled() {
		in.answered++
		if in.answered >= s.mutation.EveryCalls {
			in.mutate(s.mutation, &s.mutationRNG, s.clock(), instanceID, region)
			s.stats.mutations++
		}
	}
	return items, total, true
}

// SetMutation changes the mutation settings. It restarts the seeded generator and every
// instance's count of answers; the instances keep their backups and history.
func (s *Server) SetMutation(o MutationOptions) error {
	if err := o.validate(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mutation = o
	s.mutationRNG = splitMix{state: uint64(o.Seed)}
	for _, byID := range s.instances {
		for _, in := range byID {
			in.answered = 0
		}
	}
	return nil
}

// Backups returns a copy of an instance's current backups, in answer order, or nil when the
// instance does not exist.
func (s *Server) Backups(region, instanceID string) []Backup {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.instance(region, instanceID)
	if in == nil {
		return nil
	}
	return in.list(in.current())
}

// Version returns the number of times mutation changed an instance since SetBackups (0 when it
// has not), or -1 when the instance does not exist. Snapshots(...)[Version(...)] is the current list.
func (s *Server) Version(region, instanceID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.instance(region, instanceID)
	if in == nil {
		return -1
	}
	return len(in.versions) - 1
}

// Snapshots returns a copy of every list an instance has had since SetBackups, oldest first: a
// client that read the instance while it changed should have got one of them. History is kept
// as windows over the backups ever added, so it costs memory only for the backups mutation adds.
func (s *Server) Snapshots(region, instanceID string) [][]Backup {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.instance(region, instanceID)
	if in == nil {
		return nil
	}
	out := make([][]Backup, 0, len(in.versions))
	for _, w := range in.versions {
		out = append(out, in.list(w))
	}
	return out
}
