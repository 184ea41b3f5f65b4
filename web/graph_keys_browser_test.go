package web_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

type graphKeys struct {
	Active   string   `json:"active"`
	Focus    string   `json:"focus"`
	Ringed   []string `json:"ringed"`
	Border   string   `json:"border"`
	Live     string   `json:"live"`
	LiveLTR  []string `json:"liveLtr"`
	Polite   string   `json:"polite"`
	Nodes    int      `json:"nodes"`
	Expanded bool     `json:"expanded"`
	Path     string   `json:"path"`
}

const graphKeysJS = `(function () {
  var cy = window.jisrGraph ? window.jisrGraph.cy() : null, live = document.getElementById("explorer-focus"), box = document.getElementById("explorer");
  var ringed = cy ? cy.nodes(".kbd").map(function (n) { return n.id(); }) : [];
  var f = box && cy ? cy.getElementById(box.getAttribute("data-focus") || "-") : null;
  return { active: document.activeElement ? document.activeElement.id : "", focus: box ? box.getAttribute("data-focus") || "" : "",
    ringed: ringed, border: ringed.length ? cy.getElementById(ringed[0]).style("border-width") : "",
    live: live ? live.textContent : "", liveLtr: live ? Array.prototype.map.call(live.querySelectorAll("bdi[dir=ltr]"), function (b) { return b.textContent; }) : [],
    polite: live ? live.getAttribute("aria-live") : "", nodes: cy ? cy.nodes().length : 0,
    expanded: !!(f && f.nonempty() && f.hasClass("expanded")), path: location.pathname };
})()`

// TestBrowserGraphKeyboard: the link graph without a mouse, in Arabic and
// English. Tab from the form lands on the graph with the start node ringed
// and read out (its kind in the user's language, the phone as people write
// it isolated left to right); the arrow keys move to the nearest node in
// that direction on the screen (nodes placed by the test); Enter adds a
// record's neighbours, the focus staying on it, and Enter again opens it;
// Escape leaves the graph for the next control, the ring gone.
func TestBrowserGraphKeyboard(t *testing.T) {
	n := newNode(t, 0)
	a, b, _ := graphFixture(t, n)
	start := "sel:phone:+9647705550101"
	for _, lang := range []string{"ar", "en"} {
		ctx := browser(t)
		loginAs(t, ctx, n.URL, "iq.analyst")
		setLang(t, ctx, n.URL, lang)
		load := func() {
			t.Helper()
			run(t, ctx, chromedp.Navigate(n.URL+"/graph?depth=1&q="+url.QueryEscape(graphPhone)),
				chromedp.WaitVisible(`#explorer canvas`), chromedp.WaitReady(`#explorer[data-render-ms]`), chromedp.Sleep(300*time.Millisecond))
		}
		state := func() graphKeys { t.Helper(); return get(t, ctx, chromedp.Evaluate[graphKeys](graphKeysJS)) }
		key := func(k string) graphKeys {
			t.Helper()
			run(t, ctx, chromedp.KeyEvent(k), chromedp.Sleep(150*time.Millisecond))
			return state()
		}
		tabIn := func() graphKeys {
			t.Helper()
			run(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector("#graph-form button.primary").focus()`))
			return key(kb.Tab)
		}
		load()
		noCSPViolations(t, ctx, lang+" graph keyboard")
		// Three nodes placed: the phone, record a to its right, record b
		// below a.
		run(t, ctx, chromedp.Evaluate[chromedp.Void](`(function () { var cy = window.jisrGraph.cy();
  cy.getElementById(`+jsString(start)+`).position({ x: 0, y: 0 });
  cy.getElementById(`+jsString("record:"+a)+`).position({ x: 160, y: 0 });
  cy.getElementById(`+jsString("record:"+b)+`).position({ x: 160, y: 120 });
  cy.fit(cy.nodes(), 60); })()`))
		kindPhone, kindRecord := map[string]string{"ar": "هاتف", "en": "phone"}[lang], map[string]string{"ar": "سجل", "en": "record"}[lang]
		s := tabIn()
		where := lang + " graph keyboard"
		if s.Active != "explorer" || s.Focus != start || len(s.Ringed) != 1 || s.Ringed[0] != start || s.Border != "4px" {
			t.Fatalf("%s: Tab into the graph: %+v", where, s)
		}
		if s.Polite != "polite" || !strings.HasPrefix(s.Live, kindPhone) || len(s.LiveLTR) != 2 || !strings.Contains(s.LiveLTR[0], graphPhone) || s.LiveLTR[1] != "2" {
			t.Errorf("%s: the start read out as %q (isolated %q, aria-live %q)", where, s.Live, s.LiveLTR, s.Polite)
		}
		for _, step := range []struct{ key, want string }{
			{kb.ArrowRight, "record:" + a}, {kb.ArrowDown, "record:" + b}, {kb.ArrowLeft, start}, {kb.ArrowUp, start}, {kb.ArrowRight, "record:" + a},
		} {
			s = key(step.key)
			if s.Focus != step.want || len(s.Ringed) != 1 || s.Ringed[0] != step.want {
				t.Fatalf("%s: %q went to %q (ringed %q), want %s", where, step.key, s.Focus, s.Ringed, step.want)
			}
		}
		if !strings.HasPrefix(s.Live, kindRecord) || !strings.Contains(s.Live, "QXG1") {
			t.Errorf("%s: record a read out as %q", where, s.Live)
		}
		// Enter adds the record's neighbours (its person and company); the
		// focus stays on it.
		before := s.Nodes
		run(t, ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitReady(`#explorer[data-focus]`), chromedp.Sleep(1500*time.Millisecond))
		s = state()
		if s.Nodes <= before || !s.Expanded || s.Focus != "record:"+a || s.Active != "explorer" || len(s.LiveLTR) != 1 || s.LiveLTR[0] != "3" {
			t.Fatalf("%s: Enter on record a: %d nodes (before %d), %+v", where, s.Nodes, before, s)
		}
		// Enter again opens it.
		run(t, ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(`#open-graph`))
		if s = state(); s.Path != "/records/"+a {
			t.Errorf("%s: Enter on an expanded record opened %q", where, s.Path)
		}
		// Escape leaves the graph.
		load()
		if s = tabIn(); s.Active != "explorer" {
			t.Fatalf("%s: Tab again: %+v", where, s)
		}
		s = key(kb.Escape)
		if s.Active != "graph-png" || len(s.Ringed) != 0 || s.Focus != "" || s.Live != "" {
			t.Errorf("%s: Escape: %+v", where, s)
		}
	}
}

// jsString is s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
