package postgres

import (
	"context"
	"time"
)

// PrunePeers prunes peer_changes as a write does every peerPruneEvery.
func (s *Store) PrunePeers(ctx context.Context, now time.Time) error {
	return prunePeers(ctx, s.pool, now)
}

// PeerKeep is how long rows of peer_changes are kept at most.
const PeerKeep = peerKeep
