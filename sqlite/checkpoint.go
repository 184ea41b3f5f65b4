package sqlite

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// A Checkpoint anchors the head of the audit trail outside the database:
// the node signs how many entries the trail holds and the hash of the last
// one. The hash chain shows an entry edited, removed or reordered, but not
// the newest entries removed all together; a checkpoint kept where the
// database is not shows that too, up to the entries written after it.
type Checkpoint struct {
	Node    string    `json:"node"`    // the node's public key, hex
	Entries int64     `json:"entries"` // entries in the trail
	Head    string    `json:"head"`    // hash of entry number Entries ("" for none)
	At      time.Time `json:"at"`      // when it was signed
	Sig     string    `json:"sig"`     // Ed25519 signature of the fields above (see payload)
}

// payload is what the signature covers.
func (c *Checkpoint) payload() []byte {
	return fmt.Appendf(nil, "jisr audit checkpoint v1\nnode=%s\nentries=%d\nhead=%s\nat=%s\n",
		c.Node, c.Entries, c.Head, c.At.UTC().Format(time.RFC3339Nano))
}

func signCheckpoint(key ed25519.PrivateKey, entries int64, head string, at time.Time) *Checkpoint {
	c := &Checkpoint{Node: hex.EncodeToString(key.Public().(ed25519.PublicKey)), Entries: entries, Head: head, At: at.UTC()}
	c.Sig = hex.EncodeToString(ed25519.Sign(key, c.payload()))
	return c
}

// Verify checks that pub signed the checkpoint.
func (c *Checkpoint) Verify(pub ed25519.PublicKey) error {
	sig, err := hex.DecodeString(c.Sig)
	if err != nil || c.Node != hex.EncodeToString(pub) || !ed25519.Verify(pub, c.payload(), sig) {
		return errors.New("the checkpoint is not signed by this node's key")
	}
	return nil
}

// CheckpointPath is where a node keeps its checkpoint unless told
// otherwise: a file beside the data folder, DIR.checkpoint, so that
// whoever replaces the folder does not replace it with it.
func CheckpointPath(dir string) string { return filepath.Clean(dir) + ".checkpoint" }

// ReadCheckpoint reads a checkpoint file (it does not check the signature).
func ReadCheckpoint(path string) (*Checkpoint, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var c Checkpoint
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("checkpoint %s is damaged: %v", path, err)
	}
	return &c, nil
}

// WithCheckpoint makes the store anchor its trail: every interval, if
// entries were written since the last checkpoint, and at Close, it signs a
// checkpoint and writes it to the file path (atomically: a temporary file,
// fsync, rename, fsync of the folder) and, if sink is not empty, POSTs it
// as JSON to the URL sink. A failed POST is logged and tried again at the
// next interval; it never fails a request. Either path or sink may be
// empty; interval 0 means 5 seconds.
func WithCheckpoint(path, sink string, interval time.Duration) Option {
	return func(s *Store) {
		s.cp.path, s.cp.sink, s.cp.every = path, sink, interval
		if s.cp.every <= 0 {
			s.cp.every = 5 * time.Second
		}
	}
}

// checkpointer is the store's checkpoint state.
type checkpointer struct {
	path, sink string
	every      time.Duration
	client     *http.Client

	mu           sync.Mutex
	wrote, sent  int64 // entries of the last checkpoint written, sent
	wroteOK      bool
	sentOK       bool
	lastSinkFail error
}

func (s *Store) checkpointing() bool { return s.cp.path != "" || s.cp.sink != "" }

// checkpointLoop writes checkpoints until the store closes.
func (s *Store) checkpointLoop() {
	defer s.wg.Done()
	t := time.NewTicker(s.cp.every)
	defer t.Stop()
	for {
		select {
		case <-s.closed:
			return
		case <-t.C:
			if err := s.Checkpoint(context.Background()); err != nil {
				s.Logger.Error("audit checkpoint", "err", err)
			}
		}
	}
}

// head is the number of entries of the committed trail and the hash of the last.
func head(ctx context.Context, db *sql.DB) (int64, string, error) {
	var n int64
	var h string
	err := db.QueryRowContext(ctx, `SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1`).Scan(&n, &h)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	}
	return n, h, err
}

