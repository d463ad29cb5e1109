// Package mock is a stand-in for the Tencent Cloud API endpoint of TencentDB for MySQL (CDB)
// serving, in version 2017-03-20, DescribeBackups, DescribeBackupDecryptionKey and
// DescribeBinlogs; an instance's backup settings with DescribeBackupConfig,
// DescribeRemoteBackupConfig, DescribeLocalBinlogConfig and DescribeBackupEncryptionStatus
// (SetBackupPolicy, defaults in DefaultBackupPolicy); a region's
// DescribeBackupDownloadRestriction (SetDownloadRestriction); and DescribeRollbackRangeTime, the
// spans each of a batch of instances can be rolled back to, derived from its backups and binlogs
// or set (SetRollbackRanges, SetRollbackLag; rollback.go); DescribeDBInstances, every instance's
// inventory (Instance; derived, or SetInstanceInfo, fixtures, GenerateFleet; db_instances.go), and
// DescribeBackupSummaries, its backups counted (backup_summaries.go). It also serves CreateBackup,
// a manual backup RUNNING by the server's clock (Options.Clock) and then SUCCESS or FAILED, one
// backup of an instance at a time (create_backup.go; FinishBackup, CreatedBackup, SetDatabases).
// RemoveInstance takes an instance out of every action. It is for the provider's acceptance tests
// and demo.
//
// It is strict where the real API is: it verifies TC3-HMAC-SHA256 signatures with its own
// implementation, refuses unknown parameters and out-of-range values, looks instances up per
// region and enforces the Finance-region host rule. Faults (API errors, raw bodies) can be
// injected, and every request is recorded. It imports nothing of the provider.
//
// It answers every official SDK: a signature may cover the Host with its port (as the Go SDK
// signs it) or without (as the Node.js SDK does). Used as an HTTP proxy it serves the requests
// itself, for any host, whether sent in absolute form or through a CONNECT tunnel (tunnel.go);
// it never reaches the network, and serves plain HTTP only.
//
// The same server is where credentials come from. Every key belongs to an account (AddAccount;
// the default key to DefaultAccountID). STS (version 2018-08-13) answers AssumeRole for the roles
// added with AddRole, as their trust rules allow, and GetCallerIdentity; it is chosen by the host
// sts.tencentcloudapi.com, or on the mock's own address by a signature for service "sts". The
// CVM metadata service answers the credentials of the roles added with AddInstanceRole under
// MetadataCredentialsPath. Temporary keys, from either, sign like permanent ones but are valid
// only with their token in X-TC-Token and until they expire by Options.Now; a permanent key sent
// with a token is refused, as the API refuses it (AuthFailure.TokenFailure).
//
// For reliability tests it can also fail a seeded random share of calls (FaultOptions), hold a
// call quota per SecretId, or per SecretId and action (SetQuotaPerAction), add latency, and add and expire backups while clients page through
// them (MutationOptions); Stats counts what happened, also served as JSON at StatsPath. Every
// setting can be changed while the server runs.
//
// A CDB call goes through these steps, in this order (pipeline.go):
//
//  1. it arrives: its random fault is decided and a queued injected answer taken;
//  2. Latency passes;
//  3. a queued answer (InjectError, InjectRawResponse) is answered;
//  4. the network faults 502 and close are answered, whatever the request holds; stall waits;
//  5. the API gateway checks the request (protocol, headers, host, version and action, region,
//     signature, token; gateway.go);
//  6. the quota refuses or admits it;
//  7. the rendezvous (SetRendezvous), when set, holds it until enough calls are held at once, or
//     answers it RendezvousTimeoutCode once its timeout passes (rendezvous.go);
//  8. the API faults (internal, ratelimit, unavailable) answer;
//  9. the parameters are checked (a Limit up to SetMaxLimit's bound, or SetMaxInstancesLimit's,
//     InstanceIds up to SetMaxRollbackInstances') and the action answers (a page of backups or of
//     binlogs, a backup's decryption key, an instance's backup settings, a region's download
//     restriction, instances' rollback ranges, a page of instances or of backup summaries), or its
//     answer is cut (truncated).
//
// A call answered before step 7 (a queued answer, a network fault, a refusal of the gateway or the
// quota) is never held at the rendezvous. STS calls pass the same gateway (step 5), refused with
// the same errors, and their action then answers at once; metadata requests take none of these steps (the metadata service has its own
// stall, SetMetadataStall).
package mock

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Server is a mock CDB API endpoint, with the STS actions and the CVM metadata service that
// credentials come from. It is safe for concurrent use.
type Server struct {
	now   func() time.Time
	clock func() time.Time
	logf  func(format string, args ...any) // Options.Logf; nil logs nothing
	// callHook, when set, is called with every call recorded (SetCallHook).
	callHook func(Call)

	requestPrefix [8]byte       // random per server, so RequestIds differ between servers
	requestSeq    atomic.Uint64 // makes RequestIds unique within a server

	closing   chan struct{} // closed by Close: ends every wait (latency, stall)
	closeOnce sync.Once

	mu           sync.Mutex
	instances    map[string]map[string]*instance // region -> instance ID -> backups and their history
	restrictions map[string]DownloadRestriction  // region -> download restriction (SetDownloadRestriction)
	queued       []queuedAnswer                  // answers queued by InjectError / InjectRawResponse
	calls        []Call
	listener     net.Listener
	http         *http.Server
	tunnels      map[*http.Server]struct{} // the servers of open CONNECT tunnels (tunnel.go)

	// Who may call (credentials.go).
	keys          map[string]permanentKey  // SecretId -> permanent key
	temporary     map[string]*temporaryKey // SecretId -> issued temporary key, kept after expiry
	roles         map[string]*role         // ARN -> role STS may issue credentials for
	instanceRoles []instanceRole           // roles of the CVM instance, in the order added

	// Settings, changed by the Set methods.
	faultOpts     FaultOptions // normalized: StallFor and Kinds filled in
	faultRNG      splitMix
	quota         float64
	buckets       map[string]*bucket // SecretId (and action, per action) -> its token bucket
	latency       time.Duration
	maxLimit      int64 // the largest Limit DescribeBackups and DescribeBinlogs accept
	containsMin   ContainsMinStartTimeReading
	mutation      MutationOptions
	mutationRNG   splitMix
	lifetimeCap   time.Duration // caps the lifetime of issued temporary credentials; 0: no cap
	metadataStall time.Duration // holds every metadata request this long
	rendezvous    rendezvous    // holds CDB calls until enough are held at once (rendezvous.go)
	maxRollback   int           // the most instances DescribeRollbackRangeTime takes in one call
	// the largest Limit DescribeDBInstances accepts
	maxInstancesLimit int64
	quotaPerAction    bool          // one bucket per SecretId and action (SetQuotaPerAction)
	rollbackLag       time.Duration // moves the end of every derived newest rollback range earlier (rollback.go)
	createDuration    time.Duration // how long a backup CreateBackup makes runs (create_backup.go)
	failCreate        bool          // every backup CreateBackup makes ends FAILED
	lastCreatedID     int64         // the largest BackupId CreateBackup made on this server

	stats statsState
}

