// vigil ua: parses user agents, one per line (stdin, or the files given),
// and prints one JSON object per line (enrich/user_agent_json.h).
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/exit_code.h"
#include "enrich/user_agent_cache.h"
#include "enrich/user_agent_json.h"

namespace vigil::cli {
namespace {

struct UaArgs {
  std::vector<std::string> files;
  std::string regexes;
};

int RunUa(const UaArgs& args) {
  Result<std::unique_ptr<enrich::UserAgentParser>> parser =
      enrich::UserAgentParser::Load(args.regexes);
  if (!parser.ok()) return ReportError(parser.status());
  enrich::CachedUserAgentParser cached(std::move(parser).value());
  std::string out;
  auto each_line = [&](std::istream& in) {
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      out.clear();
      enrich::AppendUserAgentJson(cached.Parse(line), &out);
      out.push_back('\n');
      std::fwrite(out.data(), 1, out.size(), stdout);
    }
  };
  if (args.files.empty() || (args.files.size() == 1 && args.files[0] == "-")) {
    each_line(std::cin);
  } else {
    for (const std::string& path : args.files) {
      std::ifstream in(path);
      if (!in) return ReportError(Status::NotFound(path + ": cannot open"));
      each_line(in);
    }
  }
  return std::fflush(stdout) == 0 ? kExitOk : ReportError(Status::IOError("stdout: write failed"));
}

}  // namespace

void AddUaCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<UaArgs>();
  const char* env = std::getenv("VIGIL_UA_REGEXES");
  args->regexes = env != nullptr ? env : VIGIL_DEFAULT_UA_REGEXES;
  CLI::App* cmd = app.add_subcommand(
      "ua",
      "parse user agents, one per line, into one JSON object per line (browser, OS, device, "
      "class, engine, webview)");
  cmd->add_option("files", args->files, "files of user agents, one per line (default: stdin)");
  cmd->add_option("--regexes", args->regexes,
                  "uap-core regexes.yaml (default: $VIGIL_UA_REGEXES, else the one ./dev.sh "
                  "installed under node_modules/uap-core)");
  cmd->footer(
      "Example:\n  echo 'curl/8.4.0' | vigil ua\n"
      "  {\"ua\":{\"family\":\"curl\",\"major\":\"8\",…},…,\"class\":\"library\",…}");
  cmd->callback([args, exit_code] { *exit_code = RunUa(*args); });
}

}  // namespace vigil::cli
