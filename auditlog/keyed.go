package auditlog

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"

	"github.com/jisr-cell/jisr/selectors"
	"github.com/jisr-cell/jisr/textnorm"
)

// A Hasher turns sensitive values — a search term, a person's name, a
// selector — into what the trail keeps of them: "hmac:" and the first 128
// bits of their HMAC-SHA256 under the node's audit key (audit.key in the
// node folder, never in the database), over the value folded like search
// terms. Who holds the database alone cannot read or guess-check them; the
// node, asked by an auditor who supplies the value, can match them
// (jisr.AuditFilter.Term, TermHashes).
type Hasher struct{ key []byte }

// NewHasher returns the hasher keyed with the audit key.
func NewHasher(auditKey []byte) Hasher { return Hasher{key: auditKey} }

// Keyed is the keyed hash of v.
func (k Hasher) Keyed(v string) string {
	m := hmac.New(sha256.New, k.key)
	m.Write([]byte(strings.Join(textnorm.Terms(v), " ")))
	return "hmac:" + hex.EncodeToString(m.Sum(nil)[:16])
}

// Entry is the reference under which an entry of the trail is shown to a
// caller who sees only part of it (an agency's auditor): "e:" and 64 bits
// of the keyed hash of its position. The position itself would count the
// entries of other agencies in the gaps; the node can still find the entry
// a reference names (it holds the key).
func (k Hasher) Entry(seq int64) string {
	m := hmac.New(sha256.New, k.key)
	m.Write([]byte("audit-entry:" + strconv.FormatInt(seq, 10)))
	return "e:" + hex.EncodeToString(m.Sum(nil)[:8])
}

// Text is a query or a name as the trail keeps it: the keyed hash of the
// whole text and, when it has several words, of each word, so that "who
// searched for X" finds a search for X and for "X Y".
func (k Hasher) Text(v string) string {
	out := k.Keyed(v)
	terms := textnorm.Terms(v)
	if len(terms) > 1 {
		seen := map[string]bool{}
		for _, t := range terms {
			if h := k.Keyed(t); !seen[h] {
				seen[h] = true
				out += "+" + h
			}
		}
	}
	return out
}

// Node is a node of the link graph as the trail keeps it: records by id,
// selectors as their type and the keyed hash of their value.
func (k Hasher) Node(node string) string {
	for _, kind := range []string{"person:", "company:"} {
		if name, ok := strings.CutPrefix(node, kind); ok { // a name is as sensitive as a term
			return kind + k.Keyed(name)
		}
	}
	key, ok := strings.CutPrefix(node, "sel:")
	if !ok {
		return node
	}
	t, v, ok := strings.Cut(key, ":")
	if !ok {
		return "sel:" + k.Keyed(key)
	}
	return "sel:" + t + ":" + k.Keyed(v)
}

// TermHashes are the keyed hashes an auditor's term may have been stored
// as: the text itself, its value if given as type:value or sel:type:value,
// and the canonical form of any selector in it.
func (k Hasher) TermHashes(term string) []string {
	vals := []string{term}
	if _, v, ok := strings.Cut(strings.TrimPrefix(term, "sel:"), ":"); ok {
		vals = append(vals, v)
	}
	for _, sel := range selectors.Extract(term, "") {
		vals = append(vals, sel.Value)
	}
	var out []string
	for _, v := range vals {
		if h := k.Keyed(v); !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	return out
}
