package web

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/jisr-cell/jisr"
)

// barChart draws buckets as an SVG bar chart on the server: no script, and
// readable with CSS off. Labels are in the reader's language and digits.
func barChart(l Locale, title string, buckets []jisr.StatBucket, value func(jisr.StatBucket) float64, label func(string) string) template.HTML {
	if len(buckets) == 0 {
		return ""
	}
	const (
		w, hgt     = 720.0, 240.0
		padR       = 12.0
		padT, padB = 16.0, 48.0
		plotH      = hgt - padT - padB
		charW      = 6.6 // width of a character of the 11 px axis labels, generously
	)
	maxV := 0.0
	for _, b := range buckets {
		maxV = math.Max(maxV, value(b))
	}
	if maxV == 0 {
		maxV = 1
	}
	top := niceCeil(maxV)
	if maxV <= 4 {
		top = 4 // small counts: whole-number grid lines
	}
	ticks := 4
	if top/math.Pow(10, math.Floor(math.Log10(top))) == 5 {
		ticks = 5 // 5, 50, 500…: grid lines at whole steps
	}
	// The value axis is as wide as its longest label ("150,000,000" does
	// not lose its first digits).
	widest := 0
	for i := 0; i <= ticks; i++ {
		widest = max(widest, utf8.RuneCountInString(l.Num(top*float64(i)/float64(ticks))))
	}
	padL := math.Max(40, float64(widest)*charW+12)
	plotW := w - padL - padR
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart" viewBox="0 0 %g %g" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg" direction="ltr">`, w, hgt, html.EscapeString(title))
	fmt.Fprintf(&sb, `<title>%s</title>`, html.EscapeString(title))
	for i := 0; i <= ticks; i++ {
		y := padT + plotH - plotH*float64(i)/float64(ticks)
		fmt.Fprintf(&sb, `<line class="grid-line" x1="%g" x2="%g" y1="%.1f" y2="%.1f"/>`, padL, w-padR, y, y)
		fmt.Fprintf(&sb, `<text class="axis" x="%g" y="%.1f" text-anchor="end">%s</text>`, padL-6, y+4, html.EscapeString(l.Num(top*float64(i)/float64(ticks))))
	}
	n := float64(len(buckets))
	slot := plotW / n
	bw := math.Max(2, slot*0.7)
	// As many category labels as fit side by side without touching
	// (Arabic month names are long): every k-th bar is labelled.
	longest := 1
	for _, b := range buckets {
		longest = max(longest, utf8.RuneCountInString(label(b.Key)))
	}
	every := max(1, int(math.Ceil((float64(longest)*charW+10)/slot)), int(math.Ceil(n/12)))
	for i, b := range buckets {
		v := value(b)
		bh := plotH * v / top
		x := padL + slot*float64(i) + (slot-bw)/2
		y := padT + plotH - bh
		fmt.Fprintf(&sb, `<rect class="bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s: %s</title></rect>`,
			x, y, bw, bh, html.EscapeString(label(b.Key)), html.EscapeString(l.Num(v)))
		if i%every == 0 {
			fmt.Fprintf(&sb, `<text class="axis" x="%.1f" y="%g" text-anchor="middle">%s</text>`, x+bw/2, hgt-padB+16, html.EscapeString(label(b.Key)))
		}
	}
	fmt.Fprintf(&sb, `<line class="axis-line" x1="%g" x2="%g" y1="%g" y2="%g"/>`, padL, w-padR, padT+plotH, padT+plotH)
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

// niceCeil rounds up to 1, 2 or 5 times a power of ten.
func niceCeil(v float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

// monthLabel writes a YYYY-MM bucket key as a short month label.
func monthLabel(l Locale) func(string) string {
	return func(k string) string {
		var y, m int
		if _, err := fmt.Sscanf(k, "%d-%d", &y, &m); err != nil || m < 1 || m > 12 {
			return l.Digits(k)
		}
		return l.Digits(fmt.Sprintf("%s %d", l.T(fmt.Sprintf("month.short.%d", m)), y))
	}
}
