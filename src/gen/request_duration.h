// How long requests take: log-normal around a median that depends on the
// operation (views are fast, exports and builds slow), with a slow tail.
#pragma once

#include <cstdint>
#include <string_view>

#include "gen/split_mix64.h"

namespace vigil::gen {

// A request duration in tenths of a millisecond (at least 0.3 ms): about 1.5 %
// of requests take 5 to 40 times their usual time.
int64_t DrawDurationTenthsMs(std::string_view operation, SplitMix64& rng);

}  // namespace vigil::gen
