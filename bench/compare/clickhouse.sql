-- ClickHouse (Debian's clickhouse-server 18.16) side of bench/compare.sh.
-- Sections start with "-- @name"; :name is a parameter, substituted by
-- clickhouse_engine.py as a quoted literal (18.16 has no query parameters).
-- 18.16 has no DateTime64: time is epoch milliseconds (UInt64), as in SQLite.

-- @schema
CREATE TABLE events (
  id String,
  time UInt64,
  tenant String,
  environment String,
  workspace_id String,
  workspace_name String,
  action String,
  category String,
  operation String,
  status String,
  actor_id String,
  actor_name String,
  actor_email String,
  actor_type String,
  actor_role String,
  actor_status String,
  target_type String,
  target_id String,
  target_name String,
  target_parent_type String,
  target_parent_id String,
  target_parent_name String,
  ip String,
  user_agent String,
  method String,
  path String,
  duration_ms Nullable(Float64),
  request_id String,
  session_id String,
  description String,
  metadata String,
  changes String,
  resources String
) ENGINE = MergeTree()
PARTITION BY toYYYYMM(toDateTime(intDiv(time, 1000)))
ORDER BY (tenant, time)
SETTINGS index_granularity = 8192;

-- @q1 tenant+user page
SELECT * FROM events
WHERE tenant = :tenant AND actor_email = :user_email
ORDER BY time DESC LIMIT 50;

-- @q2 type+status+30d
SELECT * FROM events
WHERE action LIKE 'user.login%' AND status = 'error' AND time >= :since_ms AND time <= :now_ms
ORDER BY time DESC LIMIT 50;

-- @q3 keyword+tenant
-- No full-text index in 18.16 (no hasToken, no skip indexes): a case-insensitive
-- substring search over the columns the other engines index, within the tenant's
-- primary-key range.
SELECT * FROM events
WHERE tenant = :tenant
  AND (positionCaseInsensitiveUTF8(description, 'renamed') > 0
    OR positionCaseInsensitiveUTF8(actor_name, 'renamed') > 0
    OR positionCaseInsensitiveUTF8(target_name, 'renamed') > 0
    OR positionCaseInsensitiveUTF8(workspace_name, 'renamed') > 0
    OR positionCaseInsensitiveUTF8(metadata, 'renamed') > 0)
ORDER BY time DESC LIMIT 50;

-- @q4 daily histogram
SELECT intDiv(time, 86400000) AS day, count() AS n, countIf(status = 'error') AS errors
FROM events
WHERE time >= :from_ms AND time < :to_ms
GROUP BY day ORDER BY day;

-- @q5 top actions
SELECT action, count() AS n FROM events GROUP BY action ORDER BY n DESC, action LIMIT 10;

-- @q6 email lookup
SELECT * FROM events WHERE actor_email = :other_email ORDER BY time DESC LIMIT 50;

-- @q7 IP count
SELECT intDiv(time, 86400000) AS day, count() AS n, countIf(status = 'error') AS errors
FROM events
WHERE ip = :ip
GROUP BY day ORDER BY day;
