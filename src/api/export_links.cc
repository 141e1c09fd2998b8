#include "api/export_links.h"

#include <fmt/format.h>

#include "api/auth/auth_crypto.h"

namespace vigil::api {
namespace {

constexpr size_t kIdRandomBytes = 32;

std::string KeyOf(std::string_view id) {
  const Sha256Digest d = Sha256(id);
  return std::string(reinterpret_cast<const char*>(d.data()), d.size());
}

Status Gone() {
  return Status::NotFound(fmt::format(
      "no such download link: links are single-use and expire {} s after they are made; ask "
      "POST /v1/export/links for a new one",
      ExportLinks::kTtlMs / 1000));
}

}  // namespace

Result<std::string> ExportLinks::Create(Grant grant, int64_t now_ms) {
  ASSIGN_OR_RETURN(std::string random, RandomBytes(kIdRandomBytes));
  std::string id = std::string(kIdPrefix) + Base64UrlEncode(random);
  grant.expires_ms = now_ms + kTtlMs;
  absl::MutexLock lock(&mu_);
  DropExpired(now_ms);
  if (pending_.size() >= kMaxPending) {
    return Status::Unavailable(fmt::format(
        "{} download links are waiting to be used; retry once some are used or expire (in at "
        "most {} s)",
        pending_.size(), kTtlMs / 1000));
  }
  pending_.emplace(KeyOf(id), std::move(grant));
  return id;
}

Result<ExportLinks::Grant> ExportLinks::Take(std::string_view id, int64_t now_ms) {
  absl::MutexLock lock(&mu_);
  auto it = pending_.find(KeyOf(id));
  if (it == pending_.end()) return Gone();
  Grant grant = std::move(it->second);
  pending_.erase(it);
  if (grant.expires_ms <= now_ms) return Gone();
  return grant;
}

Result<ExportLinks::Grant> ExportLinks::Peek(std::string_view id, int64_t now_ms) const {
  absl::MutexLock lock(&mu_);
  auto it = pending_.find(KeyOf(id));
  if (it == pending_.end() || it->second.expires_ms <= now_ms) return Gone();
  return it->second;
}

void ExportLinks::DropExpired(int64_t now_ms) {
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->second.expires_ms <= now_ms) {
      pending_.erase(it++);
    } else {
      ++it;
    }
  }
}

}  // namespace vigil::api
