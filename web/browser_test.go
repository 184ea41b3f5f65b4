package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

const chromium = "/usr/bin/chromium"

// browser starts headless Chromium for one user (its own profile, so its
// own cookies). In CI the browser tests must run: they skip only on a
// developer machine without Chromium.
func browser(t *testing.T) context.Context {
	ctx, _ := browserCancel(t)
	return ctx
}

// browserCancel is browser with a function that stops Chromium early.
func browserCancel(t *testing.T) (context.Context, context.CancelFunc) {
	t.Helper()
	return browserFor(t, 3*time.Minute)
}

// browserFor is browserCancel for a session that lasts up to d.
func browserFor(t *testing.T, d time.Duration) (context.Context, context.CancelFunc) {
	t.Helper()
	return browserSized(t, d, 1366, 900)
}

// browserSized is browserFor with a window of w×h pixels.
func browserSized(t *testing.T, d time.Duration, w, h int) (context.Context, context.CancelFunc) {
	t.Helper()
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI: %s is required for the browser tests: %v", chromium, err)
		}
		t.Skipf("no %s; install Debian's chromium to run the browser tests", chromium)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("lang", "en-US"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(w, h),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, d)
	stop := func() { cancelT(); cancelC(); cancelA() }
	t.Cleanup(stop)
	// Record every CSP violation of every page, to fail on them.
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) { window.__csp.push(e.violatedDirective + " " + e.blockedURI); });`})
		return err
	}))
	if err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx, stop
}

func run(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// get runs one action that returns a value.
func get[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// noCSPViolations fails the test if the current page broke its CSP.
func noCSPViolations(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	v := get(t, ctx, chromedp.Evaluate[[]string](`window.__csp || []`))
	if len(v) > 0 {
		t.Errorf("%s: CSP violations: %v", where, v)
	}
}

func loginAs(t *testing.T, ctx context.Context, base, user string) {
	t.Helper()
	run(t, ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(`input[name=username]`),
		chromedp.SendKeys(`input[name=username]`, user),
		chromedp.SendKeys(`input[name=password]`, password),
		chromedp.Click(`form[action="/login"] button`),
		chromedp.WaitVisible(`header .who`),
	)
}

// fill sets form fields by name; the n-th field of a repeated name with "name#n".
const fillJS = `(function (values) {
  for (const [k, v] of Object.entries(values)) {
    const [name, nth] = k.split("#");
    const els = document.getElementsByName(name);
    const el = els[nth ? parseInt(nth, 10) : 0];
    if (!el) { throw new Error("no field " + k); }
    if (el.type === "checkbox") { el.checked = v === "on"; } else { el.value = v; }
  }
  return true;
})`

func fill(values map[string]string) chromedp.Action[chromedp.Void] {
	var b strings.Builder
	b.WriteString("{")
	i := 0
	for k, v := range values {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "%q:%q", k, v)
		i++
	}
	b.WriteString("}")
	return chromedp.Evaluate[chromedp.Void](fillJS + "(" + b.String() + ")")
}

// shots is where screenshots go: docs/screenshots when JISR_SCREENSHOTS
// names it, else a temporary folder (they are still taken, to catch errors).
func shots(t *testing.T) string {
	if d := os.Getenv("JISR_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// screenshot saves what a user sees first (the window, 1366×900) as PNG.
func screenshot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	run(t, ctx, chromedp.Sleep(150*time.Millisecond))
	var buf []byte
	if strings.HasSuffix(name, "-full") {
		name = strings.TrimSuffix(name, "-full")
		buf = get(t, ctx, chromedp.FullScreenshot(100)) // the whole page
	} else {
		buf = get(t, ctx, chromedp.CaptureScreenshot())
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBrowserSeizureAcrossAgencies(t *testing.T) {
	n := newNode(t, 0)
	dir := shots(t)

	// A Jordanian liaison officer enters a seizure with entities, released to
	// Iraq (analysts and officers do not release: policy.CanMark).
	jo := browser(t)
	loginAs(t, jo, n.URL, "jo.liaison")
	run(t, jo,
		chromedp.Navigate(n.URL+"/records/new?kind=seizure"),
		chromedp.WaitVisible(`input[name=title]`),
		// Two empty person rows come with the page; the small script adds a
		// third (the page works without it too).
		chromedp.Click(`details[data-schema=Person] button.add-row`),
		chromedp.WaitVisible(`input[name="e.Person.2.name"]`),
		fill(map[string]string{
			"title":        "Captagon in date paste at Al-Karameh",
			"narrative_ar": "ضبطت كوادر إدارة مكافحة المخدرات ٦٠٠ ألف حبة كبتاغون مخبأة في عجوة التمر.",
			"narrative_en": "Anti-Narcotics Department officers seized 600,000 Captagon pills hidden in date paste.",
			"occurred_on":  "2026-10-02", "place.country": "JO", "place.name": "Al-Karameh", "place.name_ar": "الكرامة",
			"grading.source": "B", "grading.information": "2", "tlp": "AMBER", "handling": "H1",
			"seizure.hiding_place": "date-paste", "seizure.transport": "commercial-road", "seizure.routing": "border-inbound",
			"e.DrugQuantity.0.substance": "captagon", "e.DrugQuantity.0.amount": "600000", "e.DrugQuantity.0.unit": "pills",
			"e.Person.0.role": "driver", "e.Person.0.name#0": "خالد يوسف العمري", "e.Person.0.name#1": "Khaled Youssef Al-Omari",
			"e.Person.2.role": "owner", "e.Person.2.name#0": "سامر الحوراني", "e.Person.2.name#1": "Samer Al-Hourani",
			"e.Vehicle.0.registrationNumber": "SY 123456", "e.Vehicle.0.type": "refrigerated-truck",
			"e.Phone.0.number": "+963 944 123 456",
			"l.0.from":         "person-1", "l.0.type": "drives", "l.0.to": "vehicle-1",
			"l.1.from": "person-3", "l.1.type": "owns", "l.1.to": "vehicle-1",
		}),
		chromedp.Click(`input[name=rel_agency][value="IQ-GDNA"]`),
	)
	noCSPViolations(t, jo, "entry form")
	screenshot(t, jo, dir, "record-form-ar")
	// Saved without a source grading: the form comes back with the error
	// beside the field and everything entered kept.
	run(t, jo,
		fill(map[string]string{"grading.source": ""}),
		chromedp.Click(`.form-actions button.primary`),
		chromedp.WaitVisible(`#f-grading\.source .field-error`),
	)
	// (the empty second row is dropped, so the added person is now row 1)
	if v := get(t, jo, chromedp.Value(`input[name="e.Person.1.name"]`)); v != "سامر الحوراني" {
		t.Errorf("second person lost after the error: %q", v)
	}
	run(t, jo, chromedp.ScrollIntoView(`#f-grading\.source`))
	screenshot(t, jo, dir, "record-form-error-ar")
	run(t, jo,
		fill(map[string]string{"grading.source": "B"}),
		chromedp.Click(`.form-actions button.primary`),
		chromedp.WaitVisible(`.banner`),
		chromedp.WaitVisible(`#graph canvas`),
	)
	url := get(t, jo, chromedp.Location())
	if !strings.Contains(url, "/records/") || strings.Contains(url, "/new") {
		t.Fatalf("not on the record after saving: %s", url)
	}
	recordURL := strings.SplitN(url, "?", 2)[0]
	banner := get(t, jo, chromedp.Text(`.banner`))
	for _, want := range []string{"TLP:AMBER", "H1", "B2"} {
		if !strings.Contains(banner, want) {
			t.Errorf("banner %q lacks %q", banner, want)
		}
	}
	noCSPViolations(t, jo, "record view")
	screenshot(t, jo, dir, "record-originator-ar")

	// An Iraqi analyst sees it, switches to Arabic and gets a right-to-left page.
	iq := browser(t)
	loginAs(t, iq, n.URL, "iq.analyst")
	run(t, iq, chromedp.Navigate(recordURL), chromedp.WaitVisible(`.banner`))
	body := get(t, iq, chromedp.Text(`main`))
	if !strings.Contains(body, "Khaled Youssef Al-Omari") || !strings.Contains(body, "خالد يوسف العمري") {
		t.Error("partner does not see the names in both scripts")
	}
	// iq.analyst's saved preference is Arabic: show English first, then switch.
	run(t, iq,
		chromedp.Click(`form.langs button[value=en]`),
		chromedp.WaitVisible(`html[lang=en] .banner`),
	)
	if d := get(t, iq, chromedp.Evaluate[string](`document.documentElement.dir`)); d != "ltr" {
		t.Errorf("English page dir=%q", d)
	}
	run(t, iq,
		chromedp.Click(`form.langs button[value=ar]`),
		chromedp.WaitVisible(`html[lang=ar] .banner`),
	)
	dir1 := get(t, iq, chromedp.Evaluate[string](`document.documentElement.dir`))
	dirBody := get(t, iq, chromedp.Evaluate[string](`getComputedStyle(document.body).direction`))
	lang := get(t, iq, chromedp.Evaluate[string](`document.documentElement.lang`))
	if dir1 != "rtl" || dirBody != "rtl" || lang != "ar" {
		t.Errorf("after switching to Arabic: dir=%q computed=%q lang=%q", dir1, dirBody, lang)
	}
	// In RTL the navigation starts on the right: the brand is right of the menu.
	brandX := get(t, iq, chromedp.Evaluate[float64](`document.querySelector(".brand").getBoundingClientRect().left`))
	navX := get(t, iq, chromedp.Evaluate[float64](`document.querySelector(".nav").getBoundingClientRect().left`))
	if brandX <= navX {
		t.Errorf("RTL header: brand at %v is not right of the navigation at %v", brandX, navX)
	}
	noCSPViolations(t, iq, "record view (ar)")
	screenshot(t, iq, dir, "record-ar")

	// A Saudi analyst, to whom it was not released, cannot open it.
	sa := browser(t)
	loginAs(t, sa, n.URL, "sa.analyst")
	run(t, sa, chromedp.Navigate(recordURL), chromedp.WaitVisible(`.error-page`))
	body = get(t, sa, chromedp.Text(`main`))
	if strings.Contains(body, "Khaled") || strings.Contains(body, "Al-Karameh") {
		t.Error("the other agency sees the record's content")
	}
	run(t, sa, chromedp.Navigate(n.URL+"/records?q=Karameh"), chromedp.WaitVisible(`.filters`))
	body = get(t, sa, chromedp.Text(`main`))
	if strings.Contains(body, "date paste at Al-Karameh") {
		t.Error("the other agency finds the record by search")
	}
}

