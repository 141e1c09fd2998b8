#include "store/clickhouse/row_binary.h"

#include <fmt/format.h>

#include <bit>
#include <cstring>

namespace vigil::clickhouse {

void RowBinaryWriter::Varint(uint64_t v) {
  while (v >= 0x80) {
    out_->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out_->push_back(static_cast<char>(v));
}

void RowBinaryWriter::Fixed(const void* p, size_t n) {
  static_assert(std::endian::native == std::endian::little, "RowBinary is little-endian");
  out_->append(static_cast<const char*>(p), n);
}

void RowBinaryWriter::String(std::string_view s) {
  Varint(s.size());
  out_->append(s);
}

void RowBinaryWriter::FixedString(std::string_view s, size_t n) {
  out_->append(s.substr(0, n));
  out_->append(n - std::min(n, s.size()), '\0');
}

void RowBinaryWriter::Strings(const std::vector<std::string_view>& values) {
  Varint(values.size());
  for (std::string_view v : values) String(v);
}

Status RowBinaryReader::Short(size_t want) const {
  return Status::Corruption(fmt::format(
      "ClickHouse result: {} bytes wanted at offset {} of {}; the response ends with: {}", want,
      pos_, in_.size(), in_.substr(in_.size() - std::min<size_t>(in_.size(), 300))));
}

Status RowBinaryReader::Fixed(void* p, size_t n) {
  if (in_.size() - pos_ < n) return Short(n);
  std::memcpy(p, in_.data() + pos_, n);
  pos_ += n;
  return Status::Ok();
}

Result<uint8_t> RowBinaryReader::UInt8() {
  uint8_t v = 0;
  RETURN_IF_ERROR(Fixed(&v, 1));
  return v;
}
Result<uint16_t> RowBinaryReader::UInt16() {
  uint16_t v = 0;
  RETURN_IF_ERROR(Fixed(&v, sizeof v));
  return v;
}
Result<uint64_t> RowBinaryReader::UInt64() {
  uint64_t v = 0;
  RETURN_IF_ERROR(Fixed(&v, sizeof v));
  return v;
}
Result<int64_t> RowBinaryReader::Int64() {
  int64_t v = 0;
  RETURN_IF_ERROR(Fixed(&v, sizeof v));
  return v;
}
Result<double> RowBinaryReader::Float64() {
  double v = 0;
  RETURN_IF_ERROR(Fixed(&v, sizeof v));
  return v;
}

Result<std::string_view> RowBinaryReader::String() {
  uint64_t n = 0;
  for (int shift = 0;; shift += 7) {
    if (pos_ == in_.size() || shift > 63) return Short(1);
    const auto b = static_cast<uint8_t>(in_[pos_++]);
    n |= uint64_t{b & 0x7Fu} << shift;
    if ((b & 0x80) == 0) break;
  }
  return FixedString(n);
}

Result<std::string_view> RowBinaryReader::FixedString(size_t n) {
  if (in_.size() - pos_ < n) return Short(n);
  std::string_view v = in_.substr(pos_, n);
  pos_ += n;
  return v;
}

}  // namespace vigil::clickhouse
