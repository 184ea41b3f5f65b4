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

// AuditEntries implements jisr.AuditService.
func (s *Store) AuditEntries(ctx context.Context, p jisr.Principal, f jisr.AuditFilter) ([]*jisr.AuditEntry, string, error) {
	if err := policy.CanAudit(p); err != nil {
		return nil, "", s.deny(ctx, p, jisr.ActAuditQuery, "", "", err)
	}
	f.Page = f.Page.Normalize()
	where, args := []string{"1=1"}, []any{}
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
		// searches name the records they returned in the detail.
		where, args = append(where, "(object = ? OR (action IN ('record.list','record.search','record.export') AND instr(detail, ?) > 0))"), append(args, f.Object, f.Object)
	}
	if !f.Since.IsZero() {
		where, args = append(where, "at >= ?"), append(args, f.Since.UnixNano())
	}
	if !f.Until.IsZero() {
		where, args = append(where, "at < ?"), append(args, f.Until.UnixNano())
	}
	if f.Page.Cursor != "" {
		c, err := strconv.ParseInt(f.Page.Cursor, 10, 64)
		if err != nil {
			return nil, "", jisr.Invalid("cursor", "is not a cursor from a previous page")
		}
		where, args = append(where, "seq < ?"), append(args, c)
	}
	args = append(args, f.Page.Limit+1)
	rows, err := s.db.QueryContext(ctx, `SELECT seq, at, actor, agency, action, object, detail, outcome, addr, prev_hash, hash, sig
		FROM audit WHERE `+strings.Join(where, " AND ")+` ORDER BY seq DESC LIMIT ?`, args...)
	if err != nil {
		return nil, "", internal(err)
	}
	out, next, err := scanPage(rows, f.Page.Limit, scanAudit, func(e *jisr.AuditEntry) int64 { return e.Seq })
	if err != nil {
		return nil, "", err
	}
	detail := fmt.Sprintf("actor=%s agency=%s action=%s object=%s", f.Actor, f.Agency, f.Action, f.Object)
	if err := s.auditOnly(ctx, p, jisr.ActAuditQuery, "", detail, outcomeOK); err != nil {
		return nil, "", err
	}
	return out, next, nil
}

type scanner interface{ Scan(...any) error }

func scanAudit(r scanner) (*jisr.AuditEntry, error) {
	var e jisr.AuditEntry
	var at int64
	if err := r.Scan(&e.Seq, &at, &e.Actor, &e.Agency, &e.Action, &e.Object, &e.Detail, &e.Outcome, &e.Addr, &e.PrevHash, &e.Hash, &e.Sig); err != nil {
		return nil, err
	}
	e.At = time.Unix(0, at).UTC()
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
