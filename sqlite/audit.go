package sqlite

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/auditlog"
	"github.com/jisr-cell/jisr/checkpoint"
	"github.com/jisr-cell/jisr/engine"
)

// audit appends an entry to the trail inside tx. It must run on the writer
// (inside a write function).
func (tx *Tx) audit(p jisr.Principal, action, object, detail, outcome string) error {
	return tx.auditReads(p, action, object, detail, outcome, nil)
}

// auditReads appends an entry and the records (by seq) the action
// returned, in the same transaction.
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
	if _, err := tx.Stmt(s.stmts.insertAudit).Exec(e.Seq, e.At.UnixNano(), e.Actor, e.Agency, e.Action, e.Object,
		e.Detail, e.Outcome, e.Addr, e.PrevHash, e.Hash, e.Sig, e.Reads, e.ReadsHash); err != nil {
		return jisr.Internal(fmt.Errorf("audit: %w", err))
	}
	if len(seqs) > 0 {
		st := tx.Stmt(s.stmts.insertRead)
		for _, q := range seqs {
			if _, err := st.Exec(e.Seq, q); err != nil {
				return jisr.Internal(fmt.Errorf("audit reads: %w", err))
			}
		}
	}
	s.auditSeq, s.auditHash = e.Seq, e.Hash
	return nil
}

// auditRead writes the entry of a read that returned the records seqs, in
// its own transaction. If it fails, the caller must fail the read.
func (s *Store) auditRead(ctx context.Context, p jisr.Principal, action, object, detail string, seqs []int64) error {
	return s.write(ctx, func(tx *Tx) error { return tx.auditReads(p, action, object, detail, outcomeOK, seqs) })
}

// seqsOf returns the positions of the records with the given ids (for
// reads whose results name records by id).
func (s *Store) seqsOf(ctx context.Context, ids []string) ([]int64, error) {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	var out []int64
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := s.db.QueryContext(ctx, `SELECT seq FROM records WHERE id IN (`+placeholders(len(chunk))+`)`, args...)
		if err != nil {
			return nil, internal(err)
		}
		for rows.Next() {
			var q int64
			if err := rows.Scan(&q); err != nil {
				rows.Close()
				return nil, internal(err)
			}
			out = append(out, q)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, internal(err)
		}
	}
	return out, nil
}

// Audit outcomes.
const (
	outcomeOK     = "ok"
	outcomeDenied = "denied"
	outcomeFailed = "failed"
)

// auditOnly writes one audit entry in its own transaction (for actions
// that change nothing else, such as reads). If it fails, the caller must
// fail the action.
func (s *Store) auditOnly(ctx context.Context, p jisr.Principal, action, object, detail, outcome string) error {
	return s.write(ctx, func(tx *Tx) error { return tx.audit(p, action, object, detail, outcome) })
}

// deny records a refused action and returns the refusal, or the error of
// the audit write if the entry could not be written: no action is refused
// without a trace, and a trail that cannot be written fails the request.
func (s *Store) deny(ctx context.Context, p jisr.Principal, action, object, detail string, refusal error) error {
	if err := s.auditOnly(ctx, p, action, object, detail, outcomeDenied); err != nil {
		return err
	}
	return refusal
}

