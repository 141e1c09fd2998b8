#include "gen/resource_directory.h"

#include <algorithm>

#include "core/json_writer.h"
#include "gen/id_format.h"
#include "gen/json_string.h"
#include "gen/split_mix64.h"

namespace vigil::gen {
namespace {

constexpr uint64_t kSaltResource = 0x454E54495459ULL;
constexpr uint64_t kSaltParent = 0x504152454E54ULL;

void AppendUint(uint64_t v, std::string* out) {
  char buf[24];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v > 0);
  while (n > 0) out->push_back(buf[--n]);
}

}  // namespace

void Resource::Clear() {
  type = {};
  type_json = {};
  id.clear();
  id_json.clear();
  name.clear();
  name_json.clear();
}

ResourceDirectory::ResourceDirectory() {
  for (size_t k = 0; k < type_json_.size(); ++k) {
    const ResourceKindInfo& info = InfoOf(static_cast<ResourceKind>(k));
    AppendJsonString(info.type, &type_json_[k]);
    for (std::string_view name : info.names) {
      name_json_[k].emplace_back();
      AppendJsonString(name, &name_json_[k].back());
    }
  }
}

uint32_t ResourceDirectory::Count(const Tenant& t, ResourceKind k) {
  return std::max<uint32_t>(1, InfoOf(k).per_tenant * t.scale_percent / 100);
}

void ResourceDirectory::Find(const Tenant& t, ResourceKind k, uint32_t index, Resource* out) const {
  const size_t kind = static_cast<size_t>(k);
  const ResourceKindInfo& info = InfoOf(k);
  out->Clear();
  out->type = info.type;
  out->type_json = type_json_[kind];
  AppendId(t.id_style, Hash(t.seed, kSaltResource, kind, index), &out->id);
  AppendQuoted(out->id, &out->id_json);
  if (info.names.empty()) return;
  // A per-tenant rotation of the pool keeps the first n names distinct.
  const size_t n = info.names.size();
  const size_t pick = (index + Hash(t.seed, kind)) % n;
  out->name.assign(info.names[pick]);
  out->name_json.assign(name_json_[kind][pick]);
  if (index >= n) {  // "Sales dashboard 2"
    out->name.push_back(' ');
    AppendUint(index / n + 1, &out->name);
    out->name_json.pop_back();
    out->name_json.push_back(' ');
    AppendUint(index / n + 1, &out->name_json);
    out->name_json.push_back('"');
  }
}

void ResourceDirectory::FindParent(const Tenant& t, ResourceKind k, uint32_t index,
                                   Resource* parent) const {
  const ResourceKind pk = InfoOf(k).parent;
  if (pk == ResourceKind::kNone) {
    parent->Clear();
    return;
  }
  const uint32_t pindex = static_cast<uint32_t>(
      Hash(t.seed, kSaltParent, static_cast<uint64_t>(k), index) % Count(t, pk));
  Find(t, pk, pindex, parent);
}

void ResourceDirectory::SetMember(const Member& m, Resource* out) {
  out->Clear();
  out->type = "user";
  out->type_json = "\"user\"";
  out->id.assign(m.id);
  out->id_json.assign(m.id_json);
  out->name.assign(m.name);
  out->name_json.assign(m.name_json);
}

}  // namespace vigil::gen
