package sqlite

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// ftsDB is an in-memory database with the full-text table of the store.
func ftsDB(t testing.TB) *sql.DB {
	db, err := sql.Open("sqlite", "file::memory:")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	for _, q := range []string{
		`CREATE VIRTUAL TABLE record_fts USING fts5(text, content='', contentless_delete=1, tokenize='ascii')`,
		`INSERT INTO record_fts (rowid, text) VALUES (1, 'captagon jaber حبوب ضبط n01234567 mhmd')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// checkFTSQuery fails when the query built from a user's search text is
// not one FTS5 accepts: whatever the user types, the search either runs or
// is refused as having no words, never a SQL error.
func checkFTSQuery(t *testing.T, db *sql.DB, q string) {
	t.Helper()
	fq := ftsQuery(q)
	if fq == "" {
		return
	}
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT count(*) FROM record_fts WHERE record_fts MATCH ?`, fq).Scan(&n); err != nil {
		t.Fatalf("search %q → FTS5 query %q: %v", q, fq, err)
	}
}

var ftsSeeds = []string{
	"captagon", "جابر", "ضبط حبوب", `"quoted"`, `a"b`, "*", "cap*", "a*b", "**", "NEAR(a b)", "a AND b", "a OR NOT b",
	"-x", "^x", "text:x", "(a", "a)", "{a b}", "+", "٠٧٧٠١٢٣٤٥٦٧", "N01234567", "\x00", "\xff", "محمّد*", "é*", "'", "a'b",
}

// TestFTSQueryAlwaysValid runs the queries built from awkward searches, and
// from the inputs textnorm's FuzzMatchQuery keeps, on a real FTS5 table.
func TestFTSQueryAlwaysValid(t *testing.T) {
	db := ftsDB(t)
	for _, q := range ftsSeeds {
		checkFTSQuery(t, db, q)
	}
	files, _ := filepath.Glob("../textnorm/testdata/fuzz/FuzzMatchQuery/*")
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		_, arg, _ := strings.Cut(string(b), "\nstring(")
		q, err := strconv.Unquote(strings.TrimSuffix(strings.TrimSpace(arg), ")"))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkFTSQuery(t, db, q)
	}
	if ftsQuery("captagon") == "" || !strings.Contains(ftsQuery("cap*"), "*") {
		t.Fatalf("%q %q", ftsQuery("captagon"), ftsQuery("cap*"))
	}
}
