#include "api/http/body_decoder.h"

#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

#include <random>
#include <string>

namespace vigil::api {
namespace {

// windowBits: 15 + 16 gzip, 15 zlib, -15 raw deflate.
std::string Deflate(std::string_view data, int window_bits, int level = 6) {
  z_stream zs{};
  EXPECT_EQ(deflateInit2(&zs, level, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&zs, data.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string Gzip(std::string_view data, int level = 6) { return Deflate(data, 15 + 16, level); }

std::string Zstd(std::string_view data, bool with_content_size, int window_log = 0) {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_contentSizeFlag, with_content_size ? 1 : 0);
  if (with_content_size) ZSTD_CCtx_setPledgedSrcSize(cctx, data.size());
  if (window_log != 0) ZSTD_CCtx_setParameter(cctx, ZSTD_c_windowLog, window_log);
  std::string out(ZSTD_compressBound(data.size()), '\0');
  ZSTD_inBuffer in{data.data(), data.size(), 0};
  ZSTD_outBuffer ob{out.data(), out.size(), 0};
  // In slices, so that the encoder cannot learn the size from a single call
  // (only from the pledge).
  while (in.pos < in.size) {
    ZSTD_inBuffer slice{data.data(), std::min(in.size, in.pos + 4096), in.pos};
    EXPECT_FALSE(ZSTD_isError(ZSTD_compressStream2(cctx, &ob, &slice, ZSTD_e_continue)));
    in.pos = slice.pos;
  }
  size_t left;
  do {
    left = ZSTD_compressStream2(cctx, &ob, &in, ZSTD_e_end);
    EXPECT_FALSE(ZSTD_isError(left));
  } while (left != 0);
  out.resize(ob.pos);
  ZSTD_freeCCtx(cctx);
  return out;
}

// About 700 bytes per line, like `vigil gen`'s events, varied enough not to
// compress absurdly well.
std::string EventLines(size_t bytes) {
  std::mt19937_64 rng(42);
  std::string out;
  while (out.size() < bytes) {
    out += R"({"action":"app.update","actor":{"id":"usr_)" + std::to_string(rng() % 100000) +
           R"(","email":"user)" + std::to_string(rng() % 1000) +
           R"(@example.com"},"tenant":"org_1","metadata":{"n":)" + std::to_string(rng()) + "}}\n";
  }
  out.resize(bytes);
  return out;
}

BodyDecoder Decoder(size_t max = 64 * 1024 * 1024) {
  BodyDecoder::Options o;
  o.max_decoded_bytes = max;
  return BodyDecoder(o);
}

TEST(BodyDecoderTest, IdentityViewsTheBodyWithoutCopying) {
  std::string body = R"({"action":"a"})";
  for (std::string_view enc : {"", "identity", "IDENTITY", " identity , "}) {
    DecodedBody d = Decoder().Decode(enc, body);
    ASSERT_TRUE(d.ok()) << enc;
    EXPECT_EQ(d.text().data(), body.data());
    EXPECT_EQ(d.text(), body);
  }
}

TEST(BodyDecoderTest, IdentityOverTheLimitIsTooLarge) {
  DecodedBody d = Decoder(10).Decode("", "01234567890");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error(), BodyError::kTooLarge);
  EXPECT_EQ(d.message(), "body is larger than 10 bytes (got 11)");
  EXPECT_EQ(d.ToApiError().http_status(), 413);
  EXPECT_TRUE(Decoder(11).Decode("", "01234567890").ok());
}

TEST(BodyDecoderTest, GzipRoundTrips) {
  std::string text = EventLines(3 * 1024 * 1024 + 17);
  for (std::string_view enc : {"gzip", "GZip", "x-gzip", "identity, gzip"}) {
    DecodedBody d = Decoder().Decode(enc, Gzip(text));
    ASSERT_TRUE(d.ok()) << enc << ": " << d.message();
    EXPECT_EQ(d.text(), text);
  }
}

TEST(BodyDecoderTest, GzipOfEmptyAndTinyBodies) {
  DecodedBody empty = Decoder().Decode("gzip", Gzip(""));
  ASSERT_TRUE(empty.ok()) << empty.message();
  EXPECT_EQ(empty.text(), "");
  DecodedBody one = Decoder().Decode("gzip", Gzip("{}"));
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one.text(), "{}");
}

TEST(BodyDecoderTest, ConcatenatedGzipMembersAreReadInTurn) {
  std::string body = Gzip("{\"a\":1}\n") + Gzip("{\"a\":2}\n");
  DecodedBody d = Decoder().Decode("gzip", body);
  ASSERT_TRUE(d.ok()) << d.message();
  EXPECT_EQ(d.text(), "{\"a\":1}\n{\"a\":2}\n");
}

