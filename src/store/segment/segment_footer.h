// Encoding and validating the fixed parts of a segment file: header, footer
// and trailer (docs/format/segment.md). Shared by the writer and the reader.
// Thread-safe (pure functions). Errors are Status::Corruption saying what is
// wrong; the reader prefixes the file name.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "store/segment/segment_info.h"

namespace vigil::segment {

struct SegmentTrailer {
  uint64_t footer_offset = 0;
  uint32_t footer_size = 0;
  uint32_t footer_crc = 0;
  uint32_t format_version = kFormatVersion;
};

// kHeaderSize bytes: magic, kFormatVersion, flags 0.
std::string EncodeHeader();
// Checks magic, version and flags of the first kHeaderSize bytes.
Status CheckHeader(std::string_view header);

// kTrailerSize bytes, trailer_crc computed.
std::string EncodeTrailer(const SegmentTrailer& trailer);
// Checks magic, trailer_crc and version of the last kTrailerSize bytes, and
// that the footer lies between the header and the trailer of a file of
// file_size bytes.
Result<SegmentTrailer> DecodeTrailer(std::string_view trailer, uint64_t file_size);

// The footer of info (every field but format_version and file_bytes).
std::string EncodeFooter(const SegmentInfo& info);
// Parses a footer whose checksum has been verified, and checks every rule of
// the format: row, seq and group counts, min <= max, one directory entry per
// column of each row group, in order, with an encoding its type allows, blocks
// tiling [kHeaderSize, footer_offset) exactly, sizes within the v1 limits,
// tenants strictly ascending. format_version and file_bytes are left for the
// caller.
Result<SegmentInfo> DecodeFooter(std::string_view footer, uint64_t footer_offset);

// Whether a column of this type may be stored with this encoding.
bool EncodingAllowed(SegmentColumnType type, ColumnEncoding encoding);

}  // namespace vigil::segment
