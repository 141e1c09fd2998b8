#include "gen/flavour_catalog.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>

namespace vigil::gen {
namespace {

using Json = nlohmann::json;

// Indexed by the enumerators' values.
constexpr std::string_view kResourceKindNames[] = {
    // no target, then the actor itself and what surrounds it
    "none", "self", "member", "organization", "workspace", "session", "server",
    // resources
    "app", "folder", "query", "library_query", "group", "data_source", "flow", "template",
    "connector", "configuration", "acl_rule", "component", "screen", "screen_component", "add_on",
    "media_file", "media_folder", "data_source_entry", "api_token", "build", "push_notification",
    "email", "sms", "knowledge_base", "document", "api_key", "member_group", "system_user",
    "auth_config"};
static_assert(std::size(kResourceKindNames) == static_cast<size_t>(ResourceKind::kCount));

constexpr std::string_view kChangeKindNames[] = {
    "none",   "rename",     "settings",   "role",       "permissions", "members", "query",
    "config", "connection", "enabled",    "flow_state", "definition",  "value",   "slug",
    "entry",  "version",    "two_factor", "folder",     "layout"};
static_assert(std::size(kChangeKindNames) == static_cast<size_t>(ChangeKind::kLayout) + 1);

constexpr std::string_view kMetadataKindNames[] = {"request", "login",    "query_run", "flow",
                                                   "file",    "export",   "build",     "message",
                                                   "startup", "analytics"};
static_assert(std::size(kMetadataKindNames) == static_cast<size_t>(MetadataKind::kAnalytics) + 1);

constexpr std::string_view kActorMixNames[] = {"user",    "admin",  "user_or_api_key",
                                               "service", "system", "visitor"};
static_assert(std::size(kActorMixNames) == static_cast<size_t>(ActorMix::kVisitor) + 1);

// In FieldHabits member order.
constexpr std::string_view kHabitNames[] = {"user_agent",
                                            "session_id",
                                            "request_id",
                                            "duration",
                                            "user_actor_type",
                                            "actor_status",
                                            "production_environment",
                                            "success_status"};

constexpr std::string_view kVariantFields[] = {
    "target",   "method",  "path",  "weight",          "template", "changes",
    "metadata", "related", "actor", "error_per_mille", "category", "draw_after"};

constexpr std::string_view kMethods[] = {"GET", "POST", "PUT", "PATCH", "DELETE"};

template <typename E, size_t N>
bool Named(const std::string_view (&names)[N], std::string_view name, E* out) {
  const auto it = std::find(std::begin(names), std::end(names), name);
  if (it == std::end(names)) return false;
  *out = static_cast<E>(it - std::begin(names));
  return true;
}

template <size_t N>
std::string JoinNames(const std::string_view (&names)[N], size_t skip = 0) {
  std::string out;
  for (size_t i = skip; i < N; ++i) {
    if (!out.empty()) out += ", ";
    out += names[i];
  }
  return out;
}

}  // namespace

std::string_view ResourceKindName(ResourceKind k) {
  return kResourceKindNames[static_cast<size_t>(k)];
}
bool ResourceKindNamed(std::string_view name, ResourceKind* out) {
  return Named(kResourceKindNames, name, out);
}
std::string_view ChangeKindName(ChangeKind k) { return kChangeKindNames[static_cast<size_t>(k)]; }
bool ChangeKindNamed(std::string_view name, ChangeKind* out) {
  return Named(kChangeKindNames, name, out);
}
std::string_view MetadataKindName(MetadataKind k) {
  return kMetadataKindNames[static_cast<size_t>(k)];
}
bool MetadataKindNamed(std::string_view name, MetadataKind* out) {
  return Named(kMetadataKindNames, name, out);
}
std::string_view ActorMixName(ActorMix a) { return kActorMixNames[static_cast<size_t>(a)]; }
bool ActorMixNamed(std::string_view name, ActorMix* out) {
  return Named(kActorMixNames, name, out);
}

// Reads the gen sections of one catalog into a FlavourCatalog.
class GenSectionReader {
 public:
  explicit GenSectionReader(const enrich::EventCatalog& catalog) : catalog_(catalog) {}

