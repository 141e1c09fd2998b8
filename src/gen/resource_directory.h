// ResourceDirectory: the resources of every simulated tenant — a tenant's
// apps, flows, screens, data-source rows… — without storing them: resource
// `index` of a kind in a tenant has a stable id (in the tenant's id style), a
// name from the kind's pool and a parent, all derived from hashes. Holds the
// JSON forms of the pooled names, rendered once. Immutable after
// construction; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gen/resource_kind.h"
#include "gen/tenant.h"

namespace vigil::gen {

// One resource, in plain text (for descriptions, changes and paths) and as
// JSON text. Buffers are reused across events.
struct Resource {
  std::string_view type;
  std::string_view type_json;
  std::string id;
  std::string id_json;
  std::string name;
  std::string name_json;  // empty when the resource has no name

  void Clear();
  bool empty() const { return id.empty() && name.empty(); }
  // How a description names it: by name, else by id.
  std::string_view label() const { return name.empty() ? std::string_view(id) : name; }
};

class ResourceDirectory {
 public:
  ResourceDirectory();

  // How many resources of kind k tenant t has (at least 1; pooled kinds only).
  static uint32_t Count(const Tenant& t, ResourceKind k);

  // Resource `index` (< Count) of pooled kind k in tenant t.
  void Find(const Tenant& t, ResourceKind k, uint32_t index, Resource* out) const;
  // Its parent (cleared when the kind has none).
  void FindParent(const Tenant& t, ResourceKind k, uint32_t index, Resource* parent) const;

  // A member as a resource of type "user".
  static void SetMember(const Member& m, Resource* out);

  // InfoOf(k).type as JSON text.
  std::string_view TypeJson(ResourceKind k) const { return type_json_[static_cast<size_t>(k)]; }

 private:
  std::array<std::string, static_cast<size_t>(ResourceKind::kCount)> type_json_;
  std::array<std::vector<std::string>, static_cast<size_t>(ResourceKind::kCount)> name_json_;
};

}  // namespace vigil::gen
