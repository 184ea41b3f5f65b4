package postgres

import (
	"context"
	"io"

	"github.com/jackc/pgx/v5"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/diskspace"
)

// Space: the thresholds and what they mean are package diskspace's. The
// store measures the data folder (attachments; the database's own disk is
// the PostgreSQL server's, which answers disk_full, 53100, when it runs
// out: ESTORAGEFULL like SQLite's SQLITE_FULL).

// classify turns a lack of space into ESTORAGEFULL, logging it and marking
// the storage full; other errors are returned as they are.
func (s *Store) classify(err error) error {
	if !isFull(err) {
		return err
	}
	return s.space.Failed(err)
}

func (s *Store) free() int64           { return s.space.Measure(-1) }
func (s *Store) note(free int64) error { return s.space.Note(free) }
func (s *Store) room() error           { return s.note(s.free()) }

// SpaceStatus implements engine.SpaceStore.
func (s *Store) SpaceStatus(ctx context.Context) jisr.StorageStatus {
	return s.space.Status(s.free())
}

// Room implements engine.RecordStore.
func (s *Store) Room(ctx context.Context) error { return s.room() }

// CheckRoom implements engine.RecordTx.
func (tx *Tx) CheckRoom() error {
	tx.room = tx.s.room()
	return tx.room
}

// monitor measures the space in the background until the store closes.
func (s *Store) monitor() {
	defer s.wg.Done()
	diskspace.Watch(s.closed, func() { s.SpaceStatus(context.Background()) })
}

// FileRoom implements engine.AttachmentStore.
func (s *Store) FileRoom(ctx context.Context) (func(io.Writer) io.Writer, error) {
	free := s.free()
	if err := s.note(free); err != nil {
		return nil, err
	}
	return func(w io.Writer) io.Writer { return s.space.Limit(w, free) }, nil
}

// blobUsed says whether a committed attachment names the blob sum.
func (s *Store) blobUsed(sum string) (bool, error) {
	var ok bool
	err := s.pool.QueryRow(context.Background(), `SELECT EXISTS (SELECT 1 FROM attachments WHERE sha256 = $1)`, sum).Scan(&ok)
	return ok, err
}

// blobsUsed are the blobs committed attachments name.
func (s *Store) blobsUsed(ctx context.Context) func() (map[string]bool, error) {
	return func() (map[string]bool, error) {
		rows, err := s.pool.Query(ctx, `SELECT DISTINCT sha256 FROM attachments`)
		sums, err := collect(rows, err, func(r pgx.Rows) (string, error) { var x string; return x, r.Scan(&x) })
		if err != nil {
			return nil, err
		}
		used := map[string]bool{}
		for _, x := range sums {
			used[x] = true
		}
		return used, nil
	}
}
