package http_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/jisr-cell/jisr"
)

// TestCursorsAPI: next_cursor is opaque on every list. Paging its own
// records, Jordan learns nothing of how many records Iraq wrote in
// between; a cursor works only for the user and the list it was given for.
func TestCursorsAPI(t *testing.T) {
	n := newNode(t)
	for i := 0; i < 5; i++ {
		if code := n.do(t, "jo.liaison", "POST", "/api/v1/records", seizureJSON(fmt.Sprintf("qxcur%d", i), jisr.TLPAmber, jisr.Releasability{Agencies: []string{"IQ-GDNA"}}), nil); code != 201 {
			t.Fatalf("create: %d", code)
		}
		for j := 0; j < i*3; j++ {
			n.do(t, "iq.analyst", "POST", "/api/v1/records", seizureJSON("qxcurother", jisr.TLPAmber, jisr.Releasability{}), nil)
		}
	}
	type page struct {
		Items      []json.RawMessage `json:"items"`
		NextCursor string            `json:"next_cursor"`
	}
	get := func(user, path, cursor string) (int, page, string) {
		t.Helper()
		if cursor != "" {
			path += "&cursor=" + url.QueryEscape(cursor)
		}
		code, b := n.raw(t, user, "GET", path, nil)
		var pg page
		if code == 200 {
			if err := json.Unmarshal(b, &pg); err != nil {
				t.Fatal(err)
			}
		}
		return code, pg, string(b)
	}
	lists := []struct {
		name, user, stranger, path, other string
		want                              int
	}{
		{"records", "jo.analyst", "jo.liaison", "/api/v1/records?limit=2", "/api/v1/hits?limit=2", 5},
		{"search", "jo.analyst", "iq.analyst", "/api/v1/records?limit=2&q=pomegranates", "/api/v1/release-requests?limit=2", 5},
		{"users", "jo.auditor", "jo.admin", "/api/v1/users?limit=2", "/api/v1/audit?limit=2", len(n.tokens)},
		{"audit", "jo.auditor", "jo.auditor", "/api/v1/audit?limit=2&action=record.create&actor=jo.liaison", "/api/v1/users?limit=2", 5},
	}
	for _, l := range lists {
		t.Run(l.name, func(t *testing.T) {
			seen := map[string]bool{}
			var cursors []string
			c := ""
			for {
				code, pg, body := get(l.user, l.path, c)
				if code != 200 {
					t.Fatalf("%d %s", code, body)
				}
				for _, it := range pg.Items {
					if seen[string(it)] {
						t.Fatalf("item on two pages: %s", it)
					}
					seen[string(it)] = true
				}
				if pg.NextCursor == "" {
					break
				}
				cursors = append(cursors, pg.NextCursor)
				c = pg.NextCursor
			}
			if len(seen) != l.want || len(cursors) < 2 {
				t.Fatalf("%d items, %d cursors", len(seen), len(cursors))
			}
			for _, c := range cursors {
				if _, err := strconv.ParseInt(c, 10, 64); err == nil || len(c) != len(cursors[0]) {
					t.Errorf("cursor %q is a number or its length varies", c)
				}
				bad := []struct{ user, path, cursor string }{
					{l.user, l.other, c},        // another list
					{l.user, l.path, tamper(c)}, // tampered
					{l.user, l.path, "12"},      // a row number
				}
				if l.stranger != l.user {
					bad = append(bad, struct{ user, path, cursor string }{l.stranger, l.path, c})
				}
				for _, b := range bad {
					if code, _, body := get(b.user, b.path, b.cursor); code != 400 || !strings.Contains(body, `"field":"cursor"`) {
						t.Errorf("%s %s with cursor %q: %d %s", b.user, b.path, b.cursor, code, body)
					}
				}
			}
		})
	}
}

// tamper changes one character of a cursor (inside its nonce).
func tamper(c string) string {
	b := []byte(c)
	if b[10] == 'A' {
		b[10] = 'B'
	} else {
		b[10] = 'A'
	}
	return string(b)
}
