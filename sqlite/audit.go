package sqlite

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/cursor"
	"github.com/jisr-cell/jisr/policy"
)

// entryDigest is the hash of an entry: SHA-256 over its fields and the
// previous entry's hash, each field length-prefixed so no two entries
// serialise alike.
func entryDigest(e *jisr.AuditEntry) string {
	h := sha256.New()
	for _, f := range []string{
		strconv.FormatInt(e.Seq, 10), strconv.FormatInt(e.At.UnixNano(), 10),
		e.Actor, e.Agency, e.Action, e.Object, e.Detail, e.Outcome, e.Addr, e.PrevHash,
	} {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// audit appends an entry to the trail inside tx. It must run on the writer
// (inside a write function).
func (tx *Tx) audit(p jisr.Principal, action, object, detail, outcome string) error {
	s := tx.s
	actor, agency := p.Username, p.Agency
	if p.System && actor == "" {
		actor = "system"
	}
	e := &jisr.AuditEntry{
		Seq: s.auditSeq + 1, At: tx.now, Actor: actor, Agency: agency, Action: action,
		Object: object, Detail: detail, Outcome: outcome, Addr: p.Addr, PrevHash: s.auditHash,
	}
	e.Hash = entryDigest(e)
	hb, _ := hex.DecodeString(e.Hash)
	e.Sig = hex.EncodeToString(ed25519.Sign(s.key, hb))
	if _, err := tx.Stmt(s.stmts.insertAudit).Exec(e.Seq, e.At.UnixNano(), e.Actor, e.Agency, e.Action, e.Object,
		e.Detail, e.Outcome, e.Addr, e.PrevHash, e.Hash, e.Sig); err != nil {
		return jisr.Internal(fmt.Errorf("audit: %w", err))
	}
	s.auditSeq, s.auditHash = e.Seq, e.Hash
	return nil
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

// AuditEntries implements jisr.AuditService. What the caller sees is
// policy.AuditScope, applied in the query: rows outside the scope never
// leave SQLite, and the detail of entries the caller may see only the
// action of is replaced by ” in SQL (Withheld).
func (s *Store) AuditEntries(ctx context.Context, p jisr.Principal, f jisr.AuditFilter) ([]*jisr.AuditEntry, string, error) {
	operator, err := s.OperatorAgency(ctx)
	if err != nil {
		return nil, "", err
	}
	v, err := policy.AuditScope(p, operator)
	if err != nil {
		return nil, "", s.deny(ctx, p, jisr.ActAuditQuery, "", "", err)
	}
	f.Page = f.Page.Normalize()
	// Who saw one of the caller's agency's records: the lists and searches
	// of every agency that returned it are part of the answer (their
	// content stays withheld). For any other object the detail is searched
	// only where the caller may read it, so the filter is no oracle for
	// withheld text.
	ownRecord := false
	if f.Object != "" && v.ContentAgency != "" {
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM records WHERE id = ? AND originator = ?`, f.Object, v.ContentAgency).Scan(&n); err != nil {
			return nil, "", internal(err)
		}
		ownRecord = n > 0
	}
	where, args := []string{"1=1"}, []any{}
	scope, scopeArgs := auditScopeSQL(v)
	if ownRecord && !v.AlertsOnly {
		scope, scopeArgs = "("+scope+" OR (action IN ("+listActions+") AND instr(detail, ?) > 0))", append(scopeArgs, f.Object)
	}
	where, args = append(where, scope), append(args, scopeArgs...)
	if f.Actor != "" {
		where, args = append(where, "actor = ?"), append(args, f.Actor)
	}
	if f.Agency != "" {
		where, args = append(where, "agency = ?"), append(args, f.Agency)
	}
	if f.Action != "" {
		where, args = append(where, "action = ?"), append(args, f.Action)
	}
	if f.Object != "" {
		// Who saw record X: direct reads name it as the object; lists and
		// searches name the records they returned in the detail (searched
		// only where the caller may read the detail).
		content, contentArgs := auditContentSQL(v)
		if ownRecord {
			content, contentArgs = "1=1", nil
		}
		where = append(where, "(object = ? OR (action IN ("+listActions+") AND "+content+" AND instr(detail, ?) > 0))")
		args = append(append(append(args, f.Object), contentArgs...), f.Object)
	}
	if !f.Since.IsZero() {
		where, args = append(where, "at >= ?"), append(args, f.Since.UnixNano())
	}
	if !f.Until.IsZero() {
		where, args = append(where, "at < ?"), append(args, f.Until.UnixNano())
	}
	if f.Page.Cursor != "" {
		c, err := s.position(p, cursor.Audit, f.Page.Cursor, 0)
		if err != nil {
			return nil, "", err
		}
		where, args = append(where, "seq < ?"), append(args, c)
	}
	content, contentArgs := auditContentSQL(v)
	args = append(append(contentArgs, args...), f.Page.Limit+1)
	rows, err := s.db.QueryContext(ctx, `SELECT seq, at, actor, agency, action, object,
		CASE WHEN `+content+` THEN detail ELSE NULL END, outcome, addr, prev_hash, hash, sig
		FROM audit WHERE `+strings.Join(where, " AND ")+` ORDER BY seq DESC LIMIT ?`, args...)
	if err != nil {
		return nil, "", internal(err)
	}
	out, next, err := scanPage(rows, f.Page.Limit, scanAudit, func(e *jisr.AuditEntry) string { return s.cursorAt(p, cursor.Audit, e.Seq) })
	if err != nil {
		return nil, "", err
	}
	detail := fmt.Sprintf("actor=%s agency=%s action=%s object=%s", f.Actor, f.Agency, f.Action, f.Object)
	if err := s.auditOnly(ctx, p, jisr.ActAuditQuery, "", detail, outcomeOK); err != nil {
		return nil, "", err
	}
	return out, next, nil
}

// listActions are the actions whose detail names the records returned.
const listActions = `'` + jisr.ActList + `','` + jisr.ActSearch + `','` + jisr.ActPersonSearch + `','` + jisr.ActExport + `'`

// auditScopeSQL is the condition on audit rows of the view v
// (policy.AuditScope). An entry is about an agency when its object is the
// agency, one of its users or one of its records.
func auditScopeSQL(v policy.AuditView) (string, []any) {
	about := `(object = ? OR object IN (SELECT username FROM users WHERE agency = ?) OR object IN (SELECT id FROM records WHERE originator = ?))`
	switch {
	case v.AlertsOnly:
		return `(action = '` + jisr.ActUserAlert + `' AND object IN (SELECT username FROM users WHERE agency = ?))`, []any{v.Agency}
	case v.All:
		return "1=1", nil
	}
	return "(agency = ? OR " + about + ")", []any{v.Agency, v.Agency, v.Agency, v.Agency}
}

// auditContentSQL is the condition under which v shows an entry's detail:
// policy.AuditView.ShowsContent in SQL.
func auditContentSQL(v policy.AuditView) (string, []any) {
	if v.All && v.ContentAgency == "" {
		return "1=1", nil
	}
	q := "((agency <> '' AND agency = ?) OR action IN (" + strings.Repeat("?,", len(policy.ContentActions)-1) + "?))"
	args := []any{v.ContentAgency}
	for _, a := range policy.ContentActions {
		args = append(args, a)
	}
	return q, args
}

type scanner interface{ Scan(...any) error }

func scanAudit(r scanner) (*jisr.AuditEntry, error) {
	var e jisr.AuditEntry
	var at int64
	var detail sql.NullString // NULL: withheld from the caller
	if err := r.Scan(&e.Seq, &at, &e.Actor, &e.Agency, &e.Action, &e.Object, &detail, &e.Outcome, &e.Addr, &e.PrevHash, &e.Hash, &e.Sig); err != nil {
		return nil, err
	}
	e.At = time.Unix(0, at).UTC()
	e.Detail, e.Withheld = detail.String, !detail.Valid
	return &e, nil
}

// VerifyAudit implements jisr.AuditService: it walks the whole trail and
// checks sequence, chaining, hashes and signatures. The error names the
// first broken entry.
func (s *Store) VerifyAudit(ctx context.Context) (int64, error) {
	return verifyAudit(ctx, s.db, s.PublicKey())
}

func verifyAudit(ctx context.Context, db *sql.DB, pub ed25519.PublicKey) (int64, error) {
	rows, err := db.QueryContext(ctx, `SELECT seq, at, actor, agency, action, object, detail, outcome, addr, prev_hash, hash, sig FROM audit ORDER BY seq`)
	if err != nil {
		return 0, internal(err)
	}
	defer rows.Close()
	var n int64
	prev := ""
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return n, internal(err)
		}
		n++
		switch {
		case e.Seq != n:
			return n, fmt.Errorf("audit entry %d: missing or reordered (found sequence %d)", n, e.Seq)
		case e.PrevHash != prev:
			return n, fmt.Errorf("audit entry %d: does not chain to entry %d (entry removed or replaced)", e.Seq, e.Seq-1)
		case entryDigest(e) != e.Hash:
			return n, fmt.Errorf("audit entry %d: content does not match its hash (entry edited)", e.Seq)
		}
		hb, _ := hex.DecodeString(e.Hash)
		sig, err := hex.DecodeString(e.Sig)
		if err != nil || !ed25519.Verify(pub, hb, sig) {
			return n, fmt.Errorf("audit entry %d: signature is not the node's", e.Seq)
		}
		prev = e.Hash
	}
	return n, internal(rows.Err())
}
