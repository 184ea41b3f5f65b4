package textnorm

import "strings"

// MatchQuery is the SQLite FTS5 MATCH expression of what a user typed in a
// search box: every term of it (Terms) as a quoted FTS5 string, so that no
// word the user types is read as FTS5 syntax (AND, OR, NOT, NEAR, column
// filters, parentheses, ^); a word ending in "*" searches its last term as
// a prefix. Terms are ANDed. It returns "" when there is no term.
func MatchQuery(q string) string {
	var parts []string
	for _, f := range strings.Fields(q) {
		terms := Terms(f)
		for _, t := range terms {
			parts = append(parts, `"`+strings.ReplaceAll(t, `"`, `""`)+`"`)
		}
		// A "*" alone ("captagon* *") has no term to make a prefix of.
		if strings.HasSuffix(f, "*") && len(terms) > 0 {
			parts[len(parts)-1] += "*"
		}
	}
	return strings.Join(parts, " ")
}
