// vigil verify --clickhouse-url: checks the Merkle logs that Vigil nodes keep
// in a ClickHouse database (docs/scale-out.md "The ledger, per node"), the
// way `vigil verify` checks a data directory, reading only ClickHouse and
// changing nothing: no data directory, no lock, no running node needed.
//
// For each node (or the one --node names): every event of its log is read
// back from `events` in seq order, its leaf hash recomputed and the tree
// rebuilt (cli/ledger_check.h), and the result compared with that node's
// recorded tile roots (`ledger_tiles`) and each of its signed checkpoints
// (`ledger_checkpoints`), opened with --key or, failing that, the key the
// node registered in `ledger_keys` (which proves consistency only). Events
// deleted by retention stand in by their kept leaf hashes (`ledger_leaves`)
// or tile roots, and each deletion must be announced by an
// `audit.retention` delete event of that node's log. The log ends where the
// node's commit points (`ledger_leaves`) end: rows past it belong to an
// append in progress, or the remains of a failed one, and are left out
// (with a warning).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace vigil::cli {

struct ClickHouseVerifyArgs {
  std::string url;  // http://HOST:PORT
  std::string database = "vigil";
  std::string user = "default";
  std::string password;          // from VIGIL_CLICKHOUSE_PASSWORD
  std::optional<uint16_t> node;  // every registered node when absent
  std::string key_flag;          // --key: needs node when several nodes are registered
};

// Returns the exit code (cli/exit_code.h): 0 every log checked verified,
// 1 problems found, 2 usage, 3 stored data that cannot be read, 4 ClickHouse
// unreachable or not a Vigil database.
int RunVerifyClickHouse(const ClickHouseVerifyArgs& args);

}  // namespace vigil::cli
