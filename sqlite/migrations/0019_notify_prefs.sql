-- Per-user choices about notices: e-mail is opt-in.
CREATE TABLE notify_prefs (
	user_id INTEGER PRIMARY KEY REFERENCES users(id),
	email   INTEGER NOT NULL DEFAULT 0
);
