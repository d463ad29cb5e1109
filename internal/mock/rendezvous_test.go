package mock_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// The rendezvous tests never measure time: a call either meets its group or is answered the
// rendezvous' error, and the tests wait on what the mock reports (Stats.RendezvousHeld).

// rendezvousServer serves one instance in ap-guangzhou and holds calls until n are held at once.
func rendezvousServer(t *testing.T, n int, timeout time.Duration) *mock.Server {
	t.Helper()
	s := startServer(t, mock.Options{Rendezvous: mock.RendezvousOptions{Calls: n, Timeout: timeout}})
	s.SetBackups("ap-guangzhou", "cdb-meet0001", nil)
	return s
}

// policyActionNames are the actions a client reads an instance's settings with, sent at once.
var policyActionNames = []string{"DescribeBackupConfig", "DescribeRemoteBackupConfig", "DescribeLocalBinlogConfig",
	"DescribeBackupEncryptionStatus", "DescribeBackupDownloadRestriction"}

// sendAtOnce sends one call of each action, each from its own goroutine and client, and returns
// their errors in the order of actions.
func sendAtOnce(t *testing.T, s *mock.Server, actions []string) []error {
	t.Helper()
	errs := make([]error, len(actions))
	var wg sync.WaitGroup
	for i, action := range actions {
		client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
		params := map[string]any{"InstanceId": "cdb-meet0001"}
		if action == "DescribeBackupDownloadRestriction" {
			params = nil
		}
		wg.Go(func() { _, errs[i] = callRaw(t, client, action, params) })
	}
	wg.Wait()
	return errs
}

func TestRendezvous_ConcurrentCallsMeet(t *testing.T) {
	s := rendezvousServer(t, 5, time.Minute) // the SDK gives up after 5 s: a call held to the timeout fails
	for i, err := range sendAtOnce(t, s, policyActionNames) {
		if err != nil {
			t.Errorf("%s: %v", policyActionNames[i], err)
		}
	}
	if st := s.Stats(); st.RendezvousGroups != 1 || st.RendezvousTimeouts != 0 || st.RendezvousHeld != 0 {
		t.Errorf("Stats: %d groups, %d timeouts, %d held; want 1, 0, 0", st.RendezvousGroups, st.RendezvousTimeouts, st.RendezvousHeld)
	}

	// Ten calls of a group of five: two groups, one after the other or mixed, all answered.
	for i, err := range sendAtOnce(t, s, append(policyActionNames, policyActionNames...)) {
		if err != nil {
			t.Errorf("call %d: %v", i, err)
		}
	}
	if st := s.Stats(); st.RendezvousGroups != 3 || st.RendezvousTimeouts != 0 {
		t.Errorf("Stats: %d groups, %d timeouts; want 3, 0", st.RendezvousGroups, st.RendezvousTimeouts)
	}
}

func TestRendezvous_SequentialCallsTimeOut(t *testing.T) {
	s := rendezvousServer(t, 2, 200*time.Millisecond)
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	for i := range 2 {
		_, err := callRaw(t, client, "DescribeBackupConfig", map[string]any{"InstanceId": "cdb-meet0001"})
		sdkErr := expectCode(t, err, mock.RendezvousTimeoutCode, "rendezvous", "2 calls", "1 were")
		calls := s.Calls()
		c := calls[len(calls)-1]
		if c.ErrorCode != mock.RendezvousTimeoutCode || c.RequestID != sdkErr.GetRequestId() ||
			!strings.Contains(c.Reason, "1 of 2 calls") {
			t.Errorf("call %d recorded as %+v", i, c)
		}
		if st := s.Stats(); st.RendezvousTimeouts != i+1 || st.RendezvousGroups != 0 || st.RendezvousHeld != 0 {
			t.Errorf("after call %d, Stats: %d timeouts, %d groups, %d held", i, st.RendezvousTimeouts, st.RendezvousGroups, st.RendezvousHeld)
		}
	}

	// A call that timed out leaves no one behind: two calls at once still meet.
	if err := s.SetRendezvous(2, time.Minute); err != nil {
		t.Fatal(err)
	}
	for i, err := range sendAtOnce(t, s, policyActionNames[:2]) {
		if err != nil {
			t.Errorf("%s: %v", policyActionNames[i], err)
		}
	}
	if st := s.Stats(); st.RendezvousGroups != 1 {
		t.Errorf("Stats.RendezvousGroups = %d, want 1", st.RendezvousGroups)
	}
}