// queuedAnswer is one queued injected answer: a Tencent error, or a raw status and body.
type queuedAnswer struct {
	action  string // the action it answers; "" for any
	raw     bool
	code    string
	message string
	status  int
	body    string
}

// NewServer returns a Server with no instances. It serves through Handler, or Start. It panics
// when opts holds an invalid setting, with the message the matching Set method returns.
func NewServer(opts Options) *Server {
	keys := map[string]permanentKey{}
	creds := opts.Credentials
	if creds == nil {
		creds = map[string]string{DefaultSecretID: DefaultSecretKey}
	}
	for id, key := range creds {
		keys[id] = permanentKey{secretKey: key, accountID: DefaultAccountID, userUIN: DefaultAccountID}
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	clock := opts.Clock
	if clock == nil {
		clock = time.Now
	}
	s := &Server{
		now:       now,
		clock:     clock,
		closing:   make(chan struct{}),
		instances: map[string]map[string]*instance{},
		keys:      keys,
		temporary: map[string]*temporaryKey{},
		roles:     map[string]*role{},
		logf:      opts.Logf,
	}
	if _, err := rand.Read(s.requestPrefix[:]); err != nil {
		binary.BigEndian.PutUint64(s.requestPrefix[:], uint64(time.Now().UnixNano()))
	}
	maxLimit := opts.MaxLimit
	if maxLimit == 0 {
		maxLimit = DefaultMaxLimit
	}
	maxRollback := opts.MaxRollbackInstances
	if maxRollback == 0 {
		maxRollback = DefaultMaxRollbackInstances
	}
	maxInstances := opts.MaxInstancesLimit
	if maxInstances == 0 {
		maxInstances = DefaultMaxInstancesLimit
	}
	s.quotaPerAction = opts.QuotaPerAction
	s.failCreate = opts.CreateBackupFailure
	createDuration := opts.CreateBackupDuration
	if createDuration == 0 {
		createDuration = DefaultCreateBackupDuration
	}
	errs := []error{s.SetFaults(opts.Faults), s.SetMutation(opts.Mutation), s.SetQuota(opts.Quota),
		s.SetLatency(opts.Latency), s.SetMaxLimit(maxLimit), s.SetTemporaryCredentialLifetime(opts.TemporaryCredentialLifetime),
		s.SetContainsMinStartTime(opts.ContainsMinStartTime), s.SetRendezvous(opts.Rendezvous.Calls, opts.Rendezvous.Timeout),
		s.SetMaxRollbackInstances(maxRollback), s.SetRollbackLag(opts.RollbackLag), s.SetMaxInstancesLimit(maxInstances),
		s.SetCreateBackupDuration(createDuration)}
	for _, a := range opts.Accounts {
		errs = append(errs, s.AddAccount(a))
	}
	for _, r := range opts.Roles {
		errs = append(errs, s.AddRole(r))
	}
	if err := errors.Join(errs...); err != nil {
		panic(err)
	}
	return s
}

// SetFaults changes the random faults. It restarts the generator from o.Seed, so the calls after
// it get the same decisions as the first calls of a server created with these options. The
// counts in Stats are kept.
func (s *Server) SetFaults(o FaultOptions) error {
	o, err := o.normalized()
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faultOpts = o
	s.faultRNG = splitMix{state: uint64(o.Seed)}
	return nil
}

// SetLatency changes the delay added to every API call before it is answered. The wait ends
// early when the client goes away or the server closes.
func (s *Server) SetLatency(d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("mock: latency %s is negative", d)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
	return nil
}

// SetMaxLimit changes the largest Limit DescribeBackups and DescribeBinlogs accept, between 1 and
// LargestMaxLimit. A larger Limit is refused as the API refuses any invalid value
// (InvalidParameterValue, naming Limit, the value sent and the bound) and counted in
// Stats.LimitTooLarge. Calls already past their parameter check keep the bound they were checked
// against.
func (s *Server) SetMaxLimit(n int64) error {
	if n < 1 || n > LargestMaxLimit {
		return fmt.Errorf("mock: largest Limit %d is not between 1 and %d", n, LargestMaxLimit)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.maxLimit = n
	return nil
}

// pageBound returns the largest Limit DescribeBackups and DescribeBinlogs accept now.
func (s *Server) pageBound() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxLimit
}

// pause waits d, unless the request's context ends or the server closes first: it reports
// whether the whole wait passed, and why not.
func (s *Server) pause(ctx context.Context, d time.Duration) (passed, closing bool) {
	if d <= 0 {
		return true, false
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true, false
	case <-ctx.Done():
		return false, false
	case <-s.closing:
		return false, true
	}
}

// Handler returns the http.Handler that answers API calls, and CONNECT with a tunnel that leads
// to the mock itself (tunnel.go).
func (s *Server) Handler() http.Handler {
	return s.WrapHandler(nil)
}

// Start listens on addr (e.g. "127.0.0.1:0" for a free port) and serves in a goroutine.
func (s *Server) Start(addr string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.listener != nil {
		return errors.New("mock: server already started")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("mock: listen on %s: %w", addr, err)
	}
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	s.listener, s.http = ln, srv
	go func() { _ = srv.Serve(ln) }()
	return nil
}

// Addr returns the address the server listens on, "127.0.0.1:PORT", or "" before Start.
func (s *Server) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.listener == nil {
		return ""
	}
	return s.listener.Addr().String()
}

