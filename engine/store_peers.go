package engine

import (
	"context"

	"github.com/jisr-cell/jisr"
)

// What a store that several processes share (package postgres: several
// `jisr serve` behind one address) tells the engine of the others'
// commits, so that each process's memory — the name index, the live
// notice streams — stays current, and how a background job runs once
// across the processes. A store used by one process (package sqlite) does
// not implement it; the engine asks with a type assertion.

// PeerStore is implemented by a store shared by several processes.
type PeerStore interface {
	// WatchPeers calls fn, one change at a time in commit order, with what
	// other processes committed after the store was opened, until stop is
	// called or the store closes.
	WatchPeers(fn func(PeerChange)) (stop func())
	// Exclusive runs fn unless another process runs the job name at the
	// same time; ran is false when it did not run.
	Exclusive(ctx context.Context, name string, fn func(ctx context.Context) error) (ran bool, err error)
}

// PeerChange is one change another process committed.
type PeerChange struct {
	// Seq, when not 0: the names of the record Seq were written. Old are
	// the positions its names had before (to forget), Names its names now,
	// each with the record's audience now.
	Seq   int64
	Old   []PersonName
	Names []NameRow
	// Notices were stored for users by the other process: they go to
	// those users' live streams here (mail and webhooks are sent once, by
	// the process that stored them).
	Notices []*jisr.Notification
	// Lookout, when not nil: a lookout was issued or ended, as it stands
	// now (the engine keeps active person lookouts in a name index).
	Lookout *jisr.Lookout
	// LoginLocks are sign-in back-offs the other process started (its
	// failures counted past the free ones): this process counts on from
	// them, so a back-off holds on every process.
	LoginLocks []jisr.LoginLock
}

// watchPeers keeps the engine's memory current with the other processes'
// commits, when the store is shared.
func (e *Engine) watchPeers() {
	ps, ok := e.st.(PeerStore)
	if !ok {
		return
	}
	e.stopPeers = ps.WatchPeers(e.peerChange)
}

// peerChange applies one change of another process: the record's names
// in the name index (as putNames does after a commit of this process;
// no name hits: the writing process finds them), and the notices to the
// live streams of this process, the lookout to the name index of
// lookouts (as lookouts.go does after its own commits), the sign-in
// back-offs to the throttle.
func (e *Engine) peerChange(c PeerChange) {
	h := e.hits
	if c.Seq != 0 {
		for _, n := range c.Old {
			h.names.Remove(docID(c.Seq, n.Entity, n.I, n.Schema))
		}
		for _, n := range c.Names {
			h.names.AddTagged(docID(n.Seq, n.Entity, n.I, n.Schema), n.Name, h.audiences.tag(n.Audience))
		}
	}
	if l := c.Lookout; l != nil {
		if l.Type == jisr.LookPerson && l.State == jisr.LookActive {
			e.lookoutNames().Add(l.ID, l.Value)
		} else {
			e.lookoutNames().Remove(l.ID)
		}
	}
	if len(c.LoginLocks) > 0 {
		e.acc.throttleMu.Lock()
		th := e.acc.throttle // nil: restored from the store at first use
		e.acc.throttleMu.Unlock()
		if th != nil {
			for _, l := range c.LoginLocks {
				th.merge(lockState{k: tkey{l.Kind, l.Account, l.Addr}, fails: l.Failures, until: l.Until})
			}
		}
	}
	if len(c.Notices) > 0 {
		hub := e.hub()
		for _, n := range c.Notices {
			hub.Publish(n)
		}
	}
}

// once runs fn once across the processes sharing the store (fn is
// skipped, ran false, while another process runs the job name), or simply
// runs it on a store of one process.
func (e *Engine) once(ctx context.Context, name string, fn func(ctx context.Context) error) (bool, error) {
	if ps, ok := e.st.(PeerStore); ok {
		return ps.Exclusive(ctx, name, fn)
	}
	return true, fn(ctx)
}
