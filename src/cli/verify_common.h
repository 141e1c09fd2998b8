// What the ways of `vigil verify` share: the verifier key (--key, a key
// text or a file holding one) and the report of a LedgerCheck run — its
// warnings and problems on stderr, one summary line on stdout, the exit
// code (cli/exit_code.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cli/ledger_check.h"
#include "core/status.h"
#include "ledger/note.h"
#include "store/fs/file_system.h"

namespace vigil::cli {

// "1 checkpoint", "2 checkpoints".
std::string Count(uint64_t n, std::string_view noun);

// A verifier key and where it came from.
struct LedgerKey {
  ledger::NoteVerifier verifier;
  std::string source;
  // Read from the very place the checked data comes from (the data
  // directory, the ClickHouse database): proves consistency, not
  // authenticity.
  bool from_checked_store = false;
};

// The key text with trailing spaces and newlines removed.
std::string KeyText(std::string text);

// --key: a verifier key text, else a file holding one; InvalidArgument
// naming --key otherwise.
Result<LedgerKey> KeyFromFlag(FileSystem* fs, const std::string& value);

// The outcome of one log's check.
struct VerifyReport {
  std::string log;  // "" for the data directory's only log; "node 2 (vigil/b)"
  std::string store = "the data directory";  // where the events came from
  std::string tiles = "the tiles file";      // where the recorded tile roots came from
  const LedgerKey* key = nullptr;            // null when no key was needed nor found
  size_t checkpoint_files = 0;               // checkpoints found, good or not
  std::vector<std::string> problems;         // found before the scan (checkpoints that do not open)
  std::vector<std::string> warnings;
  // The scan's error when it did not finish (and the check did not stop it),
  // else an error closing the store.
  Status read_error;
};

// Prints the key used, the warnings and the problems (those of the report,
// then the check's), then the summary line; returns the exit code: 0
// verified, 1 problems, or read_error's.
int FinishVerify(const LedgerCheck& check, VerifyReport report);

}  // namespace vigil::cli
