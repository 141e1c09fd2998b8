#include "crypto/sha256.h"

#include <gtest/gtest.h>

#include <string>

namespace vigil {
namespace {

std::string Hex(const Sha256Digest& d) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : d) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

TEST(Sha256Test, FipsVectors) {  // FIPS 180-2 appendix B
  EXPECT_EQ(Hex(Sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Hex(Sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Hex(Sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256Test, IncrementalEqualsOneShotAndResets) {
  Sha256Hasher h;
  h.Update("ab");
  h.Update("c");
  EXPECT_EQ(h.Final(), Sha256("abc"));
  // Final readied it for the next message.
  h.Update(Sha256("x"));
  const Sha256Digest x = Sha256("x");
  EXPECT_EQ(h.Final(), Sha256(std::string_view(reinterpret_cast<const char*>(x.data()), 32)));
  EXPECT_EQ(h.Final(), Sha256(""));
}

}  // namespace
}  // namespace vigil
