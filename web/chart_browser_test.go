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

type chartReport struct {
	Title   string   `json:"title"`
	Top     string   `json:"top"`     // the highest value label
	Clipped []string `json:"clipped"` // labels outside the drawing
	Overlap []string `json:"overlap"` // month labels touching each other
	NotLTR  []string `json:"notLTR"`  // value labels not laid out left to right
}

// chartJS measures every chart of the page as drawn: each axis label's box
// must lie inside the chart's viewBox (a clipped "150,000,000" read
// "50,000,000"), month labels must not touch each other (their rotated boxes
// are compared on the screen), and value labels read left to right.
const chartJS = `(function () {
  return Array.from(document.querySelectorAll("svg.chart")).map(function (svg) {
    var vb = svg.viewBox.baseVal, clipped = [], overlap = [], notLTR = [], top = "", topY = 1e9;
    svg.querySelectorAll("text.axis").forEach(function (t) {
      var b = t.getBBox(), m = t.getCTM(), p = svg.createSVGPoint();
      // the label's corners in the viewBox's coordinates (it may be rotated)
      var xs = [], ys = [];
      [[b.x, b.y], [b.x + b.width, b.y], [b.x, b.y + b.height], [b.x + b.width, b.y + b.height]].forEach(function (c) {
        p.x = c[0]; p.y = c[1];
        var q = p.matrixTransform(svg.getCTM().inverse().multiply(m));
        xs.push(q.x); ys.push(q.y);
      });
      if (Math.min.apply(null, xs) < vb.x - 0.5 || Math.max.apply(null, xs) > vb.x + vb.width + 0.5 ||
          Math.min.apply(null, ys) < vb.y - 0.5 || Math.max.apply(null, ys) > vb.y + vb.height + 0.5) {
        clipped.push(t.textContent + " " + Math.round(Math.min.apply(null, xs)) + ".." + Math.round(Math.max.apply(null, xs)));
      }
      if (t.getAttribute("text-anchor") === "end" || t.classList.contains("value")) {
        var num = t.querySelector("tspan") || t;
        if (getComputedStyle(num).direction !== "ltr") { notLTR.push(t.textContent); }
        if (b.y < topY) { topY = b.y; top = t.textContent.replace(/\u200f/g, ""); }
        // "200 مليون" reads from the right: the number on the right in
        // Arabic, on the left in English ("200M")
        var ts = t.querySelector("tspan");
        if (ts) {
          var tr = t.getBoundingClientRect(), nr = ts.getBoundingClientRect();
          var ok = document.documentElement.dir === "rtl" ? nr.right >= tr.right - 1 : nr.left <= tr.left + 1;
          if (!ok) { notLTR.push(t.textContent + ": number on the wrong side"); }
        }
        // a value label ends left of the plot (it does not run into the bars)
        var plotX = svg.querySelector("line.grid-line").x1.baseVal.value;
        if (Math.max.apply(null, xs) > plotX) { clipped.push(t.textContent + " runs into the plot " + Math.round(Math.max.apply(null, xs)) + " > " + plotX); }
      }
    });
    // month labels (and the year row, when there is one) must not touch
    ["text.axis[text-anchor=middle]:not(.year)", "text.axis.year"].forEach(function (sel) {
      var ms = Array.from(svg.querySelectorAll(sel)).map(function (t) { return { s: t.textContent, r: t.getBoundingClientRect() }; });
      ms.sort(function (x, y) { return x.r.left - y.r.left; });
      for (var i = 0; i + 1 < ms.length; i++) {
        if (ms[i + 1].r.left < ms[i].r.right + 2) { overlap.push(ms[i].s + " / " + ms[i + 1].s); }
      }
    });
    if (!svg.querySelector("text.axis[text-anchor=middle]")) { overlap.push("no month labels"); }
    return { title: svg.getAttribute("aria-label"), top: top, clipped: clipped.slice(0, 5), overlap: overlap.slice(0, 5), notLTR: notLTR.slice(0, 3) };
  });
})()`

// TestBrowserChartAxes (issue 12, statistics): with 150,000,000 pills in one
// month the pills chart's value axis shows its highest label whole and
// compact in the reader's language ("200M", "٢٠٠ مليون"), laid out left to
// right, and month labels over two years never touch, in Arabic and
// English, on a desktop and on a phone.
func TestBrowserChartAxes(t *testing.T) {
	n := newNode(t, 0)
	p := principal(t, n, "jo.liaison")
	// two years of months, one of them with 150 million pills
	for i, d := range []string{"2025-01-10", "2025-04-10", "2025-07-10", "2025-10-10", "2026-01-10", "2026-04-10", "2026-07-10", "2026-10-10", "2026-11-20"} {
		r := storetest.Seizure("chart"+d, jisr.TLPGreen, jisr.H0, jisr.Releasability{})
		r.OccurredOn = d
		if i == 3 {
			r.Entities[0].Props["amount"] = []string{"150000000"}
		}
		if err := n.store.CreateRecord(context.Background(), p, r); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]string{"ar": "200 مليون", "en": "200M"} // jo.liaison reads Latin digits
	for _, size := range []struct {
		name string
		w, h int
	}{{"desktop", 1366, 900}, {"phone", phoneWidth, phoneHeight}} {
		ctx := phoneBrowser(t, 2*time.Minute)
		if size.name == "desktop" {
			run(t, ctx, chromedp.EmulateViewport(int64(size.w), int64(size.h)))
		}
		phoneLogin(t, ctx, n.URL, "jo.liaison")
		for _, lang := range []string{"ar", "en"} {
			phoneLang(t, ctx, n.URL, lang)
			c, cancel := context.WithTimeout(ctx, 30*time.Second)
			run(t, c, chromedp.Navigate(n.URL+"/stats"), chromedp.WaitVisible(`svg.chart`))
			charts := get(t, c, chromedp.Evaluate[[]chartReport](chartJS))
			cancel()
			if len(charts) < 3 {
				t.Fatalf("%s %s: %d charts", size.name, lang, len(charts))
			}
			pills := false
			for _, ch := range charts {
				where := size.name + " " + lang + " " + ch.Title
				if len(ch.Clipped) > 0 {
					t.Errorf("%s: labels cut off: %v", where, ch.Clipped)
				}
				if len(ch.Overlap) > 0 {
					t.Errorf("%s: month labels overlap: %v", where, ch.Overlap)
				}
				if len(ch.NotLTR) > 0 {
					t.Errorf("%s: value labels not left to right: %v", where, ch.NotLTR)
				}
				if strings.Contains(strings.ToLower(ch.Title), map[string]string{"ar": "الحبوب", "en": "pills"}[lang]) {
					pills = true
					if ch.Top != want[lang] {
						t.Errorf("%s: highest value label %q, want %q", where, ch.Top, want[lang])
					}
				}
			}
			if !pills {
				t.Errorf("%s %s: no pills chart among %d", size.name, lang, len(charts))
			}
		}
	}
}
