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

// principal signs a demo user in to the node's services directly.
func principal(t *testing.T, n *node, username string) jisr.Principal {
	t.Helper()
	ctx := context.Background()
	tok, _, err := n.store.Login(ctx, username, password, "127.0.0.1")
	if err != nil {
		t.Fatalf("login %s: %v", username, err)
	}
	p, _, err := n.store.Authenticate(ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// createWith stores a seizure with persons of those names (one entity per
// name list), on a date; it returns the record id.
func createWith(t *testing.T, n *node, p jisr.Principal, marker, date, narrative string, persons ...[]string) string {
	t.Helper()
	r := storetest.Seizure(marker, jisr.TLPAmber, jisr.H0, jisr.Releasability{})
	r.OccurredOn = date
	if narrative != "" {
		r.NarrativeEN = narrative
	}
	for i, ns := range persons {
		r.Entities = append(r.Entities, jisr.Entity{ID: "s" + string(rune('1'+i)), Schema: "Person", Role: "suspect", Props: map[string][]string{"name": ns}})
	}
	if err := n.store.CreateRecord(context.Background(), p, r); err != nil {
		t.Fatal(err)
	}
	return r.ID
}

// setLang switches the signed-in browser's language.
func setLang(t *testing.T, ctx context.Context, base, lang string) {
	t.Helper()
	run(t, ctx, chromedp.Navigate(base+"/login"), chromedp.WaitVisible(`form.langs`))
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(`form.langs button[value=`+lang+`]`)); err != nil {
		t.Fatal(err)
	}
}

type searchRow struct {
	ID    string   `json:"id"`
	Date  string   `json:"date"`
	Names []string `json:"names"`
	Text  bool     `json:"text"`
	Why   []string `json:"why"`
}

type searchPage struct {
	Total string      `json:"total"`
	Rows  []searchRow `json:"rows"`
	Sorts []string    `json:"sorts"`
	Min   string      `json:"min"`
}

const searchPageJS = `(function () {
  var rows = Array.from(document.querySelectorAll("table.search-results tbody tr")).map(function (tr) {
    var a = tr.querySelector("td:nth-child(3) a");
    return { id: a.getAttribute("href").replace("/records/", ""), date: tr.querySelector("td").textContent.trim(),
      names: Array.from(tr.querySelectorAll(".match-name mark")).map(function (m) { return m.textContent.trim(); }),
      text: !!tr.querySelector(".match-text"),
      why: Array.from(tr.querySelectorAll(".why-parts li")).map(function (li) { return li.textContent.replace(/\s+/g, " ").trim(); }) };
  });
  var t = document.getElementById("search-total");
  var sel = document.querySelector("select[name=min_score]");
  return { total: t ? t.textContent.trim() : "", rows: rows,
    sorts: Array.from(document.querySelectorAll("select[name=sort] option")).map(function (o) { return o.value; }),
    min: sel ? sel.value : "" };
})()`

// digits reads the number in a text written with Latin or Arabic-Indic
// digits.
func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '٠' && r <= '٩':
			b.WriteRune('0' + r - '٠')
		}
	}
	return b.String()
}

