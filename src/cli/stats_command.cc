// vigil stats: what the data directory holds.
#include <fmt/format.h>

#include <cstdio>
#include <string>

#include "cli/commands.h"
#include "cli/exit_code.h"
#include "core/json_writer.h"
#include "core/timestamp.h"

namespace vigil::cli {
namespace {

int RunStats(const GlobalOptions& global, bool json) {
  Result<std::unique_ptr<Store>> store = OpenStore(global, OpenMode::kMustExist);
  if (!store.ok()) return ReportError(store.status());
  Result<StoreStats> st = (*store)->Stats();
  Status closed = (*store)->Close();
  if (!st.ok()) return ReportError(st.status());
  if (!closed.ok()) return ReportError(closed);
  const double per_event =
      st->events > 0 ? static_cast<double>(st->bytes_on_disk) / static_cast<double>(st->events) : 0;
  std::string out;
  if (json) {
    JsonWriter w(&out);
    w.BeginObject();
    w.Key("events");
    w.Uint(st->events);
    w.Key("tenants");
    w.Uint(st->tenants);
    w.Key("segments");
    w.Uint(st->segments);
    w.Key("archive_segments");
    w.Uint(st->archive_segments);
    w.Key("archive_bytes");
    w.Uint(st->archive_bytes);
    w.Key("memtable_events");
    w.Uint(st->memtable_events);
    w.Key("bytes_on_disk");
    w.Uint(st->bytes_on_disk);
    w.Key("wal_bytes");
    w.Uint(st->wal_bytes);
    w.Key("bytes_per_event");
    w.Double(per_event);
    if (st->events > 0) {
      w.Key("min_time");
      w.String(FormatRfc3339(st->min_time_ms));
      w.Key("max_time");
      w.String(FormatRfc3339(st->max_time_ms));
    }
    w.EndObject();
    out.push_back('\n');
  } else {
    out += fmt::format("data directory   {}\n", global.data_dir);
    out += fmt::format("events           {}\n", st->events);
    out += fmt::format("tenants          {}\n", st->tenants);
    out += fmt::format("segments         {} ({} in the archive tier, {} bytes)\n", st->segments,
                       st->archive_segments, st->archive_bytes);
    out += fmt::format("in memtable      {}\n", st->memtable_events);
    out += fmt::format("bytes on disk    {} ({:.1f} per event; WAL {})\n", st->bytes_on_disk,
                       per_event, st->wal_bytes);
    if (st->events > 0) {
      out += fmt::format("time range       {} .. {}\n", FormatRfc3339(st->min_time_ms),
                         FormatRfc3339(st->max_time_ms));
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

}  // namespace

void AddStatsCommand(CLI::App& app, GlobalOptions& global, int* exit_code) {
  auto json = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("stats", "Show what the data directory holds");
  cmd->add_flag("--json", *json, "one JSON object");
  cmd->footer("Examples:\n  vigil --data ./data stats\n  vigil stats --json");
  cmd->callback([&global, json, exit_code] { *exit_code = RunStats(global, *json); });
}

}  // namespace vigil::cli
