#include "core/text_tokenizer.h"

#include <utf8proc.h>

#include <cstdlib>

namespace vigil {
namespace tokenizer_internal {

CharClass NonAsciiChar(std::string_view text, size_t i) {
  utf8proc_int32_t cp = -1;
  const utf8proc_ssize_t size =
      utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + i),
                       static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
  if (size <= 0 || cp < 0) return {1, true};  // not UTF-8: a word byte, kept as is
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
    case UTF8PROC_CATEGORY_CF:
      return {static_cast<uint32_t>(size), true};
    default:
      return {static_cast<uint32_t>(size), false};
  }
}

void FoldNonAscii(std::string_view token, std::string& out) {
  utf8proc_uint8_t* mapped = nullptr;
  const utf8proc_ssize_t size = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(token.data()),
      static_cast<utf8proc_ssize_t>(token.size()), &mapped,
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
                                     UTF8PROC_CASEFOLD | UTF8PROC_IGNORE));
  if (size < 0) {
    // Not valid UTF-8 throughout: fold its ASCII letters and keep the rest.
    out.assign(token);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
  } else {
    out.assign(reinterpret_cast<const char*>(mapped), static_cast<size_t>(size));
  }
  std::free(mapped);
}

}  // namespace tokenizer_internal

std::vector<std::string> Tokenize(std::string_view text) {
  std::vector<std::string> out;
  std::string scratch;
  ForEachToken(text, scratch, [&](std::string_view t) { out.emplace_back(t); });
  return out;
}

bool EndsWithWordCharacter(std::string_view text) {
  bool word = false;
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      word = tokenizer_internal::IsAsciiWordByte(c);
      ++i;
    } else {
      const tokenizer_internal::CharClass ch = tokenizer_internal::NonAsciiChar(text, i);
      word = ch.word;
      i += ch.size;
    }
  }
  return word;
}

bool IsFoldedToken(std::string_view token) {
  const std::vector<std::string> tokens = Tokenize(token);
  return tokens.size() == 1 && tokens[0] == token;
}

}  // namespace vigil
