// Base64 (RFC 4648): the standard alphabet with padding (§4: ledger hashes,
// proofs, signed notes) and the URL-safe alphabet without padding (§5: API
// keys and viewer tokens). Decoding is strict so that every byte string has
// exactly one accepted text: only the alphabet, no whitespace, and the unused
// low bits of the last character must be zero. Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace vigil {

// §4, padded to a multiple of 4 characters with '='.
std::string Base64Encode(std::string_view bytes);
// The same, appended to *out (no allocation when out has room).
void AppendBase64(std::string_view bytes, std::string* out);
// §4 strict: a multiple of 4 characters, '=' only as the last one or two.
bool Base64Decode(std::string_view text, std::string* out);

// §5 without padding.
std::string Base64UrlEncode(std::string_view bytes);
// §5 strict, no padding. false on any violation.
bool Base64UrlDecode(std::string_view text, std::string* out);
// True when every character is in the base64url alphabet.
bool IsBase64UrlText(std::string_view text);

}  // namespace vigil
