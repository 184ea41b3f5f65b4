package sqlite

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"

	"github.com/jisr-cell/jisr/keys"
)

// Trail is a read-only view of a node's audit trail, for checking it
// without changing anything: a stopped node, a running one, or a copy on
// a read-only mount (a backup). Opening it creates no file and writes none.
type Trail struct {
	db  *sql.DB
	pub ed25519.PublicKey
	dir string
	// Note says what the check could not cover, if anything (the
	// write-ahead log of a read-only copy that SQLite could not open).
	Note string
}

// OpenTrail opens the trail of the node in dir read-only. A folder that
// holds no node is an error wrapping ErrNoNode.
//
// With no write-ahead log beside the database (a node shut down cleanly,
// or a backup) the database is opened immutable: SQLite takes no lock and
// creates no -wal or -shm file. With a log (a running node, or one that
// stopped without a clean shutdown) it is opened read-only so the entries
// still in the log are read too; if that fails (the log's index cannot be
// opened on a read-only mount) it falls back to the database alone and
// says so in Note.
func OpenTrail(ctx context.Context, dir string) (*Trail, error) {
	if err := CheckNode(dir); err != nil {
		return nil, err
	}
	key, err := keys.ReadSigning(filepath.Join(dir, keys.NodeKeyFile))
	if err != nil {
		return nil, err
	}
	t := &Trail{pub: key.Public().(ed25519.PublicKey), dir: dir}
	path := filepath.Join(dir, "jisr.db")
	open := func(params string) error {
		db, err := sql.Open("sqlite", "file:"+path+"?"+params+"&_pragma=query_only(1)&_pragma=busy_timeout(10000)")
		if err != nil {
			return err
		}
		db.SetMaxOpenConns(1)
		if err := db.PingContext(ctx); err != nil {
			db.Close()
			return err
		}
		var n int64
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM audit WHERE seq = 1`).Scan(&n); err != nil {
			db.Close()
			return err
		}
		t.db = db
		return nil
	}
	if st, err := os.Stat(path + "-wal"); err == nil && st.Size() > 0 {
		if err := open("mode=ro"); err == nil {
			return t, nil
		}
		t.Note = "the write-ahead log " + path + "-wal could not be read (a read-only copy?); entries still in it are not checked"
	}
	if err := open("mode=ro&immutable=1"); err != nil {
		return nil, fmt.Errorf("open %s read-only: %w", path, err)
	}
	return t, nil
}

// PublicKey is the node's audit signing key.
func (t *Trail) PublicKey() ed25519.PublicKey { return t.pub }

// Dir is the node's folder.
func (t *Trail) Dir() string { return t.dir }

// Verify checks the whole chain and every signature, like Store.VerifyTrail.
func (t *Trail) Verify(ctx context.Context) (int64, error) { return verifyAudit(ctx, t.db, t.pub) }

// Close closes the database.
func (t *Trail) Close() error { return t.db.Close() }
