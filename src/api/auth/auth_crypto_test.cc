#include "api/auth/auth_crypto.h"

#include <gtest/gtest.h>

#include <set>

namespace vigil::api {
namespace {

std::string Bytes(const Sha256Digest& d) {
  return std::string(reinterpret_cast<const char*>(d.data()), d.size());
}

TEST(HashTest, KnownVectors) {
  EXPECT_EQ(HexEncode(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // RFC 4231 test case 2.
  EXPECT_EQ(HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(HashTest, HexRoundTripIsStrict) {
  const Sha256Digest d = Sha256("x");
  Sha256Digest back{};
  ASSERT_TRUE(HexDecode(HexEncode(d), &back));
  EXPECT_EQ(Bytes(back), Bytes(d));
  std::string upper = HexEncode(d);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_FALSE(HexDecode(upper, &back));
  EXPECT_FALSE(HexDecode(HexEncode(d).substr(1), &back));
}

TEST(ConstantTimeEqualsTest, ComparesLengthAndBytes) {
  EXPECT_TRUE(ConstantTimeEquals(std::string_view("abc"), std::string_view("abc")));
  EXPECT_FALSE(ConstantTimeEquals(std::string_view("abc"), std::string_view("abd")));
  EXPECT_FALSE(ConstantTimeEquals(std::string_view("abc"), std::string_view("abcd")));
  EXPECT_TRUE(ConstantTimeEquals(std::string_view(), std::string_view()));
  EXPECT_TRUE(ConstantTimeEquals(Sha256("a"), Sha256("a")));
  EXPECT_FALSE(ConstantTimeEquals(Sha256("a"), Sha256("b")));
}

TEST(RandomPublicIdTest, FormatAndDistinct) {
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) {
    Result<std::string> id = RandomPublicId("key_");
    ASSERT_TRUE(id.ok());
    ASSERT_EQ(id->size(), 20u);
    EXPECT_TRUE(id->starts_with("key_"));
    EXPECT_EQ(id->find_first_not_of("0123456789abcdefghjkmnpqrstvwxyz", 4), std::string::npos)
        << *id;
    ids.insert(*id);
  }
  EXPECT_EQ(ids.size(), 1000u);
}

}  // namespace
}  // namespace vigil::api
