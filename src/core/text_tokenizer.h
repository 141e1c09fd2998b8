// Full-text tokens: how descriptions, names, ids and metadata values are
// split into searchable words, and how query words are split the same way.
//
// A token is a maximal run of word bytes: ASCII letters and digits, and every
// byte of a non-ASCII UTF-8 character (so "Zürich" and "東京" are single
// tokens). ASCII letters are folded to lower case. Everything else separates
// tokens: "ada@example.com" → ada, example, com.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vigil {

inline bool IsTokenByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

// Calls sink(std::string_view token) for each token of text, in order. The
// view is valid only during the call (it points into a folded copy).
template <typename Sink>
void ForEachToken(std::string_view text, std::string& scratch, Sink&& sink) {
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    while (i < n && !IsTokenByte(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= n) break;
    scratch.clear();
    while (i < n && IsTokenByte(static_cast<unsigned char>(text[i]))) {
      char c = text[i++];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      scratch.push_back(c);
    }
    sink(std::string_view(scratch));
  }
}

// All tokens of text, folded.
std::vector<std::string> Tokenize(std::string_view text);

}  // namespace vigil
