// vigil serve: the HTTP API and the web UI on the embedded store.
//
// Configuration: flags > environment (VIGIL_*) > config file > defaults
// (docs/configuration.md). SIGINT / SIGTERM shut down in two phases: stop
// accepting, let in-flight requests finish (up to kDrain), then close the
// store (which flushes).
#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <map>
#include <memory>

#include "api/api_service.h"
#include "api/auth/api_key_store.h"
#include "api/auth/authenticator.h"
#include "api/auth/viewer_token_signer.h"
#include "api/http/server_metrics.h"
#include "api/ledger/checkpoint_log.h"
#include "api/openapi_document.h"
#include "api/retention_runner.h"
#include "api/self_audit.h"
#include "api/settings_sync.h"
#include "cli/commands.h"
#include "cli/demo_data.h"
#include "cli/exit_code.h"
#include "config/config_loader.h"
#include "config/setting.h"
#include "core/clock.h"
#include "core/json_writer.h"
#include "enrich/catalog_registry.h"
#include "ingest/event_enricher.h"
#include "net/http_server.h"
#include "store/clickhouse/clickhouse_store.h"
#include "store/engine/data_dir.h"
#include "store/engine/embedded_store.h"
#include "web/ui_asset.h"
#include "web/ui_handler.h"

namespace vigil::cli {
namespace {

constexpr std::chrono::seconds kDrain{10};
// How often keys and catalogs are compared with the other nodes' (a change
// made through this node's API is shared at once).
constexpr std::chrono::milliseconds kSettingsSyncInterval{2000};

struct ServeArgs {
  std::string config_file;
  bool print_config = false;
  std::map<std::string, std::string> values;  // setting key → text typed after its flag
  std::map<std::string, CLI::Option*> options;
};

net::ServerOptions NetOptions(const config::ServerConfig& c) {
  net::ServerOptions o;
  o.host = c.listen.host;
  o.port = c.listen.port;
  o.max_connections = c.max_connections;
  o.max_header_bytes = c.max_header_bytes;
  o.max_body_bytes = c.max_body_bytes;
  o.header_timeout = c.header_timeout;
  o.body_timeout = c.body_timeout;
  o.idle_timeout = c.idle_timeout;
  o.write_timeout = c.write_timeout;
  o.tls_cert_file = c.tls_cert;
  o.tls_key_file = c.tls_key;
  return o;
}

api::RateLimit ToRateLimit(const config::RateLimitSetting& s) {
  return {.per_second = s.per_second, .burst = s.EffectiveBurst()};
}

// The name for a new ledger key: ledger_name, or vigil/<host name>.
std::string LedgerName(const config::ServerConfig& cfg) {
  if (!cfg.ledger_name.empty()) return cfg.ledger_name;
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0 || host[0] == '\0') return "vigil/ledger";
  return std::string("vigil/") + host;
}

// Blocks until SIGINT or SIGTERM. The signals must be blocked in every thread
// (done before any thread starts) so that only this wait receives them.
// The Store the configuration names: the embedded engine in data_dir, or
// ClickHouse (docs/scale-out.md), this node's ledger named like its key.
// With ClickHouse, data_dir (keys, the ledger's key, checkpoints, catalogs)
// is locked in *lock as the engine locks it: one server per directory, keys
// managed offline only while it is stopped.
Result<std::unique_ptr<Store>> OpenConfiguredStore(const config::ServerConfig& cfg,
                                                   const EngineOptions& engine,
                                                   std::unique_ptr<FileLock>* lock) {
  if (cfg.storage != "clickhouse") {
    ASSIGN_OR_RETURN(std::unique_ptr<EmbeddedStore> store,
                     EmbeddedStore::Open(cfg.data_dir, engine));
    return std::unique_ptr<Store>(std::move(store));
  }
  ASSIGN_OR_RETURN(*lock, DataDir(DefaultFileSystem(), cfg.data_dir).Prepare());
  clickhouse::ClickHouseStoreOptions options;
  ASSIGN_OR_RETURN(options.client, clickhouse::ClientOptionsFromUrl(cfg.clickhouse_url));
  options.client.database = cfg.clickhouse_database;
  options.client.user = cfg.clickhouse_user;
  options.client.password = cfg.clickhouse_password;
  options.node_id = static_cast<uint16_t>(cfg.clickhouse_node_id);
  options.node_name = LedgerName(cfg);
  options.cluster = cfg.clickhouse_cluster;
  for (std::string_view rest = cfg.clickhouse_shards; !rest.empty();) {
    const size_t comma = rest.find(',');
    std::string_view url = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    while (url.starts_with(' ')) url.remove_prefix(1);
    while (url.ends_with(' ')) url.remove_suffix(1);
    if (url.empty()) continue;
    Result<clickhouse::ClientOptions> shard = clickhouse::ClientOptionsFromUrl(url);
    if (!shard.ok()) {
      return Status::InvalidArgument("clickhouse_shards: " + shard.status().message());
    }
    shard->user = cfg.clickhouse_user;
    shard->password = cfg.clickhouse_password;
    options.shards.push_back(*std::move(shard));
  }
  if (cfg.clickhouse_spool_bytes > 0) {
    options.spool_dir = JoinPath(cfg.data_dir, "clickhouse-spool");
    options.spool_max_bytes = cfg.clickhouse_spool_bytes;
  }
  ASSIGN_OR_RETURN(std::unique_ptr<clickhouse::ClickHouseStore> store,
                   clickhouse::ClickHouseStore::Open(std::move(options)));
  return std::unique_ptr<Store>(std::move(store));
}

int WaitForStopSignal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int sig = 0;
  sigwait(&set, &sig);
  return sig;
}

