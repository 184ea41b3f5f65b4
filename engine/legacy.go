package engine

// Legacy is what the engine still forwards to the store while the rules
// move out of package sqlite (issue 10). It is TEMPORARY: each move defines
// the method on *Engine and deletes its line here (and the store's method);
// when it is empty, it goes. *sqlite.Store satisfies it today.
//
// The lines are grouped by the helper that moves them.
type Legacy interface {
	// Empty: every service has moved (issue 10). It goes with the next
	// change of the engine's constructor.
}
