// FlavourCatalog: what `vigil gen` draws one product flavour's events from,
// read from the `gen:` sections of that product's event catalog
// (catalogs/<flavour>.yaml; the format is docs/catalog.md):
//  - the draw table (catalog.h CatalogEntry): one row per variant of an
//    event type, in file order, except that a variant with `draw_after: X`
//    comes right after X's own variants. The order matters: it decides which
//    event a given seed produces;
//  - the catalog's `gen:` mapping: the background service's name, the roles
//    members hold (most privileged first) and the fields the product's audit
//    emitter records (catalog.h FieldHabits).
//
// Immutable after Read; the string_views it hands out point into it and live
// as long as it does. Thread-safe for concurrent reads.
#pragma once

#include <deque>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "enrich/event_catalog.h"
#include "gen/catalog.h"

namespace vigil::gen {

class FlavourCatalog {
 public:
  // Reads the gen sections of a loaded catalog. InvalidArgument naming the
  // catalog's source, the entry's line and the member:
  //   lowcoder.yaml:41: events[7].gen[0].target: "ap" is not a resource kind (self, member, …)
  // Every event type needs at least one variant, and the catalog its `gen:`
  // mapping.
  static Result<std::unique_ptr<const FlavourCatalog>> Read(const enrich::EventCatalog& catalog);

  FlavourCatalog(const FlavourCatalog&) = delete;
  FlavourCatalog& operator=(const FlavourCatalog&) = delete;

  std::span<const CatalogEntry> entries() const { return entries_; }
  std::span<const std::string_view> roles() const { return roles_; }
  const FieldHabits& habits() const { return habits_; }
  std::string_view service_name() const { return service_name_; }

 private:
  FlavourCatalog() = default;
  friend class GenSectionReader;  // flavour_catalog.cc

  std::deque<std::string> strings_;  // what the views below point into (never relocated)
  std::vector<CatalogEntry> entries_;
  std::vector<std::string_view> roles_;
  FieldHabits habits_{};
  std::string_view service_name_;
};

// The names the YAML uses for the generator's enums ("data_source",
// "query_run", "user_or_api_key", …): lower-case snake_case of the
// enumerator without its k, and back. The *Named functions return false for
// an unknown name.
std::string_view ResourceKindName(ResourceKind k);
bool ResourceKindNamed(std::string_view name, ResourceKind* out);
std::string_view ChangeKindName(ChangeKind k);
bool ChangeKindNamed(std::string_view name, ChangeKind* out);
std::string_view MetadataKindName(MetadataKind k);
bool MetadataKindNamed(std::string_view name, MetadataKind* out);
std::string_view ActorMixName(ActorMix a);
bool ActorMixNamed(std::string_view name, ActorMix* out);

}  // namespace vigil::gen
