// ByteReader: a bounds-checked cursor over bytes that may be damaged.
//
// Every read either succeeds and advances, or returns false and leaves the
// cursor where it was; callers turn false into Status::Corruption naming
// position(). Does not own the bytes: they must outlive the reader and every
// view it returns. Not thread-safe (a cursor); cheap to copy.
#pragma once

#include <cstdint>
#include <string_view>

#include "store/segment/coding.h"

namespace vigil::segment {

class ByteReader {
 public:
  explicit ByteReader(std::string_view data) : data_(data) {}

  size_t position() const { return pos_; }
  size_t remaining() const { return data_.size() - pos_; }
  bool done() const { return pos_ == data_.size(); }

  [[nodiscard]] bool ReadFixed32(uint32_t* v) {
    if (remaining() < 4) return false;
    *v = DecodeFixed32(data_.data() + pos_);
    pos_ += 4;
    return true;
  }

  [[nodiscard]] bool ReadFixed64(uint64_t* v) {
    if (remaining() < 8) return false;
    *v = DecodeFixed64(data_.data() + pos_);
    pos_ += 8;
    return true;
  }

  [[nodiscard]] bool ReadByte(uint8_t* v) {
    if (remaining() < 1) return false;
    *v = static_cast<uint8_t>(data_[pos_++]);
    return true;
  }

  // Fails on a truncated varint and on one that does not fit 64 bits
  // (an 11th byte, or a 10th byte above 1).
  [[nodiscard]] bool ReadVarint64(uint64_t* v) {
    const size_t n = data_.size();
    if (pos_ < n && static_cast<uint8_t>(data_[pos_]) < 0x80) {  // fast path: one byte
      *v = static_cast<uint8_t>(data_[pos_++]);
      return true;
    }
    uint64_t result = 0;
    size_t p = pos_;
    for (unsigned shift = 0; shift < 64; shift += 7) {
      if (p >= n) return false;
      uint64_t byte = static_cast<uint8_t>(data_[p++]);
      if (shift == 63 && byte > 1) return false;
      result |= (byte & 0x7f) << shift;
      if (byte < 0x80) {
        *v = result;
        pos_ = p;
        return true;
      }
    }
    return false;
  }

  // A view of the next len bytes.
  [[nodiscard]] bool ReadBytes(uint64_t len, std::string_view* out) {
    if (len > remaining()) return false;
    *out = data_.substr(pos_, static_cast<size_t>(len));
    pos_ += static_cast<size_t>(len);
    return true;
  }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

}  // namespace vigil::segment
