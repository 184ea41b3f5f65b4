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
	// Value labels are compact in the reader's language ("200M",
	// "200 مليون") and the axis is as wide as its longest label, so
	// "150,000,000" never loses its first digits.
	unit := compactUnit(top)
	widest := 0
	for i := 0; i <= ticks; i++ {
		widest = max(widest, utf8.RuneCountInString(l.compact(top*float64(i)/float64(ticks), unit)))
	}
	padL := math.Max(40, float64(widest)*charW+12)
	plotW := w - padL - padR
	rtl := l.Lang == "ar"
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart" viewBox="0 0 %g %g" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg" direction="ltr">`, w, hgt, html.EscapeString(title))
	fmt.Fprintf(&sb, `<title>%s</title>`, html.EscapeString(title))
	for i := 0; i <= ticks; i++ {
		y := padT + plotH - plotH*float64(i)/float64(ticks)
		fmt.Fprintf(&sb, `<line class="grid-line" x1="%g" x2="%g" y1="%.1f" y2="%.1f"/>`, padL, w-padR, y, y)
		v := top * float64(i) / float64(ticks)
		lbl := l.compactSVG(v, unit)
		if rtl && unit > 0 && v != 0 {
			// "200 مليون" reads right to left inside the left-to-right
			// chart: a right-to-left mark opens the run (text-anchor is
			// not turned by direction="rtl" the same way in every browser)
			lbl = "\u200f" + lbl
		}
		fmt.Fprintf(&sb, `<text class="axis value" x="%g" y="%.1f" text-anchor="end">%s</text>`, padL-6, y+4, lbl)
	}
	n := float64(len(buckets))
	slot := plotW / n
	bw := math.Max(2, slot*0.7)
	// Month buckets are labelled by the month's short name, with the year on
	// a second row under the first month shown and under each January (an
	// Arabic name and a year side by side would also read in the wrong
	// order in a left-to-right chart). As many labels as fit side by side
	// without touching: every k-th bar is labelled.
	months := true
	for _, b := range buckets {
		if _, _, ok := monthKey(b.Key); !ok {
			months = false
			break
		}
	}
	short := func(k string) string {
		if months {
			_, m, _ := monthKey(k)
			return l.T(fmt.Sprintf("month.short.%d", m))
		}
		return label(k)
	}
	longest := 1
	for _, b := range buckets {
		longest = max(longest, utf8.RuneCountInString(short(b.Key)))
	}
	every := max(1, int(math.Ceil((float64(longest)*charW+10)/slot)), int(math.Ceil(n/12)))
	yearW := 4*charW + 10
	lastYear, prevYear := -1e9, 0
	for i, b := range buckets {
		v := value(b)
		bh := plotH * v / top
		x := padL + slot*float64(i) + (slot-bw)/2
		y := padT + plotH - bh
		fmt.Fprintf(&sb, `<rect class="bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s: %s</title></rect>`,
			x, y, bw, bh, html.EscapeString(label(b.Key)), html.EscapeString(l.Num(v)))
		if i%every == 0 {
			fmt.Fprintf(&sb, `<text class="axis month" x="%.1f" y="%g" text-anchor="middle"%s>%s</text>`, x+bw/2, hgt-padB+16, dirAttr(rtl), html.EscapeString(short(b.Key)))
		}
		if months {
			// the year under the first month of each year present (months
			// without seizures may be absent), and under the first bar when
			// the next year's label leaves it room
			yr, _, _ := monthKey(b.Key)
			cx := x + bw/2
			show := i > 0 && yr != prevYear
			if i == 0 {
				show = true
				for j := 1; j < len(buckets); j++ {
					if y2, _, _ := monthKey(buckets[j].Key); y2 != yr {
						show = float64(j)*slot >= yearW
						break
					}
				}
			}
			if show && cx-lastYear >= yearW {
				fmt.Fprintf(&sb, `<text class="axis year" x="%.1f" y="%g" text-anchor="middle" direction="ltr" unicode-bidi="isolate">%s</text>`, cx, hgt-padB+32, l.Digits(fmt.Sprint(yr)))
				lastYear = cx
			}
			prevYear = yr
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

// monthKey reads a YYYY-MM bucket key.
func monthKey(k string) (y, m int, ok bool) {
	if len(k) != 7 || k[4] != '-' {
		return 0, 0, false
	}
	if _, err := fmt.Sscanf(k, "%d-%d", &y, &m); err != nil || m < 1 || m > 12 {
		return 0, 0, false
	}
	return y, m, true
}

// compactUnit is the power of a thousand the value axis counts in: none
// under 10,000, then thousands, millions or billions.
func compactUnit(top float64) int {
	switch {
	case top >= 1e10:
		return 3
	case top >= 1e7:
		return 2
	case top >= 1e4:
		return 1
	}
	return 0
}

var compactKeys = [...]string{"", "num.compact.thousand", "num.compact.million", "num.compact.billion"}

// compact writes v in units of 1000^unit in the reader's language and
// digits ("200M", "200 مليون", "200 M").
func (l Locale) compact(v float64, unit int) string {
	if unit == 0 || v == 0 {
		return l.Num(v)
	}
	return l.T(compactKeys[unit], l.Num(v/math.Pow(1000, float64(unit))))
}

// compactSVG is compact as SVG text content: the number isolated left to
// right, the unit word in the reader's direction.
func (l Locale) compactSVG(v float64, unit int) string {
	if unit == 0 || v == 0 {
		return html.EscapeString(l.Num(v))
	}
	num := `<tspan direction="ltr" unicode-bidi="isolate">` + html.EscapeString(l.Num(v/math.Pow(1000, float64(unit)))) + `</tspan>`
	return strings.Replace(html.EscapeString(l.T(compactKeys[unit], "\x00")), "\x00", num, 1)
}

func dirAttr(rtl bool) string {
	if rtl {
		return ` direction="rtl"`
	}
	return ""
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
