package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
)

// Several processes on one database (engine.PeerStore). Each write
// transaction records in peer_changes the records whose names it wrote,
// the notifications it stored, the lookouts it changed and the sign-in
// back-offs it started, then NOTIFY jisr_changes; every process
// listens on a connection of its own and hands the engine what the others
// committed (their names reloaded from the database, their notices), so
// its name index and live streams stay current. Background jobs take a
// session advisory lock (Exclusive) so one process runs them at a time.

var _ engine.PeerStore = (*Store)(nil)

// peerChannel is the channel of the NOTIFY after each commit.
const peerChannel = "jisr_changes"

// peerKeep is how long rows of peer_changes are kept at most, read or not,
// and how long a process that stopped reading them (without closing: a
// crash) is waited for. Rows every process has read are removed sooner, at
// the next prune (prunePeers).
const peerKeep = time.Hour

// peerPruneEvery is how often a process prunes peer_changes (in the
// transaction of a write).
const peerPruneEvery = time.Minute

// peerPoll is how often a process reads peer_changes without a NOTIFY (a
// lost connection, a notice missed).
const peerPoll = 5 * time.Second

// peerRow is a change of this process, written before the commit.
type peerRow struct {
	seq     int64
	old     []engine.PersonName
	notices []string
	lookout string // a lookout issued or ended (its id)
	locks   []jisr.LoginLock
}

type listener struct {
	origin string          // this process, in peer_changes.origin
	start  int64           // the last row when the store was opened
	ctx    context.Context // ends when the store closes
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu      sync.Mutex
	cleaned time.Time

	marked time.Time // when catchUp last noted its position (peer_readers)
}

// stop ends every watch (the store closes).
func (l *listener) stop() {
	l.mu.Lock()
	cancel := l.cancel
	l.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	l.wg.Wait()
}

// startPeers names this process and notes where the change log stands,
// before the engine builds its name index: changes committed from then on
// are handed to WatchPeers.
func (s *Store) startPeers(ctx context.Context) error {
	b := make([]byte, 8)
	rand.Read(b)
	s.lis.origin = hex.EncodeToString(b)
	if err := s.pool.QueryRow(ctx, `SELECT coalesce(max(pos), 0) FROM peer_changes`).Scan(&s.lis.start); err != nil {
		return internal(err)
	}
	// Registered before anything is read, so that no row after start is
	// pruned before this process has read it.
	return s.markRead(ctx, s.lis.start)
}

