// Package postgres is the PostgreSQL store of a jisr node (issue 13), beside
// the embedded SQLite store: the same engine.Store and engine.Tx over
// github.com/jackc/pgx/v5 (pgxpool), SQL and transactions only. Every rule
// is package engine's; every read of records joins the record's audience
// with the caller's tokens, which the engine hands it, exactly as in
// package sqlite.
//
// Several processes may share one database (jisr serve behind one
// address). Writes are serialised across them by one transaction-level
// advisory lock taken first in every write transaction (as SQLite's single
// writer serialises them), so the audit trail has one sequence and one
// chain and the engine's check-then-write steps (transit, postings, name
// hits) see every committed write; inside a process the writer groups
// concurrent writes into one transaction, each in its own savepoint (group
// commit). Reads run concurrently on the pool. After each commit the store
// announces the records written (NOTIFY, see listen.go) so that the other
// processes keep their in-memory name index current.
//
// The node's keys (node.key, audit.key) and its attachment files stay in a
// folder (the --data folder) that every process sharing the database must
// share too (the same files, e.g. one network file system): attachments
// are files under their SHA-256 (package blobs), their rows in PostgreSQL.
//
// Files by concern: postgres.go (the store, options, Open, Close),
// migrate.go, writer.go (group commit, the write lock), engine.go (the core
// of engine.Store), records.go, release.go, stats.go, graph.go,
// matching.go and persons.go (postings, hits, names), audit.go,
// attachments.go, space.go, users.go, signin.go, requests.go, listen.go.
package postgres

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"github.com/jisr-cell/jisr/groupcommit"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/auditlog"
	"github.com/jisr-cell/jisr/blobs"
	"github.com/jisr-cell/jisr/checkpoint"
	"github.com/jisr-cell/jisr/cursor"
	"github.com/jisr-cell/jisr/diskspace"
	"github.com/jisr-cell/jisr/keys"
)

// Store is a node's database in PostgreSQL.
type Store struct {
	url     string
	dir     string // keys (unless WithKeys) and attachments
	pool    *pgxpool.Pool
	key     ed25519.PrivateKey
	keys    *keys.Node
	cursors *cursor.Codec
	hasher  auditlog.Hasher
	now     func() time.Time
	logger  *slog.Logger

	ops    *groupcommit.Queue[*Tx]
	closed chan struct{}
	wg     sync.WaitGroup

	// chain head, owned by the writer goroutine (read again under the
	// write lock at the start of every transaction)
	auditSeq  int64
	auditHash string

	space    *diskspace.Monitor
	blobs    *blobs.Store
	blobWrap func(io.Writer) io.Writer
	cp       *checkpoint.Anchor
	started  bool

	countries sync.Map // agency code → country

	lis listener // listen.go
}

// Option configures Open.
type Option func(*Store)

// WithClock sets the store's clock (tests).
func WithClock(now func() time.Time) Option { return func(s *Store) { s.now = now } }

// WithKeys gives the store the node's secrets (see package keys) instead
// of reading them from the data folder.
func WithKeys(k *keys.Node) Option { return func(s *Store) { s.keys = k } }

// WithLogger sets the logger.
func WithLogger(l *slog.Logger) Option { return func(s *Store) { s.logger = l } }

// WithCheckpoint anchors the trail like sqlite.WithCheckpoint: every
// interval, if entries were written, and at Close, a signed checkpoint of
// the committed head goes to the file path and, if not empty, the URL sink.
func WithCheckpoint(path, sink string, interval time.Duration) Option {
	return func(s *Store) { s.cp = checkpoint.New(path, sink, interval) }
}

// WithSpaceProbe replaces the measure of free bytes in the data folder (tests).
func WithSpaceProbe(probe func(dir string) (int64, error)) Option {
	return func(s *Store) { s.space.Probe = probe }
}

// WithMinFree sets the free space of the data folder under which the store
// logs a warning.
func WithMinFree(n int64) Option { return func(s *Store) { s.space.MinFree = n } }

// WithReserve sets the free space of the data folder under which new
// content is refused with ESTORAGEFULL (0 turns it off).
func WithReserve(n int64) Option { return func(s *Store) { s.space.Reserve = n } }

// WithBlobWriter wraps the writer of attachment files (tests).
func WithBlobWriter(wrap func(io.Writer) io.Writer) Option {
	return func(s *Store) { s.blobWrap = wrap }
}

