// vigil: the command-line interface. This file only wires the subcommands;
// each lives in its own *_command.cc.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "cli/commands.h"
#include "cli/exit_code.h"

int main(int argc, char** argv) {
  try {
    return vigil::cli::Main(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vigil: internal error: %s\n", e.what());
    return vigil::cli::kExitInternal;
  }
}

int vigil::cli::Main(int argc, char** argv) {
  using namespace vigil::cli;
  CLI::App app{"vigil: a tamper-evident audit log service"};
  app.require_subcommand(1);
  app.footer(
      "Examples:\n"
      "  vigil gen 100000 --seed 7 > events.ndjson\n"
      "  vigil --data ./data ingest events.ndjson\n"
      "  vigil --data ./data query 'action:app.* status:error time:last-7d'\n"
      "  vigil --data ./data export --format csv 'actor:ada@example.com' > ada.csv\n"
      "  vigil serve --demo\n"
      "  vigil --data ./data keys create --name ops --scopes admin,read,export\n"
      "  vigil proof verify-inclusion --leaf-hash B64 --index 5 --size 8 --root B64 --proof "
      "B64,B64\n"
      "  vigil --data ./data verify --key verifier.key\n"
      "  vigil --data ./data redact --tenant acme --actor user_42\n"
      "  echo 'curl/8.4.0' | vigil ua\n"
      "  vigil geo 8.8.8.8 2001:67c:2e8:22::c100:68b\n"
      "Run `vigil COMMAND --help` for each command's options.");
  GlobalOptions global;
  const char* env_data = std::getenv("VIGIL_DATA");
  global.data_dir = env_data != nullptr ? env_data : "vigil-data";
  app.add_option("--data", global.data_dir,
                 "data directory (default: $VIGIL_DATA, else ./vigil-data)")
      ->each([&global](const std::string&) { global.data_dir_given = true; });
  int exit_code = kExitOk;
  AddGenCommand(app, global, &exit_code);
  AddIngestCommand(app, global, &exit_code);
  AddQueryCommand(app, global, &exit_code);
  AddExportCommand(app, global, &exit_code);
  AddStatsCommand(app, global, &exit_code);
  AddServeCommand(app, global, &exit_code);
  AddKeysCommand(app, global, &exit_code);
  AddProofCommand(app, &exit_code);
  AddVerifyCommand(app, global, &exit_code);
  AddRedactCommand(app, global, &exit_code);
  AddUaCommand(app, &exit_code);
  AddGeoCommand(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  return exit_code;
}
