// Segment index file format v2: the constants. The byte-level spec is
// docs/format/segment-index.md.
//
//   header   := magic[8] version:u32 flags:u32 rows:u32 rows_per_group:u32
//               key_count:u32                                           (28 bytes)
//   key      := id:u8 reserved[3] term_count:u32 offset:u64
//               size:u64                                                (24 bytes each)
//   ranges   := per row group (⌈rows / rows_per_group⌉ of them):
//               min_time:i64 max_time:i64 min_duration:f64
//               max_duration:f64                                        (32 bytes each)
//   sections := per key: (block_count + 1) × u32 block offsets, then the
//               entries, kBlockTerms per block (block_count = ⌈terms / 16⌉):
//               entry := shared:varint suffix_len:varint suffix
//                        posting_header:varint posting
//               posting_header := posting_len << 1 | counts_groups
//   trailer  := crc32:u32 magic[8]                                        (12 bytes)
//
// Little endian; varints are LEB128. Terms of a key are distinct and sorted
// bytewise and front-coded: an entry's term is the first `shared` bytes of
// the term before it and then `suffix` (a block's first entry has shared 0).
// A posting is CRoaring's portable serialization of the rows (0-based within
// the segment) holding the term, or when counts_groups is set, of their row
// groups (row / rows_per_group); or, when it is shorter than
// kMinBitmapBytes (a serialized bitmap never is), its one member as a
// varint. A group's ranges are the least and greatest time (epoch ms) and
// context.duration_ms of its rows; a group without durations has
// min_duration +inf and max_duration -inf. crc32 (zlib) covers every byte
// before the trailer's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace vigil::index {

inline constexpr std::string_view kMagic{"VGIDX\r\n\x1a", 8};
inline constexpr uint32_t kFormatVersion = 2;  // 2: Unicode-folded text, group ranges
inline constexpr size_t kHeaderSize = 28;
inline constexpr size_t kKeyEntrySize = 24;
inline constexpr size_t kGroupRangeSize = 32;
inline constexpr size_t kTrailerSize = 12;

inline constexpr size_t kBlockTerms = 16;
inline constexpr size_t kMinBitmapBytes = 8;  // CRoaring's portable form of an empty bitmap

}  // namespace vigil::index
