package sqlite

import (
	"sync"
	"time"
)

// throttle counts failed logins per account and per address in a sliding
// window and refuses further attempts past a limit.
type throttle struct {
	mu         sync.Mutex
	window     time.Duration
	perAccount int
	perAddr    int
	fails      map[string][]time.Time
}

func newThrottle() *throttle {
	return &throttle{window: 15 * time.Minute, perAccount: 5, perAddr: 20, fails: map[string][]time.Time{}}
}

func (t *throttle) recent(key string, now time.Time) []time.Time {
	xs := t.fails[key]
	i := 0
	for i < len(xs) && now.Sub(xs[i]) > t.window {
		i++
	}
	xs = xs[i:]
	if len(xs) == 0 {
		delete(t.fails, key)
	} else {
		t.fails[key] = xs
	}
	return xs
}

// allowed reports whether a login for user from addr may be tried now.
func (t *throttle) allowed(user, addr string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.recent("u:"+user, now)) < t.perAccount && len(t.recent("a:"+addr, now)) < t.perAddr
}

func (t *throttle) fail(user, addr string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.fails["u:"+user] = append(t.recent("u:"+user, now), now)
	t.fails["a:"+addr] = append(t.recent("a:"+addr, now), now)
}

func (t *throttle) success(user string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fails, "u:"+user)
}
