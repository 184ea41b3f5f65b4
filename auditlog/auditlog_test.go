package auditlog_test

import (
	"crypto/ed25519"
	"strings"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/auditlog"
)

// TestDigestFormat pins the bytes an entry hashes: a trail written by an
// earlier node must verify, so the hash of a given entry never changes.
// (The values were computed independently: SHA-256 over "len:field;" for
// seq, at in ns, actor, agency, action, object, detail, outcome, addr,
// prev_hash, then reads and reads_hash when there are reads; reads_hash is
// SHA-256 over "seq\n" per record.)
func TestDigestFormat(t *testing.T) {
	e := &jisr.AuditEntry{Seq: 7, At: time.Unix(1700000000, 123456789).UTC(), Actor: "jo.analyst", Agency: "JO-AND",
		Action: "record.read", Object: "R1", Detail: "d", Outcome: "ok", Addr: "127.0.0.1", PrevHash: "ab"}
	if got, want := auditlog.Digest(e), "a994001d82d71390c5c378f54c070a44ba0db1c84823a589856ddb1e69d3d46b"; got != want {
		t.Errorf("digest without reads %s, want %s", got, want)
	}
	e.Reads, e.ReadsHash = 2, auditlog.ReadsHash([]int64{3, 9})
	if got, want := e.ReadsHash, "19bd43594d611fd3c5de3402d3d8639fca3b0adfc196be7f0624897dba519324"; got != want {
		t.Errorf("reads hash %s, want %s", got, want)
	}
	if got, want := auditlog.Digest(e), "2cc82e5cc11447f60df224662c75082c922c927ec2b1f375639464c28d014944"; got != want {
		t.Errorf("digest with reads %s, want %s", got, want)
	}
}

// trail is a Source over entries and read rows in memory.
type trail struct {
	entries []*jisr.AuditEntry
	reads   [][2]int64
}

func (t *trail) NextEntry() (*jisr.AuditEntry, error) {
	if len(t.entries) == 0 {
		return nil, nil
	}
	e := *t.entries[0]
	t.entries = t.entries[1:]
	return &e, nil
}

func (t *trail) NextRead() (int64, int64, error) {
	if len(t.reads) == 0 {
		return 0, 0, nil
	}
	r := t.reads[0]
	t.reads = t.reads[1:]
	return r[0], r[1], nil
}

// build returns a sealed trail of n entries; entry 2 returned records 5 and 8.
func build(key ed25519.PrivateKey, n int) *trail {
	tr := &trail{}
	prev := ""
	for i := 1; i <= n; i++ {
		e := &jisr.AuditEntry{Seq: int64(i), At: time.Unix(int64(i), 0), Actor: "a", Action: "record.read", Outcome: "ok", PrevHash: prev}
		var seqs []int64
		if i == 2 {
			seqs = auditlog.Reads([]int64{8, 5, 8})
			tr.reads = [][2]int64{{2, 5}, {2, 8}}
		}
		auditlog.Seal(key, e, seqs)
		prev = e.Hash
		tr.entries = append(tr.entries, e)
	}
	return tr
}

func TestVerify(t *testing.T) {
	_, key, _ := ed25519.GenerateKey(nil)
	pub := key.Public().(ed25519.PublicKey)
	if n, err := auditlog.Verify(pub, build(key, 4)); err != nil || n != 4 {
		t.Fatalf("intact trail: %d %v", n, err)
	}
	other, _, _ := ed25519.GenerateKey(nil)
	cases := []struct {
		name, want string
		edit       func(*trail)
	}{
		{"edited", "audit entry 3: content does not match its hash", func(t *trail) { t.entries[2].Detail = "x" }},
		{"removed", "audit entry 3: missing or reordered", func(t *trail) { t.entries = append(t.entries[:2], t.entries[3:]...) }},
		{"read added", "audit entry 2: the records it returned do not match", func(t *trail) { t.reads = append(t.reads, [2]int64{2, 9}) }},
		{"read of an entry removed", "audit entry 2: the read index names records it did not return", func(t *trail) {
			t.entries = append(t.entries[:1], t.entries[2:]...)
		}},
		{"read beyond the trail", "audit entry 9: the read index names an entry the trail does not hold", func(t *trail) {
			t.reads = append(t.reads, [2]int64{9, 1})
		}},
		{"not signed by the node", "audit entry 1: signature is not the node's", nil},
	}
	for _, c := range cases {
		tr, k := build(key, 4), pub
		if c.edit != nil {
			c.edit(tr)
		} else {
			k = other
		}
		if _, err := auditlog.Verify(k, tr); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

func TestHasher(t *testing.T) {
	k := auditlog.NewHasher(make([]byte, 32))
	h := k.Keyed("Ahmad")
	if !strings.HasPrefix(h, "hmac:") || len(h) != len("hmac:")+32 || k.Keyed("  ahmad ") != h {
		t.Fatalf("keyed %q", h)
	}
	if auditlog.NewHasher([]byte("another key")).Keyed("Ahmad") == h {
		t.Fatal("the hash does not depend on the key")
	}
	if txt := k.Text("ahmad ali"); !strings.Contains(txt, "+"+k.Keyed("ali")) || !strings.HasPrefix(txt, k.Keyed("ahmad ali")+"+") {
		t.Fatalf("text %q", txt)
	}
	if got := k.Node("sel:phone:+962790000000"); got != "sel:phone:"+k.Keyed("+962790000000") {
		t.Fatalf("node %q", got)
	}
	if got := k.Node("record:R1"); got != "record:R1" {
		t.Fatalf("record node %q", got)
	}
	hs := k.TermHashes("phone:+962790000000")
	if len(hs) < 2 || hs[1] != k.Keyed("+962790000000") {
		t.Fatalf("term hashes %v", hs)
	}
}
