-- Sign-in hardening: second factor (TOTP, RFC 6238), recovery codes,
-- enrol-only sessions and the back-offs in force.

-- totp_secret and totp_pending hold the authenticator secret sealed with
-- AES-256-GCM under a key derived from the node key (never in clear, never
-- in the audit trail); totp_pending waits for its first code. totp_step is
-- the last time step accepted, so that a code is never accepted twice.
ALTER TABLE users ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_pending TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_step INTEGER NOT NULL DEFAULT 0;

-- Recovery codes: SHA-256 of each code; used_at is set when one is spent.
CREATE TABLE recovery_codes (
	user_id INTEGER NOT NULL REFERENCES users(id),
	hash    TEXT NOT NULL,
	used_at INTEGER,
	PRIMARY KEY (user_id, hash)
) WITHOUT ROWID;

-- full, or enrol: a session that may only enrol a second factor.
ALTER TABLE sessions ADD COLUMN scope TEXT NOT NULL DEFAULT 'full';

-- Sign-in back-offs in force (kind pair, account, address or otp). Every
-- field is bounded (user names as tried are cut and hashed), and rows are
-- written only when a back-off starts or grows, in the transaction of the
-- failure's audit entry; lifting one is deleting its row.
CREATE TABLE login_locks (
	kind    TEXT NOT NULL,
	account TEXT NOT NULL,
	addr    TEXT NOT NULL,
	fails   INTEGER NOT NULL,
	until   INTEGER NOT NULL,
	PRIMARY KEY (kind, account, addr)
) WITHOUT ROWID;
CREATE INDEX login_locks_until ON login_locks(until);
