// The checksum of segment files: CRC-32 as zlib computes it (see the checksum
// rule in segment_format.h). Thread-safe (pure).
#pragma once

#include <cstdint>
#include <string_view>

namespace vigil::segment {

// zlib crc32(0, data, size), for any size.
uint32_t Crc32(std::string_view data);

}  // namespace vigil::segment