// URL returns the server's base URL, "http://127.0.0.1:PORT", or "" before Start.
func (s *Server) URL() string {
	addr := s.Addr()
	if addr == "" {
		return ""
	}
	return "http://" + addr
}

// Close stops the server started by Start, closing its connections. It also ends every wait in
// progress (latency, stall) at once and closes every CONNECT tunnel, whoever serves the Handler,
// and calls arriving later are not delayed: a server serving Handler itself should call Close
// before shutting its own http.Server down. Closing a server that was not started does nothing more.
func (s *Server) Close() error {
	s.closeOnce.Do(func() { close(s.closing) })
	s.closeTunnels()
	s.mu.Lock()
	srv := s.http
	s.mu.Unlock()
	if srv == nil {
		return nil
	}
	return srv.Close()
}

// SetBackups creates or replaces an instance in a region with these backups, answered in this
// order. An empty or nil slice makes an instance with no backups. It starts the instance's
// history (Snapshots, Version) afresh, and its encrypted backups get derived decryption keys.
// A replaced instance keeps its binlogs (SetBinlogs), its backup settings (SetBackupPolicy), its
// rollback ranges and lag (SetRollbackRanges, fixtures) and an inventory set for it
// (SetInstanceInfo, fixtures); a derived inventory is derived again, created before these backups.
func (s *Server) SetBackups(region, instanceID string, backups []Backup) {
	in := newInstance(backups)
	s.mu.Lock()
	defer s.mu.Unlock()
	if old := s.instance(region, instanceID); old != nil {
		in.binlogs, in.policy = old.binlogs, old.policy
		in.databases, in.failCreate = old.databases, old.failCreate
		in.rollbackRanges, in.rollbackLag = old.rollbackRanges, old.rollbackLag
		if old.infoSet {
			in.info, in.infoSet = old.info, true
		}
	}
	s.setInstance(region, instanceID, in)
}

