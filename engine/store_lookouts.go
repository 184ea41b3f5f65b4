package engine

import (
	"context"
	"time"

	"github.com/jisr-cell/jisr"
)

// LookoutStore is what the engine needs of a store for lookouts (issue
// 11), outside a write. The store decides nothing: it lists rows by the
// agency the engine names.
type LookoutStore interface {
	// LookoutList returns at most limit lookouts issued by or sent to
	// agency (box narrows to one side) with position below before, newest
	// first; state "" for any.
	LookoutList(ctx context.Context, agency, box, state string, before int64, limit int) ([]*LookoutRow, error)
	// LookoutsEnding returns at most limit lookouts still active whose
	// expiry is not after now.
	LookoutsEnding(ctx context.Context, now time.Time, limit int) ([]*LookoutRow, error)
	// ActivePersonLookouts returns every active lookout of type person
	// (to build the engine's name index of lookouts at start).
	ActivePersonLookouts(ctx context.Context) ([]*LookoutRow, error)
}

// LookoutTx is what the engine needs of a write transaction for lookouts.
type LookoutTx interface {
	// InsertLookout stores a new lookout (l.ID set by the engine) with its
	// recipients and the posting keys it watches for.
	InsertLookout(l *jisr.Lookout, keys []string) (pos int64, err error)
	// LookoutByID returns a lookout, or ENOTFOUND.
	LookoutByID(id string) (*LookoutRow, error)
	// EndLookout sets the state of the lookout at pos (withdrawn or
	// expired), by whom, and bumps its version.
	EndLookout(pos int64, state, by string) error
	// LookoutsByKeys returns the lookouts in state active, expiring after
	// the transaction's time, that watch for any of keys.
	LookoutsByKeys(keys []string) ([]*LookoutRow, error)
	// AddLookoutMatch records that the record seq (of agency) matched the
	// lookout at pos (why: what matched); it reports false when the pair
	// was recorded before (then nothing changes).
	AddLookoutMatch(pos, seq int64, agency, why string) (bool, error)
	// LookoutMatchRows returns the matches of the lookout at pos, oldest
	// first.
	LookoutMatchRows(pos int64) ([]LookoutMatchRow, error)
}

// LookoutRow is a stored lookout and its position.
type LookoutRow struct {
	Pos     int64
	Lookout *jisr.Lookout
}

// LookoutMatchRow is one record that matched a lookout, as stored.
type LookoutMatchRow struct {
	Seq    int64
	Agency string
	Why    string
	At     time.Time
}
