package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/jisr-cell/jisr"
	sqlitedrv "modernc.org/sqlite"
)

// A full disk. The store measures the space left for its data (the free
// bytes of the data folder's file system, or of the database's size limit
// when one is set and smaller) at every group commit, in the background and
// when asked (/healthz, /metrics):
//   - under MinFree it logs a warning, once per crossing;
//   - under Reserve it refuses new content (records, edits, releasability
//     changes, attachments, imports) with jisr.ESTORAGEFULL before writing
//     anything, so the reserve is left to the small writes of reads and
//     logins (their audit entries and sessions);
//   - a write that fails anyway with SQLITE_FULL or ENOSPC is answered
//     ESTORAGEFULL, logged, and marks the storage full until a later write
//     of content succeeds (or for fullMemory).
//
// A read or a login whose audit entry (or session) cannot be written
// fails with ESTORAGEFULL too: nothing is served unaudited.

// Defaults of the space thresholds.
const (
	DefaultMinFree = 1 << 30
	DefaultReserve = 64 << 20
	// fullMemory is how long a write that failed for lack of space keeps
	// the storage marked full when nothing proves otherwise.
	fullMemory = 5 * time.Minute
	// spaceEvery is how often the background monitor measures.
	spaceEvery = 30 * time.Second
	// staleAfter is the age of an upload-* temporary file or of an
	// unreferenced blob after which it is removed even while another
	// process has the data folder open.
	staleAfter = time.Hour
)

// WithSpaceProbe replaces the measure of free bytes in the data folder
// (tests; fault injection). probe returns -1 when it cannot tell.
func WithSpaceProbe(probe func(dir string) (int64, error)) Option {
	return func(s *Store) { s.sp.probe = probe }
}

// WithMinFree sets the free space under which the store logs a warning
// (DefaultMinFree when not set).
func WithMinFree(n int64) Option { return func(s *Store) { s.sp.minFree = n } }

// WithReserve sets the free space under which new content is refused
// with ESTORAGEFULL (DefaultReserve when not set; 0 turns it off).
func WithReserve(n int64) Option { return func(s *Store) { s.sp.reserve = n } }

// WithMaxDBSize caps the database file at about n bytes (SQLite's
// max_page_count): a quota, and how tests reach a real SQLITE_FULL.
func WithMaxDBSize(n int64) Option { return func(s *Store) { s.sp.maxBytes = n } }

// WithBlobWriter wraps the writer of attachment files (tests inject a
// writer that fails with ENOSPC).
func WithBlobWriter(wrap func(io.Writer) io.Writer) Option {
	return func(s *Store) { s.blobWriter = wrap }
}

// rowQuerier is a write transaction or the read pool.
type rowQuerier interface {
	QueryRow(string, ...any) *sql.Row
}

type spaceState struct {
	probe            func(dir string) (int64, error)
	minFree, reserve int64
	maxBytes         int64

	// guarded by Store.spMu
	low, refusing bool      // the states last logged
	failedAt      time.Time // last write that failed for lack of space
	failErr       string
	okAt          time.Time // last write of content committed
}

// isFull says whether err is a lack of space: SQLITE_FULL from SQLite,
// ENOSPC or EDQUOT from the file system, or an ESTORAGEFULL error.
func isFull(err error) bool {
	if err == nil {
		return false
	}
	var je *jisr.Error
	if errors.As(err, &je) && je.Code == jisr.ESTORAGEFULL {
		return true
	}
	var se *sqlitedrv.Error
	if errors.As(err, &se) && se.Code()&0xff == 13 { // SQLITE_FULL and its extended codes
		return true
	}
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		return true
	}
	// SQLite's own message when the code was lost on the way.
	return strings.Contains(err.Error(), "database or disk is full")
}

