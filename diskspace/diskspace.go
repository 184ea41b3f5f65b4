// Package diskspace watches the space left for a node's data and decides
// what a full disk means. It measures the free bytes of the data folder's
// file system (or the room left under a size limit the store reports, when
// smaller) at every group commit, in the background and when asked
// (/healthz, /metrics):
//   - under MinFree it logs a warning, once per crossing;
//   - under Reserve it refuses new content (records, edits, releasability
//     changes, attachments, imports) with jisr.ESTORAGEFULL before writing
//     anything, so the reserve is left to the small writes of reads and
//     logins (their audit entries and sessions);
//   - a write that fails anyway for lack of space (Failed) is answered
//     ESTORAGEFULL, logged, and marks the storage full until a later write
//     of content succeeds (Committed) or for five minutes.
//
// A read or a login whose audit entry (or session) cannot be written
// fails with ESTORAGEFULL too: nothing is served unaudited.
package diskspace

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jisr-cell/jisr"
)

// Defaults of the thresholds.
const (
	DefaultMinFree = 1 << 30
	DefaultReserve = 64 << 20
	// fullMemory is how long a write that failed for lack of space keeps
	// the storage marked full when nothing proves otherwise.
	fullMemory = 5 * time.Minute
	// Every is how often Watch measures.
	Every = 30 * time.Second
)

// ErrUnderReserve is the cause of a refusal of new content under the reserve.
var ErrUnderReserve = errors.New("under the reserve")

// A Monitor holds the thresholds and the state of one data folder. Set its
// fields before use; its methods are safe for concurrent use.
type Monitor struct {
	Dir string
	// Probe measures the free bytes in Dir; -1 when it cannot tell
	// (FSFree by default; tests inject faults).
	Probe func(dir string) (int64, error)
	// MinFree is the free space under which a warning is logged;
	// Reserve the free space under which new content is refused (0: never).
	MinFree, Reserve int64
	Logger           *slog.Logger

	mu            sync.Mutex
	low, refusing bool      // the states last logged
	failedAt      time.Time // last write that failed for lack of space
	failErr       string
	okAt          time.Time // last write of content committed
}

// New returns a monitor of dir with the default thresholds.
func New(dir string) *Monitor {
	return &Monitor{Dir: dir, Probe: FSFree, MinFree: DefaultMinFree, Reserve: DefaultReserve, Logger: slog.New(slog.DiscardHandler)}
}

// IsFull says whether err is a lack of space: ENOSPC or EDQUOT from the
// file system, an ESTORAGEFULL error, or a database's "disk is full"
// message (a store also recognises its own codes).
func IsFull(err error) bool {
	if err == nil {
		return false
	}
	if jisr.ErrorCode(err) == jisr.ESTORAGEFULL {
		return true
	}
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		return true
	}
	// SQLite's own message when the code was lost on the way.
	return strings.Contains(err.Error(), "database or disk is full")
}

// Measure returns the space left for the data: the probe's measure, or
// quota (the room under the store's size limit; negative when it has
// none) when smaller. -1 means unknown.
func (m *Monitor) Measure(quota int64) int64 {
	free := int64(-1)
	if m.Probe != nil {
		if n, err := m.Probe(m.Dir); err == nil {
			free = n
		}
	}
	if quota >= 0 && (free < 0 || quota < free) {
		free = quota
	}
	return free
}

