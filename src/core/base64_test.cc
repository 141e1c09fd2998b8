#include "core/base64.h"

#include <gtest/gtest.h>

#include <string>

namespace vigil {
namespace {

// Every byte value, in a pseudo-random order, for round trips of each length.
std::string Bytes(size_t n, uint32_t seed) {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    seed = seed * 1103515245 + 12345;
    out.push_back(static_cast<char>(seed >> 16));
  }
  return out;
}

TEST(Base64Test, Rfc4648Vectors) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("foob"), "Zm9vYg==");
  EXPECT_EQ(Base64Encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64Encode("\xfb\xff\xbf"), "+/+/");
}

TEST(Base64Test, RoundTripsEveryLength) {
  for (size_t n = 0; n < 70; ++n) {
    const std::string bytes = Bytes(n, static_cast<uint32_t>(n));
    const std::string text = Base64Encode(bytes);
    EXPECT_EQ(text.size(), (n + 2) / 3 * 4) << n;
    std::string back;
    ASSERT_TRUE(Base64Decode(text, &back)) << text;
    EXPECT_EQ(back, bytes);
  }
}

TEST(Base64Test, DecodingIsStrict) {
  std::string out;
  EXPECT_TRUE(Base64Decode("Zg==", &out));
  EXPECT_EQ(out, "f");
  EXPECT_TRUE(Base64Decode("", &out));
  EXPECT_EQ(out, "");
  EXPECT_FALSE(Base64Decode("Zg", &out));         // padding missing
  EXPECT_FALSE(Base64Decode("Zg=", &out));        // padding short
  EXPECT_FALSE(Base64Decode("Z===", &out));       // three pads
  EXPECT_FALSE(Base64Decode("====", &out));       // nothing but padding
  EXPECT_FALSE(Base64Decode("Zg=A", &out));       // '=' inside
  EXPECT_FALSE(Base64Decode("-_-_", &out));       // URL alphabet
  EXPECT_FALSE(Base64Decode("Zm9v Yg==", &out));  // whitespace
  EXPECT_FALSE(Base64Decode("Zh==", &out));       // non-zero unused bits
  EXPECT_FALSE(Base64Decode("Zm9=", &out));       // non-zero unused bits
}

TEST(Base64UrlTest, Rfc4648Vectors) {
  EXPECT_EQ(Base64UrlEncode(""), "");
  EXPECT_EQ(Base64UrlEncode("f"), "Zg");
  EXPECT_EQ(Base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(Base64UrlEncode("foo"), "Zm9v");
  EXPECT_EQ(Base64UrlEncode("foob"), "Zm9vYg");
  EXPECT_EQ(Base64UrlEncode("fooba"), "Zm9vYmE");
  EXPECT_EQ(Base64UrlEncode("foobar"), "Zm9vYmFy");
  // The URL-safe characters replace + and /.
  EXPECT_EQ(Base64UrlEncode("\xfb\xff\xbf"), "-_-_");
}

TEST(Base64UrlTest, RoundTripsEveryLength) {
  for (size_t n = 0; n < 70; ++n) {
    const std::string bytes = Bytes(n, static_cast<uint32_t>(n) + 1000);
    const std::string text = Base64UrlEncode(bytes);
    EXPECT_EQ(text.size(), (n * 4 + 2) / 3) << n;
    EXPECT_TRUE(IsBase64UrlText(text));
    std::string back;
    ASSERT_TRUE(Base64UrlDecode(text, &back)) << text;
    EXPECT_EQ(back, bytes);
  }
}

TEST(Base64UrlTest, DecodingIsStrict) {
  std::string out;
  EXPECT_FALSE(Base64UrlDecode("Zg==", &out));     // padding
  EXPECT_FALSE(Base64UrlDecode("+/8", &out));      // standard alphabet
  EXPECT_FALSE(Base64UrlDecode("Zm9v Yg", &out));  // whitespace
  EXPECT_FALSE(Base64UrlDecode("Zm9vY", &out));    // 4k+1 characters
  EXPECT_FALSE(Base64UrlDecode("Zh", &out));       // non-zero unused bits
  EXPECT_TRUE(Base64UrlDecode("Zg", &out));
  EXPECT_EQ(out, "f");
  EXPECT_FALSE(IsBase64UrlText("ab.c"));
}

}  // namespace
}  // namespace vigil
