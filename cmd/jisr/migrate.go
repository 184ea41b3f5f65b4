package main

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"sort"

	"github.com/jisr-cell/jisr/postgres"
	"github.com/jisr-cell/jisr/sqlite"
)

func init() {
	register(command{name: "migrate", summary: "copy a SQLite node into an empty PostgreSQL database", run: runMigrate})
}

// runMigrate copies the SQLite node in --from into the PostgreSQL database
// --to: every row in one snapshot of the source and one transaction of the
// target, the audit trail byte for byte, then verifies the copied trail
// with the node's key. The node's folder stays the --data folder of the
// PostgreSQL node (keys, attachments, checkpoint).
func runMigrate(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet(env, "migrate", "migrate --from DIR --to postgres://… (stop the node first)")
	from := fs.String("from", "", "the SQLite node's data folder (it stays the node's folder: keys, attachments)")
	to := fs.String("to", "", "an empty PostgreSQL database (postgres://…)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *from == "" || !postgres.IsURL(*to) {
		return fmt.Errorf("%w: jisr migrate --from DIR --to postgres://…", errUsage)
	}
	if err := sqlite.CheckNode(*from); err != nil {
		return nodeError(*from, err)
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(*from, "jisr.db")+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	src, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer src.Rollback()
	s, err := openDB(ctx, *to, *from, nil, false, nil, storeOptions{})
	if err != nil {
		return err
	}
	defer s.Close()
	ps := s.(*postgres.Store)
	counts, err := ps.CopyFrom(ctx, src)
	if err != nil {
		return fmt.Errorf("nothing copied: %w", err)
	}
	names := make([]string, 0, len(counts))
	for t := range counts {
		names = append(names, t)
	}
	sort.Strings(names)
	for _, t := range names {
		fmt.Fprintf(env.stdout, "%s: %d rows\n", t, counts[t])
	}
	n, err := ps.VerifyTrail(ctx)
	if err != nil {
		return fmt.Errorf("the copied audit trail does not verify after %d entries: %v", n, err)
	}
	fmt.Fprintf(env.stdout, "copied; the audit trail verifies on PostgreSQL: %d entries\n", n)
	return nil
}
