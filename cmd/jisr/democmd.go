package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/demo"
	"github.com/jisr-cell/jisr/engine"
)

func init() {
	register(command{name: "demo", summary: "start a node loaded with a realistic demo scenario", run: runDemo})
}

func runDemo(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet(env, "demo", "demo [--data DIR] [--db postgres://…] [--addr HOST:PORT] [--records N] [--seed N] [--load-only]")
	data := dataFlag(fs, "demo-data")
	db := dbFlag(fs)
	var f serveFlags
	fs.StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on")
	fs.StringVar(&f.logLevel, "log-level", "info", "debug, info, warn or error")
	records := fs.Int("records", 3000, "number of demo records to generate (1,000,000 and more for benchmarks)")
	seed := fs.Int64("seed", 1, "seed of the scenario generator (same seed, same scenario)")
	loadOnly := fs.Bool("load-only", false, "load the scenario and exit without serving")
	require2FA := fs.Bool("require-2fa", false, "require a second factor of liaison officers, supervisors and administrators, as jisr serve does (off: the printed accounts sign in with their password alone)")
	var cf checkpointFlags
	addCheckpointFlags(fs, &cf)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *require2FA {
		f.require2FA, _ = parseRoles(DefaultSecondFactorRoles)
	}
	if *records < 0 {
		return fmt.Errorf("%w: --records must be 0 or more", errUsage)
	}
	logger, err := newLogger(env.stderr, f.logLevel)
	if err != nil {
		return err
	}
	s, err := openDB(ctx, *db, *data, logger, true, &cf, storeOptions{})
	if err != nil {
		return err
	}
	defer s.Close()
	if err := loadDemo(ctx, env, s, *records, *seed); err != nil {
		return err
	}
	if *loadOnly {
		return nil
	}
	return serve(ctx, env, s, logger, f, nil)
}

// loadDemo creates the demo agencies and users (with new random
// passwords, printed one a line) and, on an empty node, the records.
func loadDemo(ctx context.Context, env *cmdEnv, s nodeStore, records int, seed int64) error {
	e, err := newEngine(s)
	if err != nil {
		return err
	}
	defer e.Close()
	for _, a := range demo.Agencies() {
		if _, err := s.Agency(ctx, a.Code); err == nil {
			continue
		}
		if err := e.CreateAgency(ctx, cli, a); err != nil {
			return describe(err)
		}
	}
	for _, u := range demo.Users() {
		pw := newPassword()
		if _, err := s.UserByName(ctx, u.Username); err == nil {
			if err := e.ResetPassword(ctx, cli, u.Username, pw); err != nil {
				return describe(err)
			}
		} else if err := e.CreateUser(ctx, cli, u, pw); err != nil {
			return describe(err)
		}
		fmt.Fprintf(env.stdout, "user: %s password: %s agency: %s role: %s\n", u.Username, pw, u.Agency, u.Role)
	}
	have, err := s.TotalRecords(ctx)
	if err != nil {
		return err
	}
	if have > 0 {
		fmt.Fprintf(env.stderr, "jisr: the demo data folder %s already holds %d records; not loading more\n", s.Dir(), have)
		return nil
	}
	g := demo.New(seed)
	i := 0
	next := func() (*jisr.Record, error) {
		if i == records {
			return nil, io.EOF
		}
		i++
		return g.Next(), nil
	}
	start := time.Now()
	show, done := progress(env.stderr, records, "loading demo records")
	// Generated records commit in batches: a demo of a million records
	// is not one transaction.
	rep, err := e.ImportRecords(ctx, jisr.Principal{System: true, Username: "demo"}, jisr.RecordItems(next),
		jisr.ImportOptions{CommitEvery: engine.ImportBatch, Progress: show})
	done()
	n := rep.Created
	if err != nil {
		return fmt.Errorf("loading the demo scenario stopped after %d records: %w", n, describe(err))
	}
	d := time.Since(start)
	fmt.Fprintf(env.stderr, "jisr: loaded %d demo records in %s (%.0f records/s)\n", n, d.Round(time.Millisecond), float64(n)/d.Seconds())
	// Imports skip the name search of each person; a demo of ordinary size
	// gets its "possible same person" hits now.
	if n <= 50_000 {
		show, done := progress(env.stderr, n, "matching names")
		err := e.FindNameHits(ctx, func(done, total int) { show(done) })
		done()
		if err != nil {
			return err
		}
	}
	if err := loadDemoRequests(ctx, env, s); err != nil {
		return err
	}
	return loadDemoLookouts(ctx, env, s)
}
