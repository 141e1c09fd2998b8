// ServerConfig: everything `vigil serve` is told, with its defaults.
// Loading (file, environment, flags) is config_loader.h; every setting's
// names and syntax are in setting.h and docs/configuration.md.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "config/listen_address.h"
#include "config/setting_values.h"
#include "core/status.h"

namespace vigil::config {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

// "debug", "info", "warn", "error".
std::string_view LogLevelName(LogLevel level);
// Also accepts "warning"; any case.
Result<LogLevel> ParseLogLevel(std::string_view text);

// A per-API-key token bucket.
struct RateLimitSetting {
  double per_second = 0;  // requests per second; 0: unlimited
  uint64_t burst = 0;     // bucket size; 0: twice the rate (at least 1)

  bool unlimited() const { return per_second <= 0; }
  // The bucket size in effect.
  double EffectiveBurst() const;
};

// A value type. Durations are whole milliseconds.
struct ServerConfig {
  ListenAddress listen;
  std::string data_dir = "vigil-data";
  // PEM files; both set: HTTPS only; both empty: plain HTTP.
  std::string tls_cert;
  std::string tls_key;

  // Limits (net::ServerOptions enforces them on every connection).
  uint64_t max_body_bytes = uint64_t{16} << 20;          // request body as received
  uint64_t max_decoded_body_bytes = uint64_t{16} << 20;  // after Content-Encoding (= batch limit)
  uint64_t max_header_bytes = uint64_t{16} << 10;        // request line plus headers
  uint64_t max_connections = 512;
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{60'000};
  std::chrono::milliseconds idle_timeout{60'000};
  std::chrono::milliseconds write_timeout{30'000};

  // Per API key: POST /v1/events, and every read (search, get, histogram,
  // facets, export, stream, ledger).
  RateLimitSetting ingest_rate{1000, 2000};
  RateLimitSetting read_rate{100, 200};

  // Audit reads and exports in the tenant's own log (DESIGN.md §5).
  bool self_audit = true;

  // Ledger: a signed checkpoint every this many events, or this often when
  // the log grew (and at shutdown). The name of a new signing key (the
  // checkpoints' origin); empty: "vigil/<host name>".
  uint64_t checkpoint_events = 10'000;
  std::chrono::milliseconds checkpoint_interval{10'000};
  std::string ledger_name;
  // Who may embed the web UI in a frame: the CSP frame-ancestors sources
  // ("'none'", "https://admin.example.com 'self'").
  std::string ui_frame_ancestors = "'none'";
  // Enrichment (docs/enrichment.md): uap-core's regexes.yaml and the MMDB
  // City databases (comma-separated). Empty: the files ./dev.sh installs;
  // "none": that part of enrichment is off.
  std::string ua_regexes;
  std::string geo_database;
  // false: events are stored as sent, nothing derived (for benchmarks).
  bool enrich = true;
  // Metadata paths sealed and erasable like actor.email (comma-separated,
  // "phone" or "metadata.phone"; docs/format/ledger.md "Personal metadata").
  std::string personal_metadata;
  // Retention (docs/retention.md): default reads cover the online window
  // (per tenant where set); retention runs every retention_interval (0: only
  // when an admin asks) and moves older segments to the archive tier.
  std::chrono::milliseconds retention_online{std::chrono::hours(90 * 24)};
  TenantDurations retention_online_tenants;
  // Delete-after (0: never) and per-tenant ages; see RetentionPolicy.
  std::chrono::milliseconds retention_delete_after{0};
  TenantDurations retention_delete_after_tenants;
  std::chrono::milliseconds retention_interval{std::chrono::hours(1)};
  // Compaction (docs/format/data-dir.md "Compaction"): adjacent segments of
  // at most this many events in all are merged in the background; 0: never.
  uint64_t compaction_max_rows = 100'000;
  // Where events live (docs/scale-out.md): "embedded" (the default: the
  // engine in data_dir) or "clickhouse" (a ClickHouse server or cluster over
  // HTTP; data_dir then keeps keys, the ledger's signing key and catalogs).
  std::string storage = "embedded";
  std::string clickhouse_url = "http://127.0.0.1:8123";  // http://HOST:PORT
  std::string clickhouse_database = "vigil";
  std::string clickhouse_user = "default";
  std::string clickhouse_password;
  // This node's own Merkle log in the shared database; unique per node.
  uint64_t clickhouse_node_id = 0;
  // A cluster (docs/scale-out.md "A sharded cluster"): its name in the
  // servers' <remote_servers>, and every server's http://HOST:PORT,
  // comma-separated. Both empty: one server.
  std::string clickhouse_cluster;
  std::string clickhouse_shards;
  // Bound of the local spool that acknowledges appends while ClickHouse is
  // unreachable (docs/scale-out.md); 0 turns the spool off.
  uint64_t clickhouse_spool_bytes = uint64_t{256} << 20;
  // Serve generated demo events (`vigil gen`) in a fresh data directory.
  bool demo = false;
  LogLevel log_level = LogLevel::kInfo;

  // Checks what each setting alone cannot: TLS files both set or neither and
  // readable regular files, limits and timeouts above zero, the decoded
  // body limit at least the body limit. InvalidArgument naming the setting
  // and the bad value ("tls_cert: no such file '/etc/vigil/cert.pem'").
  // Reads the file system (the TLS files); thread-compatible.
  Status Validate() const;
};

}  // namespace vigil::config
