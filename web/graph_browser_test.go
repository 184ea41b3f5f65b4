package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

type graphView struct {
	Status     string   `json:"status"`
	StatusBdi  int      `json:"statusBdi"`
	Legend     int      `json:"legend"`
	Persons    []string `json:"persons"`
	Companies  []string `json:"companies"`
	Possible   int      `json:"possible"`
	Dashed     int      `json:"dashed"`
	SVG        string   `json:"svg"`
	PNG        bool     `json:"png"`
	Buttons    int      `json:"buttons"`
	Records    int      `json:"records"`
	Labels     int      `json:"labels"`
	Overlaps   []string `json:"overlaps"`
	RenderMS   string   `json:"renderMs"`
	OutRecords []string `json:"outRecords"`
}

const graphViewJS = `(function () {
  var cy = window.jisrGraph.cy(), st = document.getElementById("explorer-status");
  var shown = cy.nodes(":visible").filter(function (n) { return !n.hasClass("nolabel") && n.data("label"); });
  var boxes = shown.map(function (n) { return { id: n.id(), b: n.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true }) }; });
  var overlaps = [];
  for (var i = 0; i < boxes.length; i++) { for (var j = i + 1; j < boxes.length; j++) {
    var a = boxes[i].b, b = boxes[j].b;
    if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) { overlaps.push(boxes[i].id + " / " + boxes[j].id); }
  } }
  var png = "";
  try { png = cy.png(); } catch (e) {}
  return { status: st.textContent, statusBdi: st.querySelectorAll("bdi[dir=ltr]").length,
    legend: document.querySelectorAll("#graph-legend li").length,
    persons: cy.nodes('[kind = "person"]').map(function (n) { return n.id(); }),
    companies: cy.nodes('[kind = "company"]').map(function (n) { return n.id(); }),
    possible: cy.edges(".possible").length,
    dashed: cy.edges().filter(function (e) { return e.style("line-style") === "dashed"; }).length,
    svg: window.jisrGraph.svg(), png: png.indexOf("data:image/png") === 0,
    buttons: document.querySelectorAll("#graph-png, #graph-svg").length,
    records: cy.nodes('[kind = "record"]:visible').length,
    labels: shown.length, overlaps: overlaps, renderMs: document.getElementById("explorer").getAttribute("data-render-ms") || "",
    outRecords: cy.nodes('[kind = "record"].out').map(function (n) { return n.id(); }) };
})()`

var countsOnly = regexp.MustCompile(`^\s*\d+\s*/\s*\d+\s*$`)

