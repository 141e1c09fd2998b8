#include "crypto/ed25519.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace vigil {
namespace {

std::string FromHex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

template <size_t N>
std::string Hex(const std::array<uint8_t, N>& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : bytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

template <size_t N>
std::array<uint8_t, N> Array(std::string_view hex) {
  const std::string bytes = FromHex(hex);
  std::array<uint8_t, N> out{};
  EXPECT_EQ(bytes.size(), N);
  std::copy(bytes.begin(), bytes.end(), out.begin());
  return out;
}

Ed25519PrivateKey Key(std::string_view seed_hex) {
  Result<Ed25519PrivateKey> key = Ed25519PrivateKey::FromSeed(FromHex(seed_hex));
  EXPECT_TRUE(key.ok()) << key.status().message();
  return std::move(key).value();
}

struct Rfc8032Vector {
  const char* name;
  const char* seed;
  const char* public_key;
  const char* message;
  const char* signature;
};

// RFC 8032 §7.1: TEST 1, TEST 2, TEST 3 and TEST SHA(abc) (whose message is
// SHA-512("abc")).
const Rfc8032Vector kRfc8032Vectors[] = {
    {"TEST 1", "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9"
     "b46bd25bf5f0595bbe24655141438e7a100b"},
    {"TEST 2", "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f1"
     "1d8c387b2eaeb4302aeeb00d291612bb0c00"},
    {"TEST 3", "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984d"
     "c6594a7c15e9716ed28dc027beceea1ec40a"},
    {"TEST SHA(abc)", "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
     "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3fe"
     "ebbd454d4423643ce80e2a9ac94fa54ca49f",
     "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431"
     "e0303dca179c138ac17ad9bef1177331a704"},
};

TEST(Ed25519Test, Rfc8032KnownAnswers) {
  for (const Rfc8032Vector& v : kRfc8032Vectors) {
    SCOPED_TRACE(v.name);
    const Ed25519PrivateKey key = Key(v.seed);
    EXPECT_EQ(Hex(key.seed()), v.seed);
    EXPECT_EQ(Hex(key.public_key()), v.public_key);
    const std::string message = FromHex(v.message);
    EXPECT_EQ(Hex(key.Sign(message)), v.signature);
    EXPECT_TRUE(Ed25519Verify(Array<32>(v.public_key), message, Array<64>(v.signature)));
  }
}

TEST(Ed25519Test, SignVerifyRoundTripWithGeneratedKeys) {
  Result<Ed25519PrivateKey> a = Ed25519PrivateKey::Generate();
  Result<Ed25519PrivateKey> b = Ed25519PrivateKey::Generate();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->seed(), b->seed());
  EXPECT_NE(a->public_key(), b->public_key());
  for (std::string_view message : {std::string_view(), std::string_view("checkpoint\n")}) {
    const Ed25519Signature sig = a->Sign(message);
    EXPECT_EQ(a->Sign(message), sig);  // deterministic
    EXPECT_TRUE(Ed25519Verify(a->public_key(), message, sig));
    EXPECT_FALSE(Ed25519Verify(b->public_key(), message, sig));
  }
  // The seed alone recreates the key.
  Result<Ed25519PrivateKey> again = Ed25519PrivateKey::FromSeed(
      std::string_view(reinterpret_cast<const char*>(a->seed().data()), a->seed().size()));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->public_key(), a->public_key());
}

TEST(Ed25519Test, EveryFlippedBitFailsVerification) {
  const Rfc8032Vector& v = kRfc8032Vectors[2];  // TEST 3: a two-byte message
  const std::string message = FromHex(v.message);
  const Ed25519PublicKey key = Array<32>(v.public_key);
  const Ed25519Signature sig = Array<64>(v.signature);
  ASSERT_TRUE(Ed25519Verify(key, message, sig));
  for (size_t bit = 0; bit < message.size() * 8; ++bit) {
    std::string m = message;
    m[bit / 8] = static_cast<char>(m[bit / 8] ^ (1 << (bit % 8)));
    EXPECT_FALSE(Ed25519Verify(key, m, sig)) << "message bit " << bit;
  }
  for (size_t bit = 0; bit < sig.size() * 8; ++bit) {
    Ed25519Signature s = sig;
    s[bit / 8] ^= static_cast<uint8_t>(1 << (bit % 8));
    EXPECT_FALSE(Ed25519Verify(key, message, s)) << "signature bit " << bit;
  }
  for (size_t bit = 0; bit < key.size() * 8; ++bit) {
    Ed25519PublicKey k = key;
    k[bit / 8] ^= static_cast<uint8_t>(1 << (bit % 8));
    EXPECT_FALSE(Ed25519Verify(k, message, sig)) << "public key bit " << bit;
  }
  EXPECT_FALSE(Ed25519Verify(key, message + "x", sig));
  EXPECT_FALSE(Ed25519Verify(key, message.substr(1), sig));
}

TEST(Ed25519Test, MalleatedSignatureIsRejected) {
  // S + L (L the group order, little-endian) is the same scalar mod L; RFC
  // 8032 §5.1.7 requires S < L, so the altered signature must fail.
  static constexpr uint8_t kL[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58,
                                     0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
                                     0,    0,    0,    0,    0,    0,    0,    0,
                                     0,    0,    0,    0,    0,    0,    0,    0x10};
  const Rfc8032Vector& v = kRfc8032Vectors[0];
  Ed25519Signature sig = Array<64>(v.signature);
  unsigned carry = 0;
  for (size_t i = 0; i < 32; ++i) {
    const unsigned sum = sig[32 + i] + kL[i] + carry;
    sig[32 + i] = static_cast<uint8_t>(sum);
    carry = sum >> 8;
  }
  ASSERT_EQ(carry, 0u);
  EXPECT_FALSE(Ed25519Verify(Array<32>(v.public_key), "", sig));
}

TEST(Ed25519Test, SeedOfWrongLengthIsInvalidArgument) {
  for (size_t n : {0, 31, 33, 64}) {
    Result<Ed25519PrivateKey> key = Ed25519PrivateKey::FromSeed(std::string(n, 'k'));
    ASSERT_FALSE(key.ok()) << n;
    EXPECT_TRUE(key.status().IsInvalidArgument());
    EXPECT_EQ(key.status().message(),
              "Ed25519 seed is " + std::to_string(n) + " bytes; it must be exactly 32");
  }
}

TEST(Ed25519Test, MovedKeyStillSigns) {
  const Rfc8032Vector& v = kRfc8032Vectors[1];
  Ed25519PrivateKey key = Key(v.seed);
  Ed25519PrivateKey moved = std::move(key);
  EXPECT_EQ(Hex(moved.Sign(FromHex(v.message))), v.signature);
  Ed25519PrivateKey assigned = Key(kRfc8032Vectors[0].seed);
  assigned = std::move(moved);
  EXPECT_EQ(Hex(assigned.public_key()), v.public_key);
  EXPECT_EQ(Hex(assigned.Sign(FromHex(v.message))), v.signature);
}

TEST(Ed25519Test, ConcurrentSigningAgrees) {
  const Ed25519PrivateKey key = Key(kRfc8032Vectors[3].seed);
  const Ed25519Signature expected = key.Sign("tree head");
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (size_t t = 0; t < mismatches.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        if (key.Sign("tree head") != expected) ++mismatches[t];
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace vigil
