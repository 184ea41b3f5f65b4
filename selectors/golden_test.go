package selectors

import (
	"bufio"
	"encoding/json"
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/narratives.golden.jsonl (check the diff by hand)")

type narrative struct{ country, text string }

func readNarratives(t testing.TB) []narrative {
	f, err := os.Open("testdata/narratives.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []narrative
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "== "):
			out = append(out, narrative{country: strings.TrimPrefix(line, "== ")})
		case len(out) > 0:
			n := &out[len(out)-1]
			if n.text != "" {
				n.text += "\n"
			}
			n.text += line
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestGoldenNarratives extracts the selectors of realistic narratives of
// each country and compares them with the reviewed expectations in
// testdata/narratives.golden.jsonl.
func TestGoldenNarratives(t *testing.T) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for _, n := range readNarratives(t) {
		runes := []rune(n.text)
		for _, s := range Extract(n.text, n.country) {
			if string(runes[s.Start:s.End]) != s.Raw {
				t.Errorf("%q is not at %d..%d", s.Raw, s.Start, s.End)
			}
			if err := enc.Encode(s); err != nil {
				t.Fatal(err)
			}
		}
	}
	const path = "testdata/narratives.golden.jsonl"
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != string(want) {
		t.Errorf("selectors differ from %s:\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}