// TestBrowserGraph: the link graph as an analyst uses it, in Arabic and
// English: a phone typed as people write it starts it; persons and
// companies are nodes, the same person in two scripts one node, a shorter
// spelling a dashed "possibly" edge; a legend; labels never overlap (those
// that would are hidden until zoomed in); the status line is a sentence
// with its numbers isolated left to right; the timeline filter hides
// records outside the dates; PNG and SVG export; "open in graph" on the
// record page.
func TestBrowserGraph(t *testing.T) {
	n := newNode(t, 0)
	a, b, _ := graphFixture(t, n)
	for _, lang := range []string{"ar", "en"} {
		ctx := browser(t)
		loginAs(t, ctx, n.URL, "iq.analyst")
		setLang(t, ctx, n.URL, lang)
		load := func(q string) graphView {
			t.Helper()
			run(t, ctx, chromedp.Navigate(n.URL+"/graph?depth=3&q="+url.QueryEscape(q)),
				chromedp.WaitVisible(`#explorer canvas`), chromedp.WaitReady(`#explorer[data-render-ms]`), chromedp.Sleep(300*time.Millisecond))
			noCSPViolations(t, ctx, lang+" graph "+q)
			return get(t, ctx, chromedp.Evaluate[graphView](graphViewJS))
		}
		v := load(graphPhone)
		where := lang + " graph of " + graphPhone
		if v.Legend != 12 || v.Buttons != 2 {
			t.Errorf("%s: legend of %d entries, %d export buttons", where, v.Legend, v.Buttons)
		}
		if countsOnly.MatchString(v.Status) || v.StatusBdi < 4 || !strings.Contains(v.Status, map[string]string{"ar": "سجلات", "en": "records"}[lang]) {
			t.Errorf("%s: status line %q (%d isolated numbers)", where, v.Status, v.StatusBdi)
		}
		if len(v.Persons) != 1 || (v.Persons[0] != "person:"+graphLatin && v.Persons[0] != "person:"+graphArabic) {
			t.Errorf("%s: persons %q, want %s as one node", where, v.Persons, graphLatin)
		}
		if len(v.Companies) != 1 || v.Companies[0] != "company:"+graphCompany {
			t.Errorf("%s: companies %q", where, v.Companies)
		}
		if v.Records != 2 || !strings.Contains(v.SVG, "<svg") || !strings.Contains(v.SVG, graphCompany) || !strings.Contains(v.SVG, graphPhone) || !v.PNG {
			t.Errorf("%s: %d records; SVG %.200q; PNG %v", where, v.Records, v.SVG, v.PNG)
		}
		if len(v.Overlaps) > 0 || v.Labels == 0 {
			t.Errorf("%s: %d labels shown, overlapping: %q", where, v.Labels, v.Overlaps)
		}
		// Crowd every node into a small square: labels that would
		// overlap are hidden, none is drawn over another.
		run(t, ctx, chromedp.Evaluate[chromedp.Void](`(function () { var cy = window.jisrGraph.cy(), i = 0;
  cy.nodes().forEach(function (n) { n.position({ x: (i % 3) * 30, y: Math.floor(i / 3) * 12 }); i++; });
  cy.zoom(1.2); cy.center(); })()`), chromedp.Sleep(500*time.Millisecond))
		v = get(t, ctx, chromedp.Evaluate[graphView](graphViewJS))
		if len(v.Overlaps) > 0 || v.Labels == 0 {
			t.Errorf("%s, crowded: %d labels shown, overlapping: %q", where, v.Labels, v.Overlaps)
		}
		// The timeline: records before 15 September are hidden.
		run(t, ctx, chromedp.Evaluate[chromedp.Void](`(function () { var f = document.getElementById("graph-from"); f.value = "2026-09-15"; f.dispatchEvent(new Event("change")); })()`),
			chromedp.Sleep(200*time.Millisecond))
		v = get(t, ctx, chromedp.Evaluate[graphView](graphViewJS))
		if len(v.OutRecords) != 1 || v.OutRecords[0] != "record:"+a || v.Records != 1 || v.StatusBdi < 5 {
			t.Errorf("%s from 2026-09-15: hidden %q, %d shown, status %q", where, v.OutRecords, v.Records, v.Status)
		}
		// A shorter spelling: the full names are possibly him, dashed.
		v = load(graphVariant)
		if v.Possible < 2 || v.Dashed != v.Possible {
			t.Errorf("%s graph of %s: %d possible edges, %d dashed", lang, graphVariant, v.Possible, v.Dashed)
		}
		// Open in graph, from the record.
		run(t, ctx, chromedp.Navigate(n.URL+"/records/"+b), chromedp.WaitVisible(`#open-graph`))
		href := get(t, ctx, chromedp.Evaluate[string](`document.getElementById("open-graph").getAttribute("href")`))
		if href != "/graph?q=record:"+b {
			t.Errorf("%s: open in graph %q", lang, href)
		}
		run(t, ctx, chromedp.Click(`#open-graph`), chromedp.WaitReady(`#explorer[data-render-ms]`))
		start := get(t, ctx, chromedp.Evaluate[string](`document.getElementById("explorer").getAttribute("data-start")`))
		if start != "record:"+b {
			t.Errorf("%s: open in graph starts from %q", lang, start)
		}
	}
}
