package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// phoneWidth × phoneHeight is the phone-sized screen of issue 12.
const phoneWidth, phoneHeight = 390, 844

// phonePages are the main pages a supervisor reaches from the menu (and a
// search, a person search, a profile and a record form).
var phonePages = []string{"/", "/records", "/records?q=%D8%A7%D9%84%D8%AC%D8%A8%D9%88%D8%B1%D9%8A", "/persons?q=Jubouri",
	"/profiles?type=phone&value=%2B9647807269252", "/stats", "/map", "/graph", "/records/new?kind=seizure", "/import",
	"/hits", "/requests", "/lookouts", "/operations", "/outcomes", "/disclosures", "/notifications", "/audit"}

type phoneReport struct {
	Scroll  int      `json:"scroll"` // document.scrollingElement.scrollWidth
	Inner   int      `json:"inner"`  // the viewport's width
	ScrollX int      `json:"scrollX"`
	Wide    []string `json:"wide"`   // elements that stick out of the viewport
	Hidden  []string `json:"hidden"` // title, menu toggle, search: off-screen
}

// phoneJS measures the page: its scrolling width, every visible element
// that sticks out of the viewport (unless a box with its own scrolling or
// clipping holds it, and that box fits), and whether the title, the menu
// toggle and the search box are on screen as the page opens.
const phoneJS = `(function () {
  var iw = window.innerWidth, wide = [], hidden = [];
  function name(e) {
    var c = typeof e.className === "string" && e.className ? "." + e.className.trim().split(/\s+/).join(".") : "";
    return e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + c;
  }
  function clipped(e) {
    for (var p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      var o = getComputedStyle(p).overflowX;
      if (o !== "visible") { return true; }
    }
    return false;
  }
  document.querySelectorAll("body *").forEach(function (e) {
    var r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) { return; }
    if (getComputedStyle(e).visibility === "hidden") { return; }
    if ((r.right > iw + 1 || r.left < -1) && !clipped(e)) {
      wide.push(name(e) + " " + Math.round(r.left) + ".." + Math.round(r.right));
    }
  });
  var need = ["main h1", ".menu-toggle"];
  if (document.querySelector("main input[type=search]")) { need.push("main input[type=search]"); }
  need.forEach(function (s) {
    var e = document.querySelector(s);
    var r = e ? e.getBoundingClientRect() : null;
    if (!r || r.width === 0 || r.left < -1 || r.right > iw + 1 || r.top < 0 || r.top > window.innerHeight) {
      hidden.push(s + (r ? " " + Math.round(r.left) + ".." + Math.round(r.right) + " top " + Math.round(r.top) : " missing"));
    }
  });
  return { scroll: document.scrollingElement.scrollWidth, inner: iw, scrollX: Math.round(window.scrollX), wide: wide.slice(0, 8), hidden: hidden };
})()`

// TestBrowserPhoneWidth (issue 12, phone-sized screens): at 390 × 844 no
// main page, in Arabic or in English, is wider than the screen or has an
// element sticking out of it; each opens with its title, the menu toggle and
// its search box on screen (an Arabic page must not open scrolled to the
// far side). Every step is bounded in time.
func TestBrowserPhoneWidth(t *testing.T) {
	n := newNode(t, 60)
	ctx := phoneBrowser(t, 4*time.Minute)
	phoneLogin(t, ctx, n.URL, "jo.supervisor")
	if w := get(t, ctx, chromedp.Evaluate[int](`window.innerWidth`)); w != phoneWidth {
		t.Fatalf("viewport is %d px wide, want %d", w, phoneWidth)
	}
	// and one record's page
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	rec := get(t, c, chromedp.Evaluate[string](`fetch("/records").then(function (r) { return r.text(); }).then(function (h) {
  var m = h.match(/href="(\/records\/[A-Za-z0-9_-]{6,})"/); return m ? m[1] : ""; })`, chromedp.EvalAwaitPromise))
	cancel()
	if rec == "" {
		t.Fatal("no record on /records")
	}
	pages := append(append([]string(nil), phonePages...), rec)
	for _, lang := range []string{"ar", "en"} {
		phoneLang(t, ctx, n.URL, lang)
		for _, p := range pages {
			rep, err := phoneMeasure(ctx, n.URL+p)
			where := lang + " " + p
			if err != nil {
				t.Errorf("%s: %v", where, err)
				continue
			}
			if rep.Scroll > rep.Inner || len(rep.Wide) > 0 {
				t.Errorf("%s: page %d px wide on a %d px screen; sticking out: %v", where, rep.Scroll, rep.Inner, rep.Wide)
			}
			if rep.ScrollX != 0 || len(rep.Hidden) > 0 {
				t.Errorf("%s: opens scrolled by %d px; off screen: %v", where, rep.ScrollX, rep.Hidden)
			}
		}
	}
	// The menu opens and shows the navigation and the user's name.
	c, cancel = context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	run(t, c, chromedp.Navigate(n.URL+"/"), chromedp.WaitVisible(`.menu-toggle`), chromedp.Click(`.menu-toggle`),
		chromedp.WaitVisible(`header .who`), chromedp.WaitVisible(`nav.nav a[href="/records"]`))
	if v := get(t, c, chromedp.AttributeValue(`.menu-toggle`, "aria-expanded")); v.Value != "true" {
		t.Errorf("menu toggle aria-expanded = %q after opening", v.Value)
	}
}

