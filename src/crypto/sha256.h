// SHA-256 over OpenSSL libcrypto: one-shot and incremental. Thread-safe
// (each Sha256Hasher is used by one thread at a time).
#pragma once

#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <string_view>

namespace vigil {

using Sha256Digest = std::array<uint8_t, 32>;

Sha256Digest Sha256(std::string_view data);

// Incremental hashing: Update any number of times, then Final (which also
// readies the hasher for the next message). Reusing one hasher saves the
// context allocation per message.
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;

  void Update(std::string_view data);
  void Update(const Sha256Digest& digest);
  Sha256Digest Final();

 private:
  EVP_MD_CTX* ctx_;
};

}  // namespace vigil
