package engine

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestBackoffDoubles(t *testing.T) {
	b := backoffs[kindPair]
	for n := 0; n <= b.free; n++ {
		if b.wait(n) != 0 {
			t.Fatalf("%d failures wait %v", n, b.wait(n))
		}
	}
	prev := time.Duration(0)
	for n := b.free + 1; n < b.free+20; n++ {
		w := b.wait(n)
		if w < prev || w > b.cap || (prev > 0 && w != b.cap && w != 2*prev) {
			t.Fatalf("after %d failures %v (before %v)", n, w, prev)
		}
		prev = w
	}
	if prev != b.cap {
		t.Fatalf("the wait never reaches the ceiling: %v", prev)
	}
}

func TestThrottleMapIsBounded(t *testing.T) {
	th := newThrottle()
	th.max = 100
	now := time.Unix(1_800_000_000, 0)
	for i := 0; i < 10_000; i++ {
		th.fail(signinKeys(boundedName(fmt.Sprintf("user%d", i)), fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255)), now)
	}
	if n := th.len(); n > 100 {
		t.Fatalf("the throttle keeps %d keys; bound is 100", n)
	}
	// The most recent keys are kept, the oldest evicted.
	if th.m[tkey{kindAccount, "user9999", ""}] == nil || th.m[tkey{kindAccount, "user0", ""}] != nil {
		t.Fatal("eviction is not oldest-first")
	}
}

func TestBoundedName(t *testing.T) {
	if got := boundedName("jo.analyst"); got != "jo.analyst" {
		t.Fatalf("a valid name changed: %q", got)
	}
	long := strings.Repeat("a", 4<<20)
	a, b := boundedName(long), boundedName(long+"b")
	if len(a) > 64 || a == b || !strings.HasPrefix(a, "aaaa") {
		t.Fatalf("bounded names: %q %q", a, b)
	}
	if got := boundedName("bad\x00name\u202e"); strings.ContainsAny(got, "\x00\u202e") {
		t.Fatalf("control characters kept: %q", got)
	}
	if addrKey("2001:db8:1:2:3:4:5:6") != addrKey("2001:db8:1:2:ffff::1") || addrKey("2001:db8:1:2::1") == addrKey("2001:db8:1:3::1") {
		t.Fatal("IPv6 addresses should be throttled by /64")
	}
	if addrKey("::ffff:10.0.0.1") != "10.0.0.1" {
		t.Fatalf("mapped IPv4: %q", addrKey("::ffff:10.0.0.1"))
	}
}
