package engine

import (
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"net/netip"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/jisr-cell/jisr"
)

// Sign-in throttling: exponential back-off rather than a hard lock.
//
// Failures are counted for four keys: the (account, address) pair, the
// account from anywhere, the address (IPv6: its /64) for every account, and
// the one-time codes of an account. Each key has a number of free failures;
// past them every further failure doubles the wait before the next attempt
// with that key is even checked, up to a ceiling. A key's count is forgotten
// once it has seen no failure for forgetAfter. A successful sign-in clears
// its pair. The right password together with a valid second factor passes
// the pair, account and address back-offs (policy.PassesLock); nothing
// passes the one-time-code back-off.
//
// The state lives in a bounded map in the engine (the least recently
// touched key is evicted first); back-offs in force are also stored by the
// store (AccountTx.PutLoginLocks, in the transaction of the failure's audit
// entry) so that they survive a restart — the map is restored from them at
// first use — and an administrator can see and lift them from the command
// line, even from another process: a back-off is enforced only while its
// row is still there (AccountStore.LoginLockHeld).
//
// With several processes on one database (a PeerStore) a back-off one
// process starts reaches the others (PeerChange.LoginLocks), which count on
// from it: a back-off holds on every process. The free failures before the
// first back-off are counted by each process alone, so behind N processes
// an attacker spreading attempts gets at most N times the free ones.

const (
	kindPair    = "pair"
	kindAccount = "account"
	kindAddr    = "address"
	kindOTP     = "otp"
)

type backoff struct {
	free int           // failures before any wait
	base time.Duration // wait after the first failure past free
	cap  time.Duration // longest wait
}

var backoffs = map[string]backoff{
	kindPair:    {free: 5, base: 30 * time.Second, cap: 15 * time.Minute},
	kindAccount: {free: 20, base: time.Minute, cap: 15 * time.Minute},
	kindAddr:    {free: 100, base: 30 * time.Second, cap: 15 * time.Minute},
	kindOTP:     {free: 5, base: 30 * time.Second, cap: 15 * time.Minute},
}

// wait is the back-off after n failures of a key of kind k.
func (b backoff) wait(n int) time.Duration {
	if n <= b.free {
		return 0
	}
	d := b.base
	for i := b.free + 1; i < n && d < b.cap; i++ {
		d *= 2
	}
	return min(d, b.cap)
}

const (
	forgetAfter = time.Hour        // a key with no failure for this long starts afresh
	summaryGap  = 15 * time.Minute // refused attempts of a key are audited at most once per gap
	// MaxThrottleKeys bounds the in-memory throttle.
	MaxThrottleKeys = 50_000
)

type tkey struct{ kind, account, addr string }

type tentry struct {
	k       tkey
	fails   int
	last    time.Time // last failure
	until   time.Time // no attempt is checked before this
	refused int       // attempts refused since the last summary
	audited time.Time // last summary written
	elem    *list.Element
}

type throttle struct {
	mu  sync.Mutex
	max int
	m   map[tkey]*tentry
	lru *list.List // front: least recently touched
}

func newThrottle() *throttle {
	return &throttle{max: MaxThrottleKeys, m: map[tkey]*tentry{}, lru: list.New()}
}

func (t *throttle) get(k tkey, now time.Time, create bool) *tentry {
	e := t.m[k]
	if e != nil && now.Sub(e.last) > forgetAfter && !now.Before(e.last) && !e.until.After(now) {
		t.remove(e)
		e = nil
	}
	if e == nil {
		if !create {
			return nil
		}
		for len(t.m) >= t.max {
			t.remove(t.lru.Front().Value.(*tentry))
		}
		e = &tentry{k: k}
		e.elem = t.lru.PushBack(e)
		t.m[k] = e
		return e
	}
	t.lru.MoveToBack(e.elem)
	return e
}

func (t *throttle) remove(e *tentry) {
	t.lru.Remove(e.elem)
	delete(t.m, e.k)
}

func (t *throttle) len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.m)
}

// signinKeys are the keys a password attempt is checked against.
func signinKeys(account, addr string) []tkey {
	a := addrKey(addr)
	return []tkey{{kindPair, account, a}, {kindAccount, account, ""}, {kindAddr, "", a}}
}

