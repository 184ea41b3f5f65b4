package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/jisr-cell/jisr/checkpoint"
)

// WithCheckpoint makes the store anchor its trail (package checkpoint):
// every interval, if entries were written since the last checkpoint, and
// at Close, it signs a checkpoint and writes it to the file path and, if
// sink is not empty, POSTs it to the URL sink. Either may be empty;
// interval 0 means 5 seconds.
func WithCheckpoint(path, sink string, interval time.Duration) Option {
	return func(s *Store) { s.cp = checkpoint.New(path, sink, interval) }
}

// checkpointLoop writes checkpoints until the store closes.
func (s *Store) checkpointLoop() {
	defer s.wg.Done()
	s.cp.Run(s.closed, func() {
		if err := s.Checkpoint(context.Background()); err != nil {
			s.logger.Error("audit checkpoint", "err", err)
		}
	})
}

// head is the number of entries of the committed trail and the hash of the last.
func head(ctx context.Context, db *sql.DB) (int64, string, error) {
	var n int64
	var h string
	err := db.QueryRowContext(ctx, `SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1`).Scan(&n, &h)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	}
	return n, h, internal(err)
}

// Checkpoint signs the committed head of the trail and writes it to the
// checkpoint file and the sink, if either changed since the last one
// (checkpoint.Anchor.Update).
func (s *Store) Checkpoint(ctx context.Context) error {
	return s.cp.Update(ctx, s.key, s.now, func(ctx context.Context) (int64, string, error) { return head(ctx, s.db) })
}

// hashAt returns the hash of entry seq of the trail in db.
func hashAt(ctx context.Context, db *sql.DB) func(int64) (string, error) {
	return func(seq int64) (string, error) {
		var h string
		return h, internal(db.QueryRowContext(ctx, `SELECT hash FROM audit WHERE seq = ?`, seq).Scan(&h))
	}
}

// CheckCheckpoint compares the trail, verified to hold n entries, with the
// checkpoint c (checkpoint.Check).
func (t *Trail) CheckCheckpoint(ctx context.Context, n int64, c *checkpoint.Checkpoint) error {
	return checkpoint.Check(c, t.pub, n, hashAt(ctx, t.db))
}
