package main

import (
	"github.com/jisr-cell/jisr/engine"
)

// newEngine returns the node's services over the store s (package engine),
// handing it the keys it needs, derived from the node key.
func newEngine(s nodeStore, opts ...engine.Option) (*engine.Engine, error) {
	totp, err := s.Derive(engine.TOTPKeyInfo, 32)
	if err != nil {
		return nil, err
	}
	return engine.New(s, append([]engine.Option{engine.WithTOTPKey(totp)}, opts...)...), nil
}
