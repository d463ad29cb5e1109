package mock

import (
	"encoding/json"
	"net/http"
)

// The mock's own HTTP paths, served beside the API. Only these exact paths are the mock's: any
// other request, /__mock/other included, is an API call and follows the API's rules.
const (
	// StatsPath answers GET with Stats as JSON.
	StatsPath = "/__mock/stats"
	// ResetPath zeroes the stats on POST (ResetStats) and answers the zeroed Stats as JSON.
	ResetPath = "/__mock/reset"
)

// serveControl answers the mock's own paths, and reports whether the request was one.
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) bool {
	var allowed string
	switch r.URL.Path {
	case StatsPath:
		allowed = http.MethodGet
	case ResetPath:
		allowed = http.MethodPost
	default:
		return false
	}
	switch {
	case r.Method == allowed:
	case r.Method == http.MethodHead && allowed == http.MethodGet:
	default:
		w.Header().Set("Allow", allowed)
		http.Error(w, "tcmock: "+r.URL.Path+" takes "+allowed, http.StatusMethodNotAllowed)
		return true
	}
	if r.URL.Path == ResetPath {
		s.ResetStats()
	}
	data, err := json.Marshal(s.Stats())
	if err != nil {
		http.Error(w, "tcmock: encoding the stats: "+err.Error(), http.StatusInternalServerError)
		return true
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(append(data, '\n'))
	return true
}