// A call the gateway refuses is answered at once, never held: a client with a wrong key sees the
// signature error, not the rendezvous'.
func TestRendezvous_RefusedCallsAreNotHeld(t *testing.T) {
	s := rendezvousServer(t, 2, time.Minute)
	wrongKey := newClient(t, s, clientConfig{region: "ap-guangzhou", secretID: mock.DefaultSecretID, secretKey: "wrong"})
	_, err := callRaw(t, wrongKey, "DescribeBackupConfig", map[string]any{"InstanceId": "cdb-meet0001"})
	expectSignatureFailure(t, s, err)
	s.InjectError(1, "InternalError.DBError", "queued")
	_, err = callRaw(t, newClient(t, s, clientConfig{region: "ap-guangzhou"}), "DescribeBackupConfig", map[string]any{"InstanceId": "cdb-meet0001"})
	expectCode(t, err, "InternalError.DBError", "queued")
}

func TestRendezvous_SettingChangesReleaseHeldCalls(t *testing.T) {
	s := rendezvousServer(t, 3, time.Minute)
	errs := make(chan error, 2)
	for range 2 {
		client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
		go func() {
			_, err := callRaw(t, client, "DescribeBackupEncryptionStatus", map[string]any{"InstanceId": "cdb-meet0001"})
			errs <- err
		}()
	}
	eventually(t, "two calls are held", func() bool { return s.Stats().RendezvousHeld == 2 })
	// Two are as many as the new setting asks for: they go on together.
	if err := s.SetRendezvous(2, 0); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Errorf("a held call: %v", err)
		}
	}
	if st := s.Stats(); st.RendezvousGroups != 1 || st.RendezvousHeld != 0 {
		t.Errorf("Stats: %d groups, %d held; want 1, 0", st.RendezvousGroups, st.RendezvousHeld)
	}

	// Turning the rendezvous off lets a held call go on, and holds no call after it.
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	go func() {
		_, err := callRaw(t, client, "DescribeBackupEncryptionStatus", map[string]any{"InstanceId": "cdb-meet0001"})
		errs <- err
	}()
	eventually(t, "one call is held", func() bool { return s.Stats().RendezvousHeld == 1 })
	if err := s.SetRendezvous(0, 0); err != nil {
		t.Fatal(err)
	}
	if err := <-errs; err != nil {
		t.Errorf("the held call: %v", err)
	}
	expectAnswer(t, client, "DescribeBackupEncryptionStatus", map[string]any{"InstanceId": "cdb-meet0001"}, `{"EncryptionStatus": "off"}`)
	if st := s.Stats(); st.RendezvousGroups != 1 || st.RendezvousTimeouts != 0 {
		t.Errorf("Stats: %d groups, %d timeouts; want 1, 0 (turning it off is no meeting)", st.RendezvousGroups, st.RendezvousTimeouts)
	}
}

func TestRendezvous_ClientGoingAwayEndsTheWait(t *testing.T) {
	s := rendezvousServer(t, 2, time.Minute)
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		req := tchttp.NewCommonRequest("cdb", "2017-03-20", "DescribeBackupConfig")
		req.SetContext(ctx)
		_ = req.SetActionParameters(map[string]any{"InstanceId": "cdb-meet0001"})
		done <- client.Send(req, &rawAnswer{})
	}()
	eventually(t, "the call is held", func() bool { return s.Stats().RendezvousHeld == 1 })
	cancel()
	if err := <-done; err == nil {
		t.Error("a canceled call got an answer")
	}
	eventually(t, "the call is recorded as canceled", func() bool {
		calls := s.Calls()
		return len(calls) == 1 && calls[0].ErrorCode == mock.ErrorCanceled
	})
	if st := s.Stats(); st.RendezvousHeld != 0 || st.RendezvousTimeouts != 0 {
		t.Errorf("Stats: %d held, %d timeouts; want 0, 0", st.RendezvousHeld, st.RendezvousTimeouts)
	}
}

func TestRendezvous_CloseEndsTheWait(t *testing.T) {
	s := rendezvousServer(t, 2, time.Minute)
	client := newClient(t, s, clientConfig{region: "ap-guangzhou"})
	done := make(chan error, 1)
	go func() {
		_, err := callRaw(t, client, "DescribeBackupConfig", map[string]any{"InstanceId": "cdb-meet0001"})
		done <- err
	}()
	eventually(t, "the call is held", func() bool { return s.Stats().RendezvousHeld == 1 })
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	err := <-done
	expectCode(t, err, "ClientError.NetworkError")
	eventually(t, "the call is recorded as canceled", func() bool {
		calls := s.Calls()
		return len(calls) == 1 && calls[0].ErrorCode == mock.ErrorCanceled
	})
}

func TestSetRendezvous_Refused(t *testing.T) {
	s := mock.NewServer(mock.Options{})
	for _, tt := range []struct {
		n       int
		timeout time.Duration
	}{{-1, time.Second}, {2, -time.Second}} {
		if err := s.SetRendezvous(tt.n, tt.timeout); err == nil {
			t.Errorf("SetRendezvous(%d, %s) accepted", tt.n, tt.timeout)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("NewServer accepted a negative rendezvous")
		}
	}()
	mock.NewServer(mock.Options{Rendezvous: mock.RendezvousOptions{Calls: -1}})
}
