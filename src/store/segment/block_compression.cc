#include "store/segment/block_compression.h"

#include <zstd.h>

#include <new>

namespace vigil::segment {

BlockCompressor::BlockCompressor(int zstd_level) : level_(zstd_level), ctx_(ZSTD_createCCtx()) {
  if (ctx_ == nullptr) throw std::bad_alloc();
}

BlockCompressor::~BlockCompressor() { ZSTD_freeCCtx(ctx_); }

Result<BlockCompression> BlockCompressor::Compress(std::string_view raw, std::string* stored) {
  stored->resize(ZSTD_compressBound(raw.size()));
  const size_t n =
      ZSTD_compressCCtx(ctx_, stored->data(), stored->size(), raw.data(), raw.size(), level_);
  if (ZSTD_isError(n)) {
    return Status::Internal(std::string("zstd compression failed: ") + ZSTD_getErrorName(n));
  }
  if (n >= raw.size()) {
    stored->assign(raw);
    return BlockCompression::kNone;
  }
  stored->resize(n);
  return BlockCompression::kZstd;
}

BlockDecompressor::BlockDecompressor() : ctx_(ZSTD_createDCtx()) {
  if (ctx_ == nullptr) throw std::bad_alloc();
}

BlockDecompressor::~BlockDecompressor() { ZSTD_freeDCtx(ctx_); }

Status BlockDecompressor::Decompress(BlockCompression compression, std::string_view stored,
                                     uint64_t raw_size, std::string* raw) {
  switch (compression) {
    case BlockCompression::kNone:
      if (stored.size() != raw_size) {
        return Status::Corruption("uncompressed block of " + std::to_string(stored.size()) +
                                  " bytes, directory says " + std::to_string(raw_size));
      }
      raw->assign(stored);
      return Status::Ok();
    case BlockCompression::kZstd: {
      const unsigned long long content = ZSTD_getFrameContentSize(stored.data(), stored.size());
      if (content == ZSTD_CONTENTSIZE_ERROR || content == ZSTD_CONTENTSIZE_UNKNOWN) {
        return Status::Corruption("not a zstd frame with a content size");
      }
      if (content != raw_size) {
        return Status::Corruption("zstd frame holds " + std::to_string(content) +
                                  " bytes, directory says " + std::to_string(raw_size));
      }
      raw->resize(static_cast<size_t>(raw_size));
      const size_t n =
          ZSTD_decompressDCtx(ctx_, raw->data(), raw->size(), stored.data(), stored.size());
      if (ZSTD_isError(n)) {
        return Status::Corruption(std::string("zstd: ") + ZSTD_getErrorName(n));
      }
      if (n != raw_size) {
        return Status::Corruption("zstd frame decompressed to " + std::to_string(n) +
                                  " bytes, directory says " + std::to_string(raw_size));
      }
      return Status::Ok();
    }
  }
  return Status::Corruption("unknown compression " +
                            std::to_string(static_cast<unsigned>(compression)));
}

}  // namespace vigil::segment
