// Integer blocks, encoding 3 "delta varint" (docs/format/segment.md): for each
// row, varint(zigzag(v[i] - v[i-1])) with v[-1] = 0, the difference taken in
// 64-bit two's complement (wrapping), so every int64 and uint64 round-trips.
// Nearly sorted times and contiguous seqs become runs of 1-byte deltas.
//
// The encoder is a pure function; the decoder is a cursor over one block
// (not thread-safe, cheap).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/segment/byte_reader.h"
#include "store/segment/coding.h"

namespace vigil::segment {

// Replaces *raw with the encoding of values (uint64 values pass as their
// int64 bit pattern).
void EncodeDeltaColumn(std::span<const int64_t> values, std::string* raw);

class DeltaBlockDecoder {
 public:
  Status Open(std::string_view raw, size_t rows);
  // The next row's value; false when the block is malformed there (error()).
  bool Next(int64_t* value) {
    uint64_t z = 0;
    if (!reader_.ReadVarint64(&z)) return Fail();
    prev_ += static_cast<uint64_t>(ZigZagDecode(z));
    *value = static_cast<int64_t>(prev_);
    return true;
  }
  // After all rows: Corruption unless the block was consumed exactly.
  Status Finish() const;
  const Status& error() const { return error_; }

 private:
  bool Fail();

  ByteReader reader_{{}};
  uint64_t prev_ = 0;
  Status error_;
};

// Decodes a whole block (for tests and column scans).
Status DecodeDeltaColumn(std::string_view raw, size_t rows, std::vector<int64_t>* values);

}  // namespace vigil::segment
