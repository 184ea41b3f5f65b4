package web_test

import (
	"context"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/storetest"
)

var latinWord = regexp.MustCompile(`[A-Za-z]{2,}`)

type profileView struct {
	Kind     string   `json:"kind"`
	Count    string   `json:"count"`
	Mentions []string `json:"mentions"`
	Names    []string `json:"names"`
	Graph    string   `json:"graph"`
	Lookout  string   `json:"lookout"`
	Blind    int      `json:"blind"`
	Months   int      `json:"months"`
	Linked   []string `json:"linked"`
}

const profileJS = `(function () {
  function all(sel, f) { return Array.from(document.querySelectorAll(sel)).map(f); }
  var g = document.getElementById("open-graph"), l = document.getElementById("set-lookout");
  return { kind: document.querySelector("h1.profile-title .muted").textContent.trim(),
    count: document.getElementById("profile-count").textContent.trim(),
    mentions: all("table.mentions tr.mention td:nth-child(3) a", function (a) { return a.getAttribute("href").replace("/records/", "").replace(/#.*/, ""); }),
    names: all(".profile-names .name", function (s) { return s.textContent.trim(); }),
    graph: g ? g.getAttribute("href") : "", lookout: l ? l.getAttribute("href") : "",
    blind: document.querySelectorAll("table.hits tr.hit-blind").length,
    months: document.querySelectorAll("table.timeline tr").length,
    linked: all("ul.linked a", function (a) { return a.textContent.trim(); }) };
})()`

