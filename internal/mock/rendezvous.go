package mock

import (
	"fmt"
	"net/http"
	"time"
)

// This file is the rendezvous: a way for a test to prove that a client sends calls at the same
// time, without measuring time. Each CDB call that reaches it (step 7 of the pipeline: once the
// gateway and the quota admitted it, before an API fault or its action answers) is held until
// enough calls are held at once; then all of them go on together. A client that sends its calls
// one after another never gathers them: each call is answered an error once its timeout passes,
// so the client fails instead of hanging.

// RendezvousTimeoutCode is the code a call held at the rendezvous past its timeout is answered.
// It is the mock's own: the real API has no rendezvous.
const RendezvousTimeoutCode = "InternalError.RendezvousTimeout"

// DefaultRendezvousTimeout is how long the rendezvous holds a call when its timeout is 0.
const DefaultRendezvousTimeout = 10 * time.Second

// RendezvousOptions sets the rendezvous (see SetRendezvous). The zero value holds no call.
type RendezvousOptions struct {
	// Calls is how many calls must be held at once before all of them go on; 0 turns it off.
	Calls int
	// Timeout is how long a call is held at most; 0 means DefaultRendezvousTimeout.
	Timeout time.Duration
}

// rendezvous is the rendezvous' setting and the group of calls it holds now, kept under s.mu.
type rendezvous struct {
	calls   int
	timeout time.Duration
	group   *rendezvousGroup // nil when no call is held
}

// rendezvousGroup is the calls held together: release is closed when they go on.
type rendezvousGroup struct {
	held    int
	release chan struct{}
}

// SetRendezvous makes every CDB call that passes the gateway and the quota wait until n calls
// are held at once; then all n go on together, and a call arriving after them starts a new
// group. A call still held after timeout (0: DefaultRendezvousTimeout) is answered
// RendezvousTimeoutCode, naming how many calls were held, and recorded with a Reason and in
// Stats.RendezvousTimeouts; Stats.RendezvousGroups counts the groups that went on. A call whose
// client goes away, or whose server closes, stops waiting at once (recorded as ErrorCanceled).
// n = 0 turns the rendezvous off. Calls held when the setting changes stay held, under their
// first timeout, until as many calls as the new n are held; n = 0 lets them all go on at once.
func (s *Server) SetRendezvous(n int, timeout time.Duration) error {
	if n < 0 {
		return fmt.Errorf("mock: rendezvous of %d calls is negative", n)
	}
	if timeout < 0 {
		return fmt.Errorf("mock: rendezvous timeout %s is negative", timeout)
	}
	if timeout == 0 {
		timeout = DefaultRendezvousTimeout
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rendezvous.calls, s.rendezvous.timeout = n, timeout
	if g := s.rendezvous.group; g != nil && (n == 0 || g.held >= n) {
		s.releaseGroup(n > 0)
	}
	return nil
}

// meet holds a call at the rendezvous, and reports whether it may go on: with nil, it met its
// group (or no rendezvous is set); with an error to answer, its timeout passed. A call whose
// client went away, or whose server closed, is recorded as canceled and does not go on; the
// closing server also drops its connection, as wait does.
func (s *Server) meet(w http.ResponseWriter, r *http.Request, call *Call) (*apiError, bool) {
	s.mu.Lock()
	rv := &s.rendezvous
	if rv.calls == 0 {
		s.mu.Unlock()
		return nil, true
	}
	if rv.group == nil {
		rv.group = &rendezvousGroup{release: make(chan struct{})}
	}
	g, n, timeout := rv.group, rv.calls, rv.timeout
	g.held++
	if g.held >= n {
		s.releaseGroup(true)
		s.mu.Unlock()
		return nil, true
	}
	s.mu.Unlock()

	timer := time.NewTimer(timeout)
	defer timer.Stop()
	var timedOut, closing bool
	select {
	case <-g.release:
		return nil, true
	case <-timer.C:
		timedOut = true
	case <-r.Context().Done():
	case <-s.closing:
		closing = true
	}

	s.mu.Lock()
	select {
	case <-g.release: // the group went on while this call gave up: it met it
		s.mu.Unlock()
		return nil, true
	default:
	}
	held := g.held
	g.held--
	if timedOut {
		s.stats.rendezvousTimeouts++
	}
	s.mu.Unlock()

	if !timedOut {
		call.ErrorCode = ErrorCanceled
		s.record(*call)
		if closing {
			abortConnection(w)
		}
		return nil, false
	}
	return &apiError{
		Code: RendezvousTimeoutCode,
		Message: fmt.Sprintf("The mock's rendezvous held this call for %s, waiting for %d calls to be held at once; "+
			"%d were, this one included: the client did not send its calls at the same time.", timeout, n, held),
		reason: fmt.Sprintf("rendezvous timeout: %d of %d calls held at once after %s", held, n, timeout),
	}, true
}

// releaseGroup lets the calls held go on, counting the group when it met (not when the
// rendezvous was turned off), and starts afresh: the next call starts a new group. The caller
// holds s.mu.
func (s *Server) releaseGroup(met bool) {
	close(s.rendezvous.group.release)
	s.rendezvous.group = nil
	if met {
		s.stats.rendezvousGroups++
	}
}
