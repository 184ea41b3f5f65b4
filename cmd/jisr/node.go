package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/checkpoint"
	"github.com/jisr-cell/jisr/engine"
	"github.com/jisr-cell/jisr/keys"
	"github.com/jisr-cell/jisr/postgres"
	"github.com/jisr-cell/jisr/sqlite"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// cli is the principal of the node's own command line: a person with
// shell access to the data folder. It is audited as "cli".
var cli = jisr.Principal{System: true, Username: "cli"}

func dataFlag(fs *flag.FlagSet, def string) *string {
	return fs.String("data", def, "data folder of the node (database, signing key, attachments)")
}

// checkpointFlags say where a node anchors the head of its audit trail
// (see sqlite.WithCheckpoint).
type checkpointFlags struct {
	path, sink string
	every      time.Duration
}

// addCheckpointFlags adds --audit-checkpoint, --audit-sink and
// --audit-checkpoint-every. Commands without them use the environment
// (JISR_AUDIT_CHECKPOINT, JISR_AUDIT_SINK) or the default file beside the
// data folder, so a command run beside a node keeps the node's anchor.
func addCheckpointFlags(fs *flag.FlagSet, cf *checkpointFlags) {
	fs.StringVar(&cf.path, "audit-checkpoint", os.Getenv("JISR_AUDIT_CHECKPOINT"), "file where the node keeps its signed audit checkpoint (default: DATA.checkpoint beside the data folder; env JISR_AUDIT_CHECKPOINT)")
	fs.StringVar(&cf.sink, "audit-sink", os.Getenv("JISR_AUDIT_SINK"), "URL to which each audit checkpoint is also POSTed as JSON (env JISR_AUDIT_SINK)")
	fs.DurationVar(&cf.every, "audit-checkpoint-every", 5*time.Second, "how often a checkpoint is signed while audit entries are written (and at every clean shutdown)")
}

func (cf *checkpointFlags) option(dir string) sqlite.Option {
	c := checkpointFlags{path: os.Getenv("JISR_AUDIT_CHECKPOINT"), sink: os.Getenv("JISR_AUDIT_SINK")}
	if cf != nil {
		c = *cf
	}
	if c.path == "" {
		c.path = checkpoint.Path(dir)
	}
	return sqlite.WithCheckpoint(c.path, c.sink, c.every)
}

// openStore opens the node in dir; a folder that holds no node is an
// error (a mistyped --data must not become a new, empty node).
func openStore(ctx context.Context, dir string, logger *slog.Logger, opts ...sqlite.Option) (*sqlite.Store, error) {
	return openNode(ctx, dir, logger, false, nil, opts...)
}

// createStore opens the node in dir, creating it if the folder holds none.
// Only init, demo and serve --init create nodes.
func createStore(ctx context.Context, dir string, logger *slog.Logger, opts ...sqlite.Option) (*sqlite.Store, error) {
	return openNode(ctx, dir, logger, true, nil, opts...)
}

// openNode opens the node in dir, creating it if create; cf says where it
// anchors its trail (nil: the environment or the default file).
func openNode(ctx context.Context, dir string, logger *slog.Logger, create bool, cf *checkpointFlags, extra ...sqlite.Option) (*sqlite.Store, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	opts := []sqlite.Option{sqlite.WithLogger(logger), cf.option(dir)}
	if !create {
		opts = append(opts, sqlite.Existing())
	}
	s, err := sqlite.Open(ctx, dir, append(opts, extra...)...)
	if err != nil {
		return nil, nodeError(dir, err)
	}
	return s, nil
}

// nodeError explains an error of opening the node in dir.
func nodeError(dir string, err error) error {
	if errors.Is(err, sqlite.ErrNoNode) {
		return fmt.Errorf("the folder %s holds no jisr node (%v).\nCheck --data; to create a node there, run: jisr init --data %s --agency CODE --country CC --name-en NAME --name-ar NAME", dir, err, dir)
	}
	return fmt.Errorf("open the data folder %s: %w", dir, err)
}

// newPassword returns a random password of 20 URL-safe characters.
func newPassword() string {
	b := make([]byte, 15)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func newLogger(w io.Writer, level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("%w: --log-level must be debug, info, warn or error", errUsage)
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l})), nil
}

// progress returns a function that shows a progress bar on a terminal
// (and nothing otherwise), and a function to finish it.
func progress(w io.Writer, total int, what string) (func(n int), func()) {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return func(int) {}, func() {}
	}
	bar := progressbar.NewOptions(total, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("records"),
		progressbar.OptionThrottle(100_000_000), progressbar.OptionClearOnFinish())
	return func(n int) { bar.Set(n) }, func() { bar.Finish() }
}

