#include "gen/generator_options.h"

#include <fmt/format.h>

namespace vigil {

Status GeneratorOptions::Validate() const {
  if (end_ms < kMinTimeMs || end_ms > kMaxTimeMs) {
    return Status::InvalidArgument(
        fmt::format("end: {} ms is outside 1970-01-01 .. 9999-12-31", end_ms));
  }
  if (span_ms < 1) {
    return Status::InvalidArgument(fmt::format("span: must be at least 1 ms (got {})", span_ms));
  }
  if (count == 0) return Status::InvalidArgument("count: must be at least 1");
  if (tenants == 0 || tenants > 100'000) {
    return Status::InvalidArgument(
        fmt::format("tenants: must be between 1 and 100000 (got {})", tenants));
  }
  if (members == 0 || members > 100'000) {
    return Status::InvalidArgument(
        fmt::format("members: must be between 1 and 100000 (got {})", members));
  }
  if (error_per_mille > 1000) {
    return Status::InvalidArgument(
        fmt::format("error_per_mille: must be at most 1000 (got {})", error_per_mille));
  }
  return Status::Ok();
}

}  // namespace vigil
