// Ed25519 signatures (RFC 8032 §5.1: "pure" Ed25519, no context, no
// prehash) over OpenSSL libcrypto. Keys and signatures are the RFC's raw
// byte strings: a 32-byte private seed, a 32-byte public key and a 64-byte
// signature. Signing is deterministic (the same key and message always give
// the same signature), so signatures are known answers in tests.
//
// Thread-safety: const methods of one Ed25519PrivateKey may run on many
// threads at once; Ed25519Verify is a pure function.
#pragma once

#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string_view>

#include "core/status.h"

namespace vigil {

using Ed25519Seed = std::array<uint8_t, 32>;
using Ed25519PublicKey = std::array<uint8_t, 32>;
using Ed25519Signature = std::array<uint8_t, 64>;

// A private key: the seed and the public key derived from it. Owns an
// OpenSSL key object, so it moves but does not copy; the destructor wipes
// the seed from memory. A moved-from key may only be destroyed or assigned.
class Ed25519PrivateKey {
 public:
  // A new key from 32 bytes of the operating system's CSPRNG (RAND_bytes).
  // kInternal when the random generator or libcrypto fails.
  static Result<Ed25519PrivateKey> Generate();

  // The key whose RFC 8032 private key (seed) is these 32 raw bytes.
  // kInvalidArgument for any other length.
  static Result<Ed25519PrivateKey> FromSeed(std::string_view seed);

  Ed25519PrivateKey(Ed25519PrivateKey&& other) noexcept;
  Ed25519PrivateKey& operator=(Ed25519PrivateKey&& other) noexcept;
  Ed25519PrivateKey(const Ed25519PrivateKey&) = delete;
  Ed25519PrivateKey& operator=(const Ed25519PrivateKey&) = delete;
  ~Ed25519PrivateKey();

  // The secret seed: whoever has it can sign. Store it as a secret.
  const Ed25519Seed& seed() const { return seed_; }
  const Ed25519PublicKey& public_key() const { return public_key_; }

  // The signature of message (any length, may be empty). Throws
  // std::bad_alloc when libcrypto cannot allocate; fails in no other way.
  Ed25519Signature Sign(std::string_view message) const;

 private:
  struct PkeyFree {
    void operator()(EVP_PKEY* pkey) const { EVP_PKEY_free(pkey); }
  };
  using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

  Ed25519PrivateKey(const Ed25519Seed& seed, const Ed25519PublicKey& public_key, PkeyPtr pkey);

  Ed25519Seed seed_;
  Ed25519PublicKey public_key_;
  PkeyPtr pkey_;
};

// True when signature is public_key's valid signature of message (RFC 8032
// §5.1.7, with S < L required). False for anything else, including a public
// key that is not a point on the curve.
bool Ed25519Verify(const Ed25519PublicKey& public_key, std::string_view message,
                   const Ed25519Signature& signature);

}  // namespace vigil
