// zstd frames inside the index file (a block's packed columns, large gap
// lists; segment_index_format.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

struct ZSTD_CCtx_s;

namespace vigil::index {

// Compresses with one reused zstd context. Not thread-safe (one per builder).
class ZstdPacker {
 public:
  ZstdPacker();
  ~ZstdPacker();
  ZstdPacker(const ZstdPacker&) = delete;
  ZstdPacker& operator=(const ZstdPacker&) = delete;

  // Appends a zstd frame of raw (its content size included) to *out and
  // returns true when the frame is shorter than raw; otherwise leaves *out as
  // it was and returns false (the caller stores raw).
  bool Pack(std::string_view raw, std::string* out);

 private:
  ZSTD_CCtx_s* ctx_;
};

// Decompresses frame, which must declare a content size of exactly
// `size` ≤ max_size and decompress to it, into *out (replacing its
// contents). false otherwise. Thread-safe (a context per thread).
bool UnpackZstd(std::string_view frame, uint64_t size, uint64_t max_size, std::string* out);

// The content size a frame declares; UINT64_MAX when frame does not start
// with a zstd frame header that declares one.
uint64_t ZstdContentSize(std::string_view frame);

}  // namespace vigil::index
