// IdIndex: (tenant, id) → seq for every stored event, so a repeated id is
// acknowledged with the original seq instead of being stored twice, and
// Get(tenant, id) finds its event.
//
// Keys are kept as 64-bit hashes (16 bytes per event); the caller verifies a
// hit against the stored event, and a key whose hash is already taken by a
// different (tenant, id) is kept in full in a small exact map. The hash is
// per process (absl::Hash is seeded): the index is rebuilt on every open.
// Not thread-safe; the engine guards it.
#pragma once

#include <absl/container/flat_hash_map.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vigil {

class IdIndex {
 public:
  static uint64_t Hash(std::string_view tenant, std::string_view id);

  // The seq stored under this key's hash, if any (may be another key's: verify).
  std::optional<uint64_t> FindByHash(uint64_t hash) const;
  // The seq stored under the exact key in the collision map, if any.
  std::optional<uint64_t> FindExact(std::string_view tenant, std::string_view id) const;

  // Records key → seq. Precondition: the key is not stored yet (the caller
  // checked with FindByHash + verification + FindExact). When the hash slot
  // already holds another key, the key goes to the exact map.
  void Insert(uint64_t hash, std::string_view tenant, std::string_view id, uint64_t seq);

  size_t size() const { return by_hash_.size() + exact_.size(); }

 private:
  static std::string ExactKey(std::string_view tenant, std::string_view id);

  absl::flat_hash_map<uint64_t, uint64_t> by_hash_;
  absl::flat_hash_map<std::string, uint64_t> exact_;
};

}  // namespace vigil
