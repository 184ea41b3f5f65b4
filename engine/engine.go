package engine

import (
	"github.com/jisr-cell/jisr"
)

// Engine implements the node's services (jisr.Services) on a Store.
type Engine struct {
	st      Store
	notices notices   // notify.go
	hits    *hitState // hits_engine.go
	acc     accounts  // users and sign-in (accounts.go)
	look    lookState // lookouts.go
	// stopPeers stops watching other processes' commits (store_peers.go).
	stopPeers func()
}

// Option configures New.
type Option func(*Engine)

// New returns the engine of st. The caller keeps st: it closes the engine
// first, then the store.
func New(st Store, opts ...Option) *Engine {
	e := &Engine{st: st, hits: newHitState()}
	for _, o := range opts {
		o(e)
	}
	e.startHits()
	e.lookoutNames()
	e.watchPeers()
	return e
}

// Services returns the node's services, to hand to http and web.
func (e *Engine) Services() jisr.Services {
	return jisr.Services{
		Records: e, Users: e, Agencies: e, Audit: e, Hits: e, Persons: e, Search: e, Graph: e,
		Account: e, Storage: e,
		Requests: e, Notifications: e, Events: e, Lookouts: e,
		Operations: e, Outcomes: e, Disclosures: e, Feeds: e, Mappings: e,
	}
}

// Close stops the engine's background work. It does not close the store.
func (e *Engine) Close() error {
	if e.stopPeers != nil {
		e.stopPeers()
	}
	e.stopHits()
	e.closeNotices()
	return nil
}

var (
	_ jisr.RecordService  = (*Engine)(nil)
	_ jisr.UserService    = (*Engine)(nil)
	_ jisr.AgencyService  = (*Engine)(nil)
	_ jisr.AuditService   = (*Engine)(nil)
	_ jisr.HitService     = (*Engine)(nil)
	_ jisr.PersonService  = (*Engine)(nil)
	_ jisr.SearchService  = (*Engine)(nil)
	_ jisr.GraphService   = (*Engine)(nil)
	_ jisr.AccountService = (*Engine)(nil)
	_ jisr.StorageMonitor = (*Engine)(nil)
)
