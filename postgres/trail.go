package postgres

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"path/filepath"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jisr-cell/jisr/checkpoint"
	"github.com/jisr-cell/jisr/keys"
)

// Trail is a read-only view of a node's audit trail in PostgreSQL, for
// checking it without changing anything: it applies no migration, takes
// no lock but a read-only snapshot and writes nothing.
type Trail struct {
	pool *pgxpool.Pool
	pub  ed25519.PublicKey
}

// OpenTrail opens the trail of the database url, checked with the node
// key in dir.
func OpenTrail(ctx context.Context, url, dir string) (*Trail, error) {
	key, err := keys.ReadSigning(filepath.Join(dir, keys.NodeKeyFile))
	if err != nil {
		return nil, err
	}
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return &Trail{pool: pool, pub: key.Public().(ed25519.PublicKey)}, nil
}

// Verify checks the whole chain, every signature and the read index.
func (t *Trail) Verify(ctx context.Context) (int64, error) { return VerifyPool(ctx, t.pool, t.pub) }

// CheckCheckpoint compares the trail, verified to hold n entries, with c.
func (t *Trail) CheckCheckpoint(ctx context.Context, n int64, c *checkpoint.Checkpoint) error {
	return checkpoint.Check(c, t.pub, n, func(seq int64) (string, error) {
		var h string
		return h, internal(t.pool.QueryRow(ctx, `SELECT hash FROM audit WHERE seq = $1`, seq).Scan(&h))
	})
}

// Close closes the connections.
func (t *Trail) Close() error {
	t.pool.Close()
	return nil
}
