#include "ingest/event_enricher.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <utility>

#include "core/canonical_json_paths.h"
#include "core/event_fields.h"
#include "enrich/catalog_registry.h"
#include "enrich/geo_locator.h"
#include "enrich/json_diff.h"
#include "enrich/lru_cache.h"
#include "enrich/user_agent_parser.h"

namespace vigil {
namespace {

// Entries of the two caches: about 6 MB for agents (a few hundred bytes
// each), 16 MB for addresses.
constexpr size_t kUserAgentCacheEntries = 16384;
constexpr size_t kGeoCacheEntries = 65536;

// "120.0.6099": the present parts, in order, up to the first absent one.
template <typename... Parts>
std::string DottedVersion(const Parts&... parts) {
  std::string out;
  bool open = true;
  auto add = [&](const std::optional<std::string>& p) {
    if (!open || !p || p->empty()) {
      open = false;
      return;
    }
    if (!out.empty()) out.push_back('.');
    out += *p;
  };
  (add(parts), ...);
  return out;
}

UserAgentSummary Summarize(const enrich::UserAgentInfo& info) {
  UserAgentSummary s;
  s.browser = info.ua.family;
  s.browser_version = DottedVersion(info.ua.major, info.ua.minor, info.ua.patch);
  s.os = info.os.family;
  s.os_version = DottedVersion(info.os.major, info.os.minor, info.os.patch, info.os.patch_minor);
  s.device_class = info.device_class.value_or("");
  s.device_brand = info.device.brand.value_or("");
  s.device_model = info.device.model.value_or("");
  s.engine = info.engine.value_or("");
  s.webview = info.webview.value_or("");
  return s;
}

}  // namespace

Result<EnricherOptions> EnricherOptions::FromSettings(std::string_view ua_regexes,
                                                      std::string_view geo_database,
                                                      std::string_view personal_metadata) {
  EnricherOptions o;
  ASSIGN_OR_RETURN(o.personal_metadata, ParsePersonalMetadata(personal_metadata));
  if (ua_regexes != "none") {
    o.ua_regexes = ua_regexes.empty() ? VIGIL_DEFAULT_UA_REGEXES : std::string(ua_regexes);
  }
  if (geo_database != "none") {
    o.geo_databases = geo_database.empty() ? enrich::DefaultGeoDatabases()
                                           : enrich::SplitGeoDatabaseList(geo_database);
  }
  return o;
}

Result<std::vector<std::string>> EnricherOptions::ParsePersonalMetadata(std::string_view list) {
  std::vector<std::string> out;
  while (!list.empty()) {
    const size_t comma = std::min(list.find(','), list.size());
    std::string_view item = list.substr(0, comma);
    list.remove_prefix(std::min(comma + 1, list.size()));
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.empty()) continue;
    std::string path = item.starts_with(kMetadataPathPrefix)
                           ? std::string(item)
                           : std::string(kMetadataPathPrefix) + std::string(item);
    if (!IsPersonalMetadataPath(path)) {
      return Status::InvalidArgument(fmt::format(
          "personal_metadata: '{}' is not a metadata path (keys of letters, digits, _ and - "
          "joined by '.', e.g. phone or address.street)",
          item));
    }
    out.push_back(std::move(path));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

EventEnricher::EventEnricher() = default;
EventEnricher::~EventEnricher() = default;

Result<std::unique_ptr<EventEnricher>> EventEnricher::Create(const EnricherOptions& options) {
  auto enricher = std::make_unique<EventEnricher>();
  if (!options.ua_regexes.empty()) {
    ASSIGN_OR_RETURN(enricher->ua_, enrich::UserAgentParser::Load(options.ua_regexes));
    enricher->ua_cache_ =
        std::make_unique<enrich::ShardedLruCache<UserAgentSummary>>(kUserAgentCacheEntries);
  }
  if (!options.geo_databases.empty()) {
    ASSIGN_OR_RETURN(enricher->geo_, enrich::GeoLocator::Open(options.geo_databases));
    enricher->geo_cache_ = std::make_unique<enrich::ShardedLruCache<GeoLocation>>(kGeoCacheEntries);
  }
  enricher->catalog_ = options.catalog;
  enricher->personal_metadata_ = options.personal_metadata;
  enricher->personal_metadata_relative_ = RelativeMetadataPaths(options.personal_metadata);
  return enricher;
}

Status EventEnricher::Enrich(Event* e) const {
  if (ua_ != nullptr && !e->context.user_agent.empty()) {
    e->ua = ua_cache_->GetOrCompute(
        e->context.user_agent, [this](std::string_view ua) { return Summarize(ua_->Parse(ua)); });
  }
  if (!e->context.ip.empty()) {
    e->geo = geo_ != nullptr
                 ? geo_cache_->GetOrCompute(
                       e->context.ip, [this](std::string_view ip) { return geo_->Locate(ip); })
                 : enrich::LabelAddress(e->context.ip);
  }
  if (catalog_ != nullptr) RETURN_IF_ERROR(ApplyCatalog(e));
  if (!personal_metadata_.empty() && !e->metadata_json.empty()) MarkPersonalMetadata(e);
  if (!e->changes_json.empty()) {
    Result<std::string> diff = enrich::DiffChanges(e->changes_json);
    // The parser wrote changes_json, so it always parses; a failure is a bug.
    if (!diff.ok()) return diff.status().WithPrefix("diff");
    e->diff_json = std::move(diff).value();
  }
  return Status::Ok();
}

void EventEnricher::MarkPersonalMetadata(Event* e) const {
  std::vector<std::string> present;
  for (size_t i = 0; i < personal_metadata_.size(); ++i) {
    if (CanonicalValueAt(e->metadata_json, personal_metadata_relative_[i])) {
      present.push_back(personal_metadata_[i]);
    }
  }
  e->seal.paths_json = MetadataPathsJson(present);
}

Status EventEnricher::ApplyCatalog(Event* e) const {
  const enrich::TenantCatalog tc = catalog_->ForTenant(e->tenant);
  const enrich::EventType* type = tc.catalog->Find(e->action);
  if (type == nullptr) {
    if (!tc.strict) return Status::Ok();
    return Status::InvalidArgument(
        fmt::format("action: \"{}\" is not in tenant {}'s event catalog \"{}\", and the tenant "
                    "is strict; use a listed action or add it (PUT /v1/catalog)",
                    e->action, e->tenant, tc.catalog->name()));
  }
  if (e->category.empty()) e->category = type->category;
  if (e->operation.empty()) e->operation = type->operation;
  if (tc.strict && type->metadata_schema != nullptr) {
    return enrich::EventCatalog::ValidateMetadata(
        *type, e->metadata_json.empty() ? std::string_view("{}") : e->metadata_json);
  }
  return Status::Ok();
}

}  // namespace vigil