  Result<std::unique_ptr<const FlavourCatalog>> Read() {
    out_.reset(new FlavourCatalog());
    RETURN_IF_ERROR(ReadCatalogSection());
    // Variants placed after another action's (draw_after), by that action.
    std::map<std::string, std::vector<CatalogEntry>, std::less<>> deferred;
    std::vector<std::vector<CatalogEntry>> in_place(catalog_.size());
    for (size_t i = 0; i < catalog_.size(); ++i) {
      const enrich::EventType& t = catalog_.types()[i];
      const std::string path = fmt::format("events[{}].gen", i);
      if (t.gen_json.empty()) return Fail(t.line, path, "required (the generator's variants)");
      const Json variants = Json::parse(t.gen_json);
      if (variants.empty()) return Fail(t.line, path, "must list at least one variant");
      for (size_t v = 0; v < variants.size(); ++v) {
        CatalogEntry e;
        std::string after;
        RETURN_IF_ERROR(ReadVariant(t, variants[v], fmt::format("{}[{}]", path, v), &e, &after));
        if (after.empty()) {
          in_place[i].push_back(e);
        } else {
          deferred[after].push_back(e);
        }
      }
    }
    for (size_t i = 0; i < catalog_.size(); ++i) {
      for (const CatalogEntry& e : in_place[i]) out_->entries_.push_back(e);
      if (auto it = deferred.find(catalog_.types()[i].action); it != deferred.end()) {
        for (const CatalogEntry& e : it->second) out_->entries_.push_back(e);
      }
    }
    return std::unique_ptr<const FlavourCatalog>(std::move(out_));
  }

 private:
  Status Fail(int line, std::string_view path, std::string_view problem) const {
    const std::string where =
        line > 0 ? fmt::format("{}:{}", catalog_.source(), line) : catalog_.source();
    return Status::InvalidArgument(fmt::format("{}: {}: {}", where, path, problem));
  }

  std::string_view Keep(std::string s) { return out_->strings_.emplace_back(std::move(s)); }

  Status ReadCatalogSection() {
    if (catalog_.gen_json().empty()) return Fail(0, "gen", "required (service, roles, fields)");
    const Json gen = Json::parse(catalog_.gen_json());
    for (const auto& [key, v] : gen.items()) {
      if (key != "service" && key != "roles" && key != "fields") {
        return Fail(0, "gen." + key, "unknown field (expected service, roles, fields)");
      }
    }
    if (!gen.contains("service") || !gen["service"].is_string() ||
        gen["service"].get_ref<const std::string&>().empty()) {
      return Fail(0, "gen.service", "required: the name of the product's background service");
    }
    out_->service_name_ = Keep(gen["service"].get<std::string>());
    const Json* roles = gen.contains("roles") ? &gen["roles"] : nullptr;
    if (roles == nullptr || !roles->is_array() || roles->size() < 4 ||
        !std::all_of(roles->begin(), roles->end(), [](const Json& r) { return r.is_string(); })) {
      return Fail(0, "gen.roles",
                  "required: at least 4 role names, most privileged first (owner, admin, …)");
    }
    for (const Json& r : *roles) out_->roles_.push_back(Keep(r.get<std::string>()));
    if (!gen.contains("fields") || !gen["fields"].is_array()) {
      return Fail(0, "gen.fields",
                  fmt::format("required: a list of the fields the product "
                              "records, of {}",
                              JoinNames(kHabitNames)));
    }
    bool* const flags[] = {&out_->habits_.user_agent,
                           &out_->habits_.session_id,
                           &out_->habits_.request_id,
                           &out_->habits_.duration,
                           &out_->habits_.user_actor_type,
                           &out_->habits_.actor_status,
                           &out_->habits_.production_environment,
                           &out_->habits_.success_status};
    static_assert(std::size(flags) == std::size(kHabitNames));
    const Json& fields = gen["fields"];
    for (size_t i = 0; i < fields.size(); ++i) {
      size_t index = 0;
      if (!fields[i].is_string() || !Named(kHabitNames, fields[i].get<std::string>(), &index)) {
        return Fail(0, fmt::format("gen.fields[{}]", i),
                    fmt::format("{} is not one of {}", fields[i].dump(), JoinNames(kHabitNames)));
      }
      *flags[index] = true;
    }
    return Status::Ok();
  }

  // One of the names of an enum; `fallback` when the member is absent.
  template <typename E, size_t N>
  Status ReadName(const Json& v, const char* key, const std::string_view (&names)[N], E fallback,
                  int line, const std::string& path, std::string_view what, E* out) const {
    *out = fallback;
    if (!v.contains(key)) return Status::Ok();
    const Json& name = v[key];
    if (!name.is_string() || !Named(names, name.get<std::string>(), out)) {
      return Fail(line, path + "." + key,
                  fmt::format("{} is not {} ({})", name.dump(), what, JoinNames(names)));
    }
    return Status::Ok();
  }

