#include "gen/id_format.h"

#include <cassert>

#include "core/ulid.h"
#include "gen/split_mix64.h"

namespace vigil::gen {
namespace {

constexpr char kHex[] = "0123456789abcdef";
constexpr char kBase32Lower[] = "0123456789abcdefghjkmnpqrstvwxyz";

void AppendHex(uint64_t v, int digits, std::string* out) {
  char buf[16];
  for (int i = digits - 1; i >= 0; --i) {
    buf[i] = kHex[v & 0xF];
    v >>= 4;
  }
  out->append(buf, static_cast<size_t>(digits));
}

}  // namespace

void AppendId(IdStyle style, uint64_t h, std::string* out) {
  const uint64_t h2 = Mix64(h ^ 0x5DEECE66DULL);
  switch (style) {
    case IdStyle::kObjectId:
      // ObjectIds start with a creation time: keep the first digits in the
      // range of recent years (0x65…–0x68…), as real ones are.
      AppendHex(0x65000000ULL + (h >> 40) % 0x3000000ULL, 8, out);
      AppendHex(h2, 16, out);
      return;
    case IdStyle::kUuid:
      AppendHex(h >> 32, 8, out);
      out->push_back('-');
      AppendHex(h >> 16, 4, out);
      out->append("-4");
      AppendHex(h, 3, out);
      out->push_back('-');
      out->push_back(kHex[8 + ((h2 >> 60) & 3)]);  // variant 10xx
      AppendHex(h2 >> 48, 3, out);
      out->push_back('-');
      AppendHex(h2, 12, out);
      return;
    case IdStyle::kNumeric: {
      const uint64_t v = 100000 + h % 4900000;
      char buf[8];
      int n = 0;
      for (uint64_t x = v; x > 0; x /= 10) buf[n++] = static_cast<char>('0' + x % 10);
      while (n > 0) out->push_back(buf[--n]);
      return;
    }
  }
}

void AppendUlid(int64_t time_ms, uint64_t h, std::string* out) {
  // 128 bits: 48 of time, then 80 random ones (16 from h2, 64 from h).
  const uint64_t h2 = Mix64(h + 0x632BE59BD9B4E019ULL);
  char buf[26];
  EncodeUlidTo(static_cast<uint64_t>(time_ms), h2 & 0xFFFF, h, buf);
  out->append(buf, sizeof(buf));
}

void AppendToken(std::string_view prefix, uint64_t h, size_t length, std::string* out) {
  assert(length <= 24);
  out->append(prefix);
  uint64_t bits = h;
  for (size_t i = 0; i < length; ++i) {
    if (i == 12) bits = Mix64(h + 1);
    out->push_back(kBase32Lower[bits & 31]);
    bits >>= 5;
  }
}

}  // namespace vigil::gen
