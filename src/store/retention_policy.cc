#include "store/retention_policy.h"

#include <fmt/format.h>

#include <algorithm>

namespace vigil {

int64_t RetentionPolicy::OnlineMs(std::string_view tenant) const {
  if (tenant.empty()) {
    int64_t widest = online_ms;
    for (const auto& [name, ms] : online_ms_by_tenant) widest = std::max(widest, ms);
    return widest;
  }
  auto it = online_ms_by_tenant.find(tenant);
  return it == online_ms_by_tenant.end() ? online_ms : it->second;
}

Status RetentionPolicy::Validate() const {
  if (online_ms <= 0)
    return Status::InvalidArgument("retention: the online window must be positive");
  for (const auto& [name, ms] : online_ms_by_tenant) {
    if (name.empty()) return Status::InvalidArgument("retention: a tenant name is empty");
    if (ms <= 0) {
      return Status::InvalidArgument(
          fmt::format("retention: the online window of tenant '{}' must be positive", name));
    }
  }
  return Status::Ok();
}

}  // namespace vigil