  Status ReadVariant(const enrich::EventType& t, const Json& v, const std::string& path,
                     CatalogEntry* e, std::string* draw_after) {
    const int line = t.line;
    for (const auto& [key, value] : v.items()) {
      if (std::find(std::begin(kVariantFields), std::end(kVariantFields), key) ==
          std::end(kVariantFields)) {
        return Fail(line, path + "." + key,
                    fmt::format("unknown field (expected {})", JoinNames(kVariantFields)));
      }
    }
    const auto text = [&](const char* key, bool required, std::string* out) -> Status {
      if (!v.contains(key)) {
        return required ? Fail(line, path + "." + key, "required") : Status::Ok();
      }
      if (!v[key].is_string()) return Fail(line, path + "." + key, "must be a string");
      *out = v[key].get<std::string>();
      return Status::Ok();
    };
    e->action = Keep(t.action);
    e->operation = Keep(t.operation);
    std::string category = t.category;
    RETURN_IF_ERROR(text("category", false, &category));
    e->category = Keep(category);

    if (!v.contains("target")) return Fail(line, path + ".target", "required");
    RETURN_IF_ERROR(ReadName(v, "target", kResourceKindNames, ResourceKind::kNone, line, path,
                             "a resource kind", &e->target));
    if (e->target == ResourceKind::kNone) {
      return Fail(line, path + ".target", "an event needs a target");
    }
    std::string method, path_template, description;
    RETURN_IF_ERROR(text("method", false, &method));
    RETURN_IF_ERROR(text("path", !method.empty(), &path_template));
    if (!method.empty() &&
        std::find(std::begin(kMethods), std::end(kMethods), method) == std::end(kMethods)) {
      return Fail(line, path + ".method",
                  fmt::format("{:?} is not one of {}", method, JoinNames(kMethods)));
    }
    if (method.empty() != path_template.empty() ||
        (!path_template.empty() && path_template[0] != '/')) {
      return Fail(line, path + ".path", "a request path starting with / goes with a method");
    }
    e->method = Keep(method);
    e->path = Keep(path_template);
    RETURN_IF_ERROR(text("template", true, &description));
    e->description = Keep(description);

    if (!v.contains("weight") || !v["weight"].is_number_unsigned() || v["weight"] == 0 ||
        v["weight"] > 65535) {
      return Fail(line, path + ".weight", "required: an integer from 1 to 65535");
    }
    e->weight = v["weight"].get<uint16_t>();
    e->error_per_mille = kReferenceErrorPerMille;
    if (v.contains("error_per_mille")) {
      if (!v["error_per_mille"].is_number_unsigned() || v["error_per_mille"] > 1000) {
        return Fail(line, path + ".error_per_mille", "must be an integer from 0 to 1000");
      }
      e->error_per_mille = v["error_per_mille"].get<uint16_t>();
    }
    RETURN_IF_ERROR(ReadName(v, "changes", kChangeKindNames, ChangeKind::kNone, line, path,
                             "a change kind", &e->changes));
    RETURN_IF_ERROR(ReadName(v, "metadata", kMetadataKindNames, MetadataKind::kRequest, line, path,
                             "a metadata kind", &e->metadata));
    RETURN_IF_ERROR(ReadName(v, "related", kResourceKindNames, ResourceKind::kNone, line, path,
                             "a resource kind", &e->related));
    RETURN_IF_ERROR(ReadName(v, "actor", kActorMixNames, ActorMix::kUser, line, path,
                             "an actor mix", &e->actor));
    RETURN_IF_ERROR(text("draw_after", false, draw_after));
    if (!draw_after->empty() && catalog_.Find(*draw_after) == nullptr) {
      return Fail(line, path + ".draw_after",
                  fmt::format("{:?} is not an action of this catalog", *draw_after));
    }
    return Status::Ok();
  }

  const enrich::EventCatalog& catalog_;
  std::unique_ptr<FlavourCatalog> out_;
};

Result<std::unique_ptr<const FlavourCatalog>> FlavourCatalog::Read(
    const enrich::EventCatalog& catalog) {
  return GenSectionReader(catalog).Read();
}

}  // namespace vigil::gen
