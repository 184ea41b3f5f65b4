package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"io"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/diskspace"
	sqlitedrv "modernc.org/sqlite"
)

// A full disk: the thresholds and what they mean are package diskspace's;
// the store measures at every group commit (Tx.room), in the background
// and when asked (Storage), and the room left under WithMaxDBSize counts
// as free space when smaller.

// WithSpaceProbe replaces the measure of free bytes in the data folder
// (tests; fault injection). probe returns -1 when it cannot tell.
func WithSpaceProbe(probe func(dir string) (int64, error)) Option {
	return func(s *Store) { s.space.Probe = probe }
}

// WithMinFree sets the free space under which the store logs a warning
// (diskspace.DefaultMinFree when not set).
func WithMinFree(n int64) Option { return func(s *Store) { s.space.MinFree = n } }

// WithReserve sets the free space under which new content is refused
// with ESTORAGEFULL (diskspace.DefaultReserve when not set; 0 turns it off).
func WithReserve(n int64) Option { return func(s *Store) { s.space.Reserve = n } }

// WithMaxDBSize caps the database file at about n bytes (SQLite's
// max_page_count): a quota, and how tests reach a real SQLITE_FULL.
func WithMaxDBSize(n int64) Option { return func(s *Store) { s.maxBytes = n } }

// WithBlobWriter wraps the writer of attachment files (tests inject a
// writer that fails with ENOSPC).
func WithBlobWriter(wrap func(io.Writer) io.Writer) Option {
	return func(s *Store) { s.blobWrap = wrap }
}

// rowQuerier is a write transaction or the read pool.
type rowQuerier interface {
	QueryRow(string, ...any) *sql.Row
}

// isFull says whether err is a lack of space: SQLITE_FULL from SQLite, or
// what diskspace.IsFull knows.
func isFull(err error) bool {
	var se *sqlitedrv.Error
	if errors.As(err, &se) && se.Code()&0xff == 13 { // SQLITE_FULL and its extended codes
		return true
	}
	return diskspace.IsFull(err)
}

// classify turns a lack of space into ESTORAGEFULL, logging it and marking
// the storage full; other errors are returned as they are.
func (s *Store) classify(err error) error {
	if !isFull(err) {
		return err
	}
	return s.space.Failed(err)
}

// free measures the space left for the data; q runs the PRAGMAs when the
// database has a size limit (the write transaction, for an exact count).
func (s *Store) free(q rowQuerier) int64 {
	quota := int64(-1)
	if s.maxBytes > 0 && q != nil {
		var pages, freelist, size int64
		if q.QueryRow(`PRAGMA page_count`).Scan(&pages) == nil && q.QueryRow(`PRAGMA freelist_count`).Scan(&freelist) == nil &&
			q.QueryRow(`PRAGMA page_size`).Scan(&size) == nil && size > 0 {
			quota = max((s.maxBytes/size-pages+freelist)*size, 0)
		}
	}
	return s.space.Measure(quota)
}

// note records a measure (diskspace.Monitor.Note).
func (s *Store) note(free int64) error { return s.space.Note(free) }

// room measures and returns nil, or the ESTORAGEFULL refusal of new content.
func (s *Store) room(q rowQuerier) error { return s.note(s.free(q)) }

// SpaceStatus implements engine.SpaceStore.
func (s *Store) SpaceStatus(ctx context.Context) jisr.StorageStatus {
	return s.space.Status(s.free(readerQ{ctx, s}))
}

// monitor measures the space in the background until the store closes.
func (s *Store) monitor() {
	defer s.wg.Done()
	diskspace.Watch(s.closed, func() { s.SpaceStatus(context.Background()) })
}

// readerQ runs the space PRAGMAs on the read pool.
type readerQ struct {
	ctx context.Context
	s   *Store
}

func (r readerQ) QueryRow(q string, args ...any) *sql.Row {
	return r.s.db.QueryRowContext(r.ctx, q, args...)
}

// blobUsed says whether a committed attachment names the blob sum.
func (s *Store) blobUsed(sum string) (bool, error) {
	var n int
	err := s.db.QueryRow(`SELECT count(*) FROM attachments WHERE sha256 = ?`, sum).Scan(&n)
	return n > 0, err
}

// blobsUsed are the blobs committed attachments name.
func (s *Store) blobsUsed(ctx context.Context) func() (map[string]bool, error) {
	return func() (map[string]bool, error) {
		used := map[string]bool{}
		rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT sha256 FROM attachments`)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var sum string
			if err := rows.Scan(&sum); err != nil {
				return nil, err
			}
			used[sum] = true
		}
		return used, rows.Err()
	}
}