// readSecret reads a password from a file, or from standard input when it
// is not a terminal, or asks for it on the terminal without echo.
func readSecret(env *cmdEnv, file, prompt string) (string, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", err
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	}
	if f, ok := env.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(env.stderr, prompt)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.stderr)
		return string(b), err
	}
	b, err := io.ReadAll(io.LimitReader(env.stdin, 4096))
	return strings.TrimRight(string(b), "\r\n"), err
}

// byteSize is a flag of a number of bytes: 1GiB, 512MiB, 100MB, 4096.
type byteSize int64

func sizeFlag(fs *flag.FlagSet, name string, def int64, usage string) *byteSize {
	v := byteSize(def)
	fs.Var(&v, name, usage)
	return &v
}

func (b *byteSize) String() string { return formatSize(int64(*b)) }

func (b *byteSize) Set(s string) error {
	n, err := parseSize(s)
	if err != nil {
		return err
	}
	*b = byteSize(n)
	return nil
}

var sizeUnits = []struct {
	suffix string
	n      int64
}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"TB", 1e12}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"kB", 1e3}, {"B", 1}, {"", 1}}

// parseSize reads a size such as 1GiB, 1.5GB, 512MiB or 4096.
func parseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	for _, u := range sizeUnits {
		num, ok := strings.CutSuffix(s, u.suffix)
		if !ok {
			continue
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
		if err != nil || f < 0 || f*float64(u.n) > 1<<62 {
			break
		}
		return int64(f * float64(u.n)), nil
	}
	return 0, fmt.Errorf("%q is not a size such as 1GiB, 500MB or 4096", s)
}

func formatSize(n int64) string {
	for _, u := range sizeUnits[:4] {
		if n >= u.n && n%u.n == 0 {
			return strconv.FormatInt(n/u.n, 10) + u.suffix
		}
	}
	return strconv.FormatInt(n, 10)
}

// nodeStore is a node's store as the commands use it: package sqlite's
// (the data folder) or package postgres's (--db postgres://…).
type nodeStore interface {
	engine.Store
	Close() error
	Dir() string
	Derive(info string, size int) ([]byte, error)
	CountUsers(ctx context.Context) (int, error)
	TotalRecords(ctx context.Context) (int, error)
	PrincipalFor(ctx context.Context, username string) (jisr.Principal, error)
}

func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", "", "a PostgreSQL database (postgres://USER@HOST/DB?sslmode=…) instead of the SQLite database in --data; --data still holds the node's keys and attachments, shared by every process on the database")
}

// storeOptions are the options of either store a command sets.
type storeOptions struct {
	sqlite   []sqlite.Option
	postgres []postgres.Option
}

// openDB opens the node's store: PostgreSQL when db names a database
// (keys and attachments in dir), else SQLite in dir (openNode).
func openDB(ctx context.Context, db, dir string, logger *slog.Logger, create bool, cf *checkpointFlags, extra storeOptions) (nodeStore, error) {
	if db == "" {
		return openNode(ctx, dir, logger, create, cf, extra.sqlite...)
	}
	if !postgres.IsURL(db) {
		return nil, fmt.Errorf("%w: --db must be a postgres:// URL", errUsage)
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if !create {
		// The keys are the node: without them a database is not opened
		// (keys.Open would create new ones that sign a different trail).
		if _, err := os.Stat(filepath.Join(dir, keys.NodeKeyFile)); err != nil {
			return nil, fmt.Errorf("the folder %s holds no node key (%v).\nCheck --data: with --db it holds the node's keys and attachments", dir, err)
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	c := checkpointFlags{path: os.Getenv("JISR_AUDIT_CHECKPOINT"), sink: os.Getenv("JISR_AUDIT_SINK")}
	if cf != nil {
		c = *cf
	}
	if c.path == "" {
		c.path = checkpoint.Path(dir)
	}
	opts := append([]postgres.Option{postgres.WithLogger(logger), postgres.WithCheckpoint(c.path, c.sink, c.every)}, extra.postgres...)
	s, err := postgres.Open(ctx, db, dir, opts...)
	if err != nil {
		return nil, fmt.Errorf("open the database %s: %w", redactURL(db), err)
	}
	return s, nil
}

// redactURL is a database URL without its password.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(the --db URL)"
	}
	return u.Redacted()
}
