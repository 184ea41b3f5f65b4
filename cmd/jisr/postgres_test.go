package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/postgres/pgtest"
	"github.com/jisr-cell/jisr/storetest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// TestPostgresNode: the README's PostgreSQL section — demo and init with
// --db, serve on it, audit verify on it; a folder without the node key is
// refused rather than given new keys.
func TestPostgresNode(t *testing.T) {
	db, dir := pgtest.URL(t), t.TempDir()
	if code, out, errs := run(t, "", "demo", "--db", db, "--data", dir, "--records", "60", "--load-only"); code != 0 || !strings.Contains(errs, "loaded 60 demo records") || !strings.Contains(out, "user: ") {
		t.Fatalf("demo --db: %d %s", code, errs)
	}
	if code, out, errs := run(t, "", "audit", "verify", "--db", db, "--data", dir); code != 0 || !strings.Contains(out, "audit trail intact") {
		t.Fatalf("audit verify --db: %d %s %s", code, out, errs)
	}
	if code, out, errs := run(t, "", "agency", "list", "--db", db, "--data", dir); code != 0 || !strings.Contains(out, "JO-AND") {
		t.Fatalf("agency list --db: %d %s %s", code, out, errs)
	}
	exp := filepath.Join(t.TempDir(), "out.jsonl")
	if code, _, errs := run(t, "", "export", "--db", db, "--data", dir, "--as", "jo.analyst", "--out", exp); code != 0 {
		t.Fatalf("export --db: %d %s", code, errs)
	}
	if b, err := os.ReadFile(exp); err != nil || bytes.Count(b, []byte("\n")) == 0 {
		t.Fatalf("export --db wrote nothing: %v", err)
	}
	if code, _, errs := run(t, "", "serve", "--db", db, "--data", t.TempDir()); code == 0 || !strings.Contains(errs, "holds no node key") {
		t.Fatalf("serve --db with a folder without the node's key: %d %s", code, errs)
	}

	// init on an empty database, then serve it.
	db2, dir2 := pgtest.URL(t), t.TempDir()
	if code, out, errs := run(t, "", "init", "--db", db2, "--data", dir2, "--agency", "JO-AND", "--country", "JO", "--name-en", "AND", "--name-ar", "إدارة", "--admin", "root.admin"); code != 0 || !strings.Contains(out, "created agency JO-AND") {
		t.Fatalf("init --db: %d %s", code, errs)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, err := openDB(ctx, db2, dir2, nil, false, nil, storeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, err := s.CountUsers(ctx); err != nil || n != 1 {
		t.Fatalf("users after init --db: %d %v", n, err)
	}
	addr := make(chan string, 1)
	env := &cmdEnv{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, env, s, nil, serveFlags{addr: "127.0.0.1:0", logLevel: "error"}, func(a string) { addr <- a })
	}()
	var base string
	select {
	case a := <-addr:
		base = "http://" + a
	case err := <-done:
		t.Fatal(err)
	case <-time.After(10 * time.Second):
		t.Fatal("server did not start")
	}
	resp, err := http.Get(base + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", err, resp)
	}
	resp.Body.Close()
	resp, _ = http.Post(base+"/api/v1/login", "application/json", strings.NewReader(`{"username":"root.admin","password":"wrong password here"}`))
	var e struct{ Code string }
	json.NewDecoder(resp.Body).Decode(&e)
	resp.Body.Close()
	if resp.StatusCode != 401 || e.Code != "unauthorized" {
		t.Fatalf("wrong password on the PostgreSQL node: %d %+v", resp.StatusCode, e)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("shutdown: %v", err)
	}
}

// TestMigrate: a SQLite node copied into PostgreSQL keeps its trail (it
// verifies there), its records as each user may read them, its full text.
func TestMigrate(t *testing.T) {
	ctx := context.Background()
	dir, db := t.TempDir(), pgtest.URL(t)
	if code, _, errs := run(t, "", "demo", "--data", dir, "--records", "80", "--load-only"); code != 0 {
		t.Fatal(errs)
	}
	count := func(s nodeStore) (int, int) {
		e, err := newEngine(s)
		if err != nil {
			t.Fatal(err)
		}
		defer e.Close()
		p, err := s.PrincipalFor(ctx, "jo.analyst")
		if err != nil {
			t.Fatal(err)
		}
		all, err := e.CountRecords(ctx, p, jisr.RecordFilter{})
		if err != nil {
			t.Fatal(err)
		}
		text, err := e.CountRecords(ctx, p, jisr.RecordFilter{Text: "captagon"})
		if err != nil {
			t.Fatal(err)
		}
		return all, text
	}
	s, err := openStore(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	all, text := count(s)
	s.Close()
	if all == 0 || text == 0 {
		t.Fatalf("the demo gives jo.analyst %d records, %d with captagon", all, text)
	}
	code, out, errs := run(t, "", "migrate", "--from", dir, "--to", db)
	if code != 0 || !strings.Contains(out, "audit trail verifies on PostgreSQL") {
		t.Fatalf("migrate: %d %s %s", code, out, errs)
	}
	if code, out, errs := run(t, "", "audit", "verify", "--db", db, "--data", dir); code != 0 || !strings.Contains(out, "audit trail intact") {
		t.Fatalf("audit verify after migrate: %d %s %s", code, out, errs)
	}
	ps, err := openDB(ctx, db, dir, nil, false, nil, storeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer ps.Close()
	if a, x := count(ps); a != all || x != text {
		t.Fatalf("after migrate jo.analyst reads %d records (%d with captagon), before %d (%d)", a, x, all, text)
	}
	// The copied node goes on: a new record (sequences past the copied
	// rows), and the trail, longer, still verifies.
	e, err := newEngine(ps)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := ps.PrincipalFor(ctx, "jo.analyst")
	if err := e.CreateRecord(ctx, p, storetest.Seizure("qxaftermigrate", jisr.TLPAmber, jisr.H0, jisr.Releasability{})); err != nil {
		t.Fatalf("create after migrate: %v", err)
	}
	e.Close()
	if code, out, errs := run(t, "", "audit", "verify", "--db", db, "--data", dir, "--no-checkpoint"); code != 0 || !strings.Contains(out, "audit trail intact") {
		t.Fatalf("audit verify after a write on the copy: %d %s %s", code, out, errs)
	}
	// A second copy into the same database is refused.
	if code, _, errs := run(t, "", "migrate", "--from", dir, "--to", db); code == 0 || !strings.Contains(errs, "already holds a node") {
		t.Fatalf("second migrate: %d %s", code, errs)
	}
}

// TestBenchStores: bench stores runs both stores side by side (PostgreSQL
// from --db, which must be empty) and prints one table; bench search and
// bench api accept --db on a node loaded by demo --db.
func TestBenchStores(t *testing.T) {
	db := pgtest.URL(t)
	code, out, errs := run(t, "", "bench", "stores", "--db", db, "--records", "40", "--creates", "6", "--queries", "4", "--concurrency", "2")
	if code != 0 {
		t.Fatalf("bench stores: %d %s", code, errs)
	}
	for _, want := range []string{"| 40 demo records, then | sqlite | postgres |", "| ingest with matching, records/s | ", "(0 failed)", "| name search p50 / p99 |"} {
		if !strings.Contains(out, want) {
			t.Fatalf("bench stores lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "creates failed") {
		t.Fatalf("creates failed:\n%s", out)
	}
	// The database now holds records: refused rather than measured again.
	if code, _, errs := run(t, "", "bench", "stores", "--only", "postgres", "--db", db, "--records", "5"); code == 0 || !strings.Contains(errs, "not empty") {
		t.Fatalf("bench stores on a database holding records: %d %s", code, errs)
	}
	db2, dir := pgtest.URL(t), t.TempDir()
	if code, _, errs := run(t, "", "demo", "--db", db2, "--data", dir, "--records", "30", "--load-only"); code != 0 {
		t.Fatalf("demo --db: %d %s", code, errs)
	}
	if code, out, errs := run(t, "", "bench", "search", "--db", db2, "--data", dir, "--queries", "4"); code != 0 || !strings.Contains(out, "search: 4 policy-filtered") {
		t.Fatalf("bench search --db: %d %s %s", code, out, errs)
	}
	if code, out, errs := run(t, "", "bench", "api", "--db", db2, "--data", dir, "--requests", "4", "--concurrency", "2"); code != 0 || !strings.Contains(out, "api: 4 records created") {
		t.Fatalf("bench api --db: %d %s %s", code, out, errs)
	}
}
