package diskspace_test

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"syscall"
	"testing"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/diskspace"
)

// TestThresholds: under MinFree a warning is logged once per crossing,
// under Reserve new content is refused with ESTORAGEFULL; a quota smaller
// than the file system's free space counts.
func TestThresholds(t *testing.T) {
	var logs bytes.Buffer
	free := int64(10 << 30)
	m := diskspace.New(t.TempDir())
	m.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	m.Probe = func(string) (int64, error) { return free, nil }
	if err := m.Note(m.Measure(-1)); err != nil {
		t.Fatal(err)
	}
	if got := m.Measure(5); got != 5 {
		t.Fatalf("quota not counted: %d", got)
	}
	free = diskspace.DefaultMinFree - 1
	for range 2 {
		if err := m.Note(m.Measure(-1)); err != nil {
			t.Fatal(err)
		}
	}
	if n := strings.Count(logs.String(), "low disk space"); n != 1 {
		t.Fatalf("%d warnings, want 1:\n%s", n, logs.String())
	}
	if st := m.Status(free); !st.Low || st.Full || !strings.HasPrefix(st.Reason, "low_space") {
		t.Fatalf("status %+v", st)
	}
	free = diskspace.DefaultReserve - 1
	err := m.Note(m.Measure(-1))
	if jisr.ErrorCode(err) != jisr.ESTORAGEFULL || !errors.Is(err, diskspace.ErrUnderReserve) {
		t.Fatalf("under the reserve: %v", err)
	}
	if st := m.Status(free); !st.Full {
		t.Fatalf("status %+v", st)
	}
	// A writer never eats the reserve.
	var buf bytes.Buffer
	w := m.Limit(&buf, diskspace.DefaultReserve+3)
	if _, err := w.Write([]byte("abc")); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte("d")); jisr.ErrorCode(err) != jisr.ESTORAGEFULL {
		t.Fatalf("write into the reserve: %v", err)
	}
}

// TestFailedWriteMarksFull: a write that failed for lack of space marks
// the storage full until a write of content commits.
func TestFailedWriteMarksFull(t *testing.T) {
	m := diskspace.New(t.TempDir())
	m.Probe = func(string) (int64, error) { return 10 << 30, nil }
	enospc := fmt.Errorf("write: %w", syscall.ENOSPC)
	if !diskspace.IsFull(enospc) || diskspace.IsFull(errors.New("other")) || diskspace.IsFull(nil) {
		t.Fatal("IsFull")
	}
	if err := m.Failed(enospc); jisr.ErrorCode(err) != jisr.ESTORAGEFULL {
		t.Fatalf("failed: %v", err)
	}
	if st := m.Status(m.Measure(-1)); !st.Full || !strings.Contains(st.Reason, "a write failed") {
		t.Fatalf("status after a failure %+v", st)
	}
	m.Committed()
	if st := m.Status(m.Measure(-1)); st.Full {
		t.Fatalf("status after a commit %+v", st)
	}
}
