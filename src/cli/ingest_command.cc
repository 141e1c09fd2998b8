// vigil ingest FILE|-: NDJSON events into the store.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/progress_bar.h"
#include "core/clock.h"
#include "core/ulid.h"
#include "enrich/catalog_registry.h"
#include "ingest/event_enricher.h"
#include "ingest/ndjson_ingester.h"

namespace vigil::cli {
namespace {

struct IngestArgs {
  std::string input;
  std::string tenant;
  std::string environment = "production";
  bool quiet = false;
  std::string ua_regexes;  // the serve settings of the same names
  std::string geo_database;
  std::string personal_metadata;
};

// A flag, else the environment variable, else "" (the installed file).
std::string FlagOrEnv(const std::string& flag, const char* variable) {
  if (!flag.empty()) return flag;
  const char* v = std::getenv(variable);
  return v != nullptr ? v : "";
}

int RunIngest(const GlobalOptions& global, const IngestArgs& args) {
  int fd = STDIN_FILENO;
  uint64_t total_bytes = 0;
  if (args.input != "-") {
    fd = ::open(args.input.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      return ReportError(
          Status::IOError(fmt::format("cannot open {}: {}", args.input, std::strerror(errno))));
    }
    struct stat st;
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
      total_bytes = static_cast<uint64_t>(st.st_size);
  }
  Result<std::unique_ptr<Store>> store = OpenStore(global, OpenMode::kCreateIfMissing);
  if (!store.ok()) return ReportError(store.status());

  // The data directory's tenant catalogs, as the server would apply them.
  Result<std::unique_ptr<enrich::CatalogRegistry>> catalogs =
      enrich::CatalogRegistry::Open(global.data_dir, "default");
  if (!catalogs.ok()) return ReportError(catalogs.status());
  Result<EnricherOptions> enrich_options =
      EnricherOptions::FromSettings(FlagOrEnv(args.ua_regexes, "VIGIL_UA_REGEXES"),
                                    FlagOrEnv(args.geo_database, "VIGIL_GEO_DATABASE"),
                                    FlagOrEnv(args.personal_metadata, "VIGIL_PERSONAL_METADATA"));
  if (!enrich_options.ok()) return ReportError(enrich_options.status());
  enrich_options->catalog = std::move(*catalogs);
  Result<std::unique_ptr<EventEnricher>> enricher = EventEnricher::Create(*enrich_options);
  if (!enricher.ok()) return ReportError(enricher.status());

  UlidGenerator ids(SystemClock::Get());
  ProgressBar bar("ingest", "events", total_bytes);
  IngestOptions options;
  options.ids = &ids;
  options.default_tenant = args.tenant;
  options.default_environment = args.environment;
  options.enricher = enricher->get();
  options.on_reject = [&](uint64_t, const std::string& reason) {
    bar.Finish();
    std::fprintf(stderr, "%s\n", reason.c_str());
  };
  options.on_progress = [&](uint64_t done, uint64_t bytes) { bar.Update(done, bytes); };
  auto start = std::chrono::steady_clock::now();
  Result<IngestSummary> sum = IngestNdjson(fd, store->get(), options);
  bar.Finish();
  if (fd != STDIN_FILENO) ::close(fd);
  Status closed = (*store)->Close();
  if (!sum.ok()) return ReportError(sum.status());
  if (!closed.ok()) return ReportError(closed);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!args.quiet) {
    std::fprintf(
        stderr,
        "ingested %llu events (%llu duplicates, %llu rejected lines) from %llu lines in "
        "%.2f s: %s events/s\n",
        static_cast<unsigned long long>(sum->stored),
        static_cast<unsigned long long>(sum->duplicates),
        static_cast<unsigned long long>(sum->rejected), static_cast<unsigned long long>(sum->lines),
        secs,
        HumanCount(secs > 0 ? static_cast<double>(sum->stored + sum->duplicates) / secs : 0)
            .c_str());
  }
  return sum->rejected > 0 ? kExitProblem : kExitOk;
}

}  // namespace

void AddIngestCommand(CLI::App& app, GlobalOptions& global, int* exit_code) {
  auto args = std::make_shared<IngestArgs>();
  CLI::App* cmd = app.add_subcommand("ingest", "Store NDJSON events (one JSON object per line)");
  cmd->add_option("input", args->input, "NDJSON file, or - for standard input")->required();
  cmd->add_option("--tenant", args->tenant, "tenant for events that carry none");
  cmd->add_option("--environment", args->environment, "environment for events that carry none")
      ->capture_default_str();
  cmd->add_flag("-q,--quiet", args->quiet, "no summary line");
  cmd->add_option("--ua-regexes", args->ua_regexes,
                  "uap-core regexes.yaml for user agents (env VIGIL_UA_REGEXES; none: off)");
  cmd->add_option("--personal-metadata", args->personal_metadata,
                  "metadata paths sealed like actor.email (env VIGIL_PERSONAL_METADATA)");
  cmd->add_option("--geo-database", args->geo_database,
                  "MMDB City files, comma-separated (env VIGIL_GEO_DATABASE; none: off)");
  cmd->footer(
      "Each rejected line is reported on stderr with its line number and reason; the\n"
      "other lines are stored. Exit status 1 when any line was rejected. Events are\n"
      "enriched as the server enriches them (user agent, location, diff).\n"
      "Examples:\n"
      "  vigil --data ./data ingest events.ndjson\n"
      "  vigil gen 10000 | vigil --data ./data ingest -\n"
      "  vigil --data ./data ingest --tenant org_1 app-events.ndjson");
  cmd->callback([&global, args, exit_code] { *exit_code = RunIngest(global, *args); });
}

}  // namespace vigil::cli
