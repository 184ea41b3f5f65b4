package sqlite_test

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/storetest"
)

// TestAuditTamper edits, removes and reorders rows of the trail behind the
// store's back; verification must fail and name the entry.
func TestAuditTamper(t *testing.T) {
	tests := []struct {
		name string
		sql  string
		want string
	}{
		{"edit detail", `UPDATE audit SET detail = 'nothing to see' WHERE seq = 5`, "audit entry 5: content does not match its hash"},
		{"edit actor", `UPDATE audit SET actor = 'someone.else' WHERE seq = 7`, "audit entry 7: content does not match its hash"},
		{"delete middle", `DELETE FROM audit WHERE seq = 6`, "audit entry 6: missing or reordered"},
		{"break the chain", `UPDATE audit SET prev_hash = hash WHERE seq = 8`, "audit entry 8: does not chain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			s, err := openNode(ctx, dir)
			if err != nil {
				t.Fatal(err)
			}
			storetest.Seed(t, s)
			if n, err := s.VerifyAudit(ctx); err != nil || n < 10 {
				t.Fatalf("before tampering: %d %v", n, err)
			}
			s.Close()
			// The triggers refuse ordinary edits.
			db, err := sql.Open("sqlite", "file:"+dir+"/jisr.db")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Exec(`UPDATE audit SET detail = 'x' WHERE seq = 1`); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Fatalf("trigger did not refuse the edit: %v", err)
			}
			for _, q := range []string{`DROP TRIGGER audit_no_update`, `DROP TRIGGER audit_no_delete`, tt.sql} {
				if _, err := db.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			db.Close()
			s, err = openNode(ctx, dir)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			_, err = s.VerifyAudit(ctx)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("verify = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestCrashDurability writes records in a child process, kills it with
// SIGKILL mid-stream, and checks that every write it acknowledged is there
// after reopening, with an intact audit trail.
func TestCrashDurability(t *testing.T) {
	if dir := os.Getenv("JISR_CRASH_CHILD"); dir != "" {
		crashChild(dir)
		return
	}
	if testing.Short() {
		t.Skip("spawns a process")
	}
	ctx := context.Background()
	dir := t.TempDir()
	s, err := openNode(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	storetest.Seed(t, s)
	s.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashDurability$")
	cmd.Env = append(os.Environ(), "JISR_CRASH_CHILD="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var acked []string
	sc := bufio.NewScanner(out)
	// The child is killed after 300 acknowledgements or after 90 s, whichever
	// comes first, so the test ends by itself even on a loaded machine.
	stop := time.AfterFunc(90*time.Second, func() { cmd.Process.Kill() })
	defer stop.Stop()
	for sc.Scan() {
		if id, ok := strings.CutPrefix(sc.Text(), "ack "); ok {
			acked = append(acked, id)
			if len(acked) == 300 {
				cmd.Process.Kill() // SIGKILL: no clean shutdown
				break
			}
		}
	}
	cmd.Process.Kill()
	cmd.Wait()
	if len(acked) < 300 {
		t.Fatalf("child acknowledged only %d writes", len(acked))
	}
	s, err = openNode(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	jo := storetest.As(t, s, "jo.analyst")
	for _, id := range acked {
		if _, err := s.Record(ctx, jo, id); err != nil {
			t.Fatalf("acknowledged record %s lost: %v", id, err)
		}
	}
	if n, err := s.VerifyAudit(ctx); err != nil {
		t.Fatalf("audit after crash (%d entries): %v", n, err)
	}
	// And the node goes on writing after the crash.
	if err := s.CreateRecord(ctx, jo, storetest.Seizure("qxafter", jisr.TLPAmber, jisr.H0, jisr.Releasability{})); err != nil {
		t.Fatal(err)
	}
	if _, err := s.VerifyAudit(ctx); err != nil {
		t.Fatal(err)
	}
}

func crashChild(dir string) {
	ctx := context.Background()
	s, err := openNode(ctx, dir)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	p, err := s.PrincipalFor(ctx, "jo.analyst")
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	w := bufio.NewWriter(os.Stdout)
	results := make(chan string, 64)
	for g := 0; g < 4; g++ { // concurrent writers exercise group commit
		go func() {
			for i := 0; ; i++ {
				r := storetest.Seizure(fmt.Sprintf("qxcrash%d", i), jisr.TLPAmber, jisr.H0, jisr.Releasability{})
				if err := s.CreateRecord(ctx, p, r); err != nil {
					results <- "error " + err.Error()
					return
				}
				results <- "ack " + r.ID
			}
		}()
	}
	for line := range results {
		fmt.Fprintln(w, line)
		w.Flush()
	}
}

// TestCloseWhileWriting closes the store while writers and the name
// worker are busy: Close returns, and every write is answered.
func TestCloseWhileWriting(t *testing.T) {
	ctx := context.Background()
	s, err := openNode(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	storetest.Seed(t, s)
	p, _ := s.PrincipalFor(ctx, "jo.analyst")
	answered := make(chan error, 64)
	for g := 0; g < 8; g++ {
		go func() {
			for i := 0; ; i++ {
				r := storetest.Seizure(fmt.Sprintf("qxclose%d", i), jisr.TLPAmber, jisr.H0, jisr.Releasability{})
				r.Entities = append(r.Entities, jisr.Entity{ID: "p2", Schema: "Person", Props: map[string][]string{"name": {"Ahmad Khalil al-Masri"}}})
				if err := s.CreateRecord(ctx, p, r); err != nil {
					answered <- err
					return
				}
			}
		}()
	}
	time.Sleep(300 * time.Millisecond)
	done := make(chan error, 1)
	go func() { done <- s.Close() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close hangs while writes are in flight")
	}
	for g := 0; g < 8; g++ {
		select {
		case err := <-answered:
			if jisr.ErrorCode(err) != jisr.EINTERNAL {
				t.Fatalf("write after close: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("a write was never answered")
		}
	}
}
