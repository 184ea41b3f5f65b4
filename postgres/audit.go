package postgres

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/auditlog"
	"github.com/jisr-cell/jisr/checkpoint"
	"github.com/jisr-cell/jisr/engine"
)

// auditReads appends an entry and the records (by seq) the action
// returned, in the transaction. The transaction holds the write lock, so
// the head it read at its start is the trail's head in every process.
func (tx *Tx) auditReads(p jisr.Principal, action, object, detail, outcome string, seqs []int64) error {
	s := tx.s
	actor, agency := p.Username, p.Agency
	if p.System && actor == "" {
		actor = "system"
	}
	seqs = auditlog.Reads(seqs)
	e := &jisr.AuditEntry{
		Seq: s.auditSeq + 1, At: tx.now, Actor: actor, Agency: agency, Action: action,
		Object: object, Detail: detail, Outcome: outcome, Addr: p.Addr, PrevHash: s.auditHash,
	}
	auditlog.Seal(s.key, e, seqs)
	if _, err := tx.exec(`INSERT INTO audit (seq, at, actor, agency, action, object, detail, outcome, addr, prev_hash, hash, sig, reads, reads_hash)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`, e.Seq, e.At.UnixNano(), e.Actor, e.Agency, e.Action, e.Object,
		e.Detail, e.Outcome, e.Addr, e.PrevHash, e.Hash, e.Sig, e.Reads, e.ReadsHash); err != nil {
		return internal(fmt.Errorf("audit: %w", err))
	}
	if len(seqs) > 0 {
		if _, err := tx.exec(`INSERT INTO audit_reads (audit_seq, record_seq) SELECT $1, unnest($2::bigint[])`, e.Seq, seqs); err != nil {
			return internal(fmt.Errorf("audit reads: %w", err))
		}
	}
	s.auditSeq, s.auditHash = e.Seq, e.Hash
	return nil
}

// OperatorAgency implements engine.AuditStore and engine.AccountStore.
func (s *Store) OperatorAgency(ctx context.Context) (string, error) {
	var a string
	err := s.pool.QueryRow(ctx, `SELECT value FROM node_settings WHERE key = 'operator_agency'`).Scan(&a)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return a, internal(err)
}

