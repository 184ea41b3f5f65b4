package web

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/jisr-cell/jisr"
)

func TestNiceCeil(t *testing.T) {
	for _, c := range []struct{ in, want float64 }{{1, 1}, {3, 5}, {7, 10}, {12, 20}, {45, 50}, {51, 100}, {0.3, 0.5}, {2.5e6, 5e6}} {
		if got := niceCeil(c.in); got != c.want {
			t.Errorf("niceCeil(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestBarChart(t *testing.T) {
	l := Locale{Lang: "ar", ArabicDigit: true}
	bs := []jisr.StatBucket{{Key: "2026-01", Seizures: 3}, {Key: "2026-02", Seizures: 1}, {Key: "2026-03"}}
	svg := string(barChart(l, "عنوان <b>", bs, func(b jisr.StatBucket) float64 { return float64(b.Seizures) }, monthLabel(l)))
	if strings.Count(svg, "<rect") != 3 {
		t.Errorf("want 3 bars: %s", svg)
	}
	if strings.Contains(svg, "<b>") || !strings.Contains(svg, "عنوان &lt;b&gt;") {
		t.Error("title not escaped")
	}
	if !strings.Contains(svg, "يناير ٢٠٢٦") {
		t.Errorf("month label not in Arabic with Arabic-Indic digits: %s", svg)
	}
	if strings.Contains(svg, "style=") {
		t.Error("style attribute in SVG (refused by the CSP)")
	}
	if barChart(l, "x", nil, nil, nil) != "" {
		t.Error("empty chart not empty")
	}
}

func TestAlignMonths(t *testing.T) {
	all := []jisr.StatBucket{{Key: "2026-01"}, {Key: "2026-02"}, {Key: "2026-03"}}
	got := alignMonths(all, []jisr.StatBucket{{Key: "2026-02", Seizures: 4}})
	if len(got) != 3 || got[0].Key != "2026-01" || got[1].Seizures != 4 || got[2].Seizures != 0 {
		t.Errorf("alignMonths = %+v", got)
	}
}

// TestBarChartCompactAxis: 150,000,000 pills give a value axis in compact
// numbers in the reader's language, the number isolated left to right, and
// two years of months labelled by month name with the year on its own row.
var valueLabel = regexp.MustCompile(`<text class="axis value"[^>]*>(.*?)</text>`)

func TestBarChartCompactAxis(t *testing.T) {
	var bs []jisr.StatBucket
	for y := 2025; y <= 2026; y++ {
		for m := 1; m <= 12; m++ {
			b := jisr.StatBucket{Key: fmt.Sprintf("%d-%02d", y, m), Pills: 1000}
			if y == 2025 && m == 10 {
				b.Pills = 150_000_000
			}
			bs = append(bs, b)
		}
	}
	pills := func(b jisr.StatBucket) float64 { return b.Pills }
	for _, c := range []struct {
		l         Locale
		top, year string
	}{
		{Locale{Lang: "en"}, `y="20.0" text-anchor="end"><tspan direction="ltr" unicode-bidi="isolate">200</tspan>M</text>`, ">2025</text>"},
		{Locale{Lang: "ar", ArabicDigit: true}, "text-anchor=\"end\">\u200f<tspan direction=\"ltr\" unicode-bidi=\"isolate\">٢٠٠</tspan> مليون</text>", ">٢٠٢٥</text>"},
		{Locale{Lang: "fr"}, `<tspan direction="ltr" unicode-bidi="isolate">200</tspan> M</text>`, ">2025</text>"},
	} {
		svg := string(barChart(c.l, "t", bs, pills, monthLabel(c.l)))
		long := false
		for _, m := range valueLabel.FindAllStringSubmatch(svg, -1) {
			long = long || strings.Contains(m[1], "000") || strings.Contains(m[1], "٠٠٠")
		}
		if long || !strings.Contains(svg, c.top) {
			t.Errorf("%s: value axis not compact (%s): %s", c.l.Lang, c.top, svg)
		}
		if strings.Count(svg, `class="axis year"`) != 2 || !strings.Contains(svg, c.year) {
			t.Errorf("%s: want the two years on their own row: %s", c.l.Lang, svg)
		}
		if m := c.l.T("month.short.1"); !strings.Contains(svg, ">"+m+"</text>") {
			t.Errorf("%s: January not labelled by its name alone (%s): %s", c.l.Lang, m, svg)
		}
	}
	// a year whose January had no seizure (no bucket) is still named, under
	// its first month
	gap := []jisr.StatBucket{{Key: "2025-10", Seizures: 1}, {Key: "2025-11", Seizures: 2}, {Key: "2026-03", Seizures: 1}, {Key: "2026-04", Seizures: 1}}
	en := Locale{Lang: "en"}
	svg0 := string(barChart(en, "t", gap, func(b jisr.StatBucket) float64 { return float64(b.Seizures) }, monthLabel(en)))
	if !strings.Contains(svg0, ">2025</text>") || !strings.Contains(svg0, ">2026</text>") {
		t.Errorf("years with a missing January: %s", svg0)
	}
	// small counts stay whole numbers
	svg := string(barChart(Locale{Lang: "en"}, "t", bs[:3], func(jisr.StatBucket) float64 { return 3 }, monthLabel(Locale{Lang: "en"})))
	if !strings.Contains(svg, ">4</text>") {
		t.Errorf("small counts: %s", svg)
	}
}
