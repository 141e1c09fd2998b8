// EventEnricher: the enrich step of the ingest pipeline (DESIGN.md §4,
// docs/enrichment.md), between validating an event and sealing it:
//  - ua: context.user_agent parsed with uap-core's rules (cached);
//  - geo: context.ip located in the MMDB database, or labeled (private,
//    loopback, …, "unknown", "invalid") when it is not looked up;
//  - diff: the field-level diff of changes.before / changes.after;
//  - category / operation from the event catalog when the event has none,
//    and the catalog's checks (strict tenants, metadata schemas).
// Each part is optional: one that was not configured leaves its fields as
// they are. Immutable after construction; Enrich is thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/status.h"

namespace vigil {

namespace enrich {
class UserAgentParser;
class GeoLocator;
class CatalogRegistry;
template <typename Value>
class ShardedLruCache;
}  // namespace enrich

struct EnricherOptions {
  // uap-core's regexes.yaml; empty: no user-agent parsing.
  std::string ua_regexes;
  // MMDB files (IPv4 and IPv6 City databases); empty: addresses are only
  // labeled (private, loopback, …, "invalid"), never located.
  std::vector<std::string> geo_databases;
  // Each tenant's event catalog and strict mode; null: category and
  // operation are left as sent and no action is refused.
  std::shared_ptr<const enrich::CatalogRegistry> catalog;
  // Personal metadata paths ("metadata.phone", sorted): sealed like
  // actor.email when the event has a value there (docs/format/ledger.md
  // "Personal metadata").
  std::vector<std::string> personal_metadata;

  // The personal_metadata setting: comma-separated paths, each with or
  // without the "metadata." prefix; InvalidArgument naming a bad one.
  static Result<std::vector<std::string>> ParsePersonalMetadata(std::string_view list);

  // From the ua_regexes, geo_database and personal_metadata settings
  // (docs/configuration.md): empty names the files ./dev.sh installs, "none"
  // turns the part off, geo_database is a comma-separated list. The
  // catalog is the caller's to set. InvalidArgument for a bad metadata path.
  static Result<EnricherOptions> FromSettings(std::string_view ua_regexes,
                                              std::string_view geo_database,
                                              std::string_view personal_metadata = {});
};

class EventEnricher {
 public:
  // Loads the files named in options. Errors name the file and what is wrong.
  static Result<std::unique_ptr<EventEnricher>> Create(const EnricherOptions& options);
  // An enricher with no databases: labels addresses and diffs changes only.
  EventEnricher();
  ~EventEnricher();
  EventEnricher(const EventEnricher&) = delete;
  EventEnricher& operator=(const EventEnricher&) = delete;

  // Fills e's server-derived fields (ua, geo, diff; category and operation
  // when absent). InvalidArgument, naming the field, when the catalog
  // refuses the event (an unknown action for a strict tenant, metadata that
  // does not match the action's schema); e is then partly enriched and must
  // be dropped. Never fails for the other parts: a bad address or agent is
  // recorded in the event (geo.label "invalid", ua family "Other").
  Status Enrich(Event* e) const;

 private:
  Status ApplyCatalog(Event* e) const;
  // Lists in e->seal.paths_json the personal metadata paths e has values at.
  void MarkPersonalMetadata(Event* e) const;

  // The summaries and locations of recent agents and addresses: most of a
  // platform's traffic repeats them (docs/benchmarks.md "Enrichment").
  std::unique_ptr<enrich::UserAgentParser> ua_;
  std::unique_ptr<enrich::ShardedLruCache<UserAgentSummary>> ua_cache_;
  std::unique_ptr<enrich::GeoLocator> geo_;
  std::unique_ptr<enrich::ShardedLruCache<GeoLocation>> geo_cache_;
  std::shared_ptr<const enrich::CatalogRegistry> catalog_;
  std::vector<std::string> personal_metadata_;           // "metadata.phone", sorted
  std::vector<std::string> personal_metadata_relative_;  // "phone", same order
};

}  // namespace vigil
