#include "store/segment/segment_reader.h"

#include <algorithm>
#include <string_view>

#include "store/segment/block_compression.h"
#include "store/segment/checksum.h"
#include "store/segment/column_block_decoder.h"
#include "store/segment/segment_footer.h"

namespace vigil {
namespace {

std::string Num(uint64_t v) { return std::to_string(v); }

std::string Hex(uint32_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s = "0x00000000";
  for (int i = 9; i >= 2; --i, v >>= 4) s[static_cast<size_t>(i)] = kDigits[v & 0xf];
  return s;
}

// Reads exactly n bytes at offset; a short read means the file shrank since Open.
Status ReadExactly(const RandomAccessFile& file, uint64_t offset, size_t n, std::string* out) {
  out->resize(n);
  ASSIGN_OR_RETURN(size_t got, file.Read(offset, n, out->data()));
  if (got != n) {
    return Status::Corruption("read " + Num(got) + " of " + Num(n) + " bytes at offset " +
                              Num(offset) + " (file truncated?)");
  }
  return Status::Ok();
}

Status Prefixed(const Status& s, const std::string& prefix) {
  return s.IsIOError() ? s : s.WithPrefix(prefix);  // IOErrors name the path already
}

}  // namespace

Result<std::unique_ptr<SegmentReader>> SegmentReader::Open(FileSystem* fs,
                                                           const std::string& path) {
  ASSIGN_OR_RETURN(std::unique_ptr<RandomAccessFile> file, fs->OpenReadable(path));
  const uint64_t size = file->Size();
  if (size < segment::kMinFileSize) {
    return Status::Corruption(path + ": file of " + Num(size) +
                              " bytes is too small to be a segment (at least " +
                              Num(segment::kMinFileSize) + ")");
  }
  std::string bytes;
  Status s = ReadExactly(*file, 0, segment::kHeaderSize, &bytes);
  if (s.ok()) s = segment::CheckHeader(bytes);
  if (!s.ok()) return Prefixed(s, path);

  s = ReadExactly(*file, size - segment::kTrailerSize, segment::kTrailerSize, &bytes);
  if (!s.ok()) return Prefixed(s, path);
  Result<segment::SegmentTrailer> trailer = segment::DecodeTrailer(bytes, size);
  if (!trailer.ok()) return trailer.status().WithPrefix(path);

  s = ReadExactly(*file, trailer->footer_offset, trailer->footer_size, &bytes);
  if (!s.ok()) return Prefixed(s, path);
  const uint32_t crc = segment::Crc32(bytes);
  if (crc != trailer->footer_crc) {
    return Status::Corruption(path + ": footer checksum mismatch at offset " +
                              Num(trailer->footer_offset) + " (stored " +
                              Hex(trailer->footer_crc) + ", computed " + Hex(crc) + ")");
  }
  Result<SegmentInfo> info = segment::DecodeFooter(bytes, trailer->footer_offset);
  if (!info.ok()) return info.status().WithPrefix(path);
  info->format_version = trailer->format_version;
  info->file_bytes = size;
  return std::unique_ptr<SegmentReader>(
      new SegmentReader(path, std::move(file), std::move(info).value()));
}

Status SegmentReader::ReadEvents(const ColumnSet& columns, std::vector<Event>* out) const {
  return Read(columns, nullptr, out);
}

Status SegmentReader::ReadRows(const ColumnSet& columns, std::span<const uint32_t> rows,
                               std::vector<Event>* out) const {
  for (size_t k = 0; k < rows.size(); ++k) {
    if (rows[k] >= info_.rows) {
      out->clear();
      return Status::InvalidArgument(path_ + ": rows[" + Num(k) + "] = " + Num(rows[k]) +
                                     " is past the last row " + Num(info_.rows - 1));
    }
    if (k > 0 && rows[k] <= rows[k - 1]) {
      out->clear();
      return Status::InvalidArgument(path_ + ": rows[" + Num(k) + "] = " + Num(rows[k]) +
                                     " is not above rows[" + Num(k - 1) + "]");
    }
  }
  return Read(columns, &rows, out);
}

Status SegmentReader::Read(const ColumnSet& columns, const std::span<const uint32_t>* rows,
                           std::vector<Event>* out) const {
  out->clear();
  out->reserve(rows == nullptr ? static_cast<size_t>(info_.rows) : rows->size());
  size_t next = 0;  // into *rows
  for (uint32_t g = 0; g < info_.row_groups; ++g) {
    std::span<const uint32_t> selected;
    if (rows != nullptr) {
      const uint64_t end = info_.GroupFirstRow(g) + info_.GroupRows(g);
      size_t stop = next;
      while (stop < rows->size() && (*rows)[stop] < end) ++stop;
      selected = rows->subspan(next, stop - next);
      next = stop;
      if (selected.empty()) continue;
    }
    Status s = ReadGroup(columns, g, selected, rows == nullptr, out);
    if (!s.ok()) {
      out->clear();
      return s;
    }
  }
  return Status::Ok();
}

Status SegmentReader::ReadGroup(const ColumnSet& columns, uint32_t group,
                                std::span<const uint32_t> selected, bool all,
                                std::vector<Event>* out) const {
  const uint64_t first_row = info_.GroupFirstRow(group);
  const size_t group_rows = static_cast<size_t>(info_.GroupRows(group));
  // Decode up to the last selected row only; a full read checks every block to its end.
  const size_t stop = all ? group_rows : static_cast<size_t>(selected.back() - first_row + 1);

  std::vector<std::unique_ptr<segment::ColumnBlockDecoder>> decoders;
  std::vector<const SegmentColumnBlock*> blocks;
  std::string stored;
  for (uint8_t id = 0; id < kSegmentColumnCount; ++id) {
    const SegmentColumnBlock& b = info_.blocks[group * kSegmentColumnCount + id];
    if (!columns.Contains(b.column)) continue;
    const std::string where = path_ + ": column " + std::string(ColumnName(b.column)) +
                              " of row group " + Num(group) + " at offset " + Num(b.offset);
    Status s = ReadExactly(*file_, b.offset, static_cast<size_t>(b.stored_size), &stored);
    if (!s.ok()) return Prefixed(s, where);
    const uint32_t crc = segment::Crc32(stored);
    if (crc != b.crc) {
      return Status::Corruption(where + ": checksum mismatch (stored " + Hex(b.crc) +
                                ", computed " + Hex(crc) + ")");
    }
    std::string raw;
    s = segment::DecompressBlock(b.compression, stored, b.raw_size, &raw);
    if (!s.ok()) return s.WithPrefix(where);
    Result<std::unique_ptr<segment::ColumnBlockDecoder>> d = segment::ColumnBlockDecoder::Open(
        b, std::move(raw), group_rows, info_.first_seq + first_row);
    if (!d.ok()) return d.status().WithPrefix(where);
    decoders.push_back(std::move(d).value());
    blocks.push_back(&b);
  }

  auto fail = [&](size_t k, size_t row) {
    const SegmentColumnBlock& b = *blocks[k];
    return decoders[k]->error().WithPrefix(path_ + ": column " + std::string(ColumnName(b.column)) +
                                           " of row group " + Num(group) + " at offset " +
                                           Num(b.offset) + ", row " + Num(first_row + row));
  };
  size_t next = 0;  // into selected
  for (size_t row = 0; row < stop; ++row) {
    if (all || first_row + row == selected[next]) {
      ++next;
      Event& e = out->emplace_back();
      for (size_t k = 0; k < decoders.size(); ++k) {
        if (!decoders[k]->Fill(&e)) return fail(k, row);
      }
    } else {
      for (size_t k = 0; k < decoders.size(); ++k) {
        if (!decoders[k]->Skip()) return fail(k, row);
      }
    }
  }
  if (all) {
    for (size_t k = 0; k < decoders.size(); ++k) {
      Status s = decoders[k]->Finish();
      if (!s.ok()) {
        const SegmentColumnBlock& b = *blocks[k];
        return s.WithPrefix(path_ + ": column " + std::string(ColumnName(b.column)) +
                            " of row group " + Num(group) + " at offset " + Num(b.offset));
      }
    }
  }
  return Status::Ok();
}

}  // namespace vigil
