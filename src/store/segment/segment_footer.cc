#include "store/segment/segment_footer.h"

#include <vector>

#include "store/segment/byte_reader.h"
#include "store/segment/checksum.h"
#include "store/segment/coding.h"

namespace vigil::segment {
namespace {

std::string Num(uint64_t v) { return std::to_string(v); }

std::string BlockName(const SegmentColumnBlock& b) {
  std::string s =
      "column " + std::string(ColumnName(b.column)) + " (id " + Num(ColumnId(b.column)) + ")";
  return b.group == SegmentColumnBlock::kDictionarySlot ? "dictionary of " + s
                                                        : s + " of row group " + Num(b.group);
}

// The encoding rules of a directory entry (dictionary slot or group block).
Status CheckEncoding(const SegmentColumnBlock& b, bool column_has_dictionary) {
  const SegmentColumnType type = ColumnType(b.column);
  bool ok;
  if (b.group == SegmentColumnBlock::kDictionarySlot) {
    ok = b.encoding == ColumnEncoding::kNone ||
         (b.encoding == ColumnEncoding::kStringDictionary && type == SegmentColumnType::kString);
  } else if (type == SegmentColumnType::kString) {
    ok = b.encoding ==
         (column_has_dictionary ? ColumnEncoding::kDictionaryCodes : ColumnEncoding::kPlainString);
  } else {
    ok = EncodingAllowed(type, b.encoding);
  }
  if (!ok) {
    return Status::Corruption(BlockName(b) + ": encoding " + Num(static_cast<uint8_t>(b.encoding)) +
                              " is not allowed here" +
                              (column_has_dictionary ? " (the column has a dictionary)" : ""));
  }
  if (b.encoding == ColumnEncoding::kNone && (b.stored_size != 0 || b.raw_size != 0 || b.crc != 0 ||
                                              b.compression != BlockCompression::kNone)) {
    return Status::Corruption(BlockName(b) + ": an empty slot must have no bytes");
  }
  return Status::Ok();
}

Status CheckDirectoryEntry(const SegmentColumnBlock& b, uint64_t expected_offset,
                           uint64_t footer_offset) {
  const std::string where = BlockName(b);
  if (b.compression != BlockCompression::kNone && b.compression != BlockCompression::kZstd) {
    return Status::Corruption(where + ": unknown compression " +
                              Num(static_cast<uint8_t>(b.compression)));
  }
  if (b.offset != expected_offset) {
    return Status::Corruption(where + ": block at offset " + Num(b.offset) + ", expected " +
                              Num(expected_offset) + " (blocks must tile the file)");
  }
  if (b.stored_size > footer_offset - b.offset) {
    return Status::Corruption(where + ": block of " + Num(b.stored_size) + " bytes at offset " +
                              Num(b.offset) + " runs past the footer at " + Num(footer_offset));
  }
  if (b.raw_size > kMaxRawBlockSize) {
    return Status::Corruption(where + ": raw size " + Num(b.raw_size) + " exceeds the limit " +
                              Num(kMaxRawBlockSize));
  }
  if (b.compression == BlockCompression::kNone && b.raw_size != b.stored_size) {
    return Status::Corruption(where + ": uncompressed block with raw size " + Num(b.raw_size) +
                              " != stored size " + Num(b.stored_size));
  }
  if (b.compression == BlockCompression::kZstd && b.raw_size / kMaxZstdExpansion > b.stored_size) {
    return Status::Corruption(where + ": raw size " + Num(b.raw_size) +
                              " is more than zstd can expand " + Num(b.stored_size) + " bytes to");
  }
  return Status::Ok();
}

}  // namespace

bool EncodingAllowed(SegmentColumnType type, ColumnEncoding encoding) {
  switch (type) {
    case SegmentColumnType::kUint64:
    case SegmentColumnType::kInt64:
      return encoding == ColumnEncoding::kDeltaVarint;
    case SegmentColumnType::kStatus:
      return encoding == ColumnEncoding::kByte;
    case SegmentColumnType::kOptionalDouble:
      return encoding == ColumnEncoding::kPlainDouble || encoding == ColumnEncoding::kDecimalDouble;
    case SegmentColumnType::kResources:
      return encoding == ColumnEncoding::kResourceList;
    case SegmentColumnType::kString:
      return encoding == ColumnEncoding::kPlainString ||
             encoding == ColumnEncoding::kDictionaryCodes;
  }
  return false;
}

std::string EncodeHeader() {
  std::string out(kMagic);
  PutFixed32(&out, kFormatVersion);
  PutFixed32(&out, 0);  // flags
  return out;
}

Status CheckHeader(std::string_view header) {
  if (header.size() < kHeaderSize) {
    return Status::Corruption("header of " + Num(header.size()) + " bytes, expected " +
                              Num(kHeaderSize));
  }
  if (header.substr(0, kMagic.size()) != kMagic) {
    return Status::Corruption("bad magic in the header (not a segment file)");
  }
  uint32_t version = DecodeFixed32(header.data() + kHeaderVersionOffset);
  if (version != kFormatVersion) {
    return Status::Corruption("header has format version " + Num(version) +
                              ", this build reads version " + Num(kFormatVersion));
  }
  uint32_t flags = DecodeFixed32(header.data() + kHeaderFlagsOffset);
  if (flags != 0) return Status::Corruption("header has unknown flags " + Num(flags));
  return Status::Ok();
}

std::string EncodeTrailer(const SegmentTrailer& t) {
  std::string out;
  PutFixed64(&out, t.footer_offset);
  PutFixed32(&out, t.footer_size);
  PutFixed32(&out, t.footer_crc);
  PutFixed32(&out, t.format_version);
  PutFixed32(&out, Crc32(out));
  out.append(kMagic);
  return out;
}

Result<SegmentTrailer> DecodeTrailer(std::string_view bytes, uint64_t file_size) {
  if (bytes.size() != kTrailerSize || file_size < kMinFileSize) {
    return Status::Corruption("trailer of " + Num(bytes.size()) + " bytes, expected " +
                              Num(kTrailerSize));
  }
  if (bytes.substr(kTrailerMagicOffset) != kMagic) {
    return Status::Corruption("bad magic in the trailer (not a segment file, or truncated)");
  }
  uint32_t stored_crc = DecodeFixed32(bytes.data() + kTrailerCrcOffset);
  uint32_t actual_crc = Crc32(bytes.substr(0, kTrailerCrcOffset));
  if (stored_crc != actual_crc) {
    return Status::Corruption("trailer checksum mismatch at offset " +
                              Num(file_size - kTrailerSize));
  }
  SegmentTrailer t;
  t.footer_offset = DecodeFixed64(bytes.data() + kTrailerFooterOffsetOffset);
  t.footer_size = DecodeFixed32(bytes.data() + kTrailerFooterSizeOffset);
  t.footer_crc = DecodeFixed32(bytes.data() + kTrailerFooterCrcOffset);
  t.format_version = DecodeFixed32(bytes.data() + kTrailerVersionOffset);
  if (t.format_version != kFormatVersion) {
    return Status::Corruption("trailer has format version " + Num(t.format_version) +
                              ", this build reads version " + Num(kFormatVersion));
  }
  const uint64_t footer_end = file_size - kTrailerSize;
  if (t.footer_offset < kHeaderSize || t.footer_offset > footer_end ||
      t.footer_size != footer_end - t.footer_offset) {
    return Status::Corruption("trailer points at a footer of " + Num(t.footer_size) +
                              " bytes at offset " + Num(t.footer_offset) +
                              ", which does not end where the trailer starts (" + Num(footer_end) +
                              ")");
  }
  if (t.footer_size < kFooterFixedSize || t.footer_size > kMaxFooterSize) {
    return Status::Corruption("footer size " + Num(t.footer_size) + " outside [" +
                              Num(kFooterFixedSize) + ", " + Num(kMaxFooterSize) + "]");
  }
  return t;
}

std::string EncodeFooter(const SegmentInfo& info) {
  std::string out;
  PutFixed64(&out, info.rows);
  PutFixed64(&out, info.first_seq);
  PutFixed64(&out, info.last_seq);
  PutFixed64(&out, static_cast<uint64_t>(info.min_time_ms));
  PutFixed64(&out, static_cast<uint64_t>(info.max_time_ms));
  PutFixed64(&out, static_cast<uint64_t>(info.min_received_at_ms));
  PutFixed64(&out, static_cast<uint64_t>(info.max_received_at_ms));
  PutFixed32(&out, info.rows_per_group);
  PutFixed32(&out, info.row_groups);
  PutFixed32(&out, static_cast<uint32_t>(kSegmentColumnCount));
  PutFixed32(&out, static_cast<uint32_t>(info.tenants.size()));
  std::vector<const SegmentColumnBlock*> entries;
  for (const SegmentColumnBlock& b : info.dictionaries) entries.push_back(&b);
  for (const SegmentColumnBlock& b : info.blocks) entries.push_back(&b);
  for (const SegmentColumnBlock* e : entries) {
    const SegmentColumnBlock& b = *e;
    out.push_back(static_cast<char>(ColumnId(b.column)));
    out.push_back(static_cast<char>(b.encoding));
    out.push_back(static_cast<char>(b.compression));
    out.push_back('\0');  // reserved
    PutFixed32(&out, b.crc);
    PutFixed64(&out, b.offset);
    PutFixed64(&out, b.stored_size);
    PutFixed64(&out, b.raw_size);
  }
  for (const std::string& t : info.tenants) {
    PutFixed32(&out, static_cast<uint32_t>(t.size()));
    out.append(t);
  }
  return out;
}

Result<SegmentInfo> DecodeFooter(std::string_view footer, uint64_t footer_offset) {
  ByteReader r(footer);
  SegmentInfo info;
  uint64_t times[4];
  uint32_t column_count = 0;
  uint32_t tenant_count = 0;
  if (!r.ReadFixed64(&info.rows) || !r.ReadFixed64(&info.first_seq) ||
      !r.ReadFixed64(&info.last_seq) || !r.ReadFixed64(&times[0]) || !r.ReadFixed64(&times[1]) ||
      !r.ReadFixed64(&times[2]) || !r.ReadFixed64(&times[3]) ||
      !r.ReadFixed32(&info.rows_per_group) || !r.ReadFixed32(&info.row_groups) ||
      !r.ReadFixed32(&column_count) || !r.ReadFixed32(&tenant_count)) {
    return Status::Corruption("footer of " + Num(footer.size()) + " bytes is shorter than " +
                              Num(kFooterFixedSize));
  }
  info.min_time_ms = static_cast<int64_t>(times[0]);
  info.max_time_ms = static_cast<int64_t>(times[1]);
  info.min_received_at_ms = static_cast<int64_t>(times[2]);
  info.max_received_at_ms = static_cast<int64_t>(times[3]);

  if (info.rows == 0 || info.rows > kMaxRows) {
    return Status::Corruption("footer: row count " + Num(info.rows) + " outside [1, " +
                              Num(kMaxRows) + "]");
  }
  if (info.last_seq < info.first_seq || info.last_seq - info.first_seq != info.rows - 1) {
    return Status::Corruption("footer: seqs " + Num(info.first_seq) + ".." + Num(info.last_seq) +
                              " are not " + Num(info.rows) + " contiguous rows");
  }
  if (info.min_time_ms > info.max_time_ms) {
    return Status::Corruption("footer: min time_ms above max time_ms");
  }
  if (info.min_received_at_ms > info.max_received_at_ms) {
    return Status::Corruption("footer: min received_at_ms above max received_at_ms");
  }
  if (info.rows_per_group == 0 ||
      info.row_groups != (info.rows + info.rows_per_group - 1) / info.rows_per_group) {
    return Status::Corruption("footer: " + Num(info.row_groups) + " row groups of " +
                              Num(info.rows_per_group) + " rows do not hold " + Num(info.rows) +
                              " rows");
  }
  if (column_count != kSegmentColumnCount) {
    return Status::Corruption("footer: " + Num(column_count) + " columns, format version " +
                              Num(kFormatVersion) + " has " + Num(kSegmentColumnCount));
  }
  if (tenant_count == 0 || tenant_count > info.rows) {
    return Status::Corruption("footer: " + Num(tenant_count) + " tenants for " + Num(info.rows) +
                              " rows");
  }

  // Dictionary slots, then the groups' blocks.
  const uint64_t entry_count = (uint64_t{info.row_groups} + 1) * column_count;
  if (entry_count > r.remaining() / kDirectoryEntrySize) {  // checked before allocating
    return Status::Corruption("footer: a directory of " + Num(entry_count) +
                              " entries does not fit in the footer");
  }
  info.dictionaries.resize(column_count);
  info.blocks.resize(static_cast<size_t>(entry_count - column_count));
  uint64_t expected_offset = kHeaderSize;
  for (size_t i = 0; i < entry_count; ++i) {
    uint8_t id = 0, encoding = 0, compression = 0, reserved = 0;
    SegmentColumnBlock& b = i < column_count ? info.dictionaries[i] : info.blocks[i - column_count];
    b.group = i < column_count ? SegmentColumnBlock::kDictionarySlot
                               : static_cast<uint32_t>(i / column_count - 1);
    const uint8_t expected_id = static_cast<uint8_t>(i % column_count);
    if (!r.ReadByte(&id) || !r.ReadByte(&encoding) || !r.ReadByte(&compression) ||
        !r.ReadByte(&reserved) || !r.ReadFixed32(&b.crc) || !r.ReadFixed64(&b.offset) ||
        !r.ReadFixed64(&b.stored_size) || !r.ReadFixed64(&b.raw_size)) {
      return Status::Corruption("footer: directory entry " + Num(i) + " is truncated");
    }
    if (id != expected_id) {
      return Status::Corruption("footer: directory entry " + Num(i) + " has column id " + Num(id) +
                                ", expected " + Num(expected_id) +
                                " (every column's dictionary slot, then every column of every "
                                "row group, in order)");
    }
    if (reserved != 0) {
      return Status::Corruption("footer: directory entry " + Num(i) + " has reserved byte " +
                                Num(reserved));
    }
    b.column = *ColumnById(id);
    b.encoding = static_cast<ColumnEncoding>(encoding);
    b.compression = static_cast<BlockCompression>(compression);
    const bool has_dictionary = info.dictionaries[id].encoding == ColumnEncoding::kStringDictionary;
    Status s = CheckEncoding(b, has_dictionary);
    if (s.ok()) s = CheckDirectoryEntry(b, expected_offset, footer_offset);
    if (!s.ok()) return s.WithPrefix("footer");
    expected_offset = b.offset + b.stored_size;
  }
  if (expected_offset != footer_offset) {
    return Status::Corruption("footer: column blocks end at " + Num(expected_offset) +
                              ", the footer starts at " + Num(footer_offset));
  }

  if (tenant_count > r.remaining() / 4) {  // checked before allocating
    return Status::Corruption("footer: " + Num(tenant_count) + " tenants do not fit in the " +
                              Num(r.remaining()) + " bytes left");
  }
  info.tenants.resize(tenant_count);
  for (uint32_t i = 0; i < tenant_count; ++i) {
    uint32_t len = 0;
    std::string_view t;
    if (!r.ReadFixed32(&len) || !r.ReadBytes(len, &t)) {
      return Status::Corruption("footer: tenant " + Num(i) + " at footer byte " +
                                Num(r.position()) + " is truncated");
    }
    info.tenants[i].assign(t);
    if (i > 0 && !(info.tenants[i - 1] < info.tenants[i])) {
      return Status::Corruption("footer: tenant " + Num(i) + " is not above the one before");
    }
  }
  if (!r.done()) {
    return Status::Corruption("footer: " + Num(r.remaining()) + " trailing bytes at footer byte " +
                              Num(r.position()));
  }
  return info;
}

}  // namespace vigil::segment
