#include "core/json_values.h"

namespace vigil {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

size_t UnescapeJsonString(std::string_view json, size_t pos, std::string* out) {
  out->clear();
  const size_t n = json.size();
  while (pos < n) {
    char c = json[pos];
    if (c == '"') return pos + 1;
    if (c != '\\') {  // a run of plain characters: appended at once
      size_t end = pos + 1;
      while (end < n && json[end] != '"' && json[end] != '\\') ++end;
      out->append(json.data() + pos, end - pos);
      pos = end;
      continue;
    }
    if (pos + 1 >= n) return std::string_view::npos;
    char e = json[pos + 1];
    pos += 2;
    switch (e) {
      case 'b':
        out->push_back('\b');
        break;
      case 'f':
        out->push_back('\f');
        break;
      case 'n':
        out->push_back('\n');
        break;
      case 'r':
        out->push_back('\r');
        break;
      case 't':
        out->push_back('\t');
        break;
      case 'u': {
        if (pos + 4 > n) return std::string_view::npos;
        uint32_t cp = 0;
        for (size_t k = 0; k < 4; ++k) {
          int h = HexValue(json[pos + k]);
          if (h < 0) return std::string_view::npos;
          cp = cp * 16 + static_cast<uint32_t>(h);
        }
        pos += 4;
        // A surrogate pair arrives as two escapes (never produced by the canonical writer,
        // which writes non-ASCII raw, but accepted here).
        if (cp >= 0xD800 && cp < 0xDC00 && pos + 6 <= n && json[pos] == '\\' &&
            json[pos + 1] == 'u') {
          uint32_t lo = 0;
          bool ok = true;
          for (size_t k = 0; k < 4; ++k) {
            int h = HexValue(json[pos + 2 + k]);
            if (h < 0) ok = false;
            lo = lo * 16 + static_cast<uint32_t>(h < 0 ? 0 : h);
          }
          if (ok && lo >= 0xDC00 && lo < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            pos += 6;
          }
        }
        AppendUtf8(cp, out);
        break;
      }
      default:
        out->push_back(e);
        break;  // \" \\ \/
    }
  }
  return std::string_view::npos;
}

}  // namespace vigil
