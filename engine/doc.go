// Package engine implements the node's services (jisr.Services: records,
// hits, users, audit, …) and holds every rule of them, on top of a narrow
// store interface. Stores (package sqlite; PostgreSQL later) hold SQL and
// transactions only; access is decided in package policy, which the engine
// asks, and applied by the store in its queries from the audience tokens
// the engine hands it.
//
// # The store interface (store.go)
//
// A store implements Store, and its write transactions implement Tx. Both
// are composites: a core (StoreCore, TxCore) and one interface per concern
// declared in engine/store_<concern>.go by the helper that owns the concern
// (store_records.go, store_hits.go, store_accounts.go, …) and embedded in
// Store or Tx on one line. StoreCore.Write(ctx, fn) runs fn in ONE write
// transaction: everything fn does through its Tx — puts, postings, state
// changes, audit entries — is committed together or not at all;
// WriteAlone is the same for a long write (an import) that must not be
// grouped with others. TxCore gives the transaction's time (Now, every
// timestamp a write stores), audit append (Audit, and AuditReads for reads,
// with the store's positions of the records shown) and AfterCommit (run f
// once the write is kept). Reads outside a write are methods of the
// concern interfaces on Store; the same queries inside a write are methods
// of Tx. A read of records takes the caller's audience tokens
// (policy.CallerTokens, computed by the engine) and filters by them in the
// query: a store never computes tokens and never decides access. Records
// are named to a store by id; a store's own positions (int64 seq) may be
// handed back to it but mean nothing to the engine.
//
// # Changes of state (transit.go)
//
// Anything with states (release requests, hit answers, requests to come)
// changes state only through transit: find the item as the caller may see
// it (ENOTFOUND like absent), ask the policy (EFORBIDDEN), check the state
// (ECONFLICT), then apply, bump the version and audit, in one write
// transaction; a refusal is audited as denied.
package engine