// markRead notes that this process has read peer_changes up to pos.
func (s *Store) markRead(ctx context.Context, pos int64) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO peer_readers (origin, pos, seen) VALUES ($1, $2, $3)
		ON CONFLICT (origin) DO UPDATE SET pos = greatest(peer_readers.pos, excluded.pos), seen = excluded.seen`,
		s.lis.origin, pos, s.now().UnixNano())
	return internal(err)
}

// stopReading removes this process from the readers (the store closes).
func (s *Store) stopReading() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s.pool.Exec(ctx, `DELETE FROM peer_readers WHERE origin = $1`, s.lis.origin)
}

// prunePeers removes the rows of peer_changes that every process still
// reading has read, those older than peerKeep whoever has read them, and
// the readers that have not looked for peerKeep.
func prunePeers(ctx context.Context, q querier, now time.Time) error {
	old := now.Add(-peerKeep).UnixNano()
	if _, err := q.Exec(ctx, `DELETE FROM peer_readers WHERE seen < $1`, old); err != nil {
		return err
	}
	_, err := q.Exec(ctx, `DELETE FROM peer_changes WHERE at < $1
		OR pos <= (SELECT coalesce(min(pos), (SELECT coalesce(max(pos), 0) FROM peer_changes)) FROM peer_readers)`, old)
	return err
}

// announce writes the changes of the transaction and wakes the other
// processes (the NOTIFY is delivered at the commit).
func (s *Store) announce(tx *Tx, rows []peerRow) error {
	var b pgx.Batch
	at := tx.now.UnixNano()
	for _, r := range rows {
		old, _ := json.Marshal(nonNilNames(r.old))
		var locks []byte
		if len(r.locks) > 0 {
			locks, _ = json.Marshal(r.locks)
		}
		b.Queue(`INSERT INTO peer_changes (origin, at, seq, old, notices, lookout, locks) VALUES ($1, $2, $3, $4, $5, $6, $7)`, s.lis.origin, at, r.seq, string(old), nonNil(r.notices), r.lookout, string(locks))
	}
	b.Queue(`SELECT pg_notify($1, '')`, peerChannel)
	s.lis.mu.Lock()
	clean := tx.now.Sub(s.lis.cleaned) > peerPruneEvery
	if clean {
		s.lis.cleaned = tx.now
	}
	s.lis.mu.Unlock()
	if err := tx.tx.SendBatch(tx.ctx, &b).Close(); err != nil || !clean {
		return err
	}
	return prunePeers(tx.ctx, tx.tx, tx.now)
}

func nonNilNames(xs []engine.PersonName) []engine.PersonName {
	if xs == nil {
		return []engine.PersonName{}
	}
	return xs
}

// WatchPeers implements engine.PeerStore.
func (s *Store) WatchPeers(fn func(engine.PeerChange)) func() {
	s.lis.mu.Lock()
	if s.lis.cancel == nil {
		var ctx context.Context
		ctx, s.lis.cancel = context.WithCancel(context.Background())
		s.lis.ctx = ctx
	}
	ctx, cancel := context.WithCancel(s.lis.ctx)
	s.lis.wg.Add(1)
	s.lis.mu.Unlock()
	done := make(chan struct{})
	go func() {
		defer s.lis.wg.Done()
		defer close(done)
		s.listen(ctx, fn)
	}()
	return func() {
		cancel()
		<-done
	}
}

// listen holds a connection listening on peerChannel and reads the
// change log at each notice and every peerPoll, until ctx ends.
func (s *Store) listen(ctx context.Context, fn func(engine.PeerChange)) {
	last := s.lis.start
	for ctx.Err() == nil {
		conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig.Copy())
		if err == nil {
			_, err = conn.Exec(ctx, `LISTEN `+peerChannel)
		}
		for err == nil && ctx.Err() == nil {
			if err = s.catchUp(ctx, &last, fn); err != nil {
				break
			}
			wctx, stop := context.WithTimeout(ctx, peerPoll)
			err = conn.PgConn().WaitForNotification(wctx)
			stop()
			if errors.Is(err, context.DeadlineExceeded) || (err != nil && wctx.Err() != nil && ctx.Err() == nil) {
				err = nil
			}
		}
		if conn != nil {
			conn.Close(context.Background())
		}
		if ctx.Err() != nil {
			return
		}
		s.logger.Warn("listening to the other processes", "err", err)
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Second):
		}
	}
}

// catchUp hands fn the changes of other processes after the last read.
func (s *Store) catchUp(ctx context.Context, last *int64, fn func(engine.PeerChange)) error {
	for {
		rows, err := s.pool.Query(ctx, `SELECT pos, origin, seq, old, notices, lookout, locks FROM peer_changes WHERE pos > $1 ORDER BY pos LIMIT 500`, *last)
		type change struct {
			pos     int64
			origin  string
			seq     int64
			old     string
			notices []string
			lookout string
			locks   string
		}
		cs, err := collect(rows, err, func(r pgx.Rows) (change, error) {
			var c change
			return c, r.Scan(&c.pos, &c.origin, &c.seq, &c.old, &c.notices, &c.lookout, &c.locks)
		})
		if err != nil {
			return err
		}
		for _, c := range cs {
			if c.origin != s.lis.origin {
				pc := engine.PeerChange{Seq: c.seq}
				if c.seq != 0 {
					if err := json.Unmarshal([]byte(c.old), &pc.Old); err != nil {
						return fmt.Errorf("peer change %d: %w", c.pos, err)
					}
					if pc.Names, err = s.NamesOf(ctx, []int64{c.seq}); err != nil {
						return err
					}
				}
				if len(c.notices) > 0 {
					if pc.Notices, err = s.noticesByID(ctx, c.notices); err != nil {
						return err
					}
				}
				if c.lookout != "" {
					ls, err := queryLookouts(ctx, s.pool, `SELECT `+lookoutCols+` FROM lookouts WHERE id = $1`, c.lookout)
					if err != nil {
						return err
					}
					if len(ls) == 1 {
						pc.Lookout = ls[0].Lookout
					}
				}
				if c.locks != "" {
					if err := json.Unmarshal([]byte(c.locks), &pc.LoginLocks); err != nil {
						return fmt.Errorf("peer change %d: %w", c.pos, err)
					}
				}
				fn(pc)
			}
			*last = c.pos
		}
		if len(cs) < 500 {
			// Noted when something was read, or at least every peerPoll
			// (this process still reads).
			s.lis.mu.Lock()
			mark := len(cs) > 0 || time.Since(s.lis.marked) >= peerPoll
			if mark {
				s.lis.marked = time.Now()
			}
			s.lis.mu.Unlock()
			if mark {
				return s.markRead(ctx, *last)
			}
			return nil
		}
	}
}

// noticesByID reads notifications as the engine publishes them.
func (s *Store) noticesByID(ctx context.Context, ids []string) ([]*jisr.Notification, error) {
	rows, err := s.pool.Query(ctx, `SELECT n.id, u.username, u.lang, n.kind, n.object, n.agency, n.subject, n.priority, n.due, n.created_at
		FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.id = ANY($1::text[]) ORDER BY n.pos`, ids)
	return collect(rows, err, func(r pgx.Rows) (*jisr.Notification, error) {
		n := &jisr.Notification{}
		var due, created int64
		if err := r.Scan(&n.ID, &n.User, &n.Lang, &n.Kind, &n.Object, &n.Agency, &n.Subject, &n.Priority, &due, &created); err != nil {
			return nil, err
		}
		if due != 0 {
			n.Due = time.Unix(0, due).UTC()
		}
		n.CreatedAt = time.Unix(0, created).UTC()
		return n, nil
	})
}

// Exclusive implements engine.PeerStore: a session advisory lock named
// after the job, tried, held while fn runs.
func (s *Store) Exclusive(ctx context.Context, name string, fn func(ctx context.Context) error) (bool, error) {
	c, err := s.pool.Acquire(ctx)
	if err != nil {
		return false, internal(err)
	}
	defer c.Release()
	h := fnv.New64a()
	h.Write([]byte("jisr job " + name))
	key := int64(h.Sum64())
	var got bool
	if err := c.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, key).Scan(&got); err != nil {
		return false, internal(err)
	}
	if !got {
		return false, nil
	}
	defer c.Exec(context.Background(), `SELECT pg_advisory_unlock($1)`, key)
	return true, fn(ctx)
}
