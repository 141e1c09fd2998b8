// Segment file format v2: the constants. The byte-level spec is
// docs/format/segment.md; keep the two in step.
//
//   file    := header dictionary_block{42} group_block{42 * groups} footer trailer
//   dictionary_block := the sorted distinct values of one string column over
//              the segment (empty for other columns), in column-id order
//   group_block := one column of one row group, ordered by row group, then
//              column id
//   header  := magic[8] version:u32 flags:u32                      (16 bytes)
//   trailer := footer_offset:u64 footer_size:u32 footer_crc:u32
//              version:u32 trailer_crc:u32 magic[8]                (32 bytes)
//
// Rows are split into row groups of rows_per_group rows (the last may be
// shorter), so a page of results decodes only the groups it touches. All
// fixed-width integers are little-endian. Blocks tile the bytes between the
// header and the footer exactly, so every byte of a file is covered by a check.
//
// Checksum rule: every checksum is CRC-32 as computed by zlib's
// crc32(0, bytes, n) (CRC-32/ISO-HDLC: reflected polynomial 0xEDB88320, initial
// and final XOR 0xFFFFFFFF), stored unmasked as u32:
//   - a block's crc covers its stored bytes (after compression);
//   - footer_crc covers the footer's footer_size bytes;
//   - trailer_crc covers the trailer's first 20 bytes (footer_offset through version).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace vigil::segment {

// "VGSEG", then \r\n\x1a (as PNG) so text-mode transfers and `type` are caught.
inline constexpr std::string_view kMagic{"VGSEG\r\n\x1a", 8};
// Version 2 added the ledger's seal columns (40, 41); version 3 the
// enrichment columns (42–52: geo.label, ua.*, diff) and the sealed
// metadata paths (53). Files of other versions
// are refused with a message naming both versions.
inline constexpr uint32_t kFormatVersion = 3;

inline constexpr size_t kHeaderSize = 16;
inline constexpr size_t kHeaderVersionOffset = 8;
inline constexpr size_t kHeaderFlagsOffset = 12;  // must be 0

inline constexpr size_t kTrailerSize = 32;
inline constexpr size_t kTrailerFooterOffsetOffset = 0;
inline constexpr size_t kTrailerFooterSizeOffset = 8;
inline constexpr size_t kTrailerFooterCrcOffset = 12;
inline constexpr size_t kTrailerVersionOffset = 16;
inline constexpr size_t kTrailerCrcOffset = 20;  // crc of trailer bytes [0, 20)
inline constexpr size_t kTrailerMagicOffset = 24;

// Footer: a fixed part, the block directory, then the tenant list.
inline constexpr size_t kFooterFixedSize = 72;
inline constexpr size_t kDirectoryEntrySize = 32;

// A lower bound on the size of a segment file: header, fixed footer, trailer.
inline constexpr size_t kMinFileSize = kHeaderSize + kFooterFixedSize + kTrailerSize;

// How a block's values are laid out in its raw (uncompressed) bytes.
enum class ColumnEncoding : uint8_t {
  kNone = 0,              // empty: the dictionary slot of a column without a dictionary
  kPlainString = 1,       // varint lengths, then the bytes
  kDictionaryCodes = 2,   // varint codes into the column's dictionary block
  kDeltaVarint = 3,       // zigzag varint of the difference from the previous row
  kByte = 4,              // one byte per row
  kPlainDouble = 5,       // presence bitmap, then the values' IEEE-754 bits
  kResourceList = 6,      // varint counts, then type, id and name sections
  kDecimalDouble = 7,     // presence bitmap, scale, then zigzag varints of value * 10^scale
  kStringDictionary = 8,  // a column's dictionary block: sorted distinct values
};

// How a raw block is turned into its stored bytes.
enum class BlockCompression : uint8_t {
  kNone = 0,  // stored == raw (used when zstd does not make the block smaller)
  kZstd = 1,  // one zstd frame with its content size set
};

// Limits. Writers refuse larger segments (ResourceExhausted); readers
// report larger values as corruption before allocating for them.
inline constexpr uint64_t kMaxRows = uint64_t{1} << 24;
inline constexpr uint64_t kMaxFooterSize = uint64_t{64} << 20;
inline constexpr uint64_t kMaxRawBlockSize = (uint64_t{1} << 32) - 1;
// A zstd block holds at most 128 KiB and takes at least 4 stored bytes, so no
// zstd frame expands more than this; a larger raw_size is corruption.
inline constexpr uint64_t kMaxZstdExpansion = 32 * 1024;

inline constexpr int kDefaultZstdLevel = 1;
inline constexpr uint32_t kDefaultRowsPerGroup = 1024;

}  // namespace vigil::segment
