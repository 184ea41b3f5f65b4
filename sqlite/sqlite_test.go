package sqlite_test

import (
	"context"
	"testing"

	"github.com/jisr-cell/jisr/sqlite"
	"github.com/jisr-cell/jisr/storetest"
)

// MustOpen opens a store in a temporary folder, closed at the end of the test.
func MustOpen(t testing.TB) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Store { return MustOpen(t) })
}
