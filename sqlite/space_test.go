package sqlite_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/sqlite"
	"github.com/jisr-cell/jisr/storetest"
)

// syncBuffer is a log sink shared with the store's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// seededDir returns a data folder with the fixture and its page count.
func seededDir(t *testing.T) (string, int64) {
	t.Helper()
	dir := t.TempDir()
	s, err := openNode(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	storetest.Seed(t, s)
	var pages int64
	if err := s.DB().QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	s.Close()
	return dir, pages
}

func open(t *testing.T, dir string, opts ...sqlite.Option) node {
	t.Helper()
	s, err := openNode(context.Background(), dir, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func bigDisk(string) (int64, error) { return 1 << 40, nil }

// fillUntilRefused creates records until one is refused and returns the
// error and how many were created.
func fillUntilRefused(t *testing.T, s node, p jisr.Principal) (int, error) {
	t.Helper()
	for i := 0; i < 5000; i++ {
		if err := s.CreateRecord(context.Background(), p, storetest.Seizure(fmt.Sprintf("qxfill%d", i), jisr.TLPAmber, jisr.H0, jisr.Releasability{})); err != nil {
			return i, err
		}
	}
	t.Fatal("the database never filled")
	return 0, nil
}

// TestRealSQLiteFull fills a database capped with max_page_count until
// SQLite itself answers SQLITE_FULL: the error must be storage_full (not
// internal), nothing of the failed record may remain, and the storage
// must report itself full.
func TestRealSQLiteFull(t *testing.T) {
	ctx := context.Background()
	dir, pages := seededDir(t)
	var logs syncBuffer
	s := open(t, dir, sqlite.WithMaxDBSize((pages+80)*4096), sqlite.WithReserve(0), sqlite.WithSpaceProbe(bigDisk),
		sqlite.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	jo := storetest.As(t, s, "jo.analyst")
	n, err := fillUntilRefused(t, s, jo)
	if jisr.ErrorCode(err) != jisr.ESTORAGEFULL {
		t.Fatalf("after %d records: %v (code %s), want storage_full", n, err, jisr.ErrorCode(err))
	}
	if !strings.Contains(err.Error(), "full") {
		t.Fatalf("the cause is not kept for the logs: %v", err)
	}
	if got, err := s.CountRecords(ctx, jo, jisr.RecordFilter{Text: "qxfill*"}); err == nil && got != n {
		t.Fatalf("%d records found, %d were acknowledged", got, n)
	}
	st := s.Storage(ctx)
	if !st.Full || !strings.Contains(st.Reason, "storage_full") {
		t.Fatalf("storage after SQLITE_FULL: %+v", st)
	}
	if !strings.Contains(logs.String(), "storage full") {
		t.Fatalf("SQLITE_FULL not logged: %s", logs.String())
	}
}

// TestReserveKeepsReadsAndLogins: with a reserve, new content is refused
// before the database is full, so reads, lists and logins — whose audit
// entries and sessions need a little room — keep working.
func TestReserveKeepsReadsAndLogins(t *testing.T) {
	ctx := context.Background()
	dir, pages := seededDir(t)
	s := open(t, dir, sqlite.WithMaxDBSize((pages+400)*4096), sqlite.WithReserve(200*4096), sqlite.WithSpaceProbe(bigDisk))
	jo := storetest.As(t, s, "jo.analyst")
	first := storetest.Seizure("qxkeep", jisr.TLPAmber, jisr.H0, jisr.Releasability{})
	if err := s.CreateRecord(ctx, jo, first); err != nil {
		t.Fatal(err)
	}
	n, err := fillUntilRefused(t, s, jo)
	if jisr.ErrorCode(err) != jisr.ESTORAGEFULL || !strings.Contains(err.Error(), "reserve") {
		t.Fatalf("after %d records: %v, want a storage_full refusal under the reserve", n, err)
	}
	for i := 0; i < 50; i++ {
		if _, err := s.Record(ctx, jo, first.ID); err != nil {
			t.Fatalf("read %d on a full node: %v", i, err)
		}
		if _, _, err := s.Records(ctx, jo, jisr.RecordFilter{}); err != nil {
			t.Fatalf("list %d on a full node: %v", i, err)
		}
	}
	for i := 0; i < 10; i++ {
		if _, err := s.Record(ctx, storetest.As(t, s, "iq.analyst"), first.ID); jisr.ErrorCode(err) != jisr.ENOTFOUND {
			t.Fatalf("login and denied read on a full node: %v", err)
		}
	}
	edit := *first
	edit.Title = "changed"
	if err := s.UpdateRecord(ctx, jo, &edit); jisr.ErrorCode(err) != jisr.ESTORAGEFULL {
		t.Fatalf("edit on a full node: %v", err)
	}
	if _, err := s.AddAttachment(ctx, jo, first.ID, "a.txt", "text/plain", strings.NewReader("hello")); jisr.ErrorCode(err) != jisr.ESTORAGEFULL {
		t.Fatalf("attachment on a full node: %v", err)
	}
	if st := s.Storage(ctx); !st.Full || st.FreeBytes < 0 || st.FreeBytes >= 200*4096 {
		t.Fatalf("storage: %+v", st)
	}
	if _, err := s.VerifyAudit(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestLowSpaceWarningAndRecovery drives the free-space probe: a warning
// before the disk fills, a refusal of content under the reserve with reads
// and logins going on, and writes again once space is freed.
func TestLowSpaceWarningAndRecovery(t *testing.T) {
	ctx := context.Background()
	var free atomic.Int64
	free.Store(10 << 30)
	var logs syncBuffer
	s := open(t, t.TempDir(), sqlite.WithSpaceProbe(func(string) (int64, error) { return free.Load(), nil }),
		sqlite.WithMinFree(1<<30), sqlite.WithReserve(64<<20), sqlite.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	storetest.Seed(t, s)
	jo := storetest.As(t, s, "jo.analyst")
	r := storetest.Seizure("qxlow", jisr.TLPAmber, jisr.H0, jisr.Releasability{})
	if err := s.CreateRecord(ctx, jo, r); err != nil {
		t.Fatal(err)
	}
	if st := s.Storage(ctx); st.Full || st.Low || st.FreeBytes != 10<<30 {
		t.Fatalf("plenty of space: %+v", st)
	}
	free.Store(500 << 20)
	if st := s.Storage(ctx); st.Full || !st.Low || !strings.HasPrefix(st.Reason, "low_space") {
		t.Fatalf("low space: %+v", st)
	}
	if !strings.Contains(logs.String(), "low disk space") {
		t.Fatalf("no warning before the disk fills: %s", logs.String())
	}
	if err := s.CreateRecord(ctx, jo, storetest.Seizure("qxlow2", jisr.TLPAmber, jisr.H0, jisr.Releasability{})); err != nil {
		t.Fatalf("low but above the reserve: %v", err)
	}
	free.Store(10 << 20)
	if err := s.CreateRecord(ctx, jo, storetest.Seizure("qxlow3", jisr.TLPAmber, jisr.H0, jisr.Releasability{})); jisr.ErrorCode(err) != jisr.ESTORAGEFULL {
		t.Fatalf("under the reserve: %v", err)
	}
	if _, err := s.Record(ctx, jo, r.ID); err != nil {
		t.Fatalf("read under the reserve: %v", err)
	}
	if _, _, err := s.Login(ctx, "jo.liaison", storetest.Password, "10.0.0.9"); err != nil {
		t.Fatalf("login under the reserve: %v", err)
	}
	if st := s.Storage(ctx); !st.Full || st.FreeBytes != 10<<20 || !strings.Contains(st.Reason, "reserve") {
		t.Fatalf("full: %+v", st)
	}
	if !strings.Contains(logs.String(), "storage full") {
		t.Fatalf("refusal not logged: %s", logs.String())
	}
	free.Store(10 << 30)
	if err := s.CreateRecord(ctx, jo, storetest.Seizure("qxlow4", jisr.TLPAmber, jisr.H0, jisr.Releasability{})); err != nil {
		t.Fatalf("after space was freed: %v", err)
	}
	if st := s.Storage(ctx); st.Full || st.Low {
		t.Fatalf("after space was freed: %+v", st)
	}
}

// enospcWriter accepts after bytes, then fails as a full disk does.
type enospcWriter struct {
	w     io.Writer
	after int
}

func (e *enospcWriter) Write(b []byte) (int, error) {
	if len(b) > e.after {
		n, _ := e.w.Write(b[:e.after])
		e.after = 0
		return n, &os.PathError{Op: "write", Path: "upload", Err: syscall.ENOSPC}
	}
	e.after -= len(b)
	return e.w.Write(b)
}

// failingReader is a client that stops sending.
type failingReader struct{ n int }

func (f *failingReader) Read(b []byte) (int, error) {
	if f.n <= 0 {
		return 0, errors.New("connection reset by peer")
	}
	k := min(len(b), f.n)
	f.n -= k
	return k, nil
}

func attachmentFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(filepath.Join(dir, "attachments"), func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, filepath.Base(path))
		}
		return nil
	})
	return out
}

// TestAttachmentDiskFull: a disk that fails while an attachment is
// written is the node's fault (storage_full, logged), not the client's;
// a client that stops sending is still "upload interrupted"; neither
// leaves a file behind.
func TestAttachmentDiskFull(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var logs syncBuffer
	var failing atomic.Bool
	s := open(t, dir, sqlite.WithSpaceProbe(bigDisk), sqlite.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))),
		sqlite.WithBlobWriter(func(w io.Writer) io.Writer {
			if failing.Load() {
				return &enospcWriter{w: w, after: 1000}
			}
			return w
		}))
	storetest.Seed(t, s)
	jo := storetest.As(t, s, "jo.analyst")
	r := storetest.Seizure("qxatt", jisr.TLPAmber, jisr.H0, jisr.Releasability{})
	if err := s.CreateRecord(ctx, jo, r); err != nil {
		t.Fatal(err)
	}
	failing.Store(true)
	_, err := s.AddAttachment(ctx, jo, r.ID, "photo.jpg", "image/jpeg", bytes.NewReader(make([]byte, 100_000)))
	if jisr.ErrorCode(err) != jisr.ESTORAGEFULL {
		t.Fatalf("ENOSPC while writing the attachment: %v (code %s), want storage_full", err, jisr.ErrorCode(err))
	}
	if !strings.Contains(logs.String(), "storage full") {
		t.Fatalf("the disk fault was not logged: %s", logs.String())
	}
	failing.Store(false)
	_, err = s.AddAttachment(ctx, jo, r.ID, "photo.jpg", "image/jpeg", &failingReader{n: 5000})
	if jisr.ErrorCode(err) != jisr.EINVALID || !strings.Contains(err.Error(), "interrupted") {
		t.Fatalf("client stopped sending: %v", err)
	}
	if files := attachmentFiles(t, dir); len(files) != 0 {
		t.Fatalf("files left behind: %v", files)
	}
}

