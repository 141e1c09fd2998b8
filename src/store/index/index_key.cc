#include "store/index/index_key.h"

#include <array>

namespace vigil::index {

std::string_view IndexKeyName(IndexKey k) {
  static constexpr std::array<std::string_view, kIndexKeyCount> kNames = {
      "id",       "tenant", "environment", "workspace",  "action",     "category", "operation",
      "status",   "actor",  "actor.email", "actor.role", "actor.type", "target",   "target.type",
      "resource", "method", "path",        "ip",         "country",    "text"};
  return kNames[static_cast<size_t>(k)];
}

}  // namespace vigil::index
