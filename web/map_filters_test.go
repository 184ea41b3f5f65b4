package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
	"github.com/jisr-cell/jisr/storetest"
)

// TestBrowserMapFiltersBeyondCap: the map's substance, concealment and
// month filters are applied in the query, so a seizure matching them is
// found behind 2,100 newer ones that do not (the map reads at most 2,000);
// another agency's private seizures of the same substance, hiding place and
// month change nothing the map answers — no marker, no count, no month; in
// the browser (ar and en), the month slider of a cut map asks the server
// and shows the earlier seizures.
func TestBrowserMapFiltersBeyondCap(t *testing.T) {
	n := newNode(t, 0)
	ctx := context.Background()
	seizure := func(agency, marker, substance, hiding, date string) *jisr.Record {
		r := storetest.Seizure(marker, jisr.TLPAmber, jisr.H0, jisr.Releasability{})
		r.Originator = agency
		r.OccurredOn = date
		lat, lon := 33.3, 44.4
		r.Place = jisr.Place{Country: "IQ", Name: marker, Lat: &lat, Lon: &lon}
		r.Entities[0].Props["substance"] = []string{substance}
		r.Seizure.HidingPlace = hiding
		return r
	}
	load := func(recs []*jisr.Record) {
		t.Helper()
		i := 0
		rep, err := n.store.ImportRecords(ctx, jisr.Principal{System: true, Username: "test"}, jisr.RecordItems(func() (*jisr.Record, error) {
			if i == len(recs) {
				return nil, io.EOF
			}
			i++
			return recs[i-1], nil
		}), jisr.ImportOptions{CommitEvery: engine.ImportBatch})
		if err != nil || rep.Created != len(recs) {
			t.Fatal(rep, err)
		}
	}
	// Iraq's: three old heroin seizures hidden in a body, then 2,100 newer
	// captagon ones in fruit.
	var recs []*jisr.Record
	for i := range 3 {
		recs = append(recs, seizure("IQ-GDNA", fmt.Sprintf("QXOLD%d", i), "heroin", "body-carry", fmt.Sprintf("2026-0%d-05", 3+i)))
	}
	for i := range 2100 {
		recs = append(recs, seizure("IQ-GDNA", fmt.Sprintf("QXNEW%d", i), "captagon", "fruit-pomegranates", "2026-10-01"))
	}
	load(recs)
	c := n.client(t)
	c.login("iq.analyst")
	type data struct {
		Features []struct {
			ID, Title, Date string
		} `json:"features"`
		Months    []string `json:"months"`
		Truncated bool     `json:"truncated"`
	}
	ask := func(q string) (data, string) {
		t.Helper()
		r := c.get("/map/data.json?kind=seizure&" + q)
		var d data
		if r.StatusCode != 200 || json.Unmarshal([]byte(r.body), &d) != nil {
			t.Fatalf("%s: %d %s", q, r.StatusCode, r.body)
		}
		return d, r.body
	}
	titles := func(d data) string {
		var out []string
		for _, f := range d.Features {
			out = append(out, strings.TrimPrefix(f.Title, "Seizure "))
		}
		return strings.Join(out, " ")
	}
	queries := map[string]string{
		"substance=heroin":               "QXOLD2 QXOLD1 QXOLD0",
		"concealment=body-carry":         "QXOLD2 QXOLD1 QXOLD0",
		"substance=heroin&until=2026-04": "QXOLD1 QXOLD0",
		"until=2026-03":                  "QXOLD0",
	}
	before := map[string]string{}
	for q, want := range queries {
		d, body := ask(q)
		if got := titles(d); got != want || d.Truncated {
			t.Errorf("%s: %q (truncated %v), want %q", q, got, d.Truncated, want)
		}
		before[q] = body
	}
	all, _ := ask("")
	if !all.Truncated || len(all.Features) < 2000 {
		t.Fatalf("the unfiltered map holds %d markers, truncated %v: the cap is not reached", len(all.Features), all.Truncated)
	}
	if got := strings.Join(all.Months, " "); got != "2026-03 2026-04 2026-05 2026-10" {
		t.Errorf("months of the slider: %q", got)
	}
	// Jordan's private seizures: the same substance, hiding place and
	// months, and a month of their own.
	var jo []*jisr.Record
	for i, date := range []string{"2026-03-20", "2026-04-20", "2026-06-20"} {
		jo = append(jo, seizure("JO-AND", fmt.Sprintf("QXJOPRIV%d", i), "heroin", "body-carry", date))
	}
	load(jo)
	for q := range queries {
		if _, body := ask(q); body != before[q] {
			t.Errorf("Jordan's private seizures changed Iraq's map for %s:\nbefore %s\nafter  %s", q, before[q], body)
		}
	}
	if all, body := ask(""); strings.Contains(body, "QXJOPRIV") || strings.Join(all.Months, " ") != "2026-03 2026-04 2026-05 2026-10" {
		t.Errorf("Jordan's private seizures in Iraq's map: months %q", all.Months)
	}
	if r := c.get("/map/data.json?substance=nonsense"); r.StatusCode != 200 || !strings.Contains(r.body, "QXNEW") {
		t.Errorf("an unknown substance is no filter (the pick list's): %d", r.StatusCode)
	}
	if r := c.get("/map/data.json?until=2026-13"); r.StatusCode != 422 {
		t.Errorf("a bad month: %d %s", r.StatusCode, r.body)
	}
	for _, lang := range []string{"ar", "en"} {
		ctx := browser(t)
		loginAs(t, ctx, n.URL, "iq.analyst")
		setLang(t, ctx, n.URL, lang)
		run(t, ctx, chromedp.Navigate(n.URL+"/map?kind=seizure"), chromedp.WaitVisible(`.map-cluster`), chromedp.Sleep(300*time.Millisecond))
		noCSPViolations(t, ctx, lang+" map beyond the cap")
		// 2026-04 is the second month of the slider.
		run(t, ctx, chromedp.Evaluate[chromedp.Void](`(function () { var m = document.getElementById("map-month"); m.value = "1"; m.dispatchEvent(new Event("input")); })()`),
			chromedp.WaitReady(`#map[data-until="2026-04"]`), chromedp.Sleep(300*time.Millisecond))
		got := get(t, ctx, chromedp.Evaluate[mapMonthView](`(function () {
  var n = 0; document.querySelectorAll(".map-cluster").forEach(function (e) { n += +(e.textContent.trim() || "1"); });
  return { markers: n, month: document.getElementById("map-month-out").textContent, max: document.getElementById("map-month").max }; })()`))
		if got.Markers != 2 || got.Month != "2026-04" || got.Max != "3" {
			t.Errorf("%s: the slider at 2026-04 over a cut map: %+v", lang, got)
		}
	}
}

type mapMonthView struct {
	Markers int    `json:"markers"`
	Month   string `json:"month"`
	Max     string `json:"max"`
}
