package engine_test

import (
	"context"
	"testing"

	"github.com/jisr-cell/jisr/engine"
	"github.com/jisr-cell/jisr/sqlite"
	"github.com/jisr-cell/jisr/storetest"
)

// open returns the engine over a new SQLite store in a temporary folder;
// both are closed at the end of the test (the engine first).
func open(t testing.TB, opts ...sqlite.Option) (*engine.Engine, *sqlite.Store) {
	t.Helper()
	s, err := sqlite.Open(context.Background(), t.TempDir(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	key, err := s.Derive(engine.TOTPKeyInfo, 32)
	if err != nil {
		t.Fatal(err)
	}
	e := engine.New(s, engine.WithTOTPKey(key))
	t.Cleanup(func() { e.Close() })
	return e, s
}

// TestContract runs the contract suite against the engine over SQLite.
func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Store { e, _ := open(t); return e })
}