func otpKey(account string) tkey { return tkey{kindOTP, account, ""} }

// blocked returns the key whose back-off is in force for the longest, and
// how long it still runs; a zero wait means none is.
func (t *throttle) blocked(keys []tkey, now time.Time) (tkey, time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	var worst tkey
	var wait time.Duration
	for _, k := range keys {
		if e := t.get(k, now, false); e != nil && e.until.After(now) && e.until.Sub(now) > wait {
			worst, wait = k, e.until.Sub(now)
		}
	}
	return worst, wait
}

// refuse counts an attempt refused by the back-off of k. It returns the
// number refused since the last summary when a summary is due (at the
// first refusal and then at most once per summaryGap), else 0.
func (t *throttle) refuse(k tkey, now time.Time) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	e := t.get(k, now, true)
	e.refused++
	if e.audited.IsZero() || now.Sub(e.audited) >= summaryGap {
		n := e.refused
		e.refused, e.audited = 0, now
		return n
	}
	return 0
}

// fail counts a failure for every key and returns those now in back-off.
func (t *throttle) fail(keys []tkey, now time.Time) []lockState {
	t.mu.Lock()
	defer t.mu.Unlock()
	var locked []lockState
	for _, k := range keys {
		e := t.get(k, now, true)
		e.fails++
		e.last = now
		if w := backoffs[k.kind].wait(e.fails); w > 0 {
			e.until = now.Add(w)
			locked = append(locked, lockState{k, e.fails, e.until})
		}
	}
	return locked
}

// clear forgets keys (a success, or an administrator's unlock).
func (t *throttle) clear(keys ...tkey) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		if e := t.m[k]; e != nil {
			t.remove(e)
		}
	}
}

// clearMatching forgets every key of an account, or of an address.
func (t *throttle) clearMatching(account, addr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for k, e := range t.m {
		if (account != "" && k.account == account) || (addr != "" && k.addr == addr) {
			t.remove(e)
		}
	}
}

// restore puts a persisted back-off back in memory (at start).
func (t *throttle) restore(l lockState) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e := t.get(l.k, l.until, true)
	e.fails, e.until, e.last = l.fails, l.until, l.until
}

// merge takes in a back-off another process started: the larger count and
// the later end win, so the next failure here doubles from there.
func (t *throttle) merge(l lockState) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e := t.get(l.k, l.until, true)
	e.fails = max(e.fails, l.fails)
	if l.until.After(e.until) {
		e.until = l.until
	}
	if l.until.After(e.last) {
		e.last = l.until
	}
}

type lockState struct {
	k     tkey
	fails int
	until time.Time
}

// lock is the stored form of a key (for the store's login_locks).
func (k tkey) lock() jisr.LoginLock {
	return jisr.LoginLock{Kind: k.kind, Account: k.account, Addr: k.addr}
}

// row is the stored form of a back-off.
func (l lockState) row() jisr.LoginLock {
	r := l.k.lock()
	r.Failures, r.Until = l.fails, l.until
	return r
}

// boundedName is a user name as tried, fit to be stored and kept: a valid
// name as it is; anything else cut to a short printable prefix followed by
// the hash of the whole, so that two different tries stay different and a
// 4 MB name costs some 60 bytes.
func boundedName(s string) string {
	if len(s) <= 63 && reUsername.MatchString(s) {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n == 24 {
			break
		}
		n++
		if unicode.IsPrint(r) && r != '#' && r != '…' {
			b.WriteRune(r)
		}
	}
	sum := sha256.Sum256([]byte(s))
	return b.String() + "…#" + hex.EncodeToString(sum[:8])
}

// boundedAddr is a client address fit to be stored: the IP in canonical
// form, or, if it is not one, a bounded form of it.
func boundedAddr(s string) string {
	if ip, err := netip.ParseAddr(s); err == nil {
		return ip.Unmap().String()
	}
	if len(s) <= 64 && !strings.ContainsFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) {
		return s
	}
	return boundedName(s)
}

// addrKey is the throttle key of an address: an IPv4 address, or the /64
// of an IPv6 address (one host commonly holds a whole /64).
func addrKey(s string) string {
	ip, err := netip.ParseAddr(s)
	if err != nil {
		return boundedAddr(s)
	}
	ip = ip.Unmap()
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}
