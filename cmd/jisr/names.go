package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/jisr-cell/jisr/names"
)

func init() {
	register(command{name: "names", summary: "cross-script name matching: rank names against a corpus", run: runNames})
}

const namesUsage = `names rank --corpus FILE [--k 10]

  FILE holds one name a line, "id<TAB>name". Queries come on standard input,
  one a line, "qid<TAB>name"; for each, one JSON line is written to standard
  output: {"query":"qid","results":[{"id":"…","score":0.93},…]}, best first.`

func runNames(ctx context.Context, env *cmdEnv, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintf(env.stderr, "Usage: jisr %s\n", namesUsage)
		if len(args) == 0 {
			return fmt.Errorf("%w: a subcommand is required (rank)", errUsage)
		}
		return nil
	}
	switch args[0] {
	case "rank":
		return runNamesRank(ctx, env, args[1:])
	}
	return fmt.Errorf("%w: unknown subcommand %q (want rank)", errUsage, args[0])
}

type rankResult struct {
	ID    string  `json:"id"`
	Score float64 `json:"score"`
}

type rankLine struct {
	Query   string       `json:"query"`
	Results []rankResult `json:"results"`
}

func runNamesRank(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet(env, "names rank", namesUsage)
	corpus := fs.String("corpus", "", "TSV file of id<TAB>name to search (required)")
	k := fs.Int("k", 10, "results per query")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if *corpus == "" {
		return fmt.Errorf("%w: --corpus is required", errUsage)
	}
	if *k <= 0 {
		return fmt.Errorf("%w: --k must be positive", errUsage)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %q", errUsage, fs.Args())
	}
	f, err := os.Open(*corpus)
	if err != nil {
		return err
	}
	defer f.Close()
	// Index in batches: AddBatch parses on all CPUs.
	idx := names.NewIndex()
	const batch = 1 << 16
	ids, ns := make([]string, 0, batch), make([]string, 0, batch)
	err = eachTSV(f, func(line int, id, name string) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		ids, ns = append(ids, id), append(ns, name)
		if len(ids) == batch {
			idx.AddBatch(ids, ns)
			ids, ns = ids[:0], ns[:0]
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%s: %w", *corpus, err)
	}
	idx.AddBatch(ids, ns)
	w := bufio.NewWriter(env.stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return eachTSV(env.stdin, func(line int, qid, name string) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		out := rankLine{Query: qid, Results: []rankResult{}}
		for _, r := range idx.Search(name, *k) {
			out.Results = append(out.Results, rankResult{ID: r.ID, Score: float64(int(r.Score*1000+0.5)) / 1000})
		}
		return enc.Encode(out)
	})
}

// eachTSV calls fn for every non-empty line "id<TAB>name" of r. Lines
// without a tab are an error; a trailing carriage return is dropped.
func eachTSV(r io.Reader, fn func(line int, id, name string) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" {
			continue
		}
		id, name, ok := strings.Cut(text, "\t")
		if !ok {
			return fmt.Errorf("line %d: want id<TAB>name", n)
		}
		if err := fn(n, id, name); err != nil {
			return err
		}
	}
	return sc.Err()
}
