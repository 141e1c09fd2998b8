// The subcommands of `vigil`. Each Add*Command registers one subcommand on
// the app; its callback stores the command's exit code in *exit_code.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "core/status.h"
#include "store/store.h"

namespace vigil::cli {

// Options every subcommand shares.
struct GlobalOptions {
  std::string data_dir;         // --data DIR, else $VIGIL_DATA, else ./vigil-data
  bool data_dir_given = false;  // --data was on the command line (set after parsing)
};

enum class OpenMode { kCreateIfMissing, kMustExist };

// Opens the embedded store at options.data_dir. kMustExist (query, export,
// stats) fails with kNotFound instead of creating an empty store.
Result<std::unique_ptr<Store>> OpenStore(const GlobalOptions& options, OpenMode mode);

// The whole command line; main() only adds a last-resort exception guard.
int Main(int argc, char** argv);

void AddGenCommand(CLI::App& app, GlobalOptions& global, int* exit_code);
void AddIngestCommand(CLI::App& app, GlobalOptions& global, int* exit_code);
void AddQueryCommand(CLI::App& app, GlobalOptions& global, int* exit_code);
void AddExportCommand(CLI::App& app, GlobalOptions& global, int* exit_code);
void AddStatsCommand(CLI::App& app, GlobalOptions& global, int* exit_code);
void AddServeCommand(CLI::App& app, GlobalOptions& global, int* exit_code);
void AddKeysCommand(CLI::App& app, GlobalOptions& global, int* exit_code);
void AddProofCommand(CLI::App& app, int* exit_code);
void AddVerifyCommand(CLI::App& app, GlobalOptions& global, int* exit_code);
void AddRedactCommand(CLI::App& app, GlobalOptions& global, int* exit_code);
void AddUaCommand(CLI::App& app, int* exit_code);
void AddGeoCommand(CLI::App& app, int* exit_code);

}  // namespace vigil::cli
