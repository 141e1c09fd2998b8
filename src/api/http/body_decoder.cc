#include "api/http/body_decoder.h"

#include <fmt/format.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>

#include "core/ascii.h"

namespace vigil::api {
namespace {

constexpr std::string_view kSupported = "identity, gzip, deflate, zstd";
constexpr size_t kMinInitialBytes = 64 * 1024;
// Decoded/encoded ratio beyond which a zstd content size is not trusted for
// pre-sizing (JSON compresses about 5–20×); the body then decodes by
// streaming, so a lying header costs only what really decodes.
constexpr uint64_t kPlausibleRatio = 64;
// zlib counts in uInt; feed and drain it in slices below that.
constexpr size_t kZlibSlice = size_t{1} << 30;

std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string TooLargeMessage(size_t limit) {
  return fmt::format("decompressed body is larger than {} bytes", limit);
}

// The output buffer: grows by doubling from a size guessed from the input,
// never past limit + 1 bytes (one byte over is how "too large" is noticed).
class GrowingBuffer {
 public:
  GrowingBuffer(size_t input_size, size_t limit) : cap_(limit == SIZE_MAX ? limit : limit + 1) {
    size_t initial = input_size > SIZE_MAX / 4 ? SIZE_MAX : input_size * 4;
    out_.resize(std::min(cap_, std::max(initial, kMinInitialBytes)));
  }

  // Makes room for more output; false when the buffer is already at the cap.
  bool Grow() {
    if (out_.size() >= cap_) return false;
    size_t next = out_.size() > cap_ / 2 ? cap_ : std::max(out_.size() * 2, kMinInitialBytes);
    out_.resize(std::min(next, cap_));
    return true;
  }

  char* data() { return out_.data(); }
  size_t size() const { return out_.size(); }

  std::string Take(size_t used) {
    out_.resize(used);
    return std::move(out_);
  }

 private:
  size_t cap_;
  std::string out_;
};

// Ends an initialized inflate stream when it goes out of scope.
class InflateGuard {
 public:
  explicit InflateGuard(z_stream* zs) : zs_(zs) {}
  ~InflateGuard() { inflateEnd(zs_); }
  InflateGuard(const InflateGuard&) = delete;
  InflateGuard& operator=(const InflateGuard&) = delete;

