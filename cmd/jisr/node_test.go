package main

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
)

func initNode(t *testing.T, dir string) {
	t.Helper()
	code, _, errs := run(t, "", "init", "--data", dir, "--agency", "JO-AND", "--country", "JO", "--name-en", "Anti-Narcotics Department", "--name-ar", "إدارة مكافحة المخدرات", "--admin", "root.admin")
	if code != 0 {
		t.Fatalf("init: %d %s", code, errs)
	}
}

// TestCommandsRefuseFolderWithoutNode: a mistyped --data is an error that
// names the folder and says how to create a node; nothing is created.
func TestCommandsRefuseFolderWithoutNode(t *testing.T) {
	root := t.TempDir()
	empty := filepath.Join(root, "empty")
	os.Mkdir(empty, 0o700)
	in := filepath.Join(root, "in.jsonl")
	os.WriteFile(in, nil, 0o600)
	for _, dir := range []string{filepath.Join(root, "typo"), empty} {
		for _, args := range [][]string{
			{"audit", "verify"},
			{"user", "list"},
			{"user", "add", "--username", "a.b", "--agency", "JO-AND"},
			{"user", "disable", "a.b"},
			{"agency", "list"},
			{"agency", "add", "--code", "JO-X", "--country", "JO", "--name-en", "x", "--name-ar", "x"},
			{"import", "--as", "a.b", in},
			{"export", "--as", "a.b"},
			{"serve", "--addr", "127.0.0.1:0"},
			{"bench", "search", "--queries", "1"},
		} {
			args = append(args, "--data", dir)
			if args[0] == "import" || args[1] == "disable" {
				// the positional argument last
				n := len(args)
				args[n-3], args[n-2], args[n-1] = args[n-2], args[n-1], args[n-3]
			}
			code, _, errs := run(t, "", args...)
			if code != 1 || !strings.Contains(errs, dir) || !strings.Contains(errs, "jisr init --data "+dir) {
				t.Errorf("%q: exit %d, %s", args, code, errs)
			}
		}
		if dir == empty {
			if es, _ := os.ReadDir(empty); len(es) != 0 {
				t.Errorf("a command wrote into a folder without a node: %v", es)
			}
		} else if _, err := os.Stat(dir); err == nil {
			t.Errorf("a command created %s", dir)
		}
	}
	// serve --init creates the node, then asks for its first user.
	dir := filepath.Join(root, "new")
	code, _, errs := run(t, "", "serve", "--init", "--data", dir, "--addr", "127.0.0.1:0")
	if code != 1 || !strings.Contains(errs, "no users yet") {
		t.Fatalf("serve --init: %d %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "jisr.db")); err != nil {
		t.Fatalf("serve --init created no node: %v", err)
	}
	if code, out, errs := run(t, "", "audit", "verify", "--data", dir); code != 0 || !strings.Contains(out, "intact") {
		t.Fatalf("verify after serve --init: %d %s %s", code, out, errs)
	}
}

type fileState struct {
	size int64
	mod  time.Time
	mode fs.FileMode
}

func snapshot(t *testing.T, dir string) map[string]fileState {
	t.Helper()
	m := map[string]fileState{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		st, err := d.Info()
		if err != nil {
			return err
		}
		m[p] = fileState{st.Size(), st.ModTime(), st.Mode()}
		return nil
	})
	return m
}

// TestAuditVerifyReadOnly: verify opens the trail read-only. On a stopped
// node's copy (a backup) it creates no file and changes none — not the
// database, no -wal or -shm, nothing beside the folder — also when the
// folder is read-only; on a running node it reads the entries still in the
// write-ahead log.
func TestAuditVerifyReadOnly(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "node")
	initNode(t, dir)
	for _, ro := range []bool{false, true} {
		backup := filepath.Join(root, "backup")
		if ro {
			backup += "-ro"
		}
		if err := os.CopyFS(backup, os.DirFS(dir)); err != nil {
			t.Fatal(err)
		}
		if ro {
			filepath.WalkDir(backup, func(p string, d fs.DirEntry, err error) error {
				if d.IsDir() {
					return os.Chmod(p, 0o555)
				}
				return os.Chmod(p, 0o444)
			})
			t.Cleanup(func() {
				filepath.WalkDir(backup, func(p string, d fs.DirEntry, err error) error { return os.Chmod(p, 0o700) })
			})
		}
		before := snapshot(t, root)
		time.Sleep(20 * time.Millisecond) // a write would show in the modification time
		code, out, errs := run(t, "", "audit", "verify", "--data", backup, "--audit-checkpoint", dir+".checkpoint")
		if code != 0 || !strings.Contains(out, "audit trail intact") {
			t.Fatalf("verify of the backup (read-only %v): %d %s %s", ro, code, out, errs)
		}
		after := snapshot(t, root)
		for p, st := range after {
			if b, ok := before[p]; !ok {
				t.Errorf("verify created %s", p)
			} else if b != st && p != root {
				t.Errorf("verify changed %s: %+v → %+v", p, b, st)
			}
		}
	}
	// A running node: entries not yet checkpointed into the database are read.
	ctx := context.Background()
	s, err := openStore(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.PrincipalFor(ctx, "root.admin"); err != nil {
		t.Fatal(err)
	}
	e, err := newEngine(s)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.Users(ctx, cli, jisr.Page{}); err != nil {
		t.Fatal(err)
	}
	want, err := s.VerifyTrail(ctx)
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(t, "", "audit", "verify", "--data", dir)
	if code != 0 || !strings.Contains(out, "intact: "+strconv.FormatInt(want, 10)+" entries") {
		t.Fatalf("verify of a running node with %d entries: %d %s %s", want, code, out, errs)
	}
}

// TestAuditVerifyReportsTruncation: entries removed from the end of the
// trail leave the chain intact; verify reports them from the checkpoint
// written at the last clean shutdown, and refuses to vouch without one.
func TestAuditVerifyReportsTruncation(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "node")
	initNode(t, dir)
	code, out, errs := run(t, "", "audit", "verify", "--data", dir)
	m := regexp.MustCompile(`intact: (\d+) entries.*checkpoint signed at (\S+) covers the first (\d+) \(0 written after`).FindStringSubmatch(out)
	if code != 0 || m == nil || m[1] != m[3] {
		t.Fatalf("verify: %d %q %s", code, out, errs)
	}
	n, _ := strconv.Atoi(m[1])
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "jisr.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TRIGGER audit_no_delete`, `DELETE FROM audit WHERE seq = ` + m[1]} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	code, _, errs = run(t, "", "audit", "verify", "--data", dir)
	want := fmt.Sprintf("the trail ends at entry %d but a checkpoint signed at %s records %d entries", n-1, m[2], n)
	if code != 1 || !strings.Contains(errs, want) {
		t.Fatalf("truncation: %d %s\nwant %s", code, errs, want)
	}
	if code, out, _ := run(t, "", "audit", "verify", "--data", dir, "--no-checkpoint"); code != 0 || !strings.Contains(out, "no checkpoint checked") {
		t.Fatalf("--no-checkpoint: %d %s", code, out)
	}
	os.Remove(dir + ".checkpoint")
	if code, _, errs := run(t, "", "audit", "verify", "--data", dir); code != 1 || !strings.Contains(errs, "no checkpoint at "+dir+".checkpoint") {
		t.Fatalf("without a checkpoint: %d %s", code, errs)
	}
}
