// Optional double blocks (docs/format/segment.md, encodings 5 and 7). Both
// start with a presence bitmap of ceil(rows / 8) bytes (row i is bit i % 8 of
// byte i / 8, least significant bit first; 1 = present; unused high bits of
// the last byte are 0), then hold the present rows' values, in row order:
//
//   plain (5):   each value's IEEE-754 bit pattern as u64 little-endian.
//   decimal (7): scale:u8 (0..15), then varint(zigzag(n)) per value, where
//                the value is exactly double(n) / 10^scale.
//
// Values from JSON are short decimals, so the encoder uses decimal when every
// present value round-trips bit for bit through it, else plain. Absent and
// 0.0 differ; every bit pattern (-0.0, NaN payloads) round-trips.
//
// The encoder is a pure function; the decoder is a cursor over one block
// (not thread-safe, cheap).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/segment/byte_reader.h"
#include "store/segment/segment_format.h"

namespace vigil::segment {

// Replaces *raw with the values; returns the encoding used.
ColumnEncoding EncodeOptionalDoubleColumn(std::span<const std::optional<double>> values,
                                          std::string* raw);
// The plain encoding, forced.
void EncodePlainDoubles(std::span<const std::optional<double>> values, std::string* raw);

class OptionalDoubleBlockDecoder {
 public:
  // Checks the bitmap and the block's size.
  Status Open(ColumnEncoding encoding, std::string_view raw, size_t rows);
  // The next row's value; false when the block is malformed there (error()).
  bool Next(std::optional<double>* value);
  // After all rows: Corruption unless the block was consumed exactly.
  Status Finish() const;
  const Status& error() const { return error_; }

 private:
  std::string_view bitmap_;
  size_t row_ = 0;
  bool decimal_ = false;
  size_t present_ = 0;
  const char* plain_ = nullptr;  // the next plain value
  // decimal
  ByteReader values_{{}};
  size_t values_start_ = 0;
  double divisor_ = 1;
  Status error_;
};

// Decodes a whole block (for tests and column scans).
Status DecodeOptionalDoubleColumn(ColumnEncoding encoding, std::string_view raw, size_t rows,
                                  std::vector<std::optional<double>>* values);

}  // namespace vigil::segment