 private:
  z_stream* zs_;
};

struct ZstdDctxFree {
  void operator()(ZSTD_DCtx* dctx) const { ZSTD_freeDCtx(dctx); }
};

// The sum of the content sizes the frames declare; nullopt when a frame does
// not declare one or the headers do not parse (streaming then finds out).
std::optional<uint64_t> DeclaredZstdSize(std::string_view body) {
  if (body.empty()) return std::nullopt;  // not even one frame
  uint64_t total = 0;
  const char* p = body.data();
  size_t left = body.size();
  while (left > 0) {
    unsigned long long size = ZSTD_getFrameContentSize(p, left);
    if (size == ZSTD_CONTENTSIZE_UNKNOWN || size == ZSTD_CONTENTSIZE_ERROR) return std::nullopt;
    size_t frame = ZSTD_findFrameCompressedSize(p, left);
    if (ZSTD_isError(frame) || frame == 0 || frame > left) return std::nullopt;
    if (size > UINT64_MAX - total) return std::nullopt;
    total += size;
    p += frame;
    left -= frame;
  }
  return total;
}

}  // namespace

ApiErrorCode ApiErrorCodeFor(BodyError error) {
  switch (error) {
    case BodyError::kUnsupportedEncoding:
      return ApiErrorCode::kUnsupportedMediaType;
    case BodyError::kTooLarge:
      return ApiErrorCode::kPayloadTooLarge;
    case BodyError::kCorrupt:
      return ApiErrorCode::kBadRequest;
  }
  return ApiErrorCode::kBadRequest;
}

DecodedBody BodyDecoder::Decode(std::string_view content_encoding, std::string_view body) const {
  // The codings in the order they were applied; identity is a no-op.
  std::string coding;
  std::string_view rest = content_encoding;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view item = TrimOws(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (item.empty() || EqualsIgnoreAsciiCase(item, "identity")) continue;
    if (!coding.empty()) {
      return DecodedBody::Failed(
          BodyError::kUnsupportedEncoding,
          fmt::format("Content-Encoding '{}' applies several codings; send at most one of: {}",
                      EscapeControlBytes(content_encoding), kSupported));
    }
    coding = item;
    ToLowerAscii(&coding);
  }

  if (coding.empty()) {
    if (body.size() > options_.max_decoded_bytes) {
      return DecodedBody::Failed(BodyError::kTooLarge,
                                 fmt::format("body is larger than {} bytes (got {})",
                                             options_.max_decoded_bytes, body.size()));
    }
    return DecodedBody::Borrowed(body);
  }
  if (coding == "gzip" || coding == "x-gzip") return Inflate(body, ZlibFormat::kGzip);
  if (coding == "deflate") {
    // RFC 9110's "deflate" is the zlib format (a CMF/FLG header with method 8
    // and a check that makes it a multiple of 31); some clients send a raw
    // deflate stream instead. A raw stream whose first bytes happen to pass
    // that check is read as raw once the zlib reading fails.
    const auto* in = reinterpret_cast<const unsigned char*>(body.data());
    bool zlib = body.size() >= 2 && (in[0] & 0x0f) == 8 && ((in[0] << 8) | in[1]) % 31 == 0;
    if (!zlib) return Inflate(body, ZlibFormat::kRawDeflate);
    DecodedBody d = Inflate(body, ZlibFormat::kZlib);
    if (d.ok() || d.error() != BodyError::kCorrupt) return d;
    DecodedBody raw = Inflate(body, ZlibFormat::kRawDeflate);
    return raw.ok() ? std::move(raw) : std::move(d);
  }
  if (coding == "zstd") return DecodeZstd(body);
  return DecodedBody::Failed(BodyError::kUnsupportedEncoding,
                             fmt::format("unsupported Content-Encoding '{}' (supported: {})",
                                         EscapeControlBytes(coding), kSupported));
}

DecodedBody BodyDecoder::Inflate(std::string_view body, ZlibFormat format) const {
  const bool gzip = format == ZlibFormat::kGzip;
  const std::string_view name = gzip ? "gzip" : "deflate";
  const auto* in = reinterpret_cast<const unsigned char*>(body.data());
  int window_bits = gzip ? 15 + 16 : format == ZlibFormat::kZlib ? 15 : -15;
  if (gzip && body.size() >= 2 && (in[0] != 0x1f || in[1] != 0x8b)) {
    return DecodedBody::Failed(BodyError::kCorrupt,
                               "gzip: not gzip data (the body does not start with 1f 8b)");
  }

  z_stream zs{};
  if (inflateInit2(&zs, window_bits) != Z_OK) {
    return DecodedBody::Failed(BodyError::kTooLarge, fmt::format("{}: out of memory", name));
  }
  InflateGuard guard(&zs);

  GrowingBuffer out(body.size(), options_.max_decoded_bytes);
  size_t in_pos = 0;
  size_t out_pos = 0;
  while (true) {
    if (out_pos == out.size() && !out.Grow()) {
      return DecodedBody::Failed(BodyError::kTooLarge, TooLargeMessage(options_.max_decoded_bytes));
    }
    size_t in_slice = std::min(body.size() - in_pos, kZlibSlice);
    size_t out_slice = std::min(out.size() - out_pos, kZlibSlice);
    zs.next_in = const_cast<Bytef*>(in + in_pos);  // NOLINT: zlib's API is not const
    zs.avail_in = static_cast<uInt>(in_slice);
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + out_pos);
    zs.avail_out = static_cast<uInt>(out_slice);
    int ret = inflate(&zs, Z_NO_FLUSH);
    in_pos += in_slice - zs.avail_in;
    out_pos += out_slice - zs.avail_out;
    if (out_pos > options_.max_decoded_bytes) {
      return DecodedBody::Failed(BodyError::kTooLarge, TooLargeMessage(options_.max_decoded_bytes));
    }
    if (ret == Z_STREAM_END) {
      if (in_pos == body.size()) break;
      if (!gzip) {
        return DecodedBody::Failed(
            BodyError::kCorrupt,
            fmt::format("deflate: {} bytes of trailing data after the end of the stream",
                        body.size() - in_pos));
      }
      // Another gzip member follows (RFC 1952 §2.2).
      if (body.size() - in_pos < 2 || in[in_pos] != 0x1f || in[in_pos + 1] != 0x8b) {
        return DecodedBody::Failed(
            BodyError::kCorrupt,
            fmt::format("gzip: trailing data at byte {} is not another gzip member", in_pos));
      }
      inflateReset(&zs);
      continue;
    }
    if (ret == Z_OK) continue;
    if (ret == Z_BUF_ERROR) {
      if (zs.avail_out == 0 || in_pos < body.size()) continue;  // needs room or input
      return DecodedBody::Failed(BodyError::kCorrupt,
                                 fmt::format("{}: unexpected end of data after {} bytes "
                                             "(truncated body?)",
                                             name, body.size()));
    }
    if (ret == Z_NEED_DICT) {
      return DecodedBody::Failed(BodyError::kCorrupt,
                                 "deflate: the stream needs a preset dictionary");
    }
    if (ret == Z_MEM_ERROR) {
      return DecodedBody::Failed(BodyError::kTooLarge, fmt::format("{}: out of memory", name));
    }
    return DecodedBody::Failed(BodyError::kCorrupt,
                               fmt::format("{}: invalid compressed data near byte {}: {}", name,
                                           in_pos, zs.msg != nullptr ? zs.msg : "data error"));
  }
  return DecodedBody::Owned(out.Take(out_pos));
}

