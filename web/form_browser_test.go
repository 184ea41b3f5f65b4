package web_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

type summaryItem struct {
	Href   string `json:"href"`
	Name   string `json:"name"`
	Target bool   `json:"target"` // the link leads to an element of the page
	Beside string `json:"beside"` // the error shown beside that field
}

// TestBrowserFormErrorsAtOnce: a submit with several mistakes shows every
// one at once, beside its field and in a summary at the top that links to
// each field, named in the user's language.
func TestBrowserFormErrorsAtOnce(t *testing.T) {
	n := newNode(t, 0)
	latin := regexp.MustCompile(`[A-Za-z]`)
	for _, lang := range []string{"ar", "en"} {
		ctx := browser(t)
		loginAs(t, ctx, n.URL, "jo.supervisor")
		run(t, ctx, chromedp.Navigate(n.URL+"/login"), chromedp.WaitVisible(`form.langs`))
		if _, err := chromedp.RunResponse(ctx, chromedp.Click(`form.langs button[value=`+lang+`]`)); err != nil {
			t.Fatal(err)
		}
		run(t, ctx,
			chromedp.Navigate(n.URL+"/records/new?kind=seizure"),
			chromedp.WaitVisible(`input[name=title]`),
			fill(map[string]string{"title": "", "narrative_ar": "", "narrative_en": "", "grading.source": "",
				"seizure.arrests": "two", "place.lat": "north", "place.lon": "35.5"}),
			chromedp.Click(`.form-actions button.primary`),
			chromedp.WaitVisible(`#form-errors`),
		)
		items := get(t, ctx, chromedp.Evaluate[[]summaryItem](`Array.from(document.querySelectorAll("#form-errors li a")).map(function (a) {
  var id = decodeURIComponent(a.getAttribute("href").slice(1)), el = document.getElementById(id);
  var fe = el && el.querySelector(".field-error");
  return { href: a.getAttribute("href"), name: a.textContent.trim(), target: !!el, beside: fe ? fe.textContent.trim() : "" };
})`))
		got := map[string]summaryItem{}
		for _, it := range items {
			got[it.Href] = it
			if !it.Target {
				t.Errorf("%s: summary link %s leads nowhere", lang, it.Href)
			}
			if it.Beside == "" {
				t.Errorf("%s: no error beside %s", lang, it.Href)
			}
			if it.Name == "" || strings.Contains(it.Name, ".") || lang == "ar" && latin.MatchString(it.Name) {
				t.Errorf("%s: field %s named %q, not in the user's language", lang, it.Href, it.Name)
			}
		}
		for _, want := range []string{"#f-title", "#f-narrative_ar", "#f-grading.source", "#f-seizure.arrests", "#f-place.lat"} {
			if _, ok := got[want]; !ok {
				t.Errorf("%s: the summary does not list %s: %+v", lang, want, items)
			}
		}
		noCSPViolations(t, ctx, "form errors ("+lang+")")
	}
}
