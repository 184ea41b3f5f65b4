// Package checkpoint anchors the head of a node's audit trail outside its
// database. The hash chain shows an entry edited, removed or reordered, but
// not the newest entries removed all together; a checkpoint — the number
// of entries and the hash of the last, signed by the node — kept where the
// database is not shows that too, up to the entries written after it.
//
// An Anchor writes checkpoints to a file beside the data folder (Path),
// atomically, and optionally POSTs them as JSON to a sink on another
// machine; Check compares a verified trail with one.
package checkpoint

import (
	"bytes"
	"context"
	"crypto/ed25519"
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

	"github.com/jisr-cell/jisr/keys"
)

// A Checkpoint anchors the head of the audit trail: the node signs how many
// entries the trail holds and the hash of the last one.
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

// Sign returns the checkpoint of a trail of entries entries whose last
// entry's hash is head, signed by key at at.
func Sign(key ed25519.PrivateKey, entries int64, head string, at time.Time) *Checkpoint {
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

// Path is where a node keeps its checkpoint unless told otherwise: a file
// beside the data folder, DIR.checkpoint, so that whoever replaces the
// folder does not replace it with it.
func Path(dir string) string { return filepath.Clean(dir) + ".checkpoint" }

// Read reads a checkpoint file (it does not check the signature).
func Read(path string) (*Checkpoint, error) {
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

// ErrTruncated is the error of a trail shorter than its checkpoint.
var ErrTruncated = errors.New("audit trail truncated")

// Check compares a trail, verified to hold n entries, with the checkpoint
// c: it must be signed by pub, and the trail must hold at least its
// entries, the last of them the one it names (hashAt returns the hash of
// the trail's entry seq). Entries after the checkpoint are not covered by it.
func Check(c *Checkpoint, pub ed25519.PublicKey, n int64, hashAt func(seq int64) (string, error)) error {
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
	h, err := hashAt(c.Entries)
	if err != nil {
		return err
	}
	if h != c.Head {
		return fmt.Errorf("audit entry %d is not the one the checkpoint signed at %s records (the trail was rewritten from there)", c.Entries, at)
	}
	return nil
}

// An Anchor writes a node's checkpoints: to the file Path (atomically: a
// temporary file, fsync, rename, fsync of the folder) and, if Sink is not
// empty, POSTed as JSON to the URL Sink. A failed POST is tried again at
// the next update; it never fails a request. Either may be empty.
type Anchor struct {
	path, sink string
	every      time.Duration
	// Client posts to the sink (http.DefaultClient when nil).
	Client *http.Client

	mu          sync.Mutex
	wrote, sent int64 // entries of the last checkpoint written, sent
	wroteOK     bool
	sentOK      bool
}

// New returns the anchor writing to path and sink every interval while
// entries are written (0 means 5 seconds).
func New(path, sink string, every time.Duration) *Anchor {
	if every <= 0 {
		every = 5 * time.Second
	}
	return &Anchor{path: path, sink: sink, every: every}
}

// Enabled says whether a anchors anywhere (a nil anchor does not).
func (a *Anchor) Enabled() bool { return a != nil && (a.path != "" || a.sink != "") }

// Every is how often the trail is anchored while entries are written.
func (a *Anchor) Every() time.Duration { return a.every }

// File reads the anchor's checkpoint file: nil when there is none or the
// anchor has no file.
func (a *Anchor) File() (*Checkpoint, error) {
	if a == nil || a.path == "" {
		return nil, nil
	}
	c, err := Read(a.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return c, err
}

// Update signs with key, at at, the committed head of the trail (head
// returns its number of entries and the hash of the last) and writes it to
// the file and the sink, if either changed since the last update. It never
// moves the file backwards: a checkpoint of this node already recording
// more entries than the trail holds is kept (and reported: the newest
// entries are gone).
func (a *Anchor) Update(ctx context.Context, key ed25519.PrivateKey, at func() time.Time, head func(context.Context) (int64, string, error)) error {
	if !a.Enabled() {
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	n, h, err := head(ctx)
	if err != nil {
		return err
	}
	needFile := a.path != "" && (!a.wroteOK || a.wrote != n)
	needSink := a.sink != "" && (!a.sentOK || a.sent != n)
	if !needFile && !needSink {
		return nil
	}
	c := Sign(key, n, h, at())
	var errs []error
	if needFile {
		if old, err := Read(a.path); err == nil && old.Verify(key.Public().(ed25519.PublicKey)) == nil && old.Entries > n {
			errs = append(errs, fmt.Errorf("the trail ends at entry %d but the checkpoint %s signed at %s records %d entries: kept it", n, a.path, old.At.Format(time.RFC3339), old.Entries))
		} else if err := keys.WriteJSON(a.path, c); err != nil {
			errs = append(errs, fmt.Errorf("write checkpoint %s: %w", a.path, err))
		} else {
			a.wrote, a.wroteOK = n, true
		}
	}
	if needSink {
		if err := a.send(ctx, c); err != nil {
			errs = append(errs, fmt.Errorf("send checkpoint to %s: %w", a.sink, err))
		} else {
			a.sent, a.sentOK = n, true
		}
	}
	return errors.Join(errs...)
}

func (a *Anchor) send(ctx context.Context, c *Checkpoint) error {
	b, _ := json.Marshal(c)
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.sink, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	client := a.Client
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

// Run calls update every interval until done is closed.
func (a *Anchor) Run(done <-chan struct{}, update func()) {
	t := time.NewTicker(a.every)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
			update()
		}
	}
}
