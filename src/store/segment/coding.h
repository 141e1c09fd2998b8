// Little-endian fixed-width integers, LEB128 varints and zigzag: the byte
// encodings of segment files (docs/format/segment.md "Primitive encodings").
// Appenders write to a std::string; ByteReader (byte_reader.h) reads them back.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>

namespace vigil::segment {

inline void PutFixed32(std::string* out, uint32_t v) {
  char b[4];
  for (int i = 0; i < 4; ++i) b[i] = static_cast<char>(v >> (8 * i));
  out->append(b, 4);
}

inline void PutFixed64(std::string* out, uint64_t v) {
  char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<char>(v >> (8 * i));
  out->append(b, 8);
}

// Precondition: p points at 4 (8) readable bytes.
inline uint32_t DecodeFixed32(const char* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(static_cast<uint8_t>(p[i])) << (8 * i);
  return v;
}

inline uint64_t DecodeFixed64(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(static_cast<uint8_t>(p[i])) << (8 * i);
  return v;
}

// Unsigned LEB128: 7 bits per byte, least significant group first, high bit
// set on every byte but the last; at most 10 bytes for 64 bits.
inline constexpr size_t kMaxVarint64Bytes = 10;

inline void PutVarint64(std::string* out, uint64_t v) {
  char b[kMaxVarint64Bytes];
  size_t n = 0;
  while (v >= 0x80) {
    b[n++] = static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  b[n++] = static_cast<char>(v);
  out->append(b, n);
}

inline size_t VarintLength(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

// Zigzag maps signed to unsigned so small magnitudes get short varints:
// 0→0, -1→1, 1→2, -2→3, …
inline uint64_t ZigZagEncode(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}

inline int64_t ZigZagDecode(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

}  // namespace vigil::segment
