// What the provider learns about an action's quota and largest page, kept in the user's cache folder so that the
// next provider process starts where the last one ended, and shared by the provider processes running at once on
// this machine, which then keep to one call budget together.

package tencentcloud

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// How long what was learned is trusted. A lowered rate is forgotten after a while without a rate-limit answer
// (another account's quota, or a raised one, would otherwise stay low); a page size changes only with the API.
const (
	LearnedRateExpiry = 10 * time.Minute
	PageSizeExpiry    = 24 * time.Hour
)

// cacheFolderName is the provider's folder in the user's cache folder.
const cacheFolderName = "terraform-provider-tencentcloud"

// sharedQuota is the entry of a service's action in the cache: the state of its rate limiter and the largest page
// it accepts.
type sharedQuota struct {
	Limiter    limiterState `json:"limiter"`
	PageSize   int64        `json:"page_size,omitempty"`
	PageSizeAt time.Time    `json:"page_size_at,omitzero"`
}

// quotaFile is the cache entry of one account, region, service, host and action: a small JSON file, read and written
// under an exclusive flock, so each update is atomic across processes. If the file cannot be used, the state
// lives on in memory, and the provider works as it would without the cache.
type quotaFile struct {
	mu       sync.Mutex
	path     string
	file     *os.File
	now      func() time.Time
	fallback *memoryStore // once the file failed
	err      error        // why it failed
}

// quotaKey names the cache entry of an identity (whose quota: a SecretId, or the role whose keys change), region,
// and a service's action at its host. The identity is hashed: no key or ID is written to the cache.
func quotaKey(identity, region string, key callKey) string {
	sum := sha256.Sum256([]byte("v2\x00" + identity + "\x00" + region + "\x00" + key.service + "\x00" + key.host + "\x00" + key.action))
	return hex.EncodeToString(sum[:16]) + ".json"
}

// openQuotaFile opens (creating it and its folder) the cache entry at dir/key.
func openQuotaFile(dir, key string, now func() time.Time) (*quotaFile, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, key)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if now == nil {
		now = time.Now
	}
	return &quotaFile{path: path, file: f, now: now}, nil
}

// with runs fn on the entry, locked against every other process and goroutine, and writes it back when write.
func (q *quotaFile) with(write bool, fn func(e *sharedQuota)) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.fallback == nil {
		err := q.locked(write, fn)
		if err == nil {
			return
		}
		q.err = fmt.Errorf("the call-rate cache %s cannot be used (%w); this provider process keeps its own budget", q.path, err)
		q.fallback = &memoryStore{}
	}
	q.fallback.update(func(s *limiterState) {
		e := sharedQuota{Limiter: *s}
		fn(&e)
		*s = e.Limiter
	})
}

func (q *quotaFile) locked(write bool, fn func(e *sharedQuota)) error {
	unlock, err := lockFile(q.file)
	if err != nil {
		return err
	}
	defer unlock()
	info, err := q.file.Stat()
	if err != nil {
		return err
	}
	var e sharedQuota
	if info.Size() > 0 {
		buf := make([]byte, info.Size())
		if _, err := q.file.ReadAt(buf, 0); err != nil {
			return err
		}
		// A damaged entry is started afresh: it only holds what can be learned again.
		if json.Unmarshal(buf, &e) != nil {
			e = sharedQuota{}
		}
	}
	now := q.now()
	if !e.Limiter.ThrottledAt.IsZero() && now.Sub(e.Limiter.ThrottledAt) > LearnedRateExpiry {
		e.Limiter.ThrottledAt, e.Limiter.ThrottledRate, e.Limiter.Ceiling = time.Time{}, 0, 0
	}
	// A limiter unused for as long learns afresh.
	if !e.Limiter.Last.IsZero() && now.Sub(e.Limiter.Last) > LearnedRateExpiry && e.Limiter.ThrottledAt.IsZero() {
		e.Limiter.Since = time.Time{}
	}
	if !e.PageSizeAt.IsZero() && now.Sub(e.PageSizeAt) > PageSizeExpiry {
		e.PageSize, e.PageSizeAt = 0, time.Time{}
	}
	fn(&e)
	if !write {
		return nil
	}
	out, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if err := q.file.Truncate(0); err != nil {
		return err
	}
	_, err = q.file.WriteAt(out, 0)
	return err
}

// update makes the file a stateStore for a rate limiter.
func (q *quotaFile) update(fn func(s *limiterState)) {
	q.with(true, func(e *sharedQuota) { fn(&e.Limiter) })
}

// view reads the limiter's state without writing the file.
func (q *quotaFile) view(fn func(s *limiterState)) {
	q.with(false, func(e *sharedQuota) { fn(&e.Limiter) })
}

// pageSize is the largest page learned, if any is still trusted.
func (q *quotaFile) pageSize() (size int64, ok bool) {
	q.with(false, func(e *sharedQuota) { size = e.PageSize })
	return size, size > 0
}

func (q *quotaFile) savePageSize(size int64) {
	q.with(true, func(e *sharedQuota) { e.PageSize, e.PageSizeAt = size, q.now() })
}

// failure is why the file could not be used, or nil.
func (q *quotaFile) failure() error {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.err
}

// defaultCacheDir is the folder of the call-rate cache in the user's cache folder, or "" when there is none.
func defaultCacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, cacheFolderName, "quota")
}
