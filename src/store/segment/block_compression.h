// Turning a column's raw block into its stored bytes and back
// (docs/format/segment.md "Column blocks"). Thread-safe (no shared state).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "store/segment/segment_format.h"

namespace vigil::segment {

// Compresses raw with zstd at `level` into *stored (replacing its contents).
// Returns kZstd, or kNone with *stored == raw when zstd would not make the
// block smaller. Internal when zstd itself fails.
Result<BlockCompression> CompressBlock(std::string_view raw, int level, std::string* stored);

// Restores the raw block of exactly raw_size bytes into *raw (replacing its
// contents). Corruption, with a message naming what is wrong but not where
// (the caller adds file and column), when stored is not one valid block of
// that size.
Status DecompressBlock(BlockCompression compression, std::string_view stored, uint64_t raw_size,
                       std::string* raw);

}  // namespace vigil::segment
