package cursor_test

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"strconv"
	"strings"
	"testing"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/cursor"
)

func TestCursor(t *testing.T) {
	c, err := cursor.New(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	alice := jisr.Principal{UserID: 3, Username: "jo.analyst", Agency: "JO-AND"}
	bob := jisr.Principal{UserID: 4, Username: "iq.analyst", Agency: "IQ-GDNA"}
	const pos = 1234567
	a1 := c.Encode(alice, cursor.Records, pos)
	a2 := c.Encode(alice, cursor.Records, pos)
	b1 := c.Encode(bob, cursor.Records, pos)
	if a1 == a2 || a1 == b1 {
		t.Fatalf("cursors of one position repeat: %s %s %s", a1, a2, b1)
	}
	if len(a1) != len(b1) || len(a1) != len(c.Encode(alice, cursor.Records, 1)) {
		t.Fatal("cursor length depends on the position or the caller")
	}
	if got, err := c.Decode(alice, cursor.Records, a1); err != nil || got != pos {
		t.Fatalf("decode: %d %v", got, err)
	}
	// Nothing of the position is readable.
	raw, _ := base64.RawURLEncoding.DecodeString(a1)
	var be [8]byte
	binary.BigEndian.PutUint64(be[:], pos)
	if bytes.Contains(raw, be[:]) || strings.Contains(a1, strconv.Itoa(pos)) || bytes.Contains(raw, []byte(strconv.Itoa(pos))) {
		t.Fatalf("cursor shows its position: %x", raw)
	}
	refused := func(name string, p jisr.Principal, list, s string) {
		t.Helper()
		if _, err := c.Decode(p, list, s); jisr.ErrorCode(err) != jisr.EINVALID || jisr.ErrorField(err) != "cursor" {
			t.Errorf("%s: %v", name, err)
		}
	}
	refused("another user's cursor", bob, cursor.Records, a1)
	refused("another list's cursor", alice, cursor.Audit, a1)
	refused("a number", alice, cursor.Records, "1234567")
	refused("empty bytes", alice, cursor.Records, "AAAA")
	for i := range raw {
		t2 := bytes.Clone(raw)
		t2[i] ^= 1
		refused("bit "+strconv.Itoa(i)+" flipped", alice, cursor.Records, base64.RawURLEncoding.EncodeToString(t2))
	}
	other, _ := cursor.New(bytes.Repeat([]byte{8}, 32))
	refused("another node's cursor", alice, cursor.Records, other.Encode(alice, cursor.Records, pos))
	sys := jisr.Principal{System: true, Username: "system"}
	if _, err := c.Decode(jisr.Principal{Username: "system"}, cursor.Users, c.Encode(sys, cursor.Users, 5)); err == nil {
		t.Error("the node's cursor opens for a user named system")
	}
}
