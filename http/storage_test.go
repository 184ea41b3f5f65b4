package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
	jhttp "github.com/jisr-cell/jisr/http"
	"github.com/jisr-cell/jisr/sqlite"
	"github.com/jisr-cell/jisr/storetest"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// newNodeWith is newNode with store options and the storage monitor wired.
func newNodeWith(t *testing.T, logs io.Writer, opts ...sqlite.Option) *node {
	t.Helper()
	s, err := sqlite.Open(context.Background(), t.TempDir(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	e := engine.New(s)
	t.Cleanup(func() { e.Close() })
	storetest.Seed(t, e)
	srv := jhttp.New(jhttp.Services{Records: e, Users: e, Agencies: e, Audit: e, Hits: e, Persons: e, Graph: e, Storage: e},
		slog.New(slog.NewTextHandler(logs, nil)))
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	n := &node{Server: ts, store: e, db: s, tokens: map[string]string{}, srv: srv}
	for _, u := range []string{"jo.analyst", "iq.analyst"} {
		var out jhttp.LoginResponse
		if code := n.do(t, "", "POST", "/api/v1/login", jhttp.LoginRequest{Username: u, Password: storetest.Password}, &out); code != 200 {
			t.Fatalf("login %s: %d", u, code)
		}
		n.tokens[u] = out.Token
	}
	return n
}

// TestStorageFullAPI: on a full disk, writes answer 507 storage_full and
// are logged, reads and logins answer as usual, /healthz says degraded
// with the reason and the free bytes, /metrics shows the free bytes.
func TestStorageFullAPI(t *testing.T) {
	var free atomic.Int64
	free.Store(10 << 30)
	var logs lockedBuffer
	n := newNodeWith(t, &logs, sqlite.WithSpaceProbe(func(string) (int64, error) { return free.Load(), nil }))
	var rec jisr.Record
	if code := n.do(t, "jo.analyst", "POST", "/api/v1/records", seizureJSON("qxdisk", jisr.TLPAmber, jisr.Releasability{}), &rec); code != 201 {
		t.Fatalf("create: %d", code)
	}
	if code, b := n.raw(t, "", "GET", "/healthz", nil); code != 200 || !strings.Contains(string(b), `"status":"ok"`) || !strings.Contains(string(b), `"free_bytes":10737418240`) {
		t.Fatalf("healthz with space: %d %s", code, b)
	}
	free.Store(5 << 20)
	var e jhttp.ErrorBody
	if code := n.do(t, "jo.analyst", "POST", "/api/v1/records", seizureJSON("qxdisk2", jisr.TLPAmber, jisr.Releasability{}), &e); code != 507 || e.Code != jisr.ESTORAGEFULL {
		t.Fatalf("create on a full disk: %d %+v", code, e)
	}
	if code := n.do(t, "jo.analyst", "POST", "/api/v1/records/"+rec.ID+"/attachments?name=a.jpg", "jpeg bytes", &e); code != 507 || e.Code != jisr.ESTORAGEFULL {
		t.Fatalf("attachment on a full disk: %d %+v", code, e)
	}
	if code, b := n.raw(t, "jo.analyst", "GET", "/api/v1/records/"+rec.ID, nil); code != 200 {
		t.Fatalf("read on a full disk: %d %s", code, b)
	}
	if code, b := n.raw(t, "", "POST", "/api/v1/login", jhttp.LoginRequest{Username: "jo.liaison", Password: storetest.Password}); code != 200 {
		t.Fatalf("login on a full disk: %d %s", code, b)
	}
	code, b := n.raw(t, "", "GET", "/healthz", nil)
	var h struct {
		Status    string `json:"status"`
		Reason    string `json:"reason"`
		FreeBytes *int64 `json:"free_bytes"`
	}
	if err := json.Unmarshal(b, &h); err != nil || code != 503 || h.Status != "degraded" || !strings.Contains(h.Reason, "storage_full") || h.FreeBytes == nil || *h.FreeBytes != 5<<20 {
		t.Fatalf("healthz on a full disk: %d %s", code, b)
	}
	_, b = n.raw(t, "", "GET", "/metrics", nil)
	for _, want := range []string{"jisr_storage_free_bytes 5.24288e+06", "jisr_storage_full 1", "jisr_storage_min_free_bytes 1.073741824e+09", "jisr_storage_reserve_bytes"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if !strings.Contains(logs.String(), "storage full") {
		t.Errorf("507 not logged: %s", logs.String())
	}
	free.Store(10 << 30)
	if code := n.do(t, "jo.analyst", "POST", "/api/v1/records", seizureJSON("qxdisk3", jisr.TLPAmber, jisr.Releasability{}), &rec); code != 201 {
		t.Fatalf("create after space was freed: %d", code)
	}
	if code, _ := n.raw(t, "", "GET", "/healthz", nil); code != 200 {
		t.Fatalf("healthz after space was freed: %d", code)
	}
}

// TestRealFullDatabaseAPI fills a database capped with max_page_count
// through the API: SQLite's own SQLITE_FULL answers 507 storage_full, not
// a generic 500.
func TestRealFullDatabaseAPI(t *testing.T) {
	var logs lockedBuffer
	n := newNodeWith(t, &logs, sqlite.WithMaxDBSize(1<<20), sqlite.WithReserve(0))
	for i := 0; ; i++ {
		var e jhttp.ErrorBody
		code := n.do(t, "jo.analyst", "POST", "/api/v1/records", seizureJSON(fmt.Sprintf("qxfull%d", i), jisr.TLPAmber, jisr.Releasability{}), &e)
		if code == 201 {
			if i > 2000 {
				t.Fatal("the database never filled")
			}
			continue
		}
		if code != 507 || e.Code != jisr.ESTORAGEFULL {
			t.Fatalf("record %d on a full database: %d %+v", i, code, e)
		}
		break
	}
	if code, b := n.raw(t, "", "GET", "/healthz", nil); code != 503 || !strings.Contains(string(b), "degraded") {
		t.Fatalf("healthz: %d %s", code, b)
	}
}

// enospc fails every write, as a full disk does.
type enospc struct{}

func (enospc) Write([]byte) (int, error) {
	return 0, &os.PathError{Op: "write", Path: "upload", Err: syscall.ENOSPC}
}

// TestAttachmentENOSPCAPI: a disk that fails under an upload is 507, the
// node's fault, not 400 "upload interrupted".
func TestAttachmentENOSPCAPI(t *testing.T) {
	var logs lockedBuffer
	n := newNodeWith(t, &logs, sqlite.WithBlobWriter(func(io.Writer) io.Writer { return enospc{} }))
	var rec jisr.Record
	if code := n.do(t, "jo.analyst", "POST", "/api/v1/records", seizureJSON("qxenospc", jisr.TLPAmber, jisr.Releasability{}), &rec); code != 201 {
		t.Fatalf("create: %d", code)
	}
	var e jhttp.ErrorBody
	if code := n.do(t, "jo.analyst", "POST", "/api/v1/records/"+rec.ID+"/attachments?name=a.jpg", "jpeg bytes", &e); code != http.StatusInsufficientStorage || e.Code != jisr.ESTORAGEFULL {
		t.Fatalf("attachment on ENOSPC: %d %+v", code, e)
	}
	if !strings.Contains(logs.String(), "no space left on device") {
		t.Errorf("the cause is not logged: %s", logs.String())
	}
}
