#include "cli/exit_code.h"

#include <cstdio>

namespace vigil::cli {

int ExitCodeFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk:
      return kExitOk;
    case StatusCode::kInvalidArgument:
      return kExitUsage;
    case StatusCode::kCorruption:
      return kExitCorruption;
    case StatusCode::kNotFound:
    case StatusCode::kIOError:
    case StatusCode::kFailedPrecondition:
    case StatusCode::kUnavailable:
    case StatusCode::kResourceExhausted:
    case StatusCode::kUnauthenticated:
    case StatusCode::kPermissionDenied:
      return kExitEnvironment;
    case StatusCode::kInternal:
      return kExitInternal;
  }
  return kExitInternal;
}

int ReportError(const Status& status) {
  std::fprintf(stderr, "vigil: %s\n", status.ToString().c_str());
  return ExitCodeFor(status);
}

}  // namespace vigil::cli
