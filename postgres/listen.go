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
// transaction records in peer_changes the records whose names it wrote and
// the notifications it stored, then NOTIFY jisr_changes; every process
// listens on a connection of its own and hands the engine what the others
// committed (their names reloaded from the database, their notices), so
// its name index and live streams stay current. Background jobs take a
// session advisory lock (Exclusive) so one process runs them at a time.

var _ engine.PeerStore = (*Store)(nil)

// peerChannel is the channel of the NOTIFY after each commit.
const peerChannel = "jisr_changes"

// peerKeep is how long rows of peer_changes are kept.
const peerKeep = time.Hour

// peerPoll is how often a process reads peer_changes without a NOTIFY (a
// lost connection, a notice missed).
const peerPoll = 5 * time.Second

// peerRow is a change of this process, written before the commit.
type peerRow struct {
	seq     int64
	old     []engine.PersonName
	notices []string
	lookout string // a lookout issued or ended (its id)
}

type listener struct {
	origin string          // this process, in peer_changes.origin
	start  int64           // the last row when the store was opened
	ctx    context.Context // ends when the store closes
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu      sync.Mutex
	cleaned time.Time
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
	return internal(s.pool.QueryRow(ctx, `SELECT coalesce(max(pos), 0) FROM peer_changes`).Scan(&s.lis.start))
}

// announce writes the changes of the transaction and wakes the other
// processes (the NOTIFY is delivered at the commit).
func (s *Store) announce(tx *Tx, rows []peerRow) error {
	var b pgx.Batch
	at := tx.now.UnixNano()
	for _, r := range rows {
		old, _ := json.Marshal(nonNilNames(r.old))
		b.Queue(`INSERT INTO peer_changes (origin, at, seq, old, notices, lookout) VALUES ($1, $2, $3, $4, $5, $6)`, s.lis.origin, at, r.seq, string(old), nonNil(r.notices), r.lookout)
	}
	b.Queue(`SELECT pg_notify($1, '')`, peerChannel)
	s.lis.mu.Lock()
	clean := tx.now.Sub(s.lis.cleaned) > time.Minute
	if clean {
		s.lis.cleaned = tx.now
	}
	s.lis.mu.Unlock()
	if clean {
		b.Queue(`DELETE FROM peer_changes WHERE at < $1`, tx.now.Add(-peerKeep).UnixNano())
	}
	return tx.tx.SendBatch(tx.ctx, &b).Close()
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
		rows, err := s.pool.Query(ctx, `SELECT pos, origin, seq, old, notices, lookout FROM peer_changes WHERE pos > $1 ORDER BY pos LIMIT 500`, *last)
		type change struct {
			pos     int64
			origin  string
			seq     int64
			old     string
			notices []string
			lookout string
		}
		cs, err := collect(rows, err, func(r pgx.Rows) (change, error) {
			var c change
			return c, r.Scan(&c.pos, &c.origin, &c.seq, &c.old, &c.notices, &c.lookout)
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
				fn(pc)
			}
			*last = c.pos
		}
		if len(cs) < 500 {
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
