#include "store/facet_field.h"

#include <fmt/format.h>

#include <map>
#include <optional>

namespace vigil {

bool IsCountableField(StringField f) {
  switch (f) {
    case StringField::kDescription:
    case StringField::kChanges:
    case StringField::kDiff:
    case StringField::kMetadata:
    case StringField::kSealKey:
    case StringField::kSealPaths:
    case StringField::kSealRedacted:
      return false;
    default:
      return true;
  }
}

Result<FacetFieldSpec> ResolveFacetField(std::string_view name) {
  if (name == "status") return FacetFieldSpec{FacetFieldSpec::Kind::kStatus};
  if (name == "actor") return FacetFieldSpec{FacetFieldSpec::Kind::kActor};
  static const std::map<std::string_view, StringField> kAliases = {
      {"workspace", StringField::kWorkspaceId},
      {"target", StringField::kTargetId},
      {"method", StringField::kMethod},
      {"path", StringField::kPath},
      {"ip", StringField::kIp},
      {"country", StringField::kGeoCountry},
      {"user_agent", StringField::kUserAgent},
  };
  std::optional<StringField> f;
  if (auto it = kAliases.find(name); it != kAliases.end()) f = it->second;
  if (!f) f = StringFieldByName(name);
  if (!f || !IsCountableField(*f)) {
    return Status::InvalidArgument(fmt::format(
        "fields: cannot count values of '{}'; use a field such as action, actor, status, "
        "workspace, environment, category, operation, method, country, actor.role",
        name));
  }
  return FacetFieldSpec{FacetFieldSpec::Kind::kString, *f};
}

std::string_view FacetFieldValue(const FacetFieldSpec& spec, const Event& e) {
  switch (spec.kind) {
    case FacetFieldSpec::Kind::kStatus:
      return EventStatusName(e.status);
    case FacetFieldSpec::Kind::kActor:
      if (!e.actor.email.empty()) return e.actor.email;
      if (!e.actor.id.empty()) return e.actor.id;
      return e.actor.name;
    case FacetFieldSpec::Kind::kString:
      return GetField(e, spec.field);
  }
  return {};
}

}  // namespace vigil
