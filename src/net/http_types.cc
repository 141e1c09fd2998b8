#include "net/http_types.h"

#include "core/ascii.h"

namespace vigil::net {

std::optional<std::string_view> HeaderList::Find(std::string_view name) const {
  for (const auto& [n, v] : entries_) {
    if (EqualsIgnoreAsciiCase(n, name)) return std::string_view(v);
  }
  return std::nullopt;
}

std::optional<std::string_view> HttpRequest::Param(std::string_view name) const {
  for (const auto& [n, v] : query) {
    if (n == name) return std::string_view(v);
  }
  return std::nullopt;
}

}  // namespace vigil::net
