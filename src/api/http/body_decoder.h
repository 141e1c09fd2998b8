// BodyDecoder: undoes a request body's Content-Encoding (RFC 9110 §8.4)
// within a limit on the decoded size.
//
// Supported codings: identity, gzip (also "x-gzip"; concatenated members are
// read in turn), deflate (the zlib format RFC 9110 names; a raw deflate
// stream, which some clients send instead, is accepted too) and zstd
// (streaming; frames with and without a content size, several frames in a
// row). A list ("identity, gzip") may hold at most one coding besides
// identity.
//
// Zip bombs: output is produced into one buffer that grows geometrically
// only as far as the data really decodes, and decoding stops as soon as the
// limit is passed. zstd frames that all declare their content size are
// decoded in one pass into a buffer of exactly that size, when the total is
// within the limit (else kTooLarge at once) and at most 64× the compressed
// size (else they are streamed like frames without a size, so a lying
// header costs only what really decodes). The streaming zstd window (the
// decoder's own memory) is capped by Options::zstd_window_log_max; a
// streamed frame needing more is kTooLarge.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "api/http/api_error.h"

namespace vigil::api {

// Why a body could not be decoded. The API answers:
//   kUnsupportedEncoding → 415 unsupported_media_type
//   kTooLarge            → 413 payload_too_large
//   kCorrupt             → 400 bad_request
enum class BodyError { kUnsupportedEncoding, kTooLarge, kCorrupt };

ApiErrorCode ApiErrorCodeFor(BodyError error);

// The outcome of BodyDecoder::Decode: the decoded text, or an error and a
// message naming the coding and what failed ("gzip: unexpected end of data
// (truncated body?)"). Movable; text() stays valid across moves as long as
// the request body it may view lives.
class DecodedBody {
 public:
  static DecodedBody Borrowed(std::string_view text) {
    DecodedBody b;
    b.borrowed_ = text;
    return b;
  }
  static DecodedBody Owned(std::string text) {
    DecodedBody b;
    b.owned_ = true;
    b.storage_ = std::move(text);
    return b;
  }
  static DecodedBody Failed(BodyError error, std::string message) {
    DecodedBody b;
    b.ok_ = false;
    b.error_ = error;
    b.storage_ = std::move(message);
    return b;
  }

  bool ok() const { return ok_; }
  // Precondition: ok(). Views the request body (identity) or a buffer this
  // object owns.
  std::string_view text() const { return owned_ ? std::string_view(storage_) : borrowed_; }
  // Precondition: !ok().
  BodyError error() const { return error_; }
  const std::string& message() const { return storage_; }
  // The error as the API sends it. Precondition: !ok().
  ApiError ToApiError() const { return ApiError(ApiErrorCodeFor(error_), storage_); }

 private:
  DecodedBody() = default;

  bool ok_ = true;
  bool owned_ = false;
  BodyError error_ = BodyError::kCorrupt;
  std::string_view borrowed_;
  std::string storage_;  // decoded text when owned_, the message when !ok_
};

// Stateless apart from its options; thread-safe.
class BodyDecoder {
 public:
  struct Options {
    // The decoded body may hold at most this many bytes (identity included).
    size_t max_decoded_bytes = 64 * 1024 * 1024;
    // zstd frames needing a window above 2^this bytes are refused
    // (kTooLarge): 23 = 8 MiB, enough for every level up to 19 without --long.
    int zstd_window_log_max = 23;
  };

  explicit BodyDecoder(Options options) : options_(options) {}

  // content_encoding: the header's value; empty when absent. For identity
  // the result views `body` (no copy); otherwise it owns the decoded bytes.
  DecodedBody Decode(std::string_view content_encoding, std::string_view body) const;

  const Options& options() const { return options_; }

 private:
  // The zlib-family wrappers, as inflateInit2's window bits choose them.
  enum class ZlibFormat { kGzip, kZlib, kRawDeflate };
  DecodedBody Inflate(std::string_view body, ZlibFormat format) const;
  DecodedBody DecodeZstd(std::string_view body) const;

  Options options_;
};

}  // namespace vigil::api
