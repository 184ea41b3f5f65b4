package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runNamesCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &cmdEnv{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb}
	code := runMain(context.Background(), env, append([]string{"names"}, args...))
	return code, out.String(), errb.String()
}

func TestNamesRank(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "corpus.tsv")
	corpus := "p1\tمحمد عبد الله الأسعد\n" +
		"p2\tعمرو سعيد المصري\n" +
		"p3\tعمر سعيد المصري\n" +
		"p4\tحسين علي الجبوري\n" +
		"p5\tZainab Hussein al-Musawi\r\n" +
		"\n"
	if err := os.WriteFile(file, []byte(corpus), 0o600); err != nil {
		t.Fatal(err)
	}
	queries := "q1\tMuhamad Abdulla Alasad\n" +
		"q2\tAmr Said El Masry\n" +
		"q3\tOmar Saeed al-Masri\n" +
		"q4\tHussain Ali Aljubouri\n" +
		"q5\tزينب حسين الموسوي\n" +
		"q6\tXyzzy Plugh\n"
	code, out, errs := runNamesCmd(t, queries, "rank", "--corpus", file, "--k", "2")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	wantTop := []string{"p1", "p2", "p3", "p4", "p5", ""}
	if len(lines) != len(wantTop) {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(wantTop), out)
	}
	for i, l := range lines {
		var got struct {
			Query   string `json:"query"`
			Results []struct {
				ID    string  `json:"id"`
				Score float64 `json:"score"`
			} `json:"results"`
		}
		if err := json.Unmarshal([]byte(l), &got); err != nil {
			t.Fatalf("line %d not JSON: %q", i+1, l)
		}
		if want := "q" + string(rune('1'+i)); got.Query != want {
			t.Errorf("line %d: query %q, want %q", i+1, got.Query, want)
		}
		if len(got.Results) > 2 {
			t.Errorf("line %d: %d results with --k 2", i+1, len(got.Results))
		}
		if got.Results == nil {
			t.Errorf("line %d: results must be a list, not null: %s", i+1, l)
		}
		if wantTop[i] == "" {
			if len(got.Results) > 0 && got.Results[0].Score > 0.5 {
				t.Errorf("line %d: nonsense query matched %s (%.3f)", i+1, got.Results[0].ID, got.Results[0].Score)
			}
			continue
		}
		if len(got.Results) == 0 || got.Results[0].ID != wantTop[i] {
			t.Errorf("line %d: top %v, want %s", i+1, got.Results, wantTop[i])
			continue
		}
		if s := got.Results[0].Score; s < 0.85 || s > 1 {
			t.Errorf("line %d: top score %.3f, want in [0.85,1]", i+1, s)
		}
		for j := 1; j < len(got.Results); j++ {
			if got.Results[j].Score > got.Results[j-1].Score {
				t.Errorf("line %d: results not best first: %v", i+1, got.Results)
			}
		}
	}
}

func TestNamesRankErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.tsv")
	if err := os.WriteFile(bad, []byte("no tab here\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		code int
	}{
		{nil, 2},
		{[]string{"frobnicate"}, 2},
		{[]string{"rank"}, 2}, // --corpus missing
		{[]string{"rank", "--corpus", bad, "--k", "0"}, 2},            // bad k
		{[]string{"rank", "--corpus", filepath.Join(dir, "none")}, 1}, // no such file
		{[]string{"rank", "--corpus", bad}, 1},                        // malformed line
		{[]string{"rank", "--help"}, 0},
	} {
		code, _, errs := runNamesCmd(t, "", c.args...)
		if code != c.code {
			t.Errorf("names %q: exit %d, want %d (%s)", c.args, code, c.code, errs)
		}
	}
}
