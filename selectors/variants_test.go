package selectors

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"
)

type variant struct {
	country string
	want    []string // "type=value", sorted
	text    string
	line    int
}

func readVariants(t testing.TB) []variant {
	f, err := os.Open("testdata/variants.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []variant
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		l := sc.Text()
		switch {
		case strings.HasPrefix(l, "#") || (strings.TrimSpace(l) == "" && (len(out) == 0 || out[len(out)-1].text != "")):
		case strings.HasPrefix(l, "== "):
			cc, want, ok := strings.Cut(strings.TrimPrefix(l, "== "), " | ")
			if !ok {
				t.Fatalf("variants.txt:%d: no \" | \" in %q", line, l)
			}
			v := variant{country: cc, line: line}
			if want != "-" {
				for _, w := range strings.Split(want, ";") {
					v.want = append(v.want, strings.TrimSpace(w))
				}
			}
			slices.Sort(v.want)
			out = append(out, v)
		case len(out) > 0:
			v := &out[len(out)-1]
			if v.text != "" {
				v.text += "\n"
			}
			v.text += l
		}
	}
	return out
}

// TestExtractVariants: each variant yields exactly the selectors listed,
// no fewer and no more.
func TestExtractVariants(t *testing.T) {
	vs := readVariants(t)
	if len(vs) < 30 {
		t.Fatalf("only %d variants read", len(vs))
	}
	for _, v := range vs {
		var got []string
		for _, s := range Extract(v.text, v.country) {
			got = append(got, string(s.Type)+"="+s.Value)
		}
		slices.Sort(got)
		if !slices.Equal(got, v.want) {
			t.Errorf("variants.txt:%d (%s) %s\n got %q\nwant %q", v.line, v.country, v.text, got, v.want)
		}
	}
}