DecodedBody BodyDecoder::DecodeZstd(std::string_view body) const {
  const size_t limit = options_.max_decoded_bytes;
  auto dctx = std::unique_ptr<ZSTD_DCtx, ZstdDctxFree>(ZSTD_createDCtx());
  if (dctx == nullptr) return DecodedBody::Failed(BodyError::kTooLarge, "zstd: out of memory");

  std::optional<uint64_t> declared = DeclaredZstdSize(body);
  if (declared.has_value() && *declared > limit) {
    return DecodedBody::Failed(
        BodyError::kTooLarge,
        fmt::format("{} (the zstd frame header says {})", TooLargeMessage(limit), *declared));
  }
  if (declared.has_value() && *declared <= body.size() * kPlausibleRatio + kMinInitialBytes) {
    // Every frame says how big it is: decode in one pass into a buffer of
    // exactly that size (zstd checks each frame's size against its header).
    std::string out(*declared, '\0');
    size_t n = ZSTD_decompressDCtx(dctx.get(), out.data(), out.size(), body.data(), body.size());
    if (ZSTD_isError(n)) {
      return DecodedBody::Failed(BodyError::kCorrupt,
                                 fmt::format("zstd: {}", ZSTD_getErrorName(n)));
    }
    if (n != out.size()) {
      return DecodedBody::Failed(
          BodyError::kCorrupt,
          fmt::format("zstd: the frames hold {} bytes, their headers say {}", n, out.size()));
    }
    return DecodedBody::Owned(std::move(out));
  }

  size_t set =
      ZSTD_DCtx_setParameter(dctx.get(), ZSTD_d_windowLogMax, options_.zstd_window_log_max);
  if (ZSTD_isError(set)) {
    return DecodedBody::Failed(BodyError::kCorrupt,
                               fmt::format("zstd: {}", ZSTD_getErrorName(set)));
  }
  GrowingBuffer out(body.size(), limit);
  ZSTD_inBuffer in{body.data(), body.size(), 0};
  size_t out_pos = 0;
  while (true) {
    if (out_pos == out.size() && !out.Grow()) {
      return DecodedBody::Failed(BodyError::kTooLarge, TooLargeMessage(limit));
    }
    ZSTD_outBuffer ob{out.data(), out.size(), out_pos};
    size_t ret = ZSTD_decompressStream(dctx.get(), &ob, &in);
    out_pos = ob.pos;
    if (ZSTD_isError(ret)) {
      if (ZSTD_getErrorCode(ret) == ZSTD_error_frameParameter_windowTooLarge &&
          declared.has_value()) {
        return DecodedBody::Failed(
            BodyError::kTooLarge,
            fmt::format("zstd: the frames say they hold {} bytes, more than {}× their {} "
                        "compressed bytes, and need a window larger than {} MiB; send "
                        "smaller frames or requests",
                        *declared, kPlausibleRatio, body.size(),
                        (size_t{1} << options_.zstd_window_log_max) >> 20));
      }
      if (ZSTD_getErrorCode(ret) == ZSTD_error_frameParameter_windowTooLarge) {
        return DecodedBody::Failed(
            BodyError::kTooLarge,
            fmt::format("zstd: the frame needs a window larger than {} MiB (compress with a "
                        "level of 19 or less, without --long)",
                        (size_t{1} << options_.zstd_window_log_max) >> 20));
      }
      return DecodedBody::Failed(BodyError::kCorrupt, fmt::format("zstd: {} (near byte {})",
                                                                  ZSTD_getErrorName(ret), in.pos));
    }
    if (out_pos > limit) return DecodedBody::Failed(BodyError::kTooLarge, TooLargeMessage(limit));
    if (ret == 0 && in.pos == in.size) break;  // the last frame is complete
    if (in.pos == in.size && ob.pos < ob.size) {
      return DecodedBody::Failed(
          BodyError::kCorrupt,
          fmt::format("zstd: unexpected end of data after {} bytes (truncated body?)",
                      body.size()));
    }
  }
  return DecodedBody::Owned(out.Take(out_pos));
}

}  // namespace vigil::api
