#include "gen/json_string.h"

#include <cassert>
#include <cstdint>
#include <cstring>

namespace vigil::gen {
namespace {

constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighBits = 0x8080808080808080ULL;

// Non-zero if a byte of x is below n (n <= 128): the classic "hasless".
constexpr uint64_t HasLess(uint64_t x, uint64_t n) { return (x - kOnes * n) & ~x & kHighBits; }
// Non-zero if a byte of x equals b.
constexpr uint64_t HasByte(uint64_t x, uint64_t b) { return HasLess(x ^ (kOnes * b), 1); }

bool NeedsEscape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

}  // namespace

bool NeedsJsonEscape(std::string_view s) {
  const char* p = s.data();
  size_t n = s.size();
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t x;
    std::memcpy(&x, p, 8);
    if (HasLess(x, 0x20) | HasByte(x, '"') | HasByte(x, '\\')) return true;
  }
  for (; n > 0; ++p, --n) {
    if (NeedsEscape(static_cast<unsigned char>(*p))) return true;
  }
  return false;
}

void AppendQuoted(std::string_view s, std::string* out) {
  assert(!NeedsJsonEscape(s));
  out->push_back('"');
  out->append(s);
  out->push_back('"');
}

}  // namespace vigil::gen
