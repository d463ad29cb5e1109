// Package mock is a stand-in for the Tencent Cloud API endpoint of TencentDB for MySQL (CDB)
// serving DescribeBackups (version 2017-03-20), for the provider's acceptance tests and demo.
//
// It is strict where the real API is: it verifies TC3-HMAC-SHA256 signatures with its own
// implementation, refuses unknown parameters and out-of-range values, looks instances up per
// region and enforces the Finance-region host rule. Faults (API errors, raw bodies) can be
// injected, and every request is recorded. It imports nothing of the provider.
package mock

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Server is a mock CDB API endpoint. It is safe for concurrent use.
type Server struct {
	credentials map[string]string // fixed at construction, read without the lock
	now         func() time.Time

	requestPrefix [8]byte       // random per server, so RequestIds differ between servers
	requestSeq    atomic.Uint64 // makes RequestIds unique within a server

	mu        sync.Mutex
	instances map[string]map[string][]Backup // region -> instance ID -> backups, in answer order
	faults    []fault                        // answers queued by InjectError / InjectRawResponse
	calls     []Call
	listener  net.Listener
	http      *http.Server
}

// fault is one queued injected answer: a Tencent error, or a raw status and body.
type fault struct {
	raw     bool
	code    string
	message string
	status  int
	body    string
}

// NewServer returns a Server with no instances. It serves through Handler, or Start.
func NewServer(opts Options) *Server {
	creds := map[string]string{DefaultSecretID: DefaultSecretKey}
	if opts.Credentials != nil {
		creds = make(map[string]string, len(opts.Credentials))
		for id, key := range opts.Credentials {
			creds[id] = key
		}
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	s := &Server{
		credentials: creds,
		now:         now,
		instances:   map[string]map[string][]Backup{},
	}
	if _, err := rand.Read(s.requestPrefix[:]); err != nil {
		binary.BigEndian.PutUint64(s.requestPrefix[:], uint64(time.Now().UnixNano()))
	}
	return s
}

// Handler returns the http.Handler that answers API calls.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(s.serveHTTP)
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

// Close stops the server started by Start, closing its connections. Closing a server that was
// not started does nothing.
func (s *Server) Close() error {
	s.mu.Lock()
	srv := s.http
	s.mu.Unlock()
	if srv == nil {
		return nil
	}
	return srv.Close()
}

// SetBackups creates or replaces an instance in a region with these backups, answered in this
// order. An empty or nil slice makes an instance with no backups.
func (s *Server) SetBackups(region, instanceID string, backups []Backup) {
	stored := cloneBackups(backups)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.instances[region] == nil {
		s.instances[region] = map[string][]Backup{}
	}
	s.instances[region][instanceID] = stored
}

// LoadFixtures adds (or replaces) every instance of f.
func (s *Server) LoadFixtures(f *Fixtures) {
	if f == nil {
		return
	}
	for _, inst := range f.Instances {
		s.SetBackups(inst.Region, inst.InstanceID, inst.Backups)
	}
}

// InjectError makes the next n API calls answer this Tencent error (HTTP 200, the API's error
// shape, with a RequestId), whatever they ask. Injected answers queue in the order injected.
func (s *Server) InjectError(n int, code, message string) {
	s.inject(n, fault{code: code, message: message})
}

// InjectRawResponse makes the next n API calls answer exactly this HTTP status and body (status 0
// means 200). The Content-Type is application/json when the body looks like JSON, else sniffed.
func (s *Server) InjectRawResponse(n int, status int, body string) {
	if status == 0 {
		status = http.StatusOK
	}
	s.inject(n, fault{raw: true, status: status, body: body})
}

func (s *Server) inject(n int, f fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.faults = append(s.faults, f)
	}
}

// nextFault takes the next queued injected answer, if any.
func (s *Server) nextFault() (fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.faults) == 0 {
		return fault{}, false
	}
	f := s.faults[0]
	s.faults = s.faults[1:]
	return f, true
}

// Calls returns every request received so far, in the order they were answered, failed ones too.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Call, len(s.calls))
	copy(out, s.calls)
	return out
}

// ResetCalls forgets the recorded calls.
func (s *Server) ResetCalls() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = nil
}

func (s *Server) record(c Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, c)
}

// hasRegion reports whether any instance was set up in region.
func (s *Server) hasRegion(region string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.instances[region]
	return ok
}

// page returns one page of an instance's backups and their total count.
func (s *Server) page(region, instanceID string, offset, limit int64) ([]Backup, int64, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	backups, ok := s.instances[region][instanceID]
	if !ok {
		return nil, 0, false
	}
	total := int64(len(backups))
	start := min(offset, total)
	end := min(start+limit, total)
	return cloneBackups(backups[start:end]), total, true
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
