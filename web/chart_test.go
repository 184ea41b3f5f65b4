package web

import (
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