int RunServe(const GlobalOptions& global, const ServeArgs& args) {
  // Before any thread exists: route SIGINT/SIGTERM to WaitForStopSignal.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);

  config::ConfigOverrides flags;
  if (global.data_dir_given) flags.Set("data", global.data_dir);
  for (const auto& [key, opt] : args.options) {
    if (opt->count() == 0) continue;
    const std::string& v = args.values.at(key);
    flags.Set(key, v.empty() ? std::string("true") : v);
  }
  Result<config::LoadedServerConfig> loaded = config::LoadServerConfig(
      args.config_file.empty() ? std::nullopt : std::optional<std::string>(args.config_file),
      config::Environment::FromProcess(), flags);
  if (!loaded.ok()) return ReportError(loaded.status());
  if (args.print_config) {
    std::fputs(loaded->Describe().c_str(), stdout);
    return kExitOk;
  }
  for (const std::string& w : loaded->warnings)
    std::fprintf(stderr, "vigil: warning: %s\n", w.c_str());
  const config::ServerConfig& cfg = loaded->config;
  const Clock* clock = SystemClock::Get();

  api::ServerMetrics metrics;
  EngineOptions engine;
  engine.on_wal_sync = [&metrics](std::chrono::nanoseconds d, uint64_t bytes) {
    metrics.ObserveWalFsync(std::chrono::duration<double>(d).count());
    metrics.AddWalBytes(bytes);
  };
  engine.on_segment_flush = [&metrics](uint64_t, uint64_t) { metrics.AddSegmentFlush(); };
  // Restarts and quiet periods leave small segments: merge them as they come.
  engine.compaction_max_rows = cfg.compaction_max_rows;
  engine.background_compaction = cfg.compaction_max_rows > 0;
  std::unique_ptr<FileLock> data_lock;  // with storage=clickhouse
  Result<std::unique_ptr<Store>> store = OpenConfiguredStore(cfg, engine, &data_lock);
  if (!store.ok()) return ReportError(store.status());
  Result<std::unique_ptr<api::ApiKeyStore>> keys =
      api::ApiKeyStore::Open(DefaultFileSystem(), cfg.data_dir);
  if (!keys.ok()) return ReportError(keys.status());
  Result<std::unique_ptr<api::ViewerTokenSigner>> tokens =
      api::ViewerTokenSigner::Open(DefaultFileSystem(), cfg.data_dir);
  if (!tokens.ok()) return ReportError(tokens.status());

  // The ledger's signing key (made on first start) and its checkpoints.
  Result<ledger::NoteSigner> ledger_key =
      api::LoadOrCreateLedgerKey(DefaultFileSystem(), cfg.data_dir, LedgerName(cfg));
  if (!ledger_key.ok()) return ReportError(ledger_key.status());
  const std::string verifier_key = ledger_key->verifier_key();
  Result<std::unique_ptr<api::CheckpointLog>> checkpoints = api::CheckpointLog::Open(
      DefaultFileSystem(), cfg.data_dir, store->get(), std::move(*ledger_key),
      {.every_events = cfg.checkpoint_events, .every = cfg.checkpoint_interval});
  if (!checkpoints.ok()) return ReportError(checkpoints.status());

  Result<std::unique_ptr<enrich::CatalogRegistry>> catalogs =
      enrich::CatalogRegistry::Open(cfg.data_dir, "default");
  if (!catalogs.ok()) return ReportError(catalogs.status());
  std::shared_ptr<enrich::CatalogRegistry> catalog_registry = std::move(*catalogs);
  Result<EnricherOptions> enrich_options =
      EnricherOptions::FromSettings(cfg.ua_regexes, cfg.geo_database, cfg.personal_metadata);
  if (!enrich_options.ok()) return ReportError(enrich_options.status());
  enrich_options->catalog = catalog_registry;
  Result<std::unique_ptr<EventEnricher>> enricher = EventEnricher::Create(*enrich_options);
  if (!enricher.ok()) return ReportError(enricher.status());

  std::string demo_key;
  if (cfg.demo) {
    Result<std::string> seeded =
        SeedDemo(store->get(), keys->get(), cfg.data_dir, **enricher, clock);
    if (!seeded.ok()) return ReportError(seeded.status());
    demo_key = std::move(*seeded);
  }

  UlidGenerator ids(clock);
  api::SelfAudit audit(store->get(), clock, cfg.self_audit);
  RetentionPolicy retention;
  retention.online_ms = cfg.retention_online.count();
  for (const auto& [tenant, window] : cfg.retention_online_tenants) {
    retention.online_ms_by_tenant[tenant] = window.count();
  }
  retention.delete_after_ms = cfg.retention_delete_after.count();
  for (const auto& [tenant, age] : cfg.retention_delete_after_tenants) {
    retention.delete_after_ms_by_tenant[tenant] = age.count();
  }
  api::RetentionRunner retention_runner(store->get(), &audit, clock, retention,
                                        cfg.retention_interval);
  api::Authenticator auth(keys->get(), tokens->get());
  api::ApiDeps deps{
      .store = store->get(), .audit = &audit, .metrics = &metrics, .clock = clock, .ids = &ids};
  deps.checkpoints = checkpoints->get();
  if (cfg.enrich) deps.enricher = enricher->get();
  deps.catalogs = catalog_registry.get();
  // With several nodes over one store: keys and catalogs shared between them.
  std::unique_ptr<api::SettingsSync> settings_sync;
  if ((*store)->SharesSettings()) {
    settings_sync =
        std::make_unique<api::SettingsSync>(store->get(), keys->get(), catalog_registry.get(),
                                            tokens->get(), clock, kSettingsSyncInterval);
    if (Status s = settings_sync->RunOnce(); !s.ok()) {
      std::fprintf(stderr, "vigil: warning: %s (retried every %lld ms)\n", s.ToString().c_str(),
                   static_cast<long long>(kSettingsSyncInterval.count()));
    }
    deps.settings = settings_sync.get();
  }
  deps.retention = &retention_runner.policy();
  deps.retention_runner = &retention_runner;
  deps.limits.max_decoded_body_bytes = cfg.max_decoded_body_bytes;
  api::ApiServiceOptions service_options{.limits = deps.limits,
                                         .ingest_rate = ToRateLimit(cfg.ingest_rate),
                                         .read_rate = ToRateLimit(cfg.read_rate),
                                         .openapi_json = std::string(embedded::kOpenApiJson)};
  api::ApiService service(deps, {keys->get(), tokens->get()}, &auth, service_options);
  web::UiHandler ui(web::UiAssets(), &service, {.frame_ancestors = cfg.ui_frame_ancestors});

  Result<std::unique_ptr<net::HttpServer>> server = net::HttpServer::Start(NetOptions(cfg), &ui);
  if (!server.ok()) return ReportError(server.status());
  metrics.SetRenderHook([&metrics, &server, &store] {
    metrics.SetConnectionsOpen((*server)->stats().open_connections);
    metrics.SetSpoolBytes((*store)->SpoolBytes());
    if (Result<StoreStats> st = (*store)->Stats(); st.ok()) {
      metrics.SetStoreGauges(st->events, st->segments, st->bytes_on_disk);
    }
  });

  const std::string scheme = cfg.tls_cert.empty() ? "http" : "https";
  const std::string host = cfg.listen.host.find(':') != std::string::npos
                               ? "[" + cfg.listen.host + "]"
                               : cfg.listen.host;
  const std::string url = fmt::format("{}://{}:{}", scheme, host, (*server)->port());
  std::string meta;
  {
    JsonWriter w(&meta);
    w.BeginObject();
    w.Key("data");
    w.String(cfg.data_dir);
    w.Key("url");
    w.String(url);
    w.EndObject();
  }
  audit.RecordSystem({.tenant = std::string(api::kSystemTenant),
                      .action = "server.startup",
                      .operation = "start",
                      .description = "Vigil server started at " + url,
                      .metadata_json = meta});
  (*checkpoints)->Start();
  retention_runner.Start();
  if (settings_sync) settings_sync->Start();
  std::printf("Vigil is listening on %s (data: %s)\n", url.c_str(), cfg.data_dir.c_str());
  std::printf("Ledger verifier key: %s\n", verifier_key.c_str());
  if (!demo_key.empty()) {
    std::printf("Admin API key (demo): %s\n", demo_key.c_str());
    std::printf("Try: curl -H 'Authorization: Bearer %s' '%s/v1/events?q=status:error&limit=5'\n",
                demo_key.c_str(), url.c_str());
  }
  std::fflush(stdout);

  const int sig = WaitForStopSignal();
  std::fprintf(stderr, "vigil: %s received; finishing in-flight requests\n",
               sig == SIGINT ? "SIGINT" : "SIGTERM");
  (*server)->Shutdown(kDrain);
  retention_runner.Stop();
  if (settings_sync) settings_sync->Stop();
  audit.RecordSystem({.tenant = std::string(api::kSystemTenant),
                      .action = "server.shutdown",
                      .operation = "stop",
                      .description = fmt::format("Vigil server stopped ({})",
                                                 sig == SIGINT ? "SIGINT" : "SIGTERM")});
  audit.Close();
  // The last checkpoint covers every event, the shutdown record included.
  Status checkpointed = (*checkpoints)->Stop();
  if (!checkpointed.ok()) {
    std::fprintf(stderr, "vigil: the last ledger checkpoint failed: %s\n",
                 checkpointed.ToString().c_str());
  }
  Status closed = (*store)->Close();
  if (!closed.ok()) return ReportError(closed);
  std::fprintf(stderr, "vigil: stopped cleanly\n");
  return kExitOk;
}

}  // namespace

