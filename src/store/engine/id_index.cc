#include "store/engine/id_index.h"

#include <absl/hash/hash.h>

namespace vigil {

uint64_t IdIndex::Hash(std::string_view tenant, std::string_view id) {
  return absl::HashOf(tenant, id);
}

std::string IdIndex::ExactKey(std::string_view tenant, std::string_view id) {
  std::string key(tenant);
  key.push_back('\0');
  key.append(id);
  return key;
}

std::optional<uint64_t> IdIndex::FindByHash(uint64_t hash) const {
  auto it = by_hash_.find(hash);
  if (it == by_hash_.end()) return std::nullopt;
  return it->second;
}

std::optional<uint64_t> IdIndex::FindExact(std::string_view tenant, std::string_view id) const {
  if (exact_.empty()) return std::nullopt;
  auto it = exact_.find(ExactKey(tenant, id));
  if (it == exact_.end()) return std::nullopt;
  return it->second;
}

void IdIndex::Insert(uint64_t hash, std::string_view tenant, std::string_view id, uint64_t seq) {
  if (!by_hash_.emplace(hash, seq).second) exact_.emplace(ExactKey(tenant, id), seq);
}

}  // namespace vigil
