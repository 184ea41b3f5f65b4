// Package blobs keeps the files of attachments: each under its SHA-256 in
// DIR/attachments/ab/abcd…, written to a temporary upload-* file, synced and
// renamed into place before the row that names it commits. It knows
// nothing of records or of who may attach: the rules are the engine's, the
// rows the store's.
//
// A blob being added is held until its row commits or fails (Put, Done): a
// failed write removes the blob unless a committed row or another upload in
// flight uses the same content. Clean removes what interrupted uploads
// leave; while another process has the data folder open (known by a shared
// flock on DIR/jisr.lock) only stale files are removed.
package blobs

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// staleAfter is the age of an upload-* temporary file or of an
// unreferenced blob after which it is removed even while another process
// has the data folder open.
const staleAfter = time.Hour

// Errors of Put that are the sender's, not the node's.
var (
	ErrTooLarge    = errors.New("larger than allowed")
	ErrEmpty       = errors.New("empty")
	ErrInterrupted = errors.New("upload interrupted")
)

// Store is the blob folder of one node.
type Store struct {
	root string
	// Wrap, when set, wraps the writer of every blob (tests inject a
	// writer that fails with ENOSPC).
	Wrap   func(io.Writer) io.Writer
	Logger *slog.Logger

	lock     *os.File
	alone    bool
	mu       sync.Mutex
	inFlight map[string]int
}

// Open opens the blob folder of the node in dir, creating it if needed,
// and takes the shared lock on dir/jisr.lock for the life of the store.
func Open(dir string) (*Store, error) {
	root := filepath.Join(dir, "attachments")
	if err := os.MkdirAll(root, 0o700); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	b := &Store{root: root, Logger: slog.New(slog.DiscardHandler), inFlight: map[string]int{}}
	b.lock, b.alone = lockFolder(dir)
	return b, nil
}

// Close releases the folder lock.
func (b *Store) Close() error {
	if b.lock != nil {
		return b.lock.Close()
	}
	return nil
}

// Path is the file of the blob sum.
func (b *Store) Path(sum string) string { return filepath.Join(b.root, sum[:2], sum) }

// Open opens the blob sum.
func (b *Store) Open(sum string) (io.ReadCloser, error) { return os.Open(b.Path(sum)) }

// A Blob is a file written by Put and held until Done.
type Blob struct {
	SHA256 string
	Size   int64
	b      *Store
	used   func(sum string) (bool, error)
}

// Put writes r, at most max bytes, to a temporary file through limit (nil:
// none; the store's reserve), syncs it and moves it under its SHA-256.
// The blob is held until Done. Errors: ErrTooLarge, ErrEmpty and
// ErrInterrupted (r failed) are the sender's; any other is the node's (its
// disk failed). used says whether a committed row names a blob.
func (b *Store) Put(r io.Reader, max int64, limit func(io.Writer) io.Writer, used func(sum string) (bool, error)) (*Blob, error) {
	tmp, err := os.CreateTemp(b.root, "upload-*")
	if err != nil {
		return nil, fmt.Errorf("create the upload file: %w", err)
	}
	defer os.Remove(tmp.Name())
	var dst io.Writer = tmp
	if limit != nil {
		dst = limit(dst)
	}
	if b.Wrap != nil {
		dst = b.Wrap(dst)
	}
	cw := &catchWriter{w: dst}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(cw, h), io.LimitReader(r, max+1))
	if err != nil {
		tmp.Close()
		if cw.err != nil {
			// Our disk failed, not the sender.
			return nil, fmt.Errorf("write the upload file: %w", cw.err)
		}
		return nil, ErrInterrupted
	}
	if n > max {
		tmp.Close()
		return nil, ErrTooLarge
	}
	if n == 0 {
		tmp.Close()
		return nil, ErrEmpty
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return nil, fmt.Errorf("sync the upload file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return nil, fmt.Errorf("close the upload file: %w", err)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	if err := os.MkdirAll(filepath.Dir(b.Path(sum)), 0o700); err != nil {
		return nil, err
	}
	// Until the row commits, the blob is held: a failed write removes it
	// unless another attachment uses the same content.
	bl := &Blob{SHA256: sum, Size: n, b: b, used: used}
	b.hold(sum)
	if err := os.Rename(tmp.Name(), b.Path(sum)); err != nil {
		bl.Done(false)
		return nil, err
	}
	if d, err := os.Open(filepath.Dir(b.Path(sum))); err == nil {
		d.Sync()
		d.Close()
	}
	return bl, nil
}

// Done ends the hold of Put: after a failed write (committed false) the
// blob is removed unless a committed row or another upload in flight uses it.
func (bl *Blob) Done(committed bool) {
	b := bl.b
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.inFlight[bl.SHA256]--; b.inFlight[bl.SHA256] > 0 {
		return
	}
	delete(b.inFlight, bl.SHA256)
	if committed {
		return
	}
	if inUse, err := bl.used(bl.SHA256); err != nil || inUse {
		return
	}
	if err := os.Remove(b.Path(bl.SHA256)); err == nil {
		b.Logger.Info("removed the file of an attachment whose write failed", "sha256", bl.SHA256)
	}
}

func (b *Store) hold(sum string) {
	b.mu.Lock()
	b.inFlight[sum]++
	b.mu.Unlock()
}

// Clean removes what interrupted uploads leave: upload-* temporary files,
// and blobs that no committed row names (used lists them, read after the
// folder) (an upload killed between the file and the
// commit, or a failed commit). When another process has the data folder
// open (the CLI beside a node), only files older than an hour are removed,
// since that process may be uploading.
func (b *Store) Clean(used func() (map[string]bool, error)) error {
	cutoff := time.Now().Add(-staleAfter)
	old := func(e os.DirEntry) bool {
		if b.alone {
			return true
		}
		fi, err := e.Info()
		return err == nil && fi.ModTime().Before(cutoff)
	}
	entries, err := os.ReadDir(b.root)
	if err != nil {
		return err
	}
	inUse, err := used()
	if err != nil {
		return err
	}
	temps, orphans := 0, 0
	for _, e := range entries {
		switch {
		case !e.IsDir() && strings.HasPrefix(e.Name(), "upload-") && old(e):
			if os.Remove(filepath.Join(b.root, e.Name())) == nil {
				temps++
			}
		case e.IsDir() && len(e.Name()) == 2:
			blobs, err := os.ReadDir(filepath.Join(b.root, e.Name()))
			if err != nil {
				return err
			}
			for _, f := range blobs {
				if f.IsDir() || len(f.Name()) != 64 || !strings.HasPrefix(f.Name(), e.Name()) || inUse[f.Name()] || !old(f) {
					continue
				}
				if os.Remove(filepath.Join(b.root, e.Name(), f.Name())) == nil {
					orphans++
				}
			}
		}
	}
	if temps+orphans > 0 {
		b.Logger.Info("removed files of interrupted uploads", "temporary", temps, "orphan_blobs", orphans, "dir", b.root)
	}
	return nil
}

// catchWriter remembers the error of the writer it wraps, to tell a
// failing disk from a sender that stopped sending.
type catchWriter struct {
	w   io.Writer
	err error
}

func (c *catchWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	if err != nil && c.err == nil {
		c.err = err
	}
	return n, err
}
