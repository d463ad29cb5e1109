package mock

import (
	"fmt"
	"math"
	"time"
)

// bucket is one SecretId's token bucket, or one SecretId's for one action (SetQuotaPerAction).
type bucket struct {
	tokens float64
	last   time.Time
}

// SetQuota changes the call rate allowed per SecretId, in requests per second; 0 means no limit.
// Each SecretId has a token bucket that refills at the quota and holds max(1, quota) tokens,
// full at first: a client may send one second's worth of calls at once, then must keep to the
// rate. A call over it is answered RequestLimitExceeded (HTTP 200, the API's error shape) once
// its signature is verified, and counted in Stats.Refused (and in Stats.Actions); a refused call
// takes no token. Changing the quota refills every bucket. SetQuotaPerAction gives each action a
// bucket of its own.
func (s *Server) SetQuota(perSecond float64) error {
	if math.IsNaN(perSecond) || math.IsInf(perSecond, 0) || perSecond < 0 {
		return fmt.Errorf("mock: quota %v is not a rate of requests per second >= 0", perSecond)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.quota = perSecond
	s.buckets = map[string]*bucket{}
	return nil
}

// SetQuotaPerAction chooses how the quota (SetQuota) is counted. On, as Tencent Cloud counts
// quotas, every SecretId has one token bucket per API action, each at the quota: calls of one
// action never take the tokens of another, so a client may run several actions side by side,
// each at the full rate, and the refusal says the quota is this action's. Off (the default), one
// bucket per SecretId serves every action. Changing it refills every bucket.
func (s *Server) SetQuotaPerAction(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.quotaPerAction = on
	s.buckets = map[string]*bucket{}
}

// checkQuota takes one token of a SecretId's bucket (for this action, per action), or answers the
// refusal when there is none.
func (s *Server) checkQuota(secretID, action string) *apiError {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.quota <= 0 {
		return nil
	}
	burst := max(1, s.quota)
	now := s.clock()
	key := secretID
	if s.quotaPerAction {
		key = secretID + "\x00" + action
	}
	b := s.buckets[key]
	if b == nil {
		b = &bucket{tokens: burst, last: now}
		s.buckets[key] = b
	}
	if elapsed := now.Sub(b.last).Seconds(); elapsed > 0 {
		b.tokens = min(burst, b.tokens+elapsed*s.quota)
		b.last = now
	}
	if b.tokens < 1 {
		e := newError(codeRequestLimitExceeded,
			"The number of requests exceeds the frequency limit (%g requests per second for this SecretId). Please try again later.", s.quota)
		if s.quotaPerAction {
			e = newError(codeRequestLimitExceeded,
				"The number of requests exceeds the frequency limit of action %s (%g requests per second for this SecretId and this action). Please try again later.",
				action, s.quota)
		}
		e.refused = true
		return e
	}
	b.tokens--
	return nil
}
