#include "config/environment.h"

#include <unistd.h>

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX, not in every header

namespace vigil::config {

Environment Environment::FromProcess() {
  std::map<std::string, std::string, std::less<>> vars;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view entry(*e);
    if (entry.rfind("VIGIL_", 0) != 0) continue;
    size_t eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    vars.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
  }
  return Environment(std::move(vars));
}

std::optional<std::string_view> Environment::Get(std::string_view name) const {
  auto it = vars_.find(name);
  if (it == vars_.end() || it->second.empty()) return std::nullopt;
  return std::string_view(it->second);
}

}  // namespace vigil::config
