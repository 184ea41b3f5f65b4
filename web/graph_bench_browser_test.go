package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/web"
)

// bigGraph answers the explorer with a graph of 5,000 nodes whatever it is
// asked (the layout and drawing are measured, not the store).
type bigGraph struct{ jisr.GraphService }

func (bigGraph) Resolve(_ context.Context, _ jisr.Principal, c []string) (string, error) {
	return c[0], nil
}

func (bigGraph) Around(_ context.Context, _ jisr.Principal, node string, _, _ int) (*jisr.Graph, error) {
	g := &jisr.Graph{Nodes: []jisr.GraphNode{{ID: node, Kind: "selector", Type: "container", Label: "CSQU3054383"}}}
	add := func(n jisr.GraphNode, from string) {
		g.Nodes = append(g.Nodes, n)
		if n.Kind == "record" {
			g.Edges = append(g.Edges, jisr.GraphEdge{From: n.ID, To: from})
		} else {
			g.Edges = append(g.Edges, jisr.GraphEdge{From: from, To: n.ID})
		}
	}
	rec := func(i int) jisr.GraphNode {
		return jisr.GraphNode{ID: fmt.Sprintf("record:r%d", i), Kind: "record", Type: "seizure", Label: fmt.Sprintf("Seizure of captagon at Jaber %d", i),
			Date: fmt.Sprintf("2026-%02d-%02d", 1+i%12, 1+i%28)}
	}
	phone := func(i int) jisr.GraphNode {
		return jisr.GraphNode{ID: fmt.Sprintf("sel:phone:+96279%07d", i), Kind: "selector", Type: "phone", Label: fmt.Sprintf("+96279%07d", i)}
	}
	i := 0
	for h := 0; h < 200 && len(g.Nodes) < 5000; h++ {
		r := rec(i)
		add(r, node)
		i++
		p := phone(h)
		add(p, r.ID)
		for k := 0; k < 12 && len(g.Nodes) < 5000; k++ {
			r2 := rec(i)
			add(r2, p.ID)
			i++
			if len(g.Nodes) < 5000 {
				add(phone(100000+i), r2.ID)
			}
		}
	}
	return g, nil
}

// TestBrowserGraph5000: the explorer stays usable at 5,000 nodes: the
// time from the data's arrival to the first drawing after layout, and
// the time of one zoom's redrawing, in headless Chromium (software
// rendering). The figures are logged for docs/BENCHMARKS.md. It is a
// measurement of about three minutes, so it runs only when asked for:
//
//	JISR_BENCH_BROWSER=1 go test -count=1 -v -run TestBrowserGraph5000 ./web/
func TestBrowserGraph5000(t *testing.T) {
	if os.Getenv("JISR_BENCH_BROWSER") == "" {
		t.Skip("a measurement (about 3 minutes): set JISR_BENCH_BROWSER=1 to run it")
	}
	n := newNode(t, 0)
	svc := n.store.Services()
	svc.Graph = bigGraph{svc.Graph}
	h, err := web.New(web.Config{Services: svc, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	defer ts.Close()
	for _, lang := range []string{"ar", "en"} {
		ctx := browser(t)
		loginAs(t, ctx, ts.URL, "iq.analyst")
		setLang(t, ctx, ts.URL, lang)
		begin := time.Now()
		run(t, ctx, chromedp.Navigate(ts.URL+"/graph?depth=3&q=sel:container:CSQU3054383"), chromedp.WaitReady(`#explorer[data-render-ms]`))
		wall := time.Since(begin)
		nodes := get(t, ctx, chromedp.Evaluate[string](`document.getElementById("explorer").getAttribute("data-nodes")`))
		ms, _ := strconv.Atoi(get(t, ctx, chromedp.Evaluate[string](`document.getElementById("explorer").getAttribute("data-render-ms")`)))
		if nodes != "5000" {
			t.Fatalf("%s: %s nodes drawn", lang, nodes)
		}
		zoom := get(t, ctx, chromedp.Evaluate[float64](`new Promise(function (done) {
  var cy = window.jisrGraph.cy(), t = performance.now();
  cy.one("render", function () { requestAnimationFrame(function () { done(performance.now() - t); }); });
  cy.zoom({ level: cy.zoom() * 2, renderedPosition: { x: 300, y: 300 } });
})`, chromedp.EvalAwaitPromise))
		t.Log(get(t, ctx, chromedp.Evaluate[string](`["add","layout","filter"].map(function (k) { return k + " " + document.getElementById("explorer").getAttribute("data-" + k + "-ms"); }).join(", ")`)))
		t.Logf("%s: 5000 nodes: layout and first drawing %d ms; page to drawn %v; one zoom redrawn in %.0f ms", lang, ms, wall.Round(time.Millisecond), zoom)
		if ms > 30000 || zoom > 5000 {
			t.Errorf("%s: 5000 nodes: layout %d ms, zoom %.0f ms", lang, ms, zoom)
		}
		noCSPViolations(t, ctx, lang+" graph of 5000 nodes")
	}
}
