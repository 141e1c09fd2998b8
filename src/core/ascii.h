// Small ASCII helpers shared by the parser, the query language and the
// matcher: case folding (ASCII letters only; other bytes untouched) and
// making text safe to quote in an error message.
#pragma once

#include <string>
#include <string_view>

namespace vigil {

inline char AsciiLower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
inline char AsciiUpper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

inline bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

inline void ToLowerAscii(std::string* s) {
  for (char& c : *s) c = AsciiLower(c);
}

inline void ToUpperAscii(std::string* s) {
  for (char& c : *s) c = AsciiUpper(c);
}

inline bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

// text with control bytes (U+0000–U+001F, DEL) written as \u00XX, so that an
// error message never carries them raw.
std::string EscapeControlBytes(std::string_view text);

}  // namespace vigil
