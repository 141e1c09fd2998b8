// Turning a block's raw bytes into its stored bytes and back
// (docs/format/segment.md "Blocks"). Each object holds a zstd context, reused
// across blocks; not thread-safe (one per writer or per read).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"
#include "store/segment/segment_format.h"

struct ZSTD_CCtx_s;
struct ZSTD_DCtx_s;

namespace vigil::segment {

class BlockCompressor {
 public:
  explicit BlockCompressor(int zstd_level);
  ~BlockCompressor();
  BlockCompressor(const BlockCompressor&) = delete;
  BlockCompressor& operator=(const BlockCompressor&) = delete;

  // Compresses raw into *stored (replacing its contents). Returns kZstd, or
  // kNone with *stored == raw when zstd would not make the block smaller.
  // Internal when zstd itself fails.
  Result<BlockCompression> Compress(std::string_view raw, std::string* stored);

 private:
  int level_;
  ZSTD_CCtx_s* ctx_;
};

class BlockDecompressor {
 public:
  BlockDecompressor();
  ~BlockDecompressor();
  BlockDecompressor(const BlockDecompressor&) = delete;
  BlockDecompressor& operator=(const BlockDecompressor&) = delete;

  // Restores the raw block of exactly raw_size bytes into *raw (replacing its
  // contents). Corruption, naming what is wrong but not where (the caller
  // adds file and block), when stored is not one valid block of that size.
  Status Decompress(BlockCompression compression, std::string_view stored, uint64_t raw_size,
                    std::string* raw);

 private:
  ZSTD_DCtx_s* ctx_;
};

}  // namespace vigil::segment
