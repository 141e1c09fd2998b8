// Full-text tokens: how descriptions, names, ids and metadata values are
// split into searchable words, and how query words are split the same way.
//
// A token is a maximal run of word characters: letters, marks and numbers
// (Unicode general categories L*, M*, N*) and format characters (Cf, such as
// the zero-width joiners some scripts use inside words). Everything else —
// spaces, punctuation, symbols, controls — separates tokens:
// "ada@example.com" → ada, example, com; "東京 タワー" → 東京, タワー.
// Tokens are folded for caseless matching: ASCII-only tokens to lower case,
// others to their NFKC case folding (utf8proc: compatibility composition,
// full case folding, default-ignorable characters removed), so "ÄRGER",
// "ärger" and "a\u0308rger" are one token, "Straße" matches "STRASSE" and
// full-width "ＡＢＣ" matches "abc". A token that folds to nothing is dropped.
// Bytes that are not valid UTF-8 are word characters kept as they are.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vigil {

namespace tokenizer_internal {

constexpr bool IsAsciiWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// What a byte is to the tokenizer's ASCII fast path: a lower-case letter or
// digit, an upper-case letter (a word byte that folding changes), another
// ASCII byte (a separator), or the start of a non-ASCII character.
enum class ByteClass : uint8_t { kSeparator, kWord, kUpper, kNonAscii };
inline constexpr auto kByteClass = [] {
  std::array<ByteClass, 256> t{};
  for (int c = 0; c < 256; ++c) {
    t[c] = c >= 0x80                                        ? ByteClass::kNonAscii
           : c >= 'A' && c <= 'Z'                           ? ByteClass::kUpper
           : IsAsciiWordByte(static_cast<unsigned char>(c)) ? ByteClass::kWord
                                                            : ByteClass::kSeparator;
  }
  return t;
}();

// The character starting at text[i], where text[i] >= 0x80: its size in bytes
// and whether it is a word character.
struct CharClass {
  uint32_t size;
  bool word;
};
CharClass NonAsciiChar(std::string_view text, size_t i);

// out = the NFKC case folding of token, which holds non-ASCII characters.
void FoldNonAscii(std::string_view token, std::string& out);

}  // namespace tokenizer_internal

// Calls sink(std::string_view token) for each token of text, in order. The
// view is valid only during the call (it points into text, or into scratch
// for a token that folding changed).
template <typename Sink>
void ForEachToken(std::string_view text, std::string& scratch, Sink&& sink) {
  using tokenizer_internal::ByteClass;
  using tokenizer_internal::kByteClass;
  using tokenizer_internal::NonAsciiChar;
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const size_t start = i;
    bool ascii = true, upper = false;
    while (i < n) {
      const ByteClass b = kByteClass[static_cast<unsigned char>(text[i])];
      if (b == ByteClass::kWord) {
        ++i;
        continue;
      }
      if (b == ByteClass::kUpper) {
        upper = true;
        ++i;
        continue;
      }
      if (b == ByteClass::kSeparator) break;
      const tokenizer_internal::CharClass ch = NonAsciiChar(text, i);
      if (!ch.word) break;
      ascii = false;
      i += ch.size;
    }
    if (i == start) {  // a separator
      const auto c = static_cast<unsigned char>(text[i]);
      i += c < 0x80 ? 1 : NonAsciiChar(text, i).size;
      continue;
    }
    const std::string_view token = text.substr(start, i - start);
    if (ascii && !upper) {  // folded already: no copy
      sink(token);
      continue;
    }
    if (ascii) {
      scratch.assign(token);
      for (char& c : scratch) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
    } else {
      tokenizer_internal::FoldNonAscii(token, scratch);
      if (scratch.empty()) continue;
    }
    sink(std::string_view(scratch));
  }
}

// All tokens of text, folded.
std::vector<std::string> Tokenize(std::string_view text);

// Whether the last character of text is a word character (a query's prefix
// `*` must follow one).
bool EndsWithWordCharacter(std::string_view text);

// Whether token is exactly one folded token: Tokenize(token) == {token}.
bool IsFoldedToken(std::string_view token);

}  // namespace vigil