// TestFailedCommitRemovesBlob: when the row of an attachment cannot be
// committed, its file goes too — unless an attachment already committed
// has the same content.
func TestFailedCommitRemovesBlob(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var free atomic.Int64
	var fills atomic.Bool
	free.Store(1 << 40)
	s := open(t, dir, sqlite.WithSpaceProbe(func(string) (int64, error) { return free.Load(), nil }),
		sqlite.WithBlobWriter(func(w io.Writer) io.Writer {
			// The disk fills (another process) while the file is written.
			return writerFunc(func(b []byte) (int, error) {
				if fills.Load() {
					free.Store(1 << 20)
				}
				return w.Write(b)
			})
		}))
	storetest.Seed(t, s)
	jo := storetest.As(t, s, "jo.analyst")
	r := storetest.Seizure("qxblob", jisr.TLPAmber, jisr.H0, jisr.Releasability{})
	if err := s.CreateRecord(ctx, jo, r); err != nil {
		t.Fatal(err)
	}
	kept, err := s.AddAttachment(ctx, jo, r.ID, "kept.txt", "text/plain", strings.NewReader("same content"))
	if err != nil {
		t.Fatal(err)
	}
	fills.Store(true)
	if _, err := s.AddAttachment(ctx, jo, r.ID, "full.txt", "text/plain", strings.NewReader("other content")); jisr.ErrorCode(err) != jisr.ESTORAGEFULL {
		t.Fatalf("commit refused: %v", err)
	}
	if files := attachmentFiles(t, dir); len(files) != 1 || files[0] != kept.SHA256 {
		t.Fatalf("after a failed commit: %v, want only %s", files, kept.SHA256)
	}
	free.Store(1 << 40)
	if _, err := s.AddAttachment(ctx, jo, r.ID, "again.txt", "text/plain", strings.NewReader("same content")); jisr.ErrorCode(err) != jisr.ESTORAGEFULL {
		t.Fatalf("commit refused: %v", err)
	}
	_, rc, err := s.Attachment(ctx, jo, r.ID, kept.ID)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(rc)
	rc.Close()
	if string(b) != "same content" {
		t.Fatalf("a failed upload of the same content removed a committed file: %q", b)
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }

// TestCleanAtOpen: what an upload killed with SIGKILL leaves (an upload-*
// temporary file, a blob no row names) is removed at the next start;
// while another process has the folder open, only stale files are.
func TestCleanAtOpen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := openNode(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	storetest.Seed(t, s)
	jo := storetest.As(t, s, "jo.analyst")
	r := storetest.Seizure("qxclean", jisr.TLPAmber, jisr.H0, jisr.Releasability{})
	if err := s.CreateRecord(ctx, jo, r); err != nil {
		t.Fatal(err)
	}
	a, err := s.AddAttachment(ctx, jo, r.ID, "kept.txt", "text/plain", strings.NewReader("kept"))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	att := filepath.Join(dir, "attachments")
	orphan := strings.Repeat("ab", 32)
	plant := func(age time.Duration) {
		os.MkdirAll(filepath.Join(att, "ab"), 0o700)
		for _, p := range []string{filepath.Join(att, "upload-12345"), filepath.Join(att, "ab", orphan)} {
			if err := os.WriteFile(p, []byte("half an upload"), 0o600); err != nil {
				t.Fatal(err)
			}
			old := time.Now().Add(-age)
			os.Chtimes(p, old, old)
		}
	}
	exists := func(p string) bool { _, err := os.Stat(p); return err == nil }

	// Another process has the folder open: recent files stay, stale ones go.
	other, err := openNode(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	plant(0)
	s, err = openNode(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if !exists(filepath.Join(att, "upload-12345")) || !exists(filepath.Join(att, "ab", orphan)) {
		t.Fatal("files of a possible upload in another process were removed")
	}
	plant(2 * time.Hour)
	s, err = openNode(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if exists(filepath.Join(att, "upload-12345")) || exists(filepath.Join(att, "ab", orphan)) {
		t.Fatal("stale files stayed")
	}
	other.Close()

	// Alone with the folder: everything left over goes.
	plant(0)
	s = open(t, dir)
	if exists(filepath.Join(att, "upload-12345")) || exists(filepath.Join(att, "ab", orphan)) {
		t.Fatal("left-overs of a killed upload stayed")
	}
	_, rc, err := s.Attachment(ctx, jo, r.ID, a.ID)
	if err != nil {
		t.Fatalf("the committed attachment: %v", err)
	}
	rc.Close()
}
