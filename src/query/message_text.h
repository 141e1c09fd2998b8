// How query text is quoted inside error messages.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace vigil {

// text cut to at most max_bytes on a UTF-8 character boundary, with "…"
// appended when cut, so messages stay short and valid UTF-8.
inline std::string ShortForMessage(std::string_view text, size_t max_bytes = 40) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "…";
}

}  // namespace vigil