// AddInstances adds every instance of f with its backups, decryption keys, binlogs, backup
// settings, rollback ranges or lag and inventory (derived when it has none), replacing an instance of the same region and ID whole: an
// instance without binlogs in f has none, one without settings has the defaults, one without
// rollback_ranges has derived ranges. It sets the download restrictions of f's
// regions, leaving other regions' alone. It checks nothing: ReadFixtures checks a file.
func (s *Server) AddInstances(f *Fixtures) {
	if f == nil {
		return
	}
	for _, inst := range f.Instances {
		in := newInstance(inst.Backups)
		in.keys = maps.Clone(inst.DecryptionKeys)
		in.binlogs = cloneBinlogs(inst.Binlogs)
		sortBinlogs(in.binlogs)
		in.policy = fixturePolicy(inst)
		in.databases = cloneDatabases(inst.Databases)
		in.rollbackRanges, in.rollbackLag = slices.Clone(inst.RollbackRanges), fixtureRollbackLag(inst)
		if inst.Instance != nil {
			info := cloneInstance(*inst.Instance)
			in.info, in.infoSet = &info, true
		}
		s.mu.Lock()
		s.setInstance(inst.Region, inst.InstanceID, in)
		s.mu.Unlock()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for region, r := range f.DownloadRestrictions {
		if s.restrictions == nil {
			s.restrictions = map[string]DownloadRestriction{}
		}
		s.restrictions[region] = cloneRestriction(r)
	}
}

// setInstance creates or replaces an instance in a region, deriving its inventory when it has
// none (DefaultInstanceInfo, created before its oldest backup or binlog). The caller holds s.mu.
func (s *Server) setInstance(region, instanceID string, in *instance) {
	if in.info == nil {
		info := DefaultInstanceInfo(region, instanceID, oldestEvidence(in))
		in.info = &info
	}
	if s.instances[region] == nil {
		s.instances[region] = map[string]*instance{}
	}
	s.instances[region][instanceID] = in
}

// InjectError makes the next n API calls answer this Tencent error (HTTP 200, the API's error
// shape, with a RequestId), whatever they ask. Injected answers queue in the order injected, and
// take priority over random faults (the call's random decision is then spent unused).
func (s *Server) InjectError(n int, code, message string) {
	s.inject(n, queuedAnswer{code: code, message: message})
}

// InjectRawResponse makes the next n API calls answer exactly this HTTP status and body (status 0
// means 200). The Content-Type is application/json when the body looks like JSON, else sniffed.
func (s *Server) InjectRawResponse(n int, status int, body string) {
	if status == 0 {
		status = http.StatusOK
	}
	s.inject(n, queuedAnswer{raw: true, status: status, body: body})
}

// InjectErrorFor makes the next n calls of one action answer this Tencent error, as InjectError
// does for any call: e.g. a refused DescribeBackupDecryptionKey after a listing that succeeds.
func (s *Server) InjectErrorFor(action string, n int, code, message string) {
	s.inject(n, queuedAnswer{action: action, code: code, message: message})
}

func (s *Server) inject(n int, q queuedAnswer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.queued = append(s.queued, q)
	}
}

