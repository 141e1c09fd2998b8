// Turns one written value of a `field:value` term into a FilterValue,
// applying the field's rules (docs/query-language.md §Fields): case
// normalization, allowed values, IP/CIDR, duration and time forms.
#pragma once

#include <cstdint>

#include "core/status.h"
#include "query/query_token.h"
#include "store/filter.h"

namespace vigil {

// Precondition: field != kText, value.text not empty. now_ms anchors time
// presets. Errors are InvalidArgument naming the field, the value and its
// position: "bad CIDR '10.0.0.0/33' at 3: prefix length over 32".
Result<FilterValue> ParseFieldValue(FilterField field, const QueryValueText& value, int64_t now_ms);

}  // namespace vigil
