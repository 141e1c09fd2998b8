-- PostgreSQL 15 side of bench/compare.sh. Sections start with "-- @name";
-- :name is a parameter (psycopg2's %(name)s). The cluster is initialized with
-- --locale=C, so b-tree indexes serve LIKE 'prefix%'.

-- @schema
-- Created in the transaction that COPYs into it: with wal_level=minimal the
-- rows skip the WAL (the table file is fsynced at commit instead).
CREATE TABLE events (
  id text NOT NULL,
  time timestamptz NOT NULL,
  tenant text NOT NULL,
  environment text NOT NULL,
  workspace_id text NOT NULL,
  workspace_name text NOT NULL,
  action text NOT NULL,
  category text NOT NULL,
  operation text NOT NULL,
  status text NOT NULL,
  actor_id text NOT NULL,
  actor_name text NOT NULL,
  actor_email text NOT NULL,
  actor_type text NOT NULL,
  actor_role text NOT NULL,
  actor_status text NOT NULL,
  target_type text NOT NULL,
  target_id text NOT NULL,
  target_name text NOT NULL,
  target_parent_type text NOT NULL,
  target_parent_id text NOT NULL,
  target_parent_name text NOT NULL,
  ip text NOT NULL,
  user_agent text NOT NULL,
  method text NOT NULL,
  path text NOT NULL,
  duration_ms double precision,
  request_id text NOT NULL,
  session_id text NOT NULL,
  description text NOT NULL,
  metadata text NOT NULL,
  changes text NOT NULL,
  resources text NOT NULL
);

-- @indexes
-- The indexes the reference mix needs: b-trees for tenant, actor email,
-- action and IP (each with time, for newest-first pages), GIN over the
-- full-text columns. Counted in the ingest time.
CREATE INDEX events_tenant_time ON events (tenant, time);
CREATE INDEX events_actor_email_time ON events (actor_email, time);
CREATE INDEX events_action_time ON events (action, time);
CREATE INDEX events_ip_time ON events (ip, time);
CREATE INDEX events_text ON events USING gin (to_tsvector('simple',
  description || ' ' || actor_name || ' ' || target_name || ' ' || workspace_name || ' ' || metadata));
VACUUM ANALYZE events;

-- @q1 tenant+user page
SELECT * FROM events
WHERE tenant = :tenant AND actor_email = :user_email
ORDER BY time DESC LIMIT 50;

-- @q2 type+status+30d
SELECT * FROM events
WHERE action LIKE 'user.login%' AND status = 'error'
  AND time >= to_timestamp(:since_ms / 1000.0) AND time <= to_timestamp(:now_ms / 1000.0)
ORDER BY time DESC LIMIT 50;

-- @q3 keyword+tenant
SELECT * FROM events
WHERE tenant = :tenant
  AND to_tsvector('simple',
        description || ' ' || actor_name || ' ' || target_name || ' ' || workspace_name || ' ' || metadata)
      @@ to_tsquery('simple', 'renamed')
ORDER BY time DESC LIMIT 50;

-- @q4 daily histogram
SELECT date_trunc('day', time) AS day, count(*) AS n, count(*) FILTER (WHERE status = 'error') AS errors
FROM events
WHERE time >= to_timestamp(:from_ms / 1000.0) AND time < to_timestamp(:to_ms / 1000.0)
GROUP BY day ORDER BY day;

-- @q5 top actions
SELECT action, count(*) AS n FROM events GROUP BY action ORDER BY n DESC, action LIMIT 10;

-- @q6 email lookup
SELECT * FROM events WHERE actor_email = :other_email ORDER BY time DESC LIMIT 50;

-- @q7 IP count
SELECT date_trunc('day', time) AS day, count(*) AS n, count(*) FILTER (WHERE status = 'error') AS errors
FROM events
WHERE ip = :ip
GROUP BY day ORDER BY day;
