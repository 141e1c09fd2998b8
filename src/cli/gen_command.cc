// vigil gen N: realistic demo / benchmark events as NDJSON on stdout.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/progress_bar.h"
#include "cli/unsigned_option.h"
#include "core/clock.h"
#include "core/timestamp.h"
#include "gen/event_generator.h"

namespace vigil::cli {
namespace {

struct GenArgs {
  uint64_t count = 0;
  uint64_t seed = 1;
  std::string end;  // RFC 3339 or date; default: now
  size_t tenants = 20;
  int64_t days = 90;
  size_t members = 150;
  bool with_ids = false;
};

int RunGen(const GenArgs& args) {
  GeneratorOptions options;
  options.seed = args.seed;
  options.tenants = args.tenants;
  options.span_ms = args.days * kMsPerDay;
  options.count = std::max<uint64_t>(args.count, 1);
  options.members = args.members;
  options.with_ids = args.with_ids;
  if (args.end.empty()) {
    options.end_ms = SystemClock::Get()->NowMs();
  } else {
    Result<int64_t> end = args.end.size() == 10 ? ParseDate(args.end) : ParseRfc3339(args.end);
    if (!end.ok()) return ReportError(end.status().WithPrefix("--end"));
    options.end_ms = *end;
  }
  if (Status valid = options.Validate(); !valid.ok()) return ReportError(valid);
  EventGenerator gen(options);
  ProgressBar bar("gen", "events", 0);
  std::string buf;
  buf.reserve(1 << 21);
  for (uint64_t i = 0; i < args.count; ++i) {
    gen.Next(&buf);
    buf.push_back('\n');
    if (buf.size() >= (1 << 20) || i + 1 == args.count) {
      size_t done = 0;
      while (done < buf.size()) {
        ssize_t n = ::write(STDOUT_FILENO, buf.data() + done, buf.size() - done);
        if (n < 0) {
          if (errno == EINTR) continue;
          if (errno == EPIPE) return kExitOk;  // the reader went away (e.g. `| head`)
          return ReportError(Status::IOError(fmt::format("writing: {}", std::strerror(errno))));
        }
        done += static_cast<size_t>(n);
      }
      buf.clear();
      bar.Update(i + 1, 0);
    }
  }
  return kExitOk;
}

}  // namespace

void AddGenCommand(CLI::App& app, GlobalOptions&, int* exit_code) {
  auto args = std::make_shared<GenArgs>();
  CLI::App* cmd = app.add_subcommand("gen", "Write N realistic demo events as NDJSON to stdout");
  cmd->add_option("count", args->count, "number of events")->required()->check(DecimalDigits());
  cmd->add_option("--seed", args->seed, "random seed; the same seed and --end give the same bytes")
      ->capture_default_str()
      ->check(DecimalDigits());
  cmd->add_option("--end", args->end,
                  "time of the newest event (RFC 3339 or YYYY-MM-DD; default now)");
  cmd->add_option("--days", args->days, "days the events span, ending at --end")
      ->capture_default_str()
      ->check(CLI::Range(1, 3650));
  cmd->add_option("--tenants", args->tenants, "number of tenants")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--members", args->members, "members of the busiest tenant")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  cmd->add_flag("--with-ids", args->with_ids,
                "give every event a client id, so ingesting the file twice stores it once");
  cmd->footer(
      "Events look like the audit logs of Lowcoder, ToolJet, Appmixer, Fliplet and Dify:\n"
      "Zipf-distributed users, dotted actions, real user agents, IPv4 and IPv6, errors,\n"
      "before/after changes.\n"
      "Examples:\n"
      "  vigil gen 100000 --seed 7 --end 2026-11-21 > events.ndjson\n"
      "  vigil gen 1000000 | vigil --data ./data ingest -");
  cmd->callback([args, exit_code] { *exit_code = RunGen(*args); });
}

}  // namespace vigil::cli
