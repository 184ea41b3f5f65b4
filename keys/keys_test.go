package keys_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jisr-cell/jisr/keys"
)

// TestOpenCreatesOnceAndRereads: a node's keys are created once, readable
// only by the node, and read back the same; a damaged key is an error,
// never silently replaced.
func TestOpenCreatesOnceAndRereads(t *testing.T) {
	dir := t.TempDir()
	k, err := keys.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{keys.NodeKeyFile, keys.AuditKeyFile} {
		st, err := os.Stat(filepath.Join(dir, name))
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v %v", name, st, err)
		}
	}
	k2, err := keys.Open(dir)
	if err != nil || !k2.Signing.Equal(k.Signing) || !bytes.Equal(k2.Audit, k.Audit) {
		t.Fatalf("keys read back differ: %v", err)
	}
	r, err := keys.ReadSigning(filepath.Join(dir, keys.NodeKeyFile))
	if err != nil || !r.Equal(k.Signing) {
		t.Fatalf("read signing: %v", err)
	}
	a, _ := k.Derive("one", 32)
	b, _ := k.Derive("two", 32)
	if len(a) != 32 || bytes.Equal(a, b) {
		t.Fatal("derived keys of two purposes are alike")
	}
	if err := os.WriteFile(filepath.Join(dir, keys.AuditKeyFile), []byte("short"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := keys.Open(dir); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("damaged audit key: %v", err)
	}
	if _, err := keys.ReadSigning(filepath.Join(t.TempDir(), keys.NodeKeyFile)); err == nil {
		t.Fatal("ReadSigning created a key")
	}
}

// TestWriteFileLeavesNoTemporary: an atomic write replaces the file whole
// and leaves nothing else in the folder.
func TestWriteFileLeavesNoTemporary(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	for _, v := range []string{"old", "new"} {
		if err := keys.WriteFile(p, []byte(v), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := keys.WriteJSON(filepath.Join(dir, "j"), map[string]int{"a": 1}); err != nil {
		t.Fatal(err)
	}
	ents, _ := os.ReadDir(dir)
	if b, _ := os.ReadFile(p); string(b) != "new" || len(ents) != 2 {
		t.Fatalf("content %q, %d files", b, len(ents))
	}
}