// phoneBrowser is a browser whose viewport is phone-sized (headless
// Chromium's window is at least 500 px wide, so the viewport is emulated).
func phoneBrowser(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	ctx, _ := browserSized(t, d, 500, phoneHeight)
	run(t, ctx, chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulatePortrait))
	return ctx
}

// phoneLogin signs in on a phone-sized window: the header's user name is
// folded into the menu there, so it waits for the page's title instead.
func phoneLogin(t *testing.T, ctx context.Context, base, user string) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	run(t, c,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(`input[name=username]`),
		chromedp.SendKeys(`input[name=username]`, user),
		chromedp.SendKeys(`input[name=password]`, password),
		chromedp.Click(`form[action="/login"] button`),
		chromedp.WaitVisible(`main h1`),
		chromedp.WaitReady(`header .who`),
	)
}

// phoneLang switches the language with the header's form, which is folded
// into the menu on a phone (so it is submitted by script, not by a click).
func phoneLang(t *testing.T, ctx context.Context, base, lang string) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	run(t, c, chromedp.Navigate(base+"/"), chromedp.WaitReady(`form.langs`),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("form.langs button[value=`+lang+`]").click()`),
		chromedp.WaitVisible(`html[lang=`+lang+`] main h1`))
}

// phoneMeasure opens one page (30 s at most) and measures it.
func phoneMeasure(ctx context.Context, url string) (phoneReport, error) {
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(c, chromedp.Navigate(url), chromedp.WaitVisible(`main h1`)); err != nil {
		return phoneReport{}, fmt.Errorf("open: %w", err)
	}
	rep, err := chromedp.Run(c, chromedp.Evaluate[phoneReport](phoneJS))
	if err != nil {
		return rep, fmt.Errorf("measure: %w", err)
	}
	if strings.Contains(url, "/login") {
		return rep, fmt.Errorf("sent to the login page")
	}
	return rep, nil
}

// TestBrowserPhoneScreens takes the phone-sized screenshots (390 × 844) of
// docs/screenshots in Arabic and English: dashboard, records, a record,
// hits, statistics, person search and the opened menu (to JISR_SCREENSHOTS
// if set; always taken, to catch errors).
func TestBrowserPhoneScreens(t *testing.T) {
	n := newNode(t, 300)
	dir := shots(t)
	c := n.client(t)
	c.login("jo.supervisor")
	body := c.get("/records?kind=seizure").body
	i := strings.Index(body, `<td><a href="/records/`)
	if i < 0 {
		t.Fatal("no seizure listed")
	}
	rest := body[i+len(`<td><a href="`):]
	recordURL := rest[:strings.Index(rest, `"`)]
	pages := []struct{ name, path, wait string }{
		{"dashboard", "/", `.cards`},
		{"records", "/records", `table.grid`},
		{"record", recordURL, `.banner`},
		{"hits", "/hits", `main h1`},
		{"stats", "/stats", `svg.chart`},
		{"persons", "/persons?q=%D9%85%D8%AD%D9%85%D8%AF", `main h1`},
	}
	ctx := phoneBrowser(t, 4*time.Minute)
	phoneLogin(t, ctx, n.URL, "jo.supervisor")
	for _, lang := range []string{"ar", "en"} {
		phoneLang(t, ctx, n.URL, lang)
		for _, p := range pages {
			c, cancel := context.WithTimeout(ctx, 30*time.Second)
			run(t, c, chromedp.Navigate(n.URL+p.path), chromedp.WaitVisible(p.wait))
			noCSPViolations(t, c, p.name+" phone ("+lang+")")
			screenshot(t, c, dir, p.name+"-phone-"+lang)
			cancel()
		}
		c, cancel := context.WithTimeout(ctx, 30*time.Second)
		run(t, c, chromedp.Navigate(n.URL+"/"), chromedp.WaitVisible(`.menu-toggle`), chromedp.Click(`.menu-toggle`), chromedp.WaitVisible(`header .who`))
		screenshot(t, c, dir, "menu-phone-"+lang)
		cancel()
	}
}
