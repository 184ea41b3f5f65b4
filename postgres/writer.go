package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/jisr-cell/jisr/groupcommit"
)

// writeLock is the key of the transaction-level advisory lock every write
// transaction takes first: one writer at a time across every process on
// the database, so the audit trail is one sequence and one chain.
const writeLock = 0x6a697372_77726974 // "jisrwrit"

// Tx is a write transaction handed to write functions; it runs inside a
// savepoint of a group commit.
type Tx struct {
	tx    pgx.Tx
	ctx   context.Context
	s     *Store
	now   time.Time
	after []func() // run after the commit, if the current write is kept
	room  error    // ESTORAGEFULL when new content is refused
	wrote bool     // content was written in this transaction
	// peer are the changes the other processes keep in memory (listen.go).
	peer []peerRow
}

func (tx *Tx) exec(q string, args ...any) (pgconn.CommandTag, error) {
	return tx.tx.Exec(tx.ctx, q, args...)
}

func (tx *Tx) query(q string, args ...any) (pgx.Rows, error) {
	return tx.tx.Query(tx.ctx, q, args...)
}

func (tx *Tx) queryRow(q string, args ...any) pgx.Row {
	return tx.tx.QueryRow(tx.ctx, q, args...)
}

// Now is the time of the transaction.
func (tx *Tx) Now() time.Time { return tx.now }

type writeOp = groupcommit.Op[*Tx]

func (s *Store) write(ctx context.Context, fn func(tx *Tx) error) error {
	return s.classify(s.ops.Submit(ctx, fn, false))
}

func (s *Store) writeAlone(ctx context.Context, fn func(tx *Tx) error) error {
	return s.classify(s.ops.Submit(ctx, fn, true))
}

func (s *Store) writer() {
	defer s.wg.Done()
	s.ops.Run(func(batch []*writeOp) { s.commit(batch, false) },
		func(op *writeOp) { s.commit([]*writeOp{op}, true) })
}

// begin starts a write transaction: the write lock, then the chain head.
func (s *Store) begin(ctx context.Context) (pgx.Tx, error) {
	t, err := s.pool.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	if _, err := t.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(writeLock)); err != nil {
		t.Rollback(ctx)
		return nil, fmt.Errorf("write lock: %w", err)
	}
	// Read the chain head under the lock: another process may have
	// appended since this one's last write.
	s.auditSeq, s.auditHash = 0, ""
	err = t.QueryRow(ctx, `SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1`).Scan(&s.auditSeq, &s.auditHash)
	if err != nil && err != pgx.ErrNoRows {
		t.Rollback(ctx)
		return nil, fmt.Errorf("audit head: %w", err)
	}
	return t, nil
}

// commit runs a batch in one transaction, each op in a savepoint of its
// own (alone: one op, no savepoint), and answers every op once the
// transaction is committed or rolled back.
func (s *Store) commit(batch []*writeOp, alone bool) {
	ctx := context.Background()
	results := make([]error, len(batch))
	fail := func(err error) {
		for _, op := range batch {
			op.Answer(err)
		}
	}
	pt, err := s.begin(ctx)
	if err != nil {
		fail(internal(err))
		return
	}
	headSeq, headHash := s.auditSeq, s.auditHash
	var after []func()
	var peer []peerRow
	wrote := false
	tx := &Tx{tx: pt, ctx: ctx, s: s, now: s.now().UTC()}
	tx.room = s.room()
	rollback := func(err error) {
		pt.Rollback(ctx)
		s.auditSeq, s.auditHash = headSeq, headHash
		fail(err)
	}
	for i, op := range batch {
		if err := op.Ctx.Err(); err != nil {
			results[i] = err
			continue
		}
		if !alone {
			if _, err := pt.Exec(ctx, "SAVEPOINT op"); err != nil {
				rollback(internal(err))
				return
			}
		}
		seq, hash := s.auditSeq, s.auditHash
		tx.after, tx.wrote, tx.peer = nil, false, nil
		err := op.Fn(tx)
		if err == nil {
			after = append(after, tx.after...)
			peer = append(peer, tx.peer...)
			wrote = wrote || tx.wrote
		}
		if alone {
			if err != nil {
				rollback(err)
				return
			}
			continue
		}
		if err != nil {
			s.auditSeq, s.auditHash = seq, hash
			if _, rbErr := pt.Exec(ctx, "ROLLBACK TO SAVEPOINT op"); rbErr != nil {
				rollback(internal(fmt.Errorf("rollback to savepoint after %v: %w", err, rbErr)))
				return
			}
		}
		if _, rerr := pt.Exec(ctx, "RELEASE SAVEPOINT op"); rerr != nil {
			rollback(internal(rerr))
			return
		}
		results[i] = err
	}
	if len(peer) > 0 {
		if err := s.announce(tx, peer); err != nil {
			rollback(internal(err))
			return
		}
	}
	if err := pt.Commit(ctx); err != nil {
		s.auditSeq, s.auditHash = headSeq, headHash
		fail(internal(fmt.Errorf("commit: %w", err)))
		return
	}
	if wrote {
		s.space.Committed()
	}
	for _, f := range after {
		f()
	}
	for i, op := range batch {
		op.Answer(results[i])
	}
}
