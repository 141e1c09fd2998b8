#include "core/text_tokenizer.h"

namespace vigil {

std::vector<std::string> Tokenize(std::string_view text) {
  std::vector<std::string> out;
  std::string scratch;
  ForEachToken(text, scratch, [&](std::string_view t) { out.emplace_back(t); });
  return out;
}

}  // namespace vigil
