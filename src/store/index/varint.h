// LEB128 varints and little-endian fixed-width integers, as the index file
// (segment_index_format.h) stores them.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>

namespace vigil::index {

inline void PutVarint(std::string* out, uint64_t v) {
  for (; v >= 0x80; v >>= 7) out->push_back(static_cast<char>((v & 0x7F) | 0x80));
  out->push_back(static_cast<char>(v));
}

inline void PutFixed32(std::string* out, uint32_t v) {
  char b[4];
  std::memcpy(b, &v, 4);  // little-endian host (x86-64, aarch64)
  out->append(b, 4);
}

inline uint32_t Fixed32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// Reads a varint of at most 5 bytes (35 bits) at *p < end and advances *p;
// nullopt when it is unterminated within that.
inline std::optional<uint64_t> ReadVarint35(const char** p, const char* end) {
  uint64_t v = 0;
  for (int i = 0; i < 5 && *p < end; ++i) {
    const auto byte = static_cast<uint8_t>(*(*p)++);
    v |= uint64_t{byte & 0x7Fu} << (7 * i);
    if ((byte & 0x80) == 0) return v;
  }
  return std::nullopt;
}

// The same, for a value that must fit 32 bits.
inline std::optional<uint32_t> ReadVarint(const char** p, const char* end) {
  std::optional<uint64_t> v = ReadVarint35(p, end);
  if (!v || *v > UINT32_MAX) return std::nullopt;
  return static_cast<uint32_t>(*v);
}

inline uint64_t ZigZag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
inline int64_t UnZigZag(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

}  // namespace vigil::index
