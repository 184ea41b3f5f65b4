package sqlite_test

import (
	"context"
	"testing"

	"github.com/jisr-cell/jisr/engine"
	"github.com/jisr-cell/jisr/sqlite"
)

// MustOpen opens a store in a temporary folder and returns the engine over
// it (the node's services); both are closed at the end of the test.
func MustOpen(t testing.TB) *engine.Engine {
	t.Helper()
	s, err := sqlite.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	e := svc(s)
	t.Cleanup(func() { e.Close() })
	return e
}

// The contract suite (storetest) runs once, over the engine on this store,
// in package engine (engine.TestContract): running it here too would only
// repeat the same tests.

// node is a store with the engine over it, as the store's tests use them:
// the services through the engine, the rest of the store directly.
type node struct {
	*engine.Engine
	*sqlite.Store
}

// openNode opens the store in dir and the engine over it.
func openNode(ctx context.Context, dir string, opts ...sqlite.Option) (node, error) {
	s, err := sqlite.Open(ctx, dir, opts...)
	if err != nil {
		return node{}, err
	}
	return node{svc(s), s}, nil
}

// Close closes the engine, then the store.
func (n node) Close() error {
	n.Engine.Close()
	return n.Store.Close()
}
