#include "crypto/sha256.h"

#include <new>

namespace vigil {
namespace {

// OpenSSL 3 looks the algorithm up on every EVP_DigestInit_ex(…, EVP_sha256())
// and SHA256(); that lookup cost more than hashing a short message. Fetch it
// once and reuse it.
const EVP_MD* FetchedSha256() {
  static EVP_MD* const md = [] {
    EVP_MD* m = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (m == nullptr) throw std::bad_alloc();  // libcrypto fails here only when out of memory
    return m;
  }();
  return md;
}

void Init(EVP_MD_CTX* ctx) {
  if (EVP_DigestInit_ex2(ctx, FetchedSha256(), nullptr) != 1) throw std::bad_alloc();
}

}  // namespace

Sha256Digest Sha256(std::string_view data) {
  thread_local Sha256Hasher hasher;
  hasher.Update(data);
  return hasher.Final();
}

Sha256Hasher::Sha256Hasher() : ctx_(EVP_MD_CTX_new()) {
  if (ctx_ == nullptr) throw std::bad_alloc();
  Init(ctx_);
}

Sha256Hasher::~Sha256Hasher() { EVP_MD_CTX_free(ctx_); }

void Sha256Hasher::Update(std::string_view data) {
  EVP_DigestUpdate(ctx_, data.data(), data.size());
}

void Sha256Hasher::Update(const Sha256Digest& digest) {
  EVP_DigestUpdate(ctx_, digest.data(), digest.size());
}

Sha256Digest Sha256Hasher::Final() {
  Sha256Digest out;
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx_, out.data(), &len);
  Init(ctx_);
  return out;
}

}  // namespace vigil
