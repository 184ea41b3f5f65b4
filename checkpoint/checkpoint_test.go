package checkpoint_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jisr-cell/jisr/checkpoint"
	"github.com/jisr-cell/jisr/engine"
	"github.com/jisr-cell/jisr/sqlite"
	"github.com/jisr-cell/jisr/storetest"
)

// TestCheckpointDetectsTruncation: the newest entries removed all together
// leave a chain that verifies; the signed checkpoint, written while
// entries are written, at shutdown, to a file beside the folder and to a
// remote sink, shows the trail is short.
func TestCheckpointDetectsTruncation(t *testing.T) {
	ctx := context.Background()
	var mu sync.Mutex
	var sunk []checkpoint.Checkpoint
	sink := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var c checkpoint.Checkpoint
		if r.Method != http.MethodPost || json.NewDecoder(r.Body).Decode(&c) != nil {
			http.Error(w, "bad", 400)
			return
		}
		mu.Lock()
		sunk = append(sunk, c)
		mu.Unlock()
	}))
	defer sink.Close()
	root := t.TempDir()
	dir := filepath.Join(root, "node")
	cpPath := checkpoint.Path(dir)
	if cpPath != dir+".checkpoint" {
		t.Fatalf("checkpoint path %s", cpPath)
	}
	s, err := sqlite.Open(ctx, dir, sqlite.WithCheckpoint(cpPath, sink.URL, 20*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	e := engine.New(s)
	storetest.Seed(t, e)
	n, err := e.VerifyAudit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// While the node runs, a checkpoint follows the entries written.
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := checkpoint.Read(cpPath)
		if err == nil && c.Entries == n {
			if err := c.Verify(s.PublicKey()); err != nil {
				t.Fatal(err)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no checkpoint of %d entries while running: %+v %v", n, c, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	// At shutdown, the whole trail (the logins of As are entries too).
	storetest.As(t, e, "jo.analyst")
	e.Close()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	c, err := checkpoint.Read(cpPath)
	if err != nil || c.Entries != n+1 {
		t.Fatalf("checkpoint at shutdown: %+v %v, want %d entries", c, err, n+1)
	}
	mu.Lock()
	last := sunk[len(sunk)-1]
	mu.Unlock()
	if last != *c {
		t.Fatalf("the sink got %+v, the file holds %+v", last, c)
	}

	// Remove the three newest entries behind the node's back.
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "jisr.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TRIGGER audit_no_delete`, `DELETE FROM audit WHERE seq > ` + strconv.FormatInt(n-2, 10)} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	tr, err := sqlite.OpenTrail(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	got, err := tr.Verify(ctx)
	if err != nil || got != n-2 {
		t.Fatalf("the chain alone: %d %v", got, err)
	}
	err = tr.CheckCheckpoint(ctx, got, c)
	want := "the trail ends at entry " + strconv.FormatInt(n-2, 10) + " but a checkpoint signed at " + c.At.Format(time.RFC3339) + " records " + strconv.FormatInt(n+1, 10) + " entries"
	if !errors.Is(err, checkpoint.ErrTruncated) || !strings.Contains(err.Error(), want) {
		t.Fatalf("truncation not reported: %v\nwant %q", err, want)
	}
	// The store checks its checkpoint too, and does not move it backwards.
	s, err = sqlite.Open(ctx, dir, sqlite.WithCheckpoint(cpPath, "", time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := engine.New(s).VerifyAudit(ctx); !errors.Is(err, checkpoint.ErrTruncated) {
		t.Fatalf("store verify: %v", err)
	}
	s.Close()
	if c2, _ := checkpoint.Read(cpPath); *c2 != *c {
		t.Fatalf("the checkpoint moved backwards: %+v", c2)
	}
	// A checkpoint edited by hand is not the node's.
	forged := *c
	forged.Entries = 1
	if err := tr.CheckCheckpoint(ctx, got, &forged); err == nil || !strings.Contains(err.Error(), "not signed by this node") {
		t.Fatalf("forged checkpoint: %v", err)
	}
}