// AuditPage implements engine.AuditStore: the scope (policy.AuditScope,
// from the engine) is applied in the query, so rows outside it never leave
// SQLite, and the detail of entries the caller may see only the action of
// is replaced by NULL in SQL (Withheld).
func (s *Store) AuditPage(ctx context.Context, q engine.AuditQuery) ([]*jisr.AuditEntry, error) {
	v, f := q.Scope, q.Filter
	// Who saw one of the caller's agency's records: the reads of every
	// agency that returned it (from the read index) are part of the answer;
	// their content stays withheld.
	ownRecord := false
	if f.Object != "" && v.ContentAgency != "" {
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM records WHERE id = ? AND originator = ?`, f.Object, v.ContentAgency).Scan(&n); err != nil {
			return nil, internal(err)
		}
		ownRecord = n > 0
	}
	where, args := []string{"1=1"}, []any{}
	scope, scopeArgs := auditScopeSQL(v)
	if ownRecord && !v.AlertsOnly {
		scope, scopeArgs = "("+scope+` OR seq IN (SELECT ar.audit_seq FROM audit_reads ar
			WHERE ar.record_seq = (SELECT seq FROM records WHERE id = ?)))`, append(scopeArgs, f.Object)
	}
	where, args = append(where, scope), append(args, scopeArgs...)
	for _, c := range []struct{ col, v string }{{"actor", f.Actor}, {"agency", f.Agency}, {"action", f.Action}} {
		if c.v != "" {
			where, args = append(where, c.col+" = ?"), append(args, c.v)
		}
	}
	if f.Object != "" {
		// Who saw or touched record X: entries naming it as their object,
		// and every read that returned it, from the read index (which
		// holds positions, not text: no oracle for withheld details).
		where = append(where, `(object = ? OR object = ? OR seq IN (SELECT ar.audit_seq FROM audit_reads ar
			WHERE ar.record_seq = (SELECT seq FROM records WHERE id = ?)))`)
		args = append(args, f.Object, "record:"+f.Object, f.Object)
	}
	if f.User != "" {
		// What did user Y see: Y's entries that returned records.
		where, args = append(where, "actor = ? AND reads > 0"), append(args, f.User)
	}
	content, contentArgs := auditContentSQL(v)
	if f.Term != "" {
		// Who searched for or looked up X: the keyed hashes of X, matched
		// only in entries whose detail the caller may read.
		var ors []string
		var termArgs []any
		for _, h := range q.Terms {
			ors, termArgs = append(ors, "instr(detail, ?) > 0 OR instr(object, ?) > 0"), append(termArgs, h, h)
		}
		where = append(where, "("+content+" AND ("+strings.Join(ors, " OR ")+"))")
		args = append(append(args, contentArgs...), termArgs...)
	}
	if !f.Since.IsZero() {
		where, args = append(where, "at >= ?"), append(args, f.Since.UnixNano())
	}
	if !f.Until.IsZero() {
		where, args = append(where, "at < ?"), append(args, f.Until.UnixNano())
	}
	if q.Before > 0 {
		where, args = append(where, "seq < ?"), append(args, q.Before)
	}
	args = append(append(contentArgs, args...), q.Limit)
	rows, err := s.db.QueryContext(ctx, `SELECT seq, at, actor, agency, action, object,
		CASE WHEN `+content+` THEN detail ELSE NULL END, outcome, addr, prev_hash, hash, sig, reads, reads_hash
		FROM audit WHERE `+strings.Join(where, " AND ")+` ORDER BY seq DESC LIMIT ?`, args...)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	var out []*jisr.AuditEntry
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return nil, internal(err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, internal(err)
	}
	rows.Close()
	for _, e := range out {
		// The records a read returned are content: listed only where the
		// caller may read the entry's detail.
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
func auditScopeSQL(v engine.AuditScope) (string, []any) {
	about := `(object = ? OR object IN (SELECT username FROM users WHERE agency = ?) OR object IN (SELECT id FROM records WHERE originator = ?))`
	switch {
	case v.AlertsOnly:
		return `(action = '` + jisr.ActUserAlert + `' AND object IN (SELECT username FROM users WHERE agency = ?))`, []any{v.Agency}
	case v.All:
		return "1=1", nil
	}
	return "(agency = ? OR " + about + ")", []any{v.Agency, v.Agency, v.Agency, v.Agency}
}

// auditContentSQL is the condition under which v shows an entry's detail
// (policy.AuditView.ShowsContent, in SQL).
func auditContentSQL(v engine.AuditScope) (string, []any) {
	if v.All && v.ContentAgency == "" {
		return "1=1", nil
	}
	args := []any{v.ContentAgency}
	for _, a := range v.ContentActions {
		args = append(args, a)
	}
	return "((agency <> '' AND agency = ?) OR action IN (" + placeholders(len(v.ContentActions)) + "))", args
}

// entryRecords are the ids of the records an entry's read returned (the
// first MaxAuditRecords).
func (s *Store) entryRecords(ctx context.Context, seq int64) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT r.id FROM audit_reads ar JOIN records r ON r.seq = ar.record_seq
		WHERE ar.audit_seq = ? ORDER BY ar.record_seq LIMIT ?`, seq, jisr.MaxAuditRecords)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, internal(err)
		}
		ids = append(ids, id)
	}
	return ids, internal(rows.Err())
}