// Calls returns every request received so far, in the order they were answered, failed ones too.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Call, len(s.calls))
	copy(out, s.calls)
	for i := range out {
		out[i].InstanceIDs = slices.Clone(out[i].InstanceIDs)
		out[i].Tags = slices.Clone(out[i].Tags)
	}
	return out
}

// ResetCalls forgets the recorded calls.
func (s *Server) ResetCalls() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = nil
}

// record records a call and counts its random fault; a call with a Reason is logged (Options.Logf).
func (s *Server) record(c Call) {
	if c.Reason != "" && s.logf != nil {
		s.logf("%s %s refused with %s (RequestId %s): %s", c.Service, c.Action, c.ErrorCode, c.RequestID, c.Reason)
	}
	s.mu.Lock()
	s.calls = append(s.calls, c)
	if c.Fault != "" {
		if s.stats.faults == nil {
			s.stats.faults = map[FaultKind]int{}
		}
		s.stats.faults[c.Fault]++
	}
	hook := s.callHook
	s.mu.Unlock()
	if hook != nil {
		hook(c)
	}
}

// SetCallHook sets a function the mock calls with every call it records, before the call's answer is sent: a
// test's way to change what the mock serves between two calls of one read (an instance deleted once it has been
// listed). It runs outside the mock's lock, so it may call the Server's methods; nil removes it.
func (s *Server) SetCallHook(fn func(Call)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.callHook = fn
}

// hasRegion reports whether any instance, or a download restriction, was set up in region.
func (s *Server) hasRegion(region string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, instances := s.instances[region]
	_, restriction := s.restrictions[region]
	return instances || restriction
}

// newRequestID returns a UUID-shaped RequestId, unique within this server.
func (s *Server) newRequestID() string {
	var b [16]byte
	copy(b[:8], s.requestPrefix[:])
	binary.BigEndian.PutUint64(b[8:], s.requestSeq.Add(1))
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // variant 10; the counter's top bits are never reached
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func cloneBackups(in []Backup) []Backup {
	out := make([]Backup, len(in))
	copy(out, in)
	for i := range out {
		if out[i].RemoteInfo != nil {
			remote := make([]RemoteBackup, len(out[i].RemoteInfo))
			copy(remote, out[i].RemoteInfo)
			out[i].RemoteInfo = remote
		}
	}
	return out
}
