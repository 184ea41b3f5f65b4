package blobs_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"testing/iotest"

	"github.com/jisr-cell/jisr/blobs"
)

type failing struct{}

func (failing) Write([]byte) (int, error) { return 0, syscall.ENOSPC }

func none(string) (bool, error) { return false, nil }

// TestPut: a blob lands under its SHA-256; what the sender did wrong is
// told apart from a failing disk; a failed write leaves no file.
func TestPut(t *testing.T) {
	dir := t.TempDir()
	b, err := blobs.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	bl, err := b.Put(strings.NewReader("abc"), 10, nil, none)
	if err != nil || bl.Size != 3 || bl.SHA256 != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Fatalf("put: %+v %v", bl, err)
	}
	bl.Done(true)
	r, err := b.Open(bl.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(r)
	r.Close()
	if string(got) != "abc" {
		t.Fatalf("read back %q", got)
	}
	for _, c := range []struct {
		r    io.Reader
		want error
	}{
		{strings.NewReader(strings.Repeat("x", 11)), blobs.ErrTooLarge},
		{strings.NewReader(""), blobs.ErrEmpty},
		{iotest.ErrReader(errors.New("client gone")), blobs.ErrInterrupted},
	} {
		if _, err := b.Put(c.r, 10, nil, none); !errors.Is(err, c.want) {
			t.Errorf("put: %v, want %v", err, c.want)
		}
	}
	if _, err := b.Put(strings.NewReader("x"), 10, func(io.Writer) io.Writer { return failing{} }, none); !errors.Is(err, syscall.ENOSPC) {
		t.Errorf("disk full: %v", err)
	}
	// A write that failed removes its blob, unless a committed row uses it.
	bl2, _ := b.Put(strings.NewReader("def"), 10, nil, none)
	bl2.Done(false)
	if _, err := os.Stat(b.Path(bl2.SHA256)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("blob of a failed write kept: %v", err)
	}
	bl3, _ := b.Put(strings.NewReader("abc"), 10, nil, func(string) (bool, error) { return true, nil })
	bl3.Done(false)
	if _, err := os.Stat(b.Path(bl.SHA256)); err != nil {
		t.Errorf("blob of a committed row removed: %v", err)
	}
	ents, _ := os.ReadDir(filepath.Join(dir, "attachments"))
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), "upload-") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

// TestClean: alone with the folder, temporary files and blobs no row names
// are removed; named blobs stay.
func TestClean(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("no folder lock here: only stale files are cleaned")
	}
	dir := t.TempDir()
	b, _ := blobs.Open(dir)
	keep, _ := b.Put(strings.NewReader("keep"), 10, nil, none)
	keep.Done(true)
	drop, _ := b.Put(strings.NewReader("drop"), 10, nil, none)
	drop.Done(true)
	tmp := filepath.Join(dir, "attachments", "upload-123")
	os.WriteFile(tmp, []byte("x"), 0o600)
	b.Close()
	b, _ = blobs.Open(dir)
	defer b.Close()
	if err := b.Clean(func() (map[string]bool, error) { return map[string]bool{keep.SHA256: true}, nil }); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]bool{b.Path(keep.SHA256): true, b.Path(drop.SHA256): false, tmp: false} {
		if _, err := os.Stat(p); (err == nil) != want {
			t.Errorf("%s: exists %v, want %v", p, err == nil, want)
		}
	}
}