// classify turns a lack of space into ESTORAGEFULL, logging it and marking
// the storage full; other errors are returned as they are.
func (s *Store) classify(err error) error {
	if !isFull(err) {
		return err
	}
	if errors.Is(err, errUnderReserve) {
		return err // a refusal under the reserve, logged when the level was crossed
	}
	now := time.Now()
	s.spMu.Lock()
	first := s.sp.failedAt.IsZero() || s.sp.okAt.After(s.sp.failedAt) || now.Sub(s.sp.failedAt) > time.Minute
	s.sp.failedAt, s.sp.failErr = now, err.Error()
	s.spMu.Unlock()
	if first {
		s.Logger.Error("storage full: a write failed for lack of space; new content is refused, reads go on while their audit entries fit",
			"dir", s.dir, "err", err)
	}
	if jisr.ErrorCode(err) == jisr.ESTORAGEFULL {
		return err
	}
	return jisr.StorageFull(err)
}

// errUnderReserve is the cause of a refusal of new content under the reserve.
var errUnderReserve = errors.New("under the reserve")

// free measures the space left for the data; q runs the PRAGMAs when the
// database has a size limit (the write transaction, for an exact count).
func (s *Store) free(q rowQuerier) int64 {
	free := int64(-1)
	if s.sp.probe != nil {
		if n, err := s.sp.probe(s.dir); err == nil {
			free = n
		}
	}
	if s.sp.maxBytes > 0 && q != nil {
		var pages, freelist, size int64
		if q.QueryRow(`PRAGMA page_count`).Scan(&pages) == nil && q.QueryRow(`PRAGMA freelist_count`).Scan(&freelist) == nil &&
			q.QueryRow(`PRAGMA page_size`).Scan(&size) == nil && size > 0 {
			room := (s.sp.maxBytes/size - pages + freelist) * size
			if free < 0 || room < free {
				free = max(room, 0)
			}
		}
	}
	return free
}

// note records a measure: it logs the crossings of the thresholds and
// returns the refusal of new content when under the reserve.
func (s *Store) note(free int64) error {
	low := free >= 0 && free < s.sp.minFree
	refusing := free >= 0 && free < s.sp.reserve
	s.spMu.Lock()
	wasLow, wasRefusing := s.sp.low, s.sp.refusing
	s.sp.low, s.sp.refusing = low, refusing
	s.spMu.Unlock()
	switch {
	case refusing && !wasRefusing:
		s.Logger.Error("storage full: free space is under the reserve; new records, edits, attachments and imports are refused, reads and logins go on",
			"dir", s.dir, "free_bytes", free, "reserve_bytes", s.sp.reserve)
	case low && !wasLow:
		s.Logger.Warn("low disk space: free space is under the warning threshold; free space before the node refuses new content",
			"dir", s.dir, "free_bytes", free, "min_free_bytes", s.sp.minFree, "reserve_bytes", s.sp.reserve)
	case !low && wasLow:
		s.Logger.Info("disk space back above the warning threshold", "dir", s.dir, "free_bytes", free)
	}
	if refusing {
		return jisr.StorageFull(fmt.Errorf("%d bytes free in %s, %w of %d", free, s.dir, errUnderReserve, s.sp.reserve))
	}
	return nil
}

// room measures and returns nil, or the ESTORAGEFULL refusal of new content.
func (s *Store) room(q rowQuerier) error {
	return s.note(s.free(q))
}

// Storage implements jisr.StorageMonitor.
func (s *Store) Storage(ctx context.Context) jisr.StorageStatus {
	free := s.free(readerQ{ctx, s})
	s.note(free)
	st := jisr.StorageStatus{FreeBytes: free, MinFree: s.sp.minFree, Reserve: s.sp.reserve}
	st.Low = free >= 0 && free < s.sp.minFree
	if free >= 0 && free < s.sp.reserve {
		st.Full = true
		st.Reason = fmt.Sprintf("storage_full: %d bytes free, under the reserve of %d; new content is refused", free, s.sp.reserve)
	}
	s.spMu.Lock()
	failedAt, failErr, okAt := s.sp.failedAt, s.sp.failErr, s.sp.okAt
	s.spMu.Unlock()
	if !st.Full && !failedAt.IsZero() && failedAt.After(okAt) && time.Since(failedAt) < fullMemory {
		st.Full = true
		st.Reason = "storage_full: a write failed for lack of space at " + failedAt.UTC().Format(time.RFC3339) + ": " + failErr
	}
	if !st.Full && st.Low {
		st.Reason = fmt.Sprintf("low_space: %d bytes free, under the warning threshold of %d", free, s.sp.minFree)
	}
	return st
}

