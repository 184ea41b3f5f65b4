package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserAccessibility runs axe-core's WCAG 2.0/2.1 A and AA rules over the main
// pages in Arabic and English (issue 12, accessibility pass): every violation fails.
func TestBrowserAccessibility(t *testing.T) {
	n := newNode(t, 60)
	ctx := browser(t)
	loginAs(t, ctx, n.URL, "jo.supervisor")
	for _, lang := range []string{"ar", "en"} {
		setLang(t, ctx, n.URL, lang)
		for _, p := range []string{"/", "/records", "/records?q=%D8%A7%D9%84%D8%AC%D8%A8%D9%88%D8%B1%D9%8A", "/persons?q=Jubouri", "/profiles?type=phone&value=%2B9647807269252", "/stats", "/map", "/graph", "/records/new?kind=seizure", "/hits"} {
			run(t, ctx, chromedp.Navigate(n.URL+p), chromedp.WaitVisible(`main h1`))
			axeCheck(t, ctx, lang+" "+p)
		}
	}
}
