-- SQLite 3.40 side of bench/compare.sh (Python's sqlite3 module, in
-- process). Sections start with "-- @name"; :name is a parameter. time is
-- epoch milliseconds.

-- @schema
CREATE TABLE events (
  id TEXT NOT NULL,
  time INTEGER NOT NULL,
  tenant TEXT NOT NULL,
  environment TEXT NOT NULL,
  workspace_id TEXT NOT NULL,
  workspace_name TEXT NOT NULL,
  action TEXT NOT NULL,
  category TEXT NOT NULL,
  operation TEXT NOT NULL,
  status TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  actor_name TEXT NOT NULL,
  actor_email TEXT NOT NULL,
  actor_type TEXT NOT NULL,
  actor_role TEXT NOT NULL,
  actor_status TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id TEXT NOT NULL,
  target_name TEXT NOT NULL,
  target_parent_type TEXT NOT NULL,
  target_parent_id TEXT NOT NULL,
  target_parent_name TEXT NOT NULL,
  ip TEXT NOT NULL,
  user_agent TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  duration_ms REAL,
  request_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  description TEXT NOT NULL,
  metadata TEXT NOT NULL,
  changes TEXT NOT NULL,
  resources TEXT NOT NULL
);

-- @indexes
-- Built after the rows, in the same transaction; counted in the ingest time.
CREATE INDEX events_tenant_time ON events (tenant, time);
CREATE INDEX events_actor_email_time ON events (actor_email, time);
CREATE INDEX events_action_time ON events (action, time);
CREATE INDEX events_ip_time ON events (ip, time);
-- FTS5 over the same columns as PostgreSQL's GIN index, an external-content
-- table (the text is not stored twice); unicode61 folds case like Vigil's
-- tokenizer, remove_diacritics 0 keeps accents as Vigil does.
CREATE VIRTUAL TABLE events_fts USING fts5(
  description, actor_name, target_name, workspace_name, metadata,
  content = 'events', content_rowid = 'rowid',
  tokenize = 'unicode61 remove_diacritics 0');
INSERT INTO events_fts (events_fts) VALUES ('rebuild');
ANALYZE;

-- @q1 tenant+user page
SELECT * FROM events
WHERE tenant = :tenant AND actor_email = :user_email
ORDER BY time DESC LIMIT 50;

-- @q2 type+status+30d
-- GLOB, not LIKE: SQLite's LIKE is case-insensitive and cannot use a BINARY index.
SELECT * FROM events
WHERE action GLOB 'user.login*' AND status = 'error' AND time >= :since_ms AND time <= :now_ms
ORDER BY time DESC LIMIT 50;

-- @q3 keyword+tenant
SELECT * FROM events
WHERE rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH 'renamed')
  AND tenant = :tenant
ORDER BY time DESC LIMIT 50;

-- @q4 daily histogram
SELECT time / 86400000 AS day, count(*) AS n, sum(status = 'error') AS errors
FROM events
WHERE time >= :from_ms AND time < :to_ms
GROUP BY day ORDER BY day;

-- @q5 top actions
SELECT action, count(*) AS n FROM events GROUP BY action ORDER BY n DESC, action LIMIT 10;

-- @q6 email lookup
SELECT * FROM events WHERE actor_email = :other_email ORDER BY time DESC LIMIT 50;

-- @q7 IP count
SELECT time / 86400000 AS day, count(*) AS n, sum(status = 'error') AS errors
FROM events
WHERE ip = :ip
GROUP BY day ORDER BY day;
