package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/storetest"
)

// TestBrowserHitReasons: why a "possibly the same person" hit was made is
// rendered whole in the user's language from the hit's reason key and
// parameters — the two names, each part's match in words, the parts one
// side lacks — not an English sentence made in the engine ("exact;
// candidate only 1.00: جعفر" in the Arabic interface).
func TestBrowserHitReasons(t *testing.T) {
	n := newNode(t, 0)
	jo, lb := principal(t, n, "jo.supervisor"), principal(t, n, "lb.liaison")
	ours := storetest.Seizure("QXR1", jisr.TLPAmber, jisr.H0, jisr.Releasability{})
	ours.Entities = append(ours.Entities, jisr.Entity{ID: "s1", Schema: "Person", Role: "suspect", Props: map[string][]string{"name": {"جعفر قاسم الشمري"}}})
	if err := n.store.CreateRecord(context.Background(), jo, ours); err != nil {
		t.Fatal(err)
	}
	theirs := storetest.Seizure("QXR2", jisr.TLPAmber, jisr.H0, jisr.Releasability{Agencies: []string{"JO-AND"}})
	theirs.Entities = append(theirs.Entities, jisr.Entity{ID: "s1", Schema: "Person", Role: "suspect", Props: map[string][]string{"name": {"Jaafar Qasim Mohammed al-Shammari"}}})
	if err := n.store.CreateRecord(context.Background(), lb, theirs); err != nil {
		t.Fatal(err)
	}
	// Name hits are found by a worker after the commit.
	deadline := time.Now().Add(20 * time.Second)
	for {
		hs, err := n.store.RecordHits(context.Background(), jo, ours.ID)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, h := range hs {
			found = found || h.Rule == jisr.RuleName
		}
		if found {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no name hit: %+v", hs)
		}
		time.Sleep(200 * time.Millisecond)
	}
	want := map[string][]string{
		"ar": {"الاسم نفسه بالخط الآخر", "سجلنا", "سجلهم", "في اسمهم فقط", "Mohammed"},
		"en": {"the same name in the other script", "our record", "theirs", "Only in theirs", "Mohammed"},
	}
	for _, lang := range []string{"ar", "en"} {
		ctx := browser(t)
		loginAs(t, ctx, n.URL, "jo.supervisor")
		setLang(t, ctx, n.URL, lang)
		run(t, ctx, chromedp.Navigate(n.URL+"/records/"+ours.ID+"#hits"), chromedp.WaitVisible(`table.hits`))
		run(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("table.hits details").forEach(function (d) { d.open = true; })`))
		why := get(t, ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll("table.hits tr.hit-full details.why")).map(function (d) { return d.textContent; }).join(" | ")`))
		for _, w := range want[lang] {
			if !strings.Contains(why, w) {
				t.Errorf("%s: the reason %q does not say %q", lang, why, w)
			}
		}
		if lang == "ar" {
			rest := why
			for _, nm := range []string{"Jaafar", "Qasim", "Mohammed", "al-Shammari"} {
				rest = strings.ReplaceAll(rest, nm, "")
			}
			if latinWord.MatchString(rest) {
				t.Errorf("ar: the reason is not whole in Arabic: %q", why)
			}
		}
		rep := get(t, ctx, chromedp.Evaluate[orderReport](visualOrderJS))
		if len(rep.Bad) > 0 {
			t.Errorf("%s: shown out of order %q", lang, rep.Bad)
		}
		// The person search says why each name matched in the same words,
		// from the match's parts (PersonMatch.Why), not the engine's English.
		run(t, ctx, chromedp.Navigate(n.URL+"/persons?q=%D8%AC%D8%B9%D9%81%D8%B1+%D9%82%D8%A7%D8%B3%D9%85+%D8%A7%D9%84%D8%B4%D9%85%D8%B1%D9%8A"), chromedp.WaitVisible(`main h1`))
		run(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("details.why").forEach(function (d) { d.open = true; })`))
		pwhy := get(t, ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll("table.grid details.why")).map(function (d) { return d.textContent; }).join(" | ")`))
		for _, w := range wantPersons[lang] {
			if !strings.Contains(pwhy, w) {
				t.Errorf("%s: person search: the reason %q does not say %q", lang, pwhy, w)
			}
		}
		if lang == "ar" {
			rest := pwhy
			for _, nm := range []string{"Jaafar", "Qasim", "Mohammed", "al-Shammari"} {
				rest = strings.ReplaceAll(rest, nm, "")
			}
			if latinWord.MatchString(rest) {
				t.Errorf("ar: the person search's reason is not whole in Arabic: %q", pwhy)
			}
		}
		noCSPViolations(t, ctx, "hit reasons ("+lang+")")
	}
}

// wantPersons: what the person search's "why" says of the person of
// TestBrowserHitReasons searched as our record writes it (one row for both
// spellings, matched by ours), in each language.
var wantPersons = map[string][]string{
	"ar": {"جعفر ↔ جعفر مطابق تماماً", "الشمري ↔ الشمري مطابق تماماً"},
	"en": {"جعفر ↔ جعفر the same", "الشمري ↔ الشمري the same"},
}

// TestBrowserValidationReasons: a validation message is rendered whole in
// the user's language from its reason key and parameters (a latitude out
// of range says so, with its bounds read left to right), not an English
// sentence beside a generic one.
func TestBrowserValidationReasons(t *testing.T) {
	n := newNode(t, 0)
	want := map[string]string{"ar": "بين", "en": "between"}
	for _, lang := range []string{"ar", "en"} {
		ctx := browser(t)
		loginAs(t, ctx, n.URL, "jo.supervisor")
		setLang(t, ctx, n.URL, lang)
		run(t, ctx,
			chromedp.Navigate(n.URL+"/records/new?kind=seizure"),
			chromedp.WaitVisible(`input[name=title]`),
			fill(map[string]string{"place.lat": "95", "place.lon": "35.5"}),
			chromedp.Click(`.form-actions button.primary`),
			chromedp.WaitVisible(`#form-errors`),
		)
		msg := get(t, ctx, chromedp.Evaluate[string](`(function () { var e = document.querySelector("[id='f-place.lat'] .field-error"); return e ? e.textContent : ""; })()`))
		if !strings.Contains(msg, want[lang]) || !strings.Contains(msg, "90") {
			t.Errorf("%s: latitude 95: %q, want the range in words", lang, msg)
		}
		if lang == "ar" && latinWord.MatchString(msg) {
			t.Errorf("ar: %q is not whole in Arabic", msg)
		}
		rep := get(t, ctx, chromedp.Evaluate[orderReport](visualOrderJS))
		if len(rep.Bad) > 0 {
			t.Errorf("%s: shown out of order %q", lang, rep.Bad)
		}
	}
}