void AddServeCommand(CLI::App& app, GlobalOptions& global, int* exit_code) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand("serve", "Serve the HTTP API and the web UI");
  cmd->add_option("--config", args->config_file, "YAML config file (also VIGIL_CONFIG)");
  cmd->add_flag("--print-config", args->print_config,
                "print the effective configuration, and where each value came from, then exit");
  for (const config::Setting& s : config::ServerSettings()) {
    const std::string key(s.key);
    args->values[key];
    CLI::Option* opt = cmd->add_option(std::string(s.flag), args->values[key], std::string(s.help));
    opt->type_name(std::string(s.value_name));
    if (s.is_bool) opt->expected(0, 1);
    args->options[key] = opt;
  }
  cmd->footer(
      "Precedence: flags > VIGIL_* environment variables > config file > defaults\n"
      "(docs/configuration.md).\n"
      "Examples:\n"
      "  vigil serve --data ./data --listen 127.0.0.1:8080\n"
      "  vigil serve --demo                    # demo data and an admin key, printed\n"
      "  vigil serve --config /etc/vigil/vigil.yaml --tls-cert cert.pem --tls-key key.pem\n"
      "  vigil serve --print-config");
  cmd->callback([&global, args, exit_code] { *exit_code = RunServe(global, *args); });
}

}  // namespace vigil::cli
