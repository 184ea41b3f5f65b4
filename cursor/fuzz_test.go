package cursor_test

import (
	"bytes"
	"testing"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/cursor"
)

// FuzzDecode: a cursor is outside input (a query parameter). Whatever is
// sent, Decode never panics, refuses anything it did not seal for this
// caller and list with EINVALID on field "cursor", and a cursor it sealed
// still decodes to its position.
func FuzzDecode(f *testing.F) {
	c, err := cursor.New(bytes.Repeat([]byte{9}, 32))
	if err != nil {
		f.Fatal(err)
	}
	p := jisr.Principal{UserID: 3, Username: "jo.analyst", Agency: "JO-AND"}
	f.Add(c.Encode(p, cursor.Records, 42), int64(42))
	f.Add("", int64(0))
	f.Add("AAAA", int64(1))
	f.Add("12345", int64(12345))
	f.Fuzz(func(t *testing.T, s string, pos int64) {
		got, err := c.Decode(p, cursor.Records, s)
		if err != nil {
			if jisr.ErrorCode(err) != jisr.EINVALID {
				t.Fatalf("decode %q: error code %q", s, jisr.ErrorCode(err))
			}
		} else if got < 0 {
			t.Fatalf("decode %q: negative position %d", s, got)
		}
		if pos < 0 {
			return
		}
		if got, err := c.Decode(p, cursor.Records, c.Encode(p, cursor.Records, pos)); err != nil || got != pos {
			t.Fatalf("round trip of %d: %d %v", pos, got, err)
		}
		if _, err := c.Decode(p, cursor.Users, c.Encode(p, cursor.Records, pos)); err == nil {
			t.Fatalf("a records cursor of %d is accepted for users", pos)
		}
	})
}
