// Values of the `duration:` field: a range of milliseconds.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "store/filter.h"

namespace vigil {

// Parses one of (N a non-negative decimal number, e.g. 250, 1.5, 2e3):
//   N      exactly N           [N, N]
//   >N     more than N         (N, +inf)
//   >=N    at least N          [N, +inf)
//   <N     less than N         (-inf, N)
//   <=N    at most N           (-inf, N]
//   A..B   from A to B         [A, B]     (both ends inclusive)
//   A..    same as >=A;  ..B   same as <=B
// into a kRange FilterValue whose inclusive flags say exactly that (an
// infinite end keeps the flag FilterValue::Range gives it: lo_inclusive true,
// hi_inclusive false). Errors (InvalidArgument) carry only the reason.
Result<FilterValue> ParseDurationValue(std::string_view text);

// Writes a kRange value in the form ParseDurationValue reads back to the
// same value; InvalidArgument for ranges the syntax cannot express (an
// exclusive finite end together with another finite end, NaN, empty ranges).
Result<std::string> FormatDurationValue(const FilterValue& value);

}  // namespace vigil