const auditCols = `seq, at, actor, agency, action, object, detail, outcome, addr, prev_hash, hash, sig, reads, reads_hash`

type scanner interface{ Scan(...any) error }

func scanAudit(r scanner) (*jisr.AuditEntry, error) {
	var e jisr.AuditEntry
	var at int64
	var detail sql.NullString // NULL: withheld from the caller
	if err := r.Scan(&e.Seq, &at, &e.Actor, &e.Agency, &e.Action, &e.Object, &detail, &e.Outcome, &e.Addr, &e.PrevHash, &e.Hash, &e.Sig, &e.Reads, &e.ReadsHash); err != nil {
		return nil, err
	}
	e.At = time.Unix(0, at).UTC()
	e.Detail, e.Withheld = detail.String, !detail.Valid
	return &e, nil
}

// VerifyTrail implements engine.AuditStore: it walks the whole trail and
// checks sequence, chaining, hashes and signatures. The error names the
// first broken entry.
// With a checkpoint file (WithCheckpoint) it also checks the trail against
// it, so that the newest entries removed all together are reported too.
func (s *Store) VerifyTrail(ctx context.Context) (int64, error) {
	// The checkpoint first: one written during the walk would be newer
	// than what the walk read.
	c, err := s.cp.File()
	if err != nil {
		return 0, err
	}
	n, err := verifyAudit(ctx, s.db, s.PublicKey())
	if err != nil || c == nil {
		return n, err
	}
	return n, checkpoint.Check(c, s.PublicKey(), n, hashAt(ctx, s.db))
}

func verifyAudit(ctx context.Context, db *sql.DB, pub ed25519.PublicKey) (int64, error) {
	// One read transaction, so the trail and its read index are one snapshot.
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, internal(err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT `+auditCols+` FROM audit ORDER BY seq`)
	if err != nil {
		return 0, internal(err)
	}
	defer rows.Close()
	reads, err := tx.QueryContext(ctx, `SELECT audit_seq, record_seq FROM audit_reads ORDER BY audit_seq, record_seq`)
	if err != nil {
		return 0, internal(err)
	}
	defer reads.Close()
	return auditlog.Verify(pub, trailRows{rows, reads})
}

// trailRows hands auditlog.Verify the rows of a trail and its read index.
type trailRows struct{ entries, reads *sql.Rows }

func (t trailRows) NextEntry() (*jisr.AuditEntry, error) {
	if !t.entries.Next() {
		return nil, internal(t.entries.Err())
	}
	e, err := scanAudit(t.entries)
	return e, internal(err)
}

func (t trailRows) NextRead() (a, r int64, err error) {
	if !t.reads.Next() {
		return 0, 0, internal(t.reads.Err())
	}
	return a, r, internal(t.reads.Scan(&a, &r))
}

// The trail keeps sensitive values as keyed hashes (auditlog.Hasher).
func (s *Store) keyedText(v string) string    { return s.hasher.Text(v) }
func (s *Store) keyedNode(node string) string { return s.hasher.Node(node) }

// AuditHasher implements engine.AuditStore.
func (s *Store) AuditHasher() auditlog.Hasher { return s.hasher }