// Note records a measure: it logs the crossings of the thresholds and
// returns the refusal of new content when under the reserve.
func (m *Monitor) Note(free int64) error {
	low := free >= 0 && free < m.MinFree
	refusing := free >= 0 && free < m.Reserve
	m.mu.Lock()
	wasLow, wasRefusing := m.low, m.refusing
	m.low, m.refusing = low, refusing
	m.mu.Unlock()
	switch {
	case refusing && !wasRefusing:
		m.Logger.Error("storage full: free space is under the reserve; new records, edits, attachments and imports are refused, reads and logins go on",
			"dir", m.Dir, "free_bytes", free, "reserve_bytes", m.Reserve)
	case low && !wasLow:
		m.Logger.Warn("low disk space: free space is under the warning threshold; free space before the node refuses new content",
			"dir", m.Dir, "free_bytes", free, "min_free_bytes", m.MinFree, "reserve_bytes", m.Reserve)
	case !low && wasLow:
		m.Logger.Info("disk space back above the warning threshold", "dir", m.Dir, "free_bytes", free)
	}
	if refusing {
		return jisr.StorageFull(fmt.Errorf("%d bytes free in %s, %w of %d", free, m.Dir, ErrUnderReserve, m.Reserve))
	}
	return nil
}

// Failed records a write that failed for lack of space (IsFull), logging
// it once a minute, and returns it as ESTORAGEFULL. A refusal under the
// reserve is returned as it is (logged when the level was crossed).
func (m *Monitor) Failed(err error) error {
	if errors.Is(err, ErrUnderReserve) {
		return err
	}
	now := time.Now()
	m.mu.Lock()
	first := m.failedAt.IsZero() || m.okAt.After(m.failedAt) || now.Sub(m.failedAt) > time.Minute
	m.failedAt, m.failErr = now, err.Error()
	m.mu.Unlock()
	if first {
		m.Logger.Error("storage full: a write failed for lack of space; new content is refused, reads go on while their audit entries fit",
			"dir", m.Dir, "err", err)
	}
	if jisr.ErrorCode(err) == jisr.ESTORAGEFULL {
		return err
	}
	return jisr.StorageFull(err)
}

// Committed records that a write of content reached the disk.
func (m *Monitor) Committed() {
	m.mu.Lock()
	m.okAt = time.Now()
	m.mu.Unlock()
}

// Status notes the measure free and returns the state of the storage
// (jisr.StorageMonitor).
func (m *Monitor) Status(free int64) jisr.StorageStatus {
	m.Note(free)
	st := jisr.StorageStatus{FreeBytes: free, MinFree: m.MinFree, Reserve: m.Reserve}
	st.Low = free >= 0 && free < m.MinFree
	if free >= 0 && free < m.Reserve {
		st.Full = true
		st.Reason = fmt.Sprintf("storage_full: %d bytes free, under the reserve of %d; new content is refused", free, m.Reserve)
	}
	m.mu.Lock()
	failedAt, failErr, okAt := m.failedAt, m.failErr, m.okAt
	m.mu.Unlock()
	if !st.Full && !failedAt.IsZero() && failedAt.After(okAt) && time.Since(failedAt) < fullMemory {
		st.Full = true
		st.Reason = "storage_full: a write failed for lack of space at " + failedAt.UTC().Format(time.RFC3339) + ": " + failErr
	}
	if !st.Full && st.Low {
		st.Reason = fmt.Sprintf("low_space: %d bytes free, under the warning threshold of %d", free, m.MinFree)
	}
	return st
}

// Watch calls measure every Every until done is closed, so the warning
// comes before the disk fills even when nothing is written.
func Watch(done <-chan struct{}, measure func()) {
	t := time.NewTicker(Every)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
			measure()
		}
	}
}

// Limit returns w failing with ESTORAGEFULL once writing more would leave
// less than the reserve of free bytes (free < 0: unknown, no limit): a file
// never eats the reserve.
func (m *Monitor) Limit(w io.Writer, free int64) io.Writer {
	if free < 0 {
		return w
	}
	return &roomWriter{w: w, left: free - m.Reserve}
}

type roomWriter struct {
	w    io.Writer
	left int64
}

func (r *roomWriter) Write(b []byte) (int, error) {
	if int64(len(b)) > r.left {
		return 0, jisr.StorageFull(fmt.Errorf("an attachment would go %w", ErrUnderReserve))
	}
	n, err := r.w.Write(b)
	r.left -= int64(n)
	return n, err
}
