// Package auditlog is the mathematics of the audit trail, without storage:
// how an entry is hashed and chained to the one before (Digest), how the
// records a read returned are bound to its entry (ReadsHash), how the node
// signs an entry (Seal) and how a whole trail is checked (Verify), and how
// sensitive values enter the trail as keyed hashes (Hasher).
//
// A store appends entries through Seal, in the same transaction as the
// action they record, and keeps the head of the chain; it hands Verify its
// entries and read index in order. The bytes hashed never change: a trail
// written by any earlier version of the node verifies.
package auditlog

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"

	"github.com/jisr-cell/jisr"
)

// Digest is the hash of an entry: SHA-256 over its fields and the
// previous entry's hash, each field length-prefixed so no two entries
// serialise alike.
func Digest(e *jisr.AuditEntry) string {
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

// ReadsHash binds the records a read returned (their positions, sorted,
// without repeats) to its entry.
func ReadsHash(seqs []int64) string {
	h := sha256.New()
	for _, q := range seqs {
		fmt.Fprintf(h, "%d\n", q)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Reads returns the positions of the records a read returned as its
// entry binds them: sorted, without repeats.
func Reads(seqs []int64) []int64 {
	return slices.Compact(slices.Sorted(slices.Values(seqs)))
}

// Seal completes entry e, whose Seq, At, fields and PrevHash are set, with
// the records its read returned (seqs, as Reads returns them), its hash
// and the node's signature.
func Seal(key ed25519.PrivateKey, e *jisr.AuditEntry, seqs []int64) {
	if len(seqs) > 0 {
		e.Reads, e.ReadsHash = int64(len(seqs)), ReadsHash(seqs)
	}
	e.Hash = Digest(e)
	hb, _ := hex.DecodeString(e.Hash)
	e.Sig = hex.EncodeToString(ed25519.Sign(key, hb))
}

// A Source hands Verify a trail in order.
type Source interface {
	// NextEntry returns the next entry by sequence, or nil at the end.
	NextEntry() (*jisr.AuditEntry, error)
	// NextRead returns the next row of the read index, ordered by entry
	// then record, or auditSeq 0 at its end.
	NextRead() (auditSeq, recordSeq int64, err error)
}

// Verify walks a whole trail and checks sequence, chaining, hashes, the
// read index and signatures under pub. It returns the number of entries
// walked; the error names the first broken entry. Errors of the source
// are returned as they are.
func Verify(pub ed25519.PublicKey, src Source) (int64, error) {
	var read [2]int64 // the next row of the read index; read[0] == 0 at its end
	nextRead := func() (err error) {
		read[0], read[1], err = src.NextRead()
		return err
	}
	if err := nextRead(); err != nil {
		return 0, err
	}
	var n int64
	prev := ""
	var seqs []int64
	for {
		e, err := src.NextEntry()
		if err != nil {
			return n, err
		}
		if e == nil {
			break
		}
		n++
		seqs = seqs[:0]
		for read[0] != 0 && read[0] <= e.Seq {
			if read[0] < e.Seq {
				return n, fmt.Errorf("audit entry %d: the read index names records it did not return (read index edited)", read[0])
			}
			seqs = append(seqs, read[1])
			if err := nextRead(); err != nil {
				return n, err
			}
		}
		switch {
		case e.Seq != n:
			return n, fmt.Errorf("audit entry %d: missing or reordered (found sequence %d)", n, e.Seq)
		case e.PrevHash != prev:
			return n, fmt.Errorf("audit entry %d: does not chain to entry %d (entry removed or replaced)", e.Seq, e.Seq-1)
		case Digest(e) != e.Hash:
			return n, fmt.Errorf("audit entry %d: content does not match its hash (entry edited)", e.Seq)
		case int64(len(seqs)) != e.Reads || (len(seqs) > 0 && ReadsHash(seqs) != e.ReadsHash):
			return n, fmt.Errorf("audit entry %d: the records it returned do not match its hash (read index edited)", e.Seq)
		}
		hb, _ := hex.DecodeString(e.Hash)
		sig, err := hex.DecodeString(e.Sig)
		if err != nil || !ed25519.Verify(pub, hb, sig) {
			return n, fmt.Errorf("audit entry %d: signature is not the node's", e.Seq)
		}
		prev = e.Hash
	}
	if read[0] != 0 {
		return n, fmt.Errorf("audit entry %d: the read index names an entry the trail does not hold (read index edited or trail truncated)", read[0])
	}
	return n, nil
}
