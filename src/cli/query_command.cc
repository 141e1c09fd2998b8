// vigil query 'QUERY': one page of matching events, newest first.
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>

#include "cli/commands.h"
#include "cli/event_table.h"
#include "cli/exit_code.h"
#include "cli/read_args.h"
#include "core/clock.h"
#include "core/event_json.h"

namespace vigil::cli {
namespace {

struct QueryArgs {
  ReadArgs read;
  size_t limit = 50;
  std::string cursor;
  std::string order = "newest";
  bool json = false;
};

size_t TerminalWidth() {
  if (::isatty(STDOUT_FILENO) != 1) return 0;  // piped: never cut
  struct winsize ws;
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 160;
}

int RunQuery(const GlobalOptions& global, const QueryArgs& args) {
  Result<ReadScope> scope = MakeReadScope(args.read, SystemClock::Get()->NowMs());
  if (!scope.ok()) return ReportError(scope.status());
  Result<std::unique_ptr<Store>> store = OpenStore(global, OpenMode::kMustExist);
  if (!store.ok()) return ReportError(store.status());
  SearchRequest req;
  req.scope = std::move(*scope);
  req.limit = args.limit;
  req.cursor = args.cursor;
  req.order = args.order == "oldest" ? Order::kOldestFirst : Order::kNewestFirst;
  Result<SearchPage> page = (*store)->Search(req);
  if (!page.ok()) return ReportError(page.status());
  std::string out;
  if (args.json) {
    for (const Event& e : page->events) {
      AppendEventWithSeq(e, &out);
      out.push_back('\n');
    }
  } else {
    out = RenderEventTable(page->events, TerminalWidth());
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);  // the hint below goes after the page, also when both are piped
  if (!page->next_cursor.empty()) {
    std::fprintf(stderr, "more events: add --cursor %s\n", page->next_cursor.c_str());
  }
  Status closed = (*store)->Close();
  if (!closed.ok()) return ReportError(closed);
  return kExitOk;
}

}  // namespace

void AddQueryCommand(CLI::App& app, GlobalOptions& global, int* exit_code) {
  auto args = std::make_shared<QueryArgs>();
  CLI::App* cmd = app.add_subcommand("query", "Search events with the query language");
  AddReadOptions(cmd, &args->read);
  cmd->add_option("-n,--limit", args->limit, "events per page (1..10000)")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  cmd->add_option("--cursor", args->cursor, "continue after a previous page");
  cmd->add_option("--order", args->order, "newest or oldest first")
      ->capture_default_str()
      ->check(CLI::IsMember({"newest", "oldest"}));
  cmd->add_flag("--json", args->json, "NDJSON events instead of a table");
  cmd->footer(
      "Examples:\n"
      "  vigil query 'action:app.* status:error'\n"
      "  vigil query 'actor:ada@example.com time:last-7d' --limit 20\n"
      "  vigil query '\"renamed app\" -environment:staging' --json\n"
      "  vigil query 'ip:203.0.113.0/24 method:POST,PUT duration:>1000' --tenant org_1");
  cmd->callback([&global, args, exit_code] { *exit_code = RunQuery(global, *args); });
}

}  // namespace vigil::cli