// TestBrowserScreens opens the main pages in English and Arabic with demo
// data, checks that no page breaks its CSP or overflows sideways, and saves
// screenshots (to JISR_SCREENSHOTS if set).
func TestBrowserScreens(t *testing.T) {
	n := newNode(t, 300)
	dir := shots(t)
	var recordURL string
	{
		c := n.client(t)
		c.login("jo.supervisor")
		r := c.get("/records?kind=seizure")
		if i := strings.Index(r.body, `<td><a href="/records/`); i >= 0 {
			rest := r.body[i+len(`<td><a href="`):]
			recordURL = rest[:strings.Index(rest, `"`)]
		}
	}
	graphURL := ""
	if recordURL != "" {
		graphURL = "/graph?q=" + strings.TrimPrefix(recordURL, "/records/")
	}
	pages := []struct{ name, user, path, wait string }{
		{"login", "", "/login", `input[name=username]`},
		{"dashboard", "jo.supervisor", "/", `.cards`},
		{"records", "jo.supervisor", "/records", `table.grid`},
		{"search", "jo.supervisor", "/records?q=%D9%83%D8%A8%D8%AA%D8%A7%D8%BA%D9%88%D9%86", `.filters`},
		{"record-demo", "jo.supervisor", recordURL, `.banner`},
		{"form-facility", "jo.supervisor", "/records/new?kind=facility", `input[name=title]`},
		{"stats", "jo.supervisor", "/stats", `svg.chart`},
		{"map", "jo.supervisor", "/map", `.leaflet-overlay-pane path`},
		{"hits", "jo.supervisor", "/hits", `main h1`},
		{"persons", "jo.supervisor", "/persons?q=%D9%85%D8%AD%D9%85%D8%AF", `main h1`},
		{"graph", "jo.supervisor", graphURL, `#explorer canvas`},
		{"users", "admin", "/admin/users", `table.grid`},
		{"agencies", "admin", "/admin/agencies", `table.grid`},
		{"audit", "auditor", "/audit", `table.grid`},
	}
	tmp := t.TempDir()
	for _, lang := range []string{"en", "ar", "fr"} {
		out := dir
		if lang == "fr" && os.Getenv("JISR_SCREENSHOTS_FR") == "" {
			out = tmp // French is checked (CSP, overflow) but not kept in docs
		}
		sessions := map[string]context.Context{}
		var stops []context.CancelFunc
		for _, p := range pages {
			if p.path == "" {
				continue
			}
			ctx := sessions[p.user]
			if ctx == nil {
				var stop context.CancelFunc
				ctx, stop = browserCancel(t)
				stops = append(stops, stop)
				if p.user != "" {
					loginAs(t, ctx, n.URL, p.user)
				}
				// The language switch in the header sets the cookie; wait
				// for the page it leads to before going on.
				run(t, ctx, chromedp.Navigate(n.URL+"/login"), chromedp.WaitVisible(`form.langs`))
				if _, err := chromedp.RunResponse(ctx, chromedp.Click(`form.langs button[value=`+lang+`]`)); err != nil {
					t.Fatalf("switch to %s: %v", lang, err)
				}
				sessions[p.user] = ctx
			}
			run(t, ctx, chromedp.Navigate(n.URL+p.path), chromedp.WaitVisible(p.wait))
			htmlLang := get(t, ctx, chromedp.Evaluate[string](`document.documentElement.lang`))
			overflow := get(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth + 1`))
			if htmlLang != lang {
				t.Errorf("%s: lang %q, want %q", p.name, htmlLang, lang)
			}
			if overflow {
				t.Errorf("%s (%s): the page overflows sideways", p.name, lang)
			}
			noCSPViolations(t, ctx, p.name+" ("+lang+")")
			name := p.name + "-" + lang
			if p.name == "stats" {
				name += "-full"
			}
			screenshot(t, ctx, out, name)
		}
		for _, stop := range stops { // one language's browsers at a time
			stop()
		}
	}
}
