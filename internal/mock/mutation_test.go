package mock_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

func TestMutation_AddsAtHeadAndExpiresTail(t *testing.T) {
	const region, id = "ap-guangzhou", "cdb-a"
	original := mock.GenerateBackups(id, region, 10, newest)
	s := startServer(t, mock.Options{Mutation: mock.MutationOptions{EveryCalls: 3, Add: 2, Remove: 1, Seed: 5}})
	s.SetBackups(region, id, original)
	client := newClient(t, s, clientConfig{region: region})
	all := map[string]any{"InstanceId": id, "Limit": 100}

	for i := range 3 {
		// The answer that completes the count is still of the old list.
		if got := mustDescribe(t, client, all).backups(t); !reflect.DeepEqual(got, original) {
			t.Fatalf("answer %d differs from the original list", i+1)
		}
	}
	if v := s.Version(region, id); v != 1 {
		t.Fatalf("Version after 3 answers = %d, want 1", v)
	}
	changed := s.Backups(region, id)
	if len(changed) != 11 {
		t.Fatalf("after one change %d backups, want 10 + 2 - 1", len(changed))
	}
	if !reflect.DeepEqual(changed[2:], original[:9]) {
		t.Error("the old backups did not shift down by 2 with the oldest gone")
	}
	head, _ := time.ParseInLocation("2006-01-02 15:04:05", original[0].Date, newest.Location())
	for _, b := range changed[:2] {
		date, err := time.ParseInLocation("2006-01-02 15:04:05", b.Date, newest.Location())
		if err != nil || !date.After(head) {
			t.Errorf("new backup dated %q, want after the old head %s", b.Date, original[0].Date)
		}
		if b.BackupId <= maxID(original) || b.InstanceId != id || b.Region != region || b.Name == "" {
			t.Errorf("new backup %+v: want an ID above %d, this instance and region, a name", b, maxID(original))
		}
	}
	if got := mustDescribe(t, client, all).backups(t); !reflect.DeepEqual(got, changed) {
		t.Error("the next answer is not the changed list")
	}

	// Two more changes: the list stays ordered newest first, IDs and names unique.
	for range 5 {
		mustDescribe(t, client, map[string]any{"InstanceId": id, "Offset": 3, "Limit": 2})
	}
	if v := s.Version(region, id); v != 3 {
		t.Fatalf("Version after 9 answers = %d, want 3", v)
	}
	current := s.Backups(region, id)
	if len(current) != 13 {
		t.Errorf("after three changes %d backups, want 10 + 3*(2-1)", len(current))
	}
	checkOrderedAndUnique(t, current)

	snapshots := s.Snapshots(region, id)
	if len(snapshots) != 4 || !reflect.DeepEqual(snapshots[0], original) || !reflect.DeepEqual(snapshots[1], changed) ||
		!reflect.DeepEqual(snapshots[3], current) {
		t.Errorf("Snapshots: %d lists, want the original, then one per change ending with the current list", len(snapshots))
	}
	if st := s.Stats(); st.Mutations != 3 {
		t.Errorf("Stats.Mutations = %d, want 3", st.Mutations)
	}
	// Copies: changing what was returned changes nothing stored.
	current[0].BackupId = -1
	snapshots[0][0].BackupId = -1
	if s.Backups(region, id)[0].BackupId == -1 || s.Snapshots(region, id)[0][0].BackupId == -1 {
		t.Error("Backups or Snapshots returned the stored list itself")
	}
}

func TestMutation_OnlySuccessfulAnswersCountPerInstance(t *testing.T) {
	const region = "ap-guangzhou"
	s := startServer(t, mock.Options{Mutation: mock.MutationOptions{EveryCalls: 2, Add: 1}})
	s.SetBackups(region, "cdb-a", mock.GenerateBackups("cdb-a", region, 4, newest))
	s.SetBackups(region, "cdb-b", mock.GenerateBackups("cdb-b", region, 4, newest))
	client := newClient(t, s, clientConfig{region: region})

	mustDescribe(t, client, map[string]any{"InstanceId": "cdb-a"})
	mustDescribe(t, client, map[string]any{"InstanceId": "cdb-b"})
	_, err := describe(t, client, map[string]any{"InstanceId": "cdb-a", "Limit": 0})
	expectCode(t, err, "InvalidParameterValue")
	s.InjectError(1, "InternalError", "down")
	expectCode(t, second(describe(t, client, map[string]any{"InstanceId": "cdb-a"})), "InternalError")
	if err := s.SetFaults(mock.FaultOptions{Rate: 1, Kinds: []mock.FaultKind{mock.FaultTruncatedJSON}}); err != nil {
		t.Fatal(err)
	}
	expectCode(t, second(describe(t, client, map[string]any{"InstanceId": "cdb-a"})), "ClientError.ParseJsonError")
	if va, vb := s.Version(region, "cdb-a"), s.Version(region, "cdb-b"); va != 0 || vb != 0 {
		t.Fatalf("versions %d, %d after one successful answer each; want no change", va, vb)
	}
	if err := s.SetFaults(mock.FaultOptions{}); err != nil {
		t.Fatal(err)
	}
	mustDescribe(t, client, map[string]any{"InstanceId": "cdb-a"})
	if va, vb := s.Version(region, "cdb-a"), s.Version(region, "cdb-b"); va != 1 || vb != 0 {
		t.Errorf("versions %d, %d; want only cdb-a changed", va, vb)
	}
	if got := s.Version(region, "cdb-nothere"); got != -1 {
		t.Errorf("Version of an unknown instance = %d, want -1", got)
	}
	if s.Backups(region, "cdb-nothere") != nil || s.Snapshots(region, "cdb-nothere") != nil {
		t.Error("an unknown instance has backups")
	}
}

