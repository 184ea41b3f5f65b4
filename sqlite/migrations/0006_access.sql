-- Settings of the node itself. operator_agency is the agency of the node's
-- operator: the agency of its first administrator (the one `jisr init`
-- creates). Its auditors are the node auditors (policy.AuditScope). It is set
-- once, when the first administrator is created, and never changed.
CREATE TABLE node_settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

INSERT INTO node_settings (key, value)
	SELECT 'operator_agency', agency FROM users WHERE role = 'administrator' ORDER BY id LIMIT 1;

-- Alerts and entries about an agency's users are found by object.
CREATE INDEX users_agency ON users(agency, username);