// IsURL says whether a --db value names a PostgreSQL database.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Open connects to the database url (postgres://…), applies the
// migrations not yet applied, and keeps the node's keys (unless WithKeys)
// and attachment files in dir.
func Open(ctx context.Context, url, dir string, opts ...Option) (*Store, error) {
	if dir == "" {
		return nil, errors.New("postgres: a data folder is needed for the node's keys and attachments")
	}
	closed := make(chan struct{})
	s := &Store{
		url: url, dir: dir, now: time.Now, logger: slog.New(slog.DiscardHandler),
		ops: groupcommit.New[*Tx](closed), closed: closed,
		space: diskspace.New(dir),
	}
	for _, o := range opts {
		o(s)
	}
	s.space.Logger = s.logger
	nk := s.keys
	var err error
	if nk == nil {
		if nk, err = keys.Open(dir); err != nil {
			return nil, err
		}
	}
	s.keys, s.key, s.hasher = nk, nk.Signing, auditlog.NewHasher(nk.Audit)
	if s.cursors, err = cursor.New(nk.Seed()); err != nil {
		return nil, err
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if cfg.MaxConns < 8 {
		cfg.MaxConns = 8
	}
	if s.pool, err = pgxpool.NewWithConfig(ctx, cfg); err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if err := s.migrate(ctx); err != nil {
		s.pool.Close()
		return nil, err
	}
	if err := s.startPeers(ctx); err != nil {
		s.pool.Close()
		return nil, err
	}
	if s.blobs, err = blobs.Open(dir); err != nil {
		s.pool.Close()
		return nil, err
	}
	s.blobs.Wrap, s.blobs.Logger = s.blobWrap, s.logger
	if err := s.blobs.Clean(s.blobsUsed(ctx)); err != nil {
		s.logger.Warn("could not clean interrupted uploads", "err", err)
	}
	s.note(s.free())
	s.wg.Add(2)
	go s.writer()
	go s.monitor()
	if s.cp.Enabled() {
		s.wg.Add(1)
		go s.checkpointLoop()
	}
	s.started = true
	return s, nil
}

// Dir returns the data folder (keys, attachments).
func (s *Store) Dir() string { return s.dir }

// Pool returns the connection pool (tests, benchmarks).
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// PublicKey returns the node's audit signing key.
func (s *Store) PublicKey() ed25519.PublicKey { return s.key.Public().(ed25519.PublicKey) }

// Close stops the writer and the listener and closes the pool.
func (s *Store) Close() error {
	select {
	case <-s.closed:
		return nil
	default:
	}
	close(s.closed)
	s.lis.stop()
	s.wg.Wait()
	s.stopReading()
	var errs []error
	if s.started {
		if err := s.Checkpoint(context.Background()); err != nil {
			s.logger.Error("audit checkpoint at shutdown", "err", err)
			errs = append(errs, err)
		}
	}
	s.pool.Close()
	if s.blobs != nil {
		s.blobs.Close()
	}
	return errors.Join(errs...)
}

// args numbers the parameters of a query built piece by piece.
type args []any

// p adds v and returns its placeholder.
func (a *args) p(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// querier is the pool or a transaction.
type querier interface {
	Exec(ctx context.Context, sql string, arguments ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// isFull says whether err is a lack of space: PostgreSQL's disk_full
// (53100) or what diskspace.IsFull knows.
func isFull(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "53100" {
		return true
	}
	return diskspace.IsFull(err)
}

func isUnique(err error, constraint string) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505" && (constraint == "" || pe.ConstraintName == constraint)
}

func internal(err error) error {
	if err == nil {
		return nil
	}
	var e *jisr.Error
	if errors.As(err, &e) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if isFull(err) {
		return jisr.StorageFull(err)
	}
	return jisr.Internal(err)
}

// collect reads every row of rows with scan.
func collect[T any](rows pgx.Rows, err error, scan func(pgx.Rows) (T, error)) ([]T, error) {
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, internal(err)
		}
		out = append(out, v)
	}
	return out, internal(rows.Err())
}

// position returns where a page starts: the position sealed in the
// caller's cursor for list, or first when there is no cursor.
func (s *Store) position(p jisr.Principal, list, c string, first int64) (int64, error) {
	if c == "" {
		return first, nil
	}
	return s.cursors.Decode(p, list, c)
}

// cursorAt returns the opaque cursor of position pos in list for p.
func (s *Store) cursorAt(p jisr.Principal, list string, pos int64) string {
	return s.cursors.Encode(p, list, pos)
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}
