// CatalogRegistry: which event catalog each tenant uses, and whether the
// tenant is strict (docs/catalog.md "Tenants"). Every tenant starts on the
// default catalog, not strict; an admin moves a tenant to a shipped catalog
// or to its own catalog, and turns strict mode on:
//  - any tenant: events without category / operation get the catalog's;
//  - strict tenant: an action the catalog does not list is refused, and
//    metadata must match the action's JSON Schema when it has one.
//
// The settings persist in DIR/catalog/tenants.json, and a tenant's own
// catalog in DIR/catalog/<tenant>.json (the catalog's JSON form); each file
// is replaced atomically (written aside, fsynced, renamed, directory
// fsynced), so Set returns after the change is durable.
//
// Thread-safe: readers get an immutable snapshot (a shared_ptr) under a
// short lock; Set builds the next state and swaps it in.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "enrich/event_catalog.h"

namespace vigil::enrich {

struct TenantCatalog {
  // Never null; the default catalog is not reference-counted (it lives as
  // long as the registry), so do not keep it past the registry's life.
  std::shared_ptr<const EventCatalog> catalog;
  bool strict = false;
  bool custom = false;  // the tenant's own catalog rather than a shipped one
};

// A change to one tenant's settings; members left unset stay as they are.
struct TenantCatalogChange {
  std::optional<std::string> shipped;  // switch to this shipped catalog
  std::optional<EventCatalog> custom;  // or install this catalog as the tenant's own
  std::optional<bool> strict;
};

class CatalogRegistry {
 public:
  // Reads DIR/catalog (absent: every tenant on `default_catalog`, which must
  // name a shipped catalog). Errors name the file and the problem.
  static Result<std::unique_ptr<CatalogRegistry>> Open(const std::string& data_dir,
                                                       std::string_view default_catalog);
  // Without persistence (tests, `vigil ingest`'s defaults).
  static Result<std::unique_ptr<CatalogRegistry>> InMemory(std::string_view default_catalog);

  TenantCatalog ForTenant(std::string_view tenant) const;

  // Applies change to tenant and persists it; InvalidArgument naming the
  // member for an unknown shipped catalog or both shipped and custom.
  // Returns the tenant's new settings.
  Result<TenantCatalog> Set(std::string_view tenant, TenantCatalogChange change);

  // Every tenant with settings, each as one JSON text: {"strict":b,
  // "catalog":"<shipped name>"} or {"strict":b,"custom":{<the catalog>}}.
  // What nodes share (api/settings_sync.h); Apply takes it back.
  std::map<std::string, std::string> Export() const;
  // Sets tenant's settings to a text of Export's form, durably.
  // InvalidArgument naming what is wrong with the text.
  Status Apply(std::string_view tenant, std::string_view settings);

 private:
  struct State;
  CatalogRegistry() = default;
  Status Persist(std::string_view tenant, const State& next) const;

  std::string dir_;  // empty: in memory only
  std::shared_ptr<const EventCatalog> default_;
  mutable std::mutex mu_;
  std::shared_ptr<const State> state_;   // guarded by mu_
  std::atomic<bool> configured_{false};  // some tenant has settings: state_ must be read
  std::mutex write_mu_;                  // one Set at a time
};

}  // namespace vigil::enrich
