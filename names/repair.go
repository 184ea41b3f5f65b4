package names

import (
	"math"
	"slices"
	"strings"
)

// Compound words of Arabic names (strictly normalised) that a typo in a
// query may break: عبد and أبو before a name, الدين and الله after one.
const (
	arAbd   = "عبد"
	arAbu   = "ابو"
	arDin   = "الدين"
	arAllah = "الله"
)

// maxRepairs bounds the other readings of a query with a compound repaired.
const maxRepairs = 2

// repairPenalty scales the scores a repaired reading gives: a name that
// the query matches as typed stays ahead of one it matches only repaired.
const repairPenalty = 0.97

// repairCompounds returns other readings of an Arabic-script query whose
// compound was broken by a typo, so that it no longer parses as one:
//
//   - the space moved or added inside it: نصرا لله, عب دالله, عزا لدين are
//     read joined (نصرالله, عبدالله, عزالدين), when the joined word parses
//     as a compound (Abd, Abu, -ad-Din, -Allah);
//   - its compound word mistyped by one edit (a letter dropped, doubled,
//     swapped with the next or replaced): عد / عببد / عيد الستار, ابز بكر,
//     نور ادين / الدبن, نصر اله / لله are read with عبد, أبو, الدين, الله.
//
// A pair of words is read again only when one of them is rare or unknown
// among the allowed names (fewer than rare; df counts the allowed names
// holding a part) and every part of the new reading is held by some
// allowed name, so what a caller finds does not depend on names it may not
// read. The readings whose rarest new part is the most common come first,
// at most maxRepairs.
func (x *Index) repairCompounds(ps []Part, df func(*Part) int, rare int) [][]Part {
	plainWord := func(i int) bool {
		p := &ps[i]
		return p.Script == Arabic && p.Kind == Plain && !strings.ContainsAny(p.Text, " -")
	}
	type alt struct {
		parts []Part
		df    int
	}
	var alts []alt
	seen := map[string]bool{}
	try := func(from, to int, text string, kinds ...Kind) {
		n := ParseName(text)
		if len(n.Parts) != 1 || !slices.Contains(kinds, n.Parts[0].Kind) || seen[text] {
			return
		}
		seen[text] = true
		d := df(&n.Parts[0])
		if d == 0 {
			return
		}
		parts := append(append(slices.Clone(ps[:from]), n.Parts[0]), ps[to:]...)
		alts = append(alts, alt{parts, d})
	}
	for i := 0; i+1 < len(ps); i++ {
		if !plainWord(i) || !plainWord(i+1) {
			continue
		}
		a, b := ps[i].Text, ps[i+1].Text
		try(i, i+2, a+b, Abd, AbdAllah, Abu, Din, Allah)
		na, nb := NormalizeArabic(a), NormalizeArabic(b)
		if oneEdit(na, arAbd) {
			try(i, i+2, arAbd+" "+b, Abd, AbdAllah)
		}
		if oneEdit(na, arAbu) {
			try(i, i+2, "أبو "+b, Abu)
		}
		if oneEdit(nb, arDin) {
			try(i, i+2, a+" "+arDin, Din)
		}
		if oneEdit(nb, arAllah) {
			try(i, i+2, a+" "+arAllah, Allah)
		}
	}
	slices.SortStableFunc(alts, func(a, b alt) int { return b.df - a.df })
	var out [][]Part
	for _, a := range alts[:min(len(alts), maxRepairs)] {
		out = append(out, a.parts)
	}
	return out
}

// partDF counts the allowed names holding one of p's exact keys (a name
// holding several is counted once per key).
func (x *Index) partDF(p *Part, size func([]uint32, int) int) int {
	n := 0
	for _, k := range partKeys(p) {
		if kid, ok := x.keyIDs[k]; ok {
			n += size(x.postings[kid], math.MaxInt)
		}
	}
	return n
}

// oneEdit reports whether a and b differ by exactly one edit: a letter
// inserted, dropped or replaced, or two adjacent letters swapped.
func oneEdit(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	switch len(ra) - len(rb) {
	case 0:
		var diff []int
		for i := range ra {
			if ra[i] != rb[i] {
				if diff = append(diff, i); len(diff) > 2 {
					return false
				}
			}
		}
		switch len(diff) {
		case 1:
			return true
		case 2:
			i, j := diff[0], diff[1]
			return j == i+1 && ra[i] == rb[j] && ra[j] == rb[i]
		}
		return false
	case 1:
		i := 0
		for i < len(rb) && ra[i] == rb[i] {
			i++
		}
		return string(ra[i+1:]) == string(rb[i:])
	}
	return false
}
