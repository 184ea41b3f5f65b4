// Package sqlite is the embedded store of a jisr node: SQLite through a
// pure-Go driver, in WAL mode with foreign keys and fully synchronous
// commits. It implements engine.Store (SQL and transactions; the rules are
// package engine's) and applies the policy's answers in its queries: every
// read of records joins the record's audience with the caller's tokens,
// which the engine hands it.
//
// Files by concern: sqlite.go (the store, options, Open, Close), writer.go
// (the single writer, group commit), migrate.go, engine.go (the core of
// engine.Store), records.go, release.go, stats.go, import.go, graph.go,
// matching.go and persons.go (postings, hits, names), audit.go, trail.go,
// checkpoint.go, space.go, attachments.go, users.go, signin.go, throttle.go.
//
// All writes go through one writer goroutine that groups concurrent
// requests into one transaction (group commit), each request in its own
// savepoint, so that a request that fails changes nothing and an
// acknowledged write is on disk. The audit trail is appended by the same
// writer, in the same transaction as the action it records.
package sqlite

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"errors"
	"fmt"
	"github.com/jisr-cell/jisr/groupcommit"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/auditlog"
	"github.com/jisr-cell/jisr/blobs"
	"github.com/jisr-cell/jisr/checkpoint"
	"github.com/jisr-cell/jisr/cursor"
	"github.com/jisr-cell/jisr/diskspace"
	"github.com/jisr-cell/jisr/keys"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Store is a node's embedded database.
type Store struct {
	dir string
	db  *sql.DB // readers
	wdb *sql.DB // the one writer connection
	key ed25519.PrivateKey
	// cursors seals the page cursors of every list (see package cursor).
	cursors *cursor.Codec
	// keys are the node's secrets when given (WithKeys); else read from dir.
	keys *keys.Node
	// hasher keys the hashes of sensitive values in the trail (audit.key).
	hasher auditlog.Hasher
	now    func() time.Time
	logger *slog.Logger

	ops    *groupcommit.Queue[*Tx]
	closed chan struct{}
	wg     sync.WaitGroup

	// chain head, owned by the writer goroutine
	auditSeq  int64
	auditHash string

	// space: see space.go
	space    *diskspace.Monitor
	maxBytes int64 // WithMaxDBSize
	blobs    *blobs.Store
	blobWrap func(io.Writer) io.Writer

	cp *checkpoint.Anchor
	// started: the writer and the other goroutines run.
	started bool
	// existing: Open refuses a folder that holds no node (see Existing).
	existing  bool
	countries sync.Map // agency code → country
	stmts     struct {
		insertRecord, insertAudience, insertFTS, insertAudit      *sql.Stmt
		findAudSet, insertAudSet, insertAudSetToken               *sql.Stmt
		newCount, bumpCount, dropCount, countedRow                *sql.Stmt
		newDim, bumpDim, dropDim, newFact, dropFact               *sql.Stmt
		upsertKey, insertPosting, postings, insertHit, insertName *sql.Stmt
		newKey, bumpKey, insertRead                               *sql.Stmt
	}
}

// Option configures Open.
type Option func(*Store)

// WithClock sets the store's clock (tests).
func WithClock(now func() time.Time) Option { return func(s *Store) { s.now = now } }

// Existing makes Open refuse a folder that holds no node (no jisr.db or
// no node.key) with an error wrapping ErrNoNode, instead of creating one.
// Every command that reads a node opens it so; only the commands that
// create a node do not.
func Existing() Option { return func(s *Store) { s.existing = true } }

// ErrNoNode is the error of opening a folder that holds no node.
var ErrNoNode = errors.New("no jisr node")

// CheckNode returns an error wrapping ErrNoNode unless dir holds a node:
// its database and its signing key.
func CheckNode(dir string) error {
	for _, name := range []string{"jisr.db", "node.key"} {
		st, err := os.Stat(filepath.Join(dir, name))
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%w in %s: it has no %s", ErrNoNode, dir, name)
		}
		if err != nil {
			return err
		}
		if !st.Mode().IsRegular() {
			return fmt.Errorf("%w in %s: %s is not a file", ErrNoNode, dir, name)
		}
	}
	return nil
}

