// CLI exit codes: the one place where a Status becomes a process exit code.
//
//   0  success
//   1  the command ran and found a problem (rejected input lines, failed verification)
//   2  usage error: bad flags, bad query syntax, bad arguments
//   3  stored data is corrupt
//   4  the environment refused: I/O error, data directory locked, not found
//   70 internal error (a bug)
#pragma once

#include "core/status.h"

namespace vigil::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitProblem = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitCorruption = 3;
inline constexpr int kExitEnvironment = 4;
inline constexpr int kExitInternal = 70;

int ExitCodeFor(const Status& status);

// Prints "vigil: <message>" to stderr and returns ExitCodeFor(status).
int ReportError(const Status& status);

}  // namespace vigil::cli
