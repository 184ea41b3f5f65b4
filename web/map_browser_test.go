package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/storetest"
)

type mapView struct {
	Counts    []string `json:"counts"`
	Focusable int      `json:"focusable"`
	Countries []string `json:"countries"`
	Towns     int      `json:"towns"`
	Icons     []string `json:"icons"`
}

const mapViewJS = `(function () {
  var all = function (sel) { return Array.from(document.querySelectorAll(sel)); };
  return { counts: all(".map-cluster").map(function (e) { return e.textContent.trim() || "1"; }).sort(),
    focusable: all(".map-cluster[tabindex='0'][role=button][aria-label]").length,
    countries: all(".map-country-label").map(function (e) { return e.textContent.trim(); }),
    towns: all(".map-town-label").length,
    icons: all(".crossing-icon").map(function (e) { var r = e.getBoundingClientRect(); return Math.round(r.width) + "x" + Math.round(r.height); })
      .filter(function (s) { return s !== "12x12"; }) };
})()`

// TestBrowserMap: in Arabic and English, seizures near one another share
// a marker at a low zoom and part at a high one (not only at identical
// coordinates); countries and towns are named in the user's language;
// crossing and port icons are drawn whole at their size; every marker is
// focusable and Enter opens its popup; the map filters by substance and
// concealment.
func TestBrowserMap(t *testing.T) {
	n := newNode(t, 0)
	jo := principal(t, n, "jo.supervisor")
	mk := func(marker string, lat, lon float64, substance, hiding, date string) string {
		r := storetest.Seizure(marker, jisr.TLPAmber, jisr.H0, jisr.Releasability{})
		r.OccurredOn = date
		r.Place = jisr.Place{Country: "JO", Name: marker, Lat: &lat, Lon: &lon}
		r.Entities[0].Props["substance"] = []string{substance}
		r.Seizure.HidingPlace = hiding
		if err := n.store.CreateRecord(context.Background(), jo, r); err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	mk("QXM1", 33.89, 35.50, "captagon", "fruit-pomegranates", "2026-08-10")
	mk("QXM2", 33.75, 35.60, "heroin", "body-carry", "2026-09-10")
	mk("QXM3", 31.95, 35.93, "captagon", "fruit-pomegranates", "2026-10-10")
	c := n.client(t)
	c.login("jo.supervisor")
	for q, want := range map[string]string{"substance=heroin": "QXM2", "concealment=body-carry": "QXM2", "substance=captagon&concealment=fruit-pomegranates": "QXM1 QXM3"} {
		body := c.get("/map/data.json?" + q).body
		for _, m := range []string{"QXM1", "QXM2", "QXM3"} {
			if strings.Contains(body, "Seizure "+m) != strings.Contains(want, m) {
				t.Errorf("map filtered by %s: %s shown %v", q, m, strings.Contains(body, "Seizure "+m))
			}
		}
	}
	if r := c.get("/map?substance=heroin"); !strings.Contains(r.body, "substance=heroin") {
		t.Errorf("the map page does not keep its substance filter")
	}
	for _, lang := range []string{"ar", "en"} {
		ctx := browser(t)
		loginAs(t, ctx, n.URL, "jo.supervisor")
		setLang(t, ctx, n.URL, lang)
		zoom := func(z int) mapView {
			t.Helper()
			run(t, ctx, chromedp.Evaluate[chromedp.Void](`(function () { window.jisrMap.setView([32.9, 35.7], `+string(rune('0'+z))+`, { animate: false }); })()`), chromedp.Sleep(400*time.Millisecond))
			return get(t, ctx, chromedp.Evaluate[mapView](mapViewJS))
		}
		run(t, ctx, chromedp.Navigate(n.URL+"/map"), chromedp.WaitVisible(`.map-cluster`), chromedp.WaitVisible(`.map-country-label`), chromedp.Sleep(500*time.Millisecond))
		noCSPViolations(t, ctx, lang+" map")
		v := zoom(5)
		if strings.Join(v.Counts, " ") != "1 2" || v.Focusable != 2 {
			t.Errorf("%s, zoom 5: markers %q (%d focusable), want 1 and 2", lang, v.Counts, v.Focusable)
		}
		jordan, lebanon := map[string]string{"ar": "الأردن", "en": "Jordan"}[lang], map[string]string{"ar": "لبنان", "en": "Lebanon"}[lang]
		if !containsAll(v.Countries, jordan, lebanon) || v.Towns != 0 {
			t.Errorf("%s, zoom 5: countries %q, %d towns", lang, v.Countries, v.Towns)
		}
		v = zoom(9)
		if strings.Join(v.Counts, " ") != "1 1 1" && strings.Join(v.Counts, " ") != "1 1" {
			t.Errorf("%s, zoom 9: markers %q, want them apart", lang, v.Counts)
		}
		if v.Towns == 0 || len(v.Icons) > 0 {
			t.Errorf("%s, zoom 9: %d towns; icons not at their size: %q", lang, v.Towns, v.Icons)
		}
		// The time view: up to the first month, one seizure; the heat view
		// draws every seizure up to the month chosen.
		run(t, ctx, chromedp.Evaluate[chromedp.Void](`(function () { var m = document.getElementById("map-month"); m.value = "0"; m.dispatchEvent(new Event("input")); })()`), chromedp.Sleep(200*time.Millisecond))
		v = get(t, ctx, chromedp.Evaluate[mapView](mapViewJS))
		month := get(t, ctx, chromedp.Evaluate[string](`document.getElementById("map-month-out").textContent`))
		if strings.Join(v.Counts, " ") != "1" || month != "2026-08" {
			t.Errorf("%s, up to the first month %q: markers %q", lang, month, v.Counts)
		}
		heat := get(t, ctx, chromedp.Evaluate[int](`(function () { var m = document.getElementById("map-month"); m.value = m.max; m.dispatchEvent(new Event("input"));
  var h = document.getElementById("map-heat"); h.checked = true; h.dispatchEvent(new Event("change"));
  var n = document.querySelectorAll("path.map-heat").length; h.checked = false; h.dispatchEvent(new Event("change")); return n; })()`))
		if heat != 3 {
			t.Errorf("%s: heat view of %d seizures, want 3", lang, heat)
		}
		// The keyboard: Tab to a marker, Enter opens its popup.
		v = zoom(5)
		run(t, ctx, chromedp.Evaluate[chromedp.Void](`(function () { document.querySelector(".map-cluster").focus(); })()`), chromedp.KeyEvent(kb.Enter), chromedp.Sleep(300*time.Millisecond))
		links := get(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll(".leaflet-popup a[href^='/records/']").length`))
		if links == 0 {
			t.Errorf("%s: Enter on a marker opened no popup", lang)
		}
	}
	_ = url.QueryEscape
}

func containsAll(have []string, want ...string) bool {
	for _, w := range want {
		found := false
		for _, h := range have {
			if h == w {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}