// WithKeys gives the store the node's secrets (see package keys) instead
// of reading them from the data folder.
func WithKeys(k *keys.Node) Option { return func(s *Store) { s.keys = k } }

// WithLogger sets the logger.
func WithLogger(l *slog.Logger) Option { return func(s *Store) { s.logger = l } }

// Open opens (creating if needed) the store in dir: dir/jisr.db, the node's
// signing key dir/node.key and attachments under dir/attachments.
func Open(ctx context.Context, dir string, opts ...Option) (*Store, error) {
	closed := make(chan struct{})
	s := &Store{
		dir: dir, now: time.Now, logger: slog.New(slog.DiscardHandler),
		ops: groupcommit.New[*Tx](closed), closed: closed,
		space: diskspace.New(dir),
	}
	for _, o := range opts {
		o(s)
	}
	if s.existing {
		if err := CheckNode(dir); err != nil {
			return nil, err
		}
	}
	s.space.Logger = s.logger
	if err := os.MkdirAll(filepath.Join(dir, "attachments"), 0o700); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
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
	path := filepath.Join(dir, "jisr.db")
	pragmas := "_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=cache_size(-65536)&_pragma=temp_store(2)"
	wpragmas := pragmas
	if s.maxBytes > 0 {
		wpragmas += fmt.Sprintf("&_pragma=max_page_count(%d)", max(s.maxBytes/4096, 1))
	}
	s.wdb, err = sql.Open("sqlite", "file:"+path+"?"+wpragmas+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	s.wdb.SetMaxOpenConns(1)
	s.wdb.SetConnMaxLifetime(0)
	s.wdb.SetMaxIdleConns(1)
	if err := s.migrate(ctx); err != nil {
		s.wdb.Close()
		return nil, err
	}
	for _, st := range []struct {
		dst **sql.Stmt
		q   string
	}{
		{&s.stmts.insertRecord, `INSERT INTO records (id, kind, originator, country, occurred_on, crossing, concealment, pills, kg, lat, lon, tlp, handling, version, created_at, updated_at, body, external_id, aud)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`},
		{&s.stmts.newCount, `INSERT OR IGNORE INTO seizure_counts VALUES (?,?,?,?,?,?,0,0,0)`},
		{&s.stmts.bumpCount, `UPDATE seizure_counts SET seizures = seizures + ?, pills = pills + ?, kg = kg + ?
			WHERE aud = ? AND originator = ? AND country = ? AND month = ? AND concealment = ? AND crossing = ?`},
		{&s.stmts.dropCount, `DELETE FROM seizure_counts WHERE seizures <= 0
			AND aud = ? AND originator = ? AND country = ? AND month = ? AND concealment = ? AND crossing = ?`},
		{&s.stmts.newDim, `INSERT OR IGNORE INTO seizure_dims VALUES (?,?,?,?,0,0,0)`},
		{&s.stmts.bumpDim, `UPDATE seizure_dims SET seizures = seizures + ?, pills = pills + ?, kg = kg + ? WHERE aud = ? AND originator = ? AND dim = ? AND key = ?`},
		{&s.stmts.dropDim, `DELETE FROM seizure_dims WHERE seizures <= 0 AND aud = ? AND originator = ? AND dim = ? AND key = ?`},
		{&s.stmts.newFact, `INSERT INTO seizure_facts VALUES (?,?,?,?,?,?,?,?,?)`},
		{&s.stmts.dropFact, `DELETE FROM seizure_facts WHERE seq = ?`},
		{&s.stmts.countedRow, `SELECT kind, aud, originator, country, occurred_on, concealment, crossing, pills, kg FROM records WHERE seq = ?`},
		{&s.stmts.findAudSet, `SELECT id FROM audience_sets WHERE tokens = ?`},
		{&s.stmts.insertAudSet, `INSERT INTO audience_sets (tokens) VALUES (?)`},
		{&s.stmts.insertAudSetToken, `INSERT INTO audience_set_tokens (token, aud) VALUES (?, ?)`},
		// Two plain statements rather than an upsert: an upsert opens a
		// statement journal, whose release grows with the transaction.
		{&s.stmts.newKey, `INSERT OR IGNORE INTO selector_keys (id, key, count) VALUES (?, ?, 0)`},
		{&s.stmts.bumpKey, `UPDATE selector_keys SET count = count + 1 WHERE id = ?`},
		{&s.stmts.upsertKey, `SELECT key, count, common FROM selector_keys WHERE id = ?`},
		{&s.stmts.insertPosting, `INSERT OR IGNORE INTO selector_postings (key_id, seq) VALUES (?, ?)`},
		{&s.stmts.postings, `SELECT p.seq, r.originator FROM selector_postings p JOIN records r ON r.seq = p.seq WHERE p.key_id = ? AND p.seq != ? LIMIT ?`},
		{&s.stmts.insertName, `INSERT INTO person_names (seq, entity, i, name, kind) VALUES (?,?,?,?,?)`},
		{&s.stmts.insertHit, `INSERT INTO hits (ref, rule, key_id, seq, other, score, explanation, seq_agency, other_agency, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)`},
		{&s.stmts.insertAudience, `INSERT INTO record_audience (seq, token) VALUES (?, ?)`},
		{&s.stmts.insertFTS, `INSERT INTO record_fts (rowid, text) VALUES (?, ?)`},
		{&s.stmts.insertAudit, `INSERT INTO audit (seq, at, actor, agency, action, object, detail, outcome, addr, prev_hash, hash, sig, reads, reads_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`},
		{&s.stmts.insertRead, `INSERT INTO audit_reads (audit_seq, record_seq) VALUES (?, ?)`},
	} {
		if *st.dst, err = s.wdb.PrepareContext(ctx, st.q); err != nil {
			s.wdb.Close()
			return nil, fmt.Errorf("prepare: %w", err)
		}
	}
	s.db, err = sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		s.wdb.Close()
		return nil, err
	}
	s.db.SetMaxOpenConns(8)
	s.db.SetMaxIdleConns(8)
	if err := s.wdb.QueryRowContext(ctx, `SELECT coalesce(max(seq),0), coalesce((SELECT hash FROM audit ORDER BY seq DESC LIMIT 1),'') FROM audit`).Scan(&s.auditSeq, &s.auditHash); err != nil {
		s.Close()
		return nil, err
	}
	if s.blobs, err = blobs.Open(dir); err != nil {
		s.Close()
		return nil, err
	}
	s.blobs.Wrap, s.blobs.Logger = s.blobWrap, s.logger
	if err := s.blobs.Clean(s.blobsUsed(ctx)); err != nil {
		s.logger.Warn("could not clean interrupted uploads", "err", err)
	}
	s.note(s.free(readerQ{ctx, s}))
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

// Dir returns the data folder.
func (s *Store) Dir() string { return s.dir }

// PublicKey returns the node's audit signing key.
func (s *Store) PublicKey() ed25519.PublicKey { return s.key.Public().(ed25519.PublicKey) }

// DB returns the read-only pool (tests measure the database with it).
func (s *Store) DB() *sql.DB { return s.db }

// Close stops the writer and closes the database.
func (s *Store) Close() error {
	select {
	case <-s.closed:
		return nil
	default:
	}
	close(s.closed)
	s.wg.Wait()
	var errs []error
	if s.started {
		// The last checkpoint, at a clean shutdown: the whole trail.
		if err := s.Checkpoint(context.Background()); err != nil {
			s.logger.Error("audit checkpoint at shutdown", "err", err)
			errs = append(errs, err)
		}
	}
	if s.db != nil {
		errs = append(errs, s.db.Close())
	}
	if s.wdb != nil {
		errs = append(errs, s.wdb.Close())
	}
	if s.blobs != nil {
		s.blobs.Close()
	}
	return errors.Join(errs...)
}

// placeholders returns "?,?,…" for n values.
func placeholders(n int) string {
	if n <= 0 {
		return "NULL"
	}
	return strings.Repeat("?,", n-1) + "?"
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

// scanPage reads one page of a list queried with LIMIT page+1: the rows,
// and the cursor of the next page ("" on the last page), which seals the
// sort key of the page's last item for the caller.
func scanPage[T any](rows *sql.Rows, limit int, scan func(scanner) (T, error), cursor func(T) string) ([]T, string, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, "", internal(err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, "", internal(err)
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		next = cursor(out[len(out)-1])
	}
	return out, next, nil
}
