package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
)

func init() {
	register(command{name: "import", summary: "import records from JSON lines", run: runImport})
	register(command{name: "export", summary: "export the records a user may pass on, as JSON lines", run: runExport})
}

func runImport(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet(env, "import", "import --data DIR --as USERNAME [--dry-run] [--commit-every N] [--max-errors N] FILE.jsonl   (FILE - reads standard input)")
	data := dataFlag(fs, "data")
	as := fs.String("as", "", "user whose agency originates the records (required)")
	dryRun := fs.Bool("dry-run", false, "validate the whole file and report every error (up to --max-errors) and what would be created; write nothing")
	every := fs.Int("commit-every", 0, "commit every N records instead of all at once (for very large files beside a running node); after a failure, run the same command again: records already imported are skipped")
	maxErrors := fs.Int("max-errors", 100, "stop after this many errors")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *as == "" || fs.NArg() != 1 {
		return fmt.Errorf("%w: jisr import --data DIR --as USERNAME FILE.jsonl", errUsage)
	}
	if *every < 0 || *maxErrors < 1 {
		return fmt.Errorf("%w: --commit-every must be 0 or more, --max-errors 1 or more", errUsage)
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
	// Whose records they become, said before anything is written.
	fmt.Fprintf(env.stderr, "jisr import: the records become %s's, created by %s. A record whose originator is another agency is refused;"+
		" the file's id, created_by, created_at, updated_*, version and attachments are ignored.\n", p.Agency, p.Username)
	what := "importing"
	if *dryRun {
		what = "checking"
	}
	show, done := progress(env.stderr, total, what)
	// Records are written through the engine, which indexes them.
	e := engine.New(s)
	defer e.Close()
	rep, err := e.ImportRecords(ctx, p, jisr.ImportLines(in), jisr.ImportOptions{DryRun: *dryRun, CommitEvery: *every, MaxErrors: *maxErrors, Progress: show})
	done()
	for _, e := range rep.Errors {
		fmt.Fprintf(env.stderr, "%s\n", e.Message)
	}
	if rep.Truncated {
		fmt.Fprintf(env.stderr, "stopped reading after %d errors (--max-errors)\n", len(rep.Errors))
	}
	var why error
	if err != nil {
		why = describe(err)
		if len(rep.Errors) > 0 {
			why = fmt.Errorf("%d errors, listed above", len(rep.Errors))
		}
	}
	switch {
	case err != nil && *dryRun:
		return fmt.Errorf("dry run: %d records read: %w", rep.Read, why)
	case err != nil && *every > 0:
		return fmt.Errorf("stopped after %d records created, %d already present (kept: run the same command again to resume): %w", rep.Created, rep.Present, why)
	case err != nil:
		return fmt.Errorf("nothing was imported: %w", why)
	case *dryRun:
		fmt.Fprintf(env.stdout, "dry run: %d records read, %d would be created, %d already present, as %s's records created by %s; nothing written\n",
			rep.Read, rep.Created, rep.Present, p.Agency, p.Username)
	default:
		fmt.Fprintf(env.stdout, "%d created, %d already present, as %s's records created by %s\n", rep.Created, rep.Present, p.Agency, p.Username)
	}
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
	e := engine.New(s)
	defer e.Close()
	n, err := e.ExportRecords(ctx, p, f, func(r *jisr.Record) error { return enc.Encode(r) })
	if err != nil {
		return describe(err)
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(env.stderr, "exported %d records as %s\n", n, p.Username)
	return nil
}
