#include "config/setting.h"

#include <fmt/format.h>

#include <array>

#include "config/setting_values.h"

namespace vigil::config {
namespace {

Status SetListen(std::string_view text, ServerConfig* c) {
  ASSIGN_OR_RETURN(c->listen, ListenAddress::Parse(text));
  return Status::Ok();
}

template <std::string ServerConfig::*kField>
Status SetString(std::string_view text, ServerConfig* c) {
  c->*kField = std::string(text);
  return Status::Ok();
}
template <std::string ServerConfig::*kField>
std::string GetString(const ServerConfig& c) {
  return c.*kField;
}

template <uint64_t ServerConfig::*kField>
Status SetSize(std::string_view text, ServerConfig* c) {
  ASSIGN_OR_RETURN(c->*kField, ParseByteSize(text));
  return Status::Ok();
}
template <uint64_t ServerConfig::*kField>
std::string GetSize(const ServerConfig& c) {
  return FormatByteSize(c.*kField);
}

template <std::chrono::milliseconds ServerConfig::*kField>
Status SetDuration(std::string_view text, ServerConfig* c) {
  ASSIGN_OR_RETURN(c->*kField, ParseDuration(text));
  return Status::Ok();
}
template <std::chrono::milliseconds ServerConfig::*kField>
std::string GetDuration(const ServerConfig& c) {
  return FormatDuration(c.*kField);
}

template <bool ServerConfig::*kField>
Status SetBool(std::string_view text, ServerConfig* c) {
  ASSIGN_OR_RETURN(c->*kField, ParseBool(text));
  return Status::Ok();
}
template <bool ServerConfig::*kField>
std::string GetBool(const ServerConfig& c) {
  return c.*kField ? "true" : "false";
}

template <RateLimitSetting ServerConfig::*kField>
Status SetRate(std::string_view text, ServerConfig* c) {
  ASSIGN_OR_RETURN((c->*kField).per_second, ParseRate(text));
  return Status::Ok();
}
template <RateLimitSetting ServerConfig::*kField>
std::string GetRate(const ServerConfig& c) {
  return FormatRate((c.*kField).per_second);
}

template <RateLimitSetting ServerConfig::*kField>
Status SetBurst(std::string_view text, ServerConfig* c) {
  ASSIGN_OR_RETURN((c->*kField).burst, ParseCount(text, 0, 1'000'000'000));
  return Status::Ok();
}
template <RateLimitSetting ServerConfig::*kField>
std::string GetBurst(const ServerConfig& c) {
  return std::to_string((c.*kField).burst);
}

constexpr std::array kSettings = {
    Setting{"listen", "VIGIL_LISTEN", "--listen", "HOST:PORT",
            "address to listen on; [::1]:8080 for IPv6, port 0 for any free port", false, SetListen,
            [](const ServerConfig& c) { return c.listen.ToString(); }},
    Setting{"data", "VIGIL_DATA", "--data", "DIR", "data directory (created when absent)", false,
            SetString<&ServerConfig::data_dir>, GetString<&ServerConfig::data_dir>},
    Setting{"tls_cert", "VIGIL_TLS_CERT", "--tls-cert", "FILE",
            "TLS certificate chain (PEM, leaf first); with tls_key, serve HTTPS only", false,
            SetString<&ServerConfig::tls_cert>, GetString<&ServerConfig::tls_cert>},
    Setting{"tls_key", "VIGIL_TLS_KEY", "--tls-key", "FILE", "TLS private key (PEM)", false,
            SetString<&ServerConfig::tls_key>, GetString<&ServerConfig::tls_key>},
    Setting{"max_body", "VIGIL_MAX_BODY", "--max-body", "SIZE",
            "largest request body as received (beyond: 413)", false,
            SetSize<&ServerConfig::max_body_bytes>, GetSize<&ServerConfig::max_body_bytes>},
    Setting{"max_decoded_body", "VIGIL_MAX_DECODED_BODY", "--max-decoded-body", "SIZE",
            "largest request body after gzip/zstd decoding (beyond: 413)", false,
            SetSize<&ServerConfig::max_decoded_body_bytes>,
            GetSize<&ServerConfig::max_decoded_body_bytes>},
    Setting{"max_header", "VIGIL_MAX_HEADER", "--max-header", "SIZE",
            "largest request line plus headers (beyond: 431)", false,
            SetSize<&ServerConfig::max_header_bytes>, GetSize<&ServerConfig::max_header_bytes>},
    Setting{"max_connections", "VIGIL_MAX_CONNECTIONS", "--max-connections", "N",
            "connections served at once (one more: 503)", false,
            [](std::string_view text, ServerConfig* c) {
              ASSIGN_OR_RETURN(c->max_connections, ParseCount(text, 1, 1'000'000));
              return Status::Ok();
            },
            [](const ServerConfig& c) { return std::to_string(c.max_connections); }},
    Setting{"header_timeout", "VIGIL_HEADER_TIMEOUT", "--header-timeout", "DURATION",
            "time for a request's line and headers to arrive (beyond: 408)", false,
            SetDuration<&ServerConfig::header_timeout>, GetDuration<&ServerConfig::header_timeout>},
    Setting{"body_timeout", "VIGIL_BODY_TIMEOUT", "--body-timeout", "DURATION",
            "time for a request's body to arrive after its headers (beyond: 408)", false,
            SetDuration<&ServerConfig::body_timeout>, GetDuration<&ServerConfig::body_timeout>},
    Setting{"idle_timeout", "VIGIL_IDLE_TIMEOUT", "--idle-timeout", "DURATION",
            "an idle keep-alive connection is closed after this", false,
            SetDuration<&ServerConfig::idle_timeout>, GetDuration<&ServerConfig::idle_timeout>},
    Setting{"write_timeout", "VIGIL_WRITE_TIMEOUT", "--write-timeout", "DURATION",
            "a write to a client blocked this long closes the connection", false,
            SetDuration<&ServerConfig::write_timeout>, GetDuration<&ServerConfig::write_timeout>},
    Setting{"rate_ingest", "VIGIL_RATE_INGEST", "--rate-ingest", "RATE",
            "POST /v1/events requests per second per API key; 0: unlimited (beyond: 429)", false,
            SetRate<&ServerConfig::ingest_rate>, GetRate<&ServerConfig::ingest_rate>},
    Setting{"rate_ingest_burst", "VIGIL_RATE_INGEST_BURST", "--rate-ingest-burst", "N",
            "ingest requests an API key may send at once; 0: twice rate_ingest", false,
            SetBurst<&ServerConfig::ingest_rate>, GetBurst<&ServerConfig::ingest_rate>},
    Setting{"rate_read", "VIGIL_RATE_READ", "--rate-read", "RATE",
            "read requests per second per API key; 0: unlimited (beyond: 429)", false,
            SetRate<&ServerConfig::read_rate>, GetRate<&ServerConfig::read_rate>},
    Setting{"rate_read_burst", "VIGIL_RATE_READ_BURST", "--rate-read-burst", "N",
            "read requests an API key may send at once; 0: twice rate_read", false,
            SetBurst<&ServerConfig::read_rate>, GetBurst<&ServerConfig::read_rate>},
    Setting{"self_audit", "VIGIL_SELF_AUDIT", "--self-audit", "BOOL",
            "record reads and exports in the tenant's own audit log", true,
            SetBool<&ServerConfig::self_audit>, GetBool<&ServerConfig::self_audit>},
    Setting{"checkpoint_events", "VIGIL_CHECKPOINT_EVENTS", "--checkpoint-events", "N",
            "sign a ledger checkpoint after this many new events", false,
            [](std::string_view text, ServerConfig* c) {
              ASSIGN_OR_RETURN(c->checkpoint_events, ParseCount(text, 1, 1'000'000'000));
              return Status::Ok();
            },
            [](const ServerConfig& c) { return std::to_string(c.checkpoint_events); }},
    Setting{"checkpoint_interval", "VIGIL_CHECKPOINT_INTERVAL", "--checkpoint-interval", "DURATION",
            "sign a ledger checkpoint this often when the log grew", false,
            SetDuration<&ServerConfig::checkpoint_interval>,
            GetDuration<&ServerConfig::checkpoint_interval>},
    Setting{"ledger_name", "VIGIL_LEDGER_NAME", "--ledger-name", "NAME",
            "name (checkpoint origin) of a new ledger signing key; default vigil/<host name>",
            false, SetString<&ServerConfig::ledger_name>, GetString<&ServerConfig::ledger_name>},
    Setting{"ui_frame_ancestors", "VIGIL_UI_FRAME_ANCESTORS", "--ui-frame-ancestors", "SOURCES",
            "origins allowed to embed the web UI in a frame (CSP frame-ancestors), e.g. "
            "https://admin.example.com; 'none': no embedding",
            false,
            [](std::string_view text, ServerConfig* c) {
              if (text.empty() || text.find_first_of(";,\r\n\t\"") != std::string_view::npos) {
                return Status::InvalidArgument(
                    "expected CSP sources separated by spaces, such as 'self' or "
                    "https://admin.example.com");
              }
              c->ui_frame_ancestors = std::string(text);
              return Status::Ok();
            },
            GetString<&ServerConfig::ui_frame_ancestors>},
    Setting{"ua_regexes", "VIGIL_UA_REGEXES", "--ua-regexes", "FILE",
            "uap-core's regexes.yaml for parsing user agents; default: the one ./dev.sh "
            "installs; none: do not parse",
            false, SetString<&ServerConfig::ua_regexes>, GetString<&ServerConfig::ua_regexes>},
    Setting{"geo_database", "VIGIL_GEO_DATABASE", "--geo-database", "FILES",
            "MMDB City databases (comma-separated) for locating IP addresses; default: DB-IP's "
            "that ./dev.sh installs; none: only label addresses",
            false, SetString<&ServerConfig::geo_database>, GetString<&ServerConfig::geo_database>},
    Setting{"enrich", "VIGIL_ENRICH", "--enrich", "BOOL",
            "derive ua, geo, diff and catalog fields at ingest; false stores events as sent", true,
            SetBool<&ServerConfig::enrich>, GetBool<&ServerConfig::enrich>},
    Setting{"personal_metadata", "VIGIL_PERSONAL_METADATA", "--personal-metadata", "PATHS",
            "metadata paths (comma-separated, e.g. phone,address.street) sealed and erasable "
            "like actor.email",
            false, SetString<&ServerConfig::personal_metadata>,
            GetString<&ServerConfig::personal_metadata>},
    Setting{"retention_online", "VIGIL_RETENTION_ONLINE", "--retention-online", "DURATION",
            "how far back default reads look; older events are in the archive tier, read when a "
            "query asks for the archive and by exports",
            false, SetDuration<&ServerConfig::retention_online>,
            GetDuration<&ServerConfig::retention_online>},
    Setting{
        "retention_online_tenants", "VIGIL_RETENTION_ONLINE_TENANTS", "--retention-online-tenants",
        "TENANT=DURATION,...",
        "online windows of tenants that differ from retention_online, e.g. acme=30d,globex=400d",
        false,
        [](std::string_view text, ServerConfig* c) {
          ASSIGN_OR_RETURN(c->retention_online_tenants, ParseTenantDurations(text));
          return Status::Ok();
        },
        [](const ServerConfig& c) { return FormatTenantDurations(c.retention_online_tenants); }},
    Setting{"retention_delete_after", "VIGIL_RETENTION_DELETE_AFTER", "--retention-delete-after",
            "DURATION",
            "delete events older than this (whole segments, at retention runs; the ledger stays "
            "verifiable); 0: never (the default)",
            false, SetDuration<&ServerConfig::retention_delete_after>,
            GetDuration<&ServerConfig::retention_delete_after>},
    Setting{"retention_delete_after_tenants", "VIGIL_RETENTION_DELETE_AFTER_TENANTS",
            "--retention-delete-after-tenants", "TENANT=DURATION,...",
            "delete-after ages of tenants that differ from retention_delete_after, e.g. acme=400d",
            false,
            [](std::string_view text, ServerConfig* c) {
              ASSIGN_OR_RETURN(c->retention_delete_after_tenants, ParseTenantDurations(text));
              return Status::Ok();
            },
            [](const ServerConfig& c) {
              return FormatTenantDurations(c.retention_delete_after_tenants);
            }},
    Setting{"retention_interval", "VIGIL_RETENTION_INTERVAL", "--retention-interval", "DURATION",
            "how often segments past the online window move to the archive tier; 0: only when "
            "an admin asks (POST /v1/admin/retention/runs)",
            false, SetDuration<&ServerConfig::retention_interval>,
            GetDuration<&ServerConfig::retention_interval>},
    Setting{"compaction_max_rows", "VIGIL_COMPACTION_MAX_ROWS", "--compaction-max-rows", "N",
            "merge adjacent segments whose events add up to at most N into one; 0: never", false,
            [](std::string_view text, ServerConfig* c) {
              ASSIGN_OR_RETURN(c->compaction_max_rows, ParseCount(text, 0, 1'000'000));
              return Status::Ok();
            },
            [](const ServerConfig& c) { return std::to_string(c.compaction_max_rows); }},
    Setting{"storage", "VIGIL_STORAGE", "--storage", "BACKEND",
            "where events live: embedded (in --data) or clickhouse (docs/scale-out.md)", false,
            [](std::string_view text, ServerConfig* c) {
              if (text != "embedded" && text != "clickhouse") {
                return Status::InvalidArgument(
                    fmt::format("expected embedded or clickhouse, got '{}'", text));
              }
              c->storage = std::string(text);
              return Status::Ok();
            },
            GetString<&ServerConfig::storage>},
    Setting{"clickhouse_url", "VIGIL_CLICKHOUSE_URL", "--clickhouse-url", "URL",
            "the ClickHouse HTTP interface with storage=clickhouse: http://HOST:PORT", false,
            SetString<&ServerConfig::clickhouse_url>, GetString<&ServerConfig::clickhouse_url>},
    Setting{"clickhouse_database", "VIGIL_CLICKHOUSE_DATABASE", "--clickhouse-database", "NAME",
            "the ClickHouse database of Vigil's tables (created when missing)", false,
            SetString<&ServerConfig::clickhouse_database>,
            GetString<&ServerConfig::clickhouse_database>},
    Setting{"clickhouse_user", "VIGIL_CLICKHOUSE_USER", "--clickhouse-user", "NAME",
            "the ClickHouse user", false, SetString<&ServerConfig::clickhouse_user>,
            GetString<&ServerConfig::clickhouse_user>},
    Setting{
        "clickhouse_password", "VIGIL_CLICKHOUSE_PASSWORD", "--clickhouse-password", "TEXT",
        "the ClickHouse user's password (prefer the environment variable)", false,
        SetString<&ServerConfig::clickhouse_password>,
        [](const ServerConfig&
               c) { return c.clickhouse_password.empty() ? std::string() : std::string("(set)"); }},
    Setting{"clickhouse_node_id", "VIGIL_CLICKHOUSE_NODE_ID", "--clickhouse-node-id", "N",
            "this node's id (0-65535), unique among the nodes sharing the database: each keeps "
            "its own ledger",
            false,
            [](std::string_view text, ServerConfig* c) {
              ASSIGN_OR_RETURN(c->clickhouse_node_id, ParseCount(text, 0, 65'535));
              return Status::Ok();
            },
            [](const ServerConfig& c) { return std::to_string(c.clickhouse_node_id); }},
    Setting{"clickhouse_cluster", "VIGIL_CLICKHOUSE_CLUSTER", "--clickhouse-cluster", "NAME",
            "with storage=clickhouse, a cluster of the servers' <remote_servers>: events go to "
            "Distributed tables over its shards (set clickhouse_shards too)",
            false, SetString<&ServerConfig::clickhouse_cluster>,
            GetString<&ServerConfig::clickhouse_cluster>},
    Setting{"clickhouse_shards", "VIGIL_CLICKHOUSE_SHARDS", "--clickhouse-shards", "URLS",
            "with clickhouse_cluster, the http://HOST:PORT of every server of the cluster, "
            "comma-separated (schema and deletions are applied on each)",
            false, SetString<&ServerConfig::clickhouse_shards>,
            GetString<&ServerConfig::clickhouse_shards>},
    Setting{"clickhouse_spool", "VIGIL_CLICKHOUSE_SPOOL", "--clickhouse-spool", "SIZE",
            "with storage=clickhouse, the most the node keeps in its local spool (DATA/"
            "clickhouse-spool) while ClickHouse is unreachable; 0: no spool (beyond: 503)",
            false, SetSize<&ServerConfig::clickhouse_spool_bytes>,
            GetSize<&ServerConfig::clickhouse_spool_bytes>},
    Setting{"demo", "VIGIL_DEMO", "--demo", "BOOL",
            "fill an empty data directory with generated demo events", true,
            SetBool<&ServerConfig::demo>, GetBool<&ServerConfig::demo>},
    Setting{"log_level", "VIGIL_LOG_LEVEL", "--log-level", "LEVEL", "debug, info, warn or error",
            false,
            [](std::string_view text, ServerConfig* c) {
              ASSIGN_OR_RETURN(c->log_level, ParseLogLevel(text));
              return Status::Ok();
            },
            [](const ServerConfig& c) { return std::string(LogLevelName(c.log_level)); }},
};

}  // namespace

std::span<const Setting> ServerSettings() { return kSettings; }

const Setting* FindSetting(std::string_view key) {
  for (const Setting& s : kSettings) {
    if (s.key == key) return &s;
  }
  return nullptr;
}

}  // namespace vigil::config
