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

// The Latin spellings of the compound words a repaired reading puts back.
var (
	latinAbdForms   = []string{"abd", "abdul", "abdel", "abdal", "abdou", "abdu"}
	latinAbuForms   = []string{"abu", "abou"}
	latinDinForms   = []string{"din", "deen", "eddin", "eddine", "uddin", "aldin", "eldin"}
	latinAllahForms = []string{"allah", "ullah", "ellah"}
)

// latinFunctionWord: a word that is itself a particle, an article or a
// compound word, never read as a mistyped one.
func latinFunctionWord(w string) bool {
	return abdWords[w] || abuWords[w] || latinParticles[w] || isDinWord(w) || isAllahWord(w) || w == "al" || w == "el"
}

// oneEditOf returns the first of forms that w is one edit from.
func oneEditOf(w string, forms []string) (string, bool) {
	for _, f := range forms {
		if oneEdit(w, f) {
			return f, true
		}
	}
	return "", false
}

// maxRepairs bounds the other readings of a query with a compound repaired.
const maxRepairs = 2

// repairPenalty scales the scores a repaired reading gives: a name that
// the query matches as typed stays ahead of one it matches only repaired.
const repairPenalty = 0.97

// repairCompounds returns other readings of a query whose compound was
// broken by a typo, so that it no longer parses as one (Arabic script;
// the same for Latin with the Latin spellings of the compound words:
// "AbdelR ahman", "Abduk Qader", "Fadl llah", "Nasr Allsh"):
//
//   - the space moved or added inside it: نصرا لله, عب دالله, عزا لدين are
//     read joined (نصرالله, عبدالله, عزالدين), when the joined word parses
//     as a compound (Abd, Abu, -ad-Din, -Allah);
//   - its compound word mistyped by one edit (a letter dropped, doubled,
//     swapped with the next or replaced): عد / عببد / عيد الستار, ابز بكر,
//     نور ادين / الدبن, نصر اله / لله are read with عبد, أبو, الدين, الله.
//
// A reading is kept only when its repaired compound is held by some
// allowed name (df counts the allowed names holding a part), so what a
// caller finds does not depend on names it may not read; those held by
// the most names come first, at most maxRepairs. It is tried whether or
// not the words as typed are rare: the consonant skeletons of short broken
// words (عد, اله) meet those of common names (Eid, Ali), so rarity does not
// tell a typo; repairPenalty keeps a name matched as typed first.
func (x *Index) repairCompounds(ps []Part, df func(*Part) int) [][]Part {
	// word: a part written as one word; plain: a simple name.
	word := func(i int) bool { return ps[i].Kind != Initial && !strings.ContainsAny(ps[i].Text, " -") }
	plain := func(i int) bool { return ps[i].Kind == Plain }
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
		if ps[i].Script != ps[i+1].Script {
			continue
		}
		a, b := ps[i].Text, ps[i+1].Text
		if word(i) && word(i+1) && plain(i+1) {
			try(i, i+2, a+b, Abd, AbdAllah, Abu, Din, Allah)
		}
		if ps[i].Script == Arabic {
			na, nb := NormalizeArabic(a), NormalizeArabic(b)
			if word(i) && plain(i) && plain(i+1) {
				if oneEdit(na, arAbd) {
					try(i, i+2, arAbd+" "+b, Abd, AbdAllah)
				}
				if oneEdit(na, arAbu) {
					try(i, i+2, "أبو "+b, Abu)
				}
			}
			if plain(i) && word(i+1) && plain(i+1) {
				if oneEdit(nb, arDin) {
					try(i, i+2, a+" "+arDin, Din)
				}
				if oneEdit(nb, arAllah) {
					try(i, i+2, a+" "+arAllah, Allah)
				}
			}
			continue
		}
		na, nb := NormalizeLatin(a, true), NormalizeLatin(b, true)
		if word(i) && plain(i) && plain(i+1) && !latinFunctionWord(na) {
			if w, ok := oneEditOf(na, latinAbdForms); ok {
				try(i, i+2, w+" "+b, Abd, AbdAllah)
			}
			if w, ok := oneEditOf(na, latinAbuForms); ok {
				try(i, i+2, w+" "+b, Abu)
			}
		}
		if plain(i) && word(i+1) && plain(i+1) && !latinFunctionWord(nb) {
			if w, ok := oneEditOf(nb, latinDinForms); ok {
				try(i, i+2, a+" "+w, Din)
			}
			if w, ok := oneEditOf(nb, latinAllahForms); ok {
				try(i, i+2, a+" "+w, Allah)
			}
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
