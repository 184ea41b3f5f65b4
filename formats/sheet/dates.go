package sheet

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/jisr-cell/jisr"
)

// Digits rewrites Arabic-Indic (٠–٩) and Persian (۰–۹) digits, and the
// Arabic decimal (٫) and thousands (٬) separators, as ASCII.
func Digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '٠' && r <= '٩':
			b.WriteRune('0' + r - '٠')
		case r >= '۰' && r <= '۹':
			b.WriteRune('0' + r - '۰')
		case r == '٫':
			b.WriteByte('.')
		case r == '٬':
			b.WriteByte(',')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Number reads a quantity as offices write it: Arabic-Indic digits,
// thousands separated by commas, Arabic separators or spaces.
func Number(s string) (float64, error) {
	s = strings.TrimSpace(Digits(s))
	s = strings.NewReplacer(",", "", " ", "", "\u00a0", "", "\u202f", "").Replace(s)
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, jisr.Because("", "sheet_number", s)
	}
	return f, nil
}

var (
	reDMY    = regexp.MustCompile(`^(\d{1,2})\s*[/\-.\\]\s*(\d{1,2})\s*[/\-.\\]\s*(\d{2}|\d{4})$`)
	reYMD    = regexp.MustCompile(`^(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})$`)
	reHijri  = regexp.MustCompile(`(?i)\s*(هـ|ه|ھ|AH|A\.H\.|hijri|هجري|هجرية)\s*$`)
	reGreg   = regexp.MustCompile(`(?i)\s*(م|AD|CE|ميلادي|ميلادية)\s*$`)
	reSerial = regexp.MustCompile(`^\d{5}(\.\d+)?$`)
)

// Calendar of a date column.
const (
	Gregorian = "gregorian"
	Hijri     = "hijri"
)

// Date reads a date as Arabic offices write it: day first (DD/MM/YYYY,
// D-M-YY, DD.MM.YYYY), or YYYY-MM-DD, Arabic-Indic digits allowed; a date
// marked هـ / AH (or in a column whose calendar is hijri) is a Hijri date,
// converted with the tabular Islamic calendar (civil epoch: 1 Muharram 1 AH
// = 16 July 622 Julian); one marked م / AD is Gregorian whatever the
// column; a spreadsheet's date serial number is read as Excel's. It
// returns YYYY-MM-DD.
func Date(s, calendar string) (string, error) {
	s = strings.TrimSpace(Digits(s))
	if s == "" {
		return "", nil
	}
	hijri := calendar == Hijri
	if m := reHijri.FindStringIndex(s); m != nil {
		hijri, s = true, strings.TrimSpace(s[:m[0]])
	} else if m := reGreg.FindStringIndex(s); m != nil {
		hijri, s = false, strings.TrimSpace(s[:m[0]])
	}
	if !hijri && reSerial.MatchString(s) {
		f, _ := strconv.ParseFloat(s, 64)
		t := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(f))
		return t.Format("2006-01-02"), nil
	}
	var y, mo, d int
	if m := reYMD.FindStringSubmatch(s); m != nil {
		y, _ = strconv.Atoi(m[1])
		mo, _ = strconv.Atoi(m[2])
		d, _ = strconv.Atoi(m[3])
	} else if m := reDMY.FindStringSubmatch(s); m != nil {
		d, _ = strconv.Atoi(m[1])
		mo, _ = strconv.Atoi(m[2])
		y, _ = strconv.Atoi(m[3])
		if len(m[3]) == 2 {
			if hijri {
				y += 1400
			} else {
				y += 2000
			}
		}
	} else {
		return "", jisr.Because("", "sheet_date", s)
	}
	if hijri {
		if mo < 1 || mo > 12 || d < 1 || d > 30 || y < 1 || y > 1600 || (d == 30 && hijriMonthDays(y, mo) == 29) {
			return "", jisr.Because("", "sheet_hijri", s)
		}
		return HijriToGregorian(y, mo, d).Format("2006-01-02"), nil
	}
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != mo || t.Day() != d || y < 1900 {
		return "", jisr.Because("", "sheet_dmy", s)
	}
	return t.Format("2006-01-02"), nil
}

// hijriLeap: years 2, 5, 7, 10, 13, 16, 18, 21, 24, 26, 29 of each 30-year
// cycle have 355 days (the tabular calendar's usual, "Kūshyār", pattern).
func hijriLeap(y int) bool { return (14+11*y)%30 < 11 }

func hijriMonthDays(y, m int) int {
	if m%2 == 1 || (m == 12 && hijriLeap(y)) {
		return 30
	}
	return 29
}

// HijriToGregorian converts a date of the tabular Islamic calendar.
// Official calendars (Umm al-Qura, sighting) may differ by a day or two.
func HijriToGregorian(y, m, d int) time.Time {
	// Days from the epoch: whole years, leap days, months, days.
	days := (y-1)*354 + (3+11*y)/30 + (m-1)*29 + m/2 + d - 1
	// 1 Muharram 1 AH (civil) = 19 July 622 Gregorian (proleptic).
	return time.Date(622, 7, 19, 0, 0, 0, 0, time.UTC).AddDate(0, 0, days)
}