func TestMutation_RemoveMoreThanThereAreAndEmptyInstances(t *testing.T) {
	const region = "ap-guangzhou"
	s := startServer(t, mock.Options{})
	s.SetBackups(region, "cdb-a", mock.GenerateBackups("cdb-a", region, 3, newest))
	s.SetBackups(region, "cdb-empty", nil)
	if err := s.SetMutation(mock.MutationOptions{EveryCalls: 1, Add: 2, Remove: 10}); err != nil {
		t.Fatal(err)
	}
	client := newClient(t, s, clientConfig{region: region})
	mustDescribe(t, client, map[string]any{"InstanceId": "cdb-a"})
	mustDescribe(t, client, map[string]any{"InstanceId": "cdb-empty"})

	for _, id := range []string{"cdb-a", "cdb-empty"} {
		got := s.Backups(region, id)
		if len(got) != 2 {
			t.Errorf("%s: %d backups, want the 2 new ones only", id, len(got))
		}
		checkOrderedAndUnique(t, got)
	}
	// A second round removes the first round's backups and keeps IDs unique across rounds.
	first := s.Backups(region, "cdb-a")
	mustDescribe(t, client, map[string]any{"InstanceId": "cdb-a"})
	second := s.Backups(region, "cdb-a")
	if len(second) != 2 || second[1].BackupId <= first[0].BackupId {
		t.Errorf("second round %+v, want 2 backups newer than the first round's", second)
	}

	// SetMutation with EveryCalls 0 stops the changes.
	if err := s.SetMutation(mock.MutationOptions{}); err != nil {
		t.Fatal(err)
	}
	mustDescribe(t, client, map[string]any{"InstanceId": "cdb-a"})
	if v := s.Version(region, "cdb-a"); v != 2 {
		t.Errorf("Version = %d after mutation was turned off, want 2", v)
	}
	// SetBackups starts the history afresh.
	s.SetBackups(region, "cdb-a", nil)
	if v, snaps := s.Version(region, "cdb-a"), s.Snapshots(region, "cdb-a"); v != 0 || len(snaps) != 1 || len(snaps[0]) != 0 {
		t.Errorf("after SetBackups: Version %d, %d snapshots", v, len(snaps))
	}
}

func TestMutation_SameSeedSameBackups(t *testing.T) {
	run := func(seed int64) []mock.Backup {
		s := startServer(t, mock.Options{Mutation: mock.MutationOptions{EveryCalls: 1, Add: 3, Remove: 1, Seed: seed}})
		s.SetBackups("ap-guangzhou", "cdb-a", mock.GenerateBackups("cdb-a", "ap-guangzhou", 5, newest))
		client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
		for range 4 {
			mustDescribe(t, client, map[string]any{"InstanceId": "cdb-a"})
		}
		return s.Backups("ap-guangzhou", "cdb-a")
	}
	a := run(9)
	if !reflect.DeepEqual(a, run(9)) {
		t.Error("the same seed and calls gave other backups")
	}
	if reflect.DeepEqual(a, run(10)) {
		t.Error("another seed gave the same backups")
	}
	checkOrderedAndUnique(t, a)
}

// checkOrderedAndUnique asserts backups are newest first, with unique IDs and names.
func checkOrderedAndUnique(t *testing.T, backups []mock.Backup) {
	t.Helper()
	ids, names := map[int64]bool{}, map[string]bool{}
	for i, b := range backups {
		if ids[b.BackupId] || names[b.Name] {
			t.Errorf("backup %d: ID %d or name %s repeated", i, b.BackupId, b.Name)
		}
		ids[b.BackupId], names[b.Name] = true, true
		if i > 0 && b.Date >= backups[i-1].Date { // the layout sorts as text
			t.Errorf("backup %d dated %s, not older than the one before (%s)", i, b.Date, backups[i-1].Date)
		}
		if i > 0 && b.BackupId >= backups[i-1].BackupId {
			t.Errorf("backup %d has ID %d, not below the newer one's %d", i, b.BackupId, backups[i-1].BackupId)
		}
	}
}

func maxID(backups []mock.Backup) int64 {
	var m int64
	for _, b := range backups {
		m = max(m, b.BackupId)
	}
	return m
}
