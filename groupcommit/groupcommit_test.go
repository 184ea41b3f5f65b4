package groupcommit

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
)

// run starts a writer whose commit records each batch's size, answering
// each op with what its Fn returns.
func run(q *Queue[int], entered, gate chan struct{}) (sizes func() []int, alones func() int) {
	var mu sync.Mutex
	var got []int
	var nAlone int
	go q.Run(func(batch []*Op[int]) {
		select {
		case entered <- struct{}{}:
		default:
		}
		<-gate
		mu.Lock()
		got = append(got, len(batch))
		mu.Unlock()
		for _, op := range batch {
			op.Answer(op.Fn(len(batch)))
		}
	}, func(op *Op[int]) {
		mu.Lock()
		nAlone++
		mu.Unlock()
		op.Answer(op.Fn(1))
	})
	return func() []int { mu.Lock(); defer mu.Unlock(); return append([]int(nil), got...) },
		func() int { mu.Lock(); defer mu.Unlock(); return nAlone }
}

func TestWritesWaitingTogetherCommitTogether(t *testing.T) {
	closed := make(chan struct{})
	defer close(closed)
	q := New[int](closed)
	gate, entered := make(chan struct{}), make(chan struct{}, 4)
	sizes, alones := run(q, entered, gate)
	// The first write holds the writer; the next 10 wait meanwhile and must
	// then be committed as one batch; each caller gets its own answer.
	first := make(chan error, 1)
	go func() { first <- q.Submit(context.Background(), func(int) error { return nil }, false) }()
	<-entered
	errs := make(chan error, 10)
	for i := range 10 {
		go func() {
			errs <- q.Submit(context.Background(), func(int) error {
				if i == 3 {
					return jisr.Because("x", "required")
				}
				return nil
			}, false)
		}()
	}
	for len(q.ops) < 10 {
		time.Sleep(time.Millisecond)
	}
	close(gate)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	failed := 0
	for range 10 {
		if err := <-errs; err != nil {
			if jisr.ErrorCode(err) != jisr.EINVALID {
				t.Fatalf("answer %v", err)
			}
			failed++
		}
	}
	if failed != 1 {
		t.Fatalf("%d writes failed, want the 1 whose Fn failed", failed)
	}
	if got := sizes(); len(got) != 2 || got[0] != 1 || got[1] != 10 {
		t.Fatalf("batches %v, want [1 10]", got)
	}
	// A write marked alone is never batched.
	if err := q.Submit(context.Background(), func(n int) error {
		if n != 1 {
			return errors.New("not alone")
		}
		return nil
	}, true); err != nil || alones() != 1 {
		t.Fatalf("alone: %v, %d alone commits", err, alones())
	}
}

func TestClosed(t *testing.T) {
	closed := make(chan struct{})
	q := New[int](closed)
	done := make(chan error, 1)
	go func() { done <- q.Submit(context.Background(), func(int) error { return nil }, false) }()
	for len(q.ops) == 0 {
		time.Sleep(time.Millisecond)
	}
	close(closed)
	// The write queued before the close is either committed or answered
	// "store closed"; it never waits for ever.
	answer := func(op *Op[int]) { op.Answer(op.Fn(1)) }
	q.Run(func(b []*Op[int]) {
		for _, op := range b {
			answer(op)
		}
	}, answer)
	if err := <-done; err != nil && jisr.ErrorCode(err) != jisr.EINTERNAL {
		t.Fatalf("queued write at close: %v", err)
	}
	// Once the writer has stopped, every write is refused.
	for range 20 {
		if err := q.Submit(context.Background(), func(int) error { return nil }, false); jisr.ErrorCode(err) != jisr.EINTERNAL {
			t.Fatalf("write after close: %v, want store closed", err)
		}
	}
}
