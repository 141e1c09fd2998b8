// The cryptographic primitives of api/auth, over OpenSSL libcrypto: random
// bytes, SHA-256, HMAC-SHA256, constant-time comparison, base64url and the
// random public ids. Every comparison of a secret, a MAC or a hash of a
// secret goes through ConstantTimeEquals (CRYPTO_memcmp). All functions are
// thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/base64.h"
#include "core/status.h"
#include "crypto/sha256.h"

namespace vigil::api {

// SHA-256 and base64url live in src/crypto (the ledger uses them too).
using vigil::Base64UrlDecode;
using vigil::Base64UrlEncode;
using vigil::IsBase64UrlText;
using vigil::Sha256;
using vigil::Sha256Digest;

// n bytes from the operating system's CSPRNG (RAND_bytes). kInternal when the
// generator fails (it does not on a working system).
Result<std::string> RandomBytes(size_t n);

Sha256Digest HmacSha256(std::string_view key, std::string_view data);

// Equal length and equal bytes, in time that depends only on the length.
bool ConstantTimeEquals(std::string_view a, std::string_view b);
bool ConstantTimeEquals(const Sha256Digest& a, const Sha256Digest& b);

// prefix + 16 characters of lower-case Crockford base32 of 80 random bits
// ("key_4k9w2m0c7q1x8z3n").
Result<std::string> RandomPublicId(std::string_view prefix);

std::string HexEncode(const Sha256Digest& digest);
// Exactly 64 lower-case hex digits.
bool HexDecode(std::string_view text, Sha256Digest* out);

}  // namespace vigil::api
