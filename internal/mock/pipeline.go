package mock

import (
	"cmp"
	"io"
	"net/http"
	"strconv"
	"time"
)

// This file is the way a CDB call goes through the mock, in the steps the package documentation
// lists: it arrives (counted, its fault decided, a queued answer taken), Latency passes, a queued
// answer or a network fault may answer, the gateway checks it, the quota may answer, the
// rendezvous may hold it (rendezvous.go), an API fault may answer, then its action does
// (DescribeBackups, DescribeBackupDecryptionKey, DescribeBinlogs, the backup settings' actions of
// backup_policy.go, DescribeBackupDownloadRestriction and DescribeRollbackRangeTime);
// it departs when it has its answer. STS calls take none of these steps but the gateway's
// (serveSTS).

// serveCDB takes a CDB call through the pipeline and answers it. The call is recorded before the
// answer is written, so a client that has its answer always finds its call in Calls.
func (s *Server) serveCDB(w http.ResponseWriter, r *http.Request) {
	body, readErr := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBodyBytes))
	call := s.newCall(r, cdbAPI)
	peekParams(body, &call)

	a := s.arrive(call.Action)
	defer s.depart()

	if !s.wait(w, r, a.latency, &call) {
		return
	}
	if f := a.queued; f != nil {
		if f.raw {
			call.ErrorCode = rawErrorCode(f.status, f.body)
			s.record(call)
			writeRaw(w, f.status, f.body)
			return
		}
		call.ErrorCode = f.code
		s.record(call)
		writeError(w, &apiError{Code: f.code, Message: f.message}, call.RequestID)
		return
	}

	d := a.decision
	switch d.kind {
	case FaultBadGateway:
		call.Fault, call.ErrorCode = d.kind, "HTTP "+strconv.Itoa(http.StatusBadGateway)
		s.record(call)
		writeBadGateway(w)
		return
	case FaultCloseConnection:
		call.Fault, call.ErrorCode = d.kind, ErrorConnectionClosed
		s.record(call)
		abortConnection(w)
		return
	case FaultStall:
		call.Fault = d.kind
		if !s.wait(w, r, a.stall, &call) {
			return
		}
	}

	aerr, goOn := s.admitCDB(r, body, readErr, &call), true
	if aerr == nil {
		aerr, goOn = s.meet(w, r, &call)
	}
	if !goOn {
		return
	}
	var answer any
	if aerr == nil {
		answer, aerr = s.answerCDB(r, body, d, &call)
	}
	if aerr != nil {
		call.ErrorCode, call.Fault, call.Reason = aerr.Code, cmp.Or(aerr.fault, call.Fault), aerr.reason
		s.countRefusal(call.Action, aerr)
		answer = errorAnswer(aerr, call.RequestID)
	}
	if d.kind == FaultTruncatedJSON {
		call.Fault, call.ErrorCode = d.kind, ErrorTruncatedAnswer
		s.record(call)
		writeTruncated(w, answer, d.param)
		return
	}
	s.record(call)
	writeJSON(w, answer)
}

// admitCDB passes a CDB call through the gateway and, once its caller is authenticated, the
// quota. It records in call the account the call acts as.
func (s *Server) admitCDB(r *http.Request, body []byte, readErr error, call *Call) *apiError {
	caller, aerr := s.checkGateway(r, body, readErr, cdbAPI)
	if aerr != nil {
		return aerr
	}
	call.AccountID, call.RoleARN = caller.accountID, caller.roleARN()
	return s.checkQuota(caller.secretID, call.Action)
}

// answerCDB answers a CDB call the gateway and the quota admitted: an API fault decided for the
// call may answer instead of its action (one of cdbAPI.actions: the gateway lets no other
// through).
func (s *Server) answerCDB(r *http.Request, body []byte, d decision, call *Call) (any, *apiError) {
	if d.kind.isAPI() {
		return nil, d.apiError()
	}
	region, action := r.Header.Get("X-TC-Region"), r.Header.Get("X-TC-Action")
	switch action {
	case actionDecryptionKey:
		return s.describeBackupDecryptionKey(region, body, call.RequestID)
	case actionDescribeBinlogs:
		return s.describeBinlogs(region, body, call.RequestID)
	case actionBackupConfig, actionRemoteBackupConfig, actionLocalBinlogConfig, actionEncryptionStatus:
		return s.describeBackupPolicy(action, region, body, call.RequestID)
	case actionDownloadRestriction:
		return s.describeDownloadRestriction(region, body, call.RequestID)
	case actionRollbackRangeTime:
		return s.describeRollbackRangeTime(region, body, call.RequestID)
	case actionDescribeDBInstances:
		return s.describeDBInstances(region, body, call.RequestID)
	case actionBackupSummaries:
		return s.describeBackupSummaries(region, body, call.RequestID)
	case actionCreateBackup:
		// Made even when the answer is then truncated: the client cannot tell, as on the real API.
		return s.createBackup(region, body, call.AccountID, call.RequestID)
	}
	// A truncated answer is no answer to the client: it does not count towards mutation.
	return s.describeBackups(region, body, call.RequestID, d.kind != FaultTruncatedJSON)
}

// arrival is what was decided for a call when it arrived.
type arrival struct {
	queued   *queuedAnswer // an answer queued by InjectError or InjectRawResponse, which wins
	decision decision
	latency  time.Duration
	stall    time.Duration
}

// arrive counts a call of the action in, draws its fault decision and takes the first answer
// queued for it, all at once so that decisions follow the order in which calls arrive.
func (s *Server) arrive(action string) arrival {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := &s.stats
	st.calls++
	st.action(action).Calls++
	st.inFlight++
	st.peak = max(st.peak, st.inFlight)
	if st.firstCall.IsZero() {
		st.firstCall = time.Now()
	}
	a := arrival{decision: s.decide(), latency: s.latency, stall: s.faultOpts.StallFor}
	for i, q := range s.queued {
		if q.action == "" || q.action == action {
			s.queued = append(s.queued[:i:i], s.queued[i+1:]...)
			a.queued = &q
			break
		}
	}
	return a
}

// wait waits d before the call goes on, and reports whether it may. A call whose client went
// away is recorded as canceled; one the closing server interrupted also loses its connection,
// so that the client does not take an empty answer for one.
func (s *Server) wait(w http.ResponseWriter, r *http.Request, d time.Duration, call *Call) bool {
	passed, closing := s.pause(r.Context(), d)
	if passed {
		return true
	}
	call.ErrorCode = ErrorCanceled
	s.record(*call)
	if closing {
		abortConnection(w)
	}
	return false
}

// depart counts a call out.
func (s *Server) depart() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.inFlight--
	s.stats.lastAnswer = time.Now()
}
