package sqlite_test

import (
	"context"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
	"github.com/jisr-cell/jisr/sqlite"
)

// svc returns the engine over s (the node's services), given the keys it
// needs derived from the node key, as the node wires it.
func svc(s *sqlite.Store) *engine.Engine {
	key, err := s.Derive(engine.TOTPKeyInfo, 32)
	if err != nil {
		panic(err)
	}
	return engine.New(s, engine.WithTOTPKey(key))
}

// The store answers these queries too (engine.AccountStore); a node
// answers them as the engine does.

func (n node) Agencies(ctx context.Context) ([]*jisr.Agency, error) { return n.Engine.Agencies(ctx) }

func (n node) Agency(ctx context.Context, code string) (*jisr.Agency, error) {
	return n.Engine.Agency(ctx, code)
}

func (n node) UserByName(ctx context.Context, username string) (*jisr.User, error) {
	return n.Engine.UserByName(ctx, username)
}
