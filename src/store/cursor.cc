#include "store/cursor.h"

#include <fmt/format.h>

#include <charconv>

namespace vigil {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string Base64Url(std::string_view in) {
  std::string out;
  uint32_t buf = 0;
  int bits = 0;
  for (unsigned char c : in) {
    buf = (buf << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(buf >> bits) & 63]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buf << (6 - bits)) & 63]);
  return out;
}

bool FromBase64Url(std::string_view in, std::string* out) {
  uint32_t buf = 0;
  int bits = 0;
  for (char c : in) {
    size_t v = kAlphabet.find(c);
    if (v == std::string_view::npos) return false;
    buf = (buf << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<char>((buf >> bits) & 0xFF));
    }
  }
  return true;
}

}  // namespace

std::string EncodeCursor(const CursorPosition& p) {
  return Base64Url(
      fmt::format("v1:{}:{}:{}", p.order == Order::kNewestFirst ? 'd' : 'a', p.time_ms, p.seq));
}

Result<CursorPosition> DecodeCursor(std::string_view cursor, Order expected_order) {
  auto bad = [] {
    return Status::InvalidArgument("cursor: not a cursor returned by this server for this query");
  };
  std::string text;
  if (cursor.size() > 128 || !FromBase64Url(cursor, &text)) return bad();
  // v1:<d|a>:<time>:<seq>
  if (text.size() < 8 || !text.starts_with("v1:") || text[4] != ':') return bad();
  CursorPosition p;
  p.order = text[3] == 'd' ? Order::kNewestFirst : Order::kOldestFirst;
  if (text[3] != 'd' && text[3] != 'a') return bad();
  size_t colon = text.find(':', 5);
  if (colon == std::string::npos) return bad();
  const char* b = text.data();
  auto r1 = std::from_chars(b + 5, b + colon, p.time_ms);
  if (r1.ec != std::errc() || r1.ptr != b + colon) return bad();
  auto r2 = std::from_chars(b + colon + 1, b + text.size(), p.seq);
  if (r2.ec != std::errc() || r2.ptr != b + text.size()) return bad();
  if (p.order != expected_order) {
    return Status::InvalidArgument("cursor: made for the other sort order; start again without it");
  }
  return p;
}

}  // namespace vigil
