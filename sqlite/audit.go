package sqlite

import (
	"context"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/cursor"
	"github.com/jisr-cell/jisr/policy"
	"github.com/jisr-cell/jisr/selectors"
	"github.com/jisr-cell/jisr/textnorm"
)

// entryDigest is the hash of an entry: SHA-256 over its fields and the
// previous entry's hash, each field length-prefixed so no two entries
// serialise alike.
func entryDigest(e *jisr.AuditEntry) string {
	h := sha256.New()
	fields := []string{
		strconv.FormatInt(e.Seq, 10), strconv.FormatInt(e.At.UnixNano(), 10),
		e.Actor, e.Agency, e.Action, e.Object, e.Detail, e.Outcome, e.Addr, e.PrevHash,
	}
	if e.ReadsHash != "" {
		// Entries without reads hash as they did before reads were kept.
		fields = append(fields, strconv.FormatInt(e.Reads, 10), e.ReadsHash)
	}
	for _, f := range fields {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// readsHash binds the records a read returned (their positions, sorted,
// without repeats) to its entry.
func readsHash(seqs []int64) string {
	h := sha256.New()
	for _, q := range seqs {
		fmt.Fprintf(h, "%d\n", q)
	}
	return hex.EncodeToString(h.Sum(nil))
}

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
	seqs = slices.Compact(slices.Sorted(slices.Values(seqs)))
	e := &jisr.AuditEntry{
		Seq: s.auditSeq + 1, At: tx.now, Actor: actor, Agency: agency, Action: action,
		Object: object, Detail: detail, Outcome: outcome, Addr: p.Addr, PrevHash: s.auditHash,
	}
	if len(seqs) > 0 {
		e.Reads, e.ReadsHash = int64(len(seqs)), readsHash(seqs)
	}
	e.Hash = entryDigest(e)
	hb, _ := hex.DecodeString(e.Hash)
	e.Sig = hex.EncodeToString(ed25519.Sign(s.key, hb))
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
	// Who saw one of the caller's agency's records: the reads of every
	// agency that returned it (from the read index) are part of the answer;
	// their content stays withheld.
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
		scope, scopeArgs = "("+scope+` OR seq IN (SELECT ar.audit_seq FROM audit_reads ar
			WHERE ar.record_seq = (SELECT seq FROM records WHERE id = ?)))`, append(scopeArgs, f.Object)
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
	if f.Term != "" {
		// Who searched for or looked up X: the keyed hashes of X, matched
		// only in entries whose detail the caller may read.
		content, contentArgs := auditContentSQL(v)
		var ors []string
		var termArgs []any
		for _, h := range s.termHashes(f.Term) {
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
		CASE WHEN `+content+` THEN detail ELSE NULL END, outcome, addr, prev_hash, hash, sig, reads, reads_hash
		FROM audit WHERE `+strings.Join(where, " AND ")+` ORDER BY seq DESC LIMIT ?`, args...)
	if err != nil {
		return nil, "", internal(err)
	}
	out, next, err := scanPage(rows, f.Page.Limit, scanAudit, func(e *jisr.AuditEntry) string { return s.cursorAt(p, cursor.Audit, e.Seq) })
	if err != nil {
		return nil, "", err
	}
	for _, e := range out {
		// The records a read returned are content: listed only where the
		// caller may read the entry's detail.
		if e.Reads > 0 && !e.Withheld {
			if e.Records, err = s.entryRecords(ctx, e.Seq); err != nil {
				return nil, "", err
			}
		}
	}
	detail := fmt.Sprintf("actor=%s agency=%s action=%s object=%s user=%s", f.Actor, f.Agency, f.Action, f.Object, f.User)
	if f.Term != "" {
		detail += " term=" + s.keyed(f.Term)
	}
	if err := s.auditOnly(ctx, p, jisr.ActAuditQuery, "", detail, outcomeOK); err != nil {
		return nil, "", err
	}
	return out, next, nil
}

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

// VerifyAudit implements jisr.AuditService: it walks the whole trail and
// checks sequence, chaining, hashes and signatures. The error names the
// first broken entry.
// With a checkpoint file (WithCheckpoint) it also checks the trail against
// it, so that the newest entries removed all together are reported too.
func (s *Store) VerifyAudit(ctx context.Context) (int64, error) {
	// The checkpoint first: one written during the walk would be newer
	// than what the walk read.
	c, err := s.checkpointFile()
	if err != nil {
		return 0, err
	}
	n, err := verifyAudit(ctx, s.db, s.PublicKey())
	if err != nil || c == nil {
		return n, err
	}
	return n, checkAgainst(ctx, s.db, s.PublicKey(), n, c)
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
	var read [2]int64 // the next row of the read index; read[0] == 0 at its end
	nextRead := func() error {
		read = [2]int64{}
		if reads.Next() {
			return reads.Scan(&read[0], &read[1])
		}
		return reads.Err()
	}
	if err := nextRead(); err != nil {
		return 0, internal(err)
	}
	var n int64
	prev := ""
	var seqs []int64
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return n, internal(err)
		}
		n++
		seqs = seqs[:0]
		for read[0] != 0 && read[0] <= e.Seq {
			if read[0] < e.Seq {
				return n, fmt.Errorf("audit entry %d: the read index names records it did not return (read index edited)", read[0])
			}
			seqs = append(seqs, read[1])
			if err := nextRead(); err != nil {
				return n, internal(err)
			}
		}
		switch {
		case e.Seq != n:
			return n, fmt.Errorf("audit entry %d: missing or reordered (found sequence %d)", n, e.Seq)
		case e.PrevHash != prev:
			return n, fmt.Errorf("audit entry %d: does not chain to entry %d (entry removed or replaced)", e.Seq, e.Seq-1)
		case entryDigest(e) != e.Hash:
			return n, fmt.Errorf("audit entry %d: content does not match its hash (entry edited)", e.Seq)
		case int64(len(seqs)) != e.Reads || (len(seqs) > 0 && readsHash(seqs) != e.ReadsHash):
			return n, fmt.Errorf("audit entry %d: the records it returned do not match its hash (read index edited)", e.Seq)
		}
		hb, _ := hex.DecodeString(e.Hash)
		sig, err := hex.DecodeString(e.Sig)
		if err != nil || !ed25519.Verify(pub, hb, sig) {
			return n, fmt.Errorf("audit entry %d: signature is not the node's", e.Seq)
		}
		prev = e.Hash
	}
	if err := rows.Err(); err != nil {
		return n, internal(err)
	}
	if read[0] != 0 {
		return n, fmt.Errorf("audit entry %d: the read index names an entry the trail does not hold (read index edited or trail truncated)", read[0])
	}
	return n, nil
}

// keyed is how a sensitive value — a search term, a person's name, a
// selector — enters the trail: "hmac:" and the first 128 bits of its
// HMAC-SHA256 under the node's audit key (audit.key in the node folder,
// never in the database), over the value folded like search terms. Who
// holds the database alone cannot read or guess-check them; the node, asked
// by an auditor who supplies the value, can match them (AuditFilter.Term).
func (s *Store) keyed(v string) string {
	m := hmac.New(sha256.New, s.auditKey)
	m.Write([]byte(strings.Join(textnorm.Terms(v), " ")))
	return "hmac:" + hex.EncodeToString(m.Sum(nil)[:16])
}

// keyedText is a query or a name as the trail keeps it: the keyed hash of
// the whole text and, when it has several words, of each word, so that
// "who searched for X" finds a search for X and for "X Y".
func (s *Store) keyedText(v string) string {
	out := s.keyed(v)
	terms := textnorm.Terms(v)
	if len(terms) > 1 {
		seen := map[string]bool{}
		for _, t := range terms {
			if h := s.keyed(t); !seen[h] {
				seen[h] = true
				out += "+" + h
			}
		}
	}
	return out
}

// keyedNode is a node of the link graph as the trail keeps it: records by
// id, selectors as their type and the keyed hash of their value.
func (s *Store) keyedNode(node string) string {
	key, ok := strings.CutPrefix(node, "sel:")
	if !ok {
		return node
	}
	t, v, ok := strings.Cut(key, ":")
	if !ok {
		return "sel:" + s.keyed(key)
	}
	return "sel:" + t + ":" + s.keyed(v)
}

// termHashes are the keyed hashes an auditor's term may have been stored
// as: the text itself, its value if given as type:value or sel:type:value,
// and the canonical form of any selector in it.
func (s *Store) termHashes(term string) []string {
	vals := []string{term}
	if _, v, ok := strings.Cut(strings.TrimPrefix(term, "sel:"), ":"); ok {
		vals = append(vals, v)
	}
	for _, sel := range selectors.Extract(term, "") {
		vals = append(vals, sel.Value)
	}
	var out []string
	for _, v := range vals {
		if h := s.keyed(v); !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	return out
}
