// Why generated events fail: a human reason for the description, and the
// error code and HTTP status that go into metadata. Static data.
#pragma once

#include <cstdint>
#include <string_view>

#include "gen/split_mix64.h"

namespace vigil::gen {

struct Failure {
  std::string_view reason;  // "permission denied"
  std::string_view code;    // "PERMISSION_DENIED"
  uint16_t http_status;     // 0 when not an HTTP failure (a bounced email)
};

// A failure that fits the operation ("login", "execute", "send", …).
const Failure& DrawFailure(std::string_view operation, SplitMix64& rng);

// The failure of a disabled member's login attempt.
const Failure& AccountDisabledFailure();

}  // namespace vigil::gen
