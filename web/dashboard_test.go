package web_test

import (
	"context"
	"fmt"
	"github.com/jisr-cell/jisr/storetest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/jisr-cell/jisr"
)

var (
	reCardBlind = regexp.MustCompile(`(?s)<div class="card-n"><a href="/hits[^"]*">(?:<bdi dir="ltr">)?([0-9٠-٩]+)(?:</bdi>)?</a></div><div class="card-l">([^<]*)</div>`)
	reHitLine   = regexp.MustCompile(`(?s)<p class="hit-line">(.*?)</p>`)
	reTags      = regexp.MustCompile(`<[^>]+>`)
	reSpaces    = regexp.MustCompile(`\s+`)
)

var latinDigits = strings.NewReplacer("٠", "0", "١", "1", "٢", "2", "٣", "3", "٤", "4", "٥", "5", "٦", "6", "٧", "7", "٨", "8", "٩", "9")

func dump(s string) string {
	return strings.TrimSpace(reSpaces.ReplaceAllString(reTags.ReplaceAllString(s, ""), " "))
}

// TestDashboardItems (issue 12, dashboard), in Arabic and English: the blind
// hits card counts every blind hit still awaiting the agency's decision (as
// the hits inbox lists them); release requests show the record's title on
// both sides, also for a record older than the newest ones listed; the
// latest hits name the records and never repeat a line.
func TestDashboardItems(t *testing.T) {
	n := newNode(t, 230)
	ctx := context.Background()
	joL := principal(t, n, "jo.liaison")
	// the blind hits awaiting Jordan's decision, by the inbox
	want := 0
	for cur := ""; ; {
		hs, next, err := n.store.Hits(ctx, joL, jisr.HitFilter{}, jisr.Page{Limit: 100, Cursor: cur})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hs {
			if h.Other.Disclosure == jisr.DisclosureBlind && h.Status == jisr.HitPending {
				want++
			}
		}
		if next == "" {
			break
		}
		cur = next
	}
	if want == 0 {
		t.Fatal("the demo gives Jordan no blind hit to decide: the test proves nothing")
	}
	// an old Jordanian record, released to Iraq, that Iraq asks to widen
	jo := n.client(t)
	jo.login("jo.supervisor")
	form := seizureForm("OLD1")
	form.Del("rel_agency")
	form.Set("rel_country", "IQ")
	form.Set("title", "Old captagon case at Jaber")
	form.Set("occurred_on", "2019-03-04")
	r := jo.post("/records/new", "/records", form)
	if r.StatusCode != 303 {
		t.Fatalf("create: %d %s", r.StatusCode, firstError(r.body))
	}
	id := strings.TrimSuffix(strings.TrimPrefix(r.Header.Get("Location"), "/records/"), "?done=created")
	krg := n.client(t)
	krg.login("krg.analyst")
	if r := krg.post("/records/"+id, "/records/"+id+"/requests", url.Values{"rel_agency": {"IQ-KRSC"}, "reason": {"controlled delivery"}}); r.StatusCode != 303 {
		t.Fatalf("request: %d %s", r.StatusCode, firstError(r.body))
	}
	// two hundred newer records: the old one is no longer among the newest
	// the dashboard lists
	joS := principal(t, n, "jo.supervisor")
	for i := range 200 {
		r := storetest.Seizure(fmt.Sprint("NEW", i), jisr.TLPAmber, jisr.H0, jisr.Releasability{})
		r.Entities = r.Entities[:1]
		if err := n.store.CreateRecord(ctx, joS, r); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d blind hits await Jordan's decision", want)
	for _, lang := range []string{"ar", "en"} {
		c := n.client(t)
		c.lang = lang
		c.login("jo.liaison")
		body := c.get("/").body
		m := reCardBlind.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("%s: no blind-hits card on the dashboard", lang)
		}
		if got := latinDigits.Replace(dump(m[1])); got != strconv.Itoa(want) {
			t.Errorf("%s: blind hits awaiting our decision = %s, the inbox has %d", lang, got, want)
		}
		if !strings.Contains(body, ">Old captagon case at Jaber</a>") {
			t.Errorf("%s: the request to answer does not show the record's title", lang)
		}
		lines := reHitLine.FindAllStringSubmatch(body, -1)
		t.Logf("%s: %d latest hits", lang, len(lines))
		if len(lines) == 0 {
			t.Errorf("%s: no latest hits", lang)
		}
		seen := map[string]bool{}
		for _, l := range lines {
			s := dump(l[1])
			if seen[s] {
				t.Errorf("%s: latest hits repeat %q", lang, s)
			}
			seen[s] = true
			if !strings.Contains(l[1], `dir="auto">`) || strings.Contains(l[1], `class="code"`) {
				t.Errorf("%s: latest hit without the record's title: %q", lang, s)
			}
		}
		k := n.client(t)
		k.lang = lang
		k.login("krg.analyst")
		if !strings.Contains(k.get("/").body, ">Old captagon case at Jaber</a>") {
			t.Errorf("%s: the requester's dashboard does not show the requested record's title", lang)
		}
	}
}
