package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/groupcommit"
)

// Tx is a write transaction handed to write functions; it runs
// inside a savepoint of a group commit.
type Tx struct {
	*sql.Tx
	s     *Store
	now   time.Time
	hits  int                     // hits recorded by the current write
	after []func()                // run after the commit, if the current write is kept
	fts   []ftsRow                // full-text rows of the current write (see flushFTS)
	room  error                   // ESTORAGEFULL when new content is refused (see space.go)
	wrote bool                    // a record was written in this transaction
	stmts map[*sql.Stmt]*sql.Stmt // the writer's statements bound to this transaction (stmt)
}

// checkRoom measures the space left again (long writes such as imports
// call it as they go).
func (tx *Tx) checkRoom() error {
	tx.room = tx.s.room(tx.Tx)
	return tx.room
}

// Now is the time of the transaction.
func (tx *Tx) Now() time.Time { return tx.now }

type writeOp = groupcommit.Op[*Tx]

// write runs fn in the writer's transaction and waits until it is committed
// (nil) or rolled back (the error). fn's changes, its audit entries
// included, commit together or not at all.
func (s *Store) write(ctx context.Context, fn func(tx *Tx) error) error {
	return s.classify(s.ops.Submit(ctx, fn, false))
}

// writeAlone is write for a long write (an import): fn runs in a
// transaction of its own, without the savepoint of a group commit, whose
// copy of every page the write changes would grow in memory with it.
// Other writes wait until it commits.
func (s *Store) writeAlone(ctx context.Context, fn func(tx *Tx) error) error {
	return s.classify(s.ops.Submit(ctx, fn, true))
}

func (s *Store) writer() {
	defer s.wg.Done()
	s.ops.Run(s.commit, s.commitAlone)
}

func (s *Store) commit(batch []*writeOp) {
	results := make([]error, len(batch))
	fail := func(err error) {
		for _, op := range batch {
			op.Answer(err)
		}
	}
	sqlTx, err := s.wdb.Begin()
	if err != nil {
		fail(jisr.Internal(fmt.Errorf("begin: %w", err)))
		return
	}
	// Read the chain head under the write lock: another process (the CLI
	// beside a running node) may have appended since the last batch.
	if err := sqlTx.QueryRow(`SELECT coalesce(max(seq),0), coalesce((SELECT hash FROM audit ORDER BY seq DESC LIMIT 1),'') FROM audit`).Scan(&s.auditSeq, &s.auditHash); err != nil {
		sqlTx.Rollback()
		fail(jisr.Internal(fmt.Errorf("audit head: %w", err)))
		return
	}
	headSeq, headHash := s.auditSeq, s.auditHash
	var after []func()
	wrote := false
	tx := &Tx{Tx: sqlTx, s: s, now: s.now().UTC()}
	tx.room = s.room(sqlTx)
	for i, op := range batch {
		if err := op.Ctx.Err(); err != nil {
			results[i] = err
			continue
		}
		if _, err := tx.Exec("SAVEPOINT op"); err != nil {
			results[i] = jisr.Internal(err)
			continue
		}
		seq, hash := s.auditSeq, s.auditHash
		tx.hits, tx.after, tx.fts, tx.wrote = 0, nil, tx.fts[:0], false
		err := op.Fn(tx)
		if err == nil {
			err = tx.flushFTS()
		}
		if err == nil {
			after = append(after, tx.after...)
			wrote = wrote || tx.wrote
		}
		if err != nil {
			s.auditSeq, s.auditHash = seq, hash
			if _, rbErr := tx.Exec("ROLLBACK TO op"); rbErr != nil {
				// SQLite rolls the whole transaction back itself after
				// some errors (SQLITE_FULL, SQLITE_IOERR): the batch is lost.
				sqlTx.Rollback()
				s.auditSeq, s.auditHash = headSeq, headHash
				if isFull(err) {
					fail(err)
				} else {
					fail(jisr.Internal(fmt.Errorf("rollback to savepoint after %v: %w", err, rbErr)))
				}
				return
			}
		}
		if _, err := tx.Exec("RELEASE op"); err != nil {
			sqlTx.Rollback()
			s.auditSeq, s.auditHash = headSeq, headHash
			fail(jisr.Internal(err))
			return
		}
		results[i] = err
	}
	if err := sqlTx.Commit(); err != nil {
		s.auditSeq, s.auditHash = headSeq, headHash
		fail(jisr.Internal(fmt.Errorf("commit: %w", err)))
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

// commitAlone runs one op in a transaction of its own (see writeAlone).
func (s *Store) commitAlone(op *writeOp) {
	if err := op.Ctx.Err(); err != nil {
		op.Answer(err)
		return
	}
	sqlTx, err := s.wdb.Begin()
	if err != nil {
		op.Answer(jisr.Internal(fmt.Errorf("begin: %w", err)))
		return
	}
	if err := sqlTx.QueryRow(`SELECT coalesce(max(seq),0), coalesce((SELECT hash FROM audit ORDER BY seq DESC LIMIT 1),'') FROM audit`).Scan(&s.auditSeq, &s.auditHash); err != nil {
		sqlTx.Rollback()
		op.Answer(jisr.Internal(fmt.Errorf("audit head: %w", err)))
		return
	}
	headSeq, headHash := s.auditSeq, s.auditHash
	tx := &Tx{Tx: sqlTx, s: s, now: s.now().UTC()}
	tx.room = s.room(sqlTx)
	err = op.Fn(tx)
	if err == nil {
		err = tx.flushFTS()
	}
	if err == nil {
		if err = sqlTx.Commit(); err != nil {
			err = jisr.Internal(fmt.Errorf("commit: %w", err))
		}
	} else {
		sqlTx.Rollback()
	}
	if err != nil {
		s.auditSeq, s.auditHash = headSeq, headHash
		op.Answer(err)
		return
	}
	if tx.wrote {
		s.space.Committed()
	}
	for _, f := range tx.after {
		f()
	}
	op.Answer(nil)
}
