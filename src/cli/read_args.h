// Options shared by the reading commands (query, export): the query text,
// --tenant, --from and --to, turned into a ReadScope.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "core/status.h"
#include "store/store.h"

namespace vigil::cli {

struct ReadArgs {
  std::string query;
  std::string tenant;
  std::string from;  // RFC 3339 or YYYY-MM-DD, inclusive
  std::string to;    // RFC 3339 or YYYY-MM-DD, exclusive
};

void AddReadOptions(CLI::App* cmd, ReadArgs* args);

// Parses the query (relative to now_ms) and the bounds. Errors name the
// option: "q: unexpected ')' at 14", "--from: …".
Result<ReadScope> MakeReadScope(const ReadArgs& args, int64_t now_ms);

}  // namespace vigil::cli
