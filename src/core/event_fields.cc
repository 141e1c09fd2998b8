#include "core/event_fields.h"

#include <algorithm>
#include <array>

#include "core/ascii.h"
#include "core/canonical_json_paths.h"
#include "core/event_json.h"

namespace vigil {
namespace {

constexpr std::array<StringFieldInfo, kStringFieldCount> kFields = {{
    {StringField::kId, "id"},
    {StringField::kTenant, "tenant"},
    {StringField::kEnvironment, "environment"},
    {StringField::kWorkspaceId, "workspace.id"},
    {StringField::kWorkspaceName, "workspace.name"},
    {StringField::kAction, "action"},
    {StringField::kCategory, "category"},
    {StringField::kOperation, "operation"},
    {StringField::kActorId, "actor.id"},
    {StringField::kActorName, "actor.name"},
    {StringField::kActorEmail, "actor.email"},
    {StringField::kActorType, "actor.type"},
    {StringField::kActorRole, "actor.role"},
    {StringField::kActorStatus, "actor.status"},
    {StringField::kTargetType, "target.type"},
    {StringField::kTargetId, "target.id"},
    {StringField::kTargetName, "target.name"},
    {StringField::kTargetParentType, "target.parent.type"},
    {StringField::kTargetParentId, "target.parent.id"},
    {StringField::kTargetParentName, "target.parent.name"},
    {StringField::kIp, "context.ip"},
    {StringField::kUserAgent, "context.user_agent"},
    {StringField::kMethod, "context.method"},
    {StringField::kPath, "context.path"},
    {StringField::kRequestId, "context.request_id"},
    {StringField::kSessionId, "context.session_id"},
    {StringField::kDescription, "description"},
    {StringField::kChanges, "changes"},
    {StringField::kDiff, "diff"},
    {StringField::kMetadata, "metadata"},
    {StringField::kGeoCountry, "geo.country"},
    {StringField::kGeoRegion, "geo.region"},
    {StringField::kGeoCity, "geo.city"},
    {StringField::kGeoLabel, "geo.label"},
    {StringField::kUaBrowser, "ua.browser"},
    {StringField::kUaBrowserVersion, "ua.browser_version"},
    {StringField::kUaOs, "ua.os"},
    {StringField::kUaOsVersion, "ua.os_version"},
    {StringField::kUaDeviceClass, "ua.device.class"},
    {StringField::kUaDeviceBrand, "ua.device.brand"},
    {StringField::kUaDeviceModel, "ua.device.model"},
    {StringField::kUaEngine, "ua.engine"},
    {StringField::kUaWebview, "ua.webview"},
    {StringField::kSealKey, "seal.key"},
    {StringField::kSealPaths, "seal.paths"},
    {StringField::kSealRedacted, "seal.redacted"},
}};

}  // namespace

std::span<const StringFieldInfo> AllStringFields() { return kFields; }

std::string_view StringFieldName(StringField f) { return kFields[static_cast<size_t>(f)].name; }

std::optional<StringField> StringFieldByName(std::string_view name) {
  for (const StringFieldInfo& info : kFields) {
    if (info.name == name) return info.field;
  }
  return std::nullopt;
}

std::string* MutableField(Event* e, StringField f) {
  switch (f) {
    case StringField::kId:
      return &e->id;
    case StringField::kTenant:
      return &e->tenant;
    case StringField::kEnvironment:
      return &e->environment;
    case StringField::kWorkspaceId:
      return &e->workspace.id;
    case StringField::kWorkspaceName:
      return &e->workspace.name;
    case StringField::kAction:
      return &e->action;
    case StringField::kCategory:
      return &e->category;
    case StringField::kOperation:
      return &e->operation;
    case StringField::kActorId:
      return &e->actor.id;
    case StringField::kActorName:
      return &e->actor.name;
    case StringField::kActorEmail:
      return &e->actor.email;
    case StringField::kActorType:
      return &e->actor.type;
    case StringField::kActorRole:
      return &e->actor.role;
    case StringField::kActorStatus:
      return &e->actor.status;
    case StringField::kTargetType:
      return &e->target.type;
    case StringField::kTargetId:
      return &e->target.id;
    case StringField::kTargetName:
      return &e->target.name;
    case StringField::kTargetParentType:
      return &e->target.parent.type;
    case StringField::kTargetParentId:
      return &e->target.parent.id;
    case StringField::kTargetParentName:
      return &e->target.parent.name;
    case StringField::kIp:
      return &e->context.ip;
    case StringField::kUserAgent:
      return &e->context.user_agent;
    case StringField::kMethod:
      return &e->context.method;
    case StringField::kPath:
      return &e->context.path;
    case StringField::kRequestId:
      return &e->context.request_id;
    case StringField::kSessionId:
      return &e->context.session_id;
    case StringField::kDescription:
      return &e->description;
    case StringField::kChanges:
      return &e->changes_json;
    case StringField::kDiff:
      return &e->diff_json;
    case StringField::kMetadata:
      return &e->metadata_json;
    case StringField::kGeoCountry:
      return &e->geo.country;
    case StringField::kGeoRegion:
      return &e->geo.region;
    case StringField::kGeoCity:
      return &e->geo.city;
    case StringField::kGeoLabel:
      return &e->geo.label;
    case StringField::kUaBrowser:
      return &e->ua.browser;
    case StringField::kUaBrowserVersion:
      return &e->ua.browser_version;
    case StringField::kUaOs:
      return &e->ua.os;
    case StringField::kUaOsVersion:
      return &e->ua.os_version;
    case StringField::kUaDeviceClass:
      return &e->ua.device_class;
    case StringField::kUaDeviceBrand:
      return &e->ua.device_brand;
    case StringField::kUaDeviceModel:
      return &e->ua.device_model;
    case StringField::kUaEngine:
      return &e->ua.engine;
    case StringField::kUaWebview:
      return &e->ua.webview;
    case StringField::kSealKey:
      return &e->seal.key;
    case StringField::kSealPaths:
      return &e->seal.paths_json;
    case StringField::kSealRedacted:
      return &e->seal.redacted_json;
  }
  return nullptr;  // unreachable: every enumerator is handled above
}

std::string_view GetField(const Event& e, StringField f) {
  return *MutableField(const_cast<Event*>(&e), f);
}

namespace {

static_assert(std::is_sorted(kPersonalFields.begin(), kPersonalFields.end()),
              "kPersonalFields must be sorted: the sealed leaf lists them in this order");

// kPersonalFields[i]'s string storage; nullptr for geo.
std::string* PersonalString(Event* e, size_t i) {
  switch (i) {
    case 0:
      return &e->actor.email;
    case 1:
      return &e->actor.name;
    case 2:
      return &e->context.ip;
    case 3:
      return &e->context.user_agent;
    default:
      return nullptr;
  }
}

}  // namespace

bool AppendPersonalValue(const Event& e, size_t i, std::string* out) {
  if (const std::string* s = PersonalString(const_cast<Event*>(&e), i)) {
    out->append(*s);
    return !s->empty();
  }
  if (e.geo.empty()) return false;
  AppendGeoObject(e.geo, out);
  return true;
}

bool HasPersonalValue(const Event& e) {
  return !e.actor.email.empty() || !e.actor.name.empty() || !e.context.ip.empty() ||
         !e.context.user_agent.empty() || !e.geo.empty() || !e.seal.paths_json.empty();
}

bool IsPersonalMetadataPath(std::string_view p) {
  if (!p.starts_with(kMetadataPathPrefix)) return false;
  p.remove_prefix(kMetadataPathPrefix.size());
  bool segment_empty = true;
  for (char c : p) {
    if (c == '.') {
      if (segment_empty) return false;
      segment_empty = true;
    } else if (IsAsciiAlnum(c) || c == '_' || c == '-') {
      segment_empty = false;
    } else {
      return false;
    }
  }
  return !segment_empty;
}

std::vector<std::string> SealedMetadataPaths(const Event& e) {
  // Canonical text of paths without escapes: ["metadata.a","metadata.b"].
  std::vector<std::string> out;
  std::string_view s = e.seal.paths_json;
  while (true) {
    const size_t open = s.find('"');
    if (open == std::string_view::npos) break;
    const size_t close = s.find('"', open + 1);
    if (close == std::string_view::npos) break;
    out.emplace_back(s.substr(open + 1, close - open - 1));
    s.remove_prefix(close + 1);
  }
  return out;
}

std::vector<std::string> RelativeMetadataPaths(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  out.reserve(paths.size());
  for (const std::string& p : paths) out.push_back(p.substr(kMetadataPathPrefix.size()));
  return out;
}

std::string MetadataPathsJson(const std::vector<std::string>& paths) {
  if (paths.empty()) return {};
  std::string out = "[";
  for (size_t i = 0; i < paths.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += '"' + paths[i] + '"';
  }
  out.push_back(']');
  return out;
}

std::string MetadataWithout(const Event& e, const std::vector<std::string>& relative_paths) {
  std::string rest =
      WithoutCuts(e.metadata_json, CanonicalMemberCuts(e.metadata_json, relative_paths));
  return rest == "{}" ? std::string() : rest;
}

void ClearPersonalValue(Event* e, size_t i) {
  if (std::string* s = PersonalString(e, i)) {
    s->clear();
  } else {
    e->geo = GeoLocation{};
  }
}

}  // namespace vigil