TEST(BodyDecoderTest, DeflateAcceptsZlibAndRawStreams) {
  std::string text = EventLines(200000);
  DecodedBody zlib = Decoder().Decode("deflate", Deflate(text, 15));
  ASSERT_TRUE(zlib.ok()) << zlib.message();
  EXPECT_EQ(zlib.text(), text);
  DecodedBody raw = Decoder().Decode("deflate", Deflate(text, -15));
  ASSERT_TRUE(raw.ok()) << raw.message();
  EXPECT_EQ(raw.text(), text);
}

TEST(BodyDecoderTest, ZstdWithAndWithoutContentSize) {
  std::string text = EventLines(5 * 1024 * 1024 + 3);
  for (bool with_size : {true, false}) {
    std::string z = Zstd(text, with_size);
    EXPECT_EQ(ZSTD_getFrameContentSize(z.data(), z.size()) == ZSTD_CONTENTSIZE_UNKNOWN, !with_size);
    DecodedBody d = Decoder().Decode("zstd", z);
    ASSERT_TRUE(d.ok()) << with_size << ": " << d.message();
    EXPECT_EQ(d.text(), text);
  }
}

TEST(BodyDecoderTest, ZstdFramesInARow) {
  std::string body = Zstd("first\n", true) + Zstd("second\n", false) + Zstd("third\n", true);
  DecodedBody d = Decoder().Decode("zstd", body);
  ASSERT_TRUE(d.ok()) << d.message();
  EXPECT_EQ(d.text(), "first\nsecond\nthird\n");
}

TEST(BodyDecoderTest, ExactlyAtTheLimitPassesOneByteMoreFails) {
  std::string text = EventLines(100000);
  for (std::string_view enc : {"gzip", "deflate", "zstd"}) {
    std::string body = enc == "zstd" ? Zstd(text, false) : Deflate(text, enc == "gzip" ? 31 : 15);
    EXPECT_TRUE(Decoder(text.size()).Decode(enc, body).ok()) << enc;
    DecodedBody d = Decoder(text.size() - 1).Decode(enc, body);
    ASSERT_FALSE(d.ok()) << enc;
    EXPECT_EQ(d.error(), BodyError::kTooLarge);
    EXPECT_EQ(d.message(), "decompressed body is larger than 99999 bytes") << enc;
  }
}

TEST(BodyDecoderTest, ZipBombsStopAtTheLimit) {
  // 64 MiB of zeros: about 64 KiB gzipped, 2 KiB as zstd.
  std::string zeros(64 * 1024 * 1024, '\0');
  std::string gz = Gzip(zeros, 9);
  std::string zs_unsized = Zstd(zeros, false);
  std::string zs_sized = Zstd(zeros, true);
  ASSERT_LT(gz.size(), 200000u);
  const size_t limit = 1024 * 1024;
  for (const auto& [enc, body] : {std::pair<std::string_view, const std::string&>{"gzip", gz},
                                  {"zstd", zs_unsized},
                                  {"zstd", zs_sized}}) {
    DecodedBody d = Decoder(limit).Decode(enc, body);
    ASSERT_FALSE(d.ok()) << enc;
    EXPECT_EQ(d.error(), BodyError::kTooLarge);
    EXPECT_NE(d.message().find("decompressed body is larger than 1048576 bytes"), std::string::npos)
        << d.message();
  }
  DecodedBody sized = Decoder(limit).Decode("zstd", zs_sized);
  EXPECT_NE(sized.message().find("the zstd frame header says 67108864"), std::string::npos);
}

TEST(BodyDecoderTest, UnsupportedEncodingsAreNamed) {
  DecodedBody br = Decoder().Decode("br", "xx");
  ASSERT_FALSE(br.ok());
  EXPECT_EQ(br.error(), BodyError::kUnsupportedEncoding);
  EXPECT_EQ(br.message(),
            "unsupported Content-Encoding 'br' (supported: identity, gzip, deflate, zstd)");
  EXPECT_EQ(br.ToApiError().http_status(), 415);

  DecodedBody stacked = Decoder().Decode("deflate, gzip", "xx");
  ASSERT_FALSE(stacked.ok());
  EXPECT_EQ(stacked.error(), BodyError::kUnsupportedEncoding);
  EXPECT_NE(stacked.message().find("several codings"), std::string::npos);
}

