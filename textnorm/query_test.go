package textnorm_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/jisr-cell/jisr/textnorm"
)

// reFTS5String is one FTS5 string (a phrase of one term), possibly a prefix.
var reFTS5String = regexp.MustCompile(`^"(?:[^"]|"")+"\*?$`)

// checkMatchQuery: the query is quoted FTS5 strings separated by spaces,
// one per term of the search, never bare syntax.
func checkMatchQuery(t *testing.T, q string) {
	t.Helper()
	got := textnorm.MatchQuery(q)
	terms := 0
	for _, f := range strings.Fields(q) {
		terms += len(textnorm.Terms(f))
	}
	if got == "" {
		if terms != 0 {
			t.Fatalf("MatchQuery(%q) = \"\" but it has %d terms", q, terms)
		}
		return
	}
	tokens := strings.Split(got, " ")
	if len(tokens) != terms {
		t.Fatalf("MatchQuery(%q) = %q: %d strings for %d terms", q, got, len(tokens), terms)
	}
	for _, tok := range tokens {
		if !reFTS5String.MatchString(tok) {
			t.Fatalf("MatchQuery(%q) = %q: %q is not a quoted FTS5 string", q, got, tok)
		}
	}
}

var matchSeeds = []string{
	"captagon", "جابر", "ضبط حبوب", `"quoted"`, `a"b`, "*", "cap*", "a*b", "**", "NEAR(a b)", "a AND b", "a OR NOT b",
	"-x", "^x", "text:x", "(a", "a)", "{a b}", "+", "٠٧٧٠١٢٣٤٥٦٧", "N01234567", "\x00", "\xff", "محمّد*", "é*", "'", "a'b",
}

func TestMatchQuery(t *testing.T) {
	for _, q := range matchSeeds {
		checkMatchQuery(t, q)
	}
	for q, want := range map[string]string{
		"Captagon jaber*": `"captagon" "jaber"*`,
		"NEAR(a b) OR c":  `"near" "a" "b" "or" "c"`,
		"أحمد":            `"احمد"`,
		"*":               "",
	} {
		if got := textnorm.MatchQuery(q); got != want {
			t.Errorf("MatchQuery(%q) = %q, want %q", q, got, want)
		}
	}
}

// FuzzMatchQuery: whatever is typed in a search box, the FTS5 query is
// quoted strings only (sqlite's TestFTSQueryAlwaysValid runs such queries
// on a real FTS5 table).
func FuzzMatchQuery(f *testing.F) {
	for _, q := range matchSeeds {
		f.Add(q)
	}
	f.Fuzz(checkMatchQuery)
}
