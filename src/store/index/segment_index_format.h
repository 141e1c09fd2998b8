// Segment index file format v3: the constants. The byte-level spec is
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
//               blocks, kBlockTerms terms each (block_count = ⌈terms / 64⌉;
//               the last block holds the rest):
//               block  := first_len:varint first_term
//                         packed_size:varint stored_size:varint stored
//                         postings
//               stored := packed (stored_size == packed_size) or a zstd
//                         frame of it (stored_size < packed_size)
//               packed := shared:varint × (n − 1) suffix_len:varint × (n − 1)
//                         posting_info:varint × n member:varint × m
//                         suffixes (the bytes of terms 2..n after their shared
//                         prefix, concatenated)
//               posting_info := posting_len << 3 | form << 1 | counts_groups
//   trailer  := crc32:u32 magic[8]                                        (12 bytes)
//
// Little endian; varints are LEB128. Terms of a key are distinct and sorted
// bytewise and front-coded within a block: term i is the first shared[i]
// bytes of term i − 1 and then its suffix; a block's first term is whole and
// outside the packed columns, so a lookup binary-searches the blocks' first
// terms and unpacks one block. A posting lists the rows (0-based within the
// segment) holding the term or, when counts_groups is set, their row groups
// (row / rows_per_group), ascending, in one of the PostingForms below; a
// form-0 posting has length 0 and its one member is in the packed `member`
// column (m = the block's form-0 postings), zigzag-coded as the difference
// from the block's previous form-0 member (from 0 for the first); the other
// forms' bytes follow one another, in term order, in the block's postings.
// A group's ranges are the least and greatest time (epoch ms) and
// context.duration_ms of its rows; a group without durations has
// min_duration +inf and max_duration -inf. crc32 (zlib) covers every byte
// before the trailer's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace vigil::index {

inline constexpr std::string_view kMagic{"VGIDX\r\n\x1a", 8};
// 2: Unicode-folded text, group ranges; 3: packed, compressed blocks of 64
// terms, gap-list postings.
inline constexpr uint32_t kFormatVersion = 3;
inline constexpr size_t kHeaderSize = 28;
inline constexpr size_t kKeyEntrySize = 24;
inline constexpr size_t kGroupRangeSize = 32;
inline constexpr size_t kTrailerSize = 12;

inline constexpr size_t kBlockTerms = 64;
// A block's packed columns unpack to at most this many bytes (a reader's
// bound on a damaged size; 64 terms of at most a few hundred KiB each).
inline constexpr uint64_t kMaxPackedBytes = 64ull << 20;

// How a posting stores its members.
enum class PostingForm : uint8_t {
  kOneMember = 0,    // the block's `member` column holds it; no posting bytes
  kGapList = 1,      // ≥ 2 members: the first as a varint, then each one's gap
                     // from the one before (≥ 1) as a varint
  kRoaring = 2,      // CRoaring's portable serialization
  kZstdGapList = 3,  // a zstd frame (with its content size) of a kGapList
};
inline constexpr uint32_t kPostingFormCount = 4;

}  // namespace vigil::index
