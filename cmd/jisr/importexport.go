package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/jisr-cell/jisr"
)

func init() {
	register(command{name: "import", summary: "import records from JSON lines", run: runImport})
	register(command{name: "export", summary: "export the records a user may pass on, as JSON lines", run: runExport})
}

func runImport(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet(env, "import", "import --data DIR --as USERNAME FILE.jsonl   (FILE - reads standard input)")
	data := dataFlag(fs, "data")
	as := fs.String("as", "", "user whose agency originates the records (required)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *as == "" || fs.NArg() != 1 {
		return fmt.Errorf("%w: jisr import --data DIR --as USERNAME FILE.jsonl", errUsage)
	}
	in, total := env.stdin, 0
	if name := fs.Arg(0); name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
		total = countLines(name)
	}
	s, err := openStore(ctx, *data, nil)
	if err != nil {
		return err
	}
	defer s.Close()
	p, err := s.PrincipalFor(ctx, *as)
	if err != nil {
		return describe(err)
	}
	lines := jisr.RecordLines(in)
	var lineErr error // a line that is not a record: named by its number
	next := func() (*jisr.Record, error) {
		r, err := lines()
		if err != nil && !errors.Is(err, io.EOF) {
			lineErr = err
		}
		return r, err
	}
	show, done := progress(env.stderr, total, "importing")
	n, err := s.ImportRecords(ctx, p, next, show)
	done()
	if err != nil && lineErr != nil {
		return fmt.Errorf("imported %d records, then stopped: %v", n, lineErr)
	}
	if err != nil {
		return fmt.Errorf("imported %d records, then stopped: %w", n, describe(err))
	}
	fmt.Fprintf(env.stdout, "imported %d records as %s (%s)\n", n, p.Username, p.Agency)
	return nil
}

func countLines(name string) int {
	f, err := os.Open(name)
	if err != nil {
		return -1
	}
	defer f.Close()
	n := 0
	buf := make([]byte, 1<<20)
	for {
		k, err := f.Read(buf)
		for _, b := range buf[:k] {
			if b == '\n' {
				n++
			}
		}
		if err != nil {
			return n
		}
	}
}

func runExport(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet(env, "export", "export --data DIR --as USERNAME [--out FILE] [--kind K] [--from D] [--to D] [--q TEXT]")
	data := dataFlag(fs, "data")
	as := fs.String("as", "", "user whose view is exported (required); audited as that user")
	out := fs.String("out", "-", "output file (- for standard output)")
	var f jisr.RecordFilter
	fs.StringVar((*string)(&f.Kind), "kind", "", "report, seizure or facility")
	fs.StringVar(&f.From, "from", "", "occurred on or after YYYY-MM-DD")
	fs.StringVar(&f.To, "to", "", "occurred on or before YYYY-MM-DD")
	fs.StringVar(&f.Text, "q", "", "full-text query")
	fs.StringVar(&f.Country, "country", "", "country of the place")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *as == "" {
		return fmt.Errorf("%w: --as USERNAME is required", errUsage)
	}
	s, err := openStore(ctx, *data, nil)
	if err != nil {
		return err
	}
	defer s.Close()
	p, err := s.PrincipalFor(ctx, *as)
	if err != nil {
		return describe(err)
	}
	w := env.stdout
	if *out != "-" {
		file, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer file.Close()
		w = file
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	n, err := s.ExportRecords(ctx, p, f, func(r *jisr.Record) error { return enc.Encode(r) })
	if err != nil {
		return describe(err)
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(env.stderr, "exported %d records as %s\n", n, p.Username)
	return nil
}
