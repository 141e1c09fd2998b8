#include "store/segment/block_reader.h"

#include "store/segment/checksum.h"

namespace vigil::segment {

Status ReadExactly(const RandomAccessFile& file, uint64_t offset, size_t n, std::string* out) {
  out->resize(n);
  ASSIGN_OR_RETURN(size_t got, file.Read(offset, n, out->data()));
  if (got != n) {
    return Status::Corruption("read " + std::to_string(got) + " of " + std::to_string(n) +
                              " bytes at offset " + std::to_string(offset) + " (file truncated?)");
  }
  return Status::Ok();
}

Status ReadBlock(const RandomAccessFile& file, const std::string& path, const SegmentColumnBlock& b,
                 BlockDecompressor* decompressor, std::string* stored, std::string* raw) {
  Status s = ReadExactly(file, b.offset, static_cast<size_t>(b.stored_size), stored);
  if (!s.ok()) return Prefixed(s, BlockName(path, b));
  const uint32_t crc = Crc32(*stored);
  if (crc != b.crc) {
    return Status::Corruption(BlockName(path, b) + ": checksum mismatch (stored " + Hex32(b.crc) +
                              ", computed " + Hex32(crc) + ")");
  }
  return Prefixed(decompressor->Decompress(b.compression, *stored, b.raw_size, raw),
                  BlockName(path, b));
}

std::string BlockName(const std::string& path, const SegmentColumnBlock& b) {
  const std::string column = "column " + std::string(ColumnName(b.column));
  return path + ": " +
         (b.group == SegmentColumnBlock::kDictionarySlot
              ? "dictionary of " + column
              : column + " of row group " + std::to_string(b.group)) +
         " at offset " + std::to_string(b.offset);
}

Status Prefixed(const Status& s, const std::string& prefix) {
  return s.IsCorruption() ? s.WithPrefix(prefix) : s;
}

std::string Hex32(uint32_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s = "0x00000000";
  for (int i = 9; i >= 2; --i, v >>= 4) s[static_cast<size_t>(i)] = kDigits[v & 0xf];
  return s;
}

}  // namespace vigil::segment
