// Package groupcommit is the write queue both stores share: every write of
// a process goes to one writer goroutine, which takes the writes waiting
// at that moment (up to MaxBatch) and hands them to the store to commit in
// one transaction, each in a savepoint of its own. A write marked alone (a
// long import) is committed in a transaction of its own, after the batch
// in front of it. A caller waits until its write is committed or rolled
// back; a write still queued when the store closes is answered "store
// closed". What a transaction is, savepoints and the audit chain's head,
// stays in the store: this package only orders and answers the writes.
package groupcommit

import (
	"context"

	"github.com/jisr-cell/jisr"
)

// MaxBatch is the most writes committed in one transaction.
const MaxBatch = 256

// Op is one write: Fn run with the store's transaction type T.
type Op[T any] struct {
	Ctx   context.Context
	Fn    func(T) error
	Alone bool // a transaction of its own, without a savepoint
	done  chan error
}

// Answer tells the waiting caller how its write ended (nil: committed).
func (op *Op[T]) Answer(err error) { op.done <- err }

// Queue holds the writes waiting for the writer.
type Queue[T any] struct {
	ops     chan *Op[T]
	closed  <-chan struct{}
	stopped chan struct{}
}

// New returns a queue whose writer stops when closed is closed.
func New[T any](closed <-chan struct{}) *Queue[T] {
	return &Queue[T]{ops: make(chan *Op[T], 1024), closed: closed, stopped: make(chan struct{})}
}

func errClosed() error { return jisr.Errorf(jisr.EINTERNAL, "store closed") }

// Submit queues fn and waits until the writer has answered it: the error
// fn or its commit returned, ctx's error if ctx ended before the write was
// queued or run, or "store closed".
func (q *Queue[T]) Submit(ctx context.Context, fn func(T) error, alone bool) error {
	op := &Op[T]{Ctx: ctx, Fn: fn, Alone: alone, done: make(chan error, 1)}
	select {
	case q.ops <- op:
	case <-q.closed:
		return errClosed()
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-op.done:
		return err
	case <-q.stopped:
		// The writer has stopped: it answered the op or never took it.
		select {
		case err := <-op.done:
			return err
		default:
			return errClosed()
		}
	}
}

// Run is the writer: it hands each batch of waiting writes to commit and
// each write marked alone to alone, which must answer every op they are
// given, until the queue is closed. Then it answers what is still queued
// and returns.
func (q *Queue[T]) Run(commit func(batch []*Op[T]), alone func(op *Op[T])) {
	defer close(q.stopped)
	batch := make([]*Op[T], 0, MaxBatch)
	for {
		select {
		case op := <-q.ops:
			batch = batch[:0]
			var single *Op[T]
			if op.Alone {
				single = op
			} else {
				batch = append(batch, op)
			}
		fill:
			for single == nil && len(batch) < MaxBatch {
				select {
				case op := <-q.ops:
					if op.Alone {
						single = op
						break fill
					}
					batch = append(batch, op)
				default:
					break fill
				}
			}
			if len(batch) > 0 {
				commit(batch)
			}
			if single != nil {
				alone(single)
			}
		case <-q.closed:
			for {
				select {
				case op := <-q.ops:
					op.Answer(errClosed())
				default:
					return
				}
			}
		}
	}
}