// TestBrowserSearchAcrossScripts: the main search finds the same people
// whichever way their name is typed — Arabic script, "al-Jubouri",
// "Juburi", "Jbouri" — shows what matched and why in the user's language,
// the total, and orders by relevance or date; records of another agency
// the user may not read are neither shown nor counted. Person search
// gives one row per person (its spellings in both scripts together) with
// its records, a count and a threshold the user picks.
func TestBrowserSearchAcrossScripts(t *testing.T) {
	n := newNode(t, 0)
	jo, sa := principal(t, n, "jo.supervisor"), principal(t, n, "sa.officer")
	arOnly := createWith(t, n, jo, "QXS1", "2026-09-01", "", []string{"علي حسين الجبوري"})
	latin := createWith(t, n, jo, "QXS2", "2026-10-15", "", []string{"Ali Hussein al-Jubouri"})
	other := createWith(t, n, jo, "QXS3", "2026-08-20", "", []string{"Kassem Juburi"})
	createWith(t, n, jo, "QXS4", "2026-10-20", "", []string{"Omar Khalil"})
	hidden := createWith(t, n, sa, "QXS5", "2026-10-30", "Driver known as Jbouri.", []string{"محمد الجبوري"}, []string{"Ali Hussein al-Jubouri"})
	want := []string{arOnly, latin, other}
	latinRE := regexp.MustCompile(`[A-Za-z]{3,}`)
	dir := shots(t)
	for _, lang := range []string{"ar", "en"} {
		ctx := browser(t)
		loginAs(t, ctx, n.URL, "jo.supervisor")
		setLang(t, ctx, n.URL, lang)
		for _, q := range []string{"الجبوري", "al-Jubouri", "Juburi", "Jbouri"} {
			run(t, ctx, chromedp.Navigate(n.URL+"/records?q="+url.QueryEscape(q)), chromedp.WaitVisible(`#search-total`))
			pg := get(t, ctx, chromedp.Evaluate[searchPage](searchPageJS))
			var ids []string
			for _, r := range pg.Rows {
				ids = append(ids, r.ID)
				if r.ID == hidden {
					t.Errorf("%s %q: another agency's unreadable record shown", lang, q)
				}
			}
			for _, id := range want {
				if !slices.Contains(ids, id) {
					t.Errorf("%s %q: record %s (the same person, another spelling) not found: %+v", lang, q, id, pg.Rows)
				}
			}
			if got := digits(pg.Total); got != "3" {
				t.Errorf("%s %q: total %q, want 3 (the unreadable record not counted)", lang, q, pg.Total)
			}
			for _, r := range pg.Rows {
				if len(r.Names) == 0 || len(r.Why) == 0 {
					t.Errorf("%s %q: %s shows no matched name or no reason: %+v", lang, q, r.ID, r)
				}
				for _, w := range r.Why {
					// The reason is in the user's language: in Arabic,
					// only the names themselves are Latin.
					rest := w
					for _, nm := range []string{"al-Jubouri", "Jubouri", "Juburi", "Jbouri", "Ali", "Hussein", "Kassem"} {
						rest = strings.ReplaceAll(rest, nm, "")
					}
					if lang == "ar" && latinRE.MatchString(rest) {
						t.Errorf("%s %q: reason %q not in Arabic", lang, q, w)
					}
				}
			}
			if !slices.Equal(pg.Sorts, []string{"relevance", "date"}) || pg.Min != "80" {
				t.Errorf("%s: sort choices %v, threshold %q", lang, pg.Sorts, pg.Min)
			}
		}
		run(t, ctx, chromedp.Click(`table.search-results details.why summary`))
		screenshot(t, ctx, dir, "search-names-"+lang)
		// By date: newest first, the column the list shows.
		run(t, ctx, chromedp.Navigate(n.URL+"/records?sort=date&q="+url.QueryEscape("Jubouri")), chromedp.WaitVisible(`#search-total`))
		pg := get(t, ctx, chromedp.Evaluate[searchPage](searchPageJS))
		var order []string
		for _, r := range pg.Rows {
			order = append(order, r.ID)
		}
		if !slices.Equal(order, []string{latin, arOnly, other}) {
			t.Errorf("%s: by date %v, want %v", lang, order, []string{latin, arOnly, other})
		}
		// By relevance: the exact spelling first.
		run(t, ctx, chromedp.Navigate(n.URL+"/records?sort=relevance&q="+url.QueryEscape("Ali Hussein al-Jubouri")), chromedp.WaitVisible(`#search-total`))
		pg = get(t, ctx, chromedp.Evaluate[searchPage](searchPageJS))
		if len(pg.Rows) < 2 || pg.Rows[0].ID != latin || pg.Rows[1].ID != arOnly {
			t.Errorf("%s: by relevance %+v", lang, pg.Rows)
		}

		// Person search: one row per person, both scripts together.
		run(t, ctx, chromedp.Navigate(n.URL+"/persons?q="+url.QueryEscape("Jubouri")), chromedp.WaitVisible(`#persons-total`))
		type personRow struct {
			Names    []string `json:"names"`
			Mentions []string `json:"mentions"`
		}
		rows := get(t, ctx, chromedp.Evaluate[[]personRow](`Array.from(document.querySelectorAll("tr.person-row")).map(function (tr) {
  return { names: Array.from(tr.querySelectorAll(".name")).map(function (s) { return s.textContent.trim(); }),
    mentions: Array.from(tr.querySelectorAll(".mentions a")).map(function (a) { return a.getAttribute("href").replace("/records/", "").replace(/#.*/, ""); }) };
})`))
		total := get(t, ctx, chromedp.Evaluate[string](`document.getElementById("persons-total").textContent`))
		screenshot(t, ctx, dir, "persons-"+lang)
		if digits(total) != "2" || len(rows) != 2 {
			t.Errorf("%s: persons %q %+v, want 2 rows (Ali Hussein al-Jubouri in both scripts, Kassem Juburi)", lang, total, rows)
		} else {
			i := slices.IndexFunc(rows, func(r personRow) bool { return slices.Contains(r.Names, "Ali Hussein al-Jubouri") })
			if i < 0 || !slices.Contains(rows[i].Names, "علي حسين الجبوري") || !slices.Equal(rows[i].Mentions, []string{latin, arOnly}) {
				t.Errorf("%s: persons %+v, want one with both spellings and records %s, %s (newest first)", lang, rows, latin, arOnly)
			}
		}
		// A higher threshold is the user's to pick.
		run(t, ctx, chromedp.Navigate(n.URL+"/persons?min_score=95&q="+url.QueryEscape("Ali Jbouri")), chromedp.WaitVisible(`#persons-total`))
		if v := get(t, ctx, chromedp.Evaluate[string](`document.querySelector("select[name=min_score]").value`)); v != "95" {
			t.Errorf("%s: threshold shown %q, want 95", lang, v)
		}
		noCSPViolations(t, ctx, "search ("+lang+")")
	}
}
