#include "store/index/zstd_codec.h"

#include <zstd.h>

#include <memory>
#include <new>

namespace vigil::index {
namespace {

// zstd level 1: a block's packed columns are small; the Huffman coding of
// their bytes is most of the gain, and higher levels find little more.
constexpr int kLevel = 1;

struct DCtxFree {
  void operator()(ZSTD_DCtx* c) const { ZSTD_freeDCtx(c); }
};

ZSTD_DCtx* ThreadDCtx() {
  thread_local std::unique_ptr<ZSTD_DCtx, DCtxFree> ctx(ZSTD_createDCtx());
  if (ctx == nullptr) throw std::bad_alloc();
  return ctx.get();
}

}  // namespace

ZstdPacker::ZstdPacker() : ctx_(ZSTD_createCCtx()) {
  if (ctx_ == nullptr) throw std::bad_alloc();
}

ZstdPacker::~ZstdPacker() { ZSTD_freeCCtx(ctx_); }

bool ZstdPacker::Pack(std::string_view raw, std::string* out) {
  const size_t at = out->size();
  out->resize(at + ZSTD_compressBound(raw.size()));
  const size_t n =
      ZSTD_compressCCtx(ctx_, out->data() + at, out->size() - at, raw.data(), raw.size(), kLevel);
  if (ZSTD_isError(n) || n >= raw.size()) {  // an error too: the caller stores raw
    out->resize(at);
    return false;
  }
  out->resize(at + n);
  return true;
}

uint64_t ZstdContentSize(std::string_view frame) {
  const unsigned long long n = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (n == ZSTD_CONTENTSIZE_ERROR || n == ZSTD_CONTENTSIZE_UNKNOWN) return UINT64_MAX;
  return n;
}

bool UnpackZstd(std::string_view frame, uint64_t size, uint64_t max_size, std::string* out) {
  if (size > max_size || ZstdContentSize(frame) != size) return false;
  out->resize(static_cast<size_t>(size));
  const size_t n =
      ZSTD_decompressDCtx(ThreadDCtx(), out->data(), out->size(), frame.data(), frame.size());
  return !ZSTD_isError(n) && n == size;
}

}  // namespace vigil::index