// AuditPage implements engine.AuditStore: the scope (policy.AuditScope,
// from the engine) is applied in the query, and the detail of entries the
// caller may see only the action of is NULL in SQL (Withheld).
func (s *Store) AuditPage(ctx context.Context, q engine.AuditQuery) ([]*jisr.AuditEntry, error) {
	v, f := q.Scope, q.Filter
	ownRecord := false
	if f.Object != "" && v.ContentAgency != "" {
		if err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM records WHERE id = $1 AND originator = $2)`, f.Object, v.ContentAgency).Scan(&ownRecord); err != nil {
			return nil, internal(err)
		}
	}
	var a args
	content := auditContentSQL(&a, v)
	where := []string{auditScopeSQL(&a, v)}
	if ownRecord && !v.AlertsOnly {
		where[0] = "(" + where[0] + ` OR seq IN (SELECT ar.audit_seq FROM audit_reads ar
			WHERE ar.record_seq = (SELECT seq FROM records WHERE id = ` + a.p(f.Object) + `)))`
	}
	for _, c := range []struct{ col, v string }{{"actor", f.Actor}, {"agency", f.Agency}, {"action", f.Action}} {
		if c.v != "" {
			where = append(where, c.col+" = "+a.p(c.v))
		}
	}
	if f.Object != "" {
		o := a.p(f.Object)
		where = append(where, `(object = `+o+` OR object = `+a.p("record:"+f.Object)+` OR seq IN (SELECT ar.audit_seq FROM audit_reads ar
			WHERE ar.record_seq = (SELECT seq FROM records WHERE id = `+o+`)))`)
	}
	if f.User != "" {
		where = append(where, "actor = "+a.p(f.User)+" AND reads > 0")
	}
	if f.Term != "" {
		var ors []string
		for _, h := range q.Terms {
			x := a.p(h)
			ors = append(ors, "strpos(detail, "+x+") > 0 OR strpos(object, "+x+") > 0")
		}
		if len(ors) == 0 {
			ors = []string{"false"}
		}
		where = append(where, "("+auditContentSQL(&a, v)+" AND ("+strings.Join(ors, " OR ")+"))")
	}
	if !f.Since.IsZero() {
		where = append(where, "at >= "+a.p(f.Since.UnixNano()))
	}
	if !f.Until.IsZero() {
		where = append(where, "at < "+a.p(f.Until.UnixNano()))
	}
	if q.Before > 0 {
		where = append(where, "seq < "+a.p(q.Before))
	}
	rows, err := s.pool.Query(ctx, `SELECT seq, at, actor, agency, action, object,
		CASE WHEN `+content+` THEN detail ELSE NULL END, outcome, addr, prev_hash, hash, sig, reads, reads_hash
		FROM audit WHERE `+strings.Join(where, " AND ")+` ORDER BY seq DESC LIMIT `+a.p(q.Limit), a...)
	out, err := collect(rows, err, func(r pgx.Rows) (*jisr.AuditEntry, error) { return scanAudit(r) })
	if err != nil {
		return nil, err
	}
	for _, e := range out {
		if e.Reads > 0 && !e.Withheld {
			if e.Records, err = s.entryRecords(ctx, e.Seq); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// auditScopeSQL is the condition on audit rows of the scope v. An entry is
// about an agency when its object is the agency, one of its users or one
// of its records.
func auditScopeSQL(a *args, v engine.AuditScope) string {
	switch {
	case v.AlertsOnly:
		return `(action = '` + jisr.ActUserAlert + `' AND object IN (SELECT username FROM users WHERE agency = ` + a.p(v.Agency) + `))`
	case v.All:
		return "true"
	}
	x := a.p(v.Agency)
	return "(agency = " + x + " OR object = " + x + " OR object IN (SELECT username FROM users WHERE agency = " + x + ") OR object IN (SELECT id FROM records WHERE originator = " + x + "))"
}

// auditContentSQL is the condition under which v shows an entry's detail
// (policy.AuditView.ShowsContent, in SQL).
func auditContentSQL(a *args, v engine.AuditScope) string {
	if v.All && v.ContentAgency == "" {
		return "true"
	}
	return "((agency <> '' AND agency = " + a.p(v.ContentAgency) + ") OR action = ANY(" + a.p(nonNil(v.ContentActions)) + "::text[]))"
}

// entryRecords are the ids of the records an entry's read returned (the
// first MaxAuditRecords).
func (s *Store) entryRecords(ctx context.Context, seq int64) ([]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT r.id FROM audit_reads ar JOIN records r ON r.seq = ar.record_seq
		WHERE ar.audit_seq = $1 ORDER BY ar.record_seq LIMIT $2`, seq, jisr.MaxAuditRecords)
	return collect(rows, err, func(r pgx.Rows) (string, error) { var id string; return id, r.Scan(&id) })
}

const auditCols = `seq, at, actor, agency, action, object, detail, outcome, addr, prev_hash, hash, sig, reads, reads_hash`

func scanAudit(r pgx.Row) (*jisr.AuditEntry, error) {
	var e jisr.AuditEntry
	var at int64
	var detail *string // NULL: withheld from the caller
	if err := r.Scan(&e.Seq, &at, &e.Actor, &e.Agency, &e.Action, &e.Object, &detail, &e.Outcome, &e.Addr, &e.PrevHash, &e.Hash, &e.Sig, &e.Reads, &e.ReadsHash); err != nil {
		return nil, err
	}
	e.At = time.Unix(0, at).UTC()
	if detail != nil {
		e.Detail = *detail
	} else {
		e.Withheld = true
	}
	return &e, nil
}

// VerifyTrail implements engine.AuditStore: the whole trail in one
// snapshot (auditlog.Verify), then the checkpoint file, if there is one.
func (s *Store) VerifyTrail(ctx context.Context) (int64, error) {
	c, err := s.cp.File()
	if err != nil {
		return 0, err
	}
	n, err := VerifyPool(ctx, s.pool, s.PublicKey())
	if err != nil || c == nil {
		return n, err
	}
	return n, checkpoint.Check(c, s.PublicKey(), n, s.hashAt(ctx))
}

