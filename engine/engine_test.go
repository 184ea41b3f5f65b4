package engine_test

import (
	"context"
	"testing"

	"github.com/jisr-cell/jisr/engine"
	"github.com/jisr-cell/jisr/postgres"
	"github.com/jisr-cell/jisr/postgres/pgtest"
	"github.com/jisr-cell/jisr/sqlite"
	"github.com/jisr-cell/jisr/storetest"
)

// TestMain starts a throwaway PostgreSQL for the contract suite over the
// PostgreSQL store (package pgtest: skipped without one, unless
// JISR_REQUIRE_POSTGRES=1).
func TestMain(m *testing.M) { pgtest.Main(m) }

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

// openPostgres returns the engine over a new PostgreSQL store: a fresh
// database, keys and attachments in a temporary folder.
func openPostgres(t testing.TB, opts ...postgres.Option) (*engine.Engine, *postgres.Store) {
	t.Helper()
	s, err := postgres.Open(context.Background(), pgtest.URL(t), t.TempDir(), opts...)
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

// TestContract runs the contract suite against the engine over each store,
// the two stores side by side (each test has a store of its own).
func TestContract(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		storetest.Run(t, func(t *testing.T) storetest.Store { e, _ := open(t); return e })
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		storetest.Run(t, func(t *testing.T) storetest.Store { e, _ := openPostgres(t); return e })
	})
}
