package mock

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// This file serves the CVM instance metadata service's role credentials, as
// http://metadata.tencentyun.com does for an instance with a CAM role bound: on the mock's own
// address, or on any host when the mock is used as an HTTP proxy. It is no API: plain GETs,
// unsigned, answered with HTTP statuses; none of the API's reliability settings apply to it, only
// its own stall (SetMetadataStall).

// MetadataCredentialsPath lists the instance's role names (GET), one per line; followed by a
// role name it answers that role's temporary credentials as JSON.
const MetadataCredentialsPath = "/latest/meta-data/cam/security-credentials/"

// metadataRoot is the part of the mock's paths that belongs to the metadata service.
const metadataRoot = "/latest/meta-data"

// metadataCredentials is the metadata service's answer for a role, with the fields the SDK's
// CvmRoleProvider reads.
type metadataCredentials struct {
	TmpSecretId  string `json:"TmpSecretId"`
	TmpSecretKey string `json:"TmpSecretKey"`
	ExpiredTime  int64  `json:"ExpiredTime"` // Unix seconds
	Expiration   string `json:"Expiration"`  // RFC 3339, UTC
	Token        string `json:"Token"`
	Code         string `json:"Code"` // "Success"
}

func isMetadataPath(path string) bool {
	return path == metadataRoot || strings.HasPrefix(path, metadataRoot+"/")
}

// SetMetadataStall holds every request to the metadata service d before answering it, as a
// metadata service that cannot be reached does to a client without a timeout. The wait ends
// early when the client goes away or the server closes. 0 answers at once.
func (s *Server) SetMetadataStall(d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("mock: metadata stall %s is negative", d)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.metadataStall = d
	return nil
}

// serveMetadata answers a request to the metadata service: the role listing (404 when no role is
// bound, as the real service answers), a role's credentials (404 for a role not bound), or 404.
// Every answer for a role issues fresh credentials, valid like AssumeRole's: with their token,
// until they expire (2 hours, or the lifetime cap).
func (s *Server) serveMetadata(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	stall := s.metadataStall
	s.stats.metadataRequests++
	s.mu.Unlock()
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		http.Error(w, "405 Method Not Allowed", http.StatusMethodNotAllowed)
		return
	}
	if passed, closing := s.pause(r.Context(), stall); !passed {
		if closing {
			abortConnection(w)
		}
		return
	}

	path := r.URL.Path
	if path == MetadataCredentialsPath || path == strings.TrimSuffix(MetadataCredentialsPath, "/") {
		names := s.instanceRoleNames()
		if len(names) == 0 {
			http.Error(w, "404 Not Found", http.StatusNotFound)
			return
		}
		// No newline after the last name: the SDK takes the whole body as the role name.
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte(strings.Join(names, "\n")))
		return
	}
	name, isRole := strings.CutPrefix(path, MetadataCredentialsPath)
	if !isRole || name == "" || strings.Contains(name, "/") {
		http.Error(w, "404 Not Found", http.StatusNotFound)
		return
	}
	cred, found, err := s.issueInstanceCredential(name)
	switch {
	case err != nil:
		http.Error(w, "500 Internal Server Error", http.StatusInternalServerError)
		return
	case !found:
		http.Error(w, "404 Not Found", http.StatusNotFound)
		return
	}
	data, err := encodeAnswer(metadataCredentials{
		TmpSecretId:  cred.SecretID,
		TmpSecretKey: cred.SecretKey,
		ExpiredTime:  cred.Expiration.Unix(),
		Expiration:   cred.Expiration.UTC().Format(time.RFC3339),
		Token:        cred.Token,
		Code:         "Success",
	})
	if err != nil {
		http.Error(w, "500 Internal Server Error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(data)
}

// instanceRoleNames returns the names of the instance's roles, in the order added.
func (s *Server) instanceRoleNames() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	names := make([]string, 0, len(s.instanceRoles))
	for _, ir := range s.instanceRoles {
		names = append(names, ir.name)
	}
	return names
}

// issueInstanceCredential issues credentials for an instance role, and counts the fetch.
func (s *Server) issueInstanceCredential(name string) (TemporaryCredential, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ir := range s.instanceRoles {
		if ir.name != name {
			continue
		}
		cred, err := s.issueLocked(ir.accountID, ir.arn, ir.id, instanceSessionName, ir.accountID, instanceRoleDuration)
		if err != nil {
			return cred, true, err
		}
		if s.stats.metadataFetches == nil {
			s.stats.metadataFetches = map[string]int{}
		}
		s.stats.metadataFetches[name]++
		return cred, true, nil
	}
	return TemporaryCredential{}, false, nil
}