// Checkpoint signs the committed head of the trail and writes it to the
// checkpoint file and the sink, if either changed since the last one. It
// never moves the file backwards: a checkpoint of this node already
// recording more entries than the trail holds is kept (and reported: the
// newest entries are gone).
func (s *Store) Checkpoint(ctx context.Context) error {
	if !s.checkpointing() {
		return nil
	}
	s.cp.mu.Lock()
	defer s.cp.mu.Unlock()
	n, h, err := head(ctx, s.db)
	if err != nil {
		return internal(err)
	}
	needFile := s.cp.path != "" && (!s.cp.wroteOK || s.cp.wrote != n)
	needSink := s.cp.sink != "" && (!s.cp.sentOK || s.cp.sent != n)
	if !needFile && !needSink {
		return nil
	}
	c := signCheckpoint(s.key, n, h, s.Now())
	var errs []error
	if needFile {
		if old, err := ReadCheckpoint(s.cp.path); err == nil && old.Verify(s.PublicKey()) == nil && old.Entries > n {
			errs = append(errs, fmt.Errorf("the trail ends at entry %d but the checkpoint %s signed at %s records %d entries: kept it", n, s.cp.path, old.At.Format(time.RFC3339), old.Entries))
		} else if err := writeJSONAtomic(s.cp.path, c); err != nil {
			errs = append(errs, fmt.Errorf("write checkpoint %s: %w", s.cp.path, err))
		} else {
			s.cp.wrote, s.cp.wroteOK = n, true
		}
	}
	if needSink {
		if err := s.sendCheckpoint(ctx, c); err != nil {
			errs = append(errs, fmt.Errorf("send checkpoint to %s: %w", s.cp.sink, err))
		} else {
			s.cp.sent, s.cp.sentOK = n, true
		}
	}
	return errors.Join(errs...)
}

func (s *Store) sendCheckpoint(ctx context.Context, c *Checkpoint) error {
	b, _ := json.Marshal(c)
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.cp.sink, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	client := s.cp.client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("answered %s", resp.Status)
	}
	return nil
}

// writeJSONAtomic writes v to path so that a reader sees the old file or
// the new one, never a part: a temporary file in the same folder, synced,
// renamed over path, and the folder synced.
func writeJSONAtomic(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return writeFileSync(path, append(b, '\n'), 0o600)
}

// ErrTruncated is the error of a trail shorter than its checkpoint.
var ErrTruncated = errors.New("audit trail truncated")

// checkAgainst compares a verified trail of n entries with checkpoint c.
func checkAgainst(ctx context.Context, db *sql.DB, pub ed25519.PublicKey, n int64, c *Checkpoint) error {
	if err := c.Verify(pub); err != nil {
		return err
	}
	at := c.At.UTC().Format(time.RFC3339)
	if c.Entries > n {
		return fmt.Errorf("%w: the trail ends at entry %d but a checkpoint signed at %s records %d entries", ErrTruncated, n, at, c.Entries)
	}
	if c.Entries == 0 {
		return nil
	}
	var h string
	if err := db.QueryRowContext(ctx, `SELECT hash FROM audit WHERE seq = ?`, c.Entries).Scan(&h); err != nil {
		return internal(err)
	}
	if h != c.Head {
		return fmt.Errorf("audit entry %d is not the one the checkpoint signed at %s records (the trail was rewritten from there)", c.Entries, at)
	}
	return nil
}

// CheckCheckpoint compares the trail, verified to hold n entries, with the
// checkpoint c: it must be signed by this node, and the trail must hold at
// least its entries, the last of them the one it names. Entries after the
// checkpoint are not covered by it.
func (t *Trail) CheckCheckpoint(ctx context.Context, n int64, c *Checkpoint) error {
	return checkAgainst(ctx, t.db, t.pub, n, c)
}

// checkpointFile reads the store's checkpoint file, if it has one and it exists.
func (s *Store) checkpointFile() (*Checkpoint, error) {
	if s.cp.path == "" {
		return nil, nil
	}
	c, err := ReadCheckpoint(s.cp.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return c, err
}
