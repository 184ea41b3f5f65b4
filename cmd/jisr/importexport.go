package main

import (
	"context"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
	"github.com/jisr-cell/jisr/formats"
	"github.com/jisr-cell/jisr/formats/sheet"
)

func init() {
	register(command{name: "import", summary: "import records: JSON lines, MISP events, STIX 2.1 bundles, FollowTheMoney entities, spreadsheets (xlsx, csv)", run: runImport})
	register(command{name: "export", summary: "export the records a user may pass on: JSON lines, FollowTheMoney, MISP, STIX 2.1 or the UNODC IDS workbook", run: runExport})
}

func runImport(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet(env, "import", "import --data DIR --as USERNAME [--format jsonl|misp|stix|ftm|xlsx|csv] [--mapping FILE] [--dry-run] [--commit-every N] [--max-errors N] FILE   (FILE - reads standard input)")
	data := dataFlag(fs, "data")
	db := dbFlag(fs)
	as := fs.String("as", "", "user whose agency originates the records (required)")
	format := fs.String("format", "jsonl", "jsonl (jisr records), misp (MISP events), stix (a STIX 2.1 bundle), ftm (FollowTheMoney entities), xlsx or csv (a spreadsheet, with --mapping)")
	mapping := fs.String("mapping", "", "xlsx, csv: the mapping of columns to fields (JSON); without it the proposed mapping is printed")
	propose := fs.Bool("propose", false, "xlsx, csv: print the mapping proposed from the headers (Arabic or English) and stop")
	sheetName := fs.String("sheet", "", "xlsx: the sheet to read (default: the first)")
	preview := fs.Int("preview", 0, "xlsx, csv: show the first N rows as they would be imported (fields and errors) and stop; nothing is written")
	charset := fs.String("charset", "", "csv: utf-8 or windows-1256 (default: utf-8 when the file is valid UTF-8, else windows-1256)")
	dryRun := fs.Bool("dry-run", false, "validate the whole file and report every error (up to --max-errors) and what would be created; write nothing")
	every := fs.Int("commit-every", 0, "commit every N records instead of all at once (for very large files beside a running node); after a failure, run the same command again: records already imported are skipped")
	maxErrors := fs.Int("max-errors", 100, "stop after this many errors")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || (*as == "" && !*propose) {
		return fmt.Errorf("%w: jisr import --data DIR --as USERNAME [--format F] FILE", errUsage)
	}
	if *every < 0 || *maxErrors < 1 {
		return fmt.Errorf("%w: --commit-every must be 0 or more, --max-errors 1 or more", errUsage)
	}
	if !slices.Contains([]string{"jsonl", "misp", "stix", "ftm", "xlsx", "csv"}, *format) {
		return fmt.Errorf("%w: --format must be one of jsonl, misp, stix, ftm, xlsx, csv", errUsage)
	}
	in, total := env.stdin, 0
	if name := fs.Arg(0); name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
		if *format == "jsonl" {
			total = countLines(name)
		}
	}
	// Outside formats are read whole before the node is opened: a file
	// that is not what it says changes nothing.
	var items func() (*jisr.ImportItem, error)
	switch *format {
	case "jsonl":
		items = jisr.ImportLines(in)
	case "misp", "stix", "ftm":
		recs, err := formats.Read(*format, in)
		if err != nil {
			return describe(err)
		}
		total = len(recs)
		items = formats.Items(recs)
	case "xlsx", "csv":
		var t *sheet.Table
		var err error
		if *format == "xlsx" {
			t, err = sheet.ReadXLSX(in, *sheetName)
		} else {
			t, err = sheet.ReadCSV(in, *charset)
		}
		if err != nil {
			return describe(err)
		}
		if *propose || *mapping == "" {
			env.stdout.Write(sheet.Propose(t.Header).MarshalIndent())
			if *propose {
				return nil
			}
			return fmt.Errorf("%w: give the mapping of the columns with --mapping FILE (the proposed one is printed above: save it, correct it, and pass it)", errUsage)
		}
		mf, err := os.Open(*mapping)
		if err != nil {
			return err
		}
		m, err := sheet.ReadMapping(mf)
		mf.Close()
		if err != nil {
			return fmt.Errorf("--mapping %s: %w", *mapping, describe(err))
		}
		rows := sheet.Rows(t, m, time.Now())
		if *preview > 0 {
			previewRows(env, rows[:min(*preview, len(rows))])
			return nil
		}
		total = len(rows)
		items = sheet.Items(rows)
	}
	s, err := openDB(ctx, *db, *data, nil, false, nil, storeOptions{})
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
	rep, err := e.ImportRecords(ctx, p, items, jisr.ImportOptions{DryRun: *dryRun, CommitEvery: *every, MaxErrors: *maxErrors, Progress: show})
	done()
	unit := "line"
	switch *format {
	case "xlsx", "csv":
		unit = "row"
	case "misp", "stix", "ftm":
		unit = "record"
	}
	for _, e := range rep.Errors {
		msg := e.Message
		if unit != "line" {
			msg = strings.Replace(msg, "line ", unit+" ", 1)
		}
		fmt.Fprintf(env.stderr, "%s\n", msg)
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

// previewRows shows rows as they would be imported: each field read, or
// each error with its column.
func previewRows(env *cmdEnv, rows []*sheet.Row) {
	for _, rw := range rows {
		if len(rw.Errors) > 0 {
			for _, e := range rw.Errors {
				fmt.Fprintf(env.stdout, "row %d: error: %s: %s\n", rw.Number, e.Field, e.Message)
			}
			continue
		}
		r := rw.Record
		fmt.Fprintf(env.stdout, "row %d: %s «%s» occurred_on=%s country=%s tlp=%s handling=%s grading=%s", rw.Number, r.Kind, r.Title, r.OccurredOn, r.Place.Country, r.TLP, r.Handling, r.Grading)
		if r.Seizure != nil && r.Seizure.Crossing != "" {
			fmt.Fprintf(env.stdout, " crossing=%s", r.Seizure.Crossing)
		}
		if r.ExternalID != "" {
			fmt.Fprintf(env.stdout, " external_id=%s", r.ExternalID)
		}
		for _, e := range r.Entities {
			fmt.Fprintf(env.stdout, " | %s", e.Schema)
			for _, k := range slices.Sorted(maps.Keys(e.Props)) {
				fmt.Fprintf(env.stdout, " %s=%s", k, strings.Join(e.Props[k], ","))
			}
		}
		fmt.Fprintln(env.stdout)
	}
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
	fs := newFlagSet(env, "export", "export --data DIR --as USERNAME [--format jsonl|ftm|misp|stix|ids] [--out FILE] [--kind K] [--from D] [--to D] [--q TEXT]")
	data := dataFlag(fs, "data")
	db := dbFlag(fs)
	as := fs.String("as", "", "user whose view is exported (required); audited as that user")
	out := fs.String("out", "-", "output file (- for standard output)")
	format := fs.String("format", "jsonl", "jsonl (jisr records), ftm (FollowTheMoney entities), misp (MISP events), stix (a STIX 2.1 bundle) or ids (the UNODC IDS workbook of the seizures from --from to --to)")
	var f jisr.RecordFilter
	fs.StringVar((*string)(&f.Kind), "kind", "", "report, seizure or facility")
	fs.StringVar(&f.From, "from", "", "occurred on or after YYYY-MM-DD")
	fs.StringVar(&f.To, "to", "", "occurred on or before YYYY-MM-DD")
	fs.StringVar(&f.Text, "q", "", "full-text query")
	fs.StringVar(&f.Country, "country", "", "country of the place")
	fs.StringVar(&f.Originator, "originator", "", "records of this agency only")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *as == "" {
		return fmt.Errorf("%w: --as USERNAME is required", errUsage)
	}
	info, err := formats.About(*format)
	if err != nil {
		return fmt.Errorf("%w: --format must be one of %s", errUsage, strings.Join(formats.Names, ", "))
	}
	if info.Kind != "" {
		if f.Kind != "" && f.Kind != info.Kind {
			return fmt.Errorf("%w: --format %s carries %s records only", errUsage, *format, info.Kind)
		}
		f.Kind = info.Kind
	}
	s, err := openDB(ctx, *db, *data, nil, false, nil, storeOptions{})
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
	e := engine.New(s)
	defer e.Close()
	agencies, err := e.Agencies(ctx)
	if err != nil {
		return describe(err)
	}
	fw, err := formats.New(*format, w, formats.Options{Agencies: formats.AgencyMap(agencies), From: f.From, To: f.To, By: p.Username + " (" + p.Agency + ")"})
	if err != nil {
		return err
	}
	n, err := e.ExportRecords(ctx, p, f, fw.Write)
	if err != nil {
		return describe(err)
	}
	if err := fw.Close(); err != nil {
		return err
	}
	fmt.Fprintf(env.stderr, "exported %d records as %s (%s)\n", n, p.Username, *format)
	return nil
}
