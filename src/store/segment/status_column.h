// Status blocks, encoding 4 "bytes" (docs/format/segment.md): one byte per
// row, the EventStatus value (0 success, 1 error). Thread-safe (pure functions).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/status.h"

namespace vigil::segment {

void EncodeStatusColumn(std::span<const EventStatus> values, std::string* raw);

// Checks a block: exactly `rows` bytes, each a known EventStatus; Corruption
// names the first bad row. After OK, byte i of raw is row i's status.
Status CheckStatusBlock(std::string_view raw, size_t rows);

}  // namespace vigil::segment