// TestBrowserProfiles: a phone and a person each have a page gathering the
// records the user may read that mention them (newest first), the person's
// spellings in both scripts, what else those records hold, a timeline and
// the hits, the blind one stated as blind; with "open in graph" and "set a
// lookout". It is reached from the record's entities, from the search
// results and from the hits; another agency's unreadable record is not
// among the records.
func TestBrowserProfiles(t *testing.T) {
	n := newNode(t, 0)
	jo, sa := principal(t, n, "jo.supervisor"), principal(t, n, "sa.officer")
	mk := func(p jisr.Principal, marker, date, name string) string {
		r := storetest.Seizure(marker, jisr.TLPAmber, jisr.H0, jisr.Releasability{})
		r.OccurredOn = date
		r.Entities = append(r.Entities,
			jisr.Entity{ID: "s1", Schema: "Person", Role: "suspect", Props: map[string][]string{"name": {name}}},
			jisr.Entity{ID: "ph1", Schema: "Phone", Props: map[string][]string{"number": {"+964 780 726 9252"}}},
			jisr.Entity{ID: "v1", Schema: "Vehicle", Props: map[string][]string{"registrationNumber": {"40-81295"}, "country": {"JO"}}})
		if err := n.store.CreateRecord(context.Background(), p, r); err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	a := mk(jo, "QXP1", "2026-09-01", "علي حسين الجبوري")
	b := mk(jo, "QXP2", "2026-10-01", "Ali Hussein al-Jubouri")
	hidden := mk(sa, "QXP3", "2026-10-20", "Ali Hussein al-Jubouri")
	dir := shots(t)
	for _, lang := range []string{"ar", "en"} {
		ctx := browser(t)
		loginAs(t, ctx, n.URL, "jo.supervisor")
		setLang(t, ctx, n.URL, lang)
		check := func(what string, pv profileView) {
			t.Helper()
			// Identifiers, numbers and dates read left to right; no
			// internal key is shown.
			run(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("details").forEach(function (d) { d.open = true; })`))
			rep := get(t, ctx, chromedp.Evaluate[orderReport](visualOrderJS))
			if len(rep.Bad) > 0 || len(rep.Keys) > 0 {
				t.Errorf("%s %s: shown out of order %q, internal keys %q", lang, what, rep.Bad, rep.Keys)
			}
			if !slices.Equal(pv.Mentions, []string{b, a}) || digits(pv.Count) != "2" {
				t.Errorf("%s %s: records %v (%q), want %s then %s", lang, what, pv.Mentions, pv.Count, b, a)
			}
			if slices.Contains(pv.Mentions, hidden) {
				t.Errorf("%s %s: another agency's record shown", lang, what)
			}
			if pv.Months != 2 {
				t.Errorf("%s %s: timeline of %d months, want 2", lang, what, pv.Months)
			}
			if pv.Graph == "" || !strings.HasPrefix(pv.Lookout, "/lookouts/new?") {
				t.Errorf("%s %s: open in graph %q, set a lookout %q", lang, what, pv.Graph, pv.Lookout)
			}
			if lang == "ar" && latinWord.MatchString(pv.Kind) {
				t.Errorf("%s %s: kind %q not translated", lang, what, pv.Kind)
			}
		}
		// From the record's entities: the phone.
		run(t, ctx, chromedp.Navigate(n.URL+"/records/"+a), chromedp.WaitVisible(`table.entities`))
		if _, err := chromedp.RunResponse(ctx, chromedp.Click(`table.entities tr#e-ph1 a.name`)); err != nil {
			t.Fatal(err)
		}
		run(t, ctx, chromedp.WaitVisible(`#profile-count`))
		pv := get(t, ctx, chromedp.Evaluate[profileView](profileJS))
		check("phone", pv)
		screenshot(t, ctx, dir, "profile-phone-"+lang+"-full")
		if want := "/graph?q=" + url.QueryEscape("sel:phone:+9647807269252"); unescape(pv.Graph) != unescape(want) {
			t.Errorf("%s phone: open in graph %q, want %q", lang, pv.Graph, want)
		}
		if want := "/lookouts/new?type=phone&value=" + url.QueryEscape("+9647807269252"); unescape(pv.Lookout) != unescape(want) {
			t.Errorf("%s phone: set a lookout %q, want %q", lang, pv.Lookout, want)
		}
		if pv.Blind == 0 {
			t.Errorf("%s phone: the blind hit on Saudi Arabia's record is not shown", lang)
		}
		if !slices.Contains(pv.Linked, "40-81295") || !slices.Contains(pv.Linked, "Ali Hussein al-Jubouri") {
			t.Errorf("%s phone: linked %v, want the plate as written and the person", lang, pv.Linked)
		}
		// From the record's entities: the person.
		run(t, ctx, chromedp.Navigate(n.URL+"/records/"+a), chromedp.WaitVisible(`table.entities`))
		if _, err := chromedp.RunResponse(ctx, chromedp.Click(`table.entities tr#e-s1 a.name`)); err != nil {
			t.Fatal(err)
		}
		run(t, ctx, chromedp.WaitVisible(`#profile-count`))
		pv = get(t, ctx, chromedp.Evaluate[profileView](profileJS))
		check("person", pv)
		if !slices.Contains(pv.Names, "علي حسين الجبوري") || !slices.Contains(pv.Names, "Ali Hussein al-Jubouri") {
			t.Errorf("%s person: spellings %v, want both scripts", lang, pv.Names)
		}
		// From the search results.
		run(t, ctx, chromedp.Navigate(n.URL+"/records?q=Jbouri"), chromedp.WaitVisible(`#search-total`))
		if _, err := chromedp.RunResponse(ctx, chromedp.Click(`.match-name a`)); err != nil {
			t.Fatal(err)
		}
		run(t, ctx, chromedp.WaitVisible(`#profile-count`))
		check("person from search", get(t, ctx, chromedp.Evaluate[profileView](profileJS)))
		// From the hits: the shared value.
		run(t, ctx, chromedp.Navigate(n.URL+"/records/"+b+"#hits"), chromedp.WaitVisible(`table.hits`))
		if _, err := chromedp.RunResponse(ctx, chromedp.Click(`table.hits a.profile-link`)); err != nil {
			t.Fatal(err)
		}
		run(t, ctx, chromedp.WaitVisible(`#profile-count`))
		check("value of a hit", get(t, ctx, chromedp.Evaluate[profileView](profileJS)))
		noCSPViolations(t, ctx, "profiles ("+lang+")")
	}
}

func unescape(s string) string {
	u, err := url.QueryUnescape(s)
	if err != nil {
		return s
	}
	return u
}
