#include "core/base64.h"

#include <cstdint>

namespace vigil {
namespace {

constexpr char kStandardAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kUrlAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// The 6-bit value of c in the alphabet whose last two characters are c62, c63; or -1.
int Value(char c, char c62, char c63) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == c62) return 62;
  if (c == c63) return 63;
  return -1;
}

void Encode(std::string_view bytes, const char* alphabet, bool pad, std::string* out) {
  // Sized once, then written by index: the ledger encodes several hashes per event.
  const size_t rest = bytes.size() % 3;
  const size_t chars = bytes.size() / 3 * 4 + (rest == 0 ? 0 : pad ? 4 : rest + 1);
  const size_t at = out->size();
  out->resize(at + chars);
  char* o = out->data() + at;
  const auto byte = [&](size_t k) { return static_cast<uint32_t>(static_cast<uint8_t>(bytes[k])); };
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t v = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    *o++ = alphabet[(v >> 18) & 63];
    *o++ = alphabet[(v >> 12) & 63];
    *o++ = alphabet[(v >> 6) & 63];
    *o++ = alphabet[v & 63];
  }
  if (rest == 0) return;
  const uint32_t v = (byte(i) << 16) | (rest == 2 ? byte(i + 1) << 8 : 0);
  *o++ = alphabet[(v >> 18) & 63];
  *o++ = alphabet[(v >> 12) & 63];
  if (rest == 2) *o++ = alphabet[(v >> 6) & 63];
  if (pad) {
    for (size_t k = rest; k < 3; ++k) *o++ = '=';
  }
}

std::string Encode(std::string_view bytes, const char* alphabet, bool pad) {
  std::string out;
  Encode(bytes, alphabet, pad, &out);
  return out;
}

// Decodes unpadded text; false on a character outside the alphabet, a
// length that no byte string encodes to, or non-zero leftover bits.
bool Decode(std::string_view text, char c62, char c63, std::string* out) {
  out->clear();
  if (text.size() % 4 == 1) return false;
  out->reserve(text.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    const int v = Value(c, c62, c63);
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return (acc & ((1u << bits) - 1)) == 0;
}

}  // namespace

std::string Base64Encode(std::string_view bytes) { return Encode(bytes, kStandardAlphabet, true); }

void AppendBase64(std::string_view bytes, std::string* out) {
  Encode(bytes, kStandardAlphabet, true, out);
}

bool Base64Decode(std::string_view text, std::string* out) {
  out->clear();
  if (text.size() % 4 != 0) return false;
  size_t padding = 0;
  while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') {
    ++padding;
  }
  return Decode(text.substr(0, text.size() - padding), '+', '/', out);
}

std::string Base64UrlEncode(std::string_view bytes) { return Encode(bytes, kUrlAlphabet, false); }

bool Base64UrlDecode(std::string_view text, std::string* out) {
  return Decode(text, '-', '_', out);
}

bool IsBase64UrlText(std::string_view text) {
  for (char c : text) {
    if (Value(c, '-', '_') < 0) return false;
  }
  return true;
}

}  // namespace vigil