// VerifyPool checks the trail of the database behind pool with the node's
// public key: one repeatable-read, read-only transaction, so the trail and
// its read index are one snapshot; it writes nothing.
func VerifyPool(ctx context.Context, pool interface {
	BeginTx(context.Context, pgx.TxOptions) (pgx.Tx, error)
}, pub ed25519.PublicKey) (int64, error) {
	tx, err := pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return 0, internal(err)
	}
	defer tx.Rollback(ctx)
	// Two cursors on one connection: the entries, and the read index.
	if _, err := tx.Exec(ctx, `DECLARE entries NO SCROLL CURSOR FOR SELECT `+auditCols+` FROM audit ORDER BY seq`); err != nil {
		return 0, internal(err)
	}
	if _, err := tx.Exec(ctx, `DECLARE reads NO SCROLL CURSOR FOR SELECT audit_seq, record_seq FROM audit_reads ORDER BY audit_seq, record_seq`); err != nil {
		return 0, internal(err)
	}
	return auditlog.Verify(pub, &trailRows{ctx: ctx, tx: tx})
}

// trailRows hands auditlog.Verify the rows of the trail and its read
// index, fetched by cursor in chunks.
type trailRows struct {
	ctx     context.Context
	tx      pgx.Tx
	entries []*jisr.AuditEntry
	eDone   bool
	reads   [][2]int64
	rDone   bool
}

const fetch = 2000

func (t *trailRows) NextEntry() (*jisr.AuditEntry, error) {
	if len(t.entries) == 0 && !t.eDone {
		rows, err := t.tx.Query(t.ctx, fmt.Sprintf(`FETCH %d FROM entries`, fetch))
		t.entries, err = collect(rows, err, func(r pgx.Rows) (*jisr.AuditEntry, error) { return scanAudit(r) })
		if err != nil {
			return nil, err
		}
		t.eDone = len(t.entries) < fetch
	}
	if len(t.entries) == 0 {
		return nil, nil
	}
	e := t.entries[0]
	t.entries = t.entries[1:]
	return e, nil
}

func (t *trailRows) NextRead() (int64, int64, error) {
	if len(t.reads) == 0 && !t.rDone {
		rows, err := t.tx.Query(t.ctx, fmt.Sprintf(`FETCH %d FROM reads`, fetch))
		t.reads, err = collect(rows, err, func(r pgx.Rows) ([2]int64, error) {
			var x [2]int64
			return x, r.Scan(&x[0], &x[1])
		})
		if err != nil {
			return 0, 0, err
		}
		t.rDone = len(t.reads) < fetch
	}
	if len(t.reads) == 0 {
		return 0, 0, nil
	}
	x := t.reads[0]
	t.reads = t.reads[1:]
	return x[0], x[1], nil
}

// AuditHasher implements engine.AuditStore.
func (s *Store) AuditHasher() auditlog.Hasher { return s.hasher }

// checkpointLoop writes checkpoints until the store closes.
func (s *Store) checkpointLoop() {
	defer s.wg.Done()
	s.cp.Run(s.closed, func() {
		if err := s.Checkpoint(context.Background()); err != nil {
			s.logger.Error("audit checkpoint", "err", err)
		}
	})
}

// Checkpoint signs the committed head of the trail and writes it to the
// checkpoint file and the sink, if either changed since the last one.
func (s *Store) Checkpoint(ctx context.Context) error {
	return s.cp.Update(ctx, s.key, s.now, func(ctx context.Context) (int64, string, error) {
		var n int64
		var h string
		err := s.pool.QueryRow(ctx, `SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1`).Scan(&n, &h)
		if errors.Is(err, pgx.ErrNoRows) {
			return 0, "", nil
		}
		return n, h, internal(err)
	})
}

func (s *Store) hashAt(ctx context.Context) func(int64) (string, error) {
	return func(seq int64) (string, error) {
		var h string
		return h, internal(s.pool.QueryRow(ctx, `SELECT hash FROM audit WHERE seq = $1`, seq).Scan(&h))
	}
}