// monitor measures the space in the background, so the warning comes
// before the disk fills even when nothing is written.
func (s *Store) monitor() {
	defer s.wg.Done()
	t := time.NewTicker(spaceEvery)
	defer t.Stop()
	for {
		select {
		case <-s.closed:
			return
		case <-t.C:
			s.Storage(context.Background())
		}
	}
}

// readerQ runs the space PRAGMAs on the read pool.
type readerQ struct {
	ctx context.Context
	s   *Store
}

func (r readerQ) QueryRow(q string, args ...any) *sql.Row {
	return r.s.db.QueryRowContext(r.ctx, q, args...)
}

// catchWriter remembers the error of the writer it wraps, to tell a
// failing disk from a client that stopped sending.
type catchWriter struct {
	w   io.Writer
	err error
}

func (c *catchWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	if err != nil && c.err == nil {
		c.err = err
	}
	return n, err
}

// roomWriter fails with ESTORAGEFULL once more than left bytes are
// written: an attachment never eats the reserve.
type roomWriter struct {
	w    io.Writer
	left int64
}

func (r *roomWriter) Write(b []byte) (int, error) {
	if int64(len(b)) > r.left {
		return 0, jisr.StorageFull(fmt.Errorf("an attachment would go %w", errUnderReserve))
	}
	n, err := r.w.Write(b)
	r.left -= int64(n)
	return n, err
}

// holdBlob marks a blob as being added, so a failed upload of the same
// content does not remove it (see dropBlob).
func (s *Store) holdBlob(sum string) {
	s.blobMu.Lock()
	s.blobsInFlight[sum]++
	s.blobMu.Unlock()
}

// releaseBlob ends holdBlob; after a failed write, the blob is removed
// unless a committed attachment or another upload in flight uses it.
func (s *Store) releaseBlob(sum string, failed bool) {
	s.blobMu.Lock()
	defer s.blobMu.Unlock()
	if s.blobsInFlight[sum]--; s.blobsInFlight[sum] > 0 {
		return
	}
	delete(s.blobsInFlight, sum)
	if !failed {
		return
	}
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM attachments WHERE sha256 = ?`, sum).Scan(&n); err != nil || n > 0 {
		return
	}
	if err := os.Remove(s.blobPath(sum)); err == nil {
		s.Logger.Info("removed the file of an attachment whose write failed", "sha256", sum)
	}
}

// cleanFiles removes what interrupted uploads leave: upload-* temporary
// files, and blobs no attachment row names (an upload killed between the
// file and the commit, or a failed commit). When another process has the
// data folder open (the CLI beside a node), only files older than
// staleAfter are removed, since that process may be uploading.
func (s *Store) cleanFiles(ctx context.Context, alone bool) error {
	root := filepath.Join(s.dir, "attachments")
	cutoff := time.Now().Add(-staleAfter)
	old := func(e os.DirEntry) bool {
		if alone {
			return true
		}
		fi, err := e.Info()
		return err == nil && fi.ModTime().Before(cutoff)
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		return err
	}
	used := map[string]bool{}
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT sha256 FROM attachments`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var sum string
		if err := rows.Scan(&sum); err != nil {
			rows.Close()
			return err
		}
		used[sum] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	temps, orphans := 0, 0
	for _, e := range entries {
		switch {
		case !e.IsDir() && strings.HasPrefix(e.Name(), "upload-") && old(e):
			if os.Remove(filepath.Join(root, e.Name())) == nil {
				temps++
			}
		case e.IsDir() && len(e.Name()) == 2:
			blobs, err := os.ReadDir(filepath.Join(root, e.Name()))
			if err != nil {
				return err
			}
			for _, b := range blobs {
				if b.IsDir() || len(b.Name()) != 64 || !strings.HasPrefix(b.Name(), e.Name()) || used[b.Name()] || !old(b) {
					continue
				}
				if os.Remove(filepath.Join(root, e.Name(), b.Name())) == nil {
					orphans++
				}
			}
		}
	}
	if temps+orphans > 0 {
		s.Logger.Info("removed files of interrupted uploads", "temporary", temps, "orphan_blobs", orphans, "dir", root)
	}
	return nil
}
