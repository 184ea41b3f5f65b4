package storetest

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
)

// testFeeds: the TAXII collections (jisr.FeedService) are the caller's own
// sharing audiences; each serves what the caller reads and may pass on —
// never another agency's TLP:RED, AMBER+STRICT or H2, never TLP:RED at
// all — and another audience's collection is not found, like an absent
// one. Pages, added_after and cursors work; a cursor is the caller's.
func testFeeds(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	feeds, ok := s.(jisr.FeedService)
	if !ok {
		t.Skip("no feeds")
	}
	lia := As(t, s, "jo.liaison")
	mk := func(marker string, tlp jisr.TLP, h jisr.Handling, rel jisr.Releasability) *jisr.Record {
		r := Seizure(marker, tlp, h, rel)
		if err := s.CreateRecord(ctx, lia, r); err != nil {
			t.Fatalf("create %s: %v", marker, err)
		}
		return r
	}
	toIQ := jisr.Releasability{Agencies: []string{"IQ-GDNA"}}
	mk("qxfeedprivate", jisr.TLPAmber, jisr.H0, jisr.Releasability{})
	shared := mk("qxfeedshared", jisr.TLPAmber, jisr.H0, toIQ)
	mk("qxfeedred", jisr.TLPRed, jisr.H0, toIQ)
	mk("qxfeedstrict", jisr.TLPAmberStrict, jisr.H0, toIQ)
	mk("qxfeedhtwo", jisr.TLPAmber, jisr.H2, toIQ)
	mk("qxfeedgroup", jisr.TLPGreen, jisr.H1, jisr.Releasability{Groups: []string{"levant"}})
	mk("qxfeedcommunity", jisr.TLPGreen, jisr.H0, jisr.Releasability{Community: true})

	// all reads every collection of a caller, page by page.
	all := func(p jisr.Principal) (string, map[string][]string) {
		cs, err := feeds.Collections(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		var sb strings.Builder
		byKind := map[string][]string{}
		for _, c := range cs {
			cur := ""
			for i := 0; ; i++ {
				pg, err := feeds.CollectionRecords(ctx, p, c.ID, time.Time{}, jisr.Page{Limit: 1, Cursor: cur})
				if err != nil {
					t.Fatalf("%s: collection %s page %d: %v", p.Username, c.Kind, i, err)
				}
				for _, r := range pg.Records {
					b, _ := json.Marshal(r)
					sb.Write(b)
					byKind[c.Kind+":"+c.Name] = append(byKind[c.Kind+":"+c.Name], strings.TrimPrefix(r.Title, "Seizure "))
				}
				if !pg.More {
					break
				}
				cur = pg.Next
				if i > 20 {
					t.Fatal("pages never end")
				}
			}
		}
		b, _ := json.Marshal(cs)
		sb.Write(b)
		return sb.String(), byKind
	}
	for _, c := range []struct {
		user      string
		want, not []string
	}{
		{"iq.analyst", []string{"qxfeedshared", "qxfeedgroup", "qxfeedcommunity", "Third-party rule"}, []string{"qxfeedprivate", "qxfeedred", "qxfeedstrict", "qxfeedhtwo", "\"name\":\"JO\"", "\"name\":\"JO-AND\""}},
		{"iq.liaison", []string{"qxfeedshared"}, []string{"qxfeedred", "qxfeedstrict", "qxfeedhtwo", "qxfeedprivate"}},
		{"lb.analyst", []string{"qxfeedgroup", "qxfeedcommunity"}, []string{"qxfeedshared", "qxfeedprivate", "qxfeedred", "qxfeedstrict", "qxfeedhtwo"}},
		{"sa.officer", []string{"qxfeedcommunity"}, []string{"qxfeedshared", "qxfeedgroup", "qxfeedprivate", "qxfeedred", "qxfeedstrict", "qxfeedhtwo", "levant"}},
		{"jo.analyst", []string{"qxfeedprivate", "qxfeedshared", "qxfeedstrict", "qxfeedhtwo", "qxfeedcommunity"}, []string{"qxfeedred"}},
		{"jo.admin", nil, []string{"qxfeed"}},
		{"jo.auditor", nil, []string{"qxfeed"}},
	} {
		got, byKind := all(As(t, s, c.user))
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s's collections lack %s: %v", c.user, w, byKind)
			}
		}
		for _, n := range c.not {
			if strings.Contains(got, n) {
				t.Errorf("%s's collections show %s: %v", c.user, n, byKind)
			}
		}
	}
	// Another audience's collection is not found, like an absent one.
	jo := As(t, s, "jo.analyst")
	iq := As(t, s, "iq.analyst")
	joCols, _ := feeds.Collections(ctx, jo)
	iqCols, _ := feeds.Collections(ctx, iq)
	for _, c := range joCols {
		if slices.ContainsFunc(iqCols, func(x *jisr.Collection) bool { return x.ID == c.ID }) {
			continue
		}
		if _, err := feeds.CollectionRecords(ctx, iq, c.ID, time.Time{}, jisr.Page{}); code(err) != jisr.ENOTFOUND {
			t.Errorf("iq.analyst reading JO's %s collection: %v", c.Kind, err)
		}
	}
	if _, err := feeds.CollectionRecords(ctx, iq, "00000000-0000-0000-0000-000000000000", time.Time{}, jisr.Page{}); code(err) != jisr.ENOTFOUND {
		t.Errorf("absent collection: %v", err)
	}
	// added_after leaves out what changed before; a cursor is its caller's.
	agency := iqCols[slices.IndexFunc(iqCols, func(x *jisr.Collection) bool { return x.Kind == "agency" })]
	pg, err := feeds.CollectionRecords(ctx, iq, agency.ID, shared.UpdatedAt, jisr.Page{})
	if err != nil || slices.ContainsFunc(pg.Records, func(r *jisr.Record) bool { return r.ID == shared.ID }) {
		t.Errorf("added_after the shared record still gives it: %v", err)
	}
	community := iqCols[slices.IndexFunc(iqCols, func(x *jisr.Collection) bool { return x.Kind == "community" })]
	pg, err = feeds.CollectionRecords(ctx, iq, community.ID, time.Time{}, jisr.Page{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if pg.More {
		sa := As(t, s, "sa.officer")
		if _, err := feeds.CollectionRecords(ctx, sa, community.ID, time.Time{}, jisr.Page{Limit: 1, Cursor: pg.Next}); code(err) != jisr.EINVALID {
			t.Errorf("another caller's cursor: %v", err)
		}
	}
}
