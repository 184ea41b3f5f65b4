package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// visualOrderJS returns, for the current page, every run of digits with
// separators ("+964 780 726 9252", "40-81295", "2026-11-30 10:04") that a
// reader does not see left to right: the characters of one text node are
// measured one by one (Range.getClientRects) and must go rightwards on
// each line. It also returns what the page shows of internal keys
// ("JO:40:81295", "XX:N6861876") and unbroken E.164 numbers.
const visualOrderJS = `(function () {
  const digit = "0-9\u0660-\u0669\u06f0-\u06f9";
  const re = new RegExp("[+(]?[" + digit + "]+(?:[-/:.,() \u200e]{1,3}[" + digit + "]+)+\\)?|\\+[" + digit + "]+", "g");
  const key = /(^|[^A-Za-z])([A-Z]{2}:[A-Z0-9]+(:[^\s]+)?|\+[0-9]{9,})/;
  const bad = [], keys = [], seen = [];
  const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let n;
  while ((n = w.nextNode())) {
    const el = n.parentElement;
    if (!el || el.closest("script,style,select,option,textarea,title")) { continue; }
    const t = n.data;
    const k = key.exec(t);
    if (k && el.getClientRects().length) { keys.push(k[2]); }
    re.lastIndex = 0;
    let m;
    while ((m = re.exec(t))) {
      const xs = [];
      for (let i = m.index; i < m.index + m[0].length; i++) {
        if (/[\s\u200e]/.test(t[i])) { continue; }
        const r = document.createRange();
        r.setStart(n, i); r.setEnd(n, i + 1);
        const rc = r.getClientRects();
        if (!rc.length || rc[0].width === 0) { continue; }
        xs.push({ x: rc[0].left + rc[0].width / 2, y: rc[0].top + rc[0].height / 2 });
      }
      if (xs.length > 1) { seen.push(m[0]); }
      for (let j = 1; j < xs.length; j++) {
        if (Math.abs(xs[j].y - xs[j - 1].y) < 3 && xs[j].x <= xs[j - 1].x) {
          bad.push(m[0] + " in <" + el.tagName.toLowerCase() + (el.className ? "." + el.className : "") + ">");
          break;
        }
      }
    }
  }
  return { bad: bad, keys: keys, seen: seen.length, text: document.body.innerText };
})()`

type orderReport struct {
	Bad  []string `json:"bad"`
	Keys []string `json:"keys"`
	Seen int      `json:"seen"`
	Text string   `json:"text"`
}

// TestBrowserIdentifiersReadTrue: in Arabic (Latin and Arabic-Indic
// digits) and English, every phone, plate, container, date and number
// reads left to right wherever it is shown — narratives, entity table,
// hits, dashboard, lists, history, request panels — and is written as
// people write it, never as an internal key.
func TestBrowserIdentifiersReadTrue(t *testing.T) {
	n := newNode(t, 0)
	narrative := "اتصل السائق بالرقم +964 780 726 9252 وكانت الشاحنة تحمل لوحة 40-81295 والحاوية MSKU 730115 1، " +
		"وفي 30-11-2026 اتصل بالرقم (+961) 71677080."
	jo := n.client(t)
	jo.login("jo.supervisor")
	form := seizureForm("B1")
	form.Set("narrative_ar", narrative)
	form.Set("e.Phone.0.number", "+964 780 726 9252")
	form.Set("e.Vehicle.0.registrationNumber", "40-81295")
	form.Set("e.Container.0.id", "container-1")
	form.Set("e.Container.0.number", "MSKU 730115 1")
	form.Del("rel_agency")
	form.Set("rel_country", "IQ")
	r := jo.post("/records/new", "/records", form)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d %s", r.StatusCode, firstError(r.body))
	}
	id := strings.TrimSuffix(strings.TrimPrefix(r.Header.Get("Location"), "/records/"), "?done=created")
	// Lebanon holds the same phone, plate and container: hits for both.
	lb := n.client(t)
	lb.login("lb.officer")
	form = seizureForm("B2")
	form.Set("e.Phone.0.number", "00964 780 726 9252")
	form.Set("e.Vehicle.0.registrationNumber", "40-81295")
	form.Set("e.Container.0.id", "container-1")
	form.Set("e.Vehicle.0.country", "JO")
	form.Set("e.Container.0.number", "MSKU7301151")
	form.Del("rel_agency")
	if r := lb.post("/records/new", "/records", form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("lb record: %d %s", r.StatusCode, firstError(r.body))
	}
	// A request for release, so the record shows a request panel with a date.
	krg := n.client(t)
	krg.login("krg.analyst")
	if r := krg.post("/records/"+id, "/records/"+id+"/requests", url.Values{"rel_agency": {"IQ-KRSC"}, "reason": {"الرقم +964 780 726 9252 في قضية 2026/117"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("request: %d %s", r.StatusCode, firstError(r.body))
	}

	// The graph's labels are drawn on a canvas: plain text, isolated LRI … PDI.
	g := jo.get("/graph/data.json?node=" + url.QueryEscape("record:"+id))
	var graph struct {
		Nodes []struct{ ID, Kind, Type, Label string }
	}
	if err := json.Unmarshal([]byte(g.body), &graph); err != nil {
		t.Fatalf("graph: %v %s", err, g.body)
	}
	labels := map[string]bool{}
	for _, nd := range graph.Nodes {
		labels[nd.Label] = true
	}
	for _, want := range []string{"\u2066+964 780 726 9252\u2069", "\u206640-81295\u2069", "\u2066MSKU 730115 1\u2069"} {
		if !labels[want] {
			t.Errorf("graph: no label %q in %v", want, labels)
		}
	}

	pages := []string{"/records/" + id, "/hits", "/", "/records"}
	for _, lang := range []string{"ar", "arab", "en"} {
		ctx := browser(t)
		loginAs(t, ctx, n.URL, "jo.supervisor")
		run(t, ctx, chromedp.Navigate(n.URL+"/login"), chromedp.WaitVisible(`form.langs`))
		l := lang
		if l == "arab" {
			l = "ar"
		}
		if _, err := chromedp.RunResponse(ctx, chromedp.Click(`form.langs button[value=`+l+`]`)); err != nil {
			t.Fatal(err)
		}
		if lang == "arab" {
			run(t, ctx, chromedp.WaitVisible(`form.langs button[value=arab]`))
			if _, err := chromedp.RunResponse(ctx, chromedp.Click(`form.langs button[value=arab]`)); err != nil {
				t.Fatal(err)
			}
		}
		for _, p := range pages {
			run(t, ctx, chromedp.Navigate(n.URL+p), chromedp.WaitVisible(`main h1`))
			// open every "why" so its text is measured too
			run(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("details").forEach(function (d) { d.open = true; })`))
			rep := get(t, ctx, chromedp.Evaluate[orderReport](visualOrderJS))
			where := p + " (" + lang + ")"
			if len(rep.Bad) > 0 {
				t.Errorf("%s: shown out of order: %q", where, rep.Bad)
			}
			if len(rep.Keys) > 0 {
				t.Errorf("%s: internal keys shown: %q", where, rep.Keys)
			}
			if rep.Seen == 0 {
				t.Errorf("%s: no number measured", where)
			}
			if p == "/hits" && lang != "arab" {
				for _, want := range []string{"+964 780 726 9252", "40-81295", "MSKU 730115 1"} {
					if !strings.Contains(rep.Text, want) {
						t.Errorf("%s: %q not shown as people write it:\n%s", where, want, rep.Text)
					}
				}
			}
		}
	}
}
