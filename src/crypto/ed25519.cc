#include "crypto/ed25519.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <new>
#include <string>
#include <utility>

namespace vigil {
namespace {

struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

Result<Ed25519PrivateKey> Ed25519PrivateKey::Generate() {
  Ed25519Seed seed;
  if (RAND_bytes(seed.data(), static_cast<int>(seed.size())) != 1) {
    return Status::Internal("the random number generator failed (RAND_bytes)");
  }
  Result<Ed25519PrivateKey> key =
      FromSeed(std::string_view(reinterpret_cast<const char*>(seed.data()), seed.size()));
  OPENSSL_cleanse(seed.data(), seed.size());
  return key;
}

Result<Ed25519PrivateKey> Ed25519PrivateKey::FromSeed(std::string_view seed) {
  Ed25519Seed raw_seed;
  if (seed.size() != raw_seed.size()) {
    return Status::InvalidArgument("Ed25519 seed is " + std::to_string(seed.size()) +
                                   " bytes; it must be exactly 32");
  }
  PkeyPtr pkey(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, Bytes(seed), seed.size()));
  Ed25519PublicKey public_key;
  size_t public_size = public_key.size();
  if (pkey == nullptr ||
      EVP_PKEY_get_raw_public_key(pkey.get(), public_key.data(), &public_size) != 1 ||
      public_size != public_key.size()) {
    return Status::Internal("libcrypto could not make an Ed25519 key from a 32-byte seed");
  }
  std::copy(Bytes(seed), Bytes(seed) + seed.size(), raw_seed.begin());
  Ed25519PrivateKey key(raw_seed, public_key, std::move(pkey));
  OPENSSL_cleanse(raw_seed.data(), raw_seed.size());
  return key;
}

Ed25519PrivateKey::Ed25519PrivateKey(const Ed25519Seed& seed, const Ed25519PublicKey& public_key,
                                     PkeyPtr pkey)
    : seed_(seed), public_key_(public_key), pkey_(std::move(pkey)) {}

Ed25519PrivateKey::Ed25519PrivateKey(Ed25519PrivateKey&& other) noexcept
    : seed_(other.seed_), public_key_(other.public_key_), pkey_(std::move(other.pkey_)) {
  OPENSSL_cleanse(other.seed_.data(), other.seed_.size());
}

Ed25519PrivateKey& Ed25519PrivateKey::operator=(Ed25519PrivateKey&& other) noexcept {
  if (this != &other) {
    seed_ = other.seed_;
    public_key_ = other.public_key_;
    pkey_ = std::move(other.pkey_);
    OPENSSL_cleanse(other.seed_.data(), other.seed_.size());
  }
  return *this;
}

Ed25519PrivateKey::~Ed25519PrivateKey() { OPENSSL_cleanse(seed_.data(), seed_.size()); }

Ed25519Signature Ed25519PrivateKey::Sign(std::string_view message) const {
  // A context per call: the shared EVP_PKEY is only read, which OpenSSL
  // allows from many threads at once.
  MdCtxPtr ctx(EVP_MD_CTX_new());
  Ed25519Signature signature;
  size_t size = signature.size();
  if (ctx == nullptr ||
      EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, pkey_.get()) != 1 ||
      EVP_DigestSign(ctx.get(), signature.data(), &size, Bytes(message), message.size()) != 1 ||
      size != signature.size()) {
    throw std::bad_alloc();  // with a valid key, libcrypto fails here only when out of memory
  }
  return signature;
}

bool Ed25519Verify(const Ed25519PublicKey& public_key, std::string_view message,
                   const Ed25519Signature& signature) {
  std::unique_ptr<EVP_PKEY, void (*)(EVP_PKEY*)> pkey(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public_key.data(), public_key.size()),
      EVP_PKEY_free);
  MdCtxPtr ctx(EVP_MD_CTX_new());
  return pkey != nullptr && ctx != nullptr &&
         EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) == 1 &&
         EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), Bytes(message),
                          message.size()) == 1;
}

}  // namespace vigil
