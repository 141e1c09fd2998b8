// RowBinary: ClickHouse's binary row format, the body of our inserts and
// the result format of our reads (https://clickhouse.com/docs/en/interfaces/
// formats#rowbinary): fixed-width integers and floats little-endian, a
// String as its LEB128 length then its bytes, a FixedString(N) as N bytes,
// an Array as its LEB128 length then its elements.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace vigil::clickhouse {

// Appends values to a buffer, column by column in the table's order.
class RowBinaryWriter {
 public:
  explicit RowBinaryWriter(std::string* out) : out_(out) {}
  void UInt8(uint8_t v) { out_->push_back(static_cast<char>(v)); }
  void UInt16(uint16_t v) { Fixed(&v, sizeof v); }
  void UInt64(uint64_t v) { Fixed(&v, sizeof v); }
  void Int64(int64_t v) { Fixed(&v, sizeof v); }
  void Float64(double v) { Fixed(&v, sizeof v); }
  void String(std::string_view s);
  // Exactly n bytes: s padded with zero bytes (s.size() <= n).
  void FixedString(std::string_view s, size_t n);
  void Strings(const std::vector<std::string_view>& values);

 private:
  void Varint(uint64_t v);
  void Fixed(const void* p, size_t n);
  std::string* out_;
};

// Reads values back from a result. Every read fails with Corruption naming
// the offset when the bytes run out or a length is absurd: a server error
// after the first bytes of a response arrives as text, and must not be taken
// for rows.
class RowBinaryReader {
 public:
  explicit RowBinaryReader(std::string_view in) : in_(in) {}
  bool done() const { return pos_ == in_.size(); }
  size_t position() const { return pos_; }
  Result<uint8_t> UInt8();
  Result<uint16_t> UInt16();
  Result<uint64_t> UInt64();
  Result<int64_t> Int64();
  Result<double> Float64();
  // A view into the input.
  Result<std::string_view> String();
  Result<std::string_view> FixedString(size_t n);

 private:
  Status Fixed(void* p, size_t n);
  Status Short(size_t want) const;
  std::string_view in_;
  size_t pos_ = 0;
};

}  // namespace vigil::clickhouse
