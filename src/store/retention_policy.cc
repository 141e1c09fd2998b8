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

int64_t RetentionPolicy::DeleteAfterMs(std::string_view tenant) const {
  auto it = delete_after_ms_by_tenant.find(tenant);
  return it == delete_after_ms_by_tenant.end() ? delete_after_ms : it->second;
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
  if (delete_after_ms < 0) {
    return Status::InvalidArgument("retention: the delete-after age must not be negative");
  }
  if (delete_after_ms > 0 && delete_after_ms < online_ms) {
    return Status::InvalidArgument(
        "retention: the delete-after age is shorter than the online window; events would be "
        "deleted while default reads still cover them");
  }
  for (const auto& [name, ms] : delete_after_ms_by_tenant) {
    if (name.empty()) return Status::InvalidArgument("retention: a tenant name is empty");
    if (ms <= 0) {
      return Status::InvalidArgument(
          fmt::format("retention: the delete-after age of tenant '{}' must be positive", name));
    }
    if (ms < OnlineMs(name)) {
      return Status::InvalidArgument(fmt::format(
          "retention: the delete-after age of tenant '{}' is shorter than its online window",
          name));
    }
  }
  return Status::Ok();
}

}  // namespace vigil
