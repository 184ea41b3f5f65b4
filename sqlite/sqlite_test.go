package sqlite_test

import (
	"context"
	"testing"

	"github.com/jisr-cell/jisr/engine"
	"github.com/jisr-cell/jisr/sqlite"
	"github.com/jisr-cell/jisr/storetest"
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
	e := engine.New(s)
	t.Cleanup(func() { e.Close() })
	return e
}

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Store { return MustOpen(t) })
}