TEST(BodyDecoderTest, CorruptGzipSaysWhatFailed) {
  std::string gz = Gzip(EventLines(100000));

  DecodedBody not_gzip = Decoder().Decode("gzip", R"({"action":"a"})");
  ASSERT_FALSE(not_gzip.ok());
  EXPECT_EQ(not_gzip.error(), BodyError::kCorrupt);
  EXPECT_EQ(not_gzip.message(), "gzip: not gzip data (the body does not start with 1f 8b)");
  EXPECT_EQ(not_gzip.ToApiError().http_status(), 400);

  DecodedBody truncated = Decoder().Decode("gzip", std::string_view(gz).substr(0, gz.size() / 2));
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.error(), BodyError::kCorrupt);
  EXPECT_NE(truncated.message().find("gzip: unexpected end of data"), std::string::npos)
      << truncated.message();

  std::string flipped = gz;
  flipped[flipped.size() - 6] ^= 0x55;  // inside the CRC-32
  DecodedBody bad_crc = Decoder().Decode("gzip", flipped);
  ASSERT_FALSE(bad_crc.ok());
  EXPECT_EQ(bad_crc.error(), BodyError::kCorrupt);
  EXPECT_NE(bad_crc.message().find("gzip: invalid compressed data"), std::string::npos)
      << bad_crc.message();
  EXPECT_NE(bad_crc.message().find("incorrect data check"), std::string::npos);

  DecodedBody trailing = Decoder().Decode("gzip", gz + "junk");
  ASSERT_FALSE(trailing.ok());
  EXPECT_NE(trailing.message().find("is not another gzip member"), std::string::npos);

  DecodedBody empty = Decoder().Decode("gzip", "");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error(), BodyError::kCorrupt);
}

TEST(BodyDecoderTest, CorruptZstdSaysWhatFailed) {
  std::string text = EventLines(100000);
  for (bool with_size : {true, false}) {
    std::string z = Zstd(text, with_size);
    DecodedBody truncated = Decoder().Decode("zstd", std::string_view(z).substr(0, z.size() / 2));
    ASSERT_FALSE(truncated.ok());
    EXPECT_EQ(truncated.error(), BodyError::kCorrupt);
    EXPECT_EQ(truncated.message().rfind("zstd: ", 0), 0u) << truncated.message();

    DecodedBody trailing = Decoder().Decode("zstd", z + "junk");
    ASSERT_FALSE(trailing.ok()) << with_size;
    EXPECT_EQ(trailing.error(), BodyError::kCorrupt);
  }
  DecodedBody garbage = Decoder().Decode("zstd", "this is not zstd");
  ASSERT_FALSE(garbage.ok());
  EXPECT_EQ(garbage.error(), BodyError::kCorrupt);
  EXPECT_EQ(garbage.message().rfind("zstd: ", 0), 0u);
  EXPECT_EQ(garbage.ToApiError().http_status(), 400);

  DecodedBody empty = Decoder().Decode("zstd", "");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.message().find("zstd: unexpected end of data"), std::string::npos);
}

TEST(BodyDecoderTest, ZstdWindowAboveTheCapIsRefused) {
  std::string text = EventLines(20 * 1024 * 1024);
  std::string z = Zstd(text, /*with_content_size=*/false, /*window_log=*/25);
  DecodedBody d = Decoder().Decode("zstd", z);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error(), BodyError::kTooLarge);
  EXPECT_NE(d.message().find("window larger than 8 MiB"), std::string::npos) << d.message();

  BodyDecoder::Options wide;
  wide.zstd_window_log_max = 25;
  DecodedBody ok = BodyDecoder(wide).Decode("zstd", z);
  ASSERT_TRUE(ok.ok()) << ok.message();
  EXPECT_EQ(ok.text(), text);
}

TEST(BodyDecoderTest, ImplausibleDeclaredSizeIsStreamedNotTrusted) {
  // 24 MiB of zeros declared in the header of a tiny frame: more than 64×
  // the input, so the size is not used to pre-size; streaming still decodes it.
  std::string zeros(24 * 1024 * 1024, '\0');
  std::string z = Zstd(zeros, /*with_content_size=*/true);
  ASSERT_LT(z.size() * 64, zeros.size());
  DecodedBody ok = Decoder().Decode("zstd", z);
  ASSERT_TRUE(ok.ok()) << ok.message();
  EXPECT_EQ(ok.text(), zeros);

  // With a window as large as the content (--ultra levels), streaming would
  // need a 24 MiB window: refused, saying why.
  std::string wide = Zstd(zeros, /*with_content_size=*/true, /*window_log=*/25);
  DecodedBody d = Decoder().Decode("zstd", wide);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error(), BodyError::kTooLarge);
  EXPECT_NE(d.message().find("zstd: the frames say they hold 25165824 bytes, more than 64×"),
            std::string::npos)
      << d.message();
}

TEST(BodyDecoderTest, OwnedTextSurvivesMoves) {
  DecodedBody d = Decoder().Decode("gzip", Gzip("short"));
  DecodedBody moved = std::move(d);
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved.text(), "short");
}

}  // namespace
}  // namespace vigil::api
